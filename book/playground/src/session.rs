//! One training run on 2-D points: the data, a [`MultiLayerNet`] from `common`, its optimizer,
//! and the mini-batch loop of chapter 4, one step at a time so the page can draw in between.

use common::data::toy::{self, ToyData};
use common::init::WeightInit;
use common::multi_layer_net::{Activation, MultiLayerNet, MultiLayerNetConfig};
use common::optimizer::Optimizer;
use common::rng::{Rng, seeded};
use common::{Net, Targets};
use ndarray::{Array1, Array2, ArrayD, Axis};
use rand::Rng as _;

use crate::settings::{DatasetKind, Settings};

/// How many generated points each dataset has.
pub const POINTS: usize = 200;
/// The square the page shows: [−EXTENT, EXTENT]² (the points lie roughly in [−1, 1]²).
pub const EXTENT: f32 = 1.25;

/// Why a run cannot go on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    #[error("there are no points to learn: click on the plot to add some")]
    NoPoints,
    #[error(
        "the loss became {0} after {1} steps: the learning rate is probably too large \
         (the steps overshoot and the weights blow up); lower it and press Reset"
    )]
    Diverged(String, u64),
    #[error("a clicked point's class must be below {classes} for this dataset (got {class})")]
    BadClass { class: usize, classes: usize },
    #[error("a clicked point must be a finite position")]
    BadPoint,
}

/// Loss and accuracy over all points, after some number of steps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Mini-batch updates done so far.
    pub steps: u64,
    /// The loss L on all points (cross-entropy + weight decay).
    pub loss: f32,
    /// The fraction of points classified correctly.
    pub accuracy: f32,
}

// ANCHOR: session
/// A training run: points, network, optimizer, and the random generator that draws the
/// mini-batches.
pub struct Session {
    settings: Settings,
    /// All points, (N, 2): the generated ones, then the clicked ones.
    x: Array2<f32>,
    /// Their classes, (N,).
    labels: Array1<usize>,
    net: MultiLayerNet<f32>,
    optimizer: Box<dyn Optimizer<f32> + Send>,
    rng: Rng,
    steps: u64,
    diverged: bool,
}
// ANCHOR_END: session

/// The generated points of a dataset, drawn from `rng`.
pub fn generate(kind: DatasetKind, rng: &mut Rng) -> ToyData {
    match kind {
        DatasetKind::Circle => toy::circle(POINTS, 0.03, rng),
        DatasetKind::Xor => toy::xor(POINTS, 0.0, rng),
        DatasetKind::Blobs => toy::blobs(POINTS, 3, 0.15, rng),
        DatasetKind::Spiral => toy::spiral(POINTS / 3, 3, 0.15, rng),
        DatasetKind::Empty => ToyData { x: Array2::zeros((0, 2)), labels: Array1::zeros(0), classes: 3 },
    }
}

impl Session {
    // ANCHOR: session_new
    /// A fresh run: the dataset drawn from the seed, then the clicked points `extra`
    /// (x, y, class), and a network with new initial weights (He for ReLU, Xavier otherwise).
    pub fn new(settings: &Settings, extra: &[(f32, f32, usize)]) -> Result<Session, TrainError> {
        let mut rng = seeded(settings.seed);
        let data = generate(settings.dataset, &mut rng);
        let classes = settings.dataset.classes();
        let mut points: Vec<(f32, f32, usize)> = data
            .x
            .rows()
            .into_iter()
            .zip(&data.labels)
            .map(|(p, &k)| (p[0] as f32, p[1] as f32, k))
            .collect();
        for &(px, py, k) in extra {
            check_point(px, py, k, classes)?;
            points.push((px, py, k));
        }
        let config = MultiLayerNetConfig {
            input_size: 2,
            hidden_size_list: settings.hidden.clone(),
            output_size: classes,
            activation: settings.activation,
            weight_init: match settings.activation {
                Activation::Relu => WeightInit::He,
                Activation::Sigmoid | Activation::Tanh => WeightInit::Xavier,
            },
            weight_decay_lambda: settings.weight_decay,
        };
        // Settings::parse has checked every size and λ, so the net can always be built.
        let net = MultiLayerNet::new(&config, &mut rng).expect("settings were checked");
        let mut session = Session {
            settings: settings.clone(),
            x: Array2::zeros((0, 2)),
            labels: Array1::zeros(0),
            net,
            optimizer: settings.optimizer.build(settings.lr),
            rng,
            steps: 0,
            diverged: false,
        };
        session.set_points(&points);
        Ok(session)
    }
    // ANCHOR_END: session_new

