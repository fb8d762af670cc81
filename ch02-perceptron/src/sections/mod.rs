//! The chapter's sections as the binary prints them, in the book's order.

pub mod gates;
pub mod learn;
pub mod xor;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Prints a section heading, with a blank line before it unless it is the first line.
pub fn heading(title: &str) {
    static STARTED: AtomicBool = AtomicBool::new(false);
    if STARTED.swap(true, Ordering::Relaxed) {
        println!();
    }
    println!("{title}");
}

/// Prints where a figure went, as a user would type the path.
pub fn figure(path: &Path) {
    println!("  figure: {}", common::files::shown(path));
}
