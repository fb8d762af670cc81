//! Why a network learns from its loss and not from its accuracy: move one weight and watch
//! both. Accuracy moves in jumps and is flat in between (its derivative is 0 almost
//! everywhere); the loss changes smoothly and always says which way is better.

use ndarray::{Array2, arr2};

use common::data::toy::{ToyData, blobs};
use common::functions::{accuracy, cross_entropy_error_labels, softmax};
use common::rng::seeded;

/// The small problem of the sweep: three blobs of 2-D points, and a linear classifier
/// scores = x·W (2×3, like the book's simpleNet) that points each column at one blob.
pub fn sweep_problem(seed: u64) -> (ToyData, Array2<f64>) {
    let data = blobs(60, 3, 0.3, &mut seeded(seed));
    // Column k points at blob k's centre, (cos 2πk/3, sin 2πk/3), scaled by 3.
    let w = 3.0 * arr2(&[[1.0, -0.5, -0.5], [0.0, 0.866_025_4, -0.866_025_4]]);
    (data, w)
}

/// One point of the sweep.
#[derive(Debug, Clone, Copy)]
pub struct SweepPoint {
    /// The value given to W[0, 0].
    pub w: f64,
    /// The fraction of points classified correctly.
    pub accuracy: f64,
    /// The mean cross-entropy loss.
    pub loss: f64,
}

// ANCHOR: sweep
/// Accuracy and loss of the classifier as W[0, 0] takes each of `values`, the rest of W
/// held fixed.
pub fn sweep_one_weight(data: &ToyData, w: &Array2<f64>, values: &[f64]) -> Vec<SweepPoint> {
    let mut w = w.clone();
    values
        .iter()
        .map(|&v| {
            w[[0, 0]] = v;
            let scores = data.x.dot(&w);
            let y = softmax(&scores);
            SweepPoint {
                w: v,
                accuracy: accuracy(&scores, data.labels.view()),
                loss: cross_entropy_error_labels(y.view(), data.labels.view()),
            }
        })
        .collect()
}
// ANCHOR_END: sweep

/// The fraction of neighbouring sweep points between which the accuracy did not change at
/// all: where its derivative is 0.
pub fn flat_fraction(points: &[SweepPoint]) -> f64 {
    let flat = points.windows(2).filter(|p| p[0].accuracy == p[1].accuracy).count();
    flat as f64 / (points.len().saturating_sub(1)).max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sweep() -> Vec<SweepPoint> {
        let (data, w) = sweep_problem(1);
        let values: Vec<f64> = (0..=400).map(|i| -3.0 + 9.0 * i as f64 / 400.0).collect();
        sweep_one_weight(&data, &w, &values)
    }

    #[test]
    fn accuracy_is_flat_almost_everywhere_while_the_loss_always_moves() {
        let points = sweep();
        assert!(flat_fraction(&points) > 0.8, "{}", flat_fraction(&points));
        assert!(points.windows(2).all(|p| p[0].loss != p[1].loss));
        let accuracies: std::collections::BTreeSet<u64> =
            points.iter().map(|p| (p.accuracy * 1e6) as u64).collect();
        assert!(accuracies.len() > 3, "it does jump: {accuracies:?}");
    }

    #[test]
    fn the_loss_has_a_minimum_inside_the_sweep() {
        let points = sweep();
        let best = points.iter().enumerate().min_by(|a, b| a.1.loss.total_cmp(&b.1.loss)).unwrap().0;
        assert!(best > 0 && best < points.len() - 1, "minimum at index {best}");
    }
}
