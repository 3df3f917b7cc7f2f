//! `dualcit._dualcit`: the Rust side of the `dualcit` Python package.
//!
//! Tables cross as Arrow record batches (arrow-rs's pyarrow bindings, through the
//! C data interface); the engine itself has no Arrow dependency. Every call that
//! runs the engine releases the GIL. Errors are `dualcit.DualcitError` (a
//! `ValueError`) with `file`, `line` and `field` attributes.
//!
//! The pure-Python layer (`python/dualcit/`) converts pandas / polars / pyarrow
//! inputs to record batches of string columns, and holds the documented API.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use arrow_array::{
    Array, ArrayRef, BinaryArray, BooleanArray, Float64Array, Int32Array, Int64Array, LargeStringArray, RecordBatch, StringArray, StringViewArray, UInt64Array,
};
use arrow_pyarrow::PyArrowType;
use arrow_schema::{DataType, Field as ArrowField, Schema};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use dualcit::{
    answers_for_the_registry_country, read_path, read_table, BlockingPass, Dataset, DecisionPolicy, ErrorKind, InputEncoding, Linker, Model, OnBadField,
    ReadOptions, RegistryIndex, ReviewReason, ScoredShare, TableRows, Thresholds, Warning,
};

create_exception!(dualcit, DualcitError, PyValueError, "An error of the dualcit engine: `file`, `line` and `field` say where (each may be None).");

/// Where an engine error points: file, line, field.
fn locate(e: &dualcit::Error) -> (Option<String>, Option<u64>, Option<String>) {
    match e.kind() {
        ErrorKind::Io { path, .. } | ErrorKind::Output { path, .. } | ErrorKind::SameFile { path, .. } => (Some(path.display().to_string()), None, None),
        ErrorKind::Encoding { path, line, .. } => (Some(path.display().to_string()), Some(*line).filter(|&l| l > 0), None),
        ErrorKind::Format { path, line, field, .. } => (Some(path.display().to_string()), *line, field.clone()),
        ErrorKind::Model { path, .. } | ErrorKind::Index { path, .. } => (path.as_ref().map(|p| p.display().to_string()), None, None),
        _ => (None, None, None),
    }
}

fn error_with(message: String, file: Option<String>, line: Option<u64>, field: Option<String>) -> PyErr {
    Python::attach(|py| {
        let err = DualcitError::new_err(message);
        let v = err.value(py);
        let _ = v.setattr("file", file);
        let _ = v.setattr("line", line);
        let _ = v.setattr("field", field);
        err
    })
}

fn py_err(e: dualcit::Error) -> PyErr {
    let (file, line, field) = locate(&e);
    error_with(e.to_string(), file, line, field)
}

fn config_err(message: impl Into<String>) -> PyErr {
    error_with(message.into(), None, None, None)
}

// ---------------------------------------------------------------------------
// Reading

/// How to read a table or file (`dualcit.link(..., on_bad_field=..., ...)`).
fn read_options(default_country: Option<&str>, on_bad_field: &str, on_bad_date: &str, encoding: &str) -> PyResult<ReadOptions> {
    let policy = |name: &str, what: &str| match name {
        "blank" => Ok(OnBadField::Blank),
        "reject" => Ok(OnBadField::Reject),
        _ => Err(config_err(format!("{what} must be 'blank' or 'reject', not '{name}'"))),
    };
    let encoding = match encoding.to_ascii_lowercase().replace('_', "-").as_str() {
        "auto" => InputEncoding::Auto,
        "utf-8" | "utf8" => InputEncoding::Utf8,
        "cp1251" | "windows-1251" => InputEncoding::Windows1251,
        "koi8-r" | "koi8r" => InputEncoding::Koi8R,
        "utf-16" | "utf16" => InputEncoding::Utf16,
        other => return Err(config_err(format!("unknown encoding '{other}' (auto, utf-8, cp1251, koi8-r, utf-16)"))),
    };
    let mut opts =
        ReadOptions::default().on_bad_field(policy(on_bad_field, "on_bad_field")?).on_bad_date(policy(on_bad_date, "on_bad_date")?).encoding(encoding);
    if let Some(c) = default_country {
        opts = opts.default_country(c);
    }
    Ok(opts)
}

/// The string columns of a record batch, read without copying.
enum Col<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
}

impl Col<'_> {
    fn get(&self, i: usize) -> Option<&str> {
        match self {
            Col::Utf8(a) => (!a.is_null(i)).then(|| a.value(i)),
            Col::Large(a) => (!a.is_null(i)).then(|| a.value(i)),
            Col::View(a) => (!a.is_null(i)).then(|| a.value(i)),
        }
    }
}

fn string_columns(batch: &RecordBatch) -> PyResult<Vec<Col<'_>>> {
    batch
        .columns()
        .iter()
        .zip(batch.schema().fields())
        .map(|(c, f)| {
            let any = c.as_any();
            if let Some(a) = any.downcast_ref::<StringArray>() {
                Ok(Col::Utf8(a))
            } else if let Some(a) = any.downcast_ref::<LargeStringArray>() {
                Ok(Col::Large(a))
            } else if let Some(a) = any.downcast_ref::<StringViewArray>() {
                Ok(Col::View(a))
            } else {
                Err(config_err(format!("column '{}' is {}, not a string column (Utf8, LargeUtf8 or Utf8View)", f.name(), f.data_type())))
            }
        })
        .collect()
}

/// Reads a record batch of string columns with the CSV reader's rules.
fn dataset_of(label: &str, batch: &RecordBatch, lines: Option<&[u64]>, opts: &ReadOptions) -> PyResult<Dataset> {
    let headers: Vec<String> = batch.schema().fields().iter().map(|f| f.name().clone()).collect();
    let cols = string_columns(batch)?;
    let cell = |r: usize, c: usize| cols.get(c).and_then(|col| col.get(r));
    read_table(label, &TableRows { headers: &headers, rows: batch.num_rows(), cell: &cell, lines }, opts).map_err(py_err)
}

/// A read input: a registry or an answer file, its records and its rejects.
#[pyclass(frozen, module = "dualcit._dualcit")]
struct Data {
    inner: Arc<Dataset>,
}

#[pymethods]
impl Data {
    /// The label that names the input in rejects and in `response_file`.
    #[getter]
    fn source(&self) -> String {
        self.inner.source.clone()
    }

    /// Accepted records.
    #[getter]
    fn accepted(&self) -> usize {
        self.inner.records.len()
    }

    /// Rows read.
    #[getter]
    fn read(&self) -> u64 {
        self.inner.summary.read
    }

    /// Rejected rows.
    #[getter]
    fn rejected(&self) -> u64 {
        self.inner.summary.rejected
    }

