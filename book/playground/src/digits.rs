//! Draw a digit: the reader's drawing, prepared as MNIST's digits were, classified by the two
//! networks whose weights the project ships — chapter 3's 784 → 50 → 100 → 10 sigmoid net and
//! chapter 7's SimpleConvNet — each rebuilt here from `common::layers`.
//!
//! The weights are the very `.npz` files of the chapters, compiled into the module and read
//! by the same `ndarray-npy` reader the chapters use.

use std::collections::BTreeMap;
use std::io::Cursor;

use common::layers::{Affine, Convolution, Pooling, Relu, Sigmoid};
use common::{Layer, functions::softmax, linalg::flatten_rows};
use ndarray::{Array2, ArrayD, Ix1, Ix2, Ix4, IxDyn, OwnedRepr};
use ndarray_npy::NpzReader;

/// Chapter 3's weights: W1 (784, 50), b1, W2 (50, 100), b2, W3 (100, 10), b3.
pub const MLP_WEIGHTS: &[u8] = include_bytes!("../../../ch03-inference/weights/sample_weight.npz");
/// Chapter 7's weights: W1 (30, 1, 5, 5), b1, W2 (4320, 100), b2, W3 (100, 10), b3.
pub const CONV_WEIGHTS: &[u8] = include_bytes!("../../../ch07-cnn/weights/simple_conv_net.npz");

/// MNIST's image side.
pub const SIDE: usize = 28;
/// The box the digit is scaled into, inside the 28×28 image.
pub const BOX: usize = 20;

/// Something wrong with a drawing or a weights file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DigitError {
    #[error("the canvas is empty: draw a digit first")]
    Empty,
    #[error("the drawing has {found} pixels, but {width}×{height} were announced")]
    Size { width: usize, height: usize, found: usize },
    #[error("{file}: {reason}")]
    Weights { file: &'static str, reason: String },
}

// ANCHOR: preprocess
/// Prepares a drawing as MNIST's digits were prepared: crop to the ink, scale so that the
/// longer side is 20 pixels (keeping the aspect ratio; each new pixel is the average of the
/// area it covers, which gives the grey anti-aliased edges MNIST has), then place it in a
/// 28×28 image so that its centre of mass is at the centre.
///
/// `pixels` is the drawing row by row, `width`×`height`, ink 1 and paper 0. Returns 784 values
/// in [0, 1], row by row: what the networks were trained on.
pub fn preprocess(pixels: &[f32], width: usize, height: usize) -> Result<Vec<f32>, DigitError> {
    if pixels.len() != width * height {
        return Err(DigitError::Size { width, height, found: pixels.len() });
    }
    let image = Array2::from_shape_vec((height, width), pixels.iter().map(|v| v.clamp(0.0, 1.0)).collect())
        .expect("length checked");
    // 1. Crop to the ink.
    let ink: Vec<(usize, usize)> = image.indexed_iter().filter(|(_, v)| **v > 0.05).map(|(i, _)| i).collect();
    if ink.is_empty() {
        return Err(DigitError::Empty);
    }
    let (top, bottom) = (ink.iter().map(|p| p.0).min().unwrap(), ink.iter().map(|p| p.0).max().unwrap());
    let (left, right) = (ink.iter().map(|p| p.1).min().unwrap(), ink.iter().map(|p| p.1).max().unwrap());
    let crop = image.slice(ndarray::s![top..=bottom, left..=right]);
    // 2. Scale the longer side to 20 pixels.
    let (h, w) = crop.dim();
    let scale = BOX as f32 / h.max(w) as f32;
    let (new_h, new_w) =
        (((h as f32 * scale).round() as usize).max(1), ((w as f32 * scale).round() as usize).max(1));
    let rows = area_resample_matrix(h, new_h); // (new_h, h)
    let cols = area_resample_matrix(w, new_w); // (new_w, w)
    let scaled = rows.dot(&crop).dot(&cols.t()); // (new_h, new_w)
    // 3. Centre of mass (of pixel centres) to the centre of the 28×28 image.
    let mass: f32 = scaled.sum();
    let (mut cy, mut cx) = (0.0, 0.0);
    for ((y, x), &v) in scaled.indexed_iter() {
        cy += v * (y as f32 + 0.5);
        cx += v * (x as f32 + 0.5);
    }
    let half = SIDE as f32 / 2.0;
    let dy = (half - cy / mass).round() as isize;
    let dx = (half - cx / mass).round() as isize;
    let mut out = vec![0.0f32; SIDE * SIDE];
    for ((y, x), &v) in scaled.indexed_iter() {
        let (ty, tx) = (y as isize + dy, x as isize + dx);
        if (0..SIDE as isize).contains(&ty) && (0..SIDE as isize).contains(&tx) {
            out[ty as usize * SIDE + tx as usize] = v.min(1.0);
        }
    }
    Ok(out)
}
// ANCHOR_END: preprocess

