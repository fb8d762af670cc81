//! Your turn: replace each `todo!()` with code, then run the exercise's tests
//! (`cargo test -p ch06-techniques -- --ignored ex6_1`, and so on).

#![allow(unused_variables, unused_imports)]

use std::collections::HashMap;

use common::Float;
use common::Param;
use common::layers::{Affine, BN_EPS, BatchNormalization, Relu};
use common::linalg::view2;
use common::optimizer::Optimizer;
use ndarray::{Array1, ArrayD, Zip};

use super::{BnPlacement, BoxedLayer};

/// AdaDelta (exercise 6.1).
#[derive(Debug, Clone)]
pub struct AdaDelta<F> {
    /// ρ, how much of h and s survives a step.
    pub rho: F,
    /// ε, inside both square roots.
    pub eps: F,
    /// h, the moving average of g⊙g, for each parameter name.
    pub h: HashMap<String, ArrayD<F>>,
    /// s, the moving average of Δ⊙Δ, for each parameter name.
    pub s: HashMap<String, ArrayD<F>>,
}

impl<F: Float> AdaDelta<F> {
    /// AdaDelta with decay rate ρ and ε.
    pub fn new(rho: F, eps: F) -> Self {
        AdaDelta { rho, eps, h: HashMap::new(), s: HashMap::new() }
    }
}

// ANCHOR: ex6_1
impl<F: Float> Optimizer<F> for AdaDelta<F> {
    fn update(&mut self, params: Vec<Param<'_, F>>) {
        // TODO(ex 6.1): for each parameter p (p.name, p.value, p.grad):
        //   take h = self.h[p.name] and s = self.s[p.name], zeros shaped like
        //   p.value the first time (`entry(p.name.clone()).or_insert_with(…)`);
        //   then, element by element:
        //     h ← ρ·h + (1 − ρ)·g²
        //     Δ = −√(s + ε) / √(h + ε) · g
        //     s ← ρ·s + (1 − ρ)·Δ²
        //     W ← W + Δ
        //   (`ndarray::Zip::from(&mut *p.value).and(h).and(s).and(p.grad)` walks the
        //   four arrays together: `.for_each(|w, h, s, &g| …)`.)
        let _ = (self, params);
        todo!("exercise 6.1")
    }
}
// ANCHOR_END: ex6_1

/// AMSGrad (exercise 6.2).
#[derive(Debug, Clone)]
pub struct AmsGrad<F> {
    /// The learning rate η.
    pub lr: F,
    /// β₁, how much of m survives a step.
    pub beta1: F,
    /// β₂, how much of v survives a step.
    pub beta2: F,
    /// m, the moving average of g, for each parameter name.
    pub m: HashMap<String, ArrayD<F>>,
    /// v, the moving average of g⊙g, for each parameter name.
    pub v: HashMap<String, ArrayD<F>>,
    /// v̂, the largest v so far, for each parameter name.
    pub v_hat: HashMap<String, ArrayD<F>>,
}

impl<F: Float> AmsGrad<F> {
    /// AMSGrad with learning rate `lr`, β₁ = 0.9, β₂ = 0.999.
    pub fn new(lr: F) -> Self {
        AmsGrad {
            lr,
            beta1: F::lit(0.9),
            beta2: F::lit(0.999),
            m: HashMap::new(),
            v: HashMap::new(),
            v_hat: HashMap::new(),
        }
    }
}

// ANCHOR: ex6_2
impl<F: Float> Optimizer<F> for AmsGrad<F> {
    fn update(&mut self, params: Vec<Param<'_, F>>) {
        // TODO(ex 6.2): for each parameter, with m, v and v̂ zero the first time,
        // element by element (ε = 1e-7):
        //   m ← β₁·m + (1 − β₁)·g
        //   v ← β₂·v + (1 − β₂)·g²
        //   v̂ ← max(v̂, v)
        //   W ← W − η·m / (√v̂ + ε)
        let _ = (self, params);
        todo!("exercise 6.2")
    }
}
// ANCHOR_END: ex6_2

// ANCHOR: ex6_3
/// The layers of one hidden layer of exercise 6.3.
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
/// An affine layer followed by batch normalisation at inference, as one affine layer:
/// W′ = W·diag(s), b′ = (b − μ) ⊙ s + β, with s = γ / √(var + ε) and μ, var the running
/// statistics.
pub fn fold_batch_norm<F: Float>(affine: &Affine<F>, bn: &BatchNormalization<F>) -> Affine<F> {
    // TODO(ex 6.4): s = γ / √(running_var + ε) with ε = BN_EPS (F::lit(BN_EPS));
    // multiply column j of W by sⱼ (`view2(&affine.w)` is W as a (D, M) matrix, and
    // a (D, M) matrix times an (M,) vector broadcasts over the rows); then b′. γ, β
    // and b are ArrayD of one axis: `a.iter().copied().collect::<Array1<F>>()` makes
    // an Array1 of one. Return Affine::new(W′, b′).
    let _ = (affine, bn);
    todo!("exercise 6.4")
}
// ANCHOR_END: ex6_4
