//! AlexNet (2012) and VGG-16 (2014) as layer lists, for their tables: built from `common`'s
//! layers with weights of zeros, which the tables never read (and which the operating system
//! never has to provide, since untouched zeroed memory takes no room).

use ndarray::{Array1, Array2, Array4};

use common::Float;
use common::layers::{Affine, Convolution, Dropout, Pooling, Relu};
use common::sequential::Sequential;

fn conv<F: Float>(c: usize, filters: usize, size: usize, stride: usize, pad: usize) -> Convolution<F> {
    Convolution::new(Array4::zeros((filters, c, size, size)), Array1::zeros(filters), stride, pad)
}

fn affine<F: Float>(inputs: usize, outputs: usize) -> Affine<F> {
    Affine::new(Array2::zeros((inputs, outputs)), Array1::zeros(outputs))
}

// ANCHOR: alexnet
/// AlexNet (Krizhevsky, Sutskever and Hinton, 2012), on one stream, for (3, 227, 227) images:
/// five convolutions (the first 11 × 11 with stride 4), three overlapping 3 × 3 max poolings
/// with stride 2, and three affine layers with dropout. (Its local response normalisation,
/// which later networks dropped, is left out.)
pub fn alexnet<F: Float + 'static>() -> Sequential<F> {
    Sequential::new()
        .with("Conv1", conv(3, 96, 11, 4, 0))
        .with("ReLU1", Relu::new())
        .with("Pool1", Pooling::new(3, 3, 2, 0))
        .with("Conv2", conv(96, 256, 5, 1, 2))
        .with("ReLU2", Relu::new())
        .with("Pool2", Pooling::new(3, 3, 2, 0))
        .with("Conv3", conv(256, 384, 3, 1, 1))
        .with("ReLU3", Relu::new())
        .with("Conv4", conv(384, 384, 3, 1, 1))
        .with("ReLU4", Relu::new())
        .with("Conv5", conv(384, 256, 3, 1, 1))
        .with("ReLU5", Relu::new())
        .with("Pool3", Pooling::new(3, 3, 2, 0))
        .with("Affine1", affine(256 * 6 * 6, 4096))
        .with("ReLU6", Relu::new())
        .with("Dropout1", Dropout::new(0.5, 0))
        .with("Affine2", affine(4096, 4096))
        .with("ReLU7", Relu::new())
        .with("Dropout2", Dropout::new(0.5, 1))
        .with("Affine3", affine(4096, 1000))
}
// ANCHOR_END: alexnet

// ANCHOR: vgg16
/// VGG-16 (Simonyan and Zisserman, 2014) for (3, 224, 224) images: only 3 × 3 convolutions
/// (pad 1), two or three at a time before each 2 × 2 max pooling, the channels doubling as
/// the maps halve, then three affine layers.
pub fn vgg16<F: Float + 'static>() -> Sequential<F> {
    let mut net = Sequential::new();
    let mut channels = 3;
    let (mut conv_count, mut relu_count) = (0, 0);
    for (stage, (filters, convs)) in [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)].into_iter().enumerate()
    {
        for _ in 0..convs {
            conv_count += 1;
            relu_count += 1;
            net = net.with(format!("Conv{conv_count}"), conv(channels, filters, 3, 1, 1));
            net = net.with(format!("ReLU{relu_count}"), Relu::new());
            channels = filters;
        }
        net = net.with(format!("Pool{}", stage + 1), Pooling::new(2, 2, 2, 0));
    }
    net.with("Affine1", affine(512 * 7 * 7, 4096))
        .with(format!("ReLU{}", relu_count + 1), Relu::new())
        .with("Dropout1", Dropout::new(0.5, 0))
        .with("Affine2", affine(4096, 4096))
        .with(format!("ReLU{}", relu_count + 2), Relu::new())
        .with("Dropout2", Dropout::new(0.5, 1))
        .with("Affine3", affine(4096, 1000))
}
// ANCHOR_END: vgg16

#[cfg(test)]
mod tests {
    use super::*;
    use common::Net;

    #[test]
    fn alexnet_and_vgg16_have_their_published_sizes() {
        let mut alexnet = alexnet::<f32>();
        let out = alexnet.geometry(&[3, 227, 227]).unwrap();
        assert_eq!(out[0].output, vec![96, 55, 55]);
        assert_eq!(out[12].output, vec![256, 6, 6]);
        assert_eq!(alexnet.param_count(), 62_378_344);
        let mut vgg = vgg16::<f32>();
        let out = vgg.geometry(&[3, 224, 224]).unwrap();
        assert_eq!(out.iter().rev().nth(7).unwrap().output, vec![512, 7, 7]);
        assert_eq!(vgg.param_count(), 138_357_544);
    }
}
