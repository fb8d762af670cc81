//! 4.4.2 simpleNet: the gradient of a loss with respect to a weight matrix.

use anyhow::Result;
use ndarray::arr1;

use ch04_learning::SimpleNet;
use ch04_learning::simple_net::numerical_dw;
use common::functions::argmax;
use common::rng::seeded;

/// Prints section 4.4.2: simpleNet with random weights, then with the book's.
pub fn run(seed: u64) -> Result<()> {
    let x = arr1(&[0.6, 0.9]);
    let t = arr1(&[0.0, 0.0, 1.0]);
    let show = |title: &str, net: &mut SimpleNet| {
        println!("{title}");
        println!("  W =\n{:.8}", net.w);
        let p = net.predict(x.view());
        println!("  p = predict(x) = {p:.8}");
        println!("  argmax(p) = {}", argmax(p.view()));
        println!("  loss(x, t) = {}", net.loss(x.view(), t.view()));
        println!("  dW =\n{:.8}", numerical_dw(net, x.view(), t.view()));
    };
    println!("4.4.2 simpleNet: x = {x}, t = {t}\n");
    show(&format!("With random weights (seed {seed}):"), &mut SimpleNet::new(&mut seeded(seed)));
    println!();
    show("With the weights the book prints:", &mut SimpleNet::with_book_weights());
    Ok(())
}
