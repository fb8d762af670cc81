//! Pictures of 7.2's convolution, drawn from what `common`'s convolution layer computes: the
//! filter sliding over the book's small input (with padding, with a stride), and a convolution
//! of many channels and many filters as blocks of data.

use ndarray::{Array1, Array2, Array4, Ix4};

use common::Layer;
use common::im2col::ShapeError;
use common::layers::{Convolution, Geometry, Shaped};
use common::plot::diagram::{Diagram, Font, GREY, INK, tint};

use crate::report::thousands;

// ANCHOR: sliding_example
/// The book's 4 × 4 input of figure 7-4.
pub fn book_input() -> Array2<f64> {
    ndarray::arr2(&[[1., 2., 3., 0.], [0., 1., 2., 3.], [3., 0., 1., 2.], [2., 3., 0., 1.]])
}

/// The book's 3 × 3 filter of figure 7-4.
pub fn book_filter() -> Array2<f64> {
    ndarray::arr2(&[[2., 0., 1.], [0., 1., 2.], [1., 0., 2.]])
}

/// The 4 × 4 pattern continued to 7 × 7 (each row the one above shifted right by one), the
/// input of the book's stride example, figure 7-7.
pub fn book_input_7x7() -> Array2<f64> {
    Array2::from_shape_fn((7, 7), |(i, j)| ((j + 4 - i % 4 + 1) % 4) as f64)
}

/// One picture of the sliding filter: the input, the filter, the padding and stride, the
/// output the convolution layer computes, and the filter positions to show.
#[derive(Debug, Clone)]
pub struct SlidingExample {
    pub title: String,
    pub x: Array2<f64>,
    pub w: Array2<f64>,
    pub pad: usize,
    pub stride: usize,
    /// The output, from [`Convolution`]'s forward pass.
    pub y: Array2<f64>,
    /// Output positions (oy, ox) whose window the figure shows.
    pub shown: Vec<(usize, usize)>,
}

impl SlidingExample {
    /// Runs `common`'s convolution layer (one channel, one filter, bias 0) on `x`.
    pub fn new(
        title: &str,
        x: Array2<f64>,
        w: Array2<f64>,
        pad: usize,
        stride: usize,
        shown: Vec<(usize, usize)>,
    ) -> Result<Self, ShapeError> {
        let (h, wd) = x.dim();
        let (fh, fw) = w.dim();
        let filter = w.clone().into_shape_with_order((1, 1, fh, fw)).expect("one filter");
        let mut conv = Convolution::new(filter, Array1::zeros(1), stride, pad).book_form();
        conv.geometry(&[1, h, wd])?; // refuses a size that does not divide, before computing
        let input = x.clone().into_shape_with_order((1, 1, h, wd)).expect("one image").into_dyn();
        let out = conv.forward(&input, false).into_dimensionality::<Ix4>().expect("(N, FN, OH, OW)");
        let y = out.index_axis_move(ndarray::Axis(0), 0).index_axis_move(ndarray::Axis(0), 0);
        Ok(SlidingExample { title: title.into(), x, w, pad, stride, y, shown })
    }

    /// The input with its border of `pad` zeros.
    pub fn padded(&self) -> Array2<f64> {
        let (h, w) = self.x.dim();
        let p = self.pad;
        let mut padded = Array2::zeros((h + 2 * p, w + 2 * p));
        padded.slice_mut(ndarray::s![p..p + h, p..p + w]).assign(&self.x);
        padded
    }

    /// The products the filter takes at output position (oy, ox), as (input value, weight).
    pub fn products(&self, oy: usize, ox: usize) -> Vec<(f64, f64)> {
        let padded = self.padded();
        let (fh, fw) = self.w.dim();
        let (y0, x0) = (oy * self.stride, ox * self.stride);
        (0..fh)
            .flat_map(|i| (0..fw).map(move |j| (i, j)))
            .map(|(i, j)| (padded[[y0 + i, x0 + j]], self.w[[i, j]]))
            .collect()
    }
}
// ANCHOR_END: sliding_example

