//! §6.4: overfitting 300 training images with a 7-layer network, and two cures: weight
//! decay (the book's `overfit_weight_decay.py`) and dropout (`overfit_dropout.py`).

use std::path::Path;

use anyhow::Result;
use common::data::Mnist;
use common::data::{TrainData, head};
use common::multi_layer_net::{MultiLayerNetConfig, MultiLayerNetExtend, MultiLayerNetExtendConfig};
use common::optimizer::Sgd;
use common::plot::{LineChart, Series, line_chart};
use common::rng::seeded;
use common::trainer::{History, Trainer, TrainerConfig};

use crate::par::{SharedProgress, par_map};

/// The experiment's settings (the book's in [`Default`]).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Training images (the first ones of MNIST): 300.
    pub train_size: usize,
    /// Epochs of the runs without regularisation and with weight decay: 200, i.e. the
    /// book's `max_epochs = 201` points on the curve, the first before training.
    pub epochs: usize,
    /// Epochs of the dropout run: 300, the book's `Trainer(epochs=301)` points.
    pub dropout_epochs: usize,
    /// Mini-batch size: 100.
    pub batch_size: usize,
    /// SGD learning rate: 0.01.
    pub lr: f64,
    /// λ of the weight-decay run: 0.1.
    pub weight_decay: f64,
    /// Drop ratio of the dropout run: 0.2.
    pub dropout_ratio: f64,
    /// Print every this many epochs: 10.
    pub print_every: usize,
    /// Seed of weights, mini-batches and dropout masks.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            train_size: 300,
            epochs: 200,
            dropout_epochs: 300,
            batch_size: 100,
            lr: 0.01,
            weight_decay: 0.1,
            dropout_ratio: 0.2,
            print_every: 10,
            seed: common::rng::DEFAULT_SEED,
        }
    }
}

/// One of the three runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regularisation {
    /// Nothing against overfitting.
    None,
    /// λ/2·‖W‖² added to the loss.
    WeightDecay,
    /// Dropout after every hidden activation.
    Dropout,
}

impl Regularisation {
    /// The three, in the book's order.
    pub const ALL: [Regularisation; 3] =
        [Regularisation::None, Regularisation::WeightDecay, Regularisation::Dropout];

    /// A title.
    pub fn title(self, settings: &Settings) -> String {
        match self {
            Regularisation::None => "no regularisation".into(),
            Regularisation::WeightDecay => format!("weight decay λ = {}", settings.weight_decay),
            Regularisation::Dropout => format!("dropout ratio {}", settings.dropout_ratio),
        }
    }

    /// A file name.
    pub fn file_name(self) -> &'static str {
        match self {
            Regularisation::None => "overfit.svg",
            Regularisation::WeightDecay => "overfit-weight-decay.svg",
            Regularisation::Dropout => "overfit-dropout.svg",
        }
    }
}

// ANCHOR: overfit_run
/// Trains the 7-layer network (6 × 100 hidden, ReLU, He weights) on the small training set
/// with one regularisation, scoring it on all of the training and test data every epoch.
pub fn train(data: TrainData<'_, f32>, kind: Regularisation, settings: &Settings) -> Result<History> {
    let config = MultiLayerNetExtendConfig {
        base: MultiLayerNetConfig {
            hidden_size_list: vec![100; 6],
            weight_decay_lambda: if kind == Regularisation::WeightDecay {
                settings.weight_decay
            } else {
                0.0
            },
            ..MultiLayerNetConfig::default()
        },
        use_batchnorm: false,
        dropout_ratio: (kind == Regularisation::Dropout).then_some(settings.dropout_ratio),
    };
    let mut net = MultiLayerNetExtend::<f32>::new(&config, &mut seeded(settings.seed))?;
    let trainer_config = TrainerConfig {
        epochs: if kind == Regularisation::Dropout { settings.dropout_epochs } else { settings.epochs },
        mini_batch_size: settings.batch_size,
        seed: settings.seed,
        progress: false,
        ..TrainerConfig::default()
    };
    Ok(Trainer::new(trainer_config, Sgd::new(settings.lr as f32)).train(&mut net, data)?)
}
// ANCHOR_END: overfit_run

/// Runs the three (in parallel when the `parallel` feature is on).
pub fn run(data: &Mnist<f32>, settings: &Settings) -> Result<Vec<(Regularisation, History)>> {
    let (x_train, t_train) = head(&data.x_train, data.t_train.view(), Some(settings.train_size));
    let split = TrainData {
        x_train: &x_train,
        t_train: t_train.view(),
        x_test: &data.x_test,
        t_test: data.t_test.view(),
    };
    let progress = SharedProgress::new(3, "runs");
    let histories = par_map(&Regularisation::ALL, |&kind| {
        let history = train(split, kind, settings);
        progress.inc();
        history
    });
    progress.finish();
    Regularisation::ALL.into_iter().zip(histories).map(|(kind, h)| h.map(|h| (kind, h))).collect()
}

/// The figure of one run: training and test accuracy per epoch (the book's figures 6-20,
/// 6-21 and 6-23).
pub fn draw(file: &Path, kind: Regularisation, history: &History, settings: &Settings) -> Result<()> {
    // The lines are named in the title rather than in a legend, which would sit on top of
    // the training curve near accuracy 1.
    let chart = LineChart {
        title: format!("{}: train (blue) and test (orange)", capitalised(&kind.title(settings))),
        x_label: "epochs".into(),
        y_label: "accuracy".into(),
        series: vec![
            Series::from_values("", &history.train_acc_list),
            Series::from_values("", &history.test_acc_list),
        ],
        x_range: Some((0.0, (history.train_acc_list.len() - 1) as f64)),
        y_range: Some((0.0, 1.0)),
        size: Some((660, 380)),
        ..Default::default()
    };
    line_chart(file, &chart)?;
    Ok(())
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_training_set_is_overfitted_and_weight_decay_narrows_the_gap() {
        let data = common::data::mnist_for_tests::<f32>(Default::default());
        let settings = Settings { epochs: 60, ..Settings::default() };
        let (x, t) = head(&data.x_train, data.t_train.view(), Some(300));
        let (x_test, t_test) = head(&data.x_test, data.t_test.view(), Some(2000));
        let split = TrainData { x_train: &x, t_train: t.view(), x_test: &x_test, t_test: t_test.view() };
        let plain = train(split, Regularisation::None, &settings).unwrap();
        let decayed = train(split, Regularisation::WeightDecay, &settings).unwrap();
        let gap = |h: &History| h.train_acc_list.last().unwrap() - h.test_acc_list.last().unwrap();
        assert!(*plain.train_acc_list.last().unwrap() > 0.9, "{:?}", plain.train_acc_list.last());
        assert!(gap(&plain) > 0.15, "overfitting: gap {}", gap(&plain));
        assert!(
            gap(&decayed) < gap(&plain),
            "weight decay narrows the gap: {} vs {}",
            gap(&decayed),
            gap(&plain)
        );
    }
}
