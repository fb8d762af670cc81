//! One training step of the 784→50→10 network (batch 100, f32) against the numerical
//! gradient. Run with `cargo bench -p ch05-backprop --bench backprop`.
//!
//! Random pixels stand in for MNIST: the cost of a step does not depend on what the pixels
//! show, and the benchmark then needs no dataset.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::{Array1, ArrayD};

use ch05_backprop::TwoLayerNet;
use common::gradient::numerical_gradient_by;
use common::optimizer::{Optimizer, Sgd};
use common::rng::seeded;
use common::{Net, Targets};

fn batch() -> (ArrayD<f32>, Array1<usize>) {
    let mut rng = seeded(1);
    let x = common::init::gaussian::<f32>(&[100, 784], 1.0, &mut rng).mapv(|v| v.abs().fract());
    (x, Array1::from_shape_fn(100, |i| (i * 7) % 10))
}

fn train_step(c: &mut Criterion) {
    common::startup::init(); // the process-wide settings every program makes first
    let (x, t) = batch();
    let mut net = TwoLayerNet::<f32>::new(784, 50, 10, 0.01, &mut seeded(2));
    let mut sgd = Sgd::new(0.1f32);
    c.bench_function("train step 784-50-10, batch 100, f32 (forward+backward+SGD)", |b| {
        b.iter(|| {
            let loss = net.gradient(black_box(&x), Targets::Labels(t.view()));
            sgd.update(net.params());
            black_box(loss)
        })
    });
    c.bench_function("backprop gradient 784-50-10, batch 100, f32", |b| {
        b.iter(|| black_box(net.gradient(black_box(&x), Targets::Labels(t.view()))))
    });
}

fn numerical(c: &mut Criterion) {
    common::startup::init(); // the process-wide settings every program makes first
    let (x, t) = batch();
    let mut net = TwoLayerNet::<f32>::new(784, 50, 10, 0.01, &mut seeded(2));
    let mut group = c.benchmark_group("numerical gradient");
    group.sample_size(10);
    // W2 is 500 of the 39,760 parameters: multiply by 79.5 for the whole gradient.
    group.bench_function("W2 only (500 of 39,760 params), batch 100, f32", |b| {
        b.iter(|| {
            numerical_gradient_by(
                &mut net,
                |net| net.params().into_iter().nth(2).expect("W2 is the third parameter").value,
                |net| net.loss(&x, Targets::Labels(t.view()), false),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, train_step, numerical);
criterion_main!(benches);
