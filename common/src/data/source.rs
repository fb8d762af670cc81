//! Where a dataset's files are looked for, and where downloads go.
//!
//! For a [`Dataset`], in this order:
//! 1. the folder in `$MNIST_DIR` (`$FASHION_MNIST_DIR` for Fashion-MNIST);
//! 2. for Fashion-MNIST, Debian's `/usr/share/datasets/fashion-mnist`;
//! 3. the cache: `$DLFS_DATA_DIR/<dataset>` if that variable is set, else
//!    `$XDG_CACHE_HOME/dlfs-rust/<dataset>`, else `~/.cache/dlfs-rust/<dataset>`;
//! 4. with the `download` feature, the public mirrors (or those listed, comma-separated, in
//!    `$DLFS_MNIST_MIRRORS`, `$DLFS_FASHION_MNIST_MIRRORS` for Fashion-MNIST), each file
//!    downloaded into the cache.
//!
//! In each folder a file may be gzipped (`name.gz`) or not (`name`).

use std::env;
use std::path::{Path, PathBuf};

use super::checksums::{self, Published};
use super::dataset::Dataset;
use super::error::DataError;

/// One file of a dataset: its name without `.gz`, and the SHA-256 its content must have
/// (`None`: not checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpec {
    /// The file name, as in `train-images-idx3-ubyte`.
    pub name: String,
    /// SHA-256 of the decompressed content, hex.
    pub sha256: Option<String>,
}

impl From<Published> for FileSpec {
    fn from(p: Published) -> Self {
        FileSpec { name: p.name.to_owned(), sha256: Some(p.sha256.to_owned()) }
    }
}

/// The four files of a dataset (names, paths, contents, … as `T` says).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files<T> {
    /// Training images.
    pub train_images: T,
    /// Training labels.
    pub train_labels: T,
    /// Test images.
    pub test_images: T,
    /// Test labels.
    pub test_labels: T,
}

impl<T> Files<T> {
    /// The four, in the order train images, train labels, test images, test labels.
    pub fn from_array([train_images, train_labels, test_images, test_labels]: [T; 4]) -> Self {
        Files { train_images, train_labels, test_images, test_labels }
    }

    /// The four as an array, in the order of [`Files::from_array`].
    pub fn into_array(self) -> [T; 4] {
        [self.train_images, self.train_labels, self.test_images, self.test_labels]
    }

    /// The four, borrowed.
    pub fn as_refs(&self) -> Files<&T> {
        Files {
            train_images: &self.train_images,
            train_labels: &self.train_labels,
            test_images: &self.test_images,
            test_labels: &self.test_labels,
        }
    }

    /// Applies `f` to each of the four, stopping at the first error.
    pub fn try_map<U, E>(self, mut f: impl FnMut(T) -> Result<U, E>) -> Result<Files<U>, E> {
        let [a, b, c, d] = self.into_array();
        Ok(Files::from_array([f(a)?, f(b)?, f(c)?, f(d)?]))
    }
}

/// Everything needed to find (or fetch) and check one dataset.
#[derive(Debug, Clone)]
pub struct Source {
    /// The dataset's name in messages: "MNIST".
    pub title: String,
    /// Its four files and their checksums.
    pub files: Files<FileSpec>,
    /// Folders to look in, in order, before the cache.
    pub dirs: Vec<PathBuf>,
    /// Where downloads are kept, and the last folder looked in. `None`: no cache.
    pub cache: Option<PathBuf>,
    /// Base URLs (ending in `/`) the `.gz` files are downloaded from, in order. Empty: never
    /// download.
    pub mirrors: Vec<String>,
    /// The environment variable named in messages as the way to point at the data.
    pub env_var: String,
    /// The size of every image: (rows, columns).
    pub image_size: (usize, usize),
}

impl Source {
    /// The real dataset, looked for where the environment says (see the module's doc).
    pub fn from_env(dataset: Dataset) -> Source {
        let (table, mirrors, env_var, mirrors_var, system_dirs): (_, &[&str], _, _, &[&str]) = match dataset {
            Dataset::Mnist => {
                (checksums::MNIST, &checksums::MNIST_MIRRORS, "MNIST_DIR", "DLFS_MNIST_MIRRORS", &[])
            }
            Dataset::Fashion => (
                checksums::FASHION,
                &checksums::FASHION_MIRRORS,
                "FASHION_MNIST_DIR",
                "DLFS_FASHION_MNIST_MIRRORS",
                &[checksums::FASHION_DEBIAN_DIR],
            ),
        };
        let mut dirs: Vec<PathBuf> = env_dir(env_var).into_iter().collect();
        dirs.extend(system_dirs.iter().map(PathBuf::from));
        let mirrors = match env::var(mirrors_var) {
            Ok(list) => parse_mirrors(&list),
            Err(_) => mirrors.iter().map(|m| m.to_string()).collect(),
        };
        Source {
            title: dataset.to_string(),
            files: Files::from_array(table.map(FileSpec::from)),
            dirs,
            cache: cache_dir(dataset.folder_name(), env_dir),
            mirrors,
            env_var: env_var.to_owned(),
            image_size: (28, 28),
        }
    }

    /// Every folder looked in, in order: `dirs`, then the cache.
    pub fn search_path(&self) -> Vec<PathBuf> {
        self.dirs.iter().chain(&self.cache).cloned().collect()
    }

