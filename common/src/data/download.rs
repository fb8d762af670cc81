//! Downloading a dataset file from its mirrors into the cache.
//!
//! Mirrors are tried in order until one delivers the right content. The bytes go to a
//! temporary `.partial` file while their decompressed content is hashed on the fly; only when
//! the stream is complete and its SHA-256 is the published one is the file renamed to its
//! real name (see [`crate::files::write_atomically`]). A connection that drops, a server that
//! sends the wrong bytes, a program stopped half-way: none leaves a file that a later run
//! would take for data.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use flate2::write::MultiGzDecoder;
use sha2::{Digest, Sha256};

use super::checksums::hex;
use super::content::{gzip_detail, is_gzip};
use super::error::{DataError, DownloadProblem, MirrorFailure};
use super::source::{FileSpec, Source, find_in};
use crate::files::write_atomically;
use crate::progress::Progress;

/// One download at a time in this process: two threads fetching the same file would write
/// the same `.partial` file.
static DOWNLOADING: Mutex<()> = Mutex::new(());

/// Downloads `spec` into `cache` from the first of `source.mirrors` that delivers it.
pub fn download(source: &Source, spec: &FileSpec, cache: &Path) -> Result<PathBuf, DataError> {
    let _one_at_a_time = DOWNLOADING.lock().unwrap_or_else(PoisonError::into_inner);
    // Another thread may have fetched the file while this one waited.
    if let Some(path) = find_in(cache, &spec.name) {
        return Ok(path);
    }
    let agent = agent();
    let mut failures = Vec::new();
    for base in &source.mirrors {
        let url = format!("{base}{}.gz", spec.name);
        eprintln!("Downloading {url} into {}", cache.display());
        match fetch(&agent, &url, spec, cache) {
            Ok(path) => return Ok(path),
            Err(Failure::Mirror(problem)) => {
                eprintln!("  failed: {problem}");
                failures.push(MirrorFailure { url, problem });
            }
            // The cache cannot be written: no other mirror would help.
            Err(Failure::Local(e)) => return Err(*e),
        }
    }
    Err(DataError::DownloadFailed {
        dataset: source.title.clone(),
        file: spec.name.clone(),
        searched: source.search_path(),
        env_var: source.env_var.clone(),
        failures,
    })
}

/// Why one attempt failed: the mirror's fault (try the next one) or ours.
enum Failure {
    Mirror(DownloadProblem),
    Local(Box<DataError>),
}

/// An HTTP client that gives up on a silent server instead of hanging.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(20)))
        .timeout_recv_response(Some(Duration::from_secs(30)))
        .timeout_per_read(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// One attempt: `url` into `cache`, kept only if complete and correct.
fn fetch(agent: &ureq::Agent, url: &str, spec: &FileSpec, cache: &Path) -> Result<PathBuf, Failure> {
    let mut response = agent.get(url).call().map_err(|e| Failure::Mirror(problem_of(e)))?;
    let len = response.body().content_length();
    let mut body = response.body_mut().as_reader();

    // Mirrors serve gzip; a server that decoded it on the way (Content-Encoding) sends the
    // content itself. The first two bytes tell which, and so the name to keep it under.
    let mut head = Vec::with_capacity(2);
    (&mut body).take(2).read_to_end(&mut head).map_err(|e| Failure::Mirror(network(&e)))?;
    let gzip = is_gzip(&head);
    let dest = cache.join(if gzip { format!("{}.gz", spec.name) } else { spec.name.clone() });

    let mut progress = Progress::bytes(len.unwrap_or(0), spec.name.clone());
    let written = write_atomically(&dest, |out| {
        let mut hasher = ContentHasher::new(gzip);
        let mut buf = vec![0; 64 * 1024];
        let mut n = head.len();
        buf[..n].copy_from_slice(&head);
        while n > 0 {
            out.write_all(&buf[..n])?;
            hasher.update(&buf[..n])?;
            progress.inc(n as u64);
            n = body.read(&mut buf).map_err(|e| io::Error::other(network(&e)))?;
        }
        let found = hasher.finish()?;
        match &spec.sha256 {
            Some(expected) if *expected != found => {
                Err(io::Error::other(DownloadProblem::Checksum { expected: expected.clone(), found }))
            }
            _ => Ok(()),
        }
    });
    progress.finish();
    match written {
        Ok(()) => Ok(dest),
        Err(e) => Err(match e.downcast::<DownloadProblem>() {
            Ok(problem) => Failure::Mirror(problem),
            Err(source) => Failure::Local(Box::new(DataError::Io { path: dest, source })),
        }),
    }
}

/// The SHA-256 of a download's content, fed the bytes as they arrive (decompressing them
/// first if they are gzip).
enum ContentHasher {
    Gzip(Box<MultiGzDecoder<Sha256>>),
    Raw(Sha256),
}

impl ContentHasher {
    fn new(gzip: bool) -> Self {
        if gzip {
            ContentHasher::Gzip(Box::new(MultiGzDecoder::new(Sha256::new())))
        } else {
            ContentHasher::Raw(Sha256::new())
        }
    }

    fn update(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            ContentHasher::Gzip(gz) => gz.write_all(bytes).map_err(bad_gzip),
            ContentHasher::Raw(sha) => {
                sha.update(bytes);
                Ok(())
            }
        }
    }

    /// The hash in hex; an error if a gzip stream is incomplete.
    fn finish(self) -> io::Result<String> {
        let sha = match self {
            ContentHasher::Gzip(gz) => gz.finish().map_err(bad_gzip)?,
            ContentHasher::Raw(sha) => sha,
        };
        Ok(hex(&sha.finalize()))
    }
}

