use ndarray::{Array2, Array4, ArrayD, Ix4, IxDyn};

use super::{BACKWARD_BEFORE_FORWARD, Layer};
use crate::Float;
use crate::functions::argmax;
use crate::im2col::{ShapeError, Window, col2im, im2col};
use crate::kernels::pool;

// ANCHOR: pooling
/// Max pooling: each output is the largest value in its (PH, PW) window, channel by channel.
/// The book uses windows that do not overlap (stride = window size).
///
/// forward:  out[n, c, oy, ox] = max over the window of x[n, c, ·, ·]
/// backward: the gradient goes only to the position that held the max; the others get 0
///
/// Pooling has no parameters to learn, keeps the number of channels, and makes the output
/// robust to small shifts of the input.
#[derive(Debug, Clone)]
pub struct Pooling {
    /// Window height PH and width PW.
    pub pool_h: usize,
    pub pool_w: usize,
    /// Stride S.
    pub stride: usize,
    /// Zero padding P.
    pub pad: usize,
    cache: Option<Cache>,
}
// ANCHOR_END: pooling

/// What forward keeps for backward: the window and where each max was.
#[derive(Debug, Clone)]
enum Cache {
    /// The book's algorithm: per row of the pooled col, the column of its max.
    Im2col(Window, Vec<usize>),
    /// The direct kernel: per output value, the index of its max in its channel.
    Direct(Window, Array4<u32>),
}

impl Pooling {
    /// Max pooling over `pool_h`×`pool_w` windows moved by `stride`.
    pub fn new(pool_h: usize, pool_w: usize, stride: usize, pad: usize) -> Self {
        Pooling { pool_h, pool_w, stride, pad, cache: None }
    }

    /// The output shape (N, C, OH, OW) for an input shape (N, C, H, W), or why it does not fit.
    pub fn output_shape(&self, input: &[usize]) -> Result<[usize; 4], ShapeError> {
        Ok(self.window(input)?.output_shape())
    }

    fn window(&self, input: &[usize]) -> Result<Window, ShapeError> {
        Window::new("pooling", input, self.pool_h, self.pool_w, self.stride, self.pad)
    }

    // ANCHOR: pooling_forward
    /// Forward pass the book's way: im2col, then the max of each row of PH·PW values.
    pub fn forward_im2col<F: Float>(&mut self, x: &ArrayD<F>) -> ArrayD<F> {
        let win = self.window(x.shape()).unwrap_or_else(|e| panic!("{e}"));
        let x = x.view().into_dimensionality::<Ix4>().expect("checked 4-D");
        // Pool each channel on its own: treat the C channels as C separate one-channel images.
        let pool = self.pool_h * self.pool_w;
        let col = im2col(x, &win); // (N·OH·OW, C·PH·PW)
        let col = col.into_shape_with_order((win.col_rows() * win.c, pool)).expect("sizes match"); // (N·OH·OW·C, PH·PW)
        let arg_max: Vec<usize> = col.rows().into_iter().map(|r| argmax(r)).collect();
        let out: Vec<F> = col.rows().into_iter().zip(&arg_max).map(|(r, &i)| r[i]).collect();
        let out = Array4::from_shape_vec((win.n, win.oh, win.ow, win.c), out).expect("sizes match");
        let out = out.permuted_axes([0, 3, 1, 2]).as_standard_layout().into_owned(); // (N, C, OH, OW)
        self.cache = Some(Cache::Im2col(win, arg_max));
        out.into_dyn()
    }
    // ANCHOR_END: pooling_forward

    // ANCHOR: pooling_backward
    /// Backward pass the book's way (after [`Pooling::forward_im2col`]).
    pub fn backward_im2col<F: Float>(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let Some(Cache::Im2col(win, arg_max)) = &self.cache else { panic!("{BACKWARD_BEFORE_FORWARD}") };
        let pool = self.pool_h * self.pool_w;
        // (N, C, OH, OW) → (N, OH, OW, C): the order of the rows of the pooled col.
        let dout = dout.view().permuted_axes(IxDyn(&[0, 2, 3, 1]));
        let mut dmax = Array2::zeros((arg_max.len(), pool)); // (N·OH·OW·C, PH·PW)
        for ((row, &i), &d) in arg_max.iter().enumerate().zip(dout.iter()) {
            dmax[[row, i]] = d;
        }
        let dcol = dmax.into_shape_with_order((win.col_rows(), win.col_cols())).expect("sizes match");
        col2im(dcol.view(), win).into_dyn()
    }
    // ANCHOR_END: pooling_backward
}

impl<F: Float> Layer<F> for Pooling {
    /// The same numbers as [`Pooling::forward_im2col`], computed directly on the image
    /// ([`crate::kernels::pool`]).
    fn forward(&mut self, x: &ArrayD<F>, _train: bool) -> ArrayD<F> {
        let win = self.window(x.shape()).unwrap_or_else(|e| panic!("{e}"));
        let x = x.view().into_dimensionality::<Ix4>().expect("checked 4-D");
        let shape = win.output_shape();
        let mut arg = match self.cache.take() {
            Some(Cache::Direct(_, arg)) if arg.shape() == shape => arg,
            _ => Array4::zeros(shape),
        };
        let mut out = Array4::zeros(shape);
        pool::forward(x, &win, &mut out, &mut arg);
        self.cache = Some(Cache::Direct(win, arg));
        out.into_dyn()
    }

