//! The IDX format MNIST is published in: a big-endian header, then the values, one byte each.
//!
//! ```text
//! images: 0x00000803  count  rows  cols  pixels (count·rows·cols bytes, row by row)
//! labels: 0x00000801  count  labels (count bytes)
//! ```
//! The magic number reads: two zero bytes, the value type (0x08 = unsigned byte) and the
//! number of dimensions (3 for images, 1 for labels). Each header field is a u32.
//!
//! The parser checks everything a damaged or wrong file can get wrong (magic number,
//! length, label range) and returns a [`DataError`] naming the file, never a panic.

use std::path::Path;

use super::error::DataError;

/// Magic number of an IDX file of unsigned bytes in 3 dimensions (images).
pub const IMAGES_MAGIC: u32 = 0x0000_0803;
/// Magic number of an IDX file of unsigned bytes in 1 dimension (labels).
pub const LABELS_MAGIC: u32 = 0x0000_0801;
/// Bytes before the pixels of an images file: magic, count, rows, cols.
pub const IMAGES_HEADER: usize = 16;
/// Bytes before the labels of a labels file: magic, count.
pub const LABELS_HEADER: usize = 8;

// ANCHOR: idx_images
/// The images of an IDX file, borrowed from its bytes.
#[derive(Debug, Clone, Copy)]
pub struct Images<'a> {
    /// How many images.
    pub count: usize,
    /// Rows of each image.
    pub rows: usize,
    /// Columns of each image.
    pub cols: usize,
    /// `count·rows·cols` grey values 0–255, image after image, row after row.
    pub pixels: &'a [u8],
}

/// Reads the header of an IDX images file and checks that its length matches.
pub fn parse_images<'a>(bytes: &'a [u8], path: &Path) -> Result<Images<'a>, DataError> {
    let header = header(bytes, path, IMAGES_MAGIC, "images", IMAGES_HEADER / 4)?;
    let [count, rows, cols] = [header[1], header[2], header[3]].map(|v| v as usize);
    let pixels = body(bytes, path, IMAGES_HEADER, [count, rows, cols])?;
    Ok(Images { count, rows, cols, pixels })
}
// ANCHOR_END: idx_images

// ANCHOR: idx_labels
/// Reads an IDX labels file, checking that every label is at most `max`.
pub fn parse_labels<'a>(bytes: &'a [u8], path: &Path, max: u8) -> Result<&'a [u8], DataError> {
    let header = header(bytes, path, LABELS_MAGIC, "labels", LABELS_HEADER / 4)?;
    let labels = body(bytes, path, LABELS_HEADER, [header[1] as usize, 1, 1])?;
    if let Some(index) = labels.iter().position(|&l| l > max) {
        return Err(DataError::BadLabel { path: path.to_owned(), index, value: labels[index], max });
    }
    Ok(labels)
}
// ANCHOR_END: idx_labels

/// The first `fields` big-endian u32 of the file, the first being the expected magic number.
fn header(
    bytes: &[u8],
    path: &Path,
    magic: u32,
    kind: &'static str,
    fields: usize,
) -> Result<[u32; 4], DataError> {
    let mut header = [0u32; 4];
    let size = 4 * fields;
    // A file too short to hold even its magic number is reported as truncated; one whose
    // magic number is wrong is reported as such however long it is.
    if bytes.len() >= 4 {
        let found = be_u32(&bytes[..4]);
        if found != magic {
            return Err(DataError::BadMagic { path: path.to_owned(), kind, expected: magic, found });
        }
    }
    if bytes.len() < size {
        return Err(DataError::Truncated {
            path: path.to_owned(),
            expected: size as u64,
            found: bytes.len() as u64,
        });
    }
    for (i, field) in header.iter_mut().take(fields).enumerate() {
        *field = be_u32(&bytes[4 * i..4 * i + 4]);
    }
    Ok(header)
}

