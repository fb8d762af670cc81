//! 7.5 Training SimpleConvNet (the default section): the book's `train_convnet.py`.

use std::path::Path;

use anyhow::{Context, Result, bail};

use ch07_cnn::report::{architecture, thousands};
use ch07_cnn::train::{EVAL_BATCH, TrainSettings};
use ch07_cnn::train_figures::{accuracy_figure, loss_figure};
use ch07_cnn::{ConvParam, SimpleConvNet, SimpleConvNetConfig};
use common::Net;
use common::data::{Dataset, TrainData, head};
use common::files::{check_output_dir, check_output_file, shown};
use common::memory::{exceeds_limit, human};
use common::optimizer::OptimizerKind;
use common::rng::seeded;
use common::train_loop::check_better_than_chance;

use super::{INPUT_DIM, default_params, load, plural, train_as_the_book_prints};
use crate::TrainArgs;

/// The network the options describe, checked before any data is loaded: sizes that do not
/// divide stop here, with one line that says why.
pub fn config(args: &TrainArgs) -> Result<SimpleConvNetConfig> {
    let book = ConvParam::default();
    let config = SimpleConvNetConfig {
        input_dim: INPUT_DIM,
        conv_param: ConvParam {
            filter_num: args.filter_num.unwrap_or(book.filter_num),
            filter_size: args.filter_size.unwrap_or(book.filter_size),
            pad: args.pad.unwrap_or(book.pad),
            stride: args.stride.unwrap_or(book.stride),
        },
        ..SimpleConvNetConfig::default()
    };
    config.shapes()?;
    Ok(config)
}

/// Refuses, before anything is allocated, a configuration whose training would take more
/// memory than the machine can spare, naming the options that made it so.
fn check_memory(args: &TrainArgs, config: &SimpleConvNetConfig, batch: usize) -> Result<()> {
    let needs = config.memory_needs(batch, EVAL_BATCH)?;
    let Some(limit) = exceeds_limit(needs.total()) else { return Ok(()) };
    let options: Vec<String> = [
        ("--filter-num", args.filter_num),
        ("--filter-size", args.filter_size),
        ("--pad", args.pad),
        ("--stride", args.stride),
        ("--batch-size", args.batch_size),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| format!("{name} {v}")))
    .collect();
    bail!(
        "{} would make training take about {} (the parameters with their gradients and Adam's state {}, \
         one batch's arrays {}), more than the {} this machine can spare; choose smaller values",
        if options.is_empty() { "this network".to_string() } else { options.join(" ") },
        human(needs.total()),
        human(needs.parameters),
        human(needs.activations),
        human(limit)
    );
}

pub fn run(args: &TrainArgs, dataset: Dataset, seed: u64, figures: &Path) -> Result<()> {
    // Everything that can be wrong with the options is found before the work starts.
    let config = config(args)?;
    let optimizer = args.optimizer.unwrap_or(OptimizerKind::Adam);
    let lr = args.lr.unwrap_or(optimizer.default_lr());
    let (epochs, batch_size) = (args.epochs.unwrap_or(20), args.batch_size.unwrap_or(100));
    check_memory(args, &config, batch_size)?;
    let save = args.save.clone().unwrap_or_else(|| default_params(dataset));
    check_output_file(&save).with_context(|| format!("--save {}", save.display()))?;
    check_output_dir(figures).with_context(|| format!("--figures {}", figures.display()))?;

    let data = load(dataset)?;
    let available = data.x_train.shape()[0];
    let train_size = args.train_size.unwrap_or(available);
    if train_size > available {
        bail!("--train-size must be at most {available} (the training images there are), not {train_size}");
    }
    if batch_size > train_size {
        bail!("--batch-size ({batch_size}) is larger than the training set ({train_size})");
    }
    let subset = (train_size < available).then(|| head(&data.x_train, data.t_train.view(), Some(train_size)));
    let train_data = match &subset {
        Some((x, t)) => {
            TrainData { x_train: x, t_train: t.view(), x_test: &data.x_test, t_test: data.t_test.view() }
        }
        None => TrainData::from(&data),
    };

    print!("{}", architecture(&config)?);
    let settings = TrainSettings {
        epochs,
        mini_batch_size: batch_size,
        optimizer,
        lr,
        seed,
        ..TrainSettings::default()
    };
    let iterations = train_size.div_ceil(batch_size) * epochs;
    println!(
        "{dataset}: {} training images, {} test images; {optimizer} (lr {lr}), batch {batch_size}, {} = {} iterations (f32)",
        thousands(train_size),
        thousands(data.x_test.shape()[0]),
        plural(epochs, "epoch"),
        thousands(iterations)
    );
    println!("accuracy per epoch on the first 1,000 training and 1,000 test images (epoch 0: untrained):");

    let mut net = SimpleConvNet::<f32>::new(config, &mut seeded(seed))?;
    let (outcome, total) = train_as_the_book_prints(&mut net, train_data, &settings)?;
    let mean_epoch = outcome.epoch_seconds.iter().sum::<f64>() / outcome.epoch_seconds.len().max(1) as f64;
    println!(
        "{} in {total:.0} s ({mean_epoch:.1} s per epoch, evaluation included)",
        plural(epochs, "epoch")
    );
    // A run that learned nothing is an error, and its parameters are not saved.
    check_better_than_chance(outcome.final_test_acc, data.t_test.view().labels().as_slice().unwrap_or(&[]))?;

    net.save(&save).with_context(|| format!("cannot save the parameters to {}", save.display()))?;
    println!("Saved Network Parameters to {} (W1, b1, W2, b2, W3, b3)", shown(&save));
    let acc_path = figures.join("train_accuracy.svg");
    let loss_path = figures.join("train_loss.svg");
    accuracy_figure(&acc_path, &outcome.history, &format!("SimpleConvNet on {dataset}: accuracy per epoch"))?;
    loss_figure(&loss_path, &outcome.history, &format!("SimpleConvNet on {dataset}: loss per iteration"))?;
    println!("wrote {} and {}", shown(&acc_path), shown(&loss_path));
    Ok(())
}
