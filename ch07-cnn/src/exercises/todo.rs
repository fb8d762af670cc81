//! Chapter 7's exercises: replace each `todo!()` below (marked `TODO(ex 7.N)`), then run
//! `cargo test -p ch07-cnn -- --ignored ex7_N`. Solutions: `solutions.rs`.

// Until you fill them in, some inputs and fields are not used yet.
#![allow(unused_variables, unused_imports, dead_code)]

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
        // TODO(ex 7.1): follow `common::layers::Pooling::forward` (max pooling), but take the
        // mean of each window instead of its max:
        //   1. win = Window::new("average pooling", x.shape(), PH, PW, stride, pad);
        //   2. col = im2col(x, &win), reshaped to (N·OH·OW·C, PH·PW): one window a row;
        //   3. the mean of each row (`mean_axis(Axis(1))`), reshaped to (N, OH, OW, C) and
        //      transposed to (N, C, OH, OW);
        //   4. keep `win` in `self.win` for backward.
        todo!("exercise 7.1")
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        // TODO(ex 7.1): each of the PH·PW inputs of a window contributed 1/(PH·PW) of its
        // output, so each receives dout / (PH·PW). Build dcol (N·OH·OW·C, PH·PW) from dout
        // transposed to (N, OH, OW, C), reshape it to (N·OH·OW, C·PH·PW) and return
        // col2im(dcol, win).
        todo!("exercise 7.1")
    }
}
// ANCHOR_END: ex7_1

// ---------------------------------------------------------------------------------------
// Exercise 7.2: padding and the shapes after each layer.

// ANCHOR: ex7_2
/// The shape of one image's data after the convolution and after the 2×2 pooling of
/// SimpleConvNet, and the input size of its first affine layer.
pub fn layer_shapes(input_dim: (usize, usize, usize), conv: ConvParam) -> Result<LayerShapes, ShapeError> {
    // TODO(ex 7.2): OH = (H + 2P − FH) / S + 1 for the convolution (use
    // `output_size("convolution", "height", …)`, which refuses sizes that do not divide,
    // and the same for the width), then the pooling: window POOL, stride POOL, no padding.
    // The affine layer's input is FN·(pooled height)·(pooled width).
    todo!("exercise 7.2")
}
// ANCHOR_END: ex7_2

// ---------------------------------------------------------------------------------------
// Exercise 7.3: col2im.

// ANCHOR: ex7_3
/// col2im: adds each entry of col (N·OH·OW, C·FH·FW) back onto the input pixel im2col copied
/// it from, giving (N, C, H, W); entries that came from the padding are dropped.
pub fn my_col2im<F: Float>(col: ArrayView2<'_, F>, win: &Window) -> Array4<F> {
    // TODO(ex 7.3): start from zeros (N, C, H, W). Row (n·OH + oy)·OW + ox, column
    // (c·FH + fy)·FW + fx of col came from pixel (n, c, oy·S + fy − P, ox·S + fx − P) of x;
    // add it there (`+=`: overlapping windows add up), unless that pixel is in the padding
    // (outside 0..H or 0..W). Do not call `common::im2col::col2im`: the tests compare with it.
    todo!("exercise 7.3")
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
    // TODO(ex 7.4): for each step, take the next `batch_size` images of x (and labels of t),
    // compute the gradient (`net.gradient(&x_batch, Targets::Labels(t_batch))` returns the
    // loss), then `optimizer.update(net.params())`. Collect the losses as f64.
    todo!("exercise 7.4")
}
// ANCHOR_END: ex7_4
