//! Plain and residual stacks of the same depth, for the degradation problem: the deeper plain
//! stack trains worse, the residual one does not.

use rand::Rng;

use common::Float;
use common::init::WeightInit;
use common::layers::{Block, Pooling, Relu, Residual};
use common::sequential::Sequential;

use super::builders::{affine, conv};

/// The channels of the two stages: (16, 13 × 13), then (32, 7 × 7).
pub const CHANNELS: [usize; 2] = [16, 32];

// ANCHOR: residual_nets
/// A network of `depth` layers with weights: a stem (3 × 3 convolution, ReLU, 2 × 2 max
/// pooling: (16, 13, 13)), then (depth − 2) / 2 pairs of 3 × 3 convolutions, the first half at
/// 16 channels on 13 × 13 maps, the second half at 32 channels on 7 × 7 maps (the first
/// convolution there has stride 2), then one affine layer to the 10 classes.
///
/// With `shortcuts`, each pair is a residual block, conv → ReLU → conv, plus its input, then
/// ReLU: y = ReLU(F(x) + x); the block that changes the shape adds a projection of x
/// instead (a 1 × 1 convolution with stride 2 to 32 channels). Without, the same layers in a
/// plain stack: y = ReLU(F(x)). `depth` is even, at least 4. Both draw the same random
/// weights; the residual branches' last convolutions are then set to zero (see below).
pub fn residual_net<F: Float + 'static>(depth: usize, shortcuts: bool, rng: &mut impl Rng) -> Sequential<F> {
    assert!(depth >= 4 && depth % 2 == 0, "depth must be even and at least 4, not {depth}");
    let pairs = (depth - 2) / 2;
    let he = WeightInit::He;
    let mut net = Sequential::new()
        .with("Conv0", conv(1, CHANNELS[0], 3, 1, 0, he, rng))
        .with("ReLU0", Relu::new())
        .with("Pool0", Pooling::new(2, 2, 2, 0));
    let mut channels = CHANNELS[0];
    for pair in 1..=pairs {
        let second_stage = pair > pairs / 2;
        let filters = CHANNELS[usize::from(second_stage)];
        let stride = if filters != channels { 2 } else { 1 };
        let first: Box<dyn Block<F>> = Box::new(conv(channels, filters, 3, stride, 1, he, rng));
        // With a shortcut, the branch's last convolution starts at zero, so that every block
        // starts as the identity, y = ReLU(0 + x): without batch normalisation, He's weights
        // would make each block double the variance of what flows through it (F(x) as large
        // as x, plus x), and 16 blocks multiply it by 2¹⁶. The plain stack keeps He's weights:
        // zero there would stop the signal.
        let last_init = if shortcuts { WeightInit::Std(0.0) } else { he };
        let second: Box<dyn Block<F>> = Box::new(conv(filters, filters, 3, 1, 1, last_init, rng));
        if shortcuts {
            let mut block = Residual::new(vec![first, Box::new(Relu::new()), second]);
            if filters != channels {
                block = block.with_projection(Box::new(conv(channels, filters, 1, stride, 0, he, rng)));
            }
            net = net.with(format!("Block{pair}"), block);
        } else {
            // The same two convolutions, one after the other, with no shortcut.
            let mut plain = Residual::new(vec![first, Box::new(Relu::new()), second]);
            plain.projection = None;
            net = net.with(format!("Conv{pair}a+b"), Plain(plain));
        }
        net = net.with(format!("ReLU{pair}"), Relu::new());
        channels = filters;
    }
    net.with("Affine", affine(channels * 7 * 7, 10, he, rng))
}
// ANCHOR_END: residual_nets

/// A residual block's branch without its shortcut: y = F(x).
struct Plain<F>(Residual<F>);

impl<F: Float> common::Layer<F> for Plain<F> {
    fn forward(&mut self, x: &ndarray::ArrayD<F>, train: bool) -> ndarray::ArrayD<F> {
        let mut y = x.clone();
        for layer in &mut self.0.branch {
            y = layer.forward(&y, train);
        }
        y
    }

