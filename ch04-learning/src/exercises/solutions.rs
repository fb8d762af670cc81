//! Reference solutions to the exercises of chapter 4 (compiled with `--features solutions`).

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rand::Rng;

use crate::descent::{book_start, function_2, gradient_descent};

/// The derivative of f at x by the central difference with step h:
/// f′(x) ≈ (f(x + h) − f(x − h)) / 2h.
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}

/// Mean cross-entropy of probabilities y (N, classes) against class labels t (N,):
/// E = −(1/N) Σₙ log(y[n, tₙ] + 1e-7).
pub fn cross_entropy_labels(y: ArrayView2<'_, f64>, t: ArrayView1<'_, usize>) -> f64 {
    let sum: f64 = t.iter().enumerate().map(|(n, &k)| (y[[n, k]] + 1e-7).ln()).sum();
    -sum / y.nrows() as f64
}

/// A random mini-batch: `batch_size` rows of x, each chosen uniformly from all rows (with
/// replacement, like `np.random.choice`), and the labels of those same rows.
pub fn sample_mini_batch(
    x: ArrayView2<'_, f64>,
    labels: ArrayView1<'_, usize>,
    batch_size: usize,
    rng: &mut impl Rng,
) -> (Array2<f64>, Array1<usize>) {
    let indices: Vec<usize> = (0..batch_size).map(|_| rng.random_range(0..x.nrows())).collect();
    (x.select(Axis(0), &indices), labels.select(Axis(0), &indices))
}

/// One step of gradient descent, in place: x ← x − lr·grad.
pub fn gradient_step(x: &mut Array1<f64>, grad: &Array1<f64>, lr: f64) {
    x.scaled_add(-lr, grad);
}

/// The smallest learning rate in [lo, hi] (to within `tol`) at which 100 steps of gradient
/// descent on f(x) = x0² + x1² from (−3, 4) fail to get any closer to the minimum: the
/// distance from the origin after 100 steps is at least the starting distance, 5.
pub fn divergence_threshold(mut lo: f64, mut hi: f64, tol: f64) -> f64 {
    let start = book_start();
    let fails = |lr: f64| {
        let (x, _) = gradient_descent(function_2, &start, lr, 100);
        function_2(&x).sqrt() >= function_2(&start).sqrt()
    };
    while hi - lo > tol {
        let mid = 0.5 * (lo + hi);
        if fails(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}
