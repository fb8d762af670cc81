use ndarray::Zip;

use super::{EPS, Optimizer, State, state_for};
use crate::Float;
use crate::layers::Param;

// ANCHOR: rmsprop
/// RMSprop: AdaGrad that forgets. h is an exponential moving average of the squared
/// gradients instead of their sum, so old gradients fade and the steps never shrink to 0.
///
/// h ← ρ·h + (1 − ρ)·∂L/∂W ⊙ ∂L/∂W
/// W ← W − η·∂L/∂W / (√h + 1e-7)
#[derive(Debug, Clone)]
pub struct RmsProp<F> {
    /// The learning rate η.
    pub lr: F,
    /// ρ: how much of h survives a step (the book's `decay_rate`).
    pub decay_rate: F,
    h: State<F>,
}

impl<F: Float> RmsProp<F> {
    /// RMSprop with learning rate `lr` and the book's ρ = 0.99.
    pub fn new(lr: F) -> Self {
        Self::with_decay_rate(lr, F::lit(0.99))
    }

    /// RMSprop with learning rate `lr` and decay rate ρ.
    pub fn with_decay_rate(lr: F, decay_rate: F) -> Self {
        RmsProp { lr, decay_rate, h: State::new() }
    }
}

impl<F: Float> Optimizer<F> for RmsProp<F> {
    fn update(&mut self, params: Vec<Param<'_, F>>) {
        let (lr, rho, eps) = (self.lr, self.decay_rate, F::lit(EPS));
        for p in params {
            let h = state_for(&mut self.h, &p);
            Zip::from(&mut *p.value).and(h).and(p.grad).for_each(|w, h, &g| {
                *h = rho * *h + (F::one() - rho) * g * g;
                *w -= lr * g / (h.sqrt() + eps);
            });
        }
    }
}
// ANCHOR_END: rmsprop

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimizer::test_support::{assert_close, steps};

    #[test]
    fn rmsprop_matches_two_steps_worked_by_hand() {
        // η = 0.1, ρ = 0.99, W = 1, g = 0.5 both times:
        // step 1: h = 0.01·0.25 = 0.0025, √h = 0.05:        W = 1 − 0.1·0.5/0.05 = 0
        //         (h starts at 0, so the first step is 1/√(1 − ρ) = 10 times η·sign(g))
        // step 2: h = 0.99·0.0025 + 0.0025 = 0.004975, √h = 0.0705337…
        //         W = 0 − 0.05/0.0705337… = −0.7088812…
        let e = EPS;
        let one = 1.0 - 0.05 / (0.05 + e);
        let two = one - 0.05 / (0.004975f64.sqrt() + e);
        assert!(one.abs() < 1e-5 && (two + 0.708_881_2).abs() < 1e-5);
        assert_close(&steps(&mut RmsProp::new(0.1), &[1.0], &[0.5], 1), &[one]);
        assert_close(&steps(&mut RmsProp::new(0.1), &[1.0], &[0.5], 2), &[two]);
    }
}
