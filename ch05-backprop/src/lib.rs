//! Chapter 5: backpropagation.
//!
//! - [`layer_naive`]: the multiply and add nodes, on plain numbers;
//! - [`buy`]: the apple (and orange) shopping graph, forward and backward;
//! - [`buy_figures`], [`concept_figures`]: those graphs (and the chain rule's and the
//!   sigmoid's) drawn with their numbers or symbols, by [`common::plot::graph`];
//! - [`softmax_loss_graph`]: the Softmax-with-Loss layer as a graph of its nodes, forward and
//!   backward, and its figure;
//! - [`two_layer_net`]: the 784→50→10 network built from `common::layers`;
//! - [`gradient_check`]: backprop against numerical gradients;
//! - [`train`]: the network trained with backprop gradients, by the training loop every
//!   chapter shares ([`common::train_loop`]), and its figures;
//! - [`speedup`]: how much faster backprop is than numerical differentiation;
//! - [`exercises`]: the chapter's exercises.
//!
//! The layers themselves (Relu, Sigmoid, Affine, SoftmaxWithLoss) live in
//! [`common::layers`], since chapters 6 and 7 use them too.

pub mod buy;
pub mod buy_figures;
pub mod concept_figures;
pub mod exercises;
pub mod gradient_check;
pub mod layer_naive;
pub mod softmax_loss_graph;
pub mod speedup;
pub mod train;
pub mod two_layer_net;

pub use layer_naive::{AddLayer, MulLayer};
pub use two_layer_net::TwoLayerNet;
