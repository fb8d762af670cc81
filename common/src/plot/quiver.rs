//! A vector field drawn as arrows (a "quiver" plot), optionally with paths of points on top:
//! the negative gradient of a function, and the steps gradient descent takes through it.

use std::path::Path;

use plotters::prelude::*;

use super::{PlotError, Stroke, color, draw_legend, font, legend_swatch, save_svg, text};

/// One arrow of a [`QuiverChart`]: it starts at `at` and points along `dir` (data units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arrow {
    /// Where the arrow starts.
    pub at: (f64, f64),
    /// Which way it points; its length is drawn to scale (see [`QuiverChart::scale`]).
    pub dir: (f64, f64),
}

/// A path of points drawn over the arrows, joined in order, each point marked.
#[derive(Debug, Clone, Default)]
pub struct QuiverPath {
    /// Shown in the legend (empty: no legend entry).
    pub label: String,
    /// The points, in order.
    pub points: Vec<(f64, f64)>,
}

/// A field of arrows over a plane, with optional level lines under it and paths over it.
#[derive(Debug, Clone, Default)]
pub struct QuiverChart {
    /// Title above the plot (may be empty).
    pub title: String,
    /// Label of the x axis.
    pub x_label: String,
    /// Label of the y axis.
    pub y_label: String,
    /// The arrows.
    pub arrows: Vec<Arrow>,
    /// An arrow is drawn from `at` to `at + scale·dir`. `None`: the longest arrow is as long
    /// as the average spacing between arrows (so no two overlap much).
    pub scale: Option<f64>,
    /// Arrows drawn light, as a background for the paths (by default: dark).
    pub faint_arrows: bool,
    /// Thin grey lines under everything (level sets of the function, for example).
    pub level_lines: Vec<Vec<(f64, f64)>>,
    /// Paths drawn over the arrows, each in its own colour.
    pub paths: Vec<QuiverPath>,
    /// x range shown.
    pub x_range: (f64, f64),
    /// y range shown.
    pub y_range: (f64, f64),
    /// Size in pixels; by default 600×560.
    pub size: Option<(u32, u32)>,
}

impl QuiverChart {
    /// The scale an arrow's `dir` is multiplied by: [`QuiverChart::scale`], or the one that
    /// makes the longest arrow as long as the spacing of a square grid of the same count.
    pub fn effective_scale(&self) -> f64 {
        if let Some(s) = self.scale {
            return s;
        }
        let longest = self.arrows.iter().map(|a| a.dir.0.hypot(a.dir.1)).fold(0.0, f64::max);
        if longest == 0.0 || self.arrows.is_empty() {
            return 1.0;
        }
        let area = (self.x_range.1 - self.x_range.0) * (self.y_range.1 - self.y_range.0);
        let spacing = (area.abs() / self.arrows.len() as f64).sqrt();
        spacing / longest
    }
}

/// Arrow ink: a dark slate that stays readable under the coloured paths.
const ARROW_COLOR: RGBColor = RGBColor(60, 70, 90);
/// Arrow ink when the arrows are only a background.
const FAINT_ARROW_COLOR: RGBColor = RGBColor(165, 175, 190);

