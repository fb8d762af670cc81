use std::marker::PhantomData;

use ndarray::{Array2, Array4, ArrayD, Ix4, IxDyn};

use super::{BACKWARD_BEFORE_FORWARD, Layer};
use crate::Float;
use crate::functions::argmax;
use crate::im2col::{ShapeError, Window, col2im, im2col};
use crate::kernels::{self, pool::PoolKernel};

// ANCHOR: pooling
/// Max pooling: each output is the largest value in its (PH, PW) window, channel by channel.
/// The book uses windows that do not overlap (stride = window size).
///
/// forward:  out[n, c, oy, ox] = max over the window of x[n, c, ·, ·]
/// backward: the gradient goes only to the position that held the max; the others get 0
///           (of equal values, the first in the window, row by row, is the max, as NumPy's argmax)
///
/// Pooling has no parameters to learn, keeps the number of channels, and makes the output
/// robust to small shifts of the input.
#[derive(Debug, Clone)]
pub struct Pooling<F> {
    /// Window height PH and width PW.
    pub pool_h: usize,
    pub pool_w: usize,
    /// Stride S.
    pub stride: usize,
    /// Zero padding P.
    pub pad: usize,
    cache: Option<(Window, Vec<usize>)>, // the window, and the column of each row's max
    kernel: Option<PoolKernel>,          // the fast path, if chosen (see `kernels`)
    float: PhantomData<F>,               // the float type it works in
}
// ANCHOR_END: pooling

impl<F: Float> Pooling<F> {
    /// Max pooling over `pool_h`×`pool_w` windows moved by `stride`.
    pub fn new(pool_h: usize, pool_w: usize, stride: usize, pad: usize) -> Self {
        let kernel = kernels::fast_kernels().then(PoolKernel::default);
        Pooling { pool_h, pool_w, stride, pad, cache: None, kernel, float: PhantomData }
    }

    /// The same layer computing with the book's code below, whatever [`kernels::fast_kernels`]
    /// says.
    pub fn book_form(mut self) -> Self {
        self.kernel = None;
        self
    }

    /// The same layer computing with its fast kernel ([`crate::kernels::pool`]).
    pub fn fast_kernel(mut self) -> Self {
        self.kernel = Some(PoolKernel::default());
        self
    }

    /// The output shape (N, C, OH, OW) for an input shape (N, C, H, W), or why it does not fit.
    pub fn output_shape(&self, input: &[usize]) -> Result<[usize; 4], ShapeError> {
        Ok(self.window(input)?.output_shape())
    }

    fn window(&self, input: &[usize]) -> Result<Window, ShapeError> {
        Window::new("pooling", input, self.pool_h, self.pool_w, self.stride, self.pad)
    }
}

