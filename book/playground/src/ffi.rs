//! The functions the page calls: plain `extern "C"` exports over numbers and pointers into the
//! module's memory, and a few lines of JavaScript glue on the other side (`playground.js`).
//!
//! Text and drawings go in through buffers the page fills (`pg_text_buffer`,
//! `pg_float_buffer`); numbers come back in an output buffer (`pg_output_ptr`/`len`), and a
//! message (an error, or a summary) in `pg_message_ptr`/`len`. A function that can fail
//! returns 0 on success and 1 with a message, and never panics on input from the page: every
//! setting is checked by [`Settings::parse`] first.

use std::cell::RefCell;

use crate::digits::{self, Classifier};
use crate::session::Session;
use crate::settings::Settings;

/// Everything the page's module holds between calls.
#[derive(Default)]
struct State {
    /// The last settings accepted.
    settings: Settings,
    /// The points the reader clicked, (x, y, class).
    clicked: Vec<(f32, f32, usize)>,
    session: Option<Session>,
    /// A separate run for measuring speed, so that measuring leaves the reader's run alone.
    bench: Option<Session>,
    /// The digit networks, read from their weights at the first drawing.
    digit_nets: Option<(Classifier, Classifier)>,
    text: Vec<u8>,
    floats: Vec<f32>,
    output: Vec<f32>,
    message: String,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

fn with<R>(f: impl FnOnce(&mut State) -> R) -> R {
    STATE.with(|s| f(&mut s.borrow_mut()))
}

/// 0, or 1 with the error as the message.
fn status<E: std::fmt::Display>(state: &mut State, result: Result<(), E>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(e) => {
            state.message = e.to_string();
            1
        }
    }
}

/// A buffer of `len` bytes for the page to write text into (read by `pg_settings`).
#[unsafe(no_mangle)]
pub extern "C" fn pg_text_buffer(len: usize) -> *mut u8 {
    with(|s| {
        s.text.clear();
        s.text.resize(len, 0);
        s.text.as_mut_ptr()
    })
}

/// A buffer of `len` floats for the page to write a drawing into (read by `pg_digit`).
#[unsafe(no_mangle)]
pub extern "C" fn pg_float_buffer(len: usize) -> *mut f32 {
    with(|s| {
        s.floats.clear();
        s.floats.resize(len, 0.0);
        s.floats.as_mut_ptr()
    })
}

/// Where the numbers of the last call are.
#[unsafe(no_mangle)]
pub extern "C" fn pg_output_ptr() -> *const f32 {
    with(|s| s.output.as_ptr())
}

/// How many numbers the last call left.
#[unsafe(no_mangle)]
pub extern "C" fn pg_output_len() -> usize {
    with(|s| s.output.len())
}

/// Where the message (UTF-8) is.
#[unsafe(no_mangle)]
pub extern "C" fn pg_message_ptr() -> *const u8 {
    with(|s| s.message.as_ptr())
}

/// The message's length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn pg_message_len() -> usize {
    with(|s| s.message.len())
}

/// Reads `key=value` lines from the text buffer. Accepted: they become the settings of the
/// next Reset, and the message is their summary (0). Refused: the settings stay as they were,
/// and the message says why (1).
#[unsafe(no_mangle)]
pub extern "C" fn pg_settings() -> i32 {
    with(|s| {
        let text = String::from_utf8_lossy(&s.text).into_owned();
        match s.settings.parse(&text) {
            Ok(settings) => {
                s.message = settings.summary();
                s.settings = settings;
                0
            }
            Err(e) => {
                s.message = e.to_string();
                1
            }
        }
    })
}

/// A fresh run with the current settings: new points from the seed (plus the clicked ones
/// that fit the dataset's classes), new initial weights, step 0. The message is the summary.
#[unsafe(no_mangle)]
pub extern "C" fn pg_reset() -> i32 {
    with(|s| {
        let classes = s.settings.dataset.classes();
        s.clicked.retain(|p| p.2 < classes);
        let result = Session::new(&s.settings, &s.clicked).map(|session| {
            s.message = session.settings().summary();
            s.session = Some(session);
        });
        status(s, result)
    })
}

/// Adds a point of class `class` at (x, y) to the running session (it keeps training).
#[unsafe(no_mangle)]
pub extern "C" fn pg_add_point(x: f32, y: f32, class: u32) -> i32 {
    with(|s| {
        let Some(session) = s.session.as_mut() else { return status(s, Err("press Reset first")) };
        let result = session.add_point(x, y, class as usize);
        if result.is_ok() {
            s.clicked.push((x, y, class as usize));
        }
        status(s, result)
    })
}

/// Forgets the clicked points (the next Reset leaves them out).
#[unsafe(no_mangle)]
pub extern "C" fn pg_clear_points() {
    with(|s| s.clicked.clear())
}

/// Runs `steps` training steps. 1 with a message if there are no points or the loss blew up.
#[unsafe(no_mangle)]
pub extern "C" fn pg_train(steps: u32) -> i32 {
    with(|s| {
        let Some(session) = s.session.as_mut() else { return status(s, Err("press Reset first")) };
        let result = session.train(steps as usize);
        status(s, result)
    })
}

/// The step count; the output is [loss, accuracy] on all points (NaN without points).
#[unsafe(no_mangle)]
pub extern "C" fn pg_progress() -> f64 {
    with(|s| {
        let Some(session) = s.session.as_mut() else { return -1.0 };
        let p = session.progress();
        s.output = vec![p.loss, p.accuracy];
        p.steps as f64
    })
}

/// The class probabilities over a `resolution`² grid (see `Session::regions`) into the output;
/// returns the number of classes (0 before the first Reset).
#[unsafe(no_mangle)]
pub extern "C" fn pg_regions(resolution: u32) -> u32 {
    with(|s| {
        let Some(session) = s.session.as_mut() else { return 0 };
        let resolution = (resolution as usize).clamp(1, 400);
        s.output = session.regions(resolution);
        session.classes() as u32
    })
}

