//! Training the two-layer net with gradients from backpropagation: the book's
//! `train_neuralnet.py`, mini-batch SGD on MNIST, with the loop every chapter shares
//! ([`common::train_loop::train`]); only the network is this chapter's.

use std::path::Path;

use rand::Rng;

use common::data::TrainData;
use common::plot::{AccuracyChart, LineChart, PlotError, Series, accuracy_chart, line_chart, moving_average};
use common::train_loop::{EpochRecord, History, TrainConfig, TrainError, train};

use crate::two_layer_net::TwoLayerNet;

/// The standard deviation of the initial weights, W ~ N(0, 0.01²), as the book sets them.
pub const WEIGHT_INIT_STD: f64 = 0.01;

// ANCHOR: train_neuralnet
/// The book's `train_neuralnet.py`: a 784→`hidden_size`→10 network, trained
/// by mini-batch SGD with the gradient from backpropagation (the loop calls
/// `network.gradient`). `on_epoch` hears the accuracies at iteration 0 and
/// after every epoch.
pub fn train_neuralnet(
    data: TrainData<'_, f32>,
    hidden_size: usize,
    cfg: &TrainConfig,
    rng: &mut impl Rng,
    on_epoch: impl FnMut(&EpochRecord),
) -> Result<(TwoLayerNet<f32>, History), TrainError> {
    let input_size = data.x_train.shape().get(1).copied().unwrap_or(0);
    let mut network = TwoLayerNet::new(input_size, hidden_size, 10, WEIGHT_INIT_STD, rng);
    let history = train(&mut network, data, cfg, rng, on_epoch)?;
    Ok((network, history))
}
// ANCHOR_END: train_neuralnet

/// The loss of every mini-batch, with its moving average over 100 iterations on top.
pub fn draw_loss(path: &Path, history: &History) -> Result<(), PlotError> {
    let highest = history.train_loss.iter().copied().fold(0.0, f64::max);
    line_chart(
        path,
        &LineChart {
            title: "Loss of each mini-batch (gradients by backprop)".into(),
            x_label: "iteration".into(),
            y_label: "loss".into(),
            series: vec![
                Series::from_values("mini-batch loss", &history.train_loss),
                Series::new("mean of the last 100", moving_average(&history.train_loss, 100)),
            ],
            y_range: Some((0.0, highest.min(3.0) * 1.05)),
            ..Default::default()
        },
    )
}

/// Train and test accuracy at iteration 0 and after each epoch: the whole scale, and zoomed
/// where the two curves part.
pub fn draw_accuracy(path: &Path, history: &History) -> Result<(), PlotError> {
    let chart = AccuracyChart {
        title: "Accuracy on all training and all test images".into(),
        train: history.epochs.iter().map(|e| e.train_acc).collect(),
        test: history.epochs.iter().map(|e| e.test_acc).collect(),
        train_label: "train".into(),
        test_label: "test".into(),
    };
    accuracy_chart(path, &chart)
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::Net;
    use common::data::{LoadOptions, mnist_for_tests};
    use common::rng::seeded;
    use common::train_loop::{EVAL_BATCH, check_better_than_chance};

    #[test]
    fn one_epoch_on_real_mnist_learns_well_past_chance() {
        let data = mnist_for_tests::<f32>(LoadOptions::default());
        let cfg = TrainConfig { iters_num: 601, ..TrainConfig::book(60_000) };
        let mut seen = Vec::new();
        let (mut net, history) =
            train_neuralnet((&data).into(), 50, &cfg, &mut seeded(1), |r| seen.push(*r)).unwrap();
        assert_eq!(
            seen.iter().map(|r| r.iteration).collect::<Vec<_>>(),
            [0, 600],
            "iteration 0 and one epoch"
        );
        assert_eq!(history.train_loss.len(), 601);
        let EpochRecord { train_acc, test_acc, .. } = seen[1];
        assert!(test_acc > 0.88 && train_acc > 0.88, "after one epoch: {train_acc} {test_acc}");
        let early: f64 = history.train_loss[..50].iter().sum::<f64>() / 50.0;
        let late: f64 = history.train_loss[550..].iter().sum::<f64>() / 51.0;
        assert!(late < early / 3.0, "loss fell from {early} to {late}");
        let final_acc = net.accuracy(&data.x_test, data.t_test.view(), EVAL_BATCH);
        assert!(check_better_than_chance(final_acc, data.t_test.view().labels().as_slice().unwrap()).is_ok());
    }

    #[test]
    fn the_figures_are_drawn_from_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let record = |i, acc| EpochRecord { iteration: i, train_acc: acc, test_acc: acc - 0.01 };
        let history = History {
            train_loss: (0..300).map(|i| 2.3 / (1.0 + i as f64 / 50.0)).collect(),
            epochs: vec![record(0, 0.1), record(100, 0.8), record(200, 0.9)],
        };
        draw_loss(&dir.path().join("loss.svg"), &history).unwrap();
        draw_accuracy(&dir.path().join("acc.svg"), &history).unwrap();
        // plotters writes each text on a line of its own.
        let texts = |name: &str| -> Vec<String> {
            let svg = std::fs::read_to_string(dir.path().join(name)).unwrap();
            svg.lines().map(|l| l.trim().to_string()).collect()
        };
        let loss = texts("loss.svg");
        assert!(loss.iter().any(|t| t == "mean of the last 100"), "the moving average is in the legend");
        let acc = texts("acc.svg");
        assert!(acc.iter().any(|t| t == "train") && acc.iter().any(|t| t == "test"), "both curves are named");
    }
}
