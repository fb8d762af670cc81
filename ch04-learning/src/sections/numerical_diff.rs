//! 4.3 Numerical differentiation.

use std::path::Path;

use anyhow::Result;

use ch04_learning::diff::{
    function_1, function_tmp1, function_tmp2, numerical_diff_bad, step_table, tangent_line,
};
use common::gradient::numerical_diff;
use common::plot::{LineChart, Series, line_chart};

use super::save;

/// Prints section 4.3 and writes the tangent lines' figure into `figures`.
pub fn run(figures: &Path) -> Result<()> {
    println!("4.3.1 A bad derivative: (f(x + h) − f(x)) / h with h = 1e-50, f = function_1, x = 5");
    println!("  1e-50 as f32 = {}", 1e-50_f64 as f32);
    println!("  in f32: {}   (0 / 0)", numerical_diff_bad(function_1::<f32>, 5.0));
    println!("  in f64: {}   (5 + 1e-50 rounds to 5)", numerical_diff_bad(function_1::<f64>, 5.0));

    println!("\n4.3.2 numerical_diff (central difference, h = 1e-4) on f(x) = 0.01x² + 0.1x");
    println!("  numerical_diff(function_1, 5)  = {}   (exact: 0.2)", numerical_diff(function_1::<f64>, 5.0));
    println!("  numerical_diff(function_1, 10) = {}   (exact: 0.3)", numerical_diff(function_1::<f64>, 10.0));

    println!("\n  Error against the exact slope 0.2 at x = 5, by step h:");
    println!("  {:>7}  {:>14}  {:>14}  {:>14}", "h", "forward (f64)", "central (f64)", "central (f32)");
    for row in step_table(10) {
        println!(
            "  {:>7.0e}  {:>14.2e}  {:>14.2e}  {:>14.2e}",
            row.h, row.forward_f64, row.central_f64, row.central_f32
        );
    }

    // Few points: the SVG's coordinates are whole pixels, and a dense polyline would wobble.
    let curve: Vec<(f64, f64)> = (0..=40).map(|i| i as f64 * 0.5).map(|x| (x, function_1(x))).collect();
    let line = |f: &dyn Fn(f64) -> f64| vec![(0.0, f(0.0)), (20.0, f(20.0))];
    let (t5, t10) = (tangent_line(function_1::<f64>, 5.0), tangent_line(function_1::<f64>, 10.0));
    let chart = LineChart {
        title: "f(x) = 0.01x² + 0.1x and its tangents at x = 5 and x = 10".into(),
        x_label: "x".into(),
        y_label: "f(x)".into(),
        series: vec![
            Series::new("f(x)", curve),
            Series::new("tangent at x = 5 (slope 0.2)", line(&t5)).dashed(),
            Series::new("tangent at x = 10 (slope 0.3)", line(&t10)).dashed(),
        ],
        x_range: Some((0.0, 20.0)),
        y_range: Some((-1.0, 8.0)),
        ..Default::default()
    };
    save(figures, "tangent_lines.svg", |p| line_chart(p, &chart))?;

    println!("\n4.3.3 Partial derivatives of f(x0, x1) = x0² + x1² at (3, 4)");
    println!("  ∂f/∂x0 = numerical_diff(function_tmp1, 3) = {}", numerical_diff(function_tmp1, 3.0));
    println!("  ∂f/∂x1 = numerical_diff(function_tmp2, 4) = {}", numerical_diff(function_tmp2, 4.0));
    Ok(())
}
