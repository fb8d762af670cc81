//! Reference solutions of chapter 5's exercises (built with `--features solutions`).

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
        dout * self.out
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
        -dout * self.out * self.out
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

    let dy = 1.0;
    let d_denominator = reciprocal.backward(dy);
    let (d_exp, _) = add.backward(d_denominator);
    let d_minus_x = exp.backward(d_exp);
    let (dx, _) = neg.backward(d_minus_x);
    SigmoidGraph { y, d_denominator, d_exp, d_minus_x, dx }
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
        let alpha = self.alpha;
        let out = x.mapv(|v| if v > F::zero() { v } else { alpha * v.exp_m1() });
        self.out = Some(out.clone());
        out
    }

    /// dx = dout where y > 0, dout·(y + α) elsewhere.
    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let y = self.out.as_ref().expect("backward called before forward");
        let alpha = self.alpha;
        Zip::from(dout).and(y).map_collect(|&d, &y| if y > F::zero() { d } else { d * (y + alpha) })
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
        let y = self.out.as_ref().expect("backward called before forward");
        let (y2, dout2) = (view2(y), view2(dout)); // (N, classes)
        let dot = (&dout2 * &y2).sum_axis(Axis(1)).insert_axis(Axis(1)); // (N, 1)
        let dx: Array2<F> = &y2 * &(&dout2 - &dot); // (N, classes)
        dx.into_shape_with_order(IxDyn(y.shape())).expect("dx has y's size")
    }
}
// ANCHOR_END: ex5_3

// ---------------------------------------------------------------------------------------
// Exercise 5.4: a scale-and-shift layer.

// ANCHOR: ex5_4
/// A learnt scale and shift for each feature: y = x ⊙ γ + β on (N, D), the last step of
/// batch normalisation on its own.
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
        let x = self.x.as_ref().expect("backward called before forward");
        self.dgamma = (dout * x).sum_axis(Axis(0)); // (D,)
        self.dbeta = dout.sum_axis(Axis(0)); // (D,)
        dout * &self.gamma // (N, D)
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
/// The sigmoid and the binary cross-entropy as one layer, for N scores x with 0/1 targets t:
/// y = sigmoid(x), L = −(1/N) Σ [t·ln y + (1 − t)·ln(1 − y)].
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
        let n = F::lit(x.len() as f64);
        let softplus = |v: F| v.max(F::zero()) + (-v.abs()).exp().ln_1p();
        let loss = Zip::from(x).and(t).fold(F::zero(), |sum, &x, &t| sum + softplus(x) - t * x) / n;
        self.y = Some(common::functions::sigmoid(x));
        self.t = Some(t.clone());
        loss
    }

    /// dx = (y − t) / N
    pub fn backward(&mut self) -> ArrayD<F> {
        let (y, t) = (self.y.as_ref(), self.t.as_ref());
        let (y, t) = y.zip(t).expect("backward called before forward");
        (y - t) / F::lit(y.len() as f64)
    }
}
// ANCHOR_END: ex5_5
