use ndarray::Zip;

use super::{Optimizer, State, state_for};
use crate::Float;
use crate::layers::Param;

// ANCHOR: momentum
/// Momentum: a ball rolling downhill, gathering speed where the slope keeps its direction.
///
/// v ← α·v − η·∂L/∂W
/// W ← W + v
#[derive(Debug, Clone)]
pub struct Momentum<F> {
    /// The learning rate η.
    pub lr: F,
    /// α: how much of the velocity survives a step (friction is 1 − α).
    pub momentum: F,
    v: State<F>, // the velocity of each parameter
}

impl<F: Float> Momentum<F> {
    /// Momentum with learning rate `lr` and the book's α = 0.9.
    pub fn new(lr: F) -> Self {
        Self::with_momentum(lr, F::lit(0.9))
    }

    /// Momentum with learning rate `lr` and momentum α.
    pub fn with_momentum(lr: F, momentum: F) -> Self {
        Momentum { lr, momentum, v: State::new() }
    }
}

impl<F: Float> Optimizer<F> for Momentum<F> {
    fn update(&mut self, params: Vec<Param<'_, F>>) {
        let (lr, alpha) = (self.lr, self.momentum);
        for p in params {
            let v = state_for(&mut self.v, &p);
            Zip::from(&mut *p.value).and(v).and(p.grad).for_each(|w, v, &g| {
                *v = alpha * *v - lr * g;
                *w += *v;
            });
        }
    }
}
// ANCHOR_END: momentum

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimizer::test_support::{assert_close, steps};

    // ANCHOR: momentum_test
    #[test]
    fn momentum_matches_two_steps_worked_by_hand() {
        // η = 0.1, α = 0.9, W = (1, −2), g = (0.5, −1) both times:
        // step 1: v = −0.1·g = (−0.05, 0.1);             W = (0.95, −1.9)
        // step 2: v = 0.9·(−0.05, 0.1) − (0.05, −0.1)
        //           = (−0.095, 0.19);                    W = (0.855, −1.71)
        let mut opt = Momentum::new(0.1);
        assert_close(&steps(&mut opt, &[1.0, -2.0], &[0.5, -1.0], 1), &[0.95, -1.9]);
        let mut opt = Momentum::new(0.1);
        assert_close(&steps(&mut opt, &[1.0, -2.0], &[0.5, -1.0], 2), &[0.855, -1.71]);
    }
    // ANCHOR_END: momentum_test
}
