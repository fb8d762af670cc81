//! Exercises for chapter 7. Edit `src/exercises/todo.rs` where it says `TODO(ex 7.N)`, then
//! run that exercise's tests, e.g.
//!
//! ```text
//! cargo test -p ch07-cnn -- --ignored ex7_1
//! ```
//!
//! Reference solutions are in `solutions.rs`; `--features solutions` swaps them in.
//!
//! - **7.1** Average pooling: an `AvgPooling` layer whose forward takes the mean of each
//!   window and whose backward shares dout equally among the window's inputs. It must pass
//!   the gradient check.
//! - **7.2** Padding: `layer_shapes` computes the shape after the convolution and after the
//!   pooling, and the first affine layer's input size, for any input and convolution
//!   settings. With padding 2 the 28×28 images keep their size and the affine layer grows
//!   from 4320 to 5880 inputs.
//! - **7.3** col2im: `my_col2im`, the adjoint of im2col: ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩.
//! - **7.4** SGD instead of Adam: `train_steps`, the mini-batch loop with any optimizer; the
//!   test trains the same network from the same start with each and compares.

#[cfg(not(feature = "solutions"))]
mod todo;
#[cfg(not(feature = "solutions"))]
pub use todo::*;
#[cfg(feature = "solutions")]
mod solutions;
#[cfg(feature = "solutions")]
pub use solutions::*;

