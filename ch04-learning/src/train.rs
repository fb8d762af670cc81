//! Learning: mini-batch stochastic gradient descent, the book's `train_neuralnet.py`.
//!
//! The loop drives any [`Net`]: this chapter's two-layer network, and any later one.

use std::fmt;

use ndarray::ArrayD;
use rand::Rng;

use common::progress::Progress;
use common::{Float, Net, OwnedTargets};

use crate::loss::{mini_batch, random_choice};

// ANCHOR: train_config
/// The hyperparameters: numbers we choose, not numbers the network learns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    /// How many gradient steps.
    pub iters_num: usize,
    /// Examples per mini-batch.
    pub batch_size: usize,
    /// The learning rate η.
    pub learning_rate: f64,
    /// Measure train and test accuracy every this many steps (one epoch: the number of
    /// batches that make up the training set once).
    pub iter_per_epoch: usize,
}

impl TrainConfig {
    /// The book's choice: 10,000 steps, batches of 100, η = 0.1; an epoch is
    /// train_size / batch_size steps (600 for MNIST's 60,000 images).
    pub fn book(train_size: usize) -> Self {
        let batch_size = 100;
        TrainConfig {
            iters_num: 10_000,
            batch_size,
            learning_rate: 0.1,
            iter_per_epoch: (train_size / batch_size).max(1),
        }
    }
}
// ANCHOR_END: train_config

/// The data a net learns from and is tested on.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a, F> {
    /// Training inputs, one example per row (first axis).
    pub x_train: &'a ArrayD<F>,
    /// Training targets.
    pub t_train: &'a OwnedTargets<F>,
    /// Test inputs.
    pub x_test: &'a ArrayD<F>,
    /// Test targets.
    pub t_test: &'a OwnedTargets<F>,
}

/// Accuracy measured once an epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochRecord {
    /// How many steps had been taken.
    pub iteration: usize,
    /// Accuracy on the whole training set.
    pub train_acc: f64,
    /// Accuracy on the whole test set.
    pub test_acc: f64,
}

/// What a training run recorded.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The loss of each step's mini-batch (the book's `train_loss_list`).
    pub train_loss: Vec<f64>,
    /// The accuracies, once an epoch (`train_acc_list`, `test_acc_list`).
    pub epochs: Vec<EpochRecord>,
}

/// The loss stopped being a number: training cannot go on.
#[derive(Debug, Clone, PartialEq)]
pub struct Diverged {
    /// The step at which it happened.
    pub iteration: usize,
    /// The loss (NaN or ±∞).
    pub loss: f64,
    /// The learning rate in use.
    pub learning_rate: f64,
}

impl fmt::Display for Diverged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the loss became {} at iteration {}: training diverged. The learning rate ({:e}) is \
             probably too large, or the initial weights too big; try a smaller --lr.",
            self.loss, self.iteration, self.learning_rate
        )
    }
}

impl std::error::Error for Diverged {}

// ANCHOR: train
/// Mini-batch SGD: pick a random batch, compute the gradient of its loss, step the weights
/// downhill, repeat; once an epoch, measure accuracy on all training and test data
/// (and tell `on_epoch`). Stops with [`Diverged`] if the loss stops being finite.
pub fn train<F: Float, N: Net<F>>(
    net: &mut N,
    data: Split<'_, F>,
    cfg: &TrainConfig,
    rng: &mut impl Rng,
    mut on_epoch: impl FnMut(&EpochRecord),
) -> Result<History, Diverged> {
    let train_size = data.x_train.shape()[0];
    let lr = F::lit(cfg.learning_rate);
    let mut history = History::default();
    let mut progress = Progress::new(cfg.iters_num as u64, "training");

    for i in 0..cfg.iters_num {
        // 1. A mini-batch, chosen at random.
        let batch_mask = random_choice(train_size, cfg.batch_size, rng);
        let (x_batch, t_batch) = mini_batch(data.x_train, data.t_train.view(), &batch_mask);

        // 2. The gradient of the batch's loss (the loss comes with it).
        let loss = net.gradient(&x_batch, t_batch.view()).to_f64_lossy();
        if !loss.is_finite() {
            progress.finish();
            return Err(Diverged { iteration: i, loss, learning_rate: cfg.learning_rate });
        }
        history.train_loss.push(loss);

        // 3. One step downhill: W ← W − η·∂L/∂W, for every parameter.
        for p in net.params() {
            p.value.scaled_add(-lr, p.grad);
        }

        // 4. Once an epoch: how well does it do on all the data?
        if i % cfg.iter_per_epoch == 0 {
            let record = EpochRecord {
                iteration: i,
                train_acc: net.accuracy(data.x_train, data.t_train.view(), EVAL_BATCH),
                test_acc: net.accuracy(data.x_test, data.t_test.view(), EVAL_BATCH),
            };
            history.epochs.push(record);
            on_epoch(&record);
        }
        progress.inc(1);
        if i % 100 == 0 {
            progress.set_status(format!("loss {loss:.4}"));
        }
    }
    progress.finish();
    Ok(history)
}
// ANCHOR_END: train

