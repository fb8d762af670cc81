//! Your answers to the exercises of chapter 3. Replace each `todo!()`; the tests in
//! `mod.rs` tell you when it is right (`cargo test -p ch03-inference -- --ignored ex3_`).

#![allow(unused_variables, unused_imports)]

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, arr1, arr2};

use super::XorNetwork;

// ANCHOR: ex3_1
/// Softplus of one number, h(x) = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^(−|x|))
/// so that it neither overflows for large x nor rounds to 0 for very negative x.
pub fn softplus(x: f64) -> f64 {
    // TODO(ex 3.1): the stable form above. For the last term use f64::ln_1p, which
    // computes ln(1 + u) without rounding 1 + u first (1 + 4e-18 is exactly 1).
    todo!("exercise 3.1")
}

/// SiLU of one number, h(x) = x·sigmoid(x) = x / (1 + e⁻ˣ).
pub fn silu(x: f64) -> f64 {
    // TODO(ex 3.1): the formula, with f64::exp.
    todo!("exercise 3.1")
}
// ANCHOR_END: ex3_1

// ANCHOR: ex3_2
/// Log-softmax of a slice, ln yₖ = aₖ − C − ln Σᵢ exp(aᵢ − C) with C = maxᵢ aᵢ.
pub fn log_softmax(a: &[f64]) -> Vec<f64> {
    // TODO(ex 3.2): find C; add up exp(aᵢ − C) and take the logarithm of the sum;
    // subtract C and that logarithm from each entry. (Taking ln of the softmax instead
    // gives −∞ as soon as a probability rounds to 0.)
    todo!("exercise 3.2")
}
// ANCHOR_END: ex3_2

// ANCHOR: ex3_3
/// A 2-2-1 sigmoid network that computes XOR.
pub fn xor_network() -> XorNetwork {
    // TODO(ex 3.3): chapter 2 built XOR as AND(NAND(x₁, x₂), OR(x₁, x₂)). Put a NAND
    // unit and an OR unit in the hidden layer (column 0 and column 1 of w1, with b1)
    // and an AND unit at the output (w2, b2), taking the gates' weights and biases
    // from chapter 2. A sigmoid is a soft step: multiply each unit's weights and bias
    // by the same large number (10? 50?) until the outputs are within 0.01 of 0 and 1.
    // Build the arrays with arr2 and arr1.
    todo!("exercise 3.3")
}
// ANCHOR_END: ex3_3

// ANCHOR: ex3_4
/// The confusion matrix: entry [i, j] counts the rows whose label is i and whose
/// largest entry (the first one on a tie) is at j.
pub fn confusion_matrix(y: ArrayView2<'_, f32>, t: ArrayView1<'_, usize>, classes: usize) -> Array2<usize> {
    // TODO(ex 3.4): start from Array2::zeros((classes, classes)); for each row of y
    // and its label, find the index of the row's largest entry (keep the first on a
    // tie) and add 1 at [label, index].
    todo!("exercise 3.4")
}
// ANCHOR_END: ex3_4

// ANCHOR: ex3_5
/// Standardises every column with the training set's statistics: x′ = (x − μ) / std,
/// with μ and std the column's mean and standard deviation over `x_train`; where std = 0,
/// x′ = x − μ.
pub fn standardize(x_train: ArrayView2<'_, f32>, x_test: ArrayView2<'_, f32>) -> (Array2<f32>, Array2<f32>) {
    // TODO(ex 3.5): μ = x_train.mean_axis(Axis(0)) and
    // std = x_train.std_axis(Axis(0), 0.0), both of shape (columns,); replace each std of
    // 0 by 1; then (x − μ) / std for x_train and for x_test (broadcasting does it a row
    // at a time). Never use x_test's own statistics.
    todo!("exercise 3.5")
}
// ANCHOR_END: ex3_5
