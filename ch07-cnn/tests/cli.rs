//! The binary, as a user runs it: what it prints, and one clear line (never a panic) for what
//! a user can get wrong.

use std::path::PathBuf;
use std::process::Output;

use ndarray::{ArrayD, IxDyn};

use common::params::save_npz;

mod support;
use support::{ch07, printed_accuracy, temp};

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

/// The run failed with a usage error (clap's exit code 2) whose first line contains `needle`.
fn assert_usage_error(out: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    let first = stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("error: ") && first.contains(needle), "expected '{needle}' in: {stderr}");
}

#[test]
fn out_of_range_numbers_are_refused_with_their_range() {
    assert_usage_error(&ch07(&["apply-filter", "--filters", "0"]), "from 1 to 30, not 0");
    assert_usage_error(&ch07(&["apply-filter", "--filters", "99"]), "from 1 to 30, not 99");
    assert_usage_error(&ch07(&["--epochs", "-1"]), "from 1 to 1000, not -1");
    assert_usage_error(&ch07(&["--epochs", "0"]), "from 1 to 1000, not 0");
    assert_usage_error(&ch07(&["--lr", "10x"]), "positive number");
}

#[test]
fn a_learning_rate_that_is_zero_in_float32_is_refused() {
    assert_usage_error(&ch07(&["--lr", "1e-50"]), "is 0 in float32");
    assert_usage_error(&ch07(&["--lr", "-1"]), "positive number, not -1");
}

#[test]
fn global_options_go_before_or_after_the_subcommand() {
    for args in [["--figures", "FIG", "im2col"], ["im2col", "--figures", "FIG"]] {
        let dir = temp(&format!("order-{}", args[0]));
        let args = args.map(|a| if a == "FIG" { dir.to_str().unwrap() } else { a });
        let out = ch07(&args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(dir.join("im2col.svg").is_file(), "{args:?}");
    }
    // Training's options belong to training: given to another section, they are one clear line.
    let out = ch07(&["im2col", "--epochs", "3"]);
    assert_one_line_error(&out, "--epochs is an option of training");
}

#[test]
fn a_network_too_large_for_memory_is_refused_before_anything_is_allocated() {
    let started = std::time::Instant::now();
    let out = ch07(&["--pad", "1000", "--epochs", "1", "--train-size", "200"]);
    let err = assert_one_line_error(&out, "--pad 1000 would make training take about");
    assert!(err.contains("GB") && err.contains("more than the"), "{err}");
    assert!(started.elapsed().as_secs() < 10, "refused at once, not after the work");
}

#[test]
fn output_paths_are_checked_before_the_work() {
    let file = temp("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = ch07(&["--figures", file.to_str().unwrap(), "--epochs", "1"]);
    assert_one_line_error(&out, "is a file, not a folder");
    let folder = temp("a-folder");
    std::fs::create_dir_all(&folder).unwrap();
    let out = ch07(&["--save", folder.to_str().unwrap(), "--epochs", "1"]);
    assert_one_line_error(&out, "is a folder: give the name of the file");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0, "no temporary file is left");
}

#[test]
fn weights_that_are_not_finite_are_refused() {
    let path = temp("nan.npz");
    let mut w3 = ArrayD::<f32>::zeros(IxDyn(&[100, 10]));
    w3[[3, 4]] = f32::NAN;
    let others: Vec<(&str, ArrayD<f32>)> = [
        ("W1", vec![30, 1, 5, 5]),
        ("b1", vec![30]),
        ("W2", vec![4320, 100]),
        ("b2", vec![100]),
        ("b3", vec![10]),
    ]
    .into_iter()
    .map(|(k, shape)| (k, ArrayD::zeros(IxDyn(&shape))))
    .collect();
    save_npz(&path, others.iter().map(|(k, a)| (*k, a)).chain([("W3", &w3)])).unwrap();
    let out = ch07(&["--weights", path.to_str().unwrap()]);
    assert_one_line_error(&out, "'W3' holds 1 values that are not finite");
}

#[test]
fn weights_in_fortran_order_score_as_the_same_weights_in_c_order() {
    common::data::mnist_files_for_tests(); // the binary finds MNIST where this does, or the test fails
    let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("weights/simple_conv_net.npz");
    let params = common::params::load_npz::<f32>(&shipped).unwrap();
    // The same values, laid out column-major in memory (NumPy's np.asfortranarray).
    let fortran: Vec<(String, ArrayD<f32>)> = params
        .iter()
        .map(|(k, a)| (k.clone(), a.view().reversed_axes().as_standard_layout().into_owned().reversed_axes()))
        .collect();
    assert!(fortran.iter().any(|(_, a)| !a.is_standard_layout() && a.ndim() > 1));
    let path = temp("fortran.npz");
    save_npz(&path, fortran.iter().map(|(k, a)| (k.as_str(), a))).unwrap();
    let accuracy = |p: &PathBuf| {
        let out = ch07(&["--weights", p.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        stdout.lines().find(|l| l.starts_with("Accuracy:")).map(str::to_string).expect("an Accuracy line")
    };
    assert_eq!(accuracy(&path), accuracy(&shipped));
}

#[test]
fn a_run_that_ends_no_better_than_chance_says_so_saves_nothing_and_fails() {
    common::data::mnist_files_for_tests(); // the binary finds MNIST where this does, or the test fails
    let save = temp("chance/params.npz");
    let figures = temp("chance/figures");
    let args = ["--lr", "10", "--epochs", "1", "--train-size", "1000", "--save", save.to_str().unwrap()];
    let out = ch07(&[&args[..], &["--figures", figures.to_str().unwrap()]].concat());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("no better than chance") || stderr.contains("diverged"), "{stderr}");
    assert!(!save.exists(), "nothing saved");
}

#[test]
fn the_shipped_deep_conv_net_parameters_score_at_least_99_3_percent() {
    common::data::mnist_files_for_tests(); // the binary finds MNIST where this does, or the test fails
    let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("weights/deep_conv_net.npz");
    let figures = temp("deep-shipped");
    let out = ch07(&["deep", "--weights", shipped.to_str().unwrap(), "--figures", figures.to_str().unwrap()]);
    let accuracy = printed_accuracy(&out);
    assert!(accuracy >= 0.993, "the shipped DeepConvNet scores {accuracy}, below 0.993");
    assert!(figures.join("deep_misclassified.svg").exists());
}

#[test]
fn the_shipped_simple_conv_net_parameters_score_at_least_98_8_percent() {
    common::data::mnist_files_for_tests(); // the binary finds MNIST where this does, or the test fails
    let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("weights/simple_conv_net.npz");
    let accuracy = printed_accuracy(&ch07(&["--weights", shipped.to_str().unwrap()]));
    assert!(accuracy >= 0.988, "the shipped SimpleConvNet scores {accuracy}, below 0.988");
}
