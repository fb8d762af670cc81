//! What each layer does to the shape of its input, for the tables and diagrams of an
//! architecture: the output shape, the window it slides (for receptive fields) and how many
//! multiply-adds it takes. Kept apart from the layers' forward and backward passes, which are
//! the book's algorithm.

use super::{
    Affine, BatchNormalization, Convolution, Dropout, Layer, Pooling, Relu, Sigmoid, Subsampling, Tanh,
};
use crate::Float;
use crate::im2col::{ShapeError, Window};

/// What a layer does to one example of shape `input` (the batch axis N left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Geometry {
    /// The shape of the layer's output for one example: (C, H, W) or (D,).
    pub output: Vec<usize>,
    /// The window the layer slides over the image, if any: its size (FH = FW) and its stride.
    pub window: Option<(usize, usize)>,
    /// Whether every output sees the whole input (an affine layer).
    pub global: bool,
    /// Multiply-adds for one example: FN·C·FH·FW·OH·OW for a convolution, D·M for an affine
    /// layer (the book's Chinese edition calls the first 卷积次数); 0 for layers that only
    /// compare, add or apply a function to each value.
    pub multiply_adds: u64,
}

impl Geometry {
    /// A layer that keeps the shape and takes no multiply-adds (activations, dropout).
    pub fn same(input: &[usize]) -> Self {
        Geometry { output: input.to_vec(), window: None, global: false, multiply_adds: 0 }
    }
}

/// A layer that can say what it does to shapes.
pub trait Shaped {
    /// What the layer does to one example of shape `input` (N left out), or why it does not fit.
    fn geometry(&self, input: &[usize]) -> Result<Geometry, ShapeError>;
}

/// A layer with its shapes: what a [`crate::sequential::Sequential`] network is made of.
pub trait Block<F: Float>: Layer<F> + Shaped + Send {}

impl<F: Float, T: Layer<F> + Shaped + Send> Block<F> for T {}

/// The window of a sliding layer over one example (C, H, W), seen as a batch of one.
fn window_of(
    what: &str,
    input: &[usize],
    size: usize,
    stride: usize,
    pad: usize,
) -> Result<Window, ShapeError> {
    let shape: Vec<usize> = std::iter::once(1).chain(input.iter().copied()).collect();
    Window::new(what, &shape, size, size, stride, pad)
}

impl<F: Float> Shaped for Convolution<F> {
    fn geometry(&self, input: &[usize]) -> Result<Geometry, ShapeError> {
        let (fn_, c, fh, fw) = self.filter_shape();
        let shape: Vec<usize> = std::iter::once(1).chain(input.iter().copied()).collect();
        let [_, _, oh, ow] = self.output_shape(&shape)?;
        Ok(Geometry {
            output: vec![fn_, oh, ow],
            window: Some((fh, self.stride)),
            global: false,
            multiply_adds: (fn_ * c * fh * fw * oh * ow) as u64,
        })
    }
}

impl<F: Float> Shaped for Pooling<F> {
    fn geometry(&self, input: &[usize]) -> Result<Geometry, ShapeError> {
        let win = window_of("pooling", input, self.pool_h, self.stride, self.pad)?;
        Ok(Geometry {
            output: vec![win.c, win.oh, win.ow],
            window: Some((self.pool_h, self.stride)),
            global: false,
            multiply_adds: 0,
        })
    }
}

impl<F: Float> Shaped for Subsampling<F> {
    fn geometry(&self, input: &[usize]) -> Result<Geometry, ShapeError> {
        let win = window_of("subsampling", input, self.size, self.size, 0)?;
        let outputs = (win.c * win.oh * win.ow) as u64;
        // One multiply-add per output: the trainable coefficient times the window's mean.
        Ok(Geometry {
            output: vec![win.c, win.oh, win.ow],
            window: Some((self.size, self.size)),
            global: false,
            multiply_adds: outputs,
        })
    }
}

