//! 7.4 im2col: the book's shapes, a worked example, and a size that does not divide.

use std::path::Path;

use anyhow::Result;
use ndarray::Axis;

use ch07_cnn::im2col_demo::{does_not_divide_example, im2col_figure, im2col_shape, tiny_example};
use common::files::{check_output_dir, shown};
use common::rng::seeded;

pub fn run(seed: u64, figures: &Path) -> Result<()> {
    check_output_dir(figures)?;
    let mut rng = seeded(seed);
    for shape in [[1, 3, 7, 7], [10, 3, 7, 7]] {
        let (rows, cols) = im2col_shape(shape, 5, &mut rng)?;
        println!("im2col of x {} with a 5×5 filter, stride 1, pad 0: ({rows}, {cols})", tuple(&shape));
    }
    println!();
    let (x, win, col) = tiny_example();
    println!("x (1, 1, 4, 4) with a 3×3 filter: {}×{} positions, one row each:", win.oh, win.ow);
    for row in x.index_axis(Axis(0), 0).index_axis(Axis(0), 0).rows() {
        println!("  x: {}", numbers(row.iter()));
    }
    for (i, row) in col.rows().into_iter().enumerate() {
        println!("  col row {i}: {}", numbers(row.iter()));
    }
    println!();
    println!("A window that does not fit is refused, not rounded down:");
    println!("  {}", does_not_divide_example());
    let path = figures.join("im2col.svg");
    im2col_figure(&path)?;
    println!("\nwrote {}", shown(&path));
    Ok(())
}

/// (1, 3, 7, 7).
fn tuple(shape: &[usize]) -> String {
    format!("({})", shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", "))
}

fn numbers<'a>(values: impl Iterator<Item = &'a f64>) -> String {
    values.map(|v| format!("{v:>2}")).collect::<Vec<_>>().join(" ")
}
