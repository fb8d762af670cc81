//! AND, NAND and OR: one perceptron each, the same code with different numbers.

use ndarray::array;

use crate::Perceptron;

/// The four inputs of a two-input gate, in the order the book lists them.
pub const INPUTS: [(u8, u8); 4] = [(0, 0), (1, 0), (0, 1), (1, 1)];

// ANCHOR: and_threshold
/// AND as a first perceptron: y = 1 if w₁x₁ + w₂x₂ > θ,
/// with (w₁, w₂, θ) = (0.5, 0.5, 0.7).
pub fn and_threshold(x1: u8, x2: u8) -> u8 {
    let (w1, w2, theta) = (0.5, 0.5, 0.7);
    let tmp = f64::from(x1) * w1 + f64::from(x2) * w2;
    if tmp <= theta { 0 } else { 1 }
}
// ANCHOR_END: and_threshold

// ANCHOR: and
/// AND with weights and bias: y = 1 if 0.5x₁ + 0.5x₂ − 0.7 > 0.
pub fn and(x1: u8, x2: u8) -> u8 {
    let x = array![f64::from(x1), f64::from(x2)];
    let w = array![0.5, 0.5]; // weights
    let b = -0.7; // bias
    let tmp = (&w * &x).sum() + b;
    if tmp <= 0.0 { 0 } else { 1 }
}
// ANCHOR_END: and

// ANCHOR: nand
/// NAND (not AND): y = 1 if −0.5x₁ − 0.5x₂ + 0.7 > 0.
pub fn nand(x1: u8, x2: u8) -> u8 {
    let x = array![f64::from(x1), f64::from(x2)];
    let w = array![-0.5, -0.5]; // only the weights and the bias differ from AND
    let b = 0.7;
    let tmp = (&w * &x).sum() + b;
    if tmp <= 0.0 { 0 } else { 1 }
}
// ANCHOR_END: nand

// ANCHOR: or
/// OR: y = 1 if 0.5x₁ + 0.5x₂ − 0.2 > 0.
pub fn or(x1: u8, x2: u8) -> u8 {
    let x = array![f64::from(x1), f64::from(x2)];
    let w = array![0.5, 0.5]; // only the weights and the bias differ from AND
    let b = -0.2;
    let tmp = (&w * &x).sum() + b;
    if tmp <= 0.0 { 0 } else { 1 }
}
// ANCHOR_END: or

// ANCHOR: gate_perceptrons
/// The three gates as [`Perceptron`] values: the numbers are all that tells them apart.
impl Perceptron {
    /// AND: w = (0.5, 0.5), b = −0.7.
    pub fn and() -> Self {
        Perceptron::new(&[0.5, 0.5], -0.7)
    }

    /// NAND: w = (−0.5, −0.5), b = 0.7.
    pub fn nand() -> Self {
        Perceptron::new(&[-0.5, -0.5], 0.7)
    }

    /// OR: w = (0.5, 0.5), b = −0.2.
    pub fn or() -> Self {
        Perceptron::new(&[0.5, 0.5], -0.2)
    }
}
// ANCHOR_END: gate_perceptrons

/// A two-input gate, named.
#[derive(Debug, Clone, Copy)]
pub struct Gate {
    pub name: &'static str,
    pub f: fn(u8, u8) -> u8,
}

/// AND, NAND and OR, in the book's order.
pub const GATES: [Gate; 3] =
    [Gate { name: "AND", f: and }, Gate { name: "NAND", f: nand }, Gate { name: "OR", f: or }];

/// The truth table of `gate`: its output for each of [`INPUTS`].
pub fn truth_table(gate: impl Fn(u8, u8) -> u8) -> [u8; 4] {
    INPUTS.map(|(x1, x2)| gate(x1, x2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn and_with_a_threshold_is_and() {
        assert_eq!(truth_table(and_threshold), [0, 0, 0, 1]);
    }

    #[test]
    fn and_nand_and_or_have_their_truth_tables() {
        assert_eq!(truth_table(and), [0, 0, 0, 1]);
        assert_eq!(truth_table(nand), [1, 1, 1, 0]);
        assert_eq!(truth_table(or), [0, 1, 1, 1]);
    }

    #[test]
    fn the_gate_perceptrons_agree_with_the_gate_functions() {
        for (p, g) in
            [(Perceptron::and(), and as fn(u8, u8) -> u8), (Perceptron::nand(), nand), (Perceptron::or(), or)]
        {
            assert_eq!(truth_table(|x1, x2| p.gate(x1, x2)), truth_table(g));
        }
    }

    #[test]
    fn other_weights_from_the_book_also_make_and() {
        // (w₁, w₂, θ) = (0.5, 0.5, 0.8) and (1.0, 1.0, 1.0) work too.
        for (w, theta) in [(0.5, 0.8), (1.0, 1.0)] {
            let p = Perceptron::new(&[w, w], -theta);
            assert_eq!(truth_table(|x1, x2| p.gate(x1, x2)), [0, 0, 0, 1]);
        }
    }
}
