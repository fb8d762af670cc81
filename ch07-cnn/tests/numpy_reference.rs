//! Our evaluation against a NumPy reference of the book's SimpleConvNet
//! (`tests/numpy_reference.py`): the same parameters must give the same predictions, image
//! for image. This is what makes `--weights params.npz` trustworthy for the book's own
//! trained parameters (`numpy.savez('params.npz', **pickle.load(open('params.pkl', 'rb')))`),
//! which we cannot download here: both of the layouts that matter are checked, float64 written
//! by NumPy and float32 written by our trainer.
//!
//! Needs `python3` with NumPy (Debian's `python3-numpy`, or `pip install numpy`) and MNIST; a
//! test fails, saying how to get what is missing, rather than skip.

use std::path::Path;
use std::process::Command;

use ndarray::{ArrayD, Axis, Slice};

use ch07_cnn::SimpleConvNetConfig;
use ch07_cnn::evaluate::{load_weights, predict_f64};
use common::Net;
use common::data::LoadOptions;
use common::functions::argmax_rows;
use common::linalg::flatten_rows;
use common::params::{load_npz, save_npz};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/numpy_reference.py");

/// A Python that can import NumPy: `python3` on the PATH, else Debian's `/usr/bin/python3`.
/// Without one the test fails with one line saying how to get it.
#[track_caller]
fn python() -> &'static str {
    let has_numpy = |python: &str| {
        Command::new(python).args(["-c", "import numpy"]).output().is_ok_and(|o| o.status.success())
    };
    ["python3", "/usr/bin/python3"].into_iter().find(|p| has_numpy(p)).unwrap_or_else(|| {
        panic!("this test needs python3 with NumPy: apt-get install python3-numpy, or pip install numpy")
    })
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("the command starts");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{cmd:?} failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

/// NumPy's scores (N, 10) for the parameters in `params` on the images x.
fn numpy_scores(python: &str, params: &Path, x: &ArrayD<f32>, dir: &Path) -> ArrayD<f64> {
    numpy_scores_of("predict", python, params, x, dir)
}

/// The scores of the script's `command` (`predict` for SimpleConvNet, `deep-predict`).
fn numpy_scores_of(command: &str, python: &str, params: &Path, x: &ArrayD<f32>, dir: &Path) -> ArrayD<f64> {
    let images = dir.join("images.npz");
    let scores = dir.join("scores.npz");
    save_npz(&images, [("x", x)]).unwrap();
    run(Command::new(python).arg(SCRIPT).arg(command).arg(params).arg(&images).arg(&scores));
    load_npz::<f64>(&scores).unwrap().remove("scores").expect("the script writes 'scores'")
}

/// MNIST's test images (N, 1, 28, 28) and labels.
fn mnist() -> common::data::Mnist<f32> {
    let opts = LoadOptions { flatten: false, ..LoadOptions::default() };
    common::data::mnist_for_tests::<f32>(opts)
}

/// The first `n` test images.
fn images(n: usize) -> ArrayD<f32> {
    mnist().x_test.slice_axis(Axis(0), Slice::from(..n)).to_owned()
}

/// The line `Accuracy: 0.xxxx` the binary prints for `--weights params`.
fn accuracy_line(params: &Path) -> String {
    accuracy_line_of(&[], params)
}

/// The same for a section: `ch07-cnn SECTION… --weights params`.
fn accuracy_line_of(section: &[&str], params: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let printed = run(Command::new(env!("CARGO_BIN_EXE_ch07-cnn"))
        .args(section)
        .arg("--weights")
        .arg(params)
        .arg("--figures")
        .arg(dir.path()));
    printed.lines().find(|l| l.starts_with("Accuracy: ")).expect("an Accuracy line").to_string()
}

#[test]
fn float64_weights_written_by_numpy_give_numpys_predictions_image_for_image() {
    let python = python();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let params = dir.join("random.npz");
    run(Command::new(python).arg(SCRIPT).args(["random-weights"]).arg(&params).arg("7"));
    let x = images(1000);

    let expected = numpy_scores(python, &params, &x, dir);
    let mut net = load_weights(SimpleConvNetConfig::default(), &params).unwrap();
    let ours = net.predict(&x.mapv(|v| v as f64), false);
    let diff = (&ours - &expected).mapv(f64::abs).fold(0.0f64, |m, &v| m.max(v));
    let scale = expected.mapv(f64::abs).fold(0.0f64, |m, &v| m.max(v));
    assert!(diff < 1e-10 * scale.max(1.0), "scores differ by {diff:e} (scores up to {scale})");
    let numpy_labels = argmax_rows(&flatten_rows(&expected));
    assert_eq!(predict_f64(&mut net, &x), numpy_labels);
    // The weights are not trivial: the images are spread over several classes.
    let classes: std::collections::BTreeSet<usize> = numpy_labels.iter().copied().collect();
    assert!(classes.len() >= 3, "{classes:?}");
}