/// The three pictures of the Convolution page, each with the file it goes to: the book's
/// example as it is, with padding 1, and (on the 7 × 7 input) with stride 2.
pub fn book_examples() -> Result<Vec<(&'static str, SlidingExample)>, ShapeError> {
    let title = "A 3×3 filter on a 4×4 input: 2×2 positions";
    let plain =
        SlidingExample::new(title, book_input(), book_filter(), 0, 1, vec![(0, 0), (0, 1), (1, 0), (1, 1)])?;
    let title = "Padding 1: the output keeps the input's 4×4 size";
    let padded = SlidingExample::new(title, book_input(), book_filter(), 1, 1, vec![(0, 0), (0, 1), (3, 3)])?;
    let title = "Stride 2 on a 7×7 input: the filter jumps two cells";
    let strided =
        SlidingExample::new(title, book_input_7x7(), book_filter(), 0, 2, vec![(0, 0), (0, 1), (1, 0)])?;
    Ok(vec![("conv_sliding.svg", plain), ("conv_padding.svg", padded), ("conv_stride.svg", strided)])
}

/// The block figure's convolution: one image (C, H, W) = (3, 7, 7) and four 5 × 5 filters, in
/// a batch of 10 (the sizes of 7.4's im2col examples).
pub const BLOCKS: ((usize, usize, usize), usize, usize, usize) = ((3, 7, 7), 4, 5, 10);

const CELL: f64 = 32.0; // a cell of the large grids
const SMALL: f64 = 22.0; // a cell of the small copies
const WIDTH: f64 = 720.0;

/// A grid of numbers with its top-left corner at (x, y); `fill(i, j)` colours cell (i, j).
fn grid(
    d: &mut Diagram,
    x: f64,
    y: f64,
    cell: f64,
    values: &Array2<f64>,
    fill: impl Fn(usize, usize) -> String,
) {
    let font = Font::new(if cell >= 30.0 { 15.0 } else { 13.0 });
    for ((i, j), v) in values.indexed_iter() {
        let (cx, cy) = (x + j as f64 * cell, y + i as f64 * cell);
        d.rect(cx, cy, cell, cell, &fill(i, j), "#999999", 0.8);
        d.centred(cx + cell / 2.0, cy + cell / 2.0, font, &number(*v));
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v}") }
}

