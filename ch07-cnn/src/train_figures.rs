//! The figures of a training run: accuracy per epoch, and the loss of every iteration.

use std::path::Path;

use plotters::prelude::*;

use common::plot::{
    AccuracyChart, PlotError, Stroke, accuracy_chart, color, draw_legend, font, legend_swatch, save_svg, text,
};
use common::trainer::History;

/// Train and test accuracy per epoch (epoch 0 is the untrained network), in two panels: the
/// whole scale as the book draws it, and the top of it, where the two curves part.
pub fn accuracy_figure(path: &Path, history: &History, title: &str) -> Result<(), PlotError> {
    let chart = AccuracyChart {
        title: title.into(),
        train: history.train_acc_list.clone(),
        test: history.test_acc_list.clone(),
        train_label: "train (1,000 images)".into(),
        test_label: "test (1,000 images)".into(),
    };
    accuracy_chart(path, &chart)
}

/// An epoch on the x axis: "3" for whole epochs, "2.5" between them.
fn epoch_label(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 { format!("{v:.0}") } else { format!("{v:.1}") }
}

/// The mini-batch loss of every iteration on a log scale (it falls from ln 10 ≈ 2.3 to a few
/// hundredths), with its mean over each epoch drawn on top.
pub fn loss_figure(path: &Path, history: &History, title: &str) -> Result<(), PlotError> {
    let losses = &history.train_loss_list;
    let per_epoch = history.iter_per_epoch.max(1) as f64;
    let floor = 1e-4;
    let points: Vec<(f64, f64)> =
        losses.iter().enumerate().map(|(i, &l)| (i as f64 / per_epoch, l.max(floor))).collect();
    let means: Vec<(f64, f64)> = losses
        .chunks(history.iter_per_epoch.max(1))
        .enumerate()
        .map(|(e, c)| (e as f64 + 0.5, c.iter().sum::<f64>() / c.len() as f64))
        .collect();
    let lo = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min).max(floor);
    let hi = points.iter().map(|p| p.1).fold(0.0f64, f64::max).max(lo);
    let y1 = 10f64.powf(hi.log10().ceil());
    // Just below a power of ten, so that the bottom tick is drawn.
    let y0 = 10f64.powf(lo.log10().floor()).min(y1 / 10.0) * 0.99;
    let x1 = (losses.len() as f64 / per_epoch).max(1e-9);
    save_svg(path, (740, 420), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, font(text::TITLE))
            .margin(14)
            .x_label_area_size(46)
            .y_label_area_size(62)
            .build_cartesian_2d(0.0..x1, (y0..y1).log_scale())?;
        chart
            .configure_mesh()
            .x_desc(format!("epochs ({} iterations each)", history.iter_per_epoch))
            .y_desc("loss (log scale)")
            .light_line_style(RGBColor(238, 238, 238))
            .label_style(font(text::TICK))
            .axis_desc_style(font(text::AXIS))
            .x_label_formatter(&|v| epoch_label(*v))
            .y_label_formatter(&|v| format!("{v}"))
            .draw()?;
        // Every iteration, thin and light: its spread is the noise of 100-image mini-batches.
        let light = Stroke { style: RGBColor(150, 190, 225).stroke_width(1), dash: None, marker: None };
        chart
            .draw_series(LineSeries::new(points.iter().copied(), light.style))?
            .label("loss of each mini-batch")
            .legend(move |at| legend_swatch(at, light));
        let strong = Stroke { style: color(1).stroke_width(3), dash: None, marker: Some(3) };
        chart
            .draw_series(LineSeries::new(means.iter().copied(), strong.style))?
            .label("mean over each epoch")
            .legend(move |at| legend_swatch(at, strong));
        chart.draw_series(means.iter().map(|&p| Circle::new(p, 3, color(1).filled())))?;
        draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_figures_render_with_their_labels() {
        let history = History {
            train_loss_list: (0..300).map(|i| 2.3 * (-(i as f64) / 60.0).exp() + 0.01).collect(),
            train_acc_list: vec![0.1, 0.95, 0.97, 0.98],
            test_acc_list: vec![0.1, 0.94, 0.96, 0.97],
            final_test_acc: Some(0.97),
            iter_per_epoch: 100,
        };
        let dir = std::env::temp_dir().join(format!("dlfs-ch07-figs-{}", std::process::id()));
        accuracy_figure(&dir.join("acc.svg"), &history, "accuracy").unwrap();
        loss_figure(&dir.join("loss.svg"), &history, "loss").unwrap();
        let acc = std::fs::read_to_string(dir.join("acc.svg")).unwrap();
        let loss = std::fs::read_to_string(dir.join("loss.svg")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(acc.contains("train (1,000 images)") && acc.contains("zoomed"));
        assert!(loss.contains("mean over each epoch") && loss.contains("log scale"));
    }
}
