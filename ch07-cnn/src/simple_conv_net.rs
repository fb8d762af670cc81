//! SimpleConvNet: the book's convolutional network for MNIST.
//!
//! ```text
//! x (N, 1, 28, 28)
//!  → Conv1   30 filters 5×5, stride 1, pad 0   (N, 30, 24, 24)
//!  → ReLU1                                     (N, 30, 24, 24)
//!  → Pool1   max 2×2, stride 2                 (N, 30, 12, 12)
//!  → Affine1 4320 → 100   (the pooled maps flattened row-major: 30·12·12 = 4320)
//!  → ReLU2                                     (N, 100)
//!  → Affine2 100 → 10                          (N, 10)
//!  → SoftmaxWithLoss
//! ```
//!
//! The parameters are named and laid out as the book's `params` dict: W1 (30, 1, 5, 5),
//! b1 (30,), W2 (4320, 100), b2 (100,), W3 (100, 10), b3 (10,), so weights trained by the
//! Python book load here and ours load there.

use ndarray::{Array1, Array2, Array4, ArrayD};
use rand::Rng;

use common::im2col::{ShapeError, output_size};
use common::init::gaussian;
use common::kernels::{self, conv_relu_pool::ConvReluPoolKernel};
use common::layers::{Affine, Convolution, Pooling, Relu, SoftmaxWithLoss};
use common::{Float, Layer, Net, Param, Targets};

/// The pooling window (and stride) after the convolution, as in the book: 2×2, stride 2.
pub const POOL: usize = 2;

// ANCHOR: conv_param
/// The convolution's settings: the book's `conv_param` dict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConvParam {
    /// FN: how many filters (output channels).
    pub filter_num: usize,
    /// FH = FW: each filter is filter_size × filter_size.
    pub filter_size: usize,
    /// P: zero padding around the input.
    pub pad: usize,
    /// S: how far the filter moves between positions.
    pub stride: usize,
}

impl Default for ConvParam {
    /// The book's: 30 filters of 5×5, pad 0, stride 1.
    fn default() -> Self {
        ConvParam { filter_num: 30, filter_size: 5, pad: 0, stride: 1 }
    }
}
// ANCHOR_END: conv_param

/// The shape and settings of a [`SimpleConvNet`]: the book's constructor arguments.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimpleConvNetConfig {
    /// (C, H, W) of one input image.
    pub input_dim: (usize, usize, usize),
    /// The convolution's settings.
    pub conv_param: ConvParam,
    /// Units of the hidden affine layer.
    pub hidden_size: usize,
    /// Classes.
    pub output_size: usize,
    /// Standard deviation of the initial weights (the biases start at 0).
    pub weight_init_std: f64,
}

impl Default for SimpleConvNetConfig {
    /// The book's network for MNIST: (1, 28, 28) in, 30 filters 5×5, 100 hidden, 10 out,
    /// weights drawn with std 0.01.
    fn default() -> Self {
        SimpleConvNetConfig {
            input_dim: (1, 28, 28),
            conv_param: ConvParam::default(),
            hidden_size: 100,
            output_size: 10,
            weight_init_std: 0.01,
        }
    }
}

/// A network that cannot be built as asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConvNetError {
    /// The convolution or the pooling does not tile its input exactly.
    #[error("SimpleConvNet for input {input:?}: {error}")]
    Shape { input: (usize, usize, usize), error: ShapeError },
    /// A layer with no units, filters or channels.
    #[error("SimpleConvNet: {0} must be at least 1")]
    Zero(&'static str),
    /// The standard deviation of the initial weights is negative or not a number.
    #[error("SimpleConvNet: the initial weights' standard deviation must be a finite number ≥ 0, got {0}")]
    WeightStd(f64),
}

// ANCHOR: shapes
/// The size of the data after each layer, for one image (the batch axis N is left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shapes {
    /// After the convolution (and its ReLU): (FN, OH, OW).
    pub conv: (usize, usize, usize),
    /// After the pooling: (FN, OH/2, OW/2).
    pub pool: (usize, usize, usize),
    /// The pooled maps flattened: FN·(OH/2)·(OW/2), the first affine layer's input.
    pub pool_output_size: usize,
}

