//! Chapter 5's exercises: replace each `todo!()` below (marked `TODO(ex 5.N)`), then run
//! `cargo test -p ch05-backprop -- --ignored ex5_N`. Solutions: `solutions.rs`.

// Until you fill them in, some inputs and fields are not used yet.
#![allow(unused_variables, unused_imports, dead_code, unused_mut)]

use ndarray::{Array2, ArrayD, Axis, IxDyn, Zip};

use common::layers::Param;
use common::linalg::view2;
use common::{Float, Layer};

use super::SigmoidGraph;
use crate::layer_naive::{AddLayer, MulLayer};

// ---------------------------------------------------------------------------------------
// Exercise 5.1: the sigmoid as a graph of nodes.

// ANCHOR: ex5_1
/// An exponential node: y = eˣ. Its local derivative is eˣ = y itself.
#[derive(Debug, Default, Clone)]
pub struct ExpLayer {
    out: f64, // y, kept for backward
}

impl ExpLayer {
    /// A new exponential node.
    pub fn new() -> Self {
        Self::default()
    }

    /// y = eˣ; keeps y.
    pub fn forward(&mut self, x: f64) -> f64 {
        self.out = x.exp();
        self.out
    }

    /// dx = dout · y
    pub fn backward(&self, dout: f64) -> f64 {
        // TODO(ex 5.1): the upstream gradient times the local derivative, eˣ, which
        // forward kept as `self.out`.
        todo!("exercise 5.1")
    }
}

/// A reciprocal node: y = 1/x. Its local derivative is −1/x² = −y².
#[derive(Debug, Default, Clone)]
pub struct ReciprocalLayer {
    out: f64, // y, kept for backward
}

impl ReciprocalLayer {
    /// A new reciprocal node.
    pub fn new() -> Self {
        Self::default()
    }

    /// y = 1/x; keeps y.
    pub fn forward(&mut self, x: f64) -> f64 {
        self.out = 1.0 / x;
        self.out
    }

    /// dx = −dout · y²
    pub fn backward(&self, dout: f64) -> f64 {
        // TODO(ex 5.1): the upstream gradient times the local derivative, −1/x² = −y².
        todo!("exercise 5.1")
    }
}

/// The sigmoid y = 1 / (1 + exp(−x)) as the book draws it, in four nodes
/// (×−1, exp, +1, /), run forward and then backward from ∂y/∂y = 1.
pub fn sigmoid_graph(x: f64) -> SigmoidGraph {
    let mut neg = MulLayer::new();
    let mut exp = ExpLayer::new();
    let mut add = AddLayer::new();
    let mut reciprocal = ReciprocalLayer::new();

    let minus_x = neg.forward(x, -1.0);
    let e = exp.forward(minus_x);
    let denominator = add.forward(e, 1.0);
    let y = reciprocal.forward(denominator);

    // TODO(ex 5.1): start from dy = 1.0 and call each node's `backward` in the reverse
    // order of the forward pass: reciprocal, add, exp, neg. `add` and `neg` return the
    // gradients of both their inputs; keep the one on the path from x (the first).
    // Return y and the four gradients in a `SigmoidGraph`.
    todo!("exercise 5.1")
}
// ANCHOR_END: ex5_1

// ---------------------------------------------------------------------------------------
// Exercise 5.2: an ELU layer.

// ANCHOR: ex5_2
/// ELU as a layer: y = x where x > 0, α(eˣ − 1) elsewhere.
#[derive(Debug, Clone)]
pub struct Elu<F> {
    /// α: the value y tends to as x → −∞ is −α.
    pub alpha: F,
    out: Option<ArrayD<F>>, // y, kept for backward
}

impl<F: Float> Elu<F> {
    /// An ELU layer with the given α.
    pub fn new(alpha: F) -> Self {
        Elu { alpha, out: None }
    }
}

impl<F: Float> Layer<F> for Elu<F> {
    /// y = x if x > 0, else α(eˣ − 1); keeps y.
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        // TODO(ex 5.2): map each element (`x.mapv(|v| …)`; `v.exp_m1()` is eᵛ − 1,
        // exact even for tiny v); keep a copy of y in `self.out`.
        todo!("exercise 5.2")
    }

    /// dx = dout where y > 0, dout·(y + α) elsewhere.
    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        // TODO(ex 5.2): where x ≤ 0, ∂y/∂x = αeˣ = y + α. Walk dout and y together
        // (`ndarray::Zip::from(dout).and(y).map_collect(|&d, &y| …)`).
        todo!("exercise 5.2")
    }
}
// ANCHOR_END: ex5_2

// ---------------------------------------------------------------------------------------
// Exercise 5.3: a Softmax layer.

// ANCHOR: ex5_3
/// Softmax as a layer of its own, row by row on (N, classes).
#[derive(Debug, Default, Clone)]
pub struct Softmax<F> {
    out: Option<ArrayD<F>>, // y, kept for backward
}

