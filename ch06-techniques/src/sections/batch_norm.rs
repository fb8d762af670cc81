//! 6.3: training with and without batch normalisation from many initial weight scales, as the
//! book's `batch_norm_test.py` prints it.

use std::path::Path;

use anyhow::Result;

use ch06_techniques::batch_norm::{self, Curve, Settings, short};
use common::data::Mnist;

use super::{heading, wrote};

pub fn run(data: &Mnist<f32>, figures: &Path, settings: Settings) -> Result<()> {
    heading(&format!(
        "6.3 Batch normalisation: {} images, {} weight scales, {} epochs (train accuracy: normal - BatchNorm)",
        settings.train_size, settings.scales, settings.epochs
    ));
    let runs = batch_norm::run(data, &settings)?;
    // What the book prints (`epoch:0 | 0.097 - 0.105`: without and with batch normalisation),
    // for each scale.
    let cell = |curve: &Curve, epoch: usize| match curve.train_acc.get(epoch) {
        Some(acc) => format!("{acc:.3}"),
        None => "diverged".to_string(),
    };
    for (i, run) in runs.iter().enumerate() {
        println!("============== {}/{} (W std {}) ==============", i + 1, runs.len(), short(run.scale));
        let epochs = run.normal.train_acc.len().max(run.bn.train_acc.len());
        for epoch in 0..epochs {
            println!("epoch:{epoch} | {} - {}", cell(&run.normal, epoch), cell(&run.bn, epoch));
        }
        for (name, curve) in [("normal", &run.normal), ("BatchNorm", &run.bn)] {
            if let Some((epoch, iteration)) = curve.diverged {
                println!("({name}: the loss overflowed at iteration {iteration}, in epoch {epoch})");
            }
        }
    }
    // Then a summary.
    println!();
    println!("training accuracy after the last epoch");
    println!("{:>10} {:>10} {:>10}", "W std", "normal", "BatchNorm");
    let last = |c: &Curve| match c.diverged {
        Some(_) => "diverged".to_string(),
        None => format!("{:.3}", c.train_acc.last().copied().unwrap_or(0.0)),
    };
    for run in &runs {
        println!("{:>10} {:>10} {:>10}", short(run.scale), last(&run.normal), last(&run.bn));
    }
    let path = figures.join("batch-norm.svg");
    batch_norm::draw(&path, &runs)?;
    wrote(&path);
    Ok(())
}
