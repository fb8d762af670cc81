//! The binary as a reader runs it: bad options are refused with one clear line before any
//! work, global options go before or after the subcommand, every file written is named, and a
//! training run that learns nothing says so and fails.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

/// The chapter binary, with nowhere to find or fetch data: whatever is refused here is refused
/// before any data is read.
fn ch05_without_data() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ch05-backprop"));
    cmd.env("MNIST_DIR", "/nonexistent/mnist")
        .env("DLFS_DATA_DIR", "/nonexistent/cache")
        .env("DLFS_MNIST_MIRRORS", "http://127.0.0.1:9/")
        .env_remove("RUST_BACKTRACE");
    cmd
}

/// The chapter binary as the reader has it (MNIST where `MNIST_DIR` says).
fn ch05() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ch05-backprop"));
    cmd.env_remove("RUST_BACKTRACE");
    cmd
}

/// The run failed, and stderr has exactly one error line, which contains `needle`.
fn assert_refused(out: &Output, needle: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "expected a failure; stdout: {}", String::from_utf8_lossy(&out.stdout));
    assert!(!stderr.contains("panicked"), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(errors.len(), 1, "one error line: {stderr}");
    assert!(errors[0].contains(needle), "expected '{needle}' in: {stderr}");
    errors[0].to_string()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn numeric_options_out_of_their_range_are_refused_with_the_range_before_any_data_is_read() {
    let cases = [
        ("--iters", "0", "a whole number from 1 to 1000000, not 0"),
        ("--iters", "-1", "a whole number from 1 to 1000000, not -1"),
        ("--batch-size", "0", "a whole number from 1 to 60000, not 0"),
        ("--batch-size", "60001", "a whole number from 1 to 60000, not 60001"),
        ("--hidden", "0", "a whole number from 1 to 10000, not 0"),
        ("--lr", "0", "a learning rate must be a positive number, not 0"),
        ("--lr", "-1", "a learning rate must be a positive number, not -1"),
        ("--lr", "nan", "a learning rate must be a positive number, not nan"),
        ("--lr", "1e-50", "is 0 in float32"),
    ];
    for (option, value, message) in cases {
        let out = ch05_without_data().args(["train", option, value]).output().unwrap();
        let line = assert_refused(&out, message);
        assert!(line.contains(option), "the line names {option}: {line}");
    }
}

#[test]
fn a_figures_folder_that_cannot_be_made_is_refused_before_any_work_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    for args in [vec!["train"], vec!["graphs"], vec![]] {
        let mut cmd = ch05_without_data();
        let out = cmd.args(&args).arg("--figures").arg(&file).output().unwrap();
        assert_refused(&out, "is a file, not a folder");
        assert!(out.stdout.is_empty(), "{args:?} did no work: {}", String::from_utf8_lossy(&out.stdout));
    }
    let under_a_file = file.join("figures");
    let out = ch05_without_data().arg("buy-apple").arg("--figures").arg(&under_a_file).output().unwrap();
    assert_refused(&out, "cannot write into");
    assert_eq!(files_in(tmp.path()), ["a-file"], "no temporary file is left");
}

#[test]
fn global_options_go_before_or_after_the_subcommand_and_every_file_written_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let (before, after) = (tmp.path().join("before"), tmp.path().join("after"));
    let out =
        ch05_without_data().arg("--figures").arg(&before).args(["--seed", "7", "graphs"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out_after =
        ch05_without_data().args(["buy-apple", "--seed", "7", "--figures"]).arg(&after).output().unwrap();
    assert!(out_after.status.success(), "{}", String::from_utf8_lossy(&out_after.stderr));
    assert_eq!(files_in(&before), ["chain_rule.svg", "sigmoid_graph.svg"]);
    assert_eq!(files_in(&after), ["buy_apple.svg", "buy_apple_forward.svg"]);
    let stdout = String::from_utf8_lossy(&out_after.stdout);
    assert!(stdout.starts_with("220\n2.2 110 200\n"), "{stdout}");
    for name in files_in(&after) {
        let shown = after.join(&name);
        assert!(stdout.contains(&*shown.to_string_lossy()), "{name} is named: {stdout}");
    }
}

#[test]
fn a_training_run_that_ends_no_better_than_chance_fails_and_writes_no_figures() {
    common::data::mnist_files_for_tests(); // the binary finds MNIST where this does, or the test fails
    let figures = tempfile::tempdir().unwrap();
    let out = ch05().args(["train", "--iters", "1", "--figures"]).arg(figures.path()).output().unwrap();
    assert_refused(&out, "no better than chance");
    assert!(files_in(figures.path()).is_empty(), "{:?}", files_in(figures.path()));
}

#[test]
fn a_learning_rate_that_blows_the_weights_up_stops_training_with_a_message() {
    common::data::mnist_files_for_tests(); // the binary finds MNIST where this does, or the test fails
    let figures = tempfile::tempdir().unwrap();
    let mut cmd = ch05();
    let out =
        cmd.arg("--figures").arg(figures.path()).args(["train", "--iters", "50", "--lr", "1e30"]).output();
    let out = out.unwrap();
    assert_refused(&out, "training diverged");
    assert!(files_in(figures.path()).is_empty());
}

#[test]
fn a_short_training_run_learns_and_writes_its_two_figures() {
    common::data::mnist_files_for_tests(); // the binary finds MNIST where this does, or the test fails
    let figures = tempfile::tempdir().unwrap();
    let out = ch05().args(["train", "--iters", "601", "--figures"]).arg(figures.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let accuracies: Vec<&str> = stdout.lines().skip(2).take(2).collect();
    assert_eq!(accuracies.len(), 2, "iteration 0 and one epoch: {stdout}");
    let after_one_epoch: f64 = accuracies[1].split(' ').nth(1).unwrap().parse().unwrap();
    assert!(after_one_epoch > 0.88, "{stdout}");
    assert_eq!(files_in(figures.path()), ["train_accuracy.svg", "train_loss.svg"]);
    assert!(stdout.contains("backprop is about"), "{stdout}");
}
