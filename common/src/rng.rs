//! Seeded randomness. Every experiment takes a seed, so a figure comes out the same on every
//! machine and every run: ChaCha's stream is fixed by its specification, not by the version of
//! `rand`.

use rand::SeedableRng;

/// The generator used everywhere in this workspace.
pub type Rng = rand_chacha::ChaCha8Rng;

/// A generator started from `seed`.
pub fn seeded(seed: u64) -> Rng {
    Rng::seed_from_u64(seed)
}

/// The seed the chapters use unless told otherwise.
pub const DEFAULT_SEED: u64 = 42;
