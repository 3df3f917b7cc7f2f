//! Reading person records from CSV and JSON Lines, in any of the encodings CIS
//! systems export, accounting for every row.
//!
//! This module holds the options, the entry points and the sink that accounts for
//! every row (ids unique per file, rejects and notes, warnings, the summary); the
//! formats are read by `csv.rs` (with the header interpreted by `header.rs`) and
//! `jsonl.rs`, one row's fields become a record in `row.rs`, and a registry
//! streamed into its index is `registry.rs`'s.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::columns::{country_code, is_iso_country, Column};
use super::encoding::{choose_encoding, InputEncoding, SkipUtf8Bom};
use crate::error::{Error, Result};
use crate::index::IndexBuilder;
use crate::record::{Dataset, ReadSummary, Record, Reject, RejectReason, Warning};

mod csv;
mod header;
mod jsonl;
mod registry;
mod row;
mod table;
#[cfg(test)]
mod tests;

use csv::read_csv;
use jsonl::read_jsonl;
use row::build_record;

pub use registry::{read_registry, ExtraCells, IndexedRegistry, StreamedRegistry};
pub use table::{read_table, TableRows};
pub(crate) use table::{read_table_with, table_raw_row};

/// Input file format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum InputFormat {
    /// From the file extension: `.jsonl`/`.ndjson`/`.json` are JSON Lines, anything else CSV.
    #[default]
    Auto,
    /// Comma-, semicolon- or tab-separated values with a header row.
    Csv,
    /// One JSON object per line.
    JsonLines,
}

/// What to do with a field whose value is invalid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OnBadField {
    /// Reject the whole row.
    Reject,
    /// Leave the field empty and keep the row; the rejects file lists the
    /// field as a note ([`RejectReason::FieldBlanked`]) and the record is
    /// matched on its other fields.
    #[default]
    Blank,
}

/// How to read an input file. Defaults: detect format, encoding and
/// delimiter; blank an invalid IIN, document number or sex code; reject a
/// row with an invalid birth date.
///
/// Built from the default with one method per setting:
/// `ReadOptions::default().default_country("KZ").on_bad_date(OnBadField::Blank)`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ReadOptions {
    /// The file format.
    pub format: InputFormat,
    /// The encoding; [`InputEncoding::Auto`] recognises UTF-8 (with or without
    /// BOM), UTF-16 with BOM, Windows-1251 and KOI8-R.
    pub encoding: InputEncoding,
    /// CSV delimiter; `None` picks `,`, `;` or tab from the header line.
    pub delimiter: Option<u8>,
    /// Country for rows whose `country` is empty or absent (ISO alpha-2).
    pub default_country: Option<String>,
    /// An invalid IIN (check digit, length), document number or sex code:
    /// blanked by default, so one bad field does not lose the person.
    pub on_bad_field: OnBadField,
    /// An invalid birth date (31.02.1980): the row is rejected by default —
    /// the date is most of a record's evidence and blocking's first key.
    pub on_bad_date: OnBadField,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: InputFormat::Auto,
            encoding: InputEncoding::Auto,
            delimiter: None,
            default_country: None,
            on_bad_field: OnBadField::Blank,
            on_bad_date: OnBadField::Reject,
        }
    }
}

impl ReadOptions {
    /// Sets the file format (default: detected from the name and content).
    pub fn format(mut self, format: InputFormat) -> Self {
        self.format = format;
        self
    }

    /// Sets the encoding (default: detected).
    pub fn encoding(mut self, encoding: InputEncoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// Sets the CSV delimiter (default: picked from the header line).
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = Some(delimiter);
        self
    }

    /// Sets the country of rows that carry none (ISO alpha-2).
    pub fn default_country(mut self, country: impl Into<String>) -> Self {
        self.default_country = Some(country.into());
        self
    }

    /// Sets what an invalid IIN, document number or sex code does to its row.
    pub fn on_bad_field(mut self, policy: OnBadField) -> Self {
        self.on_bad_field = policy;
        self
    }

    /// Sets what an invalid birth date does to its row.
    pub fn on_bad_date(mut self, policy: OnBadField) -> Self {
        self.on_bad_date = policy;
        self
    }
}

/// What to do with bad fields, as the row parsers see it.
#[derive(Clone, Copy, Debug)]
struct Policy {
    field: OnBadField,
    date: OnBadField,
}

