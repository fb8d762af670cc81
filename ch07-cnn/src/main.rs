//! Chapter 7: convolutional networks. Without a subcommand, trains SimpleConvNet on MNIST
//! (`train`, the book's `train_convnet.py`); the other subcommands are the chapter's
//! sections.
//!
//! ```text
//! cargo run -p ch07-cnn                                  # 7.5: train (20 epochs), save params.npz
//! cargo run -p ch07-cnn -- --epochs 1 --train-size 10000 # a quick run
//! cargo run -p ch07-cnn -- --weights ch07-cnn/weights/simple_conv_net.npz  # score given parameters
//! cargo run -p ch07-cnn -- im2col                        # 7.4: im2col's shapes and figure
//! cargo run -p ch07-cnn -- gradient-check                # 7.5: backprop vs numerical gradients
//! cargo run -p ch07-cnn -- filters                       # 7.6: the first layer's filters
//! cargo run -p ch07-cnn -- apply-filter                  # 7.6: a digit through those filters
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use ndarray::{Array2, Axis, Ix4, Slice, s};

use ch07_cnn::evaluate::{accuracy, load_weights, predict_f64};
use ch07_cnn::filters::{
    apply_filter_figure, feature_maps, filter_images, filters_figure, strongest_filters,
};
use ch07_cnn::gradient_check::{gradient_check, small_config};
use ch07_cnn::im2col_demo::{does_not_divide_example, im2col_figure, im2col_shape, tiny_example};
use ch07_cnn::simple_conv_net::thousands;
use ch07_cnn::train::{TrainSettings, train};
use ch07_cnn::train_figures::{accuracy_figure, loss_figure};
use ch07_cnn::{ConvParam, SimpleConvNet, SimpleConvNetConfig, architecture};
use common::cli::{ChapterArgs, DataArgs};
use common::data::{Dataset, LoadOptions, Mnist, load_mnist};
use common::data::{TrainData, head};
use common::optimizer::OptimizerKind;
use common::rng::seeded;

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

#[derive(Parser, Debug)]
#[command(
    about = "Chapter 7 of Deep Learning from Scratch: convolutional networks. Without a subcommand: train.",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(flatten)]
    chapter: ChapterArgs,
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    train: TrainArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 7.5: train SimpleConvNet on MNIST with Adam, save its parameters, draw the accuracy
    /// and loss curves (the default).
    Train(TrainArgs),
    /// 7.4: im2col's shapes (the book's examples), a size that does not divide, the figure.
    Im2col,
    /// 7.5: backprop against numerical gradients on a small SimpleConvNet (f64).
    GradientCheck,
    /// 7.6: the 30 first-layer filters before and after training.
    Filters(TrainedArgs),
    /// 7.6: a test digit through some learned filters: the feature maps.
    ApplyFilter(ApplyFilterArgs),
}

#[derive(clap::Args, Debug, Clone)]
struct TrainArgs {
    /// Passes over the training data.
    #[arg(long, default_value_t = 20)]
    epochs: usize,
    /// Train on the first N training images only (for a quick run).
    #[arg(long, value_name = "N")]
    train_size: Option<usize>,
    /// Images per mini-batch.
    #[arg(long, default_value_t = 100)]
    batch_size: usize,
    /// The update rule: sgd, momentum, nesterov, adagrad, rmsprop or adam.
    #[arg(long, value_enum, default_value_t = OptimizerKind::Adam, hide_possible_values = true)]
    optimizer: OptimizerKind,
    /// Learning rate (default: 0.001 for Adam, 0.01 for the others).
    #[arg(long)]
    lr: Option<f64>,
    /// Where to save the trained parameters (default: ch07-cnn/params.npz).
    #[arg(long, value_name = "FILE")]
    save: Option<PathBuf>,
    /// Do not train: score the parameters in FILE (.npz, the book's keys and shapes) on the
    /// test set.
    #[arg(long, value_name = "FILE.npz")]
    weights: Option<PathBuf>,
    #[command(flatten)]
    conv: ConvArgs,
}

