//! Chapter 7's exercises: replace each `todo!()` below (marked `TODO(ex 7.N)`), then run
//! `cargo test -p ch07-cnn -- --ignored ex7_N`. Solutions: `solutions.rs`.

// Until you fill them in, some inputs and fields are not used yet.
#![allow(unused_variables, unused_imports, dead_code, unused_mut)]

use ndarray::{Array2, Array4, ArrayD, ArrayView1, ArrayView2, ArrayView3, ArrayView4, Axis, Ix2, Ix4};

use common::im2col::{ShapeError, Window};
use common::{Float, Layer};

use super::DilatedWindow;

// ---------------------------------------------------------------------------------------
// Exercise 7.1: global average pooling.

// ANCHOR: ex7_1
/// Global average pooling: each channel's whole feature map becomes one number, its
/// mean.
///
/// forward:  y[n, c] = (1 / (H·W)) Σᵢⱼ x[n, c, i, j]      x (N, C, H, W), y (N, C)
/// backward: dx[n, c, i, j] = dout[n, c] / (H·W)
#[derive(Debug, Clone, Default)]
pub struct GlobalAvgPooling {
    input_shape: Vec<usize>, // (N, C, H, W), kept by forward for backward
}

impl GlobalAvgPooling {
    /// A new global average pooling layer.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<F: Float> Layer<F> for GlobalAvgPooling {
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        // TODO(ex 7.1): view x as 4-D (`x.view().into_dimensionality::<Ix4>()`), keep
        // its shape [N, C, H, W] in `self.input_shape`, reshape it to (N, C, H·W)
        // (`to_shape`) and take the mean over the last axis: (N, C), returned with
        // `into_dyn()`.
        todo!("exercise 7.1")
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        // TODO(ex 7.1): every one of the H·W inputs of channel c contributed 1/(H·W)
        // of y[n, c], so each receives dout[n, c] / (H·W). Build the (N, C, H, W)
        // result with `Array4::from_shape_fn((n, c, h, w), |(i, j, _, _)| …)`.
        todo!("exercise 7.1")
    }
}
// ANCHOR_END: ex7_1

// ---------------------------------------------------------------------------------------
// Exercise 7.2: im2col for a dilated filter.

// ANCHOR: ex7_2
/// im2col for a dilated filter, (N·OH·OW, C·FH·FW):
/// col[(n, oy, ox), (c, fy, fx)] = x[n, c, oy·S + fy·r − P, ox·S + fx·r − P],
/// 0 where that pixel is in the padding.
pub fn im2col_dilated<F: Float>(x: ArrayView4<'_, F>, win: &DilatedWindow) -> Array2<F> {
    // TODO(ex 7.2): start from zeros (win.col_rows(), win.col_cols()).
    // Row (n·OH + oy)·OW + ox, column (c·FH + fy)·FW + fx gets the pixel
    // (n, c, oy·S + fy·r − P, ox·S + fx·r − P) of x, unless that pixel is in the
    // padding (outside 0..H or 0..W; compute it as isize, it can be negative).
    // Six nested loops, as in the book's col2im.
    todo!("exercise 7.2")
}
// ANCHOR_END: ex7_2

// ---------------------------------------------------------------------------------------
// Exercise 7.3: col2im for a dilated filter.

// ANCHOR: ex7_3
/// col2im for a dilated filter, the adjoint of `im2col_dilated`: adds each entry of
/// col (N·OH·OW, C·FH·FW) back onto the pixel it was copied from, giving (N, C, H, W);
/// entries that came from the padding are dropped.
pub fn col2im_dilated<F: Float>(col: ArrayView2<'_, F>, win: &DilatedWindow) -> Array4<F> {
    // TODO(ex 7.3): the same loops as 7.2, the other way: start from zeros
    // (N, C, H, W) and add each entry of col onto its pixel (`+=`: overlapping patches
    // add up); entries from the padding go nowhere.
    todo!("exercise 7.3")
}
// ANCHOR_END: ex7_3

// ---------------------------------------------------------------------------------------
// Exercise 7.4: depthwise convolution.

