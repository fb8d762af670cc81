//! The exercises of chapter 3. Edit `src/exercises/todo.rs`, then check one exercise with
//! its command. None of them needs any data.
//!
//! - **3.1** `softplus` and `silu` for one number: h(x) = ln(1 + eˣ), computed so that it
//!   neither overflows nor loses the tiny values of very negative x, and h(x) = x·sigmoid(x).
//!   `cargo test -p ch03-inference -- --ignored ex3_1`
//! - **3.2** `log_softmax` of a slice, the logarithms of the softmax, computed the stable way:
//!   [1010, 1000, 990] gives numbers, and [0, −1000] gives −1000, not −∞.
//!   `cargo test -p ch03-inference -- --ignored ex3_2`
//! - **3.3** `xor_network`: weights and biases by hand for a 2-2-1 network of sigmoid units
//!   ([`XorNetwork`]) whose output is above 0.99 where XOR is 1 and below 0.01 where it is 0.
//!   `cargo test -p ch03-inference -- --ignored ex3_3`
//! - **3.4** `confusion_matrix` of class scores y (N, classes) against labels t: how many
//!   images of each class went to each predicted class (the first largest score on a tie).
//!   `cargo test -p ch03-inference -- --ignored ex3_4`
//! - **3.5** `standardize`: shift and scale every input column to mean 0 and standard
//!   deviation 1 with the training set's statistics, and apply the same to the test set.
//!   `cargo test -p ch03-inference -- --ignored ex3_5`

use ndarray::{Array1, Array2, ArrayView1};

#[cfg(not(feature = "solutions"))]
mod todo;
#[cfg(not(feature = "solutions"))]
pub use todo::*;
#[cfg(feature = "solutions")]
mod solutions;
#[cfg(feature = "solutions")]
pub use solutions::*;

// ANCHOR: xor_network
/// A network of two inputs, two sigmoid hidden units and one sigmoid output unit
/// (exercise 3.3).
#[derive(Debug, Clone, PartialEq)]
pub struct XorNetwork {
    /// (2, 2): column j holds the weights of hidden unit j.
    pub w1: Array2<f64>,
    /// (2,)
    pub b1: Array1<f64>,
    /// (2, 1)
    pub w2: Array2<f64>,
    /// (1,)
    pub b2: Array1<f64>,
}

