//! The two simplest nodes of a computational graph, on plain numbers (the book's
//! `layer_naive.py`): multiply and add, each with a forward and a backward pass.

// ANCHOR: mul_layer
/// A multiplication node: out = x·y.
///
/// forward:  out = x·y
/// backward: dx = dout·y, dy = dout·x (each input gets the upstream gradient times the
///           *other* input, so the node keeps both inputs from the forward pass)
#[derive(Debug, Default, Clone)]
pub struct MulLayer {
    x: f64,
    y: f64,
}

impl MulLayer {
    /// A new multiplication node.
    pub fn new() -> Self {
        Self::default()
    }

    /// out = x·y; remembers x and y for the backward pass.
    pub fn forward(&mut self, x: f64, y: f64) -> f64 {
        self.x = x;
        self.y = y;
        x * y
    }

    /// (∂L/∂x, ∂L/∂y) from ∂L/∂out: the inputs swapped, times dout.
    pub fn backward(&self, dout: f64) -> (f64, f64) {
        let dx = dout * self.y;
        let dy = dout * self.x;
        (dx, dy)
    }
}
// ANCHOR_END: mul_layer

// ANCHOR: add_layer
/// An addition node: out = x + y.
///
/// forward:  out = x + y
/// backward: dx = dout·1, dy = dout·1 (the gradient passes through unchanged, to both inputs;
///           nothing needs remembering)
#[derive(Debug, Default, Clone)]
pub struct AddLayer;

impl AddLayer {
    /// A new addition node.
    pub fn new() -> Self {
        AddLayer
    }

    /// out = x + y.
    pub fn forward(&mut self, x: f64, y: f64) -> f64 {
        x + y
    }

    /// (∂L/∂x, ∂L/∂y) from ∂L/∂out: both are dout.
    pub fn backward(&self, dout: f64) -> (f64, f64) {
        let dx = dout * 1.0;
        let dy = dout * 1.0;
        (dx, dy)
    }
}
// ANCHOR_END: add_layer

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul_layer_backward_swaps_the_inputs() {
        let mut mul = MulLayer::new();
        assert_eq!(mul.forward(3.0, 5.0), 15.0);
        assert_eq!(mul.backward(2.0), (10.0, 6.0));
    }

    #[test]
    fn add_layer_backward_passes_the_gradient_through() {
        let mut add = AddLayer::new();
        assert_eq!(add.forward(3.0, 5.0), 8.0);
        assert_eq!(add.backward(2.0), (2.0, 2.0));
    }

    #[test]
    fn mul_layer_backward_matches_the_numerical_slopes() {
        let (x, y, h) = (1.7, -0.3, 1e-4);
        let (dx, dy) = {
            let mut mul = MulLayer::new();
            mul.forward(x, y);
            mul.backward(1.0)
        };
        let f = |x: f64, y: f64| MulLayer::new().forward(x, y);
        assert!((dx - (f(x + h, y) - f(x - h, y)) / (2.0 * h)).abs() < 1e-10);
        assert!((dy - (f(x, y + h) - f(x, y - h)) / (2.0 * h)).abs() < 1e-10);
    }
}
