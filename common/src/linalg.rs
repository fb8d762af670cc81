//! Matrix products and shape views, kept in one place so the backend can change here alone.
//!
//! Every product of the fast kernels goes through [`matmul_into`]. Its one-core product is the
//! `gemm` crate's (feature `fast-gemm`, on by default), which picks its AVX-512, AVX2 or SSE
//! kernels when the program runs; without the feature (the WebAssembly playground builds
//! `common` that way) it is ndarray's own (`matrixmultiply`). Both give the same numbers up to
//! rounding, and the tests below check the one in use against a plain triple loop.

use ndarray::{Array2, ArrayD, ArrayView2, ArrayViewMut2, CowArray, Ix2};

use crate::Float;

/// C = A·B for A (m, k) and B (k, n).
pub fn matmul<F: Float>(a: ArrayView2<'_, F>, b: ArrayView2<'_, F>) -> Array2<F> {
    let mut c = Array2::zeros((a.nrows(), b.ncols()));
    matmul_into(F::one(), a, b, F::zero(), &mut c.view_mut());
    c
}

/// Products smaller than this many multiply-adds run on one core: splitting them would cost
/// more than it saves.
pub const PARALLEL_MIN_WORK: usize = 1 << 22;

/// C = α·A·B + β·C, writing into C (no allocation).
///
/// A large product is split in two along its largest dimension, and the halves run on two
/// cores at once, each an ordinary single-threaded product:
/// - by rows of A and C when m is largest, by columns of B and C when n is: each half then
///   copies ("packs") only its own half of the larger operand;
/// - along k when k is largest (a layer with many inputs and few outputs, W (4320, 100)):
///   C = A₁·B₁ + A₂·B₂, one product per core, then one small sum.
pub fn matmul_into<F: Float>(
    alpha: F,
    a: ArrayView2<'_, F>,
    b: ArrayView2<'_, F>,
    beta: F,
    c: &mut ArrayViewMut2<'_, F>,
) {
    #[cfg(feature = "parallel")]
    {
        // Halve until there is one piece per core (2 cores: one split), never further: every
        // piece packs its share of the operands again.
        let threads = rayon::current_num_threads();
        let splits = usize::BITS - (threads.max(1) - 1).leading_zeros();
        matmul_split(alpha, a, b, beta, c, splits);
    }
    #[cfg(not(feature = "parallel"))]
    matmul_one_core(alpha, a, b, beta, c);
}

/// C = α·A·B + β·C on one core, with the backend this build uses.
fn matmul_one_core<F: Float>(
    alpha: F,
    a: ArrayView2<'_, F>,
    b: ArrayView2<'_, F>,
    beta: F,
    c: &mut ArrayViewMut2<'_, F>,
) {
    let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
    assert_eq!(
        (b.nrows(), c.dim()),
        (k, (m, n)),
        "matmul: shapes ({m}, {k})·{:?} into {:?}",
        b.dim(),
        c.dim()
    );
    if m == 0 || n == 0 {
        return;
    }
    #[cfg(feature = "fast-gemm")]
    if k > 0 {
        let (ars, acs) = (a.strides()[0], a.strides()[1]);
        let (brs, bcs) = (b.strides()[0], b.strides()[1]);
        let (crs, ccs) = (c.strides()[0], c.strides()[1]);
        // SAFETY: the three pointers and their strides (in elements) describe the views a, b
        // and c exactly, whose shapes were checked above; c is borrowed mutably, so it overlaps
        // neither a nor b. gemm computes dst = α'·dst + β'·lhs·rhs, our β and α swapped, and
        // reads dst only when asked to (β ≠ 0). F is f32 or f64, both of which gemm takes.
        unsafe {
            gemm::gemm(
                m,
                n,
                k,
                c.as_mut_ptr(),
                ccs,
                crs,
                beta != F::zero(),
                a.as_ptr(),
                acs,
                ars,
                b.as_ptr(),
                bcs,
                brs,
                beta,
                alpha,
                false,
                false,
                false,
                gemm::Parallelism::None,
            );
        }
        return;
    }
    ndarray::linalg::general_mat_mul(alpha, &a, &b, beta, c);
}

