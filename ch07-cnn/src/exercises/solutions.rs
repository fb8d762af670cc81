//! Reference solutions of chapter 7's exercises (`--features solutions` swaps them in for
//! `todo.rs`).

use ndarray::{Array2, Array4, ArrayD, ArrayView1, ArrayView2, ArrayView3, ArrayView4, Axis, Ix2, Ix4};

use common::im2col::{ShapeError, Window};
use common::{Float, Layer};

use super::DilatedWindow;

// ---------------------------------------------------------------------------------------
// Exercise 7.1: global average pooling.

// ANCHOR: ex7_1
/// Global average pooling: each channel's whole feature map becomes one number, its mean.
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
        let x = x.view().into_dimensionality::<Ix4>().expect("global average pooling takes (N, C, H, W)");
        let (n, c, h, w) = x.dim();
        self.input_shape = vec![n, c, h, w];
        let planes = x.to_shape((n, c, h * w)).expect("sizes match"); // (N, C, H·W)
        planes.mean_axis(Axis(2)).expect("H·W > 0").into_dyn() // (N, C)
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let &[n, c, h, w] = &self.input_shape[..] else { panic!("backward called before forward") };
        let dout = dout.view().into_dimensionality::<Ix2>().expect("dout is (N, C)");
        let share = F::one() / F::lit((h * w) as f64);
        Array4::from_shape_fn((n, c, h, w), |(i, j, _, _)| dout[[i, j]] * share).into_dyn() // (N, C, H, W)
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
    let mut col = Array2::zeros((win.col_rows(), win.col_cols()));
    for n in 0..win.n {
        for oy in 0..win.oh {
            for ox in 0..win.ow {
                let row = (n * win.oh + oy) * win.ow + ox;
                for c in 0..win.c {
                    for fy in 0..win.fh {
                        for fx in 0..win.fw {
                            // The input pixel this tap sees, in padded coordinates.
                            let y = (oy * win.stride + fy * win.dilation) as isize - win.pad as isize;
                            let x_ = (ox * win.stride + fx * win.dilation) as isize - win.pad as isize;
                            if (0..win.h as isize).contains(&y) && (0..win.w as isize).contains(&x_) {
                                col[[row, (c * win.fh + fy) * win.fw + fx]] =
                                    x[[n, c, y as usize, x_ as usize]];
                            }
                        }
                    }
                }
            }
        }
    }
    col
}
// ANCHOR_END: ex7_2

// ---------------------------------------------------------------------------------------
// Exercise 7.3: col2im for a dilated filter.

// ANCHOR: ex7_3
/// col2im for a dilated filter, the adjoint of `im2col_dilated`: adds each entry of col
/// (N·OH·OW, C·FH·FW) back onto the pixel it was copied from, giving (N, C, H, W); entries
/// that came from the padding are dropped.
pub fn col2im_dilated<F: Float>(col: ArrayView2<'_, F>, win: &DilatedWindow) -> Array4<F> {
    let mut x = Array4::zeros((win.n, win.c, win.h, win.w));
    for n in 0..win.n {
        for oy in 0..win.oh {
            for ox in 0..win.ow {
                let row = (n * win.oh + oy) * win.ow + ox;
                for c in 0..win.c {
                    for fy in 0..win.fh {
                        for fx in 0..win.fw {
                            let y = (oy * win.stride + fy * win.dilation) as isize - win.pad as isize;
                            let x_ = (ox * win.stride + fx * win.dilation) as isize - win.pad as isize;
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
    let (_, fh, fw) = w.dim();
    let win = Window::new("depthwise convolution", x.shape(), fh, fw, stride, pad)?;
    let mut y = Array4::zeros((win.n, win.c, win.oh, win.ow));
    for ((n, c, oy, ox), out) in y.indexed_iter_mut() {
        let mut sum = b[c];
        for fy in 0..fh {
            for fx in 0..fw {
                if let Some((i, j)) = win.source(oy, ox, fy, fx) {
                    sum += x[[n, c, i, j]] * w[[c, fy, fx]];
                }
            }
        }
        *out = sum;
    }
    Ok(y)
}
// ANCHOR_END: ex7_4

// ---------------------------------------------------------------------------------------
// Exercise 7.5: batch normalisation in the plain deep stack.

// ANCHOR: ex7_5
/// The plain stack of `crate::architectures::residual_nets::residual_net(depth, false, …)`
/// with a batch normalisation after every convolution, before its ReLU.
pub fn plain_net_with_batch_norm<F: Float + 'static>(
    depth: usize,
    rng: &mut common::rng::Rng,
) -> common::sequential::Sequential<F> {
    use crate::architectures::builders::{affine, conv};
    use common::init::WeightInit;
    use common::layers::{BatchNormalization, Pooling, Relu};
    use common::sequential::Sequential;

    let he = WeightInit::He;
    let mut net = Sequential::new()
        .with("Conv0", conv(1, 16, 3, 1, 0, he, rng))
        .with("BN0", BatchNormalization::new(16 * 26 * 26))
        .with("ReLU0", Relu::new())
        .with("Pool0", Pooling::new(2, 2, 2, 0));
    let pairs = (depth - 2) / 2;
    let mut channels = 16;
    for pair in 1..=pairs {
        let filters = if pair > pairs / 2 { 32 } else { 16 };
        let stride = if filters != channels { 2 } else { 1 };
        let side = if filters == 16 { 13 } else { 7 };
        let features = filters * side * side;
        net = net
            .with(format!("Conv{pair}a"), conv(channels, filters, 3, stride, 1, he, rng))
            .with(format!("BN{pair}a"), BatchNormalization::new(features))
            .with(format!("ReLU{pair}a"), Relu::new())
            .with(format!("Conv{pair}b"), conv(filters, filters, 3, 1, 1, he, rng))
            .with(format!("BN{pair}b"), BatchNormalization::new(features))
            .with(format!("ReLU{pair}b"), Relu::new());
        channels = filters;
    }
    net.with("Affine", affine(channels * 7 * 7, 10, he, rng))
}
// ANCHOR_END: ex7_5

// ---------------------------------------------------------------------------------------
// Exercise 7.6: two 3×3 convolutions instead of one 5×5.

// ANCHOR: ex7_6
/// LeNet-5 with ReLU and max pooling, each 5×5 convolution replaced by two 3×3 ones.
pub fn lenet_with_3x3_pairs<F: Float + 'static>(
    rng: &mut common::rng::Rng,
) -> common::sequential::Sequential<F> {
    use crate::architectures::builders::{affine, conv};
    use common::init::WeightInit;
    use common::layers::{Pooling, Relu};
    use common::sequential::Sequential;

    let he = WeightInit::He;
    Sequential::new()
        .with("Conv1a", conv(1, 1, 3, 1, 1, he, rng))
        .with("ReLU1a", Relu::new())
        .with("Conv1b", conv(1, 6, 3, 1, 1, he, rng))
        .with("ReLU1b", Relu::new())
        .with("Pool1", Pooling::new(2, 2, 2, 0))
        .with("Conv2a", conv(6, 6, 3, 1, 0, he, rng))
        .with("ReLU2a", Relu::new())
        .with("Conv2b", conv(6, 16, 3, 1, 0, he, rng))
        .with("ReLU2b", Relu::new())
        .with("Pool2", Pooling::new(2, 2, 2, 0))
        .with("Affine1", affine(16 * 5 * 5, 120, he, rng))
        .with("ReLU3", Relu::new())
        .with("Affine2", affine(120, 84, he, rng))
        .with("ReLU4", Relu::new())
        .with("Affine3", affine(84, 10, he, rng))
}
// ANCHOR_END: ex7_6