/// What [`layer_shapes`] returns (exercise 7.2): shapes of one image's data, N left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerShapes {
    /// After the convolution: [FN, OH, OW].
    pub conv: [usize; 3],
    /// After the pooling: [FN, OH/2, OW/2].
    pub pool: [usize; 3],
    /// The first affine layer's input size: FN·(OH/2)·(OW/2).
    pub affine_input: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simple_conv_net::{ConvParam, SimpleConvNet, SimpleConvNetConfig};
    use approx::assert_abs_diff_eq;
    use common::data::LoadOptions;
    use common::gradient::gradient_check_layer;
    use common::im2col::{ShapeError, Window, col2im, im2col};
    use common::init::gaussian;
    use common::optimizer::{Adam, Sgd};
    use common::rng::seeded;
    use common::{Layer, Net};
    use ndarray::{Array2, Array4, Ix2, Ix4, arr2};

    // 7.1 ------------------------------------------------------------------------------
    #[test]
    #[ignore = "exercise 7.1"]
    fn ex7_1_average_pooling_of_the_books_example() {
        // The input of the book's max-pooling figure; the means of its four 2×2 windows.
        let x = Array4::from_shape_vec(
            (1, 1, 4, 4),
            vec![1., 2., 1., 0., 0., 1., 2., 3., 3., 0., 1., 2., 2., 4., 0., 1.],
        )
        .unwrap()
        .into_dyn();
        let mut pool = AvgPooling::new(2, 2, 2, 0);
        let y = Layer::<f64>::forward(&mut pool, &x, false);
        assert_eq!(y.into_shape_with_order((2, 2)).unwrap(), arr2(&[[1.0, 1.5], [2.25, 1.0]]));
        let dx = Layer::<f64>::backward(&mut pool, &Array4::from_elem((1, 1, 2, 2), 1.0).into_dyn());
        assert!(dx.iter().all(|&v| v == 0.25), "each input gets a quarter: {dx}");
    }

    #[test]
    #[ignore = "exercise 7.1"]
    fn ex7_1_average_pooling_keeps_channels_and_passes_the_gradient_check() {
        let mut rng = seeded(71);
        let x = gaussian::<f64>(&[2, 3, 4, 4], 1.0, &mut rng);
        let y = Layer::<f64>::forward(&mut AvgPooling::new(2, 2, 2, 0), &x, false);
        assert_eq!(y.shape(), &[2, 3, 2, 2], "channels are unchanged");
        let expected = (x[[1, 2, 2, 2]] + x[[1, 2, 2, 3]] + x[[1, 2, 3, 2]] + x[[1, 2, 3, 3]]) / 4.0;
        assert_abs_diff_eq!(y[[1, 2, 1, 1]], expected, epsilon = 1e-12);
        // Windows that do not overlap, windows that do (stride 1), and padding.
        for (shape, p, stride, pad) in
            [([2, 3, 4, 4], 2, 2, 0), ([1, 2, 5, 5], 3, 1, 0), ([2, 1, 5, 5], 3, 2, 1)]
        {
            let x = gaussian::<f64>(&shape, 1.0, &mut rng);
            for (name, diff) in gradient_check_layer(&mut AvgPooling::new(p, p, stride, pad), &x, &mut rng) {
                assert!(diff < 1e-8, "pool {p} stride {stride} pad {pad}: {name}: {diff:e}");
            }
        }
    }

    // 7.2 ------------------------------------------------------------------------------
    #[test]
    #[ignore = "exercise 7.2"]
    fn ex7_2_padding_changes_the_shapes_as_the_formula_says() {
        let book = ConvParam::default();
        let shapes = layer_shapes((1, 28, 28), book).unwrap();
        assert_eq!(shapes, LayerShapes { conv: [30, 24, 24], pool: [30, 12, 12], affine_input: 4320 });
        let padded = layer_shapes((1, 28, 28), ConvParam { pad: 2, ..book }).unwrap();
        assert_eq!(padded, LayerShapes { conv: [30, 28, 28], pool: [30, 14, 14], affine_input: 5880 });
        let pad1 = layer_shapes((1, 28, 28), ConvParam { pad: 1, ..book }).unwrap();
        assert_eq!(pad1.affine_input, 30 * 13 * 13);
        let wide = layer_shapes((3, 32, 48), ConvParam { filter_num: 8, filter_size: 3, pad: 1, stride: 1 })
            .unwrap();
        assert_eq!(wide, LayerShapes { conv: [8, 32, 48], pool: [8, 16, 24], affine_input: 8 * 16 * 24 });
        // 29×29 with padding 2 stays 29×29, which 2×2 pooling cannot tile.
        let err = layer_shapes((1, 29, 29), ConvParam { pad: 2, ..book }).unwrap_err();
        assert!(matches!(err, ShapeError::DoesNotDivide { .. }), "{err}");
    }

    #[test]
    #[ignore = "exercise 7.2"]
    fn ex7_2_the_shapes_are_those_of_a_real_padded_network() {
        let conv_param = ConvParam { pad: 2, ..ConvParam::default() };
        let config = SimpleConvNetConfig { conv_param, ..SimpleConvNetConfig::default() };
        let shapes = layer_shapes(config.input_dim, conv_param).unwrap();
        let mut net = SimpleConvNet::<f32>::new(config, &mut seeded(72)).unwrap();
        assert_eq!(net.affine1.w.shape(), &[shapes.affine_input, 100]);
        let x = gaussian::<f32>(&[2, 1, 28, 28], 1.0, &mut seeded(1));
        let conv = net.conv1.forward(&x, false);
        assert_eq!(conv.shape()[1..], shapes.conv);
        let pooled = Layer::<f32>::forward(&mut net.pool1, &conv, false);
        assert_eq!(pooled.shape()[1..], shapes.pool);
    }

    // 7.3 ------------------------------------------------------------------------------
    #[test]
    #[ignore = "exercise 7.3"]
    fn ex7_3_col2im_adds_overlapping_patches_back() {
        let win = Window::new("conv", &[1, 1, 3, 3], 2, 2, 1, 0).unwrap();
        let col = Array2::<f64>::ones((win.col_rows(), win.col_cols()));
        let x = my_col2im(col.view(), &win);
        assert_eq!(
            x.into_shape_with_order((3, 3)).unwrap(),
            arr2(&[[1., 2., 1.], [2., 4., 2.], [1., 2., 1.]])
        );
    }

    #[test]
    #[ignore = "exercise 7.3"]
    fn ex7_3_col2im_is_the_adjoint_of_im2col() {
        // ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩, with padding and strides, and the same result as
        // common's col2im.
        let mut rng = seeded(73);
        for (shape, f, stride, pad) in [
            ([2, 3, 5, 5], 3, 1, 1),
            ([1, 2, 6, 6], 2, 2, 0),
            ([2, 1, 7, 7], 3, 2, 1),
            ([1, 1, 4, 4], 3, 1, 2),
        ] {
            let x = gaussian::<f64>(&shape, 1.0, &mut rng).into_dimensionality::<Ix4>().unwrap();
            let win = Window::new("conv", &shape, f, f, stride, pad).unwrap();
            let y = gaussian::<f64>(&[win.col_rows(), win.col_cols()], 1.0, &mut rng)
                .into_dimensionality::<Ix2>()
                .unwrap();
            let ours = my_col2im(y.view(), &win);
            assert_eq!(ours.shape(), &shape);
            let lhs = (&im2col(x.view(), &win) * &y).sum();
            let rhs = (&x * &ours).sum();
            assert_abs_diff_eq!(lhs, rhs, epsilon = 1e-10);
            assert_abs_diff_eq!(ours, col2im(y.view(), &win), epsilon = 1e-12);
        }
    }

    // 7.4 ------------------------------------------------------------------------------
    #[test]
    #[ignore = "exercise 7.4"]
    fn ex7_4_sgd_learns_but_adam_learns_faster_in_the_same_steps() {
        let opts = LoadOptions { flatten: false, ..LoadOptions::default() };
        let Some(mnist) = common::data::mnist_for_tests::<f32>(opts) else { return };
        let x = mnist.x_train.slice_axis(ndarray::Axis(0), ndarray::Slice::from(..10_000)).to_owned();
        let t = mnist.t_train.view().labels().slice(ndarray::s![..10_000]).to_owned();
        let (steps, batch) = (100, 100);
        let run = |optimizer: &mut dyn common::optimizer::Optimizer<f32>| {
            // The same starting weights for both.
            let mut net = SimpleConvNet::<f32>::new(SimpleConvNetConfig::default(), &mut seeded(74)).unwrap();
            let losses = train_steps(&mut net, optimizer, &x, &t, batch, steps);
            assert_eq!(losses.len(), steps);
            let x_test = mnist.x_test.slice_axis(ndarray::Axis(0), ndarray::Slice::from(..1000)).to_owned();
            let t_test = mnist.t_test.view().labels().slice(ndarray::s![..1000]).to_owned();
            let acc = crate::evaluate::accuracy(&net.predict_labels(&x_test, 500), &t_test);
            let mean = |s: &[f64]| s.iter().sum::<f64>() / s.len() as f64;
            (mean(&losses[..10]), mean(&losses[steps - 10..]), acc)
        };
        let (sgd_first, sgd_last, sgd_acc) = run(&mut Sgd::new(0.1));
        let (adam_first, adam_last, adam_acc) = run(&mut Adam::new(0.001));
        eprintln!("SGD (lr 0.1):    loss {sgd_first:.3} → {sgd_last:.3}, test accuracy {sgd_acc:.3}");
        eprintln!("Adam (lr 0.001): loss {adam_first:.3} → {adam_last:.3}, test accuracy {adam_acc:.3}");
        // From weights of std 0.01 the gradients are tiny: SGD creeps off the plateau, while
        // Adam, which divides each step by the gradient's own recent size, does not wait.
        assert!(sgd_last < sgd_first - 0.01 && sgd_acc > 0.2, "SGD learns something");
        assert!(adam_last < sgd_last && adam_acc > sgd_acc, "Adam learns more in the same steps");
    }
}
