//! The chapter's sections as the binary runs them: each computes with the library and prints
//! what the book prints.

pub mod architecture_diagrams;
pub mod convolution;
pub mod deep;
pub mod evaluate;
pub mod filters;
pub mod gradient_check;
pub mod im2col;
pub mod lenet;
pub mod pooling;
pub mod receptive_field;
pub mod residual;
pub mod train;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use ndarray::{Array1, ArrayD};

use ch07_cnn::evaluate::accuracy;
use ch07_cnn::report::thousands;
use ch07_cnn::train::{TrainOutcome, TrainSettings, train};
use common::cli::out_dir;
use common::data::{Dataset, LoadOptions, Mnist, TrainData, head, load_mnist};
use common::files::shown;
use common::{Net, OwnedTargets};

/// The size of MNIST's (and Fashion-MNIST's) images: (C, H, W).
pub const INPUT_DIM: (usize, usize, usize) = (1, 28, 28);

/// MNIST (or Fashion-MNIST) as the book loads it for a convnet: normalised images of shape
/// (N, 1, 28, 28) (`flatten=False`), in `f32`.
pub fn load(dataset: Dataset) -> Result<Mnist<f32>> {
    let opts = LoadOptions { flatten: false, ..LoadOptions::default() };
    let data = load_mnist(dataset, opts).with_context(|| format!("cannot load {dataset}"))?;
    let (c, h, w) = INPUT_DIM;
    if data.x_test.shape()[1..] != [c, h, w] {
        bail!("{dataset}'s images have shape {:?}, expected ({c}, {h}, {w})", &data.x_test.shape()[1..]);
    }
    Ok(data)
}

/// Where `train` saves the parameters by default: out/params.npz (out/fashion/ for
/// Fashion-MNIST).
pub fn default_params(dataset: Dataset) -> PathBuf {
    out_dir(env!("CARGO_MANIFEST_DIR"), dataset).join("params.npz")
}

/// The parameters that come with the repository: a 20-epoch run of `train` on MNIST, saved
/// as ch07-cnn/weights/simple_conv_net.npz.
pub fn shipped_params() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("weights/simple_conv_net.npz")
}

/// The trained parameters to show when none are given: the user's own training run if there
/// is one, else (for MNIST) the shipped ones.
pub fn trained_params(dataset: Dataset) -> Option<PathBuf> {
    let own = default_params(dataset);
    if own.is_file() {
        return Some(own);
    }
    let shipped = shipped_params();
    (dataset == Dataset::Mnist && shipped.is_file()).then_some(shipped)
}

/// "1 epoch", "20 epochs".
pub fn plural(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}

/// The first `train_size` training images, if that is fewer than all; refuses more than there
/// are. Use with [`train_data`].
pub fn training_subset(
    data: &Mnist<f32>,
    train_size: Option<usize>,
) -> Result<Option<(ArrayD<f32>, OwnedTargets<f32>)>> {
    let available = data.x_train.shape()[0];
    let n = train_size.unwrap_or(available);
    if n > available {
        bail!("--train-size must be at most {available} (the training images there are), not {n}");
    }
    Ok((n < available).then(|| head(&data.x_train, data.t_train.view(), Some(n))))
}

/// The data to train on: the subset if there is one, else all of the training set; scored on
/// the test set.
pub fn train_data<'a>(
    data: &'a Mnist<f32>,
    subset: &'a Option<(ArrayD<f32>, OwnedTargets<f32>)>,
) -> TrainData<'a, f32> {
    match subset {
        Some((x, t)) => {
            TrainData { x_train: x, t_train: t.view(), x_test: &data.x_test, t_test: data.t_test.view() }
        }
        None => TrainData::from(data),
    }
}

/// Trains `net` as the book's `Trainer` does, printing its line after each epoch and its final
/// block (`test acc:…`, `Accuracy: 0.xxxx`); returns the outcome and the seconds it took.
pub fn train_as_the_book_prints<N: Net<f32> + ?Sized>(
    net: &mut N,
    data: TrainData<'_, f32>,
    settings: &TrainSettings,
) -> Result<(TrainOutcome, f64)> {
    let start = Instant::now();
    let outcome = train(net, data, settings, |r, seconds| {
        println!(
            "=== epoch:{}, train acc:{}, test acc:{} === ({seconds:.1} s)",
            r.epoch, r.train_acc, r.test_acc
        );
    })?;
    let total = start.elapsed().as_secs_f64();
    println!("=============== Final Test Accuracy ===============");
    println!("test acc:{}", outcome.final_test_acc);
    println!("Accuracy: {:.4}", outcome.final_test_acc);
    Ok((outcome, total))
}

/// Prints the score of `network` with the parameters in `weights` on the test set: how many
/// of the test images it classifies right, and `Accuracy: 0.xxxx` as the book prints it.
pub fn print_score(
    network: &str,
    weights: &Path,
    dataset: Dataset,
    predicted: &Array1<usize>,
    labels: &Array1<usize>,
) {
    let correct = predicted.iter().zip(labels).filter(|(p, t)| p == t).count();
    println!(
        "{network} with the parameters in {}, on the {} test images of {dataset} (f64):",
        shown(weights),
        thousands(labels.len())
    );
    println!("{} correct", thousands(correct));
    println!("Accuracy: {:.4}", accuracy(predicted, labels));
}
