//! Reference solutions of chapter 7's exercises (`--features solutions` swaps them in for
//! `todo.rs`).

use ndarray::{Array1, Array2, Array4, ArrayD, ArrayView2, Axis, Ix4, Slice};

use common::im2col::{ShapeError, Window, col2im, im2col, output_size};
use common::optimizer::Optimizer;
use common::{Float, Layer, Net, Targets};

use super::LayerShapes;
use crate::simple_conv_net::{ConvParam, POOL, SimpleConvNet};

// ---------------------------------------------------------------------------------------
// Exercise 7.1: average pooling.

// ANCHOR: ex7_1
/// Average pooling: each output is the mean of its (PH, PW) window, channel by channel.
///
/// forward:  out[n, c, oy, ox] = (1 / (PH·PW)) Σ over the window of x[n, c, ·, ·]
/// backward: every position of a window receives dout / (PH·PW)
#[derive(Debug, Clone)]
pub struct AvgPooling {
    pub pool_h: usize,
    pub pool_w: usize,
    pub stride: usize,
    pub pad: usize,
    win: Option<Window>, // kept by forward for backward
}

impl AvgPooling {
    pub fn new(pool_h: usize, pool_w: usize, stride: usize, pad: usize) -> Self {
        AvgPooling { pool_h, pool_w, stride, pad, win: None }
    }
}

impl<F: Float> Layer<F> for AvgPooling {
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        let win = Window::new("average pooling", x.shape(), self.pool_h, self.pool_w, self.stride, self.pad)
            .unwrap_or_else(|e| panic!("{e}"));
        let x = x.view().into_dimensionality::<Ix4>().expect("checked 4-D");
        let pool = self.pool_h * self.pool_w;
        let col = im2col(x, &win); // (N·OH·OW, C·PH·PW)
        let col = col.into_shape_with_order((win.col_rows() * win.c, pool)).expect("sizes match"); // (N·OH·OW·C, PH·PW)
        let out = col.mean_axis(Axis(1)).expect("windows are not empty"); // (N·OH·OW·C,)
        let out = out.into_shape_with_order((win.n, win.oh, win.ow, win.c)).expect("sizes match");
        self.win = Some(win);
        out.permuted_axes([0, 3, 1, 2]).as_standard_layout().into_owned().into_dyn() // (N, C, OH, OW)
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let win = self.win.as_ref().expect("backward called before forward");
        let pool = self.pool_h * self.pool_w;
        let share = F::one() / F::lit(pool as f64);
        // (N, C, OH, OW) → (N, OH, OW, C): the order of the rows of the pooled col.
        let dout = dout.view().into_dimensionality::<Ix4>().expect("dout is 4-D").permuted_axes([0, 2, 3, 1]);
        let dout: Array1<F> = dout.iter().map(|&d| d * share).collect();
        let dcol = Array2::from_shape_fn((dout.len(), pool), |(row, _)| dout[row]); // (N·OH·OW·C, PH·PW)
        let dcol = dcol.into_shape_with_order((win.col_rows(), win.col_cols())).expect("sizes match");
        col2im(dcol.view(), win).into_dyn()
    }
}
// ANCHOR_END: ex7_1

// ---------------------------------------------------------------------------------------
// Exercise 7.2: padding and the shapes after each layer.

// ANCHOR: ex7_2
/// The shape of one image's data after the convolution and after the 2×2 pooling of
/// SimpleConvNet, and the input size of its first affine layer.
pub fn layer_shapes(input_dim: (usize, usize, usize), conv: ConvParam) -> Result<LayerShapes, ShapeError> {
    let (_, h, w) = input_dim;
    let conv_h = output_size("convolution", "height", h, conv.filter_size, conv.stride, conv.pad)?;
    let conv_w = output_size("convolution", "width", w, conv.filter_size, conv.stride, conv.pad)?;
    let pool_h = output_size("pooling", "height", conv_h, POOL, POOL, 0)?;
    let pool_w = output_size("pooling", "width", conv_w, POOL, POOL, 0)?;
    Ok(LayerShapes {
        conv: [conv.filter_num, conv_h, conv_w],
        pool: [conv.filter_num, pool_h, pool_w],
        affine_input: conv.filter_num * pool_h * pool_w,
    })
}
// ANCHOR_END: ex7_2

// ---------------------------------------------------------------------------------------
// Exercise 7.3: col2im.

// ANCHOR: ex7_3
/// col2im: adds each entry of col (N·OH·OW, C·FH·FW) back onto the input pixel im2col copied
/// it from, giving (N, C, H, W); entries that came from the padding are dropped.
pub fn my_col2im<F: Float>(col: ArrayView2<'_, F>, win: &Window) -> Array4<F> {
    let mut x = Array4::zeros((win.n, win.c, win.h, win.w));
    for n in 0..win.n {
        for oy in 0..win.oh {
            for ox in 0..win.ow {
                let row = (n * win.oh + oy) * win.ow + ox;
                for c in 0..win.c {
                    for fy in 0..win.fh {
                        for fx in 0..win.fw {
                            // The input pixel behind this entry: (oy·S + fy − P, ox·S + fx − P).
                            let y = (oy * win.stride + fy) as isize - win.pad as isize;
                            let x_ = (ox * win.stride + fx) as isize - win.pad as isize;
                            if (0..win.h as isize).contains(&y) && (0..win.w as isize).contains(&x_) {
                                x[[n, c, y as usize, x_ as usize]] +=
                                    col[[row, (c * win.fh + fy) * win.fw + fx]];
                            }
                        }
                    }
                }
            }
        }
    }
    x
}
// ANCHOR_END: ex7_3

// ---------------------------------------------------------------------------------------
// Exercise 7.4: the training loop, with any optimizer.

// ANCHOR: ex7_4
/// `steps` updates of `net` by `optimizer`, on mini-batches of `batch_size` consecutive
/// images of x (N, 1, 28, 28) (starting over at the end); the loss of each step.
pub fn train_steps(
    net: &mut SimpleConvNet<f32>,
    optimizer: &mut dyn Optimizer<f32>,
    x: &ArrayD<f32>,
    t: &Array1<usize>,
    batch_size: usize,
    steps: usize,
) -> Vec<f64> {
    let n = x.shape()[0];
    let batches_per_pass = n / batch_size;
    (0..steps)
        .map(|step| {
            let start = (step % batches_per_pass) * batch_size;
            let x_batch = x.slice_axis(Axis(0), Slice::from(start..start + batch_size)).to_owned();
            let t_batch = t.slice(ndarray::s![start..start + batch_size]);
            let loss = net.gradient(&x_batch, Targets::Labels(t_batch));
            optimizer.update(net.params());
            loss as f64
        })
        .collect()
}
// ANCHOR_END: ex7_4
