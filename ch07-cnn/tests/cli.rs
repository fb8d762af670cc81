//! The binary, as a user runs it: what it prints, and one clear line (never a panic) for what
//! a user can get wrong.

use std::path::PathBuf;
use std::process::{Command, Output};

use ndarray::{ArrayD, IxDyn};

use common::params::save_npz;

fn ch07(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ch07-cnn")).args(args).output().expect("the binary starts")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlfs-ch07-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// The run failed with exit code 1 and exactly one line on stderr, which contains `needle`.
fn assert_one_line_error(out: &Output, needle: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("error: ") && stderr.contains(needle), "expected '{needle}' in: {stderr}");
    stderr
}

/// The book's six arrays, with one of them replaced or left out.
fn params_file(name: &str, change: &str, new_shape: Option<&[usize]>) -> PathBuf {
    let shapes: [(&str, &[usize]); 6] = [
        ("W1", &[30, 1, 5, 5]),
        ("b1", &[30]),
        ("W2", &[4320, 100]),
        ("b2", &[100]),
        ("W3", &[100, 10]),
        ("b3", &[10]),
    ];
    let arrays: Vec<(&str, ArrayD<f64>)> = shapes
        .iter()
        .filter(|(key, _)| *key != change || new_shape.is_some())
        .map(|&(key, shape)| {
            let shape = if key == change { new_shape.unwrap() } else { shape };
            (key, ArrayD::zeros(IxDyn(shape)))
        })
        .collect();
    let path = temp(name);
    save_npz(&path, arrays.iter().map(|(k, a)| (*k, a))).unwrap();
    path
}

#[test]
fn a_missing_weights_file_is_one_clear_line() {
    let out = ch07(&["--weights", "/no/such/params.npz"]);
    assert_one_line_error(&out, "/no/such/params.npz");
}

#[test]
fn a_file_that_is_not_npz_is_one_clear_line() {
    let path = temp("garbage.npz");
    std::fs::write(&path, "not a zip archive").unwrap();
    let out = ch07(&["--weights", path.to_str().unwrap()]);
    assert_one_line_error(&out, "is not a readable .npz file");
}

#[test]
fn weights_of_the_wrong_shape_name_the_key_and_both_shapes() {
    let path = params_file("wrong_shape.npz", "W1", Some(&[30, 1, 3, 3]));
    let out = ch07(&["--weights", path.to_str().unwrap()]);
    let err = assert_one_line_error(&out, "'W1'");
    assert!(err.contains("[30, 1, 3, 3]") && err.contains("[30, 1, 5, 5]"), "{err}");
}

#[test]
fn weights_with_a_missing_key_name_it() {
    let path = params_file("missing_key.npz", "b3", None);
    let out = ch07(&["train", "--weights", path.to_str().unwrap()]);
    assert_one_line_error(&out, "has no array 'b3'");
}

#[test]
fn sizes_that_do_not_divide_are_refused_before_any_data_is_read() {
    // 28×28 with 5×5 filters at stride 2: (28 − 5) / 2 is not whole.
    let out = ch07(&["--stride", "2"]);
    assert_one_line_error(&out, "does not divide");
    // 4×4 filters: 25×25 feature maps, which 2×2 pooling cannot tile.
    let out = ch07(&["train", "--filter-size", "4"]);
    let err = assert_one_line_error(&out, "pooling");
    assert!(err.contains("(25 + 2·0 − 2) / 2 + 1 does not divide"), "{err}");
}

#[test]
fn im2col_prints_the_books_shapes() {
    let figures = temp("figures");
    let out = ch07(&["im2col", "--figures", figures.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("(1, 3, 7, 7) with a 5×5 filter, stride 1, pad 0: (9, 75)"), "{stdout}");
    assert!(stdout.contains("(10, 3, 7, 7) with a 5×5 filter, stride 1, pad 0: (90, 75)"), "{stdout}");
    assert!(stdout.contains("does not divide"), "{stdout}");
    assert!(figures.join("im2col.svg").is_file());
}

#[test]
fn gradient_check_prints_one_line_per_parameter_and_they_agree() {
    let out = ch07(&["gradient-check"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let section = stdout.split("weights drawn with std 0.3:").nth(1).expect("the std 0.3 table");
    let rows: Vec<(&str, f64)> = section
        .lines()
        .filter_map(|l| l.split_once(' '))
        .take(6)
        .map(|(k, v)| (k, v.parse().unwrap_or(f64::NAN)))
        .collect();
    let keys: Vec<&str> = rows.iter().map(|r| r.0).collect();
    assert_eq!(keys, ["W1", "b1", "W2", "b2", "W3", "b3"], "{stdout}");
    assert!(rows.iter().all(|r| r.1 < 1e-8), "{stdout}");
}
