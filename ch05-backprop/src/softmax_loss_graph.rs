//! The Softmax-with-Loss layer taken apart into its nodes (the Chinese edition's appendix A):
//! softmax as exp, a sum, a reciprocal and products; the cross-entropy as log, products, a sum
//! and −1. Forward and backward run node by node, with the multiply and add nodes of
//! [`crate::layer_naive`]; what reaches the scores at the end is y − t, the gradient the layer
//! computes in one line.

use common::plot::graph::{GraphFigure, short};

use crate::layer_naive::{AddLayer, MulLayer};

// ANCHOR: softmax_loss_graph
/// Every value of the graph for one example with scores `a` and one-hot target `t`: forward
/// (e = exp(a), S = Σ e, r = 1/S, y = e·r, log y, t·log y, their sum, L = −sum) and backward,
/// from ∂L/∂L = 1 back to ∂L/∂a.
#[derive(Debug, Clone, PartialEq)]
pub struct SoftmaxLossGraph {
    pub a: Vec<f64>,
    pub t: Vec<f64>,
    pub exp_a: Vec<f64>,
    pub sum: f64,
    pub inv_sum: f64,
    pub y: Vec<f64>,
    pub log_y: Vec<f64>,
    pub t_log_y: Vec<f64>,
    pub total: f64,
    pub loss: f64,
    /// ∂L/∂(t·log y), the same for every class: the + node copies it.
    pub d_t_log_y: f64,
    /// ∂L/∂(log y) = −t.
    pub d_log_y: Vec<f64>,
    /// ∂L/∂y = −t / y.
    pub dy: Vec<f64>,
    /// ∂L/∂e along the edge to the × node: −t / e.
    pub d_exp_to_mul: Vec<f64>,
    /// ∂L/∂r along each edge from the / node to a × node: −t·S.
    pub d_inv_sum_parts: Vec<f64>,
    /// ∂L/∂S = (Σ ∂L/∂r)·(−1/S²) = 1/S, which the + node copies to every e.
    pub d_sum: f64,
    /// ∂L/∂a = (−t/e + 1/S)·e = y − t.
    pub da: Vec<f64>,
}

/// Forward and backward through the graph, node by node.
pub fn softmax_loss_graph(a: &[f64], t: &[f64]) -> SoftmaxLossGraph {
    // Forward. Softmax: e = exp(a), S = Σ e, r = 1/S, y = e·r.
    let exp_a: Vec<f64> = a.iter().map(|v| v.exp()).collect();
    let sum = exp_a.iter().fold(0.0, |s, &e| AddLayer::new().forward(s, e));
    let inv_sum = 1.0 / sum;
    let mut mul_y: Vec<MulLayer> = a.iter().map(|_| MulLayer::new()).collect();
    let y: Vec<f64> = exp_a.iter().zip(&mut mul_y).map(|(&e, m)| m.forward(e, inv_sum)).collect();
    // Cross-entropy: log y, t·log y, their sum, times −1.
    let log_y: Vec<f64> = y.iter().map(|v| v.ln()).collect();
    let mut mul_t: Vec<MulLayer> = a.iter().map(|_| MulLayer::new()).collect();
    let t_log_y: Vec<f64> =
        log_y.iter().zip(t).zip(&mut mul_t).map(|((&l, &t), m)| m.forward(l, t)).collect();
    let total = t_log_y.iter().fold(0.0, |s, &v| AddLayer::new().forward(s, v));
    let mut negate = MulLayer::new();
    let loss = negate.forward(total, -1.0);

    // Backward, from ∂L/∂L = 1.
    let (d_total, _) = negate.backward(1.0);
    let d_t_log_y = d_total; // the + node passes it to each input
    let d_log_y: Vec<f64> = mul_t.iter().map(|m| m.backward(d_t_log_y).0).collect();
    let dy: Vec<f64> = d_log_y.iter().zip(&y).map(|(&d, &y)| d / y).collect(); // (log y)′ = 1/y
    let (d_exp_to_mul, d_inv_sum_parts): (Vec<f64>, Vec<f64>) =
        mul_y.iter().zip(&dy).map(|(m, &d)| m.backward(d)).unzip();
    let d_inv_sum: f64 = d_inv_sum_parts.iter().sum(); // r feeds every × node: its gradients add up
    let d_sum = d_inv_sum * (-1.0 / (sum * sum)); // (1/S)′ = −1/S²
    let da: Vec<f64> = exp_a
        .iter()
        .zip(&d_exp_to_mul)
        .map(|(&e, &d)| (d + d_sum) * e) // e feeds × and +: add both; exp′ = exp
        .collect();
    SoftmaxLossGraph {
        a: a.to_vec(),
        t: t.to_vec(),
        exp_a,
        sum,
        inv_sum,
        y,
        log_y,
        t_log_y,
        total,
        loss,
        d_t_log_y,
        d_log_y,
        dy,
        d_exp_to_mul,
        d_inv_sum_parts,
        d_sum,
        da,
    }
}
// ANCHOR_END: softmax_loss_graph

