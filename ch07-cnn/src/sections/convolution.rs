//! 7.2 Convolution: the book's examples through the convolution layer (plain, padded,
//! strided), drawn; a convolution as blocks; and SimpleConvNet's multiply-adds.

use std::path::Path;

use anyhow::Result;

use ch07_cnn::SimpleConvNetConfig;
use ch07_cnn::convolution_figures::{BLOCKS, blocks_figure, book_examples, sliding_figure};
use ch07_cnn::layer_diagram::tuple;
use ch07_cnn::report::thousands;
use common::files::{check_output_dir, shown};
use common::layers::Shaped;
use common::rng::seeded;

pub fn run(seed: u64, figures: &Path) -> Result<()> {
    check_output_dir(figures)?;
    for (file, ex) in book_examples()? {
        let (h, w) = ex.x.dim();
        let (pad, stride) = (ex.pad, ex.stride);
        let (oh, ow) = ex.y.dim();
        println!("{h}×{w} input, 3×3 filter, pad {pad}, stride {stride}: output {oh}×{ow}");
        for row in ex.y.rows() {
            println!("  {}", row.iter().map(|v| format!("{v:>3}")).collect::<Vec<_>>().join(""));
        }
        let path = figures.join(file);
        sliding_figure(&ex).save(&path)?;
        println!("wrote {}", shown(&path));
    }

    let path = figures.join("conv_blocks.svg");
    let (x, fn_, f, n) = BLOCKS;
    blocks_figure(x, fn_, f, n)?.save(&path)?;
    println!("\nwrote {}", shown(&path));

    // ANCHOR: multiply_adds
    let net = ch07_cnn::SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(seed))?;
    let (c, h, w) = net.config.input_dim;
    let g = net.conv1.geometry(&[c, h, w])?;
    let (fn_, c, fh, fw) = net.conv1.filter_shape();
    let (oh, ow) = (g.output[1], g.output[2]);
    println!("\nSimpleConvNet's convolution, (1, 28, 28) → {}:", tuple(&g.output));
    println!("  multiply-adds FN·C·FH·FW·OH·OW = {fn_}·{c}·{fh}·{fw}·{oh}·{ow}");
    println!("    = {} per image", thousands(g.multiply_adds as usize));
    println!("    = {} per batch of 100", thousands(100 * g.multiply_adds as usize));
    // ANCHOR_END: multiply_adds
    Ok(())
}
