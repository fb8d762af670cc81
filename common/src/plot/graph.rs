//! Computational graphs drawn as SVG, in the style of the book's figures: operator nodes as
//! circles, the forward value above each arrow (black) and the backward gradient below it
//! (red, with an arrow pointing back). Chapter 5 draws its graphs with it, chapter 6 its
//! batch-normalisation graph.
//!
//! The layout (where each node sits) is given by hand, on a small grid; every number on the
//! edges comes from the computation itself. We write the SVG directly: a graph layout engine
//! would place the nodes for us, but it cannot put two labels of two colours on either side
//! of one edge, which is the whole point of these figures.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use super::diagram::{escape, text_width};
use crate::files::write_atomically;

/// What a node looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// An operation (×, +, exp, …): a circle with its symbol.
    Op,
    /// A named value at the edge of the graph (an input, or the final output): plain text.
    Text,
}

/// A node of the figure, at grid position (x, y) (y grows downwards).
#[derive(Debug, Clone)]
pub struct Node {
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub kind: NodeKind,
}

/// An edge from node `from` to node `to` with the value that flows forward, and optionally
/// the gradient that flows back.
#[derive(Debug, Clone)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub forward: String,
    pub backward: Option<String>,
    /// Where along the edge its labels sit, from 0 (at `from`) to 1 (at `to`); 0.5 unless
    /// neighbouring edges need the room.
    pub at: f64,
}

/// A computational graph to draw.
#[derive(Debug, Clone, Default)]
pub struct GraphFigure {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Pixels per grid unit, horizontally and vertically.
    pub unit: (f64, f64),
    /// Explain the two colours under the graph, naming what the red numbers are
    /// (e.g. "∂price/∂(that value)"); `None`: no legend.
    pub legend: Option<String>,
    /// Extra room above the top row and below the bottom row, in pixels, for labels of
    /// several lines there (0 by default).
    pub extra_margin: (f64, f64),
}

const FONT: f64 = 15.0;
const LEGEND_FONT: f64 = 13.0;
const LEGEND_LINE: f64 = 22.0;
const OP_RADIUS: f64 = 22.0;
const MARGIN: f64 = 30.0;
const BLACK: &str = "#1a1a1a";
const RED: &str = "#d62728";

impl GraphFigure {
    /// An empty figure; grid units of 110 × 90 pixels.
    pub fn new() -> Self {
        GraphFigure { unit: (110.0, 90.0), ..Default::default() }
    }

    /// Adds an operator node and returns its index.
    pub fn op(&mut self, label: &str, x: f64, y: f64) -> usize {
        self.node(label, x, y, NodeKind::Op)
    }

    /// Adds a text node (an input or output value's name) and returns its index.
    pub fn text(&mut self, label: &str, x: f64, y: f64) -> usize {
        self.node(label, x, y, NodeKind::Text)
    }

    fn node(&mut self, label: &str, x: f64, y: f64, kind: NodeKind) -> usize {
        self.nodes.push(Node { label: label.to_string(), x, y, kind });
        self.nodes.len() - 1
    }

    /// Adds an edge carrying `forward` (and `backward`, if any).
    pub fn edge(&mut self, from: usize, to: usize, forward: impl Into<String>, backward: Option<String>) {
        self.edge_at(from, to, forward, backward, 0.5);
    }

    /// Adds an edge whose labels sit at `at` along it (0: at `from`, 1: at `to`).
    pub fn edge_at(
        &mut self,
        from: usize,
        to: usize,
        forward: impl Into<String>,
        backward: Option<String>,
        at: f64,
    ) {
        self.edges.push(Edge { from, to, forward: forward.into(), backward, at });
    }

    /// The SVG text of the figure.
    pub fn to_svg(&self) -> String {
        let (ux, uy) = self.unit;
        let min_x = self.nodes.iter().map(|n| n.x).fold(f64::INFINITY, f64::min);
        let min_y = self.nodes.iter().map(|n| n.y).fold(f64::INFINITY, f64::min);
        let max_y = self.nodes.iter().map(|n| n.y).fold(f64::NEG_INFINITY, f64::max);
        // Text nodes stick out of their grid point by half their width.
        let half_w = |n: &Node| half_size(n).0;
        let left = self.nodes.iter().map(|n| (n.x - min_x) * ux - half_w(n)).fold(0.0, f64::min);
        let right = self.nodes.iter().map(|n| (n.x - min_x) * ux + half_w(n)).fold(0.0, f64::max);
        let ox = MARGIN - left;
        let oy = MARGIN + OP_RADIUS + self.extra_margin.0;
        let px = |n: &Node| (ox + (n.x - min_x) * ux, oy + (n.y - min_y) * uy);
        // The legend: one line for each direction, under the graph.
        let legend_w = self.legend.as_ref().map_or(0.0, |b| {
            34.0 + text_width(FORWARD_LEGEND, LEGEND_FONT).max(text_width(&backward_legend(b), LEGEND_FONT))
        });
        let width = (right - left).max(legend_w) + 2.0 * MARGIN;
        let legend_h = if self.legend.is_some() { 2.0 * LEGEND_LINE } else { 0.0 };
        let height = (max_y - min_y) * uy
            + 2.0 * (MARGIN + OP_RADIUS)
            + legend_h
            + self.extra_margin.0
            + self.extra_margin.1;

        let mut s = String::new();
        let _ = writeln!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" {}>"#,
            format_args!(
                r#"viewBox="0 0 {width:.0} {height:.0}" font-family="sans-serif" font-size="{FONT}""#
            ),
        );
        s.push_str("<defs>");
        for (id, color) in [("fwd", BLACK), ("bwd", RED)] {
            let _ = write!(
                s,
                r#"<marker id="{id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" {}>"#,
                format_args!(
                    r#"orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker"#
                ),
            );
        }
        s.push_str("</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");

