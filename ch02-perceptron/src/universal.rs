//! NAND alone is enough: every other gate, and so in principle a whole computer, can be wired
//! from NAND gates, each of them a single perceptron.

use crate::gates::nand;

// ANCHOR: from_nand
/// NOT x = NAND(x, x).
pub fn not(x: u8) -> u8 {
    nand(x, x)
}

/// AND = NOT(NAND).
pub fn and_from_nand(x1: u8, x2: u8) -> u8 {
    not(nand(x1, x2))
}

/// OR(x₁, x₂) = NAND(NOT x₁, NOT x₂) (De Morgan).
pub fn or_from_nand(x1: u8, x2: u8) -> u8 {
    nand(not(x1), not(x2))
}

/// XOR from four NANDs: m = NAND(x₁, x₂), y = NAND(NAND(x₁, m), NAND(x₂, m)).
pub fn xor_from_nand(x1: u8, x2: u8) -> u8 {
    let m = nand(x1, x2);
    nand(nand(x1, m), nand(x2, m))
}
// ANCHOR_END: from_nand

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gates::{and, or, truth_table};
    use crate::xor::xor;

    #[test]
    fn gates_built_from_nand_alone_equal_the_perceptron_gates() {
        assert_eq!([not(0), not(1)], [1, 0]);
        assert_eq!(truth_table(and_from_nand), truth_table(and));
        assert_eq!(truth_table(or_from_nand), truth_table(or));
        assert_eq!(truth_table(xor_from_nand), truth_table(xor));
    }
}
