//! 3.6 Handwritten digit recognition: inference with a trained network, 784 → 50 → 100 → 10,
//! sigmoid in the hidden layers and softmax at the output (the book's `neuralnet_mnist.py`
//! and `neuralnet_mnist_batch.py`).
//!
//! Nothing is learned here: the weights come from a file. The chapter ships
//! `weights/sample_weight.npz`, written by this crate's own `train-weights` command; any
//! `.npz` with the keys W1, b1, W2, b2, W3, b3 in the shapes below works the same, including
//! the Python book's `sample_weight.pkl` after
//! `numpy.savez('sample_weight.npz', **pickle.load(open('sample_weight.pkl', 'rb')))`.

use std::path::{Path, PathBuf};

use common::Float;
use common::data::Dataset;
use common::functions::{argmax, argmax_rows, sigmoid, softmax};
use common::layers::Param;
use common::linalg::matmul;
use common::params::{ParamsError, load_params};
use ndarray::{Array1, Array2, ArrayD, ArrayView1, ArrayView2, IxDyn, s};

/// The weights this chapter ships: 784 → 50 → 100 → 10, trained on MNIST digits by
/// `train-weights --save` to this path (see [`crate::train`]).
pub fn shipped_weights() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/weights/sample_weight.npz"))
}

/// The weights the MNIST section evaluates when none are named: the shipped file for MNIST
/// digits; for Fashion-MNIST, `fashion` (where `train-weights --dataset fashion` saves) if a
/// run has saved it, else none.
pub fn default_weights(dataset: Dataset, fashion: &Path) -> Option<PathBuf> {
    match dataset {
        Dataset::Mnist => Some(shipped_weights()),
        Dataset::Fashion => fashion.is_file().then(|| fashion.to_owned()),
    }
}

// ANCHOR: shapes
/// The keys of the weights file and the shape of each, as in the Python book.
pub const SHAPES: [(&str, &[usize]); 6] = [
    ("W1", &[784, 50]),
    ("b1", &[50]),
    ("W2", &[50, 100]),
    ("b2", &[100]),
    ("W3", &[100, 10]),
    ("b3", &[10]),
];
// ANCHOR_END: shapes

// ANCHOR: network
/// The book's `network` dictionary for MNIST.
#[derive(Debug, Clone)]
pub struct Network<F> {
    pub w1: Array2<F>, // (784, 50)
    pub b1: Array1<F>, // (50,)
    pub w2: Array2<F>, // (50, 100)
    pub b2: Array1<F>, // (100,)
    pub w3: Array2<F>, // (100, 10)
    pub b3: Array1<F>, // (10,)
}
// ANCHOR_END: network

// ANCHOR: init_network
/// Reads the weights from an `.npz` file (float32 or float64, converted to `F`).
/// A missing key, an unexpected key or a wrong shape is an error that names the
/// key and both shapes; so is a file that is missing or not an `.npz`.
pub fn init_network<F: Float>(path: &Path) -> Result<Network<F>, ParamsError> {
    // One array of zeros per key, in the book's shape; load_params fills them.
    let mut arrays: Vec<ArrayD<F>> = SHAPES.iter().map(|(_, shape)| zeros(shape)).collect();
    let no_grad = ArrayD::zeros(IxDyn(&[0])); // inference needs no gradients
    let mut params = Vec::new();
    for (array, (key, _)) in arrays.iter_mut().zip(SHAPES) {
        params.push(Param::new(key, array, &no_grad));
    }
    load_params(path, params)?; // checks every key and every shape against `arrays`

    let [w1, b1, w2, b2, w3, b3]: [ArrayD<F>; 6] = arrays.try_into().expect("six arrays");
    Ok(Network {
        w1: w1.into_dimensionality().expect("shape checked"),
        b1: b1.into_dimensionality().expect("shape checked"),
        w2: w2.into_dimensionality().expect("shape checked"),
        b2: b2.into_dimensionality().expect("shape checked"),
        w3: w3.into_dimensionality().expect("shape checked"),
        b3: b3.into_dimensionality().expect("shape checked"),
    })
}
// ANCHOR_END: init_network

