//! A run in shares: each share of the answer rows is read and scored alone
//! against the registry index (on a Spark executor, say), and the shares are then
//! merged into the run [`Linker::link_with_index`] makes over the whole files —
//! the same ids rejected as duplicates, the same look-alike calibration (estimated
//! from the tallies of every answer, not a share's), the same thresholds, one-to-one
//! rule and decisions: on one machine ([`Linker::merge_shares`]), or spread over a
//! cluster in stages none of which holds every pair ([`SharePlan`]; the stages are
//! listed below, before [`ShareId`]).
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `blocking`, `decide`, `error`, `field`, `index`, `io`, `link`, `model`, `prepare`, `record` and no module above it.

use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::blocking::{LookupStats, Scratch};
use crate::decide::lookalike::{Calibration, LookalikeCounts};
use crate::decide::{Decision, ReviewReasons, ScoredPair};
use crate::error::{Error, Result};
use crate::field::Comparison;
use crate::index::{RegistryIndex, ScoreTally};
use crate::io::{read_table_with, table_raw_row, ReadOptions, TableRows};
use crate::link::{LinkResult, LinkStats, Linker, Scores};
use crate::prepare::PreparedRecord;
use crate::record::{Dataset, Record, RejectReason};

/// A rejected row or a blanked field, as text (what the rejects file holds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectRow {
    /// The file (table) label.
    pub file: String,
    /// The row's line.
    pub line: u64,
    /// The row's id, when it has one.
    pub id: String,
    /// The field at fault, if one.
    pub field: String,
    /// Why, in words (the rejects file's `reason`).
    pub reason: String,
    /// The row as CSV text.
    pub row: String,
}

/// One candidate pair of a share, before the run-wide look-alike correction.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct SharePair {
    registry: u32,
    levels: Vec<u8>,
    order_swapped: bool,
    tf_adjust: [f32; 2],
    match_weight: f64,
    probability: f64,
    pass: u8,
}

impl SharePair {
    /// The pair of answer `response` of file `file`, answering state `country`, before
    /// the run's look-alike correction and decision.
    fn scored(&self, file: u32, response: u32, country: u32) -> ScoredPair {
        let mut levels = [0u8; crate::field::N_FIELDS];
        for (l, v) in levels.iter_mut().zip(&self.levels) {
            *l = *v;
        }
        ScoredPair {
            registry: self.registry,
            response_file: file,
            response,
            country,
            comparison: Comparison { levels, order_swapped: self.order_swapped, tf_adjust: self.tf_adjust },
            match_weight: self.match_weight,
            lookalike_weight: 0.0,
            probability: self.probability,
            pass: self.pass,
            decision: Decision::Review,
            review_reason: ReviewReasons::NONE,
        }
    }
}

/// One row of a share, in row order.
#[derive(Clone, Debug, Serialize, Deserialize)]
enum ShareRow {
    /// Accepted by the share: the record, its blanked fields, its scores.
    /// Its lookup counts (`look`, `candidates`) are the run's only if the merge keeps it
    /// (a repeat of an id an earlier share holds is rejected there, and not counted).
    Record {
        record: Box<Record>,
        raw: String,
        notes: Vec<RejectRow>,
        pairs: Vec<SharePair>,
        lookalike: LookalikeCounts,
        below: u64,
        look: Box<LookupStats>,
        candidates: u64,
    },
    /// Rejected; `duplicate` when its id was used on an earlier line of the share
    /// (the merge names the first line of the whole file).
    Reject { reject: RejectRow, duplicate: bool },
}

/// A share of one answer file read and scored alone ([`RegistryIndex::score_share`]):
/// small and serializable ([`ScoredShare::to_bytes`]), merged with the file's
/// other shares by [`Linker::merge_shares`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScoredShare {
    extra_columns: Vec<String>,
    rows: Vec<ShareRow>,
}

impl ScoredShare {
    /// Encodes the share (postcard).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        encode(self, "a scored share")
    }

    /// Decodes a share made by [`ScoredShare::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<ScoredShare> {
        decode(bytes, "a scored share")
    }

    /// Rows in the share (accepted and rejected).
    pub fn rows(&self) -> usize {
        self.rows.len()
    }

    /// The smallest line of the share (shares of a file are merged in line order).
    fn first_line(&self) -> u64 {
        self.rows
            .iter()
            .map(|r| match r {
                ShareRow::Record { record, .. } => record.line,
                ShareRow::Reject { reject, .. } => reject.line,
            })
            .min()
            .unwrap_or(u64::MAX)
    }
}

/// A value as postcard bytes; `what` names it in the error.
fn encode<T: Serialize>(value: &T, what: &str) -> Result<Vec<u8>> {
    postcard::to_stdvec(value).map_err(|e| Error::config(format!("encoding {what}: {e}")))
}

