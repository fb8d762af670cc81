//! Batch normalisation as a computational graph (the book's figure 6-17): forward and
//! backward node by node on a batch of three values of one feature, drawn with the numbers.
//! What reaches x at the end is what `common`'s layer computes in its backward pass.

use common::plot::graph::{GraphFigure, short};

// ANCHOR: batch_norm_graph
/// Every value of the graph for a batch `x` of one feature, with scale γ and shift β and the
/// gradient `dout` = ∂L/∂y coming from above.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchNormGraph {
    pub x: Vec<f64>,
    pub gamma: f64,
    pub beta: f64,
    pub eps: f64,
    /// Forward: μ, xc = x − μ, xc², var (the mean of xc²), s = √(var + ε), 1/s, x̂ = xc·(1/s),
    /// γ·x̂, y = γ·x̂ + β.
    pub mu: f64,
    pub xc: Vec<f64>,
    pub xc2: Vec<f64>,
    pub var: f64,
    pub std: f64,
    pub inv_std: f64,
    pub xn: Vec<f64>,
    pub scaled: Vec<f64>,
    pub y: Vec<f64>,
    /// Backward, from dout: dβ = Σ dout, dγ = Σ x̂·dout, dx̂ = γ·dout.
    pub dout: Vec<f64>,
    pub dbeta: f64,
    pub dgamma: f64,
    pub dxn: Vec<f64>,
    /// The × node x̂ = xc·(1/s): to xc, dx̂/s; to 1/s, Σ xc·dx̂ (1/s serves every row).
    pub dxc_from_xn: Vec<f64>,
    pub dinv_std: f64,
    /// 1/s ← s: −1/s²; s ← var + ε: 1/(2s); the + of ε passes it on.
    pub dstd: f64,
    pub dvar: f64,
    /// mean ← xc²: dvar/N each; square ← xc: 2·xc·d(xc²).
    pub dxc2: Vec<f64>,
    pub dxc_from_var: Vec<f64>,
    /// xc feeds two nodes: its gradient is the sum of both.
    pub dxc: Vec<f64>,
    /// The − node: to x, dxc; to μ, −Σ dxc; the mean ← x: dμ/N each.
    pub dmu: f64,
    pub dx_from_mean: Vec<f64>,
    /// x feeds two nodes: dx = dxc + dμ/N.
    pub dx: Vec<f64>,
}

/// Forward and backward through the graph, node by node.
pub fn batch_norm_graph(x: &[f64], gamma: f64, beta: f64, eps: f64, dout: &[f64]) -> BatchNormGraph {
    let n = x.len() as f64;
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n;
    // Forward.
    let mu = mean(x);
    let xc: Vec<f64> = x.iter().map(|v| v - mu).collect();
    let xc2: Vec<f64> = xc.iter().map(|v| v * v).collect();
    let var = mean(&xc2);
    let std = (var + eps).sqrt();
    let inv_std = 1.0 / std;
    let xn: Vec<f64> = xc.iter().map(|v| v * inv_std).collect();
    let scaled: Vec<f64> = xn.iter().map(|v| gamma * v).collect();
    let y: Vec<f64> = scaled.iter().map(|v| v + beta).collect();
    // Backward.
    let dbeta = dout.iter().sum(); // β is added to every row
    let dgamma = xn.iter().zip(dout).map(|(a, d)| a * d).sum(); // γ multiplies every row
    let dxn: Vec<f64> = dout.iter().map(|d| gamma * d).collect();
    let dxc_from_xn: Vec<f64> = dxn.iter().map(|d| d * inv_std).collect();
    let dinv_std = xc.iter().zip(&dxn).map(|(c, d)| c * d).sum::<f64>();
    let dstd = dinv_std * (-1.0 / (std * std)); // (1/s)′ = −1/s²
    let dvar = dstd / (2.0 * std); // (√u)′ = 1/(2√u); the + of ε passes it unchanged
    let dxc2 = vec![dvar / n; x.len()]; // the mean: 1/N to each input
    let dxc_from_var: Vec<f64> = xc.iter().zip(&dxc2).map(|(c, d)| 2.0 * c * d).collect(); // (u²)′ = 2u
    let dxc: Vec<f64> = dxc_from_xn.iter().zip(&dxc_from_var).map(|(a, b)| a + b).collect();
    let dmu = -dxc.iter().sum::<f64>(); // x − μ: −1 to μ, which serves every row
    let dx_from_mean = vec![dmu / n; x.len()];
    let dx: Vec<f64> = dxc.iter().zip(&dx_from_mean).map(|(a, b)| a + b).collect();
    BatchNormGraph {
        x: x.to_vec(),
        gamma,
        beta,
        eps,
        mu,
        xc,
        xc2,
        var,
        std,
        inv_std,
        xn,
        scaled,
        y,
        dout: dout.to_vec(),
        dbeta,
        dgamma,
        dxn,
        dxc_from_xn,
        dinv_std,
        dstd,
        dvar,
        dxc2,
        dxc_from_var,
        dxc,
        dmu,
        dx_from_mean,
        dx,
    }
}
// ANCHOR_END: batch_norm_graph

