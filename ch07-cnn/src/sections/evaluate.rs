//! `--weights FILE.npz`: score given parameters on the test set, as the Python book would.

use std::path::Path;

use anyhow::{Context, Result};

use ch07_cnn::SimpleConvNetConfig;
use ch07_cnn::evaluate::{accuracy, load_weights, predict_f64};
use ch07_cnn::report::thousands;
use common::data::Dataset;
use common::files::shown;

use super::load;

pub fn run(weights: &Path, config: &SimpleConvNetConfig, dataset: Dataset) -> Result<()> {
    // The file is checked before the dataset is loaded: a wrong file fails at once.
    let mut net = load_weights(*config, weights)
        .with_context(|| format!("cannot use {} as SimpleConvNet's parameters", weights.display()))?;
    let data = load(dataset)?;
    let labels = data.t_test.view().labels();
    let predicted = predict_f64(&mut net, &data.x_test);
    let correct = predicted.iter().zip(&labels).filter(|(p, t)| p == t).count();
    println!(
        "SimpleConvNet with the parameters in {}, on the {} test images of {dataset} (f64):",
        shown(weights),
        thousands(labels.len())
    );
    println!("{} correct", thousands(correct));
    println!("Accuracy: {:.4}", accuracy(&predicted, &labels));
    Ok(())
}
