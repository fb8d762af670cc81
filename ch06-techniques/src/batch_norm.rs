//! §6.3.2: training with and without batch normalisation, from 16 initial weight scales
//! between 1 and 0.0001 (the book's `batch_norm_test.py`).

use std::path::Path;

use anyhow::Result;
use common::data::Mnist;
use common::data::{TrainData, head};
use common::init::WeightInit;
use common::multi_layer_net::{MultiLayerNetConfig, MultiLayerNetExtend, MultiLayerNetExtendConfig};
use common::optimizer::Sgd;
use common::plot::{Panel, Series, SmallMultiples, small_multiples};
use common::rng::seeded;
use common::trainer::{TrainError, Trainer, TrainerConfig};

use crate::par::{SharedProgress, par_map};

/// The experiment's settings (the book's in [`Default`]).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Training images used (the first ones of MNIST): 1000.
    pub train_size: usize,
    /// Number of weight scales, spaced evenly in log scale from 1 down to 1e-4: 16.
    pub scales: usize,
    /// Epochs: 20.
    pub epochs: usize,
    /// Mini-batch size: 100.
    pub batch_size: usize,
    /// SGD learning rate: 0.01.
    pub lr: f64,
    /// Seed of weights and mini-batches.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            train_size: 1000,
            scales: 16,
            epochs: 20,
            batch_size: 100,
            lr: 0.01,
            seed: common::rng::DEFAULT_SEED,
        }
    }
}

/// Training accuracy per epoch of one network, and where it diverged if it did.
#[derive(Debug, Clone, Default)]
pub struct Curve {
    /// Training accuracy at epoch 0, 1, … (up to the divergence, if any).
    pub train_acc: Vec<f64>,
    /// The epoch and iteration at which the loss became NaN or infinite.
    pub diverged: Option<(usize, usize)>,
}

/// The outcome for one weight scale.
#[derive(Debug, Clone)]
pub struct Run {
    /// The standard deviation of the initial weights.
    pub scale: f64,
    /// Without batch normalisation.
    pub normal: Curve,
    /// With batch normalisation.
    pub bn: Curve,
}

/// `n` numbers from 10^start to 10^end, evenly spaced in log scale: `np.logspace`.
pub fn logspace(start: f64, end: f64, n: usize) -> Vec<f64> {
    (0..n).map(|i| 10f64.powf(start + (end - start) * i as f64 / (n.max(2) - 1) as f64)).collect()
}

// ANCHOR: bn_pair
/// Trains two 6-layer networks (5 × 100 hidden, ReLU) from weights of std `scale`, one
/// without batch normalisation and one with it, on the same mini-batches, and returns
/// their training accuracies after each epoch: (normal, with BN).
///
/// From large weights the plain network's activations grow layer by layer until the loss
/// overflows; that run stops there (the book's NumPy carries on with NaNs, at chance
/// accuracy).
pub fn train_pair(data: TrainData<'_, f32>, scale: f64, settings: &Settings) -> Result<(Curve, Curve)> {
    let mut curves = Vec::new();
    for use_batchnorm in [false, true] {
        let config = MultiLayerNetExtendConfig {
            base: MultiLayerNetConfig {
                hidden_size_list: vec![100; 5],
                weight_init: WeightInit::Std(scale),
                ..MultiLayerNetConfig::default()
            },
            use_batchnorm,
            dropout_ratio: None,
        };
        let mut net = MultiLayerNetExtend::<f32>::new(&config, &mut seeded(settings.seed))?;
        let trainer_config = TrainerConfig {
            epochs: settings.epochs,
            mini_batch_size: settings.batch_size,
            seed: settings.seed, // the same mini-batches for both networks
            progress: false,
            ..TrainerConfig::default()
        };
        let mut curve = Curve::default();
        let result = Trainer::new(trainer_config, Sgd::new(settings.lr as f32))
            .on_epoch(|e| curve.train_acc.push(e.train_acc))
            .train(&mut net, data);
        match result {
            Ok(_) => {}
            Err(TrainError::Diverged { iteration, epoch, .. }) => curve.diverged = Some((epoch, iteration)),
            Err(e) => return Err(e.into()),
        }
        curves.push(curve);
    }
    let bn = curves.pop().expect("two runs");
    Ok((curves.pop().expect("two runs"), bn))
}
// ANCHOR_END: bn_pair

