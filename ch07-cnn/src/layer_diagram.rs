//! 7.7's architectures drawn from their layer lists: every box is a layer of the
//! [`Sequential`] network (its kind read from its name, its window, channels and output shape
//! from [`Sequential::geometry`]), so the picture is the network the code builds. And ResNet's
//! residual block, drawn from the layers of a [`Residual`] block built as `residual_net` builds
//! its blocks.

use rand::Rng;

use common::Float;
use common::im2col::ShapeError;
use common::init::WeightInit;
use common::layers::{Block, Geometry, Relu, Residual};
use common::plot::diagram::{Diagram, Font, GREY, INK, text_width, tint};
use common::sequential::Sequential;

use crate::architectures::builders::conv;
use crate::architectures::famous::{alexnet, vgg16};
use crate::architectures::lenet::{LeNetKind, lenet};
use crate::architectures::residual_nets::CHANNELS;
use crate::report::thousands;

/// What a box stands for; the colour of the box comes from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Input,
    Conv,
    Pool,
    Subsampling,
    Affine,
    Residual,
    /// A layer that keeps the shape (activation, dropout): written on the box before it.
    Tag,
    Softmax,
}

impl Kind {
    /// The kind of a layer from its name in the network (`Conv1`, `ReLU3`, `Pool2`, …).
    pub fn of(name: &str) -> Kind {
        let starts = |p: &str| name.to_ascii_lowercase().starts_with(p);
        if starts("conv") {
            Kind::Conv
        } else if starts("pool") {
            Kind::Pool
        } else if starts("subsampling") {
            Kind::Subsampling
        } else if starts("affine") {
            Kind::Affine
        } else if starts("block") {
            Kind::Residual
        } else {
            Kind::Tag
        }
    }

    fn colour(self) -> usize {
        match self {
            Kind::Conv => 0,
            Kind::Affine => 1,
            Kind::Pool | Kind::Subsampling => 2,
            Kind::Residual => 3,
            Kind::Softmax => 4,
            Kind::Input | Kind::Tag => 6,
        }
    }
}

/// One box of the diagram: a layer, with what happens right after it written on it.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerBox {
    pub kind: Kind,
    /// The first line, in bold: "Conv 3×3", "Max pool 2×2", "Affine".
    pub title: String,
    /// The second line: filters and stride, or sizes in and out.
    pub detail: String,
    /// The layers that follow it and keep the shape: "ReLU", "ReLU, dropout".
    pub tags: Vec<String>,
    /// The output shape of one example.
    pub output: Vec<usize>,
}

/// "(64, 112, 112)".
pub fn tuple(v: &[usize]) -> String {
    format!("({})", v.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", "))
}

/// The layer's name without its number: "ReLU3" → "ReLU".
fn bare(name: &str) -> String {
    name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_').to_string()
}

// ANCHOR: layer_boxes
/// The boxes of `net` for one example of shape `input`: one a layer that changes the shape
/// (its window and stride from its geometry, its padding from the sizes in and out), with the
/// activations and dropouts after it written on it; an input box first, softmax last.
pub fn layer_boxes<F: Float>(net: &Sequential<F>, input: &[usize]) -> Result<Vec<LayerBox>, ShapeError> {
    let mut boxes = vec![LayerBox {
        kind: Kind::Input,
        title: "Input".into(),
        detail: String::new(),
        tags: Vec::new(),
        output: input.to_vec(),
    }];
    let mut shape = input.to_vec();
    for ((name, _), g) in net.layers.iter().zip(net.geometry(input)?) {
        let kind = Kind::of(name);
        if kind == Kind::Tag {
            let tag = bare(name);
            let tag = if tag == "Dropout" { "dropout".to_string() } else { tag };
            boxes.last_mut().expect("the input box is first").tags.push(tag);
            continue;
        }
        let (title, detail) = describe(kind, &shape, &g);
        boxes.push(LayerBox { kind, title, detail, tags: Vec::new(), output: g.output.clone() });
        shape = g.output;
    }
    let classes = shape.iter().product::<usize>();
    boxes.push(LayerBox {
        kind: Kind::Softmax,
        title: "Softmax".into(),
        detail: format!("{classes} classes"),
        tags: Vec::new(),
        output: shape,
    });
    Ok(boxes)
}

