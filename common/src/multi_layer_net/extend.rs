//! The book's `MultiLayerNetExtend`: [`super::MultiLayerNet`] plus batch normalisation and
//! dropout in each hidden layer.

use ndarray::ArrayD;
use rand::Rng;

use super::{
    ActivationLayer, MultiLayerNetConfig, NetError, add_weight_decay_gradient, init_affines,
    weight_decay_loss,
};
use crate::Float;
use crate::layers::{Affine, BatchNormalization, Dropout, Layer, Param, SoftmaxWithLoss};
use crate::net::Net;
use crate::targets::Targets;

// ANCHOR: extend_config
/// A [`MultiLayerNetConfig`] plus the two switches of the extended network.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MultiLayerNetExtendConfig {
    /// Sizes, activation, initial weights, weight decay.
    pub base: MultiLayerNetConfig,
    /// Batch normalisation between each hidden affine layer and its activation.
    pub use_batchnorm: bool,
    /// Dropout after each hidden activation, dropping units with this probability.
    pub dropout_ratio: Option<f64>,
}
// ANCHOR_END: extend_config

// ANCHOR: multi_layer_net_extend
/// A fully connected network whose hidden layers are
/// Affine → (BatchNorm) → activation → (Dropout), then Affine and softmax-with-loss, the
/// parts in parentheses only when switched on.
#[derive(Debug, Clone)]
pub struct MultiLayerNetExtend<F> {
    /// The affine layers, L + 1 of them for L hidden layers.
    pub affines: Vec<Affine<F>>,
    /// One per hidden layer with batch normalisation on; none without.
    pub batch_norms: Vec<BatchNormalization<F>>,
    /// The activation of each hidden layer.
    pub activations: Vec<ActivationLayer<F>>,
    /// One per hidden layer with dropout on; none without.
    pub dropouts: Vec<Dropout<F>>,
    last_layer: SoftmaxWithLoss<F>,
    weight_decay_lambda: F,
}

impl<F: Float> MultiLayerNetExtend<F> {
    /// A network shaped by `config`. Initial weights come from `rng`, and so do the seeds of
    /// the dropout layers' own generators: one seed makes the whole run reproducible.
    pub fn new(config: &MultiLayerNetExtendConfig, rng: &mut impl Rng) -> Result<Self, NetError> {
        let base = &config.base;
        base.check()?;
        if let Some(ratio) = config.dropout_ratio
            && !(0.0..1.0).contains(&ratio)
        {
            return Err(NetError::DropoutRatio(ratio));
        }
        let affines = init_affines(&base.all_sizes(), base.weight_init, rng);
        let hidden = &base.hidden_size_list;
        let batch_norms = match config.use_batchnorm {
            true => hidden.iter().map(|&d| BatchNormalization::new(d)).collect(),
            false => Vec::new(),
        };
        let dropouts = match config.dropout_ratio {
            Some(ratio) => hidden.iter().map(|_| Dropout::new(ratio, rng.random())).collect(),
            None => Vec::new(),
        };
        Ok(MultiLayerNetExtend {
            affines,
            batch_norms,
            activations: hidden.iter().map(|_| base.activation.layer()).collect(),
            dropouts,
            last_layer: SoftmaxWithLoss::new(),
            weight_decay_lambda: F::lit(base.weight_decay_lambda),
        })
    }

    /// The number of hidden layers.
    pub fn hidden_layers(&self) -> usize {
        self.activations.len()
    }
}
// ANCHOR_END: multi_layer_net_extend

