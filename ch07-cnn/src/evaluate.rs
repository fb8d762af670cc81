//! Scoring given parameters on the test set: `--weights FILE.npz`.
//!
//! The Python book trains in float64 and feeds float32 pixels (p / 255 rounded to float32)
//! into a float64 computation. Evaluating here the same way, in `f64` from the same float32
//! pixels, gives its predictions image for image.

use std::path::Path;

use ndarray::{Array1, ArrayD};

use common::Net;
use common::params::ParamsError;

use crate::simple_conv_net::{ConvNetError, SimpleConvNet, SimpleConvNetConfig};

/// Parameters that cannot be loaded into a network.
#[derive(Debug, thiserror::Error)]
pub enum WeightsError {
    /// The network itself cannot be built.
    #[error(transparent)]
    Net(#[from] ConvNetError),
    /// The file is missing, not an `.npz`, or holds the wrong keys, shapes or values.
    #[error(transparent)]
    Params(#[from] ParamsError),
}

/// Images per forward pass when scoring: memory stays bounded (about 30 MB for im2col).
pub const EVAL_BATCH: usize = 100;

// ANCHOR: evaluate
/// A network shaped by `config` with the parameters in `path`, in `f64`.
pub fn load_weights(config: SimpleConvNetConfig, path: &Path) -> Result<SimpleConvNet<f64>, WeightsError> {
    // The weights are about to be replaced: draw them with any seed.
    let mut net = SimpleConvNet::<f64>::new(config, &mut common::rng::seeded(0))?;
    net.load(path)?;
    Ok(net)
}

/// The predicted class of every image of `x` (N, C, H, W), computed in `f64` from the
/// float32 pixels, `EVAL_BATCH` images at a time.
pub fn predict_f64(net: &mut SimpleConvNet<f64>, x: &ArrayD<f32>) -> Array1<usize> {
    let x = x.mapv(|v| v as f64); // the float32 pixels, exactly
    net.predict_labels(&x, EVAL_BATCH)
}

/// The fraction of predictions equal to the labels.
pub fn accuracy(predicted: &Array1<usize>, labels: &Array1<usize>) -> f64 {
    let correct = predicted.iter().zip(labels).filter(|(p, t)| p == t).count();
    correct as f64 / labels.len().max(1) as f64
}
// ANCHOR_END: evaluate

#[cfg(test)]
mod tests {
    use super::*;
    use common::rng::seeded;

    #[test]
    fn weights_saved_in_f32_are_evaluated_in_f64_with_the_same_predictions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("params.npz");
        let config = SimpleConvNetConfig { weight_init_std: 0.1, ..SimpleConvNetConfig::default() };
        let mut net = SimpleConvNet::<f32>::new(config, &mut seeded(3)).unwrap();
        net.save(&path).unwrap();
        let x =
            common::init::gaussian::<f32>(&[20, 1, 28, 28], 1.0, &mut seeded(4)).mapv(|v| v.abs().fract());
        let ours = net.predict_labels(&x, 7);
        let mut loaded = load_weights(config, &path).unwrap();
        let theirs = predict_f64(&mut loaded, &x);
        assert_eq!(ours, theirs);
        assert_eq!(accuracy(&ours, &theirs), 1.0);
        assert_eq!(net.params().len(), 6);
    }
}
