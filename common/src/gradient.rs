//! Numerical differentiation: the slow, obviously-correct gradient that backpropagation is
//! checked against.

use ndarray::{Array, ArrayD, Dimension};
use rand::Rng;
use rand_distr::StandardNormal;

use crate::Float;
use crate::layers::Layer;

/// The book's step for numerical differentiation. Smaller is not better: in floating point,
/// f(x + h) − f(x − h) loses its digits to rounding when h is tiny (try 1e-50 in `f32`: 0).
pub const H: f64 = 1e-4;

// ANCHOR: numerical_diff
/// The derivative of f at x by the central difference:
/// f′(x) ≈ (f(x + h) − f(x − h)) / 2h, with h = 1e-4.
/// Central, not forward ((f(x + h) − f(x)) / h): its error shrinks with h², not h.
pub fn numerical_diff<F: Float>(f: impl Fn(F) -> F, x: F) -> F {
    let h = F::lit(H);
    (f(x + h) - f(x - h)) / (F::lit(2.0) * h)
}
// ANCHOR_END: numerical_diff

// ANCHOR: numerical_gradient
/// The gradient of f at x, an array of any shape: one central difference per element,
/// ∂f/∂xᵢ ≈ (f(…, xᵢ + h, …) − f(…, xᵢ − h, …)) / 2h.
/// Each element is nudged in place and restored, as the book does.
pub fn numerical_gradient<F: Float, D: Dimension>(
    mut f: impl FnMut(&Array<F, D>) -> F,
    x: &mut Array<F, D>,
) -> Array<F, D> {
    numerical_gradient_by(x, |x| x, |x| f(x))
}
// ANCHOR_END: numerical_gradient

/// The gradient of `loss(model)` with respect to one array inside the model, picked out by
/// `param`: the form a network needs, where the loss reads the weights from the network
/// itself (the book's `numerical_gradient(loss_W, self.params['W1'])`).
pub fn numerical_gradient_by<T: ?Sized, F: Float, D: Dimension>(
    model: &mut T,
    param: impl Fn(&mut T) -> &mut Array<F, D>,
    mut loss: impl FnMut(&mut T) -> F,
) -> Array<F, D> {
    let h = F::lit(H);
    // The gradient has the parameter's own memory layout, so element i of one's memory is
    // element i of the other's.
    let mut grad = param(model).mapv(|_| F::zero());
    let len = grad.len();
    for i in 0..len {
        let original = flat(param(model))[i];
        flat(param(model))[i] = original + h;
        let fxh1 = loss(model);
        flat(param(model))[i] = original - h;
        let fxh2 = loss(model);
        flat(param(model))[i] = original;
        flat(&mut grad)[i] = (fxh1 - fxh2) / (F::lit(2.0) * h);
    }
    grad
}

/// Checks a layer's backward pass against numerical gradients and returns, for the input
/// (`"x"`) and for each parameter, the largest absolute difference.
///
/// The scalar checked is L = Σ y ⊙ g with y = forward(x) and a fixed random g, so
/// ∂L/∂y = g is what backward receives. Run it in `f64`.
pub fn gradient_check_layer<F: Float, L: Layer<F> + ?Sized>(
    layer: &mut L,
    x: &ArrayD<F>,
    rng: &mut impl Rng,
) -> Vec<(String, F)> {
    let y = layer.forward(x, true);
    let g: ArrayD<F> =
        Array::from_shape_simple_fn(y.raw_dim(), || F::lit(rng.sample::<f64, _>(StandardNormal)));
    let dx = layer.backward(&g);
    let analytic_params: Vec<(String, ArrayD<F>)> =
        layer.params().into_iter().map(|p| (p.name.clone(), p.grad.to_owned())).collect();

    let objective = |layer: &mut L, x: &ArrayD<F>| (layer.forward(x, true) * &g).sum();
    let mut report = Vec::new();

    let mut x_probe = x.clone();
    let numeric_dx = numerical_gradient(|x| objective(layer, x), &mut x_probe);
    report.push(("x".to_string(), max_abs_diff(&dx, &numeric_dx)));

    for (i, (name, analytic)) in analytic_params.iter().enumerate() {
        let numeric =
            numerical_gradient_by(layer, |layer| param_array(layer, i), |layer| objective(layer, x));
        report.push((name.clone(), max_abs_diff(analytic, &numeric)));
    }
    report
}

/// The i-th parameter array of a layer, to be nudged by the numerical gradient.
fn param_array<F: Float, L: Layer<F> + ?Sized>(layer: &mut L, i: usize) -> &mut ArrayD<F> {
    layer
        .params()
        .into_iter()
        .nth(i)
        .expect("gradient check: the layer lists fewer parameters than before")
        .value
}

/// The elements of a contiguous array, in memory order.
fn flat<F: Float, D: Dimension>(a: &mut Array<F, D>) -> &mut [F] {
    a.as_slice_memory_order_mut().expect("numerical gradient: the array must be contiguous")
}

/// max |a − b| over all elements.
pub fn max_abs_diff<F: Float>(a: &ArrayD<F>, b: &ArrayD<F>) -> F {
    assert_eq!(a.shape(), b.shape(), "max_abs_diff: shapes differ");
    a.iter().zip(b.iter()).map(|(&p, &q)| (p - q).abs()).fold(F::zero(), F::max)
}

/// mean |a − b| over all elements: the number the book prints after a gradient check.
pub fn mean_abs_diff<F: Float>(a: &ArrayD<F>, b: &ArrayD<F>) -> F {
    assert_eq!(a.shape(), b.shape(), "mean_abs_diff: shapes differ");
    let sum: F = a.iter().zip(b.iter()).map(|(&p, &q)| (p - q).abs()).sum();
    sum / F::lit(a.len().max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use ndarray::arr1;

    #[test]
    fn numerical_diff_of_the_books_quadratic_matches_the_true_slope() {
        let f = |x: f64| 0.01 * x * x + 0.1 * x;
        assert_abs_diff_eq!(numerical_diff(f, 5.0), 0.2, epsilon = 1e-9);
        assert_abs_diff_eq!(numerical_diff(f, 10.0), 0.3, epsilon = 1e-9);
    }

    #[test]
    fn numerical_gradient_of_sum_of_squares_is_twice_x() {
        let mut x = arr1(&[3.0, 4.0]);
        let grad = numerical_gradient(|x| x.mapv(|v| v * v).sum(), &mut x);
        assert_abs_diff_eq!(grad, arr1(&[6.0, 8.0]), epsilon = 1e-6);
        assert_eq!(x, arr1(&[3.0, 4.0]), "x is restored after nudging");
    }

    #[test]
    fn numerical_gradient_works_on_any_shape() {
        let mut x = ndarray::Array3::<f64>::from_shape_fn((2, 3, 2), |(i, j, k)| (i + 2 * j + 3 * k) as f64);
        let grad = numerical_gradient(|x| x.mapv(|v| v * v * v).sum(), &mut x);
        let expected = x.mapv(|v| 3.0 * v * v);
        assert_abs_diff_eq!(grad, expected, epsilon = 1e-6);
    }
}
