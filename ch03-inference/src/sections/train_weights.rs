//! Where the shipped weights come from: the chapter's network trained by the book's loop.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use ch03_inference::train;
use common::data::{Dataset, LoadOptions, load_mnist};
use common::files::shown;
use common::net::Net;
use common::params::save_params;
use common::rng::seeded;
use common::train_loop::{EVAL_BATCH, check_better_than_chance};

use crate::TrainArgs;

/// Trains the 784→50→100→10 sigmoid network on `dataset` and saves its weights to `save`,
/// unless it ends no better than chance (then nothing is written and it is an error).
pub fn run(dataset: Dataset, args: &TrainArgs, save: &Path, seed: u64) -> Result<()> {
    let data = load_mnist::<f32>(dataset, LoadOptions { normalize: true, flatten: true, one_hot: false })?;
    let cfg = train::config(args.epochs, args.batch_size, args.learning_rate, data.t_train.view().len());
    println!("training 784→50→100→10 (sigmoid, softmax-with-loss) on {dataset}, seed {seed}:");
    println!(
        "  {} epochs of {} iterations, batch {}, SGD lr {}",
        args.epochs, cfg.iter_per_epoch, cfg.batch_size, cfg.learning_rate
    );
    let start = Instant::now();
    let mut net = train::train(&data, &cfg, &mut seeded(seed), |r| {
        println!(
            "  train acc, test acc | {:.4}, {:.4}   (iteration {})",
            r.train_acc, r.test_acc, r.iteration
        );
    })?;
    let seconds = start.elapsed().as_secs_f64();
    let train_accuracy = net.accuracy(&data.x_train, data.t_train.view(), EVAL_BATCH);
    let test_accuracy = net.accuracy(&data.x_test, data.t_test.view(), EVAL_BATCH);
    println!(
        "after all {} iterations ({seconds:.1} s): train accuracy {train_accuracy:.4}, test accuracy \
         {test_accuracy:.4}",
        cfg.iters_num
    );
    check_better_than_chance(test_accuracy, data.t_test.view().labels().as_slice().expect("contiguous"))?;
    save_params(save, &net.params())?;
    let size = std::fs::metadata(save).map(|m| m.len()).unwrap_or(0);
    println!("wrote {} ({} KB, float32)", shown(save), size.div_ceil(1024));
    Ok(())
}