    /// The read summary as JSON.
    fn summary_json(&self) -> String {
        serde_json::to_string(&self.inner.summary).unwrap_or_default()
    }

    /// Warnings about the input (no personal data), as JSON.
    fn warnings_json(&self) -> String {
        warnings_to_json(&self.inner.warnings)
    }
}

/// Reads a file (CSV or JSON Lines, any supported encoding) exactly as the CLI does.
#[pyfunction]
#[pyo3(signature = (path, default_country=None, on_bad_field="blank", on_bad_date="reject", encoding="auto"))]
fn read_file(py: Python<'_>, path: PathBuf, default_country: Option<&str>, on_bad_field: &str, on_bad_date: &str, encoding: &str) -> PyResult<Data> {
    let opts = read_options(default_country, on_bad_field, on_bad_date, encoding)?;
    let d = py.detach(|| read_path(&path, &opts)).map_err(py_err)?;
    Ok(Data { inner: Arc::new(d) })
}

/// Reads a record batch of string columns; row `i` is line `i + 2`.
#[pyfunction]
#[pyo3(signature = (label, batch, default_country=None, on_bad_field="blank", on_bad_date="reject"))]
fn read_batch(
    py: Python<'_>,
    label: String,
    batch: PyArrowType<RecordBatch>,
    default_country: Option<&str>,
    on_bad_field: &str,
    on_bad_date: &str,
) -> PyResult<Data> {
    let opts = read_options(default_country, on_bad_field, on_bad_date, "auto")?;
    let batch = batch.0;
    let d = py.detach(|| dataset_of(&label, &batch, None, &opts))?;
    Ok(Data { inner: Arc::new(d) })
}

// ---------------------------------------------------------------------------
// Settings and progress

/// Linker settings as the Python API takes them.
#[derive(Clone, Default)]
#[pyclass(frozen, skip_from_py_object, module = "dualcit._dualcit")]
struct Settings {
    model: Option<Model>,
    match_threshold: Option<f64>,
    review_threshold: Option<f64>,
    passes: Option<Vec<BlockingPass>>,
    policy: Option<DecisionPolicy>,
    precision_target: Option<f64>,
}

#[pymethods]
impl Settings {
    /// `model`: a model file path or its JSON text; `policy`: 'strict' or 'score',
    /// with `allow` contradictions; `passes`: blocking pass names; `precision_target`: the
    /// least expected precision of a batch run's matches (`--precision-target`).
    #[new]
    #[pyo3(signature = (model=None, model_json=None, match_threshold=None, review_threshold=None, passes=None, policy=None, allow=None, precision_target=None))]
    #[allow(clippy::too_many_arguments)] // Python keyword arguments, one per setting
    fn new(
        model: Option<PathBuf>,
        model_json: Option<String>,
        match_threshold: Option<f64>,
        review_threshold: Option<f64>,
        passes: Option<Vec<String>>,
        policy: Option<String>,
        allow: Option<Vec<String>>,
        precision_target: Option<f64>,
    ) -> PyResult<Settings> {
        let model = match (model, model_json) {
            (Some(p), _) => Some(Model::load(&p).map_err(py_err)?),
            (None, Some(text)) => Some(Model::from_json(&text, None).map_err(py_err)?),
            _ => None,
        };
        let passes = passes
            .map(|names| {
                names
                    .iter()
                    .map(|n| {
                        BlockingPass::from_name(n.trim())
                            .ok_or_else(|| config_err(format!("unknown blocking pass '{n}' (known: {})", BlockingPass::names().join(", "))))
                    })
                    .collect::<PyResult<Vec<_>>>()
            })
            .transpose()?;
        let mut p = match policy.as_deref() {
            None | Some("strict") => DecisionPolicy::strict(),
            Some("score") => DecisionPolicy::score_only(),
            Some(other) => return Err(config_err(format!("policy must be 'strict' or 'score', not '{other}'"))),
        };
        for name in allow.unwrap_or_default() {
            let r = ReviewReason::from_name(name.trim()).filter(|r| ReviewReason::CONTRADICTIONS.contains(r));
            let known = || ReviewReason::CONTRADICTIONS.iter().map(|r| r.name()).collect::<Vec<_>>().join(", ");
            p = p.allow(r.ok_or_else(|| config_err(format!("unknown contradiction '{name}' for allow (known: {})", known())))?);
        }
        Ok(Settings { model, match_threshold, review_threshold, passes, policy: Some(p), precision_target })
    }
}

impl Settings {
    fn linker(&self, progress: Option<Py<PyAny>>) -> PyResult<Linker> {
        let mut b = Linker::builder();
        let model = self.model.clone().unwrap_or_default();
        let mut t: Thresholds = model.thresholds;
        b.model(model);
        if let Some(x) = self.match_threshold {
            t.match_probability = x;
        }
        if let Some(x) = self.review_threshold {
            t.review_probability = x;
        }
        b.thresholds(t);
        if let Some(p) = &self.passes {
            b.passes(p);
        }
        if let Some(p) = self.policy {
            b.policy(p);
        }
        if let Some(t) = self.precision_target {
            b.precision_target(t);
        }
        if let Some(cb) = progress {
            b.progress(Arc::new(PyProgress { callback: cb, state: Mutex::new((String::new(), 0, 0)) }));
        }
        b.build().map_err(py_err)
    }
}

/// Forwards the engine's progress to a Python callable `callback(stage, done, total)`.
struct PyProgress {
    callback: Py<PyAny>,
    state: Mutex<(String, u64, u64)>,
}

impl PyProgress {
    fn call(&self) {
        let (stage, done, total) = match self.state.lock() {
            Ok(s) => s.clone(),
            Err(_) => return,
        };
        Python::attach(|py| {
            // A failing callback must not stop the run.
            let _ = self.callback.call1(py, (stage, done, total));
        });
    }
}

impl dualcit::Progress for PyProgress {
    fn start(&self, stage: &'static str, total: u64) {
        if let Ok(mut s) = self.state.lock() {
            *s = (stage.to_string(), 0, total);
        }
        self.call();
    }

    fn advance(&self, n: u64) {
        if let Ok(mut s) = self.state.lock() {
            s.1 += n;
        }
        self.call();
    }

    fn finish(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.1 = s.2;
        }
        self.call();
    }
}

/// Runs `f` on a pool of `threads` workers (the engine's output does not depend on it).
fn with_threads<T: Send>(threads: Option<usize>, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    match threads {
        None => Ok(f()),
        Some(0) => Err(config_err("threads must be at least 1 (leave it out to use every core)")),
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build().map_err(|e| config_err(format!("setting up {n} worker threads: {e}")))?;
            Ok(pool.install(f))
        }
    }
}

// ---------------------------------------------------------------------------
// Outputs as Arrow

