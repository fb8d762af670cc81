//! Convolution, bias, ReLU and 2 × 2 max pooling in one pass per image: the first block of
//! SimpleConvNet (Conv → ReLU → Pool) without ever writing its (N, FN, OH, OW) feature maps to
//! memory. Each image's convolution output (FN × OH·OW, 69 KB for SimpleConvNet) stays in the
//! core's cache while the pooling reads it.
//!
//! It computes exactly what the three layers compute, in this order:
//!
//! out[n, f, i, j] = max(0, b[f] + max over the 2 × 2 window (i, j) of (W·col)[f, ·])
//!
//! (the bias is the same for the whole window and ReLU does not change which value is largest,
//! so both can wait until after the max), and backward sends each gradient to the position that
//! held its window's max, only if that max was above 0 after the bias (where ReLU let it
//! through). Of equal values the first, row by row, wins, as in [`super::pool`].

use ndarray::{Array2, Array3, ArrayD, Axis, Ix1, Ix4, IxDyn};

use super::conv::{col2im_t, im2col_t, w_mat};
use super::{par_map, pieces};
use crate::Float;
use crate::im2col::Window;
use crate::linalg::matmul_into;

/// Where no gradient goes: the window's max was not above 0 after the bias.
const BLOCKED: u32 = u32::MAX;

/// The fused pass, and what it keeps between forward and backward: each image's patches
/// (N, C·FH·FW, OH·OW) and, per pooled output, the index of its max in the convolution's
/// output plane (or [`BLOCKED`]).
#[derive(Debug, Clone, Default)]
pub struct ConvReluPoolKernel<F> {
    cache: Option<(Window, Array3<F>, Array3<u32>)>,
}

impl<F: Float> ConvReluPoolKernel<F> {
    /// (N, FN, OH/2, OW/2) for x (N, C, H, W), filters w (FN, C, FH, FW) and biases b (FN,),
    /// `win` the convolution's window (OH and OW even). At inference (`train` false) nothing is
    /// kept for backward, and one image's patches at a time are enough.
    pub fn forward(
        &mut self,
        x: &ArrayD<F>,
        w: &ArrayD<F>,
        b: &ArrayD<F>,
        win: Window,
        train: bool,
    ) -> ArrayD<F> {
        assert!(
            win.oh % 2 == 0 && win.ow % 2 == 0,
            "2×2 pooling needs even feature maps, not {}×{}",
            win.oh,
            win.ow
        );
        let x = x.view().into_dimensionality::<Ix4>().expect("x is (N, C, H, W)");
        let w_mat = w_mat(w);
        let b = b.view().into_dimensionality::<Ix1>().expect("b is (FN,)");
        let (fn_, k, p) = (w_mat.nrows(), win.col_cols(), win.oh * win.ow);
        let pooled = p / 4;
        // What backward needs, kept in training only: every image's patches and max positions.
        let mut kept = match self.cache.take() {
            Some((_, col_t, arg))
                if train && col_t.dim() == (win.n, k, p) && arg.dim() == (win.n, fn_, pooled) =>
            {
                Some((col_t, arg))
            }
            _ => train.then(|| (Array3::zeros((win.n, k, p)), Array3::zeros((win.n, fn_, pooled)))),
        };
        let mut out = Array3::zeros((win.n, fn_, pooled)); // (N, FN, OH/2·OW/2)
        let per = pieces(win.n);
        let kept_chunks: Vec<Option<_>> = match kept.as_mut() {
            Some((col_t, arg)) => col_t
                .axis_chunks_iter_mut(Axis(0), per)
                .zip(arg.axis_chunks_iter_mut(Axis(0), per))
                .map(Some)
                .collect(),
            None => (0..win.n.div_ceil(per)).map(|_| None).collect(),
        };
        let items: Vec<_> = x
            .axis_chunks_iter(Axis(0), per)
            .zip(kept_chunks)
            .zip(out.axis_chunks_iter_mut(Axis(0), per))
            .collect();
        par_map(items, |((x, mut kept), mut out)| {
            let mut conv = Array2::zeros((fn_, p)); // one image's convolution, (FN, OH·OW)
            let (mut col_scratch, mut arg_scratch) = match kept {
                Some(_) => (Array2::zeros((0, 0)), Array2::zeros((0, 0))),
                None => (Array2::zeros((k, p)), Array2::zeros((fn_, pooled))),
            };
            for (i, (x_n, mut out_n)) in x.outer_iter().zip(out.outer_iter_mut()).enumerate() {
                let (mut col_n, mut arg_n) = match kept.as_mut() {
                    Some((col_t, arg)) => (col_t.index_axis_mut(Axis(0), i), arg.index_axis_mut(Axis(0), i)),
                    None => (col_scratch.view_mut(), arg_scratch.view_mut()),
                };
                im2col_t(x_n, &win, col_n.view_mut());
                matmul_into(F::one(), w_mat, col_n.view(), F::zero(), &mut conv.view_mut());
                for (f, ((plane, arg_f), out_f)) in
                    conv.outer_iter().zip(arg_n.outer_iter_mut()).zip(out_n.outer_iter_mut()).enumerate()
                {
                    let plane = plane.as_slice().expect("conv is row-major");
                    pool_plane(
                        plane,
                        win.ow,
                        b[f],
                        arg_f.into_slice().expect("row"),
                        out_f.into_slice().expect("row"),
                    );
                }
            }
        });
        self.cache = kept.map(|(col_t, arg)| (win, col_t, arg));
        out.into_shape_with_order(IxDyn(&[win.n, fn_, win.oh / 2, win.ow / 2])).expect("sizes match")
    }