    /// The first existing file for `spec`: in each folder of the search path, `name`, then
    /// `name.gz`.
    pub fn find(&self, spec: &FileSpec) -> Option<PathBuf> {
        self.search_path().iter().find_map(|dir| find_in(dir, &spec.name))
    }

    /// The path of each of the four files, downloading into the cache those found nowhere.
    pub fn locate(&self) -> Result<Files<PathBuf>, DataError> {
        self.files.as_refs().try_map(|spec| match self.find(spec) {
            Some(path) => Ok(path),
            None => self.fetch(spec),
        })
    }

    /// Downloads `spec` into the cache.
    #[cfg(feature = "download")]
    fn fetch(&self, spec: &FileSpec) -> Result<PathBuf, DataError> {
        match &self.cache {
            _ if self.mirrors.is_empty() => Err(self.not_found(spec, "No download mirror is configured")),
            None => Err(self.not_found(spec, "There is no cache folder to download into (HOME is not set)")),
            Some(cache) => super::download::download(self, spec, cache),
        }
    }

    /// Without the `download` feature, a missing file is an error.
    #[cfg(not(feature = "download"))]
    fn fetch(&self, spec: &FileSpec) -> Result<PathBuf, DataError> {
        Err(self.not_found(spec, "This build cannot download (the `download` feature of `common` is off)"))
    }

    fn not_found(&self, spec: &FileSpec, why: &str) -> DataError {
        DataError::NotFound {
            dataset: self.title.clone(),
            file: spec.name.clone(),
            searched: self.search_path(),
            env_var: self.env_var.clone(),
            why: why.to_owned(),
        }
    }
}

/// `name` or `name.gz` in `dir`, if one is a file.
pub fn find_in(dir: &Path, name: &str) -> Option<PathBuf> {
    [dir.join(name), dir.join(format!("{name}.gz"))].into_iter().find(|p| p.is_file())
}

/// The folder an environment variable names, if it is set and not empty.
fn env_dir(var: &str) -> Option<PathBuf> {
    env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// The cache folder for a dataset (see the module's doc), given how to read a folder from
/// an environment variable; `None` if no home folder is known.
pub fn cache_dir(dataset_folder: &str, var: impl Fn(&str) -> Option<PathBuf>) -> Option<PathBuf> {
    let root = var("DLFS_DATA_DIR")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("dlfs-rust")))
        .or_else(|| var("HOME").map(|d| d.join(".cache").join("dlfs-rust")))
        .or_else(|| var("LOCALAPPDATA").map(|d| d.join("dlfs-rust")))?;
    Some(root.join(dataset_folder))
}

/// Base URLs from a comma-separated list, blanks dropped, each ending in `/`.
pub fn parse_mirrors(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(|m| if m.ends_with('/') { m.to_owned() } else { format!("{m}/") })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirrors_are_split_trimmed_and_end_in_a_slash() {
        assert_eq!(
            parse_mirrors(" http://127.0.0.1:8000/a ,, https://example.org/mnist/ ,"),
            vec!["http://127.0.0.1:8000/a/", "https://example.org/mnist/"]
        );
        assert!(parse_mirrors("").is_empty());
    }

    #[test]
    fn the_cache_folder_follows_the_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |var: &str| pairs.iter().find(|(k, _)| *k == var).map(|(_, v)| PathBuf::from(v))
        };
        let all: &[_] = &[("DLFS_DATA_DIR", "/data"), ("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/me")];
        assert_eq!(cache_dir("mnist", env(all)), Some("/data/mnist".into()));
        assert_eq!(cache_dir("mnist", env(&all[1..])), Some("/xdg/dlfs-rust/mnist".into()));
        assert_eq!(
            cache_dir("fashion-mnist", env(&all[2..])),
            Some("/home/me/.cache/dlfs-rust/fashion-mnist".into())
        );
        assert_eq!(cache_dir("mnist", env(&[])), None);
    }

    #[test]
    fn the_real_datasets_have_their_own_cache_folders_and_checksums() {
        let (mnist, fashion) = (Source::from_env(Dataset::Mnist), Source::from_env(Dataset::Fashion));
        assert_eq!(mnist.files.train_images.name, "train-images-idx3-ubyte");
        assert_eq!(fashion.files.train_images.name, "train-images-idx3-ubyte");
        assert_ne!(mnist.files.train_images.sha256, fashion.files.train_images.sha256);
        if let (Some(a), Some(b)) = (&mnist.cache, &fashion.cache) {
            assert_ne!(a, b);
            assert!(a.ends_with("mnist") && b.ends_with("fashion-mnist"));
        }
        assert!(fashion.dirs.contains(&PathBuf::from("/usr/share/datasets/fashion-mnist")));
        assert_eq!(mnist.env_var, "MNIST_DIR");
    }

    #[test]
    fn a_raw_file_is_preferred_to_a_gzipped_one() {
        let dir = crate::data::testing::TempDir::new("find");
        assert_eq!(find_in(dir.path(), "x"), None);
        std::fs::write(dir.path().join("x.gz"), b"").unwrap();
        assert_eq!(find_in(dir.path(), "x"), Some(dir.path().join("x.gz")));
        std::fs::write(dir.path().join("x"), b"").unwrap();
        assert_eq!(find_in(dir.path(), "x"), Some(dir.path().join("x")));
    }
}
