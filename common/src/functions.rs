//! Activation functions and loss functions, element-wise or row-wise over a batch.
//!
//! These are the plain functions of chapters 2–4. The layers of chapter 5 wrap the same
//! formulas and add a backward pass.

use ndarray::{Array, Array1, ArrayBase, ArrayView1, ArrayView2, Axis, Data, Dimension, Ix2};

use crate::Float;

/// The book's guard inside the logarithm of cross-entropy: log(y + 1e-7) never sees log 0.
pub const LOG_GUARD: f64 = 1e-7;

// ANCHOR: step_function
/// Step function: h(x) = 1 if x > 0, else 0. The perceptron's activation.
pub fn step_function<F: Float, S: Data<Elem = F>, D: Dimension>(x: &ArrayBase<S, D>) -> Array<F, D> {
    x.mapv(|v| if v > F::zero() { F::one() } else { F::zero() })
}
// ANCHOR_END: step_function

// ANCHOR: sigmoid
/// Sigmoid: h(x) = 1 / (1 + exp(−x)). A smooth step, with values in (0, 1).
pub fn sigmoid<F: Float, S: Data<Elem = F>, D: Dimension>(x: &ArrayBase<S, D>) -> Array<F, D> {
    x.mapv(|v| F::one() / (F::one() + (-v).exp()))
}
// ANCHOR_END: sigmoid

// ANCHOR: relu
/// ReLU (rectified linear unit): h(x) = max(0, x).
pub fn relu<F: Float, S: Data<Elem = F>, D: Dimension>(x: &ArrayBase<S, D>) -> Array<F, D> {
    x.mapv(|v| if v > F::zero() { v } else { F::zero() })
}
// ANCHOR_END: relu

// ANCHOR: tanh
/// Hyperbolic tangent: h(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ). A sigmoid centred on 0, in (−1, 1).
pub fn tanh<F: Float, S: Data<Elem = F>, D: Dimension>(x: &ArrayBase<S, D>) -> Array<F, D> {
    x.mapv(|v| v.tanh())
}
// ANCHOR_END: tanh

// ANCHOR: identity_function
/// Identity: identity(x) = x. The output activation of regression.
pub fn identity_function<F: Float, S: Data<Elem = F>, D: Dimension>(x: &ArrayBase<S, D>) -> Array<F, D> {
    x.to_owned()
}
// ANCHOR_END: identity_function

// ANCHOR: softmax_naive
/// Softmax exactly as the formula reads: yₖ = exp(aₖ) / Σᵢ exp(aᵢ).
/// It overflows for inputs around 100 in `f32` (710 in `f64`): exp(1010) is `inf`, and
/// inf / inf is NaN. Kept to show the problem; use [`softmax`].
pub fn softmax_naive<F: Float>(a: ArrayView1<'_, F>) -> Array1<F> {
    let exp_a = a.mapv(F::exp);
    let sum_exp_a = exp_a.sum();
    exp_a / sum_exp_a
}
// ANCHOR_END: softmax_naive

// ANCHOR: softmax
/// Softmax along the last axis (each row of a batch on its own), the stable way:
/// yₖ = exp(aₖ − C) / Σᵢ exp(aᵢ − C) with C = maxᵢ aᵢ.
/// Subtracting the same C from every input leaves the result unchanged (it cancels between
/// numerator and denominator) and keeps every exponent ≤ 0, so nothing overflows.
pub fn softmax<F: Float, S: Data<Elem = F>, D: Dimension>(a: &ArrayBase<S, D>) -> Array<F, D> {
    let mut y = a.to_owned();
    let last = Axis(y.ndim().saturating_sub(1));
    for mut row in y.lanes_mut(last) {
        let c = row.fold(F::neg_infinity(), |m, &v| m.max(v));
        row.mapv_inplace(|v| (v - c).exp());
        let sum = row.sum();
        row.mapv_inplace(|v| v / sum);
    }
    y
}
// ANCHOR_END: softmax

