//! The figures of 3.6: test images with the labels the network predicts for them, and the
//! images it gets wrong.

use std::path::Path;

use common::data::Dataset;
use common::plot::{Colormap, GridImage, ImageGrid, PlotError, Scale, image_grid};
use ndarray::ArrayView2;

/// The name of class `k`: the digit itself, or the piece of clothing.
pub fn class_name(dataset: Dataset, k: usize) -> String {
    dataset.class_names()[k].to_string()
}

fn grid(dataset: Dataset, title: String, images: Vec<GridImage>) -> ImageGrid {
    ImageGrid {
        title,
        images,
        // Ten digits of 56 px (2 px a pixel) fill the book's column; clothes have longer names.
        columns: if dataset == Dataset::Mnist { 10 } else { 7 },
        colormap: Colormap::GreyInverted,
        scale: Scale::Fixed(0.0, 1.0),
        pixel_size: Some(2),
        ..ImageGrid::new(28, 28)
    }
}

// ANCHOR: predictions_figure
/// The first `count` test images, each captioned with the predicted class; a wrong
/// prediction is highlighted and followed by the true class.
pub fn predictions_figure(
    path: &Path,
    dataset: Dataset,
    x: ArrayView2<'_, f32>, // (N, 784), pixels in 0–1
    t: &[usize],
    predicted: &[(usize, f64)],
    count: usize,
) -> Result<(), PlotError> {
    let images = (0..count.min(x.nrows()))
        .map(|i| {
            let (p, _) = predicted[i];
            let caption = if p == t[i] {
                class_name(dataset, p)
            } else {
                format!("{}\n(true {})", class_name(dataset, p), class_name(dataset, t[i]))
            };
            GridImage::new(x.row(i).iter().map(|&v| v as f64), caption).highlighted(p != t[i])
        })
        .collect();
    let title = format!("The first {count} test images and the predicted labels (wrong ones in colour)");
    image_grid(path, &grid(dataset, title, images))
}
// ANCHOR_END: predictions_figure

/// The first `count` misclassified test images, each with the predicted class, its
/// probability, and the true class.
pub fn misclassified_figure(
    path: &Path,
    dataset: Dataset,
    x: ArrayView2<'_, f32>,
    t: &[usize],
    predicted: &[(usize, f64)],
    count: usize,
) -> Result<(), PlotError> {
    let wrong = (0..x.nrows()).filter(|&i| predicted[i].0 != t[i]).take(count);
    let images = wrong
        .map(|i| {
            let (p, prob) = predicted[i];
            let caption = format!(
                "{} ({:.0}%)\ntrue {}",
                class_name(dataset, p),
                prob * 100.0,
                class_name(dataset, t[i])
            );
            GridImage::new(x.row(i).iter().map(|&v| v as f64), caption)
        })
        .collect();
    let title = "Misclassified test images: predicted label (its probability) and true label";
    image_grid(path, &grid(dataset, title.into(), images))
}
