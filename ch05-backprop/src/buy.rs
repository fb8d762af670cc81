//! The book's shopping examples: two apples with tax, then two apples and three oranges with
//! tax, computed forward and differentiated backward through [`MulLayer`] and [`AddLayer`].

use crate::layer_naive::{AddLayer, MulLayer};

/// Everything the apple graph computed: the forward values on its edges and the gradients
/// of the price with respect to each of them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BuyApple {
    pub apple: f64,
    pub apple_num: f64,
    pub tax: f64,
    /// 100 × 2
    pub apple_price: f64,
    /// apple_price × tax: the amount paid
    pub price: f64,
    /// ∂price/∂price = 1, where the backward pass starts
    pub dprice: f64,
    pub dapple_price: f64,
    pub dapple: f64,
    pub dapple_num: f64,
    pub dtax: f64,
}

// ANCHOR: buy_apple
/// Two apples at 100 each, 10% tax: price = apple · apple_num · tax, forward then backward.
pub fn buy_apple() -> BuyApple {
    let apple = 100.0;
    let apple_num = 2.0;
    let tax = 1.1;

    // layers
    let mut mul_apple_layer = MulLayer::new();
    let mut mul_tax_layer = MulLayer::new();

    // forward
    let apple_price = mul_apple_layer.forward(apple, apple_num);
    let price = mul_tax_layer.forward(apple_price, tax);

    // backward: in the reverse order
    let dprice = 1.0;
    let (dapple_price, dtax) = mul_tax_layer.backward(dprice);
    let (dapple, dapple_num) = mul_apple_layer.backward(dapple_price);

    BuyApple { apple, apple_num, tax, apple_price, price, dprice, dapple_price, dapple, dapple_num, dtax }
}
// ANCHOR_END: buy_apple

/// Everything the apple-and-orange graph computed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BuyAppleOrange {
    pub apple: f64,
    pub apple_num: f64,
    pub orange: f64,
    pub orange_num: f64,
    pub tax: f64,
    pub apple_price: f64,
    pub orange_price: f64,
    pub all_price: f64,
    pub price: f64,
    pub dprice: f64,
    pub dall_price: f64,
    pub dtax: f64,
    pub dapple_price: f64,
    pub dorange_price: f64,
    pub dapple: f64,
    pub dapple_num: f64,
    pub dorange: f64,
    pub dorange_num: f64,
}

// ANCHOR: buy_apple_orange
/// Two apples at 100, three oranges at 150, 10% tax:
/// price = (apple · apple_num + orange · orange_num) · tax, forward then backward.
pub fn buy_apple_orange() -> BuyAppleOrange {
    let apple = 100.0;
    let apple_num = 2.0;
    let orange = 150.0;
    let orange_num = 3.0;
    let tax = 1.1;

    // layers
    let mut mul_apple_layer = MulLayer::new();
    let mut mul_orange_layer = MulLayer::new();
    let mut add_apple_orange_layer = AddLayer::new();
    let mut mul_tax_layer = MulLayer::new();

    // forward
    let apple_price = mul_apple_layer.forward(apple, apple_num); // (1)
    let orange_price = mul_orange_layer.forward(orange, orange_num); // (2)
    let all_price = add_apple_orange_layer.forward(apple_price, orange_price); // (3)
    let price = mul_tax_layer.forward(all_price, tax); // (4)

    // backward
    let dprice = 1.0;
    let (dall_price, dtax) = mul_tax_layer.backward(dprice); // (4)
    let (dapple_price, dorange_price) = add_apple_orange_layer.backward(dall_price); // (3)
    let (dorange, dorange_num) = mul_orange_layer.backward(dorange_price); // (2)
    let (dapple, dapple_num) = mul_apple_layer.backward(dapple_price); // (1)

    BuyAppleOrange {
        apple,
        apple_num,
        orange,
        orange_num,
        tax,
        apple_price,
        orange_price,
        all_price,
        price,
        dprice,
        dall_price,
        dtax,
        dapple_price,
        dorange_price,
        dapple,
        dapple_num,
        dorange,
        dorange_num,
    }
}
// ANCHOR_END: buy_apple_orange

// ANCHOR: tidy
/// A number as the book's comments write it: 715, not 715.0000000000001.
///
/// 1.1 has no exact binary form (just as 1/3 has no exact decimal form), so
/// 650 × 1.1 comes out one unit in the last place above 715, and Python prints all of it.
/// Rounding to 10 significant digits drops that last-place noise and nothing else.
pub fn tidy(x: f64) -> String {
    let rounded: f64 = format!("{x:.9e}").parse().expect("a formatted f64 parses");
    format!("{rounded}")
}
// ANCHOR_END: tidy

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buy_apple_gives_the_books_price_and_gradients() {
        let r = buy_apple();
        assert_eq!(tidy(r.price), "220");
        assert_eq!([tidy(r.dapple), tidy(r.dapple_num), tidy(r.dtax)], ["2.2", "110", "200"]);
        assert!((r.price - 220.0).abs() < 1e-12);
        assert!((r.dapple - 2.2).abs() < 1e-12 && (r.dapple_num - 110.0).abs() < 1e-12);
        assert_eq!(r.dtax, 200.0);
    }

    #[test]
    fn buy_apple_orange_prints_exactly_the_books_numbers() {
        let r = buy_apple_orange();
        assert_eq!(tidy(r.price), "715");
        let grads = [r.dapple_num, r.dapple, r.dorange, r.dorange_num, r.dtax].map(tidy).join(" ");
        assert_eq!(grads, "110 2.2 3.3 165 650");
    }

    #[test]
    fn the_float_noise_that_tidy_removes_is_really_there() {
        assert_ne!(buy_apple_orange().price, 715.0, "650 × 1.1 is not exactly 715 in binary");
        assert_eq!(tidy(0.1 + 0.2), "0.3");
        assert_eq!(tidy(-2.5e-7), "-0.00000025");
    }
}
