//! §6.2.2–6.2.3: the distribution of the activations of five layers, for several
//! activation functions and initial weight scales (the book's
//! `weight_init_activation_histogram.py`).
//!
//! 1000 examples of 100 Gaussian inputs go through 5 layers of 100 units (no biases, no
//! training). If the activations crowd at the ends (0 and 1 for sigmoid), the gradients
//! vanish; if they crowd in one place, every unit says the same thing and the layer has
//! lost its expressiveness. A good initial scale keeps them spread, layer after layer.

use std::path::Path;

use anyhow::Result;
use common::Layer;
use common::init::WeightInit;
use common::layers::BatchNormalization;
use common::linalg::matmul;
use common::multi_layer_net::Activation;
use common::plot::{Histogram, HistogramRow, histogram_row};
use common::rng::seeded;
use ndarray::Array2;

/// One setting of the experiment: an activation and an initial weight scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setting {
    /// The activation of every layer.
    pub activation: Activation,
    /// The initial weights.
    pub init: WeightInit,
    /// Batch normalisation (training mode, γ = 1, β = 0) between each product and its
    /// activation.
    pub batch_norm: bool,
}

const fn setting(activation: Activation, init: WeightInit, batch_norm: bool) -> Setting {
    Setting { activation, init, batch_norm }
}

/// The book's settings (sigmoid with std 1, std 0.01 and Xavier; ReLU with std 0.01,
/// Xavier and He), tanh with Xavier, and two bad scales rescued by batch normalisation.
pub const SETTINGS: [Setting; 9] = [
    setting(Activation::Sigmoid, WeightInit::Std(1.0), false),
    setting(Activation::Sigmoid, WeightInit::Std(0.01), false),
    setting(Activation::Sigmoid, WeightInit::Xavier, false),
    setting(Activation::Tanh, WeightInit::Xavier, false),
    setting(Activation::Relu, WeightInit::Std(0.01), false),
    setting(Activation::Relu, WeightInit::Xavier, false),
    setting(Activation::Relu, WeightInit::He, false),
    setting(Activation::Sigmoid, WeightInit::Std(1.0), true),
    setting(Activation::Relu, WeightInit::Std(0.01), true),
];

/// Units per layer and number of layers.
pub const NODE_NUM: usize = 100;
/// Number of layers.
pub const HIDDEN_LAYER_SIZE: usize = 5;

// ANCHOR: activations
/// The activations of each of the 5 layers for 1000 Gaussian inputs: z = h(x·W), with W
/// (100, 100) drawn afresh for each layer (and, with batch normalisation, z = h(BN(x·W))).
pub fn activations(setting: Setting, seed: u64) -> Vec<Array2<f64>> {
    let mut rng = seeded(seed);
    let mut x: Array2<f64> =
        common::init::gaussian(&[1000, NODE_NUM], 1.0, &mut rng).into_dimensionality().expect("drawn 2-D");
    let mut layers = Vec::with_capacity(HIDDEN_LAYER_SIZE);
    for _ in 0..HIDDEN_LAYER_SIZE {
        let w: Array2<f64> = setting
            .init
            .sample(&[NODE_NUM, NODE_NUM], NODE_NUM, &mut rng)
            .into_dimensionality()
            .expect("drawn 2-D");
        let mut a = matmul(x.view(), w.view()).into_dyn();
        if setting.batch_norm {
            a = BatchNormalization::new(NODE_NUM).forward(&a, true);
        }
        let z: Array2<f64> = a.mapv(|v| setting.activation.apply(v)).into_dimensionality().expect("2-D");
        layers.push(z.clone());
        x = z;
    }
    layers
}
// ANCHOR_END: activations

/// A file name for a setting: `activations-sigmoid-std-1.svg`.
pub fn file_name(setting: Setting) -> String {
    let init = match setting.init {
        WeightInit::Std(std) => format!("std-{std}"),
        WeightInit::Xavier => "xavier".into(),
        WeightInit::He => "he".into(),
    };
    let bn = if setting.batch_norm { "-bn" } else { "" };
    format!("activations-{}-{init}{bn}.svg", setting.activation.to_string().to_lowercase())
}

/// Mean and standard deviation of all values (ndarray's own `mean` and `std`).
pub fn mean_std(a: &Array2<f64>) -> (f64, f64) {
    (a.mean().unwrap_or(0.0), a.std(0.0))
}

/// How a setting is named in the printout: `sigmoid Xavier`, `ReLU std=0.01 + BN`.
pub fn name(setting: Setting) -> String {
    format!("{} {}{}", setting.activation, setting.init, if setting.batch_norm { " + BN" } else { "" })
}

