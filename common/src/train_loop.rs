//! Learning, the book's way: mini-batch stochastic gradient descent as the Python book's
//! `train_neuralnet.py` writes it, in numbered steps. Chapters 3, 4 and 5 train with it
//! (chapter 4 with numerical gradients in mind, chapter 5 with backpropagation); chapters 6
//! and 7 use the [`crate::trainer::Trainer`], which adds optimizers and epochs.

use rand::Rng;

use crate::data::{TrainData, mini_batch, random_choice};
use crate::progress::Progress;
use crate::{Float, Net};

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

/// What a training run recorded: the book's `train_loss_list`, `train_acc_list`,
/// `test_acc_list`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// The loss of each step's mini-batch.
    pub train_loss: Vec<f64>,
    /// The accuracies, once an epoch (the first before any step).
    pub epochs: Vec<EpochRecord>,
}

/// Training that cannot start or cannot go on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    #[error(
        "training diverged: the loss became {loss} at iteration {iteration} (epoch {epoch}). The likely cause is a \
         learning rate that is too large (try one ten times smaller), or initial weights that are badly \
         scaled (use He for ReLU, Xavier for sigmoid and tanh)"
    )]
    Diverged { iteration: usize, epoch: usize, loss: f64 },
    #[error("there is no training data")]
    NoData,
    #[error("the mini-batch size must be at least 1")]
    ZeroBatch,
    #[error("{what}: {inputs} inputs but {targets} targets")]
    Mismatch { what: &'static str, inputs: usize, targets: usize },
    #[error(
        "training ended no better than chance: test accuracy {accuracy:.4}, where always answering the \
         commonest class scores {chance:.4}. The learning rate is probably too large (the weights blew up \
         into a constant answer) or far too small; the parameters were not saved"
    )]
    NoBetterThanChance { accuracy: f64, chance: f64 },
}

/// The accuracy of always answering the most common of `labels`: what a network that learned
/// nothing scores at best.
pub fn chance_level(labels: &[usize]) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for &k in labels {
        *counts.entry(k).or_insert(0usize) += 1;
    }
    counts.values().max().map_or(0.0, |&most| most as f64 / labels.len() as f64)
}

/// A training run must end better than chance: a test accuracy above [`chance_level`] by a
/// margin (a tenth of the distance to 1), or [`TrainError::NoBetterThanChance`].
pub fn check_better_than_chance(accuracy: f64, labels: &[usize]) -> Result<(), TrainError> {
    let chance = chance_level(labels);
    if accuracy > chance + (1.0 - chance) / 10.0 {
        Ok(())
    } else {
        Err(TrainError::NoBetterThanChance { accuracy, chance })
    }
}

/// Examples predicted at a time when measuring accuracy (bounds the memory it needs).
pub const EVAL_BATCH: usize = 1000;

// ANCHOR: train
/// Mini-batch SGD: pick a random batch, compute the gradient of its loss, step the weights
/// downhill, repeat; once an epoch, measure accuracy on all training and test data (and
/// tell `on_epoch`). Stops with [`TrainError::Diverged`] if the loss stops being finite.
pub fn train<F: Float, N: Net<F> + ?Sized>(
    net: &mut N,
    data: TrainData<'_, F>,
    cfg: &TrainConfig,
    rng: &mut impl Rng,
    mut on_epoch: impl FnMut(&EpochRecord),
) -> Result<History, TrainError> {
    let train_size = check(&data, cfg.batch_size)?;
    let lr = F::lit(cfg.learning_rate);
    let mut history = History::default();
    let mut progress = Progress::new(cfg.iters_num as u64, "training");

    for i in 0..cfg.iters_num {
        // 1. A mini-batch, chosen at random.
        let batch_mask = random_choice(train_size, cfg.batch_size, rng);
        let (x_batch, t_batch) = mini_batch(data.x_train, data.t_train, &batch_mask);

        // 2. The gradient of the batch's loss (the loss comes with it).
        let loss = net.gradient(&x_batch, t_batch.view()).to_f64_lossy();
        if !loss.is_finite() {
            progress.finish();
            let epoch = i / cfg.iter_per_epoch.max(1) + 1;
            return Err(TrainError::Diverged { iteration: i, epoch, loss });
        }
        history.train_loss.push(loss);

        // 3. One step downhill: W ← W − η·∂L/∂W, for every parameter.
        for p in net.params() {
            p.value.scaled_add(-lr, p.grad);
        }

        // 4. Once an epoch: how well does it do on all the data?
        if i % cfg.iter_per_epoch.max(1) == 0 {
            let record = EpochRecord {
                iteration: i,
                train_acc: net.accuracy(data.x_train, data.t_train, EVAL_BATCH),
                test_acc: net.accuracy(data.x_test, data.t_test, EVAL_BATCH),
            };
            history.epochs.push(record);
            on_epoch(&record);
        }
        progress.inc(1);
        if i % 100 == 0 && progress.is_live() {
            progress.set_status(format!("loss {loss:.4}"));
        }
    }
    progress.finish();
    Ok(history)
}
// ANCHOR_END: train

