//! im2col and col2im: turning a convolution into one matrix product.
//!
//! A convolution slides a (C, FH, FW) filter over the input and takes a dot product at each
//! position. im2col copies every patch the filter will see into a row of a matrix, so that all
//! those dot products, for every filter at once, become a single matrix product
//! (col · col_w), the operation computers are fastest at. col2im is its adjoint: it adds each
//! row back onto the patch it came from, which is what the backward pass needs.

use ndarray::{Array2, Array4, ArrayView2, ArrayView4};

use crate::Float;

/// Sizes that do not fit together: a convolution or pooling window that does not tile its
/// input exactly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    #[error(
        "{what}: output {axis} (H + 2P − FH) / S + 1 = ({input} + 2·{pad} − {filter}) / {stride} + 1 \
         does not divide exactly ({input} + 2·{pad} − {filter} = {span} is not a multiple of the stride \
         {stride}); \
         choose a padding or stride that fits"
    )]
    DoesNotDivide {
        what: String,
        axis: &'static str,
        input: usize,
        filter: usize,
        pad: usize,
        stride: usize,
        span: usize,
    },
    #[error("{what}: the {filter}-wide filter is larger than the padded input {axis} ({input} + 2·{pad})")]
    FilterTooLarge { what: String, axis: &'static str, input: usize, filter: usize, pad: usize },
    #[error("{what}: the stride must be at least 1")]
    ZeroStride { what: String },
    #[error("{what}: expected {expected}, got shape {found:?}")]
    WrongInput { what: String, expected: String, found: Vec<usize> },
}

// ANCHOR: output_size
/// The output size of a convolution or pooling along one axis:
/// OH = (H + 2P − FH) / S + 1.
/// Refuses sizes where the division is not exact, instead of silently rounding down (which
/// would quietly drop the last rows or columns of the input).
pub fn output_size(
    what: &str,
    axis: &'static str,
    input: usize,
    filter: usize,
    stride: usize,
    pad: usize,
) -> Result<usize, ShapeError> {
    if stride == 0 {
        return Err(ShapeError::ZeroStride { what: what.to_string() });
    }
    if filter > input + 2 * pad || filter == 0 {
        return Err(ShapeError::FilterTooLarge { what: what.to_string(), axis, input, filter, pad });
    }
    let span = input + 2 * pad - filter;
    if !span.is_multiple_of(stride) {
        return Err(ShapeError::DoesNotDivide {
            what: what.to_string(),
            axis,
            input,
            filter,
            pad,
            stride,
            span,
        });
    }
    Ok(span / stride + 1)
}
// ANCHOR_END: output_size

/// Everything about one sliding window over an (N, C, H, W) input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Batch size N, channels C, input height H and width W.
    pub n: usize,
    pub c: usize,
    pub h: usize,
    pub w: usize,
    /// Filter (or pooling window) height FH and width FW.
    pub fh: usize,
    pub fw: usize,
    /// Stride S and zero padding P (the same along both axes, as in the book).
    pub stride: usize,
    pub pad: usize,
    /// Output height OH and width OW.
    pub oh: usize,
    pub ow: usize,
}

impl Window {
    /// The window of an `fh`×`fw` filter with `stride` and `pad` over an input of
    /// `shape` = [N, C, H, W]; an error if the sizes do not fit.
    pub fn new(
        what: &str,
        shape: &[usize],
        fh: usize,
        fw: usize,
        stride: usize,
        pad: usize,
    ) -> Result<Self, ShapeError> {
        let &[n, c, h, w] = shape else {
            return Err(ShapeError::WrongInput {
                what: what.to_string(),
                expected: "4-D input (N, C, H, W)".into(),
                found: shape.to_vec(),
            });
        };
        let oh = output_size(what, "height", h, fh, stride, pad)?;
        let ow = output_size(what, "width", w, fw, stride, pad)?;
        Ok(Window { n, c, h, w, fh, fw, stride, pad, oh, ow })
    }

    /// The output shape of a pooling over this window: (N, C, OH, OW).
    pub fn output_shape(&self) -> [usize; 4] {
        [self.n, self.c, self.oh, self.ow]
    }

    /// Rows of the im2col matrix: one per output position, N·OH·OW.
    pub fn col_rows(&self) -> usize {
        self.n * self.oh * self.ow
    }

