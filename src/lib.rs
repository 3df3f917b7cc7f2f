//! dualcit finds likely dual citizens: it links a national population
//! registry with the answers partner CIS states send back about the same
//! people, although each side writes names in its own script, romanization
//! and morphology, and birth dates with their own errors.
//!
//! # The pipeline
//!
//! Data flows one way, one module per stage:
//!
//! 1. **read** ([`io`]) — CSV or JSON Lines in UTF-8, Windows-1251 or KOI8-R
//!    into a [`Dataset`] of [`Record`]s; every row is accepted or becomes a
//!    located [`Reject`].
//! 2. **normalize** ([`names`], [`compare::PreparedRecord`]) — once per
//!    record: each name to a canonical form and a single-byte skeleton that is
//!    the same across scripts and romanizations.
//! 3. **block** ([`blocking`]) — the registry is indexed by [`BlockingPass`]
//!    keys (exact and swapped birth date, one date component off + surname,
//!    year + names, names alone); each response looks up its candidates, so
//!    pairs stream into scoring.
//! 4. **compare** ([`compare`]) — one [`Comparison`] level per field.
//! 5. **score** ([`model`]) — Fellegi–Sunter: a log2 weight per level, a
//!    prior, a probability.
//! 6. **decide** ([`decide`]) — `match` / `review` thresholds and the
//!    one-to-one rule; near ties go to review.
//! 7. **write** ([`io::write`]) — matches with a per-field explanation, and
//!    the rejects.
//!
//! [`Linker`] runs stages 2–6 in parallel with rayon; its output does not
//! depend on the number of threads.
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

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod blocking;
pub mod compare;
pub mod decide;
mod error;
pub mod eval;
pub mod generate;
pub mod html;
mod index;
pub mod io;
mod link;
pub mod model;
pub mod names;
pub mod record;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use blocking::BlockingPass;
pub use compare::{Comparison, Field, PreparedRecord};
pub use decide::{Decision, ScoredPair};
pub use error::{Error, ErrorKind, Result};
pub use index::{QueryMatch, RegistryIndex};
pub use link::{
    BlockingReport, Explanation, FieldExplanation, LinkResult, LinkStats, Linker, LinkerBuilder, PassDiagnostics, PassStats, Progress, StageTimings,
};
pub use model::{Model, Thresholds};
pub use record::{BirthDate, Dataset, DatePrecision, Record, Reject, RejectReason, Sex};