/// A field blanked in a kept row, and why.
type Note = (&'static str, RejectReason);

/// Default of `dualcit match --max-reject-share`: a run whose input file has
/// more than this share of its rows rejected stops (exit code 3) after
/// writing the rejects file — such a file is most likely in another layout
/// or encoding than it seems, and its matches would look complete but are not.
pub const DEFAULT_MAX_REJECT_SHARE: f64 = 0.5;

/// Bytes looked at to detect the encoding and delimiter.
const SNIFF_BYTES: usize = 64 * 1024;

/// Reads a whole file into a [`Dataset`]: accepted records plus rejects with
/// line numbers. Fails only when the file as a whole cannot be used (missing,
/// unreadable, no header, no id column, undecodable bytes).
pub fn read_path(path: &Path, opts: &ReadOptions) -> Result<Dataset> {
    let (file, label, format) = open(path, opts)?;
    read_from(&label, path, file, format, opts, collect()).map(|(d, _)| d)
}

fn collect<'b>() -> Target<'b> {
    Target::Collect { seen: rustc_hash::FxHashMap::default(), records: Vec::new() }
}

fn open(path: &Path, opts: &ReadOptions) -> Result<(BufReader<File>, String, InputFormat)> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let label = path.display().to_string();
    let format = match opts.format {
        InputFormat::Auto => {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            if matches!(ext.as_str(), "jsonl" | "ndjson" | "json") {
                InputFormat::JsonLines
            } else {
                InputFormat::Csv
            }
        }
        f => f,
    };
    Ok((BufReader::with_capacity(1 << 20, file), label, format))
}

/// Reads records from any reader; `label` names the source in rejects and errors.
pub fn read_reader<R: Read>(label: &str, reader: R, format: InputFormat, opts: &ReadOptions) -> Result<Dataset> {
    let format = if format == InputFormat::Auto { InputFormat::Csv } else { format };
    read_from(label, Path::new(label), reader, format, opts, collect()).map(|(d, _)| d)
}

fn read_from<R: Read>(
    label: &str,
    path: &Path,
    mut reader: R,
    format: InputFormat,
    opts: &ReadOptions,
    target: Target<'_>,
) -> Result<(Dataset, Option<ExtraCells>)> {
    // Sniff the head of the file for encoding and delimiter, then stream the rest.
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut reader).take(SNIFF_BYTES as u64).read_to_end(&mut head).map_err(|e| Error::io(path, e))?;
    let enc = choose_encoding(&head, opts.encoding);
    let rest = std::io::Cursor::new(head).chain(reader);
    let text: Box<dyn Read> = if enc == encoding_rs::UTF_8 {
        // Validate per record instead of decoding: invalid bytes become located rejects.
        Box::new(SkipUtf8Bom::new(rest))
    } else {
        Box::new(encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(enc)).bom_override(true).build(rest))
    };
    let default_country = match &opts.default_country {
        Some(c) => Some(country_code(c).ok_or_else(|| Error::config(format!("default country '{c}' is not an ISO 3166-1 code")))?),
        None => None,
    };
    let policy = Policy { field: opts.on_bad_field, date: opts.on_bad_date };
    let mut sink = RowSink::new(label, default_country, policy, target);
    sink.summary.encoding = enc.name().to_string();
    match format {
        InputFormat::JsonLines => read_jsonl(path, text, &mut sink)?,
        _ => read_csv(path, text, opts.delimiter, &mut sink)?,
    }
    sink.finish()
}

/// Turns rows into records or rejects, enforcing id uniqueness.
struct RowSink<'b> {
    label: String,
    default_country: Option<String>,
    policy: Policy,
    target: Target<'b>,
    rejects: Vec<Reject>,
    notes: Vec<Reject>,
    warnings: Vec<Warning>,
    /// Well-formed country codes that ISO 3166-1 does not assign: rows, first line.
    unknown_countries: std::collections::BTreeMap<String, (u64, u64)>,
    extra_columns: Vec<String>,
    summary: ReadSummary,
    /// An error from the index builder, reported when the read ends.
    error: Option<Error>,
}

/// Where accepted records go.
enum Target<'b> {
    /// Kept in memory (a [`Dataset`]).
    Collect { seen: rustc_hash::FxHashMap<String, u64>, records: Vec<Record> },
    /// Streamed into a registry index batch by batch; only the compact
    /// index, each record's line (until the read ends) and its extra cells stay.
    Index { builder: &'b mut IndexBuilder, lines: Vec<u64>, pending: Vec<Record>, extras: ExtraCells },
}

/// Records handed to the index builder at a time.
const INDEX_BATCH: usize = 32_768;

impl<'b> RowSink<'b> {
    fn new(label: &str, default_country: Option<String>, policy: Policy, target: Target<'b>) -> RowSink<'b> {
        RowSink {
            label: label.to_string(),
            default_country,
            policy,
            target,
            rejects: Vec::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
            unknown_countries: Default::default(),
            extra_columns: Vec::new(),
            summary: ReadSummary { file: label.to_string(), ..Default::default() },
            error: None,
        }
    }

    fn reject(&mut self, line: u64, id: String, field: Option<&'static str>, reason: RejectReason, raw: String) {
        self.rejects.push(Reject { file: self.label.clone(), line, id, field, reason, raw });
    }

    fn row<'a>(&mut self, line: u64, get: impl Fn(Column) -> &'a str, extra: Vec<String>, raw: impl FnOnce() -> String) {
        let mut notes = Vec::new();
        match build_record(line, &get, self.default_country.as_deref(), extra, self.policy, &mut notes) {
            Ok(rec) => self.accept(rec, notes, raw),
            Err((field, reason)) => self.reject(line, get(Column::Id).trim().to_string(), Some(field), reason, raw()),
        }
    }

