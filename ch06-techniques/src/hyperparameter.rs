//! §6.5: a random search for the learning rate and the weight decay, scored on validation
//! data (the book's `hyperparameter_optimization.py`).

use std::path::Path;

use anyhow::Result;
use common::data::Mnist;
use common::data::{TrainData, mini_batch};
use common::multi_layer_net::{MultiLayerNet, MultiLayerNetConfig};
use common::optimizer::Sgd;
use common::plot::{Panel, Series, SmallMultiples, small_multiples};
use common::rng::seeded;
use common::trainer::{Trainer, TrainerConfig};
use rand::Rng;
use rand::seq::SliceRandom;

use crate::par::{SharedProgress, par_map};

/// The search's settings (the book's in [`Default`]).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Training images used (the first ones of MNIST): 500.
    pub total: usize,
    /// The share of them held out for validation: 0.2.
    pub validation_rate: f64,
    /// Random trials: 100.
    pub trials: usize,
    /// Epochs per trial: 50.
    pub epochs: usize,
    /// Mini-batch size: 100.
    pub batch_size: usize,
    /// log₁₀ of the learning rate is drawn uniformly from this range: (−6, −2).
    pub lr_exponents: (f64, f64),
    /// log₁₀ of the weight decay is drawn uniformly from this range: (−8, −4).
    pub weight_decay_exponents: (f64, f64),
    /// How many of the best trials to show: 20.
    pub show: usize,
    /// Seed of the split, the draws, the weights and the mini-batches.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            total: 500,
            validation_rate: 0.2,
            trials: 100,
            epochs: 50,
            batch_size: 100,
            lr_exponents: (-6.0, -2.0),
            weight_decay_exponents: (-8.0, -4.0),
            show: 20,
            seed: common::rng::DEFAULT_SEED,
        }
    }
}

/// One trial: its hyperparameters and how it went.
#[derive(Debug, Clone)]
pub struct Trial {
    /// The learning rate.
    pub lr: f64,
    /// The weight decay λ.
    pub weight_decay: f64,
    /// Validation accuracy at epoch 0, 1, …
    pub val_acc_list: Vec<f64>,
    /// Training accuracy at the same moments.
    pub train_acc_list: Vec<f64>,
}

impl Trial {
    /// The validation accuracy after the last epoch: what the trials are ranked by.
    pub fn final_val_acc(&self) -> f64 {
        self.val_acc_list.last().copied().unwrap_or(0.0)
    }

    /// The book's key: `lr:0.0076…, weight decay:1.2e-06`.
    pub fn key(&self) -> String {
        format!("lr:{:.3e}, weight decay:{:.3e}", self.lr, self.weight_decay)
    }
}

/// Some examples and their targets.
pub type Examples = (ndarray::ArrayD<f32>, common::OwnedTargets<f32>);

// ANCHOR: split
/// The first `total` training images, shuffled, with the first `validation_rate` of them
/// held out: (training part, validation part). The test data stays untouched: it is for
/// the very end, not for choosing hyperparameters.
pub fn split_validation(data: &Mnist<f32>, settings: &Settings) -> (Examples, Examples) {
    let total = settings.total.min(data.t_train.view().len());
    let mut order: Vec<usize> = (0..total).collect();
    order.shuffle(&mut seeded(settings.seed));
    let validation_num = (total as f64 * settings.validation_rate) as usize;
    let (val, train) = order.split_at(validation_num);
    (
        mini_batch(&data.x_train, data.t_train.view(), train),
        mini_batch(&data.x_train, data.t_train.view(), val),
    )
}
// ANCHOR_END: split

// ANCHOR: sample
/// The hyperparameters of every trial, drawn uniformly in log scale: 10^U(−6, −2) for the
/// learning rate, 10^U(−8, −4) for the weight decay.
pub fn sample_hyperparameters(settings: &Settings) -> Vec<(f64, f64)> {
    let mut rng = seeded(settings.seed.wrapping_add(1));
    let (lr_lo, lr_hi) = settings.lr_exponents;
    let (wd_lo, wd_hi) = settings.weight_decay_exponents;
    (0..settings.trials)
        .map(|_| {
            let weight_decay = 10f64.powf(rng.random_range(wd_lo..wd_hi));
            let lr = 10f64.powf(rng.random_range(lr_lo..lr_hi));
            (lr, weight_decay)
        })
        .collect()
}
// ANCHOR_END: sample

