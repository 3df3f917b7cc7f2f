//! The dualcit command line: parses flags, opens files, calls the library,
//! and maps errors to exit codes. All matching logic lives in the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::{anyhow, bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use dualcit::{BlockingPass, Dataset, IdStatus, Linker, Model, PairOutcome, RunSummary, Thresholds, Warning};
use dualcit::{DecisionPolicy, ReviewReason};
use dualcit::{InputEncoding, OnBadField, OutputFormat, ReadOptions, DEFAULT_MAX_REJECT_SHARE};

/// mimalloc (built without transparent huge pages, which cost peak memory here):
/// reading a registry allocates and frees a few strings a row, and glibc's allocator
/// was a tenth of a run's samples (perf, 200k × 50k). The library sets no allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "dualcit/attack.rs"]
mod attack;
#[path = "dualcit/pprl.rs"]
mod pprl;

#[derive(Parser)]
#[command(
    name = "dualcit",
    version,
    about = "Find likely dual citizens: link a population registry with CIS partner-state responses across scripts and romanizations."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Link a registry with one or more response files and write explained matches.
    Match(MatchArgs),
    /// Show the field-by-field evidence for one registry record and one response record, and what a
    /// `match` run over the same inputs and settings decides about the pair (and why).
    Explain(ExplainArgs),
    /// Encode a registry or an answers file as keyed encodings (no names or birth dates in the
    /// clear) for privacy-preserving linkage; `match --encoded` links them.
    Encode(pprl::EncodeArgs),
    /// The attack harness: encode a plaintext file under a random secret and measure how many
    /// records a frequency attack and a graph-matching attack (own key, fully overlapping
    /// plaintext) re-identify, per hardening.
    Attack(attack::AttackArgs),
    /// Show what the engine sees in a name (script, canonical form, skeleton, keys).
    /// Reads one name per line from stdin when no name is given.
    Normalize {
        /// Names to normalize.
        names: Vec<String>,
    },
    /// The analysts' benchmark: generate data, run the whole match job, and print per-stage
    /// throughput, pairs, wall time, peak memory and precision/recall/F1.
    Bench(BenchArgs),
    /// Write a synthetic registry, partner-state responses and the truth (benchmark and evaluation data).
    Generate {
        /// Directory to write registry.csv, responses_<cc>.csv and truth.csv into.
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
        /// Registry persons.
        #[arg(long, default_value_t = 100_000)]
        registry_size: usize,
        /// Response records over all answering countries.
        #[arg(long, default_value_t = 25_000)]
        responses_size: usize,
        /// Seed: the same seed and sizes give byte-identical files.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Answering countries, comma-separated (default RU,UA,BY,UZ,KG).
        #[arg(long, value_delimiter = ',')]
        countries: Option<Vec<String>>,
        /// A JSON file with generator settings (error rates, shares); flags override it.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Generator profile: `default` (the data the engine's model was estimated on) or
        /// `stress` (held-out data built otherwise: other name frequencies, error rates and
        /// a quarter look-alikes; also writes lookalikes.csv). The --config file overrides
        /// the profile's settings field by field.
        #[arg(long, value_enum)]
        profile: Option<dualcit_synth::Profile>,
    },
    /// Estimate a model on your data (u by random sampling, m by EM or from a truth file) and write it as JSON.
    Train {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        fields: FieldArgs,
        /// Where to write the model.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Truth file: take m from these labelled pairs instead of EM.
        #[arg(long, value_name = "FILE")]
        truth: Option<PathBuf>,
        /// Random pairs compared to estimate u.
        #[arg(long, default_value_t = 1_000_000)]
        u_samples: usize,
        /// Seed of the sampling.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Blocking diagnostics: pairs, new pairs, caps, largest blocks, reduction ratio and,
    /// with --truth, the share of true pairs each pass brings to scoring.
    Blocks {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        fields: FieldArgs,
        /// Truth file: registry_id,response_id[,response_country].
        #[arg(long, value_name = "FILE")]
        truth: Option<PathBuf>,
        #[arg(long, value_delimiter = ',', value_name = "PASS", help = passes_help())]
        passes: Option<Vec<String>>,
        /// Also write the report as JSON here.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Also show each pass's largest blocks by key: the id of a registry record under
        /// the key and its values of the parts the key is made of (personal data; also in
        /// --json as `hot_blocks`).
        #[arg(long)]
        show_data: bool,
    },
    /// Score a matches file against a truth file: precision, recall, F1, per country, calibration.
    Evaluate {
        /// Truth file: registry_id,response_id[,response_country].
        #[arg(long, value_name = "FILE")]
        truth: PathBuf,
        /// Matches file written by `dualcit match` (CSV).
        #[arg(long, value_name = "FILE")]
        matches: PathBuf,
        /// Also write the evaluation as JSON here.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
    },
}

#[derive(Args)]
struct InputArgs {
    /// The registry file (CSV or JSON Lines).
    #[arg(long, value_name = "FILE")]
    registry: PathBuf,
    /// A response file; `CC=FILE` sets its answering country (ISO alpha-2) for rows without one.
    #[arg(long = "responses", value_name = "[CC=]FILE", required = true)]
    responses: Vec<String>,
    /// Input encoding: auto, utf-8, cp1251, koi8-r, utf-16.
    #[arg(long, default_value = "auto")]
    encoding: InputEncoding,
    /// Country of registry rows without a country column.
    #[arg(long, default_value = "KZ", value_name = "CC")]
    registry_country: String,
    /// A model file written by `dualcit train` (default: the shipped model).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
}

/// What to do with invalid fields (every command that reads inputs).
#[derive(Args, Clone, Copy)]
struct FieldArgs {
    /// An invalid IIN (length, check digit), document number or sex code: `blank` leaves the field empty, keeps the person and lists the field in the rejects file as a note; `reject` rejects the row.
    #[arg(long, value_enum, default_value = "blank", value_name = "WHAT")]
    on_bad_field: BadField,
    /// An invalid birth date (31.02.1980): `reject` rejects the row; `blank` keeps the person without a date and lists it as a note.
    #[arg(long, value_enum, default_value = "reject", value_name = "WHAT")]
    on_bad_date: BadField,
}

impl FieldArgs {
    /// Read options with these field policies.
    fn read_options(self, encoding: InputEncoding) -> ReadOptions {
        ReadOptions::default().encoding(encoding).on_bad_field(self.on_bad_field.into()).on_bad_date(self.on_bad_date.into())
    }
}

