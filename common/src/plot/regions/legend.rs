//! A region plot's legend drawn under the plot, in rows, instead of inside it: for figures of
//! several small panels, where a legend inside the plot would cover the points.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::RegionPlot;
use super::marks::{MARKER_SIZE, marker_corners, outlined_polygon, regular_polygon};
use crate::plot::{Stroke, color, font, legend_swatch, text};

/// One entry: a line's stroke or a class's marker, and its name.
pub(super) enum Entry {
    Line(Stroke, String),
    Class(usize, String),
}

impl Entry {
    fn name(&self) -> &str {
        match self {
            Entry::Line(_, name) | Entry::Class(_, name) => name,
        }
    }

    /// Its width in pixels: the picture, a gap, the name (about 0.6 em a character).
    fn width(&self) -> i32 {
        SWATCH + 6 + (0.6 * text::TICK * self.name().chars().count() as f64).ceil() as i32
    }
}

/// Width of the picture of a line or a marker.
const SWATCH: i32 = 26;
/// Height of one row of entries.
const ROW: i32 = 22;
/// Space between two entries of a row.
const GAP: i32 = 18;

/// The entries of `plot`'s legend: its named lines, then its named classes.
pub(super) fn entries(plot: &RegionPlot, dash: (u32, u32)) -> Vec<Entry> {
    let lines = plot.lines.iter().filter(|l| !l.label.is_empty()).map(|l| {
        let stroke =
            Stroke { style: l.color.stroke_width(l.width), dash: l.dashed.then_some(dash), marker: None };
        Entry::Line(stroke, l.label.clone())
    });
    let classes = plot.class_names.iter().enumerate().filter(|(_, n)| !n.is_empty());
    lines.chain(classes.map(|(k, n)| Entry::Class(k, n.clone()))).collect()
}

/// The entries placed in rows no wider than `width`: (row, x offset) of each. Each line has a
/// row of its own (its name is an equation, say); the classes share rows.
fn layout(entries: &[Entry], width: i32) -> Vec<(i32, i32)> {
    let (mut row, mut x) = (0, 0);
    let mut previous_was_line = false;
    entries
        .iter()
        .map(|e| {
            let is_line = matches!(e, Entry::Line(..));
            if x > 0 && (x + e.width() > width || is_line || previous_was_line) {
                (row, x) = (row + 1, 0);
            }
            previous_was_line = is_line;
            let at = (row, x);
            x += e.width() + GAP;
            at
        })
        .collect()
}

/// The height in pixels of the strip the entries need in a panel `width` pixels wide.
pub(super) fn height(entries: &[Entry], width: u32) -> u32 {
    let rows = layout(entries, width as i32 - 20).iter().map(|&(r, _)| r + 1).max().unwrap_or(0);
    if rows == 0 { 0 } else { (rows * ROW + 6) as u32 }
}

/// Draws the entries into `strip`, row by row, the rows left-aligned in a block that is centred.
pub(super) fn draw(
    strip: &DrawingArea<SVGBackend<'_>, Shift>,
    entries: &[Entry],
) -> Result<(), Box<dyn std::error::Error>> {
    let (w, _) = strip.dim_in_pixel();
    let placed = layout(entries, w as i32 - 20);
    let rows = placed.iter().map(|&(r, _)| r + 1).max().unwrap_or(0);
    let block_width = (0..entries.len()).map(|i| placed[i].1 + entries[i].width()).max().unwrap_or(0);
    let left = (w as i32 - block_width) / 2;
    for row in 0..rows {
        let y = row * ROW + ROW / 2 + 2;
        for i in (0..entries.len()).filter(|&i| placed[i].0 == row) {
            let x = left + placed[i].1;
            match &entries[i] {
                Entry::Line(stroke, _) => strip.draw(&legend_swatch((x, y), *stroke))?,
                Entry::Class(class, _) => {
                    let corners = marker_corners(*class, MARKER_SIZE).unwrap_or_else(|| {
                        let r = MARKER_SIZE as f64;
                        regular_polygon(16, r)
                            .iter()
                            .map(|&(x, y)| (x.round() as i32, y.round() as i32))
                            .collect()
                    });
                    strip.draw(&outlined_polygon((x + SWATCH / 2, y), corners, color(*class).filled()))?
                }
            }
            let style = font(text::TICK).color(&BLACK).pos(Pos::new(HPos::Left, VPos::Center));
            strip.draw(&Text::new(entries[i].name().to_string(), (x + SWATCH + 6, y), style))?;
        }
    }
    Ok(())
}
