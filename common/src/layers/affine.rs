use ndarray::{Array1, Array2, ArrayD, ArrayView2, Axis, IxDyn};

use super::{BACKWARD_BEFORE_FORWARD, Layer, Param};
use crate::Float;
use crate::kernels::{self, affine::AffineKernel};
use crate::linalg::{flatten_rows, view2};

// ANCHOR: affine_layer
/// The affine (fully connected) layer: y = x·W + b.
///
/// x may be (N, d) or any (N, d₁, d₂, …), which is flattened to (N, d₁·d₂·…) first (the
/// output of a convolution, for example); dx comes back in x's own shape.
///
/// forward:  y = x·W + b        x (N, D), W (D, M), b (M,), y (N, M)
/// backward: dx = dout·Wᵀ       (N, D)
///           dW = xᵀ·dout       (D, M)
///           db = Σₙ dout[n]     (M,)   (b was added to every row, so its gradient sums them)
#[derive(Debug, Clone)]
pub struct Affine<F> {
    /// Weights, (in, out) as in the book.
    pub w: ArrayD<F>,
    /// Bias, (out,).
    pub b: ArrayD<F>,
    /// ∂L/∂W from the last backward pass.
    pub dw: ArrayD<F>,
    /// ∂L/∂b from the last backward pass.
    pub db: ArrayD<F>,
    x: Option<Array2<F>>,            // the input, flattened to (N, D), kept for backward
    original_x_shape: Vec<usize>,    // to give dx back in the input's shape
    kernel: Option<AffineKernel<F>>, // the fast path, if chosen (see `kernels`)
    input_grad: bool,                // false: the fast path skips dx (a network's first layer)
}
// ANCHOR_END: affine_layer

impl<F: Float> Affine<F> {
    /// An affine layer with weights W (in, out) and bias b (out,).
    pub fn new(w: Array2<F>, b: Array1<F>) -> Self {
        assert_eq!(w.ncols(), b.len(), "Affine: W has {} columns but b has {} entries", w.ncols(), b.len());
        let dw = ArrayD::zeros(IxDyn(w.shape()));
        let db = ArrayD::zeros(IxDyn(b.shape()));
        Affine {
            w: w.into_dyn(),
            b: b.into_dyn(),
            dw,
            db,
            x: None,
            original_x_shape: Vec::new(),
            kernel: kernels::fast_kernels().then(AffineKernel::default),
            input_grad: true,
        }
    }

    /// The same layer computing with the book's code below, whatever [`kernels::fast_kernels`]
    /// says (to compare the two, or to step through the book's algorithm).
    pub fn book_form(mut self) -> Self {
        self.kernel = None;
        self
    }

    /// The same layer computing with its fast kernel ([`crate::kernels::affine`]).
    pub fn fast_kernel(mut self) -> Self {
        self.kernel = Some(AffineKernel::default());
        self
    }

    /// The first layer of a network: nothing below it needs ∂L/∂x, a third of the layer's
    /// work, so the fast kernel skips it and backward returns an empty array.
    pub fn without_input_grad(mut self) -> Self {
        self.input_grad = false;
        self
    }

    /// Input width D.
    pub fn input_size(&self) -> usize {
        self.w.shape()[0]
    }

    /// Output width M.
    pub fn output_size(&self) -> usize {
        self.w.shape()[1]
    }

    fn w2(&self) -> ArrayView2<'_, F> {
        view2(&self.w)
    }
}

