//! Chapter 04: Training: losses, numerical gradients and learning.

fn main() {
    println!(
        "Chapter 04 (Training: losses, numerical gradients and learning) is still to come in this workspace; see book/src/SUMMARY.md."
    );
}
