//! Progress for long work (downloads, epochs): a bar on a terminal, a few plain lines
//! otherwise (so logs and the book's captured output stay readable).

/// A progress indicator over `len` units of work.
pub struct Progress {
    #[cfg(feature = "progress")]
    bar: Option<indicatif::ProgressBar>,
    label: String,
    len: u64,
    done: u64,
}

impl Progress {
    /// Starts showing progress of `label` over `len` units.
    pub fn new(len: u64, label: impl Into<String>) -> Self {
        let label = label.into();
        #[cfg(feature = "progress")]
        let bar = std::io::IsTerminal::is_terminal(&std::io::stderr()).then(|| {
            let bar = indicatif::ProgressBar::new(len);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg:>12} [{bar:40}] {pos}/{len} {elapsed} (eta {eta}) {prefix}",
                )
                .expect("the template is valid")
                .progress_chars("=> "),
            );
            bar.set_message(label.clone());
            bar
        });
        Progress {
            #[cfg(feature = "progress")]
            bar,
            label,
            len,
            done: 0,
        }
    }

    /// Starts showing the progress of a download of `len` bytes (shown as bytes).
    pub fn bytes(len: u64, label: impl Into<String>) -> Self {
        let p = Self::new(len, label);
        #[cfg(feature = "progress")]
        if let Some(bar) = &p.bar {
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg:>12} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} (eta {eta})",
                )
                .expect("the template is valid")
                .progress_chars("=> "),
            );
        }
        p
    }

    /// `n` more units done.
    pub fn inc(&mut self, n: u64) {
        self.done += n;
        #[cfg(feature = "progress")]
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// A short status shown after the bar (e.g. the current loss).
    pub fn set_status(&self, status: impl Into<String>) {
        let _status = status.into();
        #[cfg(feature = "progress")]
        if let Some(bar) = &self.bar {
            bar.set_prefix(_status);
        }
    }

    /// Whether a live bar is shown (stderr is a terminal).
    pub fn is_live(&self) -> bool {
        #[cfg(feature = "progress")]
        return self.bar.is_some();
        #[cfg(not(feature = "progress"))]
        false
    }

    /// Removes the bar. Nothing is printed when there is no terminal.
    pub fn finish(self) {
        #[cfg(feature = "progress")]
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let _ = (&self.label, self.len, self.done);
    }
}
