use ndarray::{ArrayD, Zip};

use super::{BACKWARD_BEFORE_FORWARD, Layer};
use crate::Float;

// ANCHOR: tanh_layer
/// tanh as a layer: sigmoid's shape, but centred on 0 (outputs in (−1, 1)).
///
/// forward:  y = tanh(x)
/// backward: dx = dout · (1 − y²) (like sigmoid, the derivative needs only the output)
#[derive(Debug, Default, Clone)]
pub struct Tanh<F> {
    out: Option<ArrayD<F>>, // y, kept for backward
}

impl<F: Float> Tanh<F> {
    /// A new tanh layer.
    pub fn new() -> Self {
        Tanh { out: None }
    }
}

impl<F: Float> Layer<F> for Tanh<F> {
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        let out = x.mapv(F::tanh);
        self.out = Some(out.clone());
        out
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let y = self.out.as_ref().expect(BACKWARD_BEFORE_FORWARD);
        Zip::from(dout).and(y).map_collect(|&d, &y| d * (F::one() - y * y))
    }
}
// ANCHOR_END: tanh_layer

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::gradient_check_layer;
    use crate::rng::seeded;

    #[test]
    fn tanh_backward_matches_numerical_gradient() {
        let mut rng = seeded(7);
        let x = crate::init::gaussian(&[3, 7], 1.0, &mut rng);
        for (name, diff) in gradient_check_layer(&mut Tanh::<f64>::new(), &x, &mut rng) {
            assert!(diff < 1e-7, "{name}: max |backprop − numerical| = {diff}");
        }
    }

    #[test]
    fn tanh_is_odd_and_bounded() {
        let x = ndarray::arr1(&[-30.0, -1.0, 0.0, 1.0, 30.0]).into_dyn();
        let y = Tanh::<f64>::new().forward(&x, false);
        assert_eq!(y[[2]], 0.0);
        assert!((y[[1]] + y[[3]]).abs() < 1e-15 && y[[4]] <= 1.0 && y[[0]] >= -1.0);
    }
}