#[cfg(feature = "parallel")]
fn matmul_split<F: Float>(
    alpha: F,
    a: ArrayView2<'_, F>,
    b: ArrayView2<'_, F>,
    beta: F,
    c: &mut ArrayViewMut2<'_, F>,
    splits: u32,
) {
    use ndarray::Axis;
    let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
    if splits == 0 || m * k * n < PARALLEL_MIN_WORK {
        matmul_one_core(alpha, a, b, beta, c);
    } else if k > m.max(n) {
        let mid = k / 2;
        let (a1, a2) = a.split_at(Axis(1), mid);
        let (b1, b2) = b.split_at(Axis(0), mid);
        let mut second = Array2::zeros((m, n));
        rayon::join(
            || matmul_split(alpha, a1, b1, beta, c, splits - 1),
            || matmul_split(alpha, a2, b2, F::zero(), &mut second.view_mut(), splits - 1),
        );
        *c += &second;
    } else if m >= n {
        let mid = m / 2;
        let (a1, a2) = a.split_at(Axis(0), mid);
        let (mut c1, mut c2) = c.view_mut().split_at(Axis(0), mid);
        rayon::join(
            || matmul_split(alpha, a1, b, beta, &mut c1, splits - 1),
            || matmul_split(alpha, a2, b, beta, &mut c2, splits - 1),
        );
    } else {
        let mid = n / 2;
        let (b1, b2) = b.split_at(Axis(1), mid);
        let (mut c1, mut c2) = c.view_mut().split_at(Axis(1), mid);
        rayon::join(
            || matmul_split(alpha, a, b1, beta, &mut c1, splits - 1),
            || matmul_split(alpha, a, b2, beta, &mut c2, splits - 1),
        );
    }
}

/// An n-D array that holds a matrix, seen as one (for parameters stored as `ArrayD`).
///
/// Panics if the array is not 2-D: a parameter's rank is fixed when the layer is built.
pub fn view2<F>(a: &ArrayD<F>) -> ArrayView2<'_, F> {
    a.view().into_dimensionality::<Ix2>().expect("expected a 2-D array")
}

/// The same as [`view2`], for writing.
pub fn view2_mut<F>(a: &mut ArrayD<F>) -> ArrayViewMut2<'_, F> {
    a.view_mut().into_dimensionality::<Ix2>().expect("expected a 2-D array")
}

/// An n-D array (N, d₁, d₂, …) seen as the matrix (N, d₁·d₂·…), without copying when it is
/// in row-major order (the usual case).
pub fn rows_view<F: Float>(x: &ArrayD<F>) -> CowArray<'_, F, Ix2> {
    let (n, rest) = rows_and_row_length(x);
    match x.view().into_shape_with_order((n, rest)) {
        Ok(view) => CowArray::from(view),
        Err(_) => CowArray::from(flatten_rows(x)),
    }
}

/// (N, d₁·d₂·…) for an array of shape (N, d₁, d₂, …); a 0-D array is one row of one.
fn rows_and_row_length<F>(x: &ArrayD<F>) -> (usize, usize) {
    let n = x.shape().first().copied().unwrap_or(1);
    (n, x.shape().get(1..).map_or(1, |rest| rest.iter().product()))
}

