//! Gradient check: backpropagation is fast but intricate, numerical differentiation is slow
//! but hard to get wrong. Run both on the same batch and compare.

use ndarray::{ArrayD, Axis, Slice};

use common::gradient::mean_abs_diff;
use common::{Float, Net, Targets};

// ANCHOR: gradient_check
/// For each parameter (W1, b1, W2, b2), the mean of |backprop − numerical| over its entries:
/// what the book's `gradient_check.py` prints.
pub fn gradient_check<F: Float, N: Net<F> + ?Sized>(
    net: &mut N,
    x_batch: &ArrayD<F>,
    t_batch: Targets<'_, F>,
) -> Vec<(String, f64)> {
    let grad_numerical = net.numerical_gradient(x_batch, t_batch);
    net.gradient(x_batch, t_batch);
    let grad_backprop = net.grads();

    grad_backprop
        .iter()
        .zip(&grad_numerical)
        .map(|((key, backprop), (_, numerical))| {
            (key.clone(), mean_abs_diff(backprop, numerical).to_f64_lossy())
        })
        .collect()
}
// ANCHOR_END: gradient_check

/// The first `n` examples of a dataset, converted to another float type (the gradient check
/// runs in `f64` on data loaded as `f32`).
pub fn first_rows<A: Float, B: Float>(x: &ArrayD<A>, n: usize) -> ArrayD<B> {
    x.slice_axis(Axis(0), Slice::from(..n)).mapv(|v| B::lit(v.to_f64_lossy()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::init::gaussian;
    use common::rng::seeded;
    use ndarray::arr1;

    use crate::two_layer_net::TwoLayerNet;

    /// A 30→8→5 net on random "images" with pixel-like values in [0, 1).
    fn tiny_check<F: Float>() -> Vec<(String, f64)> {
        let mut rng = seeded(21);
        let x: ArrayD<f64> = gaussian(&[3, 30], 1.0, &mut rng).mapv(|v: f64| v.abs().fract());
        let mut net = TwoLayerNet::<F>::new(30, 8, 5, 0.01, &mut seeded(1));
        let t = arr1(&[4usize, 0, 2]);
        gradient_check(&mut net, &first_rows(&x, 3), Targets::Labels(t.view()))
    }

    #[test]
    fn gradient_check_in_f64_agrees_to_the_books_digits() {
        let report = tiny_check::<f64>();
        let names: Vec<_> = report.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["W1", "b1", "W2", "b2"]);
        for (key, diff) in report {
            assert!(diff < 1e-9, "{key}: {diff:e}");
        }
    }

    #[test]
    fn gradient_check_in_f32_sees_rounding_errors_of_a_much_larger_size() {
        let f64_worst = tiny_check::<f64>().into_iter().map(|(_, d)| d).fold(0.0, f64::max);
        let f32_worst = tiny_check::<f32>().into_iter().map(|(_, d)| d).fold(0.0, f64::max);
        assert!(f32_worst > 1000.0 * f64_worst, "f32 {f32_worst:e} vs f64 {f64_worst:e}");
    }
}
