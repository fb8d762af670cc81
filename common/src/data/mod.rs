//! Datasets: MNIST and Fashion-MNIST (found on disk or downloaded), and toy 2-D data.

pub mod mnist;

pub use mnist::{DataError, Dataset, LoadOptions, Mnist, load_mnist};

/// For tests that need real MNIST: the dataset from `$MNIST_DIR`, or `None` when it is not
/// set (the test then returns early, saying so). With `DLFS_REQUIRE_MNIST=1` (as CI sets it)
/// a missing dataset fails the test instead.
pub fn mnist_for_tests<F: crate::Float>(opts: LoadOptions) -> Option<Mnist<F>> {
    let required = std::env::var("DLFS_REQUIRE_MNIST").is_ok_and(|v| v == "1");
    if std::env::var_os("MNIST_DIR").is_none() {
        assert!(!required, "DLFS_REQUIRE_MNIST=1 but MNIST_DIR is not set");
        eprintln!("skipped: set MNIST_DIR to run this test on real MNIST");
        return None;
    }
    match load_mnist(Dataset::Mnist, opts) {
        Ok(data) => Some(data),
        Err(e) => panic!("MNIST_DIR is set but the data cannot be read: {e}"),
    }
}
