//! 3.2 Activation functions.

use std::path::Path;

use anyhow::Result;
use ch03_inference::activations;
use ch03_inference::numpy_print::vector;
use common::files::shown;
use common::functions::{sigmoid, step_function};
use ndarray::arr1;

/// Prints section 3.2 and writes the activation functions' figures into `figures`.
pub fn run(figures: &Path) -> Result<()> {
    println!("== 3.2 Activation functions ==");
    let x = arr1(&[-1.0, 1.0, 2.0]);
    println!("x                = {}", vector(x.view()));
    println!("step_function(x) = {}", vector(step_function(&x).view()));
    println!("sigmoid(x)       = {}", vector(sigmoid(&x).view()));
    let t = arr1(&[1.0, 2.0, 3.0]);
    println!("broadcasting: t = {}", vector(t.view()));
    println!("  1.0 + t = {}", vector((1.0 + &t).view()));
    println!("  1.0 / t = {}", vector((1.0 / &t).view()));
    let written = activations::write_figures(figures)?;
    let names: Vec<String> =
        written.iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
    println!("figures written to {}/:\n  {}", shown(figures), names.join(" "));
    println!();
    Ok(())
}
