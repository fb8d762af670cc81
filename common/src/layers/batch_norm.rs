use ndarray::{Array1, Array2, ArrayD, Axis, IxDyn};

use super::{BACKWARD_BEFORE_FORWARD, Layer, Param};
use crate::Float;
use crate::linalg::flatten_rows;

/// Added to the variance before the square root, so a feature that is constant over a
/// mini-batch does not divide by zero (the book writes 10e-7, i.e. 1e-6).
pub const BN_EPS: f64 = 1e-6;

// ANCHOR: batch_norm_layer
/// Batch normalisation (Ioffe & Szegedy, 2015): each feature is shifted and scaled to mean
/// 0 and variance 1 over the mini-batch, then given a learnt scale γ and shift β.
///
/// forward (train), over the N rows of the batch, per feature:
///   μ = (1/N)·Σ xᵢ,   var = (1/N)·Σ (xᵢ − μ)²,   x̂ᵢ = (xᵢ − μ) / √(var + ε),   yᵢ = γ·x̂ᵢ + β
///   and running μ, var ← momentum·running + (1 − momentum)·(this batch's μ, var)
/// forward (inference): the same with the running μ and var instead of the batch's
/// backward (the book's graph, node by node; xc = x − μ, std = √(var + ε)):
///   dβ = Σ dout,  dγ = Σ x̂ ⊙ dout,  dx̂ = γ·dout,
///   dstd = −Σ dx̂ ⊙ xc / std²,  dvar = dstd / (2·std),
///   dxc = dx̂ / std + (2/N)·xc·dvar,  dμ = Σ dxc,  dx = dxc − dμ/N
///
/// A 4-D input (N, C, H, W) is flattened to (N, C·H·W), as the book does: every position
/// of every channel is a feature of its own.
#[derive(Debug, Clone)]
pub struct BatchNormalization<F> {
    /// γ, one scale per feature (starts at 1).
    pub gamma: ArrayD<F>,
    /// β, one shift per feature (starts at 0).
    pub beta: ArrayD<F>,
    /// ∂L/∂γ from the last backward pass.
    pub dgamma: ArrayD<F>,
    /// ∂L/∂β from the last backward pass.
    pub dbeta: ArrayD<F>,
    /// How much of the running statistics survives each training batch (0.9).
    pub momentum: F,
    /// The mean used at inference: a moving average of the batch means (starts at 0).
    pub running_mean: Array1<F>,
    /// The variance used at inference: a moving average of the batch variances (starts at 0).
    pub running_var: Array1<F>,
    cache: Option<Cache<F>>, // what backward needs from the last training forward pass
    input_shape: Vec<usize>,
}

#[derive(Debug, Clone)]
struct Cache<F> {
    xc: Array2<F>,  // x − μ, (N, D)
    xn: Array2<F>,  // x̂, (N, D)
    std: Array1<F>, // √(var + ε), (D,)
}

impl<F: Float> BatchNormalization<F> {
    /// Batch normalisation of `features` features: γ = 1, β = 0, momentum 0.9.
    pub fn new(features: usize) -> Self {
        Self::with_params(Array1::ones(features), Array1::zeros(features))
    }

    /// Batch normalisation with the given γ and β (both of length D).
    pub fn with_params(gamma: Array1<F>, beta: Array1<F>) -> Self {
        assert_eq!(gamma.len(), beta.len(), "BatchNormalization: γ and β differ in length");
        let d = gamma.len();
        BatchNormalization {
            dgamma: ArrayD::zeros(IxDyn(&[d])),
            dbeta: ArrayD::zeros(IxDyn(&[d])),
            gamma: gamma.into_dyn(),
            beta: beta.into_dyn(),
            momentum: F::lit(0.9),
            running_mean: Array1::zeros(d),
            running_var: Array1::zeros(d),
            cache: None,
            input_shape: Vec::new(),
        }
    }

    /// The number of features D.
    pub fn features(&self) -> usize {
        self.gamma.len()
    }

