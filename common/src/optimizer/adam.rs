use super::{EPS, Optimizer, State, state_for};
use crate::Float;
use crate::kernels::for_each4;
use crate::layers::Param;

// ANCHOR: adam
/// Adam: Momentum's moving average of the gradient (m) divided, as in RMSprop, by the root
/// of a moving average of its square (v), with both averages corrected for starting at 0.
/// The book folds that bias correction into the step size (Kingma & Ba, arXiv:1412.6980):
///
/// t ← t + 1
/// η_t = η·√(1 − β₂ᵗ) / (1 − β₁ᵗ)
/// m ← m + (1 − β₁)·(∂L/∂W − m)
/// v ← v + (1 − β₂)·(∂L/∂W ⊙ ∂L/∂W − v)
/// W ← W − η_t·m / (√v + 1e-7)
#[derive(Debug, Clone)]
pub struct Adam<F> {
    /// The learning rate η (the book's default is 0.001).
    pub lr: F,
    /// β₁: how much of m survives a step.
    pub beta1: F,
    /// β₂: how much of v survives a step.
    pub beta2: F,
    iter: i32, // t, the number of updates so far
    m: State<F>,
    v: State<F>,
}

impl<F: Float> Adam<F> {
    /// Adam with learning rate `lr`, β₁ = 0.9, β₂ = 0.999.
    pub fn new(lr: F) -> Self {
        Self::with_betas(lr, F::lit(0.9), F::lit(0.999))
    }

    /// Adam with its three settings.
    pub fn with_betas(lr: F, beta1: F, beta2: F) -> Self {
        Adam { lr, beta1, beta2, iter: 0, m: State::new(), v: State::new() }
    }
}

impl<F: Float> Optimizer<F> for Adam<F> {
    fn update(&mut self, params: Vec<Param<'_, F>>) {
        self.iter = self.iter.saturating_add(1);
        let (b1, b2, eps, one) = (self.beta1, self.beta2, F::lit(EPS), F::one());
        let lr_t = self.lr * (one - b2.powi(self.iter)).sqrt() / (one - b1.powi(self.iter));
        for p in params {
            let m = state_for(&mut self.m, &p);
            let v = state_for(&mut self.v, &p);
            for_each4(p.value, m, v, p.grad, |w, m, v, &g| {
                *m += (one - b1) * (g - *m);
                *v += (one - b2) * (g * g - *v);
                *w -= lr_t * *m / (v.sqrt() + eps);
            });
        }
    }
}
// ANCHOR_END: adam

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimizer::test_support::{assert_close, steps};

    #[test]
    fn adam_matches_two_steps_worked_by_hand() {
        // η = 0.1, β₁ = 0.9, β₂ = 0.999, W = (1, −2), g = (0.5, −1) both times:
        // step 1: m = 0.1·g, v = 0.001·g², η₁ = 0.1·√0.001/0.1
        //         m/√v = 0.1·g / (√0.001·|g|), so η₁·m/√v = 0.1·sign(g):  W = (0.9, −1.9)
        // step 2: m = 0.19·g, v = 0.001999·g², η₂ = 0.1·√0.001999/0.19
        //         again η₂·m/√v = 0.1·sign(g):                              W = (0.8, −1.8)
        // With a constant gradient the corrected step is exactly η: that is what the bias
        // correction is for. The 1e-7 in the divisor shifts this by less than 1e-6:
        let step = |v: f64, lr_t: f64, m: f64| lr_t * m / (v.sqrt() + EPS);
        let lr1 = 0.1 * 0.001f64.sqrt() / 0.1;
        let lr2 = 0.1 * (1.0 - 0.999f64 * 0.999).sqrt() / (1.0 - 0.81);
        let one = [1.0 - step(0.001 * 0.25, lr1, 0.05), -2.0 + step(0.001, lr1, 0.1)];
        let two = [one[0] - step(0.001999 * 0.25, lr2, 0.19 * 0.5), one[1] + step(0.001999, lr2, 0.19)];
        assert!((one[0] - 0.9).abs() < 1e-5 && (two[0] - 0.8).abs() < 1e-5 && (two[1] + 1.8).abs() < 1e-5);
        assert_close(&steps(&mut Adam::new(0.1), &[1.0, -2.0], &[0.5, -1.0], 1), &one);
        assert_close(&steps(&mut Adam::new(0.1), &[1.0, -2.0], &[0.5, -1.0], 2), &two);
    }
}
