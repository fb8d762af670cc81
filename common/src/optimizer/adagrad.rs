use ndarray::Zip;

use super::{EPS, Optimizer, State, state_for};
use crate::Float;
use crate::layers::Param;

// ANCHOR: adagrad
/// AdaGrad: a learning rate per element, shrinking for the elements that have moved a lot.
///
/// h ← h + ∂L/∂W ⊙ ∂L/∂W
/// W ← W − η·∂L/∂W / (√h + 1e-7)
///
/// h only grows, so the steps shrink for ever: after long enough, learning stops.
#[derive(Debug, Clone)]
pub struct AdaGrad<F> {
    /// The learning rate η.
    pub lr: F,
    h: State<F>, // the sum of squared gradients of each element
}

impl<F: Float> AdaGrad<F> {
    /// AdaGrad with learning rate `lr`.
    pub fn new(lr: F) -> Self {
        AdaGrad { lr, h: State::new() }
    }
}

impl<F: Float> Optimizer<F> for AdaGrad<F> {
    fn update(&mut self, params: Vec<Param<'_, F>>) {
        let (lr, eps) = (self.lr, F::lit(EPS));
        for p in params {
            let h = state_for(&mut self.h, &p);
            Zip::from(&mut *p.value).and(h).and(p.grad).for_each(|w, h, &g| {
                *h += g * g;
                *w -= lr * g / (h.sqrt() + eps);
            });
        }
    }
}
// ANCHOR_END: adagrad

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimizer::test_support::{assert_close, steps};

    #[test]
    fn adagrad_matches_two_steps_worked_by_hand() {
        // η = 0.1, W = (1, −2), g = (0.5, −1) both times:
        // step 1: h = (0.25, 1), √h = (0.5, 1): W = 1 − 0.1·0.5/0.5 = 0.9;  −2 + 0.1·1/1 = −1.9
        // step 2: h = (0.5, 2), √h = (0.7071…, 1.4142…):
        //         W = 0.9 − 0.05/0.7071… = 0.8292893…;  −1.9 + 0.1/1.4142… = −1.8292893…
        // (each divisor also has the 1e-7 added, which the expressions below keep)
        let (e, s2) = (EPS, 2f64.sqrt());
        let one = [1.0 - 0.05 / (0.5 + e), -2.0 + 0.1 / (1.0 + e)];
        assert!((one[0] - 0.9).abs() < 1e-6 && (one[1] + 1.9).abs() < 1e-6);
        let two = [one[0] - 0.05 / (0.5 * s2 + e), one[1] + 0.1 / (s2 + e)];
        assert!((two[0] - 0.829_289_3).abs() < 1e-6 && (two[1] + 1.829_289_3).abs() < 1e-6);
        assert_close(&steps(&mut AdaGrad::new(0.1), &[1.0, -2.0], &[0.5, -1.0], 1), &one);
        assert_close(&steps(&mut AdaGrad::new(0.1), &[1.0, -2.0], &[0.5, -1.0], 2), &two);
    }
}
