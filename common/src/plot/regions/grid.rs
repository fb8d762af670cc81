//! The grid of a decision-region figure: what the classifier answers in every cell, and the
//! rectangles of equal tint those answers merge into.

use plotters::style::RGBColor;

use crate::plot::color;

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
    pub(super) fn len(&self) -> usize {
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
    pub(super) fn tints(&self) -> Vec<RGBColor> {
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
    pub(super) fn merged_cells(&self) -> Vec<(usize, usize, usize, usize, RGBColor)> {
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
