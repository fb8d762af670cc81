//! The exercises of chapter 3. Edit `src/exercises/todo.rs`, then check one exercise with
//! its command, e.g. `cargo test -p ch03-inference -- --ignored ex3_1`.
//!
//! - **3.1** `sigmoid` and `relu` for one number, from their formulas:
//!   h(x) = 1 / (1 + e⁻ˣ) and h(x) = max(0, x).
//! - **3.2** `softmax` of a slice, the stable way: subtract the largest input first, so that
//!   [1010, 1000, 990] gives numbers, not NaN.
//! - **3.3** `forward` for the book's toy network: three times "x·W + b, then activation",
//!   sigmoid in the hidden layers and the identity at the output.
//! - **3.4** `accuracy` of class probabilities y (N, classes) against labels t: the fraction of
//!   rows whose largest entry (the first one, on a tie) is at the label.
//! - **3.5** `count_correct_batched`: classify the images `batch_size` at a time with
//!   `neuralnet_mnist::predict` and count the correct ones; the last batch may be shorter.

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
    use crate::neuralnet_mnist::{Network, SHAPES, count_correct_one_by_one};
    use crate::three_layer::init_network;
    use approx::assert_abs_diff_eq;
    use common::init::gaussian;
    use common::rng::seeded;
    use ndarray::{Array1, arr1, arr2};

    #[test]
    #[ignore = "exercise 3.1"]
    fn ex3_1_sigmoid_and_relu_follow_their_formulas() {
        for x in [-5.0, -1.0, -0.25, 0.0, 0.5, 2.0, 30.0] {
            let expected = common::functions::sigmoid(&arr1(&[x]))[0];
            assert_abs_diff_eq!(sigmoid(x), expected, epsilon = 1e-15);
            assert_eq!(relu(x), if x > 0.0 { x } else { 0.0 });
        }
        assert_eq!(sigmoid(0.0), 0.5);
        assert_abs_diff_eq!(sigmoid(1.0), 0.7310585786300049, epsilon = 1e-15);
        assert_eq!(sigmoid(-1000.0), 0.0, "e¹⁰⁰⁰ is inf, and 1 / (1 + inf) is exactly 0");
    }

    #[test]
    #[ignore = "exercise 3.2"]
    fn ex3_2_softmax_gives_probabilities_even_for_large_inputs() {
        let y = softmax(&[0.3, 2.9, 4.0]);
        assert_abs_diff_eq!(Array1::from(y), arr1(&[0.01821127, 0.24519181, 0.73659691]), epsilon = 5e-9);
        let y = softmax(&[1010.0, 1000.0, 990.0]);
        assert!(y.iter().all(|v| v.is_finite()), "overflow: {y:?}");
        assert_abs_diff_eq!(
            Array1::from(y),
            arr1(&[9.99954600e-01, 4.53978686e-05, 2.06106005e-09]),
            epsilon = 5e-9
        );
        let y = softmax(&[-1000.0, -1001.0]);
        assert!(y.iter().all(|v| v.is_finite()), "underflow: every exp was 0, and 0 / 0 is NaN: {y:?}");
        assert_abs_diff_eq!(y.iter().sum::<f64>(), 1.0, epsilon = 1e-15);
    }

    #[test]
    #[ignore = "exercise 3.3"]
    fn ex3_3_the_toy_forward_pass_gives_the_books_numbers() {
        let y = forward(&init_network(), arr1(&[1.0, 0.5]).view());
        assert_abs_diff_eq!(y, arr1(&[0.31682708, 0.69627909]), epsilon = 5e-9);
        let y = forward(&init_network(), arr1(&[0.0, 0.0]).view());
        assert_abs_diff_eq!(
            y,
            crate::three_layer::forward(&init_network(), arr1(&[0.0, 0.0]).view()),
            epsilon = 1e-15
        );
    }

    #[test]
    #[ignore = "exercise 3.4"]
    fn ex3_4_accuracy_counts_the_rows_whose_argmax_is_the_label() {
        let y = arr2(&[[0.1, 0.8, 0.1], [0.3, 0.1, 0.6], [0.2, 0.5, 0.3], [0.4, 0.4, 0.2]]);
        assert_eq!(accuracy(y.view(), arr1(&[1usize, 2, 0, 0]).view()), 0.75);
        assert_eq!(accuracy(y.view(), arr1(&[1usize, 2, 1, 1]).view()), 0.75, "a tie goes to the first");
        assert_eq!(accuracy(y.view(), arr1(&[0usize, 0, 0, 2]).view()), 0.0);
    }

    #[test]
    #[ignore = "exercise 3.5"]
    fn ex3_5_counting_in_batches_agrees_with_one_image_at_a_time() {
        let mut rng = seeded(7);
        let mut arrays = SHAPES.iter().map(|(_, s)| gaussian::<f32>(s, 0.5, &mut rng));
        let mut next = || arrays.next().unwrap();
        let network = Network {
            w1: next().into_dimensionality().unwrap(),
            b1: next().into_dimensionality().unwrap(),
            w2: next().into_dimensionality().unwrap(),
            b2: next().into_dimensionality().unwrap(),
            w3: next().into_dimensionality().unwrap(),
            b3: next().into_dimensionality().unwrap(),
        };
        let x = gaussian::<f32>(&[23, 784], 1.0, &mut rng).into_dimensionality().unwrap();
        let t: Array1<usize> = (0..23).map(|i| (i * 7) % 10).collect();
        let expected = count_correct_one_by_one(&network, x.view(), t.view());
        assert!(expected > 0 && expected < 23, "a useful test needs some right and some wrong: {expected}");
        for batch_size in [1, 5, 10, 23, 100] {
            assert_eq!(
                count_correct_batched(&network, x.view(), t.view(), batch_size),
                expected,
                "batch {batch_size}"
            );
        }
    }
}
