//! Chapter 4: learning from data. One subcommand a section; with none, it trains the
//! two-layer network on MNIST (the chapter's headline experiment).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use ndarray::{ArrayView2, Axis, arr1, stack};

use ch04_learning::accuracy_vs_loss::{flat_fraction, sweep_one_weight, sweep_problem};
use ch04_learning::classify2d::{Classify2dConfig, Mlp2d, classes_at, learn};
use ch04_learning::descent::{arange, book_start, function_2, gradient_descent, negative_gradient_field};
use ch04_learning::diff::{
    function_1, function_tmp1, function_tmp2, numerical_diff_bad, step_table, tangent_line,
};
use ch04_learning::loss::{book_t, book_y_right, book_y_wrong, mini_batch, random_choice};
use ch04_learning::simple_net::numerical_dw;
use ch04_learning::train::{EVAL_BATCH, Split, TrainConfig, train};
use ch04_learning::{SimpleNet, TwoLayerNet};
use common::cli::{ChapterArgs, DataArgs};
use common::data::toy::{self, ToyData};
use common::data::{Dataset, LoadOptions, Mnist, load_mnist};
use common::functions::{argmax, cross_entropy_error, cross_entropy_error_labels, mean_squared_error};
use common::gradient::{numerical_diff, numerical_gradient};
use common::plot::{
    Arrow, ClassPoint, LineChart, QuiverChart, QuiverPath, RegionGrid, RegionPlot, Series, line_chart,
    quiver_chart, region_plots,
};
use common::rng::seeded;

/// Chapter 4 of Deep Learning from Scratch: how a network learns from data.
#[derive(Parser, Debug)]
#[command(version, about)]
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
    /// Gradient steps.
    #[arg(long, default_value_t = 10_000)]
    iters: usize,
    /// Images per mini-batch.
    #[arg(long, default_value_t = 100)]
    batch_size: usize,
    /// Learning rate.
    #[arg(long, default_value_t = 0.1)]
    lr: f64,
    /// Images in the batch whose full numerical gradient is timed (0 skips the timing).
    #[arg(long, default_value_t = 3)]
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
    /// Units in each of the two hidden layers.
    #[arg(long, default_value_t = 32)]
    hidden: usize,
    /// Gradient steps (each on the whole dataset).
    #[arg(long, default_value_t = 5000)]
    steps: usize,
    /// Learning rate.
    #[arg(long, default_value_t = 0.1)]
    lr: f64,
}

fn main() -> ExitCode {
    // Bad input is one clear line and a non-zero exit, never a backtrace.
    common::cli::main(|| run(Cli::parse()))
}

fn run(cli: Cli) -> Result<()> {
    let figures = cli.chapter.figures_dir(env!("CARGO_MANIFEST_DIR"), cli.data.dataset);
    let seed = cli.chapter.seed;
    match cli.command.unwrap_or(Command::Train(TrainArgs::default())) {
        Command::Loss => loss(seed, &cli.data, &figures),
        Command::NumericalDiff => numerical_differentiation(&figures),
        Command::Gradient => gradient(&figures),
        Command::SimpleNet => simple_net(seed),
        Command::Train(args) => train_two_layer_net(seed, &cli.data, &args, &figures),
        Command::Classify2d(args) => classify2d(seed, &args, &figures),
    }
}

// ---------------------------------------------------------------------------------------
// 4.2 Loss functions
// ---------------------------------------------------------------------------------------

