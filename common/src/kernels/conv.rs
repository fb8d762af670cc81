//! Convolution, image by image: for each image n,
//!
//! col_tₙ = im2colᵀ(xₙ)            (C·FH·FW, OH·OW)
//! outₙ   = W_mat · col_tₙ + b      (FN, OH·OW)   which is already (FN, OH, OW)
//!
//! and backward
//!
//! dW     = Σₙ doutₙ · col_tₙᵀ     (FN, C·FH·FW)
//! db     = Σₙ Σ_positions doutₙ
//! dxₙ    = col2imᵀ(W_matᵀ · doutₙ)

use ndarray::{
    Array1, Array2, Array3, ArrayD, ArrayView1, ArrayView2, ArrayView3, ArrayView4, ArrayViewMut2,
    ArrayViewMut3, Axis, Ix1, Ix4, IxDyn,
};

use super::{par_map, pieces};
use crate::Float;
use crate::im2col::Window;
use crate::linalg::matmul_into;

/// The fast path of [`crate::layers::Convolution`]: what it keeps between forward and backward
/// (each image's patches, reused from one step to the next when the batch keeps its shape).
#[derive(Debug, Clone, Default)]
pub struct ConvKernel<F> {
    cache: Option<(Window, Array3<F>)>, // the window and col_t (N, C·FH·FW, OH·OW)
}

impl<F: Float> ConvKernel<F> {
    /// out (N, FN, OH, OW) for x (N, C, H, W), filters w (FN, C, FH, FW) and biases b (FN,).
    /// In training (`train`) each image's patches are kept for backward; at inference one
    /// image's patches at a time are enough (far less memory, and they stay in the cache).
    pub fn forward(
        &mut self,
        x: &ArrayD<F>,
        w: &ArrayD<F>,
        b: &ArrayD<F>,
        win: Window,
        train: bool,
    ) -> ArrayD<F> {
        let x = x.view().into_dimensionality::<Ix4>().expect("x is (N, C, H, W)");
        let w_mat = w_mat(w);
        let (fn_, k, p) = (w_mat.nrows(), win.col_cols(), win.oh * win.ow);
        let mut out = Array3::zeros((win.n, fn_, p)); // (N, FN, OH·OW)
        let b = b.view().into_dimensionality::<Ix1>().expect("b is (FN,)");
        if train {
            let mut col_t = match self.cache.take() {
                Some((_, col_t)) if col_t.dim() == (win.n, k, p) => col_t,
                _ => Array3::zeros((win.n, k, p)),
            };
            forward(x, w_mat, b, &win, Some(&mut col_t), &mut out);
            self.cache = Some((win, col_t));
        } else {
            forward(x, w_mat, b, &win, None, &mut out);
            self.cache = None; // no backward after an inference pass
        }
        out.into_shape_with_order(IxDyn(&[win.n, fn_, win.oh, win.ow])).expect("sizes match")
    }

    /// From dout (N, FN, OH, OW): dW (FN, C, FH, FW), db (FN,) and, if `input_grad`,
    /// dx (N, C, H, W) (else an empty array).
    pub fn backward(
        &mut self,
        dout: &ArrayD<F>,
        w: &ArrayD<F>,
        input_grad: bool,
    ) -> (ArrayD<F>, ArrayD<F>, ArrayD<F>) {
        let (win, col_t) = self.cache.as_ref().expect(crate::layers::BACKWARD_BEFORE_FORWARD);
        let w_mat = w_mat(w);
        let p = win.oh * win.ow;
        let dout =
            dout.view().into_shape_with_order((win.n, w_mat.nrows(), p)).expect("dout is (N, FN, OH, OW)");
        let mut dx = input_grad.then(|| Array3::zeros((win.n, win.c, win.h * win.w)));
        let (dw, db) = backward(dout, w_mat, col_t, win, dx.as_mut());
        let dx = match dx {
            Some(dx) => dx.into_shape_with_order(IxDyn(&[win.n, win.c, win.h, win.w])).expect("sizes match"),
            None => ArrayD::zeros(IxDyn(&[0])),
        };
        (dx, dw.into_shape_with_order(IxDyn(w.shape())).expect("sizes match"), db.into_dyn())
    }
}

