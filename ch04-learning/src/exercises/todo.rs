//! Your answers to the exercises of chapter 4. Replace each `todo!()`; the tests in
//! `mod.rs` tell you when it is right (`cargo test -p ch04-learning -- --ignored ex4_`).

#![allow(unused_variables, unused_imports)]

use ndarray::{Array1, ArrayView1};
use rand::Rng;
use rand::seq::SliceRandom;

use common::gradient::numerical_gradient;

use crate::descent::{book_start, gradient_descent};

// ANCHOR: ex4_1
/// The derivative of f at x by Richardson extrapolation of the central difference
/// D(h) = (f(x + h) − f(x − h)) / 2h:  f′(x) ≈ (4·D(h/2) − D(h)) / 3.
pub fn richardson(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    // TODO(ex 4.1): write D as a closure of h (it needs f and x), then combine D(h/2)
    // and D(h) as the formula says.
    todo!("exercise 4.1")
}
// ANCHOR_END: ex4_1

// ANCHOR: ex4_2
/// Mean binary cross-entropy of probabilities y (N,) against 0/1 targets t (N,):
/// E = −(1/N) Σₙ [tₙ log(yₙ + 1e-7) + (1 − tₙ) log(1 − yₙ + 1e-7)].
pub fn binary_cross_entropy(y: ArrayView1<'_, f64>, t: ArrayView1<'_, f64>) -> f64 {
    // TODO(ex 4.2): walk y and t together (`y.iter().zip(t)`), add up the bracket for
    // each pair, negate, divide by N.
    todo!("exercise 4.2")
}
// ANCHOR_END: ex4_2

// ANCHOR: ex4_3
/// The mini-batches of one epoch: the indices 0..n in a random order, cut into batches
/// of `batch_size` (the last one shorter if n is not a multiple).
pub fn epoch_batches(n: usize, batch_size: usize, rng: &mut impl Rng) -> Vec<Vec<usize>> {
    // TODO(ex 4.3): collect 0..n into a Vec, shuffle it with the generator
    // (`SliceRandom` gives slices a `shuffle(rng)` method), and cut it into pieces of
    // batch_size (`chunks`), each turned into a Vec.
    todo!("exercise 4.3")
}
// ANCHOR_END: ex4_3

// ANCHOR: ex4_4
/// One step of gradient descent with backtracking: with g = ∇f(x), try η = lr, lr/2,
/// lr/4, … (at most 50 of them) and take the first step x − η·g that lowers f. Returns
/// the new x and the η used, or (x, 0) if no step lowered f.
pub fn backtracking_step(f: impl Fn(&Array1<f64>) -> f64, x: &Array1<f64>, lr: f64) -> (Array1<f64>, f64) {
    // TODO(ex 4.4): g = numerical_gradient(&f, &mut x.clone()); then loop at most 50
    // times: the candidate x − η·g (`x - &(eta * &g)`); if f is lower there than at x,
    // return it with η; otherwise halve η.
    todo!("exercise 4.4")
}
// ANCHOR_END: ex4_4

// ANCHOR: ex4_5
/// The smallest learning rate in [lo, hi] (to within `tol`) at which 100 steps of
/// gradient descent on f from (−3, 4) fail to get any closer to the minimum at 0: the
/// distance from the origin after 100 steps is at least the starting distance, 5.
pub fn divergence_threshold(f: impl Fn(&Array1<f64>) -> f64, lo: f64, hi: f64, tol: f64) -> f64 {
    // TODO(ex 4.5): bisection. Write `fails(lr)` with
    // `gradient_descent(&f, &book_start(), lr, 100)` and the distance √(x·x); assume
    // fails(hi) and !fails(lo); halve [lo, hi] until it is shorter than tol, keeping
    // fails(hi) true; return hi.
    todo!("exercise 4.5")
}
// ANCHOR_END: ex4_5