fn bad_gzip(e: io::Error) -> io::Error {
    io::Error::other(DownloadProblem::Gzip(gzip_detail(&e)))
}

fn network(e: &io::Error) -> DownloadProblem {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => {
            DownloadProblem::Network("the connection closed before the end".into())
        }
        _ => DownloadProblem::Network(e.to_string()),
    }
}

fn problem_of(e: ureq::Error) -> DownloadProblem {
    match e {
        ureq::Error::StatusCode(code) => DownloadProblem::Status(code),
        ureq::Error::Io(e) => network(&e),
        other => DownloadProblem::Network(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::data::test_server::{Behaviour, Server, dead_url};
    use crate::data::testing::{TempDir, Tiny, gzip};

    fn gz_names(tiny: &Tiny) -> Vec<String> {
        let mut names: Vec<String> =
            tiny.specs.as_refs().into_array().iter().map(|s| format!("{}.gz", s.name)).collect();
        names.sort();
        names
    }

    fn failures(err: &DataError) -> &[MirrorFailure] {
        match err {
            DataError::DownloadFailed { failures, .. } => failures,
            other => panic!("expected a download failure, got: {other}"),
        }
    }

    #[test]
    fn a_good_mirror_fills_the_cache_and_the_next_load_needs_no_network() {
        let tiny = Tiny::new();
        let server = Server::start(tiny.served(), Behaviour::Good);
        let cache = TempDir::new("good");
        let raw = tiny.downloading(cache.path(), &[&server]).load_raw().unwrap();
        assert_eq!(raw.train.labels.to_vec(), tiny.train_labels);
        assert_eq!(cache.listing(), gz_names(&tiny), "the four files, and nothing else, are cached");
        assert_eq!(server.requests().len(), 4);

        let again = tiny.downloading(cache.path(), &[&server]).load_raw().unwrap();
        assert_eq!(again, raw);
        assert_eq!(server.requests().len(), 4, "the second load reads the cache");
        let offline = Source { mirrors: vec![dead_url()], ..tiny.downloading(cache.path(), &[]) };
        assert_eq!(offline.load_raw().unwrap(), raw);
    }

    #[test]
    fn threads_loading_at_once_share_one_download() {
        let tiny = Tiny::new();
        let server = Server::start(tiny.served(), Behaviour::Good);
        let cache = TempDir::new("threads");
        let source = tiny.downloading(cache.path(), &[&server]);
        let loaded: Vec<_> = std::thread::scope(|s| {
            let loads: Vec<_> = (0..4).map(|_| s.spawn(|| source.load_raw())).collect();
            loads.into_iter().map(|h| h.join().unwrap().unwrap()).collect()
        });
        assert!(loaded.iter().all(|raw| raw == &loaded[0]));
        assert_eq!(server.requests().len(), 4, "each file was downloaded once");
        assert_eq!(cache.listing(), gz_names(&tiny));
    }

    #[test]
    fn a_connection_dropped_halfway_leaves_no_file_that_passes_as_data() {
        let tiny = Tiny::new();
        let cache = TempDir::new("dropped");
        let dropping = Server::start(tiny.served(), Behaviour::DropsHalfway);
        let err = tiny.downloading(cache.path(), &[&dropping]).load_raw().unwrap_err();
        let [failure] = failures(&err) else { panic!("one mirror, one failure: {err}") };
        assert!(matches!(failure.problem, DownloadProblem::Network(_) | DownloadProblem::Gzip(_)), "{err}");
        assert!(err.to_string().contains("tiny-train-images"), "{err}");
        assert_eq!(cache.listing(), Vec::<String>::new(), "nothing is left behind");

        let good = Server::start(tiny.served(), Behaviour::Good);
        assert!(tiny.downloading(cache.path(), &[&good]).load_raw().is_ok());
        assert_eq!(cache.listing(), gz_names(&tiny));
    }

    #[test]
    fn wrong_bytes_fail_the_checksum_and_name_the_file() {
        let tiny = Tiny::new();
        let mut served = tiny.served();
        let other = crate::data::idx::encode_labels(&[1, 2, 3]);
        served.insert("/tiny-test-labels.gz".into(), gzip(&other));
        let server = Server::start(served, Behaviour::Good);
        let cache = TempDir::new("wrong");
        let err = tiny.downloading(cache.path(), &[&server]).load_raw().unwrap_err();
        let [failure] = failures(&err) else { panic!("{err}") };
        let DownloadProblem::Checksum { expected, found } = &failure.problem else { panic!("{err}") };
        assert_eq!(Some(expected), tiny.specs.test_labels.sha256.as_ref());
        assert_eq!(found, &crate::data::checksums::sha256_hex(&other));
        let message = err.to_string();
        assert!(message.contains("tiny-test-labels") && message.contains("SHA-256"), "{message}");
        assert!(!cache.listing().iter().any(|n| n.starts_with("tiny-test-labels")), "{:?}", cache.listing());
    }

    #[test]
    fn gzip_garbage_from_a_mirror_is_refused() {
        let tiny = Tiny::new();
        let mut served = tiny.served();
        served.insert("/tiny-train-images.gz".into(), [&[0x1f, 0x8b][..], &[0xff; 100]].concat());
        let server = Server::start(served, Behaviour::Good);
        let cache = TempDir::new("garbage");
        let err = tiny.downloading(cache.path(), &[&server]).load_raw().unwrap_err();
        assert!(matches!(failures(&err), [MirrorFailure { problem: DownloadProblem::Gzip(_), .. }]), "{err}");
        assert!(cache.listing().is_empty(), "{:?}", cache.listing());
    }

    #[test]
    fn a_failing_mirror_falls_back_to_the_next() {
        let tiny = Tiny::new();
        let missing = Server::start(HashMap::new(), Behaviour::NotFound);
        let good = Server::start(tiny.served(), Behaviour::Good);
        let cache = TempDir::new("fallback");
        let source = Source {
            mirrors: vec![missing.base_url(), dead_url(), good.base_url()],
            ..tiny.downloading(cache.path(), &[])
        };
        assert!(source.load_raw().is_ok());
        assert_eq!(missing.requests().len(), 4, "each file was asked of the first mirror");
        assert_eq!(good.requests().len(), 4);
        assert_eq!(cache.listing(), gz_names(&tiny));
    }

    #[test]
    fn no_data_and_no_network_says_where_it_looked_and_what_to_do() {
        let tiny = Tiny::new();
        let (data, cache) = (TempDir::new("nodata"), TempDir::new("nocache"));
        let source = Source {
            dirs: vec![data.path().into()],
            mirrors: vec![dead_url()],
            ..tiny.downloading(cache.path(), &[])
        };
        let err = source.load_raw().unwrap_err();
        let message = err.to_string();
        for words in [
            "tiny-train-images",
            &data.path().display().to_string(),
            &cache.path().display().to_string(),
            "127.0.0.1",
            "set MNIST_DIR",
            "Check the network connection",
        ] {
            assert!(message.contains(words), "{words:?} is not in: {message}");
        }
        assert_eq!(failures(&err).len(), 1);
    }

    #[test]
    fn content_a_server_sent_decompressed_is_kept_uncompressed() {
        let tiny = Tiny::new();
        let served: HashMap<String, Vec<u8>> = tiny
            .served()
            .into_iter()
            .map(|(path, gz)| (path, crate::data::content::gunzip(&gz, Path::new("x")).unwrap()))
            .collect();
        let server = Server::start(served, Behaviour::Good);
        let cache = TempDir::new("plain");
        assert!(tiny.downloading(cache.path(), &[&server]).load_raw().is_ok());
        let mut names: Vec<String> =
            tiny.specs.as_refs().into_array().iter().map(|s| s.name.clone()).collect();
        names.sort();
        assert_eq!(cache.listing(), names);
    }

    #[test]
    fn a_cache_that_cannot_be_written_stops_at_the_first_mirror() {
        let tiny = Tiny::new();
        let dir = TempDir::new("blocked");
        let blocked = dir.path().join("not-a-folder");
        std::fs::write(&blocked, b"a file where the cache folder should be").unwrap();
        let (first, second) =
            (Server::start(tiny.served(), Behaviour::Good), Server::start(tiny.served(), Behaviour::Good));
        let err = tiny.downloading(&blocked, &[&first, &second]).load_raw().unwrap_err();
        assert!(matches!(&err, DataError::Io { path, .. } if path.starts_with(&blocked)), "{err}");
        assert_eq!(second.requests().len(), 0);
    }

    /// `load_mnist` itself, in a child process with the environment a user would set:
    /// no MNIST_DIR, the cache in DLFS_DATA_DIR, the mirror in DLFS_MNIST_MIRRORS (a local
    /// server that serves the real files, found where this process's tests find them).
    #[test]
    fn load_mnist_downloads_where_the_environment_says() {
        let files = crate::data::mnist_files_for_tests();
        let served: HashMap<String, Vec<u8>> = files
            .into_array()
            .into_iter()
            .zip(crate::data::checksums::MNIST)
            .map(|(path, f)| {
                let bytes = std::fs::read(&path).unwrap();
                let gz = if is_gzip(&bytes) { bytes } else { gzip(&bytes) };
                (format!("/mnist/{}.gz", f.name), gz)
            })
            .collect();
        let server = Server::start(served, Behaviour::Good);
        let data_dir = TempDir::new("env");
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "data::download::tests::child_loads_mnist", "--ignored", "--nocapture"])
            .env_remove("MNIST_DIR")
            .env("DLFS_DATA_DIR", data_dir.path())
            .env("DLFS_MNIST_MIRRORS", format!("{}mnist", server.base_url()))
            .env("DLFS_TEST_CHILD", "1")
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(server.requests().len(), 4);
        let cached = data_dir.path().join("mnist");
        assert!(cached.join("train-images-idx3-ubyte.gz").is_file());
        assert_eq!(std::fs::read_dir(&cached).unwrap().count(), 4);
    }

    #[test]
    #[ignore = "run by load_mnist_downloads_where_the_environment_says"]
    fn child_loads_mnist() {
        if std::env::var_os("DLFS_TEST_CHILD").is_none() {
            return;
        }
        let data = crate::data::load_mnist::<f32>(crate::data::Dataset::Mnist, Default::default()).unwrap();
        assert_eq!(data.x_train.shape(), &[60000, 784]);
        assert_eq!(data.x_test.shape(), &[10000, 784]);
    }
}
