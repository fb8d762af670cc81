//! The chapter's sections, in the book's order: each runs its part of the library and prints
//! what the book prints.

pub mod gradient_check;
pub mod graphs;
pub mod shopping;
pub mod softmax_loss;
pub mod training;

use std::path::Path;

use anyhow::{Context, Result};

use common::plot::graph::GraphFigure;

/// Writes a graph figure to `dir/name` and returns its path.
fn save_graph(g: &GraphFigure, dir: &Path, name: &str) -> Result<std::path::PathBuf> {
    let path = dir.join(name);
    g.save(&path).with_context(|| format!("cannot write {}", common::files::shown(&path)))?;
    Ok(path)
}
