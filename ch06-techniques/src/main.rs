//! Chapter 6: training techniques. Each section of the chapter is a subcommand; with none,
//! a short tour runs every section on reduced settings (and says so), writing its figures
//! to `ch06-techniques/out/tour/` unless `--figures` is given. `all` runs everything at the
//! book's settings. Figures go to `ch06-techniques/out/` (`--figures DIR` to choose), and
//! every file written is named in the output.

mod sections;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use common::cli::{ChapterArgs, DataArgs, whole_in};
use common::data::{LoadOptions, Mnist, load_mnist};
use common::files::{check_output_dir, shown};

use ch06_techniques::{batch_norm, hyperparameter, overfit};

#[derive(Parser, Debug)]
#[command(
    name = "ch06-techniques",
    version,
    about = "Chapter 6: optimizers, initial weights, batch \
    normalisation, overfitting, hyperparameter search"
)]
struct Cli {
    #[command(flatten)]
    chapter: ChapterArgs,
    #[command(flatten)]
    data: DataArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug, Clone)]
enum Command {
    /// §6.1: SGD, Momentum, AdaGrad and Adam (and Nesterov, RMSprop) walking down
    /// f(x, y) = x²/20 + y² from (−7, 2).
    OptimizerPaths,
    /// §6.1.8: the four optimizers training a 5-layer network on MNIST.
    OptimizerMnist {
        /// Mini-batch updates.
        #[arg(long, default_value_t = 2000, value_parser = whole_in(1, 1_000_000), allow_negative_numbers = true)]
        iterations: usize,
        /// Examples per mini-batch (the training set has 60,000).
        #[arg(long, default_value_t = 128, value_parser = whole_in(1, 60_000), allow_negative_numbers = true)]
        batch_size: usize,
    },
    /// §6.2: histograms of the activations of 5 layers for several initial weight scales.
    ActivationHistograms,
    /// §6.2.4: std 0.01, Xavier and He initial weights training a 5-layer network on MNIST.
    InitMnist {
        /// Mini-batch updates.
        #[arg(long, default_value_t = 2000, value_parser = whole_in(1, 1_000_000), allow_negative_numbers = true)]
        iterations: usize,
    },
    /// §6.3: training with and without batch normalisation from 16 weight scales.
    BatchNorm {
        /// Number of weight scales, from 1 down to 0.0001.
        #[arg(long, default_value_t = 16, value_parser = whole_in(1, 64), allow_negative_numbers = true)]
        scales: usize,
        /// Epochs per run.
        #[arg(long, default_value_t = 20, value_parser = whole_in(1, 10_000), allow_negative_numbers = true)]
        epochs: usize,
    },
    /// §6.3: batch normalisation as a computational graph, forward and backward, with numbers.
    BatchNormGraph,
    /// §6.4: a network with the units dropout switches off on two training steps.
    Dropout,
    /// §6.4: overfitting 300 images; weight decay and dropout against it.
    Overfit {
        /// Epochs without regularisation and with weight decay.
        #[arg(long, default_value_t = 200, value_parser = whole_in(1, 10_000), allow_negative_numbers = true)]
        epochs: usize,
        /// Epochs with dropout (the book's dropout script runs longer).
        #[arg(long, default_value_t = 300, value_parser = whole_in(1, 10_000), allow_negative_numbers = true)]
        dropout_epochs: usize,
    },
    /// §6.5: random search for the learning rate and weight decay on validation data.
    HyperparameterSearch {
        /// Random trials.
        #[arg(long, default_value_t = 100, value_parser = whole_in(1, 10_000), allow_negative_numbers = true)]
        trials: usize,
        /// Epochs per trial.
        #[arg(long, default_value_t = 50, value_parser = whole_in(1, 10_000), allow_negative_numbers = true)]
        epochs: usize,
    },
    /// Every section at the book's settings.
    All,
}

fn main() -> std::process::ExitCode {
    // Bad input is one clear line and a non-zero exit, never a backtrace.
    common::cli::main(|| run(Cli::parse()))
}

