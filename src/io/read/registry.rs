//! A registry read straight into its index ([`read_registry`]): what it leaves (the
//! index builder or index, the read's account) and the extra cells of its records,
//! packed into one arena.

use std::path::Path;

use super::{open, read_from, ReadOptions, Target};
use crate::error::Result;
use crate::index::{IndexBuilder, RegistryIndex};
use crate::record::Dataset;

/// The extra (carried) cells of streamed registry records, packed into one
/// arena: each record's cells as (4-byte length, UTF-8 bytes), found by the
/// record's end offset. Empty (no offsets at all) when no record has any.
#[derive(Clone, Debug, Default)]
pub struct ExtraCells {
    bytes: Vec<u8>,
    ends: Vec<u64>,
}

impl ExtraCells {
    pub(super) fn push(&mut self, pos: usize, cells: &[String]) {
        if cells.iter().all(String::is_empty) {
            return;
        }
        // Records before this one without cells get empty ranges.
        let end = self.bytes.len() as u64;
        self.ends.resize(pos, end);
        for c in cells {
            self.bytes.extend_from_slice(&(c.len() as u32).to_le_bytes());
            self.bytes.extend_from_slice(c.as_bytes());
        }
        self.ends.push(self.bytes.len() as u64);
    }

    /// Cell `col` of record `pos` (empty when absent).
    pub fn get(&self, pos: usize, col: usize) -> &str {
        let Some(&end) = self.ends.get(pos) else { return "" };
        let start = if pos == 0 { 0 } else { self.ends[pos - 1] as usize };
        let mut rest = &self.bytes[start..end as usize];
        for _ in 0..col {
            let Some((len, tail)) = cell_len(rest) else { return "" };
            rest = &tail[len..];
        }
        cell_len(rest).map_or("", |(len, tail)| std::str::from_utf8(&tail[..len]).unwrap_or(""))
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * 8
    }
}

/// The 4-byte length at the head of a packed cell, and what follows it.
fn cell_len(b: &[u8]) -> Option<(usize, &[u8])> {
    let (head, tail) = b.split_first_chunk::<4>()?;
    Some((u32::from_le_bytes(*head) as usize, tail))
}

/// A registry streamed into its index ([`read_registry`]): the index, the
/// carried extra cells, and the read's account (rejects and summary; the
/// dataset holds no records).
pub struct IndexedRegistry {
    /// The registry index (positions follow the file's accepted rows).
    pub index: RegistryIndex,
    /// Source, extra column names, rejects and summary; `records` is empty.
    pub read: Dataset,
    /// Extra cells of each record.
    pub extras: ExtraCells,
}

impl crate::record::RegistryRows for IndexedRegistry {
    fn read(&self) -> &Dataset {
        &self.read
    }

    fn id_at(&self, pos: u32) -> &str {
        self.index.id_at(pos)
    }

    fn extra_at(&self, pos: u32, col: usize) -> &str {
        self.extras.get(pos as usize, col)
    }

    fn shown_at(&self, pos: u32) -> Option<[String; 5]> {
        self.index.shown_at(pos)
    }
}

/// A registry read into an index builder ([`read_registry`]); the blocking
/// index is built by [`StreamedRegistry::finish`].
pub struct StreamedRegistry {
    /// The builder holding every accepted record, compactly.
    pub builder: IndexBuilder,
    /// Source, extra column names, rejects and summary; `records` is empty.
    pub read: Dataset,
    /// Extra cells of each record.
    pub extras: ExtraCells,
}

impl StreamedRegistry {
    /// Builds the blocking index.
    pub fn finish(self) -> IndexedRegistry {
        IndexedRegistry { index: self.builder.finish(), read: self.read, extras: self.extras }
    }
}

/// Reads a registry file straight into a registry index builder, batch by
/// batch: the raw records never sit in memory together, so a registry far
/// larger than memory in its raw form fits within the index's memory model.
/// Rows are accounted for exactly as [`read_path`](super::read_path) does (same rejects, same
/// lines, same order), and index positions equal the positions of the
/// records `read_path` would return.
pub fn read_registry(path: &Path, opts: &ReadOptions, mut builder: IndexBuilder) -> Result<StreamedRegistry> {
    let (file, label, format) = open(path, opts)?;
    let target = Target::Index { builder: &mut builder, lines: Vec::new(), pending: Vec::new(), extras: ExtraCells::default() };
    let (read, extras) = read_from(&label, path, file, format, opts, target)?;
    Ok(StreamedRegistry { builder, read, extras: extras.unwrap_or_default() })
}