impl<F: Float> Shaped for Affine<F> {
    fn geometry(&self, input: &[usize]) -> Result<Geometry, ShapeError> {
        let d: usize = input.iter().product();
        if d != self.input_size() {
            return Err(ShapeError::WrongInput {
                what: "affine".into(),
                expected: format!("{} values per example (W's rows)", self.input_size()),
                found: input.to_vec(),
            });
        }
        let m = self.output_size();
        Ok(Geometry { output: vec![m], window: None, global: true, multiply_adds: (d * m) as u64 })
    }
}

impl<F: Float> Shaped for BatchNormalization<F> {
    fn geometry(&self, input: &[usize]) -> Result<Geometry, ShapeError> {
        let d: usize = input.iter().product();
        if d != self.features() {
            return Err(ShapeError::WrongInput {
                what: "batch normalisation".into(),
                expected: format!("{} features per example", self.features()),
                found: input.to_vec(),
            });
        }
        Ok(Geometry::same(input))
    }
}

macro_rules! same_shape {
    ($($layer:ident),*) => {$(
        impl<F: Float> Shaped for $layer<F> {
            fn geometry(&self, input: &[usize]) -> Result<Geometry, ShapeError> {
                Ok(Geometry::same(input))
            }
        }
    )*};
}
same_shape!(Relu, Sigmoid, Tanh, Dropout);

/// The receptive field of a stack of windows: how many input pixels (along one axis) one output
/// of the last layer sees, and how far apart in the input two neighbouring outputs are.
///
/// r ← r + (k − 1)·j,  j ← j·s   for each window of size k and stride s, from r = j = 1.
pub fn receptive_field(windows: impl IntoIterator<Item = (usize, usize)>) -> (usize, usize) {
    windows.into_iter().fold((1, 1), |(r, j), (k, s)| (r + (k - 1) * j, j * s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, Array2, Array4};

    #[test]
    fn a_convolution_says_its_output_shape_window_and_multiply_adds() {
        let conv = Convolution::<f32>::new(Array4::zeros((30, 1, 5, 5)), Array1::zeros(30), 1, 0);
        let g = conv.geometry(&[1, 28, 28]).unwrap();
        assert_eq!(g.output, vec![30, 24, 24]);
        assert_eq!(g.window, Some((5, 1)));
        assert_eq!(g.multiply_adds, 30 * 25 * 24 * 24);
        assert!(conv.geometry(&[1, 28, 29]).is_ok());
        assert!(matches!(conv.geometry(&[3, 28, 28]), Err(ShapeError::WrongInput { .. })));
    }

    #[test]
    fn pooling_affine_and_activations_have_their_shapes() {
        let pool = Pooling::<f32>::new(2, 2, 2, 0);
        assert_eq!(pool.geometry(&[30, 24, 24]).unwrap().output, vec![30, 12, 12]);
        assert!(pool.geometry(&[30, 25, 25]).is_err());
        let affine = Affine::<f32>::new(Array2::zeros((4320, 100)), Array1::zeros(100));
        let g = affine.geometry(&[30, 12, 12]).unwrap();
        assert_eq!((g.output, g.global, g.multiply_adds), (vec![100], true, 432_000));
        assert!(affine.geometry(&[30, 12, 13]).is_err());
        assert_eq!(Relu::<f32>::new().geometry(&[5, 3]).unwrap(), Geometry::same(&[5, 3]));
    }

    #[test]
    fn three_stacked_3x3_convolutions_see_what_one_7x7_sees() {
        assert_eq!(receptive_field([(3, 1), (3, 1), (3, 1)]), (7, 1));
        assert_eq!(receptive_field([(7, 1)]), (7, 1));
        // A stride multiplies what every later window sees: 2×2 pooling, then a 3×3 convolution.
        assert_eq!(receptive_field([(3, 1), (2, 2), (3, 1)]), (8, 2));
        assert_eq!(receptive_field([]), (1, 1));
    }
}
