//! The activation between two affine layers, picked by name.

use ndarray::ArrayD;

use crate::Float;
use crate::layers::{Layer, Relu, Sigmoid, Tanh};

/// Which activation a hidden layer uses (the book's `activation='relu'`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Activation {
    /// max(0, x): pair it with He initial weights.
    #[default]
    Relu,
    /// 1/(1 + e⁻ˣ): pair it with Xavier initial weights.
    Sigmoid,
    /// tanh x: like sigmoid but centred on 0; Xavier too.
    Tanh,
}

impl Activation {
    /// A fresh layer of this kind.
    pub fn layer<F: Float>(self) -> ActivationLayer<F> {
        match self {
            Activation::Relu => ActivationLayer::Relu(Relu::new()),
            Activation::Sigmoid => ActivationLayer::Sigmoid(Sigmoid::new()),
            Activation::Tanh => ActivationLayer::Tanh(Tanh::new()),
        }
    }

    /// The function itself, on one number (for experiments that need no backward pass).
    pub fn apply(self, x: f64) -> f64 {
        match self {
            Activation::Relu => x.max(0.0),
            Activation::Sigmoid => 1.0 / (1.0 + (-x).exp()),
            Activation::Tanh => x.tanh(),
        }
    }
}

impl std::fmt::Display for Activation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Activation::Relu => "ReLU",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
        })
    }
}

/// An activation name that is not relu, sigmoid or tanh.
#[derive(Debug, thiserror::Error)]
#[error("unknown activation '{0}': expected relu, sigmoid or tanh")]
pub struct UnknownActivation(pub String);

impl std::str::FromStr for Activation {
    type Err = UnknownActivation;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "relu" => Ok(Activation::Relu),
            "sigmoid" => Ok(Activation::Sigmoid),
            "tanh" => Ok(Activation::Tanh),
            _ => Err(UnknownActivation(s.to_string())),
        }
    }
}

/// One activation layer of any of the three kinds (an enum rather than a `Box<dyn Layer>`,
/// so a network stays a plain value that can move between threads).
#[derive(Debug, Clone)]
pub enum ActivationLayer<F> {
    /// ReLU.
    Relu(Relu<F>),
    /// Sigmoid.
    Sigmoid(Sigmoid<F>),
    /// tanh.
    Tanh(Tanh<F>),
}

impl<F: Float> Layer<F> for ActivationLayer<F> {
    fn forward(&mut self, x: &ArrayD<F>, train: bool) -> ArrayD<F> {
        match self {
            ActivationLayer::Relu(l) => l.forward(x, train),
            ActivationLayer::Sigmoid(l) => l.forward(x, train),
            ActivationLayer::Tanh(l) => l.forward(x, train),
        }
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        match self {
            ActivationLayer::Relu(l) => l.backward(dout),
            ActivationLayer::Sigmoid(l) => l.backward(dout),
            ActivationLayer::Tanh(l) => l.backward(dout),
        }
    }
}
