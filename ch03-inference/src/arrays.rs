//! 3.3 Multi-dimensional arrays: the matrix product, and the one rule about shapes that
//! makes it work: (m, k)·(k, n) = (m, n), the inner sizes must agree.

use common::Float;
use common::linalg::matmul;
use ndarray::{Array1, ArrayView1, ArrayView2, Axis};

// ANCHOR: dot
/// NumPy's `np.dot(x, W)` for a vector x (D,) and a matrix W (D, M): the vector
/// (M,) whose j-th entry is Σᵢ xᵢ·Wᵢⱼ. The vector is treated as a matrix of one
/// row (1, D).
pub fn dot<F: Float>(x: ArrayView1<'_, F>, w: ArrayView2<'_, F>) -> Array1<F> {
    let row = x.insert_axis(Axis(0)); // (1, D)
    matmul(row, w).remove_axis(Axis(0)) // (1, M) → (M,)
}
// ANCHOR_END: dot

// ANCHOR: check_shapes
/// The shape rule of the matrix product A·B: A's number of columns must equal
/// B's number of rows. On a mismatch, the message NumPy gives.
pub fn check_shapes(a: &[usize], b: &[usize]) -> Result<(), String> {
    let (k_a, k_b) = (a[a.len() - 1], b[0]);
    if k_a == k_b {
        Ok(())
    } else {
        Err(format!(
            "shapes {} and {} not aligned: {k_a} (dim {}) != {k_b} (dim 0)",
            crate::numpy_print::shape(a),
            crate::numpy_print::shape(b),
            a.len() - 1
        ))
    }
}
// ANCHOR_END: check_shapes

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr1, arr2};

    #[test]
    fn matrix_products_give_the_books_numbers() {
        let a = arr2(&[[1.0, 2.0], [3.0, 4.0]]);
        let b = arr2(&[[5.0, 6.0], [7.0, 8.0]]);
        assert_eq!(matmul(a.view(), b.view()), arr2(&[[19.0, 22.0], [43.0, 50.0]]));
        let x = arr1(&[1.0, 2.0]);
        let w = arr2(&[[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]);
        assert_eq!(dot(x.view(), w.view()), arr1(&[5.0, 11.0, 17.0]));
    }

    #[test]
    fn mismatched_inner_sizes_are_refused_with_numpys_message() {
        assert!(check_shapes(&[2, 3], &[3, 2]).is_ok());
        assert_eq!(
            check_shapes(&[2, 3], &[2, 2]).unwrap_err(),
            "shapes (2, 3) and (2, 2) not aligned: 3 (dim 1) != 2 (dim 0)"
        );
    }
}