/// Draws a [`QuiverChart`] to an SVG file.
pub fn quiver_chart(path: &Path, chart: &QuiverChart) -> Result<(), PlotError> {
    let scale = chart.effective_scale();
    save_svg(path, chart.size.unwrap_or((600, 560)), |root| {
        let (x0, x1) = chart.x_range;
        let (y0, y1) = chart.y_range;
        let mut ctx = ChartBuilder::on(root)
            .caption(&chart.title, font(text::TITLE))
            .margin(12)
            .x_label_area_size(48)
            .y_label_area_size(52)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        ctx.configure_mesh()
            .x_desc(&chart.x_label)
            .y_desc(&chart.y_label)
            .light_line_style(TRANSPARENT)
            .x_label_formatter(&|v| super::tick_label(*v))
            .y_label_formatter(&|v| super::tick_label(*v))
            .label_style(font(text::TICK))
            .axis_desc_style(font(text::AXIS))
            .draw()?;
        // The axes x = 0 and y = 0, dashed, as the book draws them.
        let axis_style = RGBColor(170, 170, 170).stroke_width(1);
        if x0 < 0.0 && x1 > 0.0 {
            ctx.draw_series(DashedLineSeries::new([(0.0, y0), (0.0, y1)], 4, 4, axis_style))?;
        }
        if y0 < 0.0 && y1 > 0.0 {
            ctx.draw_series(DashedLineSeries::new([(x0, 0.0), (x1, 0.0)], 4, 4, axis_style))?;
        }
        for line in &chart.level_lines {
            ctx.draw_series(LineSeries::new(line.iter().copied(), RGBColor(200, 200, 200).stroke_width(1)))?;
        }

        let ink = if chart.faint_arrows { FAINT_ARROW_COLOR } else { ARROW_COLOR };
        // Arrows: the shaft in data units, the head in pixels (so heads keep their shape
        // whatever the aspect ratio of the plot).
        for a in &chart.arrows {
            let tip = (a.at.0 + scale * a.dir.0, a.at.1 + scale * a.dir.1);
            let (p, q) = (ctx.backend_coord(&a.at), ctx.backend_coord(&tip));
            let (dx, dy) = ((q.0 - p.0) as f64, (q.1 - p.1) as f64);
            let len = dx.hypot(dy);
            if len < 0.5 {
                // A zero-length arrow (a point where the field vanishes): a small dot.
                root.draw(&Circle::new(p, 1, ink.filled()))?;
                continue;
            }
            let head = (0.4 * len).min(8.0);
            let (ux, uy) = (dx / len, dy / len);
            let base = (q.0 as f64 - head * ux, q.1 as f64 - head * uy);
            let half = 0.5 * head;
            let left = ((base.0 - half * uy).round() as i32, (base.1 + half * ux).round() as i32);
            let right = ((base.0 + half * uy).round() as i32, (base.1 - half * ux).round() as i32);
            let shaft_end = (base.0.round() as i32, base.1.round() as i32);
            root.draw(&PathElement::new(vec![p, shaft_end], ink.stroke_width(1)))?;
            root.draw(&Polygon::new(vec![q, left, right], ink.filled()))?;
        }

        for (i, path) in chart.paths.iter().enumerate() {
            let c = color(i + 1);
            let inside = |&(x, y): &(f64, f64)| x.is_finite() && y.is_finite();
            let points: Vec<(f64, f64)> = path.points.iter().copied().filter(inside).collect();
            // A line with a dot at each point, in the legend too.
            let stroke = Stroke { style: c.stroke_width(2), dash: None, marker: Some(3) };
            let drawn = ctx.draw_series(LineSeries::new(points.iter().copied(), stroke.style))?;
            if !path.label.is_empty() {
                drawn.label(&path.label).legend(move |at| legend_swatch(at, stroke));
            }
            ctx.draw_series(points.iter().map(|&p| Circle::new(p, 3, c.filled())))?;
            if let Some(&start) = points.first() {
                ctx.draw_series([Circle::new(start, 6, c.stroke_width(2))])?;
            }
        }
        if chart.paths.iter().any(|p| !p.label.is_empty()) {
            draw_legend(&mut ctx, SeriesLabelPosition::UpperRight)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field() -> QuiverChart {
        let mut arrows = Vec::new();
        for i in -4..=4 {
            for j in -4..=4 {
                let (x, y) = (i as f64 * 0.5, j as f64 * 0.5);
                arrows.push(Arrow { at: (x, y), dir: (-2.0 * x, -2.0 * y) });
            }
        }
        QuiverChart {
            title: "−∇f".into(),
            x_label: "x0".into(),
            y_label: "x1".into(),
            arrows,
            paths: vec![QuiverPath {
                label: "descent".into(),
                points: vec![(-2.0, 2.0), (-1.0, 1.0), (0.0, 0.0)],
            }],
            level_lines: vec![vec![(1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)]],
            x_range: (-2.5, 2.5),
            y_range: (-2.5, 2.5),
            ..Default::default()
        }
    }

    #[test]
    fn the_default_scale_makes_the_longest_arrow_one_grid_spacing_long() {
        let chart = field();
        // 81 arrows over 25 square units: spacing 5/9; the longest dir has length 4√2.
        let expected = (25.0f64 / 81.0).sqrt() / (4.0 * 2f64.sqrt());
        assert!((chart.effective_scale() - expected).abs() < 1e-12);
    }

    #[test]
    fn a_quiver_chart_renders_to_svg_with_arrows_and_its_path() {
        let path = std::env::temp_dir().join(format!("dlfs-quiver-{}/field.svg", std::process::id()));
        quiver_chart(&path, &field()).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("−∇f") && svg.contains("descent"));
        assert!(svg.matches("<polygon").count() >= 80, "one head per non-zero arrow");
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }
}