/// The convolution's settings (the book's `conv_param`).
#[derive(clap::Args, Debug, Clone)]
struct ConvArgs {
    /// Number of filters of the convolution.
    #[arg(long, default_value_t = 30)]
    filter_num: usize,
    /// Each filter is N×N.
    #[arg(long, value_name = "N", default_value_t = 5)]
    filter_size: usize,
    /// Zero padding around each image.
    #[arg(long, default_value_t = 0)]
    pad: usize,
    /// Step between filter positions.
    #[arg(long, default_value_t = 1)]
    stride: usize,
}

#[derive(clap::Args, Debug, Clone)]
struct TrainedArgs {
    /// Trained parameters to show (default: ch07-cnn/params.npz if a training run saved it,
    /// else the shipped ch07-cnn/weights/simple_conv_net.npz, else a short training run).
    #[arg(long, value_name = "FILE.npz")]
    weights: Option<PathBuf>,
}

#[derive(clap::Args, Debug, Clone)]
struct ApplyFilterArgs {
    #[command(flatten)]
    trained: TrainedArgs,
    /// Which test image.
    #[arg(long, default_value_t = 0)]
    index: usize,
    /// How many filters to show.
    #[arg(long, default_value_t = 8)]
    filters: usize,
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
        None => section_train(&cli.train, dataset, seed, &figures),
        Some(Command::Train(args)) => section_train(&args, dataset, seed, &figures),
        Some(Command::Im2col) => section_im2col(seed, &figures),
        Some(Command::GradientCheck) => section_gradient_check(seed),
        Some(Command::Filters(args)) => section_filters(&args, dataset, seed, &figures),
        Some(Command::ApplyFilter(args)) => section_apply_filter(&args, dataset, seed, &figures),
    }
}

/// MNIST (or Fashion-MNIST) as the book loads it for a convnet: normalised images of shape
/// (N, 1, 28, 28) (`flatten=False`), in `f32`.
fn load(dataset: Dataset) -> Result<Mnist<f32>> {
    let opts = LoadOptions { flatten: false, ..LoadOptions::default() };
    load_mnist(dataset, opts).with_context(|| format!("cannot load {dataset}"))
}

/// The size of MNIST's (and Fashion-MNIST's) images: (C, H, W).
const INPUT_DIM: (usize, usize, usize) = (1, 28, 28);

/// The network the options describe, checked before any data is loaded: sizes that do not
/// divide stop here, with one line that says why.
fn config_for(conv: &ConvArgs) -> Result<SimpleConvNetConfig> {
    let config = SimpleConvNetConfig {
        input_dim: INPUT_DIM,
        conv_param: ConvParam {
            filter_num: conv.filter_num,
            filter_size: conv.filter_size,
            pad: conv.pad,
            stride: conv.stride,
        },
        ..SimpleConvNetConfig::default()
    };
    config.shapes()?;
    Ok(config)
}

/// The images must have the size the network was built for.
fn check_images(data: &Mnist<f32>, dataset: Dataset) -> Result<()> {
    let (c, h, w) = INPUT_DIM;
    if data.x_test.shape()[1..] != [c, h, w] {
        bail!("{dataset}'s images have shape {:?}, expected ({c}, {h}, {w})", &data.x_test.shape()[1..]);
    }
    Ok(())
}

/// `_fashion` for Fashion-MNIST, so its figures and parameters do not replace MNIST's.
fn suffix(dataset: Dataset) -> &'static str {
    if dataset == Dataset::Fashion { "_fashion" } else { "" }
}

/// Where `train` saves the parameters by default: ch07-cnn/params.npz.
fn default_params(dataset: Dataset) -> PathBuf {
    PathBuf::from(CRATE_DIR).join(format!("params{}.npz", suffix(dataset)))
}

/// The parameters that come with the repository: a 20-epoch run of `train` on MNIST
/// (test accuracy 0.9903), saved as ch07-cnn/weights/simple_conv_net.npz.
fn shipped_params() -> PathBuf {
    PathBuf::from(CRATE_DIR).join("weights/simple_conv_net.npz")
}

/// The trained parameters to show when none are given: the user's own training run if there
/// is one, else (for MNIST) the shipped ones.
fn trained_params(dataset: Dataset) -> Option<PathBuf> {
    let own = default_params(dataset);
    if own.is_file() {
        return Some(own);
    }
    let shipped = shipped_params();
    (dataset == Dataset::Mnist && shipped.is_file()).then_some(shipped)
}

