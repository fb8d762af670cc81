//! Your answers to the exercises of chapter 3. Replace each `todo!()`; the tests in
//! `mod.rs` tell you when it is right (`cargo test -p ch03-inference -- --ignored ex3_`).

#![allow(unused_variables)]

use ndarray::{Array1, ArrayView1, ArrayView2};

use crate::neuralnet_mnist::Network;
use crate::three_layer::ToyNetwork;

/// Sigmoid of one number: h(x) = 1 / (1 + e⁻ˣ).
pub fn sigmoid(x: f64) -> f64 {
    // TODO(ex 3.1): the formula, with f64::exp.
    todo!("exercise 3.1")
}

/// ReLU of one number: h(x) = x if x > 0, else 0.
pub fn relu(x: f64) -> f64 {
    // TODO(ex 3.1): one comparison.
    todo!("exercise 3.1")
}

/// Softmax of a slice, yₖ = exp(aₖ − C) / Σᵢ exp(aᵢ − C) with C = maxᵢ aᵢ.
pub fn softmax(a: &[f64]) -> Vec<f64> {
    // TODO(ex 3.2): find C, take exp(aₖ − C) of each entry, divide each by their sum.
    todo!("exercise 3.2")
}

/// The toy network's forward pass: sigmoid, sigmoid, identity.
pub fn forward(network: &ToyNetwork, x: ArrayView1<'_, f64>) -> Array1<f64> {
    // TODO(ex 3.3): a1 = x·W1 + b1, z1 = sigmoid(a1), … (crate::arrays::dot does x·W;
    // common::functions::sigmoid works on arrays).
    todo!("exercise 3.3")
}

/// The fraction of rows of y whose largest entry is at the label t[n].
pub fn accuracy(y: ArrayView2<'_, f32>, t: ArrayView1<'_, usize>) -> f64 {
    // TODO(ex 3.4): for each row, the index of its largest entry (keep the first on a tie);
    // count the rows where it equals the label; divide by the number of rows.
    todo!("exercise 3.4")
}

/// How many of the images x (N, 784) the network classifies as t says, `batch_size` images
/// at a time.
pub fn count_correct_batched(
    network: &Network<f32>,
    x: ArrayView2<'_, f32>,
    t: ArrayView1<'_, usize>,
    batch_size: usize,
) -> usize {
    // TODO(ex 3.5): step through the rows in batches (x.slice(s![i..end, ..])), call
    // crate::neuralnet_mnist::predict on each, and count the rows whose argmax is the label.
    todo!("exercise 3.5")
}
