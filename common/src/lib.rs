//! What the chapters share: the Python book's `common/` and `dataset/`, in Rust.
//!
//! - [`functions`]: activations and losses;
//! - [`gradient`]: numerical differentiation;
//! - [`layers`]: the layers of chapters 5–7, each with forward and backward;
//! - [`optimizer`]: update rules;
//! - [`net`]: what a trainable network offers;
//! - [`data`]: MNIST and friends;
//! - [`params`]: parameters and their `.npz` files;
//! - [`plot`]: the figures of the book, as SVG.

#[cfg(feature = "cli")]
pub mod cli;
pub mod data;
pub mod files;
pub mod float;
pub mod functions;
pub mod gradient;
pub mod im2col;
pub mod init;
pub mod kernels;
pub mod layers;
pub mod linalg;
pub mod memory;
pub mod multi_layer_net;
pub mod net;
pub mod optimizer;
pub mod params;
#[cfg(feature = "plot")]
pub mod plot;
pub mod progress;
pub mod rng;
pub mod sequential;
pub mod startup;
pub mod targets;
pub mod train_loop;
pub mod trainer;

pub use float::Float;
pub use layers::{Layer, Param};
pub use net::Net;
pub use targets::{OwnedTargets, Targets};
