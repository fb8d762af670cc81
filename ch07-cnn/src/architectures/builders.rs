//! Layers with their initial weights drawn, so that an architecture reads as a list.

use ndarray::{Array1, Ix2, Ix4};
use rand::Rng;

use common::Float;
use common::init::WeightInit;
use common::layers::{Affine, Convolution};

/// A convolution of `filters` filters of `size` × `size` over `channels` channels, its weights
/// drawn as `init` says for the fan-in C·FH·FW, its biases 0.
pub fn conv<F: Float>(
    channels: usize,
    filters: usize,
    size: usize,
    stride: usize,
    pad: usize,
    init: WeightInit,
    rng: &mut impl Rng,
) -> Convolution<F> {
    let w = init.sample::<F>(&[filters, channels, size, size], channels * size * size, rng);
    Convolution::new(w.into_dimensionality::<Ix4>().expect("4-D"), Array1::zeros(filters), stride, pad)
}

/// An affine layer `inputs` → `outputs`, its weights drawn as `init` says, its biases 0.
pub fn affine<F: Float>(inputs: usize, outputs: usize, init: WeightInit, rng: &mut impl Rng) -> Affine<F> {
    let w = init.sample::<F>(&[inputs, outputs], inputs, rng);
    Affine::new(w.into_dimensionality::<Ix2>().expect("2-D"), Array1::zeros(outputs))
}
