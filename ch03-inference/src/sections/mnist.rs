//! 3.6 Handwritten digit recognition: a trained network's accuracy on the test images, one
//! image at a time and in batches.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use ch03_inference::digit_figures;
use ch03_inference::neuralnet_mnist::{self, default_weights};
use ch03_inference::numpy_print::shape;
use common::data::{Dataset, LoadOptions, load_mnist};
use common::files::shown;
use ndarray::Ix2;

/// Prints section 3.6 for the weights in `weights` (default: the shipped ones for MNIST, the
/// ones `train-weights --dataset fashion` saved for Fashion-MNIST) and writes the figures of
/// its predictions into `figures`.
pub fn run(dataset: Dataset, weights: Option<&Path>, figures: &Path) -> Result<()> {
    let fashion = super::trained_weights(Dataset::Fashion);
    let Some(path) = weights.map(Path::to_owned).or_else(|| default_weights(dataset, &fashion)) else {
        bail!(
            "the shipped weights are for MNIST digits and {} does not exist yet: train weights for Fashion-MNIST \
             with `cargo run --release -p ch03-inference -- train-weights --dataset fashion`, or pass some with \
             --weights",
            shown(&fashion)
        );
    };
    let whose = match (weights, dataset) {
        (Some(_), _) => "",
        (None, Dataset::Mnist) => " (shipped with the chapter)",
        (None, Dataset::Fashion) => " (saved by train-weights --dataset fashion)",
    };
    // Read the weights first: a bad file is reported before the data is loaded.
    let network = neuralnet_mnist::init_network::<f32>(&path)?;
    match dataset {
        Dataset::Mnist => println!("== 3.6 Handwritten digit recognition =="),
        Dataset::Fashion => println!("== 3.6 Handwritten digit recognition, with Fashion-MNIST =="),
    }
    let data = load_mnist::<f32>(dataset, LoadOptions { normalize: true, flatten: true, one_hot: false })?;
    let x = data.x_test.view().into_dimensionality::<Ix2>().context("test images should be flattened")?;
    let t = data.t_test.view().labels();
    let n = x.nrows();
    println!(
        "x_train {}  t_train ({},)  x_test {}  t_test {}",
        shape(data.x_train.shape()),
        data.t_train.view().len(),
        shape(x.shape()),
        shape(t.shape())
    );
    let first = data.t_train.view().labels()[0];
    let name = match dataset {
        Dataset::Mnist => String::new(),
        Dataset::Fashion => format!(" ({})", dataset.class_names()[first]),
    };
    println!("the first training image: label {first}{name}, shape (784,), reshaped to (28, 28) to show it");
    println!("weights: {}{whose}", shown(&path));
    println!(
        "W1 {}  b1 {}  W2 {}  b2 {}  W3 {}  b3 {}",
        shape(network.w1.shape()),
        shape(network.b1.shape()),
        shape(network.w2.shape()),
        shape(network.b2.shape()),
        shape(network.w3.shape()),
        shape(network.b3.shape())
    );
    println!();

    // Each loop runs several times and the fastest run is reported: other programs on the
    // machine slow some runs down, never speed one up. (The short batched loop, 10 times.)
    println!("one image at a time: X (1, 784) → (1, 50) → (1, 100) → Y (1, 10), {n} times");
    let (correct, one_by_one) =
        fastest_of(3, || neuralnet_mnist::count_correct_one_by_one(&network, x, t.view()));
    println!("Accuracy: {:.4}", correct as f64 / n as f64);
    println!("time: {:.1} ms (fastest of 3 runs)", one_by_one * 1e3);
    println!();

    let batch_size = 100;
    let batches = n.div_ceil(batch_size);
    println!("in batches of {batch_size}: X ({batch_size}, 784) → … → Y ({batch_size}, 10), {batches} times");
    let (correct_batched, batched) =
        fastest_of(10, || neuralnet_mnist::count_correct_batched(&network, x, t.view(), batch_size));
    println!("Accuracy: {:.4}", correct_batched as f64 / n as f64);
    println!("time: {:.1} ms (fastest of 10 runs), {:.1}× faster", batched * 1e3, one_by_one / batched);
    println!();

    let predicted = neuralnet_mnist::predictions(&network, x);
    let prefix = match dataset {
        Dataset::Mnist => "mnist",
        Dataset::Fashion => "fashion",
    };
    let labels = t.as_slice().expect("contiguous");
    let grid = figures.join(format!("{prefix}_predictions.svg"));
    digit_figures::predictions_figure(&grid, dataset, x, labels, &predicted, 50)?;
    let wrong = figures.join(format!("{prefix}_misclassified.svg"));
    digit_figures::misclassified_figure(&wrong, dataset, x, labels, &predicted, 40)?;
    println!("figure: {}", shown(&grid));
    println!("figure: {}", shown(&wrong));
    Ok(())
}

/// Runs `f` `runs` times; its result and the shortest time in seconds.
fn fastest_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (T, f64) {
    let mut best = f64::INFINITY;
    let mut result = None;
    for _ in 0..runs {
        let start = Instant::now();
        result = Some(f());
        best = best.min(start.elapsed().as_secs_f64());
    }
    (result.expect("at least one run"), best)
}
