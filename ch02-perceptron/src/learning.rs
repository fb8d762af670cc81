//! Beyond the book: the perceptron learning rule (Rosenblatt, 1958), which finds weights and a
//! bias from examples instead of by hand.
//!
//! For each example x with target t, compute the output y and nudge the parameters toward the
//! right answer: w ← w + η (t − y) x, b ← b + η (t − y). When y = t nothing changes.

use ndarray::{Array1, Array2, aview1};
use rand::Rng as _;

use crate::Perceptron;
use crate::gates::INPUTS;
use common::rng::Rng;

/// Examples to learn from: inputs `x` (one example a row) and their 0/1 targets `t`.
#[derive(Debug, Clone, PartialEq)]
pub struct Examples {
    /// (N, 2)
    pub x: Array2<f64>,
    /// (N,)
    pub t: Vec<u8>,
}

impl Examples {
    /// The truth table of a two-input gate as four examples, in the book's order.
    pub fn truth_table(gate: impl Fn(u8, u8) -> u8) -> Self {
        let x =
            Array2::from_shape_fn((4, 2), |(i, j)| f64::from(if j == 0 { INPUTS[i].0 } else { INPUTS[i].1 }));
        let t = INPUTS.iter().map(|&(x1, x2)| gate(x1, x2)).collect();
        Examples { x, t }
    }
}

// ANCHOR: train_epoch
/// One pass over the examples with the learning rule; returns how many it got wrong.
/// w ← w + η (t − y) x,  b ← b + η (t − y)
pub fn train_epoch(p: &mut Perceptron, examples: &Examples, eta: f64) -> usize {
    let mut errors = 0;
    for (x, &t) in examples.x.rows().into_iter().zip(&examples.t) {
        let y = p.output(x);
        let delta = f64::from(t) - f64::from(y); // t − y: −1, 0 or +1
        if delta != 0.0 {
            errors += 1;
            p.w.scaled_add(eta * delta, &x); // w ← w + η (t − y) x
            p.b += eta * delta; // b ← b + η (t − y)
        }
    }
    errors
}
// ANCHOR_END: train_epoch

// ANCHOR: train
/// `epochs` passes of the learning rule; returns the errors of each pass. Once a pass
/// makes no error, the parameters stop changing, and every later pass makes none either.
pub fn train(p: &mut Perceptron, ex: &Examples, eta: f64, epochs: usize) -> Vec<usize> {
    (0..epochs).map(|_| train_epoch(p, ex, eta)).collect()
}
// ANCHOR_END: train

/// A two-input perceptron with weights and bias drawn uniformly from [−0.5, 0.5).
pub fn random_perceptron(rng: &mut Rng) -> Perceptron {
    let w = Array1::from_shape_fn(2, |_| rng.random_range(-0.5..0.5));
    Perceptron { w, b: rng.random_range(-0.5..0.5) }
}

/// How many examples `p` gets wrong (without learning).
pub fn count_errors(p: &Perceptron, examples: &Examples) -> usize {
    examples.x.rows().into_iter().zip(&examples.t).filter(|&(x, &t)| p.output(x) != t).count()
}

/// One gate learned from its truth table.
#[derive(Debug, Clone)]
pub struct Run {
    pub gate: &'static str,
    pub start: Perceptron,
    /// Errors in each epoch.
    pub errors: Vec<usize>,
    /// The perceptron after each epoch (`after[k]` after epoch k + 1).
    pub after: Vec<Perceptron>,
}

impl Run {
    /// The first epoch (counting from 1) that made no error, if any did.
    pub fn first_clean_epoch(&self) -> Option<usize> {
        self.errors.iter().position(|&e| e == 0).map(|k| k + 1)
    }

    /// The perceptron at the end.
    pub fn learned(&self) -> &Perceptron {
        self.after.last().unwrap_or(&self.start)
    }
}

/// Learns `gate` for `epochs` epochs from a random start, keeping the perceptron after each.
pub fn learn_gate(name: &'static str, gate: fn(u8, u8) -> u8, eta: f64, epochs: usize, rng: &mut Rng) -> Run {
    let examples = Examples::truth_table(gate);
    let start = random_perceptron(rng);
    let mut p = start.clone();
    let mut errors = Vec::with_capacity(epochs);
    let mut after = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        errors.push(train_epoch(&mut p, &examples, eta));
        after.push(p.clone());
    }
    Run { gate: name, start, errors, after }
}

/// AND, OR, NAND and XOR, each learned from its truth table, all from one seeded generator.
pub fn learn_gates(eta: f64, epochs: usize, rng: &mut Rng) -> Vec<Run> {
    use crate::gates::{and, nand, or};
    use crate::xor::xor;
    [("AND", and as fn(u8, u8) -> u8), ("OR", or), ("NAND", nand), ("XOR", xor)]
        .into_iter()
        .map(|(name, gate)| learn_gate(name, gate, eta, epochs, rng))
        .collect()
}

/// The output of `p` at the real point (x₁, x₂).
pub fn output_at(p: &Perceptron, x1: f64, x2: f64) -> u8 {
    p.output(aview1(&[x1, x2]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gates::{and, nand, or, truth_table};
    use crate::xor::xor;
    use common::rng::seeded;

    #[test]
    fn the_learning_rule_learns_and_or_nand_within_a_few_epochs_from_any_seed() {
        for seed in 0..200 {
            let mut rng = seeded(seed);
            for (gate, f) in [("AND", and as fn(u8, u8) -> u8), ("OR", or), ("NAND", nand)] {
                let run = learn_gate(gate, f, 0.1, 20, &mut rng);
                let clean = run
                    .first_clean_epoch()
                    .unwrap_or_else(|| panic!("{gate}, seed {seed}: {:?}", run.errors));
                assert!(clean <= 20, "{gate}, seed {seed}: {:?}", run.errors);
                let p = run.learned();
                assert_eq!(truth_table(|x1, x2| p.gate(x1, x2)), truth_table(f), "{gate}, seed {seed}");
            }
        }
    }

    #[test]
    fn the_learning_rule_never_gets_xor_right() {
        for seed in 0..50 {
            let run = learn_gate("XOR", xor, 0.1, 100, &mut seeded(seed));
            assert!(run.errors.iter().all(|&e| e > 0), "seed {seed}: {:?}", run.errors);
            assert!(count_errors(run.learned(), &Examples::truth_table(xor)) > 0);
        }
    }

    #[test]
    fn an_error_free_epoch_changes_nothing() {
        let mut p = Perceptron::and();
        let before = p.clone();
        assert_eq!(train_epoch(&mut p, &Examples::truth_table(and), 0.1), 0);
        assert_eq!(p, before);
    }

    #[test]
    fn one_wrong_example_moves_the_weights_by_eta_times_x() {
        // Target 1 at (1, 1) but the output is 0: w += 0.1·(1, 1), b += 0.1.
        let mut p = Perceptron::new(&[0.0, 0.0], 0.0);
        let examples = Examples { x: ndarray::array![[1.0, 1.0]], t: vec![1] };
        assert_eq!(train_epoch(&mut p, &examples, 0.1), 1);
        assert_eq!(p, Perceptron::new(&[0.1, 0.1], 0.1));
    }
}
