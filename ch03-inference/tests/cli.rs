//! The chapter binary as a reader runs it: bad weights files give one clear line and a
//! non-zero exit, never a panic; good ones in f32 or f64 give the same accuracy.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ch03_inference::neuralnet_mnist::{SHAPES, shipped_weights};
use common::params::{load_npz, save_npz};
use ndarray::{ArrayD, IxDyn};

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ch03-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the chapter binary with `args`, figures going to a temporary folder.
fn run(args: &[&str]) -> Output {
    let figures = temp_dir().join("figures");
    Command::new(env!("CARGO_BIN_EXE_ch03-inference"))
        .args(args)
        .arg("--figures")
        .arg(&figures)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the binary runs")
}

/// The run failed with exactly one line on stderr, which contains every one of `words`.
fn assert_one_clear_error(out: &Output, words: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "expected failure, stderr: {stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line expected: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    for w in words {
        assert!(stderr.contains(w), "{w:?} missing from: {stderr}");
    }
}

fn write_weights(path: &Path, shapes: &[(&str, &[usize])]) {
    let arrays: Vec<(String, ArrayD<f32>)> =
        shapes.iter().map(|(k, s)| (k.to_string(), ArrayD::zeros(IxDyn(s)))).collect();
    save_npz(path, arrays.iter().map(|(k, a)| (k.as_str(), a))).unwrap();
}

#[test]
fn a_missing_weights_file_is_one_clear_error() {
    let out = run(&["--weights", "/nonexistent/sample_weight.npz"]);
    assert_one_clear_error(&out, &["/nonexistent/sample_weight.npz"]);
}

#[test]
fn a_file_that_is_not_npz_is_one_clear_error() {
    let path = temp_dir().join("weights.pkl");
    std::fs::write(&path, b"\x80\x04\x95 a pickle, not an npz").unwrap();
    let out = run(&["mnist", "--weights", path.to_str().unwrap()]);
    assert_one_clear_error(&out, &["weights.pkl", "numpy.savez"]);
}

#[test]
fn a_weights_file_with_a_wrong_shape_names_the_key_and_both_shapes() {
    let path = temp_dir().join("transposed.npz");
    let mut shapes = SHAPES.to_vec();
    shapes[0] = ("W1", &[50, 784]);
    write_weights(&path, &shapes);
    let out = run(&["--weights", path.to_str().unwrap()]);
    assert_one_clear_error(&out, &["'W1'", "[50, 784]", "[784, 50]"]);
}

#[test]
fn a_weights_file_without_a_key_names_the_missing_key() {
    let path = temp_dir().join("no_b2.npz");
    let shapes: Vec<_> = SHAPES.iter().copied().filter(|(k, _)| *k != "b2").collect();
    write_weights(&path, &shapes);
    let out = run(&["--weights", path.to_str().unwrap()]);
    assert_one_clear_error(&out, &["'b2'"]);
}

#[test]
fn weights_with_another_section_or_fashion_without_weights_are_refused() {
    let out = run(&["forward", "--weights", "x.npz"]);
    assert_one_clear_error(&out, &["--weights"]);
    let out = run(&["mnist", "--dataset", "fashion"]);
    assert_one_clear_error(&out, &["train-weights --dataset fashion"]);
}

#[test]
fn the_sections_without_data_print_the_books_numbers() {
    let out = run(&["forward"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("A1 = X·W1 + B1 = [0.3 0.7 1.1]"), "{stdout}");
    assert!(stdout.contains("forward(network, x) = [0.31682708 0.69627909]"), "{stdout}");
    let stdout = String::from_utf8_lossy(&run(&["softmax"]).stdout).into_owned();
    assert!(stdout.contains("= [nan nan nan]"), "{stdout}");
    assert!(stdout.contains("= [9.99954600e-01 4.53978686e-05 2.06106005e-09]"), "{stdout}");
}

#[test]
fn weights_stored_as_f64_give_the_same_accuracy_as_the_shipped_f32() {
    // The binary finds MNIST where the tests do: fail here, with one line, if it is not there.
    common::data::mnist_files_for_tests();
    let arrays = load_npz::<f64>(&shipped_weights()).unwrap();
    let path = temp_dir().join("f64.npz");
    save_npz(&path, arrays.iter().map(|(k, a)| (k.as_str(), a))).unwrap();
    let accuracy = |args: &[&str]| {
        let out = run(args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let lines: Vec<String> =
            stdout.lines().filter(|l| l.starts_with("Accuracy: ")).map(String::from).collect();
        assert_eq!(lines.len(), 2, "one-by-one and batched: {stdout}");
        assert_eq!(lines[0], lines[1]);
        assert_eq!(lines[0].len(), "Accuracy: 0.xxxx".len(), "{}", lines[0]);
        lines[0].clone()
    };
    assert_eq!(accuracy(&["mnist", "--weights", path.to_str().unwrap()]), accuracy(&["mnist"]));
}
