//! 5.7.3: the gradient check, as the book's `gradient_check.py` prints it.

use anyhow::Result;
use ndarray::ArrayD;

use ch05_backprop::gradient_check::gradient_check;
use ch05_backprop::train::WEIGHT_INIT_STD;
use ch05_backprop::two_layer_net::TwoLayerNet;
use common::Targets;
use common::data::{Mnist, head};
use common::rng::seeded;

pub fn run(data: &Mnist<f32>, seed: u64) -> Result<()> {
    // The same code as training, in f64, on the first 3 training images.
    let mut network = TwoLayerNet::<f64>::new(784, 50, 10, WEIGHT_INIT_STD, &mut seeded(seed));
    let (x_batch, t_batch) = head(&data.x_train, data.t_train.view(), Some(3));
    let x_batch: ArrayD<f64> = x_batch.mapv(f64::from);
    let labels = t_batch.view().labels();
    for (key, diff) in gradient_check(&mut network, &x_batch, Targets::Labels(labels.view())) {
        println!("{key}:{diff:.1e}");
    }
    Ok(())
}
