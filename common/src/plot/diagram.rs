//! Diagrams drawn by hand on a blank SVG canvas: text, boxes, circles, lines and arrows, at
//! pixel positions the figure's own code computes. For the pictures that are not charts (a
//! filter sliding over its input, a network's layers, units dropped from a network), whose
//! numbers and shapes come from the layers themselves.
//!
//! A figure is shown in the book's column, 750 pixels wide: a wider SVG is scaled down, and
//! its text with it. [`Diagram::smallest_displayed_font`] says how large the smallest text of
//! a diagram ends up there, so that a test can hold every figure to [`MIN_DISPLAYED_FONT`].

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use super::{PlotError, color};
use crate::files::write_atomically;

/// The width of the book's text column, in pixels: wider figures are scaled down to it.
pub const COLUMN_WIDTH: f64 = 750.0;

/// The smallest text size a reader should meet in a figure, as displayed in the column.
pub const MIN_DISPLAYED_FONT: f64 = 11.0;

/// Dark grey, for text and lines.
pub const INK: &str = "#1a1a1a";
/// Mid grey, for grid lines and secondary text.
pub const GREY: &str = "#777777";
/// The red of the backward pass (as in the computational graphs).
pub const RED: &str = "#d62728";

/// How a line of text sits on its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// Size, alignment, colour and weight of a line of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    pub size: f64,
    pub anchor: Anchor,
    pub fill: &'static str,
    pub bold: bool,
    pub italic: bool,
}

impl Font {
    /// Plain text of `size` pixels, starting at its point, in [`INK`].
    pub const fn new(size: f64) -> Self {
        Font { size, anchor: Anchor::Start, fill: INK, bold: false, italic: false }
    }

    /// Centred on its point.
    pub const fn middle(mut self) -> Self {
        self.anchor = Anchor::Middle;
        self
    }

    /// Ending at its point.
    pub const fn end(mut self) -> Self {
        self.anchor = Anchor::End;
        self
    }

    /// In bold.
    pub const fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    /// In italics.
    pub const fn italic(mut self) -> Self {
        self.italic = true;
        self
    }

    /// In the colour `fill` (`#rrggbb`).
    pub const fn fill(mut self, fill: &'static str) -> Self {
        self.fill = fill;
        self
    }
}

/// A canvas of `width × height` pixels with the elements drawn on it so far.
#[derive(Debug, Clone)]
pub struct Diagram {
    pub width: f64,
    pub height: f64,
    body: String,
    markers: Vec<String>,
    smallest_font: f64,
    /// The texts that reach past the canvas's left or right edge (by their estimated width).
    overflowing: Vec<String>,
}

impl Diagram {
    /// An empty white canvas.
    pub fn new(width: f64, height: f64) -> Self {
        Diagram {
            width,
            height,
            body: String::new(),
            markers: Vec::new(),
            smallest_font: f64::INFINITY,
            overflowing: Vec::new(),
        }
    }