impl SimpleConvNetConfig {
    /// The shapes after each layer, or why the sizes do not fit together:
    /// OH = (H + 2P − FH) / S + 1 for the convolution, then (OH − 2) / 2 + 1 for the pooling,
    /// each division exact.
    pub fn shapes(&self) -> Result<Shapes, ConvNetError> {
        let (c, h, w) = self.input_dim;
        let ConvParam { filter_num, filter_size, pad, stride } = self.conv_param;
        for (name, v) in [
            ("the input's channels, height and width", c.min(h).min(w)),
            ("filter_num", filter_num),
            ("filter_size", filter_size),
            ("hidden_size", self.hidden_size),
            ("output_size", self.output_size),
        ] {
            if v == 0 {
                return Err(ConvNetError::Zero(name));
            }
        }
        if !(self.weight_init_std.is_finite() && self.weight_init_std >= 0.0) {
            return Err(ConvNetError::WeightStd(self.weight_init_std));
        }
        let shape_error = |error| ConvNetError::Shape { input: self.input_dim, error };
        let conv_h =
            output_size("convolution", "height", h, filter_size, stride, pad).map_err(shape_error)?;
        let conv_w = output_size("convolution", "width", w, filter_size, stride, pad).map_err(shape_error)?;
        let pool_h = output_size("pooling", "height", conv_h, POOL, POOL, 0).map_err(shape_error)?;
        let pool_w = output_size("pooling", "width", conv_w, POOL, POOL, 0).map_err(shape_error)?;
        Ok(Shapes {
            conv: (filter_num, conv_h, conv_w),
            pool: (filter_num, pool_h, pool_w),
            pool_output_size: filter_num * pool_h * pool_w,
        })
    }
}
// ANCHOR_END: shapes

/// About how much memory training a [`SimpleConvNet`] takes, in bytes of `f32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryNeeds {
    /// The parameters, their gradients and the optimizer's state (Adam keeps two arrays per
    /// parameter): four copies.
    pub parameters: u64,
    /// The largest batch's arrays: what the layers keep for backward (the convolution's patches,
    /// the outputs and masks) and what the backward pass makes, for a training batch; the
    /// same without backward for a scoring batch.
    pub activations: u64,
}

impl MemoryNeeds {
    /// Both together.
    pub fn total(&self) -> u64 {
        self.parameters + self.activations
    }
}

impl SimpleConvNetConfig {
    /// The number of parameters: W1, b1, W2, b2, W3, b3.
    pub fn parameter_count(&self) -> Result<usize, ConvNetError> {
        let s = self.shapes()?;
        let (c, _, _) = self.input_dim;
        let ConvParam { filter_num: fn_, filter_size: f, .. } = self.conv_param;
        let (hidden, out) = (self.hidden_size, self.output_size);
        Ok(fn_ * c * f * f + fn_ + s.pool_output_size * hidden + hidden + hidden * out + out)
    }

    /// About how much memory training takes with `batch` images per step and `eval_batch`
    /// per scoring pass, computed from the layers' shapes before anything is allocated, so
    /// that a configuration too large for the machine is refused at once.
    pub fn memory_needs(&self, batch: usize, eval_batch: usize) -> Result<MemoryNeeds, ConvNetError> {
        let s = self.shapes()?;
        let (c, _, _) = self.input_dim;
        let f = self.conv_param.filter_size;
        let (fn_, oh, ow) = s.conv;
        let positions = (oh * ow) as u64;
        let conv = fn_ as u64 * positions; // one image's feature maps
        let patches = (c * f * f) as u64 * positions; // its im2col patches
        let small = s.pool_output_size as u64 * 3 + self.hidden_size as u64 * 4;
        // Forward: patches, convolution and ReLU outputs, the ReLU mask (a byte each), pooling.
        let forward = patches + 2 * conv + conv / 4 + small;
        // Backward adds the gradients of the ReLU and of the pooling, each a feature map.
        let train = forward + 2 * conv;
        let activations = (batch as u64 * train).max(eval_batch as u64 * forward);
        let bytes = std::mem::size_of::<f32>() as u64;
        Ok(MemoryNeeds {
            parameters: 4 * self.parameter_count()? as u64 * bytes,
            activations: activations * bytes,
        })
    }
}

// ANCHOR: simple_conv_net
/// Conv → ReLU → Pool → Affine → ReLU → Affine → SoftmaxWithLoss.
#[derive(Debug, Clone)]
pub struct SimpleConvNet<F> {
    /// What the network was built from.
    pub config: SimpleConvNetConfig,
    /// Conv1: W1 (FN, C, FH, FW), b1 (FN,).
    pub conv1: Convolution<F>,
    relu1: Relu<F>,
    /// Pool1: max 2×2, stride 2.
    pub pool1: Pooling<F>,
    /// Affine1: W2 (FN·PH·PW, hidden), b2 (hidden,).
    pub affine1: Affine<F>,
    relu2: Relu<F>,
    /// Affine2: W3 (hidden, classes), b3 (classes,).
    pub affine2: Affine<F>,
    last_layer: SoftmaxWithLoss<F>,
    fused: Option<ConvReluPoolKernel<F>>, // Conv1 → ReLU1 → Pool1 in one pass, if chosen (see `kernels`)
}