/// The figure: the (padded) input, the filter and the output on top, with the output cells of
/// the shown positions in their colours; below, each shown position's window on a small copy
/// of the input, and the products of the first one written out.
pub fn sliding_figure(ex: &SlidingExample) -> Diagram {
    let padded = ex.padded();
    let (ph, pw) = padded.dim();
    let (fh, fw) = ex.w.dim();
    let (oh, ow) = ex.y.dim();
    let p = ex.pad;
    let is_pad = |i: usize, j: usize| i < p || j < p || i >= ph - p || j >= pw - p;
    let colour_of = |oy: usize, ox: usize| ex.shown.iter().position(|&s| s == (oy, ox));

    let top = 62.0;
    let big_h = ph.max(fh).max(oh) as f64 * CELL;
    let small_top = top + big_h + 58.0;
    let small_h = ph as f64 * SMALL;
    let height = small_top + small_h + 88.0;
    let mut d = Diagram::new(WIDTH, height);
    d.text(WIDTH / 2.0, 24.0, Font::new(16.0).bold().middle(), &ex.title);

    // Input ⊛ filter = output, centred.
    let (iw, fw_px, ow_px, op) = (pw as f64 * CELL, fw as f64 * CELL, ow as f64 * CELL, 48.0);
    let mut x = (WIDTH - (iw + fw_px + ow_px + 2.0 * op)) / 2.0;
    let centre_y = top + big_h / 2.0;
    let label = Font::new(13.0).middle().fill(GREY);
    let place = |h: usize| top + (big_h - h as f64 * CELL) / 2.0;
    grid(
        &mut d,
        x,
        place(ph),
        CELL,
        &padded,
        |i, j| if is_pad(i, j) { "#e8e8e8".into() } else { "#ffffff".into() },
    );
    let input_label = if p > 0 {
        format!("input {}×{}, padded to {ph}×{pw}", ex.x.nrows(), ex.x.ncols())
    } else {
        format!("input {ph}×{pw}")
    };
    d.text(x + iw / 2.0, place(ph) - 10.0, label, &input_label);
    x += iw;
    d.centred(x + op / 2.0, centre_y, Font::new(22.0), "⊛");
    x += op;
    grid(&mut d, x, place(fh), CELL, &ex.w, |_, _| "#fff6d5".into());
    d.text(x + fw_px / 2.0, place(fh) - 10.0, label, &format!("filter {fh}×{fw}"));
    x += fw_px;
    d.centred(x + op / 2.0, centre_y, Font::new(22.0), "=");
    x += op;
    grid(&mut d, x, place(oh), CELL, &ex.y, |i, j| match colour_of(i, j) {
        Some(k) => tint(k, 0.45),
        None => "#ffffff".into(),
    });
    d.text(x + ow_px / 2.0, place(oh) - 10.0, label, &format!("output {oh}×{ow}"));

    // Each shown position on its own copy of the input.
    let n = ex.shown.len() as f64;
    let copy_w = pw as f64 * SMALL;
    let gap = ((WIDTH - 40.0 - n * copy_w) / (n - 1.0).max(1.0)).min(70.0);
    let mut x = (WIDTH - (n * copy_w + (n - 1.0) * gap)) / 2.0;
    let stride_note = if ex.stride > 1 { format!(", stride {}", ex.stride) } else { String::new() };
    d.text(
        WIDTH / 2.0,
        small_top - 16.0,
        Font::new(14.0).middle(),
        &if ex.shown.len() == oh * ow {
            format!("the filter at each of its {} positions{stride_note}:", oh * ow)
        } else {
            format!("the filter at {} of its {} positions{stride_note}:", ex.shown.len(), oh * ow)
        },
    );
    for (k, &(oy, ox)) in ex.shown.iter().enumerate() {
        let (y0, x0) = (oy * ex.stride, ox * ex.stride);
        let inside = |i: usize, j: usize| (y0..y0 + fh).contains(&i) && (x0..x0 + fw).contains(&j);
        grid(&mut d, x, small_top, SMALL, &padded, |i, j| {
            if inside(i, j) {
                tint(k, 0.35)
            } else if is_pad(i, j) {
                "#e8e8e8".into()
            } else {
                "#ffffff".into()
            }
        });
        let (wx, wy) = (x + x0 as f64 * SMALL, small_top + y0 as f64 * SMALL);
        d.rect(wx, wy, fw as f64 * SMALL, fh as f64 * SMALL, "none", &tint(k, 1.0), 2.5);
        let caption = format!("({oy}, {ox}) → {}", number(ex.y[[oy, ox]]));
        d.text(x + copy_w / 2.0, small_top + small_h + 22.0, Font::new(14.0).middle().bold(), &caption);
        x += copy_w + gap;
    }

    // The first position's sum, term by term.
    if let Some(&(oy, ox)) = ex.shown.first() {
        let terms: Vec<String> =
            ex.products(oy, ox).iter().map(|(v, w)| format!("{}·{}", number(*v), number(*w))).collect();
        let line = format!("({oy}, {ox}): {} = {}", terms.join(" + "), number(ex.y[[oy, ox]]));
        d.text(WIDTH / 2.0, height - 24.0, Font::new(14.0).middle().fill(INK), &line);
    }
    d
}

