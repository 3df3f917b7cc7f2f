//! The header of a CSV file: which row position holds which field, the errors of a
//! header without an id or name column, and the warnings for an unknown header one
//! slip away from a known name (also given for JSON Lines keys).

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::io::columns::{closest_alias, Column};
use crate::record::Warning;

/// Where each interpreted field sits in a row.
pub(super) struct Layout {
    /// Row position of each field, indexed by `Column as usize`.
    by_column: [Option<usize>; Column::COUNT],
    /// (position in row, header name) of columns kept as extras.
    pub(super) extras: Vec<(usize, String)>,
}

impl Layout {
    pub(super) fn position(&self, c: Column) -> Option<usize> {
        self.by_column[c as usize]
    }
}

pub(super) fn layout(path: &Path, headers: &[String], warnings: &mut Vec<Warning>) -> Result<Layout> {
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

pub(super) fn header_warning(path: &Path, line: Option<u64>, header: &str, alias: &str, c: Column) -> Warning {
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
pub(super) fn no_country(path: &Path) -> Error {
    Error::format(
        path,
        Some(1),
        Some("country"),
        "no country for any row: the file has no country column and no country was given for it; add a 'country' column (ISO 3166-1 code of the answering state) or give the file's country (dualcit: --responses CC=FILE; library: ReadOptions::default_country)",
    )
}