    fn set_points(&mut self, points: &[(f32, f32, usize)]) {
        self.x =
            Array2::from_shape_fn((points.len(), 2), |(i, j)| if j == 0 { points[i].0 } else { points[i].1 });
        self.labels = points.iter().map(|p| p.2).collect();
    }

    /// The settings this run started with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The points as (x, y, class).
    pub fn points(&self) -> Vec<(f32, f32, usize)> {
        self.x.rows().into_iter().zip(&self.labels).map(|(p, &k)| (p[0], p[1], k)).collect()
    }

    /// Adds a point; the run goes on with it (the network is not reset).
    pub fn add_point(&mut self, px: f32, py: f32, class: usize) -> Result<(), TrainError> {
        check_point(px, py, class, self.classes())?;
        let mut points = self.points();
        points.push((px, py, class));
        self.set_points(&points);
        Ok(())
    }

    /// How many classes the network tells apart.
    pub fn classes(&self) -> usize {
        self.settings.dataset.classes()
    }

    // ANCHOR: step
    /// One step of mini-batch gradient descent: draw `batch_size` points at random, compute the
    /// gradient of the loss by backprop, let the optimizer update the weights.
    pub fn step(&mut self) -> Result<f32, TrainError> {
        let n = self.labels.len();
        if n == 0 {
            return Err(TrainError::NoPoints);
        }
        if self.diverged {
            return Err(TrainError::Diverged("not a number".into(), self.steps));
        }
        let batch: Vec<usize> = (0..self.settings.batch_size).map(|_| self.rng.random_range(0..n)).collect();
        let x_batch = self.x.select(Axis(0), &batch).into_dyn(); // (B, 2)
        let t_batch: Array1<usize> = batch.iter().map(|&i| self.labels[i]).collect(); // (B,)
        let loss = self.net.gradient(&x_batch, Targets::Labels(t_batch.view()));
        self.optimizer.update(self.net.params());
        self.steps += 1;
        if !loss.is_finite() {
            self.diverged = true;
            let what = if loss.is_nan() { "not a number" } else { "infinite" };
            return Err(TrainError::Diverged(what.into(), self.steps));
        }
        Ok(loss)
    }
    // ANCHOR_END: step

    /// `count` steps, stopping at the first problem.
    pub fn train(&mut self, count: usize) -> Result<(), TrainError> {
        for _ in 0..count {
            self.step()?;
        }
        Ok(())
    }

    /// Loss and accuracy on all points, now.
    pub fn progress(&mut self) -> Progress {
        if self.labels.is_empty() {
            return Progress { steps: self.steps, loss: f32::NAN, accuracy: f32::NAN };
        }
        let x = self.x.clone().into_dyn();
        let t = Targets::Labels(self.labels.view());
        let loss = self.net.loss(&x, t, false);
        let accuracy = self.net.accuracy(&x, t, self.labels.len()) as f32;
        Progress { steps: self.steps, loss, accuracy }
    }

    // ANCHOR: regions
    /// The decision regions: the class probabilities at the centre of each cell of a
    /// `resolution`×`resolution` grid over the shown square, row by row from the top
    /// (y = +EXTENT) down, `classes` numbers a cell.
    pub fn regions(&mut self, resolution: usize) -> Vec<f32> {
        let cell = 2.0 * EXTENT / resolution as f32;
        let grid = ArrayD::from_shape_fn(ndarray::IxDyn(&[resolution * resolution, 2]), |i| {
            let (row, col) = (i[0] / resolution, i[0] % resolution);
            if i[1] == 0 { -EXTENT + (col as f32 + 0.5) * cell } else { EXTENT - (row as f32 + 0.5) * cell }
        });
        let scores = self.net.predict(&grid, false); // (R², classes)
        let probabilities = common::functions::softmax(&common::linalg::flatten_rows(&scores));
        probabilities.iter().copied().collect()
    }
    // ANCHOR_END: regions
}

