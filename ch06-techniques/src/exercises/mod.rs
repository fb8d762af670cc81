//! Exercises for chapter 6. Edit `todo.rs`, then run the exercise's tests:
//!
//! - **6.1 RMSprop** — implement `update` for [`RmsProp`]: AdaGrad's h, but as a moving average
//!   h ← ρ·h + (1 − ρ)·g⊙g, then W ← W − η·g/(√h + 1e-7).
//!   `cargo test -p ch06-techniques -- --ignored ex6_1`
//! - **6.2 Nesterov** — implement `update` for [`Nesterov`]: v ← α·v − η·g, then
//!   W ← W + α²·v − (1 + α)·η·g.
//!   `cargo test -p ch06-techniques -- --ignored ex6_2`
//! - **6.3 Where batch normalisation goes** — implement [`hidden_block`], the layers of one
//!   hidden layer with batch normalisation before the activation (as the book puts it) or
//!   after it. [`compare_bn_placement`] trains one network of each kind and returns both
//!   accuracies; the test checks that both learn. Which is better on your run? (The
//!   original paper normalises before the activation; many people find after works as well.)
//!   `cargo test -p ch06-techniques -- --ignored ex6_3`
//! - **6.4 Zero initial weights** — implement [`zero_init_net`]: a `MultiLayerNet` whose
//!   weights are all 0. The test trains it and finds that all the units of a hidden layer
//!   stay identical. Explain why before you read the answer in `solutions.rs`.
//!   `cargo test -p ch06-techniques -- --ignored ex6_4`
//!
//! Stuck? `cargo test -p ch06-techniques --features solutions -- --ignored ex` runs the
//! reference solutions.

use common::data::Mnist;
use common::data::{TrainData, head};
use common::init::WeightInit;
use common::layers::{Layer, SoftmaxWithLoss};
use common::multi_layer_net::init_affines;
use common::optimizer::Sgd;
use common::rng::seeded;
use common::trainer::{Trainer, TrainerConfig};
use common::{Net, Param, Targets};
use ndarray::ArrayD;

#[cfg(not(feature = "solutions"))]
mod todo;
#[cfg(not(feature = "solutions"))]
pub use todo::*;

#[cfg(feature = "solutions")]
mod solutions;
#[cfg(feature = "solutions")]
pub use solutions::*;

/// Where batch normalisation sits in a hidden layer (exercise 6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BnPlacement {
    /// Affine → BatchNorm → ReLU (the book, and the original paper).
    BeforeActivation,
    /// Affine → ReLU → BatchNorm.
    AfterActivation,
}

/// A layer that can be moved to another thread.
pub type BoxedLayer = Box<dyn Layer<f32> + Send>;

// ANCHOR: layer_stack
/// A network that is just a list of layers and a softmax-with-loss at the end: the
/// simplest way to try another order of layers. Parameters are numbered per kind, in
/// order: W1, b1, gamma1, beta1, W2, …
pub struct LayerStack {
    layers: Vec<BoxedLayer>,
    last_layer: SoftmaxWithLoss<f32>,
}

impl LayerStack {
    /// The layers, first to last.
    pub fn new(layers: Vec<BoxedLayer>) -> Self {
        LayerStack { layers, last_layer: SoftmaxWithLoss::new() }
    }
}

impl Net<f32> for LayerStack {
    fn predict(&mut self, x: &ArrayD<f32>, train: bool) -> ArrayD<f32> {
        let mut h: Option<ArrayD<f32>> = None; // the output of the last layer so far
        for layer in &mut self.layers {
            h = Some(layer.forward(h.as_ref().unwrap_or(x), train));
        }
        h.unwrap_or_else(|| x.clone())
    }

    fn loss(&mut self, x: &ArrayD<f32>, t: Targets<'_, f32>, train: bool) -> f32 {
        let y = self.predict(x, train);
        self.last_layer.forward(&y, t)
    }

    fn gradient(&mut self, x: &ArrayD<f32>, t: Targets<'_, f32>) -> f32 {
        let loss = self.loss(x, t, true);
        let mut dout = self.last_layer.backward();
        for layer in self.layers.iter_mut().rev() {
            dout = layer.backward(&dout);
        }
        loss
    }

