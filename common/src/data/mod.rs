//! Datasets: MNIST and Fashion-MNIST (found on disk or downloaded), and toy 2-D data.

pub mod mnist;

pub use mnist::{DataError, Dataset, LoadOptions, Mnist, load_mnist};
