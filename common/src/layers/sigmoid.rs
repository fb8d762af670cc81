use ndarray::{ArrayD, Zip};

use super::{BACKWARD_BEFORE_FORWARD, Layer};
use crate::Float;

// ANCHOR: sigmoid_layer
/// Sigmoid as a layer.
///
/// forward:  y = 1 / (1 + exp(−x))
/// backward: dx = dout · y · (1 − y) (the derivative needs only the output, which the layer keeps)
#[derive(Debug, Default, Clone)]
pub struct Sigmoid<F> {
    out: Option<ArrayD<F>>, // y, kept for backward
}

impl<F: Float> Sigmoid<F> {
    /// A new sigmoid layer.
    pub fn new() -> Self {
        Sigmoid { out: None }
    }
}

impl<F: Float> Layer<F> for Sigmoid<F> {
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        let out = crate::functions::sigmoid(x);
        self.out = Some(out.clone());
        out
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let y = self.out.as_ref().expect(BACKWARD_BEFORE_FORWARD);
        Zip::from(dout).and(y).map_collect(|&d, &y| d * y * (F::one() - y))
    }
}
// ANCHOR_END: sigmoid_layer

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::gradient_check_layer;
    use crate::rng::seeded;

    #[test]
    fn sigmoid_backward_matches_numerical_gradient() {
        let mut rng = seeded(2);
        let x = crate::init::gaussian(&[3, 7], 2.0, &mut rng);
        for (name, diff) in gradient_check_layer(&mut Sigmoid::<f64>::new(), &x, &mut rng) {
            assert!(diff < 1e-9, "{name}: max |backprop − numerical| = {diff}");
        }
    }

    #[test]
    fn sigmoid_at_zero_is_one_half_with_slope_one_quarter() {
        let mut layer = Sigmoid::<f64>::new();
        let y = layer.forward(&ndarray::arr1(&[0.0, 100.0, -100.0]).into_dyn(), true);
        assert_eq!(y[0], 0.5);
        assert!(y[1] > 0.999_999 && y[2] < 1e-40);
        let dx = layer.backward(&ndarray::arr1(&[2.0, 1.0, 1.0]).into_dyn());
        assert_eq!(dx[0], 0.5); // 2 · 0.5 · (1 − 0.5)
        assert!(dx[1].abs() < 1e-12 && dx[2].abs() < 1e-12, "saturated: almost no gradient");
    }
}
