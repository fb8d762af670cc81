//! Chapter 3, "Neural networks": from the perceptron to a network that reads handwritten
//! digits, forward only (inference). Learning the weights is chapter 4.
//!
//! One module per section of the chapter, in the book's order:
//! - [`activations`] (3.2): step, sigmoid, ReLU, tanh, identity, and their figures;
//! - [`arrays`] (3.3): the matrix product and its shape rule;
//! - [`three_layer`] (3.4): the book's toy three-layer network, by hand ([`network_figure`]
//!   draws it);
//! - [`output_layer`] (3.5): softmax, its overflow and the fix;
//! - [`neuralnet_mnist`] (3.6): MNIST inference with trained weights, one image at a time and
//!   in batches; [`digit_figures`] draws what it predicts;
//! - [`train`]: where the shipped weights come from;
//! - [`exercises`]: the chapter's exercises.

pub mod activations;
pub mod arrays;
pub mod digit_figures;
pub mod exercises;
pub mod network_figure;
pub mod neuralnet_mnist;
pub mod numpy_print;
pub mod output_layer;
pub mod three_layer;
pub mod train;
