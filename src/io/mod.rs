//! Input and output: CSV and JSON Lines readers with encoding detection and
//! row accounting, the writers of matches and rejects, and the check that
//! no output overwrites an input or another output.
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `error`, `explain`, `field`, `index`, `link`, `record` and no module above it.

mod columns;
pub(crate) mod encoding;
mod read;
pub(crate) mod write;

pub use encoding::InputEncoding;
pub use read::{
    read_path, read_reader, read_registry, read_table, ExtraCells, IndexedRegistry, InputFormat, OnBadField, ReadOptions, StreamedRegistry, TableRows,
    DEFAULT_MAX_REJECT_SHARE,
};
pub(crate) use read::{read_table_with, table_raw_row};
pub use write::OutputFormat;