/// The (to, from) matrix that shrinks or stretches `from` samples to `to`, each new sample
/// the average of the stretch of old ones it covers (partly covered ones count by the part).
fn area_resample_matrix(from: usize, to: usize) -> Array2<f32> {
    let step = from as f32 / to as f32; // old samples per new one
    Array2::from_shape_fn((to, from), |(i, j)| {
        let (start, end) = (i as f32 * step, (i + 1) as f32 * step);
        let overlap = (end.min(j as f32 + 1.0) - start.max(j as f32)).max(0.0);
        overlap / step
    })
}

// ANCHOR: classifier
/// A trained network for 28×28 digits: its layers in order, and the input shape it wants.
pub struct Classifier {
    layers: Vec<Box<dyn Layer<f32>>>,
    input_shape: Vec<usize>,
}

impl Classifier {
    /// The ten class probabilities for one prepared image (784 values in [0, 1]).
    pub fn probabilities(&mut self, image: &[f32]) -> Vec<f32> {
        let mut x = ArrayD::from_shape_vec(IxDyn(&self.input_shape), image.to_vec()).expect("784 values");
        for layer in &mut self.layers {
            x = layer.forward(&x, false);
        }
        softmax(&flatten_rows(&x)).iter().copied().collect() // (1, 10)
    }
}
// ANCHOR_END: classifier

/// Reads the arrays of an `.npz` file held in memory, float32 or float64, as `f32`.
fn read_npz(file: &'static str, bytes: &[u8]) -> Result<BTreeMap<String, ArrayD<f32>>, DigitError> {
    let bad = |reason: String| DigitError::Weights { file, reason };
    let mut npz = NpzReader::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut arrays = BTreeMap::new();
    for key in npz.names().map_err(|e| bad(e.to_string()))? {
        let array = match npz.by_name::<OwnedRepr<f32>, IxDyn>(&key) {
            Ok(a) => a,
            Err(_) => npz
                .by_name::<OwnedRepr<f64>, IxDyn>(&key)
                .map_err(|e| bad(format!("{key}: {e}")))?
                .mapv(|v| v as f32),
        };
        arrays.insert(key.trim_end_matches(".npy").to_string(), array);
    }
    Ok(arrays)
}

/// Takes the array `key` out of `arrays`, checking its shape.
fn take(
    file: &'static str,
    arrays: &mut BTreeMap<String, ArrayD<f32>>,
    key: &str,
    shape: &[usize],
) -> Result<ArrayD<f32>, DigitError> {
    let array = arrays
        .remove(key)
        .ok_or_else(|| DigitError::Weights { file, reason: format!("no array '{key}'") })?;
    if array.shape() != shape {
        let reason = format!("'{key}' has shape {:?}, expected {shape:?}", array.shape());
        return Err(DigitError::Weights { file, reason });
    }
    Ok(array)
}

fn affine(
    file: &'static str,
    a: &mut BTreeMap<String, ArrayD<f32>>,
    n: usize,
    shape: [usize; 2],
) -> Result<Affine<f32>, DigitError> {
    let w = take(file, a, &format!("W{n}"), &shape)?.into_dimensionality::<Ix2>().expect("checked");
    let b = take(file, a, &format!("b{n}"), &shape[1..])?.into_dimensionality::<Ix1>().expect("checked");
    Ok(Affine::new(w, b))
}

// ANCHOR: networks
/// Chapter 3's network: Affine → Sigmoid → Affine → Sigmoid → Affine, 784 → 50 → 100 → 10.
pub fn chapter3_network() -> Result<Classifier, DigitError> {
    const FILE: &str = "ch03-inference/weights/sample_weight.npz";
    let mut a = read_npz(FILE, MLP_WEIGHTS)?;
    let layers: Vec<Box<dyn Layer<f32>>> = vec![
        Box::new(affine(FILE, &mut a, 1, [784, 50])?),
        Box::new(Sigmoid::new()),
        Box::new(affine(FILE, &mut a, 2, [50, 100])?),
        Box::new(Sigmoid::new()),
        Box::new(affine(FILE, &mut a, 3, [100, 10])?),
    ];
    Ok(Classifier { layers, input_shape: vec![1, SIDE * SIDE] })
}

