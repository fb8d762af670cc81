//! Max pooling directly on (N, C, H, W), without building the im2col matrix: for each
//! window, the largest value and where it was. Each channel of each image is one plane of
//! H·W numbers in memory; the planes are shared out between the cores.

use ndarray::{Array4, ArrayD, ArrayView4, Ix4};

use super::{par_map, pieces};
use crate::Float;
use crate::im2col::Window;

/// Where a window's max came from when it was the zero padding.
pub const IN_PADDING: u32 = u32::MAX;

/// The fast path of [`crate::layers::Pooling`]: what it keeps between forward and backward
/// (where each max was, reused from one step to the next when the batch keeps its shape).
#[derive(Debug, Clone, Default)]
pub struct PoolKernel {
    cache: Option<(Window, Array4<u32>)>, // the window and arg (N, C, OH, OW)
}

impl PoolKernel {
    /// out (N, C, OH, OW): the max of each window of x (N, C, H, W).
    pub fn forward<F: Float>(&mut self, x: &ArrayD<F>, win: Window) -> ArrayD<F> {
        let x = x.view().into_dimensionality::<Ix4>().expect("x is (N, C, H, W)");
        let shape = win.output_shape();
        let mut arg = match self.cache.take() {
            Some((_, arg)) if arg.shape() == shape => arg,
            _ => Array4::zeros(shape),
        };
        let mut out = Array4::zeros(shape);
        forward(x, &win, &mut out, &mut arg);
        self.cache = Some((win, arg));
        out.into_dyn()
    }

    /// dx (N, C, H, W) from dout (N, C, OH, OW).
    pub fn backward<F: Float>(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let (win, arg) = self.cache.as_ref().expect(crate::layers::BACKWARD_BEFORE_FORWARD);
        let dout = dout.view().into_dimensionality::<Ix4>().expect("dout is (N, C, OH, OW)");
        let mut dx = Array4::zeros((win.n, win.c, win.h, win.w));
        backward(dout, arg, win, &mut dx);
        dx.into_dyn()
    }
}

/// out[n, c, oy, ox] = max of x[n, c, ·, ·] over the window, and arg[n, c, oy, ox] = the
/// index y·W + x of that max in its channel ([`IN_PADDING`] if it was a padding zero).
/// Windows are scanned row by row, and the first of equal values wins, as NumPy's argmax.
pub fn forward<F: Float>(x: ArrayView4<'_, F>, win: &Window, out: &mut Array4<F>, arg: &mut Array4<u32>) {
    let x = x.as_standard_layout();
    let x = x.as_slice().expect("standard layout");
    let out = out.as_slice_mut().expect("out is contiguous");
    let arg = arg.as_slice_mut().expect("arg is contiguous");
    let (plane_in, plane_out) = (win.h * win.w, win.oh * win.ow);
    let per = pieces(win.n * win.c); // planes per core
    let items: Vec<_> = x
        .chunks(per * plane_in)
        .zip(out.chunks_mut(per * plane_out))
        .zip(arg.chunks_mut(per * plane_out))
        .collect();
    par_map(items, |((x, out), arg)| {
        for ((x_c, out_c), arg_c) in
            x.chunks_exact(plane_in).zip(out.chunks_exact_mut(plane_out)).zip(arg.chunks_exact_mut(plane_out))
        {
            if (win.fh, win.fw, win.stride, win.pad) == (2, 2, 2, 0) {
                max_of_2x2_windows(x_c, win, out_c, arg_c);
            } else if win.pad == 0 {
                max_of_windows(x_c, win, out_c, arg_c);
            } else {
                max_of_padded_windows(x_c, win, out_c, arg_c);
            }
        }
    });
}