    /// Keeps a record unless its id was already used in this file; its
    /// blanked fields become notes once it is kept.
    fn accept(&mut self, mut rec: Record, notes: Vec<Note>, raw: impl FnOnce() -> String) {
        let line = rec.line;
        // Kept only when needed: this runs once per accepted row.
        let unknown_country = (!is_iso_country(&rec.country)).then(|| rec.country.clone());
        let note_id = if notes.is_empty() { String::new() } else { rec.id.clone() };
        let duplicate: Option<(u64, Record)> = match &mut self.target {
            Target::Collect { seen, records } => match seen.get(&rec.id) {
                Some(&first_line) => Some((first_line, rec)),
                None => {
                    seen.insert(rec.id.clone(), rec.line);
                    records.push(rec);
                    None
                }
            },
            Target::Index { builder, lines, pending, extras } => match builder.claim_id(&rec.id) {
                Ok(Ok(_)) => {
                    lines.push(rec.line);
                    extras.push(lines.len() - 1, &rec.extra);
                    rec.extra = Vec::new();
                    pending.push(rec);
                    if pending.len() >= INDEX_BATCH {
                        let result = builder.add_claimed(pending);
                        pending.clear();
                        if let Err(e) = result {
                            self.error.get_or_insert(e);
                        }
                    }
                    None
                }
                Ok(Err(first)) => Some((lines.get(first as usize).copied().unwrap_or(0), rec)),
                Err(e) => {
                    self.error.get_or_insert(e);
                    return;
                }
            },
        };
        if let Some((first_line, rec)) = duplicate {
            self.reject(line, rec.id, Some("id"), RejectReason::DuplicateId { first_line }, raw());
            return;
        }
        if let Some(country) = unknown_country {
            self.unknown_countries.entry(country).or_insert((0, line)).0 += 1;
        }
        if !notes.is_empty() {
            let row = raw();
            self.summary.blanked += notes.len() as u64;
            for (field, why) in notes {
                let note = Reject {
                    file: self.label.clone(),
                    line,
                    id: note_id.clone(),
                    field: Some(field),
                    reason: RejectReason::FieldBlanked(Box::new(why)),
                    raw: row.clone(),
                };
                self.notes.push(note);
            }
        }
    }

    /// Accounts for the read: records, rejects, notes, warnings, summary.
    /// A file none of whose rows can be used for one reason that applies to
    /// the whole file (no country, no name in any row) is an error.
    fn finish(self) -> Result<(Dataset, Option<ExtraCells>)> {
        self.finish_as(true)
    }

    /// [`RowSink::finish`] for a share of a file read alone: no whole-file checks.
    fn finish_part(self) -> Result<(Dataset, Option<ExtraCells>)> {
        self.finish_as(false)
    }

    fn finish_as(self, whole_file: bool) -> Result<(Dataset, Option<ExtraCells>)> {
        let RowSink { label, target, rejects, notes, mut warnings, unknown_countries, extra_columns, mut summary, error, .. } = self;
        if let Some(e) = error {
            return Err(e);
        }
        let (records, extras) = match target {
            Target::Collect { mut records, .. } => {
                let width = extra_columns.len();
                for r in &mut records {
                    r.extra.resize(width, String::new());
                }
                summary.accepted = records.len() as u64;
                (records, None)
            }
            Target::Index { builder, lines, pending, extras } => {
                builder.add_claimed(&pending)?;
                summary.accepted = lines.len() as u64;
                (Vec::new(), Some(extras))
            }
        };
        summary.rejected = rejects.len() as u64;
        if whole_file && summary.accepted == 0 && !rejects.is_empty() {
            let all = |reason: RejectReason| rejects.iter().all(|r| r.reason == reason);
            if all(RejectReason::MissingCountry) {
                return Err(Error::format(
                    &label,
                    None,
                    Some("country"),
                    "no country in any row, and none was given for the file; fill the 'country' column (ISO 3166-1 code of the answering state) or give the file's country (dualcit: --responses CC=FILE; library: ReadOptions::default_country)",
                ));
            }
            if all(RejectReason::NoName) {
                return Err(Error::format(
                    &label,
                    None,
                    Some("surname"),
                    "no name in any row: the name columns are empty in every row; check that the header names the columns that hold the names (surname, given_name, patronymic or full_name)",
                ));
            }
        }
        if whole_file && summary.read == 0 {
            warnings.push(Warning { file: label.clone(), line: None, column: None, message: "no data rows: the file holds a header and nothing else".into() });
        }
        for (code, (rows, first)) in unknown_countries {
            warnings.push(Warning {
                file: label.clone(),
                line: Some(first),
                column: Some("country".into()),
                message: format!("'{code}' is not an ISO 3166-1 country code ({rows} rows, first on this line); check the country column or CC= of the file"),
            });
        }
        Ok((Dataset { source: label, extra_columns, records, rejects, notes, warnings, summary }, extras))
    }
}