/// The matches file's columns that are numbers (the rest are text).
fn numeric_kind(name: &str, fixed: bool) -> Option<DataType> {
    if !fixed {
        return None;
    }
    if name == "response_line" {
        Some(DataType::Int64)
    } else if name == "probability" || name.ends_with("_weight") {
        Some(DataType::Float64)
    } else {
        None
    }
}

/// The matches as a record batch: the CLI's columns in its order, its values (numbers
/// as the CSV writes them, parsed: `probability` to 6 decimals, weights to 3).
fn matches_batch(result: &dualcit::LinkResult, registry: &dyn dualcit::RegistryRows, responses: &[Dataset]) -> PyResult<RecordBatch> {
    let columns = dualcit::match_columns(registry, responses);
    let fixed = dualcit::LEADING_COLUMNS.len() + dualcit::explanation_columns().len();
    let mut cells: Vec<Vec<String>> = vec![Vec::with_capacity(result.pairs.len()); columns.len()];
    dualcit::for_each_match_row(result, registry, responses, &mut |row| {
        for (c, v) in cells.iter_mut().zip(row) {
            c.push(v.clone());
        }
        Ok(())
    })
    .map_err(|e| config_err(format!("building the matches table: {e}")))?;
    let mut fields = Vec::with_capacity(columns.len());
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(columns.len());
    for (i, (name, values)) in columns.iter().zip(cells).enumerate() {
        match numeric_kind(name, i < fixed) {
            Some(DataType::Int64) => {
                arrays.push(Arc::new(values.iter().map(|v| v.parse::<i64>().ok()).collect::<Int64Array>()));
                fields.push(ArrowField::new(name, DataType::Int64, true));
            }
            Some(_) => {
                arrays.push(Arc::new(values.iter().map(|v| v.parse::<f64>().ok()).collect::<Float64Array>()));
                fields.push(ArrowField::new(name, DataType::Float64, true));
            }
            None => {
                arrays.push(Arc::new(StringArray::from(values)));
                fields.push(ArrowField::new(name, DataType::Utf8, false));
            }
        }
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| config_err(format!("building the matches table: {e}")))
}

/// Rejected rows and blanked fields: the rejects file's columns.
fn rejects_batch(rows: impl Iterator<Item = (String, u64, String, String, String)>) -> PyResult<RecordBatch> {
    let (mut file, mut line, mut field, mut reason, mut row) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (a, b, c, d, e) in rows {
        file.push(a);
        line.push(b as i64);
        field.push(c);
        reason.push(d);
        row.push(e);
    }
    let schema = Schema::new(vec![
        ArrowField::new("file", DataType::Utf8, false),
        ArrowField::new("line", DataType::Int64, false),
        ArrowField::new("field", DataType::Utf8, false),
        ArrowField::new("reason", DataType::Utf8, false),
        ArrowField::new("row", DataType::Utf8, false),
    ]);
    let arrays: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(file)),
        Arc::new(Int64Array::from(line)),
        Arc::new(StringArray::from(field)),
        Arc::new(StringArray::from(reason)),
        Arc::new(StringArray::from(row)),
    ];
    RecordBatch::try_new(Arc::new(schema), arrays).map_err(|e| config_err(format!("building the rejects table: {e}")))
}

fn dataset_rejects<'a, I: Iterator<Item = &'a Dataset> + 'a>(inputs: I) -> impl Iterator<Item = (String, u64, String, String, String)> + 'a {
    inputs.flat_map(|d| d.rejects_and_notes().map(|r| (r.file.clone(), r.line, r.field.unwrap_or("").to_string(), r.reason.to_string(), r.raw.clone())))
}

/// The first input with more than `max_share` of its rows rejected, as an error
/// that carries the rejects (the CLI's exit 3).
fn check_reject_share(inputs: &[&Dataset], max_share: Option<f64>) -> Option<String> {
    let max = max_share?;
    inputs.iter().find(|d| d.summary.rejected_share() > max).map(|d| {
        let s = &d.summary;
        format!(
            "{}: {} of {} rows rejected ({:.0}%), more than max_reject_share {max}; the rejected rows and why are in the error's .rejects table; no matches returned (check the table's columns, or raise max_reject_share)",
            s.file,
            s.rejected,
            s.read,
            s.rejected_share() * 100.0
        )
    })
}

type Batches = (PyArrowType<RecordBatch>, PyArrowType<RecordBatch>, String);

/// A run's counts as JSON (no personal data): per pass the pairs, capped pairs and
/// largest blocks, the decisions, the look-alike calibration, the expected precision.
fn stats_json(stats: &dualcit::LinkStats) -> String {
    serde_json::to_string(stats).unwrap_or_default()
}

/// Links a registry with answer inputs: `(matches, rejects)` record batches.
#[pyfunction]
#[pyo3(signature = (registry, responses, settings, threads=None, progress=None, max_reject_share=Some(0.5)))]
fn link(
    py: Python<'_>,
    registry: Py<Data>,
    responses: Vec<Py<Data>>,
    settings: Py<Settings>,
    threads: Option<usize>,
    progress: Option<Py<PyAny>>,
    max_reject_share: Option<f64>,
) -> PyResult<Batches> {
    let linker = settings.get().linker(progress)?;
    let registry = registry.get().inner.clone();
    let responses: Vec<Arc<Dataset>> = responses.iter().map(|d| d.get().inner.clone()).collect();
    let inputs: Vec<&Dataset> = std::iter::once(registry.as_ref()).chain(responses.iter().map(|d| d.as_ref())).collect();
    if let Some(message) = check_reject_share(&inputs, max_reject_share) {
        let rejects = rejects_batch(dataset_rejects(inputs.iter().copied()))?;
        let err = config_err(message);
        err.value(py).setattr("rejects", PyArrowType(rejects))?;
        return Err(err);
    }
    let out = py.detach(|| {
        with_threads(threads, || -> PyResult<(RecordBatch, RecordBatch, String)> {
            let owned: Vec<Dataset> = responses.iter().map(|d| (**d).clone()).collect();
            let result = linker.link(&registry, &owned).map_err(py_err)?;
            let matches = matches_batch(&result, registry.as_ref(), &owned)?;
            let rejects = rejects_batch(dataset_rejects(std::iter::once(registry.as_ref()).chain(owned.iter())))?;
            Ok((matches, rejects, stats_json(&result.stats)))
        })
    })??;
    Ok((PyArrowType(out.0), PyArrowType(out.1), out.2))
}

/// The rejects of read inputs (registry first), without linking.
#[pyfunction]
fn rejects_of(inputs: Vec<Py<Data>>) -> PyResult<PyArrowType<RecordBatch>> {
    let held: Vec<Arc<Dataset>> = inputs.iter().map(|d| d.get().inner.clone()).collect();
    Ok(PyArrowType(rejects_batch(dataset_rejects(held.iter().map(|d| d.as_ref())))?))
}

