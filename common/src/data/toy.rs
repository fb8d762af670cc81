//! Toy 2-D classification datasets: small point clouds a network must learn to separate,
//! small enough to draw the decision regions of a trained net.
//!
//! Every generator takes the random generator it draws from, so the same seed always gives
//! the same points. Points lie roughly in [-1, 1]² (noise may push a few just outside).
//! Nothing here touches files, threads or the operating system's randomness, so this module
//! also compiles to WebAssembly.

use std::f64::consts::TAU;

use ndarray::{Array1, Array2};
use rand::Rng;
use rand_distr::StandardNormal;

// ANCHOR: toy_data
/// A labelled cloud of 2-D points.
#[derive(Debug, Clone, PartialEq)]
pub struct ToyData {
    /// The points, one per row: (N, 2).
    pub x: Array2<f64>,
    /// The class of each point, in `0..classes`: (N,).
    pub labels: Array1<usize>,
    /// How many classes there are.
    pub classes: usize,
}
// ANCHOR_END: toy_data

impl ToyData {
    /// How many points.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True if there are no points.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// How many points each class has.
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.classes];
        for &k in &self.labels {
            counts[k] += 1;
        }
        counts
    }

    /// Builds the dataset from one `(x, y, label)` per point.
    fn from_points(points: Vec<(f64, f64, usize)>, classes: usize) -> ToyData {
        let n = points.len();
        let mut x = Array2::zeros((n, 2));
        let mut labels = Array1::zeros(n);
        for (i, (px, py, k)) in points.into_iter().enumerate() {
            x[[i, 0]] = px;
            x[[i, 1]] = py;
            labels[i] = k;
        }
        ToyData { x, labels, classes }
    }
}

/// One draw from the standard normal distribution N(0, 1).
fn gauss(rng: &mut impl Rng) -> f64 {
    rng.sample(StandardNormal)
}

// ANCHOR: spiral
/// The classic spiral of CS231n's "minimal neural network" case study: `classes` arms
/// winding out of the origin, `points_per_class` points on each.
///
/// Point i of arm k (i = 0 … N−1, N = `points_per_class`):
/// r = i/(N−1),  θ = 4k + 4·i/(N−1) + noise·ε with ε ~ N(0, 1),  x = (r·sin θ, r·cos θ).
///
/// Each arm turns through 4 radians; `noise` = 0.2 is the usual setting. Points are grouped
/// by class (all of arm 0 first). No linear classifier separates the arms.
///
/// # Panics
/// If `classes` is 0.
pub fn spiral(points_per_class: usize, classes: usize, noise: f64, rng: &mut impl Rng) -> ToyData {
    assert!(classes > 0, "a spiral needs at least one class");
    let n = points_per_class;
    let step = if n > 1 { 1.0 / (n - 1) as f64 } else { 0.0 };
    let mut points = Vec::with_capacity(n * classes);
    for k in 0..classes {
        for i in 0..n {
            let r = i as f64 * step;
            let theta = 4.0 * k as f64 + 4.0 * i as f64 * step + noise * gauss(rng);
            points.push((r * theta.sin(), r * theta.cos(), k));
        }
    }
    ToyData::from_points(points, classes)
}
// ANCHOR_END: spiral

// ANCHOR: circle
/// A disc inside a ring: class 0 fills the disc r < 0.5, class 1 the ring 0.7 < r < 1.
///
/// Point i has class k = i mod 2, angle θ ~ U(0, 2π) and radius
/// r = 0.5·√u (class 0) or r = √(0.7² + (1 − 0.7²)·u) (class 1), u ~ U(0, 1),
/// so points are spread evenly over each area; then x = (r·cos θ, r·sin θ) + noise·(ε₁, ε₂)
/// with ε ~ N(0, 1). The two classes differ by one point at most.
pub fn circle(n: usize, noise: f64, rng: &mut impl Rng) -> ToyData {
    const INNER: f64 = 0.5;
    const RING: f64 = 0.7;
    let mut points = Vec::with_capacity(n);
    for i in 0..n {
        let k = i % 2;
        let theta = TAU * rng.random::<f64>();
        let u: f64 = rng.random();
        let r = if k == 0 { INNER * u.sqrt() } else { (RING * RING + (1.0 - RING * RING) * u).sqrt() };
        let (ex, ey) = (gauss(rng), gauss(rng));
        points.push((r * theta.cos() + noise * ex, r * theta.sin() + noise * ey, k));
    }
    ToyData::from_points(points, 2)
}
// ANCHOR_END: circle

