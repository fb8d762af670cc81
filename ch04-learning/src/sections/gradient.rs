//! 4.4 Gradients, and 4.4.1 gradient descent.

use std::path::Path;

use anyhow::Result;
use ndarray::arr1;

use ch04_learning::descent::{arange, book_start, function_2, gradient_descent, negative_gradient_field};
use common::gradient::numerical_gradient;
use common::plot::{Arrow, QuiverChart, QuiverPath, quiver_chart};

use super::save;

/// Prints sections 4.4 and 4.4.1 and writes the gradient field's and the descent's figures
/// into `figures`.
pub fn run(figures: &Path) -> Result<()> {
    println!("4.4 The gradient of f(x0, x1) = x0² + x1²");
    for point in [[3.0, 4.0], [0.0, 2.0], [3.0, 0.0]] {
        let mut x = arr1(&point);
        let grad = numerical_gradient(function_2, &mut x);
        println!("  numerical_gradient(function_2, {x}) = {grad}");
    }

    let grid = arange(-2.0, 2.25, 0.25); // −2, −1.75, …, 2
    let field = negative_gradient_field(function_2, &grid, &grid);
    let chart = QuiverChart {
        title: "−∇f for f(x₀, x₁) = x₀² + x₁²".into(),
        x_label: "x₀".into(),
        y_label: "x₁".into(),
        arrows: field.iter().map(|&(at, dir)| Arrow { at, dir }).collect(),
        x_range: (-2.4, 2.4),
        y_range: (-2.4, 2.4),
        ..Default::default()
    };
    save(figures, "gradient_field.svg", |p| quiver_chart(p, &chart))?;

    println!("\n4.4.1 Gradient descent from (−3, 4), 100 steps");
    let (x, history) = gradient_descent(function_2, &book_start(), 0.1, 100);
    println!("  lr = 0.1:   {x:.8e}");
    let (x_big, _) = gradient_descent(function_2, &book_start(), 10.0, 100);
    println!("  lr = 10:    {x_big:.8e}   (too large: it diverges)");
    let (x_small, _) = gradient_descent(function_2, &book_start(), 1e-10, 100);
    println!("  lr = 1e-10: {x_small:.8}   (too small: it barely moves)");

    println!("\n  Distance from the minimum after 100 steps (it starts 5 away):");
    for lr in [0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 1.0, 1.01, 1.1] {
        let (x, _) = gradient_descent(function_2, &book_start(), lr, 100);
        println!("    lr = {lr:<5}  {}", sci(function_2(&x).sqrt()));
    }

    let path: Vec<(f64, f64)> = history.iter().map(|x| (x[0], x[1])).collect();
    let circles: Vec<Vec<(f64, f64)>> = (1..=6)
        .map(|r| {
            let r = r as f64;
            (0..=120)
                .map(|k| k as f64 * std::f64::consts::TAU / 120.0)
                .map(|a| (r * a.cos(), r * a.sin()))
                .collect()
        })
        .collect();
    let descent = QuiverChart {
        title: "Gradient descent from (−3, 4), lr = 0.1".into(),
        x_label: "x₀".into(),
        y_label: "x₁".into(),
        arrows: field_over(-3.5, 3.5, -4.5, 4.5, 1.0),
        scale: Some(0.1),
        faint_arrows: true,
        level_lines: circles,
        paths: vec![QuiverPath { label: "x after each step".into(), points: path }],
        x_range: (-3.5, 3.5),
        y_range: (-4.5, 4.5),
        size: Some((520, 670)),
    };
    save(figures, "gradient_descent.svg", |p| quiver_chart(p, &descent))
}

/// A number as 4.093e+00: three decimals and a signed two-digit exponent.
fn sci(v: f64) -> String {
    let s = format!("{v:.3e}");
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let exp: i32 = exp.parse().unwrap_or(0);
            format!("{mantissa}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
        }
        None => s, // inf or NaN
    }
}

/// Arrows of −∇f for f = x0² + x1² on a grid with the given spacing.
fn field_over(x0: f64, x1: f64, y0: f64, y1: f64, step: f64) -> Vec<Arrow> {
    let xs = arange(x0 + step / 2.0, x1, step);
    let ys = arange(y0 + step / 2.0, y1, step);
    negative_gradient_field(function_2, &xs, &ys).into_iter().map(|(at, dir)| Arrow { at, dir }).collect()
}