fn loss(seed: u64, data: &DataArgs, figures: &Path) -> Result<()> {
    let (t, right, wrong) = (book_t(), book_y_right(), book_y_wrong());
    println!("4.2 Loss functions: the correct answer is \"2\", t = {t}");
    println!("  y = {right}  (most probable: \"2\")");
    println!("  y = {wrong}  (most probable: \"7\")");

    println!("\n4.2.1 Mean squared error");
    println!("  y bets on \"2\": {}", mean_squared_error(&right, &t));
    println!("  y bets on \"7\": {}", mean_squared_error(&wrong, &t));

    println!("\n4.2.2 Cross-entropy error");
    println!("  y bets on \"2\": {}", cross_entropy_error(&right, &t));
    println!("  y bets on \"7\": {}", cross_entropy_error(&wrong, &t));

    println!("\n4.2.3 Mini-batches: 10 training images picked at random");
    let mut rng = seeded(seed);
    let batch_mask = random_choice(60_000, 10, &mut rng);
    println!("  random_choice(60000, 10) = {batch_mask:?}");
    match load_mnist::<f32>(data.dataset, LoadOptions { normalize: true, flatten: true, one_hot: true }) {
        Ok(mnist) => {
            let (x_batch, t_batch) = mini_batch(&mnist.x_train, mnist.t_train.view(), &batch_mask);
            println!("  x_train {:?}, t_train {:?}", mnist.x_train.shape(), targets_shape(&mnist.t_train));
            println!("  x_batch {:?}, t_batch {:?}", x_batch.shape(), targets_shape(&t_batch));
            println!("  the batch's labels: {}", t_batch.view().labels());
        }
        Err(e) => println!("  ({e}; skipping the MNIST part)"),
    }

    println!("\n4.2.4 Cross-entropy of a batch (the two predictions above, as a batch of 2)");
    let y = stack![Axis(0), right, wrong];
    let t_one_hot = stack![Axis(0), t, t];
    let t_labels = arr1(&[2usize, 2]);
    println!("  one-hot targets:        {}", cross_entropy_error(&y, &t_one_hot));
    println!("  label targets [2, 2]:   {}", cross_entropy_error_labels(y.view(), t_labels.view()));

    println!("\n4.2.5 Why not use accuracy as the loss? Move one weight, watch both");
    let (toy, w) = sweep_problem(seed);
    let values: Vec<f64> = (0..=900).map(|i| -3.0 + 9.0 * i as f64 / 900.0).collect();
    let sweep = sweep_one_weight(&toy, &w, &values);
    let jumps = sweep.windows(2).filter(|p| p[0].accuracy != p[1].accuracy).count();
    println!(
        "  W[0, 0] from -3 to 6 in {} steps: accuracy changes at {} of them and is flat \
         (derivative 0) at {:.1}% of them; the loss changes at every step",
        sweep.len() - 1,
        jumps,
        100.0 * flat_fraction(&sweep)
    );
    let chart = LineChart {
        title: "Accuracy jumps; the loss slopes".into(),
        x_label: "W[0, 0]".into(),
        y_label: "".into(),
        series: vec![
            Series::new("accuracy", sweep.iter().map(|p| (p.w, p.accuracy)).collect()),
            Series::new("cross-entropy loss", sweep.iter().map(|p| (p.w, p.loss)).collect()),
        ],
        y_range: Some((0.0, 1.2)),
        ..Default::default()
    };
    save(figures, "accuracy_vs_loss.svg", |p| line_chart(p, &chart))
}

fn targets_shape(t: &common::OwnedTargets<f32>) -> Vec<usize> {
    match t {
        common::OwnedTargets::Labels(t) => t.shape().to_vec(),
        common::OwnedTargets::OneHot(t) => t.shape().to_vec(),
    }
}

// ---------------------------------------------------------------------------------------
// 4.3 Numerical differentiation
// ---------------------------------------------------------------------------------------

