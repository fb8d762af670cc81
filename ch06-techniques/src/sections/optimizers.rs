//! 6.1: six update rules walking down f(x, y) = x²/20 + y², then four of them training a
//! 5-layer network on MNIST (6.1.8).

use std::path::Path;

use anyhow::Result;

use ch06_techniques::loss_curves::{self, CurveSettings, optimizer_specs};
use ch06_techniques::paths::{self, book_optimizers, f, more_optimizers, paths_of, y_reversals};
use common::data::Mnist;

use super::{heading, print_losses, wrote};

/// 6.1: where each rule got to after 30 steps, and the paths drawn over the contours of f.
pub fn walks(figures: &Path) -> Result<()> {
    heading("6.1 Six ways down f(x, y) = x²/20 + y², 30 steps from (−7, 2)");
    let book = paths_of(book_optimizers());
    let more = paths_of(more_optimizers());
    println!(
        "{:<9} {:>5} {:>18} {:>9} {:>12}",
        "optimizer", "η", "point 30 (x, y)", "f(x, y)", "y reversals"
    );
    for (name, lr, path) in book.iter().chain(&more) {
        let &(x, y) = path.last().expect("30 points");
        let at = format!("({x:.3}, {y:.3})");
        println!("{name:<9} {lr:>5} {at:>18} {:>9.4} {:>12}", f(x, y), y_reversals(path));
    }
    for (file, walks) in [("optimizer-paths.svg", &book), ("optimizer-paths-more.svg", &more)] {
        let path = figures.join(file);
        paths::draw(&path, walks)?;
        wrote(&path);
    }
    Ok(())
}

/// 6.1.8: the loss of SGD, Momentum, AdaGrad and Adam on the same mini-batches.
pub fn on_mnist(
    data: &Mnist<f32>,
    figures: &Path,
    iterations: usize,
    batch_size: usize,
    seed: u64,
) -> Result<()> {
    heading(&format!(
        "6.1.8 Optimizers on MNIST: {iterations} iterations, batch {batch_size}, loss every 100"
    ));
    let settings = CurveSettings { iterations, batch_size, print_every: 100, seed };
    let curves = loss_curves::compare(data, &optimizer_specs(), &settings)?;
    print_losses(&curves);
    let path = figures.join("optimizer-mnist.svg");
    loss_curves::draw(&path, &curves, "Optimizers on MNIST (smoothed loss)", 1.0)?;
    wrote(&path);
    Ok(())
}
