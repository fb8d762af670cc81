//! Your answers to the exercises of chapter 4. Replace each `todo!()`; the tests in
//! `mod.rs` tell you when it is right (`cargo test -p ch04-learning -- --ignored ex4_`).

#![allow(unused_variables)]

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand::Rng;

/// The derivative of f at x by the central difference with step h:
/// f′(x) ≈ (f(x + h) − f(x − h)) / 2h.
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    // TODO(ex 4.1): two evaluations of f, one subtraction, one division.
    todo!("exercise 4.1")
}

/// Mean cross-entropy of probabilities y (N, classes) against class labels t (N,):
/// E = −(1/N) Σₙ log(y[n, tₙ] + 1e-7).
pub fn cross_entropy_labels(y: ArrayView2<'_, f64>, t: ArrayView1<'_, usize>) -> f64 {
    // TODO(ex 4.2): for each row n, pick y[[n, t[n]]]; add 1e-7, take ln, sum, negate,
    // divide by the number of rows.
    todo!("exercise 4.2")
}

/// A random mini-batch: `batch_size` rows of x, each chosen uniformly from all rows (with
/// replacement, like `np.random.choice`), and the labels of those same rows.
pub fn sample_mini_batch(
    x: ArrayView2<'_, f64>,
    labels: ArrayView1<'_, usize>,
    batch_size: usize,
    rng: &mut impl Rng,
) -> (Array2<f64>, Array1<usize>) {
    // TODO(ex 4.3): draw batch_size indices with rng.random_range(0..x.nrows()); then
    // x.select(Axis(0), &indices) and labels.select(Axis(0), &indices).
    todo!("exercise 4.3")
}

/// One step of gradient descent, in place: x ← x − lr·grad.
pub fn gradient_step(x: &mut Array1<f64>, grad: &Array1<f64>, lr: f64) {
    // TODO(ex 4.4): one line (ndarray's `scaled_add` does a·y + x in place, or write the loop).
    todo!("exercise 4.4")
}

/// The smallest learning rate in [lo, hi] (to within `tol`) at which 100 steps of gradient
/// descent on f(x) = x0² + x1² from (−3, 4) fail to get any closer to the minimum: the
/// distance from the origin after 100 steps is at least the starting distance, 5.
pub fn divergence_threshold(lo: f64, hi: f64, tol: f64) -> f64 {
    // TODO(ex 4.5): bisection. Write `fails(lr)` with crate::descent::gradient_descent
    // (function_2, book_start()) and function_2(&x).sqrt() for the distance; assume
    // fails(hi) and !fails(lo); halve [lo, hi] until it is shorter than tol.
    todo!("exercise 4.5")
}