/// Warnings about read inputs (registry first), as the CLI prints them: each input's own
/// (a header one slip from a known column, unknown country codes, no data rows) and,
/// with `registry_country`, answers that give the registry's own country. JSON.
#[pyfunction]
#[pyo3(signature = (inputs, registry_country=None))]
fn input_warnings(inputs: Vec<Py<Data>>, registry_country: Option<&str>) -> String {
    let held: Vec<Arc<Dataset>> = inputs.iter().map(|d| d.get().inner.clone()).collect();
    let mut w: Vec<Warning> = held.iter().flat_map(|d| d.warnings.iter().cloned()).collect();
    if let Some(cc) = registry_country {
        let cc = cc.to_ascii_uppercase();
        for d in held.iter().skip(1) {
            w.extend(answers_for_the_registry_country(&cc, std::slice::from_ref(d.as_ref())));
        }
    }
    warnings_to_json(&w)
}

/// Warnings as a JSON list of objects (file, line, column, message) each with `text`:
/// the warning as the CLI prints it (its one formatter, `Display for Warning`), so that
/// Python issues the same words and never re-formats them.
fn warnings_to_json(warnings: &[Warning]) -> String {
    let items: Vec<serde_json::Value> = warnings
        .iter()
        .map(|w| {
            let mut v = serde_json::to_value(w).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                o.insert("text".into(), serde_json::Value::String(w.to_string()));
            }
            v
        })
        .collect();
    serde_json::to_string(&items).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Names

/// What the engine sees in each name: a record batch.
#[pyfunction]
#[pyo3(signature = (names, field="surname"))]
fn normalize(py: Python<'_>, names: Vec<Option<String>>, field: &str) -> PyResult<PyArrowType<RecordBatch>> {
    let f = match field {
        "surname" => dualcit::NameField::Surname,
        "given_name" => dualcit::NameField::GivenName,
        "patronymic" => dualcit::NameField::Patronymic,
        other => return Err(config_err(format!("field must be 'surname', 'given_name' or 'patronymic', not '{other}'"))),
    };
    let batch = py.detach(|| -> PyResult<RecordBatch> {
        let out: Vec<Option<dualcit::Name>> = names.iter().map(|n| n.as_deref().map(|n| dualcit::normalize(n, f))).collect();
        let text = |g: &dyn Fn(&dualcit::Name) -> String| -> ArrayRef { Arc::new(out.iter().map(|n| n.as_ref().map(g)).collect::<StringArray>()) };
        let key = |g: &dyn Fn(&dualcit::Name) -> u64| -> ArrayRef { Arc::new(out.iter().map(|n| n.as_ref().map(g)).collect::<UInt64Array>()) };
        let cols: Vec<(&str, ArrayRef)> = vec![
            ("name", Arc::new(names.iter().map(|n| n.as_deref()).collect::<StringArray>())),
            ("canonical", text(&|n| n.canonical.clone())),
            ("skeleton", text(&|n| n.skeleton.clone())),
            ("alt_skeleton", text(&|n| n.alt_skeleton.clone())),
            ("stem", text(&|n| n.stem.clone())),
            ("script", text(&|n| format!("{:?}", n.script).to_lowercase())),
            ("language", text(&|n| n.language.unwrap_or("").to_string())),
            ("key", key(&|n| n.key)),
            ("alt_key", key(&|n| n.alt_key)),
        ];
        let schema = Schema::new(cols.iter().map(|(n, a)| ArrowField::new(*n, a.data_type().clone(), true)).collect::<Vec<_>>());
        RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|(_, a)| a).collect()).map_err(|e| config_err(e.to_string()))
    })?;
    Ok(PyArrowType(batch))
}

/// `dualcit normalize`'s description of one name.
#[pyfunction]
fn describe_name(name: &str) -> String {
    dualcit::describe_name(name)
}

// ---------------------------------------------------------------------------
// The registry index

/// A registry index: built once, queried per record, saved and loaded.
#[pyclass(frozen, module = "dualcit._dualcit")]
struct Index {
    inner: Arc<RegistryIndex>,
}

#[pymethods]
impl Index {
    /// Builds the index of a read registry with these settings.
    #[staticmethod]
    fn build(py: Python<'_>, registry: Py<Data>, settings: Py<Settings>) -> PyResult<Index> {
        let linker = settings.get().linker(None)?;
        let registry = registry.get().inner.clone();
        let index = py.detach(|| linker.index(&registry)).map_err(py_err)?;
        Ok(Index { inner: Arc::new(index) })
    }

    /// Loads an index saved with `save` (versioned, checksummed).
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Index> {
        let index = py.detach(|| RegistryIndex::load(&path)).map_err(py_err)?;
        Ok(Index { inner: Arc::new(index) })
    }

    /// Decodes an index from `to_bytes`.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: Vec<u8>) -> PyResult<Index> {
        let index = py.detach(|| RegistryIndex::from_bytes(&data)).map_err(py_err)?;
        Ok(Index { inner: Arc::new(index) })
    }

    /// Saves the index (written atomically).
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let index = self.inner.clone();
        py.detach(|| index.save(&path)).map_err(py_err)
    }

    /// The index as bytes.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let index = self.inner.clone();
        let bytes = py.detach(|| index.to_bytes()).map_err(py_err)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Registry records in the index.
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// The `n` largest blocks of each blocking pass by key, as JSON (personal data:
    /// a registry record's id and its values of the key's parts).
    fn hot_blocks_json(&self, n: usize) -> PyResult<String> {
        serde_json::to_string(&self.inner.hot_blocks(n)).map_err(|e| config_err(e.to_string()))
    }

    /// Answers one record (a batch of one row of string columns): the matches as JSON.
    fn query_batch(&self, py: Python<'_>, batch: PyArrowType<RecordBatch>) -> PyResult<String> {
        let index = self.inner.clone();
        let batch = batch.0;
        py.detach(|| {
            let opts = ReadOptions::default().default_country("KZ");
            let d = dataset_of("query", &batch, None, &opts)?;
            if let Some(r) = d.rejects.first() {
                return Err(error_with(format!("query: {}", r.reason), Some("query".into()), None, r.field.map(String::from)));
            }
            let Some(record) = d.records.first() else { return Err(config_err("query: no record")) };
            serde_json::to_string(&index.query(record)).map_err(|e| config_err(e.to_string()))
        })
    }
}

// ---------------------------------------------------------------------------
// Training, evaluation, the HTML report

