//! 2.7 (beyond the book): the perceptron learning rule finds the weights by itself.

use std::path::Path;

use anyhow::Result;

use ch02_perceptron::figures;
use ch02_perceptron::learning::learn_gates;
use common::rng::seeded;

use super::{figure, heading};

/// Learns each gate for `epochs` epochs with learning rate `eta`, prints how it went, and
/// writes the two learning figures into `dir`.
pub fn run(eta: f64, epochs: usize, seed: u64, dir: &Path) -> Result<()> {
    heading("2.7 Beyond the book: the perceptron learning rule");
    println!("  for each row (x, t) of the truth table, with y the output:");
    println!("    w ← w + η (t − y) x,   b ← b + η (t − y)");
    println!("  η = {eta}, {epochs} epochs, w1, w2, b start uniform in [−0.5, 0.5) (seed {seed})");
    let runs = learn_gates(eta, epochs, &mut seeded(seed));
    println!("  gate  rows wrong in each epoch");
    for run in &runs {
        let errors: Vec<String> = run.errors.iter().map(|e| e.to_string()).collect();
        println!("  {:<4}  {}", run.gate, errors.join(" "));
    }
    println!();
    for run in &runs {
        let p = run.learned();
        let learned = format!("w = ({:.2}, {:.2}), b = {:.2}", p.w[0], p.w[1], p.b);
        match run.first_clean_epoch() {
            Some(k) => println!("  {:<4}  learned: no errors from epoch {k} on;  {learned}", run.gate),
            None => println!(
                "  {:<4}  not learned: errors in all {} epochs;  {learned}",
                run.gate,
                run.errors.len()
            ),
        }
    }
    figure(&figures::learning_errors_figure(dir, &runs)?);
    figure(&figures::learning_lines_figure(dir, &runs)?);
    Ok(())
}
