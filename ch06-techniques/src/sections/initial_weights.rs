//! 6.2: how the initial weights shape the activations of five layers, then three initial
//! weight scales training a 5-layer network on MNIST (6.2.4).

use std::path::Path;

use anyhow::Result;

use ch06_techniques::histograms::{self, SETTINGS, activations, diagnose, file_name, mean_std};
use ch06_techniques::loss_curves::{self, CurveSettings, init_specs};
use common::data::Mnist;

use super::{heading, print_losses, wrote};

/// 6.2.2–6.2.3: the spread of each layer's activations for every setting, and one row of
/// five histograms per setting.
pub fn histograms(figures: &Path, seed: u64) -> Result<()> {
    heading("6.2 Activations of 5 layers of 100 units for 1000 Gaussian inputs");
    println!("{:<19} {:<29}   what it means", "setting", "std of layer 1 … layer 5");
    let mut written = Vec::new();
    for setting in SETTINGS {
        let layers = activations(setting, seed);
        let stds: Vec<String> = layers.iter().map(|a| format!("{:.3}", mean_std(a).1)).collect();
        let verdict = diagnose(setting, &layers);
        println!("{:<19} {}   {verdict}", histograms::name(setting), stds.join(" "));
        let path = figures.join(file_name(setting));
        histograms::draw(&path, setting, &layers)?;
        written.push(path);
    }
    written.iter().for_each(|path| wrote(path));
    Ok(())
}

/// 6.2.4: the loss with std 0.01, Xavier and He initial weights, on the same mini-batches.
pub fn on_mnist(data: &Mnist<f32>, figures: &Path, iterations: usize, seed: u64) -> Result<()> {
    heading(&format!(
        "6.2.4 Initial weights on MNIST: {iterations} iterations of SGD (lr 0.01), loss every 100"
    ));
    let settings = CurveSettings { iterations, seed, ..Default::default() };
    let curves = loss_curves::compare(data, &init_specs(), &settings)?;
    print_losses(&curves);
    let path = figures.join("init-mnist.svg");
    loss_curves::draw(&path, &curves, "Initial weights on MNIST (smoothed loss)", 3.0)?;
    wrote(&path);
    Ok(())
}
