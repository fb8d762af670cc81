//! Where the time of one SimpleConvNet training step goes (batch 100, f32), layer by layer.
//!
//! ```text
//! cargo run --release -p ch07-cnn --example step_profile            # both cores
//! RAYON_NUM_THREADS=1 cargo run --release -p ch07-cnn --example step_profile
//! cargo run --release -p ch07-cnn --example step_profile -- --book  # the book's im2col layers
//! ```
//!
//! The same calls as `SimpleConvNet::gradient` followed by an Adam update, each one timed
//! on its own, averaged over 200 steps after 20 steps of warm-up. Random pixels stand in for
//! MNIST (the cost does not depend on what they show).

use std::time::Instant;

use ndarray::{Array1, ArrayD, Axis, Slice};

use ch07_cnn::{SimpleConvNet, SimpleConvNetConfig};
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
    let x = common::init::gaussian::<f32>(&[n, 1, 28, 28], 1.0, &mut seeded(1)).mapv(|v| v.abs().fract());
    let t = Array1::from_shape_fn(n, |i| (i * 7 + i / 13) % 10);
    let mut net = SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(2)).unwrap();
    if book {
        net.conv1 = net.conv1.clone().book_form();
        net.pool1 = net.pool1.clone().book_form();
    }
    let (mut relu1, mut relu2, mut last) = (Relu::new(), Relu::new(), SoftmaxWithLoss::new());
    let mut adam = Adam::new(0.001f32);
    let names = [
        "conv forward",
        "relu forward",
        "pool forward",
        "affine1 forward",
        "relu forward (hidden)",
        "affine2 forward",
        "softmax-with-loss forward",
        "softmax-with-loss backward",
        "affine2 backward",
        "relu backward (hidden)",
        "affine1 backward",
        "pool backward",
        "relu backward",
        "conv backward (dW, db)",
        "Adam update",
    ];
    let mut total = vec![0.0f64; names.len()];
    let mut clock = Instant::now();
    let mut lap = |i: usize, total: &mut Vec<f64>, counting: bool| {
        if counting {
            total[i] += clock.elapsed().as_secs_f64();
        }
        clock = Instant::now();
    };
    let mut whole_counted = 0.0;
    for step in 0..WARM_UP + STEPS {
        let counting = step >= WARM_UP;
        let start = Instant::now();
        let rows = Slice::from((step % 10) * 100..(step % 10 + 1) * 100);
        let xb: ArrayD<f32> = x.slice_axis(Axis(0), rows).to_owned();
        let tb = t.slice_axis(Axis(0), rows).to_owned();
        lap(0, &mut vec![0.0; names.len()], false);
        let y = net.conv1.forward(&xb, true);
        lap(0, &mut total, counting);
        let y = relu1.forward(&y, true);
        lap(1, &mut total, counting);
        let y = net.pool1.forward(&y, true);
        lap(2, &mut total, counting);
        let y = net.affine1.forward(&y, true);
        lap(3, &mut total, counting);
        let y = relu2.forward(&y, true);
        lap(4, &mut total, counting);
        let y = net.affine2.forward(&y, true);
        lap(5, &mut total, counting);
        let loss = last.forward(&y, Targets::Labels(tb.view()));
        lap(6, &mut total, counting);
        let d = last.backward();
        lap(7, &mut total, counting);
        let d = net.affine2.backward(&d);
        lap(8, &mut total, counting);
        let d = relu2.backward(&d);
        lap(9, &mut total, counting);
        let d = net.affine1.backward(&d);
        lap(10, &mut total, counting);
        let d = net.pool1.backward(&d);
        lap(11, &mut total, counting);
        let d = relu1.backward(&d);
        lap(12, &mut total, counting);
        net.conv1.backward(&d);
        lap(13, &mut total, counting);
        adam.update(net.params());
        lap(14, &mut total, counting);
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
    let sum: f64 = total.iter().sum();
    for (name, t) in names.iter().zip(&total) {
        let ms = t / STEPS as f64 * 1e3;
        println!("  {name:<28} {ms:7.3} ms  {:5.1} %", 100.0 * t / sum);
    }
    println!("  {:<28} {:7.3} ms", "sum of the layers", sum / STEPS as f64 * 1e3);
    println!("  {:<28} {:7.3} ms", "whole step (with batch copy)", whole_counted / STEPS as f64 * 1e3);
}
