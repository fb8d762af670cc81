//! §6.1.8 and §6.2.4: loss per iteration on MNIST for several networks trained side by
//! side on the same mini-batches: one per update rule (`optimizer-mnist`), or one per
//! initial weight scale (`init-mnist`).

use std::path::Path;

use anyhow::Result;
use common::data::Mnist;
use common::data::{mini_batch, random_choice};
use common::init::WeightInit;
use common::multi_layer_net::{MultiLayerNet, MultiLayerNetConfig};
use common::optimizer::Optimizer;
use common::optimizer::OptimizerKind;
use common::plot::{LineChart, Series, line_chart};
use common::rng::seeded;
use common::trainer::TrainError;
use common::{Float as _, Net};

use crate::par::{SharedProgress, par_map};

/// One network of a comparison, and how it learns.
#[derive(Debug, Clone)]
pub struct CurveSpec {
    /// Its name in the printout and the legend.
    pub label: String,
    /// The network.
    pub net: MultiLayerNetConfig,
    /// The update rule.
    pub optimizer: OptimizerKind,
    /// Its learning rate.
    pub lr: f64,
}

/// How long and on what the networks of a comparison train.
#[derive(Debug, Clone)]
pub struct CurveSettings {
    /// Mini-batch updates (the book: 2000).
    pub iterations: usize,
    /// Examples per mini-batch (the book: 128).
    pub batch_size: usize,
    /// Print the losses every this many iterations (the book: 100).
    pub print_every: usize,
    /// Seed of the initial weights and of the mini-batch draws.
    pub seed: u64,
}

impl Default for CurveSettings {
    fn default() -> Self {
        CurveSettings { iterations: 2000, batch_size: 128, print_every: 100, seed: common::rng::DEFAULT_SEED }
    }
}

/// What a comparison produced.
#[derive(Debug, Clone)]
pub struct Curves {
    /// The networks' names, in order.
    pub labels: Vec<String>,
    /// For each network, the loss of every mini-batch (before its update).
    pub losses: Vec<Vec<f64>>,
    /// The iterations the losses were printed at.
    pub printed_at: Vec<usize>,
    /// For each network, the loss printed at those iterations: the book's
    /// `network.loss(x_batch, t_batch)` just after the update.
    pub printed: Vec<Vec<f64>>,
}

// ANCHOR: optimizer_specs
/// The book's `optimizer_compare_mnist.py`: a 5-layer ReLU network (4 × 100 hidden units,
/// He initial weights) for each rule, with the book's default learning rates.
pub fn optimizer_specs() -> Vec<CurveSpec> {
    [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::AdaGrad, OptimizerKind::Adam]
        .into_iter()
        .map(|kind| CurveSpec {
            label: kind.name().to_string(),
            net: MultiLayerNetConfig::default(),
            optimizer: kind,
            lr: kind.default_lr(),
        })
        .collect()
}
// ANCHOR_END: optimizer_specs

// ANCHOR: init_specs
/// The book's `weight_init_compare.py`: the same network with std 0.01, Xavier and He
/// initial weights, all trained by SGD with learning rate 0.01.
pub fn init_specs() -> Vec<CurveSpec> {
    [WeightInit::Std(0.01), WeightInit::Xavier, WeightInit::He]
        .into_iter()
        .map(|init| CurveSpec {
            label: init.to_string(),
            net: MultiLayerNetConfig { weight_init: init, ..MultiLayerNetConfig::default() },
            optimizer: OptimizerKind::Sgd,
            lr: 0.01,
        })
        .collect()
}
// ANCHOR_END: init_specs