/// The two lines of a layer's box, from the shape it takes and what it does to it.
fn describe(kind: Kind, input: &[usize], g: &Geometry) -> (String, String) {
    let (k, s) = g.window.unwrap_or((1, 1));
    // OH = (H + 2P − k)/S + 1, so P = ((OH − 1)·S + k − H) / 2.
    let pad = match (input.get(1), g.output.get(1)) {
        (Some(&h), Some(&oh)) => ((oh - 1) * s + k).saturating_sub(h) / 2,
        _ => 0,
    };
    let mut extra = Vec::new();
    if s > 1 && kind == Kind::Conv {
        extra.push(format!("stride {s}"));
    }
    if pad > 0 {
        extra.push(format!("pad {pad}"));
    }
    let extra = if extra.is_empty() { String::new() } else { format!(", {}", extra.join(", ")) };
    match kind {
        Kind::Conv => (format!("Conv {k}×{k}"), format!("{} filters{extra}", g.output[0])),
        Kind::Pool => (format!("Max pool {k}×{k}"), format!("stride {s}{extra}")),
        Kind::Subsampling => (format!("Subsampling {k}×{k}"), "mean·a + b".into()),
        Kind::Affine => ("Affine".into(), format!("{} → {}", input.iter().product::<usize>(), g.output[0])),
        Kind::Residual => ("Residual block".into(), "F(x) + shortcut".into()),
        Kind::Input | Kind::Tag | Kind::Softmax => (String::new(), String::new()),
    }
}
// ANCHOR_END: layer_boxes

/// The boxes in rows: a row ends after each pooling (a stage), before the first affine layer,
/// and after `per_row` boxes.
pub fn rows(boxes: &[LayerBox], per_row: usize) -> Vec<Vec<LayerBox>> {
    let mut rows: Vec<Vec<LayerBox>> = vec![Vec::new()];
    for (i, b) in boxes.iter().enumerate() {
        let first_affine = b.kind == Kind::Affine && i > 0 && boxes[i - 1].kind != Kind::Affine;
        let current = rows.last_mut().expect("one row at least");
        if (first_affine || current.len() == per_row) && !current.is_empty() {
            rows.push(Vec::new());
        }
        rows.last_mut().expect("one row at least").push(b.clone());
        if matches!(b.kind, Kind::Pool | Kind::Subsampling) {
            rows.push(Vec::new());
        }
    }
    rows.retain(|r| !r.is_empty());
    rows
}

const WIDTH: f64 = 720.0;
const BOX_W: f64 = 150.0;
const BOX_H: f64 = 90.0;
const GAP: f64 = 26.0;
const ROW_GAP: f64 = 34.0;

/// Draws one box with its top-left corner at (x, y).
fn draw_box(d: &mut Diagram, x: f64, y: f64, w: f64, b: &LayerBox) {
    let c = b.kind.colour();
    let fill = if b.kind == Kind::Input { "#f2f2f2".to_string() } else { tint(c, 0.18) };
    d.rounded(x, y, w, BOX_H, 6.0, &fill, &tint(c, 1.0), 1.5);
    let mid = x + w / 2.0;
    let title = if b.kind == Kind::Input { "Input".to_string() } else { b.title.clone() };
    d.text(mid, y + 19.0, Font::new(13.0).bold().middle(), &title);
    d.text(mid, y + 38.0, Font::new(13.0).middle(), &b.detail);
    if !b.tags.is_empty() {
        d.text(mid, y + 56.0, Font::new(13.0).middle().italic(), &format!("+ {}", b.tags.join(", ")));
    }
    d.text(mid, y + 78.0, Font::new(13.0).middle().fill(GREY), &tuple(&b.output));
}

/// The diagram of a network: a title, then its boxes in rows, joined by arrows.
pub fn architecture_figure(title: &str, subtitle: &str, rows: &[Vec<LayerBox>]) -> Diagram {
    let top = 66.0;
    let height = top + rows.len() as f64 * (BOX_H + ROW_GAP) - ROW_GAP + 16.0;
    let mut d = Diagram::new(WIDTH, height);
    d.text(10.0, 22.0, Font::new(16.0).bold(), title);
    d.text(10.0, 44.0, Font::new(13.0).fill(GREY), subtitle);
    let per_row = rows.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let w = BOX_W.min((WIDTH - 20.0 - (per_row - 1.0) * GAP) / per_row);
    let mut last: Option<(f64, f64)> = None; // bottom centre of the previous row's last box
    for (r, row) in rows.iter().enumerate() {
        let y = top + r as f64 * (BOX_H + ROW_GAP);
        for (i, b) in row.iter().enumerate() {
            let x = 10.0 + i as f64 * (w + GAP);
            draw_box(&mut d, x, y, w, b);
            if i > 0 {
                d.arrow((x - GAP + 2.0, y + BOX_H / 2.0), (x - 2.0, y + BOX_H / 2.0), INK, 1.5);
            } else if let Some((lx, ly)) = last {
                // From the end of the row above, down and back to the start of this one.
                let mid = ly + ROW_GAP / 2.0;
                let to = x + w / 2.0;
                d.path_arrow(
                    &format!(
                        "M {lx:.1} {ly:.1} L {lx:.1} {mid:.1} L {to:.1} {mid:.1} L {to:.1} {:.1}",
                        y - 2.0
                    ),
                    INK,
                    1.5,
                );
            }
            if i + 1 == row.len() {
                last = Some((x + w / 2.0, y + BOX_H));
            }
        }
    }
    d
}

