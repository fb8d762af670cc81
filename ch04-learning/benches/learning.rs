//! How long chapter 4's two gradients take: the analytic one (one SGD step of the 784→50→10
//! network on a batch of 100) and the numerical one (all 39,760 parameters, on a batch of 3).
//! Random inputs stand in for MNIST: the cost does not depend on the pixel values.
//!
//!   cargo bench -p ch04-learning

use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::{Array1, Array2};

use ch04_learning::TwoLayerNet;
use common::Targets;
use common::init::gaussian;
use common::rng::seeded;

fn batch(n: usize) -> (Array2<f32>, Array1<usize>) {
    let mut rng = seeded(7);
    let x = gaussian::<f32>(&[n, 784], 0.3, &mut rng).into_dimensionality().unwrap();
    (x, (0..n).map(|i| i % 10).collect())
}

fn analytic(c: &mut Criterion) {
    common::startup::init(); // the process-wide settings every program makes first
    let mut net = TwoLayerNet::<f32>::new(784, 50, 10, 0.01, &mut seeded(1));
    let (x, t) = batch(100);
    c.bench_function("ch04 SGD step (analytic gradient + update), 784-50-10, batch 100, f32", |b| {
        b.iter(|| {
            let (grads, loss) = net.gradient(x.view(), Targets::Labels(t.view()));
            net.params.w1.scaled_add(-0.1, &grads.w1);
            net.params.b1.scaled_add(-0.1, &grads.b1);
            net.params.w2.scaled_add(-0.1, &grads.w2);
            net.params.b2.scaled_add(-0.1, &grads.b2);
            loss
        })
    });
}

fn numerical(c: &mut Criterion) {
    common::startup::init(); // the process-wide settings every program makes first
    let mut net = TwoLayerNet::<f32>::new(784, 50, 10, 0.01, &mut seeded(1));
    let (x, t) = batch(3);
    let mut group = c.benchmark_group("ch04 numerical gradient");
    group.sample_size(10);
    group.bench_function("all 39,760 parameters, batch 3, f32", |b| {
        b.iter(|| net.numerical_gradient(x.view(), Targets::Labels(t.view())))
    });
    group.finish();
}

criterion_group!(benches, analytic, numerical);
criterion_main!(benches);
