//! Reading a table that is already in memory (an Arrow table handed over by the
//! Python package, a Spark partition): the header is read as a CSV header (the
//! same aliases, extra columns and errors), each row becomes a record or a located
//! reject exactly as a CSV row would, and the line of row `i` is `i + 2` (as if the
//! table were a CSV file with its header on line 1) unless the caller gives lines.

use std::path::Path;

use rayon::prelude::*;

use super::header::{layout, no_country};
use super::{build_record, Note, Policy, RowSink};
use crate::error::{Error, Result};
use crate::io::columns::{country_code, Column};
use crate::record::{Dataset, Record, RejectReason};

use super::ReadOptions;

/// A table's cells: `cell(row, column)` is the text of a cell (`None` for a
/// null, read as an empty cell), for `rows` rows of `headers.len()` columns.
pub struct TableRows<'a> {
    /// The column names, as a CSV header would give them.
    pub headers: &'a [String],
    /// Number of rows.
    pub rows: usize,
    /// The text of a cell, by row and column position.
    pub cell: &'a (dyn Fn(usize, usize) -> Option<&'a str> + Sync),
    /// The source line of each row (for rejects and the matches' `response_line`);
    /// `None` numbers row `i` as line `i + 2`, as in a CSV file with a header.
    pub lines: Option<&'a [u64]>,
}

/// Reads an in-memory table into a [`Dataset`] with the CSV reader's rules:
/// header aliases, extra columns carried, every row a record or a located
/// [`Reject`](crate::Reject) (ids unique in the table, invalid fields blanked or
/// rejected as `opts` says), and the same errors for a table that cannot be
/// used at all (no id column, no name column, no country for any row). `label`
/// names the table in rejects, errors and the matches' `response_file`.
/// `opts.format`, `encoding` and `delimiter` do not apply.
pub fn read_table(label: &str, table: &TableRows<'_>, opts: &ReadOptions) -> Result<Dataset> {
    read_table_with(label, table, opts, true)
}

/// [`read_table`]; `whole_file` false skips the checks that only a whole file can
/// make (no country, no name in any row): a share of a file read alone.
pub(crate) fn read_table_with(label: &str, table: &TableRows<'_>, opts: &ReadOptions, whole_file: bool) -> Result<Dataset> {
    let path = Path::new(label);
    let default_country = match &opts.default_country {
        Some(c) => Some(country_code(c).ok_or_else(|| Error::config(format!("default country '{c}' is not an ISO 3166-1 code")))?),
        None => None,
    };
    let policy = Policy { field: opts.on_bad_field, date: opts.on_bad_date };
    let mut sink = RowSink::new(label, default_country.clone(), policy, super::collect());
    sink.summary.encoding = "UTF-8".to_string();
    if let Some(lines) = table.lines {
        if lines.len() != table.rows {
            return Err(Error::config(format!("{label}: {} line numbers for {} rows", lines.len(), table.rows)));
        }
    }
    let headers = table.headers;
    let layout = layout(path, headers, &mut sink.warnings)?;
    if layout.position(Column::Country).is_none() && sink.default_country.is_none() {
        return Err(no_country(path));
    }
    sink.extra_columns = layout.extras.iter().map(|(_, n)| n.clone()).collect();
    let line_of = |i: usize| table.lines.map_or(i as u64 + 2, |l| l[i]);
    let cell = |r: usize, c: usize| (table.cell)(r, c).unwrap_or("");
    // Rows are turned into records in parallel, then accounted for in table order.
    const BATCH: usize = 8192;
    let mut start = 0;
    while start < table.rows {
        let end = (start + BATCH).min(table.rows);
        let outcomes: Vec<Outcome> = (start..end)
            .into_par_iter()
            .map(|i| {
                let get = |c: Column| layout.position(c).map_or("", |p| cell(i, p));
                let extras = layout.extras.iter().map(|(p, _)| cell(i, *p).to_string()).collect();
                let mut notes = Vec::new();
                build_record(line_of(i), &get, default_country.as_deref(), extras, policy, &mut notes).map(|r| (r, notes))
            })
            .collect();
        for (i, outcome) in (start..end).zip(outcomes) {
            sink.summary.read += 1;
            let raw = || raw_row(headers.len(), |c| cell(i, c));
            match outcome {
                Ok((record, notes)) => sink.accept(record, notes, raw),
                Err((field, reason)) => {
                    let id = layout.position(Column::Id).map_or("", |p| cell(i, p)).trim().to_string();
                    sink.reject(line_of(i), id, Some(field), reason, raw());
                }
            }
        }
        start = end;
    }
    if whole_file {
        sink.finish().map(|(d, _)| d)
    } else {
        sink.finish_part().map(|(d, _)| d)
    }
}

/// What one row becomes: a record and its blanked fields, or the field and reason it is rejected.
type Outcome = std::result::Result<(Record, Vec<Note>), (&'static str, RejectReason)>;

/// A row as CSV text, for the rejects.
fn raw_row<'a>(width: usize, cell: impl Fn(usize) -> &'a str) -> String {
    let mut buf = Vec::new();
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(&mut buf);
        if w.write_record((0..width).map(&cell)).is_err() || w.flush().is_err() {
            return String::new();
        }
    }
    while buf.last() == Some(&b'\n') {
        buf.pop();
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// Row `i` of a table as CSV text (what a reject of it shows).
pub(crate) fn table_raw_row(table: &TableRows<'_>, i: usize) -> String {
    raw_row(table.headers.len(), |c| (table.cell)(i, c).unwrap_or(""))
}
