//! What the data tests share: temporary folders and tiny datasets in the IDX format with
//! their checksums.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::checksums::sha256_hex;
use super::idx::{encode_images, encode_labels};
use super::source::{FileSpec, Files, Source};

/// A fresh folder under the system's temporary folder, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("dlfs-data-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The names of the files in the folder, sorted.
    #[cfg(feature = "download")]
    pub fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = match std::fs::read_dir(&self.0) {
            Ok(entries) => entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
            Err(_) => Vec::new(),
        };
        names.sort();
        names
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The size of the tiny datasets' images.
pub const ROWS: usize = 4;
pub const COLS: usize = 3;

/// A tiny dataset: 6 training and 3 test images of 4×3 pixels, with its file names.
pub struct Tiny {
    /// The four files' contents (IDX, not compressed).
    pub contents: Files<Vec<u8>>,
    /// Their names and SHA-256.
    pub specs: Files<FileSpec>,
    /// The labels, to compare with what is loaded.
    pub train_labels: Vec<u8>,
    pub test_labels: Vec<u8>,
}

impl Tiny {
    pub fn new() -> Tiny {
        let image = |i: usize| -> Vec<u8> { (0..ROWS * COLS).map(|p| (i * 40 + p * 20) as u8).collect() };
        let images = |n: usize, first: usize| -> Vec<u8> { (first..first + n).flat_map(image).collect() };
        let train_labels = vec![5, 0, 4, 1, 9, 2];
        let test_labels = vec![7, 2, 1];
        let contents = Files {
            train_images: encode_images(6, ROWS, COLS, &images(6, 0)),
            train_labels: encode_labels(&train_labels),
            test_images: encode_images(3, ROWS, COLS, &images(3, 6)),
            test_labels: encode_labels(&test_labels),
        };
        let names = ["tiny-train-images", "tiny-train-labels", "tiny-test-images", "tiny-test-labels"];
        let specs = Files::from_array(std::array::from_fn(|i| {
            let content = &contents.as_refs().into_array()[i];
            FileSpec { name: names[i].to_owned(), sha256: Some(sha256_hex(content)) }
        }));
        Tiny { contents, specs, train_labels, test_labels }
    }

    /// A source that looks only in `dir` and cannot download.
    pub fn source(&self, dir: &Path) -> Source {
        Source {
            title: "Tiny".to_owned(),
            files: self.specs.clone(),
            dirs: vec![dir.to_owned()],
            cache: None,
            mirrors: Vec::new(),
            env_var: "MNIST_DIR".to_owned(),
            image_size: (ROWS, COLS),
        }
    }

    /// Writes the four files into `dir`, gzipped or not.
    pub fn write(&self, dir: &Path, gzipped: bool) {
        for (spec, content) in
            self.specs.as_refs().into_array().into_iter().zip(self.contents.as_refs().into_array())
        {
            if gzipped {
                std::fs::write(dir.join(format!("{}.gz", spec.name)), gzip(content)).unwrap();
            } else {
                std::fs::write(dir.join(&spec.name), content).unwrap();
            }
        }
    }
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}
