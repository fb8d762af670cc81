//! MNIST and Fashion-MNIST: 28×28 grey digits (or clothes), 60,000 for training and 10,000
//! for testing, as the book's `load_mnist` gives them.
//!
//! Loading goes in three steps: find each of the four files (or download it, see
//! [`super::source`]), read and check them ([`RawMnist`]: bytes as published, every check
//! passed), then convert to the arrays a network wants ([`Mnist`]).

use std::path::Path;
use std::thread;

use ndarray::{Array1, Array3, ArrayD, IxDyn};

use super::checksums::sha256_hex;
use super::content::read_content;
use super::dataset::{CLASSES, Dataset};
use super::error::DataError;
use super::idx;
use super::source::{FileSpec, Files, Source};
use crate::Float;
use crate::functions::one_hot;
use crate::targets::OwnedTargets;

// ANCHOR: load_options
/// The book's `load_mnist(normalize, flatten, one_hot_label)` switches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Pixels as 0.0–1.0 instead of 0–255.
    pub normalize: bool,
    /// Images as rows of 784 instead of (1, 28, 28).
    pub flatten: bool,
    /// Labels as one-hot rows instead of class indices.
    pub one_hot: bool,
}
// ANCHOR_END: load_options

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { normalize: true, flatten: true, one_hot: false }
    }
}

/// The four arrays of a dataset.
#[derive(Debug, Clone)]
pub struct Mnist<F> {
    /// Training images: (60000, 784), or (60000, 1, 28, 28) unflattened.
    pub x_train: ArrayD<F>,
    /// Training labels.
    pub t_train: OwnedTargets<F>,
    /// Test images: (10000, 784) or (10000, 1, 28, 28).
    pub x_test: ArrayD<F>,
    /// Test labels.
    pub t_test: OwnedTargets<F>,
}

// ANCHOR: load_mnist
/// Loads a dataset with the book's options, finding or downloading its files first (see
/// [`super::source`] for where it looks).
///
/// ```no_run
/// use common::data::{Dataset, LoadOptions, load_mnist};
/// let data = load_mnist::<f32>(Dataset::Mnist, LoadOptions::default())?;
/// assert_eq!(data.x_train.shape(), &[60000, 784]);
/// # Ok::<(), common::data::DataError>(())
/// ```
pub fn load_mnist<F: Float>(dataset: Dataset, opts: LoadOptions) -> Result<Mnist<F>, DataError> {
    Ok(Source::from_env(dataset).load_raw()?.to_arrays(opts))
}
// ANCHOR_END: load_mnist

/// One split's images and labels as published: bytes, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSplit {
    /// Grey values 0–255: (N, rows, cols).
    pub images: Array3<u8>,
    /// Classes 0–9: (N,).
    pub labels: Array1<u8>,
}

/// A dataset's files read and checked, before any conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMnist {
    /// The training split.
    pub train: RawSplit,
    /// The test split.
    pub test: RawSplit,
}

impl Source {
    /// Finds (or downloads) the four files and reads them: each is parsed, the images checked
    /// for size and the labels for range, the counts of each split compared, and every
    /// content's SHA-256 compared with the published one.
    pub fn load_raw(&self) -> Result<RawMnist, DataError> {
        let paths = self.locate()?;
        // The four files decompress at the same time (the training images take longest).
        let contents = in_parallel(paths.as_refs(), |path| read_content(path))?;
        let train = self.check_split(
            &paths.train_images,
            &contents.train_images,
            &paths.train_labels,
            &contents.train_labels,
        )?;
        let test = self.check_split(
            &paths.test_images,
            &contents.test_images,
            &paths.test_labels,
            &contents.test_labels,
        )?;
        // Checksums last: a damaged file is better described by what is wrong with it.
        let checks = Files::from_array([
            (&paths.train_images, &self.files.train_images, &contents.train_images),
            (&paths.train_labels, &self.files.train_labels, &contents.train_labels),
            (&paths.test_images, &self.files.test_images, &contents.test_images),
            (&paths.test_labels, &self.files.test_labels, &contents.test_labels),
        ]);
        in_parallel(checks, |(path, spec, content)| verify(path, spec, content))?;
        let Files { train_images, train_labels, test_images, test_labels } = contents;
        Ok(RawMnist {
            train: raw_split(train_images, train_labels, train),
            test: raw_split(test_images, test_labels, test),
        })
    }

