//! Two diagrams: a perceptron (threshold form and bias form) and the two-layer XOR network.
//! Nodes are circles, signals are arrows, weights are written on the arrows.

use std::path::{Path, PathBuf};

use common::plot::{PlotError, font, save_svg, text};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type DrawResult = Result<(), Box<dyn std::error::Error>>;

const NODE_RADIUS: i32 = 26;
const INK: RGBColor = RGBColor(40, 40, 40);
const WEIGHT_COLOR: RGBColor = RGBColor(0, 114, 178);

/// A node: a circle with a label inside and, optionally, a note under it.
fn node(area: &Area<'_>, at: (i32, i32), label: &str, note: &str, fill: RGBColor) -> DrawResult {
    area.draw(&Circle::new(at, NODE_RADIUS, fill.filled()))?;
    area.draw(&Circle::new(at, NODE_RADIUS, INK.stroke_width(2)))?;
    let centred = font(20.0).color(&INK).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(label.to_string(), at, centred))?;
    if !note.is_empty() {
        let below = font(text::TICK).color(&INK).pos(Pos::new(HPos::Center, VPos::Top));
        area.draw(&Text::new(note.to_string(), (at.0, at.1 + NODE_RADIUS + 6), below))?;
    }
    Ok(())
}

/// An arrow from the rim of the node at `from` to the rim of the node at `to`, with `weight`
/// written a fraction `at` of the way along it, just above the line.
fn arrow(area: &Area<'_>, from: (i32, i32), to: (i32, i32), weight: &str, at: f64) -> DrawResult {
    let (dx, dy) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
    let len = (dx * dx + dy * dy).sqrt();
    let (ux, uy) = (dx / len, dy / len);
    let r = NODE_RADIUS as f64 + 2.0;
    let start = (from.0 as f64 + ux * r, from.1 as f64 + uy * r);
    let tip = (to.0 as f64 - ux * r, to.1 as f64 - uy * r);
    let px = |p: (f64, f64)| (p.0.round() as i32, p.1.round() as i32);
    let head = 11.0;
    let base = (tip.0 - ux * head, tip.1 - uy * head);
    area.draw(&PathElement::new(vec![px(start), px(base)], INK.stroke_width(2)))?;
    area.draw(&Polygon::new(
        vec![px(tip), px((base.0 - uy * 5.0, base.1 + ux * 5.0)), px((base.0 + uy * 5.0, base.1 - ux * 5.0))],
        INK.filled(),
    ))?;
    if !weight.is_empty() {
        let mid = (start.0 + (tip.0 - start.0) * at, start.1 + (tip.1 - start.1) * at);
        // Lift the label off the line, on the side above it.
        let (nx, ny) = if ux >= 0.0 { (uy, -ux) } else { (-uy, ux) };
        let spot = (mid.0 + nx * 16.0, mid.1 + ny * 16.0);
        let style = font(16.0).color(&WEIGHT_COLOR).pos(Pos::new(HPos::Center, VPos::Center));
        area.draw(&Text::new(weight.to_string(), px(spot), style))?;
    }
    Ok(())
}

/// A title centred at the top of `area`.
fn caption(area: &Area<'_>, text: &str) -> DrawResult {
    let (w, _) = area.dim_in_pixel();
    let style = font(16.0).color(&INK).pos(Pos::new(HPos::Center, VPos::Top));
    area.draw(&Text::new(text.to_string(), (w as i32 / 2, 10), style))?;
    Ok(())
}

const INPUT_FILL: RGBColor = RGBColor(235, 235, 235);
const NEURON_FILL: RGBColor = RGBColor(255, 255, 255);

/// A perceptron with two inputs, drawn twice: with a threshold θ inside the neuron, and with a
/// bias b as the weight on a constant input 1.
pub fn perceptron_diagram(dir: &Path) -> Result<PathBuf, PlotError> {
    let path = dir.join("perceptron.svg");
    save_svg(&path, (750, 300), |root| {
        let panels = root.split_evenly((1, 2));
        let (left, right) = (&panels[0], &panels[1]);
        caption(left, "threshold: y = 1 if w₁x₁ + w₂x₂ > θ")?;
        node(left, (80, 110), "x₁", "", INPUT_FILL)?;
        node(left, (80, 230), "x₂", "", INPUT_FILL)?;
        node(left, (290, 170), "y", "fires above θ", NEURON_FILL)?;
        arrow(left, (80, 110), (290, 170), "w₁", 0.45)?;
        arrow(left, (80, 230), (290, 170), "w₂", 0.45)?;

        caption(right, "bias: y = 1 if b + w₁x₁ + w₂x₂ > 0")?;
        node(right, (80, 70), "1", "", INPUT_FILL)?;
        node(right, (80, 160), "x₁", "", INPUT_FILL)?;
        node(right, (80, 250), "x₂", "", INPUT_FILL)?;
        node(right, (290, 160), "y", "fires above 0", NEURON_FILL)?;
        arrow(right, (80, 70), (290, 160), "b = −θ", 0.4)?;
        arrow(right, (80, 160), (290, 160), "w₁", 0.45)?;
        arrow(right, (80, 250), (290, 160), "w₂", 0.45)?;
        Ok(())
    })?;
    Ok(path)
}

/// The two-layer perceptron that computes XOR: x₁, x₂ → s₁ = NAND, s₂ = OR → y = AND(s₁, s₂).
pub fn xor_network_diagram(dir: &Path) -> Result<PathBuf, PlotError> {
    let path = dir.join("xor-network.svg");
    save_svg(&path, (640, 340), |root| {
        caption(root, "XOR as a two-layer perceptron (weights on the arrows, biases below)")?;
        let (x1, x2) = ((90, 110), (90, 250));
        let (s1, s2) = ((320, 110), (320, 250));
        let y = (550, 180);
        node(root, x1, "x₁", "", INPUT_FILL)?;
        node(root, x2, "x₂", "", INPUT_FILL)?;
        node(root, s1, "s₁", "NAND, b = 0.7", NEURON_FILL)?;
        node(root, s2, "s₂", "OR, b = −0.2", NEURON_FILL)?;
        node(root, y, "y", "AND, b = −0.7", NEURON_FILL)?;
        arrow(root, x1, s1, "−0.5", 0.5)?;
        arrow(root, x2, s1, "−0.5", 0.22)?;
        arrow(root, x1, s2, "0.5", 0.22)?;
        arrow(root, x2, s2, "0.5", 0.5)?;
        arrow(root, s1, y, "0.5", 0.5)?;
        arrow(root, s2, y, "0.5", 0.5)?;
        let layer = font(text::TICK).color(&RGBColor(100, 100, 100)).pos(Pos::new(HPos::Center, VPos::Top));
        for (x, name) in [(x1.0, "layer 0 (input)"), (s1.0, "layer 1"), (y.0, "layer 2 (output)")] {
            root.draw(&Text::new(name, (x, 312), layer.clone()))?;
        }
        Ok(())
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_diagrams_are_written() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        for path in [perceptron_diagram(dir).unwrap(), xor_network_diagram(dir).unwrap()] {
            let svg = std::fs::read_to_string(&path).unwrap();
            assert!(svg.starts_with("<svg") && svg.contains("x₁"), "{}", path.display());
        }
    }
}
