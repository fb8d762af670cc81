//! Training SimpleConvNet on MNIST: the book's `train_convnet.py`, through the shared
//! [`Trainer`].

use std::time::Instant;

use common::data::TrainData;
use common::optimizer::OptimizerKind;
use common::trainer::{EpochReport, History, Sampling, TrainError, Trainer, TrainerConfig};

use common::Net;

// ANCHOR: train_settings
/// How to train: the book's `Trainer(network, x_train, t_train, x_test, t_test, epochs=20,
/// mini_batch_size=100, optimizer='Adam', optimizer_param={'lr': 0.001},
/// evaluate_sample_num_per_epoch=1000)`.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainSettings {
    /// Passes over the training data.
    pub epochs: usize,
    /// Images per mini-batch.
    pub mini_batch_size: usize,
    /// The update rule.
    pub optimizer: OptimizerKind,
    /// Its learning rate.
    pub lr: f64,
    /// After each epoch, accuracy is measured on the first this-many training and test images.
    pub evaluate_sample_num_per_epoch: usize,
    /// Seed of the mini-batch draws.
    pub seed: u64,
    /// Show a progress bar for each epoch (on a terminal).
    pub progress: bool,
    /// How mini-batches are drawn: a fresh shuffle each epoch, or (the book's Trainer) each
    /// batch drawn with replacement.
    pub sampling: Sampling,
    /// Shown beside the progress bar.
    pub label: String,
}

impl Default for TrainSettings {
    fn default() -> Self {
        TrainSettings {
            epochs: 20,
            mini_batch_size: 100,
            optimizer: OptimizerKind::Adam,
            lr: 0.001,
            evaluate_sample_num_per_epoch: 1000,
            seed: common::rng::DEFAULT_SEED,
            progress: true,
            sampling: Sampling::Shuffle,
            label: "SimpleConvNet".into(),
        }
    }
}
// ANCHOR_END: train_settings

/// What one training run left behind.
#[derive(Debug, Clone)]
pub struct TrainOutcome {
    /// Loss per iteration, accuracies per epoch (epoch 0: before training).
    pub history: History,
    /// Accuracy on the whole test set after the last epoch.
    pub final_test_acc: f64,
    /// Seconds each epoch took (its updates and its evaluation).
    pub epoch_seconds: Vec<f64>,
}

/// Images per forward pass when scoring accuracy during training.
pub const EVAL_BATCH: usize = 500;

// ANCHOR: train
/// Trains `net` on `data` as `settings` say. `on_epoch` sees every evaluation (epoch 0 is
/// the untrained network) with the seconds since the previous one.
pub fn train<N: Net<f32> + ?Sized>(
    net: &mut N,
    data: TrainData<'_, f32>,
    settings: &TrainSettings,
    mut on_epoch: impl FnMut(&EpochReport, f64),
) -> Result<TrainOutcome, TrainError> {
    let config = TrainerConfig {
        epochs: settings.epochs,
        mini_batch_size: settings.mini_batch_size,
        evaluate_sample_num_per_epoch: Some(settings.evaluate_sample_num_per_epoch),
        evaluate_at_start: true,
        final_test: true,
        eval_batch_size: EVAL_BATCH, // memory stays bounded: never im2col of the whole set at once
        sampling: settings.sampling,
        seed: settings.seed,
        progress: settings.progress,
        verbose: false, // the caller prints, with the time each epoch took
        label: settings.label.clone(),
    };
    let optimizer = settings.optimizer.build::<f32>(settings.lr);
    let mut epoch_seconds = Vec::new();
    let mut clock = Instant::now();
    let history = Trainer::new(config, optimizer)
        .on_epoch(|report| {
            let seconds = clock.elapsed().as_secs_f64();
            clock = Instant::now();
            if report.epoch > 0 {
                epoch_seconds.push(seconds);
            }
            on_epoch(report, seconds);
        })
        .train(net, data)?;
    let final_test_acc = history.final_test_acc.expect("final_test was asked for");
    Ok(TrainOutcome { history, final_test_acc, epoch_seconds })
}
// ANCHOR_END: train

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SimpleConvNet, SimpleConvNetConfig};
    use common::data::LoadOptions;
    use common::data::head;
    use common::rng::seeded;

    /// The reduced real-MNIST run CI trains: 1 epoch on the first 10,000 training images
    /// (100 Adam steps of 100), scored on the whole test set.
    #[test]
    fn simple_conv_net_learns_mnist_in_one_short_epoch() {
        let opts = LoadOptions { flatten: false, ..LoadOptions::default() };
        let mnist = common::data::mnist_for_tests::<f32>(opts);
        let (x_train, t_train) = head(&mnist.x_train, mnist.t_train.view(), Some(10_000));
        let data = TrainData {
            x_train: &x_train,
            t_train: t_train.view(),
            x_test: &mnist.x_test,
            t_test: mnist.t_test.view(),
        };
        let settings = TrainSettings { epochs: 1, progress: false, ..TrainSettings::default() };
        let mut net = SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(42)).unwrap();
        let mut seen = Vec::new();
        let outcome = train(&mut net, data, &settings, |r, _| seen.push(r.epoch)).unwrap();
        assert_eq!(seen, [0, 1]);
        assert_eq!(outcome.history.train_loss_list.len(), 100);
        assert_eq!(outcome.epoch_seconds.len(), 1);
        let first = outcome.history.train_loss_list[0];
        assert!((first - 10f64.ln()).abs() < 0.05, "the untrained loss is ln 10: {first}");
        let acc = outcome.final_test_acc;
        eprintln!("test accuracy after one epoch on 10,000 images: {acc}");
        assert!(acc > 0.88, "test accuracy after 100 steps on 10,000 images: {acc}");
    }
}