/// The parameters and multiply-adds of `net` for one example, for a figure's subtitle.
pub fn totals<F: Float>(net: &mut Sequential<F>, input: &[usize]) -> Result<String, ShapeError> {
    let params: usize = net.layer_param_counts().iter().sum();
    let macs: u64 = net.geometry(input)?.iter().map(|g| g.multiply_adds).sum();
    Ok(format!("{} parameters, {} multiply-adds per image", thousands(params), thousands(macs as usize)))
}

/// The networks of the figures, with the file each goes to, its title and its input: LeNet-5
/// (the 1998 one), AlexNet and VGG-16, as `architectures` builds them.
pub fn famous_nets(rng: &mut impl Rng) -> Vec<(&'static str, &'static str, Sequential<f32>, Vec<usize>)> {
    vec![
        ("lenet.svg", "LeNet-5 (1998)", lenet(LeNetKind::Original, rng), vec![1, 28, 28]),
        ("alexnet.svg", "AlexNet (2012)", alexnet(), vec![3, 227, 227]),
        ("vgg16.svg", "VGG-16 (2014)", vgg16(), vec![3, 224, 224]),
    ]
}

/// The figure of one of [`famous_nets`]: its layer boxes, four to a row, under its title and
/// its totals.
pub fn famous_net_figure(
    title: &str,
    net: &mut Sequential<f32>,
    input: &[usize],
) -> Result<Diagram, ShapeError> {
    let boxes = layer_boxes(net, input)?;
    Ok(architecture_figure(title, &totals(net, input)?, &rows(&boxes, 4)))
}

/// The residual figure's two blocks, as `residual_net` has them: one that keeps
/// (16, 13, 13), and the one that goes to 32 channels on maps half the size; each with its
/// title, the names of its branch's layers and its input.
pub fn residual_examples(rng: &mut impl Rng) -> Vec<(&'static str, Residual<f32>, Vec<String>, Vec<usize>)> {
    let input = vec![CHANNELS[0], 13, 13];
    let (same, names) = residual_block(CHANNELS[0], CHANNELS[0], rng);
    let (down, _) = residual_block(CHANNELS[0], CHANNELS[1], rng);
    vec![
        ("A residual block: the shortcut adds x to the branch's output", same, names.clone(), input.clone()),
        ("Where the shape changes, the shortcut is a 1×1 convolution", down, names, input),
    ]
}

/// A residual block as `residual_net` builds it: conv 3×3 (stride 2 if the channels change)
/// → ReLU → conv 3×3, and a shortcut around them: the identity, or a 1×1 convolution with
/// stride 2 where the shape changes. Returned with the names of the branch's layers.
pub fn residual_block<F: Float + 'static>(
    channels: usize,
    filters: usize,
    rng: &mut impl Rng,
) -> (Residual<F>, Vec<String>) {
    let he = WeightInit::He;
    let stride = if filters != channels { 2 } else { 1 };
    let branch: Vec<Box<dyn Block<F>>> = vec![
        Box::new(conv(channels, filters, 3, stride, 1, he, rng)),
        Box::new(Relu::new()),
        Box::new(conv(filters, filters, 3, 1, 1, he, rng)),
    ];
    let mut block = Residual::new(branch);
    if filters != channels {
        block = block.with_projection(Box::new(conv(channels, filters, 1, stride, 0, he, rng)));
    }
    (block, vec!["Conv".into(), "ReLU".into(), "Conv".into()])
}

