//! 6.4: dropout drawn, a small network with the hidden units the dropout layer switches off
//! on two training steps.

use std::path::Path;

use anyhow::Result;

use ch06_techniques::dropout_figure::{UNITS, dropout_figure, dropout_masks};

use super::{heading, wrote};

pub fn run(figures: &Path, seed: u64) -> Result<()> {
    let ratio = 0.5;
    heading(&format!("6.4 Dropout: a {UNITS:?} network, hidden units dropped with ratio {ratio}"));
    for (step, kept) in dropout_masks(ratio, seed, 2).iter().enumerate() {
        let marks = |layer: &[bool]| layer.iter().map(|&on| if on { 'o' } else { 'x' }).collect::<String>();
        let hidden: Vec<String> = kept[1..kept.len() - 1].iter().map(|l| marks(l)).collect();
        println!("training step {}: hidden layers {} (o kept, x dropped)", step + 1, hidden.join(" "));
    }
    let path = figures.join("dropout.svg");
    dropout_figure(ratio, seed).save(&path)?;
    wrote(&path);
    Ok(())
}
