//! The hot paths of training, one layer at a time, in f32 at the book's sizes (batch 100).
//!
//! Run with `cargo bench -p common --bench layers`.

use std::hint::black_box;

use common::im2col::{Window, col2im, im2col};
use common::init::gaussian;
use common::layers::{Affine, Convolution, Layer, Pooling};
use common::linalg::matmul;
use common::rng::seeded;
use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::{ArrayD, Ix1, Ix2, Ix4};

/// The machine's matrix-multiply rate: one large square product, and the products of a
/// SimpleConvNet step at their own shapes (per image for the convolution).
fn gemm(c: &mut Criterion) {
    common::startup::init(); // the process-wide settings every program makes first
    let mut rng = seeded(5);
    for (name, m, k, n) in [
        ("matmul 1024×1024 · 1024×1024", 1024, 1024, 1024),
        ("matmul 100×4320 · 4320×100 (affine forward)", 100, 4320, 100),
        ("matmul 30×25 · 25×576 (convolution, one image)", 30, 25, 576),
    ] {
        let a = gaussian::<f32>(&[m, k], 1.0, &mut rng).into_dimensionality::<Ix2>().unwrap();
        let b = gaussian::<f32>(&[k, n], 1.0, &mut rng).into_dimensionality::<Ix2>().unwrap();
        c.bench_function(name, |bench| bench.iter(|| black_box(matmul(a.view(), b.view()))));
    }
}

fn affine(c: &mut Criterion) {
    common::startup::init(); // the process-wide settings every program makes first
    let mut rng = seeded(0);
    for (input, output) in [(784, 50), (4320, 100)] {
        let mut layer = Affine::<f32>::new(
            gaussian(&[input, output], 0.01, &mut rng).into_dimensionality::<Ix2>().unwrap(),
            gaussian(&[output], 0.01, &mut rng).into_dimensionality::<Ix1>().unwrap(),
        );
        let x: ArrayD<f32> = gaussian(&[100, input], 1.0, &mut rng);
        let dout: ArrayD<f32> = gaussian(&[100, output], 1.0, &mut rng);
        c.bench_function(&format!("affine {input}→{output} forward"), |b| {
            b.iter(|| black_box(layer.forward(&x, true)))
        });
        c.bench_function(&format!("affine {input}→{output} backward"), |b| {
            b.iter(|| black_box(layer.backward(&dout)))
        });
    }
}

fn im2col_col2im(c: &mut Criterion) {
    common::startup::init(); // the process-wide settings every program makes first
    let mut rng = seeded(1);
    let x = gaussian::<f32>(&[100, 1, 28, 28], 1.0, &mut rng).into_dimensionality::<Ix4>().unwrap();
    let win = Window::new("conv", x.shape(), 5, 5, 1, 0).unwrap();
    let col = im2col(x.view(), &win);
    c.bench_function("im2col (100, 1, 28, 28) 5×5", |b| b.iter(|| black_box(im2col(x.view(), &win))));
    c.bench_function("col2im (57600, 25) → (100, 1, 28, 28)", |b| {
        b.iter(|| black_box(col2im(col.view(), &win)))
    });
}

fn convolution(c: &mut Criterion) {
    common::startup::init(); // the process-wide settings every program makes first
    let mut rng = seeded(2);
    let mut conv = Convolution::<f32>::new(
        gaussian(&[30, 1, 5, 5], 0.01, &mut rng).into_dimensionality::<Ix4>().unwrap(),
        gaussian(&[30], 0.01, &mut rng).into_dimensionality::<Ix1>().unwrap(),
        1,
        0,
    )
    .fast_kernel();
    let mut book = conv.clone().book_form();
    let x: ArrayD<f32> = gaussian(&[100, 1, 28, 28], 1.0, &mut rng);
    let dout: ArrayD<f32> = gaussian(&[100, 30, 24, 24], 1.0, &mut rng);
    c.bench_function("convolution 30×1×5×5 forward", |b| b.iter(|| black_box(conv.forward(&x, true))));
    c.bench_function("convolution 30×1×5×5 backward (with dx)", |b| {
        b.iter(|| black_box(conv.backward(&dout)))
    });
    let mut first = conv.clone().without_input_grad();
    first.forward(&x, true);
    c.bench_function("convolution 30×1×5×5 backward (first layer, no dx)", |b| {
        b.iter(|| black_box(first.backward(&dout)))
    });
    c.bench_function("convolution 30×1×5×5 forward, book's im2col", |b| {
        b.iter(|| black_box(book.forward(&x, true)))
    });
    c.bench_function("convolution 30×1×5×5 backward, book's im2col", |b| {
        b.iter(|| black_box(book.backward(&dout)))
    });
}

fn pooling(c: &mut Criterion) {
    common::startup::init(); // the process-wide settings every program makes first
    let mut rng = seeded(3);
    let mut pool = Pooling::<f32>::new(2, 2, 2, 0).fast_kernel();
    let mut book = Pooling::<f32>::new(2, 2, 2, 0).book_form();
    let x: ArrayD<f32> = gaussian(&[100, 30, 24, 24], 1.0, &mut rng);
    let dout: ArrayD<f32> = gaussian(&[100, 30, 12, 12], 1.0, &mut rng);
    c.bench_function("max pooling 2×2 forward (100, 30, 24, 24)", |b| {
        b.iter(|| black_box(pool.forward(&x, true)))
    });
    c.bench_function("max pooling 2×2 backward", |b| b.iter(|| black_box(pool.backward(&dout))));
    c.bench_function("max pooling 2×2 forward, book's im2col", |b| {
        b.iter(|| black_box(book.forward(&x, true)))
    });
    c.bench_function("max pooling 2×2 backward, book's im2col", |b| {
        b.iter(|| black_box(book.backward(&dout)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().without_plots().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = gemm, affine, im2col_col2im, convolution, pooling
}
criterion_main!(benches);