    /// A line of text with its baseline at y.
    pub fn text(&mut self, x: f64, y: f64, font: Font, text: &str) {
        self.smallest_font = self.smallest_font.min(font.size);
        let w = text_width(text, font.size) * if font.bold { 1.1 } else { 1.0 };
        let (anchor, left) = match font.anchor {
            Anchor::Start => ("start", x),
            Anchor::Middle => ("middle", x - w / 2.0),
            Anchor::End => ("end", x - w),
        };
        if left < 0.0 || left + w > self.width {
            self.overflowing.push(text.to_string());
        }
        let weight = if font.bold { r#" font-weight="bold""# } else { "" };
        let style = if font.italic { r#" font-style="italic""# } else { "" };
        let _ = writeln!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" font-family="sans-serif" font-size="{}" text-anchor="{anchor}" fill="{}"{weight}{style}>{}</text>"#,
            font.size,
            font.fill,
            escape(text)
        );
    }

    /// A line of text centred (both ways) on (x, y): for a number in a cell.
    pub fn centred(&mut self, x: f64, y: f64, font: Font, text: &str) {
        self.text(x, y + 0.36 * font.size, Font { anchor: Anchor::Middle, ..font }, text);
    }

    /// A rectangle; `stroke` "none" for no outline.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, stroke: &str, stroke_width: f64) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"/>"#
        );
    }

    /// A rectangle with rounded corners of radius `r`.
    #[allow(clippy::too_many_arguments)]
    pub fn rounded(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        r: f64,
        fill: &str,
        stroke: &str,
        stroke_width: f64,
    ) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="{r}" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"/>"#
        );
    }

    /// A circle.
    pub fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: &str, stroke: &str, stroke_width: f64) {
        let _ = writeln!(
            self.body,
            r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"/>"#
        );
    }

    /// A straight line; `dash` like "5 4" for a dashed one.
    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), stroke: &str, width: f64, dash: Option<&str>) {
        let dash = dash.map(|d| format!(r#" stroke-dasharray="{d}""#)).unwrap_or_default();
        let _ = writeln!(
            self.body,
            r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{stroke}" stroke-width="{width}"{dash}/>"#,
            from.0, from.1, to.0, to.1
        );
    }

    /// A straight arrow, its head at `to`.
    pub fn arrow(&mut self, from: (f64, f64), to: (f64, f64), stroke: &str, width: f64) {
        let marker = self.marker(stroke);
        let _ = writeln!(
            self.body,
            r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{stroke}" stroke-width="{width}" marker-end="url(#{marker})"/>"#,
            from.0, from.1, to.0, to.1
        );
    }

    /// An arrow along an SVG path (`d`, e.g. "M 10 10 C 40 10, 40 60, 70 60"), its head at the
    /// path's end.
    pub fn path_arrow(&mut self, d: &str, stroke: &str, width: f64) {
        let marker = self.marker(stroke);
        let _ = writeln!(
            self.body,
            r#"<path d="{d}" fill="none" stroke="{stroke}" stroke-width="{width}" marker-end="url(#{marker})"/>"#
        );
    }

    /// A closed polygon through `points`.
    pub fn polygon(&mut self, points: &[(f64, f64)], fill: &str, stroke: &str, stroke_width: f64) {
        let points: Vec<String> = points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = writeln!(
            self.body,
            r#"<polygon points="{}" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}" stroke-linejoin="round"/>"#,
            points.join(" ")
        );
    }

    /// The id of an arrowhead marker of colour `stroke`, defined once.
    fn marker(&mut self, stroke: &str) -> String {
        let id = format!("head{}", stroke.trim_start_matches('#'));
        if !self.markers.iter().any(|m| m.contains(&format!(r#"id="{id}""#))) {
            self.markers.push(format!(
                r#"<marker id="{id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{stroke}"/></marker>"#
            ));
        }
        id
    }

    /// The size the smallest text of the diagram has on the page: its own size, scaled down
    /// with the figure if the figure is wider than the column. Infinite if there is no text.
    pub fn smallest_displayed_font(&self) -> f64 {
        self.smallest_font * (COLUMN_WIDTH / self.width).min(1.0)
    }

    /// The texts that (by an estimate of their width) reach past the left or right edge.
    pub fn overflowing_text(&self) -> &[String] {
        &self.overflowing
    }

    /// Whether a reader can read every text of the diagram in the column: none smaller than
    /// [`MIN_DISPLAYED_FONT`] there, none past the edges. Otherwise, what is wrong.
    pub fn check_readable(&self) -> Result<(), String> {
        let smallest = self.smallest_displayed_font();
        if smallest < MIN_DISPLAYED_FONT {
            return Err(format!(
                "its smallest text is {smallest:.1} px in the column, under {MIN_DISPLAYED_FONT}"
            ));
        }
        if !self.overflowing.is_empty() {
            return Err(format!("text past the edge: {:?}", self.overflowing));
        }
        Ok(())
    }

    /// The SVG text of the diagram.
    pub fn to_svg(&self) -> String {
        let (w, h) = (self.width.ceil(), self.height.ceil());
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif">
<defs>{}</defs>
<rect width="100%" height="100%" fill="#ffffff"/>
{}</svg>
"##,
            self.markers.join(""),
            self.body
        )
    }

    /// Writes the diagram to `path` as SVG (atomically).
    pub fn save(&self, path: &Path) -> Result<(), PlotError> {
        let svg = self.to_svg();
        write_atomically(path, |out| out.write_all(svg.as_bytes()))
            .map_err(|source| PlotError::Write { path: path.display().to_string(), source })
    }
}

/// The palette's colour `i` mixed with white: `strength` 1 is the colour itself, 0 is white.
/// As `#rrggbb`.
pub fn tint(i: usize, strength: f64) -> String {
    let c = color(i);
    let mix = |v: u8| (255.0 - (255.0 - v as f64) * strength).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(c.0), mix(c.1), mix(c.2))
}

/// A width estimate for sans-serif text of `size` pixels (DejaVu Sans advances, in em; no font
/// metrics are needed for labels this short).
pub fn text_width(text: &str, size: f64) -> f64 {
    let em = |c: char| match c {
        ' ' | '·' | '.' | ',' | ':' => 0.32,
        'i' | 'j' | 'l' | '1' => 0.33,
        '(' | ')' | '/' | 't' | 'f' | 'r' | 'I' => 0.4,
        '²' | '³' => 0.4,
        'm' | 'w' | 'M' | 'W' => 0.9,
        '_' => 0.5,
        _ => 0.62,
    };
    text.chars().map(em).sum::<f64>() * size
}

/// Text made safe inside an SVG element.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagram_holds_its_elements_and_one_marker_per_arrow_colour() {
        let mut d = Diagram::new(300.0, 100.0);
        d.text(10.0, 20.0, Font::new(14.0).bold(), "a < b");
        d.arrow((0.0, 0.0), (50.0, 0.0), INK, 1.5);
        d.arrow((0.0, 10.0), (50.0, 10.0), INK, 1.5);
        d.arrow((0.0, 20.0), (50.0, 20.0), RED, 1.5);
        let svg = d.to_svg();
        assert!(svg.contains("a &lt; b") && svg.contains(r#"font-weight="bold""#));
        assert_eq!(svg.matches("<marker ").count(), 2);
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn a_diagram_wider_than_the_column_shrinks_its_smallest_text() {
        let mut d = Diagram::new(COLUMN_WIDTH, 50.0);
        d.text(0.0, 20.0, Font::new(16.0), "big");
        d.text(0.0, 40.0, Font::new(12.0), "small");
        assert_eq!(d.smallest_displayed_font(), 12.0);
        d.width = 2.0 * COLUMN_WIDTH;
        assert_eq!(d.smallest_displayed_font(), 6.0);
    }

    #[test]
    fn a_text_past_the_edge_is_reported() {
        let mut d = Diagram::new(100.0, 50.0);
        d.text(50.0, 20.0, Font::new(13.0).middle(), "fits");
        assert!(d.overflowing_text().is_empty());
        d.text(90.0, 40.0, Font::new(13.0), "runs off the edge");
        assert_eq!(d.overflowing_text(), ["runs off the edge"]);
    }
}
