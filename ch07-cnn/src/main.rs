//! Chapter 07: Convolutional networks.

fn main() {
    println!(
        "Chapter 07 (Convolutional networks) is still to come in this workspace; see book/src/SUMMARY.md."
    );
}
