use ndarray::{Array1, Array4, ArrayD, Axis, Ix4, IxDyn};

use super::{BACKWARD_BEFORE_FORWARD, Layer, Param};
use crate::Float;
use crate::im2col::Window;

// ANCHOR: subsampling
/// LeNet-5's subsampling: each output is the mean of a size × size window of its channel
/// (windows side by side, no overlap), times a trainable coefficient w, plus a trainable bias
/// b, one pair per channel. At the start (w = 1, b = 0) it is plain average pooling.
///
/// forward:  y[n, c, i, j] = w[c] · m[n, c, i, j] + b[c],   m = the mean of window (i, j)
/// backward: dw[c] = Σ_{n,i,j} dout · m,   db[c] = Σ_{n,i,j} dout,
///           dx = dout · w[c] / size², the same for each of the window's size² inputs
#[derive(Debug, Clone)]
pub struct Subsampling<F> {
    /// The window's side (and stride): 2 in LeNet-5.
    pub size: usize,
    /// One coefficient per channel, (C,).
    pub w: ArrayD<F>,
    /// One bias per channel, (C,).
    pub b: ArrayD<F>,
    /// ∂L/∂w from the last backward pass.
    pub dw: ArrayD<F>,
    /// ∂L/∂b from the last backward pass.
    pub db: ArrayD<F>,
    mean: Option<Array4<F>>, // m, (N, C, OH, OW), kept for backward
}
// ANCHOR_END: subsampling

impl<F: Float> Subsampling<F> {
    /// Subsampling of `channels` channels over `size` × `size` windows: w = 1, b = 0.
    pub fn new(channels: usize, size: usize) -> Self {
        let zeros = || ArrayD::zeros(IxDyn(&[channels]));
        Subsampling {
            size,
            w: ArrayD::ones(IxDyn(&[channels])),
            b: zeros(),
            dw: zeros(),
            db: zeros(),
            mean: None,
        }
    }

    /// A per-channel array (C,) shaped (C, 1, 1), to broadcast over each channel's plane.
    fn per_channel(a: &ArrayD<F>) -> ndarray::Array3<F> {
        let c = a.len();
        a.view().into_shape_with_order((c, 1, 1)).expect("(C,)").to_owned()
    }
}

// ANCHOR: subsampling_forward_backward
impl<F: Float> Layer<F> for Subsampling<F> {
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        let s = self.size;
        let win = Window::new("subsampling", x.shape(), s, s, s, 0).unwrap_or_else(|e| panic!("{e}"));
        let (n, c, oh, ow) = (win.n, win.c, win.oh, win.ow);
        let x = x.view().into_dimensionality::<Ix4>().expect("checked 4-D"); // (N, C, H, W)
        let x = x.as_standard_layout();
        let windows = x.into_shape_with_order((n, c, oh, s, ow, s)).expect("H, W are OH·s, OW·s"); // (N, C, OH, s, OW, s)
        let mean = windows.sum_axis(Axis(5)).sum_axis(Axis(3)) / F::lit((s * s) as f64); // (N, C, OH, OW)
        let out = &mean * &Self::per_channel(&self.w) + &Self::per_channel(&self.b); // (N, C, OH, OW)
        self.mean = Some(mean);
        out.into_dyn()
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let mean = self.mean.as_ref().expect(BACKWARD_BEFORE_FORWARD); // (N, C, OH, OW)
        let s = self.size;
        let (n, c, oh, ow) = mean.dim();
        let dout = dout.view().into_dimensionality::<Ix4>().expect("dout is (N, C, OH, OW)");
        let sum_but_channels =
            |a: Array4<F>| -> Array1<F> { a.sum_axis(Axis(3)).sum_axis(Axis(2)).sum_axis(Axis(0)) };
        self.dw = sum_but_channels(&dout * mean).into_dyn(); // (C,)
        self.db = sum_but_channels(dout.to_owned()).into_dyn(); // (C,)
        let dmean = &dout * &Self::per_channel(&self.w) / F::lit((s * s) as f64); // (N, C, OH, OW)
        let dx = dmean.insert_axis(Axis(4)).insert_axis(Axis(3)); // (N, C, OH, 1, OW, 1)
        let dx = dx.broadcast((n, c, oh, s, ow, s)).expect("each input of a window").to_owned(); // (N, C, OH, s, OW, s)
        dx.into_shape_with_order(IxDyn(&[n, c, oh * s, ow * s])).expect("sizes match") // (N, C, H, W)
    }

    fn params(&mut self) -> Vec<Param<'_, F>> {
        vec![Param::new("W", &mut self.w, &self.dw), Param::new("b", &mut self.b, &self.db)]
    }
}
// ANCHOR_END: subsampling_forward_backward

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::gradient_check_layer;
    use crate::init::gaussian;
    use crate::rng::seeded;
    use ndarray::arr2;

    #[test]
    fn at_the_start_it_is_average_pooling_of_a_small_case_worked_by_hand() {
        // The book's pooling example, averaged: windows [1 2 / 0 1], [1 0 / 2 3], [3 0 / 2 4], [1 2 / 0 1].
        let x = ndarray::Array4::from_shape_vec(
            (1, 1, 4, 4),
            vec![1., 2., 1., 0., 0., 1., 2., 3., 3., 0., 1., 2., 2., 4., 0., 1.],
        )
        .unwrap()
        .into_dyn();
        let mut layer = Subsampling::new(1, 2);
        let y = layer.forward(&x, false);
        assert_eq!(y.clone().into_shape_with_order((2, 2)).unwrap(), arr2(&[[1.0, 1.5], [2.25, 1.0]]));
        // With a coefficient 2 and a bias −1: 2·m − 1.
        layer.w.fill(2.0);
        layer.b.fill(-1.0);
        let y = layer.forward(&x, false);
        assert_eq!(y.into_shape_with_order((2, 2)).unwrap(), arr2(&[[1.0, 2.0], [3.5, 1.0]]));
        // Each input gets a quarter of its window's gradient, times the coefficient.
        let dx = layer.backward(&ArrayD::ones(IxDyn(&[1, 1, 2, 2])));
        assert!(dx.iter().all(|&v| v == 0.5), "{dx}");
        assert_eq!(layer.db, ndarray::arr1(&[4.0]).into_dyn());
        assert_eq!(layer.dw, ndarray::arr1(&[1.0 + 1.5 + 2.25 + 1.0]).into_dyn());
    }

    #[test]
    fn subsampling_backward_matches_numerical_gradient() {
        let mut rng = seeded(30);
        for (shape, size) in [([2, 3, 4, 4], 2), ([1, 2, 6, 6], 3)] {
            let mut layer = Subsampling::<f64>::new(shape[1], size);
            layer.w = gaussian(&[shape[1]], 1.0, &mut rng);
            layer.b = gaussian(&[shape[1]], 1.0, &mut rng);
            let x = gaussian(&shape, 1.0, &mut rng);
            for (name, diff) in gradient_check_layer(&mut layer, &x, &mut rng) {
                assert!(diff < 1e-9, "size {size}: {name}: max |backprop − numerical| = {diff}");
            }
        }
    }
}
