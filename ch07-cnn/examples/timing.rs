//! One timing sample of a workload, for `ch07-cnn/bench/compare.sh`, which interleaves these
//! samples with NumPy's and PyTorch's on the same machine:
//!
//! ```text
//! cargo run --release -p ch07-cnn --example timing -- WORKLOAD SECONDS
//! ```
//!
//! runs WORKLOAD repeatedly for about SECONDS (after a warm-up) and prints
//! `WORKLOAD<TAB>seconds per unit`. The workloads (random pixels stand in for MNIST: the cost
//! does not depend on what the pixels show):
//! - `conv_step`: one training step of SimpleConvNet, batch 100, Adam (f32);
//! - `conv_inference_b100`, `conv_inference_b1000`: the predicted class of 10,000 images, in
//!   batches of 100 or 1,000 (the unit is the 10,000 images);
//! - `deep_step`, `deep_inference_b100`, `deep_inference_b1000`: the same for DeepConvNet;
//! - `gemm`: our one-core matrix product on the shapes of a SimpleConvNet step, in GFLOP/s
//!   (run it with RAYON_NUM_THREADS=1), one line per shape.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ndarray::{Array1, Array2, ArrayD, Ix2};

use ch07_cnn::architectures::deep_conv_net::deep_conv_net;
use ch07_cnn::{SimpleConvNet, SimpleConvNetConfig};
use common::data::stand_in::{consecutive_batches, random_pixels, stand_in_labels};
use common::optimizer::{Adam, Optimizer};
use common::rng::seeded;
use common::{Net, Targets};

/// `n` random images (N, 1, 28, 28) with pixel-like values in [0, 1), and labels.
fn images(n: usize) -> (ArrayD<f32>, Array1<usize>) {
    (random_pixels(&[n, 1, 28, 28], 1), stand_in_labels(n))
}

fn per_call(seconds: f64, mut f: impl FnMut(usize)) -> f64 {
    f(0);
    f(1);
    let (mut calls, start) = (0, Instant::now());
    while calls < 3 || start.elapsed() < Duration::from_secs_f64(seconds) {
        f(calls);
        calls += 1;
    }
    start.elapsed().as_secs_f64() / calls as f64
}

/// Seconds per training step of `net` with Adam on ten batches of 100 in turn.
fn step(mut net: impl Net<f32>, seconds: f64) -> f64 {
    let (x, t) = images(1000);
    let batches = consecutive_batches(&x, &t, 100);
    let mut adam = Adam::new(0.001f32);
    per_call(seconds, |i| {
        let (xb, tb) = &batches[i % batches.len()];
        let loss = net.gradient(black_box(xb), Targets::Labels(tb.view()));
        adam.update(net.params());
        black_box(loss);
    })
}

/// Seconds per 10,000 images classified by `net` in batches of `batch`.
fn inference(mut net: impl Net<f32>, batch: usize, seconds: f64) -> f64 {
    let (x, _) = images(10_000);
    per_call(seconds, |_| {
        black_box(net.predict_labels(black_box(&x), batch));
    })
}

/// GFLOP/s of one core's matrix product on the shapes of one SimpleConvNet step (and a large
/// square one, for the ceiling).
fn gemm_rates(seconds: f64) {
    let shapes: [(&str, usize, usize, usize); 8] = [
        ("conv forward, one image: W·col (30×25 · 25×576)", 30, 25, 576),
        ("conv dW, one image: dout·colᵀ (30×576 · 576×25)", 30, 576, 25),
        ("affine1 forward (100×4320 · 4320×100)", 100, 4320, 100),
        ("affine1 dW: xᵀ·dout (4320×100 · 100×100)", 4320, 100, 100),
        ("affine1 dx: dout·Wᵀ (100×100 · 100×4320)", 100, 100, 4320),
        ("two-layer forward (100×784 · 784×50)", 100, 784, 50),
        ("two-layer dW1: xᵀ·dout (784×100 · 100×50)", 784, 100, 50),
        ("square (1024×1024 · 1024×1024)", 1024, 1024, 1024),
    ];
    for (name, m, k, n) in shapes {
        let a =
            common::init::gaussian::<f32>(&[m, k], 1.0, &mut seeded(3)).into_dimensionality::<Ix2>().unwrap();
        let b =
            common::init::gaussian::<f32>(&[k, n], 1.0, &mut seeded(4)).into_dimensionality::<Ix2>().unwrap();
        let mut c = Array2::<f32>::zeros((m, n));
        let t = per_call(seconds / 8.0, |_| {
            common::linalg::matmul_into(1.0, a.view(), b.view(), 0.0, &mut c.view_mut());
            black_box(&c);
        });
        println!("gemm {name}\t{:.1}", 2.0 * (m * k * n) as f64 / t / 1e9);
    }
}

fn main() {
    common::startup::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(workload), seconds) =
        (args.first(), args.get(1).and_then(|s| s.parse::<f64>().ok()).unwrap_or(3.0))
    else {
        eprintln!("usage: timing WORKLOAD [SECONDS]   (see the file's header for the workloads)");
        std::process::exit(2);
    };
    let simple =
        || SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(2)).expect("the book's net");
    let deep = || deep_conv_net::<f32>(&mut seeded(2));
    let result = match workload.as_str() {
        "conv_step" => step(simple(), seconds),
        "conv_inference_b100" => inference(simple(), 100, seconds),
        "conv_inference_b1000" => inference(simple(), 1000, seconds),
        "deep_step" => step(deep(), seconds),
        "deep_inference_b100" => inference(deep(), 100, seconds),
        "deep_inference_b1000" => inference(deep(), 1000, seconds),
        "gemm" => {
            gemm_rates(seconds);
            return;
        }
        other => {
            eprintln!("unknown workload {other}");
            std::process::exit(2);
        }
    };
    println!("{workload}\t{result:e}");
}