impl Default for FieldArgs {
    fn default() -> Self {
        FieldArgs { on_bad_field: BadField::Blank, on_bad_date: BadField::Reject }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum BadField {
    Reject,
    Blank,
}

impl From<BadField> for OnBadField {
    fn from(b: BadField) -> OnBadField {
        match b {
            BadField::Reject => OnBadField::Reject,
            BadField::Blank => OnBadField::Blank,
        }
    }
}

/// The decision rules: `match` and `explain` take the same, so that explain decides as match does.
#[derive(Args)]
struct RuleArgs {
    /// Probability at or above which a pair is a `match` (default: the model's).
    #[arg(long, value_name = "P")]
    match_threshold: Option<f64>,
    /// Probability at or above which a pair is written for `review` (default: the model's).
    #[arg(long, value_name = "P")]
    review_threshold: Option<f64>,
    #[arg(long, value_delimiter = ',', value_name = "PASS", help = passes_help())]
    passes: Option<Vec<String>>,
    #[command(flatten)]
    policy: PolicyArgs,
}

/// `--passes` help, from the passes the code runs by default.
fn passes_help() -> String {
    let default: Vec<&str> = dualcit::DEFAULT_PASSES.iter().map(|p| p.name()).collect();
    format!("Blocking passes, comma-separated (default, in this order: {}; known: {})", default.join(","), BlockingPass::names().join(", "))
}

/// `--threads`: at least one worker.
fn threads(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1 (leave --threads out to use every core)".into()),
        Ok(n) => Ok(n),
        Err(_) => Err("not a whole number".into()),
    }
}

/// `--max-reject-share`: a share between 0 and 1.
fn share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err("must be a share between 0 and 1 (0.5 = half the rows)".into()),
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Jsonl,
}

#[derive(Args)]
struct MatchArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    fields: FieldArgs,
    #[command(flatten)]
    rules: RuleArgs,
    /// Where to write the matches.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Format of the matches file.
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Where to write rejected input rows (default: next to --out, `<out>.rejects.csv`).
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,
    /// Write the dual-citizen report here: one row per registry person with matched answers.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Write run statistics (counts, blocking, timings) as JSON here.
    #[arg(long, value_name = "FILE")]
    stats: Option<PathBuf>,
    /// Write the analyst's report here: one self-contained HTML file (inputs, blocking, scores, model, explained pairs).
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Show names and birth dates of the sampled pairs in the HTML report (default: ids, levels and weights only).
    #[arg(long, requires = "html")]
    html_personal_data: bool,
    /// Known true pairs (registry_id,response_id[,response_country]): the HTML report then shows precision, recall and F1.
    #[arg(long, value_name = "FILE", requires = "html")]
    truth: Option<PathBuf>,
    /// Stop with exit code 3, after writing the rejects file and before matching, when an input file has more than this share of its rows rejected (it is most likely in another layout or encoding than it seems).
    #[arg(long, value_name = "SHARE", default_value_t = DEFAULT_MAX_REJECT_SHARE, value_parser = share)]
    max_reject_share: f64,
    /// Worker threads (at least 1; default: all cores). Output does not depend on it.
    #[arg(long, value_name = "N", value_parser = threads)]
    threads: Option<usize>,
    /// No progress bars and no summary (warnings and errors are still printed).
    #[arg(long, short)]
    quiet: bool,
    /// The responses (and the registry, unless --secret-file encodes a plaintext one here) are
    /// encoded files written by `dualcit encode`: link them without names or birth dates.
    #[arg(long)]
    encoded: bool,
    /// With --encoded: the shared secret (a file), to open sealed files and to encode a
    /// plaintext registry here.
    #[arg(long, value_name = "FILE", requires = "encoded")]
    secret_file: Option<PathBuf>,
}

/// The decision policy: which contradictions forbid an automatic `match`.
#[derive(Args, Clone, Default)]
struct PolicyArgs {
    /// `strict`: a pair that contradicts the registry person on a field (another surname,
    /// a woman's changed surname, given names that differ or are only similar, another
    /// father's name, a date far off, another sex or IIN) is `review` with the
    /// contradiction as its reason, whatever its probability. `score`: the probability
    /// alone decides.
    #[arg(long, value_enum, default_value = "strict")]
    policy: PolicyName,
    /// Contradictions the strict policy lets through, comma-separated (e.g. surname_changed
    /// where marriages are confirmed elsewhere).
    #[arg(long, value_delimiter = ',', value_name = "REASON")]
    allow: Vec<String>,
    /// The least expected precision (mean probability) of the run's `match` decisions:
    /// where the pairs at or above the match threshold would fall below it, the run raises
    /// its match threshold until they do not (those left out are `review`,
    /// `below_precision_target`). 0 turns it off
    #[arg(long, value_name = "P", default_value_t = dualcit::DEFAULT_PRECISION_TARGET)]
    precision_target: f64,
}

#[derive(Clone, Copy, Default, ValueEnum)]
enum PolicyName {
    #[default]
    Strict,
    Score,
}

impl PolicyArgs {
    fn policy(&self) -> anyhow::Result<DecisionPolicy> {
        let mut policy = match self.policy {
            PolicyName::Strict => DecisionPolicy::strict(),
            PolicyName::Score => DecisionPolicy::score_only(),
        };
        for name in &self.allow {
            let known = || ReviewReason::CONTRADICTIONS.iter().map(|r| r.name()).collect::<Vec<_>>().join(", ");
            let r = ReviewReason::from_name(name.trim()).filter(|r| ReviewReason::CONTRADICTIONS.contains(r));
            let r = r.ok_or_else(|| anyhow!("unknown contradiction '{name}' for --allow (known: {})", known()))?;
            policy = policy.allow(r);
        }
        Ok(policy)
    }
}

#[derive(Args)]
struct BenchArgs {
    /// Registry persons to generate.
    #[arg(long, default_value_t = 200_000)]
    registry_size: usize,
    /// Response records to generate (over five answering states).
    #[arg(long, default_value_t = 50_000)]
    responses_size: usize,
    /// Generator seed.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Worker threads (at least 1; default: all cores).
    #[arg(long, value_name = "N", value_parser = threads)]
    threads: Option<usize>,
    /// Model file (default: the shipped model).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Keep the generated data and outputs in this directory (default: a temporary one, removed).
    #[arg(long, value_name = "DIR")]
    keep_dir: Option<PathBuf>,
    /// Also write the figures as JSON here.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Generator profiles to run: `default`, `stress` (look-alikes at hard rates, other
    /// errors and name frequencies), or `both`.
    #[arg(long, value_enum, default_value = "both")]
    profile: BenchProfiles,
    /// With both profiles: also estimate a model from labels on each profile and evaluate
    /// it on the other (the cross-profile check).
    #[arg(long)]
    cross_profile: bool,
    #[command(flatten)]
    policy: PolicyArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum BenchProfiles {
    Default,
    Stress,
    Both,
}

/// One generator profile of the benchmark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum BenchProfile {
    Default,
    Stress,
}

impl BenchProfile {
    fn name(self) -> &'static str {
        match self {
            BenchProfile::Default => "default",
            BenchProfile::Stress => "stress",
        }
    }
}

#[derive(Args)]
struct ExplainArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    fields: FieldArgs,
    #[command(flatten)]
    rules: RuleArgs,
    /// Id of the registry record.
    registry_id: String,
    /// Id of the response record.
    response_id: String,
    /// Also print the two records' names and dates (personal data).
    #[arg(long)]
    show_data: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Match(a) => run_match(a),
        Command::Encode(a) => pprl::run_encode(a),
        Command::Attack(a) => attack::run_attack(a),
        Command::Bench(a) => run_bench(a),
        Command::Explain(a) => run_explain(a),
        Command::Normalize { names } => run_normalize(names),
        Command::Generate { out_dir, registry_size, responses_size, seed, countries, config, profile } => {
            run_generate(&out_dir, registry_size, responses_size, seed, countries, config.as_deref(), profile)
        }
        Command::Train { input, fields, out, truth, u_samples, seed } => run_train(&input, fields, &out, truth.as_deref(), u_samples, seed),
        Command::Blocks { input, fields, truth, passes, json, show_data } => {
            run_blocks(&input, fields, truth.as_deref(), passes.as_deref(), json.as_deref(), show_data)
        }
        Command::Evaluate { truth, matches, json } => run_evaluate(&truth, &matches, json.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)) {
                return ExitCode::SUCCESS;
            }
            eprintln!("dualcit: error: {}", message(&e));
            ExitCode::from(e.chain().find_map(|c| c.downcast_ref::<Exit>()).map_or(1, |x| x.code))
        }
    }
}

