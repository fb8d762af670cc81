//! `--weights FILE.npz`: score given parameters on the test set, as the Python book would.

use std::path::Path;

use anyhow::{Context, Result};

use ch07_cnn::SimpleConvNetConfig;
use ch07_cnn::evaluate::{load_weights, predict_f64};
use common::data::Dataset;

use super::{load, print_score};

pub fn run(weights: &Path, config: &SimpleConvNetConfig, dataset: Dataset) -> Result<()> {
    // The file is checked before the dataset is loaded: a wrong file fails at once.
    let mut net = load_weights(*config, weights)
        .with_context(|| format!("cannot use {} as SimpleConvNet's parameters", weights.display()))?;
    let data = load(dataset)?;
    let labels = data.t_test.view().labels();
    let predicted = predict_f64(&mut net, &data.x_test);
    print_score("SimpleConvNet", weights, dataset, &predicted, &labels);
    Ok(())
}
