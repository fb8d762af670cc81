//! Draws the performance appendix's figure: the time of one SimpleConvNet training step as
//! each optimisation went in, from the measurements kept in `ch07-cnn/bench/history.csv`.
//!
//! ```text
//! cargo run -p ch07-cnn --example step_time_figure [-- OUT.svg]
//! ```
//!
//! writes `ch07-cnn/out/step_time.svg` (git ignores it), or OUT.svg when given; the book's copy
//! is `book/src/appendix/figures/step_time.svg`, which `ch07-cnn/regenerate.sh` writes.

use std::path::Path;

use anyhow::{Context, Result, bail};
use common::plot::{PlotError, Stroke, color, draw_legend, font, legend_swatch, save_svg, text};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const HISTORY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/history.csv");
const FIGURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/out/step_time.svg");

/// One row of history.csv: `stage,"change",one_core_ms,two_cores_ms,pytorch_ms`.
struct Row {
    stage: f64,
    one_core: f64,
    two_cores: f64,
    pytorch: f64,
}

fn read_history(path: &Path) -> Result<Vec<Row>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        // The change (second field) is quoted and may hold commas: take the numbers from the ends.
        let (stage, rest) = line.split_once(',').unwrap_or((line, ""));
        let fields: Vec<&str> = rest.rsplitn(4, ',').map(str::trim).collect();
        let [torch, two, one, _change] = fields[..] else {
            bail!("{}:{}: expected stage,change,one_core_ms,two_cores_ms,pytorch_ms", path.display(), i + 1);
        };
        let num = |s: &str| s.parse::<f64>().with_context(|| format!("{}:{}: {s:?}", path.display(), i + 1));
        rows.push(Row {
            stage: num(stage)?,
            one_core: num(one)?,
            two_cores: num(two)?,
            pytorch: num(torch)?,
        });
    }
    if rows.is_empty() {
        bail!("{} holds no measurements", path.display());
    }
    Ok(rows)
}

fn main() -> Result<()> {
    let rows = read_history(Path::new(HISTORY))?;
    let arg = std::env::args_os().nth(1);
    let out = arg.as_deref().map_or(Path::new(FIGURE), Path::new);
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    draw(out, &rows)?;
    println!("wrote {}", out.display());
    Ok(())
}

/// The stages are steps, not a quantity: one group of bars per stage (one core, two cores),
/// each with its time written on it, on an axis with a tick at each stage only; PyTorch's
/// time, the same at every stage, is a dashed line across, under them.
fn draw(out: &Path, rows: &[Row]) -> Result<(), PlotError> {
    let torch = rows.iter().map(|r| r.pytorch).sum::<f64>() / rows.len() as f64;
    let top = rows.iter().map(|r| r.one_core.max(r.two_cores)).fold(torch, f64::max);
    let (first, last) = (rows[0].stage, rows[rows.len() - 1].stage);
    save_svg(out, (720, 440), |root| {
        let mut ctx = ChartBuilder::on(root)
            .caption("SimpleConvNet: one training step (batch 100, Adam, f32)", font(text::TITLE))
            .margin(12)
            .x_label_area_size(46)
            .y_label_area_size(62)
            .build_cartesian_2d(first - 0.5..last + 0.5, 0.0..top * 1.15)?;
        ctx.configure_mesh()
            .disable_x_mesh()
            .light_line_style(RGBColor(240, 240, 240))
            .x_desc("optimisation stage (see the table)")
            .y_desc("milliseconds per step")
            // A tick at each stage, and at nothing between stages.
            .x_labels(rows.len() + 1)
            .x_label_formatter(&|v| {
                if (v - v.round()).abs() < 1e-6 { format!("{:.0}", v.abs()) } else { String::new() }
            })
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style(font(text::TICK))
            .axis_desc_style(font(text::AXIS))
            .draw()?;
        // Under the bars and their numbers.
        let dashed = Stroke { style: color(2).stroke_width(2), dash: Some((6, 4)), marker: None };
        ctx.draw_series(DashedLineSeries::new(
            [(first - 0.5, torch), (last + 0.5, torch)],
            6,
            4,
            dashed.style,
        ))?
        .label(format!("PyTorch, two cores ({torch:.1})"))
        .legend(move |at| legend_swatch(at, dashed));
        let bars: [(&str, fn(&Row) -> f64, f64); 2] =
            [("Rust, one core", |r| r.one_core, -0.4), ("Rust, two cores", |r| r.two_cores, 0.02)];
        for (i, (label, time, offset)) in bars.into_iter().enumerate() {
            let fill = color(i).filled();
            ctx.draw_series(rows.iter().map(|r| {
                let x = r.stage + offset;
                Rectangle::new([(x, 0.0), (x + 0.38, time(r))], fill)
            }))?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 26, y + 6)], fill));
            let style = font(text::SMALL).color(&BLACK).pos(Pos::new(HPos::Center, VPos::Bottom));
            ctx.draw_series(rows.iter().map(|r| {
                Text::new(format!("{:.1}", time(r)), (r.stage + offset + 0.19, time(r)), style.clone())
            }))?;
        }
        draw_legend(&mut ctx, SeriesLabelPosition::UpperRight)?;
        Ok(())
    })
}