// ANCHOR: multi_layer_net_extend_impl
impl<F: Float> Net<F> for MultiLayerNetExtend<F> {
    fn predict(&mut self, x: &ArrayD<F>, train: bool) -> ArrayD<F> {
        let mut h: Option<ArrayD<F>> = None; // the output of the last hidden layer so far
        for i in 0..self.hidden_layers() {
            let mut x = self.affines[i].forward(h.as_ref().unwrap_or(x), train);
            if let Some(bn) = self.batch_norms.get_mut(i) {
                x = bn.forward(&x, train);
            }
            x = self.activations[i].forward(&x, train);
            if let Some(dropout) = self.dropouts.get_mut(i) {
                x = dropout.forward(&x, train);
            }
            h = Some(x);
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
        dout = self.affines.last_mut().expect("at least one affine layer").backward(&dout);
        for i in (0..self.hidden_layers()).rev() {
            if let Some(dropout) = self.dropouts.get_mut(i) {
                dout = Layer::<F>::backward(dropout, &dout);
            }
            dout = self.activations[i].backward(&dout);
            if let Some(bn) = self.batch_norms.get_mut(i) {
                dout = bn.backward(&dout);
            }
            dout = self.affines[i].backward(&dout);
        }
        add_weight_decay_gradient(&mut self.affines, self.weight_decay_lambda);
        loss
    }

    /// W1, b1, gamma1, beta1, W2, b2, gamma2, beta2, …, W(L+1), b(L+1).
    fn params(&mut self) -> Vec<Param<'_, F>> {
        let mut params = Vec::with_capacity(4 * self.affines.len());
        let mut batch_norms = self.batch_norms.iter_mut();
        for (i, affine) in self.affines.iter_mut().enumerate() {
            params.extend(affine.params().into_iter().map(|p| p.numbered(i + 1)));
            if let Some(bn) = batch_norms.next() {
                params.extend(bn.params().into_iter().map(|p| p.numbered(i + 1)));
            }
        }
        params
    }
}
// ANCHOR_END: multi_layer_net_extend_impl

#[cfg(test)]
mod tests {
    use super::super::tests::assert_backprop_matches_numerical;
    use super::super::{Activation, MultiLayerNet};
    use super::*;
    use crate::init::{WeightInit, gaussian};
    use crate::rng::seeded;
    use ndarray::arr1;

    fn tiny(use_batchnorm: bool, dropout_ratio: Option<f64>, lambda: f64) -> MultiLayerNetExtendConfig {
        MultiLayerNetExtendConfig {
            base: MultiLayerNetConfig {
                input_size: 5,
                hidden_size_list: vec![4, 3],
                output_size: 3,
                activation: Activation::Tanh,
                weight_init: WeightInit::Std(0.8),
                weight_decay_lambda: lambda,
            },
            use_batchnorm,
            dropout_ratio,
        }
    }

    #[test]
    fn extend_backprop_matches_numerical_gradient_with_and_without_batch_norm_and_weight_decay() {
        let mut rng = seeded(31);
        let x = gaussian(&[6, 5], 1.0, &mut rng);
        for use_batchnorm in [false, true] {
            for lambda in [0.0, 0.1] {
                let mut net =
                    MultiLayerNetExtend::<f64>::new(&tiny(use_batchnorm, None, lambda), &mut rng).unwrap();
                assert_backprop_matches_numerical(&mut net, &x, &[0, 2, 1, 1, 0, 2]);
            }
        }
    }

    #[test]
    fn extend_names_gamma_and_beta_beside_their_affine_layer() {
        let mut net = MultiLayerNetExtend::<f32>::new(&tiny(true, Some(0.5), 0.0), &mut seeded(1)).unwrap();
        let names: Vec<_> = net.params().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"]);
    }

    #[test]
    fn extend_without_options_computes_what_multi_layer_net_computes() {
        let config = tiny(false, None, 0.1);
        let mut a = MultiLayerNetExtend::<f64>::new(&config, &mut seeded(4)).unwrap();
        let mut b = MultiLayerNet::<f64>::new(&config.base, &mut seeded(4)).unwrap();
        let x = gaussian(&[3, 5], 1.0, &mut seeded(5));
        let labels = arr1(&[0usize, 1, 2]);
        let t = Targets::Labels(labels.view());
        assert_eq!(a.gradient(&x, t), b.gradient(&x, t));
        assert_eq!(a.params()[0].grad, b.params()[0].grad);
    }

    #[test]
    fn extend_dropout_is_random_in_training_and_fixed_at_inference() {
        let mut net = MultiLayerNetExtend::<f64>::new(&tiny(false, Some(0.5), 0.0), &mut seeded(6)).unwrap();
        let x = gaussian(&[3, 5], 1.0, &mut seeded(7));
        assert_ne!(net.predict(&x, true), net.predict(&x, true));
        assert_eq!(net.predict(&x, false), net.predict(&x, false));
        let err = MultiLayerNetExtend::<f64>::new(&tiny(false, Some(1.0), 0.0), &mut seeded(6)).unwrap_err();
        assert_eq!(err, NetError::DropoutRatio(1.0));
    }
}