impl<F: Float> SimpleConvNet<F> {
    /// A network shaped by `config`, its weights drawn from N(0, std²) with `rng` (W1, then
    /// W2, then W3, as the book draws them), its biases 0. An error if the sizes do not fit
    /// (a 29×29 input, for example: its 25×25 feature maps do not split into 2×2 windows).
    pub fn new(config: SimpleConvNetConfig, rng: &mut impl Rng) -> Result<Self, ConvNetError> {
        let shapes = config.shapes()?;
        let (c, _, _) = config.input_dim;
        let ConvParam { filter_num, filter_size, pad, stride } = config.conv_param;
        let std = config.weight_init_std;
        let w1 = gaussian::<F>(&[filter_num, c, filter_size, filter_size], std, rng);
        let w2 = gaussian::<F>(&[shapes.pool_output_size, config.hidden_size], std, rng);
        let w3 = gaussian::<F>(&[config.hidden_size, config.output_size], std, rng);
        Ok(SimpleConvNet {
            config,
            // The first layer: nothing below it needs ∂L/∂x, so backward skips computing it.
            conv1: Convolution::new(into4(w1), Array1::zeros(filter_num), stride, pad).without_input_grad(),
            relu1: Relu::new(),
            pool1: Pooling::new(POOL, POOL, POOL, 0),
            affine1: Affine::new(into2(w2), Array1::zeros(config.hidden_size)),
            relu2: Relu::new(),
            affine2: Affine::new(into2(w3), Array1::zeros(config.output_size)),
            last_layer: SoftmaxWithLoss::new(),
            fused: kernels::fast_kernels().then(ConvReluPoolKernel::default),
        })
    }
}

impl<F: Float> Net<F> for SimpleConvNet<F> {
    /// The class scores (N, classes) for images x (N, C, H, W).
    fn predict(&mut self, x: &ArrayD<F>, train: bool) -> ArrayD<F> {
        let x = self.conv_relu_pool(x, train); // (N, FN, OH/2, OW/2)
        let x = self.affine1.forward(&x, train); // (N, hidden): the maps flattened row-major
        let x = self.relu2.forward(&x, train);
        self.affine2.forward(&x, train) // (N, classes)
    }

    fn loss(&mut self, x: &ArrayD<F>, t: Targets<'_, F>, train: bool) -> F {
        let y = self.predict(x, train);
        self.last_layer.forward(&y, t)
    }

    /// Forward, then every layer's backward in reverse order.
    fn gradient(&mut self, x: &ArrayD<F>, t: Targets<'_, F>) -> F {
        let loss = self.loss(x, t, true);
        let dout = self.last_layer.backward(); // (N, classes)
        let dout = self.affine2.backward(&dout); // (N, hidden)
        let dout = self.relu2.backward(&dout);
        let dout = self.affine1.backward(&dout); // (N, FN, OH/2, OW/2)
        self.conv_relu_pool_backward(&dout); // fills dW1, db1
        loss
    }

    /// W1, b1 (Conv1), W2, b2 (Affine1), W3, b3 (Affine2).
    fn params(&mut self) -> Vec<Param<'_, F>> {
        let mut params = Vec::with_capacity(6);
        params.extend(self.conv1.params().into_iter().map(|p| p.numbered(1)));
        params.extend(self.affine1.params().into_iter().map(|p| p.numbered(2)));
        params.extend(self.affine2.params().into_iter().map(|p| p.numbered(3)));
        params
    }
}
// ANCHOR_END: simple_conv_net

impl<F: Float> SimpleConvNet<F> {
    /// Conv1 → ReLU1 → Pool1, (N, C, H, W) → (N, FN, OH/2, OW/2): the book's three layers, or,
    /// when the fast kernels are on, one pass per image that computes the same numbers
    /// ([`common::kernels::conv_relu_pool`]).
    fn conv_relu_pool(&mut self, x: &ArrayD<F>, train: bool) -> ArrayD<F> {
        if let Some(fused) = &mut self.fused {
            let win = self.conv1.window(x.shape()).unwrap_or_else(|e| panic!("{e}"));
            return fused.forward(x, &self.conv1.w, &self.conv1.b, win, train);
        }
        let x = self.conv1.forward(x, train); // (N, FN, OH, OW)
        let x = self.relu1.forward(&x, train);
        self.pool1.forward(&x, train)
    }

