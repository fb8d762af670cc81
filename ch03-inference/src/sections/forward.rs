//! 3.3 Multi-dimensional arrays and 3.4 the three-layer network.

use std::path::Path;

use anyhow::Result;
use ch03_inference::numpy_print::{matrix, shape, vector};
use ch03_inference::{arrays, network_figure, three_layer};
use common::files::shown;
use common::linalg::matmul;
use ndarray::{arr1, arr2};

/// Prints sections 3.3 and 3.4 and writes the toy network's figure into `figures`.
pub fn run(figures: &Path) -> Result<()> {
    println!("== 3.3 Multi-dimensional arrays ==");
    let a = arr1(&[1.0, 2.0, 3.0, 4.0]);
    println!("A = {}  ndim {}  shape {}", vector(a.view()), a.ndim(), shape(a.shape()));
    let b = arr2(&[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    println!("B =\n{}\nndim {}  shape {}", matrix(b.view()), b.ndim(), shape(b.shape()));
    let a = arr2(&[[1.0, 2.0], [3.0, 4.0]]);
    let b = arr2(&[[5.0, 6.0], [7.0, 8.0]]);
    println!("A (2, 2) · B (2, 2) =\n{}", matrix(matmul(a.view(), b.view()).view()));
    let a = arr2(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    let b = arr2(&[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    println!("A (2, 3) · B (3, 2) =\n{}", matrix(matmul(a.view(), b.view()).view()));
    let c = arr2(&[[1.0, 2.0], [3.0, 4.0]]);
    if let Err(message) = arrays::check_shapes(a.shape(), c.shape()) {
        println!("A (2, 3) · C (2, 2): {message}");
    }
    let a = arr2(&[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    let b = arr1(&[7.0, 8.0]);
    println!(
        "A (3, 2) · B (2,) = {}",
        vector(matmul(a.view(), b.view().insert_axis(ndarray::Axis(1))).column(0))
    );
    let x = arr1(&[1.0, 2.0]);
    let w = arr2(&[[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]);
    println!(
        "a network without bias or activation: X (2,) · W (2, 3) = Y {}",
        vector(arrays::dot(x.view(), w.view()).view())
    );
    println!();

    println!("== 3.4 A three-layer neural network ==");
    let network = three_layer::init_network();
    let x = arr1(&[1.0, 0.5]);
    println!(
        "layer 1: W1 {}  X {}  B1 {}",
        shape(network.w1.shape()),
        shape(x.shape()),
        shape(network.b1.shape())
    );
    let (a1, z1) = three_layer::layer_one(&network, x.view());
    println!("A1 = X·W1 + B1 = {}", vector(a1.view()));
    println!("Z1 = sigmoid(A1) = {}", vector(z1.view()));
    println!(
        "layer 2: Z1 {}  W2 {}  B2 {}",
        shape(z1.shape()),
        shape(network.w2.shape()),
        shape(network.b2.shape())
    );
    println!(
        "layer 3: Z2 (2,)  W3 {}  B3 {}, identity output",
        shape(network.w3.shape()),
        shape(network.b3.shape())
    );
    let y = three_layer::forward(&network, x.view());
    println!("forward(network, x) = {}", vector(y.view()));
    let (w, b) = three_layer::collapse_linear(&network);
    let linear = three_layer::forward_linear(&network, x.view());
    let one_layer = arrays::dot(x.view(), w.view()) + &b;
    println!("with the identity in the hidden layers, the three layers are one:");
    let prefix = "  W = W1·W2·W3 = ";
    let indent = format!("\n{}", " ".repeat(prefix.chars().count()));
    println!("{prefix}{}", matrix(w.view()).replace('\n', &indent));
    println!("  b = b1·W2·W3 + b2·W3 + b3 = {}", vector(b.view()));
    println!("  three linear layers: {}", vector(linear.view()));
    println!("  one layer x·W + b:   {}", vector(one_layer.view()));
    let figure = figures.join("three_layer_network.svg");
    network_figure::three_layer_figure(&figure)?;
    println!("figure: {}", shown(&figure));
    println!();
    Ok(())
}
