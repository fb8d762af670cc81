//! Reference solutions to the exercises of chapter 3 (`--features solutions`).

use ndarray::{Array1, ArrayView1, ArrayView2, s};

use crate::arrays::dot;
use crate::neuralnet_mnist::{Network, predict};
use crate::three_layer::ToyNetwork;

/// Sigmoid of one number: h(x) = 1 / (1 + e⁻ˣ).
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// ReLU of one number: h(x) = x if x > 0, else 0.
pub fn relu(x: f64) -> f64 {
    if x > 0.0 { x } else { 0.0 }
}

/// Softmax of a slice, yₖ = exp(aₖ − C) / Σᵢ exp(aᵢ − C) with C = maxᵢ aᵢ.
pub fn softmax(a: &[f64]) -> Vec<f64> {
    let c = a.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exp_a: Vec<f64> = a.iter().map(|&v| (v - c).exp()).collect();
    let sum_exp_a: f64 = exp_a.iter().sum();
    exp_a.iter().map(|&e| e / sum_exp_a).collect()
}

/// The toy network's forward pass: sigmoid, sigmoid, identity.
pub fn forward(network: &ToyNetwork, x: ArrayView1<'_, f64>) -> Array1<f64> {
    let sigmoid = |a: Array1<f64>| a.mapv(self::sigmoid);
    let z1 = sigmoid(dot(x, network.w1.view()) + &network.b1);
    let z2 = sigmoid(dot(z1.view(), network.w2.view()) + &network.b2);
    dot(z2.view(), network.w3.view()) + &network.b3
}

/// The fraction of rows of y whose largest entry is at the label t[n].
pub fn accuracy(y: ArrayView2<'_, f32>, t: ArrayView1<'_, usize>) -> f64 {
    let mut correct = 0;
    for (row, &label) in y.rows().into_iter().zip(t) {
        let mut best = 0;
        for (k, &v) in row.iter().enumerate() {
            if v > row[best] {
                best = k;
            }
        }
        if best == label {
            correct += 1;
        }
    }
    correct as f64 / y.nrows() as f64
}

/// How many of the images x (N, 784) the network classifies as t says, `batch_size` images
/// at a time.
pub fn count_correct_batched(
    network: &Network<f32>,
    x: ArrayView2<'_, f32>,
    t: ArrayView1<'_, usize>,
    batch_size: usize,
) -> usize {
    let mut correct = 0;
    for i in (0..x.nrows()).step_by(batch_size) {
        let end = (i + batch_size).min(x.nrows());
        let y = predict(network, x.slice(s![i..end, ..]));
        let labels = common::functions::argmax_rows(&y);
        correct += labels.iter().zip(t.slice(s![i..end])).filter(|(p, t)| p == t).count();
    }
    correct
}
