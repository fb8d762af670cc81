//! What can go wrong finding, downloading or reading a dataset: one variant a cause, each
//! printed as one message that names the file and says what to do.

use std::fmt;
use std::path::PathBuf;

/// Something wrong with the data a user has (or has not): never a panic, always one of these.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A file is in none of the folders searched and cannot be downloaded.
    #[error(
        "{dataset}: {file}[.gz] is not in {}. {why}. \
         Set {env_var} to the folder that holds the dataset's four files.",
        list_dirs(searched)
    )]
    NotFound {
        /// The dataset's name, as in "MNIST".
        dataset: String,
        /// The file's name without `.gz`.
        file: String,
        /// The folders searched, in order.
        searched: Vec<PathBuf>,
        /// The environment variable that points at the data.
        env_var: String,
        /// Why nothing was downloaded.
        why: String,
    },

    /// A file is in none of the folders searched and no mirror delivered it.
    #[error(
        "{dataset}: {file}[.gz] is not in {}, and downloading it failed ({}). \
         Check the network connection, or set {env_var} to the folder that holds the \
         dataset's four files.",
        list_dirs(searched),
        list_failures(failures)
    )]
    DownloadFailed {
        /// The dataset's name.
        dataset: String,
        /// The file's name without `.gz`.
        file: String,
        /// The folders searched, in order.
        searched: Vec<PathBuf>,
        /// The environment variable that points at the data.
        env_var: String,
        /// What each mirror did, in the order they were tried.
        failures: Vec<MirrorFailure>,
    },

    /// The operating system refused to read or write a file.
    #[error("cannot access {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },

    /// A file that should be gzip is not, or its gzip stream is damaged.
    #[error("{path}: not valid gzip data ({detail}). The file is damaged: delete it and download it again.")]
    Gzip {
        /// The file.
        path: PathBuf,
        /// What the decompressor said.
        detail: String,
    },

    /// The first four bytes are not the IDX magic number for this kind of file.
    #[error(
        "{path}: magic number 0x{found:08x} does not start an IDX {kind} file (0x{expected:08x}). \
         Is this the right file?"
    )]
    BadMagic {
        /// The file.
        path: PathBuf,
        /// "images" or "labels".
        kind: &'static str,
        /// The magic number expected.
        expected: u32,
        /// The magic number found.
        found: u32,
    },

    /// The file ends before the data its header announces.
    #[error(
        "{path} is truncated: its header announces {expected} bytes, it holds {found}. \
         Delete it and download it again."
    )]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Header plus data, in bytes, as the header announces.
        expected: u64,
        /// The bytes the file holds (after decompression).
        found: u64,
    },

    /// The file goes on after the data its header announces.
    #[error(
        "{path}: {extra} bytes follow the data its header announces ({expected} bytes). \
         Is this the right file?"
    )]
    TrailingBytes {
        /// The file.
        path: PathBuf,
        /// Header plus data, in bytes, as the header announces.
        expected: u64,
        /// How many bytes more the file holds.
        extra: u64,
    },

    /// The images are not of the size the dataset has.
    #[error(
        "{path}: images are {rows}×{cols} pixels, expected {expected_rows}×{expected_cols}. Is this the right file?"
    )]
    ImageSize {
        /// The file.
        path: PathBuf,
        /// Rows found.
        rows: usize,
        /// Columns found.
        cols: usize,
        /// Rows expected.
        expected_rows: usize,
        /// Columns expected.
        expected_cols: usize,
    },

    /// A label is not one of the dataset's classes.
    #[error(
        "{path}: label {value} (example {index}) is not a class 0–{max}. \
         The file is damaged: delete it and download it again."
    )]
    BadLabel {
        /// The file.
        path: PathBuf,
        /// Which example, counting from 0.
        index: usize,
        /// The label found.
        value: u8,
        /// The largest valid label.
        max: u8,
    },

    /// The images and the labels of one split do not pair up.
    #[error(
        "{images} holds {n_images} images but {labels} holds {n_labels} labels: \
         the two files do not belong together."
    )]
    CountMismatch {
        /// The images file.
        images: PathBuf,
        /// How many images it holds.
        n_images: usize,
        /// The labels file.
        labels: PathBuf,
        /// How many labels it holds.
        n_labels: usize,
    },

    /// The content is not the content the dataset publishes.
    #[error(
        "{path}: the SHA-256 of its content is {found}, expected {expected}. \
         The file is damaged or not the expected one: delete it and download it again."
    )]
    ChecksumMismatch {
        /// The file.
        path: PathBuf,
        /// The SHA-256 expected (hex).
        expected: String,
        /// The SHA-256 found (hex).
        found: String,
    },
}

/// One mirror's failure to deliver a file.
#[derive(Debug)]
pub struct MirrorFailure {
    /// The address tried.
    pub url: String,
    /// What went wrong.
    pub problem: DownloadProblem,
}

impl fmt::Display for MirrorFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.url, self.problem)
    }
}

/// What went wrong downloading from one mirror.
#[derive(Debug, thiserror::Error)]
pub enum DownloadProblem {
    /// No connection, a timeout, a connection dropped half-way, …
    #[error("{0}")]
    Network(String),
    /// The server answered with an error status.
    #[error("HTTP status {0}")]
    Status(u16),
    /// The bytes served are not a valid gzip stream.
    #[error("not valid gzip data ({0})")]
    Gzip(String),
    /// The bytes served decompress to the wrong content.
    #[error("wrong content: its SHA-256 is {found}, expected {expected}")]
    Checksum {
        /// The SHA-256 expected (hex).
        expected: String,
        /// The SHA-256 of what was served (hex).
        found: String,
    },
}

fn list_dirs(dirs: &[PathBuf]) -> String {
    if dirs.is_empty() {
        return "any folder (none to look in)".to_owned();
    }
    let show = |d: &PathBuf| {
        let missing = if d.is_dir() { "" } else { " (no such folder)" };
        format!("{}{missing}", d.display())
    };
    dirs.iter().map(show).collect::<Vec<_>>().join(", ")
}

fn list_failures(failures: &[MirrorFailure]) -> String {
    failures.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}
