//! 3.5 Designing the output layer: softmax, the overflow of its naive form, and the fix.
//!
//! The functions are `common::functions::softmax_naive` and `common::functions::softmax`;
//! this file takes them apart into the steps the book prints.

use common::functions::{softmax, softmax_naive};
use ndarray::{Array1, ArrayView1};

/// The steps of softmax on the book's first example, as the book prints them.
#[derive(Debug, Clone)]
pub struct SoftmaxSteps {
    /// exp(aₖ) for each k.
    pub exp_a: Array1<f64>,
    /// Σᵢ exp(aᵢ).
    pub sum_exp_a: f64,
    /// yₖ = exp(aₖ) / Σᵢ exp(aᵢ).
    pub y: Array1<f64>,
}

// ANCHOR: softmax_steps
/// yₖ = exp(aₖ) / Σᵢ exp(aᵢ), one step at a time.
pub fn softmax_steps(a: ArrayView1<'_, f64>) -> SoftmaxSteps {
    let exp_a = a.mapv(f64::exp);
    let sum_exp_a = exp_a.sum();
    let y = &exp_a / sum_exp_a;
    SoftmaxSteps { exp_a, sum_exp_a, y }
}
// ANCHOR_END: softmax_steps

/// What happens to large inputs: the naive softmax, the inputs shifted by C = max a, and
/// the stable softmax.
#[derive(Debug, Clone)]
pub struct Overflow {
    /// The naive formula: exp overflows to inf, and inf / inf is NaN.
    pub naive: Array1<f64>,
    /// C = maxᵢ aᵢ.
    pub c: f64,
    /// a − C: every entry ≤ 0, so exp(a − C) ≤ 1.
    pub shifted: Array1<f64>,
    /// The stable softmax: exp(a − C) / Σᵢ exp(aᵢ − C).
    pub stable: Array1<f64>,
}

// ANCHOR: overflow
/// The book's overflow example, naive and stable.
pub fn overflow(a: ArrayView1<'_, f64>) -> Overflow {
    let naive = softmax_naive(a);
    let c = a.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    let shifted = a.mapv(|v| v - c);
    let stable = softmax(&a);
    Overflow { naive, c, shifted, stable }
}
// ANCHOR_END: overflow

/// The largest x whose exp(x) is still finite, in f32 and in f64 (ln of the largest number).
pub fn exp_limits() -> (f64, f64) {
    ((f32::MAX as f64).ln(), f64::MAX.ln())
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::arr1;

    #[test]
    fn softmax_steps_give_the_books_numbers() {
        let s = softmax_steps(arr1(&[0.3, 2.9, 4.0]).view());
        assert_abs_diff_eq!(s.exp_a, arr1(&[1.34985881, 18.17414537, 54.59815003]), epsilon = 5e-9);
        assert_abs_diff_eq!(s.sum_exp_a, 74.1221542102, epsilon = 1e-9);
        assert_abs_diff_eq!(s.y, arr1(&[0.01821127, 0.24519181, 0.73659691]), epsilon = 5e-9);
        assert_abs_diff_eq!(s.y.sum(), 1.0, epsilon = 1e-15);
    }

    #[test]
    fn the_naive_softmax_overflows_to_nan_and_the_stable_one_does_not() {
        let o = overflow(arr1(&[1010.0, 1000.0, 990.0]).view());
        assert!(o.naive.iter().all(|v| v.is_nan()), "{}", o.naive);
        assert_eq!(o.c, 1010.0);
        assert_eq!(o.shifted, arr1(&[0.0, -10.0, -20.0]));
        assert!(o.stable.iter().all(|v| v.is_finite()));
        assert_abs_diff_eq!(
            o.stable,
            arr1(&[9.99954600e-01, 4.53978686e-05, 2.06106005e-09]),
            epsilon = 5e-9
        );
        assert_abs_diff_eq!(o.stable.sum(), 1.0, epsilon = 1e-15);
        assert_eq!(
            crate::numpy_print::vector(o.stable.view()),
            "[9.99954600e-01 4.53978686e-05 2.06106005e-09]"
        );
    }

    #[test]
    fn exp_overflows_near_88_in_f32_and_709_in_f64() {
        let (f32_limit, f64_limit) = exp_limits();
        assert!((88.7..88.8).contains(&f32_limit) && (709.7..709.8).contains(&f64_limit));
        assert!(89.0f32.exp().is_infinite() && 88.0f32.exp().is_finite());
    }
}
