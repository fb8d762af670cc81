//! 2.1–2.3: a perceptron; AND, NAND and OR, first with a threshold θ, then with a bias b.

use std::path::Path;

use anyhow::Result;
use ndarray::array;

use ch02_perceptron::Perceptron;
use ch02_perceptron::gates::{INPUTS, and, and_threshold, nand, or};
use ch02_perceptron::{diagrams, figures};

use super::{figure, heading};

/// Prints sections 2.1 to 2.3 and writes their figures into `dir`.
pub fn run(dir: &Path) -> Result<()> {
    heading("2.1 A perceptron: input signals x1, x2, weights w1, w2, one output signal y");
    figure(&diagrams::perceptron_diagram(dir)?);

    heading("2.3.1 A first perceptron: AND with a threshold θ");
    println!("  (w1, w2, θ) = (0.5, 0.5, 0.7);  y = 1 if w1·x1 + w2·x2 > θ");
    for (x1, x2) in INPUTS {
        println!("  AND({x1}, {x2}) = {}", and_threshold(x1, x2));
    }

    heading("2.3.2 Weights and bias: θ becomes b = −θ;  y = 1 if b + w1·x1 + w2·x2 > 0");
    let x = array![0.0, 1.0];
    let w = array![0.5, 0.5];
    let b = -0.7;
    println!("  x = {x}   w = {w}   b = {b}");
    println!("  w*x          = {}", &w * &x);
    println!("  sum(w*x)     = {}", (&w * &x).sum());
    println!("  sum(w*x) + b = {}", (&w * &x).sum() + b);

    heading("2.3.3 AND, NAND and OR: the same perceptron, different weights and bias");
    println!("  gate     w1     w2      b");
    for (name, p) in [("AND", Perceptron::and()), ("NAND", Perceptron::nand()), ("OR", Perceptron::or())] {
        println!("  {name:<4} {:>6} {:>6} {:>6}", p.w[0], p.w[1], p.b);
    }
    println!();
    println!("  x1 x2 | AND NAND  OR");
    for (x1, x2) in INPUTS {
        println!("   {x1}  {x2} | {:>3} {:>4} {:>3}", and(x1, x2), nand(x1, x2), or(x1, x2));
    }
    figure(&figures::gates_figure(dir)?);
    Ok(())
}