/// A path as the user would type it: relative to the current folder when inside it.
fn shown(path: &Path) -> String {
    let full = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let here = std::env::current_dir().ok().and_then(|d| d.canonicalize().ok());
    match here.as_deref().and_then(|h| full.strip_prefix(h).ok()) {
        Some(rel) => rel.display().to_string(),
        None => full.display().to_string(),
    }
}

// 7.5 Training ------------------------------------------------------------------------------
fn section_train(args: &TrainArgs, dataset: Dataset, seed: u64, figures: &Path) -> Result<()> {
    if let Some(weights) = &args.weights {
        return section_evaluate(weights, &args.conv, dataset);
    }
    let lr = args.lr.unwrap_or(args.optimizer.default_lr());
    if !(lr.is_finite() && lr > 0.0) {
        bail!("--lr must be a positive number, not {lr}");
    }
    if args.epochs == 0 || args.batch_size == 0 {
        bail!("--epochs and --batch-size must be at least 1");
    }
    let config = config_for(&args.conv)?;
    let data = load(dataset)?;
    check_images(&data, dataset)?;
    let available = data.x_train.shape()[0];
    let train_size = args.train_size.unwrap_or(available);
    if !(1..=available).contains(&train_size) {
        bail!(
            "--train-size must be between 1 and {available} (the training images there are), not {train_size}"
        );
    }
    if args.batch_size > train_size {
        bail!("--batch-size ({}) is larger than the training set ({train_size})", args.batch_size);
    }
    let subset = (train_size < available).then(|| head(&data.x_train, data.t_train.view(), Some(train_size)));
    let train_data = match &subset {
        Some((x, t)) => {
            TrainData { x_train: x, t_train: t.view(), x_test: &data.x_test, t_test: data.t_test.view() }
        }
        None => TrainData::from(&data),
    };

    print!("{}", architecture(&config)?);
    let settings = TrainSettings {
        epochs: args.epochs,
        mini_batch_size: args.batch_size,
        optimizer: args.optimizer,
        lr,
        seed,
        ..TrainSettings::default()
    };
    let iterations = train_size.div_ceil(args.batch_size) * args.epochs;
    println!(
        "{dataset}: {} training images, {} test images; {} (lr {lr}), batch {}, {} = {} iterations (f32)",
        thousands(train_size),
        thousands(data.x_test.shape()[0]),
        args.optimizer,
        args.batch_size,
        plural(args.epochs, "epoch"),
        thousands(iterations)
    );
    println!("accuracy per epoch on the first 1,000 training and 1,000 test images (epoch 0: untrained):");

    let mut net = SimpleConvNet::<f32>::new(config, &mut seeded(seed))?;
    let start = Instant::now();
    let outcome = train(&mut net, train_data, &settings, |r, seconds| {
        println!(
            "=== epoch:{}, train acc:{}, test acc:{} === ({seconds:.1} s)",
            r.epoch, r.train_acc, r.test_acc
        );
    })?;
    let total = start.elapsed().as_secs_f64();
    let mean_epoch = outcome.epoch_seconds.iter().sum::<f64>() / outcome.epoch_seconds.len().max(1) as f64;
    println!("=============== Final Test Accuracy ===============");
    println!("test acc:{}", outcome.final_test_acc);
    println!("Accuracy: {:.4}", outcome.final_test_acc);
    println!(
        "{} in {total:.0} s ({mean_epoch:.1} s per epoch, evaluation included)",
        plural(args.epochs, "epoch")
    );

    let save = args.save.clone().unwrap_or_else(|| default_params(dataset));
    net.save(&save).with_context(|| format!("cannot save the parameters to {}", save.display()))?;
    println!("Saved Network Parameters to {} (W1, b1, W2, b2, W3, b3)", shown(&save));

    let sfx = suffix(dataset);
    let acc_path = figures.join(format!("train_accuracy{sfx}.svg"));
    let loss_path = figures.join(format!("train_loss{sfx}.svg"));
    accuracy_figure(&acc_path, &outcome.history, &format!("SimpleConvNet on {dataset}: accuracy per epoch"))?;
    loss_figure(&loss_path, &outcome.history, &format!("SimpleConvNet on {dataset}: loss per iteration"))?;
    println!("wrote {} and {}", shown(&acc_path), shown(&loss_path));
    Ok(())
}