/// An n-D array (N, d₁, d₂, …) seen as the matrix (N, d₁·d₂·…): one row per example.
/// Copies only if the array is not in row-major order.
pub fn flatten_rows<F: Float>(x: &ArrayD<F>) -> Array2<F> {
    let (n, rest) = rows_and_row_length(x);
    x.as_standard_layout()
        .into_owned()
        .into_shape_with_order((n, rest))
        .expect("a row-major array always reshapes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::gaussian;
    use crate::rng::seeded;
    use approx::assert_abs_diff_eq;

    /// Shapes that take every path of [`matmul_into`]: too small to split, split along m, along
    /// n, and along k (the first affine layer of SimpleConvNet: 100×4320 · 4320×100).
    const SHAPES: [(usize, usize, usize); 4] = [(3, 4, 5), (2000, 30, 40), (30, 40, 2000), (100, 4320, 100)];

    #[test]
    fn matmul_into_gives_alpha_ab_plus_beta_c_on_every_path_in_f64() {
        let mut rng = seeded(40);
        for (m, k, n) in SHAPES {
            let a = gaussian::<f64>(&[m, k], 1.0, &mut rng).into_dimensionality::<Ix2>().unwrap();
            let b = gaussian::<f64>(&[k, n], 1.0, &mut rng).into_dimensionality::<Ix2>().unwrap();
            let c0 = gaussian::<f64>(&[m, n], 1.0, &mut rng).into_dimensionality::<Ix2>().unwrap();
            let mut c = c0.clone();
            matmul_into(0.5, a.view(), b.view(), 2.0, &mut c.view_mut());
            assert_abs_diff_eq!(c, a.dot(&b) * 0.5 + &c0 * 2.0, epsilon = 1e-10);
            assert_abs_diff_eq!(matmul(a.view(), b.view()), a.dot(&b), epsilon = 1e-10);
            // Transposed operands, as the layers' backward passes use them.
            assert_abs_diff_eq!(matmul(b.t(), a.t()), a.dot(&b).t(), epsilon = 1e-10);
        }
    }

    #[test]
    fn matmul_into_gives_the_same_products_in_f32() {
        let mut rng = seeded(41);
        for (m, k, n) in SHAPES {
            let a = gaussian::<f32>(&[m, k], 1.0, &mut rng).into_dimensionality::<Ix2>().unwrap();
            let b = gaussian::<f32>(&[k, n], 1.0, &mut rng).into_dimensionality::<Ix2>().unwrap();
            let mut c = Array2::from_elem((m, n), 1.0f32);
            matmul_into(1.0, a.view(), b.view(), 1.0, &mut c.view_mut());
            // Sums of k products of N(0, 1) numbers: rounding grows like √k.
            assert_abs_diff_eq!(c, a.dot(&b) + 1.0, epsilon = 1e-5 * (k as f32).sqrt() * 10.0);
        }
    }

    /// C = α·A·B + β·C the slow, obvious way.
    fn triple_loop(alpha: f64, a: &Array2<f64>, b: &Array2<f64>, beta: f64, c: &Array2<f64>) -> Array2<f64> {
        Array2::from_shape_fn(c.dim(), |(i, j)| {
            alpha * (0..a.ncols()).map(|p| a[[i, p]] * b[[p, j]]).sum::<f64>() + beta * c[[i, j]]
        })
    }

    #[test]
    fn the_backend_in_use_agrees_with_a_triple_loop_on_every_layout() {
        let mut rng = seeded(43);
        for (m, k, n) in [(1, 1, 1), (7, 5, 3), (30, 25, 576), (100, 50, 10), (0, 3, 2), (3, 0, 2)] {
            let a = gaussian::<f64>(&[m, k], 1.0, &mut rng).into_dimensionality::<Ix2>().unwrap();
            let b = gaussian::<f64>(&[k, n], 1.0, &mut rng).into_dimensionality::<Ix2>().unwrap();
            let c0 = gaussian::<f64>(&[m, n], 1.0, &mut rng).into_dimensionality::<Ix2>().unwrap();
            let expected = triple_loop(1.5, &a, &b, -0.5, &c0);
            // Row-major, transposed (column-major) and strided views of the same numbers.
            let (a_t, b_t) =
                (a.t().as_standard_layout().into_owned(), b.t().as_standard_layout().into_owned());
            for (a_view, b_view) in [(a.view(), b.view()), (a_t.t(), b_t.t())] {
                let mut c = c0.clone();
                matmul_into(1.5, a_view, b_view, -0.5, &mut c.view_mut());
                assert_abs_diff_eq!(c, expected, epsilon = 1e-10);
                let mut c_t = c0.t().as_standard_layout().into_owned();
                matmul_into(1.5, a_view, b_view, -0.5, &mut c_t.view_mut().reversed_axes());
                assert_abs_diff_eq!(c_t.t(), expected, epsilon = 1e-10);
            }
            // β = 0: whatever C held (even NaN) is not read.
            let mut c = Array2::from_elem((m, n), f64::NAN);
            matmul_into(1.0, a.view(), b.view(), 0.0, &mut c.view_mut());
            assert_abs_diff_eq!(c, triple_loop(1.0, &a, &b, 0.0, &Array2::zeros((m, n))), epsilon = 1e-10);
        }
    }

    #[test]
    fn rows_view_is_flatten_rows_without_the_copy() {
        let x = gaussian::<f64>(&[4, 2, 3], 1.0, &mut seeded(42));
        let rows = rows_view(&x);
        assert!(rows.is_view());
        assert_eq!(rows, flatten_rows(&x));
        // An array not in row-major order is copied into it.
        let t = x.clone().reversed_axes();
        assert_eq!(rows_view(&t), flatten_rows(&t));
        assert_eq!(rows_view(&t).dim(), (3, 8));
    }
}
