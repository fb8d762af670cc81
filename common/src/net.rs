//! What every trainable network offers: the book's `predict`, `loss`, `accuracy` and
//! `gradient`, and its parameters by name.

use ndarray::{ArrayD, Axis, Slice};

use crate::Float;
use crate::functions::accuracy;
use crate::gradient::numerical_gradient_by;
use crate::layers::Param;
use crate::linalg::flatten_rows;
use crate::targets::Targets;

// ANCHOR: net_trait
/// A network that classifies, learns by gradients, and names its parameters.
pub trait Net<F: Float> {
    /// The scores (before softmax) for a batch x. `train` switches dropout and batch
    /// normalisation to their training behaviour.
    fn predict(&mut self, x: &ArrayD<F>, train: bool) -> ArrayD<F>;

    /// The loss L for a batch and its targets.
    fn loss(&mut self, x: &ArrayD<F>, t: Targets<'_, F>, train: bool) -> F;

    /// Computes ∂L/∂(every parameter) for a batch, leaving the gradients beside the
    /// parameters (see [`Net::params`]), and returns the loss L.
    fn gradient(&mut self, x: &ArrayD<F>, t: Targets<'_, F>) -> F;

    /// The parameters, with their gradients, named as in the book (`W1`, `b1`, …).
    fn params(&mut self) -> Vec<Param<'_, F>>;

    /// The fraction of examples classified correctly, predicting `batch_size` examples at a
    /// time (so memory stays bounded however large x is).
    fn accuracy(&mut self, x: &ArrayD<F>, t: Targets<'_, F>, batch_size: usize) -> f64 {
        let labels = t.labels();
        let n = labels.len();
        let mut correct = 0.0;
        for start in (0..n).step_by(batch_size.max(1)) {
            let end = (start + batch_size).min(n);
            let xb = x.slice_axis(Axis(0), Slice::from(start..end)).to_owned();
            let y = flatten_rows(&self.predict(&xb, false));
            correct += accuracy(&y, labels.slice(ndarray::s![start..end])) * (end - start) as f64;
        }
        correct / n.max(1) as f64
    }

    /// The gradients the last [`Net::gradient`] left beside the parameters, by name (the
    /// book's `grads` dict).
    fn grads(&mut self) -> Vec<(String, ArrayD<F>)> {
        self.params().into_iter().map(|p| (p.name, p.grad.to_owned())).collect()
    }

    /// How many numbers the network learns.
    fn param_count(&mut self) -> usize {
        self.params().iter().map(|p| p.value.len()).sum()
    }

    // ANCHOR: numerical_gradient
    /// The gradient of the training loss with respect to every parameter by central
    /// differences, each weight nudged by ±h in turn and the whole forward pass run twice
    /// for each (the book's `numerical_gradient`): slow, and obviously right, for checking
    /// backpropagation (in `f64`; dropout must be off, since it makes the loss random).
    fn numerical_gradient(&mut self, x: &ArrayD<F>, t: Targets<'_, F>) -> Vec<(String, ArrayD<F>)> {
        let names: Vec<String> = self.params().into_iter().map(|p| p.name).collect();
        let mut grads = Vec::with_capacity(names.len());
        for (i, name) in names.into_iter().enumerate() {
            let grad = numerical_gradient_by(self, |net| param_value(net, i), |net| net.loss(x, t, true));
            grads.push((name, grad));
        }
        grads
    }
    // ANCHOR_END: numerical_gradient
}
// ANCHOR_END: net_trait

/// The i-th parameter array of a network, to be nudged by the numerical gradient.
fn param_value<F: Float, N: Net<F> + ?Sized>(net: &mut N, i: usize) -> &mut ArrayD<F> {
    net.params().into_iter().nth(i).expect("the network lists fewer parameters than before").value
}
