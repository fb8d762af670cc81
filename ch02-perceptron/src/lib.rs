//! Chapter 2, "Perceptrons": the simplest artificial neuron, the logic gates it can compute, the
//! one it cannot (XOR), and how two layers of them get around that.
//!
//! - [`perceptron`]: the perceptron itself, y = 1 if w·x + b > 0 else 0;
//! - [`gates`]: AND, NAND and OR, first with a threshold θ, then with a bias b = −θ;
//! - [`xor`]: why no single perceptron computes XOR, and the two-layer one that does;
//! - [`universal`]: every gate from NAND alone — the first step toward a computer;
//! - [`learning`]: beyond the book, the perceptron learning rule that finds w and b by itself;
//! - [`figures`], [`diagrams`]: the chapter's figures and diagrams;
//! - [`exercises`]: the chapter's exercises.

pub mod diagrams;
pub mod exercises;
pub mod figures;
pub mod gates;
pub mod learning;
pub mod perceptron;
pub mod universal;
pub mod xor;

pub use perceptron::Perceptron;
