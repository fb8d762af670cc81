//! Exercises for chapter 5. Edit `src/exercises/todo.rs` where it says `TODO(ex 5.N)`, then
//! run that exercise's tests. None of them needs any data.
//!
//! ```text
//! cargo test -p ch05-backprop -- --ignored ex5_2
//! ```
//!
//! Reference solutions are in `solutions.rs`; `--features solutions` swaps them in.
//!
//! - **5.1** The sigmoid as the book draws it, four nodes (×−1, exp, +1, /): write the
//!   backward passes of the two new nodes, `ExpLayer` and `ReciprocalLayer`, then run the
//!   graph backward in `sigmoid_graph` and collect the gradient on every edge.
//!   `cargo test -p ch05-backprop -- --ignored ex5_1`
//! - **5.2** An `Elu` layer: y = x for x > 0 and α(eˣ − 1) elsewhere; like the sigmoid, its
//!   derivative can be written with the output. `cargo test -p ch05-backprop -- --ignored ex5_2`
//! - **5.3** A `Softmax` layer on its own (without the loss): dx = y ⊙ (dout − Σₖ doutₖ yₖ).
//!   `cargo test -p ch05-backprop -- --ignored ex5_3`
//! - **5.4** A `ScaleShift` layer, y = x ⊙ γ + β with a learnt γ and β per feature: dx, dγ
//!   and dβ, the shapes guiding you. `cargo test -p ch05-backprop -- --ignored ex5_4`
//! - **5.5** `SigmoidWithLoss`, the sigmoid and the binary cross-entropy as one layer, whose
//!   backward pass comes out as simple as Softmax-with-Loss's: (y − t)/N.
//!   `cargo test -p ch05-backprop -- --ignored ex5_5`

#[cfg(not(feature = "solutions"))]
mod todo;
#[cfg(not(feature = "solutions"))]
pub use todo::*;
#[cfg(feature = "solutions")]
mod solutions;
#[cfg(feature = "solutions")]
pub use solutions::*;