/// A value from postcard bytes made by [`encode`].
fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T> {
    postcard::from_bytes(bytes).map_err(|e| Error::config(format!("decoding {what}: {e}")))
}

fn reject_row(r: &crate::record::Reject) -> RejectRow {
    RejectRow {
        file: r.file.clone(),
        line: r.line,
        id: r.id.clone(),
        field: r.field.unwrap_or("").to_string(),
        reason: r.reason.to_string(),
        row: r.raw.clone(),
    }
}

impl RegistryIndex {
    /// Reads a share of an answer file (`table`, with its rows' lines in the file) with
    /// [`read_table`](crate::read_table)'s rules and scores each accepted record
    /// against this index, keeping what the run-wide merge needs: the pairs at or above
    /// the review threshold before the look-alike correction, each record's look-alike
    /// strata and below-threshold mass, and every rejected row.
    pub fn score_share(&self, label: &str, table: &TableRows<'_>, opts: &ReadOptions) -> Result<ScoredShare> {
        let d = read_table_with(label, table, opts, false)?;
        let mut prepared = crate::prepare::prepare_all(&d.records);
        prepared.par_iter_mut().for_each(|q| self.attest(q));
        type Out = (Vec<SharePair>, LookalikeCounts, u64, LookupStats, u64);
        let scored: Vec<Out> = prepared
            .par_iter()
            .map_init(
                || (Scratch::default(), Vec::new()),
                |(scratch, found), q: &PreparedRecord| {
                    found.clear();
                    let mut look = LookupStats::default();
                    let mut tally = ScoreTally::default();
                    let n = self.score_into(q, scratch, &mut look, found, &mut tally);
                    let pairs = found
                        .drain(..)
                        .map(|s| SharePair {
                            registry: s.registry,
                            levels: s.comparison.levels.to_vec(),
                            order_swapped: s.comparison.order_swapped,
                            tf_adjust: s.comparison.tf_adjust,
                            match_weight: s.match_weight,
                            probability: s.probability,
                            pass: s.pass,
                        })
                        .collect();
                    (pairs, tally.lookalike, tally.below_review_p, look, n)
                },
            )
            .collect();
        let mut notes: std::collections::HashMap<u64, Vec<RejectRow>> = std::collections::HashMap::new();
        for n in &d.notes {
            notes.entry(n.line).or_default().push(reject_row(n));
        }
        let mut rows: Vec<ShareRow> = Vec::with_capacity(d.records.len() + d.rejects.len());
        // A kept row's text, for the merge to reject it if its id is used on an earlier line of another share.
        let row_of: std::collections::HashMap<u64, usize> = match table.lines {
            Some(lines) => lines.iter().enumerate().map(|(i, &l)| (l, i)).collect(),
            None => (0..table.rows).map(|i| (i as u64 + 2, i)).collect(),
        };
        for (record, (pairs, lookalike, below, look, candidates)) in d.records.into_iter().zip(scored) {
            let notes = notes.remove(&record.line).unwrap_or_default();
            let raw = row_of.get(&record.line).map(|&i| table_raw_row(table, i)).unwrap_or_default();
            rows.push(ShareRow::Record { record: Box::new(record), raw, notes, pairs, lookalike, below, look: Box::new(look), candidates });
        }
        for r in &d.rejects {
            rows.push(ShareRow::Reject { reject: reject_row(r), duplicate: matches!(r.reason, RejectReason::DuplicateId { .. }) });
        }
        // Row order (a rejected row before the notes of a kept row on the same line cannot happen).
        rows.sort_by_key(|r| match r {
            ShareRow::Record { record, .. } => record.line,
            ShareRow::Reject { reject, .. } => reject.line,
        });
        Ok(ScoredShare { extra_columns: d.extra_columns, rows })
    }
}

/// What [`Linker::merge_shares`] gives: the run's result, the answer files as
/// datasets of their accepted records (in line order; `rejects` and `notes` left
/// empty), and every rejected row and blanked field, as the rejects file lists them.
pub struct MergedRun {
    /// The decided pairs, as [`Linker::link_with_index`] gives them for the whole files.
    pub result: LinkResult,
    /// The answer files' accepted records.
    pub responses: Vec<Dataset>,
    /// Rejected rows and blanked fields, per file in line order.
    pub rejects: Vec<RejectRow>,
}

