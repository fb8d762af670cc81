//! The two datasets with MNIST's format, and what their labels mean.

use std::fmt;

/// How many classes both datasets have.
pub const CLASSES: usize = 10;

/// Which of the two datasets with MNIST's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Dataset {
    /// Handwritten digits 0–9.
    #[default]
    Mnist,
    /// Zalando's Fashion-MNIST: ten kinds of clothing, same sizes and format.
    Fashion,
}

impl Dataset {
    /// The name of its folder in the cache: `mnist` or `fashion-mnist`.
    pub fn folder_name(self) -> &'static str {
        match self {
            Dataset::Mnist => "mnist",
            Dataset::Fashion => "fashion-mnist",
        }
    }

    /// What each of the ten labels means.
    pub fn class_names(self) -> [&'static str; CLASSES] {
        match self {
            Dataset::Mnist => ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
            Dataset::Fashion => [
                "T-shirt/top",
                "Trouser",
                "Pullover",
                "Dress",
                "Coat",
                "Sandal",
                "Shirt",
                "Sneaker",
                "Bag",
                "Ankle boot",
            ],
        }
    }
}

impl fmt::Display for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dataset::Mnist => "MNIST",
            Dataset::Fashion => "Fashion-MNIST",
        })
    }
}
