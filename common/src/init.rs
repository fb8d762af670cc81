//! Initial values for weights.
//!
//! Weights start as Gaussian noise; the only question is its standard deviation. Too large
//! and sigmoid outputs pile up at 0 and 1 (gradients vanish); too small and every unit
//! outputs nearly the same value (the layer might as well have one unit). Scaling by the
//! number of inputs of the layer, its fan-in n, keeps the spread of the activations the
//! same from layer to layer:
//! - Xavier (Glorot & Bengio, 2010), for sigmoid and tanh: std = 1/√n;
//! - He (He et al., 2015), for ReLU, which zeroes half its inputs: std = √(2/n).

use ndarray::{ArrayD, IxDyn};
use rand::Rng;
use rand_distr::StandardNormal;

use crate::Float;

// ANCHOR: gaussian
/// An array of the given shape filled with samples of N(0, std²): the book's
/// `std * np.random.randn(*shape)`.
pub fn gaussian<F: Float>(shape: &[usize], std: f64, rng: &mut impl Rng) -> ArrayD<F> {
    ArrayD::from_shape_simple_fn(IxDyn(shape), || F::lit(std * rng.sample::<f64, _>(StandardNormal)))
}
// ANCHOR_END: gaussian

// ANCHOR: weight_init
/// How to scale a layer's initial weights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WeightInit {
    /// A fixed standard deviation, the same for every layer (the book's `weight_init_std=0.01`).
    Std(f64),
    /// Xavier: std = 1/√n, n = the layer's number of inputs. For sigmoid and tanh.
    Xavier,
    /// He: std = √(2/n). For ReLU.
    He,
}

impl WeightInit {
    /// The standard deviation for a layer with `fan_in` inputs.
    pub fn std(self, fan_in: usize) -> f64 {
        let n = fan_in.max(1) as f64;
        match self {
            WeightInit::Std(std) => std,
            WeightInit::Xavier => (1.0 / n).sqrt(),
            WeightInit::He => (2.0 / n).sqrt(),
        }
    }

    /// Weights of the given shape with `fan_in` inputs, drawn from N(0, std(fan_in)²).
    pub fn sample<F: Float>(self, shape: &[usize], fan_in: usize, rng: &mut impl Rng) -> ArrayD<F> {
        gaussian(shape, self.std(fan_in), rng)
    }
}
// ANCHOR_END: weight_init

/// Xavier weights for an affine layer (in, out): std = 1/√in.
pub fn xavier<F: Float>(fan_in: usize, fan_out: usize, rng: &mut impl Rng) -> ArrayD<F> {
    WeightInit::Xavier.sample(&[fan_in, fan_out], fan_in, rng)
}

/// He weights for an affine layer (in, out): std = √(2/in).
pub fn he<F: Float>(fan_in: usize, fan_out: usize, rng: &mut impl Rng) -> ArrayD<F> {
    WeightInit::He.sample(&[fan_in, fan_out], fan_in, rng)
}

impl std::fmt::Display for WeightInit {
    /// The book's legend labels: "std=0.01", "Xavier", "He".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WeightInit::Std(std) => write!(f, "std={std}"),
            WeightInit::Xavier => f.write_str("Xavier"),
            WeightInit::He => f.write_str("He"),
        }
    }
}

/// A weight initialisation that could not be read.
#[derive(Debug, thiserror::Error)]
#[error(
    "unknown weight initialisation '{0}': expected 'std 0.01' (any positive number), 'xavier' \
     (or 'sigmoid') or 'he' (or 'relu')"
)]
pub struct BadWeightInit(pub String);

impl std::str::FromStr for WeightInit {
    type Err = BadWeightInit;

    /// Reads "xavier" or "sigmoid" (the book's `weight_init_std='sigmoid'`), "he" or "relu",
    /// and a fixed std as "std 0.01", "std=0.01" or just "0.01".
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        match lower.as_str() {
            "xavier" | "sigmoid" | "tanh" => return Ok(WeightInit::Xavier),
            "he" | "relu" => return Ok(WeightInit::He),
            _ => {}
        }
        let number = lower.strip_prefix("std").unwrap_or(&lower).trim_start_matches([' ', '=', ':']).trim();
        match number.parse::<f64>() {
            Ok(std) if std.is_finite() && std >= 0.0 => Ok(WeightInit::Std(std)),
            _ => Err(BadWeightInit(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::seeded;

    #[test]
    fn xavier_and_he_scale_with_the_number_of_inputs() {
        assert_eq!(WeightInit::Xavier.std(100), 0.1);
        assert!((WeightInit::He.std(100) - 0.141_421_356).abs() < 1e-9, "He is √(2/n), not 2/√n = 0.2");
        assert_eq!(WeightInit::Std(0.01).std(784), 0.01);
        let w: ArrayD<f64> = he(400, 300, &mut seeded(0));
        let std = (w.mapv(|v| v * v).mean().unwrap()).sqrt();
        assert!((std - (2.0f64 / 400.0).sqrt()).abs() < 0.002, "sample std {std}");
    }

    #[test]
    fn weight_init_reads_the_books_spellings() {
        for (text, init) in [
            ("std 0.01", WeightInit::Std(0.01)),
            ("std=1", WeightInit::Std(1.0)),
            ("0.05", WeightInit::Std(0.05)),
            ("Xavier", WeightInit::Xavier),
            ("sigmoid", WeightInit::Xavier),
            ("he", WeightInit::He),
            ("relu", WeightInit::He),
        ] {
            assert_eq!(text.parse::<WeightInit>().unwrap(), init, "{text}");
        }
        assert!("lecun".parse::<WeightInit>().is_err());
        assert!("std -1".parse::<WeightInit>().is_err());
        assert_eq!(WeightInit::Std(0.01).to_string(), "std=0.01");
    }
}
