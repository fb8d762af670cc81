//! Reference solutions of chapter 5's exercises (built with `--features solutions`).

use ndarray::{Array1, Array2, ArrayD, Axis, IxDyn, Zip};

use common::layers::Param;
use common::linalg::{flatten_rows, matmul, view2};
use common::{Float, Layer, Targets};

use super::{AppleOrangeGrads, small_net};
use crate::gradient_check::{first_rows, gradient_check};
use crate::layer_naive::{AddLayer, MulLayer};

// ---------------------------------------------------------------------------------------
// Exercise 5.1: the backward pass of the apple-and-orange graph.

// ANCHOR: ex5_1
/// The book's apple-and-orange graph: the forward pass is done; return the gradients of the
/// price with respect to apple_num, apple, orange, orange_num and tax.
pub fn buy_apple_orange_backward() -> AppleOrangeGrads {
    let (apple, apple_num, orange, orange_num, tax) = (100.0, 2.0, 150.0, 3.0, 1.1);
    let mut mul_apple_layer = MulLayer::new();
    let mut mul_orange_layer = MulLayer::new();
    let mut add_apple_orange_layer = AddLayer::new();
    let mut mul_tax_layer = MulLayer::new();

    let apple_price = mul_apple_layer.forward(apple, apple_num);
    let orange_price = mul_orange_layer.forward(orange, orange_num);
    let all_price = add_apple_orange_layer.forward(apple_price, orange_price);
    let _price = mul_tax_layer.forward(all_price, tax);

    let dprice = 1.0;
    let (dall_price, dtax) = mul_tax_layer.backward(dprice);
    let (dapple_price, dorange_price) = add_apple_orange_layer.backward(dall_price);
    let (dorange, dorange_num) = mul_orange_layer.backward(dorange_price);
    let (dapple, dapple_num) = mul_apple_layer.backward(dapple_price);
    AppleOrangeGrads { dapple_num, dapple, dorange, dorange_num, dtax }
}
// ANCHOR_END: ex5_1

// ---------------------------------------------------------------------------------------
// Exercise 5.2: Sigmoid::backward.

// ANCHOR: ex5_2
/// A copy of the sigmoid layer whose backward pass is yours to write.
#[derive(Debug, Default, Clone)]
pub struct ExSigmoid<F> {
    out: Option<ArrayD<F>>, // y, kept for backward
}

impl<F: Float> ExSigmoid<F> {
    /// A new sigmoid layer.
    pub fn new() -> Self {
        ExSigmoid { out: None }
    }
}

impl<F: Float> Layer<F> for ExSigmoid<F> {
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        let out = x.mapv(|v| F::one() / (F::one() + (-v).exp()));
        self.out = Some(out.clone());
        out
    }

    /// dx = dout · y · (1 − y)
    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let y = self.out.as_ref().expect("backward called before forward");
        Zip::from(dout).and(y).map_collect(|&d, &y| d * (F::one() - y) * y)
    }
}
// ANCHOR_END: ex5_2

// ---------------------------------------------------------------------------------------
// Exercise 5.3: a Tanh layer.

// ANCHOR: ex5_3
/// tanh as a layer: y = tanh(x), dx = dout · (1 − y²).
#[derive(Debug, Default, Clone)]
pub struct Tanh<F> {
    out: Option<ArrayD<F>>, // y, kept for backward
}

impl<F: Float> Tanh<F> {
    /// A new tanh layer.
    pub fn new() -> Self {
        Tanh { out: None }
    }
}

impl<F: Float> Layer<F> for Tanh<F> {
    /// y = tanh(x); keep y for backward.
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        let out = x.mapv(|v| v.tanh());
        self.out = Some(out.clone());
        out
    }

    /// dx = dout · (1 − y²)
    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let y = self.out.as_ref().expect("backward called before forward");
        Zip::from(dout).and(y).map_collect(|&d, &y| d * (F::one() - y * y))
    }
}
// ANCHOR_END: ex5_3

// ---------------------------------------------------------------------------------------
// Exercise 5.4: Affine::backward.

// ANCHOR: ex5_4
/// A copy of the affine layer whose backward pass is yours to write.
#[derive(Debug, Clone)]
pub struct ExAffine<F> {
    pub w: ArrayD<F>,             // (D, M)
    pub b: ArrayD<F>,             // (M,)
    pub dw: ArrayD<F>,            // (D, M)
    pub db: ArrayD<F>,            // (M,)
    x: Option<Array2<F>>,         // the input, flattened to (N, D)
    original_x_shape: Vec<usize>, // to give dx back in the input's shape
}

impl<F: Float> ExAffine<F> {
    /// An affine layer with weights W (D, M) and bias b (M,).
    pub fn new(w: Array2<F>, b: Array1<F>) -> Self {
        let (dw, db) = (ArrayD::zeros(IxDyn(w.shape())), ArrayD::zeros(IxDyn(b.shape())));
        ExAffine { w: w.into_dyn(), b: b.into_dyn(), dw, db, x: None, original_x_shape: Vec::new() }
    }
}

impl<F: Float> Layer<F> for ExAffine<F> {
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        self.original_x_shape = x.shape().to_vec();
        let x = flatten_rows(x); // (N, D)
        let out = matmul(x.view(), view2(&self.w)) + &self.b; // (N, M)
        self.x = Some(x);
        out.into_dyn()
    }

    /// dx = dout·Wᵀ (in x's original shape), dW = xᵀ·dout, db = Σₙ dout[n].
    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let x = self.x.as_ref().expect("backward called before forward");
        let dout = view2(dout); // (N, M)
        let dx = matmul(dout, view2(&self.w).t()); // (N, D)
        self.dw = matmul(x.t(), dout).into_dyn(); // (D, M)
        self.db = dout.sum_axis(Axis(0)).into_dyn(); // (M,)
        dx.into_shape_with_order(IxDyn(&self.original_x_shape)).expect("dx has x's size")
    }

    fn params(&mut self) -> Vec<Param<'_, F>> {
        vec![Param::new("W", &mut self.w, &self.dw), Param::new("b", &mut self.b, &self.db)]
    }
}
// ANCHOR_END: ex5_4

// ---------------------------------------------------------------------------------------
// Exercise 5.5: the gradient check in f32.

// ANCHOR: ex5_5
/// The gradient check of `small_net` on `x`, in `f32`: as `gradient_check_f64`, with the
/// network and the data in single precision.
pub fn gradient_check_f32(x: &ArrayD<f64>, labels: &Array1<usize>) -> Vec<(String, f64)> {
    let mut net = small_net::<f32>();
    let x32 = first_rows::<f64, f32>(x, x.shape()[0]);
    gradient_check(&mut net, &x32, Targets::Labels(labels.view()))
}
// ANCHOR_END: ex5_5
