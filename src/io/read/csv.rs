//! Reading CSV: the delimiter from the header line, rows read in batches and turned
//! into records in parallel, then accounted for in file order; exact line numbers
//! (CRLF files, blank lines) and each rejected row as text.

use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use super::header::{layout, no_country, Layout};
use super::{build_record, Note, Policy, RowSink};
use crate::error::{Error, ErrorKind, Result};
use crate::io::columns::Column;
use crate::record::{Record, RejectReason};

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

pub(super) fn read_csv<R: Read>(path: &Path, mut text: R, delimiter: Option<u8>, sink: &mut RowSink) -> Result<()> {
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
