//! 5.7.4: the two-layer net trained with backprop gradients, as the book's
//! `train_neuralnet.py` prints it; then one gradient timed both ways.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use ch05_backprop::speedup::measure_speedup;
use ch05_backprop::train::{WEIGHT_INIT_STD, draw_accuracy, draw_loss, train_neuralnet};
use ch05_backprop::two_layer_net::TwoLayerNet;
use common::Net;
use common::data::{Dataset, Mnist, head};
use common::files::shown;
use common::rng::seeded;
use common::train_loop::{EVAL_BATCH, TrainConfig, check_better_than_chance};

use crate::TrainArgs;

pub fn run(data: &Mnist<f32>, dataset: Dataset, args: &TrainArgs, seed: u64, figures: &Path) -> Result<()> {
    let train_size = data.x_train.shape()[0];
    let cfg = TrainConfig {
        iters_num: args.iters,
        batch_size: args.batch_size,
        learning_rate: args.lr,
        iter_per_epoch: (train_size / args.batch_size).max(1),
    };
    println!(
        "{dataset}, 784→{}→10 (ReLU), {} iterations, batch {}, lr {} (f32)",
        args.hidden, cfg.iters_num, cfg.batch_size, cfg.learning_rate
    );
    println!("train acc, test acc (at iteration 0 and after each epoch):");
    let start = Instant::now();
    let (mut network, history) = train_neuralnet(data.into(), args.hidden, &cfg, &mut seeded(seed), |r| {
        println!("{:.4} {:.4}", r.train_acc, r.test_acc)
    })?;
    let seconds = start.elapsed().as_secs_f64();
    let last_test_acc = history.epochs.last().map_or(f64::NAN, |r| r.test_acc);
    println!("{} iterations in {seconds:.1} s; final test accuracy {last_test_acc:.4}", cfg.iters_num);
    // The network as it ends, not as the last epoch left it, must beat chance.
    let test_acc = network.accuracy(&data.x_test, data.t_test.view(), EVAL_BATCH);
    check_better_than_chance(test_acc, &data.t_test.view().labels().to_vec())?;

    let loss = figures.join("train_loss.svg");
    let accuracy = figures.join("train_accuracy.svg");
    draw_loss(&loss, &history)?;
    draw_accuracy(&accuracy, &history)?;
    println!("wrote {} and {}", shown(&loss), shown(&accuracy));

    // How much faster is backprop? Both on the same batch, same network.
    let mut network = TwoLayerNet::<f32>::new(784, args.hidden, 10, WEIGHT_INIT_STD, &mut seeded(seed));
    let (x_batch, t_batch) = head(&data.x_train, data.t_train.view(), Some(cfg.batch_size));
    let s = measure_speedup(&mut network, &x_batch, t_batch.view(), 50, 400);
    println!("\nOne gradient of the loss on a batch of {} (f32):", cfg.batch_size);
    println!("  by backprop:  {:8.3} ms (mean of 50)", s.backprop * 1e3);
    println!(
        "  numerically:  {:8.1} s  (estimated: {} of the {} parameters timed, {:.0} ms, times {:.1})",
        s.numerical_estimate(),
        s.sampled,
        s.params,
        s.sampled_seconds * 1e3,
        s.params as f64 / s.sampled as f64
    );
    println!("  backprop is about {} times faster", two_significant_digits(s.ratio()));
    Ok(())
}

/// 35,360 → "35000": a ratio measured with a stopwatch has no more digits than that.
fn two_significant_digits(x: f64) -> String {
    if !(x.is_finite() && x > 0.0) {
        return format!("{x}");
    }
    let scale = 10f64.powi(x.log10().floor() as i32 - 1);
    format!("{:.0}", (x / scale).round() * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_significant_digits_rounds_a_ratio_to_what_a_stopwatch_can_tell() {
        assert_eq!(two_significant_digits(35_360.0), "35000");
        assert_eq!(two_significant_digits(45_499.0), "45000");
        assert_eq!(two_significant_digits(123_456.0), "120000");
        assert_eq!(two_significant_digits(f64::INFINITY), "inf");
    }
}
