//! Chapter 6: training techniques. Each section of the chapter is a subcommand; with none,
//! a short tour runs every section on reduced settings (and says so), writing its figures
//! to a temporary folder unless `--figures` is given. `all` runs everything at the book's
//! settings and writes the book's figures.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use common::cli::{ChapterArgs, DataArgs};
use common::data::{LoadOptions, Mnist, load_mnist};

use ch06_techniques::{batch_norm, histograms, hyperparameter, loss_curves, overfit, paths};

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
        #[arg(long, default_value_t = 2000)]
        iterations: usize,
        /// Examples per mini-batch.
        #[arg(long, default_value_t = 128)]
        batch_size: usize,
    },
    /// §6.2: histograms of the activations of 5 layers for several initial weight scales.
    ActivationHistograms,
    /// §6.2.4: std 0.01, Xavier and He initial weights training a 5-layer network on MNIST.
    InitMnist {
        /// Mini-batch updates.
        #[arg(long, default_value_t = 2000)]
        iterations: usize,
    },
    /// §6.3: training with and without batch normalisation from 16 weight scales.
    BatchNorm {
        /// Number of weight scales, from 1 down to 0.0001.
        #[arg(long, default_value_t = 16)]
        scales: usize,
        /// Epochs per run.
        #[arg(long, default_value_t = 20)]
        epochs: usize,
    },
    /// §6.4: overfitting 300 images; weight decay and dropout against it.
    Overfit {
        /// Epochs without regularisation and with weight decay.
        #[arg(long, default_value_t = 200)]
        epochs: usize,
        /// Epochs with dropout (the book's dropout script runs longer).
        #[arg(long, default_value_t = 300)]
        dropout_epochs: usize,
    },
    /// §6.5: random search for the learning rate and weight decay on validation data.
    HyperparameterSearch {
        /// Random trials.
        #[arg(long, default_value_t = 100)]
        trials: usize,
        /// Epochs per trial.
        #[arg(long, default_value_t = 50)]
        epochs: usize,
    },
    /// Every section at the book's settings (what `book/src/ch06/regenerate.sh` runs).
    All,
}

fn main() -> std::process::ExitCode {
    // Bad input is one clear line and a non-zero exit, never a backtrace.
    common::cli::main(|| run(Cli::parse()))
}