/// The error and its causes, each said once, OS errors in plain words.
fn message(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => dualcit::plain_io(io),
            None => cause.to_string(),
        };
        // A cause whose text the previous one already contains adds nothing.
        if !parts.last().is_some_and(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

/// An error that ends the run with its own exit code (2: usage, 3: a mostly rejected input).
#[derive(Debug)]
struct Exit {
    code: u8,
    message: String,
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Exit {}

/// `println!` that returns the error instead of panicking when stdout is gone (`dualcit
/// evaluate … | head`): `main` ends a run whose reader closed the pipe quietly.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($t)*)?;
    }};
}

/// `print!` of the same kind.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($t)*)?;
    }};
}

/// A usage error: exit code 2, like a bad flag.
fn usage(message: impl Into<String>) -> anyhow::Error {
    Exit { code: 2, message: message.into() }.into()
}

/// Refuses outputs that would overwrite an input or each other (exit 2), before anything is read.
fn check_outputs(inputs: &[(&str, &Path)], outputs: &[(&str, &Path)]) -> anyhow::Result<()> {
    dualcit::check_outputs(inputs, outputs).map_err(|e| usage(e.to_string()))
}

/// The response files named by `--responses [CC=]FILE`: (country, path).
fn response_specs(a: &InputArgs) -> Vec<(Option<String>, PathBuf)> {
    a.responses
        .iter()
        .map(|spec| match spec.split_once('=') {
            Some((cc, p)) if cc.len() == 2 && cc.chars().all(|c| c.is_ascii_alphabetic()) => (Some(cc.to_ascii_uppercase()), PathBuf::from(p)),
            _ => (None, PathBuf::from(spec)),
        })
        .collect()
}

/// Every file a command reads, with the flag that names it.
fn input_paths<'a>(a: &'a InputArgs, specs: &'a [(Option<String>, PathBuf)], truth: Option<&'a Path>) -> Vec<(&'static str, &'a Path)> {
    let mut v: Vec<(&'static str, &Path)> = vec![("--registry", &a.registry)];
    v.extend(specs.iter().map(|(_, p)| ("--responses", p.as_path())));
    v.extend(a.model.as_deref().map(|p| ("--model", p)));
    v.extend(truth.map(|p| ("--truth", p)));
    v
}

fn load_model(path: &Option<PathBuf>) -> anyhow::Result<Model> {
    Ok(match path {
        Some(p) => Model::load(p)?,
        None => Model::default(),
    })
}

/// Reads the registry and every response file.
fn read_inputs(a: &InputArgs, f: FieldArgs) -> anyhow::Result<(Dataset, Vec<Dataset>)> {
    let registry = dualcit::read_path(&a.registry, &registry_options(a, f))?;
    Ok((registry, read_responses(a, f)?))
}

fn registry_options(a: &InputArgs, f: FieldArgs) -> ReadOptions {
    response_options(a, f, None).default_country(a.registry_country.clone())
}

fn response_options(a: &InputArgs, f: FieldArgs, country: Option<String>) -> ReadOptions {
    let opts = f.read_options(a.encoding);
    match country {
        Some(c) => opts.default_country(c),
        None => opts,
    }
}

/// Reads every response file.
fn read_responses(a: &InputArgs, f: FieldArgs) -> anyhow::Result<Vec<Dataset>> {
    let mut responses = Vec::new();
    for (country, path) in response_specs(a) {
        responses.push(dualcit::read_path(&path, &response_options(a, f, country))?);
    }
    Ok(responses)
}

/// What the inputs say about themselves and each other that looks like a
/// mistake: headers one slip from a known name, unknown country codes,
/// answers for the registry's own country.
fn input_warnings(a: &InputArgs, registry: &Dataset, responses: &[Dataset]) -> Vec<Warning> {
    let mut w: Vec<Warning> = std::iter::once(registry).chain(responses).flat_map(|d| d.warnings.iter().cloned()).collect();
    w.extend(dualcit::answers_for_the_registry_country(&a.registry_country.to_ascii_uppercase(), responses));
    w
}

/// Warnings go to stderr, one a line, whatever `--quiet` says: they catch mistakes.
fn print_warnings(warnings: &[Warning]) {
    for w in warnings {
        eprintln!("dualcit: warning: {w}");
    }
}

/// Builds a linker from the shared flags.
fn make_linker(
    model: Model,
    match_threshold: Option<f64>,
    review_threshold: Option<f64>,
    passes: Option<&[String]>,
    progress: bool,
    policy: &PolicyArgs,
) -> anyhow::Result<Linker> {
    let mut builder = Linker::builder();
    builder.policy(policy.policy()?);
    builder.precision_target(policy.precision_target);
    let mut thresholds: Thresholds = model.thresholds;
    builder.model(model);
    if let Some(t) = match_threshold {
        thresholds.match_probability = t;
    }
    if let Some(t) = review_threshold {
        thresholds.review_probability = t;
    }
    builder.thresholds(thresholds);
    if let Some(names) = passes {
        builder.passes(&parse_passes(names)?);
    }
    if progress {
        builder.progress(Arc::new(Bars::default()));
    }
    Ok(builder.build()?)
}

/// What one end-to-end match run did, for the summary and the benchmark.
struct MatchRun {
    registry: dualcit::IndexedRegistry,
    responses: Vec<Dataset>,
    stats: dualcit::LinkStats,
    /// The counts every output of the run states.
    summary: RunSummary,
    warnings: Vec<Warning>,
    read: std::time::Duration,
    write: std::time::Duration,
    rejects_path: PathBuf,
}

/// What `--html` asks for.
struct HtmlRequest<'a> {
    path: &'a Path,
    personal_data: bool,
    truth: Option<&'a dualcit::Truth>,
}

/// Reads, links and writes with the default field handling and no reject
/// limit (the benchmark's job).
fn match_files(
    linker: &Linker,
    input: &InputArgs,
    out: &Path,
    format: OutputFormat,
    rejects: Option<&Path>,
    report: Option<&Path>,
    html: Option<&HtmlRequest<'_>>,
) -> anyhow::Result<MatchRun> {
    let rejects = rejects.map(Path::to_path_buf).unwrap_or_else(|| sibling(out, "rejects.csv"));
    run_job(&Job { linker, input, fields: FieldArgs::default(), out, format, rejects, report, html, max_reject_share: 1.0, warn: false, truth_path: None })
}