/// The data after a `start`-byte header, which must be exactly the product of `dims` bytes.
fn body<'a>(bytes: &'a [u8], path: &Path, start: usize, dims: [usize; 3]) -> Result<&'a [u8], DataError> {
    // u64 arithmetic: three u32 factors cannot overflow it as a product of two, and a
    // nonsense header (4e9 × 4e9 × 4e9) saturates rather than wrapping.
    let len = (dims[0] as u64).saturating_mul(dims[1] as u64).saturating_mul(dims[2] as u64);
    let expected = len.saturating_add(start as u64);
    let found = bytes.len() as u64;
    if found < expected {
        return Err(DataError::Truncated { path: path.to_owned(), expected, found });
    }
    if found > expected {
        return Err(DataError::TrailingBytes { path: path.to_owned(), expected, extra: found - expected });
    }
    Ok(&bytes[start..])
}

fn be_u32(four: &[u8]) -> u32 {
    u32::from_be_bytes([four[0], four[1], four[2], four[3]])
}

/// The bytes of an IDX images file (the inverse of [`parse_images`]), for tests and for
/// writing small datasets of one's own.
pub fn encode_images(count: usize, rows: usize, cols: usize, pixels: &[u8]) -> Vec<u8> {
    assert_eq!(pixels.len(), count * rows * cols, "count·rows·cols pixels are needed");
    let mut bytes = Vec::with_capacity(16 + pixels.len());
    for v in [IMAGES_MAGIC, count as u32, rows as u32, cols as u32] {
        bytes.extend_from_slice(&v.to_be_bytes());
    }
    bytes.extend_from_slice(pixels);
    bytes
}

/// The bytes of an IDX labels file (the inverse of [`parse_labels`]).
pub fn encode_labels(labels: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(8 + labels.len());
    for v in [LABELS_MAGIC, labels.len() as u32] {
        bytes.extend_from_slice(&v.to_be_bytes());
    }
    bytes.extend_from_slice(labels);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> &'static Path {
        Path::new("x-idx3-ubyte")
    }

    #[test]
    fn images_round_trip_through_the_format() {
        let pixels: Vec<u8> = (0..2 * 3 * 4).map(|v| v as u8).collect();
        let bytes = encode_images(2, 3, 4, &pixels);
        assert_eq!(&bytes[..4], &[0, 0, 8, 3]);
        let images = parse_images(&bytes, path()).unwrap();
        assert_eq!((images.count, images.rows, images.cols), (2, 3, 4));
        assert_eq!(images.pixels, &pixels[..]);
    }

    #[test]
    fn labels_round_trip_through_the_format() {
        let bytes = encode_labels(&[5, 0, 4, 1, 9]);
        assert_eq!(parse_labels(&bytes, path(), 9).unwrap(), &[5, 0, 4, 1, 9]);
        assert!(parse_labels(&encode_labels(&[]), path(), 9).unwrap().is_empty());
    }

    #[test]
    fn a_labels_file_is_not_read_as_images() {
        let err = parse_images(&encode_labels(&[1, 2, 3]), path()).unwrap_err();
        assert!(matches!(err, DataError::BadMagic { found: LABELS_MAGIC, expected: IMAGES_MAGIC, .. }));
        assert!(err.to_string().contains("0x00000801"), "{err}");
    }

    #[test]
    fn a_short_or_long_file_is_refused() {
        let bytes = encode_images(2, 2, 2, &[7; 8]);
        for cut in [0, 3, 10, 15, 16, 23] {
            let err = parse_images(&bytes[..cut], path()).unwrap_err();
            assert!(matches!(err, DataError::Truncated { .. }), "cut at {cut}: {err}");
        }
        let mut long = bytes.clone();
        long.push(0);
        let err = parse_images(&long, path()).unwrap_err();
        assert!(matches!(err, DataError::TrailingBytes { extra: 1, .. }), "{err}");
    }

    #[test]
    fn an_absurd_header_does_not_overflow() {
        let mut bytes = encode_images(1, 1, 1, &[0]);
        bytes[4..16].fill(0xff);
        assert!(matches!(parse_images(&bytes, path()).unwrap_err(), DataError::Truncated { .. }));
    }

    #[test]
    fn a_label_above_the_largest_class_is_refused() {
        let err = parse_labels(&encode_labels(&[3, 9, 10, 2]), path(), 9).unwrap_err();
        assert!(matches!(err, DataError::BadLabel { index: 2, value: 10, max: 9, .. }), "{err}");
    }
}
