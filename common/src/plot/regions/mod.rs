//! Decision regions: what a classifier answers at every point of a rectangle, drawn as a grid of
//! tinted cells, with the data points on top (a colour and a marker shape per class) and,
//! optionally, straight lines a·x + b·y + c = 0 (a perceptron's boundary, say).
//!
//! The grid is plain numbers, so a classifier can fill it however suits it: point by point
//! with [`RegionGrid::classes`], or all at once by predicting a batch of
//! [`RegionGrid::centers`] and handing the answers to [`RegionGrid::new`]. Cells of equal tint
//! are merged into rectangles ([`grid`]), so even a fine grid stays a small SVG; the points and
//! lines drawn on top are in [`marks`].

mod grid;
mod legend;
mod marks;

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

pub use grid::{Fill, RegionGrid};
pub use marks::{ClassPoint, StraightLine};
use marks::{MARKER_SIZE, marker_corners, outlined_polygon, regular_polygon};

use super::{PlotError, Stroke, color, font, legend_swatch, padded_range, register_fonts, text, tick_label};

/// Dash and gap of a dashed line, in pixels.
const LINE_DASH: (u32, u32) = (8, 5);
use crate::files::write_atomically;

/// A decision-region figure: a tinted grid, points on top, lines, a title and axis labels.
#[derive(Debug, Clone, Default)]
pub struct RegionPlot {
    /// Title above the plot (may be empty).
    pub title: String,
    /// Label of the x axis.
    pub x_label: String,
    /// Label of the y axis.
    pub y_label: String,
    /// What the classifier says everywhere (none: a white background).
    pub grid: Option<RegionGrid>,
    /// The data.
    pub points: Vec<ClassPoint>,
    /// Straight lines, drawn between the grid and the points.
    pub lines: Vec<StraightLine>,
    /// Legend names of the classes, by class number; classes without a name are not listed.
    pub class_names: Vec<String>,
    /// Shown range; by default the grid's, or else the points' with a margin.
    pub x_range: Option<(f64, f64)>,
    /// Shown range; by default the grid's, or else the points' with a margin.
    pub y_range: Option<(f64, f64)>,
    /// Where the legend goes; by default the upper right corner.
    pub legend_position: Option<SeriesLabelPosition>,
    /// Draw the legend under the plot, in rows, instead of inside it (for figures of several
    /// small panels, where a legend inside would cover points).
    pub legend_below: bool,
    /// Size in pixels when drawn alone; by default 480×480.
    pub size: Option<(u32, u32)>,
    /// Half-size of the point markers in pixels; by default 6 (try 3 or 4 for hundreds of points).
    pub marker_size: Option<u32>,
}

/// Draws a [`RegionPlot`] to an SVG file.
pub fn region_plot(path: &Path, plot: &RegionPlot) -> Result<(), PlotError> {
    region_plots(path, plot.size.unwrap_or((480, 480)), (1, 1), std::slice::from_ref(plot))
}

/// Draws several [`RegionPlot`]s side by side in one SVG file of `size` pixels, in a grid of
/// `layout.0` columns and `layout.1` rows, filled row by row.
pub fn region_plots(
    path: &Path,
    size: (u32, u32),
    layout: (usize, usize),
    plots: &[RegionPlot],
) -> Result<(), PlotError> {
    let draw_error = |reason: String| PlotError::Draw { path: path.display().to_string(), reason };
    for plot in plots {
        if let Some(grid) = &plot.grid {
            let expected = grid.cells.0 * grid.cells.1;
            if grid.fill.len() != expected {
                return Err(draw_error(format!(
                    "the region grid has {} values for {}×{} = {expected} cells",
                    grid.fill.len(),
                    grid.cells.0,
                    grid.cells.1
                )));
            }
        }
    }
    // The cells are written as one compact SVG path per tint (through plotters, each cell would
    // be a ~90-byte <rect>): plotters draws the rest of the figure on a transparent background,
    // and the white background and the cells go first in the file, right after the opening
    // <svg> tag, so that everything plotters drew lies on top of them.
    register_fonts();
    let mut svg = String::new();
    let mut cells = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let panels = root.split_evenly((layout.1, layout.0));
        // Legends under the plots: one height for a row of panels, so that their plots line up.
        let strip = |plot: &RegionPlot, area: &DrawingArea<SVGBackend<'_>, Shift>| {
            let entries = if plot.legend_below { legend::entries(plot, LINE_DASH) } else { Vec::new() };
            legend::height(&entries, area.dim_in_pixel().0)
        };
        let cols = layout.0.max(1);
        let heights: Vec<u32> = plots.iter().zip(panels.iter()).map(|(p, a)| strip(p, a)).collect();
        for (k, (plot, area)) in plots.iter().zip(panels.iter()).enumerate() {
            let row = k / cols;
            let strip_h = heights.iter().skip(row * cols).take(cols).copied().max().unwrap_or(0);
            cells += &draw_region_plot(area, plot, strip_h).map_err(|e| draw_error(e.to_string()))?;
        }
        root.present().map_err(|e| draw_error(e.to_string()))?;
    }
    let after_open_tag =
        svg.find('>').map(|i| i + 1).ok_or_else(|| draw_error("plotters wrote no <svg> tag".into()))?;
    let background =
        format!("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#FFFFFF\"/>\n", size.0, size.1);
    let figure = format!("{}\n{background}{cells}{}", &svg[..after_open_tag], &svg[after_open_tag..]);
    write_atomically(path, |out| std::io::Write::write_all(out, figure.as_bytes()))
        .map_err(|source| PlotError::Write { path: path.display().to_string(), source })
}

