//! 5.4: buying apples (multiply nodes), then apples and oranges (an add node joins in): the
//! price forward, its gradients backward, as the book prints them.

use std::path::Path;

use anyhow::Result;

use ch05_backprop::buy::{
    buy_apple as compute_buy_apple, buy_apple_orange as compute_buy_apple_orange, tidy,
};
use ch05_backprop::buy_figures::{buy_apple_figure, buy_apple_orange_figure};
use common::files::shown;

use super::save_graph;

/// 5.4.1: the price, then ∂price/∂apple, ∂price/∂apple_num, ∂price/∂tax.
pub fn buy_apple(figures: &Path) -> Result<()> {
    let r = compute_buy_apple();
    println!("{}", tidy(r.price));
    println!("{} {} {}", tidy(r.dapple), tidy(r.dapple_num), tidy(r.dtax));
    let forward = save_graph(&buy_apple_figure(&r, false), figures, "buy_apple_forward.svg")?;
    let both = save_graph(&buy_apple_figure(&r, true), figures, "buy_apple.svg")?;
    println!("wrote {} and {}", shown(&forward), shown(&both));
    Ok(())
}

/// 5.4.2: the price, then the gradients for apple count, apple price, orange price, orange
/// count and tax (the book's order).
pub fn buy_apple_orange(figures: &Path) -> Result<()> {
    let r = compute_buy_apple_orange();
    println!("{}", tidy(r.price));
    let grads = [r.dapple_num, r.dapple, r.dorange, r.dorange_num, r.dtax];
    println!("{}", grads.map(tidy).join(" "));
    let path = save_graph(&buy_apple_orange_figure(&r), figures, "buy_apple_orange.svg")?;
    println!("wrote {}", shown(&path));
    Ok(())
}