    /// Parses one split's two files, checks the image size and that the counts agree, and
    /// returns the images' (count, rows, cols).
    fn check_split(
        &self,
        images_path: &Path,
        images: &[u8],
        labels_path: &Path,
        labels: &[u8],
    ) -> Result<(usize, usize, usize), DataError> {
        let idx::Images { count, rows, cols, .. } = idx::parse_images(images, images_path)?;
        let (expected_rows, expected_cols) = self.image_size;
        if (rows, cols) != self.image_size {
            let path = images_path.to_owned();
            return Err(DataError::ImageSize { path, rows, cols, expected_rows, expected_cols });
        }
        let n_labels = idx::parse_labels(labels, labels_path, (CLASSES - 1) as u8)?.len();
        if n_labels != count {
            return Err(DataError::CountMismatch {
                images: images_path.to_owned(),
                n_images: count,
                labels: labels_path.to_owned(),
                n_labels,
            });
        }
        Ok((count, rows, cols))
    }
}

/// A checked split's two contents as arrays, their headers dropped.
fn raw_split(
    mut images: Vec<u8>,
    mut labels: Vec<u8>,
    (count, rows, cols): (usize, usize, usize),
) -> RawSplit {
    images.drain(..idx::IMAGES_HEADER);
    labels.drain(..idx::LABELS_HEADER);
    RawSplit {
        images: Array3::from_shape_vec((count, rows, cols), images).expect("checked: count·rows·cols pixels"),
        labels: Array1::from_vec(labels),
    }
}

/// Compares the SHA-256 of `content` with the one `spec` expects.
fn verify(path: &Path, spec: &FileSpec, content: &[u8]) -> Result<(), DataError> {
    let Some(expected) = &spec.sha256 else { return Ok(()) };
    let found = sha256_hex(content);
    if &found != expected {
        return Err(DataError::ChecksumMismatch { path: path.to_owned(), expected: expected.clone(), found });
    }
    Ok(())
}

/// Runs `f` on the four at once, one thread each; the first error in file order wins.
fn in_parallel<T: Send, U: Send>(
    files: Files<T>,
    f: impl Fn(T) -> Result<U, DataError> + Sync,
) -> Result<Files<U>, DataError> {
    let f = &f;
    thread::scope(|s| {
        let handles = files.into_array().map(|t| s.spawn(move || f(t)));
        Files::from_array(handles).try_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    })
}

impl RawSplit {
    /// How many examples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True if there are no examples.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    // ANCHOR: to_arrays
    /// The images as floats, (N, rows·cols) when flattened or (N, 1, rows, cols), each pixel
    /// p as p/255 when normalised; the labels as indices or one-hot rows.
    pub fn to_arrays<F: Float>(&self, opts: LoadOptions) -> (ArrayD<F>, OwnedTargets<F>) {
        let (n, rows, cols) = self.images.dim();
        // 256 possible pixel values: convert each once, then look them up.
        let scale = if opts.normalize { F::lit(255.0) } else { F::one() };
        let value: [F; 256] = std::array::from_fn(|p| F::lit(p as f64) / scale);
        let pixels = self.images.iter().map(|&p| value[p as usize]);
        let shape = if opts.flatten { vec![n, rows * cols] } else { vec![n, 1, rows, cols] };
        let x = ArrayD::from_shape_vec(IxDyn(&shape), pixels.collect()).expect("n·rows·cols pixels");

        let labels = self.labels.mapv(usize::from);
        let t = if opts.one_hot {
            OwnedTargets::OneHot(one_hot(labels.view(), CLASSES))
        } else {
            OwnedTargets::Labels(labels)
        };
        (x, t)
    }
    // ANCHOR_END: to_arrays
}