fn check_point(px: f32, py: f32, class: usize, classes: usize) -> Result<(), TrainError> {
    if !(px.is_finite() && py.is_finite()) {
        return Err(TrainError::BadPoint);
    }
    if class >= classes {
        return Err(TrainError::BadClass { class, classes });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trained(text: &str, steps: usize) -> Session {
        let settings = Settings::default().parse(text).unwrap();
        let mut session = Session::new(&settings, &[]).unwrap();
        session.train(steps).unwrap();
        session
    }

    #[test]
    fn xor_trains_to_full_accuracy_with_the_pages_default_settings() {
        // The settings the browser test uses: XOR, 2 → 8 → 8 → 2 ReLU, SGD η = 0.1, batch 10.
        let mut session = trained("dataset=xor", 3000);
        let p = session.progress();
        assert_eq!(p.steps, 3000);
        assert_eq!(p.accuracy, 1.0, "loss {}", p.loss);
        assert!(p.loss < 0.1, "loss {}", p.loss);
    }

    #[test]
    fn xor_is_not_learned_without_a_hidden_layer() {
        let mut session = trained("dataset=xor\nhidden=", 3000);
        let p = session.progress();
        assert!(p.accuracy < 0.7, "a line cannot separate XOR, yet accuracy is {}", p.accuracy);
    }

    #[test]
    fn weight_decay_keeps_the_weights_small_and_still_learns_the_spiral() {
        let base = "dataset=spiral\nhidden=32, 32\noptimizer=adam\nlr=0.01";
        let squares = |s: &mut Session| -> f32 {
            let weights = s.net.params().into_iter().filter(|p| p.name.starts_with('W'));
            weights.map(|p| p.value.iter().map(|w| w * w).sum::<f32>()).sum()
        };
        let mut plain = trained(base, 3000);
        let mut decayed = trained(&format!("{base}\ndecay=0.01"), 3000);
        let (a, b) = (squares(&mut plain), squares(&mut decayed));
        assert!(b < 0.5 * a, "Σ W² with λ = 0.01: {b}, without: {a}");
        let accuracy = decayed.progress().accuracy;
        assert!(accuracy > 0.8, "accuracy with λ = 0.01: {accuracy}");
    }

    #[test]
    fn every_dataset_activation_and_optimizer_learns_something() {
        for dataset in ["circle", "xor", "blobs", "spiral"] {
            for (activation, optimizer, lr) in
                [("relu", "momentum", "0.05"), ("tanh", "adagrad", "0.1"), ("sigmoid", "adam", "0.02")]
            {
                let text =
                    format!("dataset={dataset}\nactivation={activation}\noptimizer={optimizer}\nlr={lr}");
                let mut session = trained(&text, 1500);
                let p = session.progress();
                let chance = 1.0 / session.classes() as f32;
                assert!(p.accuracy > chance + 0.2, "{text}: accuracy {}", p.accuracy);
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_run() {
        let a = trained("dataset=spiral", 200).progress();
        let b = trained("dataset=spiral", 200).progress();
        let c = trained("dataset=spiral\nseed=1", 200).progress();
        assert_eq!(a, b);
        assert_ne!(a.loss, c.loss);
    }

    #[test]
    fn a_huge_learning_rate_stops_with_a_message_about_it() {
        let settings = Settings::default().parse("lr=1e30").unwrap();
        let mut session = Session::new(&settings, &[]).unwrap();
        let err = session.train(100).unwrap_err();
        assert!(err.to_string().contains("learning rate is probably too large"), "{err}");
        assert!(session.step().is_err(), "a diverged run stays stopped");
    }

    #[test]
    fn clicked_points_join_the_data_and_bad_ones_are_refused() {
        let settings = Settings::default().parse("dataset=empty").unwrap();
        let mut session = Session::new(&settings, &[(0.5, 0.5, 0)]).unwrap();
        session.add_point(-0.5, -0.5, 2).unwrap();
        assert_eq!(session.points(), [(0.5, 0.5, 0), (-0.5, -0.5, 2)]);
        assert!(session.add_point(0.0, 0.0, 3).is_err());
        assert!(session.add_point(f32::NAN, 0.0, 0).is_err());
        session.train(300).unwrap();
        assert_eq!(session.progress().accuracy, 1.0);
        let empty = Settings::default().parse("dataset=empty").unwrap();
        assert_eq!(Session::new(&empty, &[]).unwrap().step(), Err(TrainError::NoPoints));
    }

    #[test]
    fn regions_give_one_probability_per_class_and_cell_summing_to_one() {
        let mut session = trained("dataset=blobs", 500);
        let regions = session.regions(10);
        assert_eq!(regions.len(), 10 * 10 * 3);
        for cell in regions.chunks(3) {
            assert!((cell.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        }
    }
}
