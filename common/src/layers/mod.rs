//! Layers: each one a node of the computational graph, with a forward pass that computes
//! y = f(x) and a backward pass that turns ∂L/∂y into ∂L/∂x (and ∂L/∂W for its weights).
//!
//! One file a layer. Every layer has a test that checks its backward pass against
//! numerical gradients in `f64` ([`crate::gradient::gradient_check_layer`]).

use ndarray::ArrayD;

use crate::Float;

mod affine;
mod batch_norm;
mod convolution;
mod dropout;
mod geometry;
mod pooling;
mod relu;
mod residual;
mod sigmoid;
mod softmax_with_loss;
mod subsampling;
mod tanh;

pub use affine::Affine;
pub use batch_norm::{BN_EPS, BatchNormalization};
pub use convolution::Convolution;
pub use dropout::Dropout;
pub use geometry::{Block, Geometry, Shaped, receptive_field};
pub use pooling::Pooling;
pub use relu::Relu;
pub use residual::Residual;
pub use sigmoid::Sigmoid;
pub use softmax_with_loss::SoftmaxWithLoss;
pub use subsampling::Subsampling;
pub use tanh::Tanh;

// ANCHOR: layer_trait
/// A layer of a network. Arrays are n-dimensional (`ArrayD`), so an affine layer can take
/// the 4-D output of a convolution; inside, a layer views them as the shape it needs.
pub trait Layer<F: Float> {
    /// y = f(x); keeps in `self` what backward needs. `train` is false at inference
    /// (dropout and batch normalisation behave differently then).
    fn forward(&mut self, x: &ArrayD<F>, train: bool) -> ArrayD<F>;

    /// Takes ∂L/∂y, stores ∂L/∂(own parameters), returns ∂L/∂x.
    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F>;

    /// The layer's parameters with their gradients, named as in the book ("W", "b",
    /// "gamma", "beta"). A layer without parameters returns none.
    fn params(&mut self) -> Vec<Param<'_, F>> {
        Vec::new()
    }
}
// ANCHOR_END: layer_trait

// ANCHOR: param
/// One parameter array of a network, lent to an optimizer: its value (to update) and the
/// gradient of the loss with respect to it (from the last backward pass).
#[derive(Debug)]
pub struct Param<'a, F> {
    /// The book's key: "W", "b" inside a layer; "W1", "b1", … once a network numbers them.
    pub name: String,
    /// The parameter itself, updated in place.
    pub value: &'a mut ArrayD<F>,
    /// ∂L/∂value, the same shape.
    pub grad: &'a ArrayD<F>,
}
// ANCHOR_END: param

impl<'a, F> Param<'a, F> {
    /// A parameter called `name`.
    pub fn new(name: impl Into<String>, value: &'a mut ArrayD<F>, grad: &'a ArrayD<F>) -> Self {
        Param { name: name.into(), value, grad }
    }

    /// The same parameter under a numbered name: "W" with suffix 1 becomes "W1".
    pub fn numbered(mut self, suffix: impl std::fmt::Display) -> Self {
        self.name = format!("{}{}", self.name, suffix);
        self
    }
}

/// The message for a backward pass called before any forward pass: a bug in the caller.
pub(crate) const BACKWARD_BEFORE_FORWARD: &str = "backward called before forward";

/// For tests: asserts that a and b have one shape and differ by at most `epsilon` anywhere.
#[cfg(test)]
#[track_caller]
pub(crate) fn assert_close<F: Float>(a: &ArrayD<F>, b: &ArrayD<F>, epsilon: f64) {
    let diff = crate::gradient::max_abs_diff(a, b).to_f64_lossy();
    assert!(diff <= epsilon, "max |a − b| = {diff:e} > {epsilon:e}");
}
