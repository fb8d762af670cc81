//! Reference solutions to the exercises of chapter 3 (`--features solutions`).

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, arr1, arr2};

use super::XorNetwork;

// ANCHOR: ex3_1
/// Softplus of one number, h(x) = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^(−|x|)) so
/// that it neither overflows for large x nor rounds to 0 for very negative x.
pub fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// SiLU of one number, h(x) = x·sigmoid(x) = x / (1 + e⁻ˣ).
pub fn silu(x: f64) -> f64 {
    x / (1.0 + (-x).exp())
}
// ANCHOR_END: ex3_1

// ANCHOR: ex3_2
/// Log-softmax of a slice, ln yₖ = aₖ − C − ln Σᵢ exp(aᵢ − C) with C = maxᵢ aᵢ.
pub fn log_softmax(a: &[f64]) -> Vec<f64> {
    let c = a.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let log_sum_exp = a.iter().map(|&v| (v - c).exp()).sum::<f64>().ln();
    a.iter().map(|&v| v - c - log_sum_exp).collect()
}
// ANCHOR_END: ex3_2

// ANCHOR: ex3_3
/// A 2-2-1 sigmoid network that computes XOR: the hidden units are NAND and OR, the output
/// unit is AND, each with its weights and bias multiplied by 20 so that the sigmoid is
/// nearly a step.
pub fn xor_network() -> XorNetwork {
    XorNetwork {
        w1: arr2(&[[-20.0, 20.0], [-20.0, 20.0]]), // columns: NAND, OR
        b1: arr1(&[30.0, -10.0]),
        w2: arr2(&[[20.0], [20.0]]), // AND of the two
        b2: arr1(&[-30.0]),
    }
}
// ANCHOR_END: ex3_3

// ANCHOR: ex3_4
/// The confusion matrix: entry [i, j] counts the rows whose label is i and whose largest
/// entry (the first one on a tie) is at j.
pub fn confusion_matrix(y: ArrayView2<'_, f32>, t: ArrayView1<'_, usize>, classes: usize) -> Array2<usize> {
    let mut m = Array2::zeros((classes, classes));
    for (row, &label) in y.rows().into_iter().zip(t) {
        let mut best = 0;
        for (k, &v) in row.iter().enumerate() {
            if v > row[best] {
                best = k;
            }
        }
        m[[label, best]] += 1;
    }
    m
}
// ANCHOR_END: ex3_4

// ANCHOR: ex3_5
/// Standardises every column with the training set's statistics: x′ = (x − μ) / std, with μ
/// and std the column's mean and standard deviation over `x_train`; where std = 0, x′ = x − μ.
pub fn standardize(x_train: ArrayView2<'_, f32>, x_test: ArrayView2<'_, f32>) -> (Array2<f32>, Array2<f32>) {
    let mean: Array1<f32> = x_train.mean_axis(Axis(0)).expect("at least one training row");
    let std: Array1<f32> = x_train.std_axis(Axis(0), 0.0).mapv(|s| if s == 0.0 { 1.0 } else { s });
    let apply = |x: ArrayView2<'_, f32>| (&x - &mean) / &std;
    (apply(x_train), apply(x_test))
}
// ANCHOR_END: ex3_5
