//! Small multiples: a grid of small line charts sharing their axes, so that many runs of
//! one experiment can be compared at a glance (accuracy per epoch for 16 weight scales;
//! the 20 best trials of a hyperparameter search).

use std::path::Path;

use plotters::prelude::*;

use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{PlotError, Series, Stroke, color, font, legend_swatch, padded_range, save_svg, text};

/// One small chart of a [`SmallMultiples`] figure.
#[derive(Debug, Clone)]
pub struct Panel {
    /// Title above it.
    pub title: String,
    /// Its lines; the i-th line of every panel has the same colour (and the legend names
    /// them once for all panels).
    pub series: Vec<Series>,
    /// A short remark written inside the panel, top left (empty: none); `\n` starts a line.
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

/// Width of the strip left of the grid that holds the y axis's name.
const Y_NAME_WIDTH: u32 = 26;
/// Extra width of the first column, for its tick labels.
const Y_TICKS_WIDTH: u32 = 34;

/// About how wide `text` is at `px` pixels (DejaVu Sans averages under 0.6 em a character).
fn text_width(text: &str, px: f64) -> i32 {
    (0.6 * px * text.chars().count() as f64).round() as i32
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
    let x_name_h = 26;
    let grid_w = Y_TICKS_WIDTH + pw * cols as u32;
    let size = (Y_NAME_WIDTH + grid_w + 8, ph * rows as u32 + title_h + legend_h + x_name_h);
    save_svg(path, size, |root| {
        let root =
            if fig.title.is_empty() { root.clone() } else { root.titled(&fig.title, font(text::TITLE))? };
        let (legend_area, rest) = root.split_vertically(legend_h);
        // The legend: a piece of each line, drawn as the panels draw it, and its name.
        let mut x = (Y_NAME_WIDTH + Y_TICKS_WIDTH) as i32;
        for (i, (label, dashed)) in fig.legend.iter().enumerate() {
            let stroke = line_stroke(i, *dashed);
            let y = legend_h as i32 / 2;
            legend_area.draw(&legend_swatch((x, y), stroke))?;
            let style = font(text::TICK).color(&BLACK).pos(Pos::new(HPos::Left, VPos::Center));
            legend_area.draw(&Text::new(label.clone(), (x + 32, y), style))?;
            x += 32 + text_width(label, text::TICK) + 28;
        }
        // Axis names once for the whole grid: y on the left, x at the bottom.
        let (y_strip, grid) = rest.split_horizontally(Y_NAME_WIDTH);
        let (grid, _right_margin) = grid.split_horizontally(grid_w);
        let (grid, x_strip) = grid.split_vertically(ph * rows as u32);
        let (_, strip_h) = y_strip.dim_in_pixel();
        y_strip.draw(&Text::new(
            fig.y_label.clone(),
            (4, (strip_h / 2) as i32 + text_width(&fig.y_label, text::AXIS) / 2),
            font(text::AXIS).transform(FontTransform::Rotate270),
        ))?;
        let (strip_w, _) = x_strip.dim_in_pixel();
        let centre = (Y_TICKS_WIDTH + (strip_w - Y_TICKS_WIDTH) / 2) as i32;
        let style = font(text::AXIS).color(&BLACK).pos(Pos::new(HPos::Center, VPos::Top));
        x_strip.draw(&Text::new(fig.x_label.clone(), (centre, 4), style))?;
        // The first column is wider by the room its tick labels take.
        let col_breaks: Vec<i32> = (1..cols).map(|c| (Y_TICKS_WIDTH + pw * c as u32) as i32).collect();
        let row_breaks: Vec<i32> = (1..rows).map(|r| (ph * r as u32) as i32).collect();
        for (k, (area, panel)) in
            grid.split_by_breakpoints(col_breaks, row_breaks).iter().zip(&fig.panels).enumerate()
        {
            let (row, col) = (k / cols, k % cols);
            let mut ctx = ChartBuilder::on(area)
                .caption(&panel.title, font(text::TICK))
                .margin(5)
                .margin_left(12)
                .margin_right(12)
                .x_label_area_size(20)
                .y_label_area_size(if col == 0 { Y_TICKS_WIDTH } else { 0 })
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
                .label_style(font(text::SMALL))
                .draw()?;
            // The note, line by line, 15 px apart.
            let line_step = (y1 - y0) * 15.0 / ctx.plotting_area().dim_in_pixel().1.max(1) as f64;
            for (k, line) in panel.note.lines().enumerate() {
                let at = (x0 + 0.04 * (x1 - x0), y1 - 0.06 * (y1 - y0) - k as f64 * line_step);
                let style = font(text::SMALL).style(FontStyle::Italic).color(&RGBColor(100, 100, 100));
                ctx.draw_series([Text::new(line.to_string(), at, style)])?;
            }
            for (i, s) in panel.series.iter().enumerate() {
                let stroke = line_stroke(i, s.dashed);
                let points = s.points.iter().copied().filter(|(x, y)| x.is_finite() && y.is_finite());
                match stroke.dash {
                    Some((dash, gap)) => {
                        ctx.draw_series(DashedLineSeries::new(points, dash, gap, stroke.style))?
                    }
                    None => ctx.draw_series(LineSeries::new(points, stroke.style))?,
                };
            }
        }
        Ok(())
    })
}

/// How the i-th line of every panel is drawn, in the panels and in the legend.
fn line_stroke(i: usize, dashed: bool) -> Stroke {
    Stroke { style: color(i).stroke_width(2), dash: dashed.then_some((5, 4)), marker: None }
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