// ANCHOR: mean_squared_error
/// Mean squared error, the book's way: E = ½ Σₖ (yₖ − tₖ)², averaged over the rows of a batch.
/// (A single example is a batch of one.)
pub fn mean_squared_error<F: Float, S1, S2, D>(y: &ArrayBase<S1, D>, t: &ArrayBase<S2, D>) -> F
where
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
    D: Dimension,
{
    assert_eq!(y.shape(), t.shape(), "mean_squared_error: y and t differ in shape");
    let batch = batch_size(y.shape());
    let sum_sq = y.iter().zip(t.iter()).map(|(&a, &b)| (a - b) * (a - b)).sum::<F>();
    F::lit(0.5) * sum_sq / F::lit(batch as f64)
}
// ANCHOR_END: mean_squared_error

// ANCHOR: cross_entropy_error
/// Cross-entropy with one-hot targets: E = −Σₖ tₖ log(yₖ + 1e-7), averaged over the batch.
/// Only the output of the correct class counts (every other tₖ is 0).
pub fn cross_entropy_error<F: Float, S1, S2, D>(y: &ArrayBase<S1, D>, t: &ArrayBase<S2, D>) -> F
where
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
    D: Dimension,
{
    assert_eq!(y.shape(), t.shape(), "cross_entropy_error: y and t differ in shape");
    let batch = batch_size(y.shape());
    let delta = F::lit(LOG_GUARD);
    let sum = y.iter().zip(t.iter()).map(|(&yk, &tk)| tk * (yk + delta).ln()).sum::<F>();
    -sum / F::lit(batch as f64)
}
// ANCHOR_END: cross_entropy_error

// ANCHOR: cross_entropy_error_labels
/// Cross-entropy with class labels: E = −(1/N) Σₙ log(y[n, tₙ] + 1e-7).
/// The same number as the one-hot form, without building the one-hot rows.
pub fn cross_entropy_error_labels<F: Float>(y: ArrayView2<'_, F>, labels: ArrayView1<'_, usize>) -> F {
    assert_eq!(y.nrows(), labels.len(), "cross_entropy_error_labels: one label per row of y");
    let delta = F::lit(LOG_GUARD);
    let sum = labels.iter().enumerate().map(|(n, &t)| (y[[n, t]] + delta).ln()).sum::<F>();
    -sum / F::lit(y.nrows() as f64)
}
// ANCHOR_END: cross_entropy_error_labels

/// The index of the largest value in each row: the predicted class of each example.
pub fn argmax_rows<F: Float, S: Data<Elem = F>>(y: &ArrayBase<S, Ix2>) -> Array1<usize> {
    y.rows().into_iter().map(|row| argmax(row)).collect()
}

