//! Independent runs (one per optimizer, per weight scale, per trial) spread over the cores.
//!
//! With the `parallel` feature (on by default) they run on rayon's thread pool, one run per
//! core; without it, one after another. Each run draws its random numbers from its own
//! seed, so the results are the same either way, in the same order.

/// `f` applied to every item, in parallel when the `parallel` feature is on.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().map(f).collect()
    }
}

/// A progress bar over `len` runs that several threads can advance.
pub struct SharedProgress(std::sync::Mutex<Option<common::progress::Progress>>);

impl SharedProgress {
    /// A bar labelled `label` over `len` runs.
    pub fn new(len: usize, label: &str) -> Self {
        SharedProgress(std::sync::Mutex::new(Some(common::progress::Progress::new(len as u64, label))))
    }

    /// One more run done.
    pub fn inc(&self) {
        if let Ok(mut guard) = self.0.lock()
            && let Some(p) = guard.as_mut()
        {
            p.inc(1);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Ok(mut guard) = self.0.lock()
            && let Some(p) = guard.take()
        {
            p.finish();
        }
    }
}
