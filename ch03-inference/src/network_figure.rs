//! The figure of 3.4: the toy three-layer network, its neurons and connections, with the
//! book's notation on the connections into the first hidden neuron.

use std::path::Path;

use common::plot::{PlotError, color, font, save_svg};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

type Point = (i32, i32);

const RADIUS: i32 = 24;
const LAYER_X: [i32; 4] = [95, 280, 465, 650];
const SIZES: [usize; 4] = [2, 3, 2, 2];

/// The centre of neuron `i` (0-based) of layer `l`; the bias neuron is i = SIZES[l].
fn node(l: usize, i: usize) -> Point {
    if i == SIZES[l] {
        return (LAYER_X[l], 390); // the bias neurons on one line at the bottom
    }
    let top = 200 - (SIZES[l] as i32 - 1) * 45; // the neurons centred on y = 200, 90 px apart
    (LAYER_X[l], top + i as i32 * 90)
}

/// The label inside neuron `i` of layer `l`, or "1" for a bias neuron.
fn label(l: usize, i: usize) -> String {
    const SUB: [&str; 4] = ["₁", "₂", "₃", "₄"];
    const SUP: [&str; 3] = ["⁽¹⁾", "⁽²⁾", "⁽³⁾"];
    match l {
        _ if i == SIZES[l] => "1".into(),
        0 => format!("x{}", SUB[i]),
        3 => format!("y{}", SUB[i]),
        _ => format!("z{}{}", SUB[i], SUP[l - 1]),
    }
}

/// A line from circle to circle with an arrowhead at `to`.
fn arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    from: Point,
    to: Point,
    style: ShapeStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (dx, dy) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
    let len = (dx * dx + dy * dy).sqrt();
    let (ux, uy) = (dx / len, dy / len);
    let r = RADIUS as f64 + 2.0;
    let start = (from.0 + (ux * r) as i32, from.1 + (uy * r) as i32);
    let tip = (to.0 - (ux * r) as i32, to.1 - (uy * r) as i32);
    area.draw(&PathElement::new(vec![start, tip], style))?;
    let (back, side) = (9.0, 4.0);
    let base = (tip.0 as f64 - ux * back, tip.1 as f64 - uy * back);
    let head = vec![
        tip,
        ((base.0 - uy * side) as i32, (base.1 + ux * side) as i32),
        ((base.0 + uy * side) as i32, (base.1 - ux * side) as i32),
    ];
    area.draw(&Polygon::new(head, style.color.filled()))
}

// ANCHOR: network_figure
/// Draws the network 2 → 3 → 2 → 2 with its bias neurons, and labels the weights and the
/// bias that feed the first neuron of layer 1: a₁⁽¹⁾ = w₁₁⁽¹⁾x₁ + w₁₂⁽¹⁾x₂ + b₁⁽¹⁾.
pub fn three_layer_figure(path: &Path) -> Result<(), PlotError> {
    save_svg(path, (750, 490), |root| {
        let grey = RGBColor(170, 170, 170);
        let highlight = color(1); // the connections the notation names
        let text = |size: f64| font(size).color(&BLACK).pos(Pos::new(HPos::Center, VPos::Center));
        // Connections: from every neuron (and the bias) of layer l to every neuron of layer l+1.
        for l in 0..3 {
            for i in 0..=SIZES[l] {
                for j in 0..SIZES[l + 1] {
                    let named = l == 0 && j == 0;
                    let style = if named { highlight.stroke_width(2) } else { grey.stroke_width(1) };
                    arrow(root, node(l, i), node(l + 1, j), style)?;
                }
            }
        }
        // Neurons.
        for (l, &size) in SIZES.iter().enumerate() {
            for i in 0..=size {
                let bias = i == size;
                if bias && l == 3 {
                    continue; // the output layer feeds nothing
                }
                let (x, y) = node(l, i);
                let fill = if bias { RGBColor(235, 235, 235) } else { WHITE };
                root.draw(&Circle::new((x, y), RADIUS, fill.filled()))?;
                root.draw(&Circle::new((x, y), RADIUS, BLACK.stroke_width(1)))?;
                root.draw(&Text::new(label(l, i), (x, y), text(17.0)))?;
            }
        }
        // The book's notation on the highlighted connections, on a white patch.
        let small = font(16.0).color(&highlight).pos(Pos::new(HPos::Center, VPos::Center));
        for (name, (x, y)) in [("w₁₁⁽¹⁾", (158, 128)), ("w₁₂⁽¹⁾", (137, 214)), ("b₁⁽¹⁾", (144, 328))]
        {
            root.draw(&Rectangle::new([(x - 27, y - 11), (x + 27, y + 11)], WHITE.filled()))?;
            root.draw(&Text::new(name, (x, y), small.clone()))?;
        }
        // Layer captions: what each layer computes, and the shapes.
        let captions = [
            ("input layer", ["X", "(2,)"]),
            ("layer 1: h = sigmoid", ["A⁽¹⁾ = XW⁽¹⁾ + B⁽¹⁾", "Z⁽¹⁾ = h(A⁽¹⁾)   (3,)"]),
            ("layer 2: h = sigmoid", ["A⁽²⁾ = Z⁽¹⁾W⁽²⁾ + B⁽²⁾", "Z⁽²⁾ = h(A⁽²⁾)   (2,)"]),
            ("output: identity", ["A⁽³⁾ = Z⁽²⁾W⁽³⁾ + B⁽³⁾", "Y = A⁽³⁾   (2,)"]),
        ];
        for (l, (top, bottom)) in captions.iter().enumerate() {
            root.draw(&Text::new(*top, (LAYER_X[l], 24), text(15.0)))?;
            for (k, line) in bottom.iter().enumerate() {
                root.draw(&Text::new(*line, (LAYER_X[l], 444 + 22 * k as i32), text(14.0)))?;
            }
        }
        for (l, w) in ["W⁽¹⁾ (2, 3)", "W⁽²⁾ (3, 2)", "W⁽³⁾ (2, 2)"].iter().enumerate() {
            root.draw(&Text::new(*w, ((LAYER_X[l] + LAYER_X[l + 1]) / 2, 52), text(14.0)))?;
        }
        Ok(())
    })
}
// ANCHOR_END: network_figure

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_network_figure_names_the_weights_of_the_first_neuron() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("net.svg");
        three_layer_figure(&path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.contains("w₁₂⁽¹⁾") && svg.contains("b₁⁽¹⁾") && svg.contains("z₁⁽¹⁾"));
    }
}
