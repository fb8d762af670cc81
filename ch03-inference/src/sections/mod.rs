//! The chapter's sections as the binary prints them, in the book's order.

pub mod activations;
pub mod forward;
pub mod mnist;
pub mod softmax;
pub mod train_weights;

use std::path::PathBuf;

use common::cli::out_dir;
use common::data::Dataset;

/// Where `train-weights` saves unless told otherwise, and where the MNIST section looks for
/// Fashion-MNIST weights: ch03-inference/out/sample_weight.npz, or
/// ch03-inference/out/fashion/fashion_weight.npz.
pub fn trained_weights(dataset: Dataset) -> PathBuf {
    let name = match dataset {
        Dataset::Mnist => "sample_weight.npz",
        Dataset::Fashion => "fashion_weight.npz",
    };
    out_dir(env!("CARGO_MANIFEST_DIR"), dataset).join(name)
}
