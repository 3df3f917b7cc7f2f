//! Files, below every stage: atomic replacement of an output, and the check
//! that no output overwrites an input or another output. Uses only
//! [`crate::error`].
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `error` and no module above it.

mod atomic;
mod paths;

pub use atomic::write_atomically;
pub use paths::check_outputs;
