//! Contour lines of a function of two variables, with paths drawn over them: where an
//! optimizer walks on a loss surface. One panel, or several side by side.
//!
//! The lines are found by marching squares: sample f on a grid, and in every grid cell
//! join the points where f crosses the level (found by linear interpolation along the
//! cell's edges). The pieces are then chained into polylines.

use std::collections::HashMap;
use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{PlotError, font, save_svg, text};

/// f sampled on a regular grid: `z[j][i] = f(xs[i], ys[j])`.
#[derive(Debug, Clone)]
pub struct ContourGrid {
    /// The x of each grid column, increasing.
    pub xs: Vec<f64>,
    /// The y of each grid row, increasing.
    pub ys: Vec<f64>,
    /// The values, one row per y.
    pub z: Vec<Vec<f64>>,
}

impl ContourGrid {
    /// Samples `f` on `nx` × `ny` points spanning the two ranges.
    pub fn sample(
        f: impl Fn(f64, f64) -> f64,
        x_range: (f64, f64),
        y_range: (f64, f64),
        nx: usize,
        ny: usize,
    ) -> Self {
        let line = |(lo, hi): (f64, f64), n: usize| -> Vec<f64> {
            (0..n).map(|i| lo + (hi - lo) * i as f64 / (n.max(2) - 1) as f64).collect()
        };
        let (xs, ys) = (line(x_range, nx), line(y_range, ny));
        let z = ys.iter().map(|&y| xs.iter().map(|&x| f(x, y)).collect()).collect();
        ContourGrid { xs, ys, z }
    }

    /// The polylines along which f = `level`.
    pub fn contour_lines(&self, level: f64) -> Vec<Vec<(f64, f64)>> {
        contour_lines(self, level)
    }
}

/// A crossing point of a level line, named by the grid edge it lies on: horizontal edges
/// join (i, j)–(i+1, j), vertical ones (i, j)–(i, j+1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Edge {
    H(usize, usize),
    V(usize, usize),
}

/// Marching squares for one level: the pieces of line in every cell, chained.
pub fn contour_lines(grid: &ContourGrid, level: f64) -> Vec<Vec<(f64, f64)>> {
    let (nx, ny) = (grid.xs.len(), grid.ys.len());
    let z = |i: usize, j: usize| grid.z[j][i];
    let above = |i: usize, j: usize| z(i, j) >= level;
    // Where the level crosses an edge, by linear interpolation between its two ends.
    let point = |e: Edge| -> (f64, f64) {
        let ((i0, j0), (i1, j1)) = match e {
            Edge::H(i, j) => ((i, j), (i + 1, j)),
            Edge::V(i, j) => ((i, j), (i, j + 1)),
        };
        let (a, b) = (z(i0, j0), z(i1, j1));
        let t = if b != a { ((level - a) / (b - a)).clamp(0.0, 1.0) } else { 0.5 };
        let (xa, ya) = (grid.xs[i0], grid.ys[j0]);
        let (xb, yb) = (grid.xs[i1], grid.ys[j1]);
        (xa + t * (xb - xa), ya + t * (yb - ya))
    };

    let mut neighbours: HashMap<Edge, Vec<Edge>> = HashMap::new();
    let mut join = |a: Edge, b: Edge| {
        neighbours.entry(a).or_default().push(b);
        neighbours.entry(b).or_default().push(a);
    };
    for j in 0..ny.saturating_sub(1) {
        for i in 0..nx.saturating_sub(1) {
            let (bl, br, tr, tl) = (above(i, j), above(i + 1, j), above(i + 1, j + 1), above(i, j + 1));
            let (bottom, right, top, left) =
                (Edge::H(i, j), Edge::V(i + 1, j), Edge::H(i, j + 1), Edge::V(i, j));
            let crossed: Vec<Edge> =
                [(bottom, bl != br), (right, br != tr), (top, tr != tl), (left, tl != bl)]
                    .into_iter()
                    .filter_map(|(e, c)| c.then_some(e))
                    .collect();
            match crossed.len() {
                2 => join(crossed[0], crossed[1]),
                4 => {
                    // A saddle: opposite corners agree; the centre decides which pair
                    // of corners the line cuts off.
                    let centre = (z(i, j) + z(i + 1, j) + z(i + 1, j + 1) + z(i, j + 1)) / 4.0 >= level;
                    if centre == bl {
                        join(bottom, right);
                        join(top, left);
                    } else {
                        join(left, bottom);
                        join(right, top);
                    }
                }
                _ => {}
            }
        }
    }

    // Chain: open lines start at a crossing with one neighbour; what is left are loops.
    let mut lines = Vec::new();
    let mut starts: Vec<Edge> = neighbours.iter().filter(|(_, n)| n.len() == 1).map(|(&e, _)| e).collect();
    starts.sort_by_key(|e| match *e {
        Edge::H(i, j) => (0, j, i),
        Edge::V(i, j) => (1, j, i),
    });
    let mut rest: Vec<Edge> = neighbours.keys().copied().collect();
    rest.sort_by_key(|e| match *e {
        Edge::H(i, j) => (0, j, i),
        Edge::V(i, j) => (1, j, i),
    });
    for start in starts.into_iter().chain(rest) {
        if neighbours.get(&start).is_none_or(|n| n.is_empty()) {
            continue;
        }
        let mut line = vec![point(start)];
        let mut at = start;
        while let Some(next) = neighbours.get_mut(&at).and_then(|n| n.pop()) {
            if let Some(back) = neighbours.get_mut(&next)
                && let Some(k) = back.iter().position(|&e| e == at)
            {
                back.swap_remove(k);
            }
            line.push(point(next));
            at = next;
        }
        lines.push(line);
    }
    lines
}

