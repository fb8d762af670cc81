//! SimpleConvNet and the Python book's DeepConvNet in f32: one training step (batch 100:
//! forward, backward, Adam update) and inference over 10,000 images (batch 100). Run with
//! `cargo bench -p ch07-cnn` (`-- DeepConvNet` for the deep network alone).
//!
//! Random pixels stand in for MNIST: the cost does not depend on what the pixels show, and
//! the benchmark then needs no dataset.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ndarray::{Array1, ArrayD};

use ch07_cnn::architectures::deep_conv_net::deep_conv_net;
use ch07_cnn::{SimpleConvNet, SimpleConvNetConfig};
use common::data::stand_in::{consecutive_batches, random_pixels, stand_in_labels};
use common::optimizer::{Adam, Optimizer};
use common::rng::seeded;
use common::{Net, Targets};

/// `n` random "images" (N, 1, 28, 28) with pixel-like values in [0, 1), and labels.
fn images(n: usize) -> (ArrayD<f32>, Array1<usize>) {
    (random_pixels(&[n, 1, 28, 28], 1), stand_in_labels(n))
}

fn simple() -> SimpleConvNet<f32> {
    SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(2)).unwrap()
}

/// One training step of `net` (named `group`), measured for `seconds`.
fn train_step_of(c: &mut Criterion, group: &str, mut net: impl Net<f32>, seconds: u64) {
    // Ten different batches in turn, as in training (one batch over and over would be
    // learned by heart, its loss and gradients shrinking towards zero).
    let (x, t) = images(1000);
    let batches = consecutive_batches(&x, &t, 100);
    let mut adam = Adam::new(0.001f32);
    let mut group = c.benchmark_group(group);
    group.measurement_time(Duration::from_secs(seconds));
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

/// The classes of 10,000 images by `net` (named `group`), in batches of 100.
fn inference_of(c: &mut Criterion, group: &str, mut net: impl Net<f32>, seconds: u64) {
    let (x, _) = images(10_000);
    let mut group = c.benchmark_group(group);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(seconds));
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("inference, 10,000 images, batch 100, f32", |b| {
        b.iter(|| black_box(net.predict_labels(black_box(&x), 100)))
    });
    group.finish();
}

fn train_step(c: &mut Criterion) {
    common::startup::init(); // the process-wide settings every program makes first
    train_step_of(c, "SimpleConvNet", simple(), 10);
    train_step_of(c, "DeepConvNet", deep_conv_net::<f32>(&mut seeded(2)), 20);
}

fn inference(c: &mut Criterion) {
    common::startup::init();
    inference_of(c, "SimpleConvNet", simple(), 20);
    inference_of(c, "DeepConvNet", deep_conv_net::<f32>(&mut seeded(2)), 40);
}

criterion_group!(benches, train_step, inference);
criterion_main!(benches);
