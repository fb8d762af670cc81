//! The chapter's sections, in the book's order: each runs its experiment from the library,
//! prints what the book prints, draws its figures and names every file it wrote.

pub mod batch_norm;
pub mod batch_norm_graph;
pub mod dropout;
pub mod hyperparameters;
pub mod initial_weights;
pub mod optimizers;
pub mod regularisation;

use ch06_techniques::loss_curves::Curves;

/// A section's title, after a blank line.
fn heading(title: &str) {
    println!();
    println!("## {title}");
}

/// The losses printed during a comparison: one row per print, one column per network.
fn print_losses(curves: &Curves) {
    print!("{:>9}", "iteration");
    for label in &curves.labels {
        print!(" {label:>9}");
    }
    println!();
    for (row, &i) in curves.printed_at.iter().enumerate() {
        print!("{i:>9}");
        for printed in &curves.printed {
            print!(" {:>9.4}", printed[row]);
        }
        println!();
    }
}

/// Says where a figure went.
fn wrote(path: &std::path::Path) {
    println!("wrote {}", common::files::shown(path));
}
