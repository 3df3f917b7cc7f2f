//! Writing outputs: the matches file (CSV or JSON Lines) and the rejects file.
//! Files are replaced atomically ([`crate::files::write_atomically`]).

use std::fmt::Write as _;
use std::io::Write;

use crate::error::Result;
use crate::explain::Explanation;
use crate::field::Field;
use crate::link::LinkResult;
use crate::record::{Dataset, RegistryRows, Reject};

/// Output format of the matches file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum OutputFormat {
    /// Comma-separated values with a header row.
    #[default]
    Csv,
    /// One JSON object per line.
    JsonLines,
}

/// The fixed leading columns of the matches file, in order (a contract).
pub const LEADING_COLUMNS: [&str; 6] = ["registry_id", "response_id", "response_country", "probability", "match_weight", "decision"];

/// Names of the per-field explanation columns, in order.
pub fn explanation_columns() -> Vec<String> {
    let mut cols = vec!["review_reason".to_string(), "prior_weight".to_string()];
    for f in Field::ALL {
        cols.push(format!("{}_level", f.name()));
        cols.push(format!("{}_weight", f.name()));
    }
    cols.push("lookalike_weight".to_string());
    cols.extend(["name_order", "blocking_pass", "response_file", "response_line", "response_kind"].map(String::from));
    cols
}

/// The extra columns carried from the inputs: `registry.<name>` then `response.<name>`
/// (response names united over all response files, in order of first appearance).
fn carried_columns(registry: &dyn RegistryRows, responses: &[Dataset]) -> (Vec<String>, Vec<String>, Vec<Vec<Option<usize>>>) {
    let mut resp_names: Vec<String> = Vec::new();
    for d in responses {
        for c in &d.extra_columns {
            if !resp_names.contains(c) {
                resp_names.push(c.clone());
            }
        }
    }
    // For each response file, where each united column sits in its own extras.
    let maps = responses.iter().map(|d| resp_names.iter().map(|n| d.extra_columns.iter().position(|c| c == n)).collect()).collect();
    (registry.read().extra_columns.clone(), resp_names, maps)
}

/// All columns of the matches file.
pub fn match_columns(registry: &dyn RegistryRows, responses: &[Dataset]) -> Vec<String> {
    let (reg, resp, _) = carried_columns(registry, responses);
    LEADING_COLUMNS
        .iter()
        .map(|s| s.to_string())
        .chain(explanation_columns())
        .chain(reg.iter().map(|c| format!("registry.{c}")))
        .chain(resp.iter().map(|c| format!("response.{c}")))
        .collect()
}

/// Writes the matches file.
pub fn write_matches(
    out: &mut dyn Write,
    format: OutputFormat,
    result: &LinkResult,
    registry: &dyn RegistryRows,
    responses: &[Dataset],
) -> std::io::Result<()> {
    let columns = match_columns(registry, responses);
    let (mut csv_w, mut json_out) = match format {
        OutputFormat::JsonLines => (None, Some(out)),
        _ => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(&columns)?;
            (Some(w), None)
        }
    };
    let mut json_buf = Vec::new();
    // JSON Lines: each key encoded once; the numeric columns among the fixed ones
    // (carried columns are text whatever their name).
    let fixed = LEADING_COLUMNS.len() + explanation_columns().len();
    let json_keys: Vec<Vec<u8>> = columns.iter().map(serde_json::to_vec).collect::<Result<_, _>>()?;
    let numeric: Vec<bool> =
        columns.iter().enumerate().map(|(i, k)| i < fixed && (k == "probability" || k.ends_with("_weight") || k == "response_line")).collect();
    for_each_match_row(result, registry, responses, &mut |row: &[String]| {
        if let Some(w) = &mut csv_w {
            w.write_record(row)?;
        } else if let Some(o) = json_out.as_mut() {
            // Keys in the CSV column order; numbers as JSON numbers.
            json_buf.clear();
            json_buf.push(b'{');
            for (i, (key, value)) in json_keys.iter().zip(row).enumerate() {
                if i > 0 {
                    json_buf.push(b',');
                }
                json_buf.extend_from_slice(key);
                json_buf.push(b':');
                if numeric[i] {
                    let finite = value.parse::<f64>().is_ok_and(f64::is_finite);
                    json_buf.extend_from_slice(if finite { value.as_bytes() } else { b"null" });
                } else {
                    serde_json::to_writer(&mut json_buf, value)?;
                }
            }
            json_buf.extend_from_slice(b"}\n");
            o.write_all(&json_buf)?;
        }
        Ok(())
    })?;
    if let Some(mut w) = csv_w {
        w.flush()?;
    }
    Ok(())
}

