//! 7.7 The degradation problem and ResNet's fix, measured: plain stacks of growing depth train
//! worse, the same stacks with shortcuts do not.

use std::path::Path;

use anyhow::{Context, Result};

use ch07_cnn::architecture_figures::depth_figure;
use ch07_cnn::architectures::residual_nets::residual_net;
use ch07_cnn::report::thousands;
use ch07_cnn::train::{TrainSettings, train};
use common::data::Dataset;
use common::files::{check_output_dir, shown};
use common::optimizer::OptimizerKind;
use common::rng::seeded;
use common::trainer::TrainError;

use super::{load, plural, train_data, training_subset};
use crate::TrainArgs;

/// The depths compared: layers with weights (the stem's convolution, the pairs, the affine layer).
pub const DEPTHS: [usize; 4] = [6, 10, 18, 34];

/// Training images by default: a part of MNIST, so that eight networks train in a few minutes.
pub const TRAIN_SIZE: usize = 5_000;

pub fn run(args: &TrainArgs, dataset: Dataset, seed: u64, figures: &Path) -> Result<()> {
    check_output_dir(figures).with_context(|| format!("--figures {}", figures.display()))?;
    let epochs = args.epochs.unwrap_or(3);
    let data = load(dataset)?;
    let subset = training_subset(&data, Some(args.train_size.unwrap_or(TRAIN_SIZE)))?;
    let train_data = train_data(&data, &subset);
    let settings = TrainSettings {
        epochs,
        optimizer: OptimizerKind::Momentum,
        lr: 0.01,
        seed,
        evaluate_sample_num_per_epoch: train_data.train_size(),
        ..TrainSettings::default()
    };
    println!(
        "{dataset}: {} training images; each network: Momentum SGD (lr {}, momentum 0.9), batch 100, {} (f32), He's initial weights, no batch normalisation",
        thousands(train_data.train_size()),
        settings.lr,
        plural(epochs, "epoch")
    );
    println!(
        "after the last epoch, on the training images (loss: the mean of the last epoch's mini-batches):"
    );
    println!("  {:>6}  {:>22}  {:>22}", "layers", "plain: loss, accuracy", "residual: loss, accuracy");
    let (mut plain, mut residual) = (Vec::new(), Vec::new());
    for depth in DEPTHS {
        let mut results = [Trained::Diverged { iteration: 0 }; 2];
        for (k, shortcuts) in [false, true].into_iter().enumerate() {
            let mut net = residual_net::<f32>(depth, shortcuts, &mut seeded(seed));
            let name = if shortcuts { "residual" } else { "plain" };
            let settings = TrainSettings { label: format!("{name} {depth}"), ..settings.clone() };
            results[k] = match train(&mut net, train_data, &settings, |_, _| {}) {
                Ok(outcome) => {
                    let per_epoch = outcome.history.iter_per_epoch.max(1);
                    let losses = &outcome.history.train_loss_list;
                    let last = &losses[losses.len().saturating_sub(per_epoch)..];
                    let loss = last.iter().sum::<f64>() / last.len().max(1) as f64;
                    let accuracy = outcome.history.train_acc_list.last().copied().unwrap_or(0.0);
                    Trained::Finished { loss, accuracy }
                }
                // A network whose loss overflowed is a result here, not an error: it is drawn
                // and printed as diverged.
                Err(TrainError::Diverged { iteration, .. }) => Trained::Diverged { iteration },
                Err(other) => return Err(other.into()),
            };
        }
        println!("  {depth:>6}  {:>22}  {:>22}", results[0], results[1]);
        plain.push(results[0].point());
        residual.push(results[1].point());
    }
    let path = figures.join("residual_depth.svg");
    depth_figure(&path, &DEPTHS, &plain, &residual)?;
    println!("wrote {}", shown(&path));
    Ok(())
}

/// How one network's training ended.
#[derive(Debug, Clone, Copy)]
enum Trained {
    /// The mean loss of the last epoch's mini-batches, the accuracy on the training images.
    Finished { loss: f64, accuracy: f64 },
    /// The loss stopped being finite at this iteration.
    Diverged { iteration: usize },
}

impl Trained {
    /// (loss, accuracy) for the figure; NaN for a network that diverged (not drawn).
    fn point(self) -> (f64, f64) {
        match self {
            Trained::Finished { loss, accuracy } => (loss, accuracy),
            Trained::Diverged { .. } => (f64::NAN, f64::NAN),
        }
    }
}

impl std::fmt::Display for Trained {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Trained::Finished { loss, accuracy } => format!("{loss:>12.4}, {accuracy:>8.4}"),
            Trained::Diverged { iteration } => format!("diverged at step {iteration}"),
        };
        f.pad(&text)
    }
}
