//! 7.7 The architectures layer by layer: output shapes, receptive fields (感受野), parameters
//! and multiply-adds (卷积次数), computed from the layer objects; and VGG's argument for
//! stacking 3 × 3 convolutions.

use anyhow::Result;

use ch07_cnn::architectures::builders::conv;
use ch07_cnn::architectures::deep_conv_net::deep_conv_net;
use ch07_cnn::architectures::famous::{alexnet, vgg16};
use ch07_cnn::architectures::lenet::{LeNetKind, lenet};
use ch07_cnn::architectures::receptive_field::{format_table, table};
use ch07_cnn::report::thousands;
use common::init::WeightInit;
use common::rng::seeded;
use common::sequential::Sequential;

pub fn run(seed: u64) -> Result<()> {
    let mut rng = seeded(seed);
    let mut nets: Vec<(&str, Sequential<f32>, Vec<usize>)> = vec![
        ("LeNet-5", lenet(LeNetKind::Original, &mut rng), vec![1, 28, 28]),
        ("DeepConvNet (the Python book's)", deep_conv_net(&mut rng), vec![1, 28, 28]),
        ("AlexNet", alexnet(), vec![3, 227, 227]),
        ("VGG-16", vgg16(), vec![3, 224, 224]),
    ];
    for (name, net, input) in &mut nets {
        let rows = table(net, input)?;
        print!("{}", format_table(name, input, &rows));
        println!();
    }
    vgg_argument(&mut rng)
}

/// Three 3 × 3 convolutions against one 7 × 7, as real layers of C = 64 channels on a 56 × 56
/// map: the same receptive field, 27C² weights against 49C², and three ReLUs instead of one.
fn vgg_argument(rng: &mut common::rng::Rng) -> Result<()> {
    let c = 64;
    let input = [c, 56, 56];
    let mut three = Sequential::<f32>::new();
    for i in 1..=3 {
        three = three.with(format!("Conv3x3_{i}"), conv(c, c, 3, 1, 1, WeightInit::He, rng));
    }
    let mut one = Sequential::<f32>::new().with("Conv7x7", conv(c, c, 7, 1, 3, WeightInit::He, rng));
    let three_rows = table(&mut three, &input)?;
    let one_rows = table(&mut one, &input)?;
    print!("{}", format_table("Three 3×3 convolutions", &input, &three_rows));
    print!("{}", format_table("One 7×7 convolution", &input, &one_rows));
    let weights = |rows: &[ch07_cnn::architectures::receptive_field::Row]| {
        rows.iter().map(|r| r.params).sum::<usize>() - rows.len() * c
    };
    let field = |rows: &[ch07_cnn::architectures::receptive_field::Row]| {
        rows.last().and_then(|r| r.receptive_field).unwrap_or(0)
    };
    println!(
        "both see {}×{} pixels; weights (without biases): three 3×3 {} = 27·C², one 7×7 {} = 49·C² (C = {c}): {:.0}% fewer",
        field(&three_rows),
        field(&three_rows),
        thousands(weights(&three_rows)),
        thousands(weights(&one_rows)),
        100.0 * (1.0 - weights(&three_rows) as f64 / weights(&one_rows) as f64)
    );
    Ok(())
}