/// The whole `match` job, as the flags describe it.
struct Job<'a> {
    linker: &'a Linker,
    input: &'a InputArgs,
    fields: FieldArgs,
    out: &'a Path,
    format: OutputFormat,
    rejects: PathBuf,
    report: Option<&'a Path>,
    html: Option<&'a HtmlRequest<'a>>,
    max_reject_share: f64,
    /// Print warnings as they are found.
    warn: bool,
    /// The truth file, to name it in warnings.
    truth_path: Option<&'a Path>,
}

/// Reads, links and writes: the whole `match` job. Every count the outputs
/// state comes from one `RunSummary`.
fn run_job(job: &Job<'_>) -> anyhow::Result<MatchRun> {
    let Job { linker, input, fields, out, format, .. } = *job;
    // The registry streams into the compact index (its raw rows are never all
    // in memory); reading it includes normalizing its names.
    let t_read = std::time::Instant::now();
    // The answer files are read while the registry streams (the registry's error,
    // if any, is reported first, as when they were read one after the other).
    let (streamed, responses) =
        rayon::join(|| dualcit::read_registry(&input.registry, &registry_options(input, fields), linker.index_builder()), || read_responses(input, fields));
    let (streamed, responses) = (streamed?, responses?);
    let read = t_read.elapsed();
    let mut warnings = input_warnings(input, &streamed.read, &responses);
    let write_rejects = |registry: &Dataset| {
        let all = std::iter::once(registry).chain(&responses).flat_map(Dataset::rejects_and_notes);
        dualcit::write_atomically(&job.rejects, |w| dualcit::write_rejects(w, all))
    };
    // A file mostly rejected is most likely read the wrong way: stop before matching (exit 3).
    if let Some(d) = std::iter::once(&streamed.read).chain(&responses).find(|d| d.summary.rejected_share() > job.max_reject_share) {
        if job.warn {
            print_warnings(&warnings);
        }
        write_rejects(&streamed.read)?;
        let s = &d.summary;
        return Err(Exit {
            code: 3,
            message: format!(
                "{}: {} of {} rows rejected ({:.0}%), more than --max-reject-share {}; the rejected rows and why are in {}; no matches written (check the file's columns and --encoding, or raise --max-reject-share)",
                s.file,
                s.rejected,
                s.read,
                s.rejected_share() * 100.0,
                job.max_reject_share,
                job.rejects.display()
            ),
        }
        .into());
    }
    let t_index = std::time::Instant::now();
    let registry = streamed.finish();
    let index_time = t_index.elapsed();
    if let Some(t) = job.html.and_then(|h| h.truth) {
        let label = input_truth_label(job);
        warnings.extend(dualcit::truth_coverage(t, &label, &|id| registry.index.contains(id), &responses));
    }
    if job.warn {
        print_warnings(&warnings);
    }
    let mut result = linker.link_with_index(&registry.index, &responses)?;
    result.stats.timings.index = index_time;
    let rows = dualcit::dual_citizens(&result.pairs, &result.countries, &registry, &responses);
    let summary = RunSummary::new(&result, &rows, &registry.read, &responses);
    let t_write = std::time::Instant::now();
    dualcit::write_atomically(out, |w| dualcit::write_matches(w, format, &result, &registry, &responses))?;
    write_rejects(&registry.read)?;
    if let Some(p) = job.report {
        dualcit::write_atomically(p, |w| dualcit::write_dual_citizens(w, &rows))?;
    }
    if let Some(h) = job.html {
        let evaluation = h.truth.map(|t| dualcit::evaluate(&result.scored_rows(&registry, &responses), t));
        let opts = dualcit::HtmlOptions::default().personal_data(h.personal_data).thresholds(linker.rules().thresholds);
        let page = dualcit::render_report(&result, &registry, &responses, linker.model(), &summary, evaluation.as_ref(), &opts);
        dualcit::write_atomically(h.path, |w| w.write_all(page.as_bytes()))?;
    }
    Ok(MatchRun { registry, responses, stats: result.stats, summary, warnings, read, write: t_write.elapsed(), rejects_path: job.rejects.clone() })
}

/// The truth file as named in warnings.
fn input_truth_label(job: &Job<'_>) -> String {
    job.truth_path.map_or_else(|| "--truth".to_string(), |p| p.display().to_string())
}

fn run_match(a: MatchArgs) -> anyhow::Result<()> {
    // Nothing is read before the outputs are known not to overwrite an input or each other.
    let specs = response_specs(&a.input);
    let rejects = a.rejects.clone().unwrap_or_else(|| sibling(&a.out, "rejects.csv"));
    let rejects_role = if a.rejects.is_some() { "--rejects" } else { "the rejects file (default of --rejects)" };
    let mut outputs = vec![("--out", a.out.as_path()), (rejects_role, rejects.as_path())];
    outputs.extend(a.report.as_deref().map(|p| ("--report", p)));
    outputs.extend(a.html.as_deref().map(|p| ("--html", p)));
    outputs.extend(a.stats.as_deref().map(|p| ("--stats", p)));
    let mut inputs = input_paths(&a.input, &specs, a.truth.as_deref());
    inputs.extend(a.secret_file.as_deref().map(|p| ("--secret-file", p)));
    check_outputs(&inputs, &outputs)?;
    if let Some(n) = a.threads {
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().context("setting up worker threads")?;
    }
    let started = std::time::Instant::now();
    let model = load_model(&a.input.model)?;
    let show_progress = !a.quiet && std::io::stderr().is_terminal();
    let linker = make_linker(model, a.rules.match_threshold, a.rules.review_threshold, a.rules.passes.as_deref(), show_progress, &a.rules.policy)?;
    let format = match a.format {
        Format::Csv => OutputFormat::Csv,
        Format::Jsonl => OutputFormat::JsonLines,
    };
    if a.encoded {
        return pprl::run_match_encoded(&a, &linker, format);
    }
    // Read the truth before the run so that a bad file fails fast.
    let truth = a.truth.as_deref().map(dualcit::Truth::read).transpose()?;
    let html = a.html.as_deref().map(|path| HtmlRequest { path, personal_data: a.html_personal_data, truth: truth.as_ref() });
    let job = Job {
        linker: &linker,
        input: &a.input,
        fields: a.fields,
        out: &a.out,
        format,
        rejects,
        report: a.report.as_deref(),
        html: html.as_ref(),
        max_reject_share: a.max_reject_share,
        warn: true,
        truth_path: a.truth.as_deref(),
    };
    let run = run_job(&job)?;
    if let Some(p) = &a.stats {
        let summaries: Vec<_> = std::iter::once(&run.registry.read).chain(&run.responses).map(|d| &d.summary).collect();
        let json = serde_json::json!({
            "inputs": summaries, "summary": run.summary, "warnings": run.warnings, "link": run.stats,
            "read_seconds": run.read.as_secs_f64(), "write_seconds": run.write.as_secs_f64()
        });
        dualcit::write_atomically(p, |w| serde_json::to_writer_pretty(&mut *w, &json).map_err(std::io::Error::from))?;
    }
    if !a.quiet {
        let mut err = std::io::stderr().lock();
        for s in &run.summary.inputs {
            writeln!(err, "{}: read {}, accepted {}, rejected {}, fields blanked {} ({})", s.file, s.read, s.accepted, s.rejected, s.blanked, s.encoding)?;
        }
        let unknown = &run.summary.unknown_kinds;
        if !unknown.is_empty() {
            let list: Vec<String> = unknown.iter().map(|(k, n)| format!("{k} ({n})")).collect();
            writeln!(err, "response kinds dualcit does not know (kept as written, not counted as citizenship evidence): {}", list.join(", "))?;
        }
        let st = &run.stats;
        for p in &st.passes {
            writeln!(
                err,
                "blocking {:<12} {:>10} pairs {:>10} new {:>8} capped ({} queries; cap {}, largest blocks {:?})",
                p.pass, p.pairs, p.new_pairs, p.capped_pairs, p.capped_queries, p.cap, p.largest_blocks
            )?;
        }
        writeln!(
            err,
            "{} candidate pairs (reduction ratio {:.6}); {}; wrote {} and {} in {:.2}s",
            run.summary.candidate_pairs,
            st.reduction_ratio,
            run.summary,
            a.out.display(),
            run.rejects_path.display(),
            started.elapsed().as_secs_f64()
        )?;
        let e = &st.expected;
        writeln!(
            err,
            "expected from the probabilities (no labels): precision of the {} match decisions {:.4} ({:.1} of them wrong); {:.1} true pairs left below match ({:.1} of them in review)",
            e.matches,
            e.match_precision,
            e.matches as f64 - e.true_matches,
            e.true_pairs_below_match,
            e.true_pairs_in_review
        )?;
        if let Some(t) = st.decisions.raised_match_threshold {
            writeln!(
                err,
                "match threshold raised to {t:.4} to hold the precision target {}: {} pairs at or above the match threshold are review (below_precision_target)",
                linker.rules().precision_target,
                st.decisions.below_precision_target
            )?;
        }
    }
    // The process ends here: handing millions of small allocations back one by one
    // would cost a few percent of the run for nothing.
    std::mem::forget(run);
    Ok(())
}

