//! The chapter's graphs with symbols instead of numbers: the chain rule on z = (x + y)², and
//! the sigmoid taken apart into its four nodes. Drawn the same way as the apple graphs.

use common::plot::graph::GraphFigure;

/// z = t², t = x + y: the chain rule read off the graph, right to left.
pub fn chain_rule_figure() -> GraphFigure {
    let mut g = GraphFigure::new();
    g.unit = (185.0, 80.0);
    let x = g.text("x", 0.0, 0.0);
    let y = g.text("y", 1.1, 1.2);
    let add = g.op("+", 1.1, 0.0);
    let square = g.op("**2", 2.3, 0.0);
    let z = g.text("z", 3.2, 0.0);
    g.edge(x, add, "x", Some("∂z/∂z · ∂z/∂t · ∂t/∂x".into()));
    g.edge(y, add, "y", Some("∂z/∂z · ∂z/∂t · ∂t/∂y".into()));
    g.edge(add, square, "t", Some("∂z/∂z · ∂z/∂t".into()));
    g.edge(square, z, "z", Some("∂z/∂z".into()));
    g.legend = Some("∂z/∂value".into());
    g
}

/// y = 1 / (1 + exp(−x)) as four nodes, with the gradient of each stage, d = ∂L/∂y.
pub fn sigmoid_graph_figure() -> GraphFigure {
    let mut g = GraphFigure::new();
    g.unit = (140.0, 80.0); // 4.75 units across: the width of the book's column
    let x = g.text("x", 0.0, 0.0);
    let neg = g.op("×", 1.0, 0.0);
    let minus_one = g.text("−1", 1.0, 1.2);
    let exp = g.op("exp", 2.0, 0.0);
    let add = g.op("+", 3.0, 0.0);
    let one = g.text("1", 3.0, 1.2);
    let div = g.op("/", 4.0, 0.0);
    let y = g.text("y", 4.75, 0.0);
    g.edge(x, neg, "x", Some("d·y²·exp(−x)".into()));
    g.edge(minus_one, neg, "", None);
    g.edge(neg, exp, "−x", Some("−d·y²·exp(−x)".into()));
    g.edge(exp, add, "exp(−x)", Some("−d·y²".into()));
    g.edge(one, add, "", None);
    g.edge(add, div, "1 + exp(−x)", Some("−d·y²".into()));
    g.edge(div, y, "y", Some("d".into()));
    g.legend = Some("∂L/∂value, with d = ∂L/∂y".into());
    g
}
