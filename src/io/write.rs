//! Writing outputs: the matches file (CSV or JSON Lines), the rejects file,
//! and atomic file replacement so an interrupted run never leaves a
//! half-written file that looks complete.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::compare::Field;
use crate::error::{Error, Result};
use crate::link::{Explanation, LinkResult};
use crate::record::{Dataset, Reject};

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

/// Writes through a temporary file in the same directory, then renames it
/// over `path`. On Unix the file is created readable by the owner only.
pub fn write_atomically(path: &Path, body: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut opts = OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let result = (|| -> std::io::Result<()> {
        let file = opts.open(&tmp)?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        body(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// Names of the per-field explanation columns, in order.
pub fn explanation_columns() -> Vec<String> {
    let mut cols = vec!["review_reason".to_string(), "prior_weight".to_string()];
    for f in Field::ALL {
        cols.push(format!("{}_level", f.name()));
        cols.push(format!("{}_weight", f.name()));
    }
    cols.extend(["name_order", "blocking_pass", "response_file", "response_line", "response_kind"].map(String::from));
    cols
}

/// The extra columns carried from the inputs: `registry.<name>` then `response.<name>`
/// (response names united over all response files, in order of first appearance).
fn carried_columns(registry: &Dataset, responses: &[Dataset]) -> (Vec<String>, Vec<String>, Vec<Vec<Option<usize>>>) {
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
    (registry.extra_columns.clone(), resp_names, maps)
}

/// All columns of the matches file.
pub fn match_columns(registry: &Dataset, responses: &[Dataset]) -> Vec<String> {
    let (reg, resp, _) = carried_columns(registry, responses);
    LEADING_COLUMNS
        .iter()
        .map(|s| s.to_string())
        .chain(explanation_columns())
        .chain(reg.iter().map(|c| format!("registry.{c}")))
        .chain(resp.iter().map(|c| format!("response.{c}")))
        .collect()
}

fn fmt_weight(w: f64) -> String {
    format!("{w:.3}")
}

/// Writes the matches file.
pub fn write_matches(out: &mut dyn Write, format: OutputFormat, result: &LinkResult, registry: &Dataset, responses: &[Dataset]) -> std::io::Result<()> {
    let columns = match_columns(registry, responses);
    let (_, _, maps) = carried_columns(registry, responses);
    let (mut csv_w, mut json_out) = match format {
        OutputFormat::JsonLines => (None, Some(out)),
        _ => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(&columns)?;
            (Some(w), None)
        }
    };
    let mut row: Vec<String> = Vec::with_capacity(columns.len());
    let mut json_buf = Vec::new();
    for p in &result.pairs {
        let reg = &registry.records[p.registry as usize];
        let file = &responses[p.response_file as usize];
        let resp = &file.records[p.response as usize];
        let ex = Explanation::new(&result.weights, &p.comparison);
        row.clear();
        row.push(reg.id.clone());
        row.push(resp.id.clone());
        row.push(result.countries.get(p.country as usize).cloned().unwrap_or_default());
        row.push(format!("{:.6}", p.probability));
        row.push(fmt_weight(p.match_weight));
        row.push(p.decision.name().into());
        row.push(p.review_reason.map(|r| r.name()).unwrap_or("").into());
        row.push(fmt_weight(ex.prior));
        for f in &ex.fields {
            row.push(f.level.into());
            row.push(fmt_weight(f.weight));
        }
        row.push(if ex.order_swapped { "swapped" } else { "as_given" }.into());
        row.push(result.stats.passes.get(p.pass as usize).map_or("?", |s| s.pass).into());
        row.push(file.source.clone());
        row.push(resp.line.to_string());
        row.push(resp.response_kind.clone().unwrap_or_default());
        row.extend(reg.extra.iter().cloned());
        for pos in &maps[p.response_file as usize] {
            row.push(pos.and_then(|i| resp.extra.get(i).cloned()).unwrap_or_default());
        }
        if let Some(w) = &mut csv_w {
            w.write_record(&row)?;
        } else {
            {
                json_buf.clear();
                let obj: serde_json::Map<String, serde_json::Value> = columns
                    .iter()
                    .zip(&row)
                    .map(|(k, v)| {
                        let value = if k == "probability" || k == "match_weight" || k == "prior_weight" || k.ends_with("_weight") {
                            v.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(serde_json::Value::Number).unwrap_or(serde_json::Value::Null)
                        } else {
                            serde_json::Value::String(v.clone())
                        };
                        (k.clone(), value)
                    })
                    .collect();
                serde_json::to_writer(&mut json_buf, &obj)?;
                json_buf.push(b'\n');
                if let Some(o) = json_out.as_mut() {
                    o.write_all(&json_buf)?;
                }
            }
        }
    }
    if let Some(mut w) = csv_w {
        w.flush()?;
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
    fn atomic_write_replaces_whole_file_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        write_atomically(&p, |w| w.write_all(b"one")).unwrap();
        write_atomically(&p, |w| w.write_all(b"two")).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
        }
        // A failing body leaves the previous file intact and no temporary behind.
        let e = write_atomically(&p, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("interrupted"))
        });
        assert!(e.is_err());
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn leading_columns_come_first() {
        let d = Dataset::default();
        let cols = match_columns(&d, &[]);
        assert_eq!(&cols[..6], &LEADING_COLUMNS.map(String::from));
        assert!(cols.contains(&"birth_date_level".to_string()));
    }
}
