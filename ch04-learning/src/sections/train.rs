//! 4.5 The two-layer network on MNIST: what the numerical gradient would cost, then the
//! book's training loop with the analytic gradient.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use ndarray::{ArrayD, ArrayView2, aview1};
use ndarray_stats::QuantileExt;

use ch04_learning::TwoLayerNet;
use common::Net;
use common::data::{Dataset, LoadOptions, Mnist, load_mnist, mini_batch, random_choice};
use common::plot::{AccuracyChart, LineChart, Series, accuracy_chart, line_chart, moving_average};
use common::rng::{Rng, seeded};
use common::train_loop::{EVAL_BATCH, TrainConfig, check_better_than_chance, train};

use super::save;
use crate::TrainArgs;

/// Trains the 784→50→10 network on `dataset` as `args` say, printing as it goes, and writes
/// the loss and accuracy figures into `figures`. A run that ends no better than chance is
/// an error.
pub fn run(seed: u64, dataset: Dataset, args: &TrainArgs, figures: &Path) -> Result<()> {
    let mnist: Mnist<f32> =
        load_mnist(dataset, LoadOptions { normalize: true, flatten: true, one_hot: true })
            .context("cannot load the training data")?;
    let train_size = mnist.x_train.shape()[0];
    let mut rng = seeded(seed);
    let mut net = TwoLayerNet::<f32>::new(784, 50, 10, 0.01, &mut rng);
    println!("4.5 TwoLayerNet 784 → 50 (sigmoid) → 10 (softmax), on {dataset}");
    println!(
        "  x_train {:?}, x_test {:?}; parameters {}: {} numbers",
        mnist.x_train.shape(),
        mnist.x_test.shape(),
        net.params.named().iter().map(|(n, a)| format!("{n} {:?}", a.shape())).collect::<Vec<_>>().join(", "),
        net.param_count()
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
    let start = Instant::now();
    let history = train(&mut net, (&mnist).into(), &cfg, &mut rng, |r| {
        println!(
            "  train acc, test acc | {:.4}, {:.4}   (iteration {})",
            r.train_acc, r.test_acc, r.iteration
        );
    })?;
    let elapsed = start.elapsed();
    let final_test = Net::accuracy(&mut net, &mnist.x_test, mnist.t_test.view(), EVAL_BATCH);
    let final_train = Net::accuracy(&mut net, &mnist.x_train, mnist.t_train.view(), EVAL_BATCH);
    println!(
        "  after all {} iterations: train acc {final_train:.4}, test acc {final_test:.4}",
        cfg.iters_num
    );
    println!("  training took {:.1} s", elapsed.as_secs_f64());
    check_better_than_chance(final_test, mnist.t_test.view().labels().as_slice().expect("contiguous"))?;

    let highest = *aview1(&history.train_loss).max_skipnan();
    let loss_chart = LineChart {
        title: "Loss of each mini-batch".into(),
        x_label: "iteration".into(),
        y_label: "loss".into(),
        series: vec![
            Series::from_values("mini-batch loss", &history.train_loss),
            Series::new("mean of the last 100", moving_average(&history.train_loss, 100)),
        ],
        y_range: Some((0.0, highest.min(3.0) * 1.05)),
        ..Default::default()
    };
    save(figures, "train_loss.svg", |p| line_chart(p, &loss_chart))?;
    let acc_chart = AccuracyChart {
        title: "Accuracy on all training and all test images".into(),
        train: history.epochs.iter().map(|r| r.train_acc).collect(),
        test: history.epochs.iter().map(|r| r.test_acc).collect(),
        train_label: "train".into(),
        test_label: "test".into(),
    };
    save(figures, "train_accuracy.svg", |p| accuracy_chart(p, &acc_chart))
}

/// How long the numerical gradient takes, and what that would mean for training.
fn numerical_gradient_cost(
    net: &mut TwoLayerNet<f32>,
    mnist: &Mnist<f32>,
    args: &TrainArgs,
    rng: &mut Rng,
) -> Result<()> {
    let n = args.numerical_batch;
    let train_size = mnist.x_train.shape()[0];
    let t = mnist.t_train.view();
    let tiny_mask = random_choice(train_size, n, rng);
    let (x_tiny, t_tiny) = mini_batch(&mnist.x_train, t, &tiny_mask);
    let x_tiny = rows(&x_tiny)?;
    let params = Net::param_count(net);
    println!("\n4.5.1 The numerical gradient: 2 forward passes for each of the {params} parameters");
    let (_, numerical) = time(|| TwoLayerNet::numerical_gradient(net, x_tiny, t_tiny.view()));
    println!(
        "  one numerical gradient on a batch of {n}: {} forward passes in {:.2} s",
        2 * params,
        numerical.as_secs_f64()
    );

    let batch_mask = random_choice(train_size, args.batch_size, rng);
    let (xb, tb) = mini_batch(&mnist.x_train, t, &batch_mask);
    let xb = rows(&xb)?;
    let reps = 200;
    let (_, loss_time) = time(|| (0..reps).map(|_| TwoLayerNet::loss(net, xb, tb.view())).sum::<f32>());
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
    let (_, analytic) = time(|| (0..reps).map(|_| TwoLayerNet::gradient(net, xb, tb.view()).1).sum::<f32>());
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

/// Flattened images (N, 784) seen as the matrix they are.
fn rows(x: &ArrayD<f32>) -> Result<ArrayView2<'_, f32>> {
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
