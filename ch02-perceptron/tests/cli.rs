//! The chapter binary as a reader runs it: options out of range and output folders that
//! cannot be written are refused with one clear line before any work, global options go
//! before or after the section, and figures go only where they are told to.

use std::path::Path;
use std::process::Output;

use assert_cmd::cargo::cargo_bin_cmd;
use common::cli::assert_one_line_error;

fn ch02(args: &[&str]) -> Output {
    cargo_bin_cmd!("ch02-perceptron").args(args).env_remove("RUST_BACKTRACE").output().unwrap()
}

/// The run was refused before any work: one line on stderr ([`assert_one_line_error`]) and
/// nothing on stdout.
fn assert_refused(out: &Output, code: i32, words: &[&str]) {
    assert_one_line_error(out, code, words);
    assert!(out.stdout.is_empty(), "no work expected: {}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_learning_rate_that_is_not_positive_is_refused_with_its_range() {
    for eta in ["-1", "0", "nan"] {
        let out = ch02(&["learn", "--eta", eta]);
        assert_refused(&out, 2, &["--eta", "a learning rate must be a positive number"]);
    }
}

#[test]
fn a_number_of_epochs_out_of_range_is_refused_with_the_range() {
    for epochs in ["0", "-3", "1001"] {
        let out = ch02(&["learn", "--epochs", epochs]);
        assert_refused(&out, 2, &["--epochs", "expected a whole number from 1 to 1000"]);
    }
}

#[test]
fn a_figures_folder_that_is_a_file_is_refused_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("figures.svg");
    std::fs::write(&file, "a file").unwrap();
    let out = ch02(&["gates", "--figures", file.to_str().unwrap()]);
    assert_refused(&out, 1, &["figures.svg is a file, not a folder"]);
}

#[test]
fn global_options_go_before_or_after_the_section_and_figures_only_where_told() {
    let tmp = tempfile::tempdir().unwrap();
    let (before, after) = (tmp.path().join("before"), tmp.path().join("after"));
    let runs = [
        ch02(&["--seed", "7", "--figures", before.to_str().unwrap(), "learn", "--epochs", "5"]),
        ch02(&["learn", "--epochs", "5", "--seed", "7", "--figures", after.to_str().unwrap()]),
    ];
    for (out, dir) in runs.iter().zip([&before, &after]) {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("5 epochs") && stdout.contains("(seed 7)"), "{stdout}");
        let mut written: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        written.sort();
        assert_eq!(written, ["learning-errors.svg", "learning-lines.svg"]);
    }
    let printed = |out: &Output| String::from_utf8_lossy(&out.stdout).replace(after.to_str().unwrap(), "DIR");
    assert_eq!(printed(&runs[0]).replace(before.to_str().unwrap(), "DIR"), printed(&runs[1]));
}

#[test]
fn by_default_figures_go_to_the_chapters_out_folder_and_their_paths_are_printed() {
    // Run from the workspace root, as a reader types `cargo run -p ch02-perceptron`.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let out = cargo_bin_cmd!("ch02-perceptron").arg("gates").current_dir(root).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let figures: Vec<&str> = stdout.lines().filter_map(|l| l.trim().strip_prefix("figure: ")).collect();
    assert_eq!(figures, ["ch02-perceptron/out/perceptron.svg", "ch02-perceptron/out/gates.svg"]);
    assert!(figures.iter().all(|f| root.join(f).is_file()), "{figures:?}");
}
