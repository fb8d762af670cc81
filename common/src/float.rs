//! The float type a network computes in.
//!
//! Training runs in `f32` (fast, and what PyTorch uses); gradient checks run the very same
//! code in `f64`, which is what lets backprop and numerical gradients agree to ~1e-10.
//! One trait bundles everything a layer needs of its numbers, so a bound is one word:
//! `fn forward<F: Float>(…)`.

use std::fmt::{Debug, Display};
use std::iter::Sum;
use std::ops::{AddAssign, DivAssign, MulAssign, SubAssign};

use ndarray::{LinalgScalar, ScalarOperand};

/// `f32` or `f64`: a float that ndarray can multiply, that reads and writes `.npy`, and
/// that can be shared between threads.
pub trait Float:
    num_traits::Float
    + num_traits::FromPrimitive
    + LinalgScalar
    + ScalarOperand
    + AddAssign
    + SubAssign
    + MulAssign
    + DivAssign
    + Sum
    + for<'a> Sum<&'a Self>
    + Debug
    + Display
    + Default
    + Send
    + Sync
    + ndarray_npy::ReadableElement
    + ndarray_npy::WritableElement
    + 'static
{
    /// A literal in this float type: `F::lit(0.5)` reads better than `F::from(0.5).unwrap()`.
    fn lit(x: f64) -> Self;

    /// This number as an `f64`, for printing and for plots.
    fn to_f64_lossy(self) -> f64;
}

impl Float for f32 {
    #[inline]
    fn lit(x: f64) -> Self {
        x as f32
    }
    #[inline]
    fn to_f64_lossy(self) -> f64 {
        self as f64
    }
}

impl Float for f64 {
    #[inline]
    fn lit(x: f64) -> Self {
        x
    }
    #[inline]
    fn to_f64_lossy(self) -> f64 {
        self
    }
}
