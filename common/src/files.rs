//! Writing files so that an interrupted run never leaves one that looks finished.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};

/// Writes `path` by writing a temporary file beside it and renaming it into place when
/// `write` has succeeded. If the program stops half-way, only the temporary file (with a
/// `.partial` name no reader looks for) is left behind.
pub fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<T>,
) -> io::Result<T> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    let tmp = partial_path(path);
    let result = (|| {
        let mut out = BufWriter::new(File::create(&tmp)?);
        let value = write(&mut out)?;
        out.flush()?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        Ok(value)
    })();
    match result.and_then(|value| fs::rename(&tmp, path).map(|()| value)) {
        Ok(value) => Ok(value),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// An output path that cannot be written, found before the work starts.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{path} is a file, not a folder: give a folder (it is created if missing)")]
    NotAFolder { path: PathBuf },
    #[error("{path} is a folder: give the name of the file to write (for example {path}/params.npz)")]
    IsAFolder { path: PathBuf },
    #[error("cannot write into {path}: {source}")]
    NotWritable { path: PathBuf, source: io::Error },
}

/// Checks, before any work, that files can be written into the folder `dir`: it is a folder
/// (created, with its parents, if missing) and a file can be created in it. Also removes stale
/// temporary files that interrupted runs left there ([`remove_stale_partials`]).
pub fn check_output_dir(dir: &Path) -> Result<(), OutputError> {
    if dir.exists() && !dir.is_dir() {
        return Err(OutputError::NotAFolder { path: dir.to_owned() });
    }
    let not_writable = |source| OutputError::NotWritable { path: dir.to_owned(), source };
    fs::create_dir_all(dir).map_err(not_writable)?;
    let probe = dir.join(format!(".write-check.{}.partial", std::process::id()));
    File::create(&probe).map_err(not_writable)?;
    let _ = fs::remove_file(&probe);
    remove_stale_partials(dir);
    Ok(())
}

/// Checks, before any work, that `path` can be written as a file: it is not a folder, and its
/// folder can be written into ([`check_output_dir`]).
pub fn check_output_file(path: &Path) -> Result<(), OutputError> {
    if path.is_dir() {
        return Err(OutputError::IsAFolder { path: path.to_owned() });
    }
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => check_output_dir(dir),
        None => check_output_dir(Path::new(".")),
    }
}

/// Removes the temporary files ([`partial_path`]: `.NAME.PID.partial`) that runs of this
/// workspace left in `dir` when they were killed, those whose process is no longer running.
/// Returns how many it removed. Where running processes cannot be listed (outside Linux) it
/// removes nothing.
pub fn remove_stale_partials(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = partial_pid(&name) else { continue };
        if pid != std::process::id() && !process_is_running(pid) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The process id in a temporary name `.NAME.PID.partial`.
fn partial_pid(name: &str) -> Option<u32> {
    let stem = name.strip_prefix('.')?.strip_suffix(".partial")?;
    stem.rsplit_once('.')?.1.parse().ok()
}

fn process_is_running(pid: u32) -> bool {
    if cfg!(target_os = "linux") { Path::new(&format!("/proc/{pid}")).exists() } else { true }
}

/// The temporary name used while `path` is being written: `.name.partial` in the same
/// directory, so the final rename is atomic.
pub fn partial_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.partial", std::process::id()))
}

/// A path as a user would type it: without `..` detours, and relative to the current folder
/// when it lies inside it (`ch07-cnn/out/params.npz`, not `/home/…/ch07-cnn/../ch07-cnn/out/…`).
pub fn shown(path: &Path) -> String {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|here| here.join(path)).unwrap_or_else(|_| path.to_path_buf())
    };
    let mut clean = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::ParentDir if clean.file_name().is_some() => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    let here = std::env::current_dir().ok();
    match here.as_deref().and_then(|h| clean.strip_prefix(h).ok()) {
        Some(relative) if !relative.as_os_str().is_empty() => relative.display().to_string(),
        _ => clean.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_no_file_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let path = dir.join("out.txt");
        let result: io::Result<()> = write_atomically(&path, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("interrupted"))
        });
        assert!(result.is_err());
        assert!(!path.exists());
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 0, "no partial file is left");
        write_atomically(&path, |w| w.write_all(b"whole")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "whole");
        // A folder in the way of the final rename: the error, and still no partial file.
        let folder = dir.join("taken");
        fs::create_dir(&folder).unwrap();
        assert!(write_atomically(&folder, |w| w.write_all(b"data")).is_err());
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 2, "out.txt and the folder only");
    }

    #[test]
    fn output_paths_are_checked_before_the_work() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a-file");
        fs::write(&file, b"x").unwrap();
        assert!(matches!(check_output_dir(&file), Err(OutputError::NotAFolder { .. })));
        assert!(matches!(check_output_file(tmp.path()), Err(OutputError::IsAFolder { .. })));
        let under_a_file = file.join("figures");
        assert!(matches!(check_output_dir(&under_a_file), Err(OutputError::NotWritable { .. })));
        let new = tmp.path().join("new/deeper");
        check_output_dir(&new).unwrap();
        assert!(new.is_dir());
        check_output_file(&new.join("params.npz")).unwrap();
        assert_eq!(fs::read_dir(&new).unwrap().count(), 0, "the check leaves nothing behind");
    }

    #[test]
    fn stale_partial_files_of_dead_processes_are_removed_and_others_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dead = tmp.path().join(".params.npz.4000000000.partial"); // no such process
        let mine = partial_path(&tmp.path().join("params.npz"));
        let other = tmp.path().join("notes.partial"); // not one of ours
        for f in [&dead, &mine, &other] {
            fs::write(f, b"half").unwrap();
        }
        let removed = remove_stale_partials(tmp.path());
        if cfg!(target_os = "linux") {
            assert_eq!(removed, 1);
            assert!(!dead.exists());
        }
        assert!(mine.exists() && other.exists());
        assert_eq!(partial_pid(".train_loss.svg.123.partial"), Some(123));
        assert_eq!(partial_pid("train_loss.svg"), None);
    }

    #[test]
    fn shown_paths_lose_their_detours_and_are_relative_to_the_current_folder() {
        let here = std::env::current_dir().unwrap();
        assert_eq!(shown(&here.join("a/../b/./c.svg")), "b/c.svg");
        assert_eq!(shown(Path::new("x/y/../z.npz")), "x/z.npz");
        assert_eq!(shown(Path::new("/elsewhere/../tmp/f.svg")), "/tmp/f.svg");
    }
}
