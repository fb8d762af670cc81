//! Numerical differentiation: the slope of a function from two nearby values.
//!
//! `numerical_diff` itself lives in `common::gradient` (chapter 5 checks backpropagation
//! against it). Here: the book's example functions, tangent lines, and what goes wrong with a
//! step that is too small or a difference that is one-sided.

use common::Float;
use common::gradient::numerical_diff;

// ANCHOR: function_1
/// The book's first example: y = 0.01x² + 0.1x. Its true slope is dy/dx = 0.02x + 0.1.
/// (x·x is computed first, as NumPy's `0.01*x**2` does, so the rounding matches the book's.)
pub fn function_1<F: Float>(x: F) -> F {
    F::lit(0.01) * (x * x) + F::lit(0.1) * x
}
// ANCHOR_END: function_1

// ANCHOR: tangent_line
/// The tangent of f at x, as a function: t ↦ f(x) + f′(x)·(t − x), with f′(x) computed
/// numerically.
pub fn tangent_line(f: impl Fn(f64) -> f64, x: f64) -> impl Fn(f64) -> f64 {
    let d = numerical_diff(&f, x);
    let y = f(x) - d * x;
    move |t| d * t + y
}
// ANCHOR_END: tangent_line

// ANCHOR: numerical_diff_bad
/// The derivative straight from its definition, with a "tiny" step: (f(x + h) − f(x)) / h,
/// h = 1e-50. Both choices are mistakes: in `f32`, 1e-50 rounds to 0 (so this is 0/0 = NaN);
/// in `f64`, x + 1e-50 rounds back to x (so this is 0).
pub fn numerical_diff_bad<F: Float>(f: impl Fn(F) -> F, x: F) -> F {
    let h = F::lit(1e-50);
    (f(x + h) - f(x)) / h
}
// ANCHOR_END: numerical_diff_bad

// ANCHOR: forward_and_central
/// Forward difference with step h: f′(x) ≈ (f(x + h) − f(x)) / h. Its error shrinks like h.
pub fn forward_diff<F: Float>(f: impl Fn(F) -> F, x: F, h: F) -> F {
    (f(x + h) - f(x)) / h
}

/// Central difference with step h: f′(x) ≈ (f(x + h) − f(x − h)) / 2h. Its error shrinks
/// like h² (the curvature terms of the two sides cancel).
pub fn central_diff<F: Float>(f: impl Fn(F) -> F, x: F, h: F) -> F {
    (f(x + h) - f(x - h)) / (F::lit(2.0) * h)
}
// ANCHOR_END: forward_and_central

/// One row of the step-size table: the error of each method at step h, for f = function_1
/// at x = 5 (true slope 0.2).
#[derive(Debug, Clone, Copy)]
pub struct StepRow {
    /// The step.
    pub h: f64,
    /// |forward difference − 0.2|, in `f64`.
    pub forward_f64: f64,
    /// |central difference − 0.2|, in `f64`.
    pub central_f64: f64,
    /// |central difference − 0.2|, in `f32`.
    pub central_f32: f64,
}

// ANCHOR: step_table
/// How the error of a numerical derivative depends on the step h: function_1 at x = 5,
/// h = 1e-1, 1e-2, …, 1e-`smallest`.
pub fn step_table(smallest: i32) -> Vec<StepRow> {
    let exact = 0.2;
    (1..=smallest)
        .map(|k| {
            let h = 10f64.powi(-k);
            let central_32 = central_diff(function_1::<f32>, 5.0, h as f32) as f64;
            StepRow {
                h,
                forward_f64: (forward_diff(function_1::<f64>, 5.0, h) - exact).abs(),
                central_f64: (central_diff(function_1::<f64>, 5.0, h) - exact).abs(),
                central_f32: (central_32 - exact).abs(),
            }
        })
        .collect()
}
// ANCHOR_END: step_table

// ANCHOR: partials
/// f(x0, x1) = x0² + x1² with x1 held at 4: a function of x0 alone.
pub fn function_tmp1(x0: f64) -> f64 {
    x0 * x0 + 4.0_f64.powi(2)
}

/// f(x0, x1) = x0² + x1² with x0 held at 3: a function of x1 alone.
pub fn function_tmp2(x1: f64) -> f64 {
    3.0_f64.powi(2) + x1 * x1
}
// ANCHOR_END: partials

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn numerical_diff_of_function_1_is_the_books_0_2_and_0_3() {
        assert_abs_diff_eq!(numerical_diff(function_1::<f64>, 5.0), 0.2, epsilon = 1e-9);
        assert_abs_diff_eq!(numerical_diff(function_1::<f64>, 10.0), 0.3, epsilon = 1e-9);
        // Central difference in f64 loses about 1e-12 to rounding; computed in the same order
        // as NumPy (0.01 * x**2 + 0.1 * x), it loses exactly what the book prints.
        assert_eq!(numerical_diff(function_1::<f64>, 5.0), 0.1999999999990898);
        assert_eq!(numerical_diff(function_1::<f64>, 10.0), 0.2999999999986347);
    }

    #[test]
    fn the_tangent_line_touches_the_curve_with_its_slope() {
        let t = tangent_line(function_1::<f64>, 5.0);
        assert_abs_diff_eq!(t(5.0), 0.75, epsilon = 1e-9);
        assert_abs_diff_eq!(t(6.0) - t(5.0), 0.2, epsilon = 1e-9);
    }

    #[test]
    fn a_step_of_1e_minus_50_fails_in_both_precisions() {
        assert!(numerical_diff_bad(function_1::<f32>, 5.0).is_nan(), "f32: 1e-50 is 0, so 0/0");
        assert_eq!(numerical_diff_bad(function_1::<f64>, 5.0), 0.0, "f64: 5 + 1e-50 == 5");
        assert_eq!(1e-50_f64 as f32, 0.0);
    }

    #[test]
    fn forward_difference_is_off_by_the_curvature_times_half_the_step() {
        // For 0.01x² + 0.1x the forward error is exactly 0.01·h (f″/2 · h); central has none.
        let rows = step_table(8);
        for row in &rows[..4] {
            assert_abs_diff_eq!(row.forward_f64, 0.01 * row.h, epsilon = 1e-9);
            assert!(row.central_f64 < 1e-10, "{row:?}");
        }
        // Rounding makes very small steps worse, and f32 much worse.
        assert!(rows[7].central_f64 > rows[3].central_f64);
        assert!(rows[3].central_f32 > 100.0 * rows[3].central_f64);
    }

    #[test]
    fn the_partial_derivatives_at_3_4_are_6_and_8() {
        assert_abs_diff_eq!(numerical_diff(function_tmp1, 3.0), 6.0, epsilon = 1e-9);
        assert_abs_diff_eq!(numerical_diff(function_tmp2, 4.0), 8.0, epsilon = 1e-9);
    }
}
