//! The chapter binary as a reader runs it: options out of range and output folders that
//! cannot be written are refused with one clear line before any work; global options go
//! before or after the section; a run that learns nothing says so, fails and draws nothing.

use std::path::Path;
use std::process::Output;

use assert_cmd::cargo::cargo_bin_cmd;
use common::cli::assert_one_line_error;

fn ch04(args: &[&str]) -> Output {
    cargo_bin_cmd!("ch04-learning").args(args).env_remove("RUST_BACKTRACE").output().unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().file_name().into_string().unwrap()).collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

#[test]
fn options_out_of_range_are_refused_with_their_range_before_any_work() {
    let cases: [(&[&str], &str); 8] = [
        (&["classify2d", "--hidden", "0"], "expected a whole number from 1 to 1000, not 0"),
        (&["classify2d", "--steps", "0"], "expected a whole number from 1 to 100000, not 0"),
        (&["classify2d", "--lr", "-1"], "a learning rate must be a positive number, not -1"),
        (&["train", "--lr", "0"], "a learning rate must be a positive number, not 0"),
        (&["train", "--iters", "0"], "expected a whole number from 1 to 1000000, not 0"),
        (&["train", "--batch-size", "-100"], "expected a whole number from 1 to 60000, not -100"),
        (&["train", "--batch-size", "60001"], "expected a whole number from 1 to 60000, not 60001"),
        (&["train", "--numerical-batch", "101"], "expected a whole number from 0 to 100, not 101"),
    ];
    for (args, message) in cases {
        let out = ch04(args);
        assert_one_line_error(&out, 2, &[args[1], message]);
        assert!(out.stdout.is_empty(), "{args:?} ran: {}", String::from_utf8_lossy(&out.stdout));
    }
}

#[test]
fn a_figures_folder_that_is_a_file_is_refused_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("figures");
    std::fs::write(&file, "a file").unwrap();
    let out = ch04(&["gradient", "--figures", file.to_str().unwrap()]);
    assert_one_line_error(&out, 1, &["figures is a file, not a folder"]);
    assert!(out.stdout.is_empty());
}

#[test]
fn global_options_go_before_or_after_the_section() {
    let tmp = tempfile::tempdir().unwrap();
    let (before, after) = (tmp.path().join("before"), tmp.path().join("after"));
    let first = ch04(&["--seed", "5", "--figures", before.to_str().unwrap(), "gradient"]);
    let second = ch04(&["gradient", "--figures", after.to_str().unwrap(), "--seed", "5"]);
    for (out, dir) in [(&first, &before), (&second, &after)] {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(files_in(dir), ["gradient_descent.svg", "gradient_field.svg"]);
    }
    let text =
        |out: &Output, dir: &Path| String::from_utf8_lossy(&out.stdout).replace(dir.to_str().unwrap(), "DIR");
    assert_eq!(text(&first, &before), text(&second, &after));
    let seeded = |args: &[&str]| String::from_utf8_lossy(&ch04(args).stdout).into_owned();
    let (a, b) = (seeded(&["--seed", "9", "simple-net"]), seeded(&["simple-net", "--seed", "9"]));
    assert!(a.contains("With random weights (seed 9)") && a == b, "{a}\n{b}");
}

#[test]
fn a_toy_run_whose_loss_blows_up_says_so_and_draws_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let args = ["classify2d", "--toy", "xor", "--steps", "100", "--lr", "1e8"];
    let out = ch04(&[&args[..], &["--figures", tmp.path().to_str().unwrap()]].concat());
    assert_one_line_error(&out, 1, &["the loss became NaN", "--lr"]);
    assert!(files_in(tmp.path()).is_empty(), "{:?}", files_in(tmp.path()));
}

#[test]
fn a_toy_run_no_better_than_chance_says_so_and_draws_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let args = ["classify2d", "--toy", "blobs", "--steps", "100", "--lr", "1000"];
    let out = ch04(&[&args[..], &["--figures", tmp.path().to_str().unwrap()]].concat());
    assert_one_line_error(&out, 1, &["no better than chance", "0.2500"]);
    assert!(files_in(tmp.path()).is_empty(), "{:?}", files_in(tmp.path()));
}

#[test]
fn training_on_mnist_no_better_than_chance_fails_and_draws_nothing() {
    common::data::mnist_files_for_tests(); // the binary finds MNIST where this does, or the test fails
    let tmp = tempfile::tempdir().unwrap();
    let args = ["train", "--iters", "600", "--lr", "1e6", "--numerical-batch", "0", "--figures"];
    let out = ch04(&[&args[..], &[tmp.path().to_str().unwrap()]].concat());
    assert_one_line_error(&out, 1, &["training ended no better than chance"]);
    assert!(files_in(tmp.path()).is_empty(), "{:?}", files_in(tmp.path()));
}

#[test]
fn by_default_figures_go_to_the_chapters_out_folder_and_their_paths_are_printed() {
    // Run from the workspace root, as a reader types `cargo run -p ch04-learning -- gradient`.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let out = cargo_bin_cmd!("ch04-learning").arg("gradient").current_dir(root).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let figures: Vec<&str> = stdout.lines().filter_map(|l| l.trim().strip_prefix("figure: ")).collect();
    assert_eq!(figures, ["ch04-learning/out/gradient_field.svg", "ch04-learning/out/gradient_descent.svg"]);
    assert!(figures.iter().all(|f| root.join(f).is_file()), "{figures:?}");
}
