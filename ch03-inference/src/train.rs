//! Where the shipped weights come from: the chapter's 784 → 50 → 100 → 10 sigmoid network,
//! trained on MNIST with softmax-with-loss and plain SGD, using the layers of `common`.
//!
//! Learning is chapters 4 and 5; this file only makes sure the weights the chapter reads are
//! our own and can be made again. Reproduce `weights/sample_weight.npz` with
//!
//! ```text
//! cargo run --release -p ch03-inference -- train-weights
//! ```
//!
//! (seeded: the same seed gives the same weights on the same machine; about ten seconds,
//! 96.6% of the test images). Two choices differ from the book's chapter 4 network, both
//! explained in chapter 6: the initial weights have standard deviation 1/√n (n inputs to
//! the layer, "Xavier") instead of 0.01, and the learning rate is 0.5 instead of 0.1 (with
//! 0.1, three sigmoid layers reach only ≈93.7% in the same ten epochs).

use anyhow::{Result, bail};
use common::data::Mnist;
use common::functions::argmax_rows;
use common::init::gaussian;
use common::layers::{Affine, Layer, Param, Sigmoid, SoftmaxWithLoss};
use common::linalg::flatten_rows;
use common::net::Net;
use common::optimizer::{Optimizer, Sgd};
use common::rng::Rng;
use common::targets::Targets;
use common::{Float, OwnedTargets};
use ndarray::{Array1, ArrayD, Axis};
use rand::seq::SliceRandom;

// ANCHOR: sigmoid_net
/// Affine → Sigmoid → Affine → Sigmoid → Affine → Softmax-with-loss, with the book's sizes.
pub struct SigmoidNet<F> {
    affine1: Affine<F>,
    sigmoid1: Sigmoid<F>,
    affine2: Affine<F>,
    sigmoid2: Sigmoid<F>,
    affine3: Affine<F>,
    last_layer: SoftmaxWithLoss<F>,
}

impl<F: Float> SigmoidNet<F> {
    /// Layer sizes 784 → 50 → 100 → 10; weights N(0, 1/n) for n inputs, biases 0.
    pub fn new(rng: &mut Rng) -> Self {
        let mut affine = |n_in: usize, n_out: usize| {
            let w = gaussian::<F>(&[n_in, n_out], 1.0 / (n_in as f64).sqrt(), rng);
            Affine::new(w.into_dimensionality().expect("2-D"), Array1::zeros(n_out))
        };
        SigmoidNet {
            affine1: affine(784, 50),
            sigmoid1: Sigmoid::new(),
            affine2: affine(50, 100),
            sigmoid2: Sigmoid::new(),
            affine3: affine(100, 10),
            last_layer: SoftmaxWithLoss::new(),
        }
    }
}

impl<F: Float> Net<F> for SigmoidNet<F> {
    fn predict(&mut self, x: &ArrayD<F>, train: bool) -> ArrayD<F> {
        let x = self.affine1.forward(x, train);
        let x = self.sigmoid1.forward(&x, train);
        let x = self.affine2.forward(&x, train);
        let x = self.sigmoid2.forward(&x, train);
        self.affine3.forward(&x, train)
    }

    fn loss(&mut self, x: &ArrayD<F>, t: Targets<'_, F>, train: bool) -> F {
        let y = self.predict(x, train);
        self.last_layer.forward(&y, t)
    }

    fn gradient(&mut self, x: &ArrayD<F>, t: Targets<'_, F>) -> F {
        let loss = self.loss(x, t, true);
        let dout = self.last_layer.backward();
        let dout = self.affine3.backward(&dout);
        let dout = self.sigmoid2.backward(&dout);
        let dout = self.affine2.backward(&dout);
        let dout = self.sigmoid1.backward(&dout);
        self.affine1.backward(&dout);
        loss
    }

    fn params(&mut self) -> Vec<Param<'_, F>> {
        let mut params: Vec<Param<'_, F>> =
            self.affine1.params().into_iter().map(|p| p.numbered(1)).collect();
        params.extend(self.affine2.params().into_iter().map(|p| p.numbered(2)));
        params.extend(self.affine3.params().into_iter().map(|p| p.numbered(3)));
        params
    }
}
// ANCHOR_END: sigmoid_net

/// How to train.
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    /// Passes over the 60,000 training images.
    pub epochs: usize,
    /// Images per gradient step.
    pub batch_size: usize,
    /// The SGD step size η.
    pub learning_rate: f64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig { epochs: 10, batch_size: 100, learning_rate: 0.5 }
    }
}

/// What one epoch achieved.
#[derive(Debug, Clone, Copy)]
pub struct EpochReport {
    /// 1, 2, …
    pub epoch: usize,
    /// Mean loss of the epoch's mini-batches.
    pub loss: f64,
    /// Accuracy on the 10,000 test images after the epoch.
    pub test_accuracy: f64,
}

