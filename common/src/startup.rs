//! What every program of the workspace does first, once, before any work: the process-wide
//! settings. No layer or kernel changes the process; they all run after this.
//!
//! The chapter binaries call [`init`] through [`crate::cli::main`]; benchmarks and examples call
//! it themselves.

/// Makes the process-wide settings (today one: [`keep_freed_memory`]). Safe to call more than
/// once; it acts the first time.
pub fn init() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(keep_freed_memory);
}

/// Asks the C library to keep freed blocks of up to 32 MB in the process instead of returning
/// them to the operating system.
///
/// A training step allocates the same large arrays every time (a convolution's output for a
/// batch of 100 is 100·30·24·24 floats, 6.9 MB) and frees them again. By default glibc's
/// `malloc` hands blocks that large straight back to the operating system when they are freed,
/// so the next step gets fresh pages, and the kernel must map and zero each 4 KB page on first
/// touch: on this project's test machine that cost more than all the arithmetic of the step
/// (the performance appendix has the measurement). With these two settings the next step reuses
/// the same, already mapped, pages.
///
/// Elsewhere (other C libraries, WebAssembly) this does nothing.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt(3) only changes two tuning numbers of glibc's allocator; it is called
    // once, before the program allocates its large arrays.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 512 << 20);
    }
}