    fn backward(&mut self, dout: &ndarray::ArrayD<F>) -> ndarray::ArrayD<F> {
        let mut d = dout.clone();
        for layer in self.0.branch.iter_mut().rev() {
            d = layer.backward(&d);
        }
        d
    }

    fn params(&mut self) -> Vec<common::Param<'_, F>> {
        self.0.params()
    }
}

impl<F: Float> common::layers::Shaped for Plain<F> {
    fn geometry(&self, input: &[usize]) -> Result<common::layers::Geometry, common::im2col::ShapeError> {
        // The same shapes as the block; the identity shortcut's check does not apply.
        let mut shape = input.to_vec();
        let (mut windows, mut multiply_adds) = (Vec::new(), 0);
        for layer in &self.0.branch {
            let g = layer.geometry(&shape)?;
            windows.extend(g.window);
            multiply_adds += g.multiply_adds;
            shape = g.output;
        }
        let (size, stride) = common::layers::receptive_field(windows);
        Ok(common::layers::Geometry {
            output: shape,
            window: Some((size, stride)),
            global: false,
            multiply_adds,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::Net;
    use common::rng::seeded;

    #[test]
    fn plain_and_residual_nets_of_one_depth_have_the_same_layers_but_the_projection() {
        for depth in [4, 6, 10] {
            let mut plain = residual_net::<f32>(depth, false, &mut seeded(1));
            let mut residual = residual_net::<f32>(depth, true, &mut seeded(1));
            let shapes = |net: &Sequential<f32>| -> Vec<Vec<usize>> {
                net.geometry(&[1, 28, 28]).unwrap().into_iter().map(|g| g.output).collect()
            };
            assert_eq!(shapes(&plain), shapes(&residual));
            assert_eq!(shapes(&plain).last().unwrap(), &vec![10]);
            let projection = 16 * 32 + 32;
            assert_eq!(residual.param_count(), plain.param_count() + projection);
            let weighted = plain.params().iter().filter(|p| p.name.starts_with('W')).count();
            assert_eq!(weighted, depth, "{depth} layers with weights");
        }
    }

    #[test]
    fn each_residual_branch_starts_at_zero_so_each_block_starts_as_the_identity() {
        let mut net = residual_net::<f32>(10, true, &mut seeded(1));
        let zero = |p: &common::Param<'_, f32>| p.value.iter().all(|&v| v == 0.0);
        let params = net.params();
        let second: Vec<_> = params.iter().filter(|p| p.name.starts_with("Wb")).collect();
        let first: Vec<_> = params.iter().filter(|p| p.name.starts_with("Wa")).collect();
        assert_eq!((first.len(), second.len()), (4, 4), "four blocks of two convolutions");
        assert!(second.iter().all(|p| zero(p)), "every branch's last convolution starts at zero");
        assert!(first.iter().all(|p| !zero(p)), "every branch's first convolution has He's weights");
    }

    #[test]
    fn a_residual_net_backward_matches_numerical_gradients() {
        let mut net = residual_net::<f64>(4, true, &mut seeded(3));
        let x = common::init::gaussian::<f64>(&[2, 1, 28, 28], 1.0, &mut seeded(4));
        let labels = ndarray::arr1(&[1usize, 7]);
        let t = common::Targets::Labels(labels.view());
        net.gradient(&x, t);
        let analytic = net.grads();
        // The projection and the affine layer: the block itself is checked in full in `common`;
        // here, the check that the network wires it in. (The stem's parameters move the inputs
        // of hundreds of ReLUs at once; with random inputs one of them sits within h of its
        // kink, where a central difference means nothing.)
        for (name, a) in
            analytic.iter().filter(|(n, _)| n.starts_with("Ws") || n.starts_with("bs") || n.ends_with('3'))
        {
            let i = analytic.iter().position(|(n, _)| n == name).unwrap();
            let numeric = common::gradient::numerical_gradient_by(
                &mut net,
                |net| net.params().into_iter().nth(i).unwrap().value,
                |net| net.loss(&x, t, true),
            );
            let diff = common::gradient::max_abs_diff(a, &numeric);
            assert!(diff < 1e-6, "{name}: {diff:e}");
        }
    }
}