/// A path drawn over the contours: points joined in order, each marked.
#[derive(Debug, Clone)]
pub struct ContourPath {
    /// The points, in order (the first is circled: the start).
    pub points: Vec<(f64, f64)>,
    /// Its colour.
    pub color: RGBColor,
}

/// One panel: contour lines of a function, paths over them, and marks ("+").
#[derive(Debug, Clone)]
pub struct ContourPanel {
    /// Title above the panel.
    pub title: String,
    /// The sampled function.
    pub grid: ContourGrid,
    /// The levels to draw, low to high (shaded light to dark).
    pub levels: Vec<f64>,
    /// Paths drawn over the lines.
    pub paths: Vec<ContourPath>,
    /// Points marked with a "+" (the minimum, say).
    pub marks: Vec<(f64, f64)>,
    /// x range shown.
    pub x_range: (f64, f64),
    /// y range shown.
    pub y_range: (f64, f64),
    /// Label of the x axis.
    pub x_label: String,
    /// Label of the y axis.
    pub y_label: String,
}

/// The colour of the k-th of n levels: a blue-to-green ramp, light enough to sit under paths.
fn level_color(k: usize, n: usize) -> RGBColor {
    let t = if n > 1 { k as f64 / (n - 1) as f64 } else { 0.0 };
    let lerp = |a: f64, b: f64| (a + t * (b - a)).round() as u8;
    RGBColor(lerp(70.0, 150.0), lerp(90.0, 200.0), lerp(200.0, 120.0))
}