/// A batch of values as a column of numbers, one line each.
fn column(v: &[f64]) -> String {
    v.iter().map(|&x| short(x)).collect::<Vec<_>>().join("\n")
}

/// The graph drawn with its numbers: a column of three numbers is the batch, one value per
/// row; a single number is one value for the whole batch.
pub fn batch_norm_figure(g: &BatchNormGraph) -> GraphFigure {
    let back = |v: f64| Some(short(v));
    let backs = |v: &[f64]| Some(column(v));
    let mut f = GraphFigure::new();
    f.unit = (1.0, 1.0); // positions in pixels
    f.extra_margin = (40.0, 0.0); // the columns of numbers above the top row
    let x = f.text("x", 0.0, 0.0);
    let mean_x = f.op("mean", 60.0, 150.0);
    let minus = f.op("−", 170.0, 0.0);
    let square = f.op("**2", 170.0, 240.0);
    let mean_sq = f.op("mean", 280.0, 240.0);
    let add_eps = f.op("+", 385.0, 240.0);
    let eps = f.text("ε = 10⁻⁶", 385.0, 330.0);
    let sqrt = f.op("√", 490.0, 240.0);
    let inv = f.op("/", 490.0, 120.0);
    let times = f.op("×", 490.0, 0.0);
    let scale = f.op("×", 625.0, 0.0);
    let gamma = f.text("γ", 720.0, 0.0);
    let shift = f.op("+", 625.0, 180.0);
    let beta = f.text("β", 720.0, 180.0);
    let y = f.text("y", 625.0, 320.0);

    f.edge(x, minus, column(&g.x), backs(&g.dxc));
    f.edge_at(x, mean_x, "", backs(&g.dx_from_mean), 0.55);
    f.edge(mean_x, minus, short(g.mu), back(g.dmu));
    f.edge(minus, square, "", backs(&g.dxc_from_var)); // the same xc as on the edge to ×
    f.edge(minus, times, column(&g.xc), backs(&g.dxc_from_xn));
    f.edge(square, mean_sq, column(&g.xc2), backs(&g.dxc2));
    f.edge(mean_sq, add_eps, short(g.var), back(g.dvar));
    f.edge(eps, add_eps, "", None);
    f.edge(add_eps, sqrt, short(g.var + g.eps), back(g.dvar));
    f.edge(sqrt, inv, short(g.std), back(g.dstd));
    f.edge(inv, times, short(g.inv_std), back(g.dinv_std));
    f.edge(times, scale, column(&g.xn), backs(&g.dxn));
    f.edge(gamma, scale, short(g.gamma), back(g.dgamma));
    f.edge_at(scale, shift, column(&g.scaled), backs(&g.dout), 0.55);
    f.edge(beta, shift, short(g.beta), back(g.dbeta));
    f.edge(shift, y, column(&g.y), backs(&g.dout));
    f.legend = Some("∂L/∂value".into());
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::Layer;
    use common::layers::{BN_EPS, BatchNormalization};
    use ndarray::{Array1, Array2};

    fn example() -> BatchNormGraph {
        batch_norm_graph(&[1.0, 3.0, 8.0], 2.0, 1.0, BN_EPS, &[1.0, 2.0, -1.0])
    }

    #[test]
    fn the_graph_node_by_node_gives_what_the_layer_computes() {
        let g = example();
        let mut layer =
            BatchNormalization::<f64>::with_params(Array1::from(vec![2.0]), Array1::from(vec![1.0]));
        let x = Array2::from_shape_vec((3, 1), g.x.clone()).unwrap().into_dyn();
        let y = layer.forward(&x, true);
        let dout = Array2::from_shape_vec((3, 1), g.dout.clone()).unwrap().into_dyn();
        let dx = layer.backward(&dout);
        for i in 0..3 {
            assert!((y[[i, 0]] - g.y[i]).abs() < 1e-12, "y[{i}]");
            assert!((dx[[i, 0]] - g.dx[i]).abs() < 1e-12, "dx[{i}]: {} vs {}", dx[[i, 0]], g.dx[i]);
        }
        assert!((layer.dgamma[0] - g.dgamma).abs() < 1e-12 && (layer.dbeta[0] - g.dbeta).abs() < 1e-12);
        assert!(g.dx.iter().sum::<f64>().abs() < 1e-12, "the gradient to x has mean 0 over the batch");
    }

    #[test]
    fn the_figure_shows_the_batch_as_columns_and_fits_the_column() {
        let svg = batch_norm_figure(&example()).to_svg();
        for v in ["8.67", "2.94", "−18", "0.34", "16"] {
            assert!(svg.contains(&format!(">{v}</text>")), "{v} is missing");
        }
        let width: f64 = svg.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        // 15 px labels and the 13 px legend stay at least 11 px in the 750-px column.
        assert!(13.0 * (750.0 / width).min(1.0) >= 11.0, "{width} px wide");
    }
}
