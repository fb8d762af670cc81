//! Exercises for chapter 2. Edit `todo.rs`, then check one exercise with its command, e.g.
//! `cargo test -p ch02-perceptron -- --ignored ex2_1`.
//!
//! - **2.1 NOR.** Find weights and a bias for NOR (1 only when both inputs are 0):
//!   [`nor_perceptron`].
//! - **2.2 A half adder.** Add two bits: the sum bit and the carry bit, wired from the
//!   chapter's gates: [`half_adder`].
//! - **2.3 A full adder.** Add two bits and an incoming carry, from two half adders and an
//!   OR: [`full_adder`].
//! - **2.4 Adding bytes.** Chain eight full adders into a ripple-carry adder that adds two
//!   8-bit numbers, one bit at a time: [`add_bytes`].
//! - **2.5 Stop when learned.** Run the learning rule until an epoch makes no error, and say
//!   how many epochs that took (or `None` if it never happens): [`train_until_converged`].
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
    use crate::gates::truth_table;
    use crate::learning::{Examples, random_perceptron, train};
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
        for (a, b) in crate::gates::INPUTS {
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

    #[test]
    #[ignore = "exercise 2.4"]
    fn ex2_4_add_bytes_adds_every_pair_of_bytes() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let (sum, carry) = add_bytes(a, b);
                assert_eq!(u16::from(carry) * 256 + u16::from(sum), u16::from(a) + u16::from(b), "{a} + {b}");
            }
        }
    }

    #[test]
    #[ignore = "exercise 2.5"]
    fn ex2_5_training_stops_at_the_first_error_free_epoch() {
        for seed in 0..20 {
            let examples = Examples::truth_table(crate::gates::and);
            let start = random_perceptron(&mut seeded(seed));
            let mut p = start.clone();
            let epochs = train_until_converged(&mut p, &examples, 0.1, 50).expect("AND is learnable");
            // The same start, trained for a fixed number of epochs: the first clean one.
            let errors = train(&mut start.clone(), &examples, 0.1, 50);
            let first_clean = errors.iter().position(|&e| e == 0).unwrap() + 1;
            assert_eq!(epochs, first_clean, "seed {seed}: errors per epoch {errors:?}");
            assert_eq!(truth_table(|x1, x2| p.gate(x1, x2)), [0, 0, 0, 1]);
        }
        let mut p = random_perceptron(&mut seeded(0));
        assert_eq!(train_until_converged(&mut p, &Examples::truth_table(xor), 0.1, 50), None);
    }
}
