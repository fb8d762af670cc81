//! Keeping freed memory for the next training step.
//!
//! A training step allocates the same large arrays every time (a convolution's output for a
//! batch of 100 is 100·30·24·24 floats, 6.9 MB) and frees them again. By default, glibc's
//! `malloc` hands blocks that large straight back to the operating system when they are
//! freed, so the next step gets fresh pages, and the kernel must map and zero each 4 KB page
//! on first touch: on this project's test machine that cost more than all the arithmetic of
//! the step. Telling `malloc` to keep up to a few hundred megabytes of freed memory makes
//! the next step reuse the same, already mapped, pages.
//!
//! Elsewhere (other C libraries, WebAssembly) this does nothing.

/// Asks the C library to keep freed blocks of up to 32 MB in the process instead of
/// returning them to the operating system. Called by the layers that allocate large arrays;
/// it acts once per process.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // glibc's mallopt(3): M_TRIM_THRESHOLD = −1, M_MMAP_THRESHOLD = −3.
            unsafe extern "C" {
                fn mallopt(param: i32, value: i32) -> i32;
            }
            const M_TRIM_THRESHOLD: i32 = -1;
            const M_MMAP_THRESHOLD: i32 = -3;
            // SAFETY: mallopt only changes two tuning numbers of the allocator; it is safe to
            // call at any time, from any thread.
            unsafe {
                mallopt(M_MMAP_THRESHOLD, 32 << 20);
                mallopt(M_TRIM_THRESHOLD, 512 << 20);
            }
        });
    }
}
