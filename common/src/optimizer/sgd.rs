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
    /// SGD with learning rate `lr`.
    pub fn new(lr: F) -> Self {
        Sgd { lr }
    }
}

impl<F: Float> Optimizer<F> for Sgd<F> {
    fn update(&mut self, params: Vec<Param<'_, F>>) {
        for p in params {
            p.value.zip_mut_with(p.grad, |w, &g| *w -= self.lr * g);
        }
    }
}
// ANCHOR_END: sgd

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::arr1;

    #[test]
    fn sgd_steps_against_the_gradient() {
        let mut w = arr1(&[1.0, -2.0]).into_dyn();
        let g = arr1(&[0.5, -1.0]).into_dyn();
        Sgd::new(0.1).update(vec![Param::new("W", &mut w, &g)]);
        assert_eq!(w, arr1(&[0.95, -1.9]).into_dyn());
    }
}