/// One plane, 2×2 windows with stride 2 (the book's pooling): two input rows make one row
/// of output, and each window is a small tournament, (a, b) and (c, d), then the winners.
/// Ties go to the earlier value, as in the row-by-row scan.
fn max_of_2x2_windows<F: Float>(x: &[F], win: &Window, out: &mut [F], arg: &mut [u32]) {
    let w = win.w;
    for (oy, (out_row, arg_row)) in out.chunks_exact_mut(win.ow).zip(arg.chunks_exact_mut(win.ow)).enumerate()
    {
        let top = &x[2 * oy * w..2 * oy * w + 2 * win.ow];
        let bottom = &x[(2 * oy + 1) * w..(2 * oy + 1) * w + 2 * win.ow];
        for (ox, (((o, i), t), b)) in out_row
            .iter_mut()
            .zip(arg_row.iter_mut())
            .zip(top.chunks_exact(2))
            .zip(bottom.chunks_exact(2))
            .enumerate()
        {
            let at = (2 * oy * w + 2 * ox) as u32;
            let (m1, i1) = if t[1] > t[0] { (t[1], at + 1) } else { (t[0], at) };
            let (m2, i2) = if b[1] > b[0] { (b[1], at + w as u32 + 1) } else { (b[0], at + w as u32) };
            (*o, *i) = if m2 > m1 { (m2, i2) } else { (m1, i1) };
        }
    }
}

/// One plane, no padding: every window lies inside the plane.
fn max_of_windows<F: Float>(x: &[F], win: &Window, out: &mut [F], arg: &mut [u32]) {
    let (w, s) = (win.w, win.stride);
    for oy in 0..win.oh {
        for ox in 0..win.ow {
            let corner = oy * s * w + ox * s;
            let (mut best, mut at) = (x[corner], corner);
            for fy in 0..win.fh {
                let start = corner + fy * w;
                for (i, &v) in x[start..start + win.fw].iter().enumerate() {
                    // Without a branch: which value wins is random, and a mispredicted
                    // branch costs more than the comparison.
                    let better = v > best;
                    best = if better { v } else { best };
                    at = if better { start + i } else { at };
                }
            }
            out[oy * win.ow + ox] = best;
            arg[oy * win.ow + ox] = at as u32;
        }
    }
}

/// One plane with zero padding around it: windows may reach into the padding.
fn max_of_padded_windows<F: Float>(x: &[F], win: &Window, out: &mut [F], arg: &mut [u32]) {
    for oy in 0..win.oh {
        for ox in 0..win.ow {
            let mut best = F::neg_infinity();
            let mut at = IN_PADDING;
            for fy in 0..win.fh {
                for fx in 0..win.fw {
                    let (v, i) = match win.source(oy, ox, fy, fx) {
                        Some((y, x_)) => (x[y * win.w + x_], (y * win.w + x_) as u32),
                        None => (F::zero(), IN_PADDING),
                    };
                    if v > best {
                        best = v;
                        at = i;
                    }
                }
            }
            out[oy * win.ow + ox] = best;
            arg[oy * win.ow + ox] = at;
        }
    }
}

/// dx (N, C, H, W) from dout (N, C, OH, OW): each gradient goes to where its window's max
/// was. `dx` must start at zero.
pub fn backward<F: Float>(dout: ArrayView4<'_, F>, arg: &Array4<u32>, win: &Window, dx: &mut Array4<F>) {
    let dout = dout.as_standard_layout();
    let dout = dout.as_slice().expect("standard layout");
    let arg = arg.as_slice().expect("arg is contiguous");
    let dx = dx.as_slice_mut().expect("dx is contiguous");
    let (plane_in, plane_out) = (win.h * win.w, win.oh * win.ow);
    let per = pieces(win.n * win.c);
    let items: Vec<_> = dout
        .chunks(per * plane_out)
        .zip(arg.chunks(per * plane_out))
        .zip(dx.chunks_mut(per * plane_in))
        .collect();
    par_map(items, |((dout, arg), dx)| {
        for ((dout_c, arg_c), dx_c) in
            dout.chunks_exact(plane_out).zip(arg.chunks_exact(plane_out)).zip(dx.chunks_exact_mut(plane_in))
        {
            for (&d, &i) in dout_c.iter().zip(arg_c) {
                if i != IN_PADDING {
                    dx_c[i as usize] += d;
                }
            }
        }
    });
}