// ANCHOR: train_curve
/// Trains one network for `settings.iterations` mini-batches drawn as the book draws them
/// (`np.random.choice`, from a generator every network of the comparison seeds alike, so
/// all see the same batches) and returns its losses and printed losses.
fn train_curve(
    data: &Mnist<f32>,
    spec: &CurveSpec,
    settings: &CurveSettings,
) -> Result<(Vec<f64>, Vec<f64>)> {
    let mut net = MultiLayerNet::<f32>::new(&spec.net, &mut seeded(settings.seed))?;
    let mut optimizer = spec.optimizer.build::<f32>(spec.lr);
    let mut batches = seeded(settings.seed.wrapping_add(1));
    let n = data.x_train.shape()[0];
    let (mut losses, mut printed) = (Vec::with_capacity(settings.iterations), Vec::new());
    for i in 0..settings.iterations {
        let batch_mask = random_choice(n, settings.batch_size, &mut batches);
        let (x_batch, t_batch) = mini_batch(&data.x_train, data.t_train.view(), &batch_mask);
        let loss = net.gradient(&x_batch, t_batch.view()).to_f64_lossy();
        if !loss.is_finite() {
            return Err(TrainError::Diverged { iteration: i, epoch: 1, loss }.into());
        }
        optimizer.update(net.params());
        losses.push(loss);
        if i % settings.print_every.max(1) == 0 {
            printed.push(net.loss(&x_batch, t_batch.view(), false).to_f64_lossy());
        }
    }
    Ok((losses, printed))
}
// ANCHOR_END: train_curve

/// Trains every network of the comparison (in parallel when the `parallel` feature is on).
pub fn compare(data: &Mnist<f32>, specs: &[CurveSpec], settings: &CurveSettings) -> Result<Curves> {
    let progress = SharedProgress::new(specs.len(), "networks");
    let runs = par_map(specs, |spec| {
        let run = train_curve(data, spec, settings);
        progress.inc();
        run
    });
    progress.finish();
    let mut curves = Curves {
        labels: specs.iter().map(|s| s.label.clone()).collect(),
        losses: Vec::new(),
        printed_at: (0..settings.iterations).step_by(settings.print_every.max(1)).collect(),
        printed: Vec::new(),
    };
    for (spec, run) in specs.iter().zip(runs) {
        let (losses, printed) = run.map_err(|e| e.context(format!("training with {}", spec.label)))?;
        curves.losses.push(losses);
        curves.printed.push(printed);
    }
    Ok(curves)
}

// ANCHOR: smooth_curve
/// The book's `smooth_curve`: a moving average with an 11-point Kaiser window (β = 2), the
/// ends padded by reflection, so that the noise of single mini-batches does not hide the
/// trend.
pub fn smooth_curve(x: &[f64]) -> Vec<f64> {
    const WINDOW: usize = 11;
    if x.len() < WINDOW {
        return x.to_vec();
    }
    let weights: Vec<f64> = (0..WINDOW).map(|k| kaiser(k, WINDOW, 2.0)).collect();
    let total: f64 = weights.iter().sum();
    // s = x[WINDOW-1:0:-1] ++ x ++ x[-1:-WINDOW:-1]
    let mut s: Vec<f64> = x[1..WINDOW].iter().rev().copied().collect();
    s.extend_from_slice(x);
    s.extend(x[x.len() - (WINDOW - 1)..].iter().rev());
    let valid: Vec<f64> =
        s.windows(WINDOW).map(|w| w.iter().zip(&weights).map(|(v, k)| v * k).sum::<f64>() / total).collect();
    valid[5..valid.len() - 5].to_vec()
}

/// The k-th of n weights of a Kaiser window: I₀(β·√(1 − (2k/(n−1) − 1)²)) / I₀(β).
fn kaiser(k: usize, n: usize, beta: f64) -> f64 {
    let r = 2.0 * k as f64 / (n - 1) as f64 - 1.0;
    bessel_i0(beta * (1.0 - r * r).max(0.0).sqrt()) / bessel_i0(beta)
}

/// The modified Bessel function I₀(x) = Σₖ ((x/2)ᵏ / k!)².
fn bessel_i0(x: f64) -> f64 {
    let (mut sum, mut term) = (1.0, 1.0);
    for k in 1..50 {
        term *= (x / 2.0) / k as f64;
        sum += term * term;
    }
    sum
}
// ANCHOR_END: smooth_curve