    /// The same numbers as [`Pooling::backward_im2col`].
    fn backward(&mut self, dout: &ArrayD<F>) -> ArrayD<F> {
        let (win, arg) = match &self.cache {
            Some(Cache::Direct(win, arg)) => (win, arg),
            Some(Cache::Im2col(..)) => return self.backward_im2col(dout),
            None => panic!("{BACKWARD_BEFORE_FORWARD}"),
        };
        let dout = dout.view().into_dimensionality::<Ix4>().expect("dout is (N, C, OH, OW)");
        let mut dx = Array4::zeros((win.n, win.c, win.h, win.w));
        pool::backward(dout, arg, win, &mut dx);
        dx.into_dyn()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::gradient_check_layer;
    use crate::init::gaussian;
    use crate::rng::seeded;
    use ndarray::{Array4, arr2};

    #[test]
    fn max_pooling_of_a_small_case_worked_by_hand() {
        // The book's figure 7-14: a 4×4 input, 2×2 windows, stride 2.
        let x = Array4::from_shape_vec(
            (1, 1, 4, 4),
            vec![1., 2., 1., 0., 0., 1., 2., 3., 3., 0., 1., 2., 2., 4., 0., 1.],
        )
        .unwrap()
        .into_dyn();
        let mut pool = Pooling::new(2, 2, 2, 0);
        let y = Layer::<f64>::forward(&mut pool, &x, false);
        assert_eq!(y.into_shape_with_order((2, 2)).unwrap(), arr2(&[[2., 3.], [4., 2.]]));
        let dx = Layer::<f64>::backward(&mut pool, &Array4::from_elem((1, 1, 2, 2), 1.0).into_dyn());
        let expected = [0., 1., 0., 0., 0., 0., 0., 1., 0., 0., 0., 1., 0., 1., 0., 0.];
        assert_eq!(dx.into_shape_with_order(16).unwrap().to_vec(), expected.to_vec());
    }

    #[test]
    fn pooling_keeps_channels_apart() {
        let x = Array4::from_shape_fn((2, 3, 4, 4), |(n, c, y, x)| (n * 100 + c * 10 + y * 4 + x) as f64)
            .into_dyn();
        let y = Layer::<f64>::forward(&mut Pooling::new(2, 2, 2, 0), &x, false);
        assert_eq!(y.shape(), &[2, 3, 2, 2]);
        assert_eq!(y[[1, 2, 1, 1]], 100. + 20. + 15.);
    }

    #[test]
    fn pooling_backward_matches_numerical_gradient() {
        let mut rng = seeded(20);
        for (shape, p, stride, pad) in
            [([2, 3, 4, 4], 2, 2, 0), ([1, 2, 6, 6], 3, 3, 0), ([2, 2, 5, 5], 3, 2, 1)]
        {
            // Random values have distinct maxima, so the max is differentiable there.
            let x = gaussian::<f64>(&shape, 1.0, &mut rng);
            let mut pool = Pooling::new(p, p, stride, pad);
            for (name, diff) in gradient_check_layer(&mut pool, &x, &mut rng) {
                assert!(
                    diff < 1e-8,
                    "pool {p} stride {stride} pad {pad}: {name}: max |backprop − numerical| = {diff}"
                );
            }
        }
    }

    #[test]
    fn the_direct_kernel_gives_the_books_numbers() {
        let mut rng = seeded(21);
        for (shape, p, stride, pad) in
            [([3, 4, 6, 6], 2, 2, 0), ([2, 2, 7, 7], 3, 2, 1), ([2, 30, 24, 24], 2, 2, 0)]
        {
            let x = gaussian::<f64>(&shape, 1.0, &mut rng);
            let (mut fast, mut book) = (Pooling::new(p, p, stride, pad), Pooling::new(p, p, stride, pad));
            let y = Layer::<f64>::forward(&mut fast, &x, true);
            assert_eq!(y, book.forward_im2col(&x));
            let dout = gaussian::<f64>(y.shape(), 1.0, &mut rng);
            assert_eq!(Layer::<f64>::backward(&mut fast, &dout), book.backward_im2col(&dout));
        }
    }

    #[test]
    fn the_direct_kernel_gives_the_books_numbers_in_f32() {
        let mut rng = seeded(22);
        for (shape, p, stride, pad) in
            [([100, 30, 24, 24], 2, 2, 0), ([2, 3, 9, 9], 3, 3, 0), ([2, 2, 7, 7], 3, 2, 1)]
        {
            let x = gaussian::<f32>(&shape, 1.0, &mut rng);
            let (mut fast, mut book) = (Pooling::new(p, p, stride, pad), Pooling::new(p, p, stride, pad));
            let y = Layer::<f32>::forward(&mut fast, &x, true);
            assert_eq!(y, book.forward_im2col(&x));
            let dout = gaussian::<f32>(y.shape(), 1.0, &mut rng);
            assert_eq!(Layer::<f32>::backward(&mut fast, &dout), book.backward_im2col(&dout));
        }
    }

    #[test]
    fn pooling_reports_windows_that_do_not_tile() {
        let err = Pooling::new(2, 2, 2, 0).output_shape(&[1, 30, 25, 25]).unwrap_err();
        assert!(err.to_string().contains("does not divide"), "{err}");
    }
}
