//! Redraws DeepConvNet's accuracy figure from the output of a `deep` training run, without
//! training again (twenty minutes): the per-epoch lines it printed hold every number the
//! figure shows.
//!
//! ```text
//! cargo run --release -p ch07-cnn --example deep_accuracy_figure -- RUN.txt OUT.svg
//! ```
//!
//! `book/src/ch07/regenerate.sh` runs it on the captured run, `book/src/ch07/output/deep-train.txt`.

use std::path::Path;

use anyhow::{Context, Result, bail};

use ch07_cnn::train_figures::accuracy_figure;
use common::trainer::History;

/// The accuracies of the lines `=== epoch:N, train acc:X, test acc:Y === …`, in order.
fn read_run(text: &str) -> Result<History> {
    let mut history = History::default();
    for line in text.lines().filter(|l| l.starts_with("=== epoch:")) {
        let number = |key: &str| -> Result<f64> {
            let rest = line.split(key).nth(1).with_context(|| format!("no {key:?} in {line:?}"))?;
            let digits: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            digits.parse().with_context(|| format!("no number after {key:?} in {line:?}"))
        };
        history.train_acc_list.push(number("train acc:")?);
        history.test_acc_list.push(number("test acc:")?);
    }
    if history.test_acc_list.len() < 2 {
        bail!("fewer than two `=== epoch:` lines: is this the output of `ch07-cnn deep`?");
    }
    Ok(history)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [run, out] = &args[..] else {
        bail!("usage: deep_accuracy_figure RUN.txt OUT.svg");
    };
    let text = std::fs::read_to_string(run).with_context(|| format!("cannot read {run}"))?;
    let history = read_run(&text).with_context(|| run.clone())?;
    accuracy_figure(Path::new(out), &history, "DeepConvNet on MNIST: accuracy per epoch")?;
    println!("wrote {out}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epoch_lines_give_the_accuracies_in_order() {
        let text = "DeepConvNet, …\n=== epoch:0, train acc:0.107, test acc:0.102 === (1.4 s)\n\
                    === epoch:1, train acc:0.976, test acc:0.975 === (153.2 s)\n=== epoch:2, train acc:1, test acc:0.99 === (1 s)\n";
        let h = read_run(text).unwrap();
        assert_eq!(h.train_acc_list, vec![0.107, 0.976, 1.0]);
        assert_eq!(h.test_acc_list, vec![0.102, 0.975, 0.99]);
        assert!(read_run("no epochs here").is_err());
    }
}
