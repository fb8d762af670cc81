//! Beyond the book: a small network learns to tell apart the arms of a spiral (in the spirit
//! of ConvNetJS's classify2d demo), and we watch the regions it assigns to each class change
//! as it learns.
//!
//! Two inputs (a point's x and y), two hidden layers of ReLUs, one score per class. It is
//! built from `common::layers` (the layers chapter 5 explains), so here its gradient is just
//! "forward, then backward through each layer in reverse".

use ndarray::{Array1, Array2, ArrayD, Axis};
use rand::Rng;

use common::data::toy::ToyData;
use common::init::gaussian;
use common::layers::{Affine, Relu, SoftmaxWithLoss};
use common::{Layer, Net, Param, Targets};

// ANCHOR: mlp
/// 2 → hidden → hidden → classes: Affine, ReLU, Affine, ReLU, Affine, then softmax with
/// cross-entropy for the loss.
#[derive(Debug, Clone)]
pub struct Mlp2d {
    affine1: Affine<f64>,
    relu1: Relu<f64>,
    affine2: Affine<f64>,
    relu2: Relu<f64>,
    affine3: Affine<f64>,
    last: SoftmaxWithLoss<f64>,
}

impl Mlp2d {
    /// Random weights from N(0, 2/fan_in) (He initialisation, suited to ReLU; chapter 6
    /// explains why), zero biases.
    pub fn new(hidden: usize, classes: usize, rng: &mut impl Rng) -> Self {
        let mut affine = |fan_in: usize, fan_out: usize| {
            let w: Array2<f64> = gaussian(&[fan_in, fan_out], (2.0 / fan_in as f64).sqrt(), rng)
                .into_dimensionality()
                .expect("gaussian gives the shape asked for");
            Affine::new(w, Array1::zeros(fan_out))
        };
        Mlp2d {
            affine1: affine(2, hidden),
            relu1: Relu::new(),
            affine2: affine(hidden, hidden),
            relu2: Relu::new(),
            affine3: affine(hidden, classes),
            last: SoftmaxWithLoss::new(),
        }
    }

    /// The class scores of points x (N, 2).
    pub fn scores(&mut self, x: &ArrayD<f64>) -> ArrayD<f64> {
        let h1 = self.relu1.forward(&self.affine1.forward(x, false), false);
        let h2 = self.relu2.forward(&self.affine2.forward(&h1, false), false);
        self.affine3.forward(&h2, false)
    }
}

impl Net<f64> for Mlp2d {
    fn predict(&mut self, x: &ArrayD<f64>, _train: bool) -> ArrayD<f64> {
        self.scores(x)
    }

    fn loss(&mut self, x: &ArrayD<f64>, t: Targets<'_, f64>, _train: bool) -> f64 {
        let scores = self.scores(x);
        self.last.forward(&scores, t)
    }

    fn gradient(&mut self, x: &ArrayD<f64>, t: Targets<'_, f64>) -> f64 {
        let loss = self.loss(x, t, true);
        let dout = self.last.backward();
        let dout = self.affine3.backward(&dout);
        let dout = self.affine2.backward(&self.relu2.backward(&dout));
        self.affine1.backward(&self.relu1.backward(&dout));
        loss
    }

    fn params(&mut self) -> Vec<Param<'_, f64>> {
        let mut params = Vec::new();
        params.extend(self.affine1.params().into_iter().map(|p| p.numbered(1)));
        params.extend(self.affine2.params().into_iter().map(|p| p.numbered(2)));
        params.extend(self.affine3.params().into_iter().map(|p| p.numbered(3)));
        params
    }
}
// ANCHOR_END: mlp

/// How the spiral is learnt.
#[derive(Debug, Clone)]
pub struct Classify2dConfig {
    /// Units in each hidden layer.
    pub hidden: usize,
    /// Gradient steps, each on the whole dataset.
    pub steps: usize,
    /// The learning rate η.
    pub learning_rate: f64,
    /// The steps after which to report (a picture of the regions, say); 0 is before any.
    pub snapshots: Vec<usize>,
}

impl Default for Classify2dConfig {
    fn default() -> Self {
        Classify2dConfig {
            hidden: 32,
            steps: 5000,
            learning_rate: 0.1,
            snapshots: vec![0, 50, 100, 200, 1000, 5000],
        }
    }
}

