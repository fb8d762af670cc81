//! What the integration tests of ch07-cnn share: running the binary, a temporary folder, and
//! reading numbers from what a run printed. (Each test file uses only some of it.)
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the chapter binary with `args`.
pub fn ch07(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ch07-cnn")).args(args).output().expect("the binary starts")
}

/// A path in a temporary folder that lives as long as the test process.
pub fn temp(name: &str) -> PathBuf {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path().join(name)
}

/// What a successful run printed (the test fails with its stderr otherwise).
pub fn stdout_of(out: &Output) -> String {
    assert!(out.status.success(), "the run failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The number after `key` on the first line that contains it.
pub fn number_after(stdout: &str, key: &str) -> f64 {
    let line =
        stdout.lines().find(|l| l.contains(key)).unwrap_or_else(|| panic!("no line with {key:?}:\n{stdout}"));
    let rest = &line[line.find(key).unwrap() + key.len()..];
    let number: String = rest.trim_start().chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    number.parse().unwrap_or_else(|_| panic!("no number after {key:?} in {line:?}"))
}

/// The accuracy a successful run prints on its `Accuracy: 0.xxxx` line.
pub fn printed_accuracy(out: &Output) -> f64 {
    number_after(&stdout_of(out), "Accuracy:")
}
