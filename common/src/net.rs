//! What every trainable network offers: the book's `predict`, `loss`, `accuracy` and
//! `gradient`, and its parameters by name.

use std::path::Path;

use ndarray::{Array1, ArrayD, Axis, Slice};

use crate::Float;
use crate::functions::argmax_rows;
use crate::gradient::numerical_gradient_by;
use crate::layers::Param;
use crate::linalg::flatten_rows;
use crate::params::{ParamsError, load_params, save_params};
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

    // ANCHOR: predict_labels
    /// The predicted class of each example, `batch_size` examples at a time, so that memory
    /// stays bounded however many there are (for a convolutional network, im2col of 10,000
    /// images at once would take 10,000·576·25 floats for the first layer alone).
    fn predict_labels(&mut self, x: &ArrayD<F>, batch_size: usize) -> Array1<usize> {
        let n = x.shape().first().copied().unwrap_or(0);
        let mut labels = Vec::with_capacity(n);
        for start in (0..n).step_by(batch_size.max(1)) {
            let end = (start + batch_size).min(n);
            let xb = x.slice_axis(Axis(0), Slice::from(start..end)).to_owned();
            let y = flatten_rows(&self.predict(&xb, false)); // (batch, classes)
            labels.extend(argmax_rows(&y));
        }
        Array1::from(labels)
    }
    // ANCHOR_END: predict_labels

    /// The fraction of examples classified correctly, predicting `batch_size` examples at a
    /// time.
    fn accuracy(&mut self, x: &ArrayD<F>, t: Targets<'_, F>, batch_size: usize) -> f64 {
        let labels = t.labels();
        let predicted = self.predict_labels(x, batch_size);
        let correct = predicted.iter().zip(&labels).filter(|(p, t)| p == t).count();
        correct as f64 / labels.len().max(1) as f64
    }

    /// Writes the parameters to an `.npz` file under their names (the book's keys and shapes).
    fn save(&mut self, path: &Path) -> Result<(), ParamsError> {
        save_params(path, &self.params())
    }

    /// Replaces the parameters with those of an `.npz` file (float32 or float64, any layout
    /// NumPy writes). The file must hold exactly this network's keys in its shapes, every value
    /// finite; anything else is an error that names the key.
    fn load(&mut self, path: &Path) -> Result<(), ParamsError> {
        load_params(path, self.params())
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