fn run_bench(a: BenchArgs) -> anyhow::Result<()> {
    if let Some(n) = a.threads {
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().context("setting up worker threads")?;
    }
    let dir = match &a.keep_dir {
        Some(d) => d.clone(),
        None => std::env::temp_dir().join(format!("dualcit-bench-{}", std::process::id())),
    };
    let profiles: Vec<BenchProfile> = match a.profile {
        BenchProfiles::Both => vec![BenchProfile::Default, BenchProfile::Stress],
        BenchProfiles::Default => vec![BenchProfile::Default],
        BenchProfiles::Stress => vec![BenchProfile::Stress],
    };
    let model = load_model(&a.model)?;
    let mut figures = Vec::new();
    let mut runs = Vec::new();
    for &profile in &profiles {
        let pdir = dir.join(profile.name());
        let (fig, input) = bench_profile(&a, profile, &pdir, &model)?;
        figures.push(fig);
        runs.push((profile, pdir, input));
    }
    // Cross-profile: a model estimated (from labels) on one profile's data, applied to
    // the other's; against the model estimated on that profile itself. Training data
    // come from another seed than the evaluated data.
    let mut cross = Vec::new();
    if a.cross_profile && runs.len() == 2 {
        let mut trained = Vec::new();
        for (profile, pdir, _) in &runs {
            let tdir = pdir.with_file_name(format!("{}-train", profile.name()));
            generate_child(&tdir, a.registry_size, a.responses_size, a.seed + 1, *profile)?;
            let input = bench_input(&tdir, a.model.clone())?;
            let (registry, responses) = read_inputs(&input, FieldArgs::default())?;
            let truth = dualcit::Truth::read(&tdir.join("truth.csv"))?;
            let passes: Vec<dualcit::PassConfig> = dualcit::DEFAULT_PASSES.iter().map(|&p| p.into()).collect();
            let opts = dualcit::TrainOptions::default();
            let (m, _) = dualcit::train(&model, &registry, &responses, &passes, Some(&truth), &opts)?;
            trained.push((*profile, m));
            if a.keep_dir.is_none() {
                let _ = std::fs::remove_dir_all(&tdir);
            }
        }
        outln!();
        outln!("cross-profile check: models estimated from labels on one profile (seed {}), evaluated on each profile (seed {})", a.seed + 1, a.seed);
        outln!("{:<18} {:<10} {:>9} {:>9} {:>9} {:>12}", "model from", "data", "precision", "recall", "F1", "F1 change");
        let mut own = std::collections::BTreeMap::new();
        let mut rows = Vec::new();
        for (from, m) in &trained {
            for (to, pdir, input) in &runs {
                let linker = make_linker(m.clone(), None, None, None, false, &a.policy)?;
                let out = pdir.join(format!("matches-model-{}.csv", from.name()));
                match_files(&linker, input, &out, OutputFormat::Csv, None, None, None)?;
                let truth = dualcit::Truth::read(&pdir.join("truth.csv"))?;
                let e = dualcit::evaluate(&dualcit::read_matches(&out)?, &truth);
                if from == to {
                    own.insert(to.name(), e.at_decisions.f1);
                }
                rows.push((from.name(), to.name(), e.at_decisions));
            }
        }
        for (from, to, s) in &rows {
            let change = own.get(to).map(|o| s.f1 - o);
            outln!(
                "{:<18} {:<10} {:>9.4} {:>9.4} {:>9.4} {:>12}",
                from,
                to,
                s.precision,
                s.recall,
                s.f1,
                change.map_or(String::new(), |c| if from == to { "(own)".to_string() } else { format!("{:+.4}", c) })
            );
            cross.push(serde_json::json!({ "model_from": from, "data": to, "scores": s, "f1_change": change.map(|c| if from == to { 0.0 } else { c }) }));
        }
    }
    if let Some(p) = &a.json {
        let json = serde_json::json!({ "profiles": figures, "cross_profile": cross });
        dualcit::write_atomically(p, |w| serde_json::to_writer_pretty(&mut *w, &json).map_err(std::io::Error::from))?;
    }
    if a.keep_dir.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

/// Generates a data set in a child process, so that the generator's memory is not in
/// this process's peak (freed memory is not always handed back to the system).
fn generate_child(dir: &Path, registry_size: usize, responses_size: usize, seed: u64, profile: BenchProfile) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let status = std::process::Command::new(std::env::current_exe().context("locating this program")?)
        .arg("generate")
        .arg("--out-dir")
        .arg(dir)
        .args(["--registry-size", &registry_size.to_string(), "--responses-size", &responses_size.to_string(), "--seed", &seed.to_string()])
        .args(["--profile", profile.name()])
        .stdout(std::process::Stdio::null())
        .status()
        .context("running the generator")?;
    anyhow::ensure!(status.success(), "the generator failed ({status})");
    Ok(())
}

/// The inputs of a generated directory: its registry and every responses file, in order.
fn bench_input(dir: &Path, model: Option<PathBuf>) -> anyhow::Result<InputArgs> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let responses: Vec<String> =
        files.iter().filter(|f| f.file_name().is_some_and(|n| n.to_string_lossy().starts_with("responses_"))).map(|f| f.display().to_string()).collect();
    Ok(InputArgs { registry: dir.join("registry.csv"), responses, encoding: InputEncoding::Auto, registry_country: "KZ".into(), model })
}