/// Examples predicted at a time when measuring accuracy (bounds the memory it needs).
pub const EVAL_BATCH: usize = 10_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TwoLayerNet;
    use common::data::{LoadOptions, mnist_for_tests};
    use common::rng::seeded;

    #[test]
    fn a_few_hundred_steps_on_mnist_beat_85_percent() {
        let opts = LoadOptions { normalize: true, flatten: true, one_hot: true };
        let data = mnist_for_tests::<f32>(opts);
        let mut rng = seeded(1);
        let mut net = TwoLayerNet::<f32>::new(784, 50, 10, 0.01, &mut rng);
        let cfg = TrainConfig { iters_num: 1200, ..TrainConfig::book(60_000) };
        let split = Split {
            x_train: &data.x_train,
            t_train: &data.t_train,
            x_test: &data.x_test,
            t_test: &data.t_test,
        };
        let history = train(&mut net, split, &cfg, &mut rng, |_| {}).unwrap();
        assert_eq!(history.train_loss.len(), 1200);
        assert_eq!(history.epochs.iter().map(|r| r.iteration).collect::<Vec<_>>(), [0, 600]);
        let first = &history.epochs[0];
        assert!(first.test_acc < 0.3, "an untrained net guesses: {first:?}");
        let x_test = data.x_test.view().into_dimensionality().unwrap();
        let test_acc = net.accuracy(x_test, data.t_test.view());
        assert!(test_acc > 0.85, "test accuracy after 1200 steps: {test_acc}");
        let early: f64 = history.train_loss[..50].iter().sum::<f64>() / 50.0;
        let late: f64 = history.train_loss[1150..].iter().sum::<f64>() / 50.0;
        assert!(late < early / 3.0, "the loss falls: {early} → {late}");
    }

    /// A net whose loss turns NaN at its fourth step, as a diverging net's would.
    struct Diverging {
        steps: usize,
        w: ArrayD<f64>,
        g: ArrayD<f64>,
    }

    impl Net<f64> for Diverging {
        fn predict(&mut self, x: &ArrayD<f64>, _train: bool) -> ArrayD<f64> {
            ArrayD::zeros(vec![x.shape()[0], 2])
        }
        fn loss(&mut self, _x: &ArrayD<f64>, _t: common::Targets<'_, f64>, _train: bool) -> f64 {
            1.0
        }
        fn gradient(&mut self, _x: &ArrayD<f64>, _t: common::Targets<'_, f64>) -> f64 {
            self.steps += 1;
            if self.steps > 3 { f64::NAN } else { 1.0 }
        }
        fn params(&mut self) -> Vec<common::Param<'_, f64>> {
            vec![common::Param::new("W", &mut self.w, &self.g)]
        }
    }

    #[test]
    fn a_nan_loss_stops_training_with_a_message_naming_the_learning_rate() {
        let x = ArrayD::zeros(vec![20, 3]);
        let t = OwnedTargets::Labels((0..20).map(|i| i % 2).collect());
        let mut net = Diverging { steps: 0, w: ArrayD::zeros(vec![2]), g: ArrayD::zeros(vec![2]) };
        let cfg = TrainConfig { iters_num: 100, batch_size: 5, learning_rate: 50.0, iter_per_epoch: 4 };
        let split = Split { x_train: &x, t_train: &t, x_test: &x, t_test: &t };
        let err = train(&mut net, split, &cfg, &mut seeded(0), |_| {}).unwrap_err();
        assert_eq!(err.iteration, 3);
        let message = err.to_string();
        assert!(
            message.contains("NaN at iteration 3") && message.contains("learning rate (5e1)"),
            "{message}"
        );
    }
}
