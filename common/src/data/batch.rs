//! Mini-batches, and the data a network learns from and is scored on.

use ndarray::{ArrayD, Axis, Slice, s};
use rand::Rng;

use super::Mnist;
use crate::Float;
use crate::targets::{OwnedTargets, Targets};

/// The data a network learns from and is scored on.
#[derive(Debug, Clone, Copy)]
pub struct TrainData<'a, F> {
    /// Training inputs, one example per row (any shape (N, …)).
    pub x_train: &'a ArrayD<F>,
    /// Their targets.
    pub t_train: Targets<'a, F>,
    /// Inputs the network never learns from: test (or validation) data.
    pub x_test: &'a ArrayD<F>,
    /// Their targets.
    pub t_test: Targets<'a, F>,
}

impl<'a, F: Float> From<&'a Mnist<F>> for TrainData<'a, F> {
    fn from(m: &'a Mnist<F>) -> Self {
        TrainData {
            x_train: &m.x_train,
            t_train: m.t_train.view(),
            x_test: &m.x_test,
            t_test: m.t_test.view(),
        }
    }
}

impl<F: Float> TrainData<'_, F> {
    /// The number of training examples.
    pub fn train_size(&self) -> usize {
        self.x_train.shape().first().copied().unwrap_or(0)
    }
}

// ANCHOR: random_choice
/// `size` indices drawn uniformly from 0..n, with replacement: NumPy's
/// `np.random.choice(n, size)`, the book's way of picking a mini-batch.
pub fn random_choice(n: usize, size: usize, rng: &mut impl Rng) -> Vec<usize> {
    (0..size).map(|_| rng.random_range(0..n)).collect()
}
// ANCHOR_END: random_choice

// ANCHOR: mini_batch
/// The examples at `batch_mask` (rows of x and their targets): the book's
/// `x_train[batch_mask]`, `t_train[batch_mask]`.
pub fn mini_batch<F: Float>(
    x: &ArrayD<F>,
    t: Targets<'_, F>,
    batch_mask: &[usize],
) -> (ArrayD<F>, OwnedTargets<F>) {
    (select_rows(x, batch_mask), t.select(batch_mask))
}
// ANCHOR_END: mini_batch

/// `x.select(Axis(0), rows)`, copying whole rows at a time when x is row-major (the usual
/// case; ndarray's `select` goes element by element through n-D arrays).
fn select_rows<F: Float>(x: &ArrayD<F>, rows: &[usize]) -> ArrayD<F> {
    let Some(flat) = x.as_slice() else { return x.select(Axis(0), rows) };
    let row: usize = x.shape()[1..].iter().product();
    let mut data = Vec::with_capacity(rows.len() * row);
    for &i in rows {
        data.extend_from_slice(&flat[i * row..(i + 1) * row]);
    }
    let mut shape = x.shape().to_vec();
    shape[0] = rows.len();
    ArrayD::from_shape_vec(shape, data).expect("rows of x's own shape")
}

/// The first `k` examples (all of them for `None`), owned: `x[:k]`, `t[:k]`.
pub fn head<F: Float>(x: &ArrayD<F>, t: Targets<'_, F>, k: Option<usize>) -> (ArrayD<F>, OwnedTargets<F>) {
    let k = k.unwrap_or(usize::MAX).min(t.len());
    let x = x.slice_axis(Axis(0), Slice::from(0..k)).to_owned();
    let t = match t {
        Targets::Labels(t) => OwnedTargets::Labels(t.slice(s![..k]).to_owned()),
        Targets::OneHot(t) => OwnedTargets::OneHot(t.slice(s![..k, ..]).to_owned()),
    };
    (x, t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::seeded;
    use ndarray::{Array1, arr1};

    #[test]
    fn random_choice_is_in_range_reproducible_and_spread_out() {
        let a = random_choice(60000, 1000, &mut seeded(1));
        assert_eq!(a, random_choice(60000, 1000, &mut seeded(1)));
        assert_ne!(a, random_choice(60000, 1000, &mut seeded(2)));
        assert!(a.iter().all(|&i| i < 60000));
        let mean = a.iter().sum::<usize>() as f64 / 1000.0;
        assert!((mean - 30000.0).abs() < 3000.0, "uniform over 0..60000: mean {mean}");
    }

    #[test]
    fn mini_batch_picks_rows_of_any_shape_like_select() {
        let x = ArrayD::from_shape_fn(ndarray::IxDyn(&[5, 2, 3]), |i| (i[0] * 100 + i[1] * 10 + i[2]) as f64);
        let labels = Array1::from(vec![0usize, 1, 2, 3, 4]);
        let (xb, tb) = mini_batch(&x, Targets::Labels(labels.view()), &[3, 0, 3]);
        assert_eq!(xb, x.select(Axis(0), &[3, 0, 3]));
        assert_eq!(tb.view().labels(), arr1(&[3, 0, 3]));
        let transposed = x.t().to_owned().reversed_axes(); // same values, column-major memory
        assert_eq!(select_rows(&transposed, &[4, 1]), x.select(Axis(0), &[4, 1]));
    }

    #[test]
    fn head_takes_the_first_k_examples_or_all() {
        let x = ArrayD::from_shape_fn(ndarray::IxDyn(&[4, 2]), |i| (i[0] * 2 + i[1]) as f32);
        let labels = arr1(&[7usize, 8, 9, 0]);
        let (x2, t2) = head(&x, Targets::Labels(labels.view()), Some(2));
        assert_eq!(x2, x.slice(s![..2, ..]).into_dyn());
        assert_eq!(t2.view().labels(), arr1(&[7, 8]));
        assert_eq!(head(&x, Targets::Labels(labels.view()), None).0, x);
    }
}
