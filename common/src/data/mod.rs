//! Datasets: MNIST and Fashion-MNIST (found on disk or downloaded, then checked), and toy 2-D
//! data.
//!
//! - [`load_mnist`]: the book's `load_mnist`, for either [`Dataset`];
//! - [`source`]: where the files are looked for and downloaded from, and a [`Source`] to load
//!   from elsewhere (other folders, other mirrors, files of one's own);
//! - [`idx`]: the IDX file format, read with typed errors;
//! - [`toy`]: spirals, circles, XOR and blobs in the plane;
//! - [`mnist_for_tests`] and [`fashion_mnist_for_tests`]: the real datasets for tests, found
//!   where the programs look for them (never downloaded), or a failure that says how to get them.

mod batch;
pub mod checksums;
mod content;
mod dataset;
#[cfg(feature = "download")]
mod download;
mod error;
mod for_tests;
pub mod idx;
pub mod mnist;
pub mod source;
pub mod stand_in;
#[cfg(all(test, feature = "download"))]
mod test_server;
#[cfg(test)]
mod testing;
pub mod toy;

pub use batch::{TrainData, head, mini_batch, random_choice};
pub use dataset::{CLASSES, Dataset};
pub use error::{DataError, DownloadProblem, MirrorFailure};
pub use for_tests::{fashion_mnist_for_tests, mnist_files_for_tests, mnist_for_tests};
pub use mnist::{LoadOptions, Mnist, RawMnist, RawSplit, load_mnist};
pub use source::{FileSpec, Files, Source};