fn numerical_differentiation(figures: &Path) -> Result<()> {
    println!("4.3.1 A bad derivative: (f(x + h) − f(x)) / h with h = 1e-50, f = function_1, x = 5");
    println!("  1e-50 as f32 = {}", 1e-50_f64 as f32);
    println!("  in f32: {}   (0 / 0)", numerical_diff_bad(function_1::<f32>, 5.0));
    println!("  in f64: {}   (5 + 1e-50 rounds to 5)", numerical_diff_bad(function_1::<f64>, 5.0));

    println!("\n4.3.2 numerical_diff (central difference, h = 1e-4) on f(x) = 0.01x² + 0.1x");
    println!("  numerical_diff(function_1, 5)  = {}   (exact: 0.2)", numerical_diff(function_1::<f64>, 5.0));
    println!("  numerical_diff(function_1, 10) = {}   (exact: 0.3)", numerical_diff(function_1::<f64>, 10.0));

    println!("\n  Error against the exact slope 0.2 at x = 5, by step h:");
    println!("  {:>7}  {:>14}  {:>14}  {:>14}", "h", "forward (f64)", "central (f64)", "central (f32)");
    for row in step_table(10) {
        println!(
            "  {:>7.0e}  {:>14.2e}  {:>14.2e}  {:>14.2e}",
            row.h, row.forward_f64, row.central_f64, row.central_f32
        );
    }

    // Few points: the SVG's coordinates are whole pixels, and a dense polyline would wobble.
    let curve: Vec<(f64, f64)> = (0..=40).map(|i| i as f64 * 0.5).map(|x| (x, function_1(x))).collect();
    let line = |f: &dyn Fn(f64) -> f64| vec![(0.0, f(0.0)), (20.0, f(20.0))];
    let (t5, t10) = (tangent_line(function_1::<f64>, 5.0), tangent_line(function_1::<f64>, 10.0));
    let chart = LineChart {
        title: "f(x) = 0.01x² + 0.1x and its tangents at x = 5 and x = 10".into(),
        x_label: "x".into(),
        y_label: "f(x)".into(),
        series: vec![
            Series::new("f(x)", curve),
            Series::new("tangent at x = 5 (slope 0.2)", line(&t5)).dashed(),
            Series::new("tangent at x = 10 (slope 0.3)", line(&t10)).dashed(),
        ],
        x_range: Some((0.0, 20.0)),
        y_range: Some((-1.0, 8.0)),
        ..Default::default()
    };
    save(figures, "tangent_lines.svg", |p| line_chart(p, &chart))?;

    println!("\n4.3.3 Partial derivatives of f(x0, x1) = x0² + x1² at (3, 4)");
    println!("  ∂f/∂x0 = numerical_diff(function_tmp1, 3) = {}", numerical_diff(function_tmp1, 3.0));
    println!("  ∂f/∂x1 = numerical_diff(function_tmp2, 4) = {}", numerical_diff(function_tmp2, 4.0));
    Ok(())
}

// ---------------------------------------------------------------------------------------
// 4.4 Gradients and gradient descent
// ---------------------------------------------------------------------------------------

fn gradient(figures: &Path) -> Result<()> {
    println!("4.4 The gradient of f(x0, x1) = x0² + x1²");
    for point in [[3.0, 4.0], [0.0, 2.0], [3.0, 0.0]] {
        let mut x = arr1(&point);
        let grad = numerical_gradient(function_2, &mut x);
        println!("  numerical_gradient(function_2, {x}) = {grad}");
    }

    let grid = arange(-2.0, 2.25, 0.25); // −2, −1.75, …, 2
    let field = negative_gradient_field(function_2, &grid, &grid);
    let chart = QuiverChart {
        title: "−∇f for f(x₀, x₁) = x₀² + x₁²".into(),
        x_label: "x₀".into(),
        y_label: "x₁".into(),
        arrows: field.iter().map(|&(at, dir)| Arrow { at, dir }).collect(),
        x_range: (-2.4, 2.4),
        y_range: (-2.4, 2.4),
        ..Default::default()
    };
    save(figures, "gradient_field.svg", |p| quiver_chart(p, &chart))?;

    println!("\n4.4.1 Gradient descent from (−3, 4), 100 steps");
    let (x, history) = gradient_descent(function_2, &book_start(), 0.1, 100);
    println!("  lr = 0.1:   {x:.8e}");
    let (x_big, _) = gradient_descent(function_2, &book_start(), 10.0, 100);
    println!("  lr = 10:    {x_big:.8e}   (too large: it diverges)");
    let (x_small, _) = gradient_descent(function_2, &book_start(), 1e-10, 100);
    println!("  lr = 1e-10: {x_small:.8}   (too small: it barely moves)");

    println!("\n  Distance from the minimum after 100 steps (it starts 5 away):");
    for lr in [0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 1.0, 1.01, 1.1] {
        let (x, _) = gradient_descent(function_2, &book_start(), lr, 100);
        println!("    lr = {lr:<5}  {}", sci(function_2(&x).sqrt()));
    }

    let path: Vec<(f64, f64)> = history.iter().map(|x| (x[0], x[1])).collect();
    let circles: Vec<Vec<(f64, f64)>> = (1..=6)
        .map(|r| {
            let r = r as f64;
            (0..=120)
                .map(|k| k as f64 * std::f64::consts::TAU / 120.0)
                .map(|a| (r * a.cos(), r * a.sin()))
                .collect()
        })
        .collect();
    let descent = QuiverChart {
        title: "Gradient descent from (−3, 4), lr = 0.1".into(),
        x_label: "x₀".into(),
        y_label: "x₁".into(),
        arrows: field_over(-3.5, 3.5, -4.5, 4.5, 1.0),
        scale: Some(0.1),
        faint_arrows: true,
        level_lines: circles,
        paths: vec![QuiverPath { label: "x after each step".into(), points: path }],
        x_range: (-3.5, 3.5),
        y_range: (-4.5, 4.5),
        size: Some((520, 670)),
    };
    save(figures, "gradient_descent.svg", |p| quiver_chart(p, &descent))
}

