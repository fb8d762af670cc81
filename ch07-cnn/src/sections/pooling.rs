//! 7.3 Pooling: max pooling on the book's example, forward and backward, drawn.

use std::path::Path;

use anyhow::Result;

use ch07_cnn::pooling_figure::{book_pool_input, max_pool, pooling_figure};
use common::files::{check_output_dir, shown};

pub fn run(figures: &Path) -> Result<()> {
    check_output_dir(figures)?;
    let x = book_pool_input();
    let dout = ndarray::arr2(&[[0.1, 0.2], [0.3, 0.4]]);
    let (y, dx) = max_pool(&x, &dout);
    let show = |name: &str, a: &ndarray::Array2<f64>| {
        println!("{name}:");
        for row in a.rows() {
            println!("  {}", row.iter().map(|v| format!("{v:>4}")).collect::<Vec<_>>().join(""));
        }
    };
    show("x (4×4)", &x);
    show("max pooling 2×2, stride 2", &y);
    show("dout", &dout);
    show("dx: each dout at its window's maximum", &dx);
    let path = figures.join("max_pooling.svg");
    pooling_figure(&x, &dout).save(&path)?;
    println!("wrote {}", shown(&path));
    Ok(())
}
