use super::Optimizer;
use crate::Float;
use crate::layers::Param;

// ANCHOR: sgd
/// Stochastic gradient descent: W ← W − η·∂L/∂W.
#[derive(Debug, Clone)]
pub struct Sgd<F> {
    /// The learning rate η.
    pub lr: F,
}

impl<F: Float> Sgd<F> {
    /// SGD with learning rate `lr` (the book's default is 0.01).
    pub fn new(lr: F) -> Self {
        Sgd { lr }
    }
}

impl<F: Float> Optimizer<F> for Sgd<F> {
    fn update(&mut self, params: Vec<Param<'_, F>>) {
        let lr = self.lr;
        for p in params {
            p.value.zip_mut_with(p.grad, |w, &g| *w -= lr * g);
        }
    }
}
// ANCHOR_END: sgd

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimizer::test_support::{assert_close, steps};

    #[test]
    fn sgd_steps_against_the_gradient() {
        // η = 0.1, W = (1, −2), g = (0.5, −1):
        // step 1: W = (1 − 0.05, −2 + 0.1) = (0.95, −1.9)
        // step 2: W = (0.95 − 0.05, −1.9 + 0.1) = (0.9, −1.8)
        assert_close(&steps(&mut Sgd::new(0.1), &[1.0, -2.0], &[0.5, -1.0], 1), &[0.95, -1.9]);
        assert_close(&steps(&mut Sgd::new(0.1), &[1.0, -2.0], &[0.5, -1.0], 2), &[0.9, -1.8]);
    }
}
