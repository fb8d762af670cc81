//! Chapter 5: backpropagation. One subcommand per section; without one, every section runs
//! in the book's order.
//!
//! ```text
//! cargo run -p ch05-backprop                      # the whole chapter
//! cargo run -p ch05-backprop -- graphs            # 5.2, 5.5: the chain rule and sigmoid graphs
//! cargo run -p ch05-backprop -- buy-apple         # 5.4: the multiply node on the apple graph
//! cargo run -p ch05-backprop -- buy-apple-orange  # 5.4: add and multiply nodes together
//! cargo run -p ch05-backprop -- gradient-check    # 5.7.3: backprop vs numerical gradients
//! cargo run -p ch05-backprop -- train             # 5.7.4: training with backprop
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use ch05_backprop::buy::{buy_apple, buy_apple_orange, tidy};
use ch05_backprop::buy_figures::{buy_apple_figure, buy_apple_orange_figure};
use ch05_backprop::concept_figures::{chain_rule_figure, sigmoid_graph_figure};
use ch05_backprop::gradient_check::{first_rows, gradient_check};
use ch05_backprop::speedup::measure_speedup;
use ch05_backprop::train::{History, TrainConfig, train};
use ch05_backprop::two_layer_net::TwoLayerNet;
use common::cli::{ChapterArgs, DataArgs};
use common::data::{Dataset, LoadOptions, Mnist, load_mnist};
use common::plot::{LineChart, Series, line_chart};
use common::rng::seeded;
use common::{OwnedTargets, Targets};

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
    /// 5.7.3: compare backprop gradients with numerical ones on 3 training images (f64).
    GradientCheck,
    /// 5.7.4: train the 784→50→10 net with backprop gradients (f32), then time backprop
    /// against the numerical gradient.
    Train(TrainArgs),
}

#[derive(clap::Args, Debug, Clone)]
struct TrainArgs {
    /// Number of mini-batch updates.
    #[arg(long, default_value_t = 10_000)]
    iters: usize,
    /// Examples per mini-batch.
    #[arg(long, default_value_t = 100)]
    batch_size: usize,
    /// Learning rate of SGD.
    #[arg(long, default_value_t = 0.1)]
    lr: f64,
    /// Width of the hidden layer.
    #[arg(long, default_value_t = 50)]
    hidden: usize,
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
    match cli.command {
        Some(Command::Graphs) => section_graphs(&figures),
        Some(Command::BuyApple) => section_buy_apple(&figures),
        Some(Command::BuyAppleOrange) => section_buy_apple_orange(&figures),
        Some(Command::GradientCheck) => section_gradient_check(&load(dataset)?, seed),
        Some(Command::Train(args)) => section_train(&load(dataset)?, dataset, &args, seed, &figures),
        None => {
            println!("== 5.2 and 5.5: the chain rule and sigmoid graphs ==");
            section_graphs(&figures)?;
            println!("\n== 5.4.1 Multiply nodes: buying apples ==");
            section_buy_apple(&figures)?;
            println!("\n== 5.4.2 Add and multiply nodes: buying apples and oranges ==");
            section_buy_apple_orange(&figures)?;
            let data = load(dataset)?;
            println!("\n== 5.7.3 Gradient check ==");
            section_gradient_check(&data, seed)?;
            println!("\n== 5.7.4 Training with backpropagation ==");
            section_train(&data, dataset, &TrainArgs::default(), seed, &figures)
        }
    }
}

/// MNIST (or Fashion-MNIST) as the book loads it: normalised, flattened, in `f32`.
fn load(dataset: Dataset) -> Result<Mnist<f32>> {
    load_mnist(dataset, LoadOptions::default()).context("cannot load the dataset")
}

// 5.2, 5.5 --------------------------------------------------------------------------------
fn section_graphs(figures: &Path) -> Result<()> {
    save_graph(&chain_rule_figure(), figures, "chain_rule.svg")?;
    save_graph(&sigmoid_graph_figure(), figures, "sigmoid_graph.svg")?;
    println!("wrote chain_rule.svg and sigmoid_graph.svg");
    Ok(())
}

// 5.4.1 ------------------------------------------------------------------------------------
fn section_buy_apple(figures: &Path) -> Result<()> {
    let r = buy_apple();
    println!("{}", tidy(r.price));
    println!("{} {} {}", tidy(r.dapple), tidy(r.dapple_num), tidy(r.dtax));
    save_graph(&buy_apple_figure(&r, false), figures, "buy_apple_forward.svg")?;
    save_graph(&buy_apple_figure(&r, true), figures, "buy_apple.svg")
}

// 5.4.2 ------------------------------------------------------------------------------------
fn section_buy_apple_orange(figures: &Path) -> Result<()> {
    let r = buy_apple_orange();
    println!("{}", tidy(r.price));
    let grads = [r.dapple_num, r.dapple, r.dorange, r.dorange_num, r.dtax];
    println!("{}", grads.map(tidy).join(" "));
    save_graph(&buy_apple_orange_figure(&r), figures, "buy_apple_orange.svg")
}

fn save_graph(g: &ch05_backprop::graph_figure::GraphFigure, dir: &Path, name: &str) -> Result<()> {
    let path = dir.join(name);
    g.save(&path).with_context(|| format!("cannot write {}", path.display()))
}

