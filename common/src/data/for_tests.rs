//! The real datasets, for tests: found where the programs look for them, never downloaded.
//!
//! A test that needs MNIST (or Fashion-MNIST) looks in the dataset's folder variable
//! (`MNIST_DIR`, `FASHION_MNIST_DIR`), for Fashion-MNIST in Debian's
//! `/usr/share/datasets/fashion-mnist`, then in the cache that downloads go to. If the files are
//! in none of them, the test fails with one line saying how to get them: it never passes
//! without having looked at the data.
//!
//! The files are read and checked once per test process; each call converts them to the
//! arrays its options ask for.

use std::path::PathBuf;
use std::sync::OnceLock;

use super::{DataError, Dataset, Files, LoadOptions, Mnist, RawMnist, Source};
use crate::Float;

/// MNIST, as [`super::load_mnist`] gives it with `opts`. Panics with one line saying how to
/// get the data when it is neither in `$MNIST_DIR` nor in the cache.
#[track_caller]
pub fn mnist_for_tests<F: Float>(opts: LoadOptions) -> Mnist<F> {
    static RAW: OnceLock<Result<RawMnist, String>> = OnceLock::new();
    raw_for_tests(&RAW, Dataset::Mnist).to_arrays(opts)
}

/// Fashion-MNIST, as [`super::load_mnist`] gives it with `opts`. Panics with one line saying
/// how to get the data when it is not in `$FASHION_MNIST_DIR`, Debian's folder or the cache.
#[track_caller]
pub fn fashion_mnist_for_tests<F: Float>(opts: LoadOptions) -> Mnist<F> {
    static RAW: OnceLock<Result<RawMnist, String>> = OnceLock::new();
    raw_for_tests(&RAW, Dataset::Fashion).to_arrays(opts)
}

/// Where MNIST's four files are, found as [`mnist_for_tests`] finds them (and not read). For
/// tests that hand the files themselves to something else.
#[track_caller]
pub fn mnist_files_for_tests() -> Files<PathBuf> {
    match local_source(Dataset::Mnist).locate() {
        Ok(files) => files,
        Err(e) => panic!("{}", message(Dataset::Mnist, e)),
    }
}

/// The dataset as the programs find it, without the mirrors: nothing is downloaded.
pub(crate) fn local_source(dataset: Dataset) -> Source {
    Source { mirrors: Vec::new(), ..Source::from_env(dataset) }
}

/// The dataset's files, read and checked the first time, kept for the rest of the process.
#[track_caller]
fn raw_for_tests(cell: &'static OnceLock<Result<RawMnist, String>>, dataset: Dataset) -> &'static RawMnist {
    let raw = cell.get_or_init(|| local_source(dataset).load_raw().map_err(|e| message(dataset, e)));
    match raw {
        Ok(raw) => raw,
        Err(message) => panic!("{message}"),
    }
}

/// One line: how to get the dataset if it is missing, what is wrong with it otherwise.
fn message(dataset: Dataset, error: DataError) -> String {
    let looked_in = local_source(dataset).search_path();
    let looked_in: Vec<String> = looked_in.iter().map(|p| p.display().to_string()).collect();
    match (error, dataset) {
        (DataError::NotFound { .. }, Dataset::Mnist) => format!(
            "MNIST not found (looked in {}): set MNIST_DIR=/path/to/mnist or run \
             `cargo run -p ch03-inference` once to download it",
            looked_in.join(", ")
        ),
        (DataError::NotFound { .. }, Dataset::Fashion) => format!(
            "Fashion-MNIST not found (looked in {}): set FASHION_MNIST_DIR=/path/to/fashion-mnist, \
             `apt-get install dataset-fashion-mnist`, or run \
             `cargo run -p ch03-inference -- train-weights --dataset fashion` once to download it",
            looked_in.join(", ")
        ),
        (e, _) => format!("{dataset} was found but cannot be read: {}", e.to_string().replace('\n', " ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_dataset_is_one_line_that_says_how_to_get_it() {
        for dataset in [Dataset::Mnist, Dataset::Fashion] {
            let error = DataError::NotFound {
                dataset: dataset.to_string(),
                file: "train-images-idx3-ubyte".into(),
                searched: Vec::new(),
                env_var: "MNIST_DIR".into(),
                why: "No download mirror is configured".into(),
            };
            let line = message(dataset, error);
            assert!(!line.contains('\n'), "{line}");
            assert!(line.starts_with(&format!("{dataset} not found")), "{line}");
            assert!(line.contains("_DIR=") && line.contains("cargo run -p ch03-inference"), "{line}");
        }
    }

    #[test]
    fn tests_never_download() {
        for dataset in [Dataset::Mnist, Dataset::Fashion] {
            assert!(local_source(dataset).mirrors.is_empty());
            assert_eq!(
                local_source(dataset).cache,
                Source::from_env(dataset).cache,
                "the cache is looked in"
            );
        }
    }
}