fn zeros<F: Float>(shape: &[usize]) -> ArrayD<F> {
    ArrayD::zeros(IxDyn(shape))
}

// ANCHOR: predict
/// The forward pass for a batch of images x (N, 784): the class probabilities
/// (N, 10). One image is a batch of one, (1, 784).
pub fn predict<F: Float>(network: &Network<F>, x: ArrayView2<'_, F>) -> Array2<F> {
    let (w1, w2, w3) = (network.w1.view(), network.w2.view(), network.w3.view());
    let (b1, b2, b3) = (&network.b1, &network.b2, &network.b3);
    let a1 = matmul(x, w1) + b1; // (N, 784)·(784, 50) + (50,) → (N, 50)
    let z1 = sigmoid(&a1);
    let a2 = matmul(z1.view(), w2) + b2; // (N, 50)·(50, 100) + (100,) → (N, 100)
    let z2 = sigmoid(&a2);
    let a3 = matmul(z2.view(), w3) + b3; // (N, 100)·(100, 10) + (10,) → (N, 10)
    softmax(&a3)
}
// ANCHOR_END: predict

// ANCHOR: one_by_one
/// How many images the network classifies correctly, one image at a time.
pub fn count_correct_one_by_one<F: Float>(
    network: &Network<F>,
    x: ArrayView2<'_, F>,
    t: ArrayView1<'_, usize>,
) -> usize {
    let mut accuracy_cnt = 0;
    for i in 0..x.nrows() {
        let y = predict(network, x.slice(s![i..i + 1, ..])); // (1, 10)
        let p = argmax(y.row(0)); // the index of the most probable class
        if p == t[i] {
            accuracy_cnt += 1;
        }
    }
    accuracy_cnt
}
// ANCHOR_END: one_by_one

// ANCHOR: batched
/// The same count, predicting `batch_size` images at a time: one matrix product
/// per layer for the whole batch instead of one per image.
pub fn count_correct_batched<F: Float>(
    network: &Network<F>,
    x: ArrayView2<'_, F>,
    t: ArrayView1<'_, usize>,
    batch_size: usize,
) -> usize {
    let mut accuracy_cnt = 0;
    for i in (0..x.nrows()).step_by(batch_size) {
        let end = (i + batch_size).min(x.nrows());
        let y_batch = predict(network, x.slice(s![i..end, ..])); // (batch, 10)
        let p = argmax_rows(&y_batch); // (batch,)
        let t_batch = t.slice(s![i..end]);
        accuracy_cnt += p.iter().zip(t_batch).filter(|(p, t)| p == t).count();
    }
    accuracy_cnt
}
// ANCHOR_END: batched

