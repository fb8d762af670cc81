//! 3.2 Activation functions: the step function of the perceptron, and the smooth functions
//! a neural network uses instead (sigmoid, ReLU, tanh), drawn as the book draws them.
//!
//! The functions themselves live in `common::functions`; this file evaluates and plots them.

use std::path::Path;

use common::functions::{identity_function, relu, sigmoid, step_function, tanh};
use common::plot::{LineChart, PlotError, Series, line_chart};
use ndarray::Array1;

// ANCHOR: x_grid
/// 1001 points from −5 to 5: the book's `np.arange(-5.0, 5.0, 0.1)`, ten times
/// finer, and with x = 0 exactly on the grid, so the step shows where it jumps.
pub fn x_grid() -> Array1<f64> {
    Array1::linspace(-5.0, 5.0, 1001)
}
// ANCHOR_END: x_grid

/// One activation function: its name, a short formula, the function, and the y range the
/// book plots it over.
pub struct Activation {
    /// File name (without `.svg`) and legend label.
    pub name: &'static str,
    /// Title of the figure.
    pub title: &'static str,
    /// The function, element-wise.
    pub f: fn(&Array1<f64>) -> Array1<f64>,
    /// The y range of the figure.
    pub y_range: (f64, f64),
}

/// The five activation functions of the chapter, in the book's order.
pub fn activations() -> [Activation; 5] {
    [
        Activation {
            name: "step",
            title: "Step function: h(x) = 1 if x > 0, else 0",
            f: |x| step_function(x),
            y_range: (-0.1, 1.1),
        },
        Activation {
            name: "sigmoid",
            title: "Sigmoid: h(x) = 1 / (1 + exp(−x))",
            f: |x| sigmoid(x),
            y_range: (-0.1, 1.1),
        },
        Activation { name: "relu", title: "ReLU: h(x) = max(0, x)", f: |x| relu(x), y_range: (-1.0, 5.5) },
        Activation {
            name: "tanh",
            title: "tanh: h(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)",
            f: |x| tanh(x),
            y_range: (-1.2, 1.2),
        },
        Activation {
            name: "identity",
            title: "Identity: identity(x) = x",
            f: |x| identity_function(x),
            y_range: (-5.5, 5.5),
        },
    ]
}

fn curve(label: &str, x: &Array1<f64>, y: &Array1<f64>) -> Series {
    Series::new(label, x.iter().copied().zip(y.iter().copied()).collect())
}

/// Writes `<name>.svg` for each activation function and `step_vs_sigmoid.svg`, into `dir`.
/// Returns the files written.
pub fn write_figures(dir: &Path) -> Result<Vec<std::path::PathBuf>, PlotError> {
    let x = x_grid();
    let mut written = Vec::new();
    for a in activations() {
        let path = dir.join(format!("{}.svg", a.name));
        let chart = LineChart {
            title: a.title.into(),
            x_label: "x".into(),
            // h is a hidden layer's function; the identity is the output layer's (σ is the
            // sigmoid, book-wide).
            y_label: if a.name == "identity" { "identity(x)" } else { "h(x)" }.into(),
            series: vec![curve("", &x, &(a.f)(&x))],
            x_range: Some((-5.0, 5.0)),
            y_range: Some(a.y_range),
            size: Some((520, 340)),
            ..Default::default()
        };
        line_chart(&path, &chart)?;
        written.push(path);
    }
    let path = dir.join("step_vs_sigmoid.svg");
    let chart = LineChart {
        title: "Step function and sigmoid".into(),
        x_label: "x".into(),
        y_label: "h(x)".into(),
        series: vec![curve("sigmoid", &x, &sigmoid(&x)), curve("step", &x, &step_function(&x)).dashed()],
        x_range: Some((-5.0, 5.0)),
        y_range: Some((-0.1, 1.3)), // room for the legend above the curves
        size: Some((640, 400)),
        ..Default::default()
    };
    line_chart(&path, &chart)?;
    written.push(path);
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_holds_zero_so_the_step_jumps_exactly_there() {
        let x = x_grid();
        assert_eq!(x[500], 0.0);
        let y = step_function(&x);
        assert_eq!((y[500], y[501]), (0.0, 1.0));
    }

    #[test]
    fn figures_are_written_for_every_function() {
        let tmp = tempfile::tempdir().unwrap();
        let files = write_figures(tmp.path()).unwrap();
        assert_eq!(files.len(), 6);
        assert!(files.iter().all(|f| f.exists()));
    }
}
