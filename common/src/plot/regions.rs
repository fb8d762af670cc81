//! Decision regions: what a classifier answers at every point of a rectangle, drawn as a grid of
//! tinted cells, with the data points on top (a colour and a marker shape per class) and,
//! optionally, straight lines a·x + b·y + c = 0 (a perceptron's boundary, say).
//!
//! The grid is plain numbers, so a classifier can fill it however suits it: point by point
//! with [`RegionGrid::classes`], or all at once by predicting a batch of
//! [`RegionGrid::centers`] and handing the answers to [`RegionGrid::new`]. Runs of equal cells
//! are merged into one rectangle, so even a fine grid stays a small SVG.

use std::path::Path;

use plotters::coord::Shift;
use plotters::element::ComposedElement;
use plotters::prelude::*;

use super::{PlotError, color, padded_range, register_fonts, tick_label};
use crate::files::write_atomically;

/// What the cells of a [`RegionGrid`] hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Fill {
    /// One class per cell, drawn as a light tint of that class's colour.
    Classes(Vec<usize>),
    /// The probability of class 1 per cell, in [0, 1]: class 0's tint near 0, white near 0.5
    /// (the classifier is unsure), class 1's tint near 1.
    Probability(Vec<f64>),
}

impl Fill {
    fn len(&self) -> usize {
        match self {
            Fill::Classes(v) => v.len(),
            Fill::Probability(v) => v.len(),
        }
    }
}

/// A rectangle cut into `cells.0 × cells.1` cells, with one value per cell.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionGrid {
    /// (left, right) edge of the grid.
    pub x_range: (f64, f64),
    /// (bottom, top) edge of the grid.
    pub y_range: (f64, f64),
    /// Number of cells across (x) and up (y).
    pub cells: (usize, usize),
    /// One value per cell, row by row from the bottom row up, each row from left to right
    /// (the order of [`RegionGrid::centers`]).
    pub fill: Fill,
}

impl RegionGrid {
    /// A grid over `x_range × y_range` holding `fill` (one value per cell, in the order of
    /// [`RegionGrid::centers`]). A `fill` of the wrong length is reported when drawing.
    pub fn new(x_range: (f64, f64), y_range: (f64, f64), cells: (usize, usize), fill: Fill) -> Self {
        RegionGrid { x_range, y_range, cells, fill }
    }

    /// The centre of every cell, bottom row first, each row from left to right: the points to
    /// predict when a classifier prefers one batch to many single calls.
    pub fn centers(x_range: (f64, f64), y_range: (f64, f64), cells: (usize, usize)) -> Vec<(f64, f64)> {
        let (nx, ny) = cells;
        let dx = (x_range.1 - x_range.0) / nx as f64;
        let dy = (y_range.1 - y_range.0) / ny as f64;
        (0..ny)
            .flat_map(|j| {
                (0..nx).map(move |i| (x_range.0 + (i as f64 + 0.5) * dx, y_range.0 + (j as f64 + 0.5) * dy))
            })
            .collect()
    }

    /// Asks `class_at(x, y)` for the class at the centre of every cell.
    pub fn classes(
        x_range: (f64, f64),
        y_range: (f64, f64),
        cells: (usize, usize),
        mut class_at: impl FnMut(f64, f64) -> usize,
    ) -> Self {
        let values =
            Self::centers(x_range, y_range, cells).into_iter().map(|(x, y)| class_at(x, y)).collect();
        Self::new(x_range, y_range, cells, Fill::Classes(values))
    }

    /// Asks `probability_at(x, y)` for the probability of class 1 at the centre of every cell.
    pub fn probabilities(
        x_range: (f64, f64),
        y_range: (f64, f64),
        cells: (usize, usize),
        mut probability_at: impl FnMut(f64, f64) -> f64,
    ) -> Self {
        let values =
            Self::centers(x_range, y_range, cells).into_iter().map(|(x, y)| probability_at(x, y)).collect();
        Self::new(x_range, y_range, cells, Fill::Probability(values))
    }