/// The points as [x, y, class, …] into the output; returns how many.
#[unsafe(no_mangle)]
pub extern "C" fn pg_points() -> u32 {
    with(|s| {
        let Some(session) = s.session.as_ref() else { return 0 };
        let points = session.points();
        s.output = points.iter().flat_map(|&(x, y, k)| [x, y, k as f32]).collect();
        points.len() as u32
    })
}

/// Starts the speed measurement's own run: the current dataset's 200 points (XOR if it has
/// none), 2 → 8 → 8 → classes, ReLU, SGD η = 0.1, mini-batches of `batch_size`.
#[unsafe(no_mangle)]
pub extern "C" fn pg_bench_start(batch_size: u32) -> i32 {
    with(|s| {
        let text = format!("hidden=8, 8\nactivation=relu\noptimizer=sgd\nlr=0.1\nbatch={batch_size}");
        let mut settings = match s.settings.parse(&text) {
            Ok(settings) => settings,
            Err(e) => return status(s, Err(e)),
        };
        if settings.dataset == crate::settings::DatasetKind::Empty {
            settings.dataset = crate::settings::DatasetKind::Xor;
        }
        let result = Session::new(&settings, &[]).map(|session| {
            s.message = session.settings().summary();
            s.bench = Some(session);
        });
        status(s, result)
    })
}

/// Runs `steps` steps of the speed measurement's run (the page times this call).
#[unsafe(no_mangle)]
pub extern "C" fn pg_bench_train(steps: u32) -> i32 {
    with(|s| {
        let Some(bench) = s.bench.as_mut() else { return status(s, Err("call pg_bench_start first")) };
        let result = bench.train(steps as usize);
        status(s, result)
    })
}

/// Classifies the drawing in the float buffer (`width`×`height`, ink 1): the output is the
/// prepared 28×28 image (784 values), then chapter 3's ten probabilities, then chapter 7's.
#[unsafe(no_mangle)]
pub extern "C" fn pg_digit(width: u32, height: u32) -> i32 {
    with(|s| {
        let result = classify(s, width as usize, height as usize).map(|out| s.output = out);
        status(s, result)
    })
}

fn classify(s: &mut State, width: usize, height: usize) -> Result<Vec<f32>, digits::DigitError> {
    let image = digits::preprocess(&s.floats, width, height)?;
    if s.digit_nets.is_none() {
        s.digit_nets = Some((digits::chapter3_network()?, digits::chapter7_network()?));
    }
    let (mlp, conv) = s.digit_nets.as_mut().expect("just set");
    let mut out = image.clone();
    out.extend(mlp.probabilities(&image));
    out.extend(conv.probabilities(&image));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send_text(text: &str) {
        let ptr = pg_text_buffer(text.len());
        unsafe { std::ptr::copy_nonoverlapping(text.as_ptr(), ptr, text.len()) };
    }

    fn message() -> String {
        with(|s| s.message.clone())
    }

    #[test]
    fn bad_settings_from_the_page_keep_the_last_good_ones() {
        send_text("dataset=xor\nlr=0.3\nhidden=4, 4");
        assert_eq!(pg_settings(), 0);
        for bad in ["lr=0", "lr=-1", "lr=abc", "hidden=0", "hidden=4,0"] {
            send_text(bad);
            assert_eq!(pg_settings(), 1, "{bad}");
            assert!(!message().is_empty());
        }
        assert_eq!(pg_reset(), 0);
        assert!(message().starts_with("2 → 4 → 4 → 2, ReLU, SGD η = 0.3"), "{}", message());
    }

    #[test]
    fn the_page_can_train_and_read_progress_regions_and_points() {
        send_text("dataset=blobs");
        assert_eq!(pg_settings(), 0);
        assert_eq!(pg_reset(), 0);
        assert_eq!(pg_train(100), 0);
        assert_eq!(pg_progress(), 100.0);
        assert_eq!(pg_output_len(), 2);
        assert_eq!(pg_regions(8), 3);
        assert_eq!(pg_output_len(), 8 * 8 * 3);
        assert_eq!(pg_add_point(0.1, 0.2, 2), 0);
        assert_eq!(pg_add_point(0.1, 0.2, 7), 1);
        assert_eq!(pg_points(), 201);
        pg_clear_points();
        assert_eq!(pg_reset(), 0);
        assert_eq!(pg_points(), 200);
    }

    #[test]
    fn the_speed_measurement_runs_beside_the_readers_run_without_touching_it() {
        assert_eq!(pg_reset(), 0);
        assert_eq!(pg_train(5), 0);
        assert_eq!(pg_bench_start(10), 0);
        assert!(message().starts_with("2 → 8 → 8 → 2, ReLU, SGD η = 0.1, batch 10"), "{}", message());
        assert_eq!(pg_bench_train(50), 0);
        assert_eq!(pg_bench_start(0), 1);
        assert_eq!(pg_progress(), 5.0);
    }

    #[test]
    fn the_page_gets_a_prepared_image_and_twenty_probabilities_for_a_drawing() {
        let canvas = crate::digits::tests::stroke_one(140, 40, 240);
        let ptr = pg_float_buffer(canvas.len());
        unsafe { std::ptr::copy_nonoverlapping(canvas.as_ptr(), ptr, canvas.len()) };
        assert_eq!(pg_digit(280, 280), 0, "{}", message());
        assert_eq!(pg_output_len(), 784 + 20);
        pg_float_buffer(280 * 280);
        assert_eq!(pg_digit(280, 280), 1);
        assert!(message().contains("draw a digit"));
    }
}
