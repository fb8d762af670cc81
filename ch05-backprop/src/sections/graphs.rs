//! 5.2 and 5.5: the chain rule on z = (x + y)², and the sigmoid taken apart into its nodes.

use std::path::Path;

use anyhow::Result;

use ch05_backprop::concept_figures::{chain_rule_figure, sigmoid_graph_figure};
use common::files::shown;

use super::save_graph;

pub fn run(figures: &Path) -> Result<()> {
    let chain_rule = save_graph(&chain_rule_figure(), figures, "chain_rule.svg")?;
    let sigmoid = save_graph(&sigmoid_graph_figure(), figures, "sigmoid_graph.svg")?;
    println!("wrote {} and {}", shown(&chain_rule), shown(&sigmoid));
    Ok(())
}
