//! The book's two-layer network for MNIST (chapter 4 version): 784 → 50 (sigmoid) → 10
//! (softmax), with a numerical gradient and a hand-written analytic one.
//!
//! No layers yet (they are chapter 5's idea): the forward pass is four lines and the gradient
//! is worked out by hand for this one network.

use ndarray::{Array2, ArrayD, ArrayView1, ArrayView2, Axis, Ix1};
use rand::Rng;

use common::functions::{cross_entropy_error, cross_entropy_error_labels, sigmoid, softmax};
use common::gradient::numerical_gradient_by;
use common::init::gaussian;
use common::linalg::{matmul, rows_view, view2};
use common::{Float, Net, Param, Targets};

// ANCHOR: params
/// The four parameter arrays of the network, named as the book's `params` dictionary.
/// The same struct holds their gradients (`grads['W1']` is `grads.w1`).
#[derive(Debug, Clone)]
pub struct Params<F> {
    /// First layer's weights, (input, hidden).
    pub w1: ArrayD<F>,
    /// First layer's bias, (hidden,).
    pub b1: ArrayD<F>,
    /// Second layer's weights, (hidden, output).
    pub w2: ArrayD<F>,
    /// Second layer's bias, (output,).
    pub b2: ArrayD<F>,
}
// ANCHOR_END: params

impl<F: Float> Params<F> {
    /// Arrays of zeros shaped like `self`.
    pub fn zeros_like(&self) -> Self {
        let z = |a: &ArrayD<F>| ArrayD::zeros(a.raw_dim());
        Params { w1: z(&self.w1), b1: z(&self.b1), w2: z(&self.w2), b2: z(&self.b2) }
    }

    /// The arrays with their book names, in the book's order.
    pub fn named(&self) -> [(&'static str, &ArrayD<F>); 4] {
        [("W1", &self.w1), ("b1", &self.b1), ("W2", &self.w2), ("b2", &self.b2)]
    }
}

// ANCHOR: two_layer_net
/// y = softmax(sigmoid(x·W1 + b1)·W2 + b2).
#[derive(Debug, Clone)]
pub struct TwoLayerNet<F> {
    /// W1, b1, W2, b2.
    pub params: Params<F>,
    /// ∂L/∂(W1, b1, W2, b2) from the last [`Net::gradient`] call (what an optimizer reads).
    pub grads: Params<F>,
}

impl<F: Float> TwoLayerNet<F> {
    /// Weights from N(0, weight_init_std²) (the book uses 0.01), biases zero.
    pub fn new(
        input_size: usize,
        hidden_size: usize,
        output_size: usize,
        weight_init_std: f64,
        rng: &mut impl Rng,
    ) -> Self {
        let params = Params {
            w1: gaussian(&[input_size, hidden_size], weight_init_std, rng),
            b1: ArrayD::zeros(vec![hidden_size]),
            w2: gaussian(&[hidden_size, output_size], weight_init_std, rng),
            b2: ArrayD::zeros(vec![output_size]),
        };
        TwoLayerNet { grads: params.zeros_like(), params }
    }

    /// The class probabilities y for a batch x (N, input): softmax of the scores.
    pub fn predict(&self, x: ArrayView2<'_, F>) -> Array2<F> {
        softmax(&self.scores(x))
    }

    /// The scores a2 = sigmoid(x·W1 + b1)·W2 + b2, before softmax.
    pub fn scores(&self, x: ArrayView2<'_, F>) -> Array2<F> {
        let (w1, b1, w2, b2) = self.views();
        let a1 = matmul(x, w1) + b1; // (N, hidden)
        let z1 = sigmoid(&a1);
        matmul(z1.view(), w2) + b2 // (N, output)
    }

    /// The cross-entropy loss L of the batch x against its targets t.
    pub fn loss(&self, x: ArrayView2<'_, F>, t: Targets<'_, F>) -> F {
        let y = self.predict(x);
        cross_entropy(&y, t)
    }