    /// Columns of the im2col matrix: one per value a filter sees, C·FH·FW.
    pub fn col_cols(&self) -> usize {
        self.c * self.fh * self.fw
    }

    /// The input pixel that filter offset (fy, fx) sees at output position (oy, ox), or
    /// `None` if it falls in the zero padding: (oy·S + fy − P, ox·S + fx − P).
    #[inline]
    pub fn source(&self, oy: usize, ox: usize, fy: usize, fx: usize) -> Option<(usize, usize)> {
        let y = (oy * self.stride + fy).checked_sub(self.pad)?;
        let x = (ox * self.stride + fx).checked_sub(self.pad)?;
        (y < self.h && x < self.w).then_some((y, x))
    }
}

// ANCHOR: im2col
/// Unrolls every patch of x (N, C, H, W) into a row:
/// col[(n, oy, ox), (c, fy, fx)] = x[n, c, oy·S + fy − P, ox·S + fx − P] (0 in the padding).
/// The result is (N·OH·OW, C·FH·FW): rows ordered by (n, oy, ox), columns by (c, fy, fx),
/// exactly as the book's NumPy im2col lays them out.
pub fn im2col<F: Float>(x: ArrayView4<'_, F>, win: &Window) -> Array2<F> {
    let mut col = Array2::zeros((win.col_rows(), win.col_cols()));
    for n in 0..win.n {
        for oy in 0..win.oh {
            for ox in 0..win.ow {
                let row = (n * win.oh + oy) * win.ow + ox;
                for c in 0..win.c {
                    for fy in 0..win.fh {
                        for fx in 0..win.fw {
                            if let Some((y, x_)) = win.source(oy, ox, fy, fx) {
                                col[[row, (c * win.fh + fy) * win.fw + fx]] = x[[n, c, y, x_]];
                            }
                        }
                    }
                }
            }
        }
    }
    col
}
// ANCHOR_END: im2col

