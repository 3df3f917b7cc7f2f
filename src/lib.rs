//! dualcit finds likely dual citizens: it links a national population
//! registry with the answers partner CIS states send back about the same
//! people, although each side writes names in its own script, romanization
//! and morphology, and birth dates with their own errors.
//!
//! # The pipeline
//!
//! Data flows one way, one stage per module; each module uses only the ones
//! below it (ARCHITECTURE.md draws the layers and `tests/layers.rs` checks
//! them):
//!
//! 1. **read** — CSV or JSON Lines in UTF-8, UTF-16, Windows-1251 or KOI8-R
//!    into a [`Dataset`] of [`Record`]s; every row is accepted or becomes a
//!    located [`Reject`].
//! 2. **normalize** — once per record ([`PreparedRecord`]): each name to a
//!    canonical form and a single-byte skeleton that is the same across
//!    scripts and romanizations ([`normalize`]).
//! 3. **block** — the registry is indexed by [`BlockingPass`] keys (eleven
//!    kinds of birth-date error crossed with ways names break); each response
//!    looks up its candidates, so pairs stream into scoring.
//! 4. **compare** — one [`Comparison`] level per [`Field`].
//! 5. **score** — Fellegi–Sunter ([`Model`]): a log2 weight per level, a
//!    prior, a probability, the look-alike correction.
//! 6. **decide** — `match` / `review` thresholds, the strict
//!    [`DecisionPolicy`] (a contradicting field is `review` with its
//!    [`ReviewReason`]) and the one-to-one rule.
//! 7. **write** — matches with a per-field [`Explanation`], the rejects, the
//!    dual-citizen report; every output's counts come from one [`RunSummary`],
//!    and [`check_outputs`] makes sure no output overwrites an input.
//!
//! [`Linker`] runs stages 2–6 in parallel with rayon; its output does not
//! depend on the number of threads.
//!
//! # The API by task
//!
//! Everything public is re-exported here, at the root; the modules are private.
//!
//! - **Link a batch**: [`read_path`] (or [`read_reader`], with [`ReadOptions`])
//!   gives [`Dataset`]s; [`Linker::builder`] → [`LinkerBuilder`] (model,
//!   [`Thresholds`], [`DecisionPolicy`], [`PassConfig`]s, threads) →
//!   [`Linker::link`] → [`LinkResult`] of [`ScoredPair`]s with their
//!   [`Decision`] and [`ReviewReasons`], and [`LinkStats`] (with the
//!   label-free [`Expected`] precision). A registry too large to hold as rows
//!   streams into the index: [`read_registry`] + [`Linker::link_with_index`].
//!   Write with [`write_matches`], [`write_rejects`] inside [`write_atomically`];
//!   summarize with [`dual_citizens`] and [`RunSummary`]; explain one pair with
//!   [`Linker::linked_run`] → [`LinkedRun::verdict`].
//! - **Serve queries**: [`Linker::index`] builds a [`RegistryIndex`] (or
//!   [`IndexBuilder`] batch by batch); [`RegistryIndex::to_bytes`] /
//!   [`RegistryIndex::from_bytes`] (or `save` / `load`) keep it;
//!   [`RegistryIndex::query`] answers one [`Record`] with [`QueryMatch`]es;
//!   `insert` / `remove` update it without a rebuild.
//! - **Link in shares, on a cluster**: [`RegistryIndex::score_share`] scores a share
//!   of an answer file alone ([`ScoredShare`]); [`Linker::merge_shares`] merges the
//!   shares on one machine, or the spread merge does it in stages none of which holds
//!   every pair: [`ScoredShare::ids`] (repeated ids, [`Duplicates`]),
//!   [`ScoredShare::summary`] → [`Linker::plan_shares`] → [`SharePlan`], then
//!   [`SharePlan::decide_share`], [`SharePlan::precision_floor`],
//!   [`SharePlan::decide_component`] per connected component of the [`PlannedPair`]s,
//!   [`SharePlan::finish_component`] and [`Linker::spread_stats`] (the Spark path).
//! - **Train**: [`train`] with [`TrainOptions`] estimates m from labels or by
//!   guarded EM (u fixed, bounded updates, refused when it would be worse),
//!   giving a [`Model`] and a [`TrainReport`]; [`Model::load`] / `save`.
//! - **Evaluate**: [`Truth::read`], [`LinkResult::scored_rows`] or
//!   [`read_matches`], then [`evaluate`] → [`Evaluation`] (precision, recall,
//!   F1, a threshold sweep, calibration).
//! - **Names and identifiers**: [`normalize`], [`compare_names`],
//!   [`describe_name`]; [`Iin`], [`validate_inn`], [`validate_snils`],
//!   [`rnokpp_parse`]; [`BirthDate::parse`].
//! - **Report** (feature `report`, on by default): `render_report` with
//!   `HtmlOptions` — the self-contained HTML analyst report.
//! - **Errors**: every fallible call returns [`Result`] with an [`Error`]
//!   whose [`ErrorKind`] names the file, line and field.
//!
//! The library has no generator: synthetic benchmark data come from the
//! `dualcit-synth` crate of this workspace (`dualcit generate`, `dualcit bench`).
//! With `default-features = false` it builds without the CLI, the report and
//! the generator.
//!
//! # Example
//!
//! ```
//! use dualcit::{BirthDate, Dataset, Decision, Linker, Record, Sex};
//!
//! let person = |id: &str, s: &str, g: &str, p: &str, dob: &str, country: &str| Record {
//!     id: id.into(),
//!     surname: s.into(),
//!     given_name: g.into(),
//!     patronymic: p.into(),
//!     birth_date: Some(BirthDate::parse(dob).unwrap()),
//!     sex: Sex::Male,
//!     country: country.into(),
//!     ..Default::default()
//! };
//! let registry = Dataset::from_records("registry", vec![
//!     person("KZ1", "Иванов", "Евгений", "Петрович", "17.05.1980", "KZ"),
//!     person("KZ2", "Сидоров", "Олег", "Иванович", "02.11.1975", "KZ"),
//! ]);
//! let answers = Dataset::from_records("ru", vec![
//!     person("RU-7", "IVANOV", "EVGENII", "PETROVICH", "1980-05-17", "RU"),
//! ]);
//!
//! let linker = Linker::builder().build()?;
//! let result = linker.link(&registry, &[answers])?;
//! let best = &result.pairs[0];
//! assert_eq!(registry.records[best.registry as usize].id, "KZ1");
//! assert_eq!(best.decision, Decision::Match);
//! # Ok::<(), dualcit::Error>(())
//! ```

