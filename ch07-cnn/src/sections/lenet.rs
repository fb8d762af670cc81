//! 7.7 LeNet-5: the 1998 network (sigmoid, subsampling) and the same with what changed since
//! (ReLU, max pooling), trained beside SimpleConvNet the same way.

use std::path::Path;

use anyhow::{Context, Result};

use ch07_cnn::architecture_figures::accuracy_per_epoch_figure;
use ch07_cnn::architectures::lenet::{LeNetKind, lenet};
use ch07_cnn::report::thousands;
use ch07_cnn::train::{TrainSettings, train};
use ch07_cnn::{SimpleConvNet, SimpleConvNetConfig};
use common::Net;
use common::data::Dataset;
use common::files::{check_output_dir, shown};
use common::layers::Shaped;
use common::rng::seeded;
use common::train_loop::check_better_than_chance;

use super::{load, plural, train_data, training_subset};
use crate::TrainArgs;

pub fn run(args: &TrainArgs, dataset: Dataset, seed: u64, figures: &Path) -> Result<()> {
    check_output_dir(figures).with_context(|| format!("--figures {}", figures.display()))?;
    let epochs = args.epochs.unwrap_or(10);
    let data = load(dataset)?;
    let subset = training_subset(&data, args.train_size)?;
    let train_data = train_data(&data, &subset);
    let labels = data.t_test.view().labels();
    println!(
        "{dataset}: {} training images; each network: Adam (lr 0.001), batch 100, {} (f32)",
        thousands(train_data.train_size()),
        plural(epochs, "epoch")
    );

    let mut simple = SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(seed))?;
    let simple_macs: u64 = {
        let g1 = simple.conv1.geometry(&[1, 28, 28])?;
        let g2 = simple.affine1.geometry(&[30, 12, 12])?;
        let g3 = simple.affine2.geometry(&[100])?;
        g1.multiply_adds + g2.multiply_adds + g3.multiply_adds
    };
    let mut original = lenet::<f32>(LeNetKind::Original, &mut seeded(seed));
    let mut modern = lenet::<f32>(LeNetKind::Modern, &mut seeded(seed));
    let lenet_macs: u64 = original.geometry(&[1, 28, 28])?.iter().map(|g| g.multiply_adds).sum();

    let networks: [(&str, &mut dyn Net<f32>, u64); 3] = [
        ("LeNet-5 (sigmoid, subsampling)", &mut original, lenet_macs),
        ("LeNet-5 (ReLU, max pooling)", &mut modern, lenet_macs),
        ("SimpleConvNet", &mut simple, simple_macs),
    ];
    let mut rows = Vec::new();
    let mut curves = Vec::new();
    for (name, net, macs) in networks {
        let settings = TrainSettings { epochs, seed, label: name.into(), ..TrainSettings::default() };
        let outcome = train(net, train_data, &settings, |_, _| {})?;
        let per_epoch = outcome.epoch_seconds.iter().sum::<f64>() / outcome.epoch_seconds.len().max(1) as f64;
        println!("{name}: test accuracy {:.4} ({:.1} s per epoch)", outcome.final_test_acc, per_epoch);
        check_better_than_chance(outcome.final_test_acc, labels.as_slice().unwrap_or_default())?;
        rows.push((name, net.param_count(), macs, outcome.final_test_acc, per_epoch));
        curves.push((name.to_string(), outcome.history.test_acc_list.clone()));
    }
    println!();
    println!(
        "  {:<32} {:>10} {:>14} {:>14} {:>10}",
        "network", "parameters", "multiply-adds", "test accuracy", "s/epoch"
    );
    for (name, params, macs, acc, seconds) in rows {
        println!(
            "  {name:<32} {:>10} {:>14} {acc:>14.4} {seconds:>10.1}",
            thousands(params),
            thousands(macs as usize)
        );
    }
    let path = figures.join("lenet_accuracy.svg");
    accuracy_per_epoch_figure(&path, "LeNet-5, then and now, beside SimpleConvNet", &curves)?;
    println!("wrote {}", shown(&path));
    Ok(())
}
