//! Chapter 3, "Neural networks": inference, section by section.
//!
//! ```text
//! cargo run -p ch03-inference                      # the whole chapter, in the book's order
//! cargo run -p ch03-inference -- activations       # 3.2 (writes the figures)
//! cargo run -p ch03-inference -- forward           # 3.3 and 3.4 (matrix products, the toy network)
//! cargo run -p ch03-inference -- softmax           # 3.5
//! cargo run -p ch03-inference -- mnist             # 3.6 (reads MNIST, writes the digit figures)
//! cargo run -p ch03-inference -- --weights FILE.npz            # 3.6 with other weights
//! cargo run --release -p ch03-inference -- train-weights       # train weights of one's own
//! ```
//!
//! This file reads the command line, checks it, and runs the sections it names; each
//! section's printing is in `sections/`, and what it computes is in the library.

mod sections;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use ch03_inference::train::{BATCH_SIZE, EPOCHS, LEARNING_RATE};
use clap::{Parser, Subcommand};
use common::cli::{ChapterArgs, DataArgs, learning_rate, whole_in};
use common::files::{check_output_dir, check_output_file};

/// Chapter 3: neural networks, inference. Without a section, runs the whole chapter.
#[derive(Parser, Debug)]
#[command(name = "ch03-inference", version, term_width = 80)]
struct Cli {
    #[command(subcommand)]
    section: Option<Section>,
    #[command(flatten)]
    chapter: ChapterArgs,
    #[command(flatten)]
    data: DataArgs,
    /// Evaluate these weights in the MNIST section: an .npz with W1, b1, W2, b2, W3, b3 in the
    /// book's shapes (float32 or float64). Given alone, runs only the MNIST section.
    #[arg(long, global = true, value_name = "FILE.npz")]
    weights: Option<PathBuf>,
}

#[derive(Subcommand, Debug, Clone)]
enum Section {
    /// 3.2 Activation functions: step, sigmoid, ReLU, tanh, identity (and their figures).
    Activations,
    /// 3.3–3.4 Matrix products, and the book's three-layer toy network.
    Forward,
    /// 3.5 The output layer: softmax, its overflow and the fix.
    Softmax,
    /// 3.6 MNIST: accuracy of a trained network, one image at a time and in batches.
    Mnist,
    /// Train the 784→50→100→10 sigmoid network and save its weights (the shipped file's
    /// recipe).
    TrainWeights(TrainArgs),
}

#[derive(clap::Args, Debug, Clone)]
struct TrainArgs {
    /// Passes over the training set, 1 to 1000.
    #[arg(long, default_value_t = EPOCHS, value_parser = whole_in(1, 1000), allow_negative_numbers = true)]
    epochs: usize,
    /// Images per gradient step, 1 to 60000.
    #[arg(long, default_value_t = BATCH_SIZE, value_parser = whole_in(1, 60_000), allow_negative_numbers = true)]
    batch_size: usize,
    /// SGD learning rate (a positive number).
    #[arg(long, default_value_t = LEARNING_RATE, value_parser = learning_rate, allow_negative_numbers = true)]
    learning_rate: f64,
    /// Where to save the weights. Default: ch03-inference/out/sample_weight.npz
    /// (out/fashion/fashion_weight.npz for Fashion-MNIST); the shipped file is never
    /// overwritten unless named here.
    #[arg(long, value_name = "FILE.npz")]
    save: Option<PathBuf>,
}

fn main() -> ExitCode {
    // Bad input is one clear line and a non-zero exit, never a backtrace.
    common::cli::main(|| run(common::cli::parse()))
}

fn run(cli: Cli) -> Result<()> {
    let dataset = cli.data.dataset;
    if cli.weights.is_some() && !matches!(cli.section, None | Some(Section::Mnist)) {
        bail!("--weights is for the MNIST section: use it alone or with `mnist`");
    }
    let figures = cli.chapter.figures_dir(env!("CARGO_MANIFEST_DIR"), dataset);
    check_output_dir(&figures)?;
    let weights = cli.weights.as_deref();
    match cli.section {
        Some(Section::Activations) => sections::activations::run(&figures),
        Some(Section::Forward) => sections::forward::run(&figures),
        Some(Section::Softmax) => sections::softmax::run(),
        Some(Section::Mnist) => sections::mnist::run(dataset, weights, &figures),
        Some(Section::TrainWeights(args)) => {
            let save = args.save.clone().unwrap_or_else(|| sections::trained_weights(dataset));
            check_output_file(&save)?;
            sections::train_weights::run(dataset, &args, &save, cli.chapter.seed)
        }
        None if weights.is_some() => sections::mnist::run(dataset, weights, &figures),
        None => {
            sections::activations::run(&figures)?;
            sections::forward::run(&figures)?;
            sections::softmax::run()?;
            sections::mnist::run(dataset, None, &figures)
        }
    }
}
