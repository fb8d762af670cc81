//! 6.4: overfitting 300 images, and weight decay and dropout against it, as the book's
//! `overfit_weight_decay.py` and `overfit_dropout.py` print it.

use std::path::Path;

use anyhow::Result;

use ch06_techniques::overfit::{self, Settings};
use common::data::Mnist;

use super::{heading, wrote};

pub fn run(data: &Mnist<f32>, figures: &Path, settings: Settings) -> Result<()> {
    heading(&format!(
        "6.4 Overfitting {} images: {} epochs plain and with weight decay, {} with dropout (every {}th epoch shown)",
        settings.train_size, settings.epochs, settings.dropout_epochs, settings.print_every
    ));
    let runs = overfit::run(data, &settings)?;
    // The book's lines `epoch:0, train acc:…, test acc:…` every `print_every` epochs (and the
    // last), then the gap between training and test accuracy at the end.
    for (kind, history) in &runs {
        println!("=== {} ===", kind.title(&settings));
        let last = history.train_acc_list.len() - 1;
        for (epoch, (train, test)) in history.train_acc_list.iter().zip(&history.test_acc_list).enumerate() {
            if epoch % settings.print_every.max(1) == 0 || epoch == last {
                println!("epoch:{epoch}, train acc:{train:.4}, test acc:{test:.4}");
            }
        }
    }
    println!();
    println!("{:<22} {:>9} {:>9} {:>9}", "after the last epoch", "train", "test", "gap");
    for (kind, history) in &runs {
        let (train, test) = (history.train_acc_list.last().unwrap(), history.test_acc_list.last().unwrap());
        println!("{:<22} {train:>9.4} {test:>9.4} {:>9.4}", kind.title(&settings), train - test);
    }
    for (kind, history) in &runs {
        let path = figures.join(kind.file_name());
        overfit::draw(&path, *kind, history, &settings)?;
        wrote(&path);
    }
    Ok(())
}
