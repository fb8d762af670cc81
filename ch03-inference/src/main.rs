//! Chapter 3, "Neural networks": inference, section by section.
//!
//! ```text
//! cargo run -p ch03-inference                      # the whole chapter, in the book's order
//! cargo run -p ch03-inference -- activations       # 3.2 (writes the figures)
//! cargo run -p ch03-inference -- forward           # 3.3 and 3.4 (matrix products, the toy network)
//! cargo run -p ch03-inference -- softmax           # 3.5
//! cargo run -p ch03-inference -- mnist             # 3.6 (reads MNIST, writes the digit figures)
//! cargo run -p ch03-inference -- --weights FILE.npz            # 3.6 with other weights
//! cargo run --release -p ch03-inference -- train-weights       # remake weights/sample_weight.npz
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use ch03_inference::numpy_print::{matrix, scalar, shape, vector};
use ch03_inference::{
    activations, arrays, digit_figures, network_figure, neuralnet_mnist, output_layer, three_layer, train,
};
use clap::{Parser, Subcommand};
use common::cli::{ChapterArgs, DataArgs};
use common::data::{Dataset, LoadOptions, load_mnist};
use common::functions::{sigmoid, step_function};
use common::linalg::matmul;
use common::net::Net;
use common::params::save_params;
use common::rng::seeded;
use ndarray::{Ix2, arr1, arr2};

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
    /// Train the 784→50→100→10 sigmoid network and write its weights (the shipped file).
    TrainWeights(TrainArgs),
}

#[derive(clap::Args, Debug, Clone)]
struct TrainArgs {
    /// Passes over the training set.
    #[arg(long, default_value_t = train::TrainConfig::default().epochs)]
    epochs: usize,
    /// Images per gradient step.
    #[arg(long, default_value_t = train::TrainConfig::default().batch_size)]
    batch_size: usize,
    /// SGD learning rate.
    #[arg(long, default_value_t = train::TrainConfig::default().learning_rate)]
    learning_rate: f64,
    /// Where to write the weights. Default: the shipped weights/sample_weight.npz for MNIST,
    /// fashion_weight.npz in the current folder for Fashion-MNIST.
    #[arg(long, value_name = "FILE.npz")]
    out: Option<PathBuf>,
}

fn main() -> ExitCode {
    // Bad input is one clear line and a non-zero exit, never a backtrace.
    common::cli::main(|| run(Cli::parse()))
}

fn run(cli: Cli) -> Result<()> {
    let figures = cli.chapter.figures_dir(env!("CARGO_MANIFEST_DIR"), cli.data.dataset);
    let dataset = cli.data.dataset;
    if cli.weights.is_some() && !matches!(cli.section, None | Some(Section::Mnist)) {
        bail!("--weights is for the MNIST section: use it alone or with `mnist`");
    }
    match cli.section {
        Some(Section::Activations) => section_activations(&figures),
        Some(Section::Forward) => section_forward(&figures),
        Some(Section::Softmax) => section_softmax(),
        Some(Section::Mnist) => section_mnist(dataset, cli.weights.as_deref(), &figures),
        Some(Section::TrainWeights(args)) => train_weights(dataset, &args, cli.chapter.seed),
        None if cli.weights.is_some() => section_mnist(dataset, cli.weights.as_deref(), &figures),
        None => {
            section_activations(&figures)?;
            section_forward(&figures)?;
            section_softmax()?;
            section_mnist(dataset, None, &figures)
        }
    }
}

/// Where a figure was written, relative to the figures folder's parent (short and stable).
fn show(path: &Path) -> String {
    let parent = path.parent().and_then(|p| p.file_name()).map(|p| p.to_string_lossy()).unwrap_or_default();
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    if parent.is_empty() { name.into_owned() } else { format!("{parent}/{name}") }
}

