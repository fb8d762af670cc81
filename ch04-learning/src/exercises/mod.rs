//! The exercises of chapter 4. Edit `src/exercises/todo.rs`, then check one exercise with
//! its command, e.g. `cargo test -p ch04-learning -- --ignored ex4_1`.
//!
//! - **4.1** `central_difference(f, x, h)`: the slope of f at x from f(x + h) and f(x − h).
//!   The test also checks that it beats the forward difference by a wide margin.
//! - **4.2** `cross_entropy_labels(y, t)`: the mean cross-entropy of a batch whose targets
//!   are class labels (2, 7, …) rather than one-hot rows, with the 1e-7 guard in the log.
//! - **4.3** `sample_mini_batch(x, labels, batch_size, rng)`: pick random rows (with
//!   replacement, as `np.random.choice` does) and keep each row with its own label.
//! - **4.4** `gradient_step(x, grad, lr)`: x ← x − lr·grad, in place; with it, 100 steps from
//!   (−3, 4) reach the bottom of x0² + x1².
//! - **4.5** `divergence_threshold(lo, hi, tol)`: find by bisection the learning rate at which
//!   gradient descent on x0² + x1² stops converging. Each step multiplies x by (1 − 2·lr),
//!   so the answer is lr = 1; the test checks that your search finds it.

#[cfg(not(feature = "solutions"))]
mod todo;
#[cfg(not(feature = "solutions"))]
pub use todo::*;
#[cfg(feature = "solutions")]
mod solutions;
#[cfg(feature = "solutions")]
pub use solutions::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descent::{book_start, function_2};
    use crate::diff::function_1;
    use approx::assert_abs_diff_eq;
    use common::rng::seeded;
    use ndarray::{Array1, Array2, arr1, arr2};

    #[test]
    #[ignore = "exercise 4.1"]
    fn ex4_1_central_difference_finds_the_slopes_and_beats_forward_difference() {
        assert_abs_diff_eq!(central_difference(function_1, 5.0, 1e-4), 0.2, epsilon = 1e-9);
        assert_abs_diff_eq!(central_difference(function_1, 10.0, 1e-4), 0.3, epsilon = 1e-9);
        assert_abs_diff_eq!(central_difference(f64::sin, 1.0, 1e-3), 1f64.cos(), epsilon = 1e-6);
        // With a coarse step the central difference is still close; the forward one is not.
        let h = 0.1;
        let forward = (1.1f64.exp() - 1f64.exp()) / h;
        let central = central_difference(f64::exp, 1.0, h);
        let exact = 1f64.exp();
        assert!(
            (central - exact).abs() < (forward - exact).abs() / 20.0,
            "central {central}, forward {forward}"
        );
    }

    #[test]
    #[ignore = "exercise 4.2"]
    fn ex4_2_cross_entropy_with_labels_gives_the_books_values() {
        let right = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
        let wrong = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];
        let one = |row: [f64; 10]| Array2::from_shape_vec((1, 10), row.to_vec()).unwrap();
        assert_abs_diff_eq!(
            cross_entropy_labels(one(right).view(), arr1(&[2]).view()),
            0.510825457,
            epsilon = 1e-8
        );
        assert_abs_diff_eq!(
            cross_entropy_labels(one(wrong).view(), arr1(&[2]).view()),
            2.302584092,
            epsilon = 1e-8
        );
        // A batch is the mean, and a probability of 0 costs −ln(1e-7), not infinity.
        let batch = arr2(&[[0.2, 0.8], [0.5, 0.5], [1.0, 0.0]]);
        let expected = -((0.8f64 + 1e-7).ln() + (0.5f64 + 1e-7).ln() + (1e-7f64).ln()) / 3.0;
        assert_abs_diff_eq!(
            cross_entropy_labels(batch.view(), arr1(&[1, 0, 1]).view()),
            expected,
            epsilon = 1e-12
        );
    }

    #[test]
    #[ignore = "exercise 4.3"]
    fn ex4_3_a_mini_batch_is_random_rows_each_with_its_own_label() {
        // Row i is [i, 10·i]; its label is i.
        let x = Array2::from_shape_fn((1000, 2), |(i, j)| (i * if j == 0 { 1 } else { 10 }) as f64);
        let labels: Array1<usize> = (0..1000).collect();
        let (xb, tb) = sample_mini_batch(x.view(), labels.view(), 100, &mut seeded(1));
        assert_eq!(xb.dim(), (100, 2));
        assert_eq!(tb.len(), 100);
        for (row, &t) in xb.rows().into_iter().zip(&tb) {
            assert_eq!(row[0], t as f64, "row and label belong together");
            assert_eq!(row[1], 10.0 * t as f64);
        }
        let again = sample_mini_batch(x.view(), labels.view(), 100, &mut seeded(1));
        assert_eq!(tb, again.1, "the same seed gives the same batch");
        let other = sample_mini_batch(x.view(), labels.view(), 100, &mut seeded(2));
        assert_ne!(tb, other.1, "another seed gives another batch");
        let mean = tb.iter().sum::<usize>() as f64 / 100.0;
        assert!((250.0..750.0).contains(&mean), "spread over all rows: mean index {mean}");
    }

    #[test]
    #[ignore = "exercise 4.4"]
    fn ex4_4_a_gradient_step_moves_against_the_gradient() {
        let mut x = book_start();
        gradient_step(&mut x, &arr1(&[-6.0, 8.0]), 0.1);
        assert_abs_diff_eq!(x, arr1(&[-2.4, 3.2]), epsilon = 1e-12);
        let mut x = book_start();
        for _ in 0..100 {
            let grad = common::gradient::numerical_gradient(function_2, &mut x);
            gradient_step(&mut x, &grad, 0.1);
        }
        assert!(function_2(&x).sqrt() < 1e-8, "100 steps reach the bottom: {x}");
    }

    #[test]
    #[ignore = "exercise 4.5"]
    fn ex4_5_descent_on_the_bowl_stops_converging_at_a_learning_rate_of_1() {
        let lr = divergence_threshold(0.1, 5.0, 1e-4);
        assert_abs_diff_eq!(lr, 1.0, epsilon = 2e-4);
        let lr = divergence_threshold(0.5, 1.5, 1e-6);
        assert_abs_diff_eq!(lr, 1.0, epsilon = 2e-6);
    }
}
