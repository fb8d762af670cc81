//! The affine layer, y = x·W + b, without allocations in the steady state: the input is copied
//! into the same buffer every step, dW is written into the layer's own array, the products are
//! split over the cores ([`crate::linalg::matmul_into`]), and the first layer of a network skips
//! dx = dout·Wᵀ, which nobody needs.

use ndarray::{Array2, ArrayD, Axis, IxDyn};

use crate::Float;
use crate::linalg::{matmul, matmul_into, rows_view, view2, view2_mut};

/// The fast path of [`crate::layers::Affine`]: the input of the last forward pass, as (N, D),
/// in a buffer reused from one step to the next, and that input's own shape.
#[derive(Debug, Clone, Default)]
pub struct AffineKernel<F> {
    x: Option<Array2<F>>,
    x_shape: Vec<usize>,
}

impl<F: Float> AffineKernel<F> {
    /// y (N, M) = x·W + b, for x (N, D) or (N, d₁, d₂, …), W (D, M), b (M,).
    pub fn forward(&mut self, x: &ArrayD<F>, w: &ArrayD<F>, b: &ArrayD<F>) -> ArrayD<F> {
        self.x_shape.clear();
        self.x_shape.extend_from_slice(x.shape());
        let rows = rows_view(x);
        let x = match &mut self.x {
            Some(buf) if buf.dim() == rows.dim() => {
                buf.assign(&rows);
                buf
            }
            kept => kept.insert(rows.into_owned()),
        };
        let mut out = matmul(x.view(), view2(w)); // (N, M)
        out += &b.view().into_shape_with_order(w.shape()[1]).expect("b is (M,)");
        out.into_dyn()
    }

    /// Writes dW = xᵀ·dout into `dw` and db = Σₙ dout into `db`, and returns dx = dout·Wᵀ in
    /// the input's shape (an empty array when `input_grad` is false).
    pub fn backward(
        &mut self,
        dout: &ArrayD<F>,
        w: &ArrayD<F>,
        dw: &mut ArrayD<F>,
        db: &mut ArrayD<F>,
        input_grad: bool,
    ) -> ArrayD<F> {
        let x = self.x.as_ref().expect(crate::layers::BACKWARD_BEFORE_FORWARD);
        let dout = view2(dout); // (N, M)
        if dw.shape() != w.shape() {
            *dw = ArrayD::zeros(w.raw_dim());
        }
        matmul_into(F::one(), x.t(), dout, F::zero(), &mut view2_mut(dw)); // (D, M)
        *db = dout.sum_axis(Axis(0)).into_dyn(); // (M,)
        if !input_grad {
            return ArrayD::zeros(IxDyn(&[0]));
        }
        let dx = matmul(dout, view2(w).t()); // (N, D)
        dx.into_shape_with_order(IxDyn(&self.x_shape)).expect("dx has x's size")
    }
}
