//! Command-line options every chapter binary shares.

use std::path::{Path, PathBuf};

use crate::data::Dataset;
use crate::rng::DEFAULT_SEED;

/// `--seed` and `--figures`, flattened into each chapter's own `clap` parser. Both are global:
/// they may come before or after the subcommand.
#[derive(clap::Args, Debug, Clone)]
pub struct ChapterArgs {
    /// Seed for every random choice, so that numbers and figures reproduce.
    #[arg(long, default_value_t = DEFAULT_SEED, global = true)]
    pub seed: u64,
    /// Folder for the figures (SVG). Default: the chapter's own out/ folder (out/fashion/ for
    /// Fashion-MNIST), which git ignores; book/regenerate.sh points it at the book.
    #[arg(long, global = true, value_name = "DIR")]
    pub figures: Option<PathBuf>,
}

impl ChapterArgs {
    /// The folder to write figures into: `--figures`, or else [`out_dir`].
    pub fn figures_dir(&self, crate_dir: &str, dataset: Dataset) -> PathBuf {
        self.figures.clone().unwrap_or_else(|| out_dir(crate_dir, dataset))
    }
}

/// Where a chapter run writes what it makes (figures, trained parameters) unless told
/// otherwise: `<chapter crate>/out/`, or `<chapter crate>/out/fashion/` for Fashion-MNIST, so
/// the two datasets never overwrite each other. Git ignores these folders: a run never
/// changes a file of the repository. Pass `env!("CARGO_MANIFEST_DIR")` as `crate_dir`.
pub fn out_dir(crate_dir: &str, dataset: Dataset) -> PathBuf {
    let out = Path::new(crate_dir).join("out");
    match dataset {
        Dataset::Mnist => out,
        Dataset::Fashion => out.join("fashion"),
    }
}

/// `--dataset mnist|fashion`, for the chapters that read MNIST.
#[derive(clap::Args, Debug, Clone)]
pub struct DataArgs {
    /// Which dataset: handwritten digits, or Fashion-MNIST's clothes (same sizes and format).
    #[arg(long, value_enum, default_value_t = Dataset::Mnist, global = true)]
    pub dataset: Dataset,
}

/// A `clap` value parser for a whole number from `lo` to `hi`, whose error says the range:
/// `#[arg(long, value_parser = whole_in(1, 1000), allow_negative_numbers = true)]` (the last
/// part lets `-1` reach the parser instead of looking like an option).
pub fn whole_in(
    lo: usize,
    hi: usize,
) -> impl Fn(&str) -> Result<usize, String> + Clone + Send + Sync + 'static {
    move |s: &str| {
        let range = if hi == usize::MAX {
            format!("a whole number, at least {lo}")
        } else {
            format!("a whole number from {lo} to {hi}")
        };
        match s.trim().parse::<usize>() {
            Ok(n) if (lo..=hi).contains(&n) => Ok(n),
            _ => Err(format!("expected {range}, not {s}")),
        }
    }
}

/// A `clap` value parser for a learning rate: a positive number that stays positive and
/// finite in `f32`, the float the networks train in (`1e-50` would become 0 there and train
/// nothing; `1e39` would become infinity).
pub fn learning_rate(s: &str) -> Result<f64, String> {
    let lr: f64 = s.trim().parse().map_err(|_| format!("expected a positive number, not {s}"))?;
    let in_f32 = lr as f32;
    if !(lr > 0.0 && lr.is_finite()) {
        return Err(format!("a learning rate must be a positive number, not {s}"));
    }
    if in_f32 == 0.0 || !in_f32.is_finite() || in_f32 < f32::MIN_POSITIVE {
        return Err(format!(
            "{s} is {in_f32} in float32, the float the network trains in: use a learning rate between {:e} and {:e}",
            f32::MIN_POSITIVE,
            f32::MAX
        ));
    }
    Ok(lr)
}

/// A `clap` value parser for a number from `lo` to `hi` (a dropout ratio, a weight decay λ),
/// whose error says the range.
pub fn number_in(lo: f64, hi: f64) -> impl Fn(&str) -> Result<f64, String> + Clone + Send + Sync + 'static {
    move |s: &str| match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (lo..=hi).contains(&v) => Ok(v),
        _ => Err(format!("expected a number from {lo} to {hi}, not {s}")),
    }
}

/// The command line parsed as `C`, or the end of the program: `--help` and `--version` print
/// and exit 0 as usual, and a mistake (an unknown option, a value out of its range) is one
/// line on stderr, with clap's tip if it has one, and exit code 2 (clap's code for a command
/// line it cannot use).
///
/// ```text
/// fn main() -> ExitCode { common::cli::main(|| run(common::cli::parse())) }
/// ```
pub fn parse<C: clap::Parser>() -> C {
    C::try_parse().unwrap_or_else(|e| {
        if !e.use_stderr() || e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            e.exit()
        }
        eprintln!("{}", usage_error_line(&e.render().to_string()));
        std::process::exit(2)
    })
}