/// The figure of residual blocks, one row each: x → the branch's layers → (+) → ReLU → y,
/// and the shortcut from x to (+) above them (the identity, or the projection's box).
pub fn residual_figure<F: Float>(
    blocks: &[(&str, Residual<F>, Vec<String>, Vec<usize>)],
) -> Result<Diagram, ShapeError> {
    let row_h = 205.0;
    let mut d = Diagram::new(WIDTH, blocks.len() as f64 * row_h);
    let (w, h, gap, relu_w) = (124.0, 60.0, 20.0, 56.0);
    for (r, (title, block, names, input)) in blocks.iter().enumerate() {
        let top = 10.0 + r as f64 * row_h;
        d.text(10.0, top + 18.0, Font::new(15.0).bold(), title);
        let y = top + 100.0; // the boxes' top
        let cy = y + h / 2.0;
        // x
        let mut x = 10.0;
        d.text(x, cy - 4.0, Font::new(15.0).italic().bold(), "x");
        d.text(x, cy + 16.0, Font::new(13.0).fill(GREY), &tuple(input));
        x += 104.0;
        let start = x - 12.0;
        d.circle(start, cy, 3.0, INK, INK, 1.0);
        let mut shape = input.clone();
        for (layer, name) in block.branch.iter().zip(names) {
            let g = layer.geometry(&shape)?;
            let kind = Kind::of(name);
            let (title, detail) = match g.window {
                Some((k, s)) if kind == Kind::Conv => {
                    let stride = if s > 1 { format!(", stride {s}") } else { String::new() };
                    (format!("Conv {k}×{k}"), format!("{} filters{stride}", g.output[0]))
                }
                _ => (name.clone(), String::new()),
            };
            let bw = if kind == Kind::Conv { w } else { relu_w };
            d.arrow((x - gap + 2.0, cy), (x - 2.0, cy), INK, 1.5);
            let b = LayerBox { kind, title, detail, tags: Vec::new(), output: g.output.clone() };
            small_box(&mut d, x, y, bw, h, &b);
            x += bw + gap;
            shape = g.output;
        }
        // (+), then ReLU, then y
        let plus = (x + 14.0, cy);
        d.arrow((x - gap + 2.0, cy), (x - 2.0, cy), INK, 1.5);
        d.circle(plus.0, plus.1, 15.0, "#ffffff", INK, 1.5);
        d.centred(plus.0, plus.1, Font::new(18.0), "+");
        x += 28.0 + gap;
        d.arrow((x - gap + 2.0, cy), (x - 2.0, cy), INK, 1.5);
        let relu = LayerBox {
            kind: Kind::Tag,
            title: "ReLU".into(),
            detail: String::new(),
            tags: vec![],
            output: shape.clone(),
        };
        small_box(&mut d, x, y, relu_w, h, &relu);
        x += relu_w + gap;
        d.arrow((x - gap + 2.0, cy), (x - 2.0, cy), INK, 1.5);
        d.text(x, cy - 4.0, Font::new(15.0).italic().bold(), "y");
        d.text(x, cy + 16.0, Font::new(13.0).fill(GREY), &tuple(&shape));
        // The shortcut, above the branch.
        let lane = y - 42.0;
        let path = format!(
            "M {start:.1} {cy:.1} L {start:.1} {lane:.1} L {:.1} {lane:.1} L {:.1} {:.1}",
            plus.0,
            plus.0,
            plus.1 - 17.0
        );
        d.path_arrow(&path, &tint(3, 1.0), 2.0);
        let label = match &block.projection {
            None => "shortcut: x itself (identity)".to_string(),
            Some(p) => {
                let g = p.geometry(input)?;
                let (t, detail) = describe(Kind::Conv, input, &g);
                format!("shortcut: {t}, {detail} → {}", tuple(&g.output))
            }
        };
        let mid = (start + plus.0) / 2.0;
        d.rect(
            mid - text_width(&label, 13.0) / 2.0 - 6.0,
            lane - 11.0,
            text_width(&label, 13.0) + 12.0,
            22.0,
            "#ffffff",
            "none",
            0.0,
        );
        d.text(mid, lane + 5.0, Font::new(13.0).middle().fill(INK), &label);
        d.text(
            mid,
            y + h + 30.0,
            Font::new(13.0).middle().fill(GREY),
            "the branch F(x); the block gives y = ReLU(F(x) + shortcut)",
        );
    }
    Ok(d)
}

