use std::path::Path;

use plotters::prelude::*;

use super::{PlotError, color, draw_legend, padded_range, save_svg};

/// One line of a [`LineChart`].
#[derive(Debug, Clone)]
pub struct Series {
    /// Shown in the legend.
    pub label: String,
    /// (x, y) points, drawn in order.
    pub points: Vec<(f64, f64)>,
    /// Dashed instead of solid.
    pub dashed: bool,
    /// Mark each point with a dot.
    pub markers: bool,
}

impl Series {
    /// A solid line through `points`.
    pub fn new(label: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Series { label: label.into(), points, dashed: false, markers: false }
    }

    /// y against 0, 1, 2, …: a curve per iteration or per epoch.
    pub fn from_values(label: impl Into<String>, ys: &[f64]) -> Self {
        Self::new(label, ys.iter().enumerate().map(|(i, &y)| (i as f64, y)).collect())
    }

    /// Drawn dashed.
    pub fn dashed(mut self) -> Self {
        self.dashed = true;
        self
    }

    /// With a dot at each point.
    pub fn with_markers(mut self) -> Self {
        self.markers = true;
        self
    }
}

/// A chart of one or more lines: activation functions, loss curves, accuracy per epoch.
#[derive(Debug, Clone, Default)]
pub struct LineChart {
    /// Title above the plot (may be empty).
    pub title: String,
    /// Label of the x axis.
    pub x_label: String,
    /// Label of the y axis.
    pub y_label: String,
    /// The lines.
    pub series: Vec<Series>,
    /// Fixed x range; by default, the data's.
    pub x_range: Option<(f64, f64)>,
    /// Fixed y range; by default, the data's.
    pub y_range: Option<(f64, f64)>,
    /// Size in pixels; by default 640×420.
    pub size: Option<(u32, u32)>,
}

/// Draws a [`LineChart`] to an SVG file.
pub fn line_chart(path: &Path, chart: &LineChart) -> Result<(), PlotError> {
    let all = || chart.series.iter().flat_map(|s| s.points.iter().copied());
    let (x0, x1) = chart.x_range.unwrap_or_else(|| padded_range(all().map(|p| p.0), 0.0));
    let (y0, y1) = chart.y_range.unwrap_or_else(|| padded_range(all().map(|p| p.1), 0.05));
    save_svg(path, chart.size.unwrap_or((640, 420)), |root| {
        let mut ctx = ChartBuilder::on(root)
            .caption(&chart.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        ctx.configure_mesh()
            .x_desc(&chart.x_label)
            .y_desc(&chart.y_label)
            .light_line_style(RGBColor(235, 235, 235))
            .x_label_formatter(&|v| super::tick_label(*v))
            .y_label_formatter(&|v| super::tick_label(*v))
            .label_style(("sans-serif", 13))
            .draw()?;
        for (i, s) in chart.series.iter().enumerate() {
            let style = color(i).stroke_width(2);
            let points = s.points.iter().copied().filter(|(x, y)| x.is_finite() && y.is_finite());
            let drawn = if s.dashed {
                ctx.draw_series(DashedLineSeries::new(points, 6, 4, style))?
            } else {
                ctx.draw_series(LineSeries::new(points, style))?
            };
            if !s.label.is_empty() {
                drawn
                    .label(&s.label)
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
            }
            if s.markers {
                ctx.draw_series(s.points.iter().map(|&p| Circle::new(p, 3, color(i).filled())))?;
            }
        }
        if chart.series.iter().any(|s| !s.label.is_empty()) {
            draw_legend(&mut ctx, SeriesLabelPosition::UpperRight)?;
        }
        Ok(())
    })
}

/// The trend under a noisy series: (i, mean of values[i+1−window ..= i]) from the first full
/// window on (a loss curve's mini-batch noise averaged away).
pub fn moving_average(values: &[f64], window: usize) -> Vec<(f64, f64)> {
    let window = window.clamp(1, values.len().max(1));
    values
        .windows(window)
        .enumerate()
        .map(|(i, w)| ((i + window - 1) as f64, w.iter().sum::<f64>() / window as f64))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_chart_renders_to_svg_with_its_text_and_no_system_fonts() {
        let path = std::env::temp_dir().join(format!("dlfs-plot-{}/lines.svg", std::process::id()));
        let chart = LineChart {
            title: "sigmoid σ(x)".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            series: vec![
                Series::new(
                    "sigmoid",
                    (-50..=50).map(|i| i as f64 / 10.0).map(|x| (x, 1.0 / (1.0 + (-x).exp()))).collect(),
                ),
                Series::from_values("step", &[0.0, 0.0, 1.0, 1.0]).dashed(),
            ],
            ..Default::default()
        };
        line_chart(&path, &chart).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..60.min(svg.len())]);
        assert!(svg.contains("sigmoid σ(x)") && svg.contains("polyline"));
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }

    #[test]
    fn a_moving_average_starts_at_the_first_full_window() {
        let avg = moving_average(&[1.0, 3.0, 5.0, 7.0], 2);
        assert_eq!(avg, vec![(1.0, 2.0), (2.0, 4.0), (3.0, 6.0)]);
        assert_eq!(moving_average(&[4.0, 6.0], 10), vec![(1.0, 5.0)], "a window longer than the data");
    }
}