/// One profile of the benchmark: generate, run the match job timed, evaluate, print.
fn bench_profile(a: &BenchArgs, profile: BenchProfile, dir: &Path, model: &Model) -> anyhow::Result<(serde_json::Value, InputArgs)> {
    let t = std::time::Instant::now();
    generate_child(dir, a.registry_size, a.responses_size, a.seed, profile)?;
    let generate_time = t.elapsed();
    reset_peak_rss();
    let input = bench_input(dir, a.model.clone())?;
    let linker = make_linker(model.clone(), None, None, None, false, &a.policy)?;
    let out = dir.join("matches.csv");
    let wall = std::time::Instant::now();
    let run = match_files(&linker, &input, &out, OutputFormat::Csv, None, None, None)?;
    let wall = wall.elapsed();
    let peak = peak_rss_bytes();
    let truth = dualcit::Truth::read(&dir.join("truth.csv"))?;
    let e = dualcit::evaluate(&dualcit::read_matches(&out)?, &truth);
    let st = &run.stats;
    let n_reg = st.registry_records as f64;
    let n_resp = st.response_records as f64;
    let rate = |n: f64, d: std::time::Duration| if d.as_secs_f64() > 0.0 { n / d.as_secs_f64() } else { f64::INFINITY };
    outln!(
        "dualcit bench, {} profile: registry {} × responses {} (seed {}, {} threads); data generated in {:.2}s into {}",
        profile.name(),
        a.registry_size,
        a.responses_size,
        a.seed,
        rayon::current_num_threads(),
        generate_time.as_secs_f64(),
        dir.display()
    );
    outln!("{:<10} {:>10} {:>16}", "stage", "seconds", "throughput");
    // The registry streams into the index: its reading includes normalizing its distinct names.
    outln!(
        "{:<10} {:>10.3} {:>12.0} rec/s   (registry read and normalized as it streams; answers read)",
        "read",
        run.read.as_secs_f64(),
        rate(n_reg + n_resp, run.read)
    );
    outln!("{:<10} {:>10.3} {:>12.0} rec/s   (answers)", "normalize", st.timings.normalize.as_secs_f64(), rate(n_resp, st.timings.normalize));
    outln!("{:<10} {:>10.3} {:>12.0} rec/s", "block", st.timings.index.as_secs_f64(), rate(n_reg, st.timings.index));
    outln!("{:<10} {:>10.3} {:>12.0} pairs/s", "score", st.timings.score.as_secs_f64(), rate(st.candidate_pairs as f64, st.timings.score));
    outln!("{:<10} {:>10.3} {:>12.0} pairs/s", "decide", st.timings.decide.as_secs_f64(), rate((st.decisions.above_review) as f64, st.timings.decide));
    outln!("{:<10} {:>10.3} {:>12.0} rows/s", "write", run.write.as_secs_f64(), rate((st.decisions.matches + st.decisions.reviews) as f64, run.write));
    outln!(
        "candidate pairs {}, reduction ratio {:.6}%, {} match, {} review",
        st.candidate_pairs,
        st.reduction_ratio * 100.0,
        st.decisions.matches,
        st.decisions.reviews
    );
    outln!("wall {:.3} s, peak RSS {}", wall.as_secs_f64(), peak.map_or("unknown".to_string(), |b| format!("{:.1} MB", b as f64 / 1e6)));
    let mem = run.registry.index.memory();
    let per = |b: usize| b as f64 / mem.records.max(1) as f64;
    outln!(
        "registry index: {:.0} B/record (records and ids {:.0}, blocking {:.0}, extra cells {:.0}) + shared name dictionary {:.1} MB ({} distinct names)",
        per(mem.per_record + mem.blocking + run.registry.extras.heap_bytes()),
        per(mem.per_record),
        per(mem.blocking),
        per(run.registry.extras.heap_bytes()),
        mem.dictionary as f64 / 1e6,
        mem.distinct_names
    );
    let x = &st.expected;
    outln!(
        "precision {:.4}, recall {:.4}, F1 {:.4} at the default decisions ({} true pairs); match-or-review recall {:.4}",
        e.at_decisions.precision,
        e.at_decisions.recall,
        e.at_decisions.f1,
        e.truth_pairs,
        e.match_or_review.recall
    );
    if let Some(c) = &e.ceiling {
        outln!(
            "ceiling at precision >= {}, with hindsight on the {} level combinations (`dualcit evaluate`): F1 {:.4} without a contradiction (the strict policy's best), {:.4} with any",
            c.min_precision, c.combinations, c.without_contradiction.f1, c.any.f1
        );
    }
    outln!(
        "expected from the probabilities (no labels): precision {:.4} (measured {:.4}, difference {:+.4}); true pairs below match {:.0} (measured {})",
        x.match_precision,
        e.at_decisions.precision,
        x.match_precision - e.at_decisions.precision,
        x.true_pairs_below_match,
        e.truth_pairs.saturating_sub(e.at_decisions.true_positives)
    );
    outln!();
    let json = serde_json::json!({
        "profile": profile.name(), "registry_size": a.registry_size, "responses_size": a.responses_size, "seed": a.seed, "threads": rayon::current_num_threads(),
        "read_seconds": run.read.as_secs_f64(), "write_seconds": run.write.as_secs_f64(), "wall_seconds": wall.as_secs_f64(),
        "peak_rss_bytes": peak, "link": st, "evaluation": e, "index_memory": mem,
    });
    Ok((json, input))
}

/// Resets the kernel's peak-RSS mark so the benchmark measures the match alone (Linux).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident set size since the last reset (Linux `VmHWM`).
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let stem = out.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "matches".into());
    out.with_file_name(format!("{stem}.{suffix}"))
}

