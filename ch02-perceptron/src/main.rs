//! Chapter 2, "Perceptrons": `cargo run -p ch02-perceptron [-- gates|xor|learn]`.
//!
//! This file reads the command line and runs the sections it names; each section's printing
//! is in `sections/`, in the book's order, and what it computes is in the library.

mod sections;

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

use common::cli::{ChapterArgs, learning_rate, whole_in};
use common::data::Dataset;
use common::files::check_output_dir;

/// Chapter 2: perceptrons — logic gates, XOR in two layers, and the perceptron learning rule.
///
/// With no subcommand, runs every section in the chapter's order.
#[derive(Parser, Debug)]
#[command(version, term_width = 80)]
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
    /// Learning rate η (a positive number).
    #[arg(long, default_value_t = 0.1, value_parser = learning_rate, allow_negative_numbers = true)]
    eta: f64,
    /// Number of epochs (passes over the four rows of a truth table), 1 to 1000.
    #[arg(long, default_value_t = 20, value_parser = whole_in(1, 1000), allow_negative_numbers = true)]
    epochs: usize,
}

impl Default for LearnArgs {
    fn default() -> Self {
        LearnArgs { eta: 0.1, epochs: 20 }
    }
}

fn main() -> ExitCode {
    // Bad input is one clear line and a non-zero exit, never a backtrace.
    common::cli::main(|| run(common::cli::parse()))
}

fn run(cli: Cli) -> Result<()> {
    let figures = cli.chapter.figures_dir(env!("CARGO_MANIFEST_DIR"), Dataset::Mnist);
    check_output_dir(&figures)?;
    let seed = cli.chapter.seed;
    match cli.command {
        Some(Command::Gates) => sections::gates::run(&figures),
        Some(Command::Xor) => sections::xor::run(&figures),
        Some(Command::Learn(args)) => sections::learn::run(args.eta, args.epochs, seed, &figures),
        None => {
            sections::heading("Chapter 2 — Perceptrons");
            sections::gates::run(&figures)?;
            sections::xor::run(&figures)?;
            let args = LearnArgs::default();
            sections::learn::run(args.eta, args.epochs, seed, &figures)
        }
    }
}