/// The predicted class and its probability for each image (in batches of 100).
pub fn predictions<F: Float>(network: &Network<F>, x: ArrayView2<'_, F>) -> Vec<(usize, f64)> {
    let mut out = Vec::with_capacity(x.nrows());
    for i in (0..x.nrows()).step_by(100) {
        let y = predict(network, x.slice(s![i..(i + 100).min(x.nrows()), ..]));
        out.extend(y.rows().into_iter().map(|row| {
            let p = argmax(row);
            (p, row[p].to_f64_lossy())
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::data::{LoadOptions, mnist_for_tests};
    use common::params::save_npz;
    use common::rng::seeded;

    /// A path in a new temporary folder (removed when the guard drops).
    fn temp(name: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        (dir, path)
    }

    /// Random arrays with the given keys and shapes.
    fn random_arrays(shapes: &[(&str, &[usize])]) -> Vec<(String, ArrayD<f64>)> {
        let mut rng = seeded(1);
        shapes.iter().map(|(k, s)| (k.to_string(), common::init::gaussian(s, 0.1, &mut rng))).collect()
    }

    fn write(path: &Path, arrays: &[(String, ArrayD<f64>)]) {
        save_npz(path, arrays.iter().map(|(k, a)| (k.as_str(), a))).unwrap();
    }

    #[test]
    fn weights_stored_as_f64_load_into_an_f32_network() {
        let (_dir, path) = temp("f64.npz");
        let arrays = random_arrays(&SHAPES);
        write(&path, &arrays);
        let net = init_network::<f32>(&path).unwrap();
        assert_eq!(net.w1.dim(), (784, 50));
        assert_eq!(net.b3.dim(), 10);
        assert_eq!(net.w2[[3, 7]], arrays[2].1[[3, 7]] as f32);
    }

    #[test]
    fn a_missing_key_is_an_error_that_names_it() {
        let (_dir, path) = temp("missing.npz");
        write(&path, &random_arrays(&SHAPES[..5]));
        let err = init_network::<f32>(&path).unwrap_err();
        assert!(matches!(&err, ParamsError::MissingKey { key, .. } if key == "b3"), "{err}");
    }

    #[test]
    fn a_wrong_shape_is_an_error_that_names_the_key_and_both_shapes() {
        let (_dir, path) = temp("transposed.npz");
        let mut shapes = SHAPES.to_vec();
        shapes[2] = ("W2", &[100, 50]);
        write(&path, &random_arrays(&shapes));
        let err = init_network::<f32>(&path).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(&err, ParamsError::WrongShape { key, .. } if key == "W2"), "{msg}");
        assert!(msg.contains("[100, 50]") && msg.contains("[50, 100]"), "{msg}");
    }

    #[test]
    fn a_file_that_is_missing_or_not_npz_is_an_error() {
        let (_dir, nowhere) = temp("nowhere.npz");
        let err = init_network::<f32>(&nowhere).unwrap_err();
        assert!(matches!(err, ParamsError::Read { .. }), "{err}");
        let (_dir, path) = temp("text.npz");
        std::fs::write(&path, "W1 = [[0.1, 0.3]]").unwrap();
        let err = init_network::<f32>(&path).unwrap_err();
        assert!(matches!(err, ParamsError::NotNpz { .. }), "{err}");
    }

    #[test]
    fn an_npz_written_by_numpy_savez_is_read() {
        // Written by numpy.savez (uncompressed, float64) with tiny arrays: it parses, and the
        // first array's shape is then refused.
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/numpy_savez_tiny.npz"));
        let err = init_network::<f32>(path).unwrap_err();
        assert!(
            matches!(&err, ParamsError::WrongShape { key, found, .. } if key == "W1" && found == &[2, 3]),
            "{err}"
        );
        let arrays = common::params::load_npz::<f64>(path).unwrap();
        assert_eq!(arrays["b1"].as_slice().unwrap(), &[0.1, 0.2, 0.3]);
    }

    #[test]
    fn without_a_weights_file_mnist_gets_the_shipped_one_and_fashion_the_one_saved_if_any() {
        let (_dir, saved) = temp("fashion_weight.npz");
        assert_eq!(default_weights(Dataset::Mnist, &saved), Some(shipped_weights()));
        assert_eq!(default_weights(Dataset::Fashion, &saved), None);
        write(&saved, &random_arrays(&SHAPES));
        assert_eq!(default_weights(Dataset::Fashion, &saved), Some(saved.clone()));
    }

    #[test]
    fn the_shipped_weights_have_the_books_shapes() {
        let net = init_network::<f32>(&shipped_weights()).unwrap();
        assert_eq!((net.w1.dim(), net.w2.dim(), net.w3.dim()), ((784, 50), (50, 100), (100, 10)));
    }

    #[test]
    fn the_shipped_weights_classify_at_least_93_percent_of_the_test_images() {
        let data = mnist_for_tests::<f32>(LoadOptions::default());
        let net = init_network::<f32>(&shipped_weights()).unwrap();
        let x = data.x_test.view().into_dimensionality::<ndarray::Ix2>().unwrap();
        let t = data.t_test.view().labels();
        let batched = count_correct_batched(&net, x, t.view(), 100);
        let one_by_one = count_correct_one_by_one(&net, x, t.view());
        assert_eq!(batched, one_by_one, "batching must not change a single prediction");
        let accuracy = batched as f64 / t.len() as f64;
        assert!(accuracy >= 0.93, "accuracy {accuracy}");
        // A batch size that does not divide 10,000 counts the same.
        assert_eq!(count_correct_batched(&net, x, t.view(), 128), batched);
    }
}
