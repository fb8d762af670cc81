//! Where the shipped weights come from: the chapter's 784 → 50 → 100 → 10 sigmoid network,
//! trained on MNIST with softmax-with-loss by the book's mini-batch SGD loop
//! ([`common::train_loop`]), using the layers of `common`.
//!
//! Learning is chapters 4 and 5; this file only makes sure the weights the chapter reads are
//! our own and can be made again. `weights/sample_weight.npz` was made with
//!
//! ```text
//! cargo run --release -p ch03-inference -- train-weights --save ch03-inference/weights/sample_weight.npz
//! ```
//!
//! (seeded: the same seed gives the same weights on the same machine; about ten seconds,
//! 96.75% of the test images). Two choices differ from the book's chapter 4 network, both
//! explained in chapter 6: the initial weights have standard deviation 1/√n (n inputs to
//! the layer, "Xavier") instead of 0.01, and the learning rate is 0.5 instead of 0.1 (with
//! 0.1, three sigmoid layers reach only ≈93.6% in the same ten epochs).

use common::Float;
use common::data::Mnist;
use common::init::gaussian;
use common::layers::{Affine, Layer, Param, Sigmoid, SoftmaxWithLoss};
use common::net::Net;
use common::rng::Rng;
use common::targets::Targets;
use common::train_loop::{self, EpochRecord, TrainConfig, TrainError};
use ndarray::{Array1, ArrayD};

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

/// The settings `train-weights` uses unless told otherwise: ten epochs of batches of 100,
/// learning rate 0.5.
pub const EPOCHS: usize = 10;
/// Images per mini-batch.
pub const BATCH_SIZE: usize = 100;
/// The learning rate η (see the module's note on why not the book's 0.1).
pub const LEARNING_RATE: f64 = 0.5;

/// The book's loop counted in epochs: `epochs` passes' worth of steps, each on a batch of
/// `batch_size` images drawn at random, accuracy measured once an epoch.
pub fn config(epochs: usize, batch_size: usize, learning_rate: f64, train_size: usize) -> TrainConfig {
    let iter_per_epoch = (train_size / batch_size.max(1)).max(1);
    TrainConfig { iters_num: epochs * iter_per_epoch, batch_size, learning_rate, iter_per_epoch }
}

// ANCHOR: train
/// A new [`SigmoidNet`] trained on `data` by the book's mini-batch SGD
/// ([`common::train_loop::train`]); `on_epoch` sees the accuracies once an epoch.
pub fn train<F: Float>(
    data: &Mnist<F>,
    cfg: &TrainConfig,
    rng: &mut Rng,
    on_epoch: impl FnMut(&EpochRecord),
) -> Result<SigmoidNet<F>, TrainError> {
    let mut net = SigmoidNet::new(rng);
    train_loop::train(&mut net, data.into(), cfg, rng, on_epoch)?;
    Ok(net)
}
// ANCHOR_END: train

#[cfg(test)]
mod tests {
    use super::*;
    use common::OwnedTargets;
    use common::data::{LoadOptions, mnist_for_tests};
    use common::rng::seeded;
    use common::train_loop::EVAL_BATCH;

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
    fn epochs_count_the_steps_of_the_books_loop() {
        let cfg = config(EPOCHS, BATCH_SIZE, LEARNING_RATE, 60_000);
        let expected =
            TrainConfig { iters_num: 6000, batch_size: 100, learning_rate: 0.5, iter_per_epoch: 600 };
        assert_eq!(cfg, expected);
        assert_eq!(config(2, 500, 0.1, 300).iter_per_epoch, 1, "a batch larger than the data");
    }

    #[test]
    fn one_epoch_of_training_already_classifies_most_digits() {
        let data = mnist_for_tests::<f32>(LoadOptions::default());
        let cfg = config(1, BATCH_SIZE, LEARNING_RATE, data.t_train.view().len());
        let mut records = Vec::new();
        let mut net = train(&data, &cfg, &mut seeded(42), |r| records.push(*r)).unwrap();
        assert_eq!(records.iter().map(|r| r.iteration).collect::<Vec<_>>(), [0]);
        assert!(records[0].test_acc < 0.3, "before any step it guesses: {records:?}");
        let accuracy = net.accuracy(&data.x_test, data.t_test.view(), EVAL_BATCH);
        assert!(accuracy > 0.85, "after one epoch: {accuracy}");
    }

    #[test]
    fn a_huge_learning_rate_stops_training_with_a_message() {
        // With η = 1e37, one step makes the weights so large that the scores overflow f32
        // (3.4e38) to inf, and inf − inf is NaN. 200 random "images" are enough to show it.
        let mut rng = seeded(3);
        let x = gaussian::<f32>(&[200, 784], 1.0, &mut rng);
        let t = OwnedTargets::Labels((0..200).map(|i| i % 10).collect());
        let data = Mnist { x_train: x.clone(), t_train: t.clone(), x_test: x, t_test: t };
        let err =
            train(&data, &config(3, 20, 1e37, 200), &mut rng, |_| {}).err().expect("training must stop");
        assert!(matches!(err, TrainError::Diverged { .. }), "{err}");
        assert!(err.to_string().contains("learning rate"), "{err}");
    }
}
