//! im2col by example: the book's shapes, a size that does not divide, and a picture of the
//! rows im2col makes.

use std::fmt::Write as _;
use std::path::Path;

use ndarray::{Array2, Array4};
use rand::Rng;

use common::im2col::{ShapeError, Window, im2col};
use common::plot::{PlotError, color};

use crate::compose::{Anchor, Canvas};

// ANCHOR: shape_examples
/// im2col of random data of `shape` with an `f`×`f` filter, stride 1, no padding: the shape
/// of the matrix it makes, (N·OH·OW, C·FH·FW).
pub fn im2col_shape(shape: [usize; 4], f: usize, rng: &mut impl Rng) -> Result<(usize, usize), ShapeError> {
    let x = Array4::from_shape_simple_fn(shape, || rng.random::<f64>()); // np.random.rand(*shape)
    let win = Window::new("im2col", x.shape(), f, f, 1, 0)?;
    Ok(im2col(x.view(), &win).dim())
}
// ANCHOR_END: shape_examples

/// A window that does not tile its input: 5×5 filters with stride 2 on 28×28 images,
/// (28 − 5) / 2 + 1 = 12.5 positions.
pub fn does_not_divide_example() -> ShapeError {
    Window::new("convolution", &[1, 1, 28, 28], 5, 5, 2, 0).expect_err("23 is odd")
}

/// The small input of the figure: x (1, 1, 4, 4) = 1, 2, …, 16, and its im2col for a 3×3
/// filter with stride 1 and no padding: 4 positions, 4 rows of 9.
pub fn tiny_example() -> (Array4<f64>, Window, Array2<f64>) {
    let x = Array4::from_shape_fn((1, 1, 4, 4), |(_, _, y, x)| (y * 4 + x + 1) as f64);
    let win = Window::new("im2col", x.shape(), 3, 3, 1, 0).expect("4 − 3 + 1 = 2 positions");
    let col = im2col(x.view(), &win);
    (x, win, col)
}

/// A light tint of the palette's colour i (mixed with white), as `#rrggbb`.
fn tint(i: usize, strength: f64) -> String {
    let c = color(i);
    let mix = |v: u8| (255.0 - (255.0 - v as f64) * strength).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(c.0), mix(c.1), mix(c.2))
}

fn solid(i: usize) -> String {
    tint(i, 1.0)
}