#[test]
fn parameters_our_trainer_saved_give_numpys_accuracy_through_the_binary() {
    let python = python();
    let mnist = mnist();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let params = dir.join("ours.npz");
    let bin = env!("CARGO_BIN_EXE_ch07-cnn");
    // A short training run of the binary itself, saving its parameters (float32).
    run(Command::new(bin)
        .args(["train", "--epochs", "1", "--train-size", "2000", "--save"])
        .arg(&params)
        .arg("--figures")
        .arg(dir.join("figures")));
    let accuracy_line = accuracy_line(&params);

    // NumPy on the whole test set, with the same file.
    let expected = numpy_scores(python, &params, &mnist.x_test, dir);
    let numpy_labels = argmax_rows(&flatten_rows(&expected));
    let labels = mnist.t_test.view().labels();
    let correct = numpy_labels.iter().zip(&labels).filter(|(p, t)| p == t).count();
    assert_eq!(accuracy_line, format!("Accuracy: {:.4}", correct as f64 / labels.len() as f64));
    assert!(correct > 3000, "a short run (20 steps) still learns: {correct} of 10,000");
    // And image for image.
    let mut net = load_weights(SimpleConvNetConfig::default(), &params).unwrap();
    assert_eq!(predict_f64(&mut net, &mnist.x_test), numpy_labels);
}

#[test]
fn every_layout_numpy_writes_gives_the_same_accuracy() {
    // The shipped parameters rewritten by NumPy in Fortran order, big-endian, and compressed:
    // all load (none panics), and all score exactly as the file as we wrote it.
    let python = python();
    mnist();
    let dir = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("weights/simple_conv_net.npz");
    run(Command::new(python).arg(SCRIPT).arg("layouts").arg(&shipped).arg(dir.path()));
    let expected = accuracy_line(&shipped);
    for layout in ["fortran", "big_endian", "compressed"] {
        assert_eq!(accuracy_line(&dir.path().join(format!("{layout}.npz"))), expected, "{layout}");
    }
}

#[test]
fn deep_conv_net_weights_written_by_numpy_give_numpys_predictions_and_count() {
    // The Python book's DeepConvNet as its NumPy code computes it (`deep-predict`), on float64
    // parameters in the layout of its deep_convnet_params.pkl: scores to 1e-10, predictions image
    // for image, and the binary's `deep --weights` prints NumPy's count of correct images.
    let python = python();
    let mnist = mnist();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let params = dir.join("deep.npz");
    run(Command::new(python).arg(SCRIPT).args(["deep-random-weights"]).arg(&params).arg("8"));
    let x = images(500);
    let expected = numpy_scores_of("deep-predict", python, &params, &x, dir);
    let mut net = ch07_cnn::architectures::deep_conv_net::deep_conv_net::<f64>(&mut common::rng::seeded(0));
    net.load(&params).unwrap();
    let ours = net.predict(&x.mapv(|v| v as f64), false);
    let diff = (&ours - &expected).mapv(f64::abs).fold(0.0f64, |m, &v| m.max(v));
    let scale = expected.mapv(f64::abs).fold(0.0f64, |m, &v| m.max(v));
    assert!(diff < 1e-10 * scale.max(1.0), "scores differ by {diff:e} (scores up to {scale})");
    assert_eq!(net.predict_labels(&x.mapv(|v| v as f64), 100), argmax_rows(&flatten_rows(&expected)));

    let all = numpy_scores_of("deep-predict", python, &params, &mnist.x_test, dir);
    let labels = mnist.t_test.view().labels();
    let correct = argmax_rows(&flatten_rows(&all)).iter().zip(&labels).filter(|(p, t)| p == t).count();
    assert_eq!(
        accuracy_line_of(&["deep"], &params),
        format!("Accuracy: {:.4}", correct as f64 / labels.len() as f64)
    );
}
