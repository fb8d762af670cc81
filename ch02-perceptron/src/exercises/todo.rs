//! Your work: replace each `todo!()` with code. Each exercise's test tells you when it works:
//! `cargo test -p ch02-perceptron -- --ignored ex2_1` (and `ex2_2` … `ex2_5`).
#![allow(unused_variables, unused_imports, unused_mut)]

use crate::Perceptron;
use crate::gates::{and, nand, or};
use crate::learning::{Examples, count_errors, train_epoch};
use crate::xor::xor;

// ANCHOR: ex2_1
/// Exercise 2.1: a perceptron that computes NOR, y = NOT(x₁ OR x₂):
///
/// | x₁ | x₂ | y |
/// |----|----|---|
/// | 0  | 0  | 1 |
/// | 1  | 0  | 0 |
/// | 0  | 1  | 0 |
/// | 1  | 1  | 0 |
pub fn nor_perceptron() -> Perceptron {
    // TODO(ex 2.1): pick w₁, w₂ and b so that w₁x₁ + w₂x₂ + b > 0
    // only at (0, 0).
    // Hint: NOR is NOT OR; look at how NAND's numbers relate to AND's.
    todo!("exercise 2.1")
}
// ANCHOR_END: ex2_1

// ANCHOR: ex2_2
/// Exercise 2.2: a half adder adds two bits a + b and returns (sum, carry), where
/// a + b = 2·carry + sum.
pub fn half_adder(a: u8, b: u8) -> (u8, u8) {
    // TODO(ex 2.2): the sum bit is 1 when exactly one input is 1; the carry bit
    // when both are. Use the chapter's gates (`xor`, `and`, …), not `+`.
    todo!("exercise 2.2")
}
// ANCHOR_END: ex2_2

// ANCHOR: ex2_3
/// Exercise 2.3: a full adder adds three bits a + b + carry_in and returns
/// (sum, carry_out).
pub fn full_adder(a: u8, b: u8, carry_in: u8) -> (u8, u8) {
    // TODO(ex 2.3): add a and b with one half adder, add carry_in to that sum
    // with a second, and carry out if either half adder carried (an `or`).
    todo!("exercise 2.3")
}
// ANCHOR_END: ex2_3

// ANCHOR: ex2_4
/// Exercise 2.4: adds two bytes one bit at a time, the way hardware does, with eight
/// calls of `full_adder` (yours from 2.3: `add_bytes(a, b, full_adder)`), and returns
/// (the low 8 bits of the sum, the carry out of the top bit).
pub fn add_bytes(a: u8, b: u8, mut full_adder: impl FnMut(u8, u8, u8) -> (u8, u8)) -> (u8, u8) {
    // TODO(ex 2.4): for bit i = 0..8, take bit i of a and b (`(a >> i) & 1`),
    // add them with the carry from bit i − 1 (0 for bit 0) by calling `full_adder`,
    // and set bit i of the result (`sum |= s << i`). No `+` on the numbers themselves.
    todo!("exercise 2.4")
}
// ANCHOR_END: ex2_4

// ANCHOR: ex2_5
/// Exercise 2.5: the pocket algorithm. Runs `epochs` epochs of the learning rule
/// (`train_epoch`) on a copy of `start` and returns the best perceptron seen: `start`
/// or the perceptron after one of the epochs, whichever makes the fewest errors on the
/// examples (`count_errors`); of several equally good ones, the first.
pub fn pocket(start: &Perceptron, examples: &Examples, eta: f64, epochs: usize) -> Perceptron {
    // TODO(ex 2.5): keep two perceptrons: `p`, which learns, and the best so far (the
    // "pocket", with its number of errors). After each epoch, count p's errors; if
    // they are fewer than the pocket's, put a copy of p in the pocket.
    todo!("exercise 2.5")
}
// ANCHOR_END: ex2_5
