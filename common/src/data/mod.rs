//! Datasets: MNIST and Fashion-MNIST (found on disk or downloaded, then checked), and toy 2-D
//! data.
//!
//! - [`load_mnist`]: the book's `load_mnist`, for either [`Dataset`];
//! - [`source`]: where the files are looked for and downloaded from, and a [`Source`] to load
//!   from elsewhere (other folders, other mirrors, files of one's own);
//! - [`idx`]: the IDX file format, read with typed errors;
//! - [`toy`]: spirals, circles, XOR and blobs in the plane.

mod batch;
pub mod checksums;
mod content;
mod dataset;
#[cfg(feature = "download")]
mod download;
mod error;
pub mod idx;
pub mod mnist;
pub mod source;
#[cfg(all(test, feature = "download"))]
mod test_server;
#[cfg(test)]
mod testing;
pub mod toy;

pub use batch::{TrainData, head, mini_batch, random_choice};
pub use dataset::{CLASSES, Dataset};
pub use error::{DataError, DownloadProblem, MirrorFailure};
pub use mnist::{LoadOptions, Mnist, RawMnist, RawSplit, load_mnist};
pub use source::{FileSpec, Files, Source};

/// For tests that need real MNIST: the dataset from `$MNIST_DIR`, or `None` when it is not
/// set (the test then returns early, saying so). With `DLFS_REQUIRE_MNIST=1` (as CI sets it)
/// a missing dataset fails the test instead.
///
/// Only `$MNIST_DIR` is read (no cache, no download), and the files are read and checked
/// once per test process; each call converts them to the arrays `opts` asks for.
pub fn mnist_for_tests<F: crate::Float>(opts: LoadOptions) -> Option<Mnist<F>> {
    use std::sync::OnceLock;
    static RAW: OnceLock<Option<Result<RawMnist, String>>> = OnceLock::new();

    let raw = RAW.get_or_init(|| {
        let dir = std::env::var_os("MNIST_DIR").filter(|d| !d.is_empty())?;
        let source = Source {
            dirs: vec![dir.into()],
            cache: None,
            mirrors: Vec::new(),
            ..Source::from_env(Dataset::Mnist)
        };
        Some(source.load_raw().map_err(|e| e.to_string()))
    });
    match raw {
        Some(Ok(raw)) => Some(raw.to_arrays(opts)),
        Some(Err(e)) => panic!("MNIST_DIR is set but the data cannot be read: {e}"),
        None => {
            let required = std::env::var("DLFS_REQUIRE_MNIST").is_ok_and(|v| v == "1");
            assert!(!required, "DLFS_REQUIRE_MNIST=1 but MNIST_DIR is not set");
            eprintln!("skipped: set MNIST_DIR to run this test on real MNIST");
            None
        }
    }
}