/// W (FN, C, FH, FW) as the matrix (FN, C·FH·FW): one row per filter (parameters are kept in
/// row-major order; [`crate::params`] converts what a file holds).
pub(crate) fn w_mat<F: Float>(w: &ArrayD<F>) -> ArrayView2<'_, F> {
    let fn_ = w.shape()[0];
    let k = w.len() / fn_.max(1);
    w.view().into_shape_with_order((fn_, k)).expect("W is (FN, C, FH, FW) in row-major order")
}

/// Fills col_t (C·FH·FW, OH·OW) with the patches of one image x (C, H, W):
/// col_t[(c, fy, fx), (oy, ox)] = x[c, oy·S + fy − P, ox·S + fx − P], 0 in the padding.
pub fn im2col_t<F: Float>(x: ArrayView3<'_, F>, win: &Window, mut col_t: ArrayViewMut2<'_, F>) {
    let x = x.as_standard_layout();
    let x = x.as_slice().expect("standard layout");
    let (h, w, ow) = (win.h, win.w, win.ow);
    let col = col_t.as_slice_mut().expect("col_t is contiguous");
    let p = win.oh * win.ow;
    for c in 0..win.c {
        for fy in 0..win.fh {
            for fx in 0..win.fw {
                let k = (c * win.fh + fy) * win.fw + fx;
                let row = &mut col[k * p..(k + 1) * p];
                for oy in 0..win.oh {
                    let out = &mut row[oy * ow..(oy + 1) * ow];
                    let y = (oy * win.stride + fy) as isize - win.pad as isize;
                    if y < 0 || y >= h as isize {
                        out.fill(F::zero());
                        continue;
                    }
                    let src = &x[(c * h + y as usize) * w..(c * h + y as usize + 1) * w];
                    if win.stride == 1 && win.pad == 0 {
                        out.copy_from_slice(&src[fx..fx + ow]);
                    } else {
                        for (ox, o) in out.iter_mut().enumerate() {
                            let xx = (ox * win.stride + fx) as isize - win.pad as isize;
                            *o = if xx >= 0 && xx < w as isize { src[xx as usize] } else { F::zero() };
                        }
                    }
                }
            }
        }
    }
}