    fn params(&mut self) -> Vec<Param<'_, f32>> {
        let mut counts = std::collections::HashMap::<String, usize>::new();
        let mut params = Vec::new();
        for layer in &mut self.layers {
            for p in layer.params() {
                let count = counts.entry(p.name.clone()).or_default();
                *count += 1;
                let n = *count;
                params.push(p.numbered(n));
            }
        }
        params
    }
}
// ANCHOR_END: layer_stack

// ANCHOR: compare_bn_placement
/// Trains two 784 → 4 × 100 → 10 ReLU networks from the same He weights, on the first
/// `train_size` MNIST images for `epochs` epochs (SGD, learning rate 0.1, batch 100), one
/// with batch normalisation before each activation and one with it after, and returns
/// their test accuracies on the first 1000 test images: (before, after).
pub fn compare_bn_placement(data: &Mnist<f32>, train_size: usize, epochs: usize, seed: u64) -> (f64, f64) {
    let (x_train, t_train) = head(&data.x_train, data.t_train.view(), Some(train_size));
    let (x_test, t_test) = head(&data.x_test, data.t_test.view(), Some(1000));
    let split =
        TrainData { x_train: &x_train, t_train: t_train.view(), x_test: &x_test, t_test: t_test.view() };
    let accuracy = |placement| {
        let mut affines =
            init_affines::<f32>(&[784, 100, 100, 100, 100, 10], WeightInit::He, &mut seeded(seed));
        let last = affines.pop().expect("five affine layers");
        let mut layers: Vec<BoxedLayer> = Vec::new();
        for affine in affines {
            let features = affine.output_size();
            layers.extend(hidden_block(placement, affine, features));
        }
        layers.push(Box::new(last));
        let mut net = LayerStack::new(layers);
        let config =
            TrainerConfig { epochs, mini_batch_size: 100, seed, progress: false, ..Default::default() };
        let history = Trainer::new(config, Sgd::new(0.1)).train(&mut net, split).expect("training runs");
        history.test_acc_list.last().copied().unwrap_or(0.0)
    };
    (accuracy(BnPlacement::BeforeActivation), accuracy(BnPlacement::AfterActivation))
}
// ANCHOR_END: compare_bn_placement

