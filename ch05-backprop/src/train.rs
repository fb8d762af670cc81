//! Training the two-layer net with gradients from backpropagation: the book's
//! `train_neuralnet.py`, mini-batch SGD on MNIST.

use std::time::Instant;

use ndarray::{ArrayD, Axis};
use rand::Rng;

use common::data::Mnist;
use common::optimizer::{Optimizer, Sgd};
use common::progress::Progress;
use common::rng::seeded;
use common::{Float, Net};

use crate::two_layer_net::TwoLayerNet;

/// The book's hyperparameters by default.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub iters_num: usize,
    pub batch_size: usize,
    pub learning_rate: f64,
    pub hidden_size: usize,
    pub weight_init_std: f64,
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            iters_num: 10_000,
            batch_size: 100,
            learning_rate: 0.1,
            hidden_size: 50,
            weight_init_std: 0.01,
            seed: common::rng::DEFAULT_SEED,
        }
    }
}

/// What a training run recorded.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The loss of each mini-batch, one per iteration.
    pub train_loss: Vec<f64>,
    /// Accuracy on the whole training set, once per epoch (and at iteration 0).
    pub train_acc: Vec<f64>,
    /// Accuracy on the test set, at the same moments.
    pub test_acc: Vec<f64>,
    /// Wall-clock seconds spent training (evaluations included).
    pub seconds: f64,
}

/// Training stopped because the loss stopped being a number.
#[derive(Debug, thiserror::Error)]
#[error(
    "the loss became {loss} at iteration {iteration}: the weights blew up. The learning rate \
     ({lr}) is probably too large, or the initial weights too big; try a smaller --lr"
)]
pub struct Diverged {
    pub iteration: usize,
    pub loss: f64,
    pub lr: f64,
}

// ANCHOR: train
/// Mini-batch SGD with backprop gradients. Calls `on_epoch(train_acc, test_acc)` at
/// iteration 0 and after every epoch (60,000 / batch_size iterations), as the book prints.
pub fn train<F: Float>(
    data: &Mnist<F>,
    cfg: &TrainConfig,
    mut on_epoch: impl FnMut(f64, f64),
) -> Result<(TwoLayerNet<F>, History), Diverged> {
    let mut rng = seeded(cfg.seed);
    let (input_size, output_size) = (data.x_train.shape()[1], 10);
    let mut network =
        TwoLayerNet::new(input_size, cfg.hidden_size, output_size, cfg.weight_init_std, &mut rng);
    let mut optimizer = Sgd::new(F::lit(cfg.learning_rate));

    let train_size = data.x_train.shape()[0];
    let iter_per_epoch = (train_size / cfg.batch_size).max(1);
    let mut history = History::default();
    let start = Instant::now();
    let mut progress = Progress::new(cfg.iters_num as u64, "training");

    for i in 0..cfg.iters_num {
        // a random mini-batch (with replacement, as np.random.choice)
        let batch_mask: Vec<usize> = (0..cfg.batch_size).map(|_| rng.random_range(0..train_size)).collect();
        let x_batch: ArrayD<F> = data.x_train.select(Axis(0), &batch_mask);
        let t_batch = data.t_train.view().select(&batch_mask);

        // the gradient by backpropagation, then the update
        let loss = network.gradient(&x_batch, t_batch.view()).to_f64_lossy();
        if !loss.is_finite() {
            return Err(Diverged { iteration: i, loss, lr: cfg.learning_rate });
        }
        optimizer.update(network.params());
        history.train_loss.push(loss);

        if i % iter_per_epoch == 0 {
            let train_acc = network.accuracy(&data.x_train, data.t_train.view(), 1000);
            let test_acc = network.accuracy(&data.x_test, data.t_test.view(), 1000);
            history.train_acc.push(train_acc);
            history.test_acc.push(test_acc);
            on_epoch(train_acc, test_acc);
        }
        progress.inc(1);
        if i % 100 == 0 {
            progress.set_status(format!("loss {loss:.3}"));
        }
    }
    progress.finish();
    history.seconds = start.elapsed().as_secs_f64();
    Ok((network, history))
}
// ANCHOR_END: train

#[cfg(test)]
mod tests {
    use super::*;
    use common::data::{LoadOptions, mnist_for_tests};

    #[test]
    fn a_short_run_on_real_mnist_learns_well_past_chance() {
        let data = mnist_for_tests::<f32>(LoadOptions::default());
        let cfg = TrainConfig { iters_num: 601, ..TrainConfig::default() };
        let mut seen = Vec::new();
        let (_, history) = train(&data, &cfg, |tr, te| seen.push((tr, te))).unwrap();
        assert_eq!(seen.len(), 2, "iteration 0 and one epoch");
        assert_eq!(history.train_loss.len(), 601);
        let (train_acc, test_acc) = seen[1];
        assert!(test_acc > 0.88 && train_acc > 0.88, "after one epoch: {train_acc} {test_acc}");
        let early: f64 = history.train_loss[..50].iter().sum::<f64>() / 50.0;
        let late: f64 = history.train_loss[550..].iter().sum::<f64>() / 51.0;
        assert!(late < early / 3.0, "loss fell from {early} to {late}");
    }

    #[test]
    fn a_huge_learning_rate_stops_with_a_message() {
        let mut rng = seeded(0);
        let x = common::init::gaussian::<f32>(&[200, 20], 1.0, &mut rng);
        let labels = ndarray::Array1::from_shape_fn(200, |i| i % 10);
        let t = common::OwnedTargets::Labels(labels);
        let data = Mnist { x_train: x.clone(), t_train: t.clone(), x_test: x, t_test: t };
        let cfg =
            TrainConfig { iters_num: 200, learning_rate: 1e12, weight_init_std: 10.0, ..Default::default() };
        let err = train(&data, &cfg, |_, _| {}).unwrap_err();
        assert!(err.to_string().contains("learning rate"), "{err}");
    }
}
