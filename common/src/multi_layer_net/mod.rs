//! Fully connected networks of any depth: the book's `common/multi_layer_net.py`
//! ([`MultiLayerNet`]: affine and activation layers, weight decay) and
//! `multi_layer_net_extend.py` ([`MultiLayerNetExtend`]: plus batch normalisation and
//! dropout).

use ndarray::{Array1, Array2, ArrayD};
use rand::Rng;

use crate::Float;
use crate::init::WeightInit;
use crate::layers::{Affine, Layer, Param, SoftmaxWithLoss};
use crate::net::Net;
use crate::targets::Targets;

mod activation;
mod extend;

pub use activation::{Activation, ActivationLayer, UnknownActivation};
pub use extend::{MultiLayerNetExtend, MultiLayerNetExtendConfig};

/// A network that cannot be built as asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NetError {
    #[error("every layer needs at least one unit; got input {input}, hidden {hidden:?}, output {output}")]
    ZeroSize { input: usize, hidden: Vec<usize>, output: usize },
    #[error("the dropout ratio is the probability of dropping a unit: it must be in [0, 1), got {0}")]
    DropoutRatio(f64),
    #[error("the weight decay λ must be a finite number ≥ 0, got {0}")]
    WeightDecay(f64),
    #[error("the initial weights' standard deviation must be a finite number ≥ 0, got {0}")]
    WeightStd(f64),
}

// ANCHOR: config
/// The shape and settings of a [`MultiLayerNet`], named as the book's constructor arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiLayerNetConfig {
    /// Inputs per example (784 for MNIST).
    pub input_size: usize,
    /// The width of each hidden layer, e.g. `vec![100; 4]`.
    pub hidden_size_list: Vec<usize>,
    /// Classes (10 for MNIST).
    pub output_size: usize,
    /// The activation of every hidden layer.
    pub activation: Activation,
    /// How the weights start (the book's `weight_init_std`; its default is He).
    pub weight_init: WeightInit,
    /// λ of weight decay: the loss gains λ/2·Σ‖W‖² over every weight matrix W.
    pub weight_decay_lambda: f64,
}
// ANCHOR_END: config

impl Default for MultiLayerNetConfig {
    /// The net of the book's optimizer comparison: 784 → 4 × 100 ReLU → 10, He weights,
    /// no weight decay.
    fn default() -> Self {
        MultiLayerNetConfig {
            input_size: 784,
            hidden_size_list: vec![100; 4],
            output_size: 10,
            activation: Activation::Relu,
            weight_init: WeightInit::He,
            weight_decay_lambda: 0.0,
        }
    }
}

impl MultiLayerNetConfig {
    /// Every layer width in order: input, hidden…, output.
    pub fn all_sizes(&self) -> Vec<usize> {
        let mut sizes = vec![self.input_size];
        sizes.extend(&self.hidden_size_list);
        sizes.push(self.output_size);
        sizes
    }

    fn check(&self) -> Result<(), NetError> {
        if self.all_sizes().contains(&0) {
            return Err(NetError::ZeroSize {
                input: self.input_size,
                hidden: self.hidden_size_list.clone(),
                output: self.output_size,
            });
        }
        if !(self.weight_decay_lambda.is_finite() && self.weight_decay_lambda >= 0.0) {
            return Err(NetError::WeightDecay(self.weight_decay_lambda));
        }
        if let WeightInit::Std(std) = self.weight_init
            && !(std.is_finite() && std >= 0.0)
        {
            return Err(NetError::WeightStd(std));
        }
        Ok(())
    }
}

// ANCHOR: init_affines
/// One affine layer per pair of neighbouring sizes, W (in, out) drawn with `init` scaled by
/// the layer's fan-in `in`, b = 0 (the book's `__init_weight`).
pub fn init_affines<F: Float>(sizes: &[usize], init: WeightInit, rng: &mut impl Rng) -> Vec<Affine<F>> {
    sizes
        .windows(2)
        .map(|pair| {
            let (fan_in, fan_out) = (pair[0], pair[1]);
            let w: Array2<F> =
                init.sample(&[fan_in, fan_out], fan_in, rng).into_dimensionality().expect("W is drawn 2-D");
            Affine::new(w, Array1::zeros(fan_out))
        })
        .collect()
}
// ANCHOR_END: init_affines