impl Linker {
    /// Merges the scored shares of every answer file (`files`: a label and its shares,
    /// in the order of the run's response files; shares in any order) into the run
    /// [`Linker::link_with_index`] makes over the whole files with the same `index`:
    /// an id repeated across shares is rejected as a duplicate of its first line, the
    /// look-alike calibration is estimated from every record's strata, then the
    /// thresholds, the one-to-one rule and the decisions apply across all answers.
    /// A file with no accepted row whose every row lacks a country or a name is an
    /// error, as for a whole file read.
    pub fn merge_shares(&self, index: &RegistryIndex, files: Vec<(String, Vec<ScoredShare>)>) -> Result<MergedRun> {
        let t = Instant::now();
        let mut stats = LinkStats { registry_records: index.len() as u64, ..Default::default() };
        let mut scores = Scores { pairs: Vec::new(), look: LookupStats::default(), tally: ScoreTally::default(), below: Vec::new() };
        let mut countries: Vec<String> = Vec::new();
        let mut responses = Vec::with_capacity(files.len());
        let mut all_rejects = Vec::new();
        let (missing_country, no_name) = (RejectReason::MissingCountry.to_string(), RejectReason::NoName.to_string());
        for (fi, (label, mut shares)) in files.into_iter().enumerate() {
            shares.sort_by_key(ScoredShare::first_line);
            let mut d = Dataset { source: label.clone(), ..Default::default() };
            d.summary.file = label.clone();
            d.summary.encoding = "UTF-8".into();
            d.extra_columns = shares.iter().find(|s| !s.rows.is_empty()).or(shares.first()).map(|s| s.extra_columns.clone()).unwrap_or_default();
            let mut seen: rustc_hash::FxHashMap<String, u64> = rustc_hash::FxHashMap::default();
            let mut rejects: Vec<RejectRow> = Vec::new();
            let mut notes: Vec<RejectRow> = Vec::new();
            let mut rows: Vec<ShareRow> = Vec::new();
            for s in shares {
                rows.extend(s.rows);
            }
            rows.sort_by_key(|r| match r {
                ShareRow::Record { record, .. } => record.line,
                ShareRow::Reject { reject, .. } => reject.line,
            });
            let duplicate = |first_line: u64| RejectReason::DuplicateId { first_line }.to_string();
            for row in rows {
                d.summary.read += 1;
                match row {
                    ShareRow::Reject { mut reject, duplicate: dup } => {
                        if dup {
                            if let Some(&first) = seen.get(&reject.id) {
                                reject.reason = duplicate(first);
                            }
                        }
                        rejects.push(reject);
                    }
                    ShareRow::Record { record, raw, notes: n, pairs, lookalike, below, look, candidates } => {
                        if let Some(&first) = seen.get(&record.id) {
                            rejects.push(RejectRow {
                                file: label.clone(),
                                line: record.line,
                                id: record.id.clone(),
                                field: "id".into(),
                                reason: duplicate(first),
                                row: raw,
                            });
                            continue;
                        }
                        seen.insert(record.id.clone(), record.line);
                        scores.look.add(&look);
                        stats.candidate_pairs += candidates;
                        d.summary.blanked += n.len() as u64;
                        notes.extend(n);
                        let ci = match countries.iter().position(|c| *c == record.country) {
                            Some(i) => i,
                            None => {
                                countries.push(record.country.clone());
                                countries.len() - 1
                            }
                        } as u32;
                        let ri = d.records.len() as u32;
                        scores.pairs.extend(pairs.iter().map(|p| p.scored(fi as u32, ri, ci)));
                        scores.tally.lookalike.merge(&lookalike);
                        scores.tally.below_review_p += below;
                        scores.below.push(below);
                        d.records.push(*record);
                    }
                }
            }
            d.summary.accepted = d.records.len() as u64;
            d.summary.rejected = rejects.len() as u64;
            if d.records.is_empty() && !rejects.is_empty() {
                if rejects.iter().all(|r| r.reason == missing_country) {
                    return Err(Error::format(&label, None, Some("country"), "no country in any row, and none was given for the file; fill the 'country' column (ISO 3166-1 code of the answering state) or give the file's country (dualcit: --responses CC=FILE; library: ReadOptions::default_country)"));
                }
                if rejects.iter().all(|r| r.reason == no_name) {
                    return Err(Error::format(&label, None, Some("surname"), "no name in any row: the name columns are empty in every row; check that the header names the columns that hold the names (surname, given_name, patronymic or full_name)"));
                }
            }
            let width = d.extra_columns.len();
            for r in &mut d.records {
                r.extra.resize(width, String::new());
            }
            // Rejects before notes on the same line, as `Dataset::rejects_and_notes`.
            let mut merged: Vec<(u64, u8, RejectRow)> = rejects.into_iter().map(|r| (r.line, 0, r)).chain(notes.into_iter().map(|r| (r.line, 1, r))).collect();
            merged.sort_by_key(|(l, k, _)| (*l, *k));
            all_rejects.extend(merged.into_iter().map(|(_, _, r)| r));
            responses.push(d);
        }
        stats.response_records = responses.iter().map(|d| d.records.len() as u64).sum();
        let sizes: Vec<usize> = responses.iter().map(|d| d.records.len()).collect();
        let result = self.conclude(index, &sizes, countries, scores, stats, t);
        Ok(MergedRun { result, responses, rejects: all_rejects })
    }
}

