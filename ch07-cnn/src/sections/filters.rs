//! 7.6 What the filters learned: the first layer's filters before and after training (the
//! book's `visualize_filter.py`), and a digit through them (`apply_filter.py`).

use std::path::Path;

use anyhow::{Context, Result};
use ndarray::{Array2, Axis, Ix4, Slice, s};

use ch07_cnn::filters::{
    apply_filter_figure, feature_maps, filter_images, filters_figure, strongest_filters,
};
use ch07_cnn::report::thousands;
use ch07_cnn::train::{TrainSettings, train};
use ch07_cnn::{SimpleConvNet, SimpleConvNetConfig};
use common::Net;
use common::data::{Dataset, Mnist, TrainData, head};
use common::files::{check_output_dir, shown};
use common::rng::seeded;

use super::{default_params, load, trained_params};

/// A trained network: the parameters of `--weights` or of the default file if there is one,
/// else a short training run (said so). Also returns what it is, for the figure.
fn trained_net(
    weights: Option<&Path>,
    data: &Mnist<f32>,
    dataset: Dataset,
    seed: u64,
) -> Result<(SimpleConvNet<f32>, String)> {
    let config = SimpleConvNetConfig::default();
    let mut net = SimpleConvNet::<f32>::new(config, &mut seeded(seed))?;
    if let Some(path) = weights.map(Path::to_path_buf).or_else(|| trained_params(dataset)) {
        net.load(&path)
            .with_context(|| format!("cannot use {} as SimpleConvNet's parameters", path.display()))?;
        println!("after: the trained parameters in {}", shown(&path));
        return Ok((net, "after training".into()));
    }
    let (n, epochs) = (10_000, 1);
    println!(
        "after: no trained parameters at {}, so a short run trains them now: {epochs} epoch on the first \
         {} training images (`cargo run -p ch07-cnn` trains the full 20 epochs and saves them there)",
        shown(&default_params(dataset)),
        thousands(n)
    );
    let (x, t) = head(&data.x_train, data.t_train.view(), Some(n));
    let train_data =
        TrainData { x_train: &x, t_train: t.view(), x_test: &data.x_test, t_test: data.t_test.view() };
    let settings = TrainSettings { epochs, seed, ..TrainSettings::default() };
    let outcome = train(&mut net, train_data, &settings, |_, _| {})?;
    println!("short run: test accuracy {:.4}", outcome.final_test_acc);
    Ok((net, format!("after a short run ({epochs} epoch, {} images)", thousands(n))))
}

pub fn filters(weights: Option<&Path>, dataset: Dataset, seed: u64, figures: &Path) -> Result<()> {
    check_output_dir(figures)?;
    let data = load(dataset)?;
    // The same seed draws the same initial weights the training started from.
    let untrained = SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(seed))?;
    let before = filter_images(&untrained);
    println!("before: the initial weights (N(0, 0.01²), seed {seed})");
    let (trained, label) = trained_net(weights, &data, dataset, seed)?;
    let after = filter_images(&trained);
    let spread = |fs: &[Array2<f64>]| {
        let n = fs.iter().map(|f| f.len()).sum::<usize>() as f64;
        (fs.iter().flat_map(|f| f.iter()).map(|v| v * v).sum::<f64>() / n).sqrt()
    };
    println!(
        "root mean square of the filter weights: before {:.4}, after {:.4}",
        spread(&before),
        spread(&after)
    );
    let path = figures.join("filters.svg");
    filters_figure(&path, &before, &after, &label)?;
    println!("wrote {}", shown(&path));
    Ok(())
}

pub fn apply_filter(
    weights: Option<&Path>,
    index: usize,
    how_many: usize,
    dataset: Dataset,
    seed: u64,
    figures: &Path,
) -> Result<()> {
    check_output_dir(figures)?;
    let data = load(dataset)?;
    let (mut net, _) = trained_net(weights, &data, dataset, seed)?;
    let x = data.x_test.slice_axis(Axis(0), Slice::from(index..index + 1)).to_owned(); // (1, 1, 28, 28)
    let label = data.t_test.view().labels()[index];
    let predicted = net.predict_labels(&x, 1)[0];
    // "label 7" for digits, "label 7 (Sneaker)" for clothes.
    let class = |k: usize| match dataset.class_names()[k] {
        n if n == k.to_string() => format!("{k}"),
        n => format!("{k} ({n})"),
    };
    println!("test image {index}: label {}; the network says {}", class(label), class(predicted));
    let filters = filter_images(&net);
    let maps = feature_maps(&mut net, &x); // (30, 24, 24)
    let chosen = strongest_filters(&filters, how_many);
    println!("the {} filters with the largest weights, and their feature maps (after ReLU):", chosen.len());
    for &k in &chosen {
        let map = maps.index_axis(Axis(0), k);
        let (mut best, mut at) = (0.0, (0, 0));
        for ((y, x), &v) in map.indexed_iter() {
            if v > best {
                (best, at) = (v, (y, x));
            }
        }
        let active = map.iter().filter(|&&v| v > 0.0).count() as f64 / map.len() as f64;
        println!(
            "  filter {:>2}: strongest response {best:.3} at (y, x) = ({:>2}, {:>2}); active at {:>3.0}% of positions",
            k + 1,
            at.0,
            at.1,
            100.0 * active
        );
    }
    let x4 = x.into_dimensionality::<Ix4>().expect("(1, 1, 28, 28)");
    let digit = x4.slice(s![0, 0, .., ..]).mapv(|v| v as f64);
    let path = figures.join("apply_filter.svg");
    let caption = format!("test image {index}: {}", dataset.class_names()[label]);
    apply_filter_figure(&path, &digit, &caption, &filters, &maps, &chosen)?;
    println!("wrote {}", shown(&path));
    Ok(())
}
