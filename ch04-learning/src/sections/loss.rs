//! 4.2 Loss functions: squared error, cross-entropy, mini-batches, and why not accuracy.

use std::path::Path;

use anyhow::Result;
use ndarray::{Axis, arr1, stack};

use ch04_learning::accuracy_vs_loss::{flat_fraction, sweep_one_weight, sweep_problem};
use ch04_learning::loss::{book_t, book_y_right, book_y_wrong};
use common::OwnedTargets;
use common::data::{Dataset, LoadOptions, load_mnist, mini_batch, random_choice};
use common::functions::{cross_entropy_error, cross_entropy_error_labels, mean_squared_error};
use common::plot::{LineChart, Series, line_charts};
use common::rng::seeded;

use super::save;

/// Prints section 4.2 (its mini-batch part on `dataset`, if it can be read) and writes the
/// accuracy-versus-loss figure into `figures`.
pub fn run(seed: u64, dataset: Dataset, figures: &Path) -> Result<()> {
    let (t, right, wrong) = (book_t(), book_y_right(), book_y_wrong());
    println!("4.2 Loss functions: the correct answer is \"2\", t = {t}");
    println!("  y = {right}  (most probable: \"2\")");
    println!("  y = {wrong}  (most probable: \"7\")");

    println!("\n4.2.1 Mean squared error");
    println!("  y bets on \"2\": {}", mean_squared_error(&right, &t));
    println!("  y bets on \"7\": {}", mean_squared_error(&wrong, &t));

    println!("\n4.2.2 Cross-entropy error");
    println!("  y bets on \"2\": {}", cross_entropy_error(&right, &t));
    println!("  y bets on \"7\": {}", cross_entropy_error(&wrong, &t));

    println!("\n4.2.3 Mini-batches: 10 training images picked at random");
    let mut rng = seeded(seed);
    let batch_mask = random_choice(60_000, 10, &mut rng);
    println!("  random_choice(60000, 10) = {batch_mask:?}");
    match load_mnist::<f32>(dataset, LoadOptions { normalize: true, flatten: true, one_hot: true }) {
        Ok(mnist) => {
            let (x_batch, t_batch) = mini_batch(&mnist.x_train, mnist.t_train.view(), &batch_mask);
            println!("  x_train {:?}, t_train {:?}", mnist.x_train.shape(), targets_shape(&mnist.t_train));
            println!("  x_batch {:?}, t_batch {:?}", x_batch.shape(), targets_shape(&t_batch));
            println!("  the batch's labels: {}", t_batch.view().labels());
        }
        Err(e) => println!("  ({e}; skipping the MNIST part)"),
    }

    println!("\n4.2.4 Cross-entropy of a batch (the two predictions above, as a batch of 2)");
    let y = stack![Axis(0), right, wrong];
    let t_one_hot = stack![Axis(0), t, t];
    let t_labels = arr1(&[2usize, 2]);
    println!("  one-hot targets:        {}", cross_entropy_error(&y, &t_one_hot));
    println!("  label targets [2, 2]:   {}", cross_entropy_error_labels(y.view(), t_labels.view()));

    println!("\n4.2.5 Why not use accuracy as the loss? Move one weight, watch both");
    let (toy, w) = sweep_problem(seed);
    let values: Vec<f64> = (0..=900).map(|i| -3.0 + 9.0 * i as f64 / 900.0).collect();
    let sweep = sweep_one_weight(&toy, &w, &values);
    let jumps = sweep.windows(2).filter(|p| p[0].accuracy != p[1].accuracy).count();
    println!(
        "  W[0, 0] from -3 to 6 in {} steps: accuracy changes at {} of them and is flat \
         (derivative 0) at {:.1}% of them; the loss changes at every step",
        sweep.len() - 1,
        jumps,
        100.0 * flat_fraction(&sweep)
    );
    // Two panels over one x axis: each quantity on its own y axis, with its name.
    let accuracy = LineChart {
        title: "accuracy: flat, then a jump".into(),
        x_label: "W[0, 0]".into(),
        y_label: "accuracy".into(),
        series: vec![Series::new("", sweep.iter().map(|p| (p.w, p.accuracy)).collect())],
        y_range: Some((0.0, 1.05)),
        ..Default::default()
    };
    let loss = LineChart {
        title: "cross-entropy loss: a slope everywhere".into(),
        x_label: "W[0, 0]".into(),
        y_label: "loss".into(),
        series: vec![Series::new("", sweep.iter().map(|p| (p.w, p.loss)).collect())],
        ..Default::default()
    };
    save(figures, "accuracy_vs_loss.svg", |p| {
        line_charts(p, "Moving one weight: accuracy jumps, the loss slopes", &[accuracy, loss], 1, (640, 250))
    })
}

/// The shape of the targets, as NumPy would print the array's.
fn targets_shape(t: &OwnedTargets<f32>) -> Vec<usize> {
    match t {
        OwnedTargets::Labels(t) => t.shape().to_vec(),
        OwnedTargets::OneHot(t) => t.shape().to_vec(),
    }
}