// ANCHOR: affine_forward_backward
impl<F: Float> Layer<F> for Affine<F> {
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        if let Some(kernel) = &mut self.kernel {
            return kernel.forward(x, &self.w, &self.b); // the same numbers, faster: kernels::affine
        }
        self.original_x_shape = x.shape().to_vec();
        let x = flatten_rows(x); // (N, D)
        let b = self.b.view().into_shape_with_order(self.output_size()).expect("b is 1-D"); // (M,)
        let out = x.dot(&self.w2()) + b; // (N, M)
        self.x = Some(x);
        out.into_dyn()
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        if let Some(kernel) = &mut self.kernel {
            return kernel.backward(dout, &self.w, &mut self.dw, &mut self.db, self.input_grad);
        }
        let x = self.x.as_ref().expect(BACKWARD_BEFORE_FORWARD); // (N, D)
        let dout = view2(dout); // (N, M)
        let dx = dout.dot(&self.w2().t()); // (N, D)
        self.dw = x.t().dot(&dout).into_dyn(); // (D, M)
        self.db = dout.sum_axis(Axis(0)).into_dyn(); // (M,)
        dx.into_shape_with_order(IxDyn(&self.original_x_shape)).expect("dx has x's size")
    }

    fn params(&mut self) -> Vec<Param<'_, F>> {
        vec![Param::new("W", &mut self.w, &self.dw), Param::new("b", &mut self.b, &self.db)]
    }
}
// ANCHOR_END: affine_forward_backward

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::gradient_check_layer;
    use crate::init::gaussian;
    use crate::layers::assert_close;
    use crate::rng::seeded;
    use ndarray::{arr1, arr2};

    fn random_affine<F: Float>(d: usize, m: usize, seed: u64) -> Affine<F> {
        let mut rng = seeded(seed);
        Affine::new(
            gaussian(&[d, m], 1.0, &mut rng).into_dimensionality().unwrap(),
            gaussian(&[m], 1.0, &mut rng).into_dimensionality().unwrap(),
        )
    }

    #[test]
    fn affine_forward_computes_x_dot_w_plus_b() {
        let layer = Affine::<f64>::new(arr2(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), arr1(&[0.5, 0.0, -0.5]));
        for mut layer in [layer.clone().book_form(), layer.fast_kernel()] {
            let y = layer.forward(&arr2(&[[1.0, 1.0], [0.0, 2.0]]).into_dyn(), false);
            assert_eq!(y, arr2(&[[5.5, 7.0, 8.5], [8.5, 10.0, 11.5]]).into_dyn());
        }
    }

    #[test]
    fn affine_backward_matches_numerical_gradient() {
        let mut rng = seeded(3);
        let x = gaussian(&[5, 6], 1.0, &mut rng);
        for mut layer in [random_affine::<f64>(6, 4, 3).book_form(), random_affine(6, 4, 3).fast_kernel()] {
            for (name, diff) in gradient_check_layer(&mut layer, &x, &mut rng) {
                assert!(diff < 1e-8, "{name}: max |backprop − numerical| = {diff}");
            }
        }
    }

    #[test]
    fn affine_takes_4d_input_and_gives_dx_back_in_that_shape() {
        let mut rng = seeded(4);
        let x = gaussian(&[5, 2, 3, 3], 1.0, &mut rng);
        for mut layer in [random_affine::<f64>(18, 4, 4).book_form(), random_affine(18, 4, 4).fast_kernel()] {
            for (name, diff) in gradient_check_layer(&mut layer, &x, &mut rng) {
                assert!(diff < 1e-8, "{name}: max |backprop − numerical| = {diff}");
            }
            let y = layer.forward(&x, true);
            assert_eq!(y.shape(), &[5, 4]);
            assert_eq!(layer.backward(&y).shape(), &[5, 2, 3, 3]);
        }
    }

    #[test]
    fn affine_db_sums_dout_over_the_batch_and_dw_is_xt_dout() {
        let layer = Affine::<f64>::new(arr2(&[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), arr1(&[0.0, 0.0]));
        for mut layer in [layer.clone().book_form(), layer.fast_kernel()] {
            let x = arr2(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
            layer.forward(&x.clone().into_dyn(), true);
            let dout = arr2(&[[1.0, -1.0], [0.5, 2.0]]);
            let dx = layer.backward(&dout.into_dyn());
            assert_eq!(layer.db, arr1(&[1.5, 1.0]).into_dyn());
            // xᵀ·dout, worked by hand: row d of dW is Σₙ x[n, d]·dout[n].
            assert_eq!(layer.dw, arr2(&[[3.0, 7.0], [4.5, 8.0], [6.0, 9.0]]).into_dyn());
            assert_eq!(dx, arr2(&[[1.0, -1.0, 0.0], [0.5, 2.0, 2.5]]).into_dyn()); // dout·Wᵀ, x's shape
        }
    }

    #[test]
    fn the_fast_kernel_gives_the_books_numbers_in_f32_and_f64() {
        fn compare<F: Float>(epsilon: f64) {
            let mut rng = seeded(7);
            for (shape, m) in [(vec![7, 20], 9), (vec![100, 30, 12, 12], 100), (vec![1, 5], 3)] {
                let d: usize = shape[1..].iter().product();
                let mut book = random_affine::<F>(d, m, 8).book_form();
                let mut fast = book.clone().fast_kernel();
                let x = gaussian::<F>(&shape, 1.0, &mut rng);
                // Sums of d (or N) products of N(0, 1) numbers: rounding grows like their root.
                let (eps_x, eps_w) = (epsilon * (d as f64).sqrt(), epsilon * (shape[0] as f64).sqrt());
                // Twice, so the kernel's reused buffers are exercised too.
                for _ in 0..2 {
                    assert_close(&fast.forward(&x, true), &book.forward(&x, true), eps_x);
                    let dout = gaussian::<F>(&[shape[0], m], 1.0, &mut rng);
                    assert_close(&fast.backward(&dout), &book.backward(&dout), eps_x);
                    assert_close(&fast.dw, &book.dw, eps_w);
                    assert_close(&fast.db, &book.db, eps_w);
                }
            }
        }
        compare::<f64>(1e-12);
        compare::<f32>(1e-5);
    }

    #[test]
    fn the_first_layer_can_skip_the_input_gradient() {
        let mut rng = seeded(6);
        let mut full = random_affine::<f32>(20, 7, 6).fast_kernel();
        let mut first = full.clone().without_input_grad();
        let x = gaussian::<f32>(&[4, 20], 1.0, &mut rng);
        let dout = gaussian::<f32>(&[4, 7], 1.0, &mut rng);
        assert_eq!(full.forward(&x, true), first.forward(&x, true));
        assert_eq!(full.backward(&dout).shape(), &[4, 20]);
        assert_eq!(first.backward(&dout).len(), 0);
        assert_eq!((full.dw, full.db), (first.dw, first.db));
    }

    #[test]
    fn affine_handles_3d_input_and_a_batch_of_one() {
        let mut rng = seeded(5);
        for mut layer in [random_affine::<f64>(12, 2, 5).book_form(), random_affine(12, 2, 5).fast_kernel()] {
            for shape in [[1usize, 3, 4], [6, 3, 4]] {
                let x = gaussian(&shape, 1.0, &mut rng);
                for (name, diff) in gradient_check_layer(&mut layer, &x, &mut rng) {
                    assert!(diff < 1e-8, "{shape:?} {name}: max |backprop − numerical| = {diff}");
                }
            }
        }
    }
}
