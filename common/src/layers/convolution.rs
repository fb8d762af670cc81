use ndarray::{Array1, Array2, Array4, ArrayD, ArrayView2, Ix4, IxDyn};

use super::{BACKWARD_BEFORE_FORWARD, Layer, Param};
use crate::Float;
use crate::im2col::{ShapeError, Window, col2im, im2col};
use crate::kernels::{self, conv::ConvKernel};

// ANCHOR: convolution
/// The convolution layer: FN filters of shape (C, FH, FW) slide over the input with stride S
/// and zero padding P.
///
/// forward:  out[n, f, oy, ox] = Σ_{c, fy, fx} W[f, c, fy, fx] · x[n, c, oy·S + fy − P, ox·S + fx − P]
///                               + b[f]
///           computed as col = im2col(x) (N·OH·OW, C·FH·FW), out = col · col_w + b
///           with col_w = W reshaped to (FN, C·FH·FW) and transposed
/// backward: db = Σ dout over (n, oy, ox)
///           dW = colᵀ · dout   (reshaped back to (FN, C, FH, FW))
///           dx = col2im(dout · col_wᵀ)
#[derive(Debug, Clone)]
pub struct Convolution<F> {
    /// Filters, (FN, C, FH, FW).
    pub w: ArrayD<F>,
    /// Biases, (FN,): one per filter.
    pub b: ArrayD<F>,
    /// ∂L/∂W from the last backward pass.
    pub dw: ArrayD<F>,
    /// ∂L/∂b from the last backward pass.
    pub db: ArrayD<F>,
    /// Stride S.
    pub stride: usize,
    /// Zero padding P.
    pub pad: usize,
    cache: Option<(Window, Array2<F>)>, // the window and col = im2col(x), kept for backward
    kernel: Option<ConvKernel<F>>,      // the fast path, if chosen (see `kernels`)
    input_grad: bool,                   // false: the fast path skips dx (a network's first layer)
}
// ANCHOR_END: convolution

impl<F: Float> Convolution<F> {
    /// A convolution with filters W (FN, C, FH, FW), biases b (FN,), stride and padding.
    pub fn new(w: Array4<F>, b: Array1<F>, stride: usize, pad: usize) -> Self {
        assert_eq!(w.shape()[0], b.len(), "Convolution: {} filters but {} biases", w.shape()[0], b.len());
        let dw = ArrayD::zeros(IxDyn(w.shape()));
        let db = ArrayD::zeros(IxDyn(b.shape()));
        let kernel = kernels::fast_kernels().then(ConvKernel::default);
        let w = if w.is_standard_layout() { w } else { w.as_standard_layout().into_owned() }.into_dyn();
        Convolution { w, b: b.into_dyn(), dw, db, stride, pad, cache: None, kernel, input_grad: true }
    }

    /// The same layer computing with the book's code below, whatever [`kernels::fast_kernels`]
    /// says (to compare the two, or to step through the book's algorithm).
    pub fn book_form(mut self) -> Self {
        self.kernel = None;
        self
    }

    /// The same layer computing with its fast kernel ([`crate::kernels::conv`]).
    pub fn fast_kernel(mut self) -> Self {
        self.kernel = Some(ConvKernel::default());
        self
    }

    /// The first layer of a network: nothing below it needs ∂L/∂x, as much work as ∂L/∂W for a
    /// convolution, so the fast kernel skips it and backward returns an empty array.
    pub fn without_input_grad(mut self) -> Self {
        self.input_grad = false;
        self
    }

    /// (FN, C, FH, FW).
    pub fn filter_shape(&self) -> (usize, usize, usize, usize) {
        let s = self.w.shape();
        (s[0], s[1], s[2], s[3])
    }

    /// The output shape (N, FN, OH, OW) for an input shape (N, C, H, W), or why it does not fit.
    pub fn output_shape(&self, input: &[usize]) -> Result<[usize; 4], ShapeError> {
        let win = self.window(input)?;
        Ok([win.n, self.filter_shape().0, win.oh, win.ow])
    }

    /// The window of this layer's filters over an input of shape (N, C, H, W), or why it does
    /// not fit.
    pub fn window(&self, input: &[usize]) -> Result<Window, ShapeError> {
        let (_, c, fh, fw) = self.filter_shape();
        let win = Window::new("convolution", input, fh, fw, self.stride, self.pad)?;
        if win.c != c {
            return Err(ShapeError::WrongInput {
                what: "convolution".into(),
                expected: format!("{c} input channels (the filters' C)"),
                found: input.to_vec(),
            });
        }
        Ok(win)
    }