    /// The tint of every cell, quantised so that neighbours that look alike are equal and can
    /// be merged.
    fn tints(&self) -> Vec<RGBColor> {
        match &self.fill {
            Fill::Classes(classes) => classes.iter().map(|&c| tint(color(c), REGION_TINT)).collect(),
            Fill::Probability(ps) => ps
                .iter()
                .map(|&p| {
                    let p = if p.is_finite() { p.clamp(0.0, 1.0) } else { 0.5 };
                    // 0 at p = 0.5, 1 at p = 0 or 1; in 10 steps.
                    let strength = ((p - 0.5).abs() * 2.0 * 10.0).round() / 10.0;
                    tint(color(usize::from(p > 0.5)), REGION_TINT * strength)
                })
                .collect(),
        }
    }

    /// Rectangles of equal tint, in cell units: (column, row, width, height, tint). Each row is
    /// cut into runs of equal cells; a run is stretched upward while the rows above repeat it.
    fn merged_cells(&self) -> Vec<(usize, usize, usize, usize, RGBColor)> {
        let (nx, ny) = self.cells;
        let tints = self.tints();
        let runs_of_row = |j: usize| {
            let row = &tints[j * nx..(j + 1) * nx];
            let mut runs = Vec::new();
            let mut start = 0;
            for i in 1..=nx {
                if i == nx || row[i] != row[start] {
                    runs.push((start, i - start, row[start]));
                    start = i;
                }
            }
            runs
        };
        let mut done = Vec::new();
        // Runs still growing upward: (column, first row, width, height, tint).
        let mut open: Vec<(usize, usize, usize, usize, RGBColor)> = Vec::new();
        for j in 0..ny {
            let runs = runs_of_row(j);
            let mut next = Vec::with_capacity(runs.len());
            for (i, w, t) in runs {
                match open.iter().position(|&(oi, _, ow, _, ot)| oi == i && ow == w && ot == t) {
                    Some(k) => {
                        let (oi, oj, ow, oh, ot) = open.swap_remove(k);
                        next.push((oi, oj, ow, oh + 1, ot));
                    }
                    None => next.push((i, j, w, 1, t)),
                }
            }
            done.append(&mut open);
            open = next;
        }
        done.append(&mut open);
        done
    }
}

/// How strongly a region is tinted with its class colour (0 = white, 1 = the full colour).
const REGION_TINT: f64 = 0.22;

/// `c` mixed with white: `strength` of the colour, the rest white.
fn tint(c: RGBColor, strength: f64) -> RGBColor {
    let mix = |v: u8| (v as f64 * strength + 255.0 * (1.0 - strength)).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// A data point, coloured and shaped by its class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassPoint {
    pub x: f64,
    pub y: f64,
    pub class: usize,
    /// Drawn with a red ring around it (a misclassified point, say).
    pub highlight: bool,
}

impl ClassPoint {
    /// The point (x, y) of class `class`.
    pub fn new(x: f64, y: f64, class: usize) -> Self {
        ClassPoint { x, y, class, highlight: false }
    }

    /// With a red ring around it.
    pub fn highlighted(mut self) -> Self {
        self.highlight = true;
        self
    }
}

/// A piece of a line: its two ends (x, y).
pub type Segment = ((f64, f64), (f64, f64));

/// The straight line a·x + b·y + c = 0, drawn across the plot.
#[derive(Debug, Clone, PartialEq)]
pub struct StraightLine {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    /// Shown in the legend (none if empty).
    pub label: String,
    pub color: RGBColor,
    pub dashed: bool,
    pub width: u32,
}

impl StraightLine {
    /// The line a·x + b·y + c = 0, solid black.
    pub fn new(a: f64, b: f64, c: f64) -> Self {
        StraightLine { a, b, c, label: String::new(), color: BLACK, dashed: false, width: 2 }
    }

