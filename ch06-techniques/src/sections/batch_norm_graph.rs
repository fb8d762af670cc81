//! 6.3: batch normalisation as a computational graph, forward and backward node by node on a
//! batch of three values, checked against the layer, and drawn.

use std::path::Path;

use anyhow::{Context, Result};

use ch06_techniques::batch_norm_graph::{batch_norm_figure, batch_norm_graph};
use common::Layer;
use common::layers::{BN_EPS, BatchNormalization};
use common::plot::graph::short;

use super::{heading, wrote};

pub fn run(figures: &Path) -> Result<()> {
    heading("6.3 The batch normalisation graph: a batch of 3 values of one feature");
    let (x, gamma, beta, dout) = ([1.0, 3.0, 8.0], 2.0, 1.0, [1.0, 2.0, -1.0]);
    let g = batch_norm_graph(&x, gamma, beta, BN_EPS, &dout);
    let list = |v: &[f64]| format!("({})", v.iter().map(|&x| short(x)).collect::<Vec<_>>().join(", "));
    println!("x = {}, γ = {}, β = {}, ∂L/∂y = {}", list(&x), short(gamma), short(beta), list(&dout));
    println!("forward");
    println!("  μ = {}, var = {}, s = √(var + ε) = {}", short(g.mu), short(g.var), short(g.std));
    println!("  x̂ = {}, y = γ·x̂ + β = {}", list(&g.xn), list(&g.y));
    println!("backward");
    println!("  ∂L/∂γ = {}, ∂L/∂β = {}", short(g.dgamma), short(g.dbeta));
    println!("  ∂L/∂x = ∂L/∂xc + ∂L/∂μ / N");
    println!("        = {} + {}", list(&g.dxc), list(&g.dx_from_mean));
    println!("        = {}", list(&g.dx));
    // The same numbers from the layer itself.
    let mut layer = BatchNormalization::<f64>::with_params(ndarray::arr1(&[gamma]), ndarray::arr1(&[beta]));
    let column = |v: &[f64]| ndarray::Array2::from_shape_vec((v.len(), 1), v.to_vec()).map(|a| a.into_dyn());
    layer.forward(&column(&x).context("a column")?, true);
    let dx = layer.backward(&column(&dout).context("a column")?);
    println!("  the layer's backward: {}", list(&dx.iter().copied().collect::<Vec<_>>()));
    let path = figures.join("batch-norm-graph.svg");
    batch_norm_figure(&g).save(&path).with_context(|| format!("cannot write {}", path.display()))?;
    wrote(&path);
    Ok(())
}
