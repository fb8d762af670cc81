//! Draws the performance appendix's figure: the time of one SimpleConvNet training step as
//! each optimisation went in, from the measurements kept in `ch07-cnn/bench/history.csv`.
//!
//! ```text
//! cargo run -p ch07-cnn --example step_time_figure
//! ```
//!
//! writes `book/src/appendix/figures/step_time.svg`.

use std::path::Path;

use anyhow::{Context, Result, bail};
use common::plot::{LineChart, Series, line_chart};

const HISTORY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/history.csv");
const FIGURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../book/src/appendix/figures/step_time.svg");

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
    let points = |f: fn(&Row) -> f64| rows.iter().map(|r| (r.stage, f(r))).collect::<Vec<_>>();
    let (first, last) = (rows[0].stage, rows[rows.len() - 1].stage);
    let torch = rows.iter().map(|r| r.pytorch).sum::<f64>() / rows.len() as f64;
    let top = rows.iter().map(|r| r.one_core.max(r.two_cores)).fold(0.0, f64::max);
    let chart = LineChart {
        title: "SimpleConvNet: one training step (batch 100, Adam, f32)".into(),
        x_label: "optimisation stage (see the table)".into(),
        y_label: "milliseconds per step".into(),
        series: vec![
            Series::new("Rust, one core", points(|r| r.one_core)).with_markers(),
            Series::new("Rust, two cores", points(|r| r.two_cores)).with_markers(),
            Series::new("PyTorch, two cores", vec![(first, torch), (last, torch)]).dashed(),
        ],
        x_range: Some((first - 0.3, last + 0.3)),
        y_range: Some((0.0, top * 1.08)),
        size: Some((720, 440)),
    };
    let out = Path::new(FIGURE);
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    line_chart(out, &chart)?;
    println!("wrote {}", out.display());
    Ok(())
}