// ---------------------------------------------------------------------------
// The merge spread over a cluster: no machine holds every pair.
//
// `Linker::merge_shares` decides on one machine. A cluster run decides in stages
// whose inputs are small or keyed, each giving what the one-machine merge gives:
//
// 1. `ScoredShare::ids`: every share's ids and lines; the cluster groups them by
//    file and id and keeps, for an id on several lines, its first accepted line.
// 2. `ScoredShare::summary` (given those duplicates): the share's look-alike strata,
//    lookup counts and countries; `Linker::plan_shares` sums them into a `SharePlan`
//    (the run's calibration, countries, model and rules), shipped to every worker.
// 3. `SharePlan::decide_share`: each share's records calibrated and decided on their
//    own (thresholds, policy, `only_candidate`), as `PlannedPair`s, with the share's
//    rejects, counts and expected figures of answers left without a pair.
// 4. `SharePlan::precision_floor` over the `match` probabilities grouped by value
//    (a small table), then `SharePlan::decide_component` on each connected component
//    of the pairs (response record — registry person and country): the one-to-one rule
//    never crosses components.
// 5. A second `precision_floor` over the `match` decisions that stand, then
//    `SharePlan::finish_component`: the final decisions, the output rows in order and
//    the expected figures in integer masses; `Linker::spread_stats` sums the counts.
//
// The integer sums (strata, masses, counts) and the value-by-value floor make the
// figures the one-machine run's whatever the split.

/// A row's id and line in a share, for the run-wide duplicate check
/// ([`ScoredShare::ids`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareId {
    /// The row's id.
    pub id: String,
    /// Its line in the file.
    pub line: u64,
    /// Whether the share accepted the row (else it rejected it as a repeat of an
    /// earlier line of the share).
    pub accepted: bool,
}

/// Per id used on several lines of a file: its first accepted line. Built from
/// [`ScoredShare::ids`] of every share of the file (the smallest `line` among the
/// accepted rows, for ids with two rows or more).
pub type Duplicates = rustc_hash::FxHashMap<String, u64>;

/// What a share tells the plan ([`ScoredShare::summary`]): small, summed over shares.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ShareSummary {
    rows: u64,
    extra_columns: Vec<String>,
    lookalike: LookalikeCounts,
    look: LookupStats,
    candidate_pairs: u64,
    accepted: u64,
    countries: Vec<String>,
    rejects: u64,
    missing_country: u64,
    no_name: u64,
}

impl ShareSummary {
    /// Encodes the summary (postcard).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        encode(self, "a share summary")
    }

    /// Decodes a summary made by [`ShareSummary::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<ShareSummary> {
        decode(bytes, "a share summary")
    }
}

/// The run-wide settings of a spread merge ([`Linker::plan_shares`]): the answer
/// files' labels and carried columns, the countries, the look-alike strata summed
/// over every share, the model, rules and passes. Shipped to every worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SharePlan {
    labels: Vec<String>,
    extra_columns: Vec<Vec<String>>,
    countries: Vec<String>,
    lookalike: LookalikeCounts,
    model: crate::model::Model,
    rules: crate::decide::DecisionRules,
    passes: Vec<crate::blocking::PassConfig>,
}

/// A decided pair on its way through a spread merge, with what the later stages need:
/// its answer's mass below the review threshold and the answer record itself.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedPair {
    pair: ScoredPair,
    below: u64,
    record: Record,
}

#[derive(Serialize, Deserialize)]
struct WirePair {
    registry: u32,
    file: u32,
    line: u32,
    country: u32,
    levels: Vec<u8>,
    order_swapped: bool,
    tf_adjust: [f32; 2],
    match_weight: f64,
    lookalike_weight: f64,
    probability: f64,
    pass: u8,
    decision: Decision,
    reasons: u16,
    below: u64,
    record: Record,
}

