//! Random stand-ins for MNIST, for benchmarks and timing programs: what they measure does not
//! depend on what the pixels show, and they then need no dataset.

use ndarray::{Array1, ArrayD, Axis, Slice};

use crate::rng::seeded;

/// Pixel-like values in [0, 1) of the given shape: the fractional parts of |N(0, 1)| draws
/// seeded with `seed`.
pub fn random_pixels(shape: &[usize], seed: u64) -> ArrayD<f32> {
    crate::init::gaussian::<f32>(shape, 1.0, &mut seeded(seed)).mapv(|v| v.abs().fract())
}

/// Labels 0 to 9 for `n` stand-in images, all classes in turn: (7i + ⌊i/13⌋) mod 10.
pub fn stand_in_labels(n: usize) -> Array1<usize> {
    Array1::from_shape_fn(n, |i| (i * 7 + i / 13) % 10)
}

/// `x` and `t` cut into consecutive mini-batches of `size` rows (the last may be shorter).
pub fn consecutive_batches(
    x: &ArrayD<f32>,
    t: &Array1<usize>,
    size: usize,
) -> Vec<(ArrayD<f32>, Array1<usize>)> {
    (0..x.shape()[0])
        .step_by(size.max(1))
        .map(|k| {
            let rows = Slice::from(k..(k + size).min(x.shape()[0]));
            (x.slice_axis(Axis(0), rows).to_owned(), t.slice_axis(Axis(0), rows).to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_cover_the_rows_in_order() {
        let x = random_pixels(&[25, 1, 2, 2], 1);
        let t = stand_in_labels(25);
        let b = consecutive_batches(&x, &t, 10);
        assert_eq!(b.iter().map(|(x, _)| x.shape()[0]).collect::<Vec<_>>(), vec![10, 10, 5]);
        assert_eq!(b[2].1.to_vec(), t.slice(ndarray::s![20..]).to_vec());
        assert!(x.iter().all(|&v| (0.0..1.0).contains(&v)));
        assert_eq!(t.iter().take(3).copied().collect::<Vec<_>>(), vec![0, 7, 4]);
    }
}
