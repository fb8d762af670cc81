//! XOR: no single perceptron computes it; two layers of them do.

use ndarray::{ArrayView1, aview1};

use crate::Perceptron;
use crate::gates::{and, nand, or, truth_table};

// ANCHOR: xor
/// XOR from the gates: a first layer computes s₁ = NAND(x₁, x₂) and
/// s₂ = OR(x₁, x₂), a second layer y = AND(s₁, s₂).
pub fn xor(x1: u8, x2: u8) -> u8 {
    let s1 = nand(x1, x2);
    let s2 = or(x1, x2);
    and(s1, s2)
}
// ANCHOR_END: xor

// ANCHOR: xor_net
/// The same two-layer perceptron on any real inputs (x₁, x₂), not just 0 and 1:
/// what it answers everywhere in the plane is the region it carves.
pub fn xor_net(x: ArrayView1<'_, f64>) -> u8 {
    let s1 = Perceptron::nand().output(x); // layer 1
    let s2 = Perceptron::or().output(x);
    Perceptron::and().output(aview1(&[f64::from(s1), f64::from(s2)])) // layer 2
}
// ANCHOR_END: xor_net

/// The result of trying many single perceptrons on one truth table.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    /// How many perceptrons were tried.
    pub tried: usize,
    /// How many of them got all four rows right.
    pub perfect: usize,
    /// The most rows any of them got right.
    pub best_rows: usize,
    /// One perceptron that got `best_rows` rows right.
    pub best: Perceptron,
}

// ANCHOR: search
/// Tries every perceptron with w₁, w₂ and b on a grid from −1 to 1 in steps of
/// 1/`steps`, and counts how many compute the truth table `target` (outputs for
/// [`INPUTS`](crate::gates::INPUTS)).
pub fn search_single_perceptrons(target: [u8; 4], steps: i32) -> Search {
    let grid = || (-steps..=steps).map(move |k| f64::from(k) / f64::from(steps));
    let none = Perceptron::new(&[0.0, 0.0], 0.0);
    let mut search = Search { tried: 0, perfect: 0, best_rows: 0, best: none };
    for w1 in grid() {
        for w2 in grid() {
            for b in grid() {
                let p = Perceptron::new(&[w1, w2], b);
                let outputs = truth_table(|x1, x2| p.gate(x1, x2));
                let rows = outputs.iter().zip(&target).filter(|(y, t)| y == t).count();
                search.tried += 1;
                if rows == 4 {
                    search.perfect += 1;
                }
                if rows > search.best_rows {
                    search.best_rows = rows;
                    search.best = p;
                }
            }
        }
    }
    search
}
// ANCHOR_END: search

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xor_has_its_truth_table() {
        assert_eq!(truth_table(xor), [0, 1, 1, 0]);
    }

    #[test]
    fn the_two_layer_net_is_xor_on_the_corners() {
        let net = |x1: u8, x2: u8| xor_net(aview1(&[f64::from(x1), f64::from(x2)]));
        assert_eq!(truth_table(net), [0, 1, 1, 0]);
    }

    #[test]
    fn the_two_layer_net_answers_1_only_in_the_band_between_two_lines() {
        // Between OR's line (x₁ + x₂ = 0.4) and NAND's line (x₁ + x₂ = 1.4).
        for (x, y) in [(0.3, 0.3), (0.9, 0.3), (-0.5, 1.5)] {
            assert_eq!(xor_net(aview1(&[x, y])), 1, "({x}, {y})");
        }
        for (x, y) in [(0.1, 0.1), (1.0, 0.5), (-1.0, 0.0)] {
            assert_eq!(xor_net(aview1(&[x, y])), 0, "({x}, {y})");
        }
    }

    #[test]
    fn a_grid_of_single_perceptrons_finds_and_nand_or_but_never_xor() {
        for target in [[0, 0, 0, 1], [1, 1, 1, 0], [0, 1, 1, 1]] {
            let s = search_single_perceptrons(target, 10);
            assert_eq!(s.tried, 21 * 21 * 21);
            assert!(s.perfect > 0 && s.best_rows == 4);
        }
        let s = search_single_perceptrons([0, 1, 1, 0], 10);
        assert_eq!((s.perfect, s.best_rows), (0, 3));
    }
}