/// Runs every weight scale (in parallel when the `parallel` feature is on).
pub fn run(data: &Mnist<f32>, settings: &Settings) -> Result<Vec<Run>> {
    let (x_train, t_train) = head(&data.x_train, data.t_train.view(), Some(settings.train_size));
    let (x_test, t_test) = head(&data.x_test, data.t_test.view(), Some(settings.train_size));
    let split =
        TrainData { x_train: &x_train, t_train: t_train.view(), x_test: &x_test, t_test: t_test.view() };
    let scales = logspace(0.0, -4.0, settings.scales);
    let progress = SharedProgress::new(scales.len(), "weight scales");
    let pairs = par_map(&scales, |&scale| {
        let pair = train_pair(split, scale, settings);
        progress.inc();
        pair
    });
    progress.finish();
    scales
        .iter()
        .zip(pairs)
        .map(|(&scale, pair)| pair.map(|(normal, bn)| Run { scale, normal, bn }))
        .collect()
}

/// The 4 × 4 grid of the book's figure 6-19.
pub fn draw(file: &Path, runs: &[Run]) -> Result<()> {
    let panels = runs
        .iter()
        .map(|run| {
            let panel = Panel::new(
                format!("W std {}", short(run.scale)),
                vec![
                    Series::from_values("Batch Normalization", &run.bn.train_acc),
                    Series::from_values("Normal (without BatchNorm)", &run.normal.train_acc).dashed(),
                ],
            );
            match (run.normal.diverged, run.bn.diverged) {
                (Some((epoch, _)), None) => panel.with_note(format!("normal diverged\nin epoch {epoch}")),
                (None, Some((epoch, _))) => panel.with_note(format!("BN diverged\nin epoch {epoch}")),
                (Some(_), Some(_)) => panel.with_note("both diverged"),
                (None, None) => panel,
            }
        })
        .collect();
    let fig = SmallMultiples {
        title: "Training accuracy with and without batch normalisation".into(),
        panels,
        cols: 4,
        y_range: Some((0.0, 1.0)),
        x_label: "epochs".into(),
        y_label: "accuracy".into(),
        legend: vec![("Batch Normalization".into(), false), ("Normal (without BatchNorm)".into(), true)],
        panel_size: Some((170, 140)), // four fill the book's column
        ..Default::default()
    };
    small_multiples(file, &fig)?;
    Ok(())
}

/// A weight scale in three significant digits: 1, 0.541, 0.000158.
pub fn short(scale: f64) -> String {
    let digits = (2 - scale.log10().floor() as i32).max(0) as usize;
    format!("{scale:.digits$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logspace_matches_numpy() {
        let s = logspace(0.0, -4.0, 16);
        assert_eq!(s.len(), 16);
        assert_eq!(s[0], 1.0);
        assert!((s[15] - 1e-4).abs() < 1e-18);
        assert!((s[1] - 0.541_169_526_546_463).abs() < 1e-12);
        assert_eq!(short(s[1]), "0.541");
        assert_eq!(short(1e-4), "0.000100");
    }

    #[test]
    fn batch_norm_learns_from_small_weights_where_the_plain_network_cannot() {
        let data = common::data::mnist_for_tests::<f32>(Default::default());
        let settings = Settings { epochs: 5, ..Settings::default() };
        let (x, t) = head(&data.x_train, data.t_train.view(), Some(1000));
        let split = TrainData { x_train: &x, t_train: t.view(), x_test: &x, t_test: t.view() };
        let (normal, bn) = train_pair(split, 0.01, &settings).unwrap();
        assert_eq!(normal.train_acc.len(), 6);
        assert!(*normal.train_acc.last().unwrap() < 0.2, "std 0.01 without BN is stuck: {normal:?}");
        assert!(*bn.train_acc.last().unwrap() > 0.5, "with BN it learns: {bn:?}");
        let (normal, bn) = train_pair(split, 1.0, &settings).unwrap();
        assert!(normal.diverged.is_some(), "std 1 without BN overflows: {normal:?}");
        assert!(bn.diverged.is_none(), "with BN it does not: {bn:?}");
    }
}
