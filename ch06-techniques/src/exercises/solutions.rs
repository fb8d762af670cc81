//! Reference solutions. Try the exercises first!

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
        let (rho, eps, one) = (self.rho, self.eps, F::one());
        for p in params {
            let h = self.h.entry(p.name.clone()).or_insert_with(|| ArrayD::zeros(p.value.raw_dim()));
            let s = self.s.entry(p.name.clone()).or_insert_with(|| ArrayD::zeros(p.value.raw_dim()));
            Zip::from(&mut *p.value).and(h).and(s).and(p.grad).for_each(|w, h, s, &g| {
                *h = rho * *h + (one - rho) * g * g;
                let delta = -(*s + eps).sqrt() / (*h + eps).sqrt() * g;
                *s = rho * *s + (one - rho) * delta * delta;
                *w += delta;
            });
        }
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
        let (lr, b1, b2, eps, one) = (self.lr, self.beta1, self.beta2, F::lit(1e-7), F::one());
        for p in params {
            let zeros = || ArrayD::zeros(p.value.raw_dim());
            let m = self.m.entry(p.name.clone()).or_insert_with(zeros);
            let v = self.v.entry(p.name.clone()).or_insert_with(zeros);
            let v_hat = self.v_hat.entry(p.name.clone()).or_insert_with(zeros);
            Zip::from(&mut *p.value).and(m).and(v).and(v_hat).and(p.grad).for_each(|w, m, v, v_hat, &g| {
                *m = b1 * *m + (one - b1) * g;
                *v = b2 * *v + (one - b2) * g * g;
                *v_hat = v_hat.max(*v);
                *w -= lr * *m / (v_hat.sqrt() + eps);
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
/// An affine layer followed by batch normalisation at inference, as one affine layer:
/// W′ = W·diag(s), b′ = (b − μ) ⊙ s + β, with s = γ / √(var + ε) and μ, var the running
/// statistics.
pub fn fold_batch_norm<F: Float>(affine: &Affine<F>, bn: &BatchNormalization<F>) -> Affine<F> {
    let one_d = |a: &ArrayD<F>| a.iter().copied().collect::<Array1<F>>();
    let (gamma, beta, b) = (one_d(&bn.gamma), one_d(&bn.beta), one_d(&affine.b)); // (M,) each
    let scale = &gamma / &bn.running_var.mapv(|v| (v + F::lit(BN_EPS)).sqrt()); // s, (M,)
    let w = &view2(&affine.w) * &scale; // (D, M): column j times sⱼ
    let b = (&b - &bn.running_mean) * &scale + &beta; // (M,)
    Affine::new(w, b)
}
// ANCHOR_END: ex6_4