/// The state of learning at a snapshot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snapshot {
    /// Steps taken so far.
    pub step: usize,
    /// The loss on the whole dataset.
    pub loss: f64,
    /// The fraction of points classified correctly.
    pub accuracy: f64,
}

// ANCHOR: learn_spiral
/// Gradient descent on the whole dataset at every step: W ← W − η·∂L/∂W. At each snapshot
/// step, `on_snapshot` sees the network (to draw what it has learnt so far).
pub fn learn(
    net: &mut Mlp2d,
    data: &ToyData,
    cfg: &Classify2dConfig,
    mut on_snapshot: impl FnMut(&Snapshot, &mut Mlp2d),
) -> Vec<Snapshot> {
    let x = data.x.clone().into_dyn();
    let t = Targets::Labels(data.labels.view());
    let mut snapshots = Vec::new();
    for step in 0..=cfg.steps {
        if cfg.snapshots.contains(&step) {
            let snapshot = Snapshot {
                step,
                loss: net.loss(&x, t, false),
                accuracy: net.accuracy(&x, t, data.len().max(1)),
            };
            on_snapshot(&snapshot, net);
            snapshots.push(snapshot);
        }
        if step == cfg.steps {
            break;
        }
        net.gradient(&x, t);
        for p in net.params() {
            p.value.scaled_add(-cfg.learning_rate, p.grad);
        }
    }
    snapshots
}
// ANCHOR_END: learn_spiral

/// The predicted class at each of `points`.
pub fn classes_at(net: &mut Mlp2d, points: &[(f64, f64)]) -> Vec<usize> {
    let x = Array2::from_shape_fn((points.len(), 2), |(i, j)| if j == 0 { points[i].0 } else { points[i].1 });
    let scores = net.scores(&x.into_dyn());
    scores.lanes(Axis(1)).into_iter().map(|row| common::functions::argmax(row.view())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::data::toy::spiral;
    use common::gradient::{max_abs_diff, numerical_gradient_by};
    use common::rng::seeded;

    #[test]
    fn the_layered_gradient_matches_the_numerical_one() {
        let mut rng = seeded(3);
        let data = spiral(5, 3, 0.2, &mut rng);
        let mut net = Mlp2d::new(4, 3, &mut rng);
        // Each arm starts at the origin, where a zero bias would put a ReLU exactly on its
        // kink (no derivative there): give the biases small random values.
        net.affine1.b = gaussian(&[4], 0.5, &mut rng);
        net.affine2.b = gaussian(&[4], 0.5, &mut rng);
        let x = data.x.clone().into_dyn();
        let t = Targets::Labels(data.labels.view());
        net.gradient(&x, t);
        let analytic: Vec<ArrayD<f64>> = net.params().iter().map(|p| p.grad.clone()).collect();
        for (i, analytic) in analytic.iter().enumerate() {
            let numerical = numerical_gradient_by(
                &mut net,
                |net| net.params().into_iter().nth(i).unwrap().value,
                |net| net.loss(&x, t, false),
            );
            let diff = max_abs_diff(analytic, &numerical);
            assert!(diff < 1e-6, "parameter {i}: max |backprop − numerical| = {diff:e}");
        }
    }

    #[test]
    fn the_network_learns_the_spiral() {
        let mut rng = seeded(42);
        let data = spiral(100, 3, 0.2, &mut rng);
        let mut net = Mlp2d::new(32, 3, &mut rng);
        let cfg = Classify2dConfig::default();
        let mut calls = 0;
        let snapshots = learn(&mut net, &data, &cfg, |_, _| calls += 1);
        assert_eq!(calls, cfg.snapshots.len());
        let (first, last) = (snapshots[0], *snapshots.last().unwrap());
        assert!(first.accuracy < 0.6, "{first:?}");
        assert!(last.accuracy > 0.95, "{last:?}");
        assert!(last.loss < first.loss / 5.0);
    }

    #[test]
    fn classes_at_answers_one_class_per_point() {
        let mut net = Mlp2d::new(8, 3, &mut seeded(1));
        let classes = classes_at(&mut net, &[(0.0, 0.0), (0.5, -0.5), (1.0, 1.0)]);
        assert_eq!(classes.len(), 3);
        assert!(classes.iter().all(|&c| c < 3));
    }
}
