//! Chapter 2, "Perceptrons": `cargo run -p ch02-perceptron [-- gates|xor|learn]`.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Result, ensure};
use clap::{Args, Parser, Subcommand};
use ndarray::array;

use ch02_perceptron::Perceptron;
use ch02_perceptron::gates::{GATES, INPUTS, and, and_threshold, nand, or};
use ch02_perceptron::learning::learn_gates;
use ch02_perceptron::universal::{and_from_nand, not, or_from_nand, xor_from_nand};
use ch02_perceptron::xor::{search_single_perceptrons, xor};
use ch02_perceptron::{diagrams, figures, gates};
use common::cli::ChapterArgs;
use common::rng::seeded;

/// Chapter 2: perceptrons — logic gates, XOR in two layers, and the perceptron learning rule.
///
/// With no subcommand, runs every section in the chapter's order.
#[derive(Parser, Debug)]
#[command(version)]
struct Cli {
    #[command(flatten)]
    chapter: ChapterArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 2.1–2.3: a perceptron; AND, NAND and OR with a threshold, then a bias; truth tables, figures.
    Gates,
    /// 2.4–2.6: why one perceptron cannot compute XOR, two layers that can, and NAND's reach.
    Xor,
    /// 2.7 (beyond the book): the perceptron learning rule on AND, OR, NAND and XOR.
    Learn(LearnArgs),
}

#[derive(Args, Debug, Clone)]
struct LearnArgs {
    /// Learning rate η.
    #[arg(long, default_value_t = 0.1)]
    eta: f64,
    /// Number of epochs (passes over the four rows of a truth table).
    #[arg(long, default_value_t = 20)]
    epochs: usize,
}

impl Default for LearnArgs {
    fn default() -> Self {
        LearnArgs { eta: 0.1, epochs: 20 }
    }
}

fn main() -> ExitCode {
    // Bad input is one clear line and a non-zero exit, never a backtrace.
    common::cli::main(|| run(Cli::parse()))
}

fn run(cli: Cli) -> Result<()> {
    let figures = cli.chapter.figures_dir(env!("CARGO_MANIFEST_DIR"), common::data::Dataset::Mnist);
    match cli.command {
        Some(Command::Gates) => gates_sections(&figures)?,
        Some(Command::Xor) => xor_sections(&figures)?,
        Some(Command::Learn(args)) => learn_section(&args, cli.chapter.seed, &figures)?,
        None => {
            heading("Chapter 2 — Perceptrons");
            gates_sections(&figures)?;
            xor_sections(&figures)?;
            learn_section(&LearnArgs::default(), cli.chapter.seed, &figures)?;
        }
    }
    Ok(())
}

/// 2.3.1–2.3.3: the gates.
fn gates_sections(figures: &Path) -> Result<()> {
    heading("2.1 A perceptron: input signals x1, x2, weights w1, w2, one output signal y");
    figure(diagrams::perceptron_diagram(figures)?);

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
    figure(figures::gates_figure(figures)?);
    Ok(())
}

/// 2.4–2.6: XOR, two layers, NAND.
fn xor_sections(figures: &Path) -> Result<()> {
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
    figure(figures::xor_no_line_figure(figures)?);

    heading("2.5 Two layers: XOR(x1, x2) = AND(s1, s2) with s1 = NAND(x1, x2), s2 = OR(x1, x2)");
    println!("  x1 x2 | s1 s2 | y");
    for (x1, x2) in INPUTS {
        let (s1, s2) = (nand(x1, x2), or(x1, x2));
        println!("   {x1}  {x2} |  {s1}  {s2} | {}", and(s1, s2));
    }
    for (x1, x2) in INPUTS {
        println!("  XOR({x1}, {x2}) = {}", xor(x1, x2));
    }
    figure(diagrams::xor_network_diagram(figures)?);
    figure(figures::xor_two_layers_figure(figures)?);

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

/// 2.7: the learning rule.
fn learn_section(args: &LearnArgs, seed: u64, figures: &Path) -> Result<()> {
    ensure!(args.eta.is_finite() && args.eta > 0.0, "--eta must be a positive number, not {}", args.eta);
    ensure!(args.epochs >= 1, "--epochs must be at least 1");
    heading("2.7 Beyond the book: the perceptron learning rule");
    println!("  for each row (x, t) of the truth table, with y the output:");
    println!("    w ← w + η (t − y) x,   b ← b + η (t − y)");
    println!(
        "  η = {}, {} epochs, w1, w2, b start uniform in [−0.5, 0.5) (seed {seed})",
        args.eta, args.epochs
    );
    let runs = learn_gates(args.eta, args.epochs, &mut seeded(seed));
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
    figure(figures::learning_errors_figure(figures, &runs)?);
    figure(figures::learning_lines_figure(figures, &runs)?);
    Ok(())
}

/// Prints a section heading, with a blank line before it unless it is the first line.
fn heading(title: &str) {
    static STARTED: AtomicBool = AtomicBool::new(false);
    if STARTED.swap(true, Ordering::Relaxed) {
        println!();
    }
    println!("{title}");
}

/// Prints where a figure went, relative to the current folder when it is inside it.
fn figure(path: PathBuf) {
    println!("  figure: {}", shown(&path).display());
}

/// `path` without `..` detours, and relative to the current folder if it lies inside it.
fn shown(path: &Path) -> PathBuf {
    let mut clean = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir if clean.file_name().is_some() => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    std::env::current_dir()
        .ok()
        .and_then(|here| clean.strip_prefix(&here).ok().map(Path::to_path_buf))
        .unwrap_or(clean)
}
