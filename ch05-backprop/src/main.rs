//! Chapter 5: backpropagation. One subcommand per section; without one, every section runs
//! in the book's order.
//!
//! ```text
//! cargo run -p ch05-backprop                      # the whole chapter
//! cargo run -p ch05-backprop -- graphs            # 5.2, 5.5: the chain rule and sigmoid graphs
//! cargo run -p ch05-backprop -- buy-apple         # 5.4: the multiply node on the apple graph
//! cargo run -p ch05-backprop -- buy-apple-orange  # 5.4: add and multiply nodes together
//! cargo run -p ch05-backprop -- softmax-with-loss # 5.6.3: the Softmax-with-Loss graph, y − t
//! cargo run -p ch05-backprop -- gradient-check    # 5.7.3: backprop vs numerical gradients
//! cargo run -p ch05-backprop -- train             # 5.7.4: training with backprop
//! ```
//!
//! Figures go to `ch05-backprop/out/` (`--figures DIR` to choose), and every file written is
//! named in the output.

mod sections;

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use common::cli::{ChapterArgs, DataArgs, learning_rate, whole_in};
use common::data::{Dataset, LoadOptions, Mnist, load_mnist};
use common::files::check_output_dir;

#[derive(Parser, Debug)]
#[command(about = "Chapter 5 of Deep Learning from Scratch: backpropagation")]
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
    /// 5.2 and 5.5: draw the chain rule's graph and the sigmoid's graph (symbols, no numbers).
    Graphs,
    /// 5.4: two apples with tax through multiply nodes, forward and backward.
    BuyApple,
    /// 5.4: apples and oranges with tax, through add and multiply nodes.
    BuyAppleOrange,
    /// 5.6.3: Softmax-with-Loss as a graph of its nodes, forward and backward: y − t.
    SoftmaxWithLoss,
    /// 5.7.3: compare backprop gradients with numerical ones on 3 training images (f64).
    GradientCheck,
    /// 5.7.4: train the 784→50→10 net with backprop gradients (f32), then time backprop
    /// against the numerical gradient.
    Train(TrainArgs),
}

/// The book's hyperparameters by default.
#[derive(clap::Args, Debug, Clone)]
pub struct TrainArgs {
    /// Number of mini-batch updates.
    #[arg(long, default_value_t = 10_000, value_parser = whole_in(1, 1_000_000), allow_negative_numbers = true)]
    pub iters: usize,
    /// Examples per mini-batch (the training set has 60,000).
    #[arg(long, default_value_t = 100, value_parser = whole_in(1, 60_000), allow_negative_numbers = true)]
    pub batch_size: usize,
    /// Learning rate of SGD.
    #[arg(long, default_value_t = 0.1, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: f64,
    /// Width of the hidden layer.
    #[arg(long, default_value_t = 50, value_parser = whole_in(1, 10_000), allow_negative_numbers = true)]
    pub hidden: usize,
}

impl Default for TrainArgs {
    fn default() -> Self {
        TrainArgs { iters: 10_000, batch_size: 100, lr: 0.1, hidden: 50 }
    }
}

fn main() -> ExitCode {
    // Bad input is one clear line and a non-zero exit, never a backtrace.
    common::cli::main(|| run(Cli::parse()))
}

fn run(cli: Cli) -> Result<()> {
    let figures = cli.chapter.figures_dir(env!("CARGO_MANIFEST_DIR"), cli.data.dataset);
    let seed = cli.chapter.seed;
    let dataset = cli.data.dataset;
    // Every section but the gradient check writes figures: the folder is checked first.
    if !matches!(cli.command, Some(Command::GradientCheck)) {
        check_output_dir(&figures)?;
    }
    match cli.command {
        Some(Command::Graphs) => sections::graphs::run(&figures),
        Some(Command::BuyApple) => sections::shopping::buy_apple(&figures),
        Some(Command::BuyAppleOrange) => sections::shopping::buy_apple_orange(&figures),
        Some(Command::SoftmaxWithLoss) => sections::softmax_loss::run(&figures),
        Some(Command::GradientCheck) => sections::gradient_check::run(&load(dataset)?, seed),
        Some(Command::Train(args)) => {
            sections::training::run(&load(dataset)?, dataset, &args, seed, &figures)
        }
        None => {
            println!("== 5.2 and 5.5: the chain rule and sigmoid graphs ==");
            sections::graphs::run(&figures)?;
            println!("\n== 5.4.1 Multiply nodes: buying apples ==");
            sections::shopping::buy_apple(&figures)?;
            println!("\n== 5.4.2 Add and multiply nodes: buying apples and oranges ==");
            sections::shopping::buy_apple_orange(&figures)?;
            println!("\n== 5.6.3 The Softmax-with-Loss graph ==");
            sections::softmax_loss::run(&figures)?;
            let data = load(dataset)?;
            println!("\n== 5.7.3 Gradient check ==");
            sections::gradient_check::run(&data, seed)?;
            println!("\n== 5.7.4 Training with backpropagation ==");
            sections::training::run(&data, dataset, &TrainArgs::default(), seed, &figures)
        }
    }
}

/// MNIST (or Fashion-MNIST) as the book loads it: normalised, flattened, in `f32`.
fn load(dataset: Dataset) -> Result<Mnist<f32>> {
    load_mnist(dataset, LoadOptions::default()).context("cannot load the dataset")
}
