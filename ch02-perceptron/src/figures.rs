//! The chapter's figures, drawn with `common::plot`'s decision regions and line charts.

use std::path::{Path, PathBuf};

use common::plot::{
    ClassPoint, PlotError, RegionGrid, RegionPlot, StraightLine, color, font, region_plots, save_svg, text,
};
use ndarray::aview1;
use plotters::prelude::*;

use crate::Perceptron;
use crate::gates::{INPUTS, and, nand, or};
use crate::learning::{Run, output_at};
use crate::xor::{xor, xor_net};

/// The part of the plane the gate figures show: a margin around the four corners.
const RANGE: (f64, f64) = (-0.5, 1.5);
/// Cells across and up of a gate figure's shading.
const CELLS: (usize, usize) = (160, 160);

/// The four corners of the unit square, classed by `gate`; the ones `wrong` marks are ringed.
fn corners(gate: impl Fn(u8, u8) -> u8, wrong: impl Fn(u8, u8) -> bool) -> Vec<ClassPoint> {
    INPUTS
        .iter()
        .map(|&(x1, x2)| {
            let p = ClassPoint::new(f64::from(x1), f64::from(x2), usize::from(gate(x1, x2)));
            if wrong(x1, x2) { p.highlighted() } else { p }
        })
        .collect()
}

/// The half-planes of `p`: class 1 where w·x + b > 0.
fn half_planes(p: &Perceptron) -> RegionGrid {
    RegionGrid::classes(RANGE, RANGE, CELLS, |x1, x2| usize::from(output_at(p, x1, x2)))
}

/// The boundary w₁x₁ + w₂x₂ + b = 0 of a two-input perceptron.
pub fn boundary(p: &Perceptron) -> StraightLine {
    StraightLine::new(p.w[0], p.w[1], p.b)
}

/// "0.5x₁ + 0.5x₂ − 0.7 = 0", written the way one would by hand (no "+ −", no "1x₁", no "0x₂").
pub fn boundary_label(p: &Perceptron) -> String {
    let mut out = String::new();
    for (v, name) in [(p.w[0], "x₁"), (p.w[1], "x₂"), (p.b, "")] {
        if v == 0.0 {
            continue;
        }
        let sign = match (v < 0.0, out.is_empty()) {
            (true, true) => "−",
            (true, false) => " − ",
            (false, true) => "",
            (false, false) => " + ",
        };
        let number = if v.abs() == 1.0 && !name.is_empty() { String::new() } else { trim(v.abs()) };
        out += &format!("{sign}{number}{name}");
    }
    if out.is_empty() { "0 = 0".into() } else { out + " = 0" }
}

/// A number with at most two decimals and no trailing zeros.
fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn class_names(gate: &str) -> Vec<String> {
    vec![format!("{gate} = 0"), format!("{gate} = 1")]
}

fn gate_plot(title: String, gate: &str, shading: RegionGrid, points: Vec<ClassPoint>) -> RegionPlot {
    RegionPlot {
        title,
        x_label: "x₁".into(),
        y_label: "x₂".into(),
        grid: Some(shading),
        points,
        class_names: class_names(gate),
        // Several panels to a figure: under the plot, the legend covers no point.
        legend_below: true,
        ..Default::default()
    }
}

/// AND, NAND and OR side by side: four points, the line w·x + b = 0, the two half-planes.
pub fn gates_figure(dir: &Path) -> Result<PathBuf, PlotError> {
    let plots: Vec<RegionPlot> = [
        ("AND", Perceptron::and(), and as fn(u8, u8) -> u8),
        ("NAND", Perceptron::nand(), nand),
        ("OR", Perceptron::or(), or),
    ]
    .into_iter()
    .map(|(name, p, gate)| {
        let mut plot = gate_plot(boundary_label(&p), name, half_planes(&p), corners(gate, |_, _| false));
        plot.lines.push(boundary(&p));
        plot.title = format!("{name}: {}", plot.title);
        plot
    })
    .collect();
    let path = dir.join("gates.svg");
    region_plots(&path, (750, 330), (3, 1), &plots)?;
    Ok(path)
}