fn run(cli: Cli) -> Result<()> {
    let seed = cli.chapter.seed;
    let started = Instant::now();
    match cli.command.clone() {
        None => tour(&cli, seed)?,
        Some(Command::All) => {
            let figures = figures(&cli, false)?;
            let data = mnist(&cli)?;
            optimizer_paths(&figures)?;
            optimizer_mnist(&data, &figures, 2000, 128, seed)?;
            activation_histograms(&figures, seed)?;
            init_mnist(&data, &figures, 2000, seed)?;
            batch_norm_section(&data, &figures, batch_norm::Settings { seed, ..Default::default() })?;
            overfit_section(&data, &figures, overfit::Settings { seed, ..Default::default() })?;
            hyperparameter_section(&data, &figures, hyperparameter::Settings { seed, ..Default::default() })?;
        }
        Some(Command::OptimizerPaths) => optimizer_paths(&figures(&cli, false)?)?,
        Some(Command::OptimizerMnist { iterations, batch_size }) => {
            optimizer_mnist(&mnist(&cli)?, &figures(&cli, false)?, iterations, batch_size, seed)?
        }
        Some(Command::ActivationHistograms) => activation_histograms(&figures(&cli, false)?, seed)?,
        Some(Command::InitMnist { iterations }) => {
            init_mnist(&mnist(&cli)?, &figures(&cli, false)?, iterations, seed)?
        }
        Some(Command::BatchNorm { scales, epochs }) => {
            let settings = batch_norm::Settings { scales, epochs, seed, ..Default::default() };
            batch_norm_section(&mnist(&cli)?, &figures(&cli, false)?, settings)?
        }
        Some(Command::Overfit { epochs, dropout_epochs }) => {
            let settings = overfit::Settings { epochs, dropout_epochs, seed, ..Default::default() };
            overfit_section(&mnist(&cli)?, &figures(&cli, false)?, settings)?
        }
        Some(Command::HyperparameterSearch { trials, epochs }) => {
            let settings = hyperparameter::Settings { trials, epochs, seed, ..Default::default() };
            hyperparameter_section(&mnist(&cli)?, &figures(&cli, false)?, settings)?
        }
    }
    eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// No subcommand: every section, on reduced settings.
fn tour(cli: &Cli, seed: u64) -> Result<()> {
    println!("A short tour of chapter 6, on reduced settings (fewer iterations, epochs, scales and");
    println!("trials than the book). Run `ch06-techniques all` for the book's settings.");
    let figures = figures(cli, true)?;
    let data = mnist(cli)?;
    optimizer_paths(&figures)?;
    optimizer_mnist(&data, &figures, 300, 128, seed)?;
    activation_histograms(&figures, seed)?;
    init_mnist(&data, &figures, 300, seed)?;
    batch_norm_section(
        &data,
        &figures,
        batch_norm::Settings { scales: 4, epochs: 8, seed, ..Default::default() },
    )?;
    overfit_section(
        &data,
        &figures,
        overfit::Settings { epochs: 50, dropout_epochs: 50, print_every: 25, seed, ..Default::default() },
    )?;
    let search = hyperparameter::Settings { trials: 10, epochs: 20, show: 10, seed, ..Default::default() };
    hyperparameter_section(&data, &figures, search)?;
    println!();
    println!("The tour's figures are in {}", figures.display());
    Ok(())
}

/// The folder for figures: `--figures`, else the chapter's out/ folder for the dataset
/// ([`common::cli::out_dir`]); the tour writes to its own `tour` folder inside it.
fn figures(cli: &Cli, tour: bool) -> Result<PathBuf> {
    let mut dir = cli.chapter.figures_dir(env!("CARGO_MANIFEST_DIR"), cli.data.dataset);
    if tour && cli.chapter.figures.is_none() {
        dir.push("tour");
    }
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the figures folder {}", dir.display()))?;
    Ok(dir)
}

fn mnist(cli: &Cli) -> Result<Mnist<f32>> {
    load_mnist(cli.data.dataset, LoadOptions::default()).context("cannot load the training data")
}

fn heading(title: &str) {
    println!();
    println!("## {title}");
}

// 6.1 Updating parameters ------------------------------------------------------------------

fn optimizer_paths(figures: &Path) -> Result<()> {
    heading("6.1 Six ways down f(x, y) = x²/20 + y², 30 steps from (−7, 2)");
    paths::report(figures)
}

fn optimizer_mnist(
    data: &Mnist<f32>,
    figures: &Path,
    iterations: usize,
    batch_size: usize,
    seed: u64,
) -> Result<()> {
    heading(&format!(
        "6.1.8 Optimizers on MNIST: {iterations} iterations, batch {batch_size}, loss every 100"
    ));
    let settings = loss_curves::CurveSettings { iterations, batch_size, print_every: 100, seed };
    let curves = loss_curves::compare(data, &loss_curves::optimizer_specs(), &settings)?;
    loss_curves::print_table(&curves);
    loss_curves::draw(
        &figures.join("optimizer-mnist.svg"),
        &curves,
        "Optimizers on MNIST (smoothed loss)",
        1.0,
    )
}

// 6.2 Initial weights ----------------------------------------------------------------------

fn activation_histograms(figures: &Path, seed: u64) -> Result<()> {
    heading("6.2 Activations of 5 layers of 100 units for 1000 Gaussian inputs");
    histograms::report(figures, seed)
}

fn init_mnist(data: &Mnist<f32>, figures: &Path, iterations: usize, seed: u64) -> Result<()> {
    heading(&format!(
        "6.2.4 Initial weights on MNIST: {iterations} iterations of SGD (lr 0.01), loss every 100"
    ));
    let settings = loss_curves::CurveSettings { iterations, seed, ..Default::default() };
    let curves = loss_curves::compare(data, &loss_curves::init_specs(), &settings)?;
    loss_curves::print_table(&curves);
    loss_curves::draw(
        &figures.join("init-mnist.svg"),
        &curves,
        "Initial weights on MNIST (smoothed loss)",
        3.0,
    )
}

// 6.3 Batch normalisation ------------------------------------------------------------------

fn batch_norm_section(data: &Mnist<f32>, figures: &Path, settings: batch_norm::Settings) -> Result<()> {
    heading(&format!(
        "6.3 Batch normalisation: {} images, {} weight scales, {} epochs (train accuracy: normal - BatchNorm)",
        settings.train_size, settings.scales, settings.epochs
    ));
    let runs = batch_norm::run(data, &settings)?;
    batch_norm::print(&runs);
    batch_norm::draw(&figures.join("batch-norm.svg"), &runs)
}

// 6.4 Regularisation -----------------------------------------------------------------------

fn overfit_section(data: &Mnist<f32>, figures: &Path, settings: overfit::Settings) -> Result<()> {
    heading(&format!(
        "6.4 Overfitting {} images: {} epochs plain and with weight decay, {} with dropout (every {}th epoch shown)",
        settings.train_size, settings.epochs, settings.dropout_epochs, settings.print_every
    ));
    let runs = overfit::run(data, &settings)?;
    overfit::print(&runs, &settings);
    overfit::draw(figures, &runs, &settings)
}

// 6.5 Hyperparameters ----------------------------------------------------------------------

fn hyperparameter_section(
    data: &Mnist<f32>,
    figures: &Path,
    settings: hyperparameter::Settings,
) -> Result<()> {
    heading(&format!(
        "6.5 Random search: {} trials of {} epochs, {} images of which {:.0}% for validation",
        settings.trials,
        settings.epochs,
        settings.total,
        100.0 * settings.validation_rate
    ));
    let trials = hyperparameter::run(data, &settings)?;
    hyperparameter::print(&trials, &settings);
    hyperparameter::draw(&figures.join("hyperparameter-search.svg"), &trials, &settings)
}
