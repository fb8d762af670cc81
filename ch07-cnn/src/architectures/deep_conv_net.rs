//! The Python book's `DeepConvNet` (its chapter 8, "deep learning"): a small VGG of six 3 × 3
//! convolutions in three pairs, each pair followed by 2 × 2 max pooling, then two affine layers
//! with dropout. Its parameters are named and shaped as the book's `deep_convnet_params.pkl`
//! (W1 … W8, b1 … b8), so the book's own trained file scores here.

use rand::Rng;

use common::Float;
use common::init::WeightInit;
use common::layers::{Dropout, Pooling, Relu};
use common::sequential::Sequential;

use super::builders::{affine, conv};

/// The book's `conv_param_1` … `conv_param_6`: (filters, pad) of each 3 × 3, stride-1 convolution.
pub const CONVS: [(usize, usize); 6] = [(16, 1), (16, 1), (32, 1), (32, 2), (64, 1), (64, 1)];

/// Units of the hidden affine layer (the book's `hidden_size`).
pub const HIDDEN: usize = 50;

/// The probability of dropping a unit in the two dropout layers.
pub const DROPOUT: f64 = 0.5;

// ANCHOR: deep_conv_net
/// DeepConvNet for (1, 28, 28) images, as the book builds it:
///
/// ```text
/// conv 16 → ReLU → conv 16 → ReLU → pool      (16, 28, 28) → (16, 14, 14)
/// conv 32 → ReLU → conv 32 (pad 2) → ReLU → pool  (32, 14, 14) → (32, 16, 16) → (32, 8, 8)
/// conv 64 → ReLU → conv 64 → ReLU → pool      (64, 8, 8) → (64, 4, 4)
/// affine 1024 → 50 → ReLU → dropout 0.5 → affine 50 → 10 → dropout 0.5
/// ```
///
/// Every weight is drawn with He's scale √(2/n) for its n inputs (ReLU follows each layer),
/// every bias is 0. The two dropouts are the book's: at inference they scale by 1 − 0.5.
pub fn deep_conv_net<F: Float + 'static>(rng: &mut impl Rng) -> Sequential<F> {
    let mut net = Sequential::new();
    let mut channels = 1;
    for (i, &(filters, pad)) in CONVS.iter().enumerate() {
        net = net.with(format!("Conv{}", i + 1), conv(channels, filters, 3, 1, pad, WeightInit::He, rng));
        net = net.with(format!("ReLU{}", i + 1), Relu::new());
        if i % 2 == 1 {
            net = net.with(format!("Pool{}", i / 2 + 1), Pooling::new(2, 2, 2, 0));
        }
        channels = filters;
    }
    net.with("Affine1", affine(64 * 4 * 4, HIDDEN, WeightInit::He, rng))
        .with("ReLU7", Relu::new())
        .with("Dropout1", Dropout::new(DROPOUT, rng.random()))
        .with("Affine2", affine(HIDDEN, 10, WeightInit::He, rng))
        .with("Dropout2", Dropout::new(DROPOUT, rng.random()))
}
// ANCHOR_END: deep_conv_net

#[cfg(test)]
mod tests {
    use super::*;
    use common::Net;
    use common::rng::seeded;

    #[test]
    fn deep_conv_net_has_the_books_parameter_names_and_shapes() {
        let mut net = deep_conv_net::<f32>(&mut seeded(1));
        let shapes: Vec<(String, Vec<usize>)> =
            net.params().into_iter().map(|p| (p.name, p.value.shape().to_vec())).collect();
        let expected: Vec<(String, Vec<usize>)> = [
            ("W1", vec![16, 1, 3, 3]),
            ("b1", vec![16]),
            ("W2", vec![16, 16, 3, 3]),
            ("b2", vec![16]),
            ("W3", vec![32, 16, 3, 3]),
            ("b3", vec![32]),
            ("W4", vec![32, 32, 3, 3]),
            ("b4", vec![32]),
            ("W5", vec![64, 32, 3, 3]),
            ("b5", vec![64]),
            ("W6", vec![64, 64, 3, 3]),
            ("b6", vec![64]),
            ("W7", vec![1024, 50]),
            ("b7", vec![50]),
            ("W8", vec![50, 10]),
            ("b8", vec![10]),
        ]
        .into_iter()
        .map(|(k, s)| (k.to_string(), s))
        .collect();
        assert_eq!(shapes, expected);
        let outputs: Vec<Vec<usize>> =
            net.geometry(&[1, 28, 28]).unwrap().into_iter().map(|g| g.output).collect();
        assert_eq!(outputs[4], vec![16, 14, 14]);
        assert_eq!(outputs[7], vec![32, 16, 16], "the fourth convolution pads by 2");
        assert_eq!(outputs[14], vec![64, 4, 4]);
        // He's scale: W1 has 9 inputs per filter, std √(2/9) ≈ 0.47.
        let w1 = &net.params()[0].value.clone();
        let std = (w1.iter().map(|v| v * v).sum::<f32>() / w1.len() as f32).sqrt();
        assert!((std - (2.0f32 / 9.0).sqrt()).abs() < 0.1, "{std}");
    }
}
