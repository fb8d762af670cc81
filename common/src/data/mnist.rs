//! MNIST and Fashion-MNIST: 28×28 grey digits (or clothes), 60,000 for training and 10,000
//! for testing, in the IDX format.
//!
//! PROVISIONAL: reads the gzipped files from `$MNIST_DIR` only. Finding, downloading and
//! verifying come next.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;
use ndarray::{Array1, Array2, ArrayD, IxDyn};

use crate::Float;
use crate::functions::one_hot;
use crate::targets::OwnedTargets;

/// Which of the two datasets with MNIST's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Dataset {
    /// Handwritten digits 0–9.
    #[default]
    Mnist,
    /// Zalando's Fashion-MNIST: ten kinds of clothing, same sizes and format.
    Fashion,
}

/// The book's `load_mnist(normalize, flatten, one_hot_label)` switches.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Pixels as 0.0–1.0 instead of 0–255.
    pub normalize: bool,
    /// Images as rows of 784 instead of (1, 28, 28).
    pub flatten: bool,
    /// Labels as one-hot rows instead of class indices.
    pub one_hot: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { normalize: true, flatten: true, one_hot: false }
    }
}

/// The four arrays of a dataset.
#[derive(Debug, Clone)]
pub struct Mnist<F> {
    /// Training images: (60000, 784), or (60000, 1, 28, 28) unflattened.
    pub x_train: ArrayD<F>,
    /// Training labels.
    pub t_train: OwnedTargets<F>,
    /// Test images: (10000, 784) or (10000, 1, 28, 28).
    pub x_test: ArrayD<F>,
    /// Test labels.
    pub t_test: OwnedTargets<F>,
}

/// What can go wrong finding or reading the data.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    #[error("no {what} data found: set MNIST_DIR to the folder that holds its four files")]
    NotFound { what: String },
}

/// Loads a dataset with the book's options.
pub fn load_mnist<F: Float>(dataset: Dataset, opts: LoadOptions) -> Result<Mnist<F>, DataError> {
    let dir = std::env::var_os("MNIST_DIR")
        .map(PathBuf::from)
        .ok_or_else(|| DataError::NotFound { what: format!("{dataset:?}") })?;
    let images = |name: &str| read_images(&dir.join(name), opts);
    let labels = |name: &str| read_labels(&dir.join(name), opts);
    Ok(Mnist {
        x_train: images("train-images-idx3-ubyte.gz")?,
        t_train: labels("train-labels-idx1-ubyte.gz")?,
        x_test: images("t10k-images-idx3-ubyte.gz")?,
        t_test: labels("t10k-labels-idx1-ubyte.gz")?,
    })
}

fn read_all(path: &Path) -> Result<Vec<u8>, DataError> {
    let file = File::open(path).map_err(|source| DataError::Read { path: path.to_owned(), source })?;
    let mut bytes = Vec::new();
    GzDecoder::new(BufReader::new(file))
        .read_to_end(&mut bytes)
        .map_err(|source| DataError::Read { path: path.to_owned(), source })?;
    Ok(bytes)
}

fn be_u32(bytes: &[u8], at: usize) -> usize {
    u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize
}

fn read_images<F: Float>(path: &Path, opts: LoadOptions) -> Result<ArrayD<F>, DataError> {
    let bytes = read_all(path)?;
    let (n, rows, cols) = (be_u32(&bytes, 4), be_u32(&bytes, 8), be_u32(&bytes, 12));
    let scale = if opts.normalize { 1.0 / 255.0 } else { 1.0 };
    let pixels: Vec<F> = bytes[16..].iter().map(|&p| F::lit(p as f64 * scale)).collect();
    let shape = if opts.flatten { vec![n, rows * cols] } else { vec![n, 1, rows, cols] };
    ArrayD::from_shape_vec(IxDyn(&shape), pixels)
        .map_err(|e| DataError::Corrupt { path: path.to_owned(), reason: e.to_string() })
}

fn read_labels<F: Float>(path: &Path, opts: LoadOptions) -> Result<OwnedTargets<F>, DataError> {
    let bytes = read_all(path)?;
    let labels: Array1<usize> = bytes[8..].iter().map(|&l| l as usize).collect();
    Ok(if opts.one_hot {
        let t: Array2<F> = one_hot(labels.view(), 10);
        OwnedTargets::OneHot(t)
    } else {
        OwnedTargets::Labels(labels)
    })
}
