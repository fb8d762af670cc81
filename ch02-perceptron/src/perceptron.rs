//! The perceptron: several input signals, one output signal that is either 0 or 1.

use ndarray::{Array1, ArrayView1, aview1};

// ANCHOR: perceptron
/// A perceptron with weights `w` and bias `b`:
/// y = 0 if b + w₁x₁ + w₂x₂ + … ≤ 0, and y = 1 if b + w₁x₁ + w₂x₂ + … > 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Perceptron {
    /// How much each input signal counts.
    pub w: Array1<f64>,
    /// How easily the perceptron fires (b = −θ).
    pub b: f64,
}

impl Perceptron {
    /// A perceptron with weights `w` and bias `b`.
    pub fn new(w: &[f64], b: f64) -> Self {
        Perceptron { w: Array1::from(w.to_vec()), b }
    }

    /// The weighted sum plus bias, a = w·x + b (the book's `np.sum(w*x) + b`).
    pub fn weighted_sum(&self, x: ArrayView1<'_, f64>) -> f64 {
        (&self.w * &x).sum() + self.b
    }

    /// The output: y = 1 if w·x + b > 0, else 0.
    pub fn output(&self, x: ArrayView1<'_, f64>) -> u8 {
        if self.weighted_sum(x) <= 0.0 { 0 } else { 1 }
    }

    /// The output for two 0/1 inputs: the perceptron used as a logic gate.
    pub fn gate(&self, x1: u8, x2: u8) -> u8 {
        self.output(aview1(&[f64::from(x1), f64::from(x2)]))
    }
}
// ANCHOR_END: perceptron

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn the_weighted_sum_is_the_books_minus_0_2() {
        // x = [0, 1], w = [0.5, 0.5], b = −0.7: the book prints −0.19999999999999996.
        let p = Perceptron::new(&[0.5, 0.5], -0.7);
        assert_eq!(p.weighted_sum(array![0.0, 1.0].view()), -0.19999999999999996);
    }

    #[test]
    fn a_weighted_sum_of_exactly_zero_does_not_fire() {
        let p = Perceptron::new(&[1.0, 1.0], -1.0);
        assert_eq!(p.gate(1, 0), 0);
        assert_eq!(p.gate(1, 1), 1);
    }
}