//!
//! # Embedding: an index built once, queried per record
//!
//! A service builds (or loads) a [`RegistryIndex`] once and answers one record
//! at a time; the index is `Send + Sync`, so an `Arc` of it serves any number
//! of threads. Batch linking runs through the same index.
//!
//! ```
//! use std::sync::Arc;
//! use dualcit::{BirthDate, Dataset, Decision, Linker, Record, RegistryIndex, Sex};
//!
//! let registry = Dataset::from_records("registry", vec![Record {
//!     id: "KZ1".into(),
//!     surname: "Тоқаев".into(),
//!     given_name: "Қасым-Жомарт".into(),
//!     patronymic: "Кемелұлы".into(),
//!     birth_date: Some(BirthDate::parse("17.05.1953")?),
//!     sex: Sex::Male,
//!     country: "KZ".into(),
//!     ..Default::default()
//! }]);
//! let index = Linker::builder().build()?.index(&registry)?;
//!
//! // Save once, load at service start (no re-normalization).
//! let index = Arc::new(RegistryIndex::from_bytes(&index.to_bytes()?)?);
//!
//! let at_the_border = Record {
//!     id: "passport-scan-1".into(),
//!     surname: "TOKAYEV".into(),
//!     given_name: "KASSYM-JOMART".into(),
//!     birth_date: Some(BirthDate::parse("1953-05-17")?),
//!     ..Default::default()
//! };
//! let found = index.query(&at_the_border);
//! assert_eq!(found[0].registry_id, "KZ1");
//! assert_eq!(found[0].decision, Decision::Match);
//! // Every answer carries its evidence, field by field.
//! assert!(found[0].explanation.fields.iter().any(|f| f.level == "exact"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]
// The public API is what the root re-exports below; everything else is crate-private,
// and these lints keep it so (CI's clippy turns warnings into errors).
#![warn(unreachable_pub, unnameable_types)]

// The layers, bottom first (ARCHITECTURE.md, "Layers"; tests/layers.rs checks them).
mod blocking;
mod checks;
mod compare;
mod decide;
mod error;
mod eval;
mod explain;
mod field;
mod files;
#[cfg(feature = "report")]
mod html;
mod index;
mod io;
mod link;
mod model;
mod names;
mod partition;
mod pprl;
mod prepare;
mod record;
mod summary;
mod train;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

