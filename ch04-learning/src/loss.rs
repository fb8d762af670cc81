//! Loss functions on the book's worked example.
//!
//! The losses themselves live in `common::functions` (chapters 5–7 use them too), and so do
//! the mini-batches drawn at random (`common::data::{random_choice, mini_batch}`); this file
//! holds the example the book evaluates them on.

use ndarray::{Array1, arr1};

use common::functions::one_hot;

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

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use common::functions::{cross_entropy_error, cross_entropy_error_labels, mean_squared_error};
    use ndarray::{Axis, stack};

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
}
