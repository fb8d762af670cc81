//! The figures of the book, drawn with plotters and written as SVG.
//!
//! Text needs no system fonts: DejaVu Sans ships inside the binary (the `dejavu` crate) and
//! is registered with plotters' own font renderer before the first figure is drawn. The SVG
//! itself says `font-family="sans-serif"`, which every browser draws.
//!
//! One file a kind of figure; each takes plain numbers (`f64`), so any chapter can use it.

use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

use crate::files::write_atomically;

mod contour;
pub mod diagram;
pub mod graph;
mod histogram;
mod image_grid;
mod lines;
mod quiver;
mod regions;
mod small_multiples;

pub use contour::{
    ContourGrid, ContourPanel, ContourPath, contour_lines, contour_panels, contour_plot, draw_contour_panel,
};
pub use histogram::{Histogram, HistogramRow, bin_counts, histogram_row};
pub use image_grid::{Colormap, GridImage, ImageGrid, Scale, image_grid};
pub use lines::{LineChart, Series, line_chart, moving_average};
pub use quiver::{Arrow, QuiverChart, QuiverPath, quiver_chart};
pub use regions::{ClassPoint, Fill, RegionGrid, RegionPlot, StraightLine, region_plot, region_plots};
pub use small_multiples::{Panel, SmallMultiples, small_multiples};

/// A figure could not be drawn or written.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    #[error("cannot draw {path}: {reason}")]
    Draw { path: String, reason: String },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

/// The colours of the series, in order (colour-blind-safe, Okabe–Ito).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
    RGBColor(240, 228, 66),
];

/// The i-th colour of [`PALETTE`], wrapping around.
pub fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Registers the bundled DejaVu fonts with plotters, once per process.
pub fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bundled font data is valid; a failure here would be a bug in the dejavu crate.
        let _ = register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular());
        let _ = register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold());
        let _ = register_font("sans-serif", FontStyle::Italic, dejavu::sans::oblique());
        let _ = register_font("monospace", FontStyle::Normal, dejavu::sans_mono::regular());
    });
}

/// Draws a figure of `size` pixels with `draw` and writes it to `path` as SVG, atomically.
pub fn save_svg(
    path: &Path,
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), Box<dyn std::error::Error>>,
) -> Result<(), PlotError> {
    register_fonts();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let result =
            root.fill(&WHITE).map_err(|e| e.to_string()).and_then(|_| draw(&root).map_err(|e| e.to_string()));
        result.map_err(|reason| PlotError::Draw { path: path.display().to_string(), reason })?;
        root.present()
            .map_err(|e| PlotError::Draw { path: path.display().to_string(), reason: e.to_string() })?;
    }
    write_atomically(path, |out| std::io::Write::write_all(out, svg.as_bytes()))
        .map_err(|source| PlotError::Write { path: path.display().to_string(), source })
}

/// The legend box of our charts: a white box with a light grey border and 13 px labels, at
/// `position`, listing every series drawn with a `.label(…)`.
pub fn draw_legend<'a, 'b: 'a, CT: plotters::coord::CoordTranslate>(
    ctx: &mut ChartContext<'a, SVGBackend<'b>, CT>,
    position: SeriesLabelPosition,
) -> Result<(), Box<dyn std::error::Error>> {
    ctx.configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(200, 200, 200))
        .label_font(("sans-serif", 13))
        .position(position)
        .draw()?;
    Ok(())
}

/// A tick label as a person writes it: `1` not `1.0`, `0.3` not `0.30000000000000004`, and
/// `0` not `-0` (values are rounded to six decimals first).
pub fn tick_label(v: f64) -> String {
    let rounded = (v * 1e6).round() / 1e6;
    if rounded == 0.0 { "0".to_string() } else { rounded.to_string() }
}

/// (min, max) of some values, widened a little so nothing sits on the frame; (0, 1) if empty.
pub fn padded_range(values: impl IntoIterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (lo, hi) = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if lo > hi {
        return (0.0, 1.0);
    }
    let span = if hi > lo { hi - lo } else { 1.0 };
    (lo - pad * span, hi + pad * span)
}