// --weights: score given parameters ----------------------------------------------------------
fn section_evaluate(weights: &Path, conv: &ConvArgs, dataset: Dataset) -> Result<()> {
    // The file is checked before the dataset is loaded: a wrong file fails at once.
    let config = config_for(conv)?;
    let mut net = load_weights(config, weights)
        .with_context(|| format!("cannot use {} as SimpleConvNet's parameters", weights.display()))?;
    let data = load(dataset)?;
    check_images(&data, dataset)?;
    let labels = data.t_test.view().labels();
    let predicted = predict_f64(&mut net, &data.x_test);
    let correct = predicted.iter().zip(&labels).filter(|(p, t)| p == t).count();
    println!(
        "SimpleConvNet with the parameters in {}, on the {} test images of {dataset} (f64):",
        shown(weights),
        thousands(labels.len())
    );
    println!("{} correct", thousands(correct));
    println!("Accuracy: {:.4}", accuracy(&predicted, &labels));
    Ok(())
}

// 7.4 im2col --------------------------------------------------------------------------------
fn section_im2col(seed: u64, figures: &Path) -> Result<()> {
    let mut rng = seeded(seed);
    for shape in [[1, 3, 7, 7], [10, 3, 7, 7]] {
        let (rows, cols) = im2col_shape(shape, 5, &mut rng)?;
        println!("im2col of x {} with a 5×5 filter, stride 1, pad 0: ({rows}, {cols})", tuple(&shape));
    }
    println!();
    let (x, win, col) = tiny_example();
    println!("x (1, 1, 4, 4) with a 3×3 filter: {}×{} positions, one row each:", win.oh, win.ow);
    for row in x.index_axis(Axis(0), 0).index_axis(Axis(0), 0).rows() {
        println!("  x: {}", numbers(row.iter()));
    }
    for (i, row) in col.rows().into_iter().enumerate() {
        println!("  col row {i}: {}", numbers(row.iter()));
    }
    println!();
    println!("A window that does not fit is refused, not rounded down:");
    println!("  {}", does_not_divide_example());
    let path = figures.join("im2col.svg");
    im2col_figure(&path)?;
    println!("\nwrote {}", shown(&path));
    Ok(())
}

/// "1 epoch", "20 epochs".
fn plural(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}

fn tuple(shape: &[usize]) -> String {
    format!("({})", shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", "))
}

fn numbers<'a>(values: impl Iterator<Item = &'a f64>) -> String {
    values.map(|v| format!("{v:>2}")).collect::<Vec<_>>().join(" ")
}

// 7.5 Gradient check ------------------------------------------------------------------------
fn section_gradient_check(seed: u64) -> Result<()> {
    let config = small_config(0.3);
    print!("{}", architecture(&config)?);
    println!("one random image x ∈ [0, 1), label 1, in f64; mean |backprop − numerical| per parameter:");
    println!("\nweights drawn with std 0.3:");
    for (key, diff) in gradient_check::<f64>(config, &mut seeded(seed))? {
        println!("{key} {diff:.1e}");
    }
    // The same check with the network's usual tiny weights: pre-activations of about ±0.02,
    // some within h = 1e-4 of ReLU's kink, where the central difference straddles the corner.
    println!("\nthe same with std 0.01 (the training default): values near ReLU's kink at 0");
    for (key, diff) in gradient_check::<f64>(small_config(0.01), &mut seeded(seed))? {
        println!("{key} {diff:.1e}");
    }
    Ok(())
}

// 7.6 Filters -------------------------------------------------------------------------------
/// A trained network: the parameters of `--weights` or of the default file if there is one,
/// else a short training run (said so). Also returns what it is, for the figure.
fn trained_net(
    args: &TrainedArgs,
    data: &Mnist<f32>,
    dataset: Dataset,
    seed: u64,
) -> Result<(SimpleConvNet<f32>, String)> {
    let config = SimpleConvNetConfig::default();
    let mut net = SimpleConvNet::<f32>::new(config, &mut seeded(seed))?;
    if let Some(path) = args.weights.clone().or_else(|| trained_params(dataset)) {
        net.load(&path)
            .with_context(|| format!("cannot use {} as SimpleConvNet's parameters", path.display()))?;
        println!("after: the trained parameters in {}", shown(&path));
        return Ok((net, "after training".into()));
    }
    let (n, epochs) = (10_000, 1);
    println!(
        "after: no trained parameters at {}, so a short run trains them now: {epochs} epoch on the first \
         {} training images (`cargo run -p ch07-cnn` trains the full 20 epochs and saves them there)",
        shown(&default_params(dataset)),
        thousands(n)
    );
    let (x, t) = head(&data.x_train, data.t_train.view(), Some(n));
    let train_data =
        TrainData { x_train: &x, t_train: t.view(), x_test: &data.x_test, t_test: data.t_test.view() };
    let settings = TrainSettings { epochs, seed, ..TrainSettings::default() };
    let outcome = train(&mut net, train_data, &settings, |_, _| {})?;
    println!("short run: test accuracy {:.4}", outcome.final_test_acc);
    Ok((net, format!("after a short run ({epochs} epoch, {} images)", thousands(n))))
}

