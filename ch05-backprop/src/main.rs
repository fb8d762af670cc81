//! Chapter 05: Backpropagation.

fn main() {
    println!("Chapter 05 (Backpropagation) is still to come in this workspace; see book/src/SUMMARY.md.");
}
