//! Gradients and gradient descent on f(x0, x1) = x0² + x1².

use ndarray::{Array1, Dimension, arr1};

use common::gradient::numerical_gradient;

// ANCHOR: function_2
/// f(x) = Σᵢ xᵢ², the book's function_2: a bowl whose lowest point is x = 0.
/// Its gradient is 2x, which points straight away from the bottom.
pub fn function_2<D: Dimension>(x: &ndarray::Array<f64, D>) -> f64 {
    x.iter().map(|v| v * v).sum()
}
// ANCHOR_END: function_2

// ANCHOR: gradient_descent
/// Gradient descent: x ← x − η·∇f(x), `step_num` times, from `init_x`, with learning rate
/// η = `lr`. Returns the last x and every x visited (the start included).
pub fn gradient_descent(
    f: impl Fn(&Array1<f64>) -> f64,
    init_x: &Array1<f64>,
    lr: f64,
    step_num: usize,
) -> (Array1<f64>, Vec<Array1<f64>>) {
    let mut x = init_x.clone();
    let mut x_history = vec![x.clone()];
    for _ in 0..step_num {
        let grad = numerical_gradient(&f, &mut x);
        x -= &(lr * &grad);
        x_history.push(x.clone());
    }
    (x, x_history)
}
// ANCHOR_END: gradient_descent

/// The book's starting point for gradient descent: (−3, 4).
pub fn book_start() -> Array1<f64> {
    arr1(&[-3.0, 4.0])
}

// ANCHOR: gradient_field
/// The negative gradient −∇f at every point of a grid: where each point would move, and how
/// fast, under gradient descent. Returns (point, −∇f(point)) pairs.
pub fn negative_gradient_field(
    f: impl Fn(&Array1<f64>) -> f64,
    xs: &[f64],
    ys: &[f64],
) -> Vec<((f64, f64), (f64, f64))> {
    let mut field = Vec::with_capacity(xs.len() * ys.len());
    for &x0 in xs {
        for &x1 in ys {
            let mut x = arr1(&[x0, x1]);
            let grad = numerical_gradient(&f, &mut x);
            field.push(((x0, x1), (-grad[0], -grad[1])));
        }
    }
    field
}
// ANCHOR_END: gradient_field

/// start, start + step, … up to `end` (excluded), like NumPy's `np.arange`.
pub fn arange(start: f64, end: f64, step: f64) -> Vec<f64> {
    let n = ((end - start) / step).ceil().max(0.0) as usize;
    (0..n).map(|i| start + i as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    fn gradient_at(x0: f64, x1: f64) -> Array1<f64> {
        numerical_gradient(function_2, &mut arr1(&[x0, x1]))
    }

    #[test]
    fn the_gradients_are_the_books_at_three_points() {
        assert_abs_diff_eq!(gradient_at(3.0, 4.0), arr1(&[6.0, 8.0]), epsilon = 1e-6);
        assert_abs_diff_eq!(gradient_at(0.0, 2.0), arr1(&[0.0, 4.0]), epsilon = 1e-6);
        assert_abs_diff_eq!(gradient_at(3.0, 0.0), arr1(&[6.0, 0.0]), epsilon = 1e-6);
    }

    #[test]
    fn descent_with_lr_0_1_reaches_the_bottom_in_100_steps() {
        let (x, history) = gradient_descent(function_2, &book_start(), 0.1, 100);
        assert_eq!(history.len(), 101);
        assert_eq!(history[0], book_start());
        // Each step multiplies x by (1 − 2η) = 0.8: 0.8¹⁰⁰ ≈ 2e-10.
        assert!(x.iter().all(|v| v.abs() < 1e-9), "{x}");
        assert!(x[0] < 0.0 && x[1] > 0.0, "the path never overshoots: {x}");
        assert_abs_diff_eq!(x[0], -3.0 * 0.8f64.powi(100), epsilon = 1e-12);
    }

    #[test]
    fn a_learning_rate_of_10_diverges_and_1e_minus_10_barely_moves() {
        let (x, _) = gradient_descent(function_2, &book_start(), 10.0, 100);
        // Each step multiplies x by (1 − 20) = −19: the book prints −2.58983747e+13 after
        // its float64 overflow guard; the exact product is astronomically large.
        assert!(x.iter().all(|v| v.abs() > 1e12 || !v.is_finite()), "{x}");
        let (x, _) = gradient_descent(function_2, &book_start(), 1e-10, 100);
        assert_abs_diff_eq!(x, arr1(&[-2.99999994, 3.99999992]), epsilon = 1e-8);
    }

    #[test]
    fn the_negative_gradient_points_to_the_origin() {
        let field = negative_gradient_field(function_2, &[-1.0, 2.0], &[0.5]);
        assert_eq!(field.len(), 2);
        let ((x0, x1), (g0, g1)) = field[1];
        assert_eq!((x0, x1), (2.0, 0.5));
        assert_abs_diff_eq!(g0, -4.0, epsilon = 1e-6);
        assert_abs_diff_eq!(g1, -1.0, epsilon = 1e-6);
    }

    #[test]
    fn arange_excludes_its_end() {
        assert_eq!(arange(-2.0, 2.5, 0.25).len(), 18);
        assert_eq!(arange(0.0, 1.0, 0.5), vec![0.0, 0.5]);
    }
}
