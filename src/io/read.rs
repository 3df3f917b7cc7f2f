//! Reading person records from CSV and JSON Lines, in any of the encodings CIS
//! systems export, accounting for every row.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use rayon::prelude::*;

use super::columns::{closest_alias, country_code, is_iso_country, Column};
use super::encoding::{choose_encoding, InputEncoding, SkipUtf8Bom};
use crate::error::{Error, ErrorKind, Result};
use crate::index::{IndexBuilder, RegistryIndex};
use crate::record::{split_full_name, BirthDate, Dataset, NameSource, ReadSummary, Record, Reject, RejectReason, Sex, Warning};

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
#[derive(Clone, Debug)]
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

/// Where each interpreted field sits in a row.
struct Layout {
    /// Row position of each field, indexed by `Column as usize`.
    by_column: [Option<usize>; Column::COUNT],
    /// (position in row, header name) of columns kept as extras.
    extras: Vec<(usize, String)>,
}

impl Layout {
    fn position(&self, c: Column) -> Option<usize> {
        self.by_column[c as usize]
    }
}

fn pick_delimiter(header: &[u8]) -> u8 {
    let line = header.split(|&b| b == b'\n').next().unwrap_or(header);
    let (mut quoted, mut counts) = (false, [0usize; 3]);
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

fn layout(path: &Path, headers: &[String], warnings: &mut Vec<Warning>) -> Result<Layout> {
    let mut fields = HashMap::new();
    let mut extras = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        match Column::from_header(h) {
            Some(c) => {
                if fields.insert(c, i).is_some() {
                    return Err(Error::format(path, Some(1), Some(c.name()), format!("column '{}' appears twice in the header (as '{h}')", c.name())));
                }
            }
            None => {
                let name = h.trim().trim_start_matches('\u{feff}').to_string();
                if name.is_empty() {
                    return Err(Error::format(path, Some(1), None, format!("header column {} has no name", i + 1)));
                }
                extras.push((i, name));
            }
        }
    }
    // An unknown header one slip away from a known one, for a field the file lacks.
    let guesses: Vec<(&str, &'static str, Column)> =
        extras.iter().filter_map(|(_, h)| closest_alias(h).filter(|(_, c)| !fields.contains_key(c)).map(|(alias, c)| (h.as_str(), alias, c))).collect();
    let did_you_mean = |wanted: &[Column]| -> String {
        guesses
            .iter()
            .filter(|(_, _, c)| wanted.contains(c))
            .map(|(h, alias, c)| format!("; did you mean {} for column '{h}'?", suggestion(alias, *c)))
            .collect()
    };
    if !fields.contains_key(&Column::Id) {
        return Err(Error::format(
            path,
            Some(1),
            Some("id"),
            format!("no id column (accepted headers: id, record_id, person_id, uid, ид){}", did_you_mean(&[Column::Id])),
        ));
    }
    if ![Column::Surname, Column::GivenName, Column::FullName].iter().any(|c| fields.contains_key(c)) {
        return Err(Error::format(
            path,
            Some(1),
            Some("surname"),
            format!(
                "no name column: need surname/given_name (last_name/first_name, фамилия/имя) or full_name (fio, фио){}",
                did_you_mean(&[Column::Surname, Column::GivenName, Column::FullName, Column::Patronymic])
            ),
        ));
    }
    for (h, alias, c) in &guesses {
        warnings.push(header_warning(path, Some(1), h, alias, *c));
    }
    let mut by_column = [None; Column::COUNT];
    for (&c, &i) in &fields {
        by_column[c as usize] = Some(i);
    }
    Ok(Layout { by_column, extras })
}

/// A known header name as suggested: the alias, and the field when the alias is not its canonical name.
fn suggestion(alias: &str, c: Column) -> String {
    if alias == c.name() {
        format!("'{alias}'")
    } else {
        format!("'{alias}' ({})", c.name())
    }
}

fn header_warning(path: &Path, line: Option<u64>, header: &str, alias: &str, c: Column) -> Warning {
    Warning {
        file: path.display().to_string(),
        line,
        column: Some(header.to_string()),
        message: format!(
            "not a column dualcit reads, so it is carried as an extra column and the records have no {}; did you mean {}?",
            c.name().replace('_', " "),
            suggestion(alias, c)
        ),
    }
}

/// The file has no country column and none was given for it: no row can have a country.
fn no_country(path: &Path) -> Error {
    Error::format(
        path,
        Some(1),
        Some("country"),
        "no country for any row: the file has no country column and no country was given for it; add a 'country' column (ISO 3166-1 code of the answering state) or give the file's country (dualcit: --responses CC=FILE; library: ReadOptions::default_country)",
    )
}

fn read_csv<R: Read>(path: &Path, mut text: R, delimiter: Option<u8>, sink: &mut RowSink) -> Result<()> {
    // Peek at the first line to choose the delimiter, then hand everything to csv.
    let mut head = Vec::new();
    (&mut text).take(8192).read_to_end(&mut head).map_err(|e| Error::io(path, e))?;
    let delimiter = delimiter.unwrap_or_else(|| pick_delimiter(&head));
    let marks = std::rc::Rc::new(std::cell::RefCell::new(std::collections::VecDeque::new()));
    let tracked = LineTracker { inner: std::io::Cursor::new(head).chain(text), offset: 0, marks: marks.clone() };
    let mut lines = LineMap { marks, newlines_before: 0 };
    let mut rdr = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(false).from_reader(tracked);
    let mut rec = csv::ByteRecord::new();
    let read_err = |e: csv::Error| -> Error {
        match e.kind() {
            csv::ErrorKind::Io(_) => match e.into_kind() {
                csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => {
                    Error::from(ErrorKind::Encoding { path: path.to_path_buf(), line: 0, message: io.to_string() })
                }
                csv::ErrorKind::Io(io) => Error::io(path, io),
                _ => Error::format(path, None, None, "read error"),
            },
            _ => {
                let line = e.position().map(|p| p.line());
                Error::format(path, line, None, e.to_string())
            }
        }
    };
    if !rdr.read_byte_record(&mut rec).map_err(read_err)? {
        return Err(Error::format(path, Some(1), None, "the file is empty: expected a header row"));
    }
    let headers: Vec<String> = rec
        .iter()
        .enumerate()
        .map(|(i, f)| {
            std::str::from_utf8(f).map(str::to_owned).map_err(|_| Error::format(path, Some(1), None, format!("header column {} is not valid UTF-8", i + 1)))
        })
        .collect::<Result<_>>()?;
    let layout = layout(path, &headers, &mut sink.warnings)?;
    if layout.position(Column::Country).is_none() && sink.default_country.is_none() {
        return Err(no_country(path));
    }
    sink.extra_columns = layout.extras.iter().map(|(_, n)| n.clone()).collect();
    let width = headers.len();
    let mut raw_buf = Vec::new();
    // Rows are read in batches; each batch is turned into records in parallel
    // and then accounted for in file order (ids, rejects), so the result is the
    // same as a sequential read whatever the number of threads.
    // Two batches of reused byte records: while the pool turns one into records,
    // this thread reads the next (reading a row allocates nothing).
    let default_country = sink.default_country.clone();
    let policy = sink.policy;
    let mut fill = |batch: &mut Batch| -> Result<(usize, bool)> {
        let mut filled = 0;
        while filled < BATCH {
            if batch.len() == filled {
                batch.push((0, csv::ByteRecord::new()));
            }
            let (line, slot) = &mut batch[filled];
            if !rdr.read_byte_record(slot).map_err(read_err)? {
                return Ok((filled, false));
            }
            *line = lines.line_of(slot.position().map_or(0, |p| p.byte()));
            filled += 1;
        }
        Ok((filled, true))
    };
    let (mut current, mut next): (Batch, Batch) = (Vec::new(), Vec::new());
    let (mut filled, mut more) = fill(&mut current)?;
    loop {
        let mut outcomes: Vec<RowOutcome> = Vec::new();
        let mut read_ahead: Result<(usize, bool)> = Ok((0, false));
        {
            let rows = &current[..filled];
            let out = &mut outcomes;
            let (headers, layout, country) = (&headers, &layout, default_country.as_deref());
            rayon::in_place_scope(|scope| {
                scope.spawn(move |_| {
                    *out =
                        rows.par_iter().map_init(Vec::new, |values, (line, r)| parse_row(*line, r, width, headers, layout, country, policy, values)).collect();
                });
                if more {
                    read_ahead = fill(&mut next);
                }
            });
        }
        for ((line, r), outcome) in current[..filled].iter().zip(outcomes) {
            sink.summary.read += 1;
            match outcome {
                RowOutcome::Record(record, notes) => sink.accept(*record, notes, || raw_row(r, delimiter, &mut raw_buf)),
                RowOutcome::Blank => sink.reject(*line, String::new(), None, RejectReason::Malformed("blank line".into()), String::new()),
                RowOutcome::Reject(field, reason) => {
                    let raw = raw_row(r, delimiter, &mut raw_buf);
                    let id = layout.position(Column::Id).and_then(|i| r.get(i)).and_then(|f| std::str::from_utf8(f).ok()).unwrap_or("").trim().to_string();
                    sink.reject(*line, id, field, reason, raw);
                }
            }
        }
        if !more {
            break;
        }
        (filled, more) = read_ahead?;
        std::mem::swap(&mut current, &mut next);
    }
    Ok(())
}

/// Rows read and not yet accounted for, with the line each starts on.
type Batch = Vec<(u64, csv::ByteRecord)>;

/// Rows turned into records at a time.
const BATCH: usize = 8192;

/// What one CSV row becomes.
enum RowOutcome {
    Record(Box<Record>, Vec<Note>),
    Blank,
    Reject(Option<&'static str>, RejectReason),
}

/// Turns one CSV row into a record or the reason it cannot be one (no side effects).
#[allow(clippy::too_many_arguments)]
fn parse_row<'r>(
    line: u64,
    rec: &'r csv::ByteRecord,
    width: usize,
    headers: &[String],
    layout: &Layout,
    default_country: Option<&str>,
    policy: Policy,
    values: &mut Vec<&'r str>,
) -> RowOutcome {
    if rec.len() == 1 && rec.get(0).is_some_and(|f| f.iter().all(u8::is_ascii_whitespace)) {
        // A line holding only spaces: not a row of data, but still accounted for.
        return RowOutcome::Blank;
    }
    if rec.len() != width {
        return RowOutcome::Reject(None, RejectReason::FieldCount { expected: width, found: rec.len() });
    }
    values.clear();
    for (i, f) in rec.iter().enumerate() {
        match std::str::from_utf8(f) {
            Ok(s) => values.push(s),
            Err(_) => {
                let column = headers.get(i).map_or("?", String::as_str);
                let field = Column::from_header(column).map(Column::name);
                return RowOutcome::Reject(field, RejectReason::Malformed(format!("column '{column}' is not valid UTF-8 (wrong --encoding?)")));
            }
        }
    }
    let get = |c: Column| layout.position(c).and_then(|i| values.get(i).copied()).unwrap_or("");
    let extras = layout.extras.iter().map(|(i, _)| values.get(*i).copied().unwrap_or("").to_string()).collect();
    let mut notes = Vec::new();
    match build_record(line, &get, default_country, extras, policy, &mut notes) {
        Ok(r) => RowOutcome::Record(Box::new(r), notes),
        Err((field, reason)) => RowOutcome::Reject(Some(field), reason),
    }
}

/// Records where line terminators are, so that a record's line number can be
/// computed exactly (csv's own count lags behind CRLF files and blank lines).
struct LineTracker<R> {
    inner: R,
    offset: u64,
    marks: std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<(u64, u8)>>>,
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut marks = self.marks.borrow_mut();
        for i in memchr::memchr2_iter(b'\n', b'\r', &buf[..n]) {
            marks.push_back((self.offset + i as u64, buf[i]));
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// Turns csv's record byte positions into 1-based line numbers.
struct LineMap {
    marks: std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<(u64, u8)>>>,
    newlines_before: u64,
}

impl LineMap {
    /// Line on which the record whose parse started at byte `p` begins:
    /// terminators at `p` (csv starts a record right after the previous
    /// record's first terminator byte, and skips blank lines) come before it.
    fn line_of(&mut self, p: u64) -> u64 {
        let mut marks = self.marks.borrow_mut();
        let mut start = p;
        while let Some(&(o, b)) = marks.front() {
            if o > start {
                break;
            }
            if o == start {
                start += 1;
            }
            self.newlines_before += (b == b'\n') as u64;
            marks.pop_front();
        }
        self.newlines_before + 1
    }
}

/// The row as text for the rejects file (lossy where bytes are not UTF-8).
fn raw_row(rec: &csv::ByteRecord, delimiter: u8, buf: &mut Vec<u8>) -> String {
    buf.clear();
    {
        let mut w = csv::WriterBuilder::new().delimiter(delimiter).terminator(csv::Terminator::Any(b'\n')).from_writer(&mut *buf);
        if w.write_byte_record(rec).is_err() {
            return String::new();
        }
        if w.flush().is_err() {
            return String::new();
        }
    }
    while buf.last() == Some(&b'\n') {
        buf.pop();
    }
    String::from_utf8_lossy(buf).into_owned()
}

fn read_jsonl<R: Read>(path: &Path, text: R, sink: &mut RowSink) -> Result<()> {
    use std::io::BufRead;
    let reader = std::io::BufReader::new(text);
    let mut extra_index: HashMap<String, usize> = HashMap::new();
    let mut buf = Vec::new();
    let mut reader = reader;
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        sink.summary.read += 1;
        let raw = || String::from_utf8_lossy(&buf).trim_end().to_string();
        let line = match std::str::from_utf8(&buf) {
            Ok(l) => l,
            Err(_) => {
                sink.reject(line_no, String::new(), None, RejectReason::Malformed("line is not valid UTF-8 (wrong --encoding?)".into()), raw());
                continue;
            }
        };
        let obj = match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(o)) => o,
            Ok(_) => {
                sink.reject(line_no, String::new(), None, RejectReason::Malformed("not a JSON object".into()), raw());
                continue;
            }
            Err(e) => {
                sink.reject(line_no, String::new(), None, RejectReason::Malformed(format!("invalid JSON at column {}", e.column())), raw());
                continue;
            }
        };
        let mut fields: HashMap<Column, String> = HashMap::new();
        let mut extras: Vec<String> = vec![String::new(); sink.extra_columns.len()];
        let mut duplicate = None;
        let mut new_keys: Vec<&str> = Vec::new();
        for (k, v) in &obj {
            let value = match v {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                other => other.to_string(),
            };
            match Column::from_header(k) {
                Some(c) => {
                    if fields.insert(c, value).is_some() {
                        duplicate = Some(c);
                    }
                }
                None => {
                    let i = *extra_index.entry(k.clone()).or_insert_with(|| {
                        new_keys.push(k);
                        sink.extra_columns.push(k.clone());
                        sink.extra_columns.len() - 1
                    });
                    if extras.len() <= i {
                        extras.resize(i + 1, String::new());
                    }
                    extras[i] = value;
                }
            }
        }
        for k in new_keys {
            if let Some((alias, c)) = closest_alias(k).filter(|(_, c)| !fields.contains_key(c)) {
                sink.warnings.push(header_warning(path, Some(line_no), k, alias, c));
            }
        }
        let id = fields.get(&Column::Id).map_or("", |s| s.trim()).to_string();
        if let Some(c) = duplicate {
            sink.reject(line_no, id, Some(c.name()), RejectReason::Malformed(format!("field '{}' given twice under different names", c.name())), raw());
            continue;
        }
        if !fields.contains_key(&Column::Id) {
            sink.reject(line_no, id, Some("id"), RejectReason::MissingId, raw());
            continue;
        }
        let get = |c: Column| fields.get(&c).map_or("", String::as_str);
        sink.row(line_no, get, extras, raw);
    }
    Ok(())
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
        if summary.accepted == 0 && !rejects.is_empty() {
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
        if summary.read == 0 {
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

/// The extra (carried) cells of streamed registry records, packed into one
/// arena: each record's cells as (4-byte length, UTF-8 bytes), found by the
/// record's end offset. Empty (no offsets at all) when no record has any.
#[derive(Clone, Debug, Default)]
pub struct ExtraCells {
    bytes: Vec<u8>,
    ends: Vec<u64>,
}

impl ExtraCells {
    fn push(&mut self, pos: usize, cells: &[String]) {
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
/// Rows are accounted for exactly as [`read_path`] does (same rejects, same
/// lines, same order), and index positions equal the positions of the
/// records `read_path` would return.
pub fn read_registry(path: &Path, opts: &ReadOptions, mut builder: IndexBuilder) -> Result<StreamedRegistry> {
    let (file, label, format) = open(path, opts)?;
    let target = Target::Index { builder: &mut builder, lines: Vec::new(), pending: Vec::new(), extras: ExtraCells::default() };
    let (read, extras) = read_from(&label, path, file, format, opts, target)?;
    Ok(StreamedRegistry { builder, read, extras: extras.unwrap_or_default() })
}

fn build_record<'a>(
    line: u64,
    get: &impl Fn(Column) -> &'a str,
    default_country: Option<&str>,
    extra: Vec<String>,
    policy: Policy,
    notes: &mut Vec<Note>,
) -> Result<Record, (&'static str, RejectReason)> {
    let clean = |c: Column| get(c).trim().to_string();
    let id = clean(Column::Id);
    if id.is_empty() {
        return Err(("id", RejectReason::MissingId));
    }
    let (mut surname, mut given_name, mut patronymic) = (clean(Column::Surname), clean(Column::GivenName), clean(Column::Patronymic));
    let mut name_source = NameSource::Fields;
    if surname.is_empty() && given_name.is_empty() {
        let full = clean(Column::FullName);
        if !full.is_empty() {
            let (s, g, p) = split_full_name(&full);
            surname = s;
            given_name = g;
            if patronymic.is_empty() {
                patronymic = p;
            }
            name_source = NameSource::FullName;
        }
    }
    if surname.is_empty() && given_name.is_empty() && patronymic.is_empty() {
        return Err(("surname", RejectReason::NoName));
    }
    // An invalid field either rejects the row or is blanked and noted, as the policy says.
    let mut bad = |field: &'static str, reason: RejectReason, on_bad: OnBadField| match on_bad {
        OnBadField::Reject => Err((field, reason)),
        _ => {
            notes.push((field, reason));
            Ok(())
        }
    };
    let date_text = get(Column::BirthDate).trim();
    let birth_date = match (!date_text.is_empty()).then(|| BirthDate::parse(date_text)) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            bad("birth_date", RejectReason::BadDate(e), policy.date)?;
            None
        }
    };
    let sex = match Sex::parse(get(Column::Sex)) {
        Some(s) => s,
        None => {
            bad("sex", RejectReason::BadSex, policy.field)?;
            Sex::Unknown
        }
    };
    let country_text = get(Column::Country).trim();
    let country = if country_text.is_empty() {
        default_country.map(str::to_owned).ok_or(("country", RejectReason::MissingCountry))?
    } else {
        country_code(country_text).ok_or(("country", RejectReason::BadCountry))?
    };
    let iin_text = get(Column::Iin).trim();
    let iin = match (!iin_text.is_empty()).then(|| crate::record::ident::Iin::parse(iin_text)) {
        None => None,
        Some(Ok(iin)) => Some(iin),
        Some(Err(e)) => {
            bad("iin", RejectReason::BadIin(e), policy.field)?;
            None
        }
    };
    let document_number = match Some(clean(Column::DocumentNumber)).filter(|s| !s.is_empty()) {
        Some(d) if !plausible_document_number(&d) => {
            bad("document_number", RejectReason::BadDocumentNumber, policy.field)?;
            None
        }
        d => d,
    };
    let opt = |c: Column| Some(clean(c)).filter(|s| !s.is_empty());
    Ok(Record {
        id,
        surname,
        given_name,
        patronymic,
        name_source,
        birth_date,
        sex,
        country,
        iin,
        document_number,
        response_kind: opt(Column::ResponseKind),
        extra,
        line,
    })
}

/// A document number as states write them (`4510 123456`, `AB1234567`,
/// `№ 123-456`): at least one letter or digit, no control characters, at
/// most 40 characters.
fn plausible_document_number(d: &str) -> bool {
    d.chars().count() <= 40 && d.chars().any(char::is_alphanumeric) && !d.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, format: InputFormat) -> Dataset {
        let opts = ReadOptions { default_country: Some("KZ".into()), ..Default::default() };
        read_reader("t.csv", text.as_bytes(), format, &opts).unwrap()
    }

    #[test]
    fn csv_rows_become_records_or_located_rejects() {
        let d = read(
            "id,surname,given_name,patronymic,birth_date,sex,note\n1,Иванов,Иван,Иванович,17.05.1980,М,a\n2,Петров,,,31.02.1980,M,b\n1,Сидоров,,,1980,,c\n3,,,,1980,,d\n4,X,Y\n",
            InputFormat::Csv,
        );
        assert_eq!(d.records.len(), 1);
        assert_eq!(d.records[0].extra, vec!["a".to_string()]);
        assert_eq!(d.records[0].country, "KZ");
        let lines: Vec<u64> = d.rejects.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6]);
        assert_eq!(d.rejects[0].field, Some("birth_date"));
        assert_eq!(d.rejects[1].reason, RejectReason::DuplicateId { first_line: 2 });
        assert_eq!(d.rejects[2].reason, RejectReason::NoName);
        assert_eq!(d.rejects[3].reason, RejectReason::FieldCount { expected: 7, found: 3 });
        assert_eq!((d.summary.read, d.summary.accepted, d.summary.rejected), (5, 1, 4));
    }

    #[test]
    fn semicolons_and_aliases() {
        let d = read("ID;Фамилия;Имя;Дата_рождения\n7;Ким;Ольга;1975-00-00\n", InputFormat::Csv);
        assert_eq!(d.records[0].surname, "Ким");
        assert_eq!(d.records[0].birth_date.unwrap().to_string(), "1975");
    }

    #[test]
    fn jsonl_rows() {
        let d = read("{\"id\": 5, \"full_name\": \"Yevgeniy Ivanov\", \"dob\": \"1980-05-17\", \"extra\": 1}\nnot json\n\n[1]\n", InputFormat::JsonLines);
        assert_eq!(d.records.len(), 1);
        let r = &d.records[0];
        assert_eq!((r.id.as_str(), r.surname.as_str(), r.given_name.as_str()), ("5", "Ivanov", "Yevgeniy"));
        assert_eq!(r.name_source, NameSource::FullName);
        assert_eq!(d.extra_columns, vec!["extra".to_string()]);
        assert_eq!(d.rejects.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 4]);
    }

    #[test]
    fn missing_columns_are_file_errors() {
        let opts = ReadOptions::default();
        let e = read_reader("t.csv", "surname,given_name\nA,B\n".as_bytes(), InputFormat::Csv, &opts).unwrap_err();
        assert!(e.to_string().contains("no id column"), "{e}");
        let e = read_reader("t.csv", "".as_bytes(), InputFormat::Csv, &opts).unwrap_err();
        assert!(e.to_string().contains("empty"), "{e}");
    }

    #[test]
    fn missing_country_without_default_is_a_file_error_or_a_reject() {
        // No country column and no default: no row can be used, so the file is an error.
        let e = read_reader("t.csv", "id,surname\n1,A\n".as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap_err();
        assert!(e.to_string().starts_with("t.csv:1: field 'country': no country for any row"), "{e}");
        // A country column empty in one row: that row is a reject.
        let d = read_reader("t.csv", "id,surname,country\n1,A,\n2,B,RU\n".as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap();
        assert_eq!(d.rejects[0].reason, RejectReason::MissingCountry);
        assert_eq!(d.rejects[0].id, "1");
        // JSON Lines without a country anywhere: an error after the rows are read.
        let e = read_reader("t.jsonl", "{\"id\":1,\"surname\":\"A\"}\n".as_bytes(), InputFormat::JsonLines, &ReadOptions::default()).unwrap_err();
        assert!(e.to_string().contains("no country in any row"), "{e}");
    }

    #[test]
    fn bad_fields_are_blanked_and_noted_unless_asked_to_reject() {
        let text = "id,surname,birth_date,sex,iin,document_number\n1,A,1980,Q,900101300001,\u{7}\n2,B,31.02.1980,M,,\n3,C,1980,M,,AB 123\n";
        let d = read(text, InputFormat::Csv);
        assert_eq!(d.records.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), vec!["1", "3"]);
        let r = &d.records[0];
        assert_eq!((r.sex, r.iin.is_none(), r.document_number.is_none(), r.birth_date.is_some()), (Sex::Unknown, true, true, true));
        let notes: Vec<(u64, Option<&str>)> = d.notes.iter().map(|n| (n.line, n.field)).collect();
        assert_eq!(notes, vec![(2, Some("sex")), (2, Some("iin")), (2, Some("document_number"))]);
        assert!(d.notes.iter().all(|n| n.is_note() && n.reason.to_string().ends_with("; field blanked, row kept") && n.id == "1"));
        assert_eq!((d.summary.read, d.summary.accepted, d.summary.rejected, d.summary.blanked), (3, 2, 1, 3));
        assert_eq!(d.rejects[0].field, Some("birth_date"));
        let all: Vec<u64> = d.rejects_and_notes().map(|r| r.line).collect();
        assert_eq!(all, vec![2, 2, 2, 3]);
        // Asked to reject: the old behaviour. Asked to blank dates: row 2 is kept.
        let strict = ReadOptions { default_country: Some("KZ".into()), on_bad_field: OnBadField::Reject, ..Default::default() };
        let d = read_reader("t.csv", text.as_bytes(), InputFormat::Csv, &strict).unwrap();
        assert_eq!((d.records.len(), d.rejects[0].field, d.notes.len()), (1, Some("sex"), 0));
        let lenient = ReadOptions { default_country: Some("KZ".into()), on_bad_date: OnBadField::Blank, ..Default::default() };
        let d = read_reader("t.csv", text.as_bytes(), InputFormat::Csv, &lenient).unwrap();
        assert_eq!((d.records.len(), d.records[1].birth_date, d.notes.len()), (3, None, 4));
    }

    #[test]
    fn a_header_one_slip_from_a_known_name_is_a_warning() {
        let d = read("id,surnme,given_name,birth_date\n1,Ким,Ольга,1980\n", InputFormat::Csv);
        assert_eq!(d.warnings.len(), 1);
        let w = d.warnings[0].to_string();
        assert_eq!(w, "t.csv:1: column 'surnme': not a column dualcit reads, so it is carried as an extra column and the records have no surname; did you mean 'surname'?");
        let e = read_reader("t.csv", "id,surnme,dob\n1,A,1980\n".as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap_err();
        assert!(e.to_string().contains("no name column") && e.to_string().contains("did you mean 'surname' for column 'surnme'?"), "{e}");
        let d = read("{\"id\": 1, \"given_name\": \"Ольга\", \"lastnme\": \"Ким\"}\n", InputFormat::JsonLines);
        assert_eq!(d.warnings[0].line, Some(1));
        assert!(d.warnings[0].message.contains("did you mean 'lastname' (surname)?"), "{:?}", d.warnings);
        // Real extra columns say nothing.
        assert!(read("id,surname,district,note\n1,Ким,Алматы,x\n", InputFormat::Csv).warnings.is_empty());
    }

    #[test]
    fn unknown_country_codes_and_empty_files_are_warnings() {
        let d = read_reader("t.csv", "id,surname,country\n1,A,XX\n2,B,XX\n3,C,RU\n".as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap();
        assert_eq!(d.records.len(), 3);
        assert_eq!(d.warnings.len(), 1);
        assert_eq!((d.warnings[0].line, d.warnings[0].column.as_deref()), (Some(2), Some("country")));
        assert!(d.warnings[0].message.contains("'XX' is not an ISO 3166-1 country code (2 rows"), "{:?}", d.warnings);
        assert!(read("id,surname\n", InputFormat::Csv).warnings[0].message.starts_with("no data rows"));
    }

    #[test]
    fn a_file_whose_names_are_all_empty_is_an_error() {
        let e = read_reader("t.csv", "id,surname,country\n1,,RU\n2, ,RU\n".as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap_err();
        assert!(e.to_string().starts_with("t.csv: field 'surname': no name in any row"), "{e}");
    }
}
