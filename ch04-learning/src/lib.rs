//! Chapter 4: learning from data.
//!
//! A network learns by making a loss small: it measures how wrong it is on training data
//! ([`loss`]), finds out which way each weight should move by differentiating that loss
//! numerically ([`diff`], [`descent`]), and steps downhill, over and over, on small random
//! batches (the book's loop, [`common::train_loop`]). [`simple_net`] is the smallest such
//! network; [`two_layer_net`] is the book's 784→50→10 digit classifier; [`classify2d`]
//! watches a small network carve up the plane as it learns.

pub mod accuracy_vs_loss;
pub mod classify2d;
pub mod descent;
pub mod diff;
pub mod exercises;
pub mod loss;
pub mod simple_net;
pub mod two_layer_net;

pub use simple_net::SimpleNet;
pub use two_layer_net::{Params, TwoLayerNet};
