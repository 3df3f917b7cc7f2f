//! A minimal embedding of dualcit in a service: build (or load) the registry
//! index once, then answer one record at a time.
//!
//! ```sh
//! # build the index once from a registry file and save it
//! cargo run --release --example service -- build fixtures/registry.csv /tmp/registry.idx
//! # serve: one JSON record per line on stdin, one JSON answer per line on stdout
//! echo '{"id":"q1","surname":"SHCHEGLOVA","given_name":"IULIIA","dob":"1985-11-23","sex":"F"}' \
//!   | cargo run --release --example service -- serve /tmp/registry.idx
//! ```
//!
//! Each answer is `{"id": …, "matches": [{registry_id, probability,
//! decision, review_reason, pass, explanation}]}` strongest first (with
//! `"blanked": [{field, reason}]` when an invalid field was left empty), or
//! `{"line": n, "rejected": reason}` for a line that is not a usable record.
//! The loop never prints what it reads to stderr (personal data).
//!
//! Both commands take `--on-bad-field reject|blank` (an invalid IIN,
//! document number or sex code; default `blank`: the field is left empty and
//! the record kept) and `--on-bad-date reject|blank` (default `reject`) —
//! `ReadOptions::on_bad_field` / `on_bad_date`, as `dualcit match` has them.
//!
//! Errors are printed once, in words (`service: error: …`), with exit code 1;
//! a usage mistake — including an index file that would overwrite the
//! registry (`check_outputs`, the same check `dualcit match` makes) — exits 2.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use dualcit::{check_outputs, read_reader, read_registry, InputFormat, OnBadField, ReadOptions};
use dualcit::{ErrorKind, Linker, RegistryIndex};

const USAGE: &str = "usage: service build REGISTRY.csv OUT.idx [OPTIONS] | service serve INDEX.idx [OPTIONS]\n  options: --on-bad-field reject|blank (default blank), --on-bad-date reject|blank (default reject)";

/// The command's words and its read options (`--on-bad-field`, `--on-bad-date`).
fn parse(args: &[String]) -> Option<(Vec<&str>, ReadOptions)> {
    let mut words = Vec::new();
    let mut opts = ReadOptions::default();
    let mut it = args.iter().map(String::as_str);
    while let Some(a) = it.next() {
        let policy = |v: Option<&str>| match v {
            Some("reject") => Some(OnBadField::Reject),
            Some("blank") => Some(OnBadField::Blank),
            _ => None,
        };
        match a {
            "--on-bad-field" => opts.on_bad_field = policy(it.next())?,
            "--on-bad-date" => opts.on_bad_date = policy(it.next())?,
            flag if flag.starts_with("--") => return None,
            word => words.push(word),
        }
    }
    Some((words, opts))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = parse(&args);
    let result = match parsed.as_ref().map(|(w, o)| (w.as_slice(), o)) {
        Some((["build", registry, out], opts)) => build(Path::new(registry), Path::new(out), opts),
        Some((["serve", index], opts)) => serve(Path::new(index), opts),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Display, not Debug: the message says what went wrong and where, once.
            eprintln!("service: error: {e}");
            let usage = matches!(&e, Failure::Dualcit(d) if matches!(d.kind(), ErrorKind::SameFile { .. }));
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

/// What can end the service: a dualcit error, or writing an answer.
enum Failure {
    Dualcit(dualcit::Error),
    Io(std::io::Error),
    Json(serde_json::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Dualcit(e) => write!(f, "{e}"),
            Failure::Io(e) => write!(f, "{}", dualcit::plain_io(e)),
            Failure::Json(e) => write!(f, "writing an answer: {e}"),
        }
    }
}

impl From<dualcit::Error> for Failure {
    fn from(e: dualcit::Error) -> Self {
        Failure::Dualcit(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Self {
        Failure::Json(e)
    }
}

fn build(registry: &Path, out: &Path, opts: &ReadOptions) -> Result<(), Failure> {
    // Refused before anything is read: the index must not overwrite the registry.
    check_outputs(&[("registry", registry)], &[("index", out)])?;
    let t = std::time::Instant::now();
    // The registry streams into the compact index: its raw rows are never all in memory.
    let opts = opts.clone().default_country("KZ");
    let streamed = read_registry(registry, &opts, Linker::builder().build()?.index_builder())?.finish();
    let index = streamed.index;
    index.save(out)?;
    let size = std::fs::metadata(out).map_err(|e| dualcit::Error::from(ErrorKind::Io { path: out.to_path_buf(), source: e }))?.len();
    let s = &streamed.read.summary;
    eprintln!("indexed {} records ({} rejected, {} fields blanked) in {:.2}s; {} bytes", index.len(), s.rejected, s.blanked, t.elapsed().as_secs_f64(), size);
    Ok(())
}

fn serve(path: &Path, opts: &ReadOptions) -> Result<(), Failure> {
    let t = std::time::Instant::now();
    // Shared, read-only: an Arc<RegistryIndex> can go to as many worker threads as needed.
    let index = Arc::new(RegistryIndex::load(path)?);
    eprintln!("loaded an index of {} records in {:.3}s", index.len(), t.elapsed().as_secs_f64());
    let opts = opts.clone().default_country("ZZ");
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        // One line is read as a one-row file: what would stop a file (no name, no country) rejects the line.
        let parsed = match read_reader("stdin", line.as_bytes(), InputFormat::JsonLines, &opts) {
            Ok(parsed) => parsed,
            Err(e) => {
                let reason = match e.kind() {
                    ErrorKind::Format { message, .. } => message.clone(),
                    _ => e.to_string(),
                };
                answer(&mut out, &serde_json::json!({ "line": n + 1, "rejected": reason }))?;
                continue;
            }
        };
        let reply = match (parsed.records.first(), parsed.rejects.first()) {
            (Some(record), _) => {
                let blanked: Vec<_> = parsed.notes.iter().map(|b| serde_json::json!({ "field": b.field, "reason": b.reason.to_string() })).collect();
                let mut reply = serde_json::json!({ "id": record.id, "matches": index.query(record) });
                if !blanked.is_empty() {
                    reply["blanked"] = serde_json::Value::Array(blanked);
                }
                reply
            }
            (None, Some(reject)) => serde_json::json!({ "line": n + 1, "rejected": reject.reason.to_string() }),
            (None, None) => continue,
        };
        answer(&mut out, &reply)?;
    }
    Ok(())
}

/// Writes one answer line.
fn answer(out: &mut impl Write, reply: &serde_json::Value) -> Result<(), Failure> {
    serde_json::to_writer(&mut *out, reply)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}