    /// The fraction of x whose most probable class is the target's.
    pub fn accuracy(&self, x: ArrayView2<'_, F>, t: Targets<'_, F>) -> f64 {
        let y = self.scores(x); // softmax keeps the order, so the argmax of the scores will do
        common::functions::accuracy(&y, t.labels().view())
    }
}
// ANCHOR_END: two_layer_net

// ANCHOR: numerical_gradient
impl<F: Float> TwoLayerNet<F> {
    /// ∂L/∂(every parameter), by central differences: two forward passes for each of the
    /// network's numbers (79,520 passes for the book's 39,760 parameters).
    pub fn numerical_gradient(&mut self, x: ArrayView2<'_, F>, t: Targets<'_, F>) -> Params<F> {
        let loss_w = |net: &mut Self| Self::loss(net, x, t);
        Params {
            w1: numerical_gradient_by(self, |net| &mut net.params.w1, loss_w),
            b1: numerical_gradient_by(self, |net| &mut net.params.b1, loss_w),
            w2: numerical_gradient_by(self, |net| &mut net.params.w2, loss_w),
            b2: numerical_gradient_by(self, |net| &mut net.params.b2, loss_w),
        }
    }
}
// ANCHOR_END: numerical_gradient

// ANCHOR: gradient
impl<F: Float> TwoLayerNet<F> {
    /// ∂L/∂(every parameter), worked out by hand for this network (the book's fast
    /// `gradient`). Also returns the loss L, which the forward half computes anyway.
    ///
    /// dy  = (y − t) / N                      (N, output)   softmax + cross-entropy
    /// dW2 = z1ᵀ·dy,   db2 = Σₙ dy            a2 = z1·W2 + b2
    /// dz1 = dy·W2ᵀ                            (N, hidden)
    /// da1 = dz1 ⊙ z1 ⊙ (1 − z1)              sigmoid′(a) = σ(a)(1 − σ(a))
    /// dW1 = xᵀ·da1,   db1 = Σₙ da1           a1 = x·W1 + b1
    pub fn gradient(&self, x: ArrayView2<'_, F>, t: Targets<'_, F>) -> (Params<F>, F) {
        let (w1, b1, w2, b2) = self.views();
        let batch_num = F::lit(x.nrows() as f64);

        // forward
        let a1 = matmul(x, w1) + b1; // (N, hidden)
        let z1 = sigmoid(&a1);
        let a2 = matmul(z1.view(), w2) + b2; // (N, output)
        let y = softmax(&a2);
        let loss = cross_entropy(&y, t);

        // backward
        let dy = minus_targets(y, t) / batch_num; // (N, output)
        let dw2 = matmul(z1.t(), dy.view()); // (hidden, output)
        let db2 = dy.sum_axis(Axis(0));
        let dz1 = matmul(dy.view(), w2.t()); // (N, hidden)
        let da1 = dz1 * &z1.mapv(|s| s * (F::one() - s));
        let dw1 = matmul(x.t(), da1.view()); // (input, hidden)
        let db1 = da1.sum_axis(Axis(0));

        let grads = Params { w1: dw1.into_dyn(), b1: db1.into_dyn(), w2: dw2.into_dyn(), b2: db2.into_dyn() };
        (grads, loss)
    }
}
// ANCHOR_END: gradient

impl<F: Float> TwoLayerNet<F> {
    /// W1, b1, W2, b2 seen as the matrices and vectors they are.
    fn views(&self) -> (ArrayView2<'_, F>, ArrayView1<'_, F>, ArrayView2<'_, F>, ArrayView1<'_, F>) {
        let p = &self.params;
        (view2(&p.w1), view1(&p.b1), view2(&p.w2), view1(&p.b2))
    }
}

/// y − t, for one-hot rows or labels (subtract 1 at each row's correct class).
fn minus_targets<F: Float>(mut y: Array2<F>, t: Targets<'_, F>) -> Array2<F> {
    match t {
        Targets::OneHot(t) => y -= &t,
        Targets::Labels(t) => {
            for (n, &k) in t.iter().enumerate() {
                y[[n, k]] -= F::one();
            }
        }
    }
    y
}

/// Cross-entropy of probabilities y against one-hot or label targets.
fn cross_entropy<F: Float>(y: &Array2<F>, t: Targets<'_, F>) -> F {
    match t {
        Targets::OneHot(t) => cross_entropy_error(y, &t),
        Targets::Labels(t) => cross_entropy_error_labels(y.view(), t),
    }
}

/// A 1-D parameter array seen as a vector.
fn view1<F>(a: &ArrayD<F>) -> ArrayView1<'_, F> {
    a.view().into_dimensionality::<Ix1>().expect("a bias is 1-D")
}

// ANCHOR: net_impl
/// The common interface, so one training loop can drive this net and the later chapters'.
/// (`Net::predict` gives the scores before softmax; the book-named methods above are the
/// ones this chapter calls directly.)
impl<F: Float> Net<F> for TwoLayerNet<F> {
    fn predict(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        self.scores(rows_view(x).view()).into_dyn()
    }

    fn loss(&mut self, x: &ArrayD<F>, t: Targets<'_, F>, _train: bool) -> F {
        TwoLayerNet::loss(self, rows_view(x).view(), t)
    }

    fn gradient(&mut self, x: &ArrayD<F>, t: Targets<'_, F>) -> F {
        let (grads, loss) = TwoLayerNet::gradient(self, rows_view(x).view(), t);
        self.grads = grads;
        loss
    }