// ANCHOR: ex7_4
/// Depthwise convolution: channel c of the input is convolved with filter c alone.
/// y[n, c, oy, ox] = Σ_{fy, fx} x[n, c, oy·S + fy − P, ox·S + fx − P]·w[c, fy, fx]
///                   + b[c]
/// x (N, C, H, W), w (C, FH, FW), b (C,), y (N, C, OH, OW).
pub fn depthwise_conv<F: Float>(
    x: ArrayView4<'_, F>,
    w: ArrayView3<'_, F>,
    b: ArrayView1<'_, F>,
    stride: usize,
    pad: usize,
) -> Result<Array4<F>, ShapeError> {
    // TODO(ex 7.4): the sizes:
    // `Window::new("depthwise convolution", x.shape(), FH, FW, stride, pad)?` (it
    // refuses sizes that do not fit, and gives OH and OW). Then for every output
    // y[n, c, oy, ox] (`y.indexed_iter_mut()` walks them with their index): b[c]
    // plus, over the FH·FW taps, x at `win.source(oy, ox, fy, fx)` (None in the
    // padding) times w[c, fy, fx].
    todo!("exercise 7.4")
}
// ANCHOR_END: ex7_4

// ---------------------------------------------------------------------------------------
// Exercise 7.5: batch normalisation in the plain deep stack.

// ANCHOR: ex7_5
/// The plain stack of `crate::architectures::residual_nets::residual_net(depth, false, …)`
/// with a batch normalisation after every convolution, before its ReLU: stem
/// Conv → BN → ReLU → Pool, then for each pair Conv → BN → ReLU → Conv → BN → ReLU, then
/// the affine layer. The convolutions are those the plain stack has (same sizes, strides,
/// padding, He's initial weights); each `BatchNormalization::new(d)` normalises the d = C·H·W
/// values of its input, as the book's does.
pub fn plain_net_with_batch_norm<F: Float + 'static>(
    depth: usize,
    rng: &mut common::rng::Rng,
) -> common::sequential::Sequential<F> {
    // TODO(ex 7.5): build it layer by layer with `Sequential::new().with(name, layer)`. The
    // convolutions come from `crate::architectures::builders::conv` (3×3, pad 1; the first of
    // the second stage has stride 2 to 32 channels; the stem's has pad 0); follow
    // `residual_net`'s loop for the stages. Each BN needs the size of what it normalises:
    // the stem's convolution gives (16, 26, 26), the first stage (16, 13, 13), the second
    // (32, 7, 7).
    todo!("exercise 7.5")
}
// ANCHOR_END: ex7_5

// ---------------------------------------------------------------------------------------
// Exercise 7.6: two 3×3 convolutions instead of one 5×5.

// ANCHOR: ex7_6
/// LeNet-5 with ReLU and max pooling (`crate::architectures::lenet::LeNetKind::Modern`), each
/// 5×5 convolution replaced by two 3×3 ones with a ReLU between them: the first pair pads
/// each by 1 (28 × 28 stays 28 × 28, as the 5×5 with pad 2 did), the second pads neither
/// (14 × 14 → 12 × 12 → 10 × 10, as the 5×5 did). The first convolution of a pair keeps its
/// input's channels, the second makes the pair's output channels (6, then 16), so the shapes
/// after each pair are LeNet's.
pub fn lenet_with_3x3_pairs<F: Float + 'static>(
    rng: &mut common::rng::Rng,
) -> common::sequential::Sequential<F> {
    // TODO(ex 7.6): Conv 3×3 (1 → 1, pad 1), ReLU, Conv 3×3 (1 → 6, pad 1), ReLU, Pool 2×2,
    // Conv 3×3 (6 → 6), ReLU, Conv 3×3 (6 → 16), ReLU, Pool 2×2, then LeNet's affine layers
    // 400 → 120 → 84 → 10 with ReLU between. Weights with He's scale
    // (`crate::architectures::builders::{conv, affine}`).
    todo!("exercise 7.6")
}
// ANCHOR_END: ex7_6
