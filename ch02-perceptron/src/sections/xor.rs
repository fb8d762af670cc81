//! 2.4–2.6: why one perceptron cannot compute XOR, two layers that can, and every gate from
//! NAND alone.

use std::path::Path;

use anyhow::Result;

use ch02_perceptron::gates::{self, GATES, INPUTS, and, nand, or};
use ch02_perceptron::universal::{and_from_nand, not, or_from_nand, xor_from_nand};
use ch02_perceptron::xor::{search_single_perceptrons, xor};
use ch02_perceptron::{diagrams, figures};

use super::{figure, heading};

/// Prints sections 2.4 to 2.6 and writes their figures into `dir`.
pub fn run(dir: &Path) -> Result<()> {
    heading("2.4 The limits of one perceptron: XOR");
    println!("  x1 x2 | XOR");
    for (x1, x2) in INPUTS {
        println!("   {x1}  {x2} | {:>3}", xor(x1, x2));
    }
    let steps = 10;
    println!("  Every perceptron (one line each) with w1, w2, b each in −1, −0.9, …, 0.9, 1:");
    println!("  gate   perceptrons tried   computing it   most rows right");
    for (name, f) in GATES.iter().map(|g| (g.name, g.f)).chain([("XOR", xor as fn(u8, u8) -> u8)]) {
        let s = search_single_perceptrons(gates::truth_table(f), steps);
        println!("  {name:<4}   {:>17}   {:>12}   {:>10} of 4", s.tried, s.perfect, s.best_rows);
    }
    figure(&figures::xor_no_line_figure(dir)?);

    heading("2.5 Two layers: XOR(x1, x2) = AND(s1, s2) with s1 = NAND(x1, x2), s2 = OR(x1, x2)");
    println!("  x1 x2 | s1 s2 | y");
    for (x1, x2) in INPUTS {
        let (s1, s2) = (nand(x1, x2), or(x1, x2));
        println!("   {x1}  {x2} |  {s1}  {s2} | {}", and(s1, s2));
    }
    for (x1, x2) in INPUTS {
        println!("  XOR({x1}, {x2}) = {}", xor(x1, x2));
    }
    figure(&diagrams::xor_network_diagram(dir)?);
    figure(&figures::xor_two_layers_figure(dir)?);

    heading("2.6 From NAND to a computer: every gate from NAND alone");
    println!("  NOT x = NAND(x, x);  AND = NOT(NAND);  OR = NAND(NOT x1, NOT x2);  XOR = 4 NANDs");
    println!("  x1 x2 | NOT x1 AND  OR XOR");
    let mut same = true;
    for (x1, x2) in INPUTS {
        let row = (not(x1), and_from_nand(x1, x2), or_from_nand(x1, x2), xor_from_nand(x1, x2));
        same &= row == (1 - x1, and(x1, x2), or(x1, x2), xor(x1, x2));
        println!("   {x1}  {x2} | {:>6} {:>3} {:>3} {:>3}", row.0, row.1, row.2, row.3);
    }
    println!("  the same as the perceptron gates above: {}", if same { "yes" } else { "NO" });
    Ok(())
}
