use ndarray::Zip;

use super::{Optimizer, State, state_for};
use crate::Float;
use crate::layers::Param;

// ANCHOR: nesterov
/// Nesterov's accelerated gradient: momentum that looks where it is about to land before
/// it steps, written (as the book does, after Bengio et al., arXiv:1212.0901) so that it
/// needs only the gradient at the current W:
///
/// v ← α·v − η·∂L/∂W
/// W ← W + α²·v − (1 + α)·η·∂L/∂W
#[derive(Debug, Clone)]
pub struct Nesterov<F> {
    /// The learning rate η.
    pub lr: F,
    /// α, as in [`super::Momentum`].
    pub momentum: F,
    v: State<F>,
}

impl<F: Float> Nesterov<F> {
    /// Nesterov with learning rate `lr` and the book's α = 0.9.
    pub fn new(lr: F) -> Self {
        Self::with_momentum(lr, F::lit(0.9))
    }

    /// Nesterov with learning rate `lr` and momentum α.
    pub fn with_momentum(lr: F, momentum: F) -> Self {
        Nesterov { lr, momentum, v: State::new() }
    }
}

impl<F: Float> Optimizer<F> for Nesterov<F> {
    fn update(&mut self, params: Vec<Param<'_, F>>) {
        let (lr, alpha) = (self.lr, self.momentum);
        for p in params {
            let v = state_for(&mut self.v, &p);
            Zip::from(&mut *p.value).and(v).and(p.grad).for_each(|w, v, &g| {
                *v = alpha * *v - lr * g;
                *w += alpha * alpha * *v - (F::one() + alpha) * lr * g;
            });
        }
    }
}
// ANCHOR_END: nesterov

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimizer::test_support::{assert_close, steps};

    #[test]
    fn nesterov_matches_two_steps_worked_by_hand() {
        // η = 0.1, α = 0.9, W = (1, −2), g = (0.5, −1) both times:
        // step 1: v = (−0.05, 0.1)
        //         W = 1 + 0.81·(−0.05) − 1.9·0.05 = 0.8645;  −2 + 0.81·0.1 + 1.9·0.1 = −1.729
        // step 2: v = 0.9·v − 0.1·g = (−0.095, 0.19)
        //         W = 0.8645 − 0.07695 − 0.095 = 0.69255;  −1.729 + 0.1539 + 0.19 = −1.3851
        let mut opt = Nesterov::new(0.1);
        assert_close(&steps(&mut opt, &[1.0, -2.0], &[0.5, -1.0], 1), &[0.8645, -1.729]);
        let mut opt = Nesterov::new(0.1);
        assert_close(&steps(&mut opt, &[1.0, -2.0], &[0.5, -1.0], 2), &[0.69255, -1.3851]);
    }
}