    /// The backward pass of [`Self::conv_relu_pool`]: fills dW1 and db1 (∂L/∂x, which no layer
    /// needs, is not computed).
    fn conv_relu_pool_backward(&mut self, dout: &ArrayD<F>) {
        if let Some(fused) = &mut self.fused {
            let (_, dw, db) = fused.backward(dout, &self.conv1.w, false);
            (self.conv1.dw, self.conv1.db) = (dw, db);
            return;
        }
        let dout = self.pool1.backward(dout); // (N, FN, OH, OW)
        let dout = self.relu1.backward(&dout);
        self.conv1.backward(&dout);
    }

    /// The same network computing with the book's code only (every layer's book form, no fused
    /// pass), whatever [`kernels::fast_kernels`] says.
    pub fn book_form(mut self) -> Self {
        self.fused = None;
        self.conv1 = self.conv1.book_form();
        self.pool1 = self.pool1.book_form();
        self.affine1 = self.affine1.book_form();
        self.affine2 = self.affine2.book_form();
        self
    }
}

/// A 4-D array drawn as `ArrayD`.
fn into4<F: Float>(a: ArrayD<F>) -> Array4<F> {
    a.into_dimensionality().expect("drawn 4-D")
}

/// A 2-D array drawn as `ArrayD`.
fn into2<F: Float>(a: ArrayD<F>) -> Array2<F> {
    a.into_dimensionality().expect("drawn 2-D")
}

