//! Small multiples: a grid of small line charts sharing their axes, so that many runs of
//! one experiment can be compared at a glance (accuracy per epoch for 16 weight scales;
//! the 20 best trials of a hyperparameter search).

use std::path::Path;

use plotters::prelude::*;

use super::{PlotError, Series, color, padded_range, save_svg};

/// One small chart of a [`SmallMultiples`] figure.
#[derive(Debug, Clone)]
pub struct Panel {
    /// Title above it.
    pub title: String,
    /// Its lines; the i-th line of every panel has the same colour (and the legend names
    /// them once for all panels).
    pub series: Vec<Series>,
    /// A short remark written inside the panel, top left (empty: none).
    pub note: String,
}

impl Panel {
    /// A panel titled `title` with these lines and no note.
    pub fn new(title: impl Into<String>, series: Vec<Series>) -> Self {
        Panel { title: title.into(), series, note: String::new() }
    }

    /// The same panel with a remark inside it.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }
}

/// A grid of small line charts with one shared legend.
#[derive(Debug, Clone, Default)]
pub struct SmallMultiples {
    /// Title above the grid (may be empty).
    pub title: String,
    /// The charts, row by row.
    pub panels: Vec<Panel>,
    /// Charts per row.
    pub cols: usize,
    /// Shared x range; by default, the data's.
    pub x_range: Option<(f64, f64)>,
    /// Shared y range; by default, the data's.
    pub y_range: Option<(f64, f64)>,
    /// Label under the bottom row's x axes.
    pub x_label: String,
    /// Label beside the first column's y axes.
    pub y_label: String,
    /// The legend: one entry per line index, drawn once above the grid (dashed if the
    /// lines are). Empty: no legend.
    pub legend: Vec<(String, bool)>,
    /// Size of each chart in pixels; by default 220×170.
    pub panel_size: Option<(u32, u32)>,
}

/// Draws a [`SmallMultiples`] grid to an SVG file.
pub fn small_multiples(path: &Path, fig: &SmallMultiples) -> Result<(), PlotError> {
    let cols = fig.cols.max(1);
    let rows = fig.panels.len().div_ceil(cols).max(1);
    let (pw, ph) = fig.panel_size.unwrap_or((220, 170));
    let all = || fig.panels.iter().flat_map(|p| p.series.iter().flat_map(|s| s.points.iter().copied()));
    let (x0, x1) = fig.x_range.unwrap_or_else(|| padded_range(all().map(|p| p.0), 0.0));
    let (y0, y1) = fig.y_range.unwrap_or_else(|| padded_range(all().map(|p| p.1), 0.05));
    let title_h = if fig.title.is_empty() { 0 } else { 34 };
    let legend_h = if fig.legend.is_empty() { 0 } else { 28 };
    let size = (pw * cols as u32 + 30 + 14, ph * rows as u32 + title_h + legend_h + 24);
    save_svg(path, size, |root| {
        let root =
            if fig.title.is_empty() { root.clone() } else { root.titled(&fig.title, ("sans-serif", 19))? };
        let (legend_area, rest) = root.split_vertically(legend_h);
        // The legend: a short line and a name per entry, left to right.
        let mut x = 40;
        for (i, (label, dashed)) in fig.legend.iter().enumerate() {
            let style = color(i).stroke_width(2);
            let y = legend_h as i32 / 2;
            if *dashed {
                for k in 0..3 {
                    legend_area.draw(&PathElement::new(vec![(x + 9 * k, y), (x + 9 * k + 5, y)], style))?;
                }
            } else {
                legend_area.draw(&PathElement::new(vec![(x, y), (x + 24, y)], style))?;
            }
            legend_area.draw(&Text::new(label.clone(), (x + 30, y - 7), ("sans-serif", 13)))?;
            x += 50 + 8 * label.chars().count() as i32;
        }
        // Axis labels once for the whole grid: y on the left, x at the bottom.
        let (y_strip, grid) = rest.split_horizontally(30);
        let (grid, _right_margin) = grid.split_horizontally(pw * cols as u32);
        let (grid, x_strip) = grid.split_vertically(ph * rows as u32);
        let (_, strip_h) = y_strip.dim_in_pixel();
        y_strip.draw(&Text::new(
            fig.y_label.clone(),
            (6, (strip_h / 2) as i32 + 4 * fig.y_label.len() as i32),
            ("sans-serif", 13).into_font().transform(FontTransform::Rotate270),
        ))?;
        let (strip_w, _) = x_strip.dim_in_pixel();
        x_strip.draw(&Text::new(
            fig.x_label.clone(),
            ((strip_w / 2) as i32 - 4 * fig.x_label.len() as i32, 4),
            ("sans-serif", 13),
        ))?;
        for (k, (area, panel)) in grid.split_evenly((rows, cols)).iter().zip(&fig.panels).enumerate() {
            let (row, col) = (k / cols, k % cols);
            let mut ctx = ChartBuilder::on(area)
                .caption(&panel.title, ("sans-serif", 13))
                .margin(5)
                .x_label_area_size(20)
                .y_label_area_size(32)
                .build_cartesian_2d(x0..x1, y0..y1)?;
            // Tick labels on the outer panels only, whole numbers without ".0".
            let tick = |v: &f64| super::tick_label(*v);
            let none = |_: &f64| String::new();
            ctx.configure_mesh()
                .light_line_style(RGBColor(244, 244, 244))
                .bold_line_style(RGBColor(225, 225, 225))
                .x_labels(3)
                .y_labels(3)
                .x_label_formatter(if row + 1 < rows { &none } else { &tick })
                .y_label_formatter(if col > 0 { &none } else { &tick })
                .label_style(("sans-serif", 11))
                .draw()?;
            if !panel.note.is_empty() {
                let at = (x0 + 0.04 * (x1 - x0), y1 - 0.06 * (y1 - y0));
                let font =
                    ("sans-serif", 11).into_font().style(FontStyle::Italic).color(&RGBColor(120, 120, 120));
                ctx.draw_series([Text::new(panel.note.clone(), at, font)])?;
            }
            for (i, s) in panel.series.iter().enumerate() {
                let style = color(i).stroke_width(if s.dashed { 1 } else { 2 });
                let points = s.points.iter().copied().filter(|(x, y)| x.is_finite() && y.is_finite());
                if s.dashed {
                    ctx.draw_series(DashedLineSeries::new(points, 4, 3, style))?;
                } else {
                    ctx.draw_series(LineSeries::new(points, style))?;
                }
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_multiples_render_a_grid_with_one_legend() {
        let path = std::env::temp_dir().join(format!("dlfs-multiples-{}/m.svg", std::process::id()));
        let panel = |k: usize| {
            Panel::new(
                format!("W:{k}"),
                vec![
                    Series::from_values("BN", &[0.1, 0.5, 0.9]),
                    Series::from_values("normal", &[0.1, 0.2, 0.3]).dashed(),
                ],
            )
            .with_note(if k == 0 { "diverged" } else { "" })
        };
        let fig = SmallMultiples {
            title: "accuracy".into(),
            panels: (0..6).map(panel).collect(),
            cols: 3,
            y_range: Some((0.0, 1.0)),
            x_label: "epochs".into(),
            y_label: "accuracy".into(),
            legend: vec![("Batch Normalization".into(), false), ("Normal".into(), true)],
            ..Default::default()
        };
        small_multiples(&path, &fig).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.contains("W:5") && svg.contains("Batch Normalization") && svg.contains("diverged"));
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }
}