/// XOR's four points against four candidate lines: each line gets at least one point wrong.
pub fn xor_no_line_figure(dir: &Path) -> Result<PathBuf, PlotError> {
    let candidates = [
        ("OR's line", Perceptron::or()),
        ("NAND's line", Perceptron::nand()),
        ("a vertical line", Perceptron::new(&[1.0, 0.0], -0.5)),
        ("a diagonal line", Perceptron::new(&[1.0, -1.0], -0.5)),
    ];
    let plots: Vec<RegionPlot> = candidates
        .into_iter()
        .map(|(name, p)| {
            let wrong = |x1: u8, x2: u8| p.gate(x1, x2) != xor(x1, x2);
            let right = INPUTS.iter().filter(|&&(x1, x2)| !wrong(x1, x2)).count();
            let mut plot =
                gate_plot(format!("{name}: {right} of 4 right"), "XOR", half_planes(&p), corners(xor, wrong));
            plot.lines.push(boundary(&p).labeled(boundary_label(&p)));
            plot
        })
        .collect();
    let path = dir.join("xor-no-line.svg");
    region_plots(&path, (750, 800), (2, 2), &plots)?;
    Ok(path)
}

/// The two layers of XOR: NAND's half-plane, OR's half-plane, and the band where both fire.
pub fn xor_two_layers_figure(dir: &Path) -> Result<PathBuf, PlotError> {
    let (p_nand, p_or) = (Perceptron::nand(), Perceptron::or());
    let band = RegionGrid::classes(RANGE, RANGE, CELLS, |x1, x2| usize::from(xor_net(aview1(&[x1, x2]))));
    let mut s1 = gate_plot(
        "layer 1: s₁ = NAND(x₁, x₂)".into(),
        "s₁",
        half_planes(&p_nand),
        corners(nand, |_, _| false),
    );
    s1.lines.push(boundary(&p_nand));
    let mut s2 =
        gate_plot("layer 1: s₂ = OR(x₁, x₂)".into(), "s₂", half_planes(&p_or), corners(or, |_, _| false));
    s2.lines.push(boundary(&p_or));
    let mut y = gate_plot("layer 2: y = AND(s₁, s₂)".into(), "XOR", band, corners(xor, |_, _| false));
    y.lines.push(boundary(&p_nand).dashed().labeled("NAND's line"));
    y.lines.push(boundary(&p_or).dashed().colored(RGBColor(90, 90, 90)).labeled("OR's line"));
    // The classes are named in the first two panels; here the legend only names the lines.
    y.class_names.clear();
    let path = dir.join("xor-two-layers.svg");
    region_plots(&path, (750, 350), (3, 1), &[s1, s2, y])?;
    Ok(path)
}

/// Errors per epoch while the learning rule learns AND, OR, NAND and XOR: one small bar chart
/// per gate, so that equal curves do not hide each other.
pub fn learning_errors_figure(dir: &Path, runs: &[Run]) -> Result<PathBuf, PlotError> {
    let path = dir.join("learning-errors.svg");
    save_svg(&path, (750, 500), |root| {
        let root =
            root.titled("The perceptron learning rule: rows wrong in each epoch", font(text::TITLE))?;
        let panels = root.split_evenly((2, 2));
        for (i, (run, area)) in runs.iter().zip(panels.iter()).enumerate() {
            let epochs = run.errors.len() as f64;
            let mut ctx = ChartBuilder::on(area)
                .caption(run.gate, font(text::PANEL_TITLE))
                .margin(8)
                .x_label_area_size(40)
                .y_label_area_size(48)
                .build_cartesian_2d(0.5..epochs + 0.5, 0.0..4.3)?;
            ctx.configure_mesh()
                .disable_x_mesh()
                .light_line_style(WHITE)
                .bold_line_style(RGBColor(225, 225, 225))
                .x_labels(run.errors.len().min(10))
                .y_labels(5)
                .x_label_formatter(&|v| format!("{v:.0}"))
                .y_label_formatter(&|v| format!("{v:.0}"))
                .x_desc("epoch")
                .y_desc("rows wrong")
                .label_style(font(text::TICK))
                .axis_desc_style(font(text::AXIS))
                .draw()?;
            ctx.draw_series(run.errors.iter().enumerate().map(|(k, &e)| {
                let x = (k + 1) as f64;
                Rectangle::new([(x - 0.35, 0.0), (x + 0.35, e as f64)], color(i).filled())
            }))?;
        }
        Ok(())
    })?;
    Ok(path)
}

