use ndarray::{Array2, ArrayD};

use super::BACKWARD_BEFORE_FORWARD;
use crate::Float;
use crate::functions::{cross_entropy_error, cross_entropy_error_labels, softmax};
use crate::linalg::flatten_rows;
use crate::targets::{OwnedTargets, Targets};

// ANCHOR: softmax_with_loss
/// Softmax followed by the cross-entropy loss, as one layer: the last node of a classifier
/// during training.
///
/// forward:  y = softmax(x),  L = −(1/N) Σₙ Σₖ tₙₖ log yₙₖ
/// backward: dx = (y − t) / N
///
/// The gradient is just "prediction minus truth", which is why softmax and cross-entropy are
/// taken together (identity with squared error gives y − t in the same way).
#[derive(Debug, Clone, Default)]
pub struct SoftmaxWithLoss<F> {
    y: Option<Array2<F>>,       // softmax output, (N, classes)
    t: Option<OwnedTargets<F>>, // the targets of the last forward pass
}

impl<F: Float> SoftmaxWithLoss<F> {
    /// A new softmax-with-loss layer.
    pub fn new() -> Self {
        SoftmaxWithLoss { y: None, t: None }
    }

    /// L for the scores x (N, classes) and the targets t; keeps y and t for backward.
    pub fn forward(&mut self, x: &ArrayD<F>, t: Targets<'_, F>) -> F {
        let y = softmax(&flatten_rows(x)); // (N, classes)
        assert_eq!(y.nrows(), t.len(), "SoftmaxWithLoss: {} score rows but {} targets", y.nrows(), t.len());
        let (loss, t) = match t {
            Targets::OneHot(t) => (cross_entropy_error(&y, &t), OwnedTargets::OneHot(t.to_owned())),
            Targets::Labels(t) => {
                (cross_entropy_error_labels(y.view(), t), OwnedTargets::Labels(t.to_owned()))
            }
        };
        self.y = Some(y);
        self.t = Some(t);
        loss
    }

    /// ∂L/∂x = (y − t) / N, taking ∂L/∂L = 1.
    pub fn backward(&mut self) -> ArrayD<F> {
        let y = self.y.as_ref().expect(BACKWARD_BEFORE_FORWARD);
        let t = self.t.as_ref().expect(BACKWARD_BEFORE_FORWARD);
        let batch_size = F::lit(y.nrows() as f64);
        let mut dx = y.clone();
        match t {
            OwnedTargets::OneHot(t) => dx -= t,
            OwnedTargets::Labels(t) => {
                for (n, &k) in t.iter().enumerate() {
                    dx[[n, k]] -= F::one();
                }
            }
        }
        dx.mapv_inplace(|v| v / batch_size);
        dx.into_dyn()
    }

    /// The softmax output of the last forward pass (probabilities, one row per example).
    pub fn output(&self) -> Option<&Array2<F>> {
        self.y.as_ref()
    }
}
// ANCHOR_END: softmax_with_loss

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::one_hot;
    use crate::gradient::{max_abs_diff, numerical_gradient};
    use crate::init::gaussian;
    use crate::rng::seeded;
    use ndarray::arr1;

    #[test]
    fn softmax_with_loss_backward_matches_numerical_gradient_for_labels_and_one_hot() {
        let mut rng = seeded(5);
        let x = gaussian(&[4, 5], 1.0, &mut rng);
        let labels = arr1(&[0usize, 3, 4, 3]);
        let t = one_hot::<f64>(labels.view(), 5);
        for targets in [Targets::Labels(labels.view()), Targets::OneHot(t.view())] {
            let mut layer = SoftmaxWithLoss::new();
            layer.forward(&x, targets);
            let dx = layer.backward();
            let mut probe = x.clone();
            let numeric = numerical_gradient(|x| SoftmaxWithLoss::new().forward(x, targets), &mut probe);
            let diff = max_abs_diff(&dx, &numeric);
            // The loss takes log(y + 1e-7), not log y, so its true slope differs from (y − t)/N
            // by about 1e-7/y: a few 1e-7 here, not the 1e-10 of the other layers.
            assert!(diff < 2e-6, "max |backprop − numerical| = {diff}");
        }
    }

    #[test]
    fn softmax_with_loss_gives_the_same_loss_for_labels_and_one_hot() {
        let mut rng = seeded(6);
        let x = gaussian(&[3, 4], 1.0, &mut rng);
        let labels = arr1(&[1usize, 0, 3]);
        let t = one_hot::<f64>(labels.view(), 4);
        let a = SoftmaxWithLoss::new().forward(&x, Targets::Labels(labels.view()));
        let b = SoftmaxWithLoss::new().forward(&x, Targets::OneHot(t.view()));
        approx::assert_abs_diff_eq!(a, b, epsilon = 1e-12);
    }
}
