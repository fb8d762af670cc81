//! Chapter 06: Training techniques.

fn main() {
    println!("Chapter 06 (Training techniques) is still to come in this workspace; see book/src/SUMMARY.md.");
}