    /// From dout (N, FN, OH/2, OW/2): dW (FN, C, FH, FW), db (FN,), and, if `input_grad`,
    /// dx (N, C, H, W) (else an empty array).
    pub fn backward(
        &mut self,
        dout: &ArrayD<F>,
        w: &ArrayD<F>,
        input_grad: bool,
    ) -> (ArrayD<F>, ArrayD<F>, ArrayD<F>) {
        let (win, col_t, arg) = self.cache.as_ref().expect(crate::layers::BACKWARD_BEFORE_FORWARD);
        let w_mat = w_mat(w);
        let (fn_, k, p) = (w_mat.nrows(), win.col_cols(), win.oh * win.ow);
        let dout =
            dout.view().into_shape_with_order((win.n, fn_, p / 4)).expect("dout is (N, FN, OH/2, OW/2)");
        let per = pieces(win.n);
        let mut dx = input_grad.then(|| Array3::zeros((win.n, win.c, win.h * win.w)));
        let dx_chunks: Vec<Option<_>> = match dx.as_mut() {
            Some(dx) => dx.axis_chunks_iter_mut(Axis(0), per).map(Some).collect(),
            None => (0..win.n.div_ceil(per)).map(|_| None).collect(),
        };
        let items: Vec<_> = dout
            .axis_chunks_iter(Axis(0), per)
            .zip(arg.axis_chunks_iter(Axis(0), per))
            .zip(col_t.axis_chunks_iter(Axis(0), per))
            .zip(dx_chunks)
            .collect();
        // Each piece of the batch sums its images' dW and db into its own arrays; then we add them.
        let partial = par_map(items, |(((dout, arg), col_t), mut dx)| {
            let (mut dw, mut db) = (Array2::zeros((fn_, k)), vec![F::zero(); fn_]);
            let mut dconv = Array2::zeros((fn_, p)); // ∂L/∂(one image's convolution), (FN, OH·OW)
            let mut dcol = Array2::zeros((k, p));
            for (i, ((dout_n, arg_n), col_n)) in
                dout.outer_iter().zip(arg.outer_iter()).zip(col_t.outer_iter()).enumerate()
            {
                dconv.fill(F::zero());
                for (f, ((d_f, arg_f), mut dconv_f)) in
                    dout_n.outer_iter().zip(arg_n.outer_iter()).zip(dconv.outer_iter_mut()).enumerate()
                {
                    for (&d, &at) in d_f.iter().zip(arg_f.iter()) {
                        if at != BLOCKED {
                            dconv_f[at as usize] = d;
                            db[f] += d;
                        }
                    }
                }
                matmul_into(F::one(), dconv.view(), col_n.t(), F::one(), &mut dw.view_mut()); // dW += dconv·colᵀ
                if let Some(dx) = dx.as_mut() {
                    matmul_into(F::one(), w_mat.t(), dconv.view(), F::zero(), &mut dcol.view_mut()); // Wᵀ·dconv
                    let dx_n = dx
                        .index_axis_mut(Axis(0), i)
                        .into_shape_with_order((win.c, win.h, win.w))
                        .expect("(C, H·W)");
                    col2im_t(dcol.view(), win, dx_n);
                }
            }
            (dw, db)
        });
        let mut dw = Array2::zeros((fn_, k));
        let mut db = vec![F::zero(); fn_];
        for (part_w, part_b) in &partial {
            dw += part_w;
            for (total, &v) in db.iter_mut().zip(part_b) {
                *total += v;
            }
        }
        let dx = match dx {
            Some(dx) => dx.into_shape_with_order(IxDyn(&[win.n, win.c, win.h, win.w])).expect("sizes match"),
            None => ArrayD::zeros(IxDyn(&[0])),
        };
        (
            dx,
            dw.into_shape_with_order(IxDyn(w.shape())).expect("sizes match"),
            ArrayD::from_shape_vec(IxDyn(&[fn_]), db).expect("(FN,)"),
        )
    }
}