/// Draws one [`ContourPanel`] into a drawing area (a whole figure, or one cell of a grid).
pub fn draw_contour_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &ContourPanel,
) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let (x0, x1) = panel.x_range;
    let (y0, y1) = panel.y_range;
    let mut ctx = ChartBuilder::on(area)
        .caption(&panel.title, font(text::PANEL_TITLE))
        .margin(8)
        .x_label_area_size(46)
        .y_label_area_size(44)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    // Whole numbers without a trailing ".0".
    let tick = |v: &f64| super::tick_label(*v);
    ctx.configure_mesh()
        .x_desc(&panel.x_label)
        .y_desc(&panel.y_label)
        .disable_mesh()
        .x_label_formatter(&tick)
        .y_label_formatter(&tick)
        .label_style(font(text::TICK))
        .axis_desc_style(font(text::AXIS))
        .draw()?;
    let n = panel.levels.len();
    for (k, &level) in panel.levels.iter().enumerate() {
        let style = level_color(k, n).stroke_width(1);
        for line in panel.grid.contour_lines(level) {
            ctx.draw_series(LineSeries::new(line, style))?;
        }
    }
    for &(x, y) in &panel.marks {
        let style = BLACK.stroke_width(2);
        let (dx, dy) = ((x1 - x0) * 0.02, (y1 - y0) * 0.03);
        ctx.draw_series([PathElement::new(vec![(x - dx, y), (x + dx, y)], style)])?;
        ctx.draw_series([PathElement::new(vec![(x, y - dy), (x, y + dy)], style)])?;
    }
    for path in &panel.paths {
        let c = path.color;
        ctx.draw_series(LineSeries::new(path.points.iter().copied(), c.stroke_width(2)))?;
        ctx.draw_series(path.points.iter().map(|&p| Circle::new(p, 3, c.filled())))?;
        if let Some(&start) = path.points.first() {
            ctx.draw_series([Circle::new(start, 6, c.stroke_width(2))])?;
        }
    }
    Ok(())
}

/// Draws one panel to an SVG file of `size` pixels.
pub fn contour_plot(path: &Path, panel: &ContourPanel, size: (u32, u32)) -> Result<(), PlotError> {
    save_svg(path, size, |root| draw_contour_panel(root, panel))
}

/// Draws several panels in a grid of `cols` columns (small multiples), each
/// `panel_size` pixels, to an SVG file.
pub fn contour_panels(
    path: &Path,
    panels: &[ContourPanel],
    cols: usize,
    panel_size: (u32, u32),
) -> Result<(), PlotError> {
    let cols = cols.max(1);
    let rows = panels.len().div_ceil(cols).max(1);
    let size = (panel_size.0 * cols as u32, panel_size.1 * rows as u32);
    save_svg(path, size, |root| {
        for (area, panel) in root.split_evenly((rows, cols)).iter().zip(panels) {
            draw_contour_panel(area, panel)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contour_lines_of_a_circle_lie_on_the_circle_and_close() {
        let grid = ContourGrid::sample(|x, y| x * x + y * y, (-2.0, 2.0), (-2.0, 2.0), 81, 81);
        let lines = grid.contour_lines(1.0);
        assert_eq!(lines.len(), 1, "one closed line");
        let line = &lines[0];
        assert!(line.len() > 50);
        for &(x, y) in line {
            assert!((x.hypot(y) - 1.0).abs() < 0.01, "({x}, {y}) is off the unit circle");
        }
        let (first, last) = (line[0], line[line.len() - 1]);
        assert!((first.0 - last.0).abs() < 1e-12 && (first.1 - last.1).abs() < 1e-12, "the loop closes");
    }

    #[test]
    fn contour_panels_render_to_svg() {
        let path = std::env::temp_dir().join(format!("dlfs-contour-{}/c.svg", std::process::id()));
        let grid = ContourGrid::sample(|x, y| x * x / 20.0 + y * y, (-10.0, 10.0), (-5.0, 5.0), 60, 30);
        let panel = ContourPanel {
            title: "SGD".into(),
            grid,
            levels: vec![0.5, 1.0, 2.0],
            paths: vec![ContourPath { points: vec![(-7.0, 2.0), (-6.0, -1.0)], color: RGBColor(200, 0, 0) }],
            marks: vec![(0.0, 0.0)],
            x_range: (-10.0, 10.0),
            y_range: (-5.0, 5.0),
            x_label: "x".into(),
            y_label: "y".into(),
        };
        contour_panels(&path, &[panel.clone(), panel], 2, (400, 260)).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.contains("SGD") && svg.contains("polyline"));
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }
}
