//! What is drawn on top of the regions: the data points (a colour and a marker shape per
//! class) and straight lines a·x + b·y + c = 0 clipped to the plot.

use plotters::element::ComposedElement;
use plotters::prelude::*;

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

/// Half-size of a point's marker, in pixels.
pub(super) const MARKER_SIZE: i32 = 6;

/// The corners of `class`'s marker shape around (0, 0), in pixels of half-size `s`: circle
/// (`None`), triangle, square, diamond, upside-down triangle, pentagon, then again.
pub(super) fn marker_corners(class: usize, s: i32) -> Option<Vec<(i32, i32)>> {
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
pub(super) fn regular_polygon(n: usize, r: f64) -> Vec<(f64, f64)> {
    (0..n)
        .map(|k| {
            let angle = std::f64::consts::TAU * k as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
            (r * angle.cos(), r * angle.sin())
        })
        .collect()
}

/// A filled polygon with an outline, placed at a point.
pub(super) type OutlinedPolygon<C, DB> = ComposedElement<C, DB, Polygon<(i32, i32)>, PathElement<(i32, i32)>>;

/// A filled polygon outlined in black, its corners given in pixels around `at`.
pub(super) fn outlined_polygon<DB: DrawingBackend, C>(
    at: C,
    corners: Vec<(i32, i32)>,
    fill: ShapeStyle,
) -> OutlinedPolygon<C, DB> {
    let mut closed = corners.clone();
    closed.push(corners[0]);
    EmptyElement::at(at) + Polygon::new(corners, fill) + PathElement::new(closed, BLACK.stroke_width(1))
}
