use ndarray::ArrayD;

use super::geometry::{Block, Geometry, Shaped, receptive_field};
use super::{BACKWARD_BEFORE_FORWARD, Layer, Param};
use crate::Float;
use crate::im2col::ShapeError;

// ANCHOR: residual
/// A residual block (He et al., 2015): a branch of layers F, and a shortcut around it that
/// adds the block's input to the branch's output.
///
/// forward:  y = F(x) + x            (the identity shortcut)
///           y = F(x) + P(x)         (a projection P, a 1×1 convolution, where F changes the shape)
/// backward: dx = dF(dout) + dout    the shortcut's gradient adds to the branch's, so the
///           dx = dF(dout) + dP(dout)  gradient reaches x even when the branch passes little back
///
/// If every weight of F is 0, the block is the identity: a deeper network built of such blocks
/// can do at least what a shallower one does.
pub struct Residual<F> {
    /// The branch F, applied in order.
    pub branch: Vec<Box<dyn Block<F>>>,
    /// The shortcut: `None` for the identity, or the projection P.
    pub projection: Option<Box<dyn Block<F>>>,
    forwarded: bool,
}
// ANCHOR_END: residual

impl<F: Float> Residual<F> {
    /// A block whose branch is `branch`, with an identity shortcut.
    pub fn new(branch: Vec<Box<dyn Block<F>>>) -> Self {
        Residual { branch, projection: None, forwarded: false }
    }

    /// The same block with the projection `p` as its shortcut.
    pub fn with_projection(mut self, p: Box<dyn Block<F>>) -> Self {
        self.projection = Some(p);
        self
    }
}

impl<F> std::fmt::Debug for Residual<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Residual")
            .field("branch_layers", &self.branch.len())
            .field("projection", &self.projection.is_some())
            .finish()
    }
}

// ANCHOR: residual_forward_backward
impl<F: Float> Layer<F> for Residual<F> {
    fn forward(&mut self, x: &ArrayD<F>, train: bool) -> ArrayD<F> {
        let mut y = x.clone();
        for layer in &mut self.branch {
            y = layer.forward(&y, train); // F(x)
        }
        self.forwarded = true;
        match &mut self.projection {
            Some(p) => y + p.forward(x, train), // F(x) + P(x)
            None => y + x,                      // F(x) + x
        }
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        assert!(self.forwarded, "{BACKWARD_BEFORE_FORWARD}");
        let mut d_branch = dout.clone();
        for layer in self.branch.iter_mut().rev() {
            d_branch = layer.backward(&d_branch); // dF(dout)
        }
        match &mut self.projection {
            Some(p) => d_branch + p.backward(dout), // dF(dout) + dP(dout)
            None => d_branch + dout,                // dF(dout) + dout
        }
    }

    /// The branch's parameters as `Wa`, `ba` (its first layer with parameters), `Wb`, `bb`, …,
    /// and the projection's as `Ws`, `bs`.
    fn params(&mut self) -> Vec<Param<'_, F>> {
        let mut params = Vec::new();
        let with_params = self.branch.iter_mut().map(|l| l.params()).filter(|p| !p.is_empty());
        for (letter, layer_params) in ('a'..='z').zip(with_params) {
            params.extend(layer_params.into_iter().map(|p| p.numbered(letter)));
        }
        if let Some(p) = &mut self.projection {
            params.extend(p.params().into_iter().map(|p| p.numbered('s')));
        }
        params
    }
}
// ANCHOR_END: residual_forward_backward