// ANCHOR: weight_decay
/// The weight-decay term of the loss: λ/2 · Σ over every W of Σᵢⱼ Wᵢⱼ².
pub fn weight_decay_loss<F: Float>(affines: &[Affine<F>], lambda: F) -> F {
    if lambda == F::zero() {
        return F::zero();
    }
    let squares: F = affines.iter().map(|a| a.w.iter().map(|&w| w * w).sum::<F>()).sum();
    F::lit(0.5) * lambda * squares
}

/// Its gradient, added to each dW after backprop: dW ← dW + λ·W.
pub fn add_weight_decay_gradient<F: Float>(affines: &mut [Affine<F>], lambda: F) {
    if lambda == F::zero() {
        return;
    }
    for a in affines {
        a.dw.scaled_add(lambda, &a.w);
    }
}
// ANCHOR_END: weight_decay

// ANCHOR: multi_layer_net
/// A fully connected network: (Affine → activation) × hidden layers, then Affine and
/// softmax-with-loss, with optional weight decay.
#[derive(Debug, Clone)]
pub struct MultiLayerNet<F> {
    /// The affine layers, L + 1 of them for L hidden layers.
    pub affines: Vec<Affine<F>>,
    /// The activation after each hidden affine layer.
    pub activations: Vec<ActivationLayer<F>>,
    last_layer: SoftmaxWithLoss<F>,
    weight_decay_lambda: F,
}

impl<F: Float> MultiLayerNet<F> {
    /// A network shaped by `config`, with initial weights drawn from `rng`.
    pub fn new(config: &MultiLayerNetConfig, rng: &mut impl Rng) -> Result<Self, NetError> {
        config.check()?;
        let affines = init_affines(&config.all_sizes(), config.weight_init, rng);
        let activations = config.hidden_size_list.iter().map(|_| config.activation.layer()).collect();
        Ok(MultiLayerNet {
            affines,
            activations,
            last_layer: SoftmaxWithLoss::new(),
            weight_decay_lambda: F::lit(config.weight_decay_lambda),
        })
    }
}
// ANCHOR_END: multi_layer_net

// ANCHOR: multi_layer_net_impl
impl<F: Float> Net<F> for MultiLayerNet<F> {
    fn predict(&mut self, x: &ArrayD<F>, train: bool) -> ArrayD<F> {
        let mut h: Option<ArrayD<F>> = None; // the output of the last hidden layer so far
        for (affine, activation) in self.affines.iter_mut().zip(&mut self.activations) {
            let input = h.as_ref().unwrap_or(x);
            h = Some(activation.forward(&affine.forward(input, train), train));
        }
        let last = self.affines.last_mut().expect("at least one affine layer");
        last.forward(h.as_ref().unwrap_or(x), train)
    }

    /// L = cross-entropy + λ/2·Σ‖W‖².
    fn loss(&mut self, x: &ArrayD<F>, t: Targets<'_, F>, train: bool) -> F {
        let y = self.predict(x, train);
        self.last_layer.forward(&y, t) + weight_decay_loss(&self.affines, self.weight_decay_lambda)
    }

    fn gradient(&mut self, x: &ArrayD<F>, t: Targets<'_, F>) -> F {
        let loss = self.loss(x, t, true);
        let mut dout = self.last_layer.backward();
        let (last, hidden) = self.affines.split_last_mut().expect("at least one affine layer");
        dout = last.backward(&dout);
        for (affine, activation) in hidden.iter_mut().zip(&mut self.activations).rev() {
            dout = affine.backward(&activation.backward(&dout));
        }
        add_weight_decay_gradient(&mut self.affines, self.weight_decay_lambda);
        loss
    }