// Errors.
pub use error::{plain_io, Error, ErrorKind, Result};

// Records, and what reading a file makes of them.
pub use record::ident::{rnokpp_parse, validate_inn, validate_snils, IdSex, IdentError, Iin, Rnokpp};
pub use record::{
    split_full_name, BirthDate, Dataset, DateError, DatePrecision, IdStatus, NameSource, ReadSummary, Record, RegistryRows, Reject, RejectReason, Sex, Warning,
};

// Reading and writing files.
pub use files::{check_outputs, write_atomically};
pub use io::encoding::{decode as decode_bytes, detect as detect_encoding, Decoded, Detected, EncodingError};
pub use io::write::{explanation_columns, for_each_match_row, match_columns, write_matches, write_rejects, LEADING_COLUMNS, REJECT_COLUMNS};
pub use io::{
    read_path, read_reader, read_registry, read_table, ExtraCells, IndexedRegistry, InputEncoding, InputFormat, OnBadField, OutputFormat, ReadOptions,
    StreamedRegistry, TableRows, DEFAULT_MAX_REJECT_SHARE,
};

// Names across scripts.
pub use names::{
    compare as compare_names, compare_attested as compare_names_attested, describe as describe_name, normalize, Name, NameComparison, NameField, NameHashes,
    NameLevel, Script, SexHint, FUZZY_HIGH, FUZZY_LOW,
};

// Linking a batch: blocking, comparison, decisions, explanations.
pub use blocking::{BlockingPass, KeyPart, PassConfig, DEFAULT_MAX_BLOCK, DEFAULT_PASSES};
pub use compare::{compare as compare_pair, compare_dates, compare_scored as score_pair};
pub use decide::lookalike::{is_consistent as is_consistent_pair, is_near as is_near_pair, Calibration, FieldCalibration, LookalikeCounts, ResponseStrata};
pub use decide::{
    Decision, DecisionPolicy, DecisionRules, DecisionStats, ReviewReason, ReviewReasons, ScoredPair, DEFAULT_PRECISION_TARGET, DEFAULT_TIE_MARGIN,
};
pub use explain::{Explanation, FieldExplanation};
pub use field::{Comparison, DateLevel, Field};
pub use link::{
    BlockingReport, Expected, LinkResult, LinkStats, LinkedRun, Linker, LinkerBuilder, PairOutcome, PairVerdict, PassDiagnostics, PassStats, Progress, Rival,
    StageTimings,
};
pub use prepare::{prepare_all, Attested, PersonRef, PreparedRecord};

// A run in shares (Spark): each share of the answers scored alone, then merged on one machine or spread.
pub use partition::{
    DecidedShare, Duplicates, FinishedComponent, IndexRegistryRows, MergedRun, PlannedPair, RejectRow, ScoredShare, ShareId, SharePlan, ShareSummary,
    SpreadTally,
};

// Serving queries.
pub use index::{HotBlock, IndexBuilder, IndexMemory, QueryMatch, RegistryIndex, INDEX_VERSION};

// The model and its estimation.
pub use model::{probability, LevelParams, LookalikeShares, Model, TermFrequencyConfig, Thresholds, Weights, MODEL_FORMAT, MODEL_VERSION};
pub use train::{train, TrainOptions, TrainReport};

// Evaluating against a truth file.
pub use eval::{evaluate, read_matches, CalibrationBin, Ceiling, Evaluation, PairKey, ScoredRow, Scores, Truth, CEILING_PRECISION};

// What a run reports: dual citizens, the run summary, input checks.
pub use checks::{answers_for_the_registry_country, training_sample, truth_coverage};
pub use decide::report::{dual_citizens, write_dual_citizens, DualCitizenRow, ResponseKind};
pub use summary::{RunSummary, LIKELY_DUAL_CITIZEN};

// Privacy-preserving linkage: keyed encodings across scripts.
pub use pprl::{
    dice, encoded_passes, hardening_name, link_encoded, Attack, AttackHarness, AttackOutcome, DiceLevels, EncodedDate, EncodedName, EncodedRecord, EncodedSet,
    Encoder, EncodingSchema, Hardening, Header, Role, SealInfo, Secret, ENCODED_FORMAT, MIN_SECRET_BYTES, SCHEMA_VERSION, SEAL_CIPHER,
};

// The HTML analyst report (feature `report`).
#[cfg(feature = "report")]
pub use html::{render_report, HtmlOptions};
