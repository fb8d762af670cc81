//! The two-layer network of chapter 4 again, now built from layers and differentiated by
//! backpropagation: Affine1 → Relu1 → Affine2 → SoftmaxWithLoss.

use ndarray::{Array1, Array2, ArrayD};
use rand::Rng;

use common::init::gaussian;
use common::layers::{Affine, Relu, SoftmaxWithLoss};
use common::{Float, Layer, Net, Param, Targets};

// ANCHOR: two_layer_net
/// A 2-layer network (one hidden layer) for classification, as a list of layers.
///
/// The layers sit in a `Vec`, in order, like the book's `OrderedDict`: the forward pass
/// walks the list, the backward pass walks it in reverse. The loss layer stands apart
/// because only training needs it.
pub struct TwoLayerNet<F: Float> {
    /// ("Affine1", …), ("Relu1", …), ("Affine2", …)
    pub layers: Vec<(&'static str, Box<dyn Layer<F>>)>,
    /// Softmax and cross-entropy, the last node during training.
    pub last_layer: SoftmaxWithLoss<F>,
}

impl<F: Float> TwoLayerNet<F> {
    /// W ~ N(0, weight_init_std²), b = 0, as the book initialises them.
    pub fn new(
        input_size: usize,
        hidden_size: usize,
        output_size: usize,
        weight_init_std: f64,
        rng: &mut impl Rng,
    ) -> Self {
        let w1: Array2<F> = to2(gaussian(&[input_size, hidden_size], weight_init_std, rng));
        let b1 = Array1::zeros(hidden_size);
        let w2: Array2<F> = to2(gaussian(&[hidden_size, output_size], weight_init_std, rng));
        let b2 = Array1::zeros(output_size);
        TwoLayerNet {
            layers: vec![
                // The first layer: nothing below it needs ∂L/∂x, so backward skips it.
                ("Affine1", Box::new(Affine::new(w1, b1).without_input_grad())),
                ("Relu1", Box::new(Relu::new())),
                ("Affine2", Box::new(Affine::new(w2, b2))),
            ],
            last_layer: SoftmaxWithLoss::new(),
        }
    }
}
// ANCHOR_END: two_layer_net

// ANCHOR: net_impl
impl<F: Float> Net<F> for TwoLayerNet<F> {
    /// The scores: x through every layer, in order.
    fn predict(&mut self, x: &ArrayD<F>, train: bool) -> ArrayD<F> {
        let mut x = x.clone();
        for (_, layer) in &mut self.layers {
            x = layer.forward(&x, train);
        }
        x
    }

    /// L = SoftmaxWithLoss(predict(x), t).
    fn loss(&mut self, x: &ArrayD<F>, t: Targets<'_, F>, train: bool) -> F {
        let y = self.predict(x, train);
        self.last_layer.forward(&y, t)
    }

    /// Backpropagation: one forward pass, then ∂L/∂L = 1 flows back through the layers in
    /// reverse order, each one storing the gradients of its own parameters on the way.
    fn gradient(&mut self, x: &ArrayD<F>, t: Targets<'_, F>) -> F {
        // forward
        let loss = self.loss(x, t, true);

        // backward
        let mut dout = self.last_layer.backward(); // dout = 1 at the loss
        for (_, layer) in self.layers.iter_mut().rev() {
            dout = layer.backward(&dout);
        }
        loss
    }

    /// W1, b1 (from Affine1), W2, b2 (from Affine2): the k-th layer that has parameters
    /// numbers them k.
    fn params(&mut self) -> Vec<Param<'_, F>> {
        let mut params = Vec::new();
        let mut k = 0;
        for (_, layer) in &mut self.layers {
            let own = layer.params();
            if !own.is_empty() {
                k += 1;
                params.extend(own.into_iter().map(|p| p.numbered(k)));
            }
        }
        params
    }
}
// ANCHOR_END: net_impl

impl<F: Float> std::fmt::Debug for TwoLayerNet<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<_> = self.layers.iter().map(|(name, _)| *name).collect();
        f.debug_struct("TwoLayerNet").field("layers", &names).finish_non_exhaustive()
    }
}

fn to2<F: Float>(a: ArrayD<F>) -> Array2<F> {
    a.into_dimensionality().expect("gaussian was asked for a 2-D shape")
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::gradient::max_abs_diff;
    use common::rng::seeded;
    use ndarray::arr1;

    #[test]
    fn params_are_named_as_in_the_book() {
        let mut net = TwoLayerNet::<f64>::new(4, 3, 2, 0.01, &mut seeded(0));
        let names: Vec<_> = net.params().into_iter().map(|p| (p.name, p.value.shape().to_vec())).collect();
        let expected = [("W1", vec![4, 3]), ("b1", vec![3]), ("W2", vec![3, 2]), ("b2", vec![2])];
        assert_eq!(names, expected.map(|(n, s)| (n.to_string(), s)));
        assert_eq!(net.param_count(), 12 + 3 + 6 + 2);
    }

    #[test]
    fn backprop_gradient_matches_numerical_gradient_on_a_tiny_batch() {
        let mut rng = seeded(7);
        let mut net = TwoLayerNet::<f64>::new(12, 6, 4, 0.5, &mut rng);
        let x = gaussian::<f64>(&[3, 12], 1.0, &mut rng);
        let t = arr1(&[0usize, 3, 1]);
        let t = Targets::Labels(t.view());
        let numeric = net.numerical_gradient(&x, t);
        net.gradient(&x, t);
        for ((name, analytic), (_, numeric)) in net.grads().iter().zip(&numeric) {
            let diff = max_abs_diff(analytic, numeric);
            assert!(diff < 1e-7, "{name}: max |backprop − numerical| = {diff:e}");
        }
    }

    #[test]
    fn numerical_gradient_leaves_the_weights_as_they_were() {
        let mut rng = seeded(8);
        let mut net = TwoLayerNet::<f64>::new(5, 4, 3, 0.1, &mut rng);
        let before: Vec<_> = net.params().into_iter().map(|p| p.value.clone()).collect();
        let x = gaussian::<f64>(&[2, 5], 1.0, &mut rng);
        let t = arr1(&[2usize, 0]);
        net.numerical_gradient(&x, Targets::Labels(t.view()));
        let after: Vec<_> = net.params().into_iter().map(|p| p.value.clone()).collect();
        assert_eq!(before, after);
    }
}
