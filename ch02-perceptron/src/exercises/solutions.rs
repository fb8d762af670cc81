//! Reference solutions for the exercises of chapter 2.

use crate::Perceptron;
use crate::gates::{and, or};
use crate::learning::{Examples, count_errors, train_epoch};
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
pub fn add_bytes(a: u8, b: u8, mut full_adder: impl FnMut(u8, u8, u8) -> (u8, u8)) -> (u8, u8) {
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

// ANCHOR: pocket
/// Exercise 2.5: the pocket algorithm. The learning rule runs on a copy of `start`; after
/// each epoch, a perceptron that makes fewer errors than the one in the pocket replaces it.
pub fn pocket(start: &Perceptron, examples: &Examples, eta: f64, epochs: usize) -> Perceptron {
    let mut p = start.clone();
    let mut best = start.clone();
    let mut best_errors = count_errors(start, examples);
    for _ in 0..epochs {
        train_epoch(&mut p, examples, eta);
        let errors = count_errors(&p, examples);
        if errors < best_errors {
            best = p.clone();
            best_errors = errors;
        }
    }
    best
}
// ANCHOR_END: pocket
