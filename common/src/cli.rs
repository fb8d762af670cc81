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

/// How every chapter binary ends: success, or its error on stderr as one line and exit code 1
/// (never a panic or a backtrace for bad input).
///
/// ```text
/// fn main() -> ExitCode { common::cli::exit_code(run(Cli::parse())) }
/// ```
pub fn exit_code<E>(result: Result<(), E>) -> std::process::ExitCode
where
    E: AsRef<dyn std::error::Error + Send + Sync + 'static>,
{
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", one_line(e.as_ref()));
            std::process::ExitCode::FAILURE
        }
    }
}

/// An error and its causes on one line, "what failed: why", each cause said once (many of
/// our messages already quote their cause).
pub fn one_line(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = String::new();
    let mut cause = Some(e);
    while let Some(c) = cause {
        let said = c.to_string();
        if !text.contains(&said) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&said);
        }
        cause = c.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot read params.npz")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn an_error_and_its_causes_make_one_line_each_said_once() {
        let io = || std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        assert_eq!(one_line(&Outer(io())), "cannot read params.npz: No such file");
        #[derive(Debug, thiserror::Error)]
        #[error("cannot read params.npz: No such file")]
        struct Quoting(#[source] std::io::Error);
        assert_eq!(one_line(&Quoting(io())), "cannot read params.npz: No such file");
    }
}