/// A block of data or of filters, drawn as a box: `front` (height, width) in cells, `depth`
/// cells deep, its front face's top-left corner at (x, y); `cells` lines on the front face.
#[allow(clippy::too_many_arguments)]
fn cuboid(
    d: &mut Diagram,
    x: f64,
    y: f64,
    front: (usize, usize),
    depth: usize,
    unit: f64,
    fill: usize,
    cells: bool,
) {
    let (h, w) = (front.0 as f64 * unit, front.1 as f64 * unit);
    let (dx, dy) = (depth as f64 * unit * 0.6, -(depth as f64) * unit * 0.6);
    let edge = tint(fill, 1.0);
    d.polygon(&[(x, y), (x + dx, y + dy), (x + w + dx, y + dy), (x + w, y)], &tint(fill, 0.3), &edge, 1.2);
    d.polygon(
        &[(x + w, y), (x + w + dx, y + dy), (x + w + dx, y + h + dy), (x + w, y + h)],
        &tint(fill, 0.45),
        &edge,
        1.2,
    );
    d.rect(x, y, w, h, &tint(fill, 0.15), &edge, 1.2);
    // One line per channel on the top and the side, so the channels can be counted.
    for c in 1..depth {
        let f = c as f64 / depth as f64;
        let (ox, oy) = (dx * f, dy * f);
        d.line((x + ox, y + oy), (x + w + ox, y + oy), &edge, 0.6, None);
        d.line((x + w + ox, y + oy), (x + w + ox, y + h + oy), &edge, 0.6, None);
    }
    if cells {
        for i in 1..front.0 {
            let yy = y + i as f64 * unit;
            d.line((x, yy), (x + w, yy), &tint(fill, 0.5), 0.5, None);
        }
        for j in 1..front.1 {
            let xx = x + j as f64 * unit;
            d.line((xx, y), (xx, y + h), &tint(fill, 0.5), 0.5, None);
        }
    }
}

/// The shapes of a convolution of `x` (C, H, W) by `fn_` filters of `f × f`, for the block
/// figure: the layer's own geometry (output shape and multiply-adds).
pub fn block_geometry(x: (usize, usize, usize), fn_: usize, f: usize) -> Result<Geometry, ShapeError> {
    let conv = Convolution::<f32>::new(Array4::zeros((fn_, x.0, f, f)), Array1::zeros(fn_), 1, 0);
    conv.geometry(&[x.0, x.1, x.2])
}