/// A number as 4.093e+00: three decimals and a signed two-digit exponent.
fn sci(v: f64) -> String {
    let s = format!("{v:.3e}");
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let exp: i32 = exp.parse().unwrap_or(0);
            format!("{mantissa}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
        }
        None => s, // inf or NaN
    }
}

/// Arrows of −∇f for f = x0² + x1² on a grid with the given spacing.
fn field_over(x0: f64, x1: f64, y0: f64, y1: f64, step: f64) -> Vec<Arrow> {
    let xs = arange(x0 + step / 2.0, x1, step);
    let ys = arange(y0 + step / 2.0, y1, step);
    negative_gradient_field(function_2, &xs, &ys).into_iter().map(|(at, dir)| Arrow { at, dir }).collect()
}

// ---------------------------------------------------------------------------------------
// 4.4.2 simpleNet
// ---------------------------------------------------------------------------------------

fn simple_net(seed: u64) -> Result<()> {
    let x = arr1(&[0.6, 0.9]);
    let t = arr1(&[0.0, 0.0, 1.0]);
    let show = |title: &str, net: &mut SimpleNet| {
        println!("{title}");
        println!("  W =\n{:.8}", net.w);
        let p = net.predict(x.view());
        println!("  p = predict(x) = {p:.8}");
        println!("  argmax(p) = {}", argmax(p.view()));
        println!("  loss(x, t) = {}", net.loss(x.view(), t.view()));
        println!("  dW =\n{:.8}", numerical_dw(net, x.view(), t.view()));
    };
    println!("4.4.2 simpleNet: x = {x}, t = {t}\n");
    show(&format!("With random weights (seed {seed}):"), &mut SimpleNet::new(&mut seeded(seed)));
    println!();
    show("With the weights the book prints:", &mut SimpleNet::with_book_weights());
    Ok(())
}

// ---------------------------------------------------------------------------------------
// 4.5 The two-layer network
// ---------------------------------------------------------------------------------------