/// Estimates a model on the data: `(model_json, report_json)`.
#[pyfunction]
#[pyo3(signature = (registry, responses, settings, truth=None, u_samples=None, seed=None))]
fn train(
    py: Python<'_>,
    registry: Py<Data>,
    responses: Vec<Py<Data>>,
    settings: Py<Settings>,
    truth: Option<Py<Truth>>,
    u_samples: Option<usize>,
    seed: Option<u64>,
) -> PyResult<(String, String)> {
    let s = settings.get().clone();
    let registry = registry.get().inner.clone();
    let responses: Vec<Dataset> = responses.iter().map(|d| (*d.get().inner).clone()).collect();
    let truth = truth.map(|t| t.get().inner.clone());
    py.detach(|| {
        let base = s.model.clone().unwrap_or_default();
        let passes: Vec<dualcit::PassConfig> = s.passes.clone().unwrap_or_else(|| dualcit::DEFAULT_PASSES.to_vec()).into_iter().map(Into::into).collect();
        let mut opts = dualcit::TrainOptions::default();
        if let Some(n) = u_samples {
            opts = opts.u_samples(n);
        }
        if let Some(seed) = seed {
            opts.seed = seed;
        }
        let (model, report) = dualcit::train(&base, &registry, &responses, &passes, truth.as_deref(), &opts).map_err(py_err)?;
        Ok((model.to_json(), serde_json::to_string(&report).map_err(|e| config_err(e.to_string()))?))
    })
}

/// Known true pairs.
#[pyclass(frozen, module = "dualcit._dualcit")]
struct Truth {
    inner: Arc<dualcit::Truth>,
}

#[pymethods]
impl Truth {
    /// Reads a truth file (`registry_id,response_id[,country]`).
    #[staticmethod]
    fn read(path: PathBuf) -> PyResult<Truth> {
        Ok(Truth { inner: Arc::new(dualcit::Truth::read(&path).map_err(py_err)?) })
    }

    /// A truth table from (registry_id, response_id, country) triples.
    #[staticmethod]
    fn from_pairs(pairs: Vec<(String, String, String)>) -> Truth {
        Truth { inner: Arc::new(dualcit::Truth::from_pairs(pairs)) }
    }

    /// Number of true pairs.
    fn __len__(&self) -> usize {
        self.inner.len()
    }
}

/// Precision, recall, F1, the threshold sweep, calibration and (with `levels`) the
/// ceiling, as JSON. `rows`: (registry_id, response_id, response_country, probability,
/// is_match); `levels`: per row, its level names in field order (the matches' `*_level`
/// columns), or none.
#[pyfunction]
#[pyo3(signature = (truth, rows, levels=None))]
fn evaluate(py: Python<'_>, truth: Py<Truth>, rows: Vec<(String, String, String, f64, bool)>, levels: Option<Vec<Vec<String>>>) -> PyResult<String> {
    let truth = truth.get().inner.clone();
    if levels.as_ref().is_some_and(|l| l.len() != rows.len()) {
        return Err(config_err("levels must have one entry per row".to_string()));
    }
    py.detach(|| {
        let mut scored = Vec::with_capacity(rows.len());
        for (i, (registry_id, response_id, country, probability, is_match)) in rows.into_iter().enumerate() {
            let comparison = match &levels {
                Some(l) => Some(dualcit::Comparison::from_level_names(&l[i]).map_err(|f| {
                    config_err(format!(
                        "matches row {}: `{}` is not a level of {}_level (known: {})",
                        i + 1,
                        l[i].get(f as usize).map_or("", |s| s.as_str()),
                        f.name(),
                        f.levels().join(", ")
                    ))
                })?),
                None => None,
            };
            scored.push(dualcit::ScoredRow { registry_id, response_id, country, probability, is_match, comparison });
        }
        serde_json::to_string(&dualcit::evaluate(&scored, &truth)).map_err(|e| config_err(e.to_string()))
    })
}

/// Links and renders the self-contained HTML analyst report.
#[pyfunction]
#[pyo3(signature = (registry, responses, settings, truth=None, personal_data=false, threads=None))]
fn report_html(
    py: Python<'_>,
    registry: Py<Data>,
    responses: Vec<Py<Data>>,
    settings: Py<Settings>,
    truth: Option<Py<Truth>>,
    personal_data: bool,
    threads: Option<usize>,
) -> PyResult<String> {
    let linker = settings.get().linker(None)?;
    let registry = registry.get().inner.clone();
    let responses: Vec<Dataset> = responses.iter().map(|d| (*d.get().inner).clone()).collect();
    let truth = truth.map(|t| t.get().inner.clone());
    py.detach(|| {
        with_threads(threads, || -> PyResult<String> {
            let result = linker.link(&registry, &responses).map_err(py_err)?;
            let rows = dualcit::dual_citizens(&result.pairs, &result.countries, registry.as_ref(), &responses);
            let summary = dualcit::RunSummary::new(&result, &rows, &registry, &responses);
            let evaluation = truth.as_ref().map(|t| dualcit::evaluate(&result.scored_rows(registry.as_ref(), &responses), t));
            let opts = dualcit::HtmlOptions::default().personal_data(personal_data).thresholds(linker.rules().thresholds);
            Ok(dualcit::render_report(&result, registry.as_ref(), &responses, linker.model(), &summary, evaluation.as_ref(), &opts))
        })
    })?
}

// ---------------------------------------------------------------------------
// The Spark path: shares scored on executors, merged on the driver

/// Indexes loaded on this executor process, by path (loaded once per process).
fn loaded_index(path: &Path) -> PyResult<Arc<RegistryIndex>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Arc<RegistryIndex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(i) = cache.lock().map_err(|_| config_err("index cache poisoned"))?.get(path) {
        return Ok(i.clone());
    }
    let index = Arc::new(RegistryIndex::load(path).map_err(py_err)?);
    cache.lock().map_err(|_| config_err("index cache poisoned"))?.insert(path.to_path_buf(), index.clone());
    Ok(index)
}

/// Reads and scores a share of one answer file against a saved index (phase 1 of the
/// Spark path): `lines` are the rows' lines in the file. Returns the encoded share.
#[pyfunction]
#[pyo3(signature = (index_path, label, batch, lines, default_country=None, on_bad_field="blank", on_bad_date="reject"))]
#[allow(clippy::too_many_arguments)]
fn score_share<'py>(
    py: Python<'py>,
    index_path: PathBuf,
    label: String,
    batch: PyArrowType<RecordBatch>,
    lines: Vec<u64>,
    default_country: Option<&str>,
    on_bad_field: &str,
    on_bad_date: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let opts = read_options(default_country, on_bad_field, on_bad_date, "auto")?;
    let batch = batch.0;
    let bytes = py.detach(|| -> PyResult<Vec<u8>> {
        let index = loaded_index(&index_path)?;
        let headers: Vec<String> = batch.schema().fields().iter().map(|f| f.name().clone()).collect();
        let cols = string_columns(&batch)?;
        let cell = |r: usize, c: usize| cols.get(c).and_then(|col| col.get(r));
        let share =
            index.score_share(&label, &TableRows { headers: &headers, rows: batch.num_rows(), cell: &cell, lines: Some(&lines) }, &opts).map_err(py_err)?;
        share.to_bytes().map_err(py_err)
    })?;
    Ok(PyBytes::new(py, &bytes))
}