    /// W as the matrix (FN, C·FH·FW): one row per filter.
    fn w_mat(&self) -> ArrayView2<'_, F> {
        kernels::conv::w_mat(&self.w)
    }
}

// ANCHOR: convolution_forward_backward
impl<F: Float> Layer<F> for Convolution<F> {
    fn forward(&mut self, x: &ArrayD<F>, train: bool) -> ArrayD<F> {
        let win = self.window(x.shape()).unwrap_or_else(|e| panic!("{e}"));
        if let Some(kernel) = &mut self.kernel {
            return kernel.forward(x, &self.w, &self.b, win, train); // the same numbers, faster: kernels::conv
        }
        let x = x.view().into_dimensionality::<Ix4>().expect("checked 4-D"); // (N, C, H, W)
        let fn_ = self.filter_shape().0;
        let col = im2col(x, &win); // (N·OH·OW, C·FH·FW)
        let w_mat = self.w_mat(); // (FN, C·FH·FW)
        let col_w = w_mat.t(); // (C·FH·FW, FN)
        let b = self.b.view().into_shape_with_order(fn_).expect("b is 1-D"); // (FN,)
        let out = col.dot(&col_w) + b; // (N·OH·OW, FN)
        // (N, OH, OW, FN)
        let out = out.into_shape_with_order((win.n, win.oh, win.ow, fn_)).expect("sizes match");
        let out = out.permuted_axes([0, 3, 1, 2]); // (N, FN, OH, OW)
        self.cache = Some((win, col));
        out.as_standard_layout().into_owned().into_dyn()
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        if let Some(kernel) = &mut self.kernel {
            let (dx, dw, db) = kernel.backward(dout, &self.w, self.input_grad);
            (self.dw, self.db) = (dw, db);
            return dx;
        }
        let (win, col) = self.cache.as_ref().expect(BACKWARD_BEFORE_FORWARD);
        let (fn_, c, fh, fw) = self.filter_shape();
        let dout = dout.view().into_dimensionality::<Ix4>().expect("dout is (N, FN, OH, OW)");
        let dout = dout.permuted_axes([0, 2, 3, 1]); // (N, OH, OW, FN)
        let dout = dout.as_standard_layout(); // (N, OH, OW, FN), contiguous
        let dout = dout.into_shape_with_order((win.col_rows(), fn_)).expect("sizes match"); // (N·OH·OW, FN)

        self.db = dout.sum_axis(ndarray::Axis(0)).into_dyn(); // (FN,)
        let dw = col.t().dot(&dout); // (C·FH·FW, FN)
        let dw = dw.t().as_standard_layout().into_owned(); // (FN, C·FH·FW)
        // (FN, C, FH, FW)
        self.dw = dw.into_shape_with_order((fn_, c, fh, fw)).expect("sizes match").into_dyn();
        let dcol = dout.dot(&self.w_mat()); // (N·OH·OW, C·FH·FW)
        col2im(dcol.view(), win).into_dyn() // (N, C, H, W)
    }

