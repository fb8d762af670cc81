//! Exercises for chapter 2. Edit `todo.rs`, then check one exercise with its command. None of
//! them needs any data.
//!
//! - **2.1 NOR.** Find weights and a bias for NOR (1 only when both inputs are 0):
//!   [`nor_perceptron`]. `cargo test -p ch02-perceptron -- --ignored ex2_1`
//! - **2.2 A half adder.** Add two bits: the sum bit and the carry bit, wired from the
//!   chapter's gates: [`half_adder`]. `cargo test -p ch02-perceptron -- --ignored ex2_2`
//! - **2.3 A full adder.** Add two bits and an incoming carry, from two half adders and an
//!   OR: [`full_adder`]. `cargo test -p ch02-perceptron -- --ignored ex2_3`
//! - **2.4 Adding bytes.** Chain eight full adders into a ripple-carry adder that adds two
//!   8-bit numbers, one bit at a time: [`add_bytes`]. The test hands it a full adder of its
//!   own, and watches which bits go in and which carries come out.
//!   `cargo test -p ch02-perceptron -- --ignored ex2_4`
//! - **2.5 The pocket algorithm.** Run the learning rule and keep, "in the pocket", the best
//!   perceptron seen so far: [`pocket`]. On XOR, where the rule never settles, the last
//!   perceptron is often worse than one it passed on the way.
//!   `cargo test -p ch02-perceptron -- --ignored ex2_5`
//!
//! The reference solutions are in `solutions.rs`; `--features solutions` swaps them in.

#[cfg(not(feature = "solutions"))]
mod todo;
#[cfg(not(feature = "solutions"))]
pub use todo::*;
#[cfg(feature = "solutions")]
mod solutions;
#[cfg(feature = "solutions")]
pub use solutions::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gates::{INPUTS, and, truth_table};
    use crate::learning::{Examples, count_errors, random_perceptron, train_epoch};
    use crate::xor::xor;
    use common::rng::seeded;

    #[test]
    #[ignore = "exercise 2.1"]
    fn ex2_1_nor_perceptron_has_the_nor_truth_table() {
        let p = nor_perceptron();
        assert_eq!(p.w.len(), 2, "a NOR perceptron has two weights");
        assert_eq!(truth_table(|x1, x2| p.gate(x1, x2)), [1, 0, 0, 0]);
    }

    #[test]
    #[ignore = "exercise 2.2"]
    fn ex2_2_half_adder_adds_two_bits() {
        for (a, b) in INPUTS {
            let (sum, carry) = half_adder(a, b);
            assert_eq!(2 * carry + sum, a + b, "half_adder({a}, {b}) = (sum {sum}, carry {carry})");
        }
    }

    #[test]
    #[ignore = "exercise 2.3"]
    fn ex2_3_full_adder_adds_two_bits_and_a_carry() {
        for a in 0..2 {
            for b in 0..2 {
                for c in 0..2 {
                    let (sum, carry) = full_adder(a, b, c);
                    assert!(sum <= 1 && carry <= 1, "outputs are bits");
                    assert_eq!(2 * carry + sum, a + b + c, "full_adder({a}, {b}, {c}) = ({sum}, {carry})");
                }
            }
        }
    }

    /// A full adder by arithmetic, so that exercise 2.4 does not depend on 2.3.
    fn arithmetic_full_adder(a: u8, b: u8, c: u8) -> (u8, u8) {
        ((a + b + c) % 2, (a + b + c) / 2)
    }

    #[test]
    #[ignore = "exercise 2.4"]
    fn ex2_4_add_bytes_adds_every_pair_of_bytes() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let (sum, carry) = add_bytes(a, b, arithmetic_full_adder);
                assert_eq!(u16::from(carry) * 256 + u16::from(sum), u16::from(a) + u16::from(b), "{a} + {b}");
            }
        }
    }

    #[test]
    #[ignore = "exercise 2.4"]
    fn ex2_4_add_bytes_ripples_the_carry_through_eight_full_adders() {
        // 0b1011_0111 + 0b0110_1101, bit by bit from bit 0, by hand:
        //   bit       0  1  2  3  4  5  6  7
        //   a         1  1  1  0  1  1  0  1
        //   b         1  0  1  1  0  1  1  0
        //   carry in  0  1  1  1  1  1  1  1
        //   sum       0  0  1  0  0  1  0  0   carry out of bit 7: 1
        let (a, b) = (0b1011_0111u8, 0b0110_1101u8);
        let mut calls = Vec::new();
        let result = add_bytes(a, b, |x, y, c| {
            calls.push((x, y, c));
            arithmetic_full_adder(x, y, c)
        });
        let expected_calls =
            [(1, 1, 0), (1, 0, 1), (1, 1, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1), (1, 0, 1)];
        assert_eq!(calls, expected_calls, "one full adder a bit, bit 0 first, each taking the last carry");
        assert_eq!(result, (0b0010_0100, 1), "{a} + {b} = 292 = 256 + 36");
        // A full adder that never carries: the result is whatever the adders say it is.
        assert_eq!(add_bytes(a, b, |x, y, c| (x ^ y ^ c, 0)), (a ^ b, 0));
    }

    #[test]
    #[ignore = "exercise 2.5"]
    fn ex2_5_the_pocket_keeps_the_first_of_the_best_perceptrons_seen() {
        let (eta, epochs) = (0.1, 20);
        let mut pocket_did_better = 0;
        for (gate, learnable) in [(and as fn(u8, u8) -> u8, true), (xor, false)] {
            let examples = Examples::truth_table(gate);
            for seed in 0..20 {
                let start = random_perceptron(&mut seeded(seed));
                // Every perceptron the learning rule visits: the start, then one after each epoch.
                let mut visited = vec![start.clone()];
                let mut p = start.clone();
                for _ in 0..epochs {
                    train_epoch(&mut p, &examples, eta);
                    visited.push(p.clone());
                }
                let errors: Vec<usize> = visited.iter().map(|v| count_errors(v, &examples)).collect();
                let found = pocket(&start, &examples, eta, epochs);
                // One of the perceptrons visited, none of which does better; of equals, the first.
                let fewest = *errors.iter().min().unwrap();
                let first_best = errors.iter().position(|&e| e == fewest).unwrap();
                assert_eq!(found, visited[first_best], "seed {seed}: errors after each epoch {errors:?}");
                if learnable {
                    assert_eq!(count_errors(&found, &examples), 0, "AND is learnable: seed {seed}");
                } else if errors[epochs] > fewest {
                    pocket_did_better += 1;
                }
            }
        }
        // On XOR the last perceptron is often not the best one: the test tells them apart.
        assert!(pocket_did_better > 0);
    }
}
