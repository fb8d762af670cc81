use std::marker::PhantomData;

use ndarray::{ArrayD, Zip};

use super::{BACKWARD_BEFORE_FORWARD, Layer};
use crate::Float;

// ANCHOR: relu_layer
/// ReLU as a layer.
///
/// forward:  y = x if x > 0, else 0
/// backward: dx = dout where x > 0, else 0 (the layer remembers where x was ≤ 0)
#[derive(Debug, Clone)]
pub struct Relu<F> {
    mask: Option<ArrayD<bool>>, // true where x ≤ 0: the positions that pass no gradient
    float: PhantomData<F>,      // the float type it works in (it stores none of it)
}

impl<F: Float> Relu<F> {
    /// A new ReLU layer.
    pub fn new() -> Self {
        Relu { mask: None, float: PhantomData }
    }
}

impl<F: Float> Default for Relu<F> {
    fn default() -> Self {
        Self::new()
    }
}

impl<F: Float> Layer<F> for Relu<F> {
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        let mask = x.mapv(|v| v <= F::zero()); // true where x ≤ 0
        let out = Zip::from(x).and(&mask).map_collect(|&v, &off| if off { F::zero() } else { v });
        self.mask = Some(mask);
        out
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let mask = self.mask.as_ref().expect(BACKWARD_BEFORE_FORWARD);
        Zip::from(dout).and(mask).map_collect(|&d, &off| if off { F::zero() } else { d })
    }
}
// ANCHOR_END: relu_layer

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::gradient_check_layer;
    use crate::rng::seeded;
    use ndarray::{ArrayD, IxDyn, arr2};

    #[test]
    fn relu_forward_zeroes_negatives_and_backward_blocks_them() {
        let x = arr2(&[[1.0, -0.5], [-2.0, 3.0]]).into_dyn();
        let mut relu = Relu::new();
        let y = relu.forward(&x, true);
        assert_eq!(y, arr2(&[[1.0, 0.0], [0.0, 3.0]]).into_dyn());
        let dx = relu.backward(&ArrayD::from_elem(IxDyn(&[2, 2]), 5.0));
        assert_eq!(dx, arr2(&[[5.0, 0.0], [0.0, 5.0]]).into_dyn());
    }

    #[test]
    fn relu_backward_matches_numerical_gradient() {
        let mut rng = seeded(1);
        // Inputs kept away from 0, where ReLU has a kink and the numerical slope is meaningless.
        let x =
            crate::init::gaussian(&[4, 5], 1.0, &mut rng).mapv(|v: f64| if v.abs() < 0.01 { 0.5 } else { v });
        for (name, diff) in gradient_check_layer(&mut Relu::new(), &x, &mut rng) {
            assert!(diff < 1e-8, "{name}: max |backprop − numerical| = {diff}");
        }
    }

    #[test]
    fn relu_works_on_any_shape() {
        let mut rng = seeded(11);
        let x = crate::init::gaussian::<f64>(&[2, 3, 2, 2], 1.0, &mut rng)
            .mapv(|v| if v.abs() < 0.01 { -0.5 } else { v });
        for (name, diff) in gradient_check_layer(&mut Relu::new(), &x, &mut rng) {
            assert!(diff < 1e-8, "{name}: max |backprop − numerical| = {diff}");
        }
    }
}
