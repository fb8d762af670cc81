use ndarray::{Array2, ArrayD, Axis, IxDyn};

use super::{BACKWARD_BEFORE_FORWARD, Layer, Param};
use crate::Float;
use crate::linalg::{matmul, matmul_into, rows_view, view2, view2_mut};

// ANCHOR: affine_layer
/// The affine (fully connected) layer: y = x·W + b.
///
/// x may be (N, d) or any (N, d₁, d₂, …), which is flattened to (N, d₁·d₂·…) first (the
/// output of a convolution, for example); dx comes back in x's own shape.
///
/// forward:  y = x·W + b        x (N, D), W (D, M), b (M,), y (N, M)
/// backward: dx = dout·Wᵀ       (N, D)
///           dW = xᵀ·dout       (D, M)
///           db = Σₙ dout[n]     (M,)   (b was added to every row, so its gradient sums them)
#[derive(Debug, Clone)]
pub struct Affine<F> {
    /// Weights, (in, out) as in the book.
    pub w: ArrayD<F>,
    /// Bias, (out,).
    pub b: ArrayD<F>,
    /// ∂L/∂W from the last backward pass.
    pub dw: ArrayD<F>,
    /// ∂L/∂b from the last backward pass.
    pub db: ArrayD<F>,
    /// Whether backward computes ∂L/∂x. The first layer of a network can skip it: no layer
    /// below needs it (see [`Affine::without_input_grad`]).
    pub input_grad: bool,
    x: Option<Array2<F>>,         // the input, flattened to (N, D)
    original_x_shape: Vec<usize>, // to give dx back in the input's shape
}

impl<F: Float> Affine<F> {
    /// An affine layer with weights W (in, out) and bias b (out,).
    pub fn new(w: Array2<F>, b: ndarray::Array1<F>) -> Self {
        assert_eq!(w.ncols(), b.len(), "Affine: W has {} columns but b has {} entries", w.ncols(), b.len());
        let dw = ArrayD::zeros(IxDyn(w.shape()));
        let db = ArrayD::zeros(IxDyn(b.shape()));
        Affine {
            w: w.into_dyn(),
            b: b.into_dyn(),
            dw,
            db,
            input_grad: true,
            x: None,
            original_x_shape: Vec::new(),
        }
    }

    /// The same layer, not computing ∂L/∂x in backward (for the first layer of a network,
    /// where it is a third of the layer's work and nobody uses it): backward then returns an
    /// empty array.
    pub fn without_input_grad(mut self) -> Self {
        self.input_grad = false;
        self
    }

    /// Input width D.
    pub fn input_size(&self) -> usize {
        self.w.shape()[0]
    }

    /// Output width M.
    pub fn output_size(&self) -> usize {
        self.w.shape()[1]
    }
}

impl<F: Float> Layer<F> for Affine<F> {
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        self.original_x_shape = x.shape().to_vec();
        let x = keep_rows(&mut self.x, x); // x as (N, D), kept for backward
        assert_eq!(
            x.ncols(),
            self.w.shape()[0],
            "Affine: input has {} features per example, W expects {}",
            x.ncols(),
            self.w.shape()[0]
        );
        let mut out = matmul(x.view(), view2(&self.w)); // (N, M)
        out += &self.b.view().into_shape_with_order(self.w.shape()[1]).expect("b is 1-D");
        out.into_dyn()
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let x = self.x.as_ref().expect(BACKWARD_BEFORE_FORWARD);
        let dout = view2(dout); // (N, M)
        if self.dw.shape() != self.w.shape() {
            self.dw = ArrayD::zeros(self.w.raw_dim());
        }
        matmul_into(F::one(), x.t(), dout, F::zero(), &mut view2_mut(&mut self.dw)); // dW = xᵀ·dout (D, M)
        self.db = dout.sum_axis(Axis(0)).into_dyn(); // (M,)
        if !self.input_grad {
            return ArrayD::zeros(IxDyn(&[0]));
        }
        let dx = matmul(dout, view2(&self.w).t()); // (N, D)
        dx.into_shape_with_order(IxDyn(&self.original_x_shape)).expect("dx has x's size")
    }

    fn params(&mut self) -> Vec<Param<'_, F>> {
        vec![Param::new("W", &mut self.w, &self.dw), Param::new("b", &mut self.b, &self.db)]
    }
}
// ANCHOR_END: affine_layer

