//! The binary as a reader runs it: bad options are refused with one clear line before any
//! work, global options go before or after the subcommand, and every file written is named.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

/// The chapter binary, with nowhere to find or fetch data: whatever is refused here is refused
/// before any data is read.
fn ch06_without_data() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ch06-techniques"));
    cmd.env("MNIST_DIR", "/nonexistent/mnist")
        .env("DLFS_DATA_DIR", "/nonexistent/cache")
        .env("DLFS_MNIST_MIRRORS", "http://127.0.0.1:9/")
        .env_remove("RUST_BACKTRACE");
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
fn counts_that_would_run_an_empty_experiment_are_refused_with_their_range_before_any_data_is_read() {
    let cases = [
        ("optimizer-mnist", "--iterations", "0", "from 1 to 1000000, not 0"),
        ("optimizer-mnist", "--batch-size", "0", "from 1 to 60000, not 0"),
        ("optimizer-mnist", "--batch-size", "60001", "from 1 to 60000, not 60001"),
        ("init-mnist", "--iterations", "-1", "from 1 to 1000000, not -1"),
        ("batch-norm", "--scales", "0", "from 1 to 64, not 0"),
        ("batch-norm", "--epochs", "0", "from 1 to 10000, not 0"),
        ("overfit", "--epochs", "0", "from 1 to 10000, not 0"),
        ("overfit", "--dropout-epochs", "0", "from 1 to 10000, not 0"),
        ("hyperparameter-search", "--trials", "0", "from 1 to 10000, not 0"),
        ("hyperparameter-search", "--epochs", "-3", "from 1 to 10000, not -3"),
    ];
    for (section, option, value, message) in cases {
        let out = ch06_without_data().args([section, option, value]).output().unwrap();
        let line = assert_refused(&out, message);
        assert!(line.contains(option), "the line names {option}: {line}");
    }
}

#[test]
fn a_figures_folder_that_cannot_be_made_is_refused_before_any_work_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    for args in [vec!["optimizer-paths"], vec!["batch-norm"], vec![]] {
        let out = ch06_without_data().args(&args).arg("--figures").arg(&file).output().unwrap();
        assert_refused(&out, "is a file, not a folder");
        assert!(out.stdout.is_empty(), "{args:?} did no work: {}", String::from_utf8_lossy(&out.stdout));
    }
    let out = ch06_without_data().arg("--figures").arg(file.join("sub")).arg("overfit").output().unwrap();
    assert_refused(&out, "cannot write into");
    assert_eq!(files_in(tmp.path()), ["a-file"], "no temporary file is left");
}

#[test]
fn global_options_go_after_the_subcommand_too_and_every_figure_written_is_named() {
    let figures = tempfile::tempdir().unwrap();
    let out = ch06_without_data()
        .args(["activation-histograms", "--seed", "3", "--figures"])
        .arg(figures.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let written = files_in(figures.path());
    assert_eq!(written.len(), 9, "{written:?}");
    for name in written {
        let line = format!("wrote {}", figures.path().join(&name).display());
        assert!(stdout.lines().any(|l| l == line), "{name} is named: {stdout}");
    }
}

#[test]
fn the_smallest_batch_norm_experiment_runs_and_names_its_figure() {
    common::data::mnist_files_for_tests(); // the binary finds MNIST where this does, or the test fails
    let figures = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ch06-techniques"));
    let out = cmd.arg("--figures").arg(figures.path()).args(["batch-norm", "--scales", "1", "--epochs", "1"]);
    let out = out.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("============== 1/1 (W std 1.00) =============="), "{stdout}");
    assert!(stdout.contains("epoch:1 | "), "{stdout}");
    assert_eq!(files_in(figures.path()), ["batch-norm.svg"]);
    let line = format!("wrote {}", figures.path().join("batch-norm.svg").display());
    assert!(stdout.lines().any(|l| l == line), "{stdout}");
}
