//! Chapter 7: convolutional networks.
//!
//! - [`simple_conv_net`]: the book's SimpleConvNet (conv → ReLU → pool → affine → ReLU →
//!   affine → softmax), built from `common::layers`, with its parameters in the book's layout;
//! - [`train`]: training it on MNIST with Adam (the book's `train_convnet.py`);
//! - [`evaluate`]: scoring given parameters (`--weights FILE.npz`) on the test set;
//! - [`gradient_check`]: backprop against numerical gradients on a small SimpleConvNet;
//! - [`convolution_figures`], [`pooling_figure`]: the sliding filter, padding and stride on
//!   the book's examples, a convolution as blocks, and max pooling, drawn from the layers;
//! - [`im2col_demo`]: im2col's shapes, a size that does not divide, and the im2col figure;
//! - [`filters`]: the learned filters and the feature maps they make;
//! - [`train_figures`], [`compose`]: the figures; [`report`]: the printed architecture;
//! - [`layer_diagram`]: the famous architectures and the residual block, drawn from their
//!   layer lists;
//! - [`exercises`]: the chapter's exercises.
//!
//! im2col/col2im and the convolution and pooling layers live in `common`
//! ([`common::im2col`], [`common::layers`]).

pub mod architecture_figures;
pub mod architectures;
pub mod compose;
pub mod convolution_figures;
pub mod evaluate;
pub mod exercises;
pub mod filters;
pub mod gradient_check;
pub mod im2col_demo;
pub mod layer_diagram;
pub mod pooling_figure;
pub mod report;
pub mod simple_conv_net;
pub mod train;
pub mod train_figures;

pub use evaluate::WeightsError;
pub use simple_conv_net::{ConvNetError, ConvParam, MemoryNeeds, Shapes, SimpleConvNet, SimpleConvNetConfig};