// ANCHOR: col2im
/// The adjoint of im2col: adds each entry of col (N·OH·OW, C·FH·FW) back onto the input
/// pixel it was copied from, giving (N, C, H, W). Where patches overlap, their values add
/// up, which is what the gradient needs (a pixel that fed several outputs receives the sum
/// of their gradients). Entries that came from the padding are dropped.
pub fn col2im<F: Float>(col: ArrayView2<'_, F>, win: &Window) -> Array4<F> {
    assert_eq!(col.dim(), (win.col_rows(), win.col_cols()), "col2im: col does not match the window");
    let mut x = Array4::zeros((win.n, win.c, win.h, win.w));
    for n in 0..win.n {
        for oy in 0..win.oh {
            for ox in 0..win.ow {
                let row = (n * win.oh + oy) * win.ow + ox;
                for c in 0..win.c {
                    for fy in 0..win.fh {
                        for fx in 0..win.fw {
                            if let Some((y, x_)) = win.source(oy, ox, fy, fx) {
                                x[[n, c, y, x_]] += col[[row, (c * win.fh + fy) * win.fw + fx]];
                            }
                        }
                    }
                }
            }
        }
    }
    x
}
// ANCHOR_END: col2im

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::gaussian;
    use crate::rng::seeded;
    use approx::assert_abs_diff_eq;
    use ndarray::{Array4, Ix2, Ix4, arr2};

    #[test]
    fn output_size_follows_the_formula_and_refuses_sizes_that_do_not_divide() {
        assert_eq!(output_size("conv", "height", 28, 5, 1, 0), Ok(24));
        assert_eq!(output_size("conv", "height", 4, 3, 1, 1), Ok(4));
        assert_eq!(output_size("conv", "height", 7, 3, 2, 0), Ok(3));
        let err = output_size("conv", "height", 28, 5, 2, 0).unwrap_err();
        assert!(matches!(err, ShapeError::DoesNotDivide { span: 23, stride: 2, .. }));
        assert!(err.to_string().contains("(28 + 2·0 − 5) / 2 + 1 does not divide"), "{err}");
        assert!(matches!(output_size("pool", "width", 3, 5, 1, 0), Err(ShapeError::FilterTooLarge { .. })));
        assert!(matches!(output_size("pool", "width", 3, 1, 0, 0), Err(ShapeError::ZeroStride { .. })));
    }

    #[test]
    fn im2col_has_the_books_shapes() {
        let mut rng = seeded(0);
        let x1 = gaussian::<f64>(&[1, 3, 7, 7], 1.0, &mut rng).into_dimensionality::<Ix4>().unwrap();
        let win = Window::new("conv", x1.shape(), 5, 5, 1, 0).unwrap();
        assert_eq!(im2col(x1.view(), &win).dim(), (9, 75));
        let x2 = gaussian::<f64>(&[10, 3, 7, 7], 1.0, &mut rng).into_dimensionality::<Ix4>().unwrap();
        let win = Window::new("conv", x2.shape(), 5, 5, 1, 0).unwrap();
        assert_eq!(im2col(x2.view(), &win).dim(), (90, 75));
    }

    #[test]
    fn im2col_of_a_small_case_worked_by_hand() {
        // x = 1 2 3      2×2 filter, stride 1, no padding: four patches, one per row.
        //     4 5 6
        //     7 8 9
        let x = Array4::from_shape_vec((1, 1, 3, 3), (1..=9).map(|v| v as f64).collect()).unwrap();
        let win = Window::new("conv", x.shape(), 2, 2, 1, 0).unwrap();
        let col = im2col(x.view(), &win);
        assert_eq!(col, arr2(&[[1., 2., 4., 5.], [2., 3., 5., 6.], [4., 5., 7., 8.], [5., 6., 8., 9.]]));
    }

    #[test]
    fn im2col_pads_with_zeros_and_strides() {
        // x = 1 2      3×3 filter, pad 1, stride 1: the top-left patch is
        //     3 4      0 0 0 / 0 1 2 / 0 3 4.
        let x = Array4::from_shape_vec((1, 1, 2, 2), vec![1., 2., 3., 4.]).unwrap();
        let win = Window::new("conv", x.shape(), 3, 3, 1, 1).unwrap();
        let col = im2col(x.view(), &win);
        assert_eq!(col.dim(), (4, 9));
        assert_eq!(col.row(0).to_vec(), vec![0., 0., 0., 0., 1., 2., 0., 3., 4.]);
        assert_eq!(col.row(3).to_vec(), vec![1., 2., 0., 3., 4., 0., 0., 0., 0.]);
        // Two channels, stride 2 on a 4×4 input with a 2×2 window: four disjoint patches.
        let x = Array4::from_shape_vec((1, 2, 4, 4), (0..32).map(|v| v as f64).collect()).unwrap();
        let win = Window::new("pool", x.shape(), 2, 2, 2, 0).unwrap();
        let col = im2col(x.view(), &win);
        assert_eq!(col.dim(), (4, 8));
        assert_eq!(col.row(3).to_vec(), vec![10., 11., 14., 15., 26., 27., 30., 31.]);
    }

    #[test]
    fn col2im_adds_overlapping_patches_back() {
        // Every entry of col is 1: each pixel receives the number of patches that saw it.
        let win = Window::new("conv", &[1, 1, 3, 3], 2, 2, 1, 0).unwrap();
        let col = Array2::<f64>::ones((win.col_rows(), win.col_cols()));
        let x = col2im(col.view(), &win);
        assert_eq!(
            x.into_shape_with_order((3, 3)).unwrap(),
            arr2(&[[1., 2., 1.], [2., 4., 2.], [1., 2., 1.]])
        );
    }

    #[test]
    fn col2im_is_the_adjoint_of_im2col() {
        // ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩ for every x and y, with padding and stride.
        let mut rng = seeded(1);
        for (shape, f, stride, pad) in
            [([2, 3, 5, 5], 3, 1, 1), ([1, 2, 6, 6], 2, 2, 0), ([2, 1, 7, 7], 3, 2, 1)]
        {
            let x = gaussian::<f64>(&shape, 1.0, &mut rng).into_dimensionality::<Ix4>().unwrap();
            let win = Window::new("conv", &shape, f, f, stride, pad).unwrap();
            let y = gaussian::<f64>(&[win.col_rows(), win.col_cols()], 1.0, &mut rng)
                .into_dimensionality::<Ix2>()
                .unwrap();
            let lhs = (&im2col(x.view(), &win) * &y).sum();
            let rhs = (&x * &col2im(y.view(), &win)).sum();
            assert_abs_diff_eq!(lhs, rhs, epsilon = 1e-10);
        }
    }
}
