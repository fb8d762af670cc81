//! The settings a reader types into the page, read and checked.
//!
//! The page sends every field as text, one `key=value` a line; [`Settings::parse`] reads them
//! and refuses anything that cannot train (a learning rate of 0, a hidden layer of no units, a
//! word where a number belongs) with a message for the page. A refused setting changes
//! nothing: the page keeps the last settings that were accepted.

use common::multi_layer_net::Activation;
use common::optimizer::OptimizerKind;

/// The largest hidden layer the page offers (wider nets would animate slowly).
pub const MAX_WIDTH: usize = 64;
/// The most hidden layers the page offers.
pub const MAX_LAYERS: usize = 6;
/// The largest mini-batch.
pub const MAX_BATCH: usize = 1000;

// ANCHOR: dataset
/// The point clouds of `common::data::toy`, or only the points the reader clicks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatasetKind {
    /// A disc inside a ring: 2 classes.
    Circle,
    /// Opposite quadrants: 2 classes.
    Xor,
    /// Three Gaussian blobs: 3 classes.
    Blobs,
    /// Three spiral arms: 3 classes.
    Spiral,
    /// No generated points: only the ones the reader clicks (3 classes).
    Empty,
}
// ANCHOR_END: dataset

impl DatasetKind {
    /// How many classes the data has (and the network outputs).
    pub fn classes(self) -> usize {
        match self {
            DatasetKind::Circle | DatasetKind::Xor => 2,
            DatasetKind::Blobs | DatasetKind::Spiral | DatasetKind::Empty => 3,
        }
    }

    fn parse(text: &str) -> Result<Self, SettingsError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "circle" => Ok(DatasetKind::Circle),
            "xor" => Ok(DatasetKind::Xor),
            "blobs" => Ok(DatasetKind::Blobs),
            "spiral" => Ok(DatasetKind::Spiral),
            "empty" => Ok(DatasetKind::Empty),
            _ => Err(SettingsError::Dataset(text.to_string())),
        }
    }
}

/// Everything a training run depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Which points to learn.
    pub dataset: DatasetKind,
    /// The width of each hidden layer; empty means no hidden layer at all (a linear classifier).
    pub hidden: Vec<usize>,
    /// The activation of every hidden layer.
    pub activation: Activation,
    /// The update rule.
    pub optimizer: OptimizerKind,
    /// The learning rate η.
    pub lr: f64,
    /// Points per mini-batch (drawn at random, with replacement, as the book's `np.random.choice`).
    pub batch_size: usize,
    /// λ of weight decay.
    pub weight_decay: f64,
    /// The seed of the data, the initial weights and the mini-batches.
    pub seed: u64,
}

impl Default for Settings {
    /// A small net that learns every dataset of the page in a few seconds.
    fn default() -> Self {
        Settings {
            dataset: DatasetKind::Xor,
            hidden: vec![8, 8],
            activation: Activation::Relu,
            optimizer: OptimizerKind::Sgd,
            lr: 0.1,
            batch_size: 10,
            weight_decay: 0.0,
            seed: common::rng::DEFAULT_SEED,
        }
    }
}

/// A setting the page cannot use; the message is shown beside the settings.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SettingsError {
    #[error("unknown dataset '{0}': choose circle, xor, blobs, spiral or empty")]
    Dataset(String),
    #[error("hidden layers: '{0}' is not a list of whole numbers (write e.g. 8, 8)")]
    HiddenNotNumbers(String),
    #[error("hidden layers: every layer needs at least one unit (got {0})")]
    HiddenZero(String),
    #[error("hidden layers: at most {MAX_LAYERS} layers of at most {MAX_WIDTH} units here (got {0})")]
    HiddenTooLarge(String),
    #[error("{0}")]
    Activation(String),
    #[error("{0}")]
    Optimizer(String),
    #[error("{name}: '{text}' is not a number")]
    NotANumber { name: &'static str, text: String },
    #[error("learning rate: must be greater than 0 (got {0}); the step W ← W − η·∂L/∂W needs η > 0")]
    LearningRate(f64),
    #[error("batch size: must be a whole number from 1 to {MAX_BATCH} (got '{0}')")]
    BatchSize(String),
    #[error("weight decay: λ must be 0 or more (got {0})")]
    WeightDecay(f64),
    #[error("seed: must be a whole number ≥ 0 (got '{0}')")]
    Seed(String),
    #[error("unknown setting '{0}'")]
    UnknownKey(String),
}