/// The number of training examples, once the data is known to be usable.
pub(crate) fn check<F: Float>(data: &TrainData<'_, F>, batch: usize) -> Result<usize, TrainError> {
    let n = data.train_size();
    if n != data.t_train.len() {
        return Err(TrainError::Mismatch { what: "training data", inputs: n, targets: data.t_train.len() });
    }
    let n_test = data.x_test.shape().first().copied().unwrap_or(0);
    if n_test != data.t_test.len() {
        return Err(TrainError::Mismatch { what: "test data", inputs: n_test, targets: data.t_test.len() });
    }
    match (n, batch) {
        (0, _) => Err(TrainError::NoData),
        (_, 0) => Err(TrainError::ZeroBatch),
        _ => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::seeded;
    use crate::{OwnedTargets, Param, Targets};
    use ndarray::ArrayD;

    /// A net with one parameter W = [w]: its loss is (w − 3)², whatever the data, and its
    /// prediction puts the highest score on class 1 once w > 2.
    struct Parabola {
        w: ArrayD<f64>,
        g: ArrayD<f64>,
    }

    impl Net<f64> for Parabola {
        fn predict(&mut self, x: &ArrayD<f64>, _train: bool) -> ArrayD<f64> {
            let w = self.w[[0]];
            ArrayD::from_shape_fn(vec![x.shape()[0], 2], |i| if i[1] == 1 { w - 2.0 } else { 0.0 })
        }
        fn loss(&mut self, _x: &ArrayD<f64>, _t: Targets<'_, f64>, _train: bool) -> f64 {
            (self.w[[0]] - 3.0).powi(2)
        }
        fn gradient(&mut self, x: &ArrayD<f64>, t: Targets<'_, f64>) -> f64 {
            self.g[[0]] = 2.0 * (self.w[[0]] - 3.0);
            self.loss(x, t, true)
        }
        fn params(&mut self) -> Vec<Param<'_, f64>> {
            vec![Param::new("W", &mut self.w, &self.g)]
        }
    }

    fn data(n: usize) -> (ArrayD<f64>, OwnedTargets<f64>) {
        (ArrayD::zeros(vec![n, 3]), OwnedTargets::Labels((0..n).map(|_| 1).collect()))
    }

    #[test]
    fn each_step_moves_the_weights_by_minus_eta_times_the_gradient_and_epochs_are_scored() {
        let (x, t) = data(20);
        let data = TrainData { x_train: &x, t_train: t.view(), x_test: &x, t_test: t.view() };
        let mut net = Parabola { w: ArrayD::zeros(vec![1]), g: ArrayD::zeros(vec![1]) };
        let cfg = TrainConfig { iters_num: 3, batch_size: 5, learning_rate: 0.25, iter_per_epoch: 2 };
        let mut seen = Vec::new();
        let history = train(&mut net, data, &cfg, &mut seeded(0), |r| seen.push(*r)).unwrap();
        // w: 0 → 0 − 0.25·2·(0 − 3) = 1.5 → 2.25 → 2.625; the loss before each step.
        assert_eq!(history.train_loss, vec![9.0, 2.25, 0.5625]);
        assert_eq!(net.w[[0]], 2.625);
        // Scored after steps 0 and 2 (iteration 0 and 2): w = 1.5 guesses class 0, w = 2.625 class 1.
        assert_eq!(seen, history.epochs);
        assert_eq!(seen.iter().map(|r| (r.iteration, r.test_acc)).collect::<Vec<_>>(), [(0, 0.0), (2, 1.0)]);
    }

    #[test]
    fn a_loss_that_stops_being_finite_stops_training_with_a_message_naming_the_learning_rate() {
        let (x, t) = data(20);
        let data = TrainData { x_train: &x, t_train: t.view(), x_test: &x, t_test: t.view() };
        let mut net = Parabola { w: ArrayD::zeros(vec![1]), g: ArrayD::zeros(vec![1]) };
        let cfg = TrainConfig { iters_num: 2000, batch_size: 5, learning_rate: 1e3, iter_per_epoch: 4 };
        let err = train(&mut net, data, &cfg, &mut seeded(0), |_| {}).unwrap_err();
        let TrainError::Diverged { loss, iteration, .. } = err else {
            panic!("expected divergence, got {err}")
        };
        assert!(!loss.is_finite() && iteration > 10, "{loss} at {iteration}");
        assert!(err.to_string().contains("learning rate"), "{err}");
    }

    #[test]
    fn a_run_no_better_than_answering_the_commonest_class_is_an_error() {
        let labels: Vec<usize> = (0..100).map(|i| if i < 12 { 1 } else { i % 10 }).collect();
        let chance = chance_level(&labels);
        assert_eq!(chance, labels.iter().filter(|&&k| k == 1).count() as f64 / 100.0);
        let err = check_better_than_chance(0.096, &labels).unwrap_err();
        assert!(matches!(err, TrainError::NoBetterThanChance { .. }), "{err}");
        assert!(err.to_string().contains("no better than chance"), "{err}");
        assert!(check_better_than_chance(chance + 0.05, &labels).is_err(), "within the margin");
        assert!(check_better_than_chance(0.9, &labels).is_ok());
    }

    #[test]
    fn training_refuses_mismatched_or_empty_data() {
        let (x, t) = data(20);
        let (_, short) = data(10);
        let data = TrainData { x_train: &x, t_train: short.view(), x_test: &x, t_test: t.view() };
        let mut net = Parabola { w: ArrayD::zeros(vec![1]), g: ArrayD::zeros(vec![1]) };
        let cfg = TrainConfig::book(20);
        let err = train(&mut net, data, &cfg, &mut seeded(0), |_| {}).unwrap_err();
        assert_eq!(err, TrainError::Mismatch { what: "training data", inputs: 20, targets: 10 });
    }
}