impl<F: Float> SimpleConvNet<F> {
    /// Whether a batch of shape `shape` fits: (N, C, H, W) with the network's (C, H, W).
    pub fn check_input(&self, shape: &[usize]) -> Result<(), ShapeError> {
        let (c, h, w) = self.config.input_dim;
        match shape {
            &[_, c2, h2, w2] if (c2, h2, w2) == (c, h, w) => Ok(()),
            _ => Err(ShapeError::WrongInput {
                what: "SimpleConvNet".into(),
                expected: format!("images of shape (N, {c}, {h}, {w})"),
                found: shape.to_vec(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::gradient::max_abs_diff;
    use common::rng::seeded;
    use ndarray::{Axis, arr1};

    fn small(seed: u64) -> SimpleConvNet<f64> {
        let config = SimpleConvNetConfig {
            input_dim: (2, 8, 8),
            conv_param: ConvParam { filter_num: 3, filter_size: 3, pad: 1, stride: 1 },
            hidden_size: 6,
            output_size: 4,
            weight_init_std: 0.3,
        };
        SimpleConvNet::new(config, &mut seeded(seed)).unwrap()
    }

    #[test]
    fn simple_conv_net_has_the_books_parameter_names_and_shapes() {
        let mut net = SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(1)).unwrap();
        let shapes: Vec<(String, Vec<usize>)> =
            net.params().into_iter().map(|p| (p.name, p.value.shape().to_vec())).collect();
        let expected = [
            ("W1", vec![30, 1, 5, 5]),
            ("b1", vec![30]),
            ("W2", vec![4320, 100]),
            ("b2", vec![100]),
            ("W3", vec![100, 10]),
            ("b3", vec![10]),
        ];
        assert_eq!(shapes, expected.map(|(k, s)| (k.to_string(), s)).to_vec());
        let shapes = SimpleConvNetConfig::default().shapes().unwrap();
        assert_eq!(shapes, Shapes { conv: (30, 24, 24), pool: (30, 12, 12), pool_output_size: 4320 });
    }

    #[test]
    fn simple_conv_net_predicts_scores_of_shape_n_by_classes() {
        let mut net = SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(1)).unwrap();
        let x = gaussian::<f32>(&[3, 1, 28, 28], 1.0, &mut seeded(2));
        assert_eq!(net.predict(&x, false).shape(), &[3, 10]);
        assert_eq!(net.predict_labels(&x, 2).len(), 3);
        // Weights drawn with std 0.01 and zero biases: the loss starts near ln 10.
        let t = arr1(&[0usize, 1, 2]);
        let loss = net.loss(&x, Targets::Labels(t.view()), false);
        assert!((loss - 10f32.ln()).abs() < 0.01, "{loss}");
    }

    #[test]
    fn simple_conv_net_refuses_sizes_that_do_not_divide() {
        // 29×29 → conv 5×5 → 25×25, which 2×2 windows with stride 2 do not tile.
        let config = SimpleConvNetConfig { input_dim: (1, 29, 29), ..Default::default() };
        let err = SimpleConvNet::<f32>::new(config, &mut seeded(0)).unwrap_err();
        assert!(
            matches!(err, ConvNetError::Shape { error: ShapeError::DoesNotDivide { span: 23, .. }, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("pooling") && err.to_string().contains("does not divide"), "{err}");
        // Stride 2 on 28×28 with 5×5 filters: (28 − 5) / 2 is not whole.
        let config = SimpleConvNetConfig {
            conv_param: ConvParam { stride: 2, ..Default::default() },
            ..Default::default()
        };
        let err = SimpleConvNet::<f32>::new(config, &mut seeded(0)).unwrap_err();
        assert!(err.to_string().contains("convolution"), "{err}");
        let config = SimpleConvNetConfig { hidden_size: 0, ..Default::default() };
        assert_eq!(
            SimpleConvNet::<f32>::new(config, &mut seeded(0)).unwrap_err(),
            ConvNetError::Zero("hidden_size")
        );
        // Padding 2 keeps 28×28: the affine input grows to 30·14·14.
        let config = SimpleConvNetConfig {
            conv_param: ConvParam { pad: 2, ..Default::default() },
            ..Default::default()
        };
        assert_eq!(config.shapes().unwrap().pool_output_size, 30 * 14 * 14);
    }

    #[test]
    fn simple_conv_net_backprop_matches_numerical_gradient() {
        let mut net = small(3);
        let x = gaussian::<f64>(&[2, 2, 8, 8], 1.0, &mut seeded(4));
        let t = arr1(&[1usize, 3]);
        let numeric = net.numerical_gradient(&x, Targets::Labels(t.view()));
        net.gradient(&x, Targets::Labels(t.view()));
        for ((name, n), (name2, a)) in numeric.iter().zip(net.grads()) {
            assert_eq!(*name, name2);
            let diff = max_abs_diff(n, &a);
            assert!(diff < 1e-7, "{name}: max |backprop − numerical| = {diff:e}");
        }
    }

    #[test]
    fn simple_conv_net_flattens_pooled_maps_row_major_as_numpy_reshape_does() {
        // W2's row k must multiply pooled value (c, y, x) with k = (c·PH + y)·PW + x.
        let mut net = small(5);
        let x = gaussian::<f64>(&[1, 2, 8, 8], 1.0, &mut seeded(6));
        let conv = net.conv1.forward(&x, false).mapv(|v| v.max(0.0));
        let pooled = net.pool1.forward(&conv, false); // (1, 3, 4, 4)
        let w2 = net.affine1.w.clone();
        let mut hidden = net.affine1.b.clone().into_dimensionality::<ndarray::Ix1>().unwrap();
        for ((_, c, y, x_), &v) in
            pooled.clone().into_dimensionality::<ndarray::Ix4>().unwrap().indexed_iter()
        {
            let k = (c * 4 + y) * 4 + x_;
            for j in 0..hidden.len() {
                hidden[j] += v * w2[[k, j]];
            }
        }
        let ours = net.affine1.forward(&pooled, false);
        let diff = max_abs_diff(&ours, &hidden.insert_axis(Axis(0)).into_dyn());
        assert!(diff < 1e-12, "{diff}");
    }

    #[test]
    fn the_fast_kernels_give_the_book_forms_scores_and_gradients() {
        let config = SimpleConvNetConfig { weight_init_std: 0.1, ..SimpleConvNetConfig::default() };
        let mut fast = SimpleConvNet::<f64>::new(config, &mut seeded(9)).unwrap();
        let mut book = fast.clone().book_form();
        assert!(fast.fused.is_some() || !common::kernels::fast_kernels());
        let x = gaussian::<f64>(&[7, 1, 28, 28], 1.0, &mut seeded(10)).mapv(f64::abs);
        let labels = arr1(&[0usize, 1, 2, 3, 4, 5, 6]);
        let t = Targets::Labels(labels.view());
        assert!((fast.gradient(&x, t) - book.gradient(&x, t)).abs() < 1e-12);
        for ((name, a), (_, b)) in fast.grads().iter().zip(book.grads()) {
            let scale = b.iter().fold(1.0f64, |m, v| m.max(v.abs()));
            assert!(max_abs_diff(a, &b) < 1e-10 * scale, "{name}");
        }
    }
}