// ANCHOR: trial
/// One trial: the 7-layer network (6 × 100 hidden, ReLU, He weights) with weight decay
/// `weight_decay`, trained by SGD at rate `lr`, scored on the validation data every epoch.
pub fn run_trial(
    split: TrainData<'_, f32>,
    lr: f64,
    weight_decay: f64,
    seed: u64,
    epochs: usize,
    batch_size: usize,
) -> Result<Trial> {
    let config = MultiLayerNetConfig {
        hidden_size_list: vec![100; 6],
        weight_decay_lambda: weight_decay,
        ..MultiLayerNetConfig::default()
    };
    let mut net = MultiLayerNet::<f32>::new(&config, &mut seeded(seed))?;
    let trainer_config = TrainerConfig {
        epochs,
        mini_batch_size: batch_size,
        seed,
        progress: false,
        ..TrainerConfig::default()
    };
    let history = Trainer::new(trainer_config, Sgd::new(lr as f32)).train(&mut net, split)?;
    Ok(Trial {
        lr,
        weight_decay,
        val_acc_list: history.test_acc_list,
        train_acc_list: history.train_acc_list,
    })
}
// ANCHOR_END: trial

/// Runs every trial (in parallel when the `parallel` feature is on), in the order drawn.
pub fn run(data: &Mnist<f32>, settings: &Settings) -> Result<Vec<Trial>> {
    let ((x_train, t_train), (x_val, t_val)) = split_validation(data, settings);
    let split =
        TrainData { x_train: &x_train, t_train: t_train.view(), x_test: &x_val, t_test: t_val.view() };
    let draws: Vec<(usize, (f64, f64))> = sample_hyperparameters(settings).into_iter().enumerate().collect();
    let progress = SharedProgress::new(draws.len(), "trials");
    let trials = par_map(&draws, |&(i, (lr, weight_decay))| {
        let seed = settings.seed.wrapping_add(100 + i as u64);
        let trial = run_trial(split, lr, weight_decay, seed, settings.epochs, settings.batch_size);
        progress.inc();
        trial
    });
    progress.finish();
    trials.into_iter().collect()
}

/// The trials sorted by final validation accuracy, best first.
pub fn ranked(trials: &[Trial]) -> Vec<&Trial> {
    let mut ranked: Vec<&Trial> = trials.iter().collect();
    ranked.sort_by(|a, b| b.final_val_acc().total_cmp(&a.final_val_acc()));
    ranked
}

/// The best trials' curves in a grid of 4 columns: validation accuracy solid, training
/// accuracy dashed.
pub fn draw(file: &Path, trials: &[Trial], settings: &Settings) -> Result<()> {
    let panels = ranked(trials)
        .into_iter()
        .take(settings.show)
        .enumerate()
        .map(|(i, t)| {
            let series = vec![
                Series::from_values("validation", &t.val_acc_list),
                Series::from_values("train", &t.train_acc_list).dashed(),
            ];
            Panel::new(format!("Best-{}", i + 1), series)
                .with_note(format!("lr {:.1e}, λ {:.0e}", t.lr, t.weight_decay))
        })
        .collect();
    let fig = SmallMultiples {
        title: format!("The best {} of {} random trials", settings.show.min(trials.len()), trials.len()),
        panels,
        cols: 4,
        y_range: Some((0.0, 1.0)),
        x_label: "epochs".into(),
        y_label: "accuracy".into(),
        legend: vec![("validation".into(), false), ("train".into(), true)],
        panel_size: Some((170, 130)), // four fill the book's column
        ..Default::default()
    };
    small_multiples(file, &fig)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperparameters_are_drawn_uniformly_in_log_scale() {
        let settings = Settings { trials: 2000, ..Settings::default() };
        let draws = sample_hyperparameters(&settings);
        assert!(draws.iter().all(|&(lr, wd)| (1e-6..1e-2).contains(&lr) && (1e-8..1e-4).contains(&wd)));
        // Uniform in the exponent: about a quarter of the rates in each decade.
        let below_1e_5 = draws.iter().filter(|d| d.0 < 1e-5).count() as f64 / 2000.0;
        assert!((below_1e_5 - 0.25).abs() < 0.04, "{below_1e_5}");
    }

    #[test]
    fn a_good_learning_rate_beats_a_tiny_one_on_validation_data() {
        let data = common::data::mnist_for_tests::<f32>(Default::default());
        let settings = Settings::default();
        let ((x, t), (xv, tv)) = split_validation(&data, &settings);
        assert_eq!((t.view().len(), tv.view().len()), (400, 100));
        let split = TrainData { x_train: &x, t_train: t.view(), x_test: &xv, t_test: tv.view() };
        let good = run_trial(split, 1e-2, 1e-6, 1, 30, 100).unwrap();
        let tiny = run_trial(split, 1e-6, 1e-6, 1, 30, 100).unwrap();
        assert_eq!(good.val_acc_list.len(), 31);
        let (good, tiny) = (good.final_val_acc(), tiny.final_val_acc());
        assert!(good > 0.5 && tiny < 0.3, "{good} vs {tiny}");
    }
}
