//! Input and output: CSV and JSON Lines readers with encoding detection and
//! row accounting, and the writers of matches and rejects.

mod columns;
pub mod encoding;
mod read;
pub mod write;

pub use encoding::InputEncoding;
pub use read::{read_path, read_reader, read_registry, ExtraCells, IndexedRegistry, InputFormat, ReadOptions, StreamedRegistry};
pub use write::OutputFormat;