/// What [`sigmoid_graph`] computes (exercise 5.1): the output, and the gradient of y on each
/// edge of the graph, from the output back to the input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SigmoidGraph {
    /// y = 1 / (1 + exp(−x))
    pub y: f64,
    /// ∂y/∂(1 + exp(−x)), out of the `/` node
    pub d_denominator: f64,
    /// ∂y/∂exp(−x), out of the `+` node
    pub d_exp: f64,
    /// ∂y/∂(−x), out of the `exp` node
    pub d_minus_x: f64,
    /// ∂y/∂x, out of the `×` node
    pub dx: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use common::Layer;
    use common::gradient::{gradient_check_layer, numerical_gradient};
    use common::init::gaussian;
    use common::rng::seeded;
    use ndarray::{ArrayD, arr1, arr2};

    #[test]
    #[ignore = "exercise 5.1"]
    fn ex5_1_the_new_nodes_pass_back_their_local_derivatives() {
        let mut exp = ExpLayer::new();
        assert_eq!(exp.forward(0.0), 1.0);
        assert_eq!(exp.backward(3.0), 3.0, "d(eˣ)/dx = eˣ = 1 at 0");
        exp.forward(2f64.ln());
        assert_abs_diff_eq!(exp.backward(3.0), 6.0, epsilon = 1e-12);
        let mut reciprocal = ReciprocalLayer::new();
        assert_eq!(reciprocal.forward(4.0), 0.25);
        assert_eq!(reciprocal.backward(2.0), -0.125, "d(1/x)/dx = −1/x² = −1/16 at 4, times 2");
    }

    #[test]
    #[ignore = "exercise 5.1"]
    fn ex5_1_the_sigmoid_graph_gives_the_gradient_on_every_edge() {
        // x = 0: exp(−x) = 1, 1 + exp(−x) = 2, y = 1/2; backward: −y² = −1/4 through / and +,
        // times exp(−x) = 1 through exp, times −1 through ×.
        let g = sigmoid_graph(0.0);
        let expected =
            SigmoidGraph { y: 0.5, d_denominator: -0.25, d_exp: -0.25, d_minus_x: -0.25, dx: 0.25 };
        assert_eq!(g, expected);
        // x = ln 3: exp(−x) = 1/3, y = 3/4; −y² = −9/16, times 1/3 = −3/16, times −1 = 3/16.
        let g = sigmoid_graph(3f64.ln());
        let expected = [0.75, -0.5625, -0.5625, -0.1875, 0.1875];
        assert_abs_diff_eq!(
            arr1(&[g.y, g.d_denominator, g.d_exp, g.d_minus_x, g.dx]),
            arr1(&expected),
            epsilon = 1e-12
        );
        // And everywhere: ∂y/∂x = y(1 − y), the book's simplified form.
        for x in [-6.0, -1.5, 0.3, 2.0, 7.0] {
            let g = sigmoid_graph(x);
            let y = 1.0 / (1.0 + (-x).exp());
            assert_abs_diff_eq!(g.y, y, epsilon = 1e-15);
            assert_abs_diff_eq!(g.dx, y * (1.0 - y), epsilon = 1e-15);
        }
    }

    #[test]
    #[ignore = "exercise 5.2"]
    fn ex5_2_elu_gives_hand_worked_values_and_passes_the_gradient_check() {
        let mut elu = Elu::new(1.0);
        let y = elu.forward(&arr1(&[-1.0, 0.0, 2.0]).into_dyn(), true);
        let e = (-1f64).exp();
        assert_abs_diff_eq!(y, arr1(&[e - 1.0, 0.0, 2.0]).into_dyn(), epsilon = 1e-15);
        let dx = elu.backward(&arr1(&[1.0, 1.0, 1.0]).into_dyn());
        assert_abs_diff_eq!(dx, arr1(&[e, 1.0, 1.0]).into_dyn(), epsilon = 1e-15);
        let mut elu = Elu::new(0.5);
        let y = elu.forward(&arr1(&[-1.0, 3.0]).into_dyn(), true);
        assert_abs_diff_eq!(y, arr1(&[0.5 * (e - 1.0), 3.0]).into_dyn(), epsilon = 1e-15);
        let dx = elu.backward(&arr1(&[2.0, 2.0]).into_dyn());
        assert_abs_diff_eq!(dx, arr1(&[2.0 * 0.5 * e, 2.0]).into_dyn(), epsilon = 1e-15);
        let mut rng = seeded(52);
        for alpha in [1.0, 0.5, 2.0] {
            // Away from the kink at 0, where the slope jumps from α to 1 when α ≠ 1.
            let x =
                gaussian::<f64>(&[4, 6], 2.0, &mut rng).mapv(|v| if v.abs() < 0.01 { v + 0.1 } else { v });
            for (name, diff) in gradient_check_layer(&mut Elu::new(alpha), &x, &mut rng) {
                assert!(diff < 1e-8, "α = {alpha}: {name}: max |backprop − numerical| = {diff:e}");
            }
        }
    }

    #[test]
    #[ignore = "exercise 5.3"]
    fn ex5_3_softmax_backward_gives_hand_worked_values_and_passes_the_gradient_check() {
        // x = (0, ln 3): y = (1/4, 3/4). dout = (1, 0): Σ dout·y = 1/4, dx = y ⊙ (dout − 1/4).
        let mut softmax = Softmax::new();
        let y = softmax.forward(&arr2(&[[0.0, 3f64.ln()]]).into_dyn(), true);
        assert_abs_diff_eq!(y, arr2(&[[0.25, 0.75]]).into_dyn(), epsilon = 1e-15);
        let dx = softmax.backward(&arr2(&[[1.0, 0.0]]).into_dyn());
        assert_abs_diff_eq!(dx, arr2(&[[0.1875, -0.1875]]).into_dyn(), epsilon = 1e-15);
        // Adding the same number to every input changes nothing, so a gradient that is the
        // same for every class passes nothing back.
        let dx = softmax.backward(&arr2(&[[2.0, 2.0]]).into_dyn());
        assert_abs_diff_eq!(dx, arr2(&[[0.0, 0.0]]).into_dyn(), epsilon = 1e-15);
        // Followed by the cross-entropy (∂L/∂y = −t/y), it gives Softmax-with-Loss's y − t.
        let mut rng = seeded(53);
        let x = gaussian::<f64>(&[3, 4], 1.0, &mut rng);
        let t = arr2(&[[0.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]]).into_dyn();
        let y = softmax.forward(&x, true);
        let dx = softmax.backward(&(-&t / &y));
        assert_abs_diff_eq!(dx, &y - &t, epsilon = 1e-12);
        for (name, diff) in gradient_check_layer(&mut Softmax::new(), &x, &mut rng) {
            assert!(diff < 1e-9, "{name}: max |backprop − numerical| = {diff:e}");
        }
    }

    #[test]
    #[ignore = "exercise 5.4"]
    fn ex5_4_scale_shift_backward_gives_hand_worked_values_and_passes_the_gradient_check() {
        let mut layer = ScaleShift::new(arr1(&[2.0, -1.0]).into_dyn(), arr1(&[0.5, 0.0]).into_dyn());
        let y = layer.forward(&arr2(&[[1.0, 2.0], [3.0, 4.0]]).into_dyn(), true);
        assert_eq!(y, arr2(&[[2.5, -2.0], [6.5, -4.0]]).into_dyn());
        // dout = [[1, 1], [1, 2]]: dγ = (1·1 + 3·1, 2·1 + 4·2), dβ = (1 + 1, 1 + 2), dx = dout ⊙ γ.
        let dx = layer.backward(&arr2(&[[1.0, 1.0], [1.0, 2.0]]).into_dyn());
        assert_eq!(dx, arr2(&[[2.0, -1.0], [2.0, -2.0]]).into_dyn());
        assert_eq!(layer.dgamma, arr1(&[4.0, 10.0]).into_dyn());
        assert_eq!(layer.dbeta, arr1(&[2.0, 3.0]).into_dyn());
        let names: Vec<String> = layer.params().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["gamma", "beta"]);
        let mut rng = seeded(54);
        let (gamma, beta) = (gaussian::<f64>(&[5], 1.0, &mut rng), gaussian::<f64>(&[5], 1.0, &mut rng));
        let x = gaussian::<f64>(&[4, 5], 1.0, &mut rng);
        let report = gradient_check_layer(&mut ScaleShift::new(gamma, beta), &x, &mut rng);
        assert_eq!(report.len(), 3, "x, gamma and beta are checked: {report:?}");
        for (name, diff) in report {
            assert!(diff < 1e-9, "{name}: max |backprop − numerical| = {diff:e}");
        }
    }

    #[test]
    #[ignore = "exercise 5.5"]
    fn ex5_5_sigmoid_with_loss_gives_hand_worked_values_and_y_minus_t() {
        // x = 0, t = 1: y = 1/2, L = −ln(1/2) = ln 2, dx = (1/2 − 1)/1.
        let mut layer = SigmoidWithLoss::new();
        let loss = layer.forward(&arr1(&[0.0]).into_dyn(), &arr1(&[1.0]).into_dyn());
        assert_abs_diff_eq!(loss, std::f64::consts::LN_2, epsilon = 1e-15);
        assert_abs_diff_eq!(layer.backward(), arr1(&[-0.5]).into_dyn(), epsilon = 1e-15);
        // x = (0, 2), t = (0, 1): L = (ln 2 + ln(1 + e⁻²)) / 2, dx = (1/2 − 0, sigmoid(2) − 1) / 2.
        let loss = layer.forward(&arr1(&[0.0, 2.0]).into_dyn(), &arr1(&[0.0, 1.0]).into_dyn());
        assert_abs_diff_eq!(loss, (2f64.ln() + (-2f64).exp().ln_1p()) / 2.0, epsilon = 1e-15);
        let sigmoid_2 = 1.0 / (1.0 + (-2f64).exp());
        assert_abs_diff_eq!(
            layer.backward(),
            arr1(&[0.25, (sigmoid_2 - 1.0) / 2.0]).into_dyn(),
            epsilon = 1e-15
        );
        // Certain and wrong costs what it costs; certain and right costs nothing. No NaN.
        let loss = layer.forward(&arr1(&[1000.0, -1000.0]).into_dyn(), &arr1(&[0.0, 0.0]).into_dyn());
        assert_abs_diff_eq!(loss, 500.0, epsilon = 1e-9);
        // dx against the numerical gradient of the loss.
        let mut rng = seeded(55);
        let mut x = gaussian::<f64>(&[6, 1], 2.0, &mut rng);
        let t: ArrayD<f64> = arr2(&[[1.0], [0.0], [0.0], [1.0], [1.0], [0.0]]).into_dyn();
        layer.forward(&x, &t);
        let dx = layer.backward();
        let numerical = numerical_gradient(|x: &ArrayD<f64>| SigmoidWithLoss::new().forward(x, &t), &mut x);
        assert_abs_diff_eq!(dx, numerical, epsilon = 1e-9);
    }
}
