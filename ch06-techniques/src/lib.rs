//! Chapter 6: the techniques that make a deep network train well.
//!
//! - [`paths`]: six update rules walking down f(x, y) = x²/20 + y² (§6.1);
//! - [`loss_curves`]: the update rules, and three initial weight scales, on MNIST
//!   (§6.1.8, §6.2.4);
//! - [`histograms`]: how the initial weights shape the activations of five layers (§6.2);
//! - [`batch_norm`]: training with and without batch normalisation over 16 weight
//!   scales (§6.3); [`batch_norm_graph`]: the layer as a computational graph, with numbers;
//! - [`overfit`]: overfitting 300 images, and weight decay and dropout against it (§6.4);
//!   [`dropout_figure`]: a network with the units dropout switches off;
//! - [`hyperparameter`]: random search for the learning rate and weight decay on
//!   validation data (§6.5);
//! - [`exercises`]: AdaDelta, AMSGrad, where batch normalisation goes, folding batch normalisation.
//!
//! The networks, layers, optimizers and trainer are in `common`; this crate runs the
//! chapter's experiments with them.

pub mod batch_norm;
pub mod batch_norm_graph;
pub mod dropout_figure;
pub mod exercises;
pub mod histograms;
pub mod hyperparameter;
pub mod loss_curves;
pub mod overfit;
pub mod par;
pub mod paths;