impl RawMnist {
    /// Both splits as the arrays `opts` asks for.
    pub fn to_arrays<F: Float>(&self, opts: LoadOptions) -> Mnist<F> {
        let (x_train, t_train) = self.train.to_arrays(opts);
        let (x_test, t_test) = self.test.to_arrays(opts);
        Mnist { x_train, t_train, x_test, t_test }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::for_tests::local_source;
    use crate::data::testing::{COLS, ROWS, TempDir, Tiny, gzip};
    use crate::data::{checksums, fashion_mnist_for_tests, mnist_for_tests};

    /// Loads the tiny dataset after `damage` has changed its files, written uncompressed.
    fn load_damaged(damage: impl FnOnce(&mut Files<Vec<u8>>)) -> (TempDir, DataError) {
        let mut tiny = Tiny::new();
        damage(&mut tiny.contents);
        let dir = TempDir::new("damaged");
        tiny.write(dir.path(), false);
        let err = tiny.source(dir.path()).load_raw().expect_err("damaged data must not load");
        (dir, err)
    }

    fn says(err: &DataError, words: &[&str]) {
        let message = err.to_string();
        for w in words {
            assert!(message.contains(w), "{w:?} is not in: {message}");
        }
    }

    #[test]
    fn raw_and_gzipped_files_load_alike() {
        let tiny = Tiny::new();
        let (raw_dir, gz_dir) = (TempDir::new("raw"), TempDir::new("gz"));
        tiny.write(raw_dir.path(), false);
        tiny.write(gz_dir.path(), true);
        let raw = tiny.source(raw_dir.path()).load_raw().unwrap();
        let gz = tiny.source(gz_dir.path()).load_raw().unwrap();
        assert_eq!(raw, gz);
        assert_eq!(raw.train.images.dim(), (6, ROWS, COLS));
        assert_eq!(raw.test.len(), 3);
        assert_eq!(raw.train.labels.to_vec(), tiny.train_labels);
        assert_eq!(raw.test.labels.to_vec(), tiny.test_labels);
        assert_eq!(raw.train.images[[1, 0, 1]], 60); // image 1, pixel 1: 1·40 + 1·20
    }

    #[test]
    fn a_gzipped_file_without_the_gz_name_still_reads() {
        let tiny = Tiny::new();
        let dir = TempDir::new("gz-no-ext");
        tiny.write(dir.path(), false);
        let name = &tiny.specs.train_images.name;
        std::fs::write(dir.path().join(name), gzip(&tiny.contents.train_images)).unwrap();
        assert!(tiny.source(dir.path()).load_raw().is_ok());
    }

    #[test]
    fn options_shape_the_arrays_as_the_book_does() {
        let tiny = Tiny::new();
        let dir = TempDir::new("options");
        tiny.write(dir.path(), true);
        let raw = tiny.source(dir.path()).load_raw().unwrap();

        let data: Mnist<f32> = raw.to_arrays(LoadOptions::default());
        assert_eq!(data.x_train.shape(), &[6, ROWS * COLS]);
        assert_eq!(data.x_test.shape(), &[3, ROWS * COLS]);
        assert_eq!(data.x_train[[1, 1]], 60.0 / 255.0);
        assert!(matches!(&data.t_train, OwnedTargets::Labels(t) if t.to_vec() == vec![5, 0, 4, 1, 9, 2]));

        let opts = LoadOptions { normalize: false, flatten: false, one_hot: true };
        let data: Mnist<f64> = raw.to_arrays(opts);
        assert_eq!(data.x_train.shape(), &[6, 1, ROWS, COLS]);
        assert_eq!(data.x_train[[1, 0, 0, 1]], 60.0);
        let OwnedTargets::OneHot(t) = &data.t_test else { panic!("one-hot labels were asked for") };
        assert_eq!(t.dim(), (3, CLASSES));
        assert_eq!(t.row(0).to_vec(), vec![0., 0., 0., 0., 0., 0., 0., 1., 0., 0.]);
    }

    #[test]
    fn normalised_pixels_are_what_numpy_computes_in_f32() {
        let tiny = Tiny::new();
        let dir = TempDir::new("f32");
        let mut contents = tiny.contents.clone();
        contents.train_images[16..].iter_mut().enumerate().for_each(|(i, p)| *p = (i * 23 % 256) as u8);
        let tiny = Tiny {
            specs: Files {
                train_images: FileSpec { sha256: None, ..tiny.specs.train_images.clone() },
                ..tiny.specs.clone()
            },
            contents,
            ..tiny
        };
        tiny.write(dir.path(), false);
        let raw = tiny.source(dir.path()).load_raw().unwrap();
        let data: Mnist<f32> = raw.to_arrays(LoadOptions::default());
        for (x, &p) in data.x_train.iter().zip(raw.train.images.iter()) {
            assert_eq!(*x, p as f32 / 255.0_f32);
        }
    }

    #[test]
    fn missing_files_without_download_name_the_file_and_the_folders() {
        let tiny = Tiny::new();
        let dir = TempDir::new("empty");
        let err = tiny.source(dir.path()).load_raw().unwrap_err();
        assert!(matches!(&err, DataError::NotFound { file, .. } if file == "tiny-train-images"), "{err}");
        says(&err, &["tiny-train-images", &dir.path().display().to_string(), "Set MNIST_DIR"]);
    }

    #[test]
    fn a_wrong_magic_number_names_the_file() {
        let (dir, err) = load_damaged(|c| c.test_images = c.test_labels.clone());
        assert!(matches!(err, DataError::BadMagic { found: idx::LABELS_MAGIC, .. }), "{err}");
        says(&err, &[&dir.path().join("tiny-test-images").display().to_string(), "magic number 0x00000801"]);
    }

    #[test]
    fn a_truncated_file_names_the_file() {
        let (_dir, err) = load_damaged(|c| c.train_images.truncate(50));
        assert!(matches!(err, DataError::Truncated { expected: 88, found: 50, .. }), "{err}");
        says(&err, &["tiny-train-images", "truncated", "download it again"]);
        let (_dir, err) = load_damaged(|c| c.train_labels.truncate(3));
        assert!(matches!(err, DataError::Truncated { .. }), "{err}");
        says(&err, &["tiny-train-labels"]);
    }

    #[test]
    fn images_and_labels_must_pair_up() {
        let (_dir, err) = load_damaged(|c| c.test_labels = idx::encode_labels(&[1, 2]));
        assert!(matches!(err, DataError::CountMismatch { n_images: 3, n_labels: 2, .. }), "{err}");
        says(&err, &["tiny-test-images", "tiny-test-labels", "3 images", "2 labels"]);
    }

    #[test]
    fn a_changed_file_fails_its_checksum() {
        let (_dir, err) = load_damaged(|c| c.train_images[20] ^= 1);
        let DataError::ChecksumMismatch { path, expected, found } = &err else { panic!("{err}") };
        assert!(path.ends_with("tiny-train-images"));
        assert_eq!(expected, Tiny::new().specs.train_images.sha256.as_ref().unwrap());
        assert_ne!(expected, found);
        says(&err, &["tiny-train-images", "SHA-256", "delete it"]);
    }

    #[test]
    fn gzip_garbage_names_the_file() {
        let tiny = Tiny::new();
        let name = format!("{}.gz", tiny.specs.test_labels.name);
        let good = gzip(&tiny.contents.test_labels);
        let garbage: [(&str, Vec<u8>); 3] = [
            ("gzip header then noise", [&good[..10], b"this is not deflate data at all"].concat()),
            ("cut short", good[..good.len() - 6].to_vec()),
            ("not gzip at all", b"<html>Not found</html>".to_vec()),
        ];
        for (what, bytes) in garbage {
            let dir = TempDir::new("gzip");
            tiny.write(dir.path(), true);
            std::fs::write(dir.path().join(&name), bytes).unwrap();
            let err = tiny.source(dir.path()).load_raw().unwrap_err();
            assert!(matches!(err, DataError::Gzip { .. }), "{what}: {err}");
            says(&err, &[&name, "gzip"]);
        }
    }

    #[test]
    fn a_label_above_9_names_the_file_and_the_example() {
        let (_dir, err) = load_damaged(|c| c.train_labels[8 + 4] = 12);
        assert!(matches!(err, DataError::BadLabel { index: 4, value: 12, max: 9, .. }), "{err}");
        says(&err, &["tiny-train-labels", "label 12", "example 4"]);
    }

    #[test]
    fn images_of_the_wrong_size_are_refused() {
        let (_dir, err) = load_damaged(|c| c.train_images = idx::encode_images(6, COLS, ROWS, &[0; 72]));
        assert!(
            matches!(err, DataError::ImageSize { rows: 3, cols: 4, expected_rows: 4, expected_cols: 3, .. }),
            "{err}"
        );
        says(&err, &["tiny-train-images", "3×4", "expected 4×3"]);
    }

    #[test]
    fn folders_are_searched_in_order() {
        let tiny = Tiny::new();
        let (first, second) = (TempDir::new("first"), TempDir::new("second"));
        tiny.write(second.path(), true);
        std::fs::write(first.path().join("tiny-test-labels"), &tiny.contents.test_labels).unwrap();
        let source =
            Source { dirs: vec![first.path().into(), second.path().into()], ..tiny.source(first.path()) };
        let paths = source.locate().unwrap();
        assert_eq!(paths.test_labels, first.path().join("tiny-test-labels"));
        assert_eq!(paths.train_images, second.path().join("tiny-train-images.gz"));
        assert!(source.load_raw().is_ok());
    }

    #[test]
    fn datasets_have_names_and_class_names() {
        assert_eq!(Dataset::Mnist.to_string(), "MNIST");
        assert_eq!(Dataset::Fashion.class_names()[9], "Ankle boot");
        assert_eq!(Dataset::default(), Dataset::Mnist);
    }

    #[test]
    fn real_mnist_loads_with_the_published_checksums() {
        let data = mnist_for_tests::<f32>(LoadOptions::default());
        assert_eq!(data.x_train.shape(), &[60000, 784]);
        assert_eq!(data.x_test.shape(), &[10000, 784]);
        let (OwnedTargets::Labels(t_train), OwnedTargets::Labels(t_test)) = (&data.t_train, &data.t_test)
        else {
            panic!("labels were asked for")
        };
        assert_eq!((t_train.len(), t_test.len()), (60000, 10000));
        assert_eq!(t_train[0], 5);
        assert_eq!(t_test[0], 7);
        let (min, max) =
            data.x_train.iter().fold((f32::MAX, f32::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        assert_eq!((min, max), (0.0, 1.0));

        let raw = mnist_for_tests::<f64>(LoadOptions { normalize: false, flatten: false, one_hot: true });
        assert_eq!(raw.x_train.shape(), &[60000, 1, 28, 28]);
        assert!(matches!(&raw.t_test, OwnedTargets::OneHot(t) if t.dim() == (10000, 10)));

        // The same files against a wrong checksum: the SHA-256 really is checked.
        let mut source = local_source(Dataset::Mnist);
        source.files.test_labels.sha256 = Some(checksums::FASHION[3].sha256.to_owned());
        let err = source.load_raw().unwrap_err();
        assert!(
            matches!(&err, DataError::ChecksumMismatch { found, .. } if found == checksums::MNIST[3].sha256),
            "{err}"
        );
        says(&err, &["t10k-labels-idx1-ubyte"]);
    }

    #[test]
    fn real_fashion_mnist_loads_with_the_published_checksums() {
        let data = fashion_mnist_for_tests::<f32>(LoadOptions { flatten: false, ..LoadOptions::default() });
        assert_eq!(data.x_train.shape(), &[60000, 1, 28, 28]);
        assert_eq!(data.x_test.shape(), &[10000, 1, 28, 28]);
        let OwnedTargets::Labels(t_train) = &data.t_train else { panic!("labels were asked for") };
        assert_eq!(t_train[0], 9); // an ankle boot
    }
}