fn run_explain(a: ExplainArgs) -> anyhow::Result<()> {
    let model = load_model(&a.input.model)?;
    let linker = make_linker(model, a.rules.match_threshold, a.rules.review_threshold, a.rules.passes.as_deref(), false, &a.rules.policy)?;
    let (registry, responses) = read_inputs(&a.input, a.fields)?;
    print_warnings(&input_warnings(&a.input, &registry, &responses));
    let mut out = std::io::stdout().lock();
    let rejected = |out: &mut std::io::StdoutLock<'_>, what: &str, id: &str, r: &dualcit::Reject| {
        writeln!(out, "{what} id {id} was rejected at line {} of {}: {}. It is not in the run.", r.line, r.file, r.reason)
    };
    // Where the two ids are: accepted records, rejected rows, or nowhere.
    let reg_pos = match registry.find(&a.registry_id) {
        IdStatus::Record(p) => Some(p),
        IdStatus::Rejected(r) => {
            rejected(&mut out, "Registry", &a.registry_id, r)?;
            None
        }
        _ => bail!("registry id {} is not in {} (neither among its records nor its rejected rows)", a.registry_id, registry.source),
    };
    let mut found: Vec<(u32, u32)> = Vec::new();
    let mut any_rejected = false;
    for (fi, d) in responses.iter().enumerate() {
        match d.find(&a.response_id) {
            IdStatus::Record(p) => found.push((fi as u32, p)),
            IdStatus::Rejected(r) => {
                rejected(&mut out, "Response", &a.response_id, r)?;
                any_rejected = true;
            }
            _ => {}
        }
    }
    if found.is_empty() && !any_rejected {
        bail!("response id {} is not in the response files (neither among their records nor their rejected rows)", a.response_id);
    }
    let Some(reg_pos) = reg_pos else { return Ok(()) };
    // The whole run over these inputs, so that the pair gets the decision a match run gives it.
    let run = linker.linked_run(&registry, &responses)?;
    let rules = linker.rules();
    let name_of = |f: u32, r: u32| responses[f as usize].records[r as usize].id.as_str();
    for (n, &(fi, ri)) in found.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let reg = &registry.records[reg_pos as usize];
        let resp = &responses[fi as usize].records[ri as usize];
        let verdict = run.verdict(&responses, reg_pos, fi, ri);
        let ex = &verdict.explanation;
        writeln!(
            out,
            "Registry record {} vs response record {} ({}, {} line {})",
            a.registry_id, a.response_id, resp.country, responses[fi as usize].source, resp.line
        )?;
        if a.show_data {
            for (label, r) in [("registry", reg), ("response", resp)] {
                let dob = r.birth_date.map(|d| d.to_string()).unwrap_or_default();
                writeln!(out, "  {label:<9} {} {} {} | born {dob} | sex {}", r.surname, r.given_name, r.patronymic, r.sex.code())?;
            }
        }
        writeln!(out)?;
        writeln!(out, "  {:<14} {:<14} {:>8}   evidence", "field", "level", "weight")?;
        writeln!(out, "  {:<14} {:<14} {:>8}   how rare a match is before looking at the records", "prior", "", format!("{:+.2}", ex.prior))?;
        for f in &ex.fields {
            let meaning = if f.weight > 0.5 {
                "supports the same person"
            } else if f.weight < -0.5 {
                "speaks against the same person"
            } else {
                "neutral"
            };
            writeln!(out, "  {:<14} {:<14} {:>8}   {meaning}", f.field.label(), f.level, format!("{:+.2}", f.weight))?;
        }
        if ex.lookalike != 0.0 {
            writeln!(
                out,
                "  {:<14} {:<14} {:>8}   look-alikes measured in these answers (a field missing or contradicting beside agreeing ones)",
                "look-alikes",
                "",
                format!("{:+.2}", ex.lookalike)
            )?;
        }
        if ex.order_swapped {
            writeln!(out, "  (surname and given name were compared crosswise: they look swapped)")?;
        }
        if let Some(note) = ex.sex_code_note(reg.sex, resp.sex) {
            writeln!(out, "  ({note})")?;
        }
        writeln!(out, "  {:<14} {:<14} {:>8}", "total", "", format!("{:+.2}", ex.match_weight))?;
        writeln!(out)?;
        writeln!(out, "Probability {:.4} (match ≥ {}, review ≥ {}).", ex.probability, rules.thresholds.match_probability, rules.thresholds.review_probability)?;
        if let Some(t) = run.result().stats.decisions.raised_match_threshold {
            writeln!(
                out,
                "This run raised its match threshold to {t:.4}: below it, its matches would be less than {} precise on average (the precision target).",
                rules.precision_target
            )?;
        }
        let decided = match &verdict.outcome {
            PairOutcome::Written { decision, review_reason, pass } => {
                let why: Vec<String> = review_reason
                    .iter()
                    .map(|r| {
                        let words = match r {
                            ReviewReason::CompetingRegistryCandidate => format!("another registry person scores within {} bits for this answer", rules.tie_margin),
                            ReviewReason::CompetingResponse => format!("another answer from the same country scores within {} bits for this person", rules.tie_margin),
                            other => other.description().to_string(),
                        };
                        words
                    })
                    .collect();
                // The reasons as the matches file writes them, then what each means.
                let why = if why.is_empty() { None } else { Some(format!(" ({}: {})", review_reason, why.join("; "))) };
                format!("Decision: {}{} — written to the matches file (found by blocking pass {pass}).", decision.name(), why.unwrap_or_default())
            }
            PairOutcome::BelowReview { pass, consistent } => format!(
                "Not written: the probability is below the review threshold {} (found by blocking pass {pass} and scored){}.",
                rules.thresholds.review_probability,
                if *consistent { "; it contradicts the person on nothing, but it is not the answer's only candidate" } else { "" }
            ),
            PairOutcome::Superseded { by: Some(r), .. } if r.took_the_answer => format!(
                "Not written: the one-to-one rule gave this answer to registry record {}, {:.1} bits stronger (an answer names one person).",
                registry.records[r.registry as usize].id, r.stronger_by
            ),
            PairOutcome::Superseded { by: Some(r), .. } => format!(
                "Not written: the one-to-one rule gave this person to answer {} from the same country, {:.1} bits stronger, and this record contradicts the person on a field: a look-alike's record, not the person's other one (a weaker record that contradicts nothing, or only a woman's surname, is kept for review as `another_record`).",
                name_of(r.response_file, r.response),
                r.stronger_by
            ),
            PairOutcome::Superseded { .. } => {
                "Not written: above the review threshold, but the one-to-one rule left it out for a clearly stronger pair.".to_string()
            }
            PairOutcome::NotCandidate { capped } => format!(
                "Never a candidate: no blocking pass brings these two records together, so a match run never scores them (the evidence above is what they would score){}.",
                if *capped { "; this answer met a block over its pass's cap, which is skipped" } else { "" }
            ),
            other => format!("{other:?}"),
        };
        writeln!(out, "{decided}")?;
    }
    writeln!(
        out,
        "This is what `dualcit match` decides on these inputs with these settings: the pair is looked up in a full run (thresholds, one-to-one rule, competitors within {} bits).",
        rules.tie_margin
    )?;
    writeln!(out, "Weights are log2(m/u): +1 doubles the odds of the same person, −1 halves them.")?;
    Ok(())
}

fn parse_passes(names: &[String]) -> anyhow::Result<Vec<BlockingPass>> {
    names
        .iter()
        .map(|n| BlockingPass::from_name(n.trim()).ok_or_else(|| anyhow!("unknown blocking pass '{n}' (known: {})", BlockingPass::names().join(", "))))
        .collect()
}

fn run_blocks(
    input: &InputArgs,
    fields: FieldArgs,
    truth: Option<&Path>,
    passes: Option<&[String]>,
    json: Option<&Path>,
    show_data: bool,
) -> anyhow::Result<()> {
    let specs = response_specs(input);
    check_outputs(&input_paths(input, &specs, truth), &json.map(|p| ("--json", p)).into_iter().collect::<Vec<_>>())?;
    let model = load_model(&input.model)?;
    let mut builder = Linker::builder();
    builder.model(model);
    if let Some(names) = passes {
        builder.passes(&parse_passes(names)?);
    }
    let linker = builder.build()?;
    let truth_path = truth;
    let truth = truth.map(dualcit::Truth::read).transpose()?;
    let (registry, responses) = read_inputs(input, fields)?;
    let mut warnings = input_warnings(input, &registry, &responses);
    warnings.extend(truth_warnings(truth.as_ref(), truth_path, &registry, &responses));
    print_warnings(&warnings);
    let index = linker.index(&registry)?;
    let report = linker.diagnose_blocking_with(&index, &responses, truth.as_ref());
    out!("{report}");
    // The blocks by key hold registry persons' names and dates: only when asked.
    let hot = if show_data { index.hot_blocks(5) } else { Vec::new() };
    if show_data {
        outln!("largest blocks by key (the registry record under each key with the smallest position, and its values of the key's parts):");
        for b in &hot {
            let key: Vec<String> = b.key.iter().map(|(part, value)| format!("{} {}", part.name(), if value.is_empty() { "(none)" } else { value })).collect();
            let keys = if b.keys > 1 { format!(" ({} keys)", b.keys) } else { String::new() };
            outln!("  {:<20} {:>8} records{keys}   like {}: {}", b.pass, b.records, b.example_id, key.join(", "));
        }
    }
    if let Some(p) = json {
        let value = if show_data {
            let mut v = serde_json::to_value(&report)?;
            v["hot_blocks"] = serde_json::to_value(&hot)?;
            v
        } else {
            serde_json::to_value(&report)?
        };
        dualcit::write_atomically(p, |w| serde_json::to_writer_pretty(&mut *w, &value).map_err(std::io::Error::from))?;
    }
    Ok(())
}