/// True if every column of a weight matrix equals the first (to `tol`, relative): every
/// unit of the layer receives exactly the same weights.
pub fn columns_identical(w: &ArrayD<f64>, tol: f64) -> bool {
    let w = common::linalg::view2(w);
    let first = w.column(0);
    let scale = first.iter().fold(1e-30f64, |m, &v| m.max(v.abs()));
    w.columns().into_iter().all(|c| c.iter().zip(first).all(|(a, b)| (a - b).abs() <= tol * scale))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::{f, optimizer_path};
    use common::multi_layer_net::{Activation, MultiLayerNetConfig};
    use common::optimizer::Optimizer;
    use ndarray::arr1;

    fn steps<O: Optimizer<f64>>(opt: &mut O, w: f64, g: f64, n: usize) -> f64 {
        let mut w = arr1(&[w]).into_dyn();
        let g = arr1(&[g]).into_dyn();
        for _ in 0..n {
            opt.update(vec![Param::new("W", &mut w, &g)]);
        }
        w[[0]]
    }

    #[test]
    #[ignore = "exercise 6.1"]
    fn ex6_1_rmsprop_matches_two_steps_worked_by_hand() {
        // η = 0.1, ρ = 0.99, W = 1, g = 0.5: h = 0.0025, W = 1 − 0.05/0.05 ≈ 0;
        // then h = 0.004975, W ≈ −0.05/0.0705337 = −0.7088812.
        let one = 1.0 - 0.05 / (0.05 + 1e-7);
        let two = one - 0.05 / (0.004975f64.sqrt() + 1e-7);
        assert!((steps(&mut RmsProp::new(0.1, 0.99), 1.0, 0.5, 1) - one).abs() < 1e-12);
        assert!((steps(&mut RmsProp::new(0.1, 0.99), 1.0, 0.5, 2) - two).abs() < 1e-12);
    }

    #[test]
    #[ignore = "exercise 6.1"]
    fn ex6_1_rmsprop_walks_down_the_stretched_bowl() {
        let path = optimizer_path(&mut RmsProp::new(0.1, 0.9), 100);
        let (x, y) = *path.last().unwrap();
        assert!(f(x, y) < 0.01, "RMSprop ends at ({x}, {y})");
    }

    #[test]
    #[ignore = "exercise 6.2"]
    fn ex6_2_nesterov_matches_two_steps_worked_by_hand() {
        // η = 0.1, α = 0.9, W = 1, g = 0.5: v = −0.05, W = 1 − 0.0405 − 0.095 = 0.8645;
        // then v = −0.095, W = 0.8645 − 0.07695 − 0.095 = 0.69255.
        assert!((steps(&mut Nesterov::new(0.1, 0.9), 1.0, 0.5, 1) - 0.8645).abs() < 1e-12);
        assert!((steps(&mut Nesterov::new(0.1, 0.9), 1.0, 0.5, 2) - 0.69255).abs() < 1e-12);
    }

    #[test]
    #[ignore = "exercise 6.2"]
    fn ex6_2_nesterov_overshoots_less_than_momentum() {
        let overshoot = |path: &[(f64, f64)]| path.iter().map(|p| p.0).fold(f64::MIN, f64::max);
        let nesterov = optimizer_path(&mut Nesterov::new(0.1, 0.9), 30);
        let momentum = optimizer_path(&mut common::optimizer::Momentum::new(0.1), 30);
        assert!(overshoot(&nesterov) < overshoot(&momentum), "it looks ahead before it steps");
    }

    #[test]
    #[ignore = "exercise 6.3"]
    fn ex6_3_hidden_block_puts_the_layers_in_order() {
        let mut rng = seeded(1);
        let affine = || init_affines::<f32>(&[3, 4], WeightInit::He, &mut seeded(2)).pop().unwrap();
        let x: ArrayD<f32> = common::init::gaussian(&[8, 3], 1.0, &mut rng);
        // BN after ReLU: the output of the block has mean 0 per unit (BN came last);
        // BN before ReLU: no output is negative (ReLU came last).
        let run = |placement| {
            let mut y = x.clone();
            for mut layer in hidden_block(placement, affine(), 4) {
                y = layer.forward(&y, true);
            }
            y
        };
        let before = run(BnPlacement::BeforeActivation);
        assert!(before.iter().all(|&v| v >= 0.0));
        let after = run(BnPlacement::AfterActivation);
        let means = common::linalg::flatten_rows(&after).mean_axis(ndarray::Axis(0)).unwrap();
        assert!(means.iter().all(|m| m.abs() < 1e-5) && after.iter().any(|&v| v < 0.0), "{after}");
    }

    #[test]
    #[ignore = "exercise 6.3"]
    fn ex6_3_bn_before_and_after_the_activation_both_learn() {
        let Some(data) = common::data::mnist_for_tests::<f32>(Default::default()) else { return };
        let (before, after) = compare_bn_placement(&data, 2000, 3, 1);
        println!("test accuracy: BN before ReLU {before:.3}, after ReLU {after:.3}");
        assert!(before > 0.8 && after > 0.8, "both learn: {before} {after}");
    }

    #[test]
    #[ignore = "exercise 6.4"]
    fn ex6_4_with_zero_initial_weights_all_hidden_units_stay_identical() {
        let config = MultiLayerNetConfig {
            input_size: 4,
            hidden_size_list: vec![5, 5],
            output_size: 3,
            activation: Activation::Sigmoid,
            ..MultiLayerNetConfig::default()
        };
        let mut net = zero_init_net(&config);
        assert!(
            net.params()
                .iter()
                .filter(|p| p.name.starts_with('W'))
                .all(|p| p.value.iter().all(|&w| w == 0.0))
        );
        // Train on random data: the weights change, but symmetrically.
        let mut rng = seeded(3);
        let x: ArrayD<f64> = common::init::gaussian(&[30, 4], 1.0, &mut rng);
        let labels = ndarray::Array1::from_iter((0..30).map(|i| i % 3));
        let mut sgd = Sgd::new(0.5);
        for _ in 0..100 {
            net.gradient(&x, Targets::Labels(labels.view()));
            sgd.update(net.params());
        }
        let w1 = net.affines[0].w.clone();
        assert!(w1.iter().any(|&w| w != 0.0), "W1 has learnt something…");
        assert!(columns_identical(&w1, 1e-9), "…but the same thing for every unit:\n{w1}");
        assert!(columns_identical(&net.affines[1].w, 1e-9), "W2 too");
        let w3_t = net.affines[2].w.t().to_owned();
        assert!(columns_identical(&w3_t, 1e-9), "every hidden unit sends the same weights onward");
    }
}
