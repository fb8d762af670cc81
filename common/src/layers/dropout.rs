use std::marker::PhantomData;

use ndarray::{ArrayD, Zip};
use rand::Rng as _;

use super::{BACKWARD_BEFORE_FORWARD, Layer};
use crate::Float;
use crate::rng::{Rng, seeded};

// ANCHOR: dropout_layer
/// Dropout (Srivastava et al., 2014): during training, each unit is switched off with
/// probability `ratio`, afresh for every example of every mini-batch, so the network
/// cannot lean on any one unit; at inference every unit stays on and its output is scaled
/// by the fraction that was kept on average. This is the book's ("direct") form; the
/// "inverted" form used by most libraries divides by 1 − ratio during training instead.
///
/// forward (train):     mask = (u > ratio) with u ~ U[0, 1) per element;  y = x ⊙ mask
/// forward (inference): y = x · (1 − ratio)
/// backward:            dx = dout ⊙ mask
#[derive(Debug, Clone)]
pub struct Dropout<F> {
    /// The probability of dropping a unit (the book's `dropout_ratio`, 0.5 by default).
    pub ratio: f64,
    mask: Option<ArrayD<bool>>, // true where the unit was kept in the last training pass
    rng: Rng,                   // the layer's own stream of masks, seeded
    float: PhantomData<F>,      // the float type it works in
}

impl<F: Float> Dropout<F> {
    /// A dropout layer that drops each unit with probability `ratio`, drawing its masks from
    /// a generator seeded with `seed`.
    pub fn new(ratio: f64, seed: u64) -> Self {
        assert!((0.0..1.0).contains(&ratio), "Dropout: ratio must be in [0, 1), got {ratio}");
        Dropout { ratio, mask: None, rng: seeded(seed), float: PhantomData }
    }

    /// A fresh mask for an input of `shape`: true (kept) with probability 1 − ratio.
    pub fn draw_mask(&mut self, shape: &[usize]) -> ArrayD<bool> {
        let ratio = self.ratio;
        ArrayD::from_shape_simple_fn(shape, || self.rng.random::<f64>() > ratio)
    }

    /// The training forward pass with a given mask (what `forward` does after drawing one;
    /// also how a test holds the mask still).
    pub fn forward_with_mask(&mut self, x: &ArrayD<F>, mask: ArrayD<bool>) -> ArrayD<F> {
        assert_eq!(x.shape(), mask.shape(), "Dropout: mask shape differs from input shape");
        let out = Zip::from(x).and(&mask).map_collect(|&v, &keep| if keep { v } else { F::zero() });
        self.mask = Some(mask);
        out
    }
}

impl<F: Float> Layer<F> for Dropout<F> {
    fn forward(&mut self, x: &ArrayD<F>, train: bool) -> ArrayD<F> {
        if train {
            let mask = self.draw_mask(x.shape());
            self.forward_with_mask(x, mask)
        } else {
            x * F::lit(1.0 - self.ratio)
        }
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let mask = self.mask.as_ref().expect(BACKWARD_BEFORE_FORWARD);
        Zip::from(dout).and(mask).map_collect(|&d, &keep| if keep { d } else { F::zero() })
    }
}
// ANCHOR_END: dropout_layer

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::gradient_check_layer;

    /// Dropout with its mask held still, so that the numerical gradient (which runs the
    /// forward pass many times) sees one function.
    struct FixedMask(Dropout<f64>, ArrayD<bool>);

    impl Layer<f64> for FixedMask {
        fn forward(&mut self, x: &ArrayD<f64>, _train: bool) -> ArrayD<f64> {
            self.0.forward_with_mask(x, self.1.clone())
        }
        fn backward(&mut self, dout: &ArrayD<f64>) -> ArrayD<f64> {
            self.0.backward(dout)
        }
    }

    #[test]
    fn dropout_backward_with_a_fixed_mask_matches_numerical_gradient() {
        let mut rng = seeded(8);
        let mut dropout = Dropout::new(0.3, 1);
        let mask = dropout.draw_mask(&[4, 6]);
        assert!(mask.iter().any(|&k| k) && mask.iter().any(|&k| !k), "the mask drops some and keeps some");
        let x = crate::init::gaussian(&[4, 6], 1.0, &mut rng);
        for (name, diff) in gradient_check_layer(&mut FixedMask(dropout, mask), &x, &mut rng) {
            assert!(diff < 1e-9, "{name}: max |backprop − numerical| = {diff}");
        }
    }

    #[test]
    fn dropout_drops_about_ratio_in_training_and_scales_by_one_minus_ratio_at_inference() {
        let mut dropout = Dropout::new(0.2, 5);
        let x = ArrayD::<f64>::ones(ndarray::IxDyn(&[100, 100]));
        let y = dropout.forward(&x, true);
        let kept = y.sum() / 10_000.0;
        assert!((kept - 0.8).abs() < 0.02, "kept fraction {kept}");
        let dx = dropout.backward(&x);
        assert_eq!(dx, y, "the gradient flows exactly where the units were kept");
        // At inference: E[train output] = 0.8·x, and inference gives the same 0.8·x.
        let y = dropout.forward(&x, false);
        assert!(y.iter().all(|&v| (v - 0.8).abs() < 1e-15));
    }

    #[test]
    fn dropout_masks_reproduce_from_the_seed() {
        let (mut a, mut b) = (Dropout::<f32>::new(0.5, 9), Dropout::<f32>::new(0.5, 9));
        assert_eq!(a.draw_mask(&[3, 5]), b.draw_mask(&[3, 5]));
        assert_ne!(a.draw_mask(&[3, 5]), Dropout::<f32>::new(0.5, 10).draw_mask(&[3, 5]));
    }
}