    fn params(&mut self) -> Vec<Param<'_, F>> {
        let (p, g) = (&mut self.params, &self.grads);
        vec![
            Param::new("W1", &mut p.w1, &g.w1),
            Param::new("b1", &mut p.b1, &g.b1),
            Param::new("W2", &mut p.w2, &g.w2),
            Param::new("b2", &mut p.b2, &g.b2),
        ]
    }
}
// ANCHOR_END: net_impl

#[cfg(test)]
mod tests {
    use super::*;
    use common::functions::one_hot;
    use common::gradient::max_abs_diff;
    use common::rng::seeded;
    use common::train_loop::{TrainConfig, train};
    use ndarray::{Array1, arr1, s};

    fn tiny_batch(rng: &mut impl Rng) -> (Array2<f64>, Array1<usize>) {
        let x = gaussian::<f64>(&[4, 6], 1.0, rng).into_dimensionality().unwrap();
        (x, arr1(&[0, 3, 1, 3]))
    }

    #[test]
    fn the_book_sizes_have_39760_parameters() {
        let mut net = TwoLayerNet::<f32>::new(784, 50, 10, 0.01, &mut seeded(0));
        assert_eq!(net.param_count(), 39_760, "784·50 + 50 + 50·10 + 10");
        assert_eq!(net.params.w1.shape(), &[784, 50]);
        assert_eq!(net.params.b2.shape(), &[10]);
    }

    #[test]
    fn analytic_gradient_agrees_with_numerical_in_f64() {
        let mut rng = seeded(5);
        // Weights large enough for sizeable gradients, small enough that no probability is
        // tiny (the loss's 1e-7 guard shifts the numerical gradient by about 1e-7 / y).
        let mut net = TwoLayerNet::<f64>::new(6, 5, 4, 0.3, &mut rng);
        net.params.b1 = gaussian(&[5], 0.3, &mut rng);
        net.params.b2 = gaussian(&[4], 0.3, &mut rng);
        let (x, labels) = tiny_batch(&mut rng);
        let t_hot = one_hot::<f64>(labels.view(), 4);
        for t in [Targets::Labels(labels.view()), Targets::OneHot(t_hot.view())] {
            let numerical = net.numerical_gradient(x.view(), t);
            let (analytic, loss) = net.gradient(x.view(), t);
            assert!((loss - net.loss(x.view(), t)).abs() < 1e-12);
            for ((name, a), (_, n)) in analytic.named().into_iter().zip(numerical.named()) {
                let diff = max_abs_diff(a, n);
                assert!(diff < 1e-6, "{name}: max |analytic − numerical| = {diff:e}");
            }
        }
    }

    #[test]
    fn the_net_trait_hands_out_the_gradients_gradient_computed() {
        let mut rng = seeded(6);
        let mut net = TwoLayerNet::<f64>::new(6, 5, 4, 0.5, &mut rng);
        let (x, labels) = tiny_batch(&mut rng);
        let t = Targets::Labels(labels.view());
        let (expected, expected_loss) = net.gradient(x.view(), t);
        let loss = Net::gradient(&mut net, &x.clone().into_dyn(), t);
        assert_eq!(loss, expected_loss);
        let names: Vec<String> = Net::params(&mut net).into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["W1", "b1", "W2", "b2"]);
        assert_eq!(net.grads.w1, expected.w1);
        // Net::accuracy batches the same prediction as the book's accuracy.
        let acc = Net::accuracy(&mut net, &x.clone().into_dyn(), t, 3);
        assert_eq!(acc, net.accuracy(x.view(), t));
    }

    #[test]
    fn the_books_loop_takes_it_past_85_percent_on_mnist_in_two_epochs() {
        let opts = common::data::LoadOptions { normalize: true, flatten: true, one_hot: true };
        let data = common::data::mnist_for_tests::<f32>(opts);
        let mut rng = seeded(1);
        let mut net = TwoLayerNet::<f32>::new(784, 50, 10, 0.01, &mut rng);
        let cfg = TrainConfig { iters_num: 1200, ..TrainConfig::book(60_000) };
        let history = train(&mut net, (&data).into(), &cfg, &mut rng, |_| {}).unwrap();
        assert_eq!(history.train_loss.len(), 1200);
        assert_eq!(history.epochs.iter().map(|r| r.iteration).collect::<Vec<_>>(), [0, 600]);
        let first = &history.epochs[0];
        assert!(first.test_acc < 0.3, "an untrained net guesses: {first:?}");
        let x_test = data.x_test.view().into_dimensionality().unwrap();
        let test_acc = net.accuracy(x_test, data.t_test.view());
        assert!(test_acc > 0.85, "test accuracy after 1200 steps: {test_acc}");
        let losses = ndarray::aview1(&history.train_loss);
        let early = losses.slice(s![..50]).mean().unwrap();
        let late = losses.slice(s![1150..]).mean().unwrap();
        assert!(late < early / 3.0, "the loss falls: {early} → {late}");
    }
}