    /// W1, b1, W2, b2, …
    fn params(&mut self) -> Vec<Param<'_, F>> {
        let mut params = Vec::with_capacity(2 * self.affines.len());
        for (i, affine) in self.affines.iter_mut().enumerate() {
            params.extend(affine.params().into_iter().map(|p| p.numbered(i + 1)));
        }
        params
    }
}
// ANCHOR_END: multi_layer_net_impl

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::gradient::max_abs_diff;
    use crate::init::gaussian;
    use crate::rng::seeded;
    use ndarray::arr1;

    /// Backprop vs. numerical gradients for every parameter of a network, in f64.
    pub(crate) fn assert_backprop_matches_numerical<N: Net<f64>>(
        net: &mut N,
        x: &ArrayD<f64>,
        labels: &[usize],
    ) {
        let labels = arr1(labels);
        let t = Targets::Labels(labels.view());
        let numeric = net.numerical_gradient(x, t);
        net.gradient(x, t);
        let analytic = net.grads();
        assert_eq!(numeric.len(), analytic.len());
        for ((name, n), (name2, a)) in numeric.iter().zip(&analytic) {
            assert_eq!(name, name2);
            let diff = max_abs_diff(n, a);
            assert!(diff < 1e-7, "{name}: max |backprop − numerical| = {diff}");
        }
    }

    fn tiny(activation: Activation, lambda: f64) -> MultiLayerNetConfig {
        MultiLayerNetConfig {
            input_size: 5,
            hidden_size_list: vec![4, 3],
            output_size: 3,
            activation,
            weight_init: WeightInit::Std(0.8),
            weight_decay_lambda: lambda,
        }
    }

    #[test]
    fn multi_layer_net_backprop_matches_numerical_gradient_for_each_activation_and_weight_decay() {
        let mut rng = seeded(21);
        let x = gaussian(&[6, 5], 1.0, &mut rng);
        for activation in [Activation::Relu, Activation::Sigmoid, Activation::Tanh] {
            for lambda in [0.0, 0.1] {
                let mut net = MultiLayerNet::<f64>::new(&tiny(activation, lambda), &mut rng).unwrap();
                // Non-zero biases, so that no ReLU input sits exactly on its kink at 0.
                for p in net.params() {
                    if p.name.starts_with('b') {
                        *p.value = gaussian(p.value.shape(), 0.5, &mut rng);
                    }
                }
                assert_backprop_matches_numerical(&mut net, &x, &[0, 2, 1, 1, 0, 2]);
            }
        }
    }

    #[test]
    fn multi_layer_net_names_its_params_as_the_book() {
        let mut net = MultiLayerNet::<f32>::new(&tiny(Activation::Relu, 0.0), &mut seeded(1)).unwrap();
        let names: Vec<_> = net.params().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["W1", "b1", "W2", "b2", "W3", "b3"]);
        let shapes: Vec<_> = net.params().into_iter().map(|p| p.value.shape().to_vec()).collect();
        assert_eq!(shapes[0], [5, 4]);
        assert_eq!(shapes[5], [3]);
    }

    #[test]
    fn weight_decay_adds_half_lambda_times_the_squared_weights_to_the_loss() {
        let mut rng = seeded(2);
        let x = gaussian(&[3, 5], 1.0, &mut rng);
        let labels = arr1(&[0usize, 1, 2]);
        let t = Targets::Labels(labels.view());
        let mut plain = MultiLayerNet::<f64>::new(&tiny(Activation::Relu, 0.0), &mut seeded(3)).unwrap();
        let mut decayed = MultiLayerNet::<f64>::new(&tiny(Activation::Relu, 0.5), &mut seeded(3)).unwrap();
        let squares: f64 = plain.affines.iter().map(|a| a.w.mapv(|w| w * w).sum()).sum();
        let diff = decayed.loss(&x, t, false) - plain.loss(&x, t, false);
        assert!((diff - 0.25 * squares).abs() < 1e-12);
    }

    #[test]
    fn bad_configs_are_refused_with_a_message() {
        let mut config = tiny(Activation::Relu, 0.0);
        config.hidden_size_list = vec![4, 0];
        let err = MultiLayerNet::<f32>::new(&config, &mut seeded(0)).unwrap_err();
        assert!(err.to_string().contains("at least one unit"), "{err}");
        let config = tiny(Activation::Relu, -1.0);
        assert_eq!(
            MultiLayerNet::<f32>::new(&config, &mut seeded(0)).unwrap_err(),
            NetError::WeightDecay(-1.0)
        );
    }
}