    /// Named in the legend.
    pub fn labeled(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// In colour `c`.
    pub fn colored(mut self, c: RGBColor) -> Self {
        self.color = c;
        self
    }

    /// Drawn dashed.
    pub fn dashed(mut self) -> Self {
        self.dashed = true;
        self
    }

    /// `width` pixels wide.
    pub fn width(mut self, width: u32) -> Self {
        self.width = width;
        self
    }

    /// The piece of the line inside the rectangle `x_range × y_range`, if it crosses it.
    pub fn clip(&self, x_range: (f64, f64), y_range: (f64, f64)) -> Option<Segment> {
        let (a, b, c) = (self.a, self.b, self.c);
        let inside = |(x, y): (f64, f64)| {
            let ex = 1e-9 * (x_range.1 - x_range.0).abs();
            let ey = 1e-9 * (y_range.1 - y_range.0).abs();
            x >= x_range.0 - ex && x <= x_range.1 + ex && y >= y_range.0 - ey && y <= y_range.1 + ey
        };
        let mut hits: Vec<(f64, f64)> = Vec::new();
        if b != 0.0 {
            for x in [x_range.0, x_range.1] {
                hits.push((x, -(a * x + c) / b));
            }
        }
        if a != 0.0 {
            for y in [y_range.0, y_range.1] {
                hits.push((-(b * y + c) / a, y));
            }
        }
        hits.retain(|&p| p.0.is_finite() && p.1.is_finite() && inside(p));
        // The two hits farthest apart (a line through a corner hits two edges at one point).
        let mut best: Option<(Segment, f64)> = None;
        for (i, &p) in hits.iter().enumerate() {
            for &q in &hits[i + 1..] {
                let d = (p.0 - q.0).powi(2) + (p.1 - q.1).powi(2);
                if best.is_none_or(|(_, bd)| d > bd) {
                    best = Some(((p, q), d));
                }
            }
        }
        best.filter(|&(_, d)| d > 0.0).map(|(segment, _)| segment)
    }
}

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
    // Like `save_svg`, except that each panel's cells are spliced in afterwards as compact
    // paths: written by plotters, every cell would be a ~90-byte <rect> element.
    register_fonts();
    let mut svg = String::new();
    let mut cells = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(|e| draw_error(e.to_string()))?;
        let panels = root.split_evenly((layout.1, layout.0));
        for (k, (plot, area)) in plots.iter().zip(panels.iter()).enumerate() {
            cells.push(draw_region_plot(area, plot, k).map_err(|e| draw_error(e.to_string()))?);
        }
        root.present().map_err(|e| draw_error(e.to_string()))?;
    }
    for (k, paths) in cells.iter().enumerate() {
        svg =
            splice_cells(&svg, k, paths).ok_or_else(|| draw_error(format!("lost the cells of panel {k}")))?;
    }
    write_atomically(path, |out| std::io::Write::write_all(out, svg.as_bytes()))
        .map_err(|source| PlotError::Write { path: path.display().to_string(), source })
}

/// The colour of the placeholder drawn where panel `k`'s cells go (a colour no figure uses).
fn placeholder_color(k: usize) -> RGBColor {
    RGBColor(254, 1, (k % 256) as u8)
}

/// Replaces panel `k`'s placeholder element in `svg` by `paths`; `None` if it is missing.
fn splice_cells(svg: &str, k: usize, paths: &str) -> Option<String> {
    let c = placeholder_color(k);
    let fill = format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2);
    let at = svg.find(&fill)?;
    let start = svg[..at].rfind('<')?;
    let end = at + svg[at..].find("/>")? + 2;
    Some(format!("{}{}{}", &svg[..start], paths, &svg[end..]))
}

