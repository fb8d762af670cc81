//! SimpleConvNet in f32: one training step (batch 100: forward, backward, Adam update) and
//! inference over 10,000 images (batch 100). Run with `cargo bench -p ch07-cnn`.
//!
//! Random pixels stand in for MNIST: the cost does not depend on what the pixels show, and
//! the benchmark then needs no dataset.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ndarray::{Array1, ArrayD, Axis, Slice};

use ch07_cnn::{SimpleConvNet, SimpleConvNetConfig};
use common::optimizer::{Adam, Optimizer};
use common::rng::seeded;
use common::{Net, Targets};

/// `n` random "images" (N, 1, 28, 28) with pixel-like values in [0, 1), and labels.
fn images(n: usize) -> (ArrayD<f32>, Array1<usize>) {
    let x = common::init::gaussian::<f32>(&[n, 1, 28, 28], 1.0, &mut seeded(1)).mapv(|v| v.abs().fract());
    (x, Array1::from_shape_fn(n, |i| (i * 7 + i / 13) % 10))
}

fn train_step(c: &mut Criterion) {
    common::startup::init(); // the process-wide settings every program makes first
    // Ten different batches in turn, as in training (one batch over and over would be
    // learned by heart, its loss and gradients shrinking towards zero).
    let (x, t) = images(1000);
    let batches: Vec<(ArrayD<f32>, Array1<usize>)> = (0..10)
        .map(|k| {
            let rows = Slice::from(k * 100..(k + 1) * 100);
            (x.slice_axis(Axis(0), rows).to_owned(), t.slice_axis(Axis(0), rows).to_owned())
        })
        .collect();
    let mut net = SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(2)).unwrap();
    let mut adam = Adam::new(0.001f32);
    let mut group = c.benchmark_group("SimpleConvNet");
    group.measurement_time(Duration::from_secs(10));
    let mut step = 0;
    group.bench_function("train step, batch 100, f32 (forward+backward+Adam)", |b| {
        b.iter(|| {
            let (xb, tb) = &batches[step % batches.len()];
            step += 1;
            let loss = net.gradient(black_box(xb), Targets::Labels(tb.view()));
            adam.update(net.params());
            black_box(loss)
        })
    });
    group.finish();
}

fn inference(c: &mut Criterion) {
    common::startup::init(); // the process-wide settings every program makes first
    let (x, _) = images(10_000);
    let mut net = SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(2)).unwrap();
    let mut group = c.benchmark_group("SimpleConvNet");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("inference, 10,000 images, batch 100, f32", |b| {
        b.iter(|| black_box(net.predict_labels(black_box(&x), 100)))
    });
    group.finish();
}

criterion_group!(benches, train_step, inference);
criterion_main!(benches);