/// One channel: `plane` (OH·OW, row-major, rows of `ow`) pooled in 2 × 2 windows, the bias and
/// ReLU applied to each window's max; `arg` gets the max's index in the plane, or [`BLOCKED`].
fn pool_plane<F: Float>(plane: &[F], ow: usize, bias: F, arg: &mut [u32], out: &mut [F]) {
    let pw = ow / 2;
    for (q, (o, a)) in out.iter_mut().zip(arg.iter_mut()).enumerate() {
        let (i, j) = (q / pw, q % pw);
        let at = 2 * i * ow + 2 * j;
        let (t0, t1, b0, b1) = (plane[at], plane[at + 1], plane[at + ow], plane[at + ow + 1]);
        // A small tournament, ties to the earlier value: (t0, t1), (b0, b1), then the winners.
        let (m1, i1) = if t1 > t0 { (t1, at + 1) } else { (t0, at) };
        let (m2, i2) = if b1 > b0 { (b1, at + ow + 1) } else { (b0, at + ow) };
        let (m, index) = if m2 > m1 { (m2, i2) } else { (m1, i1) };
        let v = m + bias;
        (*o, *a) = if v > F::zero() { (v, index as u32) } else { (F::zero(), BLOCKED) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::gaussian;
    use crate::layers::{Convolution, Layer, Pooling, Relu, assert_close};
    use crate::rng::seeded;
    use ndarray::{Array1, Array4};

    /// The book's three layers, in their book form.
    fn book<F: Float>(w: &Array4<F>, b: &Array1<F>, pad: usize) -> (Convolution<F>, Relu<F>, Pooling<F>) {
        (
            Convolution::new(w.clone(), b.clone(), 1, pad).book_form(),
            Relu::new(),
            Pooling::new(2, 2, 2, 0).book_form(),
        )
    }

    fn compare<F: Float>(epsilon: f64) {
        let mut rng = seeded(60);
        for (shape, fn_, f, pad) in
            [([3, 2, 8, 8], 4, 3, 1), ([5, 1, 28, 28], 30, 5, 0), ([2, 3, 7, 7], 2, 4, 1)]
        {
            let w: Array4<F> = gaussian(&[fn_, shape[1], f, f], 0.5, &mut rng).into_dimensionality().unwrap();
            let b: Array1<F> = gaussian(&[fn_], 0.5, &mut rng).into_dimensionality().unwrap();
            let x = gaussian::<F>(&shape, 1.0, &mut rng);
            let (mut conv, mut relu, mut pool) = book(&w, &b, pad);
            let expected = pool.forward(&relu.forward(&conv.forward(&x, true), true), true);
            let win = Window::new("convolution", x.shape(), f, f, 1, pad).unwrap();
            let mut fused = ConvReluPoolKernel::default();
            let (wd, bd) = (w.clone().into_dyn(), b.clone().into_dyn());
            // Twice, so the reused buffers are exercised too.
            for _ in 0..2 {
                assert_close(&fused.forward(&x, &wd, &bd, win, true), &expected, epsilon);
                assert_close(
                    &ConvReluPoolKernel::default().forward(&x, &wd, &bd, win, false),
                    &expected,
                    epsilon,
                );
                let dout = gaussian::<F>(expected.shape(), 1.0, &mut rng);
                let dx_book = conv.backward(&relu.backward(&pool.backward(&dout)));
                let (dx, dw, db) = fused.backward(&dout, &wd, true);
                let size = |a: &ArrayD<F>| a.iter().fold(1.0, |m: f64, v| m.max(v.to_f64_lossy().abs()));
                assert_close(&dx, &dx_book, epsilon * size(&dx_book));
                assert_close(&dw, &conv.dw, epsilon * size(&conv.dw));
                assert_close(&db, &conv.db, epsilon * size(&conv.db));
                let (no_dx, dw2, _) = fused.backward(&dout, &wd, false);
                assert_eq!((no_dx.len(), &dw2), (0, &dw));
            }
        }
    }

    #[test]
    fn the_fused_pass_gives_the_three_layers_numbers_in_f64_and_f32() {
        compare::<f64>(1e-10);
        compare::<f32>(1e-5);
    }

    #[test]
    fn a_window_whose_max_relu_blocks_passes_no_gradient_and_ties_go_to_the_first() {
        // One 4×4 plane after a 1×1 convolution of weight 1: windows [5 5 / 1 0], [−1 −2 / −3 −1],
        // [2 2 / 2 2], [0 7 / 7 7]; with bias −1 the second window is all below 0.
        let x = Array4::from_shape_vec(
            (1, 1, 4, 4),
            vec![5., 5., -1., -2., 1., 0., -3., -1., 2., 2., 0., 7., 2., 2., 7., 7.],
        )
        .unwrap()
        .into_dyn();
        let (w, b) = (ArrayD::ones(IxDyn(&[1, 1, 1, 1])), ArrayD::from_elem(IxDyn(&[1]), -1.0));
        let win = Window::new("convolution", x.shape(), 1, 1, 1, 0).unwrap();
        let mut fused = ConvReluPoolKernel::<f64>::default();
        let y = fused.forward(&x, &w, &b, win, true);
        assert_eq!(y.into_shape_with_order(4).unwrap().to_vec(), vec![4., 0., 1., 6.]);
        let (dx, _, db) = fused.backward(&ArrayD::from_elem(IxDyn(&[1, 1, 2, 2]), 1.0), &w, true);
        let expected = [1., 0., 0., 0., 0., 0., 0., 0., 1., 0., 0., 1., 0., 0., 0., 0.];
        assert_eq!(dx.into_shape_with_order(16).unwrap().to_vec(), expected.to_vec());
        assert_eq!(db[[0]], 3.0, "three windows let their gradient through");
    }
}
