//! §6.1: six update rules on f(x, y) = x²/20 + y², starting from (−7, 2).
//!
//! The function is a bowl stretched 20 times along x: its gradient (x/10, 2y) points mostly
//! along y, not at the minimum (0, 0). SGD follows the gradient and zig-zags; the others
//! each correct for that in their own way.

use std::path::Path;

use common::Param;
use common::optimizer::{AdaGrad, Adam, Momentum, Nesterov, Optimizer, RmsProp, Sgd};
use common::plot::{ContourGrid, ContourPanel, ContourPath, contour_panels};
use ndarray::{ArrayD, IxDyn};

// ANCHOR: function
/// f(x, y) = x²/20 + y².
pub fn f(x: f64, y: f64) -> f64 {
    x * x / 20.0 + y * y
}

/// ∇f(x, y) = (x/10, 2y).
pub fn df(x: f64, y: f64) -> (f64, f64) {
    (x / 10.0, 2.0 * y)
}

/// Where every walk starts.
pub const INIT_POS: (f64, f64) = (-7.0, 2.0);
// ANCHOR_END: function

// ANCHOR: optimizer_path
/// The points an optimizer visits on f in `steps` updates, starting at (−7, 2): the
/// position before each update, as the book records them. The two coordinates are two
/// parameters named "x" and "y", so the optimizer keeps its state for each, exactly as it
/// does for "W1", "b1", … in a network.
pub fn optimizer_path(optimizer: &mut dyn Optimizer<f64>, steps: usize) -> Vec<(f64, f64)> {
    let scalar = |v: f64| ArrayD::from_elem(IxDyn(&[]), v);
    let (mut x, mut y) = (scalar(INIT_POS.0), scalar(INIT_POS.1));
    let mut path = Vec::with_capacity(steps);
    for _ in 0..steps {
        let (px, py) = (x[[]], y[[]]);
        path.push((px, py));
        let (gx, gy) = df(px, py);
        let (gx, gy) = (scalar(gx), scalar(gy));
        optimizer.update(vec![Param::new("x", &mut x, &gx), Param::new("y", &mut y, &gy)]);
    }
    path
}
// ANCHOR_END: optimizer_path

// ANCHOR: book_optimizers
/// The four rules of the book's figure, with its learning rates: each the rate at which
/// that rule does about its best on this function.
pub fn book_optimizers() -> Vec<(&'static str, f64, Box<dyn Optimizer<f64>>)> {
    vec![
        ("SGD", 0.95, Box::new(Sgd::new(0.95))),
        ("Momentum", 0.1, Box::new(Momentum::new(0.1))),
        ("AdaGrad", 1.5, Box::new(AdaGrad::new(1.5))),
        ("Adam", 0.3, Box::new(Adam::new(0.3))),
    ]
}
// ANCHOR_END: book_optimizers

/// The two rules the book leaves out of the figure (its code has them): Nesterov with
/// Momentum's rate, RMSprop with ρ = 0.9 (with the default 0.99 its first steps are 10
/// times η, and it flies off the plot).
pub fn more_optimizers() -> Vec<(&'static str, f64, Box<dyn Optimizer<f64>>)> {
    vec![
        ("Nesterov", 0.1, Box::new(Nesterov::new(0.1))),
        ("RMSprop", 0.25, Box::new(RmsProp::with_decay_rate(0.25, 0.9))),
    ]
}

/// A walk: the rule's name, its learning rate, and the points it visited.
pub type Walk = (&'static str, f64, Vec<(f64, f64)>);

/// The path of each rule, 30 steps each, as the book takes them.
pub fn paths_of(optimizers: Vec<(&'static str, f64, Box<dyn Optimizer<f64>>)>) -> Vec<Walk> {
    optimizers.into_iter().map(|(name, lr, mut opt)| (name, lr, optimizer_path(&mut *opt, 30))).collect()
}

/// How many times a path reverses its direction along y: SGD's zig-zag, counted.
pub fn y_reversals(path: &[(f64, f64)]) -> usize {
    let steps: Vec<f64> = path.windows(2).map(|w| w[1].1 - w[0].1).filter(|d| d.abs() > 1e-9).collect();
    steps.windows(2).filter(|d| d[0].signum() != d[1].signum()).count()
}

/// Draws the walks over the contours of f, one panel each, two panels a row.
pub fn draw(file: &Path, paths: &[Walk]) -> anyhow::Result<()> {
    let (x_range, y_range) = ((-10.0, 10.0), (-5.0, 5.0));
    let grid = ContourGrid::sample(f, x_range, y_range, 201, 101);
    let panels: Vec<ContourPanel> = paths
        .iter()
        .map(|(name, lr, path)| ContourPanel {
            title: format!("{name} (η = {lr})"),
            grid: grid.clone(),
            levels: vec![0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
            paths: vec![ContourPath { points: path.clone(), color: common::plot::color(1) }],
            marks: vec![(0.0, 0.0)],
            x_range,
            y_range,
            x_label: "x".into(),
            y_label: "y".into(),
        })
        .collect();
    contour_panels(file, &panels, 2, (375, 245))?; // two fill the book's column
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgd_zig_zags_and_the_others_get_closer_to_the_minimum() {
        let paths = paths_of(book_optimizers());
        let end = |name: &str| {
            let (_, _, p) = paths.iter().find(|(n, _, _)| *n == name).unwrap();
            (p.len(), *p.last().unwrap(), y_reversals(p))
        };
        let (len, (x, _), reversals) = end("SGD");
        assert_eq!(len, 30);
        assert!(reversals >= 25, "SGD flips its y direction nearly every step: {reversals}");
        let (_, (x_adagrad, _), _) = end("AdaGrad");
        assert!(x.abs() > 2.0 * x_adagrad.abs(), "and trails along x: {x} vs {x_adagrad}");
        for name in ["Momentum", "AdaGrad", "Adam"] {
            let (_, (x, y), reversals) = end(name);
            assert!(f(x, y) < f(INIT_POS.0, INIT_POS.1) / 10.0, "{name} ends at ({x}, {y})");
            assert!(reversals < 10, "{name} does not zig-zag");
        }
    }

    #[test]
    fn the_first_sgd_step_is_the_gradient_times_the_learning_rate() {
        // From (−7, 2): ∇f = (−0.7, 4), so SGD(0.95) goes to (−7 + 0.665, 2 − 3.8) = (−6.335, −1.8).
        let path = optimizer_path(&mut Sgd::new(0.95), 2);
        assert!((path[1].0 + 6.335).abs() < 1e-12 && (path[1].1 + 1.8).abs() < 1e-12);
    }
}
