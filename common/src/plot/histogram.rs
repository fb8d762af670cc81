//! Histograms side by side, sharing their axes: how the activations of each layer of a
//! network are distributed.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{PlotError, color, font, save_svg, text};

/// One histogram of a [`HistogramRow`].
#[derive(Debug, Clone)]
pub struct Histogram {
    /// Title above it ("1-layer").
    pub title: String,
    /// The values to count.
    pub values: Vec<f64>,
}

/// Histograms in a row, with the same bins and the same y scale (a count), the scale written
/// once, left of the first.
#[derive(Debug, Clone)]
pub struct HistogramRow {
    /// Title above the row (may be empty).
    pub title: String,
    /// The histograms, left to right.
    pub panels: Vec<Histogram>,
    /// Number of equal-width bins.
    pub bins: usize,
    /// The range the bins span; values outside it are not counted (as NumPy's `range=`).
    pub range: (f64, f64),
    /// Top of the y axis. A bar taller than this is cut at the top and labelled with its
    /// count. `None`: the tallest bar.
    pub y_max: Option<f64>,
    /// Label under the x axes, written once under the row.
    pub x_label: String,
    /// Size of each histogram in pixels; by default 138×240 (five fill the book's column).
    pub panel_size: Option<(u32, u32)>,
}

/// Width of the strip left of the first histogram: the y axis's name and its tick labels.
const Y_AXIS_WIDTH: u32 = 60;
/// Height of the strip under the row: the x axis's name.
const X_LABEL_HEIGHT: u32 = 26;

/// The counts of `values` in `bins` equal bins over `range` (the last bin includes its
/// right edge, as NumPy's does).
pub fn bin_counts(values: &[f64], bins: usize, range: (f64, f64)) -> Vec<usize> {
    let (lo, hi) = range;
    let mut counts = vec![0; bins.max(1)];
    let width = (hi - lo) / counts.len() as f64;
    for &v in values {
        if v < lo || v > hi || !v.is_finite() {
            continue;
        }
        let k = (((v - lo) / width) as usize).min(counts.len() - 1);
        counts[k] += 1;
    }
    counts
}

/// Draws a [`HistogramRow`] to an SVG file.
pub fn histogram_row(path: &Path, row: &HistogramRow) -> Result<(), PlotError> {
    let (pw, ph) = row.panel_size.unwrap_or((138, 240));
    let n = row.panels.len().max(1);
    let title_h = if row.title.is_empty() { 0 } else { 34 };
    let counts: Vec<Vec<usize>> =
        row.panels.iter().map(|p| bin_counts(&p.values, row.bins, row.range)).collect();
    let tallest = counts.iter().flatten().copied().max().unwrap_or(1).max(1) as f64;
    let y_max = row.y_max.unwrap_or(tallest * 1.05);
    let (lo, hi) = row.range;
    let width = (hi - lo) / row.bins.max(1) as f64;
    let size = (Y_AXIS_WIDTH + pw * n as u32, ph + title_h + X_LABEL_HEIGHT);
    save_svg(path, size, |root| {
        let root =
            if row.title.is_empty() { root.clone() } else { root.titled(&row.title, font(text::TITLE))? };
        let (root, x_strip) = root.split_vertically(ph);
        // The first panel also holds the y axis: its tick labels and its name, "count".
        let breaks: Vec<i32> = (1..n).map(|k| (Y_AXIS_WIDTH + pw * k as u32) as i32).collect();
        for (i, (area, panel)) in
            root.split_by_breakpoints(breaks, [] as [i32; 0]).iter().zip(&row.panels).enumerate()
        {
            let first = i == 0;
            let mut ctx = ChartBuilder::on(area)
                .caption(&panel.title, font(text::PANEL_TITLE))
                .margin(6)
                .margin_left(11)
                .margin_right(11)
                .x_label_area_size(26)
                .y_label_area_size(if first { Y_AXIS_WIDTH } else { 0 })
                .build_cartesian_2d(lo..hi, 0.0..y_max)?;
            let mut mesh = ctx.configure_mesh();
            mesh.disable_x_mesh()
                .light_line_style(RGBColor(238, 238, 238))
                .x_labels(3)
                .y_labels(5)
                .x_label_formatter(&|v| super::tick_label(*v))
                .label_style(font(text::TICK))
                .axis_desc_style(font(text::AXIS));
            let count = |v: &f64| format!("{v:.0}");
            let none = |_: &f64| String::new();
            mesh.y_label_formatter(if first { &count } else { &none });
            if first {
                mesh.y_desc("count");
            }
            mesh.draw()?;
            let fill = color(0).mix(0.85).filled();
            for (k, &c) in counts[i].iter().enumerate() {
                let x0 = lo + k as f64 * width;
                ctx.draw_series([Rectangle::new([(x0, 0.0), (x0 + width, (c as f64).min(y_max))], fill)])?;
            }
            // Bars cut off at the top: say how tall the tallest really is, to the right of
            // the last cut bar.
            let tallest = counts[i].iter().copied().max().unwrap_or(0);
            if let Some(k) = counts[i].iter().rposition(|&c| c as f64 > y_max) {
                let at = (lo + (k as f64 + 1.3) * width, y_max * 0.98);
                let style =
                    font(text::SMALL).color(&RGBColor(150, 40, 0)).pos(Pos::new(HPos::Left, VPos::Top));
                ctx.draw_series([Text::new(format!("↑ {tallest}"), at, style)])?;
            }
        }
        // The x axis's name, once, under the histograms.
        let (strip_w, _) = x_strip.dim_in_pixel();
        let centre = (Y_AXIS_WIDTH + (strip_w - Y_AXIS_WIDTH) / 2) as i32;
        let style = font(text::AXIS).color(&BLACK).pos(Pos::new(HPos::Center, VPos::Top));
        x_strip.draw(&Text::new(row.x_label.clone(), (centre, 2), style))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bin_counts_count_like_numpy_histogram() {
        // np.histogram([0, 0.1, 0.5, 0.99, 1.0, 1.5, -0.2], bins=2, range=(0, 1)) → [2, 3]
        assert_eq!(bin_counts(&[0.0, 0.1, 0.5, 0.99, 1.0, 1.5, -0.2], 2, (0.0, 1.0)), vec![2, 3]);
    }

    #[test]
    fn a_histogram_row_renders_to_svg() {
        let path = std::env::temp_dir().join(format!("dlfs-hist-{}/h.svg", std::process::id()));
        let panel =
            |t: &str| Histogram { title: t.into(), values: (0..1000).map(|i| i as f64 / 1000.0).collect() };
        let row = HistogramRow {
            title: "activations".into(),
            panels: vec![panel("1-layer"), panel("2-layer")],
            bins: 30,
            range: (0.0, 1.0),
            y_max: Some(20.0),
            x_label: "value".into(),
            panel_size: None,
        };
        histogram_row(&path, &row).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.contains("2-layer") && svg.contains("activations") && svg.contains("count"));
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }
}
