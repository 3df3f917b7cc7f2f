//! A run in shares: each share of the answer rows is read and scored alone
//! against the registry index (on a Spark executor, say), and the shares are then
//! merged into the run [`Linker::link_with_index`] makes over the whole files —
//! the same ids rejected as duplicates, the same look-alike calibration (estimated
//! from the tallies of every answer, not a share's), the same thresholds, one-to-one
//! rule and decisions.
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `blocking`, `decide`, `error`, `field`, `index`, `io`, `link`, `prepare`, `record` and no module above it.

use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::blocking::{LookupStats, Scratch};
use crate::decide::lookalike::LookalikeCounts;
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

/// One row of a share, in row order.
#[derive(Clone, Debug, Serialize, Deserialize)]
enum ShareRow {
    /// Accepted by the share: the record, its blanked fields, its scores.
    Record { record: Box<Record>, raw: String, notes: Vec<RejectRow>, pairs: Vec<SharePair>, lookalike: LookalikeCounts, below: u64 },
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
    look: LookupStats,
    candidate_pairs: u64,
}

impl ScoredShare {
    /// Encodes the share (postcard).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        postcard::to_stdvec(self).map_err(|e| Error::config(format!("encoding a scored share: {e}")))
    }

    /// Decodes a share made by [`ScoredShare::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<ScoredShare> {
        postcard::from_bytes(bytes).map_err(|e| Error::config(format!("decoding a scored share: {e}")))
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
        let mut look = LookupStats::default();
        let mut candidate_pairs = 0;
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
        for (record, (pairs, lookalike, below, l, n)) in d.records.into_iter().zip(scored) {
            look.add(&l);
            candidate_pairs += n;
            let notes = notes.remove(&record.line).unwrap_or_default();
            let raw = row_of.get(&record.line).map(|&i| table_raw_row(table, i)).unwrap_or_default();
            rows.push(ShareRow::Record { record: Box::new(record), raw, notes, pairs, lookalike, below });
        }
        for r in &d.rejects {
            rows.push(ShareRow::Reject { reject: reject_row(r), duplicate: matches!(r.reason, RejectReason::DuplicateId { .. }) });
        }
        // Row order (a rejected row before the notes of a kept row on the same line cannot happen).
        rows.sort_by_key(|r| match r {
            ShareRow::Record { record, .. } => record.line,
            ShareRow::Reject { reject, .. } => reject.line,
        });
        Ok(ScoredShare { extra_columns: d.extra_columns, rows, look, candidate_pairs })
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
                scores.look.add(&s.look);
                stats.candidate_pairs += s.candidate_pairs;
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
                    ShareRow::Record { record, raw, notes: n, pairs, lookalike, below } => {
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
                        scores.pairs.extend(pairs.into_iter().map(|p| {
                            let mut levels = [0u8; crate::field::N_FIELDS];
                            for (l, v) in levels.iter_mut().zip(&p.levels) {
                                *l = *v;
                            }
                            ScoredPair {
                                registry: p.registry,
                                response_file: fi as u32,
                                response: ri,
                                country: ci,
                                comparison: Comparison { levels, order_swapped: p.order_swapped, tf_adjust: p.tf_adjust },
                                match_weight: p.match_weight,
                                lookalike_weight: 0.0,
                                probability: p.probability,
                                pass: p.pass,
                                decision: Decision::Review,
                                review_reason: ReviewReasons::NONE,
                            }
                        }));
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