    fn gamma1(&self) -> ndarray::ArrayView1<'_, F> {
        self.gamma.view().into_shape_with_order(self.features()).expect("γ is 1-D")
    }
}

impl<F: Float> Layer<F> for BatchNormalization<F> {
    fn forward(&mut self, x: &ArrayD<F>, train: bool) -> ArrayD<F> {
        self.input_shape = x.shape().to_vec();
        let x = flatten_rows(x); // (N, D)
        assert_eq!(
            x.ncols(),
            self.features(),
            "BatchNormalization: input has {} features per example, the layer was built for {}",
            x.ncols(),
            self.features()
        );
        let eps = F::lit(BN_EPS);
        let xn = if train {
            let n = F::lit(x.nrows().max(1) as f64);
            let mu = x.sum_axis(Axis(0)) / n; // (D,)
            let xc = &x - &mu; // (N, D)
            let var = xc.mapv(|v| v * v).sum_axis(Axis(0)) / n; // (D,)
            let std = var.mapv(|v| (v + eps).sqrt()); // (D,)
            let xn = &xc / &std; // (N, D)
            let m = self.momentum;
            let one_minus_m = F::one() - m;
            self.running_mean.zip_mut_with(&mu, |r, &b| *r = m * *r + one_minus_m * b);
            self.running_var.zip_mut_with(&var, |r, &b| *r = m * *r + one_minus_m * b);
            self.cache = Some(Cache { xc, xn: xn.clone(), std });
            xn
        } else {
            let std = self.running_var.mapv(|v| (v + eps).sqrt());
            (&x - &self.running_mean) / &std
        };
        let beta = self.beta.view().into_shape_with_order(self.features()).expect("β is 1-D");
        let out = xn * self.gamma1() + beta; // (N, D)
        out.into_shape_with_order(IxDyn(&self.input_shape)).expect("y has x's size")
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let Cache { xc, xn, std } = self.cache.as_ref().expect(BACKWARD_BEFORE_FORWARD);
        let dout = flatten_rows(dout); // (N, D)
        let n = F::lit(dout.nrows().max(1) as f64);
        let dbeta = dout.sum_axis(Axis(0)); // (D,)
        let dgamma = (xn * &dout).sum_axis(Axis(0)); // (D,)
        let dxn = &dout * &self.gamma1(); // (N, D)
        let mut dxc = &dxn / std; // (N, D)
        let dstd = -(&dxn * xc / &std.mapv(|s| s * s)).sum_axis(Axis(0)); // (D,)
        let dvar = &dstd / &std.mapv(|s| s * F::lit(2.0)); // (D,)
        dxc += &(xc * &dvar * (F::lit(2.0) / n)); // (N, D)
        let dmu = dxc.sum_axis(Axis(0)); // (D,)
        let dx = dxc - &(dmu / n); // (N, D)
        self.dgamma = dgamma.into_dyn();
        self.dbeta = dbeta.into_dyn();
        dx.into_shape_with_order(IxDyn(&self.input_shape)).expect("dx has x's size")
    }