/// Merges the scored shares of every answer file (phase 2 on the driver):
/// `(matches, rejects)` exactly as `link` gives them for the whole files.
#[pyfunction]
#[pyo3(signature = (registry, index, settings, files, max_reject_share=Some(0.5)))]
fn merge_shares(
    py: Python<'_>,
    registry: Py<Data>,
    index: Py<Index>,
    settings: Py<Settings>,
    files: Vec<(String, Vec<Vec<u8>>)>,
    max_reject_share: Option<f64>,
) -> PyResult<Batches> {
    let linker = settings.get().linker(None)?;
    let registry = registry.get().inner.clone();
    let index = index.get().inner.clone();
    let out = py.detach(|| -> PyResult<(RecordBatch, RecordBatch, Option<String>, String)> {
        let files = files
            .into_iter()
            .map(|(label, shares)| Ok((label, shares.iter().map(|b| ScoredShare::from_bytes(b)).collect::<dualcit::Result<Vec<_>>>()?)))
            .collect::<dualcit::Result<Vec<_>>>()
            .map_err(py_err)?;
        let merged = linker.merge_shares(&index, files).map_err(py_err)?;
        let registry_rejects = dataset_rejects(std::iter::once(registry.as_ref()));
        let share_rejects = merged.rejects.iter().map(|r| (r.file.clone(), r.line, r.field.clone(), r.reason.clone(), r.row.clone()));
        let rejects = rejects_batch(registry_rejects.chain(share_rejects))?;
        let mut inputs: Vec<&Dataset> = vec![registry.as_ref()];
        let mut responses = merged.responses;
        for d in &mut responses {
            d.summary.rejected = merged.rejects.iter().filter(|r| r.file == d.source && !r.reason.ends_with("field blanked, row kept")).count() as u64;
        }
        inputs.extend(responses.iter());
        let too_many = check_reject_share(&inputs, max_reject_share);
        let matches = matches_batch(&merged.result, registry.as_ref(), &responses)?;
        Ok((matches, rejects, too_many, stats_json(&merged.result.stats)))
    })?;
    if let Some(message) = out.2 {
        let err = config_err(message);
        err.value(py).setattr("rejects", PyArrowType(out.1))?;
        return Err(err);
    }
    Ok((PyArrowType(out.0), PyArrowType(out.1), out.3))
}

// ---------------------------------------------------------------------------
// The Spark path's spread merge: no machine holds every pair (dualcit::SharePlan).

fn batch(fields: Vec<(&str, DataType, bool)>, arrays: Vec<ArrayRef>) -> PyResult<RecordBatch> {
    let schema = Schema::new(fields.into_iter().map(|(n, t, null)| ArrowField::new(n, t, null)).collect::<Vec<_>>());
    RecordBatch::try_new(Arc::new(schema), arrays).map_err(|e| config_err(format!("building a batch: {e}")))
}

fn duplicates_of(ids: Vec<String>, firsts: Vec<u64>) -> dualcit::Duplicates {
    ids.into_iter().zip(firsts).collect()
}

/// Stage 1: a share's ids, lines and whether it accepted the row (id, line, accepted).
#[pyfunction]
fn share_ids(py: Python<'_>, share: Vec<u8>) -> PyResult<PyArrowType<RecordBatch>> {
    let b = py.detach(|| -> PyResult<RecordBatch> {
        let ids = ScoredShare::from_bytes(&share).map_err(py_err)?.ids();
        batch(
            vec![("id", DataType::Utf8, false), ("line", DataType::Int64, false), ("accepted", DataType::Boolean, false)],
            vec![
                Arc::new(StringArray::from_iter_values(ids.iter().map(|i| i.id.as_str()))),
                Arc::new(Int64Array::from_iter_values(ids.iter().map(|i| i.line as i64))),
                Arc::new(BooleanArray::from(ids.iter().map(|i| i.accepted).collect::<Vec<_>>())),
            ],
        )
    })?;
    Ok(PyArrowType(b))
}

/// Stage 2: a share's summary for the plan, the file's repeated ids (`ids`, first lines) left out.
#[pyfunction]
fn share_summary<'py>(py: Python<'py>, share: Vec<u8>, ids: Vec<String>, firsts: Vec<u64>) -> PyResult<Bound<'py, PyBytes>> {
    let bytes = py.detach(|| -> PyResult<Vec<u8>> {
        let dups = duplicates_of(ids, firsts);
        ScoredShare::from_bytes(&share).and_then(|s| s.summary(&dups).to_bytes()).map_err(py_err)
    })?;
    Ok(PyBytes::new(py, &bytes))
}

/// The plan from every share's summary (`summaries`: answer file position, summary).
#[pyfunction]
fn plan_shares<'py>(py: Python<'py>, settings: Py<Settings>, labels: Vec<String>, summaries: Vec<(usize, Vec<u8>)>) -> PyResult<Bound<'py, PyBytes>> {
    let linker = settings.get().linker(None)?;
    let bytes = py.detach(|| -> PyResult<Vec<u8>> {
        let summaries = summaries.iter().map(|(f, b)| Ok((*f, dualcit::ShareSummary::from_bytes(b)?))).collect::<dualcit::Result<Vec<_>>>().map_err(py_err)?;
        linker.plan_shares(labels, &summaries).and_then(|p| p.to_bytes()).map_err(py_err)
    })?;
    Ok(PyBytes::new(py, &bytes))
}

fn plan_of(bytes: &[u8]) -> PyResult<dualcit::SharePlan> {
    dualcit::SharePlan::from_bytes(bytes).map_err(py_err)
}

