//! Reading JSON Lines: one object per line, its keys mapped to fields, unknown keys
//! carried as extra columns in the order they first appear.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use super::header::header_warning;
use super::RowSink;
use crate::error::{Error, Result};
use crate::io::columns::{closest_alias, Column};
use crate::record::RejectReason;

pub(super) fn read_jsonl<R: Read>(path: &Path, text: R, sink: &mut RowSink) -> Result<()> {
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
