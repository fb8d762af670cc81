//! 7.7 The architectures drawn from their layer lists: LeNet-5, AlexNet, VGG-16, and
//! ResNet's residual block.

use std::path::Path;

use anyhow::Result;

use ch07_cnn::layer_diagram::{famous_net_figure, famous_nets, residual_examples, residual_figure, totals};
use common::files::{check_output_dir, shown};
use common::rng::seeded;

pub fn run(seed: u64, figures: &Path) -> Result<()> {
    check_output_dir(figures)?;
    let mut rng = seeded(seed);
    for (file, title, mut net, input) in famous_nets(&mut rng) {
        println!("{title}: {} layers", net.layers.len());
        println!("  {}", totals(&mut net, &input)?);
        let path = figures.join(file);
        famous_net_figure(title, &mut net, &input)?.save(&path)?;
        println!("wrote {}", shown(&path));
    }
    let path = figures.join("residual_block.svg");
    residual_figure(&residual_examples(&mut rng))?.save(&path)?;
    println!("wrote {}", shown(&path));
    Ok(())
}
