//! 7.3's max pooling on the book's example (figure 7-14), drawn from what `common`'s pooling
//! layer computes: forward, the maximum of each window; backward, each gradient sent back to
//! where its window's maximum was.

use ndarray::{Array2, Ix4};

use common::Layer;
use common::layers::Pooling;
use common::plot::diagram::{Diagram, Font, GREY, RED, tint};

/// The book's 4 × 4 input of figure 7-14.
pub fn book_pool_input() -> Array2<f64> {
    ndarray::arr2(&[[1., 2., 1., 0.], [0., 1., 2., 3.], [3., 0., 1., 2.], [2., 4., 0., 1.]])
}

/// Max pooling 2 × 2 with stride 2 through `common`'s layer: the output, and the gradient
/// that `dout` sends back to the input.
pub fn max_pool(x: &Array2<f64>, dout: &Array2<f64>) -> (Array2<f64>, Array2<f64>) {
    let mut pool = Pooling::<f64>::new(2, 2, 2, 0).book_form();
    let as4 =
        |a: &Array2<f64>| a.clone().into_shape_with_order((1, 1, a.nrows(), a.ncols())).expect("one map");
    let to2 = |a: ndarray::ArrayD<f64>| {
        let a = a.into_dimensionality::<Ix4>().expect("(N, C, H, W)");
        a.index_axis_move(ndarray::Axis(0), 0).index_axis_move(ndarray::Axis(0), 0)
    };
    let y = to2(pool.forward(&as4(x).into_dyn(), true));
    let dx = to2(pool.backward(&as4(dout).into_dyn()));
    (y, dx)
}

const CELL: f64 = 40.0;

fn number(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v}") }
}

/// A grid of numbers; cell (i, j) is tinted with the colour of its 2 × 2 window, more strongly
/// where `strong(i, j)`, and its number drawn in `ink(i, j)`.
fn windows(
    d: &mut Diagram,
    x: f64,
    y: f64,
    values: &Array2<f64>,
    window: usize,
    strong: impl Fn(usize, usize) -> bool,
    ink: impl Fn(usize, usize) -> &'static str,
) {
    let per_row = values.ncols().div_ceil(window);
    for ((i, j), v) in values.indexed_iter() {
        let k = (i / window) * per_row + j / window;
        let (cx, cy) = (x + j as f64 * CELL, y + i as f64 * CELL);
        let fill = tint(k, if strong(i, j) { 0.6 } else { 0.2 });
        d.rect(cx, cy, CELL, CELL, &fill, "#999999", 0.8);
        let font = Font::new(16.0).fill(ink(i, j));
        let font = if strong(i, j) { font.bold() } else { font };
        d.centred(cx + CELL / 2.0, cy + CELL / 2.0, font, &number(*v));
    }
    // The windows' outlines.
    for wi in 0..values.nrows() / window {
        for wj in 0..per_row {
            let s = window as f64 * CELL;
            d.rect(x + wj as f64 * s, y + wi as f64 * s, s, s, "none", &tint(wi * per_row + wj, 1.0), 2.5);
        }
    }
}

/// The figure: forward on the left (input → output), backward on the right (dout → dx).
pub fn pooling_figure(x: &Array2<f64>, dout: &Array2<f64>) -> Diagram {
    let (y, dx) = max_pool(x, dout);
    let is_max = |i: usize, j: usize| {
        let (wi, wj) = (i / 2, j / 2);
        let block = x.slice(ndarray::s![2 * wi..2 * wi + 2, 2 * wj..2 * wj + 2]);
        // The first maximum of the window, in row-major order, as the layer picks it.
        let first = block
            .iter()
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |b, (k, &v)| if v > b.1 { (k, v) } else { b });
        (i - 2 * wi) * 2 + (j - 2 * wj) == first.0
    };
    let width = 720.0;
    let top = 92.0;
    let mut d = Diagram::new(width, top + 4.0 * CELL + 40.0);
    let title = Font::new(15.0).bold();
    let label = Font::new(13.0).middle().fill(GREY);
    let arrow_y = top + 2.0 * CELL;

    // Forward.
    let x0 = 20.0;
    d.text(x0, 22.0, title, "Forward");
    d.text(x0, 42.0, Font::new(14.0), "each 2×2 window gives its largest value");
    windows(&mut d, x0, top, x, 2, is_max, |_, _| "#1a1a1a");
    d.text(x0 + 2.0 * CELL, top - 12.0, label, "input 4×4");
    let x1 = x0 + 4.0 * CELL + 70.0;
    d.arrow((x0 + 4.0 * CELL + 10.0, arrow_y), (x1 - 10.0, arrow_y), "#1a1a1a", 1.8);
    d.text((x0 + 4.0 * CELL + x1) / 2.0, arrow_y - 10.0, Font::new(13.0).middle(), "max");
    windows(&mut d, x1, top + CELL, &y, 1, |_, _| true, |_, _| "#1a1a1a");
    d.text(x1 + CELL, top + CELL - 12.0, label, "output 2×2");

    // Backward.
    let x2 = 390.0;
    d.text(x2, 22.0, title.fill(RED), "Backward");
    d.text(x2, 42.0, Font::new(14.0), "gradients go back to the maxima");
    windows(&mut d, x2, top + CELL, dout, 1, |_, _| true, |_, _| RED);
    d.text(x2 + CELL, top + CELL - 12.0, label, "dout 2×2");
    let x3 = x2 + 2.0 * CELL + 70.0;
    d.arrow((x3 - 10.0, arrow_y), (x2 + 2.0 * CELL + 10.0, arrow_y), RED, 1.8);
    windows(&mut d, x3, top, &dx, 2, is_max, |i, j| if is_max(i, j) { RED } else { GREY });
    d.text(x3 + 2.0 * CELL, top - 12.0, label, "dx 4×4");
    d.text(
        x0,
        d.height - 12.0,
        Font::new(13.0).fill(GREY),
        "same colour: same window; bold: the window's maximum",
    );
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_pooling_the_books_input_gives_the_books_output_and_routes_the_gradient_to_the_maxima() {
        let dout = ndarray::arr2(&[[0.1, 0.2], [0.3, 0.4]]);
        let (y, dx) = max_pool(&book_pool_input(), &dout);
        assert_eq!(y, ndarray::arr2(&[[2., 3.], [4., 2.]]));
        let expected =
            ndarray::arr2(&[[0., 0.1, 0., 0.], [0., 0., 0., 0.2], [0., 0., 0., 0.4], [0., 0.3, 0., 0.]]);
        assert_eq!(dx, expected);
        let figure = pooling_figure(&book_pool_input(), &dout);
        figure.check_readable().unwrap();
        assert!(figure.to_svg().contains(">0.4<"));
    }
}
