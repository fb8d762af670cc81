//! A dataset file's content: its bytes, decompressed when the file is gzip.
//!
//! Whether a file is gzip is read from its first two bytes (0x1f 0x8b), not from its name:
//! an IDX file starts with two zero bytes, so the two cannot be confused, and a file that was
//! unpacked without being renamed (or the other way round) still reads.

use std::io::{self, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use super::error::DataError;

/// The first two bytes of every gzip stream.
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// True if `bytes` start like a gzip stream.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&GZIP_MAGIC)
}

/// The content of the file at `path`: decompressed if it is gzip, as it is otherwise.
pub fn read_content(path: &Path) -> Result<Vec<u8>, DataError> {
    let io_error = |source| DataError::Io { path: path.to_owned(), source };
    let bytes = std::fs::read(path).map_err(io_error)?;
    if is_gzip(&bytes) {
        gunzip(&bytes, path)
    } else if path.extension().is_some_and(|e| e == "gz") {
        Err(DataError::Gzip {
            path: path.to_owned(),
            detail: "the file does not start with 0x1f 0x8b".into(),
        })
    } else {
        Ok(bytes)
    }
}

/// Decompresses a whole gzip stream held in memory.
pub fn gunzip(gz: &[u8], path: &Path) -> Result<Vec<u8>, DataError> {
    let mut content = Vec::with_capacity(size_hint(gz));
    MultiGzDecoder::new(gz)
        .read_to_end(&mut content)
        .map_err(|e| DataError::Gzip { path: path.to_owned(), detail: gzip_detail(&e) })?;
    Ok(content)
}

/// The decompressed size a gzip stream announces in its last four bytes (modulo 2³²), capped
/// so that a damaged trailer cannot ask for an absurd allocation.
fn size_hint(gz: &[u8]) -> usize {
    const CAP: usize = 256 << 20;
    match gz.len().checked_sub(4) {
        Some(at) => (u32::from_le_bytes([gz[at], gz[at + 1], gz[at + 2], gz[at + 3]]) as usize).min(CAP),
        None => 0,
    }
}

/// What went wrong decompressing, in words.
pub fn gzip_detail(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => "the stream ends too early".to_owned(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn gzip_is_recognised_by_its_first_bytes() {
        assert!(is_gzip(&gzip(b"abc")));
        assert!(!is_gzip(&[0, 0, 8, 3]));
        assert!(!is_gzip(&[0x1f]));
    }

    #[test]
    fn gunzip_returns_the_original_bytes() {
        let data: Vec<u8> = (0..10_000).map(|i| (i % 251) as u8).collect();
        assert_eq!(gunzip(&gzip(&data), Path::new("a.gz")).unwrap(), data);
    }

    #[test]
    fn a_cut_gzip_stream_is_an_error_not_a_short_file() {
        let data: Vec<u8> = (0..10_000).map(|i| (i * 7 % 251) as u8).collect();
        let gz = gzip(&data);
        let err = gunzip(&gz[..gz.len() / 2], Path::new("a.gz")).unwrap_err();
        assert!(matches!(err, DataError::Gzip { .. }), "{err}");
        assert!(err.to_string().contains("a.gz"), "{err}");
    }
}
