//! LeNet-5 (LeCun et al., 1998) on MNIST's 28 × 28 digits, as the study notes describe it:
//! 5 × 5 convolutions with 6 and 16 channels, sigmoid, subsampling by averaging, then
//! 120 → 84 → 10. And the same network as it would be built today: ReLU and max pooling.

use rand::Rng;

use common::Float;
use common::init::WeightInit;
use common::layers::{Pooling, Relu, Sigmoid, Subsampling};
use common::sequential::Sequential;

use super::builders::{affine, conv};

/// Which LeNet: the 1998 one, or with the changes since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeNetKind {
    /// Sigmoid activations and subsampling (a 2 × 2 mean with a trainable coefficient and
    /// bias per channel), weights drawn with Xavier's scale.
    Original,
    /// ReLU and 2 × 2 max pooling, weights drawn with He's scale.
    Modern,
}

// ANCHOR: lenet
/// LeNet-5 for (1, 28, 28) images. The first convolution pads by 2, so its 28 × 28 output is
/// the 28 × 28 of the original network's 32 × 32 input:
///
/// ```text
/// Conv1 6 × 5×5, pad 2 → (6, 28, 28) → act → subsample/pool 2×2 → (6, 14, 14)
/// Conv2 16 × 5×5       → (16, 10, 10) → act → subsample/pool 2×2 → (16, 5, 5)
/// Affine 400 → 120 → act → Affine 120 → 84 → act → Affine 84 → 10
/// ```
pub fn lenet<F: Float + 'static>(kind: LeNetKind, rng: &mut impl Rng) -> Sequential<F> {
    let init = match kind {
        LeNetKind::Original => WeightInit::Xavier,
        LeNetKind::Modern => WeightInit::He,
    };
    let net = Sequential::new().with("Conv1", conv(1, 6, 5, 1, 2, init, rng));
    let net = activation_and_pool(net, kind, 6, 1);
    let net = net.with("Conv2", conv(6, 16, 5, 1, 0, init, rng));
    let net = activation_and_pool(net, kind, 16, 2);
    let net = net.with("Affine1", affine(16 * 5 * 5, 120, init, rng));
    let net = activation(net, kind, 3);
    let net = net.with("Affine2", affine(120, 84, init, rng));
    let net = activation(net, kind, 4);
    net.with("Affine3", affine(84, 10, init, rng))
}
// ANCHOR_END: lenet

fn activation<F: Float + 'static>(net: Sequential<F>, kind: LeNetKind, i: usize) -> Sequential<F> {
    match kind {
        LeNetKind::Original => net.with(format!("Sigmoid{i}"), Sigmoid::new()),
        LeNetKind::Modern => net.with(format!("ReLU{i}"), Relu::new()),
    }
}

fn activation_and_pool<F: Float + 'static>(
    net: Sequential<F>,
    kind: LeNetKind,
    channels: usize,
    i: usize,
) -> Sequential<F> {
    let net = activation(net, kind, i);
    match kind {
        LeNetKind::Original => net.with(format!("Subsampling{i}"), Subsampling::new(channels, 2)),
        LeNetKind::Modern => net.with(format!("Pool{i}"), Pooling::new(2, 2, 2, 0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::Net;
    use common::rng::seeded;

    #[test]
    fn lenet_has_the_shapes_and_parameter_count_of_lenet_5() {
        for kind in [LeNetKind::Original, LeNetKind::Modern] {
            let mut net = lenet::<f32>(kind, &mut seeded(1));
            let shapes: Vec<Vec<usize>> =
                net.geometry(&[1, 28, 28]).unwrap().into_iter().map(|g| g.output).collect();
            assert_eq!(shapes[2], vec![6, 14, 14]);
            assert_eq!(shapes[5], vec![16, 5, 5]);
            assert_eq!(shapes.last().unwrap(), &vec![10]);
            // Convolutions 156 + 2416, affine 48,120 + 10,164 + 850; subsampling 2 per channel.
            let subsampling = if kind == LeNetKind::Original { 12 + 32 } else { 0 };
            assert_eq!(net.param_count(), 156 + 2416 + 48_120 + 10_164 + 850 + subsampling);
        }
    }

    #[test]
    fn lenet_backward_matches_numerical_gradients_on_a_small_batch() {
        // Only the small parameters (the affine layers' are many): W1, b1 and the subsampling's.
        let mut net = lenet::<f64>(LeNetKind::Original, &mut seeded(2));
        let x = common::init::gaussian::<f64>(&[2, 1, 28, 28], 1.0, &mut seeded(3));
        let labels = ndarray::arr1(&[3usize, 8]);
        let t = common::Targets::Labels(labels.view());
        net.gradient(&x, t);
        let analytic = net.grads();
        for (i, name) in [(0, "W1"), (1, "b1"), (2, "W2"), (3, "b2")] {
            let numeric = common::gradient::numerical_gradient_by(
                &mut net,
                |net| net.params().into_iter().nth(i).unwrap().value,
                |net| net.loss(&x, t, true),
            );
            let diff = common::gradient::max_abs_diff(&analytic[i].1, &numeric);
            assert_eq!(analytic[i].0, name);
            assert!(diff < 1e-8, "{name}: {diff:e}");
        }
    }
}
