use ndarray::{Array2, ArrayD};

use super::BACKWARD_BEFORE_FORWARD;
use crate::Float;
use crate::functions::softmax;
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
///
/// Targets are class labels, or rows that sum to 1 (one-hot).
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
    ///
    /// The book computes log(y + 1e-7), the small constant keeping log away from 0. Here
    /// log y comes straight from the scores, log yₖ = xₖ − log Σᵢ exp(xᵢ) (the "log-sum-exp"),
    /// which is never log 0 and needs no constant: the number is the same to ~1e-7, and
    /// backward's (y − t)/N is then the *exact* derivative of this loss (with the constant
    /// it is off by ~1e-7/yₜ, which a gradient check would see).
    pub fn forward(&mut self, x: &ArrayD<F>, t: Targets<'_, F>) -> F {
        let x = flatten_rows(x); // (N, classes)
        let y = softmax(&x); // (N, classes)
        let log_y = log_softmax(&x); // (N, classes)
        let n = y.nrows();
        assert_eq!(n, t.len(), "SoftmaxWithLoss: {n} score rows but {} targets", t.len());
        let batch_size = F::lit(n as f64);
        let (loss, t) = match t {
            // L = −(1/N) Σₙ Σₖ tₙₖ log yₙₖ
            Targets::OneHot(t) => {
                assert_eq!(t.dim(), y.dim(), "SoftmaxWithLoss: one-hot targets differ in shape from x");
                let sum: F = t.iter().zip(log_y.iter()).map(|(&tk, &lk)| tk * lk).sum();
                (-sum / batch_size, OwnedTargets::OneHot(t.to_owned()))
            }
            // L = −(1/N) Σₙ log yₙ,ₜₙ
            Targets::Labels(t) => {
                let sum: F = t.iter().enumerate().map(|(row, &k)| log_y[[row, k]]).sum();
                (-sum / batch_size, OwnedTargets::Labels(t.to_owned()))
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

// ANCHOR: log_softmax
/// log softmax along each row, the stable way: log yₖ = (xₖ − c) − log Σᵢ exp(xᵢ − c), c = maxᵢ xᵢ.
fn log_softmax<F: Float>(x: &Array2<F>) -> Array2<F> {
    let mut out = x.clone();
    for mut row in out.rows_mut() {
        let c = row.fold(F::neg_infinity(), |m, &v| m.max(v));
        let log_sum = row.iter().map(|&v| (v - c).exp()).sum::<F>().ln();
        row.mapv_inplace(|v| v - c - log_sum);
    }
    out
}
// ANCHOR_END: log_softmax

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
            assert!(diff < 1e-9, "max |backprop − numerical| = {diff}");
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

    #[test]
    fn softmax_with_loss_matches_the_books_cross_entropy_error() {
        let mut rng = seeded(9);
        let x = gaussian(&[5, 10], 2.0, &mut rng);
        let labels = arr1(&[9usize, 0, 4, 4, 7]);
        let t = one_hot::<f64>(labels.view(), 10);
        let ours = SoftmaxWithLoss::new().forward(&x, Targets::OneHot(t.view()));
        let y = softmax(&flatten_rows(&x));
        let books = crate::functions::cross_entropy_error(&y, &t);
        // The book's log(yₜ + 1e-7) is below −log yₜ by log(1 + 1e-7/yₜ) ≤ 1e-7/yₜ.
        let bound: f64 = labels.iter().enumerate().map(|(n, &k)| 1e-7 / y[[n, k]]).sum::<f64>() / 5.0;
        assert!(ours >= books && ours - books <= bound, "ours {ours}, book's {books}, bound {bound}");
    }

    #[test]
    fn softmax_with_loss_backward_is_y_minus_t_over_n() {
        let x = ndarray::arr2(&[[0.3f64, 2.9, 4.0], [1.0, 1.0, 1.0]]).into_dyn();
        let labels = arr1(&[2usize, 0]);
        let mut layer = SoftmaxWithLoss::new();
        let loss = layer.forward(&x, Targets::Labels(labels.view()));
        let y = layer.output().unwrap().clone();
        let mut expected = y.clone();
        expected[[0, 2]] -= 1.0;
        expected[[1, 0]] -= 1.0;
        approx::assert_abs_diff_eq!(layer.backward(), (expected / 2.0).into_dyn(), epsilon = 1e-15);
        let by_hand = -(y[[0, 2]].ln() + (1.0f64 / 3.0).ln()) / 2.0;
        approx::assert_abs_diff_eq!(loss, by_hand, epsilon = 1e-12);
    }

    #[test]
    fn softmax_with_loss_stays_finite_for_huge_scores() {
        let x = ndarray::arr2(&[[1000.0f32, -1000.0, 0.0]]).into_dyn();
        let labels = arr1(&[1usize]);
        let mut layer = SoftmaxWithLoss::new();
        let loss = layer.forward(&x, Targets::Labels(labels.view()));
        assert!(loss.is_finite() && (loss - 2000.0).abs() < 1e-2, "{loss}");
        assert!(layer.backward().iter().all(|v| v.is_finite()));
    }
}