// ANCHOR: pooling_forward_backward
impl<F: Float> Layer<F> for Pooling<F> {
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        let win = self.window(x.shape()).unwrap_or_else(|e| panic!("{e}"));
        if let Some(kernel) = &mut self.kernel {
            return kernel.forward(x, win); // the same numbers, faster: kernels::pool
        }
        let x = x.view().into_dimensionality::<Ix4>().expect("checked 4-D"); // (N, C, H, W)
        let pool = self.pool_h * self.pool_w;
        let col = im2col(x, &win); // (N·OH·OW, C·PH·PW)
        let windows = win.col_rows() * win.c; // N·OH·OW·C: one window a row
        let col = col.into_shape_with_order((windows, pool)).expect("sizes match"); // (N·OH·OW·C, PH·PW)
        let arg_max: Vec<usize> = col.rows().into_iter().map(|r| argmax(r)).collect(); // (N·OH·OW·C,)
        // (N·OH·OW·C,)
        let out: Vec<F> = col.rows().into_iter().zip(&arg_max).map(|(r, &i)| r[i]).collect();
        // (N, OH, OW, C)
        let out = Array4::from_shape_vec((win.n, win.oh, win.ow, win.c), out).expect("sizes match");
        let out = out.permuted_axes([0, 3, 1, 2]); // (N, C, OH, OW)
        self.cache = Some((win, arg_max));
        out.as_standard_layout().into_owned().into_dyn()
    }

    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        if let Some(kernel) = &mut self.kernel {
            return kernel.backward(dout);
        }
        let (win, arg_max) = self.cache.as_ref().expect(BACKWARD_BEFORE_FORWARD);
        let pool = self.pool_h * self.pool_w;
        let dout = dout.view().permuted_axes(IxDyn(&[0, 2, 3, 1])); // (N, OH, OW, C)
        let mut dmax = Array2::zeros((arg_max.len(), pool)); // (N·OH·OW·C, PH·PW)
        for ((row, &i), &d) in arg_max.iter().enumerate().zip(dout.iter()) {
            dmax[[row, i]] = d; // only the max of each window receives the gradient
        }
        // (N·OH·OW, C·PH·PW)
        let dcol = dmax.into_shape_with_order((win.col_rows(), win.col_cols())).expect("sizes match");
        col2im(dcol.view(), win).into_dyn() // (N, C, H, W)
    }
}
// ANCHOR_END: pooling_forward_backward

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::gradient_check_layer;
    use crate::init::gaussian;
    use crate::rng::seeded;
    use ndarray::{Array4, arr2};

    /// The same pooling in its book form and with its fast kernel.
    fn both<F: Float>(p: usize, stride: usize, pad: usize) -> [Pooling<F>; 2] {
        [Pooling::new(p, p, stride, pad).book_form(), Pooling::new(p, p, stride, pad).fast_kernel()]
    }

    #[test]
    fn max_pooling_of_a_small_case_worked_by_hand() {
        // The book's figure 7-14: a 4×4 input, 2×2 windows, stride 2.
        let x = Array4::from_shape_vec(
            (1, 1, 4, 4),
            vec![1., 2., 1., 0., 0., 1., 2., 3., 3., 0., 1., 2., 2., 4., 0., 1.],
        )
        .unwrap()
        .into_dyn();
        for mut pool in both(2, 2, 0) {
            let y = pool.forward(&x, false);
            assert_eq!(y.into_shape_with_order((2, 2)).unwrap(), arr2(&[[2., 3.], [4., 2.]]));
            let dx = pool.backward(&Array4::from_elem((1, 1, 2, 2), 1.0).into_dyn());
            let expected = [0., 1., 0., 0., 0., 0., 0., 1., 0., 0., 0., 1., 0., 1., 0., 0.];
            assert_eq!(dx.into_shape_with_order(16).unwrap().to_vec(), expected.to_vec());
        }
    }

    #[test]
    fn of_equal_values_the_first_in_the_window_gets_the_gradient() {
        // Every window holds its max twice (or four times); row by row, the first one wins,
        // as NumPy's argmax picks it. Windows: [5 5 / 1 0], [0 7 / 7 7], [2 1 / 2 0], [9 9 / 9 9].
        let x = Array4::from_shape_vec(
            (1, 1, 4, 4),
            vec![5., 5., 0., 7., 1., 0., 7., 7., 2., 1., 9., 9., 2., 0., 9., 9.],
        )
        .unwrap()
        .into_dyn();
        let expected = [1., 0., 0., 2., 0., 0., 0., 0., 3., 0., 4., 0., 0., 0., 0., 0.];
        for (p, stride) in [(2, 2), (3, 1)] {
            for mut pool in both::<f64>(p, stride, 0) {
                let y = pool.forward(&x, false);
                let dout =
                    ndarray::Array::from_shape_fn(y.raw_dim(), |i| (i[2] * y.shape()[3] + i[3] + 1) as f64);
                let dx = pool.backward(&dout).into_shape_with_order(16).unwrap().to_vec();
                if p == 2 {
                    assert_eq!(dx, expected.to_vec(), "{:?}", pool.kernel.is_some());
                } else {
                    // 3×3 windows, stride 1: each of the four holds a 9 at (2, 2), the first
                    // of its 9s, so all four gradients (1 + 2 + 3 + 4) land there.
                    let mut all_at_10 = vec![0.; 16];
                    all_at_10[10] = 10.;
                    assert_eq!(dx, all_at_10, "{:?}", pool.kernel.is_some());
                }
            }
        }
    }

    #[test]
    fn pooling_keeps_channels_apart() {
        let x = Array4::from_shape_fn((2, 3, 4, 4), |(n, c, y, x)| (n * 100 + c * 10 + y * 4 + x) as f64)
            .into_dyn();
        for mut pool in both(2, 2, 0) {
            let y = pool.forward(&x, false);
            assert_eq!(y.shape(), &[2, 3, 2, 2]);
            assert_eq!(y[[1, 2, 1, 1]], 100. + 20. + 15.);
        }
    }

    #[test]
    fn pooling_backward_matches_numerical_gradient() {
        let mut rng = seeded(20);
        for (shape, p, stride, pad) in
            [([2, 3, 4, 4], 2, 2, 0), ([1, 2, 6, 6], 3, 3, 0), ([2, 2, 5, 5], 3, 2, 1)]
        {
            // Random values have distinct maxima, so the max is differentiable there.
            let x = gaussian::<f64>(&shape, 1.0, &mut rng);
            for mut pool in both(p, stride, pad) {
                for (name, diff) in gradient_check_layer(&mut pool, &x, &mut rng) {
                    assert!(
                        diff < 1e-8,
                        "pool {p} stride {stride} pad {pad}: {name}: max |backprop − numerical| = {diff}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_fast_kernel_gives_the_books_numbers_in_f32_and_f64() {
        fn compare<F: Float>(seed: u64) {
            let mut rng = seeded(seed);
            for (shape, p, stride, pad) in [
                ([3, 4, 6, 6], 2, 2, 0),
                ([2, 2, 7, 7], 3, 2, 1),
                ([100, 30, 24, 24], 2, 2, 0),
                ([2, 3, 9, 9], 3, 3, 0),
            ] {
                let x = gaussian::<F>(&shape, 1.0, &mut rng);
                let [mut book, mut fast] = both::<F>(p, stride, pad);
                let y = fast.forward(&x, true);
                assert_eq!(y, book.forward(&x, true));
                let dout = gaussian::<F>(y.shape(), 1.0, &mut rng);
                assert_eq!(fast.backward(&dout), book.backward(&dout));
            }
        }
        compare::<f64>(21);
        compare::<f32>(22);
    }

    #[test]
    fn pooling_reports_windows_that_do_not_tile() {
        let err = Pooling::<f32>::new(2, 2, 2, 0).output_shape(&[1, 30, 25, 25]).unwrap_err();
        assert!(err.to_string().contains("does not divide"), "{err}");
    }
}