// ANCHOR: xor
/// XOR of the signs: class 0 where x and y have the same sign (quadrants I and III),
/// class 1 where they differ (II and IV) — the pattern no single line separates.
///
/// Point i has class k = i mod 2; sx = ±1 at random, sy = sx (class 0) or −sx (class 1);
/// x = (sx·(m + (1 − m)·u₁), sy·(m + (1 − m)·u₂)) + noise·(ε₁, ε₂), with u ~ U(0, 1),
/// ε ~ N(0, 1) and a margin m = 0.1 that keeps the quadrants apart when noise = 0.
/// The two classes differ by one point at most.
pub fn xor(n: usize, noise: f64, rng: &mut impl Rng) -> ToyData {
    const MARGIN: f64 = 0.1;
    let mut points = Vec::with_capacity(n);
    for i in 0..n {
        let k = i % 2;
        let sx = if rng.random_bool(0.5) { 1.0 } else { -1.0 };
        let sy = if k == 0 { sx } else { -sx };
        let px = sx * (MARGIN + (1.0 - MARGIN) * rng.random::<f64>());
        let py = sy * (MARGIN + (1.0 - MARGIN) * rng.random::<f64>());
        let (ex, ey) = (gauss(rng), gauss(rng));
        points.push((px + noise * ex, py + noise * ey, k));
    }
    ToyData::from_points(points, 2)
}
// ANCHOR_END: xor