fn run(cli: Cli) -> Result<()> {
    let seed = cli.chapter.seed;
    let started = Instant::now();
    // The tour writes into a folder of its own, so it never overwrites a full run's figures.
    let figures = figures(&cli, cli.command.is_none())?;
    let figures = figures.as_path();
    match cli.command.clone() {
        None => tour(&cli, figures, seed)?,
        Some(Command::All) => {
            let data = mnist(&cli)?;
            sections::optimizers::walks(figures)?;
            sections::optimizers::on_mnist(&data, figures, 2000, 128, seed)?;
            sections::initial_weights::histograms(figures, seed)?;
            sections::initial_weights::on_mnist(&data, figures, 2000, seed)?;
            sections::batch_norm_graph::run(figures)?;
            sections::batch_norm::run(&data, figures, batch_norm::Settings { seed, ..Default::default() })?;
            sections::dropout::run(figures, seed)?;
            sections::regularisation::run(&data, figures, overfit::Settings { seed, ..Default::default() })?;
            let search = hyperparameter::Settings { seed, ..Default::default() };
            sections::hyperparameters::run(&data, figures, search)?;
        }
        Some(Command::OptimizerPaths) => sections::optimizers::walks(figures)?,
        Some(Command::OptimizerMnist { iterations, batch_size }) => {
            sections::optimizers::on_mnist(&mnist(&cli)?, figures, iterations, batch_size, seed)?
        }
        Some(Command::ActivationHistograms) => sections::initial_weights::histograms(figures, seed)?,
        Some(Command::InitMnist { iterations }) => {
            sections::initial_weights::on_mnist(&mnist(&cli)?, figures, iterations, seed)?
        }
        Some(Command::BatchNormGraph) => sections::batch_norm_graph::run(figures)?,
        Some(Command::Dropout) => sections::dropout::run(figures, seed)?,
        Some(Command::BatchNorm { scales, epochs }) => {
            let settings = batch_norm::Settings { scales, epochs, seed, ..Default::default() };
            sections::batch_norm::run(&mnist(&cli)?, figures, settings)?
        }
        Some(Command::Overfit { epochs, dropout_epochs }) => {
            let settings = overfit::Settings { epochs, dropout_epochs, seed, ..Default::default() };
            sections::regularisation::run(&mnist(&cli)?, figures, settings)?
        }
        Some(Command::HyperparameterSearch { trials, epochs }) => {
            let settings = hyperparameter::Settings { trials, epochs, seed, ..Default::default() };
            sections::hyperparameters::run(&mnist(&cli)?, figures, settings)?
        }
    }
    eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// No subcommand: every section, on reduced settings.
fn tour(cli: &Cli, figures: &std::path::Path, seed: u64) -> Result<()> {
    println!("A short tour of chapter 6, on reduced settings (fewer iterations, epochs, scales and");
    println!("trials than the book). Run `ch06-techniques all` for the book's settings.");
    let data = mnist(cli)?;
    sections::optimizers::walks(figures)?;
    sections::optimizers::on_mnist(&data, figures, 300, 128, seed)?;
    sections::initial_weights::histograms(figures, seed)?;
    sections::initial_weights::on_mnist(&data, figures, 300, seed)?;
    sections::batch_norm_graph::run(figures)?;
    let bn = batch_norm::Settings { scales: 4, epochs: 8, seed, ..Default::default() };
    sections::batch_norm::run(&data, figures, bn)?;
    sections::dropout::run(figures, seed)?;
    let overfit =
        overfit::Settings { epochs: 50, dropout_epochs: 50, print_every: 25, seed, ..Default::default() };
    sections::regularisation::run(&data, figures, overfit)?;
    let search = hyperparameter::Settings { trials: 10, epochs: 20, show: 10, seed, ..Default::default() };
    sections::hyperparameters::run(&data, figures, search)?;
    println!();
    println!("The tour's figures are in {}", shown(figures));
    Ok(())
}

/// The folder for figures, checked before any work: `--figures`, else the chapter's out/
/// folder for the dataset ([`common::cli::out_dir`]), with a `tour` folder inside it for the
/// tour.
fn figures(cli: &Cli, tour: bool) -> Result<PathBuf> {
    let mut dir = cli.chapter.figures_dir(env!("CARGO_MANIFEST_DIR"), cli.data.dataset);
    if tour && cli.chapter.figures.is_none() {
        dir.push("tour");
    }
    check_output_dir(&dir)?;
    Ok(dir)
}

fn mnist(cli: &Cli) -> Result<Mnist<f32>> {
    load_mnist(cli.data.dataset, LoadOptions::default()).context("cannot load the training data")
}
