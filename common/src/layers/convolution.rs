use ndarray::{Array1, Array2, Array3, Array4, ArrayD, ArrayView2, Axis, Ix1, Ix4, IxDyn};

use super::{BACKWARD_BEFORE_FORWARD, Layer, Param};
use crate::Float;
use crate::im2col::{ShapeError, Window, col2im, im2col};
use crate::kernels::conv;
use crate::linalg::matmul;

// ANCHOR: convolution
/// The convolution layer: FN filters of shape (C, FH, FW) slide over the input with stride S
/// and zero padding P.
///
/// forward:  out[n, f, oy, ox] = Σ_{c, fy, fx} W[f, c, fy, fx] · x[n, c, oy·S + fy − P, ox·S + fx − P] + b[f]
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
    /// Whether backward computes ∂L/∂x. The first layer of a network can skip it: no layer
    /// below needs it, and for a convolution it is as much work as ∂L/∂W.
    pub input_grad: bool,
    cache: Option<Cache<F>>,
}
// ANCHOR_END: convolution

/// What forward keeps for backward.
#[derive(Debug, Clone)]
enum Cache<F> {
    /// The book's algorithm: the window and col = im2col(x), (N·OH·OW, C·FH·FW).
    Im2col(Window, Array2<F>),
    /// The fast kernel: the window and each image's patches, (N, C·FH·FW, OH·OW).
    PerImage(Window, Array3<F>),
}

impl<F: Float> Convolution<F> {
    /// A convolution with filters W (FN, C, FH, FW), biases b (FN,), stride and padding.
    pub fn new(w: Array4<F>, b: Array1<F>, stride: usize, pad: usize) -> Self {
        assert_eq!(w.shape()[0], b.len(), "Convolution: {} filters but {} biases", w.shape()[0], b.len());
        let dw = ArrayD::zeros(IxDyn(w.shape()));
        let db = ArrayD::zeros(IxDyn(b.shape()));
        Convolution { w: w.into_dyn(), b: b.into_dyn(), dw, db, stride, pad, input_grad: true, cache: None }
    }

    /// The same layer, not computing ∂L/∂x in backward (for the first layer of a network):
    /// backward then returns an empty array.
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

    fn window(&self, input: &[usize]) -> Result<Window, ShapeError> {
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
        let (fn_, c, fh, fw) = self.filter_shape();
        self.w.view().into_shape_with_order((fn_, c * fh * fw)).expect("W is contiguous")
    }

    // ANCHOR: convolution_forward
    /// Forward pass the book's way: one im2col of the whole batch, one matrix product.
    pub fn forward_im2col(&mut self, x: &ArrayD<F>) -> ArrayD<F> {
        let win = self.window(x.shape()).unwrap_or_else(|e| panic!("{e}"));
        let x = x.view().into_dimensionality::<Ix4>().expect("checked 4-D");
        let fn_ = self.filter_shape().0;
        let col = im2col(x, &win); // (N·OH·OW, C·FH·FW)
        let w_mat = self.w_mat(); // (FN, C·FH·FW)
        let col_w = w_mat.t(); // (C·FH·FW, FN)
        let mut out = matmul(col.view(), col_w); // (N·OH·OW, FN)
        out += &self.b.view().into_shape_with_order(fn_).expect("b is 1-D");
        let out = out.into_shape_with_order((win.n, win.oh, win.ow, fn_)).expect("sizes match"); // (N, OH, OW, FN)
        let out = out.permuted_axes([0, 3, 1, 2]).as_standard_layout().into_owned(); // (N, FN, OH, OW)
        self.cache = Some(Cache::Im2col(win, col));
        out.into_dyn()
    }
    // ANCHOR_END: convolution_forward