/// The index of the largest value (the first one, on a tie, as NumPy's `argmax`).
pub fn argmax<F: Float>(v: ArrayView1<'_, F>) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

/// The fraction of rows of `y` whose argmax is the label: correct / N.
pub fn accuracy<F: Float, S: Data<Elem = F>>(y: &ArrayBase<S, Ix2>, labels: ArrayView1<'_, usize>) -> f64 {
    assert_eq!(y.nrows(), labels.len(), "accuracy: one label per row of y");
    let correct = argmax_rows(y).iter().zip(labels).filter(|(p, t)| p == t).count();
    correct as f64 / labels.len().max(1) as f64
}

/// Labels as one-hot rows: label 2 of 10 classes becomes [0, 0, 1, 0, …, 0].
pub fn one_hot<F: Float>(labels: ArrayView1<'_, usize>, classes: usize) -> ndarray::Array2<F> {
    let mut t = ndarray::Array2::zeros((labels.len(), classes));
    for (n, &k) in labels.iter().enumerate() {
        t[[n, k]] = F::one();
    }
    t
}

/// A 1-D array is one example (a batch of 1); otherwise the first axis is the batch.
fn batch_size(shape: &[usize]) -> usize {
    if shape.len() <= 1 { 1 } else { shape[0] }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::{arr1, arr2};

    fn book_y_correct() -> Array1<f64> {
        arr1(&[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    }
    fn book_y_wrong() -> Array1<f64> {
        arr1(&[0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
    }
    fn two_hot() -> Array1<f64> {
        one_hot::<f64>(arr1(&[2usize]).view(), 10).row(0).to_owned()
    }

    #[test]
    fn mean_squared_error_gives_the_books_worked_values() {
        assert_abs_diff_eq!(mean_squared_error(&book_y_correct(), &two_hot()), 0.0975, epsilon = 1e-12);
        assert_abs_diff_eq!(mean_squared_error(&book_y_wrong(), &two_hot()), 0.5975, epsilon = 1e-12);
    }

    #[test]
    fn cross_entropy_gives_the_books_worked_values() {
        assert_abs_diff_eq!(cross_entropy_error(&book_y_correct(), &two_hot()), 0.510825457, epsilon = 1e-8);
        assert_abs_diff_eq!(cross_entropy_error(&book_y_wrong(), &two_hot()), 2.302584092, epsilon = 1e-8);
    }

    #[test]
    fn cross_entropy_with_labels_equals_the_one_hot_form_on_a_batch() {
        let y = ndarray::stack![Axis(0), book_y_correct(), book_y_wrong()];
        let labels = arr1(&[2usize, 2]);
        let t = one_hot::<f64>(labels.view(), 10);
        let one_hot_form = cross_entropy_error(&y, &t);
        let label_form = cross_entropy_error_labels(y.view(), labels.view());
        assert_abs_diff_eq!(one_hot_form, label_form, epsilon = 1e-12);
        assert_abs_diff_eq!(one_hot_form, (0.510825457 + 2.302584092) / 2.0, epsilon = 1e-8);
    }

    #[test]
    fn softmax_of_large_inputs_is_finite_and_sums_to_one() {
        let a = arr1(&[1010.0f32, 1000.0, 990.0]);
        let y = softmax(&a);
        assert!(y.iter().all(|v| v.is_finite()));
        assert_abs_diff_eq!(y.sum(), 1.0, epsilon = 1e-6);
        assert_abs_diff_eq!(y[0], 0.999_954_6, epsilon = 1e-6);
        let naive = softmax_naive(a.view());
        assert!(naive.iter().all(|v| v.is_nan()), "the naive softmax overflows: {naive}");
    }

    #[test]
    fn softmax_works_row_by_row_on_a_batch() {
        let a = arr2(&[[0.3, 2.9, 4.0], [1.0, 1.0, 1.0]]);
        let y = softmax(&a);
        assert_abs_diff_eq!(y.row(0), arr1(&[0.01821127, 0.24519181, 0.73659691]), epsilon = 1e-8);
        assert_abs_diff_eq!(y.row(1), arr1(&[1.0 / 3.0; 3]), epsilon = 1e-12);
    }

    #[test]
    fn activations_match_their_formulas() {
        let x = arr1(&[-1.0, 0.0, 2.0]);
        assert_eq!(step_function(&x), arr1(&[0.0, 0.0, 1.0]));
        assert_eq!(relu(&x), arr1(&[0.0, 0.0, 2.0]));
        assert_eq!(identity_function(&x), x);
        assert_abs_diff_eq!(sigmoid(&x), arr1(&[0.26894142, 0.5, 0.88079708]), epsilon = 1e-8);
        assert_abs_diff_eq!(tanh(&x), arr1(&[-0.76159416, 0.0, 0.96402758]), epsilon = 1e-8);
    }

    #[test]
    fn accuracy_counts_rows_whose_argmax_is_the_label() {
        let y = arr2(&[[0.1, 0.8, 0.1], [0.3, 0.1, 0.6], [0.2, 0.5, 0.3]]);
        assert_abs_diff_eq!(accuracy(&y, arr1(&[1usize, 2, 0]).view()), 2.0 / 3.0);
    }
}
