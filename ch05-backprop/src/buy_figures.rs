//! The shopping graphs as figures, labelled with the numbers [`buy_apple`] and
//! [`buy_apple_orange`] computed.
//!
//! [`buy_apple`]: crate::buy::buy_apple
//! [`buy_apple_orange`]: crate::buy::buy_apple_orange

use crate::buy::{BuyApple, BuyAppleOrange, tidy};
use common::plot::graph::GraphFigure;

const LEGEND: &str = "∂price/∂value";

/// The apple graph: forward values only (`backward` false), or with the gradients too.
pub fn buy_apple_figure(r: &BuyApple, backward: bool) -> GraphFigure {
    let back = |v: f64| backward.then(|| tidy(v));
    let mut g = GraphFigure::new();
    let apple = g.text("apple", 0.0, 0.0);
    let mul_apple = g.op("×", 1.6, 0.0);
    let apple_num = g.text("apple_num", 1.6, 1.1);
    let mul_tax = g.op("×", 3.4, 0.0);
    let tax = g.text("tax", 3.4, 1.1);
    let price = g.text("price", 5.0, 0.0);
    g.edge(apple, mul_apple, tidy(r.apple), back(r.dapple));
    g.edge(apple_num, mul_apple, tidy(r.apple_num), back(r.dapple_num));
    g.edge(mul_apple, mul_tax, tidy(r.apple_price), back(r.dapple_price));
    g.edge(tax, mul_tax, tidy(r.tax), back(r.dtax));
    g.edge(mul_tax, price, tidy(r.price), back(r.dprice));
    g.legend = backward.then(|| LEGEND.to_string());
    g
}

/// The apple-and-orange graph with its forward values and gradients.
pub fn buy_apple_orange_figure(r: &BuyAppleOrange) -> GraphFigure {
    let back = |v: f64| Some(tidy(v));
    let mut g = GraphFigure::new();
    g.unit = (95.0, 90.0); // 6.6 units across: the width of the book's column
    let apple = g.text("apple", 0.0, 0.0);
    let apple_num = g.text("apple_num", 1.6, -1.1);
    let mul_apple = g.op("×", 1.6, 0.0);
    let orange = g.text("orange", 0.0, 2.0);
    let orange_num = g.text("orange_num", 1.6, 3.1);
    let mul_orange = g.op("×", 1.6, 2.0);
    let add = g.op("+", 3.3, 1.0);
    let mul_tax = g.op("×", 5.0, 1.0);
    let tax = g.text("tax", 5.0, 2.1);
    let price = g.text("price", 6.6, 1.0);
    g.edge(apple, mul_apple, tidy(r.apple), back(r.dapple));
    g.edge(apple_num, mul_apple, tidy(r.apple_num), back(r.dapple_num));
    g.edge(orange, mul_orange, tidy(r.orange), back(r.dorange));
    g.edge(orange_num, mul_orange, tidy(r.orange_num), back(r.dorange_num));
    g.edge(mul_apple, add, tidy(r.apple_price), back(r.dapple_price));
    g.edge(mul_orange, add, tidy(r.orange_price), back(r.dorange_price));
    g.edge(add, mul_tax, tidy(r.all_price), back(r.dall_price));
    g.edge(tax, mul_tax, tidy(r.tax), back(r.dtax));
    g.edge(mul_tax, price, tidy(r.price), back(r.dprice));
    g.legend = Some(LEGEND.to_string());
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::buy::{buy_apple, buy_apple_orange};

    #[test]
    fn the_apple_orange_figure_shows_the_computed_numbers() {
        let svg = buy_apple_orange_figure(&buy_apple_orange()).to_svg();
        for n in ["715", "650", "450", "110", "2.2", "3.3", "165", "1.1"] {
            assert!(svg.contains(&format!(">{n}</text>")), "{n} is missing");
        }
    }

    #[test]
    fn the_forward_only_apple_figure_has_no_gradients() {
        let svg = buy_apple_figure(&buy_apple(), false).to_svg();
        assert!(svg.contains(">220</text>") && !svg.contains(">2.2</text>"));
    }
}