fn run_generate(
    dir: &Path,
    registry_size: usize,
    responses_size: usize,
    seed: u64,
    countries: Option<Vec<String>>,
    config: Option<&Path>,
    profile: Option<dualcit_synth::Profile>,
) -> anyhow::Result<()> {
    use dualcit_synth::GenerateConfig;
    let mut cfg = match config {
        Some(p) => GenerateConfig::from_json(&std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?, profile)
            .with_context(|| format!("{}: invalid generator settings", p.display()))?,
        None => GenerateConfig::for_profile(profile.unwrap_or_default()),
    };
    cfg.seed = seed;
    cfg.registry_size = registry_size;
    cfg.responses_size = responses_size;
    if let Some(c) = countries {
        cfg.countries = c;
    }
    // The files write_dir writes, checked against the settings file before anything is written.
    let files: Vec<PathBuf> = std::iter::once(dir.join("registry.csv"))
        .chain(cfg.countries.iter().map(|cc| dir.join(format!("responses_{}.csv", cc.to_lowercase()))))
        .chain(std::iter::once(dir.join("truth.csv")))
        .collect();
    let outputs: Vec<(&str, &Path)> = files.iter().map(|f| ("--out-dir", f.as_path())).collect();
    check_outputs(&config.map(|p| ("--config", p)).into_iter().collect::<Vec<_>>(), &outputs)?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let t = std::time::Instant::now();
    let g = dualcit_synth::generate(&cfg);
    let files = dualcit_synth::write_dir(&g, dir).with_context(|| format!("writing into {}", dir.display()))?;
    eprintln!(
        "generated {} registry and {} response records ({} true pairs) in {:.2}s: {}",
        g.registry.len(),
        g.responses.iter().map(|(_, r)| r.len()).sum::<usize>(),
        g.truth.len(),
        t.elapsed().as_secs_f64(),
        files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
    );
    Ok(())
}

/// A truth file whose ids are not among the inputs' records.
fn truth_warnings(truth: Option<&dualcit::Truth>, path: Option<&Path>, registry: &Dataset, responses: &[Dataset]) -> Vec<Warning> {
    let (Some(t), Some(p)) = (truth, path) else { return Vec::new() };
    let ids: std::collections::HashSet<&str> = registry.records.iter().map(|r| r.id.as_str()).collect();
    dualcit::truth_coverage(t, &p.display().to_string(), &|id| ids.contains(id), responses)
}

fn run_train(input: &InputArgs, fields: FieldArgs, out: &Path, truth: Option<&Path>, u_samples: usize, seed: u64) -> anyhow::Result<()> {
    let specs = response_specs(input);
    check_outputs(&input_paths(input, &specs, truth), &[("--out", out)])?;
    let base = load_model(&input.model)?;
    let truth_path = truth;
    let truth = truth.map(dualcit::Truth::read).transpose()?;
    let (registry, responses) = read_inputs(input, fields)?;
    let mut warnings = input_warnings(input, &registry, &responses);
    warnings.extend(truth_warnings(truth.as_ref(), truth_path, &registry, &responses));
    warnings.extend(dualcit::training_sample(&registry, &responses, u_samples));
    print_warnings(&warnings);
    let passes: Vec<dualcit::PassConfig> = dualcit::DEFAULT_PASSES.iter().map(|&p| p.into()).collect();
    let opts = dualcit::TrainOptions::default().u_samples(u_samples).seed(seed);
    let (model, report) = dualcit::train(&base, &registry, &responses, &passes, truth.as_ref(), &opts)?;
    model.save(out)?;
    eprintln!(
        "trained: u from {} random pairs; m from {} ({} labelled pairs, {} candidate pairs, {} patterns, {} EM iterations, converged {}, {} levels held at the ±1-bit bound, log-likelihood {:.1} -> {:.1} bits); response match share {:.4}; look-alike shares surname {:.4}, given name {:.4}, patronymic {:.4}, birth date {:.4}; wrote {}",
        report.u_pairs,
        report.m_source,
        report.labelled_pairs,
        report.candidate_pairs,
        report.patterns,
        report.iterations,
        report.converged,
        report.bounded_levels,
        report.base_log_likelihood,
        report.trained_log_likelihood,
        report.response_match_share,
        report.lookalike.surname,
        report.lookalike.given_name,
        report.lookalike.patronymic,
        report.lookalike.birth_date,
        out.display()
    );
    Ok(())
}

fn run_evaluate(truth: &Path, matches: &Path, json: Option<&Path>) -> anyhow::Result<()> {
    check_outputs(&[("--truth", truth), ("--matches", matches)], &json.map(|p| ("--json", p)).into_iter().collect::<Vec<_>>())?;
    let truth = dualcit::Truth::read(truth)?;
    let rows = dualcit::read_matches(matches)?;
    let e = dualcit::evaluate(&rows, &truth);
    if let Some(p) = json {
        dualcit::write_atomically(p, |w| serde_json::to_writer_pretty(&mut *w, &e).map_err(std::io::Error::from))?;
    }
    out!("{e}");
    Ok(())
}

fn run_normalize(names: Vec<String>) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if names.is_empty() {
        for line in std::io::stdin().lines() {
            let line = line.context("reading stdin")?;
            if !line.trim().is_empty() {
                writeln!(out, "{}", dualcit::describe_name(&line))?;
            }
        }
    } else {
        for n in &names {
            writeln!(out, "{}", dualcit::describe_name(n))?;
        }
    }
    Ok(())
}

/// Progress bars on stderr, one per stage.
#[derive(Default)]
struct Bars {
    bar: Mutex<Option<indicatif::ProgressBar>>,
}

impl dualcit::Progress for Bars {
    fn start(&self, stage: &'static str, total: u64) {
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{prefix:>10} [{bar:40}] {pos}/{len} {per_sec} eta {eta}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(stage);
        if let Ok(mut b) = self.bar.lock() {
            *b = Some(bar);
        }
    }
    fn advance(&self, n: u64) {
        if let Ok(b) = self.bar.lock() {
            if let Some(b) = b.as_ref() {
                b.inc(n);
            }
        }
    }
    fn finish(&self) {
        if let Ok(mut b) = self.bar.lock() {
            if let Some(b) = b.take() {
                b.finish_and_clear();
            }
        }
    }
}