// ANCHOR: blobs
/// Gaussian blobs, one a class, their centres evenly spaced on the circle of radius 0.6.
///
/// Point i has class k = i mod K (K = `classes`), centre cₖ = 0.6·(cos 2πk/K, sin 2πk/K),
/// and x = cₖ + std·(ε₁, ε₂) with ε ~ N(0, 1). The classes differ by one point at most.
///
/// # Panics
/// If `classes` is 0.
pub fn blobs(n: usize, classes: usize, std: f64, rng: &mut impl Rng) -> ToyData {
    assert!(classes > 0, "blobs need at least one class");
    const RADIUS: f64 = 0.6;
    let mut points = Vec::with_capacity(n);
    for i in 0..n {
        let k = i % classes;
        let angle = TAU * k as f64 / classes as f64;
        let (ex, ey) = (gauss(rng), gauss(rng));
        points.push((RADIUS * angle.cos() + std * ex, RADIUS * angle.sin() + std * ey, k));
    }
    ToyData::from_points(points, classes)
}
// ANCHOR_END: blobs

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::seeded;

    fn radius(data: &ToyData, i: usize) -> f64 {
        data.x[[i, 0]].hypot(data.x[[i, 1]])
    }

    fn all_in(data: &ToyData, bound: f64) -> bool {
        data.x.iter().all(|v| v.abs() <= bound)
    }

    #[test]
    fn spiral_has_the_requested_shape_and_equal_classes() {
        let data = spiral(100, 3, 0.2, &mut seeded(1));
        assert_eq!(data.x.dim(), (300, 2));
        assert_eq!(data.labels.len(), 300);
        assert_eq!(data.classes, 3);
        assert_eq!(data.class_counts(), vec![100, 100, 100]);
        assert!(all_in(&data, 1.0));
        // grouped by class, radius growing linearly along each arm
        assert_eq!(data.labels[99], 0);
        assert_eq!(data.labels[100], 1);
        assert!(radius(&data, 0) < 1e-12);
        assert!((radius(&data, 99) - 1.0).abs() < 1e-12);
        assert!((radius(&data, 150) - 50.0 / 99.0).abs() < 1e-12);
    }

    #[test]
    fn spiral_without_noise_follows_the_formula() {
        let data = spiral(5, 2, 0.0, &mut seeded(0));
        // arm 1, point 2: r = 0.5, θ = 4 + 2
        let (r, theta) = (0.5_f64, 6.0_f64);
        assert!((data.x[[7, 0]] - r * theta.sin()).abs() < 1e-12);
        assert!((data.x[[7, 1]] - r * theta.cos()).abs() < 1e-12);
    }

    #[test]
    fn spiral_handles_tiny_sizes() {
        let data = spiral(1, 2, 0.2, &mut seeded(0));
        assert_eq!(data.x.dim(), (2, 2));
        assert!(spiral(0, 3, 0.2, &mut seeded(0)).is_empty());
    }

    #[test]
    fn circle_puts_class_0_inside_and_class_1_on_the_ring() {
        let data = circle(301, 0.0, &mut seeded(2));
        assert_eq!(data.x.dim(), (301, 2));
        assert_eq!(data.classes, 2);
        assert_eq!(data.class_counts(), vec![151, 150]);
        for i in 0..data.len() {
            let r = radius(&data, i);
            match data.labels[i] {
                0 => assert!(r <= 0.5, "inner point {i} at r = {r}"),
                _ => assert!((0.7..=1.0).contains(&r), "ring point {i} at r = {r}"),
            }
        }
    }

    #[test]
    fn xor_labels_match_the_signs_of_the_coordinates() {
        let data = xor(200, 0.0, &mut seeded(3));
        assert_eq!(data.x.dim(), (200, 2));
        assert_eq!(data.class_counts(), vec![100, 100]);
        assert!(all_in(&data, 1.0));
        for i in 0..data.len() {
            let (x, y) = (data.x[[i, 0]], data.x[[i, 1]]);
            assert!(x.abs() >= 0.1 && y.abs() >= 0.1);
            assert_eq!(data.labels[i], usize::from(x * y < 0.0));
        }
        // both quadrants of each class occur
        let quadrants: std::collections::HashSet<_> =
            data.x.rows().into_iter().map(|p| (p[0] > 0.0, p[1] > 0.0)).collect();
        assert_eq!(quadrants.len(), 4);
    }

    #[test]
    fn blobs_are_centred_on_their_circle() {
        let (n, classes) = (4000, 4);
        let data = blobs(n, classes, 0.1, &mut seeded(4));
        assert_eq!(data.x.dim(), (n, 2));
        assert_eq!(data.class_counts(), vec![1000; 4]);
        for k in 0..classes {
            let rows: Vec<usize> = (0..n).filter(|&i| data.labels[i] == k).collect();
            let mean = |c: usize| rows.iter().map(|&i| data.x[[i, c]]).sum::<f64>() / rows.len() as f64;
            let angle = TAU * k as f64 / classes as f64;
            assert!((mean(0) - 0.6 * angle.cos()).abs() < 0.02);
            assert!((mean(1) - 0.6 * angle.sin()).abs() < 0.02);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_points() {
        type Gen = fn(&mut crate::rng::Rng) -> ToyData;
        let generators: [Gen; 4] = [
            |rng| spiral(50, 3, 0.2, rng),
            |rng| circle(100, 0.05, rng),
            |rng| xor(100, 0.05, rng),
            |rng| blobs(100, 3, 0.15, rng),
        ];
        for make in generators {
            assert_eq!(make(&mut seeded(7)), make(&mut seeded(7)));
            assert_ne!(make(&mut seeded(7)).x, make(&mut seeded(8)).x);
        }
    }
}