// 5.7.3 ------------------------------------------------------------------------------------
fn section_gradient_check(data: &Mnist<f32>, seed: u64) -> Result<()> {
    // The same code as training, in f64, on the first 3 training images.
    let mut network = TwoLayerNet::<f64>::new(784, 50, 10, 0.01, &mut seeded(seed));
    let x_batch = first_rows::<f32, f64>(&data.x_train, 3);
    let t_batch = first_labels(&data.t_train, 3);
    for (key, diff) in gradient_check(&mut network, &x_batch, Targets::Labels(t_batch.view())) {
        println!("{key}:{diff:.1e}");
    }
    Ok(())
}

fn first_labels(t: &OwnedTargets<f32>, n: usize) -> ndarray::Array1<usize> {
    t.view().labels().slice(ndarray::s![..n]).to_owned()
}

// 5.7.4 ------------------------------------------------------------------------------------
fn section_train(
    data: &Mnist<f32>,
    dataset: Dataset,
    args: &TrainArgs,
    seed: u64,
    figures: &Path,
) -> Result<()> {
    let train_size = data.x_train.shape()[0];
    if args.iters == 0 || args.batch_size == 0 || args.batch_size > train_size || args.hidden == 0 {
        bail!("--iters, --batch-size (at most {train_size}) and --hidden must be positive");
    }
    if !(args.lr.is_finite() && args.lr > 0.0) {
        bail!("--lr must be a positive number, not {}", args.lr);
    }
    let cfg = TrainConfig {
        iters_num: args.iters,
        batch_size: args.batch_size,
        learning_rate: args.lr,
        hidden_size: args.hidden,
        seed,
        ..TrainConfig::default()
    };
    let name = match dataset {
        Dataset::Mnist => "MNIST",
        Dataset::Fashion => "Fashion-MNIST",
    };
    println!(
        "{name}, 784→{}→10 (ReLU), {} iterations, batch {}, lr {} (f32)",
        cfg.hidden_size, cfg.iters_num, cfg.batch_size, cfg.learning_rate
    );
    println!("train acc, test acc (at iteration 0 and after each epoch):");
    let (_, history) = train(data, &cfg, |train_acc, test_acc| println!("{train_acc:.4} {test_acc:.4}"))?;
    println!(
        "{} iterations in {:.1} s; final test accuracy {:.4}",
        cfg.iters_num,
        history.seconds,
        history.test_acc.last().copied().unwrap_or(f64::NAN)
    );
    let suffix = if dataset == Dataset::Fashion { "_fashion" } else { "" };
    save_training_figures(&history, figures, suffix)?;

    // How much faster is backprop? Both on the same batch of 100, same network.
    let mut network =
        TwoLayerNet::<f32>::new(784, cfg.hidden_size, 10, cfg.weight_init_std, &mut seeded(seed));
    let x_batch = first_rows::<f32, f32>(&data.x_train, cfg.batch_size);
    let t_batch = first_labels(&data.t_train, cfg.batch_size);
    let s = measure_speedup(&mut network, &x_batch, Targets::Labels(t_batch.view()), 50, 400);
    println!("\nOne gradient of the loss on a batch of {} (f32):", cfg.batch_size);
    println!("  by backprop:  {:8.3} ms (mean of 50)", s.backprop * 1e3);
    println!(
        "  numerically:  {:8.1} s  (estimated: {} of the {} parameters timed, {:.0} ms, times {:.1})",
        s.numerical_estimate(),
        s.sampled,
        s.params,
        s.sampled_seconds * 1e3,
        s.params as f64 / s.sampled as f64
    );
    println!("  backprop is about {} times faster", two_significant_digits(s.ratio()));
    Ok(())
}

/// 35,360 → "35000": a ratio measured with a stopwatch has no more digits than that.
fn two_significant_digits(x: f64) -> String {
    if !(x.is_finite() && x > 0.0) {
        return format!("{x}");
    }
    let scale = 10f64.powi(x.log10().floor() as i32 - 1);
    format!("{:.0}", (x / scale).round() * scale)
}

fn save_training_figures(history: &History, dir: &Path, suffix: &str) -> Result<()> {
    let loss: PathBuf = dir.join(format!("train_loss{suffix}.svg"));
    line_chart(
        &loss,
        &LineChart {
            title: "Loss of each mini-batch (gradients by backprop)".into(),
            x_label: "iteration".into(),
            y_label: "loss".into(),
            series: vec![
                Series::from_values("mini-batch loss", &history.train_loss),
                Series::new("mean of the last 100", moving_average(&history.train_loss, 100)),
            ],
            y_range: Some((0.0, history.train_loss.iter().copied().fold(0.0, f64::max).min(3.0) * 1.05)),
            ..Default::default()
        },
    )?;
    let acc = dir.join(format!("train_accuracy{suffix}.svg"));
    let epochs = history.train_acc.len().max(2) - 1;
    line_chart(
        &acc,
        &LineChart {
            title: "Accuracy on all training and all test images".into(),
            x_label: "epochs".into(),
            y_label: "accuracy".into(),
            series: vec![
                Series::from_values("train", &history.train_acc).with_markers(),
                Series::from_values("test", &history.test_acc).dashed().with_markers(),
            ],
            // Room on the right for the legend (it sits in the upper right corner).
            x_range: Some((0.0, epochs as f64 * 1.3)),
            y_range: Some((0.0, 1.0)),
            ..Default::default()
        },
    )?;
    Ok(())
}

/// (i, mean of values[i+1−window ..= i]) from the first full window on: the trend under the noise.
fn moving_average(values: &[f64], window: usize) -> Vec<(f64, f64)> {
    let window = window.clamp(1, values.len().max(1));
    values
        .windows(window)
        .enumerate()
        .map(|(i, w)| ((i + window - 1) as f64, w.iter().sum::<f64>() / window as f64))
        .collect()
}
