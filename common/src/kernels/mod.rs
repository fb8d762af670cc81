//! Fast kernels behind the layers.
//!
//! Each layer in [`crate::layers`] is written the book's way: im2col and one big matrix product
//! for a convolution, x·W + b for an affine layer. The kernels here compute the same numbers
//! faster, and each is tested against the layer's book form in `f32` and `f64`. What they
//! change, and what each change bought, is the subject of the book's appendix on performance:
//! - work on one image at a time, so a patch matrix fits in the CPU's cache, and lay it out
//!   transposed (C·FH·FW, OH·OW) so the product lands directly in (N, C, H, W) order with no
//!   transposition pass ([`conv`]);
//! - split the batch over the cores (rayon), one single-threaded matrix product per image;
//! - max pooling straight from the image, plane by plane, without branches for 2×2 windows
//!   ([`pool`]); and convolution, bias, ReLU and 2×2 max pooling in one pass per image, so the
//!   feature maps never leave the cache ([`conv_relu_pool`]);
//! - reuse buffers from one step to the next instead of allocating them, skip the input
//!   gradient of a network's first layer, and split large products over the cores
//!   ([`affine`]).
//!
//! ## The one place the choice is made
//!
//! A layer asks [`fast_kernels`] once, when it is built: if it says yes, the layer hands its
//! forward and backward passes to its kernel; if not, the layer runs the book's code that its
//! file shows. Run any chapter with `DLFS_KERNELS=book` to train with the book's code
//! everywhere (slower; the same numbers up to rounding), for example to step through it in a
//! debugger.

use ndarray::{ArrayD, Zip};

use crate::Float;

pub mod affine;
pub mod conv;
pub mod conv_relu_pool;
pub mod pool;

/// The environment variable that chooses the computation: `book` for the layers' book form,
/// anything else (or unset) for the fast kernels.
pub const KERNELS_VAR: &str = "DLFS_KERNELS";

/// Whether layers built from now on compute with the fast kernels (the default) or with the
/// book's code only (`DLFS_KERNELS=book`). Read once per process.
pub fn fast_kernels() -> bool {
    static FAST: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *FAST.get_or_init(|| std::env::var(KERNELS_VAR).map_or(true, |v| v.trim() != "book"))
}

/// Applies `f` to every item, on all cores when the `parallel` feature is on, and returns
/// the results in order.
pub(crate) fn par_map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    items.into_iter().map(f).collect()
}

/// Runs `f` on the matching elements of four arrays of one shape, split over the cores
/// when they are large (an optimizer's update of a big weight matrix).
pub(crate) fn for_each4<F: Float>(
    a: &mut ArrayD<F>,
    b: &mut ArrayD<F>,
    c: &mut ArrayD<F>,
    d: &ArrayD<F>,
    f: impl Fn(&mut F, &mut F, &mut F, &F) + Sync + Send,
) {
    let len = a.len();
    let zip = Zip::from(a).and(b).and(c).and(d);
    #[cfg(feature = "parallel")]
    if len >= 1 << 16 && rayon::current_num_threads() > 1 {
        return zip.par_for_each(f);
    }
    let _ = len;
    zip.for_each(f);
}

/// How many images each piece of a batch of `n` gets, so that there is one piece per core.
pub(crate) fn pieces(n: usize) -> usize {
    #[cfg(feature = "parallel")]
    let threads = rayon::current_num_threads();
    #[cfg(not(feature = "parallel"))]
    let threads = 1;
    n.div_ceil(threads).max(1)
}