/// The graph drawn with its numbers: softmax on top (scores a to probabilities y), the
/// cross-entropy below (y to the loss L), forward values above the arrows, gradients below.
pub fn softmax_loss_figure(g: &SoftmaxLossGraph) -> GraphFigure {
    let sub = ['₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    let name = |v: &str, k: usize| format!("{v}{}", sub.get(k).copied().unwrap_or('ₖ'));
    let back = |v: f64| Some(short(v));
    let mut f = GraphFigure::new();
    f.unit = (1.0, 1.0); // positions in pixels
    let row = |k: usize| 95.0 * k as f64;
    let n = g.a.len();

    // Softmax: a → exp → × (1/S) → y, with S = Σ exp and 1/S below the rows.
    let below = row(n) + 60.0;
    let add = f.op("+", 200.0, below);
    let div = f.op("/", 330.0, below);
    f.edge(add, div, short(g.sum), back(g.d_sum));
    for k in 0..n {
        let a = f.text(&name("a", k), 0.0, row(k));
        let exp = f.op("exp", 120.0, row(k));
        let mul = f.op("×", 560.0, row(k));
        let y = f.text(&name("y", k), 670.0, row(k));
        f.edge(a, exp, short(g.a[k]), back(g.da[k]));
        f.edge_at(exp, mul, short(g.exp_a[k]), back(g.d_exp_to_mul[k]), 0.45);
        f.edge(exp, add, "", None);
        // Each label halfway between two rows, where the three edges are furthest apart.
        let at = (below - row(k) - 32.0) / (below - row(k));
        f.edge_at(div, mul, short(g.inv_sum), back(g.d_inv_sum_parts[k]), at);
        f.edge(mul, y, short(g.y[k]), back(g.dy[k]));
    }
    // Cross-entropy: y → log → × t → + → × (−1) → L.
    let top = below + 120.0;
    let total = f.op("+", 470.0, top + row(1));
    let negate = f.op("×", 580.0, top + row(1));
    let minus_one = f.text("−1", 580.0, top + row(1) + 80.0);
    let loss = f.text("L", 670.0, top + row(1));
    for k in 0..n {
        let y = f.text(&name("y", k), 0.0, top + row(k));
        let log = f.op("log", 120.0, top + row(k));
        let mul = f.op("×", 300.0, top + row(k));
        let t = f.text(&format!("{} = {}", name("t", k), short(g.t[k])), 215.0, top + row(k) + 50.0);
        f.edge(y, log, short(g.y[k]), back(g.dy[k]));
        f.edge(log, mul, short(g.log_y[k]), back(g.d_log_y[k]));
        f.edge(t, mul, "", None);
        let at = if k == 1 { 0.5 } else { 0.4 };
        f.edge_at(mul, total, short(g.t_log_y[k]), back(g.d_t_log_y), at);
    }
    f.edge(total, negate, short(g.total), back(-1.0));
    f.edge(minus_one, negate, "", None);
    f.edge(negate, loss, short(g.loss), back(1.0));
    f.legend = Some("∂L/∂value".into());
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::Targets;
    use common::layers::SoftmaxWithLoss;
    use ndarray::{Array2, arr2};

    fn example() -> SoftmaxLossGraph {
        softmax_loss_graph(&[0.3, 2.9, 4.0], &[0.0, 1.0, 0.0])
    }

    #[test]
    fn the_graph_node_by_node_gives_the_layers_loss_and_y_minus_t() {
        let g = example();
        let mut layer = SoftmaxWithLoss::<f64>::new();
        let x = arr2(&[[0.3, 2.9, 4.0]]).into_dyn();
        let t: Array2<f64> = arr2(&[[0.0, 1.0, 0.0]]);
        let loss = layer.forward(&x, Targets::OneHot(t.view()));
        let dx = layer.backward();
        assert!((g.loss - loss).abs() < 1e-12, "{} vs {loss}", g.loss);
        for k in 0..3 {
            assert!((g.da[k] - dx[[0, k]]).abs() < 1e-12, "class {k}: {} vs {}", g.da[k], dx[[0, k]]);
            assert!((g.da[k] - (g.y[k] - t[[0, k]])).abs() < 1e-12);
        }
        assert!((g.d_sum - g.inv_sum).abs() < 1e-15, "∂L/∂S = 1/S when t sums to 1");
    }

    #[test]
    fn the_softmax_of_the_books_scores_is_the_books() {
        let g = example();
        let y: Vec<String> = g.y.iter().map(|&v| short(v)).collect();
        assert_eq!(y, ["0.0182", "0.245", "0.737"]);
    }

    #[test]
    fn the_figure_carries_the_computed_numbers_on_its_edges() {
        let g = example();
        let svg = softmax_loss_figure(&g).to_svg();
        for v in [g.sum, g.d_sum, g.loss, g.da[1], g.dy[1], g.d_inv_sum_parts[1]] {
            assert!(svg.contains(&format!(">{}</text>", short(v))), "{} is missing", short(v));
        }
    }
}
