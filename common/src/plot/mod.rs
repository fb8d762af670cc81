//! The figures of the book, drawn with plotters and written as SVG.
//!
//! Text needs no system fonts: DejaVu Sans ships inside the binary (the `dejavu` crate) and
//! is registered with plotters' own font renderer before the first figure is drawn. The SVG
//! itself says `font-family="sans-serif"`, which every browser draws.
//!
//! Figures are drawn for the book's text column: at most [`COLUMN_WIDTH`] pixels wide, so the
//! page shows them at their own size, and text sizes are given in the pixels the reader sees
//! ([`font`], [`text`]), never below 12. A figure with more panels than fit that width gets
//! more rows, not smaller text.
//!
//! One file a kind of figure; each takes plain numbers (`f64`), so any chapter can use it.

use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::element::{DashedPathElement, Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::{FontDesc, FontStyle, register_font};
use plotters_backend::DrawingErrorKind;

use crate::files::write_atomically;

mod accuracy;
mod contour;
pub mod diagram;
pub mod graph;
mod histogram;
mod image_grid;
mod lines;
mod quiver;
mod regions;
mod small_multiples;

pub use accuracy::{AccuracyChart, accuracy_chart};
pub use contour::{
    ContourGrid, ContourPanel, ContourPath, contour_lines, contour_panels, contour_plot, draw_contour_panel,
};
pub use histogram::{Histogram, HistogramRow, bin_counts, histogram_row};
pub use image_grid::{Colormap, GridImage, ImageGrid, Scale, image_grid};
pub use lines::{LineChart, Series, line_chart, line_charts, moving_average};
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

/// The width of the book's text column in pixels: a figure at most this wide is shown at its own
/// size, so its text is as large on the page as it is in the file.
pub const COLUMN_WIDTH: u32 = 750;

/// Text sizes of the figures, in pixels as the reader sees them.
pub mod text {
    /// A figure's title.
    pub const TITLE: f64 = 17.0;
    /// A panel's title, in a figure of several.
    pub const PANEL_TITLE: f64 = 15.0;
    /// The name of an axis.
    pub const AXIS: f64 = 14.0;
    /// Tick labels, legends, captions.
    pub const TICK: f64 = 13.0;
    /// The smallest text of any figure (notes inside a small panel).
    pub const SMALL: f64 = 12.0;
}

/// plotters' SVG backend writes a font of size `s` as `font-size="s / 1.24"`: it reads the size
/// it is given as a line height, and 1.24 as the ratio of line height to font size (its text
/// layout divides by the same 1.24). Asked for 13, a figure showed 10.5-pixel text.
const PLOTTERS_SIZE_PER_PIXEL: f64 = 1.24;

/// The sans-serif font at `px` pixels as the SVG will draw it (`font-size="px"`).
pub fn font(px: f64) -> FontDesc<'static> {
    ("sans-serif", px * PLOTTERS_SIZE_PER_PIXEL).into_font()
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

/// The legend box of our charts: a white box with a light grey border and [`text::TICK`]
/// labels, at `position`, listing every series drawn with a `.label(…)` and a
/// [`legend_swatch`].
pub fn draw_legend<'a, 'b: 'a, CT: plotters::coord::CoordTranslate>(
    ctx: &mut ChartContext<'a, SVGBackend<'b>, CT>,
    position: SeriesLabelPosition,
) -> Result<(), Box<dyn std::error::Error>> {
    ctx.configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(200, 200, 200))
        .label_font(font(text::TICK))
        .legend_area_size(SWATCH_WIDTH + 8)
        .position(position)
        .draw()?;
    Ok(())
}

/// How a line is drawn, so that its legend entry can be drawn the same way.
#[derive(Debug, Clone, Copy)]
pub struct Stroke {
    /// Colour and width.
    pub style: ShapeStyle,
    /// (dash, gap) in pixels, as given to plotters' `DashedLineSeries`; `None` for solid.
    pub dash: Option<(u32, u32)>,
    /// Radius in pixels of the dot drawn at each point; `None` for none.
    pub marker: Option<u32>,
}

/// Length in pixels of a legend's picture of a line.
const SWATCH_WIDTH: u32 = 26;

/// A legend entry's picture of a line, starting at `at`: a short piece of the line in its own
/// stroke (dashed with the line's own dash pattern if it is dashed), with its marker in the
/// middle if it has one. For `.legend(move |at| legend_swatch(at, stroke))`.
pub fn legend_swatch(at: (i32, i32), stroke: Stroke) -> Swatch {
    Swatch { at, stroke }
}

/// What [`legend_swatch`] draws.
#[derive(Debug, Clone, Copy)]
pub struct Swatch {
    at: (i32, i32),
    stroke: Stroke,
}

impl<'a> PointCollection<'a, (i32, i32)> for &'a Swatch {
    type Point = &'a (i32, i32);
    type IntoIter = std::iter::Once<&'a (i32, i32)>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Swatch {
    fn draw<I: Iterator<Item = (i32, i32)>>(
        &self,
        mut pos: I,
        backend: &mut DB,
        parent_dim: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let Some((x, y)) = pos.next() else { return Ok(()) };
        let w = SWATCH_WIDTH as i32;
        let ends = vec![(x, y), (x + w, y)];
        let style = self.stroke.style;
        match self.stroke.dash {
            // The dashes of plotters' own DashedLineSeries, so that they look the same.
            Some((dash, gap)) => DashedPathElement::new(ends.clone(), dash, gap, style).draw(
                ends.into_iter(),
                backend,
                parent_dim,
            )?,
            None => backend.draw_path(ends, &style)?,
        }
        if let Some(r) = self.stroke.marker {
            backend.draw_circle((x + w / 2, y), r, &style.color.filled(), true)?;
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The SVG of one legend swatch on its own.
    fn swatch_svg(stroke: Stroke) -> String {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (60, 20)).into_drawing_area();
            root.draw(&legend_swatch((4, 10), stroke)).unwrap();
            root.present().unwrap();
        }
        svg
    }

    #[test]
    fn a_legend_swatch_draws_the_line_as_the_chart_does() {
        let style = color(0).stroke_width(2);
        let solid = swatch_svg(Stroke { style, dash: None, marker: None });
        assert_eq!(solid.matches("<polyline").count(), 1);
        // 26 px of 6-px dashes with 4-px gaps: three dashes.
        let dashed = swatch_svg(Stroke { style, dash: Some((6, 4)), marker: None });
        assert_eq!(dashed.matches("<polyline").count(), 3);
        assert!(!dashed.contains("<circle"));
        let marked = swatch_svg(Stroke { style, dash: Some((6, 4)), marker: Some(3) });
        assert_eq!(marked.matches("<circle").count(), 1);
    }

    #[test]
    fn text_is_written_at_the_size_asked_for() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (200, 40)).into_drawing_area();
            root.draw(&Text::new("thirteen", (5, 5), font(13.0))).unwrap();
            root.present().unwrap();
        }
        let size: f64 =
            svg.split(r#"font-size=""#).nth(1).and_then(|s| s.split('"').next()).unwrap().parse().unwrap();
        assert!((size - 13.0).abs() < 1e-9, "{svg}");
    }
}