impl PlannedPair {
    /// Encodes the pair (postcard).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let p = &self.pair;
        let w = WirePair {
            registry: p.registry,
            file: p.response_file,
            line: p.response,
            country: p.country,
            levels: p.comparison.levels.to_vec(),
            order_swapped: p.comparison.order_swapped,
            tf_adjust: p.comparison.tf_adjust,
            match_weight: p.match_weight,
            lookalike_weight: p.lookalike_weight,
            probability: p.probability,
            pass: p.pass,
            decision: p.decision,
            reasons: p.review_reason.bits(),
            below: self.below,
            record: self.record.clone(),
        };
        encode(&w, "a pair")
    }

    /// Decodes a pair made by [`PlannedPair::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<PlannedPair> {
        let w: WirePair = decode(bytes, "a pair")?;
        let mut levels = [0u8; crate::field::N_FIELDS];
        if w.levels.len() != levels.len() {
            return Err(Error::config(format!("decoding a pair: {} field levels, this build has {}", w.levels.len(), levels.len())));
        }
        levels.copy_from_slice(&w.levels);
        let pair = ScoredPair {
            registry: w.registry,
            response_file: w.file,
            response: w.line,
            country: w.country,
            comparison: Comparison { levels, order_swapped: w.order_swapped, tf_adjust: w.tf_adjust },
            match_weight: w.match_weight,
            lookalike_weight: w.lookalike_weight,
            probability: w.probability,
            pass: w.pass,
            decision: w.decision,
            review_reason: ReviewReasons::from_bits(w.reasons),
        };
        Ok(PlannedPair { pair, below: w.below, record: w.record })
    }

    /// The answer's node in the pair graph: its file and line.
    pub fn response_node(&self) -> i64 {
        ((self.pair.response_file as i64) << 32) | self.pair.response as i64
    }

    /// The person's node in the pair graph: registry position and answering country
    /// (the one-to-one rule's second group), apart from every response node.
    pub fn person_node(&self) -> i64 {
        (1i64 << 62) | ((self.pair.country as i64) << 32) | self.pair.registry as i64
    }

    /// The answer file's position among the run's answer files.
    pub fn file(&self) -> u32 {
        self.pair.response_file
    }

    /// The answer's line in its file.
    pub fn line(&self) -> u64 {
        self.pair.response as u64
    }

    /// The registry record's position.
    pub fn registry(&self) -> u32 {
        self.pair.registry
    }

    /// The probability, when the pair is `match` (for [`SharePlan::precision_floor`]).
    pub fn match_probability(&self) -> Option<f64> {
        (self.pair.decision == Decision::Match).then_some(self.pair.probability)
    }
}

/// Counts of a stage of a spread merge, summed by [`Linker::spread_stats`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SpreadTally {
    read: u64,
    accepted: u64,
    rejected: u64,
    decisions: crate::decide::DecisionStats,
    expected: crate::link::ExpectedParts,
}

impl SpreadTally {
    /// Encodes the tally (postcard).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        encode(self, "a tally")
    }

    /// Decodes a tally made by [`SpreadTally::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<SpreadTally> {
        decode(bytes, "a tally")
    }

    /// Rows read, accepted and rejected (blanked fields are not rejects).
    pub fn rows(&self) -> (u64, u64, u64) {
        (self.read, self.accepted, self.rejected)
    }

    /// Adds another stage's or share's counts.
    pub fn merge(&mut self, o: &SpreadTally) {
        self.read += o.read;
        self.accepted += o.accepted;
        self.rejected += o.rejected;
        self.decisions.add(&o.decisions);
        self.expected.merge(&o.expected);
    }
}

/// A share decided on its own ([`SharePlan::decide_share`]).
pub struct DecidedShare {
    /// Its pairs, calibrated and decided each on its own, before the one-to-one rule.
    pub pairs: Vec<PlannedPair>,
    /// Its rejected rows and blanked fields, each with its sort key within the file
    /// (line, 0 for a reject or 1 for a note, place among the line's notes).
    pub rejects: Vec<((u64, u8, u32), RejectRow)>,
    /// Its counts.
    pub tally: SpreadTally,
}

/// A component's final decisions ([`SharePlan::finish_component`]), ready for
/// [`for_each_match_row`](crate::for_each_match_row): `result.pairs` in output order,
/// `responses` the answer files holding only the component's answer records.
pub struct FinishedComponent {
    /// The decided pairs (their `response` indexes `responses`).
    pub result: LinkResult,
    /// Per answer file, the component's answer records.
    pub responses: Vec<Dataset>,
    /// Its counts (expected figures of its answers).
    pub tally: SpreadTally,
}

impl ScoredShare {
    /// Every row's id with its line: the share's accepted records and the rows it
    /// rejected as repeats of an earlier line of the share (stage 1 of a spread merge).
    pub fn ids(&self) -> Vec<ShareId> {
        self.rows
            .iter()
            .filter_map(|r| match r {
                ShareRow::Record { record, .. } => Some(ShareId { id: record.id.clone(), line: record.line, accepted: true }),
                ShareRow::Reject { reject, duplicate: true } => Some(ShareId { id: reject.id.clone(), line: reject.line, accepted: false }),
                ShareRow::Reject { .. } => None,
            })
            .collect()
    }

    /// What the plan needs of the share, its records repeating an id of an earlier line
    /// of the file (`duplicates`) left out (stage 2).
    pub fn summary(&self, duplicates: &Duplicates) -> ShareSummary {
        let mut s = ShareSummary { rows: self.rows.len() as u64, extra_columns: self.extra_columns.clone(), ..Default::default() };
        let (missing_country, no_name) = (RejectReason::MissingCountry.to_string(), RejectReason::NoName.to_string());
        for r in &self.rows {
            match r {
                ShareRow::Record { record, .. } if is_repeat(duplicates, &record.id, record.line) => s.rejects += 1,
                ShareRow::Record { record, lookalike, look, candidates, .. } => {
                    s.accepted += 1;
                    s.lookalike.merge(lookalike);
                    s.look.add(look);
                    s.candidate_pairs += candidates;
                    if !s.countries.contains(&record.country) {
                        s.countries.push(record.country.clone());
                    }
                }
                ShareRow::Reject { reject, .. } => {
                    s.rejects += 1;
                    s.missing_country += (reject.reason == missing_country) as u64;
                    s.no_name += (reject.reason == no_name) as u64;
                }
            }
        }
        s
    }
}

