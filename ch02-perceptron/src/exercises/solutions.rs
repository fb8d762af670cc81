//! Reference solutions for the exercises of chapter 2.

use crate::Perceptron;
use crate::gates::{and, or};
use crate::learning::{Examples, train_epoch};
use crate::xor::xor;

// ANCHOR: nor_perceptron
/// Exercise 2.1: NOR is OR with every sign flipped: −0.5x₁ − 0.5x₂ + 0.2 > 0 only at (0, 0).
pub fn nor_perceptron() -> Perceptron {
    Perceptron::new(&[-0.5, -0.5], 0.2)
}
// ANCHOR_END: nor_perceptron

// ANCHOR: half_adder
/// Exercise 2.2: sum = XOR(a, b), carry = AND(a, b).
pub fn half_adder(a: u8, b: u8) -> (u8, u8) {
    (xor(a, b), and(a, b))
}
// ANCHOR_END: half_adder

// ANCHOR: full_adder
/// Exercise 2.3: two half adders and an OR.
pub fn full_adder(a: u8, b: u8, carry_in: u8) -> (u8, u8) {
    let (s1, c1) = half_adder(a, b);
    let (sum, c2) = half_adder(s1, carry_in);
    (sum, or(c1, c2))
}
// ANCHOR_END: full_adder

// ANCHOR: add_bytes
/// Exercise 2.4: eight full adders, the carry rippling from bit 0 up to bit 7.
pub fn add_bytes(a: u8, b: u8) -> (u8, u8) {
    let mut sum = 0u8;
    let mut carry = 0u8;
    for i in 0..8 {
        let (s, c) = full_adder((a >> i) & 1, (b >> i) & 1, carry);
        sum |= s << i;
        carry = c;
    }
    (sum, carry)
}
// ANCHOR_END: add_bytes

// ANCHOR: train_until_converged
/// Exercise 2.5: the learning rule, stopped at the first error-free epoch.
pub fn train_until_converged(
    p: &mut Perceptron,
    examples: &Examples,
    eta: f64,
    max_epochs: usize,
) -> Option<usize> {
    (1..=max_epochs).find(|_| train_epoch(p, examples, eta) == 0)
}
// ANCHOR_END: train_until_converged
