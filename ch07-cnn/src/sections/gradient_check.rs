//! 7.5 Gradient check: backprop against numerical gradients on a small SimpleConvNet (f64).

use anyhow::Result;

use ch07_cnn::gradient_check::{gradient_check, small_config};
use ch07_cnn::report::architecture;
use common::rng::seeded;

pub fn run(seed: u64) -> Result<()> {
    let config = small_config(0.3);
    print!("{}", architecture(&config)?);
    println!("one random image x ∈ [0, 1), label 1, in f64; mean |backprop − numerical| per parameter:");
    println!("\nweights drawn with std 0.3:");
    for (key, diff) in gradient_check::<f64>(config, &mut seeded(seed))? {
        println!("{key} {diff:.1e}");
    }
    // The same check with the network's usual tiny weights: pre-activations of about ±0.02,
    // some within h = 1e-4 of ReLU's kink, where the central difference straddles the corner.
    println!("\nthe same with std 0.01 (the training default): values near ReLU's kink at 0");
    for (key, diff) in gradient_check::<f64>(small_config(0.01), &mut seeded(seed))? {
        println!("{key} {diff:.1e}");
    }
    Ok(())
}
