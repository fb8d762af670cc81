//! Matrix products and shape views, kept in one place so the backend can change here alone.

use ndarray::{Array2, ArrayD, ArrayView2, ArrayViewMut2, Ix2};

use crate::Float;

/// C = A·B for A (m, k) and B (k, n).
pub fn matmul<F: Float>(a: ArrayView2<'_, F>, b: ArrayView2<'_, F>) -> Array2<F> {
    let mut c = Array2::zeros((a.nrows(), b.ncols()));
    matmul_into(F::one(), a, b, F::zero(), &mut c.view_mut());
    c
}

/// Products smaller than this many multiply-adds run on one core: splitting them would cost
/// more than it saves.
pub const PARALLEL_MIN_WORK: usize = 1 << 20;

/// C = α·A·B + β·C, writing into C (no allocation).
///
/// A large product is split in two (by rows of C, or by columns when C is wide and short),
/// and the halves run on two cores at once; each half is an ordinary single-threaded
/// product, so the result is the same either way.
pub fn matmul_into<F: Float>(
    alpha: F,
    a: ArrayView2<'_, F>,
    b: ArrayView2<'_, F>,
    beta: F,
    c: &mut ArrayViewMut2<'_, F>,
) {
    let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
    #[cfg(feature = "parallel")]
    if m * k * n >= PARALLEL_MIN_WORK && rayon::current_num_threads() > 1 {
        use ndarray::Axis;
        if m >= n {
            let mid = m / 2;
            let (a1, a2) = a.split_at(Axis(0), mid);
            let (mut c1, mut c2) = c.view_mut().split_at(Axis(0), mid);
            rayon::join(
                || matmul_into(alpha, a1, b, beta, &mut c1),
                || matmul_into(alpha, a2, b, beta, &mut c2),
            );
        } else {
            let mid = n / 2;
            let (b1, b2) = b.split_at(Axis(1), mid);
            let (mut c1, mut c2) = c.view_mut().split_at(Axis(1), mid);
            rayon::join(
                || matmul_into(alpha, a, b1, beta, &mut c1),
                || matmul_into(alpha, a, b2, beta, &mut c2),
            );
        }
        return;
    }
    let _ = (m, k, n);
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