/// Calls `f` with each row of the matches file, in order: the cells of
/// [`match_columns`] as `write_matches` writes them (numbers formatted as in the
/// CSV). One reused buffer per column: after the first row, a row allocates nothing.
pub fn for_each_match_row(
    result: &LinkResult,
    registry: &dyn RegistryRows,
    responses: &[Dataset],
    visit: &mut dyn FnMut(&[String]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let (reg_columns, _, maps) = carried_columns(registry, responses);
    let mut row: Vec<String> = vec![String::new(); match_columns(registry, responses).len()];
    for p in &result.pairs {
        let file = &responses[p.response_file as usize];
        let resp = &file.records[p.response as usize];
        let ex = Explanation::of_pair(&result.weights, p);
        let mut cells = row.iter_mut();
        let mut put = |args: std::fmt::Arguments<'_>| {
            if let Some(cell) = cells.next() {
                cell.clear();
                let _ = cell.write_fmt(args);
            }
        };
        put(format_args!("{}", registry.id_at(p.registry)));
        put(format_args!("{}", resp.id));
        put(format_args!("{}", result.countries.get(p.country as usize).map_or("", String::as_str)));
        put(format_args!("{:.6}", p.probability));
        put(format_args!("{:.3}", p.match_weight));
        put(format_args!("{}", p.decision.name()));
        put(format_args!("{}", p.review_reason));
        put(format_args!("{:.3}", ex.prior));
        for f in &ex.fields {
            put(format_args!("{}", f.level));
            put(format_args!("{:.3}", f.weight));
        }
        put(format_args!("{:.3}", ex.lookalike));
        put(format_args!("{}", if ex.order_swapped { "swapped" } else { "as_given" }));
        put(format_args!("{}", result.stats.passes.get(p.pass as usize).map_or("?", |s| s.pass)));
        put(format_args!("{}", file.source));
        put(format_args!("{}", resp.line));
        put(format_args!("{}", resp.response_kind.as_deref().unwrap_or("")));
        for col in 0..reg_columns.len() {
            put(format_args!("{}", registry.extra_at(p.registry, col)));
        }
        for pos in &maps[p.response_file as usize] {
            put(format_args!("{}", pos.and_then(|i| resp.extra.get(i)).map_or("", String::as_str)));
        }
        visit(&row)?;
    }
    Ok(())
}

/// Columns of the rejects file.
pub const REJECT_COLUMNS: [&str; 5] = ["file", "line", "field", "reason", "row"];

/// Writes rejected rows: file, line, field, reason and the row itself.
pub fn write_rejects<'a>(out: &mut dyn Write, rejects: impl IntoIterator<Item = &'a Reject>) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(REJECT_COLUMNS)?;
    for r in rejects {
        w.write_record([r.file.as_str(), &r.line.to_string(), r.field.unwrap_or(""), &r.reason.to_string(), &r.raw])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_columns_come_first() {
        let d = Dataset::default();
        let cols = match_columns(&d, &[]);
        assert_eq!(&cols[..6], &LEADING_COLUMNS.map(String::from));
        assert!(cols.contains(&"birth_date_level".to_string()));
    }
}
