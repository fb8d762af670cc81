//! The chapter's sections as the binary runs them: each computes with the library and prints
//! what the book prints.

pub mod evaluate;
pub mod filters;
pub mod gradient_check;
pub mod im2col;
pub mod train;

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use common::cli::out_dir;
use common::data::{Dataset, LoadOptions, Mnist, load_mnist};

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