        for e in &self.edges {
            let (a, b) = (&self.nodes[e.from], &self.nodes[e.to]);
            let (p, q) = (px(a), px(b));
            let len = ((q.0 - p.0).powi(2) + (q.1 - p.1).powi(2)).sqrt();
            let (ux_, uy_) = ((q.0 - p.0) / len, (q.1 - p.1) / len); // unit vector along the edge
            let start = clip(a, ux_, uy_);
            let end = clip(b, -ux_, -uy_);
            let (x1, y1) = (p.0 + ux_ * start, p.1 + uy_ * start);
            let (x2, y2) = (q.0 - ux_ * (end + 2.0), q.1 - uy_ * (end + 2.0));
            arrow(&mut s, (x1, y1), (x2, y2), BLACK);
            // The normal that points "up" on the page (to the left for a vertical edge).
            let (mut nx, mut ny) = (uy_, -ux_);
            if ny > 1e-9 || (ny.abs() <= 1e-9 && nx > 0.0) {
                (nx, ny) = (-nx, -ny);
            }
            let (mx, my) = (x1 + (x2 - x1) * e.at, y1 + (y2 - y1) * e.at);
            // Forward value: above the edge (left of a vertical edge).
            label(&mut s, &e.forward, (mx, my), (nx, ny), 5.0, BLACK);
            if let Some(back) = &e.backward {
                // A short red arrow beside the edge on the other side, pointing back, and the
                // gradient beyond it.
                let off = 8.0;
                let half = (len - start - end).min(90.0) * 0.3;
                let (cx, cy) = (mx - nx * off, my - ny * off);
                arrow(&mut s, (cx + ux_ * half, cy + uy_ * half), (cx - ux_ * half, cy - uy_ * half), RED);
                label(&mut s, back, (mx, my), (-nx, -ny), off + 7.0, RED);
            }
        }

        for n in &self.nodes {
            let (x, y) = px(n);
            let label = escape(&n.label);
            match n.kind {
                NodeKind::Op => {
                    let _ = writeln!(
                        s,
                        r##"<circle cx="{x:.1}" cy="{y:.1}" r="{OP_RADIUS}" fill="#f4f4f4" stroke="{BLACK}" stroke-width="1.6"/>"##
                    );
                    let size = if n.label.chars().count() <= 2 { 19.0 } else { 14.0 };
                    let y = y + size * 0.36; // baseline: the symbol centred on the circle
                    let _ = writeln!(
                        s,
                        r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="middle">{label}</text>"#
                    );
                }
                NodeKind::Text => {
                    let y = y + FONT * 0.36;
                    let _ = writeln!(
                        s,
                        r#"<text x="{x:.1}" y="{y:.1}" font-style="italic" text-anchor="middle">{label}</text>"#
                    );
                }
            }
        }

        if let Some(backward) = &self.legend {
            let (x, y) = (MARGIN, height - MARGIN - LEGEND_LINE + 4.0);
            arrow(&mut s, (x, y), (x + 26.0, y), BLACK);
            legend_text(&mut s, x + 34.0, y, FORWARD_LEGEND, BLACK);
            let y = y + LEGEND_LINE;
            arrow(&mut s, (x + 26.0, y), (x, y), RED);
            legend_text(&mut s, x + 34.0, y, &backward_legend(backward), RED);
        }
        s.push_str("</svg>\n");
        s
    }

    /// Writes the figure to `path` (atomically).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let svg = self.to_svg();
        write_atomically(path, |out| out.write_all(svg.as_bytes()))
    }
}

