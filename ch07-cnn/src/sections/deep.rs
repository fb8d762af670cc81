//! 7.7 DeepConvNet, the Python book's deep network (its chapter 8): trained here, or the
//! parameters of a file scored on the test set (the book's own `deep_convnet_params.pkl`,
//! converted to `.npz`, gives the book's accuracy).

use std::path::Path;

use anyhow::{Context, Result};
use ndarray::Ix2;

use ch07_cnn::architecture_figures::misclassified_figure;
use ch07_cnn::architectures::deep_conv_net::deep_conv_net;
use ch07_cnn::report::thousands;
use ch07_cnn::train::TrainSettings;
use ch07_cnn::train_figures::accuracy_figure;
use common::data::Dataset;
use common::files::{check_output_dir, check_output_file, shown};
use common::rng::seeded;
use common::train_loop::check_better_than_chance;
use common::trainer::Sampling;
use common::{Net, data::Mnist};

use super::{load, plural, print_score, train_as_the_book_prints, train_data, training_subset};
use crate::TrainArgs;

/// Where `deep` saves the parameters by default.
fn default_params(dataset: Dataset) -> std::path::PathBuf {
    common::cli::out_dir(env!("CARGO_MANIFEST_DIR"), dataset).join("deep_conv_net.npz")
}

pub fn run(args: &TrainArgs, dataset: Dataset, seed: u64, figures: &Path) -> Result<()> {
    check_output_dir(figures).with_context(|| format!("--figures {}", figures.display()))?;
    match &args.weights {
        Some(weights) => evaluate(weights, dataset, figures),
        None => train_deep(args, dataset, seed, figures),
    }
}

/// The book's `misclassified_mnist.py`: the parameters in `weights`, in f64 from the float32
/// pixels as NumPy computes, on the whole test set; the first 20 mistakes drawn.
fn evaluate(weights: &Path, dataset: Dataset, figures: &Path) -> Result<()> {
    let mut net = deep_conv_net::<f64>(&mut seeded(0));
    net.load(weights)
        .with_context(|| format!("cannot use {} as DeepConvNet's parameters", weights.display()))?;
    let data = load(dataset)?;
    let labels = data.t_test.view().labels();
    let predicted = net.predict_labels(&data.x_test.mapv(f64::from), 100);
    print_score("DeepConvNet", weights, dataset, &predicted, &labels);
    draw_mistakes(
        &data,
        labels.as_slice().unwrap_or_default(),
        predicted.as_slice().unwrap_or_default(),
        figures,
    )
}

/// The first 20 misclassified test digits, with what the book prints of them.
fn draw_mistakes(data: &Mnist<f32>, labels: &[usize], predicted: &[usize], figures: &Path) -> Result<()> {
    let wrong: Vec<usize> = (0..labels.len()).filter(|&i| predicted[i] != labels[i]).take(20).collect();
    let pairs: Vec<String> = wrong
        .iter()
        .enumerate()
        .map(|(k, &i)| format!("{}: ({}, {})", k + 1, labels[i], predicted[i]))
        .collect();
    println!(
        "the first {} misclassified, {{view: (label, inference)}}: {{{}}}",
        wrong.len(),
        pairs.join(", ")
    );
    let n = data.x_test.shape()[0];
    let x = data
        .x_test
        .view()
        .into_shape_with_order((n, 784))
        .context("test images are 28×28")?
        .into_dimensionality::<Ix2>()?;
    let path = figures.join("deep_misclassified.svg");
    let title = "DeepConvNet's first 20 mistakes on the test set: label → prediction";
    misclassified_figure(&path, title, x, labels, predicted, 20)?;
    println!("wrote {}", shown(&path));
    Ok(())
}

fn train_deep(args: &TrainArgs, dataset: Dataset, seed: u64, figures: &Path) -> Result<()> {
    let save = args.save.clone().unwrap_or_else(|| default_params(dataset));
    check_output_file(&save).with_context(|| format!("--save {}", save.display()))?;
    let epochs = args.epochs.unwrap_or(20);
    let data = load(dataset)?;
    let subset = training_subset(&data, args.train_size)?;
    let train_data = train_data(&data, &subset);
    let mut net = deep_conv_net::<f32>(&mut seeded(seed));
    println!(
        "DeepConvNet, {} parameters; {dataset}: {} training images; Adam (lr 0.001), batch 100, {} (f32)",
        thousands(net.param_count()),
        thousands(train_data.train_size()),
        plural(epochs, "epoch")
    );
    println!("accuracy per epoch on the first 1,000 training and 1,000 test images (epoch 0: untrained):");
    // The book's Trainer: every mini-batch drawn at random, with replacement.
    let settings = TrainSettings {
        epochs,
        seed,
        sampling: Sampling::WithReplacement,
        label: "DeepConvNet".into(),
        ..TrainSettings::default()
    };
    let (outcome, total) = train_as_the_book_prints(&mut net, train_data, &settings)?;
    println!("{} in {total:.0} s", plural(epochs, "epoch"));
    let labels = data.t_test.view().labels();
    check_better_than_chance(outcome.final_test_acc, labels.as_slice().unwrap_or_default())?;
    net.save(&save).with_context(|| format!("cannot save the parameters to {}", save.display()))?;
    println!(
        "Saved Network Parameters to {} (W1 … W8, b1 … b8, as the book's deep_convnet_params.pkl)",
        shown(&save)
    );
    let path = figures.join("deep_accuracy.svg");
    accuracy_figure(&path, &outcome.history, &format!("DeepConvNet on {dataset}: accuracy per epoch"))?;
    println!("wrote {}", shown(&path));
    let predicted = net.predict_labels(&data.x_test, 100);
    draw_mistakes(
        &data,
        labels.as_slice().unwrap_or_default(),
        predicted.as_slice().unwrap_or_default(),
        figures,
    )
}
