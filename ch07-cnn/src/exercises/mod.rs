//! Exercises for chapter 7. Edit `src/exercises/todo.rs` where it says `TODO(ex 7.N)`, then
//! run that exercise's tests. Only one test needs data (the last of 7.6: MNIST, found in
//! `MNIST_DIR` or the cache that `cargo run -p ch03-inference` fills).
//!
//! ```text
//! cargo test -p ch07-cnn -- --ignored ex7_1
//! ```
//!
//! Reference solutions are in `solutions.rs`; `--features solutions` swaps them in.
//!
//! - **7.1** Global average pooling: a `GlobalAvgPooling` layer that turns each channel's
//!   whole feature map into its mean, (N, C, H, W) → (N, C), and shares dout equally among
//!   the H·W inputs in backward. It must pass the gradient check.
//!   `cargo test -p ch07-cnn -- --ignored ex7_1`
//! - **7.2** Dilated filters: `im2col_dilated`, im2col for a filter whose taps are r pixels
//!   apart, so that a 3×3 filter with r = 2 sees a 5×5 area with 9 weights.
//!   `cargo test -p ch07-cnn -- --ignored ex7_2`
//! - **7.3** Its backward: `col2im_dilated`, the adjoint of 7.2:
//!   ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩. `cargo test -p ch07-cnn -- --ignored ex7_3`
//! - **7.4** Depthwise convolution: `depthwise_conv`, one filter per channel, each channel
//!   convolved on its own. `cargo test -p ch07-cnn -- --ignored ex7_4`
//! - **7.5** Batch normalisation in the plain deep stack: `plain_net_with_batch_norm`, the
//!   plain stack of the `residual` section with a batch normalisation after every convolution.
//!   Then see whether depth still hurts. `cargo test -p ch07-cnn -- --ignored ex7_5` (no data)
//! - **7.6** Two 3×3 convolutions instead of one 5×5: `lenet_with_3x3_pairs`, LeNet-5 with each
//!   5×5 convolution replaced by two 3×3. Its tests compare shapes, receptive fields, parameters
//!   and multiply-adds (no data), and one trains it beside LeNet on MNIST (needs MNIST).
//!   `cargo test -p ch07-cnn -- --ignored ex7_6`

use common::im2col::{ShapeError, output_size};

#[cfg(not(feature = "solutions"))]
mod todo;
#[cfg(not(feature = "solutions"))]
pub use todo::*;
#[cfg(feature = "solutions")]
mod solutions;
#[cfg(feature = "solutions")]
pub use solutions::*;

// ANCHOR: dilated_window
/// A dilated filter sliding over an (N, C, H, W) input (exercises 7.2 and 7.3):
/// FH × FW taps, r pixels apart (r is the dilation), so that the filter spans
/// (FH − 1)·r + 1 rows and (FW − 1)·r + 1 columns. r = 1 is the ordinary filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DilatedWindow {
    /// Batch size N, channels C, input height H and width W.
    pub n: usize,
    pub c: usize,
    pub h: usize,
    pub w: usize,
    /// Taps of the filter: FH × FW.
    pub fh: usize,
    pub fw: usize,
    /// Stride S, zero padding P and dilation r.
    pub stride: usize,
    pub pad: usize,
    pub dilation: usize,
    /// Output height OH = (H + 2P − ((FH − 1)·r + 1)) / S + 1, and width OW.
    pub oh: usize,
    pub ow: usize,
}

impl DilatedWindow {
    /// The window over an input of `shape` = [N, C, H, W]; an error if the sizes do
    /// not fit.
    pub fn new(
        shape: &[usize],
        fh: usize,
        fw: usize,
        stride: usize,
        pad: usize,
        dilation: usize,
    ) -> Result<Self, ShapeError> {
        let what = "dilated convolution";
        let &[n, c, h, w] = shape else {
            let (expected, found) = ("4-D input (N, C, H, W)".into(), shape.to_vec());
            return Err(ShapeError::WrongInput { what: what.into(), expected, found });
        };
        let dilation = dilation.max(1);
        let span = |taps: usize| (taps.max(1) - 1) * dilation + 1; // rows (columns) covered
        let oh = output_size(what, "height", h, span(fh), stride, pad)?;
        let ow = output_size(what, "width", w, span(fw), stride, pad)?;
        Ok(DilatedWindow { n, c, h, w, fh, fw, stride, pad, dilation, oh, ow })
    }

