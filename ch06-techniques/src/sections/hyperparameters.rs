//! 6.5: a random search for the learning rate and the weight decay on validation data, as
//! the book's `hyperparameter_optimization.py` prints it.

use std::path::Path;

use anyhow::Result;

use ch06_techniques::hyperparameter::{self, Settings, ranked};
use common::data::Mnist;

use super::{heading, wrote};

pub fn run(data: &Mnist<f32>, figures: &Path, settings: Settings) -> Result<()> {
    heading(&format!(
        "6.5 Random search: {} trials of {} epochs, {} images of which {:.0}% for validation",
        settings.trials,
        settings.epochs,
        settings.total,
        100.0 * settings.validation_rate
    ));
    let trials = hyperparameter::run(data, &settings)?;
    // Every trial as it was drawn, then the best ones.
    for trial in &trials {
        println!("val acc:{:.2} | {}", trial.final_val_acc(), trial.key());
    }
    println!("=========== Hyper-Parameter Optimization Result ===========");
    for (i, trial) in ranked(&trials).into_iter().take(settings.show).enumerate() {
        println!("Best-{}(val acc:{:.2}) | {}", i + 1, trial.final_val_acc(), trial.key());
    }
    let path = figures.join("hyperparameter-search.svg");
    hyperparameter::draw(&path, &trials, &settings)?;
    wrote(&path);
    Ok(())
}
