//! The exercises of chapter 4. Edit `src/exercises/todo.rs`, then check one exercise with
//! its command. None of them needs any data.
//!
//! - **4.1** `richardson(f, x, h)`: a better derivative from two central differences,
//!   (4·D(h/2) − D(h)) / 3, whose error shrinks like h⁴ instead of h².
//!   `cargo test -p ch04-learning -- --ignored ex4_1`
//! - **4.2** `binary_cross_entropy(y, t)`: the loss of a single sigmoid output that says
//!   "how likely is class 1", with the 1e-7 guard in both logarithms.
//!   `cargo test -p ch04-learning -- --ignored ex4_2`
//! - **4.3** `epoch_batches(n, batch_size, rng)`: the mini-batches of one epoch, every example
//!   exactly once, in a random order (the other way to pick mini-batches, instead of drawing
//!   each one at random). `cargo test -p ch04-learning -- --ignored ex4_3`
//! - **4.4** `backtracking_step(f, x, lr)`: a gradient step that halves the learning rate
//!   until the step goes downhill; with it, a learning rate of 10 no longer diverges.
//!   `cargo test -p ch04-learning -- --ignored ex4_4`
//! - **4.5** `divergence_threshold(f, lo, hi, tol)`: find by bisection the learning rate at
//!   which gradient descent on f stops converging. The test tries bowls of several
//!   steepnesses; work out their thresholds by hand first.
//!   `cargo test -p ch04-learning -- --ignored ex4_5`

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
    use crate::descent::{book_start, function_2, gradient_descent};
    use approx::assert_abs_diff_eq;
    use common::rng::seeded;
    use ndarray::{Array1, arr1, arr2};

    #[test]
    #[ignore = "exercise 4.1"]
    fn ex4_1_richardson_is_exact_up_to_quartics_and_fourth_order_beyond() {
        // x⁵ at 1, h = 0.1: D(0.1) = (1.1⁵ − 0.9⁵)/0.2 = 5.1001, D(0.05) = 5.02500625,
        // (4·5.02500625 − 5.1001)/3 = 4.999975 (the true slope is 5).
        assert_abs_diff_eq!(richardson(|x| x.powi(5), 1.0, 0.1), 4.999975, epsilon = 1e-10);
        // x⁴ at 2, h = 0.5: the central difference gives 4x³ + 4x·h² = 34, Richardson exactly 32.
        assert_abs_diff_eq!(richardson(|x| x.powi(4), 2.0, 0.5), 32.0, epsilon = 1e-10);
        // The same number by another route: the five-point formula
        // (f(x − h) − 8f(x − h/2) + 8f(x + h/2) − f(x + h)) / 6h.
        let (x, h) = (0.7f64, 0.3);
        let five_point = ((x - h).sin() - 8.0 * (x - h / 2.0).sin() + 8.0 * (x + h / 2.0).sin()
            - (x + h).sin())
            / (6.0 * h);
        assert_abs_diff_eq!(richardson(f64::sin, x, h), five_point, epsilon = 1e-12);
        // Halving h divides the error by about 2⁴ = 16 (the central difference's by 2² = 4).
        let error = |h: f64| (richardson(f64::exp, 1.0, h) - 1f64.exp()).abs();
        let ratio = error(0.2) / error(0.1);
        assert!((14.0..18.0).contains(&ratio), "error(0.2) / error(0.1) = {ratio}");
    }

    #[test]
    #[ignore = "exercise 4.2"]
    fn ex4_2_binary_cross_entropy_gives_hand_worked_values() {
        // −(ln 0.9 + ln 0.8) / 2, each with its 1e-7.
        let e = binary_cross_entropy(arr1(&[0.9, 0.2]).view(), arr1(&[1.0, 0.0]).view());
        assert_abs_diff_eq!(e, 0.1642519154304695, epsilon = 1e-12);
        // Certain and wrong: −ln(1e-7) = 16.118…, not infinity.
        let e = binary_cross_entropy(arr1(&[1.0]).view(), arr1(&[0.0]).view());
        assert_abs_diff_eq!(e, 16.11809565095832, epsilon = 1e-9);
        // It is chapter 4's cross-entropy with two classes: (1 − y, y) against (1 − t, t).
        let (y, t) = (arr1(&[0.3, 0.95, 0.5, 0.01]), arr1(&[0.0, 1.0, 1.0, 0.0]));
        let two = |v: &Array1<f64>| {
            arr2(&[[1.0 - v[0], v[0]], [1.0 - v[1], v[1]], [1.0 - v[2], v[2]], [1.0 - v[3], v[3]]])
        };
        let expected: f64 = common::functions::cross_entropy_error(&two(&y), &two(&t));
        assert_abs_diff_eq!(binary_cross_entropy(y.view(), t.view()), expected, epsilon = 1e-12);
    }

    #[test]
    #[ignore = "exercise 4.3"]
    fn ex4_3_an_epoch_visits_every_example_once_in_a_random_order() {
        let batches = epoch_batches(10, 3, &mut seeded(1));
        let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
        assert_eq!(sizes, [3, 3, 3, 1], "the last batch takes what is left");
        let mut all: Vec<usize> = batches.concat();
        all.sort_unstable();
        assert_eq!(all, (0..10).collect::<Vec<_>>(), "every index exactly once");

        let epoch = epoch_batches(1000, 100, &mut seeded(1));
        assert_eq!(epoch.len(), 10);
        assert_ne!(epoch[0], (0..100).collect::<Vec<_>>(), "shuffled, not in order");
        let mean = epoch[0].iter().sum::<usize>() as f64 / 100.0;
        assert!((350.0..650.0).contains(&mean), "the first batch comes from all over: mean index {mean}");
        assert_eq!(epoch, epoch_batches(1000, 100, &mut seeded(1)), "the same seed, the same epoch");
        assert_ne!(epoch, epoch_batches(1000, 100, &mut seeded(2)), "another seed, another order");
        assert_eq!(epoch_batches(5, 8, &mut seeded(3)).len(), 1, "a batch larger than the data: one batch");
    }

    #[test]
    #[ignore = "exercise 4.4"]
    fn ex4_4_backtracking_halves_the_step_until_it_goes_downhill() {
        // From (−3, 4), ∇f = (−6, 8), f = 25. η = 10, 5, 2.5, 1.25 all land higher than 25
        // (at f = 9025, 2025, 400, 56.25); η = 0.625 lands at (0.75, −1), f = 1.5625.
        let (x, eta) = backtracking_step(function_2, &book_start(), 10.0);
        assert_eq!(eta, 0.625);
        assert_abs_diff_eq!(x, arr1(&[0.75, -1.0]), epsilon = 1e-8);
        // At the bottom no step goes down: stay, with η = 0.
        let (x, eta) = backtracking_step(function_2, &arr1(&[0.0, 0.0]), 10.0);
        assert_eq!((x, eta), (arr1(&[0.0, 0.0]), 0.0));
        // On the stretched bowl x0²/20 + x1², a fixed η = 10 flies off; backtracking does not.
        let stretched = |x: &Array1<f64>| x[0] * x[0] / 20.0 + x[1] * x[1];
        let (fixed, _) = gradient_descent(stretched, &book_start(), 10.0, 20);
        assert!(stretched(&fixed) > 1e6, "a fixed η = 10 diverges: {fixed}");
        let mut x = book_start();
        for _ in 0..200 {
            x = backtracking_step(stretched, &x, 10.0).0;
        }
        assert!(stretched(&x) < 1e-10, "200 backtracking steps reach the bottom: {x}");
    }

    #[test]
    #[ignore = "exercise 4.5"]
    fn ex4_5_bisection_finds_where_descent_stops_converging_on_each_bowl() {
        // On a·(x0² + x1²) each step multiplies x by (1 − 2aη): it stops shrinking at η = 1/a.
        for (a, threshold) in [(1.0, 1.0), (0.25, 4.0), (4.0, 0.25), (10.0, 0.1)] {
            let bowl = move |x: &Array1<f64>| a * function_2(x);
            let lr = divergence_threshold(bowl, 0.01, 10.0, 1e-6);
            assert_abs_diff_eq!(lr, threshold, epsilon = 2e-6);
        }
    }
}