/// The figure of a convolution as blocks: one image (C, H, W) ⊛ filters (FN, C, FH, FW)
/// + biases (FN, 1, 1) → (FN, OH, OW); then a batch of N images → (N, FN, OH, OW). Shapes and
/// multiply-adds from the convolution layer itself.
pub fn blocks_figure(
    x: (usize, usize, usize),
    fn_: usize,
    f: usize,
    n: usize,
) -> Result<Diagram, ShapeError> {
    let g = block_geometry(x, fn_, f)?;
    let (c, h, w) = x;
    let (oh, ow) = (g.output[1], g.output[2]);
    let unit = 10.0;
    let row_h = 215.0;
    let mut d = Diagram::new(WIDTH, 2.0 * row_h + 60.0);
    let sym = Font::new(14.0).middle().bold();
    let num = Font::new(14.0).middle().fill(GREY);
    let op = Font::new(24.0);
    let tuple = |v: &[usize]| format!("({})", v.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", "));

    for (r, batch) in [false, true].into_iter().enumerate() {
        let base = r as f64 * row_h + 150.0; // the bottom of the fronts
        let title = if batch {
            format!("a batch of N = {n} images: the same filters for every image")
        } else {
            "one image: FN filters give FN output channels".to_string()
        };
        d.text(18.0, base - 124.0, Font::new(15.0).bold(), &title);
        let copies = if batch { 3 } else { 1 };
        let stack =
            |d: &mut Diagram, x: f64, front: (usize, usize), depth: usize, fill: usize, count: usize| {
                // `count` copies, each behind the other: up and to the right, drawn first.
                for k in (0..count).rev() {
                    let off = k as f64 * 14.0;
                    cuboid(
                        d,
                        x + off,
                        base - front.0 as f64 * unit - off * 0.8,
                        front,
                        depth,
                        unit,
                        fill,
                        k == 0,
                    );
                }
            };
        let labels = |d: &mut Diagram, x: f64, s: &str, v: &str| {
            d.text(x, base + 30.0, sym, s);
            d.text(x, base + 48.0, num, v);
        };
        // input
        let x0 = 50.0;
        stack(&mut d, x0, (h, w), c, 0, copies);
        let (s, v) =
            if batch { ("(N, C, H, W)", tuple(&[n, c, h, w])) } else { ("(C, H, W)", tuple(&[c, h, w])) };
        labels(&mut d, x0 + w as f64 * unit / 2.0, s, &v);
        d.centred(205.0, base - 30.0, op, "⊛");
        // filters: FN blocks, drawn as a few stacked boxes
        let x1 = 248.0;
        for k in (0..fn_.min(4)).rev() {
            let off = k as f64 * 10.0;
            cuboid(&mut d, x1 + off, base - f as f64 * unit - off * 1.6, (f, f), c, unit, 4, k == 0);
        }
        labels(&mut d, x1 + f as f64 * unit / 2.0 + 10.0, "(FN, C, FH, FW)", &tuple(&[fn_, c, f, f]));
        d.centred(x1 + 122.0, base - 30.0, op, "+");
        // biases
        let x2 = 405.0;
        cuboid(&mut d, x2, base - unit, (1, 1), fn_, unit, 1, false);
        labels(&mut d, x2 + 10.0, "(FN, 1, 1)", &tuple(&[fn_, 1, 1]));
        d.centred(x2 + 70.0, base - 30.0, op, "→");
        // output
        let x3 = 545.0;
        stack(&mut d, x3, (oh, ow), fn_, 2, copies);
        let (s, v) = if batch {
            ("(N, FN, OH, OW)", tuple(&[n, fn_, oh, ow]))
        } else {
            ("(FN, OH, OW)", tuple(&[fn_, oh, ow]))
        };
        labels(&mut d, x3 + ow as f64 * unit / 2.0 + 15.0, s, &v);
    }
    let per_image = g.multiply_adds as usize;
    let line = format!(
        "multiply-adds FN·C·FH·FW·OH·OW = {fn_}·{c}·{f}·{f}·{oh}·{ow} = {} per image, {} for the batch",
        thousands(per_image),
        thousands(per_image * n)
    );
    d.text(WIDTH / 2.0, d.height - 22.0, Font::new(14.0).middle(), &line);
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_example_gives_the_books_outputs_with_padding_and_stride() {
        let plain = SlidingExample::new("", book_input(), book_filter(), 0, 1, vec![(0, 0)]).unwrap();
        assert_eq!(plain.y, ndarray::arr2(&[[15., 16.], [6., 15.]]));
        let products: f64 = plain.products(0, 0).iter().map(|(x, w)| x * w).sum();
        assert_eq!(products, 15.0);
        let padded = SlidingExample::new("", book_input(), book_filter(), 1, 1, vec![(0, 0)]).unwrap();
        assert_eq!(padded.y.row(0).to_vec(), [7., 12., 10., 2.]);
        assert_eq!(padded.y.row(3).to_vec(), [8., 10., 4., 3.]);
        let x7 = book_input_7x7();
        assert_eq!(x7.slice(ndarray::s![..4, ..4]), book_input());
        let strided = SlidingExample::new("", x7, book_filter(), 0, 2, vec![(0, 0)]).unwrap();
        assert_eq!(strided.y.dim(), (3, 3));
        assert_eq!(strided.y.row(0).to_vec()[..2], [15., 17.]);
    }

    #[test]
    fn a_stride_that_does_not_divide_is_refused() {
        assert!(SlidingExample::new("", book_input(), book_filter(), 0, 2, vec![]).is_err());
    }

    #[test]
    fn every_figure_of_the_page_is_readable_in_the_column() {
        let mut figures: Vec<Diagram> =
            book_examples().unwrap().iter().map(|(_, ex)| sliding_figure(ex)).collect();
        assert!(figures[1].to_svg().contains(">(0, 0) → 7<"), "padding: the corner sees five zeros");
        let (x, fn_, f, n) = BLOCKS;
        figures.push(blocks_figure(x, fn_, f, n).unwrap());
        let blocks = figures[3].to_svg();
        assert!(blocks.contains("2,700 per image") && blocks.contains("(10, 4, 3, 3)"));
        for (i, d) in figures.iter().enumerate() {
            d.check_readable().unwrap_or_else(|e| panic!("figure {i}: {e}"));
        }
    }
}
