//! Chapter 4: learning from data. One subcommand a section; with none, it trains the
//! two-layer network on MNIST (the chapter's headline experiment).
//!
//! This file reads the command line and runs the section it names; each section's printing
//! is in `sections/`, in the book's order, and what it computes is in the library.

mod sections;

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};

use common::cli::{ChapterArgs, DataArgs, learning_rate, whole_in};
use common::files::check_output_dir;

/// Chapter 4 of Deep Learning from Scratch: how a network learns from data.
#[derive(Parser, Debug)]
#[command(version, about, term_width = 80)]
struct Cli {
    #[command(flatten)]
    chapter: ChapterArgs,
    #[command(flatten)]
    data: DataArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 4.2 Loss functions: squared error, cross-entropy, mini-batches, accuracy vs loss
    Loss,
    /// 4.3 Numerical differentiation: slopes, tangents, step sizes, partial derivatives
    NumericalDiff,
    /// 4.4 Gradients: the gradient of x0² + x1², its field, gradient descent
    Gradient,
    /// 4.4.2 simpleNet: the gradient of a loss with respect to a weight matrix
    SimpleNet,
    /// 4.5 The two-layer network on MNIST: numerical gradient cost, then SGD (the default)
    Train(TrainArgs),
    /// Beyond the book: a small network learns a 2-D toy dataset; its decision regions
    Classify2d(Classify2dArgs),
}

#[derive(clap::Args, Debug, Clone)]
struct TrainArgs {
    /// Gradient steps, 1 to 1000000.
    #[arg(long, default_value_t = 10_000, value_parser = whole_in(1, 1_000_000), allow_negative_numbers = true)]
    iters: usize,
    /// Images per mini-batch, 1 to 60000.
    #[arg(long, default_value_t = 100, value_parser = whole_in(1, 60_000), allow_negative_numbers = true)]
    batch_size: usize,
    /// Learning rate (a positive number).
    #[arg(long, default_value_t = 0.1, value_parser = learning_rate, allow_negative_numbers = true)]
    lr: f64,
    /// Images in the batch whose full numerical gradient is timed, 0 to 100 (0 skips the timing).
    #[arg(long, default_value_t = 3, value_parser = whole_in(0, 100), allow_negative_numbers = true)]
    numerical_batch: usize,
}

impl Default for TrainArgs {
    fn default() -> Self {
        TrainArgs { iters: 10_000, batch_size: 100, lr: 0.1, numerical_batch: 3 }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum Toy {
    Spiral,
    Circle,
    Xor,
    Blobs,
}

#[derive(clap::Args, Debug, Clone)]
struct Classify2dArgs {
    /// Which toy dataset.
    #[arg(long, value_enum, default_value_t = Toy::Spiral)]
    toy: Toy,
    /// Units in each of the two hidden layers, 1 to 1000.
    #[arg(long, default_value_t = 32, value_parser = whole_in(1, 1000), allow_negative_numbers = true)]
    hidden: usize,
    /// Gradient steps (each on the whole dataset), 1 to 100000.
    #[arg(long, default_value_t = 5000, value_parser = whole_in(1, 100_000), allow_negative_numbers = true)]
    steps: usize,
    /// Learning rate (a positive number).
    #[arg(long, default_value_t = 0.1, value_parser = learning_rate, allow_negative_numbers = true)]
    lr: f64,
}

fn main() -> ExitCode {
    // Bad input is one clear line and a non-zero exit, never a backtrace.
    common::cli::main(|| run(common::cli::parse()))
}

fn run(cli: Cli) -> Result<()> {
    let figures = cli.chapter.figures_dir(env!("CARGO_MANIFEST_DIR"), cli.data.dataset);
    check_output_dir(&figures)?;
    let (seed, dataset) = (cli.chapter.seed, cli.data.dataset);
    match cli.command.unwrap_or(Command::Train(TrainArgs::default())) {
        Command::Loss => sections::loss::run(seed, dataset, &figures),
        Command::NumericalDiff => sections::numerical_diff::run(&figures),
        Command::Gradient => sections::gradient::run(&figures),
        Command::SimpleNet => sections::simple_net::run(seed),
        Command::Train(args) => sections::train::run(seed, dataset, &args, &figures),
        Command::Classify2d(args) => sections::classify2d::run(seed, &args, &figures),
    }
}