/// Copies x, seen as (N, D), into `kept` (reusing its memory when the shape is the same as
/// last time) and returns it.
fn keep_rows<'a, F: Float>(kept: &'a mut Option<Array2<F>>, x: &ArrayD<F>) -> &'a Array2<F> {
    crate::kernels::memory::keep_freed_memory();
    let rows = rows_view(x);
    match kept {
        Some(buf) if buf.dim() == rows.dim() => buf.assign(&rows),
        _ => *kept = Some(rows.into_owned()),
    }
    kept.as_ref().expect("just stored")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::gradient_check_layer;
    use crate::init::gaussian;
    use crate::rng::seeded;
    use ndarray::{arr1, arr2};

    #[test]
    fn affine_forward_computes_x_dot_w_plus_b() {
        let mut layer =
            Affine::<f64>::new(arr2(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), arr1(&[0.5, 0.0, -0.5]));
        let y = layer.forward(&arr2(&[[1.0, 1.0], [0.0, 2.0]]).into_dyn(), false);
        assert_eq!(y, arr2(&[[5.5, 7.0, 8.5], [8.5, 10.0, 11.5]]).into_dyn());
    }

    #[test]
    fn affine_backward_matches_numerical_gradient() {
        let mut rng = seeded(3);
        let mut layer = Affine::<f64>::new(
            gaussian(&[6, 4], 1.0, &mut rng).into_dimensionality().unwrap(),
            gaussian(&[4], 1.0, &mut rng).into_dimensionality().unwrap(),
        );
        let x = gaussian(&[5, 6], 1.0, &mut rng);
        for (name, diff) in gradient_check_layer(&mut layer, &x, &mut rng) {
            assert!(diff < 1e-8, "{name}: max |backprop − numerical| = {diff}");
        }
    }

    #[test]
    fn affine_takes_4d_input_and_gives_dx_back_in_that_shape() {
        let mut rng = seeded(4);
        let mut layer = Affine::<f64>::new(
            gaussian(&[2 * 3 * 3, 4], 1.0, &mut rng).into_dimensionality().unwrap(),
            gaussian(&[4], 1.0, &mut rng).into_dimensionality().unwrap(),
        );
        let x = gaussian(&[5, 2, 3, 3], 1.0, &mut rng);
        for (name, diff) in gradient_check_layer(&mut layer, &x, &mut rng) {
            assert!(diff < 1e-8, "{name}: max |backprop − numerical| = {diff}");
        }
        let y = layer.forward(&x, true);
        assert_eq!(y.shape(), &[5, 4]);
        assert_eq!(layer.backward(&y).shape(), &[5, 2, 3, 3]);
    }

    #[test]
    fn affine_db_sums_dout_over_the_batch_and_dw_is_xt_dout() {
        let mut layer = Affine::<f64>::new(arr2(&[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), arr1(&[0.0, 0.0]));
        let x = arr2(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
        layer.forward(&x.clone().into_dyn(), true);
        let dout = arr2(&[[1.0, -1.0], [0.5, 2.0]]);
        let dx = layer.backward(&dout.clone().into_dyn());
        assert_eq!(layer.db, arr1(&[1.5, 1.0]).into_dyn());
        assert_eq!(layer.dw, x.t().dot(&dout).into_dyn()); // (3, 2), W's shape
        assert_eq!(dx, arr2(&[[1.0, -1.0, 0.0], [0.5, 2.0, 2.5]]).into_dyn()); // dout·Wᵀ, x's shape
    }

    #[test]
    fn the_first_layer_can_skip_the_input_gradient() {
        let mut rng = seeded(6);
        let mut full = Affine::<f32>::new(
            gaussian(&[20, 7], 1.0, &mut rng).into_dimensionality().unwrap(),
            gaussian(&[7], 1.0, &mut rng).into_dimensionality().unwrap(),
        );
        let mut first = full.clone().without_input_grad();
        let x = gaussian::<f32>(&[4, 20], 1.0, &mut rng);
        let dout = gaussian::<f32>(&[4, 7], 1.0, &mut rng);
        assert_eq!(full.forward(&x, true), first.forward(&x, true));
        assert_eq!(full.backward(&dout).shape(), &[4, 20]);
        assert_eq!(first.backward(&dout).len(), 0);
        assert_eq!((full.dw, full.db), (first.dw, first.db));
    }

    #[test]
    fn affine_handles_3d_input_and_a_batch_of_one() {
        let mut rng = seeded(5);
        let mut layer = Affine::<f64>::new(
            gaussian(&[3 * 4, 2], 1.0, &mut rng).into_dimensionality().unwrap(),
            gaussian(&[2], 1.0, &mut rng).into_dimensionality().unwrap(),
        );
        for shape in [[1usize, 3, 4], [6, 3, 4]] {
            let x = gaussian(&shape, 1.0, &mut rng);
            for (name, diff) in gradient_check_layer(&mut layer, &x, &mut rng) {
                assert!(diff < 1e-8, "{shape:?} {name}: max |backprop − numerical| = {diff}");
            }
        }
    }
}