    /// Rows of the im2col matrix: one per output position, N·OH·OW.
    pub fn col_rows(&self) -> usize {
        self.n * self.oh * self.ow
    }

    /// Columns of the im2col matrix: one per tap of every channel, C·FH·FW.
    pub fn col_cols(&self) -> usize {
        self.c * self.fh * self.fw
    }
}
// ANCHOR_END: dilated_window

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use common::Layer;
    use common::gradient::gradient_check_layer;
    use common::im2col::{Window, col2im, im2col};
    use common::init::gaussian;
    use common::layers::Convolution;
    use common::rng::seeded;
    use ndarray::{Array2, Array3, Array4, Axis, Ix1, Ix2, Ix3, Ix4, arr2, s};

    fn gaussian4(shape: [usize; 4], rng: &mut common::rng::Rng) -> Array4<f64> {
        gaussian::<f64>(&shape, 1.0, rng).into_dimensionality::<Ix4>().unwrap()
    }

    fn gaussian2(shape: [usize; 2], rng: &mut common::rng::Rng) -> Array2<f64> {
        gaussian::<f64>(&shape, 1.0, rng).into_dimensionality::<Ix2>().unwrap()
    }

    /// An r-dilated filter written out as the ordinary filter it equals: the taps r apart,
    /// zeros between them. (FN, C, FH, FW) → (FN, C, (FH − 1)·r + 1, (FW − 1)·r + 1).
    fn spread(w: &Array4<f64>, d: usize) -> Array4<f64> {
        let (fnum, c, fh, fw) = w.dim();
        let mut out = Array4::zeros((fnum, c, (fh - 1) * d + 1, (fw - 1) * d + 1));
        out.slice_mut(s![.., .., ..;d, ..;d]).assign(w);
        out
    }

    // 7.1 ------------------------------------------------------------------------------
    #[test]
    #[ignore = "exercise 7.1"]
    fn ex7_1_global_average_pooling_of_a_worked_example() {
        // Channel 0: [[1, 2], [3, 4]], mean 2.5. Channel 1: [[−1, 0], [0, 5]], mean 1.
        let x =
            Array4::from_shape_vec((1, 2, 2, 2), vec![1., 2., 3., 4., -1., 0., 0., 5.]).unwrap().into_dyn();
        let mut pool = GlobalAvgPooling::new();
        let y = pool.forward(&x, false);
        assert_eq!(y, arr2(&[[2.5, 1.0]]).into_dyn(), "(N, C, H, W) → (N, C)");
        // Each of the four inputs of a channel gets a quarter of that channel's gradient.
        let dx = pool.backward(&arr2(&[[4.0, 8.0]]).into_dyn());
        let expected = Array4::from_shape_vec((1, 2, 2, 2), vec![1., 1., 1., 1., 2., 2., 2., 2.]).unwrap();
        assert_eq!(dx, expected.into_dyn());
    }

    #[test]
    #[ignore = "exercise 7.1"]
    fn ex7_1_global_average_pooling_passes_the_gradient_check() {
        let mut rng = seeded(71);
        for shape in [[2, 3, 4, 5], [1, 2, 3, 3], [3, 1, 1, 6]] {
            let x = gaussian::<f64>(&shape, 1.0, &mut rng);
            let y = GlobalAvgPooling::new().forward(&x, true);
            // The mean of each map, taken another way: over the width, then over the height.
            let means = x.mean_axis(Axis(3)).unwrap().mean_axis(Axis(2)).unwrap();
            assert_abs_diff_eq!(y, means, epsilon = 1e-12);
            for (name, diff) in gradient_check_layer(&mut GlobalAvgPooling::new(), &x, &mut rng) {
                assert!(diff < 1e-9, "{shape:?}: {name}: max |backprop − numerical| = {diff:e}");
            }
        }
    }

    // 7.2 ------------------------------------------------------------------------------
    #[test]
    #[ignore = "exercise 7.2"]
    fn ex7_2_a_dilated_patch_skips_pixels() {
        // 4×4 input numbered 1…16; a 2×2 filter with r = 2 spans 3×3, so the output is 2×2.
        // At (0, 0) it sees pixels (0, 0), (0, 2), (2, 0), (2, 2): 1, 3, 9, 11.
        let x = Array4::from_shape_fn((1, 1, 4, 4), |(_, _, i, j)| (4 * i + j + 1) as f64);
        let win = DilatedWindow::new(&[1, 1, 4, 4], 2, 2, 1, 0, 2).unwrap();
        assert_eq!((win.oh, win.ow), (2, 2));
        let col = im2col_dilated(x.view(), &win);
        let expected = arr2(&[[1., 3., 9., 11.], [2., 4., 10., 12.], [5., 7., 13., 15.], [6., 8., 14., 16.]]);
        assert_eq!(col, expected);
        // With padding 1: the first patch is centred on pixel (0, 0); three of its taps are
        // in the padding.
        let win = DilatedWindow::new(&[1, 1, 4, 4], 2, 2, 1, 1, 2).unwrap();
        let col = im2col_dilated(x.view(), &win);
        assert_eq!((col.nrows(), col.ncols()), (16, 4));
        assert_eq!(col.row(0).to_vec(), [0., 0., 0., 6.]);
    }

    #[test]
    #[ignore = "exercise 7.2"]
    fn ex7_2_im2col_dilated_is_im2col_of_the_spread_filter() {
        let mut rng = seeded(72);
        for (shape, f, stride, pad, d) in [
            ([2, 3, 7, 7], 3, 1, 2, 2),
            ([1, 2, 9, 8], 2, 1, 0, 3),
            ([2, 1, 9, 9], 3, 2, 1, 2),
            ([1, 2, 5, 5], 3, 1, 1, 1),
        ] {
            let x = gaussian4(shape, &mut rng);
            let w = gaussian4([4, shape[1], f, f], &mut rng);
            let win = DilatedWindow::new(&shape, f, f, stride, pad, d).unwrap();
            let col = im2col_dilated(x.view(), &win);
            assert_eq!((col.nrows(), col.ncols()), (win.col_rows(), win.col_cols()));
            // The convolution from the dilated columns …
            let w_col = w.to_shape((4, win.col_cols())).unwrap().t().to_owned(); // (C·FH·FW, FN)
            let y = col.dot(&w_col);
            // … equals the ordinary convolution with the zero-spread filter, through common's im2col.
            let wide = spread(&w, d);
            let ordinary = Window::new("conv", &shape, wide.dim().2, wide.dim().3, stride, pad).unwrap();
            let wide_col = wide.to_shape((4, ordinary.col_cols())).unwrap().t().to_owned();
            let expected = im2col(x.view(), &ordinary).dot(&wide_col);
            assert_abs_diff_eq!(y, expected, epsilon = 1e-12);
        }
    }

    // 7.3 ------------------------------------------------------------------------------
    #[test]
    #[ignore = "exercise 7.3"]
    fn ex7_3_col2im_dilated_adds_every_tap_back_where_it_came_from() {
        // 3×3 input, 2×2 filter with r = 2: a single patch, on the four corners.
        let win = DilatedWindow::new(&[1, 1, 3, 3], 2, 2, 1, 0, 2).unwrap();
        let x = col2im_dilated(Array2::<f64>::ones((1, 4)).view(), &win);
        assert_eq!(
            x.into_shape_with_order((3, 3)).unwrap(),
            arr2(&[[1., 0., 1.], [0., 0., 0.], [1., 0., 1.]])
        );
        // 4×4 input: four patches; each pixel counts the taps that saw it.
        let win = DilatedWindow::new(&[1, 1, 4, 4], 2, 2, 1, 0, 2).unwrap();
        let x = col2im_dilated(Array2::<f64>::ones((4, 4)).view(), &win);
        assert_eq!(x.into_shape_with_order((4, 4)).unwrap(), Array2::<f64>::ones((4, 4)));
        // 5×5 input: nine patches. Along each axis, pixel 2 is read by two taps (o = 2, f = 0
        // and o = 0, f = 1), every other pixel by one; the counts multiply.
        let win = DilatedWindow::new(&[1, 1, 5, 5], 2, 2, 1, 0, 2).unwrap();
        let x = col2im_dilated(Array2::<f64>::ones((9, 4)).view(), &win);
        let per_axis = [1., 1., 2., 1., 1.];
        let expected = Array2::from_shape_fn((5, 5), |(i, j)| per_axis[i] * per_axis[j]);
        assert_eq!(x.into_shape_with_order((5, 5)).unwrap(), expected);
    }

    #[test]
    #[ignore = "exercise 7.3"]
    fn ex7_3_col2im_dilated_is_the_adjoint_of_im2col_dilated() {
        let mut rng = seeded(73);
        for (shape, f, stride, pad, d) in
            [([2, 3, 7, 7], 3, 1, 2, 2), ([1, 2, 9, 8], 2, 1, 0, 3), ([2, 1, 9, 9], 3, 2, 1, 2)]
        {
            let win = DilatedWindow::new(&shape, f, f, stride, pad, d).unwrap();
            let y = gaussian2([win.col_rows(), win.col_cols()], &mut rng);
            let ours = col2im_dilated(y.view(), &win);
            assert_eq!(ours.shape(), &shape);
            // The same thing through common's col2im: put the dilated columns into the
            // columns of the spread filter (zeros for the taps in between), then fold back.
            let (fs, c) = ((f - 1) * d + 1, shape[1]);
            let wide = Window::new("conv", &shape, fs, fs, stride, pad).unwrap();
            let mut wide_y = Array3::<f64>::zeros((win.col_rows(), c, fs * fs));
            for ch in 0..c {
                for fy in 0..f {
                    for fx in 0..f {
                        let column = y.column((ch * f + fy) * f + fx);
                        wide_y.slice_mut(s![.., ch, fy * d * fs + fx * d]).assign(&column);
                    }
                }
            }
            let wide_y = wide_y.into_shape_with_order((win.col_rows(), c * fs * fs)).unwrap();
            assert_abs_diff_eq!(ours, col2im(wide_y.view(), &wide), epsilon = 1e-12);
        }
    }

    // 7.4 ------------------------------------------------------------------------------
    #[test]
    #[ignore = "exercise 7.4"]
    fn ex7_4_depthwise_convolution_of_a_worked_example() {
        // Channel 0 (1…9) with [[1, 0], [0, −1]]: x[i, j] − x[i + 1, j + 1] = −4 everywhere.
        // Channel 1 (all 1) with [[1, 1], [1, 1]] and bias 0.5: 4.5 everywhere.
        let mut x = Array4::<f64>::ones((1, 2, 3, 3));
        x.slice_mut(s![0, 0, .., ..]).assign(&Array2::from_shape_fn((3, 3), |(i, j)| (3 * i + j + 1) as f64));
        let w = Array3::from_shape_vec((2, 2, 2), vec![1., 0., 0., -1., 1., 1., 1., 1.]).unwrap();
        let b = ndarray::arr1(&[0.0, 0.5]);
        let y = depthwise_conv(x.view(), w.view(), b.view(), 1, 0).unwrap();
        assert_eq!(y.dim(), (1, 2, 2, 2), "one output channel per input channel");
        assert!(y.slice(s![0, 0, .., ..]).iter().all(|&v| v == -4.0), "{y}");
        assert!(y.slice(s![0, 1, .., ..]).iter().all(|&v| v == 4.5), "{y}");
        // Padding 1: the corner patch of channel 1 holds one pixel and three zeros.
        let y = depthwise_conv(x.view(), w.view(), b.view(), 1, 1).unwrap();
        assert_eq!((y[[0, 1, 0, 0]], y[[0, 1, 1, 1]]), (1.5, 4.5));
        // Sizes that do not fit are refused, as for the ordinary convolution.
        let err = depthwise_conv(x.view(), w.view(), b.view(), 2, 0).unwrap_err();
        assert!(matches!(err, ShapeError::DoesNotDivide { .. }), "{err}");
    }

    #[test]
    #[ignore = "exercise 7.4"]
    fn ex7_4_depthwise_is_an_ordinary_convolution_with_a_block_diagonal_filter() {
        let mut rng = seeded(74);
        for (shape, f, stride, pad) in
            [([2, 3, 6, 6], 3, 1, 1), ([1, 4, 7, 7], 3, 2, 1), ([2, 2, 5, 4], 2, 1, 0)]
        {
            let c = shape[1];
            let x = gaussian4(shape, &mut rng);
            let w = gaussian::<f64>(&[c, f, f], 1.0, &mut rng).into_dimensionality::<Ix3>().unwrap();
            let b = gaussian::<f64>(&[c], 1.0, &mut rng).into_dimensionality::<Ix1>().unwrap();
            let y = depthwise_conv(x.view(), w.view(), b.view(), stride, pad).unwrap();
            // C filters of C channels each, filter k zero except on its own channel k.
            let mut full = Array4::<f64>::zeros((c, c, f, f));
            for k in 0..c {
                full.slice_mut(s![k, k, .., ..]).assign(&w.slice(s![k, .., ..]));
            }
            let mut conv = Convolution::new(full, b.clone(), stride, pad);
            let expected = conv.forward(&x.clone().into_dyn(), false);
            assert_abs_diff_eq!(y.into_dyn(), expected, epsilon = 1e-12);
        }
    }

    // 7.5 ------------------------------------------------------------------------------
    /// The names and shapes of a network's parameters.
    fn param_shapes(net: &mut common::sequential::Sequential<f64>) -> Vec<(String, Vec<usize>)> {
        common::Net::params(net).into_iter().map(|p| (p.name, p.value.shape().to_vec())).collect()
    }

    #[test]
    #[ignore = "exercise 7.5"]
    fn ex7_5_a_batch_normalisation_follows_every_convolution_before_its_relu() {
        let mut net = plain_net_with_batch_norm::<f64>(6, &mut seeded(75));
        // Worked by hand for depth 6: the stem, two pairs (the second at 32 channels, stride 2).
        let expected: Vec<(String, Vec<usize>)> = [
            ("W1", vec![16, 1, 3, 3]),
            ("b1", vec![16]),
            ("gamma2", vec![16 * 26 * 26]),
            ("beta2", vec![16 * 26 * 26]),
            ("W3", vec![16, 16, 3, 3]),
            ("b3", vec![16]),
            ("gamma4", vec![16 * 13 * 13]),
            ("beta4", vec![16 * 13 * 13]),
            ("W5", vec![16, 16, 3, 3]),
            ("b5", vec![16]),
            ("gamma6", vec![16 * 13 * 13]),
            ("beta6", vec![16 * 13 * 13]),
            ("W7", vec![32, 16, 3, 3]),
            ("b7", vec![32]),
            ("gamma8", vec![32 * 7 * 7]),
            ("beta8", vec![32 * 7 * 7]),
            ("W9", vec![32, 32, 3, 3]),
            ("b9", vec![32]),
            ("gamma10", vec![32 * 7 * 7]),
            ("beta10", vec![32 * 7 * 7]),
            ("W11", vec![32 * 7 * 7, 10]),
            ("b11", vec![10]),
        ]
        .into_iter()
        .map(|(k, s)| (k.to_string(), s))
        .collect();
        assert_eq!(param_shapes(&mut net), expected);
        // Layer by layer in training mode: what a BN gives has mean 0 over the batch for every
        // feature, and the layer after it is a ReLU, max(x, 0).
        let mut x = gaussian::<f64>(&[4, 1, 28, 28], 1.0, &mut seeded(76));
        let mut after_bn = 0;
        for i in 0..net.layers.len() {
            let names: Vec<String> = net.layers[i].1.params().into_iter().map(|p| p.name).collect();
            let y = net.layers[i].1.forward(&x, true);
            if names.first().is_some_and(|n| n == "gamma") {
                let rows = y.view().into_shape_with_order((4, y.len() / 4)).unwrap();
                let worst = rows.mean_axis(Axis(0)).unwrap().iter().fold(0.0f64, |m, v| m.max(v.abs()));
                assert!(worst < 1e-9, "layer {i}: batch means up to {worst:e}");
                let z = net.layers[i + 1].1.forward(&y, true);
                assert_eq!(z, y.mapv(|v| v.max(0.0)), "layer {} is a ReLU", i + 1);
                after_bn += 1;
            }
            x = y;
        }
        assert_eq!(after_bn, 5, "five convolutions, five batch normalisations");
        assert_eq!(x.shape(), &[4, 10]);
    }

    #[test]
    #[ignore = "exercise 7.5"]
    fn ex7_5_its_backward_matches_numerical_gradients() {
        let mut net = plain_net_with_batch_norm::<f64>(4, &mut seeded(77));
        let x = gaussian::<f64>(&[3, 1, 28, 28], 1.0, &mut seeded(78));
        let labels = ndarray::arr1(&[2usize, 7, 1]);
        let t = common::Targets::Labels(labels.view());
        common::Net::gradient(&mut net, &x, t);
        let analytic = common::Net::grads(&mut net);
        // The affine layer and the last batch normalisation's shift (the layers a probe of
        // size h moves without crossing a ReLU's kink).
        let last = analytic.len();
        for i in [last - 1, last - 2, last - 3] {
            let numeric = common::gradient::numerical_gradient_by(
                &mut net,
                |net| common::Net::params(net).into_iter().nth(i).unwrap().value,
                |net| common::Net::loss(net, &x, t, true),
            );
            let diff = common::gradient::max_abs_diff(&analytic[i].1, &numeric);
            assert!(diff < 1e-6, "{}: {diff:e}", analytic[i].0);
        }
    }

    // 7.6 ------------------------------------------------------------------------------
    #[test]
    #[ignore = "exercise 7.6"]
    fn ex7_6_two_3x3_convolutions_see_what_a_5x5_sees_with_fewer_weights_and_multiply_adds() {
        use crate::architectures::receptive_field::table;
        let mut net = lenet_with_3x3_pairs::<f64>(&mut seeded(79));
        let rows = table(&mut net, &[1, 28, 28]).unwrap();
        let outputs: Vec<Vec<usize>> = rows.iter().map(|r| r.output.clone()).collect();
        assert_eq!(outputs[4], vec![6, 14, 14], "after the first pair and its pooling, LeNet's shape");
        assert_eq!(outputs[9], vec![16, 5, 5], "after the second, too");
        assert_eq!(outputs.last().unwrap(), &vec![10]);
        // Receptive fields worked by hand: 3, 5, then ×2 after each pooling.
        let fields: Vec<Option<usize>> = rows.iter().take(10).map(|r| r.receptive_field).collect();
        let expected = [3, 3, 5, 5, 6, 10, 10, 14, 14, 16].map(Some);
        assert_eq!(fields, expected, "LeNet's 5×5 pairs reach 16×16 too");
        // Weights and biases, by hand: 9·1·1 + 1, 9·1·6 + 6, 9·6·6 + 6, 9·6·16 + 16, then the
        // affine layers 400·120 + 120, 120·84 + 84, 84·10 + 10.
        let params: Vec<usize> = rows.iter().map(|r| r.params).filter(|&p| p > 0).collect();
        assert_eq!(params, [10, 60, 330, 880, 48_120, 10_164, 850]);
        // Multiply-adds per image: 9·784, 6·9·784, 6·6·9·144, 16·6·9·100, 48,000 + 10,080 + 840,
        // against LeNet's 6·25·784 + 16·6·25·100 + the same affine 58,920.
        let macs: u64 = rows.iter().map(|r| r.multiply_adds).sum();
        assert_eq!(macs, 7_056 + 42_336 + 46_656 + 86_400 + 58_920);
        assert!(macs < 117_600 + 240_000 + 58_920);
    }

    #[test]
    #[ignore = "exercise 7.6"]
    fn ex7_6_the_3x3_lenet_learns_mnist_like_lenet() {
        use crate::architectures::lenet::{LeNetKind, lenet};
        use crate::train::{TrainSettings, train};
        let mnist = common::data::mnist_for_tests::<f32>(common::data::LoadOptions {
            flatten: false,
            ..Default::default()
        });
        let (x, t) = common::data::head(&mnist.x_train, mnist.t_train.view(), Some(5000));
        let data = common::data::TrainData {
            x_train: &x,
            t_train: t.view(),
            x_test: &mnist.x_test,
            t_test: mnist.t_test.view(),
        };
        let settings = TrainSettings { epochs: 2, progress: false, ..TrainSettings::default() };
        let mut pairs = lenet_with_3x3_pairs::<f32>(&mut seeded(80));
        let mut original = lenet::<f32>(LeNetKind::Modern, &mut seeded(80));
        let pairs_acc = train(&mut pairs, data, &settings, |_, _| {}).unwrap().final_test_acc;
        let lenet_acc = train(&mut original, data, &settings, |_, _| {}).unwrap().final_test_acc;
        eprintln!("2 epochs on 5,000 images: 3×3 pairs {pairs_acc:.4}, LeNet-5 {lenet_acc:.4}");
        assert!(pairs_acc > 0.9 && lenet_acc > 0.9, "{pairs_acc} {lenet_acc}");
    }
}
