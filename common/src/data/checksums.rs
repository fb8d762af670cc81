//! The SHA-256 of each dataset file's decompressed content, and where the files are served.
//!
//! The hash is taken over the decompressed bytes, not over the `.gz` file: the same content
//! can be gzipped in many ways (Debian, for one, recompresses Fashion-MNIST), and it is the
//! content that must be right.

use sha2::{Digest, Sha256};

/// SHA-256 of `bytes`, as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex digits of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One file of a published dataset: its name on the mirrors (without `.gz`) and the SHA-256 of
/// its decompressed content.
#[derive(Debug, Clone, Copy)]
pub struct Published {
    /// The file name, as in `train-images-idx3-ubyte`.
    pub name: &'static str,
    /// SHA-256 of the decompressed content, hex.
    pub sha256: &'static str,
}

/// A dataset's four files, in the order train images, train labels, test images, test labels.
pub type Table = [Published; 4];

/// MNIST (LeCun, Cortes, Burges): 60,000 training and 10,000 test digits.
pub const MNIST: Table = [
    Published {
        name: "train-images-idx3-ubyte",
        sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    },
    Published {
        name: "train-labels-idx1-ubyte",
        sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    },
    Published {
        name: "t10k-images-idx3-ubyte",
        sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    },
    Published {
        name: "t10k-labels-idx1-ubyte",
        sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    },
];

/// Public mirrors of MNIST's `.gz` files, tried in this order (yann.lecun.com, the original
/// site, no longer serves them reliably).
pub const MNIST_MIRRORS: [&str; 3] = [
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "https://raw.githubusercontent.com/fgnt/mnist/master/",
];

/// Fashion-MNIST (Xiao, Rasul, Vollgraf; Zalando Research): 60,000 training and 10,000 test
/// images of clothes, ten classes, in MNIST's format and sizes.
pub const FASHION: Table = [
    Published {
        name: "train-images-idx3-ubyte",
        sha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    },
    Published {
        name: "train-labels-idx1-ubyte",
        sha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    },
    Published {
        name: "t10k-images-idx3-ubyte",
        sha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    },
    Published {
        name: "t10k-labels-idx1-ubyte",
        sha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    },
];

/// Public mirrors of Fashion-MNIST's `.gz` files, tried in this order: the project's own
/// site (plain HTTP; the checksums guard the content) and its repository.
pub const FASHION_MIRRORS: [&str; 2] = [
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
];

/// Where Debian's `dataset-fashion-mnist` package installs the four files.
pub const FASHION_DEBIAN_DIR: &str = "/usr/share/datasets/fashion-mnist";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_a_known_string() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn every_table_entry_is_a_sha256_in_hex() {
        for entry in MNIST.iter().chain(&FASHION) {
            assert_eq!(entry.sha256.len(), 64, "{}", entry.name);
            assert!(entry.sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        }
    }
}