/// The pairs as a batch: file, line, registry, the graph's two nodes, the probability
/// of a `match` pair (null otherwise), the encoded pair.
fn pairs_batch(pairs: &[dualcit::PlannedPair]) -> PyResult<RecordBatch> {
    let bytes = pairs.iter().map(|p| p.to_bytes()).collect::<dualcit::Result<Vec<_>>>().map_err(py_err)?;
    batch(
        vec![
            ("file", DataType::Int32, false),
            ("line", DataType::Int64, false),
            ("registry", DataType::Int64, false),
            ("response_node", DataType::Int64, false),
            ("person_node", DataType::Int64, false),
            ("match_p", DataType::Float64, true),
            ("pair", DataType::Binary, false),
        ],
        vec![
            Arc::new(Int32Array::from_iter_values(pairs.iter().map(|p| p.file() as i32))),
            Arc::new(Int64Array::from_iter_values(pairs.iter().map(|p| p.line() as i64))),
            Arc::new(Int64Array::from_iter_values(pairs.iter().map(|p| p.registry() as i64))),
            Arc::new(Int64Array::from_iter_values(pairs.iter().map(|p| p.response_node()))),
            Arc::new(Int64Array::from_iter_values(pairs.iter().map(|p| p.person_node()))),
            Arc::new(pairs.iter().map(|p| p.match_probability()).collect::<Float64Array>()),
            Arc::new(BinaryArray::from_iter_values(bytes.iter())),
        ],
    )
}

fn pairs_from(batch: &RecordBatch) -> PyResult<Vec<dualcit::PlannedPair>> {
    let col = batch
        .column_by_name("pair")
        .and_then(|c| c.as_any().downcast_ref::<BinaryArray>())
        .ok_or_else(|| config_err("a pairs batch without its binary 'pair' column"))?;
    (0..col.len()).map(|i| dualcit::PlannedPair::from_bytes(col.value(i))).collect::<dualcit::Result<Vec<_>>>().map_err(py_err)
}

type DecidedBatches = (PyArrowType<RecordBatch>, PyArrowType<RecordBatch>, Vec<u8>);

/// Stage 3: a share of answer file `file` decided pair by pair: (pairs, rejects, tally).
#[pyfunction]
fn decide_share(py: Python<'_>, plan: Vec<u8>, file: usize, share: Vec<u8>, ids: Vec<String>, firsts: Vec<u64>) -> PyResult<DecidedBatches> {
    let (p, r, t) = py.detach(|| -> PyResult<(RecordBatch, RecordBatch, Vec<u8>)> {
        let plan = plan_of(&plan)?;
        let share = ScoredShare::from_bytes(&share).map_err(py_err)?;
        let d = plan.decide_share(file, &share, &duplicates_of(ids, firsts)).map_err(py_err)?;
        let rj = &d.rejects;
        let rejects = batch(
            vec![
                ("file_no", DataType::Int32, false),
                ("line", DataType::Int64, false),
                ("kind", DataType::Int32, false),
                ("seq", DataType::Int32, false),
                ("file", DataType::Utf8, false),
                ("field", DataType::Utf8, false),
                ("reason", DataType::Utf8, false),
                ("row", DataType::Utf8, false),
            ],
            vec![
                Arc::new(Int32Array::from_iter_values(rj.iter().map(|_| file as i32))),
                Arc::new(Int64Array::from_iter_values(rj.iter().map(|(k, _)| k.0 as i64))),
                Arc::new(Int32Array::from_iter_values(rj.iter().map(|(k, _)| k.1 as i32))),
                Arc::new(Int32Array::from_iter_values(rj.iter().map(|(k, _)| k.2 as i32))),
                Arc::new(StringArray::from_iter_values(rj.iter().map(|(_, r)| r.file.as_str()))),
                Arc::new(StringArray::from_iter_values(rj.iter().map(|(_, r)| r.field.as_str()))),
                Arc::new(StringArray::from_iter_values(rj.iter().map(|(_, r)| r.reason.as_str()))),
                Arc::new(StringArray::from_iter_values(rj.iter().map(|(_, r)| r.row.as_str()))),
            ],
        )?;
        Ok((pairs_batch(&d.pairs)?, rejects, d.tally.to_bytes().map_err(py_err)?))
    })?;
    Ok((PyArrowType(p), PyArrowType(r), t))
}

/// Rows read, accepted and rejected in a tally.
#[pyfunction]
fn tally_rows(tally: Vec<u8>) -> PyResult<(u64, u64, u64)> {
    Ok(dualcit::SpreadTally::from_bytes(&tally).map_err(py_err)?.rows())
}

/// The precision target's match threshold from the `match` probabilities grouped by value.
#[pyfunction]
fn precision_floor(plan: Vec<u8>, values: Vec<f64>, counts: Vec<u64>) -> PyResult<Option<f64>> {
    let groups: Vec<(f64, u64)> = values.into_iter().zip(counts).collect();
    Ok(plan_of(&plan)?.precision_floor(&groups))
}

/// The pairs of a batch by connected component (its `label` column), in label order.
fn components_of(batch: &RecordBatch) -> PyResult<Vec<(i64, Vec<dualcit::PlannedPair>)>> {
    let labels = batch
        .column_by_name("label")
        .and_then(|c| c.as_any().downcast_ref::<Int64Array>())
        .ok_or_else(|| config_err("a pairs batch without its int64 'label' column"))?;
    let mut by: std::collections::BTreeMap<i64, Vec<dualcit::PlannedPair>> = std::collections::BTreeMap::new();
    for (i, p) in pairs_from(batch)?.into_iter().enumerate() {
        by.entry(labels.value(i)).or_default().push(p);
    }
    Ok(by.into_iter().collect())
}

fn with_label(b: RecordBatch, labels: Vec<i64>) -> PyResult<RecordBatch> {
    let mut fields: Vec<ArrowField> = vec![ArrowField::new("label", DataType::Int64, false)];
    fields.extend(b.schema().fields().iter().map(|f| f.as_ref().clone()));
    let mut arrays: Vec<ArrayRef> = vec![Arc::new(Int64Array::from(labels))];
    arrays.extend(b.columns().iter().cloned());
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| config_err(format!("building a batch: {e}")))
}

/// Stage 4: the connected components of a batch (a bucket of them: `label` names each)
/// under the one-to-one rule, each apart: (pairs with their label, tally).
#[pyfunction]
#[pyo3(signature = (plan, floor, pairs))]
fn decide_components(py: Python<'_>, plan: Vec<u8>, floor: Option<f64>, pairs: PyArrowType<RecordBatch>) -> PyResult<(PyArrowType<RecordBatch>, Vec<u8>)> {
    let pairs = pairs.0;
    let (b, t) = py.detach(|| -> PyResult<(RecordBatch, Vec<u8>)> {
        let plan = plan_of(&plan)?;
        let mut tally = dualcit::SpreadTally::default();
        let (mut out, mut labels) = (Vec::new(), Vec::new());
        for (label, component) in components_of(&pairs)? {
            let (decided, t) = plan.decide_component(component, floor);
            tally.merge(&t);
            labels.extend(std::iter::repeat_n(label, decided.len()));
            out.extend(decided);
        }
        Ok((with_label(pairs_batch(&out)?, labels)?, tally.to_bytes().map_err(py_err)?))
    })?;
    Ok((PyArrowType(b), t))
}

