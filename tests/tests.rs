//! Integration tests: one binary, one module per area.

mod util;

#[cfg(feature = "report")]
mod browser;
mod explain;
mod hostile;
mod input;
mod layers;
mod linking;
mod output;
mod policy;
mod quality;
mod shares;
mod streaming;

#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "cli")]
mod private;
#[cfg(feature = "cli")]
mod safety;