/// Chapter 7's SimpleConvNet: Conv (30 filters 5×5) → ReLU → max pool 2×2 → Affine 4320 → 100
/// → ReLU → Affine 100 → 10.
pub fn chapter7_network() -> Result<Classifier, DigitError> {
    const FILE: &str = "ch07-cnn/weights/simple_conv_net.npz";
    let mut a = read_npz(FILE, CONV_WEIGHTS)?;
    let w1 = take(FILE, &mut a, "W1", &[30, 1, 5, 5])?.into_dimensionality::<Ix4>().expect("checked");
    let b1 = take(FILE, &mut a, "b1", &[30])?.into_dimensionality::<Ix1>().expect("checked");
    let layers: Vec<Box<dyn Layer<f32>>> = vec![
        Box::new(Convolution::new(w1, b1, 1, 0)), // (1, 30, 24, 24)
        Box::new(Relu::new()),
        Box::new(Pooling::new(2, 2, 2, 0)), // (1, 30, 12, 12)
        Box::new(affine(FILE, &mut a, 2, [4320, 100])?),
        Box::new(Relu::new()),
        Box::new(affine(FILE, &mut a, 3, [100, 10])?),
    ];
    Ok(Classifier { layers, input_shape: vec![1, 1, SIDE, SIDE] })
}
// ANCHOR_END: networks

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A 280×280 canvas with a thick vertical stroke from (x0, y0) to (x0, y1): a "1".
    pub(crate) fn stroke_one(x0: usize, y0: usize, y1: usize) -> Vec<f32> {
        let side = 280;
        let mut canvas = vec![0.0; side * side];
        for y in y0..y1 {
            for x in x0 - 9..x0 + 9 {
                canvas[y * side + x] = 1.0;
            }
        }
        canvas
    }

    fn centre_of_mass(image: &[f32]) -> (f32, f32) {
        let mass: f32 = image.iter().sum();
        let (mut cy, mut cx) = (0.0, 0.0);
        for (i, &v) in image.iter().enumerate() {
            cy += v * ((i / SIDE) as f32 + 0.5);
            cx += v * ((i % SIDE) as f32 + 0.5);
        }
        (cy / mass, cx / mass)
    }

    fn ink_box(image: &[f32]) -> (usize, usize) {
        let ink: Vec<usize> = (0..image.len()).filter(|&i| image[i] > 0.0).collect();
        let rows = ink.iter().map(|i| i / SIDE);
        let cols = ink.iter().map(|i| i % SIDE);
        (
            rows.clone().max().unwrap() - rows.min().unwrap() + 1,
            cols.clone().max().unwrap() - cols.min().unwrap() + 1,
        )
    }

    #[test]
    fn preprocessing_centres_a_stroke_drawn_in_a_corner_and_fits_it_in_20_pixels() {
        let image = preprocess(&stroke_one(40, 20, 120), 280, 280).unwrap();
        assert_eq!(image.len(), 784);
        let (cy, cx) = centre_of_mass(&image);
        assert!((cy - 14.0).abs() <= 0.5 && (cx - 14.0).abs() <= 0.5, "centre of mass ({cy}, {cx})");
        let (h, w) = ink_box(&image);
        assert_eq!(h, 20, "the longer side is scaled to 20 pixels");
        assert!(w <= 5, "a thin stroke stays thin: {w} pixels wide");
        assert!(image.iter().all(|v| (0.0..=1.0).contains(v)));
    }

    #[test]
    fn preprocessing_keeps_the_aspect_ratio_of_a_wide_drawing() {
        let side = 100;
        let mut canvas = vec![0.0; side * side];
        for y in 40..60 {
            for x in 10..90 {
                canvas[y * side + x] = 1.0;
            }
        }
        let (h, w) = ink_box(&preprocess(&canvas, side, side).unwrap());
        assert_eq!((h, w), (5, 20));
    }

    #[test]
    fn an_empty_or_misshapen_canvas_is_refused() {
        assert_eq!(preprocess(&vec![0.0; 100], 10, 10), Err(DigitError::Empty));
        assert!(matches!(preprocess(&[1.0; 10], 4, 4), Err(DigitError::Size { .. })));
    }

    #[test]
    fn area_resampling_preserves_the_average() {
        let m = area_resample_matrix(7, 3);
        for row in m.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-6);
        }
    }

    #[test]
    fn both_shipped_networks_read_a_drawn_one_as_1() {
        let image = preprocess(&stroke_one(140, 40, 240), 280, 280).unwrap();
        for mut net in [chapter3_network().unwrap(), chapter7_network().unwrap()] {
            let p = net.probabilities(&image);
            assert_eq!(p.len(), 10);
            assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
            let top = (0..10).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap();
            assert_eq!(top, 1, "probabilities {p:?}");
        }
    }
}