/// Stage 5: the final rows of a batch of whole connected components (the matches
/// columns without the registry's carried ones, then the `_file`, `_line`, `_registry`
/// sort keys), and their tally. Finishing touches each pair and each answer alone, so
/// the components of a batch are finished together.
#[pyfunction]
#[pyo3(signature = (plan, index_path, floor, pairs))]
fn finish_components(
    py: Python<'_>,
    plan: Vec<u8>,
    index_path: PathBuf,
    floor: Option<f64>,
    pairs: PyArrowType<RecordBatch>,
) -> PyResult<(PyArrowType<RecordBatch>, Vec<u8>)> {
    let pairs = pairs.0;
    let (b, t) = py.detach(|| -> PyResult<(RecordBatch, Vec<u8>)> {
        let plan = plan_of(&plan)?;
        let index = loaded_index(&index_path)?;
        let rows = dualcit::IndexRegistryRows::new(&index);
        let done = plan.finish_component(pairs_from(&pairs)?, floor, &index);
        let m = matches_batch(&done.result, &rows, &done.responses)?;
        let keys: Vec<(i32, i64, i64)> = done
            .result
            .pairs
            .iter()
            .map(|p| (p.response_file as i32, done.responses[p.response_file as usize].records[p.response as usize].line as i64, p.registry as i64))
            .collect();
        let mut fields: Vec<ArrowField> = m.schema().fields().iter().map(|f| f.as_ref().clone()).collect();
        let mut arrays: Vec<ArrayRef> = m.columns().to_vec();
        fields.push(ArrowField::new("_file", DataType::Int32, false));
        arrays.push(Arc::new(Int32Array::from_iter_values(keys.iter().map(|k| k.0))));
        fields.push(ArrowField::new("_line", DataType::Int64, false));
        arrays.push(Arc::new(Int64Array::from_iter_values(keys.iter().map(|k| k.1))));
        fields.push(ArrowField::new("_registry", DataType::Int64, false));
        arrays.push(Arc::new(Int64Array::from_iter_values(keys.iter().map(|k| k.2))));
        let b = RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| config_err(format!("building the matches table: {e}")))?;
        Ok((b, done.tally.to_bytes().map_err(py_err)?))
    })?;
    Ok((PyArrowType(b), t))
}

/// The run's stats (JSON, as `link` gives them) from the parts of a spread merge.
#[pyfunction]
#[pyo3(signature = (settings, index, plan, summaries, tallies, floor1, floor2))]
#[allow(clippy::too_many_arguments)]
fn spread_stats(
    py: Python<'_>,
    settings: Py<Settings>,
    index: Py<Index>,
    plan: Vec<u8>,
    summaries: Vec<(usize, Vec<u8>)>,
    tallies: Vec<Vec<u8>>,
    floor1: Option<f64>,
    floor2: Option<f64>,
) -> PyResult<String> {
    let linker = settings.get().linker(None)?;
    let index = index.get().inner.clone();
    py.detach(|| -> PyResult<String> {
        let plan = plan_of(&plan)?;
        let summaries = summaries.iter().map(|(f, b)| Ok((*f, dualcit::ShareSummary::from_bytes(b)?))).collect::<dualcit::Result<Vec<_>>>().map_err(py_err)?;
        let tallies = tallies.iter().map(|b| dualcit::SpreadTally::from_bytes(b)).collect::<dualcit::Result<Vec<_>>>().map_err(py_err)?;
        Ok(stats_json(&linker.spread_stats(&index, &plan, &summaries, &tallies, [floor1, floor2])))
    })
}

/// The registry's carried columns by position (`_registry`, then `registry.<name>`).
#[pyfunction]
fn registry_extras(registry: Py<Data>) -> PyResult<PyArrowType<RecordBatch>> {
    let d = registry.get().inner.clone();
    let mut fields = vec![("_registry".to_string(), DataType::Int64, false)];
    let mut arrays: Vec<ArrayRef> = vec![Arc::new(Int64Array::from_iter_values(0..d.records.len() as i64))];
    for (c, name) in d.extra_columns.iter().enumerate() {
        fields.push((format!("registry.{name}"), DataType::Utf8, false));
        arrays.push(Arc::new(StringArray::from_iter_values(d.records.iter().map(|r| r.extra.get(c).map_or("", String::as_str)))));
    }
    batch(fields.iter().map(|(n, t, b)| (n.as_str(), t.clone(), *b)).collect(), arrays).map(PyArrowType)
}

/// The matches columns of a run, in order (the registry's carried ones included).
#[pyfunction]
fn matches_columns(registry: Py<Data>, plan: Vec<u8>) -> PyResult<Vec<String>> {
    let plan = plan_of(&plan)?;
    let responses: Vec<Dataset> =
        plan.labels().iter().zip(plan.extra_columns()).map(|(l, c)| Dataset { source: l.clone(), extra_columns: c.clone(), ..Default::default() }).collect();
    Ok(dualcit::match_columns(registry.get().inner.as_ref(), &responses))
}

/// The Rust extension of the `dualcit` package.
#[pymodule]
fn _dualcit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("DualcitError", m.py().get_type::<DualcitError>())?;
    m.add_class::<Data>()?;
    m.add_class::<Settings>()?;
    m.add_class::<Index>()?;
    m.add_class::<Truth>()?;
    m.add_function(wrap_pyfunction!(read_file, m)?)?;
    m.add_function(wrap_pyfunction!(read_batch, m)?)?;
    m.add_function(wrap_pyfunction!(link, m)?)?;
    m.add_function(wrap_pyfunction!(rejects_of, m)?)?;
    m.add_function(wrap_pyfunction!(input_warnings, m)?)?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(describe_name, m)?)?;
    m.add_function(wrap_pyfunction!(train, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(report_html, m)?)?;
    m.add_function(wrap_pyfunction!(score_share, m)?)?;
    m.add_function(wrap_pyfunction!(merge_shares, m)?)?;
    for f in [
        wrap_pyfunction!(share_ids, m)?,
        wrap_pyfunction!(share_summary, m)?,
        wrap_pyfunction!(plan_shares, m)?,
        wrap_pyfunction!(decide_share, m)?,
        wrap_pyfunction!(tally_rows, m)?,
        wrap_pyfunction!(precision_floor, m)?,
        wrap_pyfunction!(decide_components, m)?,
        wrap_pyfunction!(finish_components, m)?,
        wrap_pyfunction!(spread_stats, m)?,
        wrap_pyfunction!(registry_extras, m)?,
        wrap_pyfunction!(matches_columns, m)?,
    ] {
        m.add_function(f)?;
    }
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