impl XorNetwork {
    /// y = sigmoid(sigmoid(x·W1 + b1)·W2 + b2), one number for the input x = (x₁, x₂).
    pub fn forward(&self, x: ArrayView1<'_, f64>) -> f64 {
        let z1 = common::functions::sigmoid(&(x.dot(&self.w1) + &self.b1)); // (2,)
        let y = common::functions::sigmoid(&(z1.dot(&self.w2) + &self.b2)); // (1,)
        y[0]
    }
}
// ANCHOR_END: xor_network

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::{arr1, arr2};

    #[test]
    #[ignore = "exercise 3.1"]
    fn ex3_1_softplus_and_silu_give_hand_worked_values() {
        assert_abs_diff_eq!(softplus(0.0), std::f64::consts::LN_2, epsilon = 1e-15);
        assert_abs_diff_eq!(softplus(1.0), 1.3132616875182228, epsilon = 1e-15); // ln(1 + e)
        assert_eq!(softplus(1000.0), 1000.0, "ln(1 + e¹⁰⁰⁰): e¹⁰⁰⁰ is inf in f64, the answer is not");
        // ln(1 + e⁻⁴⁰) ≈ e⁻⁴⁰ = 4.248354255291589e-18, but 1 + e⁻⁴⁰ is exactly 1 in f64.
        let tiny = softplus(-40.0);
        assert!((tiny / 4.248354255291589e-18 - 1.0).abs() < 1e-12, "softplus(−40) = {tiny:e}");
        // softplus(x) − softplus(−x) = ln(eˣ) = x.
        for x in [-30.0, -2.5, -0.1, 0.7, 3.0, 25.0] {
            assert_abs_diff_eq!(softplus(x) - softplus(-x), x, epsilon = 1e-12);
        }
        assert_eq!(silu(0.0), 0.0);
        assert_abs_diff_eq!(silu(1.0), 0.7310585786300049, epsilon = 1e-15); // 1 / (1 + e⁻¹)
        assert_abs_diff_eq!(silu(-1.0), -0.2689414213699951, epsilon = 1e-15); // −1 / (1 + e)
        assert_eq!(silu(-1000.0), 0.0, "−1000 / (1 + e¹⁰⁰⁰) is −1000 / inf");
        assert_abs_diff_eq!(silu(40.0), 40.0, epsilon = 1e-12);
    }

    #[test]
    #[ignore = "exercise 3.2"]
    fn ex3_2_log_softmax_is_finite_where_the_log_of_softmax_is_not() {
        // The book's softmax of (0.3, 2.9, 4.0), back through exp.
        let y = log_softmax(&[0.3, 2.9, 4.0]);
        let p: Vec<f64> = y.iter().map(|v| v.exp()).collect();
        assert_abs_diff_eq!(Array1::from(p), arr1(&[0.01821127, 0.24519181, 0.73659691]), epsilon = 5e-9);
        let y = log_softmax(&[1010.0, 1000.0, 990.0]);
        assert!(y.iter().all(|v| v.is_finite()), "overflow: {y:?}");
        // −ln(1 + e⁻¹⁰ + e⁻²⁰), then 10 and 20 less.
        let first = -(1.0 + (-10f64).exp() + (-20f64).exp()).ln();
        assert_abs_diff_eq!(Array1::from(y), arr1(&[first, first - 10.0, first - 20.0]), epsilon = 1e-12);
        // softmax gives (1, 0) here, and ln 0 = −∞; the log-softmax is (−e⁻¹⁰⁰⁰, −1000).
        let y = log_softmax(&[0.0, -1000.0]);
        assert_abs_diff_eq!(Array1::from(y), arr1(&[0.0, -1000.0]), epsilon = 1e-12);
        let y = log_softmax(&[-1000.0, -1001.0]);
        assert!(y.iter().all(|v| v.is_finite()), "underflow: {y:?}");
        assert_abs_diff_eq!(y[0] - y[1], 1.0, epsilon = 1e-12);
    }

    #[test]
    #[ignore = "exercise 3.3"]
    fn ex3_3_the_hand_made_network_computes_xor() {
        let net = xor_network();
        assert_eq!((net.w1.dim(), net.b1.len(), net.w2.dim(), net.b2.len()), ((2, 2), 2, (2, 1), 1));
        let mut all = net.w1.iter().chain(&net.w2).chain(&net.b1).chain(&net.b2);
        assert!(all.all(|v| v.is_finite() && v.abs() <= 100.0), "numbers up to 100 are enough: {net:?}");
        for (x1, x2, xor) in [(0.0, 0.0, 0), (1.0, 0.0, 1), (0.0, 1.0, 1), (1.0, 1.0, 0)] {
            let y = net.forward(arr1(&[x1, x2]).view());
            match xor {
                1 => assert!(y > 0.99, "XOR({x1}, {x2}) = 1 but the network says {y}"),
                _ => assert!(y < 0.01, "XOR({x1}, {x2}) = 0 but the network says {y}"),
            }
        }
    }

    #[test]
    #[ignore = "exercise 3.4"]
    fn ex3_4_the_confusion_matrix_counts_label_and_prediction_pairs() {
        let y = arr2(&[
            [0.1, 0.8, 0.1], // predicted 1
            [0.3, 0.1, 0.6], // predicted 2
            [0.2, 0.5, 0.3], // predicted 1
            [0.4, 0.4, 0.2], // a tie: predicted 0, the first
            [0.7, 0.2, 0.1], // predicted 0
        ]);
        let t = arr1(&[1usize, 2, 0, 1, 0]);
        let m = confusion_matrix(y.view(), t.view(), 3);
        assert_eq!(m, arr2(&[[1, 1, 0], [1, 1, 0], [0, 0, 1]]), "rows: label, columns: prediction");
        // The diagonal is what the network got right: the accuracy, counted.
        let right = m.diag().sum() as f64 / t.len() as f64;
        assert_eq!(right, common::functions::accuracy(&y, t.view()));
        let m = confusion_matrix(y.view(), t.view(), 4);
        assert_eq!(m.dim(), (4, 4));
        assert_eq!(m.row(3).sum() + m.column(3).sum(), 0, "no image of class 3, none predicted");
    }

    #[test]
    #[ignore = "exercise 3.5"]
    fn ex3_5_standardize_uses_the_training_sets_mean_and_deviation() {
        // Columns: mean 2 and std = √(8/3); mean 4 and std = √(26/3); constant 5 (std = 0).
        let x_train = arr2(&[[0.0f32, 1.0, 5.0], [2.0, 3.0, 5.0], [4.0, 8.0, 5.0]]);
        let x_test = arr2(&[[2.0f32, 4.0, 6.0], [4.0, 8.0, 7.0]]);
        let (train, test) = standardize(x_train.view(), x_test.view());
        let expected_train =
            arr2(&[[-1.2247449f32, -1.0190493, 0.0], [0.0, -0.3396831, 0.0], [1.2247449, 1.3587324, 0.0]]);
        assert_abs_diff_eq!(train, expected_train, epsilon = 1e-6);
        // The test rows with the training set's numbers; the constant column is only shifted.
        assert_abs_diff_eq!(test, arr2(&[[0.0f32, 0.0, 1.0], [1.2247449, 1.3587324, 2.0]]), epsilon = 1e-6);
    }
}