/// A box of the residual figure: its title, its detail if any, its output shape.
fn small_box(d: &mut Diagram, x: f64, y: f64, w: f64, h: f64, b: &LayerBox) {
    let c = b.kind.colour();
    let fill = if b.kind == Kind::Tag { "#f2f2f2".to_string() } else { tint(c, 0.18) };
    d.rounded(x, y, w, h, 6.0, &fill, &tint(c, 1.0), 1.5);
    let mid = x + w / 2.0;
    if b.detail.is_empty() {
        d.centred(mid, y + h / 2.0, Font::new(13.0).bold(), &b.title);
    } else {
        d.text(mid, y + 18.0, Font::new(13.0).bold().middle(), &b.title);
        d.text(mid, y + 36.0, Font::new(12.0).middle(), &b.detail);
        d.text(mid, y + 53.0, Font::new(12.0).middle().fill(GREY), &tuple(&b.output));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::architectures::residual_nets::residual_net;
    use common::layers::Shaped;
    use common::rng::seeded;

    #[test]
    fn vgg16_reads_as_five_stages_of_3x3_convolutions_then_the_classifier() {
        let boxes = layer_boxes(&vgg16::<f32>(), &[3, 224, 224]).unwrap();
        let rows = rows(&boxes, 4);
        let convs: Vec<usize> =
            rows.iter().map(|r| r.iter().filter(|b| b.kind == Kind::Conv).count()).collect();
        assert_eq!(convs, [2, 2, 3, 3, 3, 0]);
        assert!(
            boxes
                .iter()
                .filter(|b| b.kind == Kind::Conv)
                .all(|b| b.title == "Conv 3×3" && b.detail.ends_with("pad 1"))
        );
        assert_eq!(rows[4].last().unwrap().output, vec![512, 7, 7]);
        let affine = boxes.iter().find(|b| b.kind == Kind::Affine).unwrap();
        assert_eq!(
            (affine.detail.as_str(), affine.tags.clone()),
            ("25088 → 4096", vec!["ReLU".into(), "dropout".into()])
        );
    }

    #[test]
    fn alexnet_and_lenet_boxes_carry_their_windows_strides_and_activations() {
        let boxes = layer_boxes(&alexnet::<f32>(), &[3, 227, 227]).unwrap();
        assert_eq!(
            (boxes[1].title.as_str(), boxes[1].detail.as_str()),
            ("Conv 11×11", "96 filters, stride 4")
        );
        assert_eq!(boxes[1].output, vec![96, 55, 55]);
        assert_eq!(boxes[3].detail, "256 filters, pad 2");
        let lenet = layer_boxes(&lenet::<f32>(LeNetKind::Original, &mut seeded(1)), &[1, 28, 28]).unwrap();
        assert_eq!(lenet[1].tags, ["Sigmoid"]);
        assert_eq!(lenet[2].kind, Kind::Subsampling);
        assert_eq!(lenet.last().unwrap().detail, "10 classes");
    }

    #[test]
    fn the_drawn_residual_blocks_have_the_shapes_of_residual_nets_blocks() {
        let net = residual_net::<f32>(6, true, &mut seeded(2));
        let shapes: Vec<Vec<usize>> =
            net.geometry(&[1, 28, 28]).unwrap().into_iter().map(|g| g.output).collect();
        let names: Vec<&str> = net.layers.iter().map(|(n, _)| n.as_str()).collect();
        let after = |name: &str| shapes[names.iter().position(|n| *n == name).unwrap()].clone();
        let (same, _) = residual_block::<f32>(CHANNELS[0], CHANNELS[0], &mut seeded(3));
        let (down, _) = residual_block::<f32>(CHANNELS[0], CHANNELS[1], &mut seeded(3));
        let input = vec![CHANNELS[0], 13, 13];
        assert_eq!(same.geometry(&input).unwrap().output, after("Block1"));
        assert_eq!(down.geometry(&input).unwrap().output, after("Block2"));
    }

    #[test]
    fn every_architecture_figure_is_readable_in_the_column() {
        for (file, title, mut net, input) in famous_nets(&mut seeded(4)) {
            let figure = famous_net_figure(title, &mut net, &input).unwrap();
            figure.check_readable().unwrap_or_else(|e| panic!("{file}: {e}"));
            assert!(figure.to_svg().contains(&tuple(&net.geometry(&input).unwrap()[0].output)), "{file}");
        }
        let figure = residual_figure(&residual_examples(&mut seeded(5))).unwrap();
        figure.check_readable().unwrap();
        assert!(figure.to_svg().contains("shortcut: Conv 1×1, 32 filters, stride 2 → (32, 7, 7)"));
    }
}