/// Draws one [`RegionPlot`] into `area` (one panel of a figure). The cells are not drawn but
/// returned as SVG paths, one per tint, and a placeholder marks where they go.
fn draw_region_plot(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    plot: &RegionPlot,
    k: usize,
) -> Result<String, Box<dyn std::error::Error>> {
    let (x0, x1) = plot
        .x_range
        .or(plot.grid.as_ref().map(|g| g.x_range))
        .unwrap_or_else(|| padded_range(plot.points.iter().map(|p| p.x), 0.1));
    let (y0, y1) = plot
        .y_range
        .or(plot.grid.as_ref().map(|g| g.y_range))
        .unwrap_or_else(|| padded_range(plot.points.iter().map(|p| p.y), 0.1));
    // The title's font shrinks (down to 12) when the title would be wider than the panel; a
    // character of DejaVu Sans is about 0.42 × the font size wide as plotters writes it.
    let panel_width = area.dim_in_pixel().0 as f64;
    let chars = plot.title.chars().count().max(1) as f64;
    let title_size = ((panel_width - 40.0) / (0.42 * chars)).floor().clamp(12.0, 20.0) as u32;
    let mut ctx = ChartBuilder::on(area)
        .caption(&plot.title, ("sans-serif", title_size))
        .margin(10)
        .x_label_area_size(44)
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
    ctx.draw_series(std::iter::once(Rectangle::new([(x0, y0), (x0, y0)], placeholder_color(k).filled())))?;

    ctx.configure_mesh()
        .x_desc(&plot.x_label)
        .y_desc(&plot.y_label)
        .disable_mesh()
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| tick_label(*v))
        .y_label_formatter(&|v| tick_label(*v))
        .label_style(("sans-serif", 15))
        .axis_desc_style(("sans-serif", 17))
        .draw()?;

    for line in &plot.lines {
        let Some((p, q)) = line.clip((x0, x1), (y0, y1)) else { continue };
        let style = line.color.stroke_width(line.width);
        let drawn = if line.dashed {
            ctx.draw_series(DashedLineSeries::new([p, q], 8, 5, style))?
        } else {
            ctx.draw_series(LineSeries::new([p, q], style))?
        };
        if !line.label.is_empty() {
            let gap = if line.dashed { 4 } else { 0 };
            drawn.label(&line.label).legend(move |(x, y)| {
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), (7, 0)], style)
                    + PathElement::new(vec![(7 + gap, 0), (18, 0)], style)
            });
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
    if any_label {
        ctx.configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(RGBColor(180, 180, 180))
            .label_font(("sans-serif", 15))
            .position(plot.legend_position.clone().unwrap_or(SeriesLabelPosition::UpperRight))
            .draw()?;
    }
    Ok(paths)
}

/// A tick value as a person writes it: 0.5, 1, −0.5 (never "-0.0" or "0.30000000000000004").
/// Half-size of a point's marker, in pixels.
const MARKER_SIZE: i32 = 6;

/// The corners of `class`'s marker shape around (0, 0), in pixels of half-size `s`: circle
/// (`None`), triangle, square, diamond, upside-down triangle, pentagon, then again.
fn marker_corners(class: usize, s: i32) -> Option<Vec<(i32, i32)>> {
    let unit: Vec<(f64, f64)> = match class % 6 {
        0 => return None,
        1 => vec![(0.0, -1.25), (1.15, 0.8), (-1.15, 0.8)],
        2 => vec![(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)],
        3 => vec![(0.0, -1.25), (1.1, 0.0), (0.0, 1.25), (-1.1, 0.0)],
        4 => vec![(0.0, 1.25), (1.15, -0.8), (-1.15, -0.8)],
        _ => regular_polygon(5, 1.1),
    };
    Some(unit.iter().map(|&(x, y)| ((x * s as f64).round() as i32, (y * s as f64).round() as i32)).collect())
}

/// `n` corners on a circle of radius `r`, the first at the top.
fn regular_polygon(n: usize, r: f64) -> Vec<(f64, f64)> {
    (0..n)
        .map(|k| {
            let angle = std::f64::consts::TAU * k as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
            (r * angle.cos(), r * angle.sin())
        })
        .collect()
}

/// A filled polygon with an outline, placed at a point.
type OutlinedPolygon<C, DB> = ComposedElement<C, DB, Polygon<(i32, i32)>, PathElement<(i32, i32)>>;

/// A filled polygon outlined in black, its corners given in pixels around `at`.
fn outlined_polygon<DB: DrawingBackend, C>(
    at: C,
    corners: Vec<(i32, i32)>,
    fill: ShapeStyle,
) -> OutlinedPolygon<C, DB> {
    let mut closed = corners.clone();
    closed.push(corners[0]);
    EmptyElement::at(at) + Polygon::new(corners, fill) + PathElement::new(closed, BLACK.stroke_width(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_svg(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("dlfs-regions-{}/{name}.svg", std::process::id()))
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
    fn tick_labels_have_no_negative_zero_and_no_float_noise() {
        assert_eq!(tick_label(-1e-17), "0");
        assert_eq!(tick_label(0.1 + 0.2), "0.3");
        assert_eq!(tick_label(-0.5), "-0.5");
        assert_eq!(tick_label(1.0), "1");
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
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
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
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
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
