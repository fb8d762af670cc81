//! Initial values for weights.

use ndarray::{ArrayD, IxDyn};
use rand::Rng;
use rand_distr::StandardNormal;

use crate::Float;

// ANCHOR: gaussian
/// An array of the given shape filled with samples of N(0, std²): the book's
/// `std * np.random.randn(*shape)`.
pub fn gaussian<F: Float>(shape: &[usize], std: f64, rng: &mut impl Rng) -> ArrayD<F> {
    ArrayD::from_shape_simple_fn(IxDyn(shape), || F::lit(std * rng.sample::<f64, _>(StandardNormal)))
}
// ANCHOR_END: gaussian
