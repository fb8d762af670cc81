//! 3.4 A three-layer neural network, by hand: two inputs, hidden layers of 3 and 2 neurons
//! with sigmoid, two outputs with the identity. The weights are the book's toy numbers.
//!
//! Each layer is a = x·W + b followed by an activation: with the book's notation, the first
//! hidden neuron computes a₁⁽¹⁾ = w₁₁⁽¹⁾x₁ + w₁₂⁽¹⁾x₂ + b₁⁽¹⁾, and the whole layer at once is
//! A⁽¹⁾ = X·W⁽¹⁾ + B⁽¹⁾.

use common::functions::{identity_function, sigmoid};
use ndarray::{Array1, Array2, ArrayView1, arr1, arr2};

use common::linalg::matmul;

use crate::arrays::dot;

// ANCHOR: toy_network
/// The book's `network` dictionary: three weight matrices and three bias vectors.
#[derive(Debug, Clone)]
pub struct ToyNetwork {
    pub w1: Array2<f64>, // (2, 3)
    pub b1: Array1<f64>, // (3,)
    pub w2: Array2<f64>, // (3, 2)
    pub b2: Array1<f64>, // (2,)
    pub w3: Array2<f64>, // (2, 2)
    pub b3: Array1<f64>, // (2,)
}
// ANCHOR_END: toy_network

// ANCHOR: init_network
/// The book's weights and biases, written out.
pub fn init_network() -> ToyNetwork {
    ToyNetwork {
        w1: arr2(&[[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
        b1: arr1(&[0.1, 0.2, 0.3]),
        w2: arr2(&[[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
        b2: arr1(&[0.1, 0.2]),
        w3: arr2(&[[0.1, 0.3], [0.2, 0.4]]),
        b3: arr1(&[0.1, 0.2]),
    }
}
// ANCHOR_END: init_network

// ANCHOR: forward
/// Input to output: three times "weighted sum plus bias, then activation".
pub fn forward(network: &ToyNetwork, x: ArrayView1<'_, f64>) -> Array1<f64> {
    let (w1, w2, w3) = (network.w1.view(), network.w2.view(), network.w3.view());
    let (b1, b2, b3) = (&network.b1, &network.b2, &network.b3);
    let a1 = dot(x, w1) + b1; // (2,)·(2, 3) + (3,) → (3,)
    let z1 = sigmoid(&a1);
    let a2 = dot(z1.view(), w2) + b2; // (3,)·(3, 2) + (2,) → (2,)
    let z2 = sigmoid(&a2);
    let a3 = dot(z2.view(), w3) + b3; // (2,)·(2, 2) + (2,) → (2,)
    identity_function(&a3)
}
// ANCHOR_END: forward

// ANCHOR: layer_one
/// The first layer alone, as the book computes it step by step:
/// A1 = X·W1 + B1, Z1 = h(A1). Returns (A1, Z1).
pub fn layer_one(network: &ToyNetwork, x: ArrayView1<'_, f64>) -> (Array1<f64>, Array1<f64>) {
    let a1 = dot(x, network.w1.view()) + &network.b1;
    let z1 = sigmoid(&a1);
    (a1, z1)
}
// ANCHOR_END: layer_one

// ANCHOR: collapse
/// Why the hidden layers need a non-linear activation: with the identity instead
/// of sigmoid, the three layers are one.
/// y = ((x·W1 + b1)·W2 + b2)·W3 + b3 = x·W + b
/// with W = W1·W2·W3 and b = b1·W2·W3 + b2·W3 + b3. Returns (W, b).
pub fn collapse_linear(network: &ToyNetwork) -> (Array2<f64>, Array1<f64>) {
    let w23 = matmul(network.w2.view(), network.w3.view()); // (3, 2)
    let w = matmul(network.w1.view(), w23.view()); // (2, 2)
    let b1_part = dot(network.b1.view(), w23.view()); // b1·W2·W3
    let b2_part = dot(network.b2.view(), network.w3.view()); // b2·W3
    let b = b1_part + b2_part + &network.b3;
    (w, b)
}

/// The toy network with the identity in the hidden layers too: nothing but
/// matrix products and sums.
pub fn forward_linear(network: &ToyNetwork, x: ArrayView1<'_, f64>) -> Array1<f64> {
    let a1 = dot(x, network.w1.view()) + &network.b1;
    let a2 = dot(a1.view(), network.w2.view()) + &network.b2;
    dot(a2.view(), network.w3.view()) + &network.b3
}
// ANCHOR_END: collapse

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn the_toy_network_gives_the_books_output() {
        let y = forward(&init_network(), arr1(&[1.0, 0.5]).view());
        assert_abs_diff_eq!(y, arr1(&[0.31682708, 0.69627909]), epsilon = 5e-9);
        assert_eq!(crate::numpy_print::vector(y.view()), "[0.31682708 0.69627909]");
    }

    #[test]
    fn the_first_layer_gives_the_books_a1_and_z1() {
        let (a1, z1) = layer_one(&init_network(), arr1(&[1.0, 0.5]).view());
        assert_abs_diff_eq!(a1, arr1(&[0.3, 0.7, 1.1]), epsilon = 1e-12);
        assert_abs_diff_eq!(z1, arr1(&[0.57444252, 0.66818777, 0.75026011]), epsilon = 5e-9);
    }

    #[test]
    fn without_a_non_linear_activation_three_layers_collapse_into_one() {
        let network = init_network();
        let (w, b) = collapse_linear(&network);
        for x in [arr1(&[1.0, 0.5]), arr1(&[-2.0, 3.0])] {
            let one_layer = dot(x.view(), w.view()) + &b;
            assert_abs_diff_eq!(forward_linear(&network, x.view()), one_layer, epsilon = 1e-12);
        }
    }
}