fn train_two_layer_net(seed: u64, data: &DataArgs, args: &TrainArgs, figures: &Path) -> Result<()> {
    if args.batch_size == 0 || args.iters == 0 {
        bail!("--iters and --batch-size must be at least 1");
    }
    if !(args.lr.is_finite() && args.lr > 0.0) {
        bail!("--lr must be a positive number, not {}", args.lr);
    }
    let mnist: Mnist<f32> =
        load_mnist(data.dataset, LoadOptions { normalize: true, flatten: true, one_hot: true })
            .context("cannot load the training data")?;
    let train_size = mnist.x_train.shape()[0];
    let mut rng = seeded(seed);
    let mut net = TwoLayerNet::<f32>::new(784, 50, 10, 0.01, &mut rng);
    println!("4.5 TwoLayerNet 784 → 50 (sigmoid) → 10 (softmax), on {}", dataset_name(data.dataset));
    println!(
        "  x_train {:?}, x_test {:?}; parameters {}: {} numbers",
        mnist.x_train.shape(),
        mnist.x_test.shape(),
        net.params.named().iter().map(|(n, a)| format!("{n} {:?}", a.shape())).collect::<Vec<_>>().join(", "),
        net.params.count()
    );

    if args.numerical_batch > 0 {
        numerical_gradient_cost(&mut net, &mnist, args, &mut rng)?;
    }

    let cfg = TrainConfig {
        iters_num: args.iters,
        batch_size: args.batch_size,
        learning_rate: args.lr,
        iter_per_epoch: (train_size / args.batch_size).max(1),
    };
    println!(
        "\n4.5.2 Mini-batch SGD with the analytic gradient: {} iterations, batch {}, lr {} \
         ({} iterations = 1 epoch)",
        cfg.iters_num, cfg.batch_size, cfg.learning_rate, cfg.iter_per_epoch
    );
    let split = Split {
        x_train: &mnist.x_train,
        t_train: &mnist.t_train,
        x_test: &mnist.x_test,
        t_test: &mnist.t_test,
    };
    let start = Instant::now();
    let history = train(&mut net, split, &cfg, &mut rng, |r| {
        println!(
            "  train acc, test acc | {:.4}, {:.4}   (iteration {})",
            r.train_acc, r.test_acc, r.iteration
        );
    })?;
    let elapsed = start.elapsed();
    let final_test = common::Net::accuracy(&mut net, &mnist.x_test, mnist.t_test.view(), EVAL_BATCH);
    let final_train = common::Net::accuracy(&mut net, &mnist.x_train, mnist.t_train.view(), EVAL_BATCH);
    println!(
        "  after all {} iterations: train acc {final_train:.4}, test acc {final_test:.4}",
        cfg.iters_num
    );
    println!("  training took {:.1} s", elapsed.as_secs_f64());

    let loss_chart = LineChart {
        title: "Loss of each mini-batch".into(),
        x_label: "iteration".into(),
        y_label: "loss".into(),
        series: vec![
            Series::from_values("mini-batch loss", &history.train_loss),
            Series::new("mean of the last 100", moving_average(&history.train_loss, 100)),
        ],
        y_range: Some((0.0, history.train_loss.iter().copied().fold(0.0, f64::max).min(3.0) * 1.05)),
        ..Default::default()
    };
    save(figures, "train_loss.svg", |p| line_chart(p, &loss_chart))?;
    let epochs = |f: fn(&ch04_learning::train::EpochRecord) -> f64| {
        history.epochs.iter().enumerate().map(|(i, r)| (i as f64, f(r))).collect::<Vec<_>>()
    };
    let acc_chart = LineChart {
        title: "Accuracy on all training and all test images".into(),
        x_label: "epochs".into(),
        y_label: "accuracy".into(),
        series: vec![
            Series::new("train", epochs(|r| r.train_acc)).with_markers(),
            Series::new("test", epochs(|r| r.test_acc)).dashed().with_markers(),
        ],
        // Room on the right for the legend (it sits in the upper right corner).
        x_range: Some((0.0, (history.epochs.len().max(2) - 1) as f64 * 1.3)),
        y_range: Some((0.0, 1.0)),
        ..Default::default()
    };
    save(figures, "train_accuracy.svg", |p| line_chart(p, &acc_chart))
}

fn dataset_name(dataset: Dataset) -> &'static str {
    match dataset {
        Dataset::Mnist => "MNIST",
        Dataset::Fashion => "Fashion-MNIST",
    }
}

/// How long the numerical gradient takes, and what that would mean for training.
fn numerical_gradient_cost(
    net: &mut TwoLayerNet<f32>,
    mnist: &Mnist<f32>,
    args: &TrainArgs,
    rng: &mut common::rng::Rng,
) -> Result<()> {
    let n = args.numerical_batch;
    let x = view_rows(&mnist.x_train)?;
    let t = mnist.t_train.view();
    let tiny_mask = random_choice(x.nrows(), n, rng);
    let (x_tiny, t_tiny) = mini_batch(&mnist.x_train, t, &tiny_mask);
    let x_tiny = x_tiny.into_dimensionality().context("flattened images")?;
    let params = net.params.count();
    println!("\n4.5.1 The numerical gradient: 2 forward passes for each of the {params} parameters");
    let (_, numerical) = time(|| net.numerical_gradient(x_tiny.view(), t_tiny.view()));
    println!(
        "  one numerical gradient on a batch of {n}: {} forward passes in {:.2} s",
        2 * params,
        numerical.as_secs_f64()
    );

    let batch_mask = random_choice(x.nrows(), args.batch_size, rng);
    let (xb, tb) = mini_batch(&mnist.x_train, t, &batch_mask);
    let xb = xb.into_dimensionality().context("flattened images")?;
    let reps = 200;
    let (_, loss_time) = time(|| (0..reps).map(|_| net.loss(xb.view(), tb.view())).sum::<f32>());
    let per_loss = loss_time / reps;
    let per_gradient = per_loss * 2 * params as u32;
    let per_run = per_gradient.as_secs_f64() * args.iters as f64;
    println!(
        "  one forward pass on a batch of {}: {:.3} ms → one numerical gradient ≈ {:.1} s → \
         {} iterations ≈ {:.0} hours",
        args.batch_size,
        ms(per_loss),
        per_gradient.as_secs_f64(),
        args.iters,
        per_run / 3600.0
    );
    let (_, analytic) = time(|| (0..reps).map(|_| net.gradient(xb.view(), tb.view()).1).sum::<f32>());
    let per_analytic = analytic / reps;
    println!(
        "  the analytic gradient on the same batch: {:.3} ms ({:.0}× faster) → {} iterations ≈ {:.1} s",
        ms(per_analytic),
        per_gradient.as_secs_f64() / per_analytic.as_secs_f64(),
        args.iters,
        per_analytic.as_secs_f64() * args.iters as f64
    );
    Ok(())
}