/// A straight arrow from `from` to `to`.
fn arrow(s: &mut String, from: (f64, f64), to: (f64, f64), color: &str) {
    let marker = if color == RED { "bwd" } else { "fwd" };
    let width = if color == RED { 1.4 } else { 1.6 };
    let _ = writeln!(
        s,
        r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{color}" stroke-width="{width}" {}/>"#,
        from.0,
        from.1,
        to.0,
        to.1,
        format_args!(r#"marker-end="url(#{marker})""#),
    );
}

/// A line of the legend, left-aligned at x, centred on y.
fn legend_text(s: &mut String, x: f64, y: f64, text: &str, color: &str) {
    let y = y + 4.5;
    let _ = writeln!(
        s,
        r#"<text x="{x:.1}" y="{y:.1}" font-size="{LEGEND_FONT}" fill="{color}">{}</text>"#,
        escape(text)
    );
}

const FORWARD_LEGEND: &str = "forward: the values (above the arrows)";

fn backward_legend(what: &str) -> String {
    format!("backward: {what} (below them)")
}

/// Half the width and height a node takes on the page.
fn half_size(n: &Node) -> (f64, f64) {
    match n.kind {
        NodeKind::Op => (OP_RADIUS, OP_RADIUS),
        NodeKind::Text => (text_width(&n.label, FONT) / 2.0 + 6.0, FONT * 0.6 + 4.0),
    }
}

/// How far from a node's centre an edge leaving in direction (ux, uy) should start.
fn clip(n: &Node, ux: f64, uy: f64) -> f64 {
    let (w, h) = half_size(n);
    match n.kind {
        NodeKind::Op => OP_RADIUS + 1.0,
        NodeKind::Text => {
            let tx = if ux.abs() > 1e-9 { w / ux.abs() } else { f64::INFINITY };
            let ty = if uy.abs() > 1e-9 { h / uy.abs() } else { f64::INFINITY };
            tx.min(ty)
        }
    }
}

/// A text label beside an edge: its box's nearest side `gap` pixels from the point `at`,
/// in the direction `(nx, ny)`. A label of several lines (split at '\n', one value of a batch
/// each) is a column of numbers, as a vector is written.
fn label(s: &mut String, text: &str, at: (f64, f64), (nx, ny): (f64, f64), gap: f64, color: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    let line_height = FONT * 1.2;
    let widest = lines.iter().map(|l| text_width(l, FONT)).fold(0.0, f64::max);
    // The height of digits and lower-case letters is about 0.72 em.
    let (half_w, half_h) = (widest / 2.0, (FONT * 0.72 + (lines.len() - 1) as f64 * line_height) / 2.0);
    let reach = gap + nx.abs() * half_w + ny.abs() * half_h;
    let (cx, cy) = (at.0 + nx * reach, at.1 + ny * reach);
    for (i, line) in lines.iter().enumerate() {
        // The baseline sits about 0.36 em below the middle of digits and lower-case letters.
        let y = cy - half_h + FONT * 0.72 + i as f64 * line_height;
        let _ = writeln!(
            s,
            r#"<text x="{cx:.1}" y="{y:.1}" text-anchor="middle" fill="{color}">{}</text>"#,
            escape(line),
        );
    }
}

/// A number with three significant digits, as a person writes it: 0.0182, 54.6, −4.01, 0.
pub fn short(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let digits = (2 - v.abs().log10().floor() as i32).max(0) as usize;
    let text = format!("{:.*}", digits, v);
    let text =
        if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    text.replace('-', "−")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_graph_figure_has_its_nodes_and_both_labels_of_each_edge() {
        let mut g = GraphFigure::new();
        let a = g.text("x", 0.0, 0.0);
        let m = g.op("×", 1.0, 0.0);
        g.edge(a, m, "3", Some("2 < 5".to_string()));
        let svg = g.to_svg();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains(">×</text>") && svg.contains(">3</text>"));
        assert!(svg.contains("2 &lt; 5") && svg.contains(RED));
    }

    #[test]
    fn short_numbers_keep_three_significant_digits() {
        assert_eq!(
            [short(-0.30508), short(54.598), short(0.0), short(0.018199)],
            ["−0.305", "54.6", "0", "0.0182"]
        );
        assert_eq!([short(1234.6), short(2.0), short(-1e-9)], ["1235", "2", "−0.000000001"]);
    }

    #[test]
    fn a_label_of_several_lines_is_a_column_of_texts() {
        let mut g = GraphFigure::new();
        let a = g.text("x", 0.0, 0.0);
        let m = g.op("+", 1.0, 0.0);
        g.edge(a, m, "1\n−2\n3", None);
        let svg = g.to_svg();
        let ys: Vec<f64> = ["1", "−2", "3"]
            .iter()
            .map(|v| {
                let at = svg.find(&format!(">{v}</text>")).unwrap();
                let y = &svg[..at];
                let y = &y[y.rfind("y=\"").unwrap() + 3..];
                y[..y.find('"').unwrap()].parse().unwrap()
            })
            .collect();
        assert!(ys[0] < ys[1] && ys[1] < ys[2], "{ys:?}");
        assert!(ys[2] < 0.0 + MARGIN + OP_RADIUS, "the column sits above the edge: {ys:?}");
    }
}
