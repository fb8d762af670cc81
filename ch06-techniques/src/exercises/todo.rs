//! Your turn: replace each `todo!()` with code, then run the exercise's tests
//! (`cargo test -p ch06-techniques -- --ignored ex6_1`, and so on).

use std::collections::HashMap;

use common::Float;
use common::Param;
use common::layers::Affine;
use common::multi_layer_net::{MultiLayerNet, MultiLayerNetConfig};
use common::optimizer::Optimizer;
use ndarray::ArrayD;

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
        // TODO(ex 6.1): for each parameter p (p.name, p.value, p.grad):
        //   take h = self.h[p.name], zeros shaped like p.value the first time;
        //   h ← ρ·h + (1 − ρ)·g⊙g, then W ← W − η·g / (√h + 1e-7), element by element.
        //   (ndarray::Zip::from(&mut *p.value).and(h).and(p.grad).for_each(|w, h, &g| …) walks
        //   the three arrays together.)
        let _ = (self, params);
        todo!("exercise 6.1")
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
        // TODO(ex 6.2): for each parameter, with v zero the first time:
        //   v ← α·v − η·g
        //   W ← W + α²·v − (1 + α)·η·g
        let _ = (self, params);
        todo!("exercise 6.2")
    }
}
// ANCHOR_END: ex6_2

// ANCHOR: ex6_3
/// The layers of one hidden layer of exercise 6.3: `affine`, then batch normalisation
/// over its `features` outputs and a ReLU, in the order `placement` says.
pub fn hidden_block(placement: BnPlacement, affine: Affine<f32>, features: usize) -> Vec<BoxedLayer> {
    // TODO(ex 6.3): return three boxed layers: the affine layer, then
    //   BeforeActivation: BatchNormalization::new(features), Relu::new()
    //   AfterActivation:  Relu::new(), BatchNormalization::new(features)
    // (from common::layers; write Box::new(layer) for each).
    let _ = (placement, affine, features);
    todo!("exercise 6.3")
}
// ANCHOR_END: ex6_3

// ANCHOR: ex6_4
/// A network shaped by `config` whose weights all start at 0 (exercise 6.4).
pub fn zero_init_net(config: &MultiLayerNetConfig) -> MultiLayerNet<f64> {
    // TODO(ex 6.4): build the network (MultiLayerNet::new with any seeded generator), then
    //   set every weight matrix to 0: net.params() lends each parameter with its name
    //   ("W1", "b1", …) and `value`, an &mut ArrayD you can `.fill(0.0)`.
    let _ = config;
    todo!("exercise 6.4")
}
// ANCHOR_END: ex6_4