/// The line after each epoch, light to dark, for AND (it settles) and XOR (it never does).
pub fn learning_lines_figure(dir: &Path, runs: &[Run]) -> Result<PathBuf, PlotError> {
    let plots: Vec<RegionPlot> = runs
        .iter()
        .filter(|r| r.gate == "AND" || r.gate == "XOR")
        .map(|run| {
            let gate = if run.gate == "AND" { and as fn(u8, u8) -> u8 } else { xor };
            let last = run.learned();
            let n = run.after.len().max(1);
            let mut lines: Vec<StraightLine> = std::iter::once(&run.start)
                .chain(&run.after)
                .enumerate()
                .map(|(k, p)| {
                    let grey = (190.0 - 100.0 * k as f64 / n as f64) as u8;
                    boundary(p).colored(RGBColor(grey, grey, grey)).width(1)
                })
                .collect();
            // The legend names the grey lines through the first one that shows.
            if let Some(first) = lines.iter_mut().find(|l| l.clip(RANGE, RANGE).is_some()) {
                first.label = "start, then each epoch".into();
            }
            lines.push(boundary(last).width(2).labeled(format!("after epoch {n}")));
            let title = match run.first_clean_epoch() {
                Some(k) => format!("{}: no errors from epoch {k} on", run.gate),
                None => format!("{}: still wrong after {n} epochs", run.gate),
            };
            let mut plot = gate_plot(
                title,
                run.gate,
                half_planes(last),
                corners(gate, |x1, x2| last.gate(x1, x2) != gate(x1, x2)),
            );
            plot.lines = lines;
            // Circles and triangles are named in the earlier figures; a short legend stays clear
            // of the points.
            plot.class_names.clear();
            plot
        })
        .collect();
    let path = dir.join("learning-lines.svg");
    region_plots(&path, (750, 420), (2, 1), &plots)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learning::learn_gates;
    use common::rng::seeded;

    #[test]
    fn boundary_labels_read_like_handwritten_equations() {
        assert_eq!(boundary_label(&Perceptron::and()), "0.5x₁ + 0.5x₂ − 0.7 = 0");
        assert_eq!(boundary_label(&Perceptron::nand()), "−0.5x₁ − 0.5x₂ + 0.7 = 0");
        assert_eq!(boundary_label(&Perceptron::new(&[1.0, 0.0], -0.5)), "x₁ − 0.5 = 0");
        assert_eq!(boundary_label(&Perceptron::new(&[-1.0, 1.0], 0.0)), "−x₁ + x₂ = 0");
    }

    #[test]
    fn every_figure_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let runs = learn_gates(0.1, 10, &mut seeded(1));
        let paths = [
            gates_figure(dir).unwrap(),
            xor_no_line_figure(dir).unwrap(),
            xor_two_layers_figure(dir).unwrap(),
            learning_errors_figure(dir, &runs).unwrap(),
            learning_lines_figure(dir, &runs).unwrap(),
        ];
        for path in paths {
            let svg = std::fs::read_to_string(&path).unwrap();
            assert!(
                svg.starts_with("<svg") && svg.len() < 300_000,
                "{}: {} bytes",
                path.display(),
                svg.len()
            );
        }
    }
}
