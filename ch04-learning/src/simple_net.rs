//! The book's simpleNet: one 2×3 weight matrix, softmax, cross-entropy — the smallest network
//! whose loss we can differentiate with respect to its weights.

use ndarray::{Array1, Array2, ArrayView1, Ix2, arr2};
use rand::Rng;

use common::functions::{cross_entropy_error, softmax};
use common::gradient::numerical_gradient_by;
use common::init::gaussian;

// ANCHOR: simple_net
/// Two inputs, three classes, no bias: scores = x·W.
#[derive(Debug, Clone)]
pub struct SimpleNet {
    /// The weights, (2, 3), drawn from N(0, 1) as the book's `np.random.randn(2, 3)`.
    pub w: Array2<f64>,
}

impl SimpleNet {
    /// A net with standard-normal random weights.
    pub fn new(rng: &mut impl Rng) -> Self {
        let w = gaussian::<f64>(&[2, 3], 1.0, rng);
        SimpleNet { w: w.into_dimensionality::<Ix2>().expect("gaussian gives the shape asked for") }
    }

    /// The scores x·W (before softmax).
    pub fn predict(&self, x: ArrayView1<'_, f64>) -> Array1<f64> {
        x.dot(&self.w)
    }

    /// L = cross-entropy(softmax(x·W), t) for one example and its one-hot target.
    pub fn loss(&self, x: ArrayView1<'_, f64>, t: ArrayView1<'_, f64>) -> f64 {
        let z = self.predict(x);
        let y = softmax(&z);
        cross_entropy_error(&y, &t)
    }
}
// ANCHOR_END: simple_net

impl SimpleNet {
    /// The weights the book prints, to reproduce its numbers exactly.
    pub fn with_book_weights() -> Self {
        SimpleNet { w: arr2(&[[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]]) }
    }
}

// ANCHOR: simple_net_gradient
/// ∂L/∂W for one example: each of the six weights nudged by ±h in turn, the loss recomputed.
/// The book writes `f = lambda w: net.loss(x, t)` and passes `net.W`; here the closure gets
/// the net it may nudge, and a second one says which array of it to nudge.
pub fn numerical_dw(net: &mut SimpleNet, x: ArrayView1<'_, f64>, t: ArrayView1<'_, f64>) -> Array2<f64> {
    numerical_gradient_by(net, |net| &mut net.w, |net| net.loss(x, t))
}
// ANCHOR_END: simple_net_gradient

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use common::functions::argmax;
    use common::rng::seeded;
    use ndarray::arr1;

    #[test]
    fn the_books_weights_give_the_books_prediction_loss_and_gradient() {
        let mut net = SimpleNet::with_book_weights();
        let x = arr1(&[0.6, 0.9]);
        let t = arr1(&[0.0, 0.0, 1.0]);
        let p = net.predict(x.view());
        assert_abs_diff_eq!(p, arr1(&[1.05414809, 0.63071653, 1.1328074]), epsilon = 1e-7);
        assert_eq!(argmax(p.view()), 2);
        // The book prints 0.92806853663411326 = −ln y₂; with the 1e-7 guard inside the log,
        // −ln(y₂ + 1e-7) is 1e-7/y₂ ≈ 2.5e-7 smaller.
        assert_abs_diff_eq!(net.loss(x.view(), t.view()), 0.928_068_536_634_113_3, epsilon = 3e-7);
        let dw = numerical_dw(&mut net, x.view(), t.view());
        let book = arr2(&[[0.21924763, 0.14356247, -0.36281009], [0.32887144, 0.21534371, -0.54421514]]);
        assert_abs_diff_eq!(dw, book, epsilon = 2e-7); // the same 1e-7 guard, again
    }

    #[test]
    fn each_row_of_dw_is_x_times_softmax_minus_t() {
        // ∂L/∂W = xᵀ·(softmax(x·W) − t): the analytic answer chapter 5 derives (up to the
        // 1e-7 guard inside the log, which shifts it by about 1e-7).
        let mut net = SimpleNet::new(&mut seeded(9));
        let x = arr1(&[0.6, 0.9]);
        let t = arr1(&[0.0, 1.0, 0.0]);
        let dw = numerical_dw(&mut net, x.view(), t.view());
        let y = softmax(&net.predict(x.view()));
        for i in 0..2 {
            for j in 0..3 {
                assert_abs_diff_eq!(dw[[i, j]], x[i] * (y[j] - t[j]), epsilon = 1e-6);
            }
        }
    }
}
