//! Integration tests: one binary, one module per area.

mod util;

mod browser;
mod hostile;
mod input;
mod linking;
mod output;

#[cfg(feature = "cli")]
mod cli;