/// One line on what the distribution means for learning.
pub fn diagnose(setting: Setting, layers: &[Array2<f64>]) -> String {
    let last = layers.last().expect("five layers");
    let share = |f: &dyn Fn(f64) -> bool| last.iter().filter(|&&v| f(v)).count() as f64 / last.len() as f64;
    let (mean, std) = mean_std(last);
    match setting.activation {
        Activation::Sigmoid | Activation::Tanh => {
            let low = if setting.activation == Activation::Sigmoid { 0.0 } else { -1.0 };
            let saturated = share(&|v| v < low + 0.02 || v > 0.98);
            if saturated > 0.3 {
                format!("{:.0}% of layer 5 at the ends: gradients vanish", 100.0 * saturated)
            } else if std < 0.05 {
                format!("all near {mean:.2} (std {std:.3}): little expressiveness")
            } else {
                "spread out: good".into()
            }
        }
        Activation::Relu => {
            let first = mean_std(&layers[0]).1;
            if std < 1e-3 {
                format!("all near 0 (std {std:.1e}): activations and gradients vanish")
            } else if std < 0.5 * first {
                format!("shrinking layer by layer ({first:.2} → {std:.2})")
            } else {
                "the same spread in every layer: good".into()
            }
        }
    }
}

/// One row of five histograms: the activations of each layer.
pub fn draw(file: &Path, setting: Setting, layers: &[Array2<f64>]) -> Result<()> {
    let (range, y_max) = match setting.activation {
        Activation::Sigmoid => ((0.0, 1.0), None),
        Activation::Tanh => ((-1.0, 1.0), None),
        // As the book: bins over (0, 1) and the y axis cut at 7000, so the tall bar of
        // exact zeros (half of all ReLU outputs) does not flatten everything else.
        Activation::Relu => ((0.0, 1.0), Some(7000.0)),
    };
    let row = HistogramRow {
        title: format!(
            "{} activations, initial weights {}{}",
            setting.activation,
            setting.init,
            if setting.batch_norm { ", with batch normalisation" } else { "" }
        ),
        panels: layers
            .iter()
            .enumerate()
            .map(|(i, a)| Histogram {
                title: format!("{}-layer", i + 1),
                values: a.iter().copied().collect(),
            })
            .collect(),
        bins: 30,
        range,
        y_max,
        x_label: "activation".into(),
        panel_size: None, // five fill the book's column
    };
    histogram_row(file, &row)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn std_of(setting: Setting, layer: usize) -> f64 {
        mean_std(&activations(setting, 1)[layer]).1
    }

    #[test]
    fn sigmoid_with_std_1_saturates_and_with_std_0_01_collapses_to_one_half() {
        let big = activations(SETTINGS[0], 1);
        let ends = big[4].iter().filter(|&&v| !(0.05..=0.95).contains(&v)).count();
        assert!(ends > 50_000, "most of layer 5 near 0 or 1: {ends}");
        let (mean, std) = mean_std(&activations(SETTINGS[1], 1)[4]);
        assert!((mean - 0.5).abs() < 0.01 && std < 0.03, "all near 0.5: mean {mean}, std {std}");
    }

    #[test]
    fn relu_keeps_its_spread_with_he_and_loses_it_with_xavier() {
        let he = setting(Activation::Relu, WeightInit::He, false);
        let xavier = setting(Activation::Relu, WeightInit::Xavier, false);
        assert!(std_of(he, 4) > 0.6 * std_of(he, 0), "He keeps the scale");
        assert!(std_of(xavier, 4) < 0.4 * std_of(xavier, 0), "Xavier halves the variance each layer");
    }

    #[test]
    fn batch_normalisation_rescues_tiny_weights() {
        let bn = setting(Activation::Relu, WeightInit::Std(0.01), true);
        let plain = setting(Activation::Relu, WeightInit::Std(0.01), false);
        assert!(std_of(plain, 4) < 1e-4 && (std_of(bn, 4) - std_of(bn, 0)).abs() < 0.05, "{}", std_of(bn, 4));
    }

    #[test]
    fn file_names_are_plain() {
        assert_eq!(file_name(SETTINGS[1]), "activations-sigmoid-std-0.01.svg");
        assert_eq!(file_name(SETTINGS[6]), "activations-relu-he.svg");
        assert_eq!(file_name(SETTINGS[8]), "activations-relu-std-0.01-bn.svg");
    }
}
