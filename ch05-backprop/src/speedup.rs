//! How much faster is backpropagation than numerical differentiation? Time both on the
//! same mini-batch.

use std::time::Instant;

use ndarray::ArrayD;

use common::gradient::H;
use common::{Float, Net, Targets};

/// The timings [`measure_speedup`] made.
#[derive(Debug, Clone)]
pub struct Speedup {
    /// Seconds for one backprop gradient (mean of several).
    pub backprop: f64,
    /// How many parameters the network has.
    pub params: usize,
    /// How many of them were differentiated numerically, and how long that took.
    pub sampled: usize,
    pub sampled_seconds: f64,
}

impl Speedup {
    /// The numerical gradient of every parameter, extrapolated from the timed sample:
    /// each entry costs the same two loss evaluations, so time grows linearly.
    pub fn numerical_estimate(&self) -> f64 {
        self.sampled_seconds / self.sampled as f64 * self.params as f64
    }

    /// numerical / backprop.
    pub fn ratio(&self) -> f64 {
        self.numerical_estimate() / self.backprop
    }
}

// ANCHOR: measure_speedup
/// Times one backprop gradient (the mean of `repeats`) and the numerical gradient of
/// `sample` parameters spread evenly over all of them (two forward passes each).
pub fn measure_speedup<F: Float, N: Net<F> + ?Sized>(
    net: &mut N,
    x: &ArrayD<F>,
    t: Targets<'_, F>,
    repeats: usize,
    sample: usize,
) -> Speedup {
    net.gradient(x, t); // warm up: first-touch allocations are not what we measure
    let start = Instant::now();
    for _ in 0..repeats {
        net.gradient(x, t);
    }
    let backprop = start.elapsed().as_secs_f64() / repeats as f64;

    // The same central difference as numerical_gradient, on every k-th entry only.
    let sizes: Vec<usize> = net.params().iter().map(|p| p.value.len()).collect();
    let params: usize = sizes.iter().sum();
    let step = (params / sample.max(1)).max(1);
    let h = F::lit(H);
    let start = Instant::now();
    let mut sampled = 0;
    for (i, &size) in sizes.iter().enumerate() {
        for j in (0..size).step_by(step) {
            let w = *entry(net, i, j);
            *entry(net, i, j) = w + h;
            let fxh1 = net.loss(x, t, false);
            *entry(net, i, j) = w - h;
            let fxh2 = net.loss(x, t, false);
            *entry(net, i, j) = w;
            std::hint::black_box((fxh1 - fxh2) / (F::lit(2.0) * h));
            sampled += 1;
        }
    }
    let sampled_seconds = start.elapsed().as_secs_f64();
    Speedup { backprop, params, sampled, sampled_seconds }
}
// ANCHOR_END: measure_speedup

/// Entry j (in memory order) of the network's i-th parameter.
fn entry<F: Float, N: Net<F> + ?Sized>(net: &mut N, i: usize, j: usize) -> &mut F {
    let param = net.params().into_iter().nth(i).expect("no parameter with that index");
    &mut param.value.as_slice_memory_order_mut().expect("parameters are contiguous")[j]
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::rng::seeded;
    use ndarray::arr1;

    use crate::two_layer_net::TwoLayerNet;

    #[test]
    fn speedup_times_both_and_extrapolates_from_the_sample() {
        let mut net = TwoLayerNet::<f32>::new(20, 8, 3, 0.1, &mut seeded(3));
        let x = common::init::gaussian::<f32>(&[4, 20], 1.0, &mut seeded(4));
        let t = arr1(&[0usize, 2, 1, 1]);
        let before: Vec<_> = net.params().into_iter().map(|p| p.value.clone()).collect();
        let s = measure_speedup(&mut net, &x, Targets::Labels(t.view()), 3, 50);
        assert_eq!(s.params, 20 * 8 + 8 + 8 * 3 + 3);
        assert!(s.sampled >= 50 && s.sampled <= s.params, "{}", s.sampled);
        assert!(s.backprop > 0.0 && s.numerical_estimate() >= s.sampled_seconds);
        let after: Vec<_> = net.params().into_iter().map(|p| p.value.clone()).collect();
        assert_eq!(before, after, "the weights are restored");
    }
}