fn section_filters(args: &TrainedArgs, dataset: Dataset, seed: u64, figures: &Path) -> Result<()> {
    let data = load(dataset)?;
    // The same seed draws the same initial weights the training started from.
    check_images(&data, dataset)?;
    let untrained = SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(seed))?;
    let before = filter_images(&untrained);
    println!("before: the initial weights (N(0, 0.01²), seed {seed})");
    let (trained, label) = trained_net(args, &data, dataset, seed)?;
    let after = filter_images(&trained);
    let spread = |fs: &[Array2<f64>]| {
        let n = fs.iter().map(|f| f.len()).sum::<usize>() as f64;
        (fs.iter().flat_map(|f| f.iter()).map(|v| v * v).sum::<f64>() / n).sqrt()
    };
    println!(
        "root mean square of the filter weights: before {:.4}, after {:.4}",
        spread(&before),
        spread(&after)
    );
    let path = figures.join(format!("filters{}.svg", suffix(dataset)));
    filters_figure(&path, &before, &after, &label)?;
    println!("wrote {}", shown(&path));
    Ok(())
}

fn section_apply_filter(args: &ApplyFilterArgs, dataset: Dataset, seed: u64, figures: &Path) -> Result<()> {
    let data = load(dataset)?;
    check_images(&data, dataset)?;
    let n_test = data.x_test.shape()[0];
    if args.index >= n_test {
        bail!("--index must be below {n_test}, the number of test images");
    }
    let (mut net, _) = trained_net(&args.trained, &data, dataset, seed)?;
    let x = data.x_test.slice_axis(Axis(0), Slice::from(args.index..args.index + 1)).to_owned(); // (1, 1, 28, 28)
    let label = data.t_test.view().labels()[args.index];
    let predicted = net.predict_labels(&x, 1)[0];
    // "label 7" for digits, "label 7 (Sneaker)" for clothes.
    let class = |k: usize| match dataset.class_names()[k] {
        n if n == k.to_string() => format!("{k}"),
        n => format!("{k} ({n})"),
    };
    println!("test image {}: label {}; the network says {}", args.index, class(label), class(predicted));
    let filters = filter_images(&net);
    let maps = feature_maps(&mut net, &x); // (30, 24, 24)
    let chosen = strongest_filters(&filters, args.filters.clamp(1, filters.len()));
    println!("the {} filters with the largest weights, and their feature maps (after ReLU):", chosen.len());
    for &k in &chosen {
        let map = maps.index_axis(Axis(0), k);
        let (mut best, mut at) = (0.0, (0, 0));
        for ((y, x), &v) in map.indexed_iter() {
            if v > best {
                (best, at) = (v, (y, x));
            }
        }
        let active = map.iter().filter(|&&v| v > 0.0).count() as f64 / map.len() as f64;
        println!(
            "  filter {:>2}: strongest response {best:.3} at (y, x) = ({:>2}, {:>2}); active at {:>3.0}% of positions",
            k + 1,
            at.0,
            at.1,
            100.0 * active
        );
    }
    let x4 = x.into_dimensionality::<Ix4>().expect("(1, 1, 28, 28)");
    let digit = x4.slice(s![0, 0, .., ..]).mapv(|v| v as f64);
    let path = figures.join(format!("apply_filter{}.svg", suffix(dataset)));
    apply_filter_figure(
        &path,
        &digit,
        &format!("test image {}: {}", args.index, dataset.class_names()[label]),
        &filters,
        &maps,
        &chosen,
    )?;
    println!("wrote {}", shown(&path));
    Ok(())
}