/// Whether the record on `line` repeats an id first accepted on an earlier line.
fn is_repeat(duplicates: &Duplicates, id: &str, line: u64) -> bool {
    duplicates.get(id).is_some_and(|&first| first != line)
}

impl Linker {
    /// The plan of a spread merge from every share's [`ScoredShare::summary`]
    /// (`summaries`: the answer file's position and its share's summary; `labels`: the
    /// answer files in order). A file with no accepted row whose every row lacks a
    /// country or a name is an error, as in [`Linker::merge_shares`].
    pub fn plan_shares(&self, labels: Vec<String>, summaries: &[(usize, ShareSummary)]) -> Result<SharePlan> {
        let n = labels.len();
        let mut lookalike = LookalikeCounts::default();
        let mut countries: Vec<String> = Vec::new();
        let mut per_file = vec![(0u64, 0u64, 0u64, 0u64); n];
        let mut extra: Vec<Option<(bool, Vec<String>)>> = vec![None; n];
        for (f, s) in summaries {
            let Some(acc) = per_file.get_mut(*f) else {
                return Err(Error::config(format!("a share of answer file {f}, but the run has {n}")));
            };
            lookalike.merge(&s.lookalike);
            countries.extend(s.countries.iter().cloned());
            acc.0 += s.accepted;
            acc.1 += s.rejects;
            acc.2 += s.missing_country;
            acc.3 += s.no_name;
            // The carried columns of the file's first share with rows (all shares of a file share its header).
            let slot = &mut extra[*f];
            if slot.as_ref().is_none_or(|(has_rows, _)| !has_rows && s.rows > 0) {
                *slot = Some((s.rows > 0, s.extra_columns.clone()));
            }
        }
        for (label, &(accepted, rejects, missing_country, no_name)) in labels.iter().zip(&per_file) {
            if accepted == 0 && rejects > 0 {
                if missing_country == rejects {
                    return Err(Error::format(label, None, Some("country"), "no country in any row, and none was given for the file; fill the 'country' column (ISO 3166-1 code of the answering state) or give the file's country (dualcit: --responses CC=FILE; library: ReadOptions::default_country)"));
                }
                if no_name == rejects {
                    return Err(Error::format(label, None, Some("surname"), "no name in any row: the name columns are empty in every row; check that the header names the columns that hold the names (surname, given_name, patronymic or full_name)"));
                }
            }
        }
        countries.sort();
        countries.dedup();
        Ok(SharePlan {
            labels,
            extra_columns: extra.into_iter().map(|e| e.map(|(_, c)| c).unwrap_or_default()).collect(),
            countries,
            lookalike,
            model: self.model().clone(),
            rules: *self.rules(),
            passes: self.pass_configs().to_vec(),
        })
    }

    /// The run's counts from a spread merge's parts: the shares' summaries, the
    /// tallies of every stage and the two precision floors (as
    /// [`Linker::merge_shares`] counts them).
    pub fn spread_stats(
        &self,
        index: &RegistryIndex,
        plan: &SharePlan,
        summaries: &[(usize, ShareSummary)],
        tallies: &[SpreadTally],
        floors: [Option<f64>; 2],
    ) -> LinkStats {
        let mut look = LookupStats::default();
        let mut stats = LinkStats { registry_records: index.len() as u64, ..Default::default() };
        for (_, s) in summaries {
            look.add(&s.look);
            stats.candidate_pairs += s.candidate_pairs;
            stats.response_records += s.accepted;
        }
        let mut t = SpreadTally::default();
        for x in tallies {
            t.merge(x);
        }
        stats.lookalike = Calibration::estimate(&plan.lookalike, &plan.model);
        stats.passes = self.pass_stats(index, &look);
        let all = stats.registry_records as f64 * stats.response_records as f64;
        stats.reduction_ratio = if all > 0.0 { 1.0 - stats.candidate_pairs as f64 / all } else { 1.0 };
        stats.decisions = t.decisions;
        stats.decisions.raised_match_threshold = floors[1].or(floors[0]);
        stats.expected = t.expected.finish();
        stats
    }
}

