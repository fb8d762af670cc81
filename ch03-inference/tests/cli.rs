//! The chapter binary as a reader runs it: bad weights files and options out of range give
//! one clear line and a non-zero exit, never a panic, and before any work; good weights in
//! f32 or f64 give the same accuracy; training never writes over the shipped weights unless
//! told to, and never saves weights no better than chance.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::cargo::cargo_bin_cmd;
use ch03_inference::neuralnet_mnist::{SHAPES, shipped_weights};
use common::cli::assert_one_line_error;
use common::params::{load_npz, save_npz};
use ndarray::{ArrayD, IxDyn};
use tempfile::TempDir;

/// Runs the chapter binary with `args`, figures going to a folder in `tmp`.
fn run_in(tmp: &TempDir, args: &[&str]) -> Output {
    cargo_bin_cmd!("ch03-inference")
        .args(args)
        .arg("--figures")
        .arg(tmp.path().join("figures"))
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the binary runs")
}

fn run(args: &[&str]) -> Output {
    run_in(&tempfile::tempdir().unwrap(), args)
}

/// The run was refused before any work: one line on stderr ([`assert_one_line_error`]) and
/// nothing on stdout.
fn assert_refused(out: &Output, code: i32, words: &[&str]) {
    assert_one_line_error(out, code, words);
    assert!(out.stdout.is_empty(), "no work expected: {}", String::from_utf8_lossy(&out.stdout));
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write_weights(path: &Path, shapes: &[(&str, &[usize])]) {
    let arrays: Vec<(String, ArrayD<f32>)> =
        shapes.iter().map(|(k, s)| (k.to_string(), ArrayD::zeros(IxDyn(s)))).collect();
    save_npz(path, arrays.iter().map(|(k, a)| (k.as_str(), a))).unwrap();
}

fn file_in(tmp: &TempDir, name: &str) -> PathBuf {
    tmp.path().join(name)
}

#[test]
fn a_missing_weights_file_is_one_clear_error() {
    let out = run(&["--weights", "/nonexistent/sample_weight.npz"]);
    assert_refused(&out, 1, &["/nonexistent/sample_weight.npz"]);
}

#[test]
fn a_file_that_is_not_npz_is_one_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let path = file_in(&tmp, "weights.pkl");
    std::fs::write(&path, b"\x80\x04\x95 a pickle, not an npz").unwrap();
    let out = run(&["mnist", "--weights", path.to_str().unwrap()]);
    assert_refused(&out, 1, &["weights.pkl", "numpy.savez"]);
}

#[test]
fn a_weights_file_with_a_wrong_shape_names_the_key_and_both_shapes() {
    let tmp = tempfile::tempdir().unwrap();
    let path = file_in(&tmp, "transposed.npz");
    let mut shapes = SHAPES.to_vec();
    shapes[0] = ("W1", &[50, 784]);
    write_weights(&path, &shapes);
    let out = run(&["--weights", path.to_str().unwrap()]);
    assert_refused(&out, 1, &["'W1'", "[50, 784]", "[784, 50]"]);
}

#[test]
fn a_weights_file_without_a_key_names_the_missing_key() {
    let tmp = tempfile::tempdir().unwrap();
    let path = file_in(&tmp, "no_b2.npz");
    let shapes: Vec<_> = SHAPES.iter().copied().filter(|(k, _)| *k != "b2").collect();
    write_weights(&path, &shapes);
    let out = run(&["--weights", path.to_str().unwrap()]);
    assert_refused(&out, 1, &["'b2'"]);
}

#[test]
fn weights_with_another_section_are_refused() {
    let out = run(&["forward", "--weights", "x.npz"]);
    assert_refused(&out, 1, &["--weights is for the MNIST section"]);
}

#[test]
fn train_weights_refuses_a_learning_rate_that_is_not_positive() {
    for lr in [&["--learning-rate=-1"][..], &["--learning-rate", "-1"], &["--learning-rate", "0"]] {
        let out = run(&[&["train-weights"][..], lr].concat());
        assert_refused(&out, 2, &["--learning-rate", "a learning rate must be a positive number"]);
    }
}

#[test]
fn train_weights_refuses_epochs_and_batch_sizes_out_of_range() {
    let out = run(&["train-weights", "--epochs", "0"]);
    assert_refused(&out, 2, &["--epochs", "expected a whole number from 1 to 1000, not 0"]);
    let out = run(&["train-weights", "--batch-size", "-5"]);
    assert_refused(&out, 2, &["--batch-size", "expected a whole number from 1 to 60000, not -5"]);
}

#[test]
fn output_paths_that_cannot_be_written_are_refused_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&["train-weights", "--save", tmp.path().to_str().unwrap()]);
    assert_refused(&out, 1, &["is a folder: give the name of the file to write"]);
    let file = file_in(&tmp, "a-file");
    std::fs::write(&file, "x").unwrap();
    let under_a_file = file.join("weights.npz");
    let out = run(&["train-weights", "--save", under_a_file.to_str().unwrap()]);
    assert_refused(&out, 1, &["a-file is a file, not a folder"]);
    let out =
        cargo_bin_cmd!("ch03-inference").args(["forward", "--figures", file.to_str().unwrap()]).output();
    assert_refused(&out.unwrap(), 1, &["a-file is a file, not a folder"]);
}

