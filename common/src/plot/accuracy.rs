//! Train and test accuracy per epoch, in two panels side by side: the whole scale, where the
//! learning shows, and the top of it, where the two curves part (on the whole scale they lie
//! on top of each other).

use std::path::Path;

use plotters::prelude::SeriesLabelPosition;

use super::{LineChart, PlotError, Series, line_charts};

/// Accuracy after each epoch (the first value is the untrained network's, epoch 0).
#[derive(Debug, Clone, Default)]
pub struct AccuracyChart {
    /// Title above the two panels.
    pub title: String,
    /// Accuracy on the training data, per epoch.
    pub train: Vec<f64>,
    /// Accuracy on the test data, per epoch.
    pub test: Vec<f64>,
    /// Legend names of the two curves ("train", "test (10,000 images)").
    pub train_label: String,
    pub test_label: String,
}

impl AccuracyChart {
    /// The first epoch the zoomed panel shows: 1 (epoch 0 is chance level), or 0 if there is
    /// only one epoch after it.
    pub fn zoom_from(&self) -> usize {
        if self.epochs() >= 2 { 1 } else { 0 }
    }

    /// The lower end of the zoomed panel's y axis: a whole hundredth just below the lowest
    /// accuracy it shows (at most 0.99).
    pub fn zoom_floor(&self) -> f64 {
        let from = self.zoom_from();
        let shown = self.train.iter().skip(from).chain(self.test.iter().skip(from));
        let low = shown.copied().filter(|a| a.is_finite()).fold(1.0f64, f64::min);
        (((low - 0.005) * 100.0).floor() / 100.0).clamp(0.0, 0.99)
    }

    /// The number of epochs trained (the curves have one more point).
    pub fn epochs(&self) -> usize {
        self.train.len().max(self.test.len()).max(1) - 1
    }
}

/// Draws an [`AccuracyChart`] to an SVG file of the column's width.
pub fn accuracy_chart(path: &Path, chart: &AccuracyChart) -> Result<(), PlotError> {
    let epochs = chart.epochs().max(1) as f64;
    let curves = |from: f64| {
        let points = |acc: &[f64]| -> Vec<(f64, f64)> {
            acc.iter().enumerate().map(|(e, &a)| (e as f64, a)).filter(|p| p.0 >= from).collect()
        };
        vec![
            Series::new(chart.train_label.clone(), points(&chart.train)).with_markers(),
            Series::new(chart.test_label.clone(), points(&chart.test)).dashed().with_markers(),
        ]
    };
    let ticks = (chart.epochs() + 1).min(9);
    let whole = LineChart {
        title: "the whole scale".into(),
        x_label: "epochs".into(),
        y_label: "accuracy".into(),
        series: curves(0.0),
        x_range: Some((0.0, epochs)),
        y_range: Some((0.0, 1.0)),
        legend_position: Some(SeriesLabelPosition::LowerRight),
        x_ticks: Some(ticks),
        ..Default::default()
    };
    // The zoomed panel leaves out epoch 0 (chance level) when there is more to show, and names
    // no lines: they are the colours and strokes of the first panel.
    let from = chart.zoom_from() as f64;
    let floor = chart.zoom_floor();
    let mut zoomed_curves = curves(from);
    zoomed_curves.iter_mut().for_each(|s| s.label.clear());
    let zoomed = LineChart {
        title: format!("zoomed: {floor:.2} to 1.00"),
        x_label: "epochs".into(),
        y_label: String::new(),
        series: zoomed_curves,
        x_range: Some((from, epochs)),
        y_range: Some((floor, 1.0)),
        x_ticks: Some(ticks),
        ..Default::default()
    };
    line_charts(path, &chart.title, &[whole, zoomed], 2, (375, 340))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> AccuracyChart {
        AccuracyChart {
            title: "accuracy".into(),
            train: vec![0.1, 0.95, 0.97, 0.98],
            test: vec![0.11, 0.94, 0.96, 0.965],
            train_label: "train".into(),
            test_label: "test".into(),
        }
    }

    #[test]
    fn the_zoomed_panel_starts_below_the_lowest_accuracy_after_epoch_0() {
        assert_eq!(chart().zoom_floor(), 0.93);
        let one_epoch = AccuracyChart { train: vec![0.5, 0.8], test: vec![0.45, 0.79], ..chart() };
        assert_eq!(one_epoch.zoom_floor(), 0.44, "with one epoch, epoch 0 is shown too");
    }

    #[test]
    fn an_accuracy_chart_renders_both_panels_and_one_legend() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acc.svg");
        accuracy_chart(&path, &chart()).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.contains("the whole scale") && svg.contains("zoomed: 0.93 to 1.00"));
        assert_eq!(svg.matches("\ntrain\n</text>").count(), 1, "one legend names the lines");
    }
}