    fn params(&mut self) -> Vec<Param<'_, F>> {
        vec![
            Param::new("gamma", &mut self.gamma, &self.dgamma),
            Param::new("beta", &mut self.beta, &self.dbeta),
        ]
    }
}
// ANCHOR_END: batch_norm_layer

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::gradient_check_layer;
    use crate::init::gaussian;
    use crate::rng::seeded;

    fn layer_with_random_params(d: usize, rng: &mut crate::rng::Rng) -> BatchNormalization<f64> {
        let gamma = gaussian::<f64>(&[d], 1.0, rng).into_dimensionality().unwrap() + 1.0;
        let beta = gaussian::<f64>(&[d], 1.0, rng).into_dimensionality().unwrap();
        BatchNormalization::with_params(gamma, beta)
    }

    // Batch normalisation curves sharply (every output depends on every input of its
    // column), so the central difference's own error, ~h²·f‴/6, is larger than for other
    // layers: about 1e-8 here. A wrong backward pass is off by 1e-1 or more.
    #[test]
    fn batch_norm_backward_matches_numerical_gradient_for_x_gamma_and_beta() {
        let mut rng = seeded(11);
        let mut layer = layer_with_random_params(5, &mut rng);
        let x = gaussian(&[6, 5], 2.0, &mut rng) + 3.0;
        let report = gradient_check_layer(&mut layer, &x, &mut rng);
        let names: Vec<_> = report.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["x", "gamma", "beta"]);
        for (name, diff) in report {
            assert!(diff < 1e-6, "{name}: max |backprop − numerical| = {diff}");
        }
    }

    #[test]
    fn batch_norm_takes_4d_input_by_flattening_it() {
        let mut rng = seeded(12);
        let mut layer = layer_with_random_params(2 * 2 * 3, &mut rng);
        let x = gaussian(&[4, 2, 2, 3], 1.0, &mut rng);
        for (name, diff) in gradient_check_layer(&mut layer, &x, &mut rng) {
            assert!(diff < 1e-6, "{name}: max |backprop − numerical| = {diff}");
        }
        assert_eq!(layer.forward(&x, true).shape(), &[4, 2, 2, 3]);
    }

    #[test]
    fn batch_norm_output_has_mean_0_and_variance_1_per_feature_in_training() {
        let mut rng = seeded(13);
        let x = gaussian(&[200, 3], 5.0, &mut rng) + 7.0;
        let y = BatchNormalization::<f64>::new(3).forward(&x, true);
        let y = flatten_rows(&y);
        for col in y.columns() {
            let mean = col.mean().unwrap();
            let var = col.mapv(|v| (v - mean) * (v - mean)).mean().unwrap();
            assert!(mean.abs() < 1e-12 && (var - 1.0).abs() < 1e-6, "mean {mean}, var {var}");
        }
    }

    #[test]
    fn batch_norm_uses_running_statistics_at_inference() {
        let mut rng = seeded(14);
        let mut layer = BatchNormalization::<f64>::new(2);
        // Many training batches from N(μ = (3, −1), std = (2, 0.5)): the running averages
        // approach the true mean and variance (starting from 0, a factor 0.9 a step).
        let shift = ndarray::arr1(&[3.0, -1.0]);
        let scale = ndarray::arr1(&[2.0, 0.5]);
        for _ in 0..200 {
            let x = flatten_rows(&gaussian::<f64>(&[500, 2], 1.0, &mut rng)) * &scale + &shift;
            layer.forward(&x.into_dyn(), true);
        }
        for (j, (&m, &v)) in layer.running_mean.iter().zip(&layer.running_var).enumerate() {
            assert!(
                (m - shift[j]).abs() < 0.1 && (v - scale[j] * scale[j]).abs() < 0.1 * scale[j],
                "{m} {v}"
            );
        }
        // At inference one example is normalised with those statistics, not its own
        // (the batch statistics of a single row would map it to 0).
        let x = ndarray::arr2(&[[5.0, -1.5]]).into_dyn();
        let y = layer.forward(&x, false);
        let expected = [
            (5.0 - layer.running_mean[0]) / (layer.running_var[0] + BN_EPS).sqrt(),
            (-1.5 - layer.running_mean[1]) / (layer.running_var[1] + BN_EPS).sqrt(),
        ];
        assert!((y[[0, 0]] - expected[0]).abs() < 1e-12 && (y[[0, 1]] - expected[1]).abs() < 1e-12);
        assert!((y[[0, 0]] - 1.0).abs() < 0.1 && (y[[0, 1]] + 1.0).abs() < 0.2, "{y}");
        // And inference leaves the running statistics alone.
        let before = layer.running_mean.clone();
        layer.forward(&x, false);
        assert_eq!(layer.running_mean, before);
    }
}
