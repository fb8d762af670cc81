//! The chapter's sections as the binary prints them, in the book's order.

pub mod classify2d;
pub mod gradient;
pub mod loss;
pub mod numerical_diff;
pub mod simple_net;
pub mod train;

use std::path::Path;

use anyhow::{Context, Result};
use common::files::shown;

/// Writes one figure into `dir` and says where it went.
pub fn save<E: std::error::Error + Send + Sync + 'static>(
    dir: &Path,
    name: &str,
    draw: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<()> {
    let path = dir.join(name);
    draw(&path).with_context(|| format!("cannot write the figure {}", shown(&path)))?;
    println!("  figure: {}", shown(&path));
    Ok(())
}