/// clap's message for a command line it cannot use, on one line: its first line, then any
/// tip in brackets (the usage lines and "For more information, try '--help'." are left out).
fn usage_error_line(rendered: &str) -> String {
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("error: this command line cannot be used (see --help)");
    let tips: Vec<&str> = lines.filter(|l| l.starts_with("tip:")).collect();
    if tips.is_empty() { first.to_string() } else { format!("{first} ({})", tips.join("; ")) }
}

/// How every chapter binary starts and ends: the process-wide settings first
/// ([`crate::startup::init`]), then `run`; success, or its error on stderr as one line and
/// exit code 1.
///
/// ```text
/// fn main() -> ExitCode { common::cli::main(|| run(Cli::parse())) }
/// ```
pub fn main<E>(run: impl FnOnce() -> Result<(), E>) -> std::process::ExitCode
where
    E: AsRef<dyn std::error::Error + Send + Sync + 'static>,
{
    crate::startup::init();
    exit_code(run())
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

/// For the chapters' command-line tests: asserts that a run of a chapter binary failed with
/// exit code `code` and said exactly one line on stderr, starting with "error: " and containing
/// each of `words` (never a panic or a backtrace); returns that line.
pub fn assert_one_line_error(out: &std::process::Output, code: i32, words: &[&str]) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "exit code; stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line expected on stderr: {stderr}");
    assert!(stderr.starts_with("error: ") && !stderr.contains("panicked"), "{stderr}");
    for w in words {
        assert!(stderr.contains(w), "{w:?} missing from: {stderr}");
    }
    stderr
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot read params.npz")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn value_parsers_accept_their_range_and_say_it_otherwise() {
        let epochs = whole_in(1, 1000);
        assert_eq!(epochs("20"), Ok(20));
        assert_eq!(epochs("0").unwrap_err(), "expected a whole number from 1 to 1000, not 0");
        assert_eq!(epochs("-1").unwrap_err(), "expected a whole number from 1 to 1000, not -1");
        assert!(whole_in(1, usize::MAX)("x").unwrap_err().contains("at least 1"));
        assert_eq!(learning_rate("0.001"), Ok(0.001));
        for bad in ["0", "-1", "nan", "inf", "abc"] {
            assert!(learning_rate(bad).is_err(), "{bad}");
        }
        let tiny = learning_rate("1e-50").unwrap_err();
        assert!(tiny.contains("is 0 in float32"), "{tiny}");
        assert!(learning_rate("1e39").unwrap_err().contains("inf in float32"));
        assert_eq!(number_in(0.0, 1.0)("0.5"), Ok(0.5));
        assert_eq!(number_in(0.0, 1.0)("2").unwrap_err(), "expected a number from 0 to 1, not 2");
    }

    #[test]
    fn a_command_line_mistake_is_one_line_with_its_range_or_tip() {
        #[derive(clap::Parser, Debug)]
        struct Cli {
            #[arg(long, value_parser = whole_in(1, 1000), allow_negative_numbers = true)]
            epochs: usize,
        }
        let line = |args: &[&str]| {
            let e = <Cli as clap::Parser>::try_parse_from(args).unwrap_err();
            usage_error_line(&e.render().to_string())
        };
        assert_eq!(
            line(&["ch", "--epochs", "-1"]),
            "error: invalid value '-1' for '--epochs <EPOCHS>': expected a whole number from 1 to 1000, not -1"
        );
        let unknown = line(&["ch", "--epochs", "3", "--epoch"]);
        assert!(unknown.starts_with("error: unexpected argument '--epoch' found (tip: "), "{unknown}");
        assert!(!unknown.contains('\n'), "{unknown}");
    }

    #[cfg(unix)]
    #[test]
    fn a_one_line_error_is_recognised_and_anything_else_is_not() {
        use std::os::unix::process::ExitStatusExt;
        let run = |code: i32, stderr: &str| std::process::Output {
            status: std::process::ExitStatus::from_raw(code << 8),
            stdout: Vec::new(),
            stderr: stderr.as_bytes().to_vec(),
        };
        let line = "error: invalid value '0' for '--epochs <EPOCHS>': expected a whole number from 1 to 1000, not 0\n";
        assert_eq!(assert_one_line_error(&run(2, line), 2, &["--epochs", "from 1 to 1000"]), line);
        let not_one_line_errors: [(std::process::Output, &[&str]); 4] = [
            (run(1, line), &[]),                       // another exit code
            (run(2, "error: two\nlines\n"), &[]),      // two lines
            (run(2, "thread 'main' panicked\n"), &[]), // a panic
            (run(2, line), &["--seed"]),               // a word missing
        ];
        for (out, words) in not_one_line_errors {
            let failed = std::panic::catch_unwind(|| assert_one_line_error(&out, 2, words)).is_err();
            assert!(failed, "{:?}", String::from_utf8_lossy(&out.stderr));
        }
    }

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