/// The adjoint of [`im2col_t`]: adds each entry of col_t back onto the pixel of dx (C, H, W)
/// it came from (dx is overwritten, not accumulated into).
pub fn col2im_t<F: Float>(col_t: ArrayView2<'_, F>, win: &Window, mut dx: ArrayViewMut3<'_, F>) {
    dx.fill(F::zero());
    let dx = dx.as_slice_mut().expect("dx is contiguous");
    let col_t = col_t.as_standard_layout();
    let col = col_t.as_slice().expect("standard layout");
    let (h, w, ow) = (win.h, win.w, win.ow);
    let p = win.oh * win.ow;
    for c in 0..win.c {
        for fy in 0..win.fh {
            for fx in 0..win.fw {
                let k = (c * win.fh + fy) * win.fw + fx;
                let row = &col[k * p..(k + 1) * p];
                for oy in 0..win.oh {
                    let y = (oy * win.stride + fy) as isize - win.pad as isize;
                    if y < 0 || y >= h as isize {
                        continue;
                    }
                    let dst = &mut dx[(c * h + y as usize) * w..(c * h + y as usize + 1) * w];
                    let src = &row[oy * ow..(oy + 1) * ow];
                    if win.stride == 1 && win.pad == 0 {
                        for (d, &s) in dst[fx..fx + ow].iter_mut().zip(src) {
                            *d += s;
                        }
                    } else {
                        for (ox, &s) in src.iter().enumerate() {
                            let xx = (ox * win.stride + fx) as isize - win.pad as isize;
                            if xx >= 0 && xx < w as isize {
                                dst[xx as usize] += s;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Forward pass of a convolution over a batch. `w_mat` is W as (FN, C·FH·FW); `col_t`
/// (N, C·FH·FW, OH·OW), if given, receives each image's patches (kept for backward), else one
/// image's patches at a time go to a scratch matrix; `out` is (N, FN, OH·OW).
pub fn forward<F: Float>(
    x: ArrayView4<'_, F>,
    w_mat: ArrayView2<'_, F>,
    b: ArrayView1<'_, F>,
    win: &Window,
    col_t: Option<&mut Array3<F>>,
    out: &mut Array3<F>,
) {
    let per = pieces(win.n);
    let (k, p) = (win.col_cols(), win.oh * win.ow);
    let col_chunks: Vec<Option<_>> = match col_t {
        Some(col_t) => col_t.axis_chunks_iter_mut(Axis(0), per).map(Some).collect(),
        None => (0..win.n.div_ceil(per)).map(|_| None).collect(),
    };
    let items: Vec<_> = x
        .axis_chunks_iter(Axis(0), per)
        .zip(col_chunks)
        .zip(out.axis_chunks_iter_mut(Axis(0), per))
        .collect();
    par_map(items, |((x, mut col_t), mut out)| {
        let mut scratch = if col_t.is_none() { Array2::zeros((k, p)) } else { Array2::zeros((0, 0)) };
        for (i, (x_n, mut out_n)) in x.outer_iter().zip(out.outer_iter_mut()).enumerate() {
            let mut col_n = match col_t.as_mut() {
                Some(col_t) => col_t.index_axis_mut(Axis(0), i),
                None => scratch.view_mut(),
            };
            im2col_t(x_n, win, col_n.view_mut());
            matmul_into(F::one(), w_mat, col_n.view(), F::zero(), &mut out_n); // (FN, OH·OW)
            for (mut row, &bias) in out_n.outer_iter_mut().zip(b.iter()) {
                row.mapv_inplace(|v| v + bias);
            }
        }
    });
}

/// Backward pass: from dout (N, FN, OH·OW) and the patches saved by [`forward`], the
/// gradients dW (FN, C·FH·FW) and db (FN,), and, if `dx` (N, C, H·W) is given, ∂L/∂x.
pub fn backward<F: Float>(
    dout: ArrayView3<'_, F>,
    w_mat: ArrayView2<'_, F>,
    col_t: &Array3<F>,
    win: &Window,
    dx: Option<&mut Array3<F>>,
) -> (Array2<F>, Array1<F>) {
    let (fn_, k) = w_mat.dim();
    let p = win.oh * win.ow;
    let per = pieces(win.n);
    let db = dout.sum_axis(Axis(2)).sum_axis(Axis(0)); // (FN,)

    // dW = Σₙ doutₙ · col_tₙᵀ: each piece of the batch sums into its own matrix, then we add them.
    let items: Vec<_> =
        dout.axis_chunks_iter(Axis(0), per).zip(col_t.axis_chunks_iter(Axis(0), per)).collect();
    let partial = par_map(items, |(dout, col_t)| {
        let mut dw = Array2::zeros((fn_, k));
        for (dout_n, col_n) in dout.outer_iter().zip(col_t.outer_iter()) {
            matmul_into(F::one(), dout_n, col_n.t(), F::one(), &mut dw.view_mut());
        }
        dw
    });
    let mut dw = Array2::zeros((fn_, k));
    for part in &partial {
        dw += part;
    }

    if let Some(dx) = dx {
        let items: Vec<_> =
            dout.axis_chunks_iter(Axis(0), per).zip(dx.axis_chunks_iter_mut(Axis(0), per)).collect();
        par_map(items, |(dout, mut dx)| {
            let mut dcol = Array2::zeros((k, p));
            for (dout_n, dx_n) in dout.outer_iter().zip(dx.outer_iter_mut()) {
                matmul_into(F::one(), w_mat.t(), dout_n, F::zero(), &mut dcol.view_mut()); // (C·FH·FW, OH·OW)
                let dx_n =
                    dx_n.into_shape_with_order((win.c, win.h, win.w)).expect("dx is (C, H·W) per image");
                col2im_t(dcol.view(), win, dx_n);
            }
        });
    }
    (dw, db)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::im2col::{col2im, im2col};
    use crate::init::gaussian;
    use crate::rng::seeded;
    use approx::assert_abs_diff_eq;
    use ndarray::{Ix3, Ix4};

    #[test]
    fn im2col_t_of_each_image_is_the_transpose_of_the_books_rows() {
        let mut rng = seeded(30);
        for (shape, f, stride, pad) in
            [([2, 3, 6, 6], 3, 1, 0), ([2, 2, 7, 7], 3, 2, 1), ([1, 1, 5, 5], 2, 1, 1)]
        {
            let x = gaussian::<f64>(&shape, 1.0, &mut rng).into_dimensionality::<Ix4>().unwrap();
            let win = Window::new("conv", &shape, f, f, stride, pad).unwrap();
            let col = im2col(x.view(), &win);
            let p = win.oh * win.ow;
            for n in 0..win.n {
                let mut col_t = Array2::zeros((win.col_cols(), p));
                im2col_t(x.index_axis(Axis(0), n), &win, col_t.view_mut());
                assert_eq!(col_t.t(), col.slice(ndarray::s![n * p..(n + 1) * p, ..]));
                let mut dx = Array3::zeros((win.c, win.h, win.w));
                col2im_t(col_t.view(), &win, dx.view_mut());
                let book = col2im(col.slice(ndarray::s![n * p..(n + 1) * p, ..]), &Window { n: 1, ..win });
                assert_abs_diff_eq!(dx, book.index_axis(Axis(0), 0), epsilon = 1e-12);
            }
        }
    }

    #[test]
    fn batched_forward_and_backward_match_the_books_im2col_version() {
        let mut rng = seeded(31);
        let (n, c, h, fn_, f) = (3, 2, 6, 4, 3);
        let x = gaussian::<f64>(&[n, c, h, h], 1.0, &mut rng).into_dimensionality::<Ix4>().unwrap();
        let w =
            gaussian::<f64>(&[fn_, c * f * f], 1.0, &mut rng).into_dimensionality::<ndarray::Ix2>().unwrap();
        let b = gaussian::<f64>(&[fn_], 1.0, &mut rng).into_dimensionality::<ndarray::Ix1>().unwrap();
        let win = Window::new("conv", &[n, c, h, h], f, f, 1, 1).unwrap();
        let p = win.oh * win.ow;
        let mut col_t = Array3::zeros((n, c * f * f, p));
        let mut out = Array3::zeros((n, fn_, p));
        forward(x.view(), w.view(), b.view(), &win, Some(&mut col_t), &mut out);
        // The book: out = im2col(x) · Wᵀ + b, rows (n, oy, ox).
        let col = im2col(x.view(), &win);
        let book = col.dot(&w.t()) + &b;
        for i in 0..n {
            assert_abs_diff_eq!(
                out.index_axis(Axis(0), i).t(),
                book.slice(ndarray::s![i * p..(i + 1) * p, ..]),
                epsilon = 1e-12
            );
        }
        let dout = gaussian::<f64>(&[n, fn_, p], 1.0, &mut rng).into_dimensionality::<Ix3>().unwrap();
        let mut dx = Array3::zeros((n, c, h * h));
        let (dw, db) = backward(dout.view(), w.view(), &col_t, &win, Some(&mut dx));
        let dout_rows = dout
            .permuted_axes([0, 2, 1])
            .as_standard_layout()
            .into_owned()
            .into_shape_with_order((n * p, fn_))
            .unwrap();
        assert_abs_diff_eq!(dw, dout_rows.t().dot(&col), epsilon = 1e-10);
        assert_abs_diff_eq!(db, dout_rows.sum_axis(Axis(0)), epsilon = 1e-10);
        let book_dx = col2im(dout_rows.dot(&w).view(), &win);
        assert_abs_diff_eq!(dx.into_shape_with_order((n, c, h, h)).unwrap(), book_dx, epsilon = 1e-10);
    }
}
