//! Reference solutions. Try the exercises first!

use std::collections::HashMap;

use common::Float;
use common::layers::{Affine, BatchNormalization, Relu};
use common::multi_layer_net::{MultiLayerNet, MultiLayerNetConfig};
use common::optimizer::Optimizer;
use common::rng::seeded;
use common::{Net, Param};
use ndarray::{ArrayD, Zip};

use super::{BnPlacement, BoxedLayer};

/// RMSprop (exercise 6.1).
#[derive(Debug, Clone)]
pub struct RmsProp<F> {
    /// The learning rate η.
    pub lr: F,
    /// ρ, how much of h survives a step.
    pub decay_rate: F,
    /// h for each parameter name.
    pub h: HashMap<String, ArrayD<F>>,
}

impl<F: Float> RmsProp<F> {
    /// RMSprop with learning rate `lr` and decay rate ρ.
    pub fn new(lr: F, decay_rate: F) -> Self {
        RmsProp { lr, decay_rate, h: HashMap::new() }
    }
}

// ANCHOR: ex6_1
impl<F: Float> Optimizer<F> for RmsProp<F> {
    fn update(&mut self, params: Vec<Param<'_, F>>) {
        let (lr, rho, eps) = (self.lr, self.decay_rate, F::lit(1e-7));
        for p in params {
            let h = self.h.entry(p.name.clone()).or_insert_with(|| ArrayD::zeros(p.value.raw_dim()));
            Zip::from(&mut *p.value).and(h).and(p.grad).for_each(|w, h, &g| {
                *h = rho * *h + (F::one() - rho) * g * g;
                *w -= lr * g / (h.sqrt() + eps);
            });
        }
    }
}
// ANCHOR_END: ex6_1

/// Nesterov's accelerated gradient (exercise 6.2).
#[derive(Debug, Clone)]
pub struct Nesterov<F> {
    /// The learning rate η.
    pub lr: F,
    /// α.
    pub momentum: F,
    /// The velocity v of each parameter.
    pub v: HashMap<String, ArrayD<F>>,
}

impl<F: Float> Nesterov<F> {
    /// Nesterov with learning rate `lr` and momentum α.
    pub fn new(lr: F, momentum: F) -> Self {
        Nesterov { lr, momentum, v: HashMap::new() }
    }
}

// ANCHOR: ex6_2
impl<F: Float> Optimizer<F> for Nesterov<F> {
    fn update(&mut self, params: Vec<Param<'_, F>>) {
        let (lr, alpha) = (self.lr, self.momentum);
        for p in params {
            let v = self.v.entry(p.name.clone()).or_insert_with(|| ArrayD::zeros(p.value.raw_dim()));
            Zip::from(&mut *p.value).and(v).and(p.grad).for_each(|w, v, &g| {
                *v = alpha * *v - lr * g;
                *w += alpha * alpha * *v - (F::one() + alpha) * lr * g;
            });
        }
    }
}
// ANCHOR_END: ex6_2

// ANCHOR: ex6_3
/// The layers of one hidden layer of exercise 6.3.
pub fn hidden_block(placement: BnPlacement, affine: Affine<f32>, features: usize) -> Vec<BoxedLayer> {
    let bn: BoxedLayer = Box::new(BatchNormalization::new(features));
    let relu: BoxedLayer = Box::new(Relu::new());
    match placement {
        BnPlacement::BeforeActivation => vec![Box::new(affine), bn, relu],
        BnPlacement::AfterActivation => vec![Box::new(affine), relu, bn],
    }
}
// ANCHOR_END: ex6_3

// ANCHOR: ex6_4
/// A network shaped by `config` whose weights all start at 0 (exercise 6.4).
///
/// Why it cannot learn: all units of a hidden layer compute the same function of the same
/// input, so they output the same value; in the backward pass each receives the same
/// gradient (their outgoing weights are equal too) and so gets the same update. Nothing
/// ever tells them apart: a layer of 100 identical units is a layer of one unit, copied.
/// (With ReLU it is worse still: relu(0) = 0 and no gradient passes, so only the output
/// bias learns.) Random initial weights break this symmetry.
pub fn zero_init_net(config: &MultiLayerNetConfig) -> MultiLayerNet<f64> {
    let mut net = MultiLayerNet::new(config, &mut seeded(0)).expect("a valid configuration");
    for p in net.params() {
        if p.name.starts_with('W') {
            p.value.fill(0.0);
        }
    }
    net
}
// ANCHOR_END: ex6_4
