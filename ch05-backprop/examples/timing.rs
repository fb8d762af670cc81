//! One timing sample of the two-layer network's training step, for
//! `ch07-cnn/bench/compare.sh`, which interleaves it with NumPy's and PyTorch's:
//!
//! ```text
//! cargo run --release -p ch05-backprop --example timing -- two_layer_step SECONDS
//! ```
//!
//! prints `two_layer_step<TAB>seconds per step`: forward, backward and the SGD update of the
//! 784 → 50 → 10 network on ten batches of 100 in turn (f32; random pixels stand in for MNIST).

use std::hint::black_box;
use std::time::{Duration, Instant};

use ndarray::Array1;

use ch05_backprop::TwoLayerNet;
use common::data::stand_in::{consecutive_batches, random_pixels};
use common::optimizer::{Optimizer, Sgd};
use common::rng::seeded;
use common::{Net, Targets};

fn main() {
    common::startup::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("two_layer_step") {
        eprintln!("usage: timing two_layer_step [SECONDS]");
        std::process::exit(2);
    }
    let seconds: f64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(3.0);
    let x = random_pixels(&[1000, 784], 1);
    let t = Array1::from_shape_fn(1000, |i| (i * 7) % 10);
    let batches = consecutive_batches(&x, &t, 100);
    let mut net = TwoLayerNet::<f32>::new(784, 50, 10, 0.01, &mut seeded(2));
    let mut sgd = Sgd::new(0.1f32);
    let mut step = |i: usize| {
        let (xb, tb) = &batches[i % batches.len()];
        let loss = net.gradient(black_box(xb), Targets::Labels(tb.view()));
        sgd.update(net.params());
        black_box(loss);
    };
    step(0);
    step(1);
    let (mut calls, start) = (0, Instant::now());
    while calls < 3 || start.elapsed() < Duration::from_secs_f64(seconds) {
        step(calls);
        calls += 1;
    }
    println!("two_layer_step\t{:e}", start.elapsed().as_secs_f64() / calls as f64);
}