impl Settings {
    // ANCHOR: parse
    /// Reads `key=value` lines (dataset, hidden, activation, optimizer, lr, batch, decay, seed);
    /// keys not given keep their values from `self`. Returns the new settings, or the first
    /// problem found.
    pub fn parse(&self, text: &str) -> Result<Settings, SettingsError> {
        let mut s = self.clone();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (key, value) = line.split_once('=').unwrap_or((line, ""));
            let value = value.trim();
            match key.trim() {
                "dataset" => s.dataset = DatasetKind::parse(value)?,
                "hidden" => s.hidden = parse_hidden(value)?,
                "activation" => {
                    s.activation =
                        value.parse().map_err(|e: common::multi_layer_net::UnknownActivation| {
                            SettingsError::Activation(e.to_string())
                        })?
                }
                "optimizer" => {
                    s.optimizer = value.parse().map_err(|e: common::optimizer::UnknownOptimizer| {
                        SettingsError::Optimizer(e.to_string())
                    })?
                }
                "lr" => {
                    let lr = number("learning rate", value)?;
                    if lr <= 0.0 {
                        return Err(SettingsError::LearningRate(lr));
                    }
                    s.lr = lr;
                }
                "batch" => {
                    s.batch_size = value
                        .parse()
                        .ok()
                        .filter(|b| (1..=MAX_BATCH).contains(b))
                        .ok_or_else(|| SettingsError::BatchSize(value.to_string()))?
                }
                "decay" => {
                    let lambda = number("weight decay", value)?;
                    if lambda < 0.0 {
                        return Err(SettingsError::WeightDecay(lambda));
                    }
                    s.weight_decay = lambda;
                }
                "seed" => s.seed = value.parse().map_err(|_| SettingsError::Seed(value.to_string()))?,
                other => return Err(SettingsError::UnknownKey(other.to_string())),
            }
        }
        Ok(s)
    }
    // ANCHOR_END: parse

    /// One line for the page: "2 → 8 → 8 → 2, ReLU, SGD η = 0.1, batch 10, λ = 0, seed 42".
    pub fn summary(&self) -> String {
        let mut sizes = vec![2];
        sizes.extend(&self.hidden);
        sizes.push(self.dataset.classes());
        let sizes: Vec<String> = sizes.iter().map(|s| s.to_string()).collect();
        format!(
            "{}, {}, {} η = {}, batch {}, λ = {}, seed {}",
            sizes.join(" → "),
            self.activation,
            self.optimizer,
            self.lr,
            self.batch_size,
            self.weight_decay,
            self.seed
        )
    }
}

/// A finite number, or an error naming the setting.
fn number(name: &'static str, text: &str) -> Result<f64, SettingsError> {
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| SettingsError::NotANumber { name, text: text.to_string() })
}

/// "8, 8" → [8, 8]; "" → [] (no hidden layer).
fn parse_hidden(text: &str) -> Result<Vec<usize>, SettingsError> {
    let parts: Vec<&str> = text.split([',', ' ']).filter(|p| !p.is_empty()).collect();
    let widths: Vec<usize> = parts
        .iter()
        .map(|p| p.parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| SettingsError::HiddenNotNumbers(text.to_string()))?;
    if widths.contains(&0) {
        return Err(SettingsError::HiddenZero(text.to_string()));
    }
    if widths.len() > MAX_LAYERS || widths.iter().any(|&w| w > MAX_WIDTH) {
        return Err(SettingsError::HiddenTooLarge(text.to_string()));
    }
    Ok(widths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_read_from_key_value_lines() {
        let s = Settings::default()
            .parse("dataset=spiral\nhidden=16, 16, 8\nactivation=tanh\noptimizer=adam\nlr=0.01\nbatch=32\ndecay=0.001\nseed=7")
            .unwrap();
        assert_eq!(s.dataset, DatasetKind::Spiral);
        assert_eq!(s.hidden, [16, 16, 8]);
        assert_eq!(s.activation, Activation::Tanh);
        assert_eq!(s.optimizer, OptimizerKind::Adam);
        assert_eq!((s.lr, s.batch_size, s.weight_decay, s.seed), (0.01, 32, 0.001, 7));
        assert_eq!(s.summary(), "2 → 16 → 16 → 8 → 3, tanh, Adam η = 0.01, batch 32, λ = 0.001, seed 7");
    }

    #[test]
    fn no_hidden_layer_is_allowed_and_gives_a_linear_classifier() {
        let s = Settings::default().parse("hidden=").unwrap();
        assert!(s.hidden.is_empty());
        assert!(s.summary().starts_with("2 → 2,"));
    }

    #[test]
    fn bad_settings_are_refused_with_a_message() {
        let base = Settings::default();
        for (text, expected) in [
            ("lr=0", "greater than 0"),
            ("lr=-1", "greater than 0"),
            ("lr=abc", "'abc' is not a number"),
            ("lr=", "is not a number"),
            ("lr=NaN", "is not a number"),
            ("hidden=8, 0", "at least one unit"),
            ("hidden=0", "at least one unit"),
            ("hidden=eight", "not a list of whole numbers"),
            ("hidden=8.5", "not a list of whole numbers"),
            ("hidden=1000", "at most"),
            ("batch=0", "batch size"),
            ("batch=x", "batch size"),
            ("decay=-0.1", "0 or more"),
            ("seed=-3", "seed"),
            ("activation=gelu", "unknown activation"),
            ("optimizer=lbfgs", "unknown optimizer"),
            ("dataset=moons", "unknown dataset"),
        ] {
            let err = base.parse(text).unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn a_refused_line_leaves_the_settings_it_was_asked_of_unchanged() {
        let base = Settings::default().parse("lr=0.5").unwrap();
        assert!(base.parse("hidden=4\nlr=0").is_err());
        assert_eq!(base.lr, 0.5);
        assert_eq!(base.hidden, [8, 8]);
    }
}