    // ANCHOR: convolution_backward
    /// Backward pass the book's way (after [`Convolution::forward_im2col`]).
    pub fn backward_im2col(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let Some(Cache::Im2col(win, col)) = self.cache.take() else { panic!("{BACKWARD_BEFORE_FORWARD}") };
        let (fn_, c, fh, fw) = self.filter_shape();
        // (N, FN, OH, OW) → (N, OH, OW, FN) → (N·OH·OW, FN): one row per output position.
        let dout = dout.view().into_dimensionality::<Ix4>().expect("dout is (N, FN, OH, OW)");
        let dout = dout.permuted_axes([0, 2, 3, 1]).as_standard_layout().into_owned();
        let dout = dout.into_shape_with_order((win.col_rows(), fn_)).expect("sizes match");

        self.db = dout.sum_axis(Axis(0)).into_dyn(); // (FN,)
        let dw = matmul(col.t(), dout.view()); // (C·FH·FW, FN)
        self.dw = dw
            .t()
            .as_standard_layout()
            .into_owned()
            .into_shape_with_order((fn_, c, fh, fw))
            .expect("sizes match")
            .into_dyn();
        let dcol = matmul(dout.view(), self.w_mat()); // (N·OH·OW, C·FH·FW)
        self.cache = Some(Cache::Im2col(win, col));
        col2im(dcol.view(), &win).into_dyn() // (N, C, H, W)
    }
    // ANCHOR_END: convolution_backward
}