// ---------------------------------------------------------------- 3.2
fn section_activations(figures: &Path) -> Result<()> {
    println!("== 3.2 Activation functions ==");
    let x = arr1(&[-1.0, 1.0, 2.0]);
    println!("x                = {}", vector(x.view()));
    println!("step_function(x) = {}", vector(step_function(&x).view()));
    println!("sigmoid(x)       = {}", vector(sigmoid(&x).view()));
    let t = arr1(&[1.0, 2.0, 3.0]);
    println!("broadcasting: t = {}", vector(t.view()));
    println!("  1.0 + t = {}", vector((1.0 + &t).view()));
    println!("  1.0 / t = {}", vector((1.0 / &t).view()));
    let written = activations::write_figures(figures)?;
    let names: Vec<String> =
        written.iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
    println!("figures written to {}/:\n  {}", show(figures), names.join(" "));
    println!();
    Ok(())
}

// ---------------------------------------------------------------- 3.3 and 3.4
fn section_forward(figures: &Path) -> Result<()> {
    println!("== 3.3 Multi-dimensional arrays ==");
    let a = arr1(&[1.0, 2.0, 3.0, 4.0]);
    println!("A = {}  ndim {}  shape {}", vector(a.view()), a.ndim(), shape(a.shape()));
    let b = arr2(&[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    println!("B =\n{}\nndim {}  shape {}", matrix(b.view()), b.ndim(), shape(b.shape()));
    let a = arr2(&[[1.0, 2.0], [3.0, 4.0]]);
    let b = arr2(&[[5.0, 6.0], [7.0, 8.0]]);
    println!("A (2, 2) · B (2, 2) =\n{}", matrix(matmul(a.view(), b.view()).view()));
    let a = arr2(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    let b = arr2(&[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    println!("A (2, 3) · B (3, 2) =\n{}", matrix(matmul(a.view(), b.view()).view()));
    let c = arr2(&[[1.0, 2.0], [3.0, 4.0]]);
    if let Err(message) = arrays::check_shapes(a.shape(), c.shape()) {
        println!("A (2, 3) · C (2, 2): {message}");
    }
    let a = arr2(&[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    let b = arr1(&[7.0, 8.0]);
    println!(
        "A (3, 2) · B (2,) = {}",
        vector(matmul(a.view(), b.view().insert_axis(ndarray::Axis(1))).column(0))
    );
    let x = arr1(&[1.0, 2.0]);
    let w = arr2(&[[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]);
    println!(
        "a network without bias or activation: X (2,) · W (2, 3) = Y {}",
        vector(arrays::dot(x.view(), w.view()).view())
    );
    println!();

    println!("== 3.4 A three-layer neural network ==");
    let network = three_layer::init_network();
    let x = arr1(&[1.0, 0.5]);
    println!(
        "layer 1: W1 {}  X {}  B1 {}",
        shape(network.w1.shape()),
        shape(x.shape()),
        shape(network.b1.shape())
    );
    let (a1, z1) = three_layer::layer_one(&network, x.view());
    println!("A1 = X·W1 + B1 = {}", vector(a1.view()));
    println!("Z1 = sigmoid(A1) = {}", vector(z1.view()));
    println!(
        "layer 2: Z1 {}  W2 {}  B2 {}",
        shape(z1.shape()),
        shape(network.w2.shape()),
        shape(network.b2.shape())
    );
    println!(
        "layer 3: Z2 (2,)  W3 {}  B3 {}, identity output",
        shape(network.w3.shape()),
        shape(network.b3.shape())
    );
    let y = three_layer::forward(&network, x.view());
    println!("forward(network, x) = {}", vector(y.view()));
    let (w, b) = three_layer::collapse_linear(&network);
    let linear = three_layer::forward_linear(&network, x.view());
    let one_layer = arrays::dot(x.view(), w.view()) + &b;
    println!("with the identity in the hidden layers, the three layers are one:");
    let prefix = "  W = W1·W2·W3 = ";
    let indent = format!("\n{}", " ".repeat(prefix.chars().count()));
    println!("{prefix}{}", matrix(w.view()).replace('\n', &indent));
    println!("  b = b1·W2·W3 + b2·W3 + b3 = {}", vector(b.view()));
    println!("  three linear layers: {}", vector(linear.view()));
    println!("  one layer x·W + b:   {}", vector(one_layer.view()));
    let figure = figures.join("three_layer_network.svg");
    network_figure::three_layer_figure(&figure)?;
    println!("figure: {}", show(&figure));
    println!();
    Ok(())
}

// ---------------------------------------------------------------- 3.5
fn section_softmax() -> Result<()> {
    println!("== 3.5 The output layer: softmax ==");
    let a = arr1(&[0.3, 2.9, 4.0]);
    let steps = output_layer::softmax_steps(a.view());
    println!("a         = {}", vector(a.view()));
    println!("exp_a     = {}", vector(steps.exp_a.view()));
    println!("sum_exp_a = {}", scalar(steps.sum_exp_a));
    println!("y         = {}", vector(steps.y.view()));
    println!("sum(y)    = {}", scalar(steps.y.sum()));
    println!();
    let a = arr1(&[1010.0, 1000.0, 990.0]);
    let o = output_layer::overflow(a.view());
    println!("a = {}", vector(a.view()));
    println!("naive:  exp(a) / sum(exp(a)) = {}", vector(o.naive.view()));
    println!("        (exp(1010) is inf, and inf / inf is NaN)");
    println!("c = max(a) = {}", scalar(o.c));
    println!("a - c = {}", vector(o.shifted.view()));
    println!("stable: exp(a - c) / sum(exp(a - c)) = {}", vector(o.stable.view()));
    println!("sum = {}", scalar(o.stable.sum()));
    let (f32_limit, f64_limit) = output_layer::exp_limits();
    println!("exp(x) overflows for x > {f32_limit:.2} in f32 and x > {f64_limit:.2} in f64");
    println!();
    Ok(())
}

// ---------------------------------------------------------------- 3.6
fn section_mnist(dataset: Dataset, weights: Option<&Path>, figures: &Path) -> Result<()> {
    match dataset {
        Dataset::Mnist => println!("== 3.6 Handwritten digit recognition =="),
        Dataset::Fashion => println!("== 3.6 Handwritten digit recognition, with Fashion-MNIST =="),
    }
    let (path, label) = match (weights, dataset) {
        (Some(path), _) => (path.to_owned(), path.display().to_string()),
        (None, Dataset::Mnist) => {
            (neuralnet_mnist::shipped_weights(), "the shipped weights/sample_weight.npz".into())
        }
        (None, Dataset::Fashion) => bail!(
            "the shipped weights are for MNIST digits; for Fashion-MNIST train some with \
             `cargo run --release -p ch03-inference -- train-weights --dataset fashion` \
             and pass them with `--weights fashion_weight.npz`"
        ),
    };
    // Read the weights first: a bad file is reported before the data is loaded.
    let network = neuralnet_mnist::init_network::<f32>(&path)?;
    let data = load_mnist::<f32>(dataset, LoadOptions { normalize: true, flatten: true, one_hot: false })?;
    let x = data.x_test.view().into_dimensionality::<Ix2>().context("test images should be flattened")?;
    let t = data.t_test.view().labels();
    let n = x.nrows();
    println!(
        "x_train {}  t_train ({},)  x_test {}  t_test {}",
        shape(data.x_train.shape()),
        data.t_train.view().len(),
        shape(x.shape()),
        shape(t.shape())
    );
    let first = data.t_train.view().labels()[0];
    let name = match dataset {
        Dataset::Mnist => String::new(),
        Dataset::Fashion => format!(" ({})", dataset.class_names()[first]),
    };
    println!("the first training image: label {first}{name}, shape (784,), reshaped to (28, 28) to show it");
    println!("weights: {label}");
    println!(
        "W1 {}  b1 {}  W2 {}  b2 {}  W3 {}  b3 {}",
        shape(network.w1.shape()),
        shape(network.b1.shape()),
        shape(network.w2.shape()),
        shape(network.b2.shape()),
        shape(network.w3.shape()),
        shape(network.b3.shape())
    );
    println!();

    // Each loop runs several times and the fastest run is reported: other programs on the
    // machine slow some runs down, never speed one up. (The short batched loop, 10 times.)
    println!("one image at a time: X (1, 784) → (1, 50) → (1, 100) → Y (1, 10), {n} times");
    let (correct, one_by_one) =
        fastest_of(3, || neuralnet_mnist::count_correct_one_by_one(&network, x, t.view()));
    println!("Accuracy: {:.4}", correct as f64 / n as f64);
    println!("time: {:.1} ms (fastest of 3 runs)", one_by_one * 1e3);
    println!();

    let batch_size = 100;
    let batches = n.div_ceil(batch_size);
    println!("in batches of {batch_size}: X ({batch_size}, 784) → … → Y ({batch_size}, 10), {batches} times");
    let (correct_batched, batched) =
        fastest_of(10, || neuralnet_mnist::count_correct_batched(&network, x, t.view(), batch_size));
    println!("Accuracy: {:.4}", correct_batched as f64 / n as f64);
    println!("time: {:.1} ms (fastest of 10 runs), {:.1}× faster", batched * 1e3, one_by_one / batched);
    println!();

    let predicted = neuralnet_mnist::predictions(&network, x);
    let prefix = match dataset {
        Dataset::Mnist => "mnist",
        Dataset::Fashion => "fashion",
    };
    let grid = figures.join(format!("{prefix}_predictions.svg"));
    digit_figures::predictions_figure(&grid, dataset, x, t.as_slice().expect("contiguous"), &predicted, 50)?;
    let wrong = figures.join(format!("{prefix}_misclassified.svg"));
    digit_figures::misclassified_figure(
        &wrong,
        dataset,
        x,
        t.as_slice().expect("contiguous"),
        &predicted,
        40,
    )?;
    println!("figures: {}, {}", show(&grid), show(&wrong));
    Ok(())
}

/// Runs `f` `runs` times; its result and the shortest time in seconds.
fn fastest_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (T, f64) {
    let mut best = f64::INFINITY;
    let mut result = None;
    for _ in 0..runs {
        let start = Instant::now();
        result = Some(f());
        best = best.min(start.elapsed().as_secs_f64());
    }
    (result.expect("at least one run"), best)
}

// ---------------------------------------------------------------- the shipped weights
fn train_weights(dataset: Dataset, args: &TrainArgs, seed: u64) -> Result<()> {
    let out = match (&args.out, dataset) {
        (Some(out), _) => out.clone(),
        (None, Dataset::Mnist) => neuralnet_mnist::shipped_weights(),
        (None, Dataset::Fashion) => PathBuf::from("fashion_weight.npz"),
    };
    if args.batch_size == 0 || args.epochs == 0 {
        bail!("--epochs and --batch-size must be at least 1");
    }
    let config = train::TrainConfig {
        epochs: args.epochs,
        batch_size: args.batch_size,
        learning_rate: args.learning_rate,
    };
    println!(
        "training 784→50→100→10 (sigmoid, softmax-with-loss) on {dataset}: {} epochs, batch {}, SGD lr {}, seed {seed}",
        config.epochs, config.batch_size, config.learning_rate
    );
    let data = load_mnist::<f32>(dataset, LoadOptions { normalize: true, flatten: true, one_hot: false })?;
    let start = Instant::now();
    let mut net = train::train(&data, config, &mut seeded(seed), |r| {
        println!("epoch {:>2}  loss {:.4}  test accuracy {:.4}", r.epoch, r.loss, r.test_accuracy);
    })?;
    let seconds = start.elapsed().as_secs_f64();
    let train_accuracy = train::accuracy(&mut net, &data.x_train, &data.t_train);
    let test_accuracy = train::accuracy(&mut net, &data.x_test, &data.t_test);
    println!(
        "trained in {seconds:.1} s: train accuracy {train_accuracy:.4}, test accuracy {test_accuracy:.4}"
    );
    save_params(&out, &net.params())?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    let shown = match &args.out {
        Some(out) => out.display().to_string(),
        None if dataset == Dataset::Mnist => "ch03-inference/weights/sample_weight.npz".into(),
        None => out.display().to_string(),
    };
    println!("wrote {shown} ({} KB, float32)", size.div_ceil(1024));
    Ok(())
}
