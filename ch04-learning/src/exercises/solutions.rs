//! Reference solutions to the exercises of chapter 4 (compiled with `--features solutions`).

use ndarray::{Array1, ArrayView1};
use rand::Rng;
use rand::seq::SliceRandom;

use common::gradient::numerical_gradient;

use crate::descent::{book_start, gradient_descent};

// ANCHOR: ex4_1
/// The derivative of f at x by Richardson extrapolation of the central difference
/// D(h) = (f(x + h) − f(x − h)) / 2h:  f′(x) ≈ (4·D(h/2) − D(h)) / 3.
pub fn richardson(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    let d = |h: f64| (f(x + h) - f(x - h)) / (2.0 * h);
    (4.0 * d(h / 2.0) - d(h)) / 3.0
}
// ANCHOR_END: ex4_1

// ANCHOR: ex4_2
/// Mean binary cross-entropy of probabilities y (N,) against 0/1 targets t (N,):
/// E = −(1/N) Σₙ [tₙ log(yₙ + 1e-7) + (1 − tₙ) log(1 − yₙ + 1e-7)].
pub fn binary_cross_entropy(y: ArrayView1<'_, f64>, t: ArrayView1<'_, f64>) -> f64 {
    let delta = 1e-7;
    let sum: f64 =
        y.iter().zip(t).map(|(&y, &t)| t * (y + delta).ln() + (1.0 - t) * (1.0 - y + delta).ln()).sum();
    -sum / y.len() as f64
}
// ANCHOR_END: ex4_2

// ANCHOR: ex4_3
/// The mini-batches of one epoch: the indices 0..n in a random order, cut into batches of
/// `batch_size` (the last one shorter if n is not a multiple).
pub fn epoch_batches(n: usize, batch_size: usize, rng: &mut impl Rng) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    order.chunks(batch_size).map(<[usize]>::to_vec).collect()
}
// ANCHOR_END: ex4_3

// ANCHOR: ex4_4
/// One step of gradient descent with backtracking: with g = ∇f(x), try η = lr, lr/2, lr/4, …
/// (at most 50 of them) and take the first step x − η·g that lowers f. Returns the new x and
/// the η used, or (x, 0) if no step lowered f.
pub fn backtracking_step(f: impl Fn(&Array1<f64>) -> f64, x: &Array1<f64>, lr: f64) -> (Array1<f64>, f64) {
    let grad = numerical_gradient(&f, &mut x.clone());
    let fx = f(x);
    let mut eta = lr;
    for _ in 0..50 {
        let next = x - &(eta * &grad);
        if f(&next) < fx {
            return (next, eta);
        }
        eta /= 2.0;
    }
    (x.clone(), 0.0)
}
// ANCHOR_END: ex4_4

// ANCHOR: ex4_5
/// The smallest learning rate in [lo, hi] (to within `tol`) at which 100 steps of gradient
/// descent on f from (−3, 4) fail to get any closer to the minimum at 0: the distance from
/// the origin after 100 steps is at least the starting distance, 5.
pub fn divergence_threshold(f: impl Fn(&Array1<f64>) -> f64, mut lo: f64, mut hi: f64, tol: f64) -> f64 {
    let start = book_start();
    let distance = |x: &Array1<f64>| x.dot(x).sqrt();
    let fails = |lr: f64| {
        let (x, _) = gradient_descent(&f, &start, lr, 100);
        distance(&x) >= distance(&start)
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
// ANCHOR_END: ex4_5