impl<F: Float> Layer<F> for Convolution<F> {
    /// The same numbers as [`Convolution::forward_im2col`], computed image by image on all
    /// cores ([`crate::kernels::conv`]).
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        let win = self.window(x.shape()).unwrap_or_else(|e| panic!("{e}"));
        let x = x.view().into_dimensionality::<Ix4>().expect("checked 4-D");
        let (fn_, k, p) = (self.filter_shape().0, win.col_cols(), win.oh * win.ow);
        // Reuse the patch buffer of the last step when the batch has the same shape.
        let mut col_t = match self.cache.take() {
            Some(Cache::PerImage(_, col_t)) if col_t.dim() == (win.n, k, p) => col_t,
            _ => Array3::zeros((win.n, k, p)),
        };
        let mut out = Array3::zeros((win.n, fn_, p)); // (N, FN, OH·OW)
        let b = self.b.view().into_dimensionality::<Ix1>().expect("b is 1-D");
        conv::forward(x, self.w_mat(), b, &win, &mut col_t, &mut out);
        self.cache = Some(Cache::PerImage(win, col_t));
        out.into_shape_with_order(IxDyn(&[win.n, fn_, win.oh, win.ow])).expect("sizes match")
    }

    /// The same numbers as [`Convolution::backward_im2col`], image by image.
    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let cache = self.cache.take();
        let Some(Cache::PerImage(win, col_t)) = &cache else {
            if matches!(cache, Some(Cache::Im2col(..))) {
                self.cache = cache;
                return self.backward_im2col(dout);
            }
            panic!("{BACKWARD_BEFORE_FORWARD}");
        };
        let fn_ = self.filter_shape().0;
        let p = win.oh * win.ow;
        let dout = dout.view().into_shape_with_order((win.n, fn_, p)).expect("dout is (N, FN, OH, OW)");
        let mut dx = self.input_grad.then(|| Array3::zeros((win.n, win.c, win.h * win.w)));
        let (dw, db) = conv::backward(dout, self.w_mat(), col_t, win, dx.as_mut());
        self.dw = dw.into_shape_with_order(IxDyn(self.w.shape())).expect("sizes match");
        self.db = db.into_dyn();
        let dx = match dx {
            Some(dx) => dx.into_shape_with_order(IxDyn(&[win.n, win.c, win.h, win.w])).expect("sizes match"),
            None => ArrayD::zeros(IxDyn(&[0])),
        };
        self.cache = cache;
        dx
    }

    fn params(&mut self) -> Vec<Param<'_, F>> {
        vec![Param::new("W", &mut self.w, &self.dw), Param::new("b", &mut self.b, &self.db)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::gradient_check_layer;
    use crate::init::gaussian;
    use crate::rng::seeded;
    use approx::assert_abs_diff_eq;
    use ndarray::arr1;

    fn conv(fn_: usize, c: usize, f: usize, stride: usize, pad: usize, seed: u64) -> Convolution<f64> {
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
        let mut layer = Convolution::new(w, arr1(&[3.0]), 1, 0);
        let y = layer.forward(&x.into_dyn(), false);
        assert_eq!(y.into_shape_with_order(4).unwrap().to_vec(), vec![18., 19., 9., 18.]);
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
            let mut layer = conv(fn_, shape[1], f, stride, pad, 11);
            let x = gaussian(&shape, 1.0, &mut rng);
            for (name, diff) in gradient_check_layer(&mut layer, &x, &mut rng) {
                assert!(
                    diff < 1e-8,
                    "stride {stride} pad {pad}: {name}: max |backprop − numerical| = {diff}"
                );
            }
        }
    }

    #[test]
    fn the_fast_kernel_gives_the_books_numbers() {
        let mut rng = seeded(12);
        for (shape, fn_, f, stride, pad) in
            [([3, 3, 7, 7], 4, 3, 1, 0), ([2, 2, 7, 7], 3, 3, 2, 1), ([2, 1, 28, 28], 30, 5, 1, 0)]
        {
            let mut fast = conv(fn_, shape[1], f, stride, pad, 13);
            let mut book = fast.clone();
            let x = gaussian(&shape, 1.0, &mut rng);
            let y = fast.forward(&x, true);
            assert_abs_diff_eq!(y, book.forward_im2col(&x), epsilon = 1e-10);
            let dout = gaussian(y.shape(), 1.0, &mut rng);
            assert_abs_diff_eq!(fast.backward(&dout), book.backward_im2col(&dout), epsilon = 1e-10);
            assert_abs_diff_eq!(fast.dw, book.dw, epsilon = 1e-10);
            assert_abs_diff_eq!(fast.db, book.db, epsilon = 1e-10);
        }
    }

    #[test]
    fn the_fast_kernel_gives_the_books_numbers_in_f32() {
        let mut rng = seeded(16);
        for (shape, fn_, f, stride, pad) in [([100, 1, 28, 28], 30, 5, 1, 0), ([2, 3, 7, 7], 4, 3, 2, 1)] {
            let mut fast = Convolution::<f32>::new(
                gaussian(&[fn_, shape[1], f, f], 0.1, &mut rng).into_dimensionality::<Ix4>().unwrap(),
                gaussian(&[fn_], 0.1, &mut rng).into_dimensionality::<Ix1>().unwrap(),
                stride,
                pad,
            );
            let mut book = fast.clone();
            let x = gaussian(&shape, 1.0, &mut rng);
            let y = fast.forward(&x, true);
            assert_abs_diff_eq!(y, book.forward_im2col(&x), epsilon = 1e-4);
            let dout = gaussian(y.shape(), 1.0, &mut rng);
            assert_abs_diff_eq!(fast.backward(&dout), book.backward_im2col(&dout), epsilon = 1e-4);
            // dW sums over every image and position: compare relative to its size.
            let scale = book.dw.iter().fold(1.0f32, |m, v| m.max(v.abs()));
            assert_abs_diff_eq!(fast.dw, book.dw, epsilon = 1e-5 * scale);
            assert_abs_diff_eq!(fast.db, book.db, epsilon = 1e-5 * scale.max(1.0));
        }
    }

    #[test]
    fn the_first_layer_can_skip_the_input_gradient() {
        let mut rng = seeded(14);
        let mut full = conv(2, 1, 3, 1, 0, 15);
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
        let layer = conv(30, 1, 5, 2, 0, 0);
        let err = layer.output_shape(&[100, 1, 28, 28]).unwrap_err();
        assert!(err.to_string().contains("does not divide"), "{err}");
        assert_eq!(conv(30, 1, 5, 1, 0, 0).output_shape(&[100, 1, 28, 28]), Ok([100, 30, 24, 24]));
        let err = conv(30, 1, 5, 1, 0, 0).output_shape(&[100, 3, 28, 28]).unwrap_err();
        assert!(matches!(err, ShapeError::WrongInput { .. }), "{err}");
    }
}
