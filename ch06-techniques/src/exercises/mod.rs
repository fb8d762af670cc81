//! Exercises for chapter 6. Edit `todo.rs`, then run the exercise's tests:
//!
//! - **6.1 AdaDelta** — implement `update` for [`AdaDelta`], the rule without a learning rate:
//!   h ← ρ·h + (1 − ρ)·g⊙g, Δ = −√(s + ε)/√(h + ε)·g, s ← ρ·s + (1 − ρ)·Δ⊙Δ, W ← W + Δ.
//!   No data needed: `cargo test -p ch06-techniques -- --ignored ex6_1`
//! - **6.2 AMSGrad** — implement `update` for [`AmsGrad`]: Adam's m and v, but the step is
//!   divided by the largest v seen so far, v̂ ← max(v̂, v), so that it never grows back.
//!   No data needed: `cargo test -p ch06-techniques -- --ignored ex6_2`
//! - **6.3 Where batch normalisation goes** — implement [`hidden_block`], the layers of one
//!   hidden layer with batch normalisation before the activation (as the book puts it) or
//!   after it. [`compare_bn_placement`] trains one network of each kind and returns both
//!   accuracies; the second test checks that both learn. Which is better on your run? (The
//!   original paper normalises before the activation; many people find after works as well.)
//!   The second test needs MNIST (`MNIST_DIR`, or the cache that `cargo run -p ch03-inference`
//!   downloads it to): `cargo test -p ch06-techniques -- --ignored ex6_3 --nocapture`
//! - **6.4 Folding batch normalisation away** — implement [`fold_batch_norm`]: at inference,
//!   an affine layer followed by batch normalisation is one affine layer with other weights.
//!   No data needed: `cargo test -p ch06-techniques -- --ignored ex6_4`
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
/// `train_size` MNIST images for `epochs` epochs (SGD, learning rate 0.1, batch 100),
/// one with batch normalisation before each activation and one with it after, and
/// returns their test accuracies on the first 1000 test images: (before, after).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::{f, optimizer_path};
    use approx::assert_abs_diff_eq;
    use common::layers::{Affine, BatchNormalization};
    use common::optimizer::Optimizer;
    use ndarray::{arr1, arr2};

    /// `n` updates of one parameter "W" from `w`, with the gradient `g` every time.
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
    fn ex6_1_adadelta_matches_two_steps_worked_by_hand() {
        // ρ = 0.9, ε = 0.01, W = 0, g = 1 twice.
        // Step 1: h = 0.1, Δ = −√0.01/√0.11 = −0.3015113, s = 0.1·Δ² = 0.1·0.01/0.11.
        // Step 2: h = 0.19, Δ = −√(s + 0.01)/√0.2.
        let step1 = -(0.01f64 / 0.11).sqrt();
        let s1 = 0.1 * 0.01 / 0.11;
        let step2 = -((s1 + 0.01) / 0.2f64).sqrt();
        assert_abs_diff_eq!(steps(&mut AdaDelta::new(0.9, 0.01), 0.0, 1.0, 1), step1, epsilon = 1e-12);
        assert_abs_diff_eq!(
            steps(&mut AdaDelta::new(0.9, 0.01), 0.0, 1.0, 2),
            step1 + step2,
            epsilon = 1e-12
        );
    }

    #[test]
    #[ignore = "exercise 6.1"]
    fn ex6_1_adadelta_steps_do_not_scale_with_the_gradient() {
        // No learning rate: the first step is −√ε/√((1 − ρ)g² + ε)·g ≈ −√(ε/(1 − ρ)) for any
        // large g, here −√(1e-6/0.05) = −0.004472.
        let first = |g: f64| steps(&mut AdaDelta::new(0.95, 1e-6), 0.0, g, 1);
        assert_abs_diff_eq!(first(1.0), -(1e-6f64 / 0.05).sqrt(), epsilon = 1e-7);
        assert_abs_diff_eq!(first(1000.0), -(1e-6f64 / 0.05).sqrt(), epsilon = 1e-9);
        let path = optimizer_path(&mut AdaDelta::new(0.9, 0.01), 100);
        let (x, y) = *path.last().unwrap();
        assert!(f(x, y) < 1e-4, "AdaDelta ends at ({x}, {y})");
    }

    #[test]
    #[ignore = "exercise 6.2"]
    fn ex6_2_amsgrad_matches_two_steps_worked_by_hand() {
        // η = 0.1, β₁ = 0.9, β₂ = 0.999, W = 0; g = 10, then 0.1.
        // Step 1: m = 1, v = v̂ = 0.1, W = −0.1·1/(√0.1 + 1e-7).
        // Step 2: m = 0.9 + 0.01 = 0.91, v = 0.0999 + 0.00001 = 0.09991 < v̂, so v̂ stays 0.1:
        //         W = W − 0.1·0.91/(√0.1 + 1e-7).
        let mut opt = AmsGrad::new(0.1);
        let mut w = arr1(&[0.0]).into_dyn();
        opt.update(vec![Param::new("W", &mut w, &arr1(&[10.0]).into_dyn())]);
        let step1 = -0.1 / (0.1f64.sqrt() + 1e-7);
        assert_abs_diff_eq!(w[[0]], step1, epsilon = 1e-12);
        opt.update(vec![Param::new("W", &mut w, &arr1(&[0.1]).into_dyn())]);
        assert_abs_diff_eq!(w[[0]], step1 - 0.1 * 0.91 / (0.1f64.sqrt() + 1e-7), epsilon = 1e-12);
        assert_abs_diff_eq!(opt.v["W"][[0]], 0.09991, epsilon = 1e-15);
        assert_abs_diff_eq!(opt.v_hat["W"][[0]], 0.1, epsilon = 1e-15);
    }

    #[test]
    #[ignore = "exercise 6.2"]
    fn ex6_2_amsgrads_denominator_never_shrinks_and_it_walks_down_the_bowl() {
        // One large gradient, then small ones: v decays, v̂ stays at the largest v.
        let mut opt = AmsGrad::new(0.1);
        let mut w = arr1(&[0.0]).into_dyn();
        let mut last_v_hat = 0.0;
        for step in 0..200 {
            let g = if step == 0 { 10.0 } else { 0.1 };
            opt.update(vec![Param::new("W", &mut w, &arr1(&[g]).into_dyn())]);
            let (v, v_hat) = (opt.v["W"][[0]], opt.v_hat["W"][[0]]);
            assert!(v_hat >= last_v_hat && v_hat >= v, "step {step}: v {v}, v̂ {v_hat}, before {last_v_hat}");
            last_v_hat = v_hat;
        }
        assert!(opt.v["W"][[0]] < 0.09, "v has decayed");
        assert_abs_diff_eq!(last_v_hat, 0.1, epsilon = 1e-15);
        let path = optimizer_path(&mut AmsGrad::new(0.3), 100);
        let (x, y) = *path.last().unwrap();
        assert!(f(x, y) < 0.01, "AMSGrad ends at ({x}, {y})");
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
        let data = common::data::mnist_for_tests::<f32>(Default::default());
        let (before, after) = compare_bn_placement(&data, 2000, 3, 1);
        println!("test accuracy: BN before ReLU {before:.3}, after ReLU {after:.3}");
        assert!(before > 0.8 && after > 0.8, "both learn: {before} {after}");
    }

    #[test]
    #[ignore = "exercise 6.4"]
    fn ex6_4_folding_gives_hand_worked_weights() {
        // Feature 0: s = 3/√4 = 1.5, W′ = 2·1.5, b′ = (1 − 1)·1.5 + 0.5.
        // Feature 1: s = 1/√1 = 1, W′ = −1, b′ = (0 − (−2))·1 + 0.
        let affine = Affine::new(arr2(&[[2.0, -1.0]]), arr1(&[1.0, 0.0]));
        let mut bn = BatchNormalization::with_params(arr1(&[3.0, 1.0]), arr1(&[0.5, 0.0]));
        bn.running_mean = arr1(&[1.0, -2.0]);
        bn.running_var = arr1(&[4.0 - common::layers::BN_EPS, 1.0 - common::layers::BN_EPS]);
        let folded = fold_batch_norm(&affine, &bn);
        assert_abs_diff_eq!(folded.w, arr2(&[[3.0, -1.0]]).into_dyn(), epsilon = 1e-12);
        assert_abs_diff_eq!(folded.b, arr1(&[0.5, 2.0]).into_dyn(), epsilon = 1e-12);
    }

    #[test]
    #[ignore = "exercise 6.4"]
    fn ex6_4_the_folded_layer_computes_what_affine_then_batch_norm_compute() {
        let mut rng = seeded(64);
        let mut affine = init_affines::<f64>(&[5, 4], WeightInit::He, &mut rng).pop().unwrap();
        let gamma = common::init::gaussian::<f64>(&[4], 1.0, &mut rng).iter().copied().collect();
        let beta = common::init::gaussian::<f64>(&[4], 1.0, &mut rng).iter().copied().collect();
        let mut bn = BatchNormalization::with_params(gamma, beta);
        // Some training batches, so that the running mean and variance are not 0 and 1.
        for _ in 0..20 {
            let x = common::init::gaussian::<f64>(&[16, 5], 2.0, &mut rng).mapv(|v| v + 1.0);
            bn.forward(&affine.forward(&x, true), true);
        }
        let mut folded = fold_batch_norm(&affine, &bn);
        assert_eq!(folded.w.shape(), &[5, 4]);
        let x = common::init::gaussian::<f64>(&[7, 5], 2.0, &mut rng);
        let two_layers = bn.forward(&affine.forward(&x, false), false);
        assert_abs_diff_eq!(folded.forward(&x, false), two_layers, epsilon = 1e-12);
    }
}