    fn params(&mut self) -> Vec<Param<'_, F>> {
        vec![Param::new("W", &mut self.w, &self.dw), Param::new("b", &mut self.b, &self.db)]
    }
}
// ANCHOR_END: convolution_forward_backward

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::gradient_check_layer;
    use crate::init::gaussian;
    use crate::layers::assert_close;
    use crate::rng::seeded;
    use approx::assert_abs_diff_eq;
    use ndarray::{Ix1, arr1};

    fn conv<F: Float>(
        fn_: usize,
        c: usize,
        f: usize,
        stride: usize,
        pad: usize,
        seed: u64,
    ) -> Convolution<F> {
        let mut rng = seeded(seed);
        Convolution::new(
            gaussian(&[fn_, c, f, f], 1.0, &mut rng).into_dimensionality::<Ix4>().unwrap(),
            gaussian(&[fn_], 1.0, &mut rng).into_dimensionality::<Ix1>().unwrap(),
            stride,
            pad,
        )
    }

    #[test]
    fn convolution_of_a_small_case_worked_by_hand() {
        // The book's figure 7-4: a 4×4 input, a 3×3 filter, stride 1, no padding → 2×2,
        // then plus the bias 3.
        let x = Array4::from_shape_vec(
            (1, 1, 4, 4),
            vec![1., 2., 3., 0., 0., 1., 2., 3., 3., 0., 1., 2., 2., 3., 0., 1.],
        )
        .unwrap();
        let w = Array4::from_shape_vec((1, 1, 3, 3), vec![2., 0., 1., 0., 1., 2., 1., 0., 2.]).unwrap();
        let layer = Convolution::new(w, arr1(&[3.0]), 1, 0);
        for mut layer in [layer.clone().book_form(), layer.fast_kernel()] {
            let y = layer.forward(&x.clone().into_dyn(), false);
            assert_eq!(y.into_shape_with_order(4).unwrap().to_vec(), vec![18., 19., 9., 18.]);
        }
    }

    #[test]
    fn convolution_backward_matches_numerical_gradient() {
        let mut rng = seeded(10);
        for (shape, fn_, f, stride, pad) in [
            ([2, 3, 5, 5], 4, 3, 1, 0),
            ([2, 2, 5, 5], 3, 3, 2, 1),
            ([1, 1, 6, 6], 2, 2, 2, 0),
            ([2, 2, 4, 4], 2, 3, 1, 1),
        ] {
            let x = gaussian(&shape, 1.0, &mut rng);
            let layer = conv::<f64>(fn_, shape[1], f, stride, pad, 11);
            for mut layer in [layer.clone().book_form(), layer.fast_kernel()] {
                for (name, diff) in gradient_check_layer(&mut layer, &x, &mut rng) {
                    assert!(
                        diff < 1e-8,
                        "stride {stride} pad {pad}: {name}: max |backprop − numerical| = {diff}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_fast_kernel_gives_the_books_numbers_in_f32_and_f64() {
        fn compare<F: Float>(std: f64, epsilon: f64) {
            let mut rng = seeded(12);
            for (shape, fn_, f, stride, pad) in [
                ([3, 3, 7, 7], 4, 3, 1, 0),
                ([2, 2, 7, 7], 3, 3, 2, 1),
                ([2, 1, 28, 28], 30, 5, 1, 0),
                ([100, 1, 28, 28], 30, 5, 1, 0),
            ] {
                let mut book = conv::<F>(fn_, shape[1], f, stride, pad, 13).book_form();
                book.w.mapv_inplace(|v| v * F::lit(std));
                let mut fast = book.clone().fast_kernel();
                let x = gaussian::<F>(&shape, 1.0, &mut rng);
                // Twice, so the kernel's reused buffers are exercised too.
                for _ in 0..2 {
                    // At inference the kernel keeps nothing for backward: the same numbers.
                    assert_close(&fast.forward(&x, false), &book.forward(&x, false), epsilon);
                    let y = fast.forward(&x, true);
                    assert_close(&y, &book.forward(&x, true), epsilon);
                    let dout = gaussian::<F>(y.shape(), 1.0, &mut rng);
                    assert_close(&fast.backward(&dout), &book.backward(&dout), epsilon);
                    // dW and db sum over every image and position: compare relative to their size.
                    let size = |a: &ArrayD<F>| a.iter().fold(1.0, |m: f64, v| m.max(v.to_f64_lossy().abs()));
                    assert_close(&fast.dw, &book.dw, epsilon * size(&book.dw));
                    assert_close(&fast.db, &book.db, epsilon * size(&book.db));
                }
            }
        }
        compare::<f64>(1.0, 1e-10);
        compare::<f32>(0.1, 1e-5);
    }

    #[test]
    fn the_first_layer_can_skip_the_input_gradient() {
        let mut rng = seeded(14);
        let mut full = conv::<f64>(2, 1, 3, 1, 0, 15).fast_kernel();
        let mut first = full.clone().without_input_grad();
        let x = gaussian(&[2, 1, 5, 5], 1.0, &mut rng);
        let dout = gaussian(&[2, 2, 3, 3], 1.0, &mut rng);
        full.forward(&x, true);
        first.forward(&x, true);
        assert_eq!(full.backward(&dout).shape(), &[2, 1, 5, 5]);
        assert_eq!(first.backward(&dout).len(), 0);
        assert_abs_diff_eq!(full.dw, first.dw, epsilon = 1e-12);
    }

    #[test]
    fn convolution_reports_sizes_that_do_not_divide() {
        let layer = conv::<f32>(30, 1, 5, 2, 0, 0);
        let err = layer.output_shape(&[100, 1, 28, 28]).unwrap_err();
        assert!(err.to_string().contains("does not divide"), "{err}");
        assert_eq!(conv::<f32>(30, 1, 5, 1, 0, 0).output_shape(&[100, 1, 28, 28]), Ok([100, 30, 24, 24]));
        let err = conv::<f32>(30, 1, 5, 1, 0, 0).output_shape(&[100, 3, 28, 28]).unwrap_err();
        assert!(matches!(err, ShapeError::WrongInput { .. }), "{err}");
    }
}
