//! Matrix products and shape views, kept in one place so the backend can change here alone.

use ndarray::{Array2, ArrayD, ArrayView2, ArrayViewMut2, Ix2};

use crate::Float;

/// C = A·B for A (m, k) and B (k, n).
pub fn matmul<F: Float>(a: ArrayView2<'_, F>, b: ArrayView2<'_, F>) -> Array2<F> {
    a.dot(&b)
}

/// C = α·A·B + β·C, writing into C (no allocation).
pub fn matmul_into<F: Float>(
    alpha: F,
    a: ArrayView2<'_, F>,
    b: ArrayView2<'_, F>,
    beta: F,
    c: &mut ArrayViewMut2<'_, F>,
) {
    ndarray::linalg::general_mat_mul(alpha, &a, &b, beta, c);
}

/// An n-D array that holds a matrix, seen as one (for parameters stored as `ArrayD`).
///
/// Panics if the array is not 2-D: a parameter's rank is fixed when the layer is built.
pub fn view2<F>(a: &ArrayD<F>) -> ArrayView2<'_, F> {
    a.view().into_dimensionality::<Ix2>().expect("expected a 2-D array")
}

/// An n-D array (N, d₁, d₂, …) seen as the matrix (N, d₁·d₂·…): one row per example.
/// Copies only if the array is not in row-major order.
pub fn flatten_rows<F: Float>(x: &ArrayD<F>) -> Array2<F> {
    let n = x.shape().first().copied().unwrap_or(1);
    let rest = if n == 0 { x.shape()[1..].iter().product() } else { x.len() / n };
    x.as_standard_layout()
        .into_owned()
        .into_shape_with_order((n, rest))
        .expect("a row-major array always reshapes")
}
