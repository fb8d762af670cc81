//! The figures of 7.7: test accuracy per epoch of several networks, the test digits a network
//! gets wrong, and training loss and accuracy against depth for plain and residual stacks.

use std::path::Path;

use ndarray::ArrayView2;
use plotters::prelude::*;

use common::plot::{
    Colormap, GridImage, ImageGrid, LineChart, PlotError, Scale, Series, image_grid, line_chart,
};

/// Test accuracy after each epoch, one line per network.
pub fn accuracy_per_epoch_figure(
    path: &Path,
    title: &str,
    runs: &[(String, Vec<f64>)],
) -> Result<(), PlotError> {
    let lo = runs.iter().flat_map(|(_, a)| a.iter().skip(1)).fold(1.0f64, |m, &v| m.min(v));
    let chart = LineChart {
        title: title.into(),
        x_label: "epochs".into(),
        y_label: "test accuracy (1,000 images)".into(),
        series: runs
            .iter()
            .map(|(name, acc)| {
                Series::new(
                    name.clone(),
                    acc.iter().enumerate().skip(1).map(|(e, &a)| (e as f64, a)).collect(),
                )
            })
            .collect(),
        y_range: Some((((lo - 0.005) * 100.0).floor() / 100.0, 1.0)),
        // The curves rise to the top: the legend goes under them, where the first epochs leave room.
        legend_position: Some(plotters::chart::SeriesLabelPosition::LowerRight),
        ..Default::default()
    };
    line_chart(path, &chart)
}

// ANCHOR: misclassified
/// The first `count` test images a network gets wrong, each captioned "label → prediction"
/// (the Python book's `misclassified_mnist.py`).
pub fn misclassified_figure(
    path: &Path,
    title: &str,
    x: ArrayView2<'_, f32>, // (N, 784), pixels in 0–1
    labels: &[usize],
    predicted: &[usize],
    count: usize,
) -> Result<usize, PlotError> {
    let wrong: Vec<usize> = (0..labels.len()).filter(|&i| predicted[i] != labels[i]).take(count).collect();
    let images = wrong
        .iter()
        .map(|&i| {
            GridImage::new(x.row(i).iter().map(|&v| v as f64), format!("{} → {}", labels[i], predicted[i]))
        })
        .collect();
    let grid = ImageGrid {
        title: title.into(),
        images,
        columns: 10,
        colormap: Colormap::GreyInverted,
        scale: Scale::Fixed(0.0, 1.0),
        // Ten 56-px digits a row fit the 750-px column, so the captions are not shrunk.
        pixel_size: Some(2),
        ..ImageGrid::new(28, 28)
    };
    image_grid(path, &grid)?;
    Ok(wrong.len())
}
// ANCHOR_END: misclassified

/// For each depth, the final training loss and accuracy of the plain and the residual stack:
/// two panels, loss on top.
pub fn depth_figure(
    path: &Path,
    depths: &[usize],
    plain: &[(f64, f64)],
    residual: &[(f64, f64)],
) -> Result<(), PlotError> {
    // One column per depth, evenly spaced (the depths are chosen, not a scale), labelled with it.
    let xs: Vec<f64> = (0..depths.len()).map(|i| i as f64).collect();
    // A network that diverged has NaN here: it is left out (f64::max and min skip NaN).
    let loss_max = plain.iter().chain(residual).map(|p| p.0).fold(0.0f64, f64::max);
    let acc_min = plain.iter().chain(residual).map(|p| p.1).fold(1.0f64, f64::min);
    common::plot::save_svg(path, (750, 640), |root| {
        let root = root.titled(
            "Deeper plain stacks train worse; residual ones do not",
            common::plot::font(common::plot::text::TITLE),
        )?;
        let (top, bottom) = root.split_vertically(310);
        for (k, area) in [top, bottom].iter().enumerate() {
            let (y0, y1, label) = if k == 0 {
                (0.0, (loss_max * 1.1).max(0.1), "training loss (last epoch)")
            } else {
                (((acc_min - 0.02) * 50.0).floor() / 50.0, 1.0, "training accuracy")
            };
            let x1 = depths.len() as f64 - 0.5;
            let mut chart = ChartBuilder::on(area)
                .margin(12)
                .x_label_area_size(46)
                .y_label_area_size(62)
                .build_cartesian_2d(-0.5..x1, y0..y1)?;
            chart
                .configure_mesh()
                .x_desc("layers with weights")
                .y_desc(label)
                .x_labels(depths.len())
                .label_style(common::plot::font(common::plot::text::TICK))
                .axis_desc_style(common::plot::font(common::plot::text::AXIS))
                .x_label_formatter(&|v| {
                    let i = v.round();
                    if (v - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < depths.len() {
                        depths[i as usize].to_string()
                    } else {
                        String::new()
                    }
                })
                .light_line_style(RGBColor(242, 242, 242))
                .draw()?;
            for (i, (name, values)) in [("plain", plain), ("residual", residual)].iter().enumerate() {
                let points: Vec<(f64, f64)> = xs
                    .iter()
                    .zip(values.iter())
                    .map(|(&x, v)| (x, if k == 0 { v.0 } else { v.1 }))
                    .filter(|p| p.1.is_finite())
                    .collect();
                let style = common::plot::color(i).stroke_width(3);
                let marker_color = common::plot::color(i);
                chart.draw_series(LineSeries::new(points.clone(), style))?.label(*name).legend(
                    move |(x, y)| {
                        EmptyElement::at((x, y))
                            + PathElement::new(vec![(0, 0), (18, 0)], style)
                            + Circle::new((9, 0), 4, marker_color.filled())
                    },
                );
                chart.draw_series(points.iter().map(|&p| Circle::new(p, 4, marker_color.filled())))?;
            }
            common::plot::draw_legend(
                &mut chart,
                if k == 0 { SeriesLabelPosition::UpperLeft } else { SeriesLabelPosition::LowerLeft },
            )?;
        }
        Ok(())
    })
}