/// Draws the smoothed loss curves of a comparison.
pub fn draw(file: &Path, curves: &Curves, title: &str, y_max: f64) -> Result<()> {
    let series = curves
        .labels
        .iter()
        .zip(&curves.losses)
        .map(|(label, losses)| {
            // Points above the top are left out (the line enters from the top edge),
            // rather than drawn flat along it.
            let points = smooth_curve(losses).into_iter().enumerate().map(|(i, v)| (i as f64, v));
            Series::new(label.clone(), points.filter(|&(_, v)| v <= y_max).collect())
        })
        .collect();
    let chart = LineChart {
        title: title.into(),
        x_label: "iterations".into(),
        y_label: "loss".into(),
        series,
        x_range: Some((0.0, curves.losses.first().map_or(1, Vec::len) as f64)),
        y_range: Some((0.0, y_max)),
        size: Some((640, 420)),
        ..Default::default()
    };
    line_chart(file, &chart)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smooth_curve_keeps_the_length_and_flattens_noise() {
        let noisy: Vec<f64> = (0..200).map(|i| 1.0 + if i % 2 == 0 { 0.5 } else { -0.5 }).collect();
        let smooth = smooth_curve(&noisy);
        assert_eq!(smooth.len(), noisy.len());
        assert!(smooth[20..180].iter().all(|v| (v - 1.0).abs() < 0.1), "{:?}", &smooth[20..30]);
        let line: Vec<f64> = (0..50).map(|i| i as f64).collect();
        assert!((smooth_curve(&line)[25] - 25.0).abs() < 1e-9, "a straight line stays put");
    }

    #[test]
    fn kaiser_window_matches_numpy() {
        // np.kaiser(11, 2) = [0.43867628 0.61139435 0.767675 0.89216143 0.9723298 1. …]
        let w: Vec<f64> = (0..11).map(|k| kaiser(k, 11, 2.0)).collect();
        for (found, expected) in w.iter().zip([0.43867628, 0.61139435, 0.767675, 0.89216143, 0.9723298, 1.0])
        {
            assert!((found - expected).abs() < 1e-8, "{w:?}");
        }
        assert!((w[10] - w[0]).abs() < 1e-15, "symmetric");
    }

    #[test]
    fn smooth_curve_matches_the_books_numpy_code() {
        // x = [i*i % 7 for i in range(20)]; smooth_curve(x) in NumPy starts
        // [2.16482702, 2.05108522, 1.96952159] and ends [2.47361233, 2.5709116].
        let x: Vec<f64> = (0..20).map(|i| ((i * i) % 7) as f64).collect();
        let y = smooth_curve(&x);
        assert_eq!(y.len(), 20);
        for (found, expected) in [y[0], y[1], y[2], y[18], y[19]]
            .iter()
            .zip([2.16482702, 2.05108522, 1.96952159, 2.47361233, 2.5709116])
        {
            assert!((found - expected).abs() < 1e-7, "{y:?}");
        }
    }

    #[test]
    fn optimizers_on_real_mnist_lower_the_loss_and_adaptive_ones_beat_sgd() {
        let data = common::data::mnist_for_tests::<f32>(Default::default());
        let settings = CurveSettings { iterations: 200, print_every: 100, ..Default::default() };
        let curves = compare(&data, &optimizer_specs(), &settings).unwrap();
        let last = |k: usize| curves.losses[k][150..].iter().sum::<f64>() / 50.0;
        assert_eq!(curves.printed_at, [0, 100]);
        for k in 0..4 {
            assert!(last(k) < curves.losses[k][0], "{}: the loss falls", curves.labels[k]);
        }
        assert!(last(2) < last(0) && last(3) < last(0), "AdaGrad and Adam beat SGD after 200 steps");
    }

    #[test]
    fn std_0_01_weights_do_not_learn_in_200_steps_but_he_weights_do() {
        let data = common::data::mnist_for_tests::<f32>(Default::default());
        let settings = CurveSettings { iterations: 200, ..Default::default() };
        let curves = compare(&data, &init_specs(), &settings).unwrap();
        let last = |k: usize| curves.losses[k][180..].iter().sum::<f64>() / 20.0;
        assert!((last(0) - 2.30).abs() < 0.01, "std=0.01 stays at ln 10 ≈ 2.30: {}", last(0));
        assert!(last(2) < 1.0, "He learns: {}", last(2));
    }
}