fn view_rows(x: &ndarray::ArrayD<f32>) -> Result<ArrayView2<'_, f32>> {
    x.view().into_dimensionality().context("expected flattened images (N, 784)")
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// (i, mean of values[i−window+1 ..= i]) from i = window − 1 on.
fn moving_average(values: &[f64], window: usize) -> Vec<(f64, f64)> {
    if values.len() < window {
        return Vec::new();
    }
    let mut sum: f64 = values[..window].iter().sum();
    let mut out = vec![((window - 1) as f64, sum / window as f64)];
    for i in window..values.len() {
        sum += values[i] - values[i - window];
        out.push((i as f64, sum / window as f64));
    }
    out
}

// ---------------------------------------------------------------------------------------
// Beyond the book: a network learns the plane
// ---------------------------------------------------------------------------------------

fn classify2d(seed: u64, args: &Classify2dArgs, figures: &Path) -> Result<()> {
    let mut rng = seeded(seed);
    let (data, name): (ToyData, &str) = match args.toy {
        Toy::Spiral => (toy::spiral(100, 3, 0.2, &mut rng), "spiral"),
        Toy::Circle => (toy::circle(300, 0.05, &mut rng), "circle"),
        Toy::Xor => (toy::xor(300, 0.08, &mut rng), "xor"),
        Toy::Blobs => (toy::blobs(300, 4, 0.15, &mut rng), "blobs"),
    };
    let mut net = Mlp2d::new(args.hidden, data.classes, &mut rng);
    let mut snapshots: Vec<usize> =
        Classify2dConfig::default().snapshots.into_iter().filter(|&s| s <= args.steps).collect();
    if snapshots.last() != Some(&args.steps) {
        snapshots.push(args.steps);
    }
    let cfg = Classify2dConfig { hidden: args.hidden, steps: args.steps, learning_rate: args.lr, snapshots };
    println!(
        "Beyond the book: {name}, {} points in {} classes; network 2 → {h} → {h} → {} (ReLU), \
         gradient descent on all points, lr {}",
        data.len(),
        data.classes,
        data.classes,
        cfg.learning_rate,
        h = cfg.hidden
    );
    let (lo, hi) = (-1.25, 1.25);
    let points: Vec<ClassPoint> =
        data.x.rows().into_iter().zip(&data.labels).map(|(p, &k)| ClassPoint::new(p[0], p[1], k)).collect();
    let mut panels = Vec::new();
    let history = learn(&mut net, &data, &cfg, |snap, net| {
        println!("  step {:>5}: loss {:.4}, accuracy {:.3}", snap.step, snap.loss, snap.accuracy);
        let cells = (120, 120);
        let centers = RegionGrid::centers((lo, hi), (lo, hi), cells);
        let classes = classes_at(net, &centers);
        panels.push(RegionPlot {
            title: format!("step {} (accuracy {:.0}%)", snap.step, 100.0 * snap.accuracy),
            grid: Some(RegionGrid::new((lo, hi), (lo, hi), cells, common::plot::Fill::Classes(classes))),
            points: points.clone(),
            ..Default::default()
        });
    });
    if history.last().is_some_and(|s| !s.loss.is_finite()) {
        bail!(
            "the loss became NaN: the learning rate ({}) is too large; try a smaller --lr",
            cfg.learning_rate
        );
    }
    let cols = 3;
    let rows = panels.len().div_ceil(cols);
    save(figures, &format!("classify2d_{name}.svg"), |p| {
        region_plots(p, (1050, 360 * rows as u32), (cols, rows), &panels)
    })
}

// ---------------------------------------------------------------------------------------

/// Writes one figure and says where it went.
fn save<E: std::error::Error + Send + Sync + 'static>(
    dir: &Path,
    name: &str,
    draw: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<()> {
    let path: PathBuf = dir.join(name);
    draw(&path).with_context(|| format!("cannot write the figure {}", path.display()))?;
    println!("  figure: {}", name);
    Ok(())
}