// ANCHOR: train
/// Mini-batch SGD: every epoch visits the training images once, in a new random order.
/// `report` is called after each epoch. Stops with an error if the loss stops being a number.
pub fn train<F: Float>(
    data: &Mnist<F>,
    config: TrainConfig,
    rng: &mut Rng,
    mut report: impl FnMut(EpochReport),
) -> Result<SigmoidNet<F>> {
    let mut net = SigmoidNet::new(rng);
    let mut optimizer = Sgd::new(F::lit(config.learning_rate));
    let x_train = &data.x_train; // (60000, 784)
    let train_size = x_train.shape()[0];
    let mut order: Vec<usize> = (0..train_size).collect();
    for epoch in 1..=config.epochs {
        order.shuffle(rng);
        let mut loss_sum = 0.0;
        let batches = order.chunks(config.batch_size);
        let n_batches = batches.len();
        for batch_mask in batches {
            let x_batch = x_train.select(Axis(0), batch_mask);
            let t_batch = data.t_train.view().select(batch_mask);
            let loss = net.gradient(&x_batch, t_batch.view()).to_f64_lossy();
            if !loss.is_finite() {
                bail!(
                    "the loss became {loss} in epoch {epoch}: the learning rate {} is probably too large",
                    config.learning_rate
                );
            }
            loss_sum += loss;
            optimizer.update(net.params());
        }
        let test_accuracy = accuracy(&mut net, &data.x_test, &data.t_test);
        report(EpochReport { epoch, loss: loss_sum / n_batches as f64, test_accuracy });
    }
    Ok(net)
}
// ANCHOR_END: train

/// The fraction of `x` classified as `t` says, predicting 1000 images at a time.
pub fn accuracy<F: Float>(net: &mut SigmoidNet<F>, x: &ArrayD<F>, t: &OwnedTargets<F>) -> f64 {
    let labels = t.view().labels();
    let mut correct = 0;
    for (i, chunk) in x.axis_chunks_iter(Axis(0), 1000).enumerate() {
        let y = flatten_rows(&net.predict(&chunk.to_owned(), false));
        let p = argmax_rows(&y);
        correct += p.iter().zip(labels.iter().skip(i * 1000)).filter(|(p, t)| p == t).count();
    }
    correct as f64 / labels.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::data::{LoadOptions, mnist_for_tests};
    use common::rng::seeded;

    #[test]
    fn the_net_names_its_parameters_as_the_book_with_the_books_shapes() {
        let mut net = SigmoidNet::<f32>::new(&mut seeded(0));
        let params = net.params();
        let names: Vec<_> = params.iter().map(|p| (p.name.as_str(), p.value.shape().to_vec())).collect();
        let expected: Vec<_> = crate::neuralnet_mnist::SHAPES.iter().map(|(k, s)| (*k, s.to_vec())).collect();
        assert_eq!(names, expected);
    }

    /// Adds d to entry `idx` of the k-th parameter.
    fn nudge(net: &mut SigmoidNet<f64>, k: usize, idx: usize, d: f64) {
        net.params()[k].value.as_slice_mut().unwrap()[idx] += d;
    }

    #[test]
    fn the_net_backward_matches_numerical_gradients() {
        let mut rng = seeded(1);
        let mut net = SigmoidNet::<f64>::new(&mut rng);
        let x = gaussian::<f64>(&[3, 784], 1.0, &mut rng);
        let t = ndarray::arr1(&[1usize, 7, 3]);
        net.gradient(&x, Targets::Labels(t.view()));
        let analytic: Vec<ArrayD<f64>> = net.params().iter().map(|p| p.grad.clone()).collect();
        // Check a few entries of each parameter by central differences.
        for (k, grad) in analytic.iter().enumerate() {
            for idx in [0usize, 5, grad.len() - 1] {
                let h = 1e-4;
                nudge(&mut net, k, idx, h);
                let up = net.loss(&x, Targets::Labels(t.view()), false);
                nudge(&mut net, k, idx, -2.0 * h);
                let down = net.loss(&x, Targets::Labels(t.view()), false);
                nudge(&mut net, k, idx, h);
                let numeric = (up - down) / (2.0 * h);
                let a = grad.as_slice().unwrap()[idx];
                assert!((a - numeric).abs() < 1e-7, "param {k}[{idx}]: {a} vs {numeric}");
            }
        }
    }

    #[test]
    fn one_epoch_of_training_already_classifies_most_digits() {
        let data = mnist_for_tests::<f32>(LoadOptions::default());
        let config = TrainConfig { epochs: 1, ..TrainConfig::default() };
        let mut reports = Vec::new();
        train(&data, config, &mut seeded(42), |r| reports.push(r)).unwrap();
        assert_eq!(reports.len(), 1);
        assert!(reports[0].test_accuracy > 0.85, "{reports:?}");
    }

    #[test]
    fn a_huge_learning_rate_stops_training_with_a_message() {
        // With η = 1e37, one step makes the weights so large that the scores overflow f32
        // (3.4e38) to inf, and inf − inf is NaN. 200 random "images" are enough to show it.
        let mut rng = seeded(3);
        let x = gaussian::<f32>(&[200, 784], 1.0, &mut rng);
        let t = OwnedTargets::Labels((0..200).map(|i| i % 10).collect());
        let data = Mnist { x_train: x.clone(), t_train: t.clone(), x_test: x, t_test: t };
        let config = TrainConfig { epochs: 3, batch_size: 20, learning_rate: 1e37 };
        let err = train(&data, config, &mut rng, |_| {}).err().expect("training must stop");
        assert!(err.to_string().contains("learning rate"), "{err}");
    }
}
