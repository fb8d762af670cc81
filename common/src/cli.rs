//! Command-line options every chapter binary shares.

use std::path::PathBuf;

use crate::data::Dataset;
use crate::rng::DEFAULT_SEED;

/// `--seed` and `--figures`, flattened into each chapter's own `clap` parser.
#[derive(clap::Args, Debug, Clone)]
pub struct ChapterArgs {
    /// Seed for every random choice, so that numbers and figures reproduce.
    #[arg(long, default_value_t = DEFAULT_SEED, global = true)]
    pub seed: u64,
    /// Folder for the figures (SVG). Default: this chapter's figures folder in the book.
    #[arg(long, global = true, value_name = "DIR")]
    pub figures: Option<PathBuf>,
}

impl ChapterArgs {
    /// The folder to write figures into: `--figures`, or the chapter's default.
    pub fn figures_dir(&self, default: &str) -> PathBuf {
        self.figures.clone().unwrap_or_else(|| PathBuf::from(default))
    }
}

/// `--dataset mnist|fashion`, for the chapters that read MNIST.
#[derive(clap::Args, Debug, Clone)]
pub struct DataArgs {
    /// Which dataset: handwritten digits, or Fashion-MNIST's clothes (same sizes and format).
    #[arg(long, value_enum, default_value_t = Dataset::Mnist, global = true)]
    pub dataset: Dataset,
}