impl SharePlan {
    /// Encodes the plan (postcard).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        encode(self, "a run plan")
    }

    /// Decodes a plan made by [`SharePlan::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<SharePlan> {
        decode(bytes, "a run plan")
    }

    /// The answer files' labels, in order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The answer files' carried columns, in order.
    pub fn extra_columns(&self) -> &[Vec<String>] {
        &self.extra_columns
    }

    /// Stage 3: a share of answer file `file` calibrated and decided pair by pair, its
    /// records repeating an id of an earlier line (`duplicates`, the file's) rejected.
    pub fn decide_share(&self, file: usize, share: &ScoredShare, duplicates: &Duplicates) -> Result<DecidedShare> {
        let label = self.labels.get(file).ok_or_else(|| Error::config(format!("answer file {file} of a run of {}", self.labels.len())))?;
        let calibration = Calibration::estimate(&self.lookalike, &self.model);
        let review = self.rules.thresholds.review_probability;
        let width = self.extra_columns.get(file).map_or(0, Vec::len);
        let mut out = DecidedShare { pairs: Vec::new(), rejects: Vec::new(), tally: SpreadTally::default() };
        let duplicate = |first_line: u64| RejectReason::DuplicateId { first_line }.to_string();
        for row in &share.rows {
            out.tally.read += 1;
            match row {
                ShareRow::Reject { reject, duplicate: dup } => {
                    let mut reject = reject.clone();
                    if *dup {
                        if let Some(&first) = duplicates.get(&reject.id) {
                            reject.reason = duplicate(first);
                        }
                    }
                    out.tally.rejected += 1;
                    out.rejects.push(((reject.line, 0, 0), reject));
                }
                ShareRow::Record { record, raw, .. } if is_repeat(duplicates, &record.id, record.line) => {
                    let first = duplicates[&record.id];
                    out.tally.rejected += 1;
                    let r = RejectRow {
                        file: label.clone(),
                        line: record.line,
                        id: record.id.clone(),
                        field: "id".into(),
                        reason: duplicate(first),
                        row: raw.clone(),
                    };
                    out.rejects.push(((record.line, 0, 0), r));
                }
                ShareRow::Record { record, notes, pairs, below, .. } => {
                    out.tally.accepted += 1;
                    out.rejects.extend(notes.iter().enumerate().map(|(i, n)| ((n.line, 1, i as u32), n.clone())));
                    let line = u32::try_from(record.line)
                        .map_err(|_| Error::format(label, Some(record.line), None, "a line past 4,294,967,295 in a file merged in shares"))?;
                    let country =
                        self.countries.binary_search(&record.country).map_err(|_| Error::config(format!("country {} not in the run plan", record.country)))?
                            as u32;
                    let mut scored: Vec<ScoredPair> = pairs.iter().map(|p| p.scored(file as u32, line, country)).collect();
                    // As `link::calibrate` does for every answer at once.
                    let mut below = *below;
                    for p in &mut scored {
                        crate::link::correct(p, &calibration);
                    }
                    let n = scored.len() as u32;
                    for p in &mut scored {
                        crate::link::mark_only_candidate(p, n, review);
                    }
                    for p in scored.iter().filter(|p| !crate::link::kept(p, review)) {
                        below += crate::model::mass_units(p.probability);
                    }
                    scored.retain(|p| crate::link::kept(p, review));
                    crate::decide::decide_each(&mut scored, &self.rules, &mut out.tally.decisions);
                    if scored.is_empty() {
                        out.tally.expected.add_query(0, below, 0);
                        continue;
                    }
                    let mut record = (**record).clone();
                    record.extra.resize(width, String::new());
                    out.pairs.extend(scored.into_iter().map(|pair| PlannedPair { pair, below, record: record.clone() }));
                }
            }
        }
        Ok(out)
    }

    /// Stage 4's floor, and stage 5's: the match threshold the precision target sets
    /// ([`DecisionRules::precision_target`](crate::DecisionRules)) from the `match`
    /// probabilities of every pair, as (value, how many), any order: `None` when it
    /// does not raise the threshold.
    pub fn precision_floor(&self, groups: &[(f64, u64)]) -> Option<f64> {
        let mut g = groups.to_vec();
        g.sort_by(|a, b| b.0.total_cmp(&a.0));
        g.dedup_by(|b, a| {
            let same = a.0 == b.0;
            if same {
                a.1 += b.1;
            }
            same
        });
        crate::decide::precision_floor(&g, self.rules.precision_target)
    }

    /// Stage 4: one connected component of the pairs (every pair sharing a response
    /// record or a registry person and country with one of them), with the run's first
    /// precision floor, under the one-to-one rule.
    pub fn decide_component(&self, pairs: Vec<PlannedPair>, floor: Option<f64>) -> (Vec<PlannedPair>, SpreadTally) {
        let mut tally = SpreadTally::default();
        let (mut scored, mut rest): (Vec<ScoredPair>, Vec<(u64, Record)>) = pairs.into_iter().map(|p| (p.pair, (p.below, p.record))).unzip();
        // The records travel with their pairs: keyed by (file, line) to rejoin them.
        let mut by_query: rustc_hash::FxHashMap<(u32, u32), (u64, Record)> = rustc_hash::FxHashMap::default();
        for (p, r) in scored.iter().zip(rest.drain(..)) {
            by_query.entry((p.response_file, p.response)).or_insert(r);
        }
        if let Some(f) = floor {
            crate::decide::apply_precision_floor(&mut scored, f, &mut tally.decisions);
        }
        crate::decide::one_to_one(&mut scored, &self.rules, &mut tally.decisions);
        // An answer whose every pair a stronger one superseded keeps only its mass below
        // the review threshold among the expected figures, as in `Expected::of`.
        let left: rustc_hash::FxHashSet<(u32, u32)> = scored.iter().map(|p| (p.response_file, p.response)).collect();
        let mut gone: Vec<u64> = by_query.iter().filter(|(q, _)| !left.contains(q)).map(|(_, (below, _))| *below).collect();
        gone.sort_unstable();
        for below in gone {
            tally.expected.add_query(0, below, 0);
        }
        let out = scored
            .into_iter()
            .map(|pair| {
                let (below, record) = by_query.get(&(pair.response_file, pair.response)).cloned().unwrap_or_default();
                PlannedPair { pair, below, record }
            })
            .collect();
        (out, tally)
    }

    /// Stage 5: decided components with the run's second precision floor: their pairs in
    /// output order with their answer records, and their answers' expected figures.
    /// Each pair and each answer is finished alone, so any number of whole components
    /// may come at once (a cluster task's bucket). `index` gives the weights for the
    /// explanations.
    pub fn finish_component(&self, pairs: Vec<PlannedPair>, floor: Option<f64>, index: &RegistryIndex) -> FinishedComponent {
        let mut tally = SpreadTally::default();
        let mut responses: Vec<Dataset> =
            self.labels.iter().zip(&self.extra_columns).map(|(l, c)| Dataset { source: l.clone(), extra_columns: c.clone(), ..Default::default() }).collect();
        let mut scored = Vec::with_capacity(pairs.len());
        let mut queries: rustc_hash::FxHashMap<(u32, u32), u64> = rustc_hash::FxHashMap::default();
        for p in pairs {
            if queries.insert((p.pair.response_file, p.pair.response), p.below).is_none() {
                if let Some(d) = responses.get_mut(p.pair.response_file as usize) {
                    d.records.push(p.record);
                }
            }
            scored.push(p.pair);
        }
        if let Some(f) = floor {
            crate::decide::apply_precision_floor(&mut scored, f, &mut tally.decisions);
        }
        crate::decide::finish(&mut scored, &mut tally.decisions);
        // Expected figures per answer, as `Expected::of` sums them.
        let mut per_query: rustc_hash::FxHashMap<(u32, u32), (u64, u64, u64)> = rustc_hash::FxHashMap::default();
        for p in &scored {
            let e = per_query.entry((p.response_file, p.response)).or_insert((0, queries[&(p.response_file, p.response)], 0));
            let units = crate::model::mass_units(p.probability);
            if p.decision == Decision::Match {
                tally.expected.matches += 1;
                e.0 += units;
            } else {
                e.1 += units;
                e.2 += units;
            }
        }
        for (m, u, r) in per_query.into_values() {
            tally.expected.add_query(m, u, r);
        }
        // `response` indexes the component's records of its file.
        for d in &mut responses {
            d.records.sort_by_key(|r| r.line);
        }
        for p in &mut scored {
            let d = &responses[p.response_file as usize];
            p.response = d.records.binary_search_by_key(&(p.response as u64), |r| r.line).unwrap_or(0) as u32;
        }
        let passes = self.passes.iter().map(|c| crate::link::PassStats { pass: c.pass.name(), cap: c.cap, ..Default::default() }).collect();
        let stats = LinkStats { passes, ..Default::default() };
        FinishedComponent { result: LinkResult { pairs: scored, countries: self.countries.clone(), stats, weights: index.weights().clone() }, responses, tally }
    }
}

/// The registry as a spread merge's workers know it: ids from the registry index,
/// no carried columns (the cluster joins the registry's carried columns to the rows by
/// position; [`PlannedPair::registry`]).
pub struct IndexRegistryRows<'a> {
    index: &'a RegistryIndex,
    read: Dataset,
}

impl<'a> IndexRegistryRows<'a> {
    /// The rows of `index`.
    pub fn new(index: &'a RegistryIndex) -> IndexRegistryRows<'a> {
        IndexRegistryRows { index, read: Dataset { source: "registry".into(), ..Default::default() } }
    }
}

impl crate::record::RegistryRows for IndexRegistryRows<'_> {
    fn read(&self) -> &Dataset {
        &self.read
    }

    fn id_at(&self, pos: u32) -> &str {
        self.index.id_at(pos)
    }

    fn extra_at(&self, _pos: u32, _col: usize) -> &str {
        ""
    }

    fn shown_at(&self, pos: u32) -> Option<[String; 5]> {
        self.index.shown_at(pos)
    }
}