#[test]
fn global_options_go_before_or_after_the_section() {
    let tmp = tempfile::tempdir().unwrap();
    let (before, after) = (file_in(&tmp, "before"), file_in(&tmp, "after"));
    let ch03 = |args: &[&str]| stdout(&cargo_bin_cmd!("ch03-inference").args(args).output().unwrap());
    let first = ch03(&["--seed", "3", "--figures", before.to_str().unwrap(), "forward"]);
    let second = ch03(&["forward", "--seed", "3", "--figures", after.to_str().unwrap()]);
    assert!(
        before.join("three_layer_network.svg").is_file() && after.join("three_layer_network.svg").is_file()
    );
    let strip = |s: &str, dir: &Path| s.replace(dir.to_str().unwrap(), "DIR");
    assert_eq!(strip(&first, &before), strip(&second, &after));
}

#[test]
fn the_sections_without_data_print_the_books_numbers() {
    let out = stdout(&run(&["forward"]));
    assert!(out.contains("A1 = X·W1 + B1 = [0.3 0.7 1.1]"), "{out}");
    assert!(out.contains("forward(network, x) = [0.31682708 0.69627909]"), "{out}");
    let out = stdout(&run(&["softmax"]));
    assert!(out.contains("= [nan nan nan]"), "{out}");
    assert!(out.contains("= [9.99954600e-01 4.53978686e-05 2.06106005e-09]"), "{out}");
}

#[test]
fn weights_stored_as_f64_give_the_same_accuracy_as_the_shipped_f32() {
    common::data::mnist_files_for_tests(); // the binary finds MNIST where this does, or the test fails
    let tmp = tempfile::tempdir().unwrap();
    let arrays = load_npz::<f64>(&shipped_weights()).unwrap();
    let path = file_in(&tmp, "f64.npz");
    save_npz(&path, arrays.iter().map(|(k, a)| (k.as_str(), a))).unwrap();
    let accuracy = |args: &[&str], weights: &str| {
        let stdout = stdout(&run_in(&tmp, args));
        assert!(stdout.lines().any(|l| l.starts_with("weights: ") && l.ends_with(weights)), "{stdout}");
        let lines: Vec<String> =
            stdout.lines().filter(|l| l.starts_with("Accuracy: ")).map(String::from).collect();
        assert_eq!(lines.len(), 2, "one-by-one and batched: {stdout}");
        assert_eq!(lines[0], lines[1]);
        assert_eq!(lines[0].len(), "Accuracy: 0.xxxx".len(), "{}", lines[0]);
        lines[0].clone()
    };
    assert_eq!(
        accuracy(&["mnist", "--weights", path.to_str().unwrap()], "f64.npz"),
        accuracy(&["mnist"], "weights/sample_weight.npz (shipped with the chapter)")
    );
}

#[test]
fn training_no_better_than_chance_fails_and_keeps_the_earlier_weights() {
    common::data::mnist_files_for_tests(); // the binary finds MNIST where this does, or the test fails
    let tmp = tempfile::tempdir().unwrap();
    let save = file_in(&tmp, "weights.npz");
    std::fs::write(&save, "earlier weights").unwrap();
    // η = 10⁶: the first steps saturate every sigmoid and the network answers one class.
    let args = ["train-weights", "--epochs", "1", "--learning-rate", "1e6", "--save", save.to_str().unwrap()];
    assert_one_line_error(&run(&args), 1, &["no better than chance", "not saved"]);
    assert_eq!(std::fs::read_to_string(&save).unwrap(), "earlier weights");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["weights.npz"], "no temporary file is left");
}

#[test]
fn train_weights_saves_into_its_out_folder_and_never_over_the_shipped_weights() {
    common::data::mnist_files_for_tests(); // the binary finds MNIST where this does, or the test fails
    let shipped = std::fs::read(shipped_weights()).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let out =
        cargo_bin_cmd!("ch03-inference").args(["train-weights", "--epochs", "1"]).current_dir(root).output();
    let stdout = stdout(&out.unwrap());
    let wrote = stdout.lines().find_map(|l| l.strip_prefix("wrote ")).expect("a line saying what it wrote");
    assert!(wrote.starts_with("ch03-inference/out/sample_weight.npz ("), "{wrote}");
    assert_eq!(std::fs::read(shipped_weights()).unwrap(), shipped, "the shipped file is untouched");
    let saved = load_npz::<f32>(&root.join("ch03-inference/out/sample_weight.npz")).unwrap();
    assert_eq!(saved.keys().map(String::as_str).collect::<Vec<_>>(), ["W1", "W2", "W3", "b1", "b2", "b3"]);
}
