//! 5.6.3: the Softmax-with-Loss layer as a graph of its nodes (the Chinese edition's
//! appendix A), forward and backward on the book's scores, drawn with its numbers.

use std::path::Path;

use anyhow::Result;

use ch05_backprop::softmax_loss_graph::{softmax_loss_figure, softmax_loss_graph};
use common::files::shown;
use common::plot::graph::short;

use super::save_graph;

pub fn run(figures: &Path) -> Result<()> {
    let (a, t) = ([0.3, 2.9, 4.0], [0.0, 1.0, 0.0]);
    let g = softmax_loss_graph(&a, &t);
    let list = |v: &[f64]| v.iter().map(|&x| short(x)).collect::<Vec<_>>().join(", ");
    println!("scores a = ({}), target t = ({})", list(&a), list(&t));
    println!("forward");
    println!("  exp(a)         = ({})", list(&g.exp_a));
    println!("  S = Σ exp(a)   = {}", short(g.sum));
    println!("  y = exp(a)/S   = ({})", list(&g.y));
    println!("  log y          = ({})", list(&g.log_y));
    println!("  L = −Σ t·log y = {}", short(g.loss));
    println!("backward");
    println!("  ∂L/∂y = −t/y   = ({})", list(&g.dy));
    println!("  ∂L/∂S          = {} (= 1/S)", short(g.d_sum));
    println!("  ∂L/∂a          = ({})", list(&g.da));
    let y_minus_t: Vec<f64> = g.y.iter().zip(&t).map(|(y, t)| y - t).collect();
    println!("  y − t          = ({})", list(&y_minus_t));
    let path = save_graph(&softmax_loss_figure(&g), figures, "softmax_loss_graph.svg")?;
    println!("wrote {}", shown(&path));
    Ok(())
}
