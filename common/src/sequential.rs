//! A network that is a list of layers: the form every architecture of chapter 7's famous
//! networks takes (LeNet, the Python book's DeepConvNet, plain and residual stacks).

use ndarray::ArrayD;

use crate::im2col::ShapeError;
use crate::layers::{Block, Geometry, Param, SoftmaxWithLoss};
use crate::{Float, Net, Targets};

// ANCHOR: sequential
/// Layers applied in order, then softmax with the cross-entropy loss.
///
/// predict:  y = layerₖ(… layer₂(layer₁(x)))
/// gradient: the loss's backward, then every layer's backward in reverse order
///
/// The parameters are numbered by layer, counting only the layers that have some: the first
/// convolution's are `W1`, `b1`, the next layer with parameters has `W2`, `b2`, and so on, as
/// the Python book names them.
pub struct Sequential<F> {
    /// (name, layer), in the order they apply.
    pub layers: Vec<(String, Box<dyn Block<F>>)>,
    last_layer: SoftmaxWithLoss<F>,
}
// ANCHOR_END: sequential

impl<F: Float> Default for Sequential<F> {
    fn default() -> Self {
        Self::new()
    }
}

impl<F: Float> Sequential<F> {
    /// A network with no layers yet.
    pub fn new() -> Self {
        Sequential { layers: Vec::new(), last_layer: SoftmaxWithLoss::new() }
    }

    /// The same network with `layer`, called `name`, added at the end.
    pub fn with(mut self, name: impl Into<String>, layer: impl Block<F> + 'static) -> Self {
        self.layers.push((name.into(), Box::new(layer)));
        self
    }

    /// What each layer does to one example of shape `input` (N left out), layer by layer, or
    /// the first layer whose sizes do not fit.
    pub fn geometry(&self, input: &[usize]) -> Result<Vec<Geometry>, ShapeError> {
        let mut shape = input.to_vec();
        let mut rows = Vec::with_capacity(self.layers.len());
        for (_, layer) in &self.layers {
            let g = layer.geometry(&shape)?;
            shape.clone_from(&g.output);
            rows.push(g);
        }
        Ok(rows)
    }

    /// The number of parameters of each layer, in order (0 for layers without any).
    pub fn layer_param_counts(&mut self) -> Vec<usize> {
        self.layers.iter_mut().map(|(_, l)| l.params().iter().map(|p| p.value.len()).sum()).collect()
    }
}

impl<F> std::fmt::Debug for Sequential<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.layers.iter().map(|(name, _)| name)).finish()
    }
}

// ANCHOR: sequential_net
impl<F: Float> Net<F> for Sequential<F> {
    fn predict(&mut self, x: &ArrayD<F>, train: bool) -> ArrayD<F> {
        let mut y = x.clone();
        for (_, layer) in &mut self.layers {
            y = layer.forward(&y, train);
        }
        y
    }

    fn loss(&mut self, x: &ArrayD<F>, t: Targets<'_, F>, train: bool) -> F {
        let y = self.predict(x, train);
        self.last_layer.forward(&y, t)
    }

    fn gradient(&mut self, x: &ArrayD<F>, t: Targets<'_, F>) -> F {
        let loss = self.loss(x, t, true);
        let mut dout = self.last_layer.backward();
        for (_, layer) in self.layers.iter_mut().rev() {
            dout = layer.backward(&dout);
        }
        loss
    }

    fn params(&mut self) -> Vec<Param<'_, F>> {
        let mut params = Vec::new();
        let with_params = self.layers.iter_mut().map(|(_, l)| l.params()).filter(|p| !p.is_empty());
        for (k, layer_params) in with_params.enumerate() {
            params.extend(layer_params.into_iter().map(|p| p.numbered(k + 1)));
        }
        params
    }
}
// ANCHOR_END: sequential_net

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::max_abs_diff;
    use crate::init::gaussian;
    use crate::layers::{Affine, Convolution, Pooling, Relu};
    use crate::rng::seeded;
    use ndarray::{Ix1, Ix2, Ix4, arr1};

    fn small(rng: &mut crate::rng::Rng) -> Sequential<f64> {
        Sequential::new()
            .with(
                "Conv1",
                Convolution::new(
                    gaussian(&[3, 2, 3, 3], 0.5, rng).into_dimensionality::<Ix4>().unwrap(),
                    gaussian(&[3], 0.5, rng).into_dimensionality::<Ix1>().unwrap(),
                    1,
                    1,
                ),
            )
            .with("Relu1", Relu::new())
            .with("Pool1", Pooling::new(2, 2, 2, 0))
            .with(
                "Affine1",
                Affine::new(
                    gaussian(&[3 * 3 * 3, 4], 0.5, rng).into_dimensionality::<Ix2>().unwrap(),
                    gaussian(&[4], 0.5, rng).into_dimensionality::<Ix1>().unwrap(),
                ),
            )
    }

    #[test]
    fn a_sequential_net_numbers_its_parameters_by_layer_and_knows_its_shapes() {
        let mut net = small(&mut seeded(50));
        let names: Vec<String> = net.params().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["W1", "b1", "W2", "b2"]);
        let shapes: Vec<Vec<usize>> =
            net.geometry(&[2, 6, 6]).unwrap().into_iter().map(|g| g.output).collect();
        assert_eq!(shapes, [vec![3, 6, 6], vec![3, 6, 6], vec![3, 3, 3], vec![4]]);
        assert_eq!(net.layer_param_counts(), [3 * 2 * 9 + 3, 0, 0, 27 * 4 + 4]);
        assert!(net.geometry(&[2, 7, 7]).is_err(), "7×7 maps do not tile into 2×2 windows");
    }

    #[test]
    fn a_sequential_net_backward_matches_numerical_gradients() {
        let mut rng = seeded(51);
        let mut net = small(&mut rng);
        let x = gaussian::<f64>(&[3, 2, 6, 6], 1.0, &mut rng);
        let labels = arr1(&[0usize, 3, 1]);
        let t = Targets::Labels(labels.view());
        let numeric = net.numerical_gradient(&x, t);
        net.gradient(&x, t);
        for ((name, n), (_, a)) in numeric.iter().zip(net.grads()) {
            let diff = max_abs_diff(n, &a);
            assert!(diff < 1e-7, "{name}: max |backprop − numerical| = {diff:e}");
        }
    }
}
