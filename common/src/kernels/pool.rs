//! Max pooling directly on (N, C, H, W), without building the im2col matrix: for each
//! window, the largest value and where it was.

use ndarray::{Array4, ArrayView4, Axis};

use super::{par_map, pieces};
use crate::Float;
use crate::im2col::Window;

/// Where a window's max came from when it was the zero padding.
pub const IN_PADDING: u32 = u32::MAX;

/// out[n, c, oy, ox] = max of x[n, c, ·, ·] over the window, and arg[n, c, oy, ox] = the
/// index y·W + x of that max in its channel ([`IN_PADDING`] if it was a padding zero).
/// Windows are scanned row by row, and the first of equal values wins, as NumPy's argmax.
pub fn forward<F: Float>(x: ArrayView4<'_, F>, win: &Window, out: &mut Array4<F>, arg: &mut Array4<u32>) {
    let per = pieces(win.n);
    let items: Vec<_> = x
        .axis_chunks_iter(Axis(0), per)
        .zip(out.axis_chunks_iter_mut(Axis(0), per))
        .zip(arg.axis_chunks_iter_mut(Axis(0), per))
        .collect();
    par_map(items, |((x, mut out), mut arg)| {
        for ((x_n, mut out_n), mut arg_n) in
            x.outer_iter().zip(out.outer_iter_mut()).zip(arg.outer_iter_mut())
        {
            for ((x_c, mut out_c), mut arg_c) in
                x_n.outer_iter().zip(out_n.outer_iter_mut()).zip(arg_n.outer_iter_mut())
            {
                for oy in 0..win.oh {
                    for ox in 0..win.ow {
                        let mut best = F::neg_infinity();
                        let mut at = IN_PADDING;
                        for fy in 0..win.fh {
                            for fx in 0..win.fw {
                                let (v, i) = match win.source(oy, ox, fy, fx) {
                                    Some((y, x_)) => (x_c[[y, x_]], (y * win.w + x_) as u32),
                                    None => (F::zero(), IN_PADDING),
                                };
                                if v > best {
                                    best = v;
                                    at = i;
                                }
                            }
                        }
                        out_c[[oy, ox]] = best;
                        arg_c[[oy, ox]] = at;
                    }
                }
            }
        }
    });
}

/// dx (N, C, H, W) from dout (N, C, OH, OW): each gradient goes to where its window's max
/// was. `dx` must start at zero.
pub fn backward<F: Float>(dout: ArrayView4<'_, F>, arg: &Array4<u32>, win: &Window, dx: &mut Array4<F>) {
    let per = pieces(win.n);
    let items: Vec<_> = dout
        .axis_chunks_iter(Axis(0), per)
        .zip(arg.axis_chunks_iter(Axis(0), per))
        .zip(dx.axis_chunks_iter_mut(Axis(0), per))
        .collect();
    par_map(items, |((dout, arg), mut dx)| {
        for ((dout_n, arg_n), mut dx_n) in dout.outer_iter().zip(arg.outer_iter()).zip(dx.outer_iter_mut()) {
            for ((dout_c, arg_c), mut dx_c) in
                dout_n.outer_iter().zip(arg_n.outer_iter()).zip(dx_n.outer_iter_mut())
            {
                let plane = dx_c.as_slice_mut().expect("dx is contiguous");
                for (&d, &i) in dout_c.iter().zip(arg_c.iter()) {
                    if i != IN_PADDING {
                        plane[i as usize] += d;
                    }
                }
            }
        }
    });
}
