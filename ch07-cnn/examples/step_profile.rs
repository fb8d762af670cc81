//! Where the time of one SimpleConvNet training step goes (batch 100, f32), layer by layer.
//!
//! ```text
//! cargo run --release -p ch07-cnn --example step_profile            # both cores
//! RAYON_NUM_THREADS=1 cargo run --release -p ch07-cnn --example step_profile
//! cargo run --release -p ch07-cnn --example step_profile -- --book  # the book's im2col layers
//! ```
//!
//! The same calls as `SimpleConvNet::gradient` followed by an Adam update, each one timed
//! on its own (with the kernels, convolution, ReLU and pooling are one fused call each way, as
//! in `SimpleConvNet`; with `--book`, three calls of the book's layers), averaged over 200 steps after 20 steps of warm-up. Random pixels stand in for
//! MNIST (the cost does not depend on what they show).

use std::time::Instant;

use ndarray::{ArrayD, Axis, Slice};

use ch07_cnn::{SimpleConvNet, SimpleConvNetConfig};
use common::data::stand_in::{random_pixels, stand_in_labels};
use common::kernels::conv_relu_pool::ConvReluPoolKernel;
use common::layers::{Layer, Relu, SoftmaxWithLoss};
use common::optimizer::{Adam, Optimizer};
use common::rng::seeded;
use common::{Net, Targets};

const STEPS: usize = 200;
const WARM_UP: usize = 20;

fn main() {
    common::startup::init();
    // `--book`: the convolution and the pooling run the book's im2col code instead of the kernels.
    let book = std::env::args().any(|a| a == "--book");
    let n = 1000;
    let x = random_pixels(&[n, 1, 28, 28], 1);
    let t = stand_in_labels(n);
    let mut net = SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(2)).unwrap();
    if book {
        net.conv1 = net.conv1.clone().book_form();
        net.pool1 = net.pool1.clone().book_form();
    }
    let (mut relu1, mut relu2, mut last) = (Relu::new(), Relu::new(), SoftmaxWithLoss::new());
    let mut adam = Adam::new(0.001f32);
    // Without `--book`, Conv1 → ReLU1 → Pool1 is the fused kernel SimpleConvNet itself uses.
    let mut fused = (!book).then(ConvReluPoolKernel::<f32>::default);
    let names: Vec<&str> = if book {
        vec!["conv forward", "relu forward", "pool forward"]
    } else {
        vec!["conv+relu+pool forward (fused)"]
    }
    .into_iter()
    .chain([
        "affine1 forward",
        "relu forward (hidden)",
        "affine2 forward",
        "softmax-with-loss forward",
        "softmax-with-loss backward",
        "affine2 backward",
        "relu backward (hidden)",
        "affine1 backward",
    ])
    .chain(if book {
        vec!["pool backward", "relu backward", "conv backward (dW, db)"]
    } else {
        vec!["conv+relu+pool backward (dW, db)"]
    })
    .chain(["Adam update"])
    .collect();
    let mut laps = Laps { total: vec![0.0f64; names.len()], row: 0, clock: Instant::now() };
    let mut whole_counted = 0.0;
    for step in 0..WARM_UP + STEPS {
        let counting = step >= WARM_UP;
        let start = Instant::now();
        let rows = Slice::from((step % 10) * 100..(step % 10 + 1) * 100);
        let xb: ArrayD<f32> = x.slice_axis(Axis(0), rows).to_owned();
        let tb = t.slice_axis(Axis(0), rows).to_owned();
        laps.restart();
        let y = match &mut fused {
            Some(fused) => {
                let win = net.conv1.window(xb.shape()).expect("28 × 28 fits");
                let y = fused.forward(&xb, &net.conv1.w, &net.conv1.b, win, true);
                laps.lap(counting);
                y
            }
            None => {
                let y = net.conv1.forward(&xb, true);
                laps.lap(counting);
                let y = relu1.forward(&y, true);
                laps.lap(counting);
                let y = net.pool1.forward(&y, true);
                laps.lap(counting);
                y
            }
        };
        let y = net.affine1.forward(&y, true);
        laps.lap(counting);
        let y = relu2.forward(&y, true);
        laps.lap(counting);
        let y = net.affine2.forward(&y, true);
        laps.lap(counting);
        let loss = last.forward(&y, Targets::Labels(tb.view()));
        laps.lap(counting);
        let d = last.backward();
        laps.lap(counting);
        let d = net.affine2.backward(&d);
        laps.lap(counting);
        let d = relu2.backward(&d);
        laps.lap(counting);
        let d = net.affine1.backward(&d);
        laps.lap(counting);
        match &mut fused {
            Some(fused) => {
                let (_, dw, db) = fused.backward(&d, &net.conv1.w, false);
                (net.conv1.dw, net.conv1.db) = (dw, db);
                laps.lap(counting);
            }
            None => {
                let d = net.pool1.backward(&d);
                laps.lap(counting);
                let d = relu1.backward(&d);
                laps.lap(counting);
                net.conv1.backward(&d);
                laps.lap(counting);
            }
        }
        adam.update(net.params());
        laps.lap(counting);
        assert!(loss.is_finite());
        if counting {
            whole_counted += start.elapsed().as_secs_f64();
        }
    }
    let threads = std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| "all".into());
    let layers = if book { "the book's im2col layers" } else { "the kernels" };
    println!(
        "One training step of SimpleConvNet, batch 100, f32, {layers} (threads: {threads}), mean of {STEPS}:"
    );
    let sum: f64 = laps.total.iter().sum();
    for (name, t) in names.iter().zip(&laps.total) {
        let ms = t / STEPS as f64 * 1e3;
        println!("  {name:<34} {ms:7.3} ms  {:5.1} %", 100.0 * t / sum);
    }
    println!("  {:<34} {:7.3} ms", "sum of the layers", sum / STEPS as f64 * 1e3);
    println!("  {:<34} {:7.3} ms", "whole step (with batch copy)", whole_counted / STEPS as f64 * 1e3);
}

/// The time of each call, added up per row over the steps.
struct Laps {
    total: Vec<f64>,
    row: usize,
    clock: Instant,
}

impl Laps {
    /// A new step: the first row's clock starts now.
    fn restart(&mut self) {
        self.row = 0;
        self.clock = Instant::now();
    }

    /// Adds the time since the last lap to the current row's total (if `counting`), then moves
    /// to the next row.
    fn lap(&mut self, counting: bool) {
        if counting {
            self.total[self.row] += self.clock.elapsed().as_secs_f64();
        }
        self.row += 1;
        self.clock = Instant::now();
    }
}