/// Draws the figure: each patch of the small input, highlighted in its own colour, becomes
/// one row of the matrix; the matrix times the filters (one per column) is the convolution.
pub fn im2col_figure(path: &Path) -> Result<(), PlotError> {
    let (x, win, col) = tiny_example();
    let cell = 24.0; // a pixel of an input copy
    let (mw, mh) = (34.0, 30.0); // a cell of the matrix
    let copy_h = 4.0 * cell;
    let row_gap = 26.0;
    let top = 70.0;
    let left = 30.0;
    let matrix_x = 330.0;
    let matrix_y = top + (4.0 * (copy_h + row_gap) - row_gap) / 2.0 - 2.0 * mh;
    let width = 750.0; // the book's column
    let copies_bottom = top + 4.0 * (copy_h + row_gap) - row_gap;
    let height = copies_bottom + 30.0 + 4.0 * 20.0;
    let mut c = Canvas::new(width as u32, height as u32);
    let mut svg = String::new();

    c.text(width / 2.0, 26.0, 17, Anchor::Middle, "im2col: every patch the filter sees becomes one row");
    c.text(left - 10.0, top - 14.0, 13, Anchor::Start, "x (1, 1, 4, 4), a 3×3 window, stride 1");
    c.text(
        matrix_x + 4.5 * mw,
        matrix_y - 34.0,
        13,
        Anchor::Middle,
        "col = im2col(x): (N·OH·OW, C·FH·FW) = (4, 9)",
    );
    c.text(
        matrix_x + 4.5 * mw,
        matrix_y - 14.0,
        12,
        Anchor::Middle,
        "columns: (c, fy, fx) = (0,0,0) (0,0,1) … (0,2,2)",
    );

    for (row, (oy, ox)) in [(0, 0), (0, 1), (1, 0), (1, 1)].into_iter().enumerate() {
        let y0 = top + row as f64 * (copy_h + row_gap);
        // The input, with this row's patch tinted and outlined.
        for yy in 0..win.h {
            for xx in 0..win.w {
                let inside = (oy..oy + win.fh).contains(&yy) && (ox..ox + win.fw).contains(&xx);
                let fill = if inside { tint(row, 0.35) } else { "#ffffff".into() };
                let (px, py) = (left + xx as f64 * cell, y0 + yy as f64 * cell);
                let _ = writeln!(
                    svg,
                    r##"<rect x="{px}" y="{py}" width="{cell}" height="{cell}" fill="{fill}" stroke="#999999" stroke-width="0.8"/>"##
                );
                let _ = writeln!(
                    svg,
                    r##"<text x="{}" y="{}" font-family="sans-serif" font-size="12" text-anchor="middle" fill="#333333">{}</text>"##,
                    px + cell / 2.0,
                    py + cell / 2.0 + 4.0,
                    x[[0, 0, yy, xx]]
                );
            }
        }
        let _ = writeln!(
            svg,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{}" stroke-width="2.5"/>"##,
            left + ox as f64 * cell,
            y0 + oy as f64 * cell,
            3.0 * cell,
            3.0 * cell,
            solid(row)
        );
        c.text(
            left + 4.0 * cell + 12.0,
            y0 + copy_h / 2.0 + 4.0,
            12,
            Anchor::Start,
            &format!("(oy, ox) = ({oy}, {ox})"),
        );
        // An arrow from the patch to its row.
        let (ax, ay) = (left + 4.0 * cell + 110.0, y0 + copy_h / 2.0);
        let (bx, by) = (matrix_x - 8.0, matrix_y + (row as f64 + 0.5) * mh);
        let _ = writeln!(
            svg,
            r##"<path d="M {ax} {ay} C {m} {ay}, {m} {by}, {bx} {by}" fill="none" stroke="{}" stroke-width="1.8" marker-end="url(#head{row})"/>
<defs><marker id="head{row}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M 0 0 L 10 5 L 0 10 z" fill="{}"/></marker></defs>"##,
            solid(row),
            solid(row),
            m = (ax + bx) / 2.0
        );
        // The row of the matrix.
        for k in 0..win.col_cols() {
            let (px, py) = (matrix_x + k as f64 * mw, matrix_y + row as f64 * mh);
            let _ = writeln!(
                svg,
                r##"<rect x="{px}" y="{py}" width="{mw}" height="{mh}" fill="{}" stroke="#999999" stroke-width="0.8"/>"##,
                tint(row, 0.35)
            );
            let _ = writeln!(
                svg,
                r##"<text x="{}" y="{}" font-family="sans-serif" font-size="12" text-anchor="middle" fill="#222222">{}</text>"##,
                px + mw / 2.0,
                py + mh / 2.0 + 4.0,
                col[[row, k]]
            );
        }
        c.text(
            matrix_x + 9.0 * mw + 6.0,
            matrix_y + (row as f64 + 0.5) * mh + 4.0,
            12,
            Anchor::Start,
            &format!("row {row}"),
        );
    }
    // The product that follows: col · col_w + b, then reshaped.
    c.text(matrix_x, matrix_y + 4.0 * mh + 28.0, 15, Anchor::Start, "then col · col_w (9, FN) = out (4, FN)");
    let below = copies_bottom + 34.0;
    let lines = [
        "col_w: each filter W[f] (C, FH, FW) flattened into one column.",
        "One matrix product computes every filter at every position.",
        "out (N·OH·OW, FN) → reshape (N, OH, OW, FN) → transpose (N, FN, OH, OW).",
        "With C channels a row holds C·FH·FW values: channel 0's patch, then channel 1's, …",
    ];
    for (i, line) in lines.iter().enumerate() {
        c.text(left - 10.0, below + 20.0 * i as f64, 13, Anchor::Start, line);
    }
    c.raw(&svg);
    c.save(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::rng::seeded;

    #[test]
    fn im2col_gives_the_books_shapes() {
        let mut rng = seeded(0);
        assert_eq!(im2col_shape([1, 3, 7, 7], 5, &mut rng), Ok((9, 75)));
        assert_eq!(im2col_shape([10, 3, 7, 7], 5, &mut rng), Ok((90, 75)));
        let err = does_not_divide_example();
        assert!(matches!(err, ShapeError::DoesNotDivide { span: 23, stride: 2, .. }), "{err}");
    }

    #[test]
    fn the_figures_example_has_four_rows_of_nine() {
        let (_, _, col) = tiny_example();
        assert_eq!(col.dim(), (4, 9));
        assert_eq!(col.row(0).to_vec(), vec![1., 2., 3., 5., 6., 7., 9., 10., 11.]);
        assert_eq!(col.row(3).to_vec(), vec![6., 7., 8., 10., 11., 12., 14., 15., 16.]);
        let path = std::env::temp_dir().join(format!("dlfs-ch07-im2col-{}.svg", std::process::id()));
        im2col_figure(&path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert!(svg.contains("col = im2col(x)") && svg.contains(">16<"));
    }
}
