//! Exercises for chapter 5. Edit `src/exercises/todo.rs` where it says `TODO(ex 5.N)`, then
//! run that exercise's tests, e.g.
//!
//! ```text
//! cargo test -p ch05-backprop -- --ignored ex5_2
//! ```
//!
//! Reference solutions are in `solutions.rs`; `--features solutions` swaps them in.
//!
//! - **5.1** The backward pass of the apple-and-orange graph: call the four layers'
//!   `backward` in the right order and collect the five gradients the book prints
//!   (110 2.2 3.3 165 650).
//! - **5.2** `ExSigmoid::backward`: dx = dout · y · (1 − y). Watch the gradient check pass.
//! - **5.3** A `Tanh` layer: y = tanh(x), dx = dout · (1 − y²). Like the sigmoid, its
//!   derivative needs only the output.
//! - **5.4** `ExAffine::backward`: dx = dout·Wᵀ (back in x's shape), dW = xᵀ·dout,
//!   db = the sum of dout over the batch.
//! - **5.5** Run the gradient check in `f32` instead of `f64` ([`gradient_check_f64`] shows the
//!   call) and compare the size of the differences. Why are they ~1e-4–1e-3 instead of ~1e-10?

use ndarray::{Array1, ArrayD};

use common::rng::seeded;
use common::{Float, Targets};

use crate::gradient_check::{first_rows, gradient_check};
use crate::two_layer_net::TwoLayerNet;

#[cfg(not(feature = "solutions"))]
mod todo;
#[cfg(not(feature = "solutions"))]
pub use todo::*;
#[cfg(feature = "solutions")]
mod solutions;
#[cfg(feature = "solutions")]
pub use solutions::*;

/// The five gradients the book prints for the apple-and-orange graph (exercise 5.1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AppleOrangeGrads {
    pub dapple_num: f64,
    pub dapple: f64,
    pub dorange: f64,
    pub dorange_num: f64,
    pub dtax: f64,
}

/// A small batch for exercise 5.5: three 100-pixel "images" with values in [0, 1) and
/// their labels.
pub fn small_batch() -> (ArrayD<f64>, Array1<usize>) {
    let x = common::init::gaussian::<f64>(&[3, 100], 1.0, &mut seeded(5)).mapv(|v| v.abs().fract());
    (x, Array1::from(vec![7, 2, 1]))
}

/// The network of exercise 5.5 (100→20→10), built the same way whatever the float type.
pub fn small_net<F: Float>() -> TwoLayerNet<F> {
    TwoLayerNet::new(100, 20, 10, 0.01, &mut seeded(1))
}

// ANCHOR: gradient_check_f64
/// The gradient check of `small_net` on `x`, in `f64`: mean |backprop − numerical| per
/// parameter.
pub fn gradient_check_f64(x: &ArrayD<f64>, labels: &Array1<usize>) -> Vec<(String, f64)> {
    let mut net = small_net::<f64>();
    gradient_check(&mut net, &first_rows::<f64, f64>(x, x.shape()[0]), Targets::Labels(labels.view()))
}
// ANCHOR_END: gradient_check_f64

#[cfg(test)]
mod tests {
    use super::*;
    use common::Layer;
    use common::gradient::gradient_check_layer;
    use common::init::gaussian;

    #[test]
    #[ignore = "exercise 5.1"]
    fn ex5_1_apple_orange_backward_gives_the_books_gradients() {
        let g = buy_apple_orange_backward();
        let printed = [g.dapple_num, g.dapple, g.dorange, g.dorange_num, g.dtax].map(crate::buy::tidy);
        assert_eq!(printed.join(" "), "110 2.2 3.3 165 650");
    }

    #[test]
    #[ignore = "exercise 5.2"]
    fn ex5_2_sigmoid_backward_passes_the_gradient_check() {
        let mut rng = seeded(2);
        let x = gaussian::<f64>(&[4, 6], 2.0, &mut rng);
        for (name, diff) in gradient_check_layer(&mut ExSigmoid::new(), &x, &mut rng) {
            assert!(diff < 1e-9, "{name}: max |backprop − numerical| = {diff:e}");
        }
    }

    #[test]
    #[ignore = "exercise 5.3"]
    fn ex5_3_tanh_layer_computes_tanh_and_passes_the_gradient_check() {
        let mut rng = seeded(3);
        let x = gaussian::<f64>(&[5, 4], 1.5, &mut rng);
        let mut layer = Tanh::new();
        let y = layer.forward(&x, true);
        approx::assert_abs_diff_eq!(y, x.mapv(f64::tanh), epsilon = 1e-12);
        for (name, diff) in gradient_check_layer(&mut layer, &x, &mut rng) {
            // central differences are exact to ~h²·|y‴|/6 ≈ 1e-9 here
            assert!(diff < 1e-8, "{name}: max |backprop − numerical| = {diff:e}");
        }
    }

    #[test]
    #[ignore = "exercise 5.4"]
    fn ex5_4_affine_backward_passes_the_gradient_check_for_2d_and_4d_input() {
        let mut rng = seeded(4);
        let w = gaussian::<f64>(&[12, 5], 1.0, &mut rng).into_dimensionality().unwrap();
        let b = gaussian::<f64>(&[5], 1.0, &mut rng).into_dimensionality().unwrap();
        let mut layer = ExAffine::new(w, b);
        for shape in [vec![4, 12], vec![4, 3, 2, 2]] {
            let x = gaussian::<f64>(&shape, 1.0, &mut rng);
            for (name, diff) in gradient_check_layer(&mut layer, &x, &mut rng) {
                assert!(diff < 1e-8, "{shape:?} {name}: max |backprop − numerical| = {diff:e}");
            }
            let y = layer.forward(&x, true);
            assert_eq!(layer.backward(&y).shape(), &shape[..], "dx has x's shape");
        }
    }

    #[test]
    #[ignore = "exercise 5.5"]
    fn ex5_5_f32_gradient_check_is_about_a_million_times_coarser_than_f64() {
        let (x, labels) = small_batch();
        let worst = |report: Vec<(String, f64)>| report.into_iter().map(|(_, d)| d).fold(0.0, f64::max);
        let f64_worst = worst(gradient_check_f64(&x, &labels));
        let report = gradient_check_f32(&x, &labels);
        let names: Vec<_> = report.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(names, ["W1", "b1", "W2", "b2"]);
        let f32_worst = worst(report);
        eprintln!("worst mean |backprop − numerical|: f64 {f64_worst:.1e}, f32 {f32_worst:.1e}");
        assert!(f64_worst < 1e-9, "f64: {f64_worst:e}");
        assert!((1e-6..1e-1).contains(&f32_worst), "f32: {f32_worst:e}");
        assert!(f32_worst > 1e4 * f64_worst, "f32 {f32_worst:e} vs f64 {f64_worst:e}");
    }
}
