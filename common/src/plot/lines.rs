use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{PlotError, Stroke, color, draw_legend, font, legend_swatch, padded_range, save_svg, text};

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
    /// Where the legend goes; by default the upper right corner.
    pub legend_position: Option<SeriesLabelPosition>,
    /// At most this many tick labels on the x axis (plotters picks round values); by default 10.
    pub x_ticks: Option<usize>,
}

/// Dash and gap of a dashed line, in pixels.
const DASH: (u32, u32) = (6, 4);
/// Radius of the dot a series with markers draws at each point.
const MARKER_RADIUS: u32 = 3;

impl Series {
    /// How the i-th series of a chart is drawn: its colour, 2 px wide, dashed or not, with
    /// dots or not. The chart and its legend both draw it this way.
    pub fn stroke(&self, i: usize) -> Stroke {
        Stroke {
            style: color(i).stroke_width(2),
            dash: self.dashed.then_some(DASH),
            marker: self.markers.then_some(MARKER_RADIUS),
        }
    }
}

/// Draws a [`LineChart`] to an SVG file.
pub fn line_chart(path: &Path, chart: &LineChart) -> Result<(), PlotError> {
    save_svg(path, chart.size.unwrap_or((640, 420)), |root| draw_line_chart(root, chart, text::TITLE))
}

/// Draws several [`LineChart`]s in one SVG file, `cols` to a row, each `panel_size` pixels
/// (their own `size` is ignored), under a common `title` (may be empty). The charts' titles
/// are drawn as panel titles.
pub fn line_charts(
    path: &Path,
    title: &str,
    charts: &[LineChart],
    cols: usize,
    panel_size: (u32, u32),
) -> Result<(), PlotError> {
    let cols = cols.max(1);
    let rows = charts.len().div_ceil(cols).max(1);
    let title_h = if title.is_empty() { 0 } else { 34 };
    let size = (panel_size.0 * cols as u32, panel_size.1 * rows as u32 + title_h);
    save_svg(path, size, |root| {
        let root = if title.is_empty() { root.clone() } else { root.titled(title, font(text::TITLE))? };
        for (area, chart) in root.split_evenly((rows, cols)).iter().zip(charts) {
            draw_line_chart(area, chart, text::PANEL_TITLE)?;
        }
        Ok(())
    })
}

/// Draws one [`LineChart`] into `area`, its title at `title_px` pixels.
fn draw_line_chart(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    chart: &LineChart,
    title_px: f64,
) -> Result<(), Box<dyn std::error::Error>> {
    let all = || chart.series.iter().flat_map(|s| s.points.iter().copied());
    let (x0, x1) = chart.x_range.unwrap_or_else(|| padded_range(all().map(|p| p.0), 0.0));
    let (y0, y1) = chart.y_range.unwrap_or_else(|| padded_range(all().map(|p| p.1), 0.05));
    let mut ctx = ChartBuilder::on(area)
        .caption(&chart.title, font(title_px))
        .margin(12)
        .x_label_area_size(46)
        .y_label_area_size(if chart.y_label.is_empty() { 44 } else { 60 })
        .build_cartesian_2d(x0..x1, y0..y1)?;
    ctx.configure_mesh()
        .x_desc(&chart.x_label)
        .y_desc(&chart.y_label)
        .light_line_style(RGBColor(235, 235, 235))
        .x_labels(chart.x_ticks.unwrap_or(10))
        .x_label_formatter(&|v| super::tick_label(*v))
        .y_label_formatter(&|v| super::tick_label(*v))
        .label_style(font(text::TICK))
        .axis_desc_style(font(text::AXIS))
        .draw()?;
    for (i, s) in chart.series.iter().enumerate() {
        let stroke = s.stroke(i);
        let points = s.points.iter().copied().filter(|(x, y)| x.is_finite() && y.is_finite());
        let drawn = match stroke.dash {
            Some((dash, gap)) => ctx.draw_series(DashedLineSeries::new(points, dash, gap, stroke.style))?,
            None => ctx.draw_series(LineSeries::new(points, stroke.style))?,
        };
        if !s.label.is_empty() {
            drawn.label(&s.label).legend(move |at| legend_swatch(at, stroke));
        }
        if let Some(r) = stroke.marker {
            let inside = s.points.iter().filter(|(x, y)| x.is_finite() && y.is_finite());
            ctx.draw_series(inside.map(|&p| Circle::new(p, r as i32, stroke.style.color.filled())))?;
        }
    }
    if chart.series.iter().any(|s| !s.label.is_empty()) {
        let position = chart.legend_position.clone().unwrap_or(SeriesLabelPosition::UpperRight);
        draw_legend(&mut ctx, position)?;
    }
    Ok(())
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
