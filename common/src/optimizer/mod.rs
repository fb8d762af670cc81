//! Optimizers: the rules that turn gradients into parameter updates.
//!
//! Each keeps its state (velocities, squared-gradient sums, …) in a map keyed by the
//! parameter's name, as the book keeps `self.v[key]`.

use crate::Float;
use crate::layers::Param;

mod sgd;

pub use sgd::Sgd;

// ANCHOR: optimizer_trait
/// An update rule: given each parameter and its gradient, move the parameter.
pub trait Optimizer<F: Float> {
    /// Updates every parameter in place, from the gradients beside them.
    fn update(&mut self, params: Vec<Param<'_, F>>);
}
// ANCHOR_END: optimizer_trait