impl<F: Float> Shaped for Residual<F> {
    /// The branch's shapes, windows and multiply-adds, plus the projection's; the shortcut
    /// must give the branch's shape, or the sum is impossible.
    fn geometry(&self, input: &[usize]) -> Result<Geometry, ShapeError> {
        let mut shape = input.to_vec();
        let (mut windows, mut multiply_adds) = (Vec::new(), 0);
        for layer in &self.branch {
            let g = layer.geometry(&shape)?;
            windows.extend(g.window);
            multiply_adds += g.multiply_adds;
            shape = g.output;
        }
        let shortcut = match &self.projection {
            Some(p) => {
                let g = p.geometry(input)?;
                multiply_adds += g.multiply_adds;
                g.output
            }
            None => input.to_vec(),
        };
        if shortcut != shape {
            return Err(ShapeError::WrongInput {
                what: "residual block".into(),
                expected: format!("a shortcut of the branch's shape {shape:?} (add a projection)"),
                found: shortcut,
            });
        }
        // The branch's windows act as one: its size is the receptive field of the stack, its
        // stride the product of theirs.
        let (size, stride) = receptive_field(windows.iter().copied());
        Ok(Geometry {
            output: shape,
            window: (!windows.is_empty()).then_some((size, stride)),
            global: false,
            multiply_adds,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::gradient_check_layer;
    use crate::init::gaussian;
    use crate::layers::{Convolution, Relu};
    use crate::rng::seeded;
    use ndarray::{Ix1, Ix4};

    fn conv(
        fn_: usize,
        c: usize,
        f: usize,
        stride: usize,
        pad: usize,
        rng: &mut crate::rng::Rng,
    ) -> Convolution<f64> {
        Convolution::new(
            gaussian(&[fn_, c, f, f], 0.5, rng).into_dimensionality::<Ix4>().unwrap(),
            gaussian(&[fn_], 0.5, rng).into_dimensionality::<Ix1>().unwrap(),
            stride,
            pad,
        )
    }

    /// conv 3×3 → ReLU → conv 3×3 from `c` to `fn_` channels, the first with `stride`.
    fn branch(c: usize, fn_: usize, stride: usize, rng: &mut crate::rng::Rng) -> Vec<Box<dyn Block<f64>>> {
        vec![
            Box::new(conv(fn_, c, 3, stride, 1, rng)),
            Box::new(Relu::new()),
            Box::new(conv(fn_, fn_, 3, 1, 1, rng)),
        ]
    }

    #[test]
    fn with_a_zero_branch_the_block_is_the_identity_and_passes_the_gradient_through() {
        let mut rng = seeded(40);
        let mut block = Residual::new(branch(2, 2, 1, &mut rng));
        for p in block.params() {
            p.value.fill(0.0);
        }
        let x = gaussian::<f64>(&[2, 2, 5, 5], 1.0, &mut rng);
        assert_eq!(block.forward(&x, true), x);
        let dout = gaussian::<f64>(&[2, 2, 5, 5], 1.0, &mut rng);
        assert_eq!(block.backward(&dout), dout, "dx = dF(dout) + dout, and dF(dout) = 0");
    }

    #[test]
    fn the_residual_block_backward_matches_numerical_gradients_with_either_shortcut() {
        let mut rng = seeded(41);
        let identity = Residual::new(branch(3, 3, 1, &mut rng));
        let projection =
            Residual::new(branch(2, 4, 2, &mut rng)).with_projection(Box::new(conv(4, 2, 1, 2, 0, &mut rng)));
        for (mut block, shape) in [(identity, [2, 3, 5, 5]), (projection, [2, 2, 7, 7])] {
            let x = gaussian(&shape, 1.0, &mut rng);
            let names: Vec<String> = block.params().into_iter().map(|p| p.name).collect();
            for (name, diff) in gradient_check_layer(&mut block, &x, &mut rng) {
                assert!(diff < 1e-7, "{names:?}: {name}: max |backprop − numerical| = {diff:e}");
            }
        }
    }

    #[test]
    fn the_block_names_its_parameters_and_knows_its_shapes() {
        let mut rng = seeded(42);
        let mut block =
            Residual::new(branch(2, 4, 2, &mut rng)).with_projection(Box::new(conv(4, 2, 1, 2, 0, &mut rng)));
        let names: Vec<String> = block.params().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["Wa", "ba", "Wb", "bb", "Ws", "bs"]);
        let g = block.geometry(&[2, 7, 7]).unwrap();
        assert_eq!(g.output, vec![4, 4, 4]);
        assert_eq!(g.window, Some((7, 2)), "3×3 stride 2, then 3×3: one output sees 7×7");
        assert_eq!(g.multiply_adds, (4 * 2 * 9 * 16 + 4 * 4 * 9 * 16 + 4 * 2 * 16) as u64);
        // Without the projection the shapes cannot be added.
        let no_projection = Residual::new(branch(2, 4, 2, &mut rng));
        assert!(no_projection.geometry(&[2, 7, 7]).is_err());
    }
}