impl<F: Float> Softmax<F> {
    /// A new softmax layer.
    pub fn new() -> Self {
        Softmax { out: None }
    }
}

impl<F: Float> Layer<F> for Softmax<F> {
    /// yₖ = exp(xₖ) / Σᵢ exp(xᵢ) in each row; keeps y.
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        let out = common::functions::softmax(x);
        self.out = Some(out.clone());
        out
    }

    /// dx = y ⊙ (dout − Σₖ doutₖ·yₖ), the sum taken in each row.
    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        // TODO(ex 5.3): with y from `self.out` and both seen as (N, classes) matrices
        // (`view2`): the sum of dout ⊙ y over each row (`sum_axis(Axis(1))`, then
        // `insert_axis(Axis(1))` to make it (N, 1) so that it broadcasts), then
        // y ⊙ (dout − that sum). Give it back as an ArrayD (`into_dyn`).
        todo!("exercise 5.3")
    }
}
// ANCHOR_END: ex5_3

// ---------------------------------------------------------------------------------------
// Exercise 5.4: a scale-and-shift layer.

// ANCHOR: ex5_4
/// A learnt scale and shift for each feature: y = x ⊙ γ + β on (N, D), the last step
/// of batch normalisation on its own.
#[derive(Debug, Clone)]
pub struct ScaleShift<F> {
    pub gamma: ArrayD<F>,  // (D,)
    pub beta: ArrayD<F>,   // (D,)
    pub dgamma: ArrayD<F>, // (D,)
    pub dbeta: ArrayD<F>,  // (D,)
    x: Option<ArrayD<F>>,  // the input, (N, D)
}

impl<F: Float> ScaleShift<F> {
    /// A scale-and-shift layer with the given γ and β (both of length D).
    pub fn new(gamma: ArrayD<F>, beta: ArrayD<F>) -> Self {
        let (dgamma, dbeta) = (gamma.mapv(|_| F::zero()), beta.mapv(|_| F::zero()));
        ScaleShift { gamma, beta, dgamma, dbeta, x: None }
    }
}

impl<F: Float> Layer<F> for ScaleShift<F> {
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        // γ and β are broadcast over the rows.
        let out = x * &self.gamma + &self.beta; // (N, D)
        self.x = Some(x.clone());
        out
    }

    /// dx = dout ⊙ γ, dγ = Σₙ dout ⊙ x, dβ = Σₙ dout.
    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        // TODO(ex 5.4): γ and β were broadcast over the N rows in forward, so their
        // gradients add up over the rows (`sum_axis(Axis(0))`). Store them in
        // self.dgamma and self.dbeta; return dx.
        todo!("exercise 5.4")
    }

    fn params(&mut self) -> Vec<Param<'_, F>> {
        vec![
            Param::new("gamma", &mut self.gamma, &self.dgamma),
            Param::new("beta", &mut self.beta, &self.dbeta),
        ]
    }
}
// ANCHOR_END: ex5_4

// ---------------------------------------------------------------------------------------
// Exercise 5.5: sigmoid with binary cross-entropy.

// ANCHOR: ex5_5
/// The sigmoid and the binary cross-entropy as one layer, for N scores x with 0/1
/// targets t: y = sigmoid(x), L = −(1/N) Σ [t·ln y + (1 − t)·ln(1 − y)].
#[derive(Debug, Default, Clone)]
pub struct SigmoidWithLoss<F> {
    y: Option<ArrayD<F>>, // sigmoid(x), kept for backward
    t: Option<ArrayD<F>>, // the targets, kept for backward
}

impl<F: Float> SigmoidWithLoss<F> {
    /// A new sigmoid-with-loss layer.
    pub fn new() -> Self {
        SigmoidWithLoss { y: None, t: None }
    }

    /// L = (1/N) Σ [softplus(x) − t·x], with
    /// softplus(x) = max(x, 0) + ln(1 + e^(−|x|)): the same number, without a
    /// logarithm of 0 for any x.
    pub fn forward(&mut self, x: &ArrayD<F>, t: &ArrayD<F>) -> F {
        // TODO(ex 5.5): add up softplus(xᵢ) − tᵢ·xᵢ over all elements
        // (`Zip::from(x).and(t).fold(F::zero(), |sum, &x, &t| …)`; `ln_1p` as in
        // softplus) and divide by N, the number of elements
        // (`F::lit(x.len() as f64)`). Keep sigmoid(x) and t for backward
        // (`common::functions::sigmoid`).
        todo!("exercise 5.5")
    }

    /// dx = (y − t) / N
    pub fn backward(&mut self) -> ArrayD<F> {
        // TODO(ex 5.5): the formula, with y and t kept by forward.
        todo!("exercise 5.5")
    }
}
// ANCHOR_END: ex5_5
