//! Loss functions on the book's worked example, and mini-batches drawn at random.
//!
//! The losses themselves live in `common::functions` (chapters 5–7 use them too); this file
//! holds the example the book evaluates them on and the sampling of mini-batches.

use ndarray::{Array1, ArrayD, Axis, arr1};
use rand::Rng;

use common::functions::one_hot;
use common::{Float, OwnedTargets, Targets};

// ANCHOR: worked_example
/// The correct answer of the book's example: the digit is a "2", as a one-hot row.
pub fn book_t() -> Array1<f64> {
    one_hot::<f64>(arr1(&[2usize]).view(), 10).row(0).to_owned()
}

/// A softmax output that bets on "2" (probability 0.6): a good prediction.
pub fn book_y_right() -> Array1<f64> {
    arr1(&[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
}

/// A softmax output that bets on "7" (probability 0.6): a bad prediction.
pub fn book_y_wrong() -> Array1<f64> {
    arr1(&[0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
}
// ANCHOR_END: worked_example

// ANCHOR: random_choice
/// `size` indices drawn uniformly from 0..n, with replacement: NumPy's
/// `np.random.choice(n, size)`, the book's way of picking a mini-batch.
pub fn random_choice(n: usize, size: usize, rng: &mut impl Rng) -> Vec<usize> {
    (0..size).map(|_| rng.random_range(0..n)).collect()
}
// ANCHOR_END: random_choice

// ANCHOR: mini_batch
/// The examples at `batch_mask` (rows of x and their targets): the book's
/// `x_train[batch_mask]`, `t_train[batch_mask]`.
pub fn mini_batch<F: Float>(
    x: &ArrayD<F>,
    t: Targets<'_, F>,
    batch_mask: &[usize],
) -> (ArrayD<F>, OwnedTargets<F>) {
    (x.select(Axis(0), batch_mask), t.select(batch_mask))
}
// ANCHOR_END: mini_batch

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use common::functions::{cross_entropy_error, cross_entropy_error_labels, mean_squared_error};
    use common::rng::seeded;
    use ndarray::{Array2, stack};

    #[test]
    fn the_worked_example_gives_the_books_four_losses() {
        let (t, right, wrong) = (book_t(), book_y_right(), book_y_wrong());
        assert_abs_diff_eq!(mean_squared_error(&right, &t), 0.0975, epsilon = 1e-12);
        assert_abs_diff_eq!(cross_entropy_error(&right, &t), 0.510825457, epsilon = 1e-8);
        assert_abs_diff_eq!(mean_squared_error(&wrong, &t), 0.5975, epsilon = 1e-12);
        assert_abs_diff_eq!(cross_entropy_error(&wrong, &t), 2.302584092, epsilon = 1e-8);
    }

    #[test]
    fn batched_cross_entropy_is_the_mean_for_one_hot_and_label_targets() {
        let y = stack![Axis(0), book_y_right(), book_y_wrong()];
        let t = stack![Axis(0), book_t(), book_t()];
        let mean = (0.510825457 + 2.302584092) / 2.0;
        assert_abs_diff_eq!(cross_entropy_error(&y, &t), mean, epsilon = 1e-8);
        assert_abs_diff_eq!(cross_entropy_error_labels(y.view(), arr1(&[2, 2]).view()), mean, epsilon = 1e-8);
    }

    #[test]
    fn random_choice_is_in_range_reproducible_and_spread_out() {
        let a = random_choice(60000, 1000, &mut seeded(1));
        assert_eq!(a, random_choice(60000, 1000, &mut seeded(1)));
        assert!(a.iter().all(|&i| i < 60000));
        let mean = a.iter().sum::<usize>() as f64 / a.len() as f64;
        assert!((mean - 30000.0).abs() < 2500.0, "mean index {mean}");
    }

    #[test]
    fn a_mini_batch_keeps_each_example_with_its_target() {
        // Row i of x is [i, i]; its label is i % 10.
        let x = Array2::from_shape_fn((50, 2), |(i, _)| i as f64).into_dyn();
        let labels: Array1<usize> = (0..50).map(|i| i % 10).collect();
        let mask = [7, 42, 7, 13];
        let (xb, tb) = mini_batch(&x, Targets::Labels(labels.view()), &mask);
        assert_eq!(xb.shape(), &[4, 2]);
        for (row, &i) in mask.iter().enumerate() {
            assert_eq!(xb[[row, 0]], i as f64);
            assert_eq!(tb.view().labels()[row], i % 10);
        }
    }
}
