//! 3.5 The output layer: softmax.

use anyhow::Result;
use ch03_inference::numpy_print::{scalar, vector};
use ch03_inference::output_layer;
use ndarray::arr1;

/// Prints section 3.5.
pub fn run() -> Result<()> {
    println!("== 3.5 The output layer: softmax ==");
    let a = arr1(&[0.3, 2.9, 4.0]);
    let steps = output_layer::softmax_steps(a.view());
    println!("a         = {}", vector(a.view()));
    println!("exp_a     = {}", vector(steps.exp_a.view()));
    println!("sum_exp_a = {}", scalar(steps.sum_exp_a));
    println!("y         = {}", vector(steps.y.view()));
    println!("sum(y)    = {}", scalar(steps.y.sum()));
    println!();
    let a = arr1(&[1010.0, 1000.0, 990.0]);
    let o = output_layer::overflow(a.view());
    println!("a = {}", vector(a.view()));
    println!("naive:  exp(a) / sum(exp(a)) = {}", vector(o.naive.view()));
    println!("        (exp(1010) is inf, and inf / inf is NaN)");
    println!("c = max(a) = {}", scalar(o.c));
    println!("a - c = {}", vector(o.shifted.view()));
    println!("stable: exp(a - c) / sum(exp(a - c)) = {}", vector(o.stable.view()));
    println!("sum = {}", scalar(o.stable.sum()));
    let (f32_limit, f64_limit) = output_layer::exp_limits();
    println!("exp(x) overflows for x > {f32_limit:.2} in f32 and x > {f64_limit:.2} in f64");
    println!();
    Ok(())
}
