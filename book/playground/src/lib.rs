//! The book's playground: train a small network on points in the plane, and classify a digit
//! drawn by hand, in the reader's browser.
//!
//! Nothing is re-implemented for the browser: the networks are `common`'s
//! [`MultiLayerNet`](common::multi_layer_net::MultiLayerNet), its layers and its optimizers,
//! compiled to WebAssembly (`book/playground/build.sh`). This crate adds only what a page
//! needs around them:
//!
//! - [`settings`]: the page's settings, read from text and checked;
//! - [`session`]: one training run on 2-D points, a step at a time;
//! - [`digits`]: MNIST-style preparation of a drawing, and the networks of chapters 3 and 7
//!   rebuilt from `common::layers` with their shipped weights;
//! - [`ffi`]: the `extern "C"` functions the page's JavaScript calls.

pub mod digits;
pub mod ffi;
pub mod session;
pub mod settings;