/// Draws one [`RegionPlot`] into `area` (one panel of a figure): the axes, the lines, the
/// points and the legend (in a strip `strip_h` pixels high under the plot, if it goes below).
/// The cells are returned, not drawn: SVG paths in the figure's pixels, one per tint, each the
/// rectangles of equal tint that [`RegionGrid`] merged.
fn draw_region_plot(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    plot: &RegionPlot,
    strip_h: u32,
) -> Result<String, Box<dyn std::error::Error>> {
    let (x0, x1) = plot
        .x_range
        .or(plot.grid.as_ref().map(|g| g.x_range))
        .unwrap_or_else(|| padded_range(plot.points.iter().map(|p| p.x), 0.1));
    let (y0, y1) = plot
        .y_range
        .or(plot.grid.as_ref().map(|g| g.y_range))
        .unwrap_or_else(|| padded_range(plot.points.iter().map(|p| p.y), 0.1));
    // The title's font shrinks (from 17 down to 12 pixels) when the title would be wider than
    // the panel; a character of DejaVu Sans is about 0.55 of the font size wide on average.
    let panel_width = area.dim_in_pixel().0 as f64;
    let chars = plot.title.chars().count().max(1) as f64;
    let title_size = ((panel_width - 24.0) / (0.55 * chars)).floor().clamp(text::SMALL, text::TITLE);
    let below = if plot.legend_below { legend::entries(plot, LINE_DASH) } else { Vec::new() };
    let (_, panel_height) = area.dim_in_pixel();
    let (area, strip) = area.split_vertically(panel_height - strip_h);
    legend::draw(&strip, &below)?;
    let mut ctx = ChartBuilder::on(&area)
        .caption(&plot.title, font(title_size))
        .margin(10)
        .x_label_area_size(46)
        .y_label_area_size(52)
        .build_cartesian_2d(x0..x1, y0..y1)?;

    let mut paths = String::new();
    if let Some(grid) = &plot.grid {
        let (gx, gy) = (grid.x_range, grid.y_range);
        let dx = (gx.1 - gx.0) / grid.cells.0 as f64;
        let dy = (gy.1 - gy.0) / grid.cells.1 as f64;
        // One path per tint: "M x y h w v h h −w z" for each merged rectangle, in pixels.
        let mut by_tint: Vec<(RGBColor, String)> = Vec::new();
        for (i, j, w, h, t) in grid.merged_cells() {
            let a = ctx.backend_coord(&(gx.0 + i as f64 * dx, gy.0 + (j + h) as f64 * dy));
            let b = ctx.backend_coord(&(gx.0 + (i + w) as f64 * dx, gy.0 + j as f64 * dy));
            let (left, top, right, bottom) = (a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1));
            if right == left || bottom == top {
                continue;
            }
            let d = format!("M{left} {top}h{}v{}h{}z", right - left, bottom - top, left - right);
            match by_tint.iter_mut().find(|(c, _)| *c == t) {
                Some((_, all)) => all.push_str(&d),
                None => by_tint.push((t, d)),
            }
        }
        for (c, d) in by_tint {
            paths += &format!("<path fill=\"#{:02X}{:02X}{:02X}\" d=\"{d}\"/>\n", c.0, c.1, c.2);
        }
    }

    ctx.configure_mesh()
        .x_desc(&plot.x_label)
        .y_desc(&plot.y_label)
        .disable_mesh()
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| tick_label(*v))
        .y_label_formatter(&|v| tick_label(*v))
        .label_style(font(text::TICK))
        .axis_desc_style(font(text::AXIS))
        .draw()?;

    for line in &plot.lines {
        let Some((p, q)) = line.clip((x0, x1), (y0, y1)) else { continue };
        let stroke = Stroke {
            style: line.color.stroke_width(line.width),
            dash: line.dashed.then_some(LINE_DASH),
            marker: None,
        };
        let drawn = match stroke.dash {
            Some((dash, gap)) => ctx.draw_series(DashedLineSeries::new([p, q], dash, gap, stroke.style))?,
            None => ctx.draw_series(LineSeries::new([p, q], stroke.style))?,
        };
        if !line.label.is_empty() {
            drawn.label(&line.label).legend(move |at| legend_swatch(at, stroke));
        }
    }

    let size = plot.marker_size.map_or(MARKER_SIZE, |s| s.max(1) as i32);
    let max_class = plot.points.iter().map(|p| p.class + 1).max().unwrap_or(0);
    for class in 0..max_class {
        let fill = color(class).filled();
        let of_class = plot.points.iter().filter(|p| p.class == class).map(|p| (p.x, p.y));
        let drawn = match marker_corners(class, size) {
            None => ctx.draw_series(of_class.map(|at| {
                EmptyElement::at(at)
                    + Circle::new((0, 0), size, fill)
                    + Circle::new((0, 0), size, BLACK.stroke_width(1))
            }))?,
            Some(corners) => {
                ctx.draw_series(of_class.map(|at| outlined_polygon(at, corners.clone(), fill)))?
            }
        };
        if let Some(name) = plot.class_names.get(class).filter(|n| !n.is_empty()) {
            drawn.label(name).legend(move |(x, y)| {
                // The shape of the plot's markers at full size; a circle as a 16-gon, so both cases
                // have one type.
                let corners = marker_corners(class, MARKER_SIZE).unwrap_or_else(|| {
                    let r = MARKER_SIZE as f64;
                    regular_polygon(16, r)
                        .iter()
                        .map(|&(x, y)| (x.round() as i32, y.round() as i32))
                        .collect()
                });
                outlined_polygon((x + 9, y), corners, fill)
            });
        }
    }
    ctx.draw_series(
        plot.points
            .iter()
            .filter(|p| p.highlight)
            .map(|p| Circle::new((p.x, p.y), size + 6, RGBColor(220, 0, 0).stroke_width(3))),
    )?;

    let any_label =
        plot.lines.iter().any(|l| !l.label.is_empty()) || plot.class_names.iter().any(|n| !n.is_empty());
    if any_label && !plot.legend_below {
        ctx.configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(RGBColor(180, 180, 180))
            .label_font(font(text::TICK))
            .legend_area_size(34)
            .position(plot.legend_position.clone().unwrap_or(SeriesLabelPosition::UpperRight))
            .draw()?;
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_svg(name: &str) -> std::path::PathBuf {
        static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
        DIR.get_or_init(|| tempfile::tempdir().unwrap()).path().join(format!("{name}.svg"))
    }

    #[test]
    fn centers_run_row_by_row_from_the_bottom_left() {
        let c = RegionGrid::centers((0.0, 2.0), (0.0, 1.0), (2, 2));
        assert_eq!(c, vec![(0.5, 0.25), (1.5, 0.25), (0.5, 0.75), (1.5, 0.75)]);
    }

    #[test]
    fn merged_cells_cover_every_cell_exactly_once_with_its_own_tint() {
        // Three classes in wedges: the merge must neither lose nor repaint a cell.
        let grid = RegionGrid::classes((-1.0, 1.0), (-1.0, 1.0), (37, 23), |x, y| {
            if x > y {
                0
            } else if x * x + y * y < 0.3 {
                1
            } else {
                2
            }
        });
        let tints = grid.tints();
        let mut seen = vec![0; 37 * 23];
        for (i, j, w, h, t) in grid.merged_cells() {
            for jj in j..j + h {
                for ii in i..i + w {
                    seen[jj * 37 + ii] += 1;
                    assert_eq!(tints[jj * 37 + ii], t);
                }
            }
        }
        assert!(seen.iter().all(|&n| n == 1));
    }

    #[test]
    fn a_uniform_grid_becomes_one_rectangle() {
        let grid = RegionGrid::classes((0.0, 1.0), (0.0, 1.0), (50, 40), |_, _| 3);
        assert_eq!(grid.merged_cells().len(), 1);
    }

    #[test]
    fn a_line_is_clipped_to_the_rectangle() {
        // x + y − 1 = 0 across [0, 1]²: from (0, 1) to (1, 0).
        let (p, q) = StraightLine::new(1.0, 1.0, -1.0).clip((0.0, 1.0), (0.0, 1.0)).unwrap();
        let mut ends = [p, q];
        ends.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert_eq!(ends, [(0.0, 1.0), (1.0, 0.0)]);
        // A vertical line x = 0.5 and a line that misses the rectangle.
        let (p, q) = StraightLine::new(1.0, 0.0, -0.5).clip((0.0, 1.0), (-2.0, 2.0)).unwrap();
        assert_eq!((p.0, q.0), (0.5, 0.5));
        assert_eq!((p.1 - q.1).abs(), 4.0);
        assert!(StraightLine::new(1.0, 1.0, -5.0).clip((0.0, 1.0), (0.0, 1.0)).is_none());
    }

    #[test]
    fn a_region_plot_renders_with_points_lines_and_legend() {
        let path = temp_svg("gate");
        let plot = RegionPlot {
            title: "AND".into(),
            x_label: "x₁".into(),
            y_label: "x₂".into(),
            grid: Some(RegionGrid::classes((-0.5, 1.5), (-0.5, 1.5), (80, 80), |x, y| {
                usize::from(0.5 * x + 0.5 * y - 0.7 > 0.0)
            })),
            points: vec![
                ClassPoint::new(0.0, 0.0, 0),
                ClassPoint::new(1.0, 0.0, 0),
                ClassPoint::new(0.0, 1.0, 0),
                ClassPoint::new(1.0, 1.0, 1).highlighted(),
            ],
            lines: vec![StraightLine::new(0.5, 0.5, -0.7).labeled("0.5x₁ + 0.5x₂ − 0.7 = 0").dashed()],
            class_names: vec!["y = 0".into(), "y = 1".into()],
            ..Default::default()
        };
        region_plot(&path, &plot).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("AND") && svg.contains("0.5x₁ + 0.5x₂ − 0.7 = 0") && svg.contains("y = 1"));
        assert!(svg.contains("<polygon"), "triangles for class 1");
    }

    #[test]
    fn a_fine_many_class_figure_with_hundreds_of_points_stays_small() {
        // Chapter 4's kind of figure: three spiral arms, 300 points, a 200×200 grid.
        let mut points = Vec::new();
        for class in 0..3 {
            for k in 0..100 {
                let r = k as f64 / 100.0;
                let t = class as f64 * 4.0 + 4.0 * r + ((k * 7919 % 100) as f64 / 100.0 - 0.5) * 0.4;
                points.push(ClassPoint::new(r * t.sin(), r * t.cos(), class));
            }
        }
        let nearest = |x: f64, y: f64| {
            let d = |p: &ClassPoint| (p.x - x).powi(2) + (p.y - y).powi(2);
            points.iter().min_by(|a, b| d(a).total_cmp(&d(b))).unwrap().class
        };
        let grid = RegionGrid::classes((-1.0, 1.0), (-1.0, 1.0), (200, 200), nearest);
        let probability = RegionGrid::probabilities((-1.0, 1.0), (-1.0, 1.0), (200, 200), |x, y| {
            1.0 / (1.0 + (-4.0 * x * y).exp())
        });
        let plots = [
            RegionPlot {
                title: "nearest neighbour".into(),
                grid: Some(grid),
                points: points.clone(),
                class_names: vec!["0".into(), "1".into(), "2".into()],
                ..Default::default()
            },
            RegionPlot { title: "probability".into(), grid: Some(probability), points, ..Default::default() },
        ];
        let path = temp_svg("spiral");
        region_plots(&path, (960, 480), (2, 1), &plots).unwrap();
        let bytes = std::fs::metadata(&path).unwrap().len();
        assert!(bytes < 300_000, "{bytes} bytes");
    }

    #[test]
    fn a_grid_of_the_wrong_length_is_an_error_not_a_panic() {
        let plot = RegionPlot {
            grid: Some(RegionGrid::new((0.0, 1.0), (0.0, 1.0), (3, 3), Fill::Classes(vec![0; 8]))),
            ..Default::default()
        };
        let err = region_plot(&temp_svg("wrong"), &plot).unwrap_err();
        assert!(err.to_string().contains("8 values for 3×3 = 9 cells"), "{err}");
    }
}
