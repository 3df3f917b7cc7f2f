//! Batch linking: read → normalize → block → compare → decide, in parallel,
//! with output independent of the number of threads.
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `blocking`, `decide`, `error`, `eval`, `explain`, `index`, `model`, `prepare`, `record` and no module above it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::blocking::{BlockingPass, LookupStats, PassConfig, Scratch, DEFAULT_PASSES};
use crate::decide::lookalike::{is_consistent, is_near, Calibration};
use crate::decide::{self, Decision, DecisionPolicy, DecisionRules, DecisionStats, ReviewReason, ReviewReasons, ScoredPair};
use crate::eval::ScoredRow;
use crate::explain::Explanation;
use crate::index::{RegistryIndex, ScoreTally};
use crate::model::{from_mass_units, mass_units, probability, Model, Thresholds, Weights};
use crate::prepare::PreparedRecord;
use crate::record::{Dataset, RegistryRows};

/// Every response record scored, before the run-wide look-alike calibration.
pub(crate) struct Scores {
    /// Pairs at or above the review threshold (or near), in query order.
    pub pairs: Vec<ScoredPair>,
    /// Lookup counts.
    pub look: LookupStats,
    /// Look-alike strata and the probability mass below the review threshold.
    pub tally: ScoreTally,
    /// Per response record, in query order: the probability mass (1e-12 units) of its pairs below the review threshold.
    pub below: Vec<u64>,
}

/// Receives progress from long stages (the CLI draws bars with it).
pub trait Progress: Send + Sync {
    /// A stage starts with `total` units of work.
    fn start(&self, stage: &'static str, total: u64);
    /// `n` more units are done.
    fn advance(&self, n: u64);
    /// The stage is over.
    fn finish(&self);
}

/// Configures a [`Linker`]. Defaults: the shipped model and its thresholds,
/// [`DEFAULT_PASSES`] with each pass's default cap.
#[derive(Clone)]
pub struct LinkerBuilder {
    model: Model,
    thresholds: Option<Thresholds>,
    tie_margin: f64,
    policy: DecisionPolicy,
    precision_target: f64,
    passes: Vec<PassConfig>,
    progress: Option<Arc<dyn Progress>>,
}

impl Default for LinkerBuilder {
    fn default() -> Self {
        LinkerBuilder {
            model: Model::default(),
            thresholds: None,
            tie_margin: decide::DEFAULT_TIE_MARGIN,
            policy: DecisionPolicy::default(),
            precision_target: decide::DEFAULT_PRECISION_TARGET,
            passes: DEFAULT_PASSES.iter().map(|&p| p.into()).collect(),
            progress: None,
        }
    }
}

impl LinkerBuilder {
    /// Uses this model (and its thresholds, unless [`LinkerBuilder::thresholds`] is set).
    pub fn model(&mut self, model: Model) -> &mut Self {
        self.model = model;
        self
    }

    /// Overrides the model's decision thresholds.
    pub fn thresholds(&mut self, thresholds: Thresholds) -> &mut Self {
        self.thresholds = Some(thresholds);
        self
    }

    /// Competitors within this many bits of the best pair make both `review`.
    pub fn tie_margin(&mut self, bits: f64) -> &mut Self {
        self.tie_margin = bits;
        self
    }

    /// Which contradictions forbid `match` (default [`DecisionPolicy::strict`]).
    pub fn policy(&mut self, policy: DecisionPolicy) -> &mut Self {
        self.policy = policy;
        self
    }

    /// The least expected precision of a batch run's `match` decisions (default
    /// [`DEFAULT_PRECISION_TARGET`](crate::DEFAULT_PRECISION_TARGET); 0 turns it off):
    /// see [`DecisionRules::precision_target`].
    pub fn precision_target(&mut self, target: f64) -> &mut Self {
        self.precision_target = target;
        self
    }

    /// The blocking passes, in order, each with its default cap.
    pub fn passes(&mut self, passes: &[BlockingPass]) -> &mut Self {
        self.passes = passes.iter().map(|&p| p.into()).collect();
        self
    }

    /// Sets the block-size cap of one pass: its blocks larger than this are
    /// skipped for a query and counted as capped.
    pub fn pass_cap(&mut self, pass: BlockingPass, cap: usize) -> &mut Self {
        for p in self.passes.iter_mut().filter(|p| p.pass == pass) {
            p.cap = cap.max(1);
        }
        self
    }

    /// Reports progress to `p`.
    pub fn progress(&mut self, p: Arc<dyn Progress>) -> &mut Self {
        self.progress = Some(p);
        self
    }

    /// Builds the linker, checking the configuration.
    pub fn build(&self) -> crate::Result<Linker> {
        let thresholds = self.thresholds.unwrap_or(self.model.thresholds);
        if !(0.0..=1.0).contains(&thresholds.review_probability)
            || !(0.0..=1.0).contains(&thresholds.match_probability)
            || thresholds.review_probability > thresholds.match_probability
        {
            return Err(crate::Error::config("thresholds must satisfy 0 <= review <= match <= 1"));
        }
        if self.passes.is_empty() {
            return Err(crate::Error::config("at least one blocking pass is needed"));
        }
        if !(0.0..=1.0).contains(&self.precision_target) {
            return Err(crate::Error::config("precision target must be between 0 and 1 (0 turns it off)"));
        }
        if self.tie_margin.is_nan() || self.tie_margin < 0.0 {
            return Err(crate::Error::config("tie margin must be >= 0"));
        }
        Ok(Linker {
            model: self.model.clone(),
            rules: DecisionRules { thresholds, tie_margin: self.tie_margin, policy: self.policy, precision_target: self.precision_target },
            passes: self.passes.clone(),
            progress: self.progress.clone(),
        })
    }
}

/// Links a registry with response files.
pub struct Linker {
    model: Model,
    rules: DecisionRules,
    passes: Vec<PassConfig>,
    progress: Option<Arc<dyn Progress>>,
}

/// Per-pass blocking counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct PassStats {
    /// Pass name.
    pub pass: &'static str,
    /// Candidate pairs the pass produced.
    pub pairs: u64,
    /// Of those, pairs no earlier pass had produced.
    pub new_pairs: u64,
    /// Pairs not produced because their block exceeded the cap.
    pub capped_pairs: u64,
    /// Queries that met at least one capped block.
    pub capped_queries: u64,
    /// Most candidates one query took from this pass.
    pub largest_query_block: u64,
    /// The largest registry blocks of this pass (records per key).
    pub largest_blocks: Vec<u64>,
    /// Block-size cap.
    pub cap: usize,
}

/// One pass in a blocking report.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PassDiagnostics {
    /// Pass name.
    pub pass: &'static str,
    /// Its block-size cap.
    pub cap: usize,
    /// Candidate pairs it produces.
    pub pairs: u64,
    /// Of those, pairs no earlier pass produced.
    pub new_pairs: u64,
    /// Pairs its cap dropped.
    pub capped_pairs: u64,
    /// Queries that met a capped block.
    pub capped_queries: u64,
    /// Its largest registry blocks.
    pub largest_blocks: Vec<u64>,
    /// 1 − pairs / (registry × responses), for this pass alone.
    pub reduction_ratio: f64,
    /// Share of true pairs this pass produces on its own (with a truth file).
    pub pair_completeness: Option<f64>,
    /// Share of true pairs produced by this pass and the passes before it.
    pub cumulative_completeness: Option<f64>,
}

/// What blocking does on a dataset: `dualcit blocks`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct BlockingReport {
    /// Registry records.
    pub registry_records: u64,
    /// Response records.
    pub response_records: u64,
    /// Distinct candidate pairs over all passes.
    pub candidate_pairs: u64,
    /// 1 − candidate pairs / (registry × responses).
    pub reduction_ratio: f64,
    /// True pairs in the truth file.
    pub true_pairs: Option<u64>,
    /// True pairs that reach scoring.
    pub true_pairs_found: Option<u64>,
    /// Share of true pairs that reach scoring.
    pub pair_completeness: Option<f64>,
    /// Per pass, in order.
    pub passes: Vec<PassDiagnostics>,
    /// The true pairs no pass produces, as (registry id, response id), sorted
    /// (with a truth file; ids only, so that misses can be looked up in the files).
    pub missed_pairs: Vec<crate::eval::PairKey>,
}

impl std::fmt::Display for BlockingReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pct = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{:.4}%", v * 100.0));
        writeln!(f, "registry {} × responses {}", self.registry_records, self.response_records)?;
        writeln!(
            f,
            "{:<13} {:>6} {:>12} {:>12} {:>10} {:>12} {:>11} {:>11}  largest blocks",
            "pass", "cap", "pairs", "new pairs", "capped", "reduction", "complete", "cumulative"
        )?;
        for p in &self.passes {
            writeln!(
                f,
                "{:<13} {:>6} {:>12} {:>12} {:>10} {:>11.6}% {:>11} {:>11}  {:?}",
                p.pass,
                p.cap,
                p.pairs,
                p.new_pairs,
                p.capped_pairs,
                p.reduction_ratio * 100.0,
                pct(p.pair_completeness),
                pct(p.cumulative_completeness),
                p.largest_blocks
            )?;
        }
        writeln!(
            f,
            "all passes: {} candidate pairs, reduction ratio {:.6}%, pair completeness {}",
            self.candidate_pairs,
            self.reduction_ratio * 100.0,
            pct(self.pair_completeness)
        )?;
        if let (Some(t), Some(k)) = (self.true_pairs, self.true_pairs_found) {
            writeln!(f, "true pairs reaching scoring: {k} of {t}")?;
        }
        Ok(())
    }
}

/// Wall time per stage.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct StageTimings {
    /// Normalizing both sides.
    pub normalize: Duration,
    /// Building the blocking index.
    pub index: Duration,
    /// Blocking lookups and scoring.
    pub score: Duration,
    /// Thresholds and one-to-one.
    pub decide: Duration,
}

/// Counts and timings of a run.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct LinkStats {
    /// Registry records linked.
    pub registry_records: u64,
    /// Response records linked.
    pub response_records: u64,
    /// Distinct candidate pairs scored.
    pub candidate_pairs: u64,
    /// Share of all registry × response pairs that blocking avoided.
    pub reduction_ratio: f64,
    /// Per blocking pass.
    pub passes: Vec<PassStats>,
    /// Decision counts.
    pub decisions: DecisionStats,
    /// The look-alike calibration measured on this run's candidates.
    pub lookalike: Calibration,
    /// What the probabilities say about the decisions, without labels.
    pub expected: Expected,
    /// Stage timings.
    pub timings: StageTimings,
}

/// What a run's own probabilities say about its decisions, without labels: the figures
/// an analyst can quote for data nobody has labelled. They are as good as the
/// probabilities are calibrated (see [`Calibration`](crate::Calibration)).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Expected {
    /// Pairs decided `match`.
    pub matches: u64,
    /// Expected true pairs among them (the sum of their probabilities).
    pub true_matches: f64,
    /// Expected precision of the `match` decisions (their mean probability).
    pub match_precision: f64,
    /// Expected true pairs left below `match`: the sum of the probabilities of the
    /// `review` pairs and of every pair compared but left below the review threshold.
    pub true_pairs_below_match: f64,
    /// Of them, among the `review` pairs.
    pub true_pairs_in_review: f64,
    /// Expected recall of the `match` decisions among the true pairs the candidates hold.
    pub match_recall: f64,
}

impl Expected {
    /// From the decided pairs and, per response record, the probability mass (in units
    /// of 1e-12) of its pairs left below the review threshold. An answer names one
    /// person, so a response record holds at most one true pair: its expected true pairs
    /// below `match` are capped at one less its `match` pairs' probability.
    fn of(pairs: &[ScoredPair], below: &[u64], query_of: impl Fn(&ScoredPair) -> usize) -> Expected {
        let mut matched = vec![0u64; below.len()];
        let mut unmatched: Vec<u64> = below.to_vec();
        let mut in_review = vec![0u64; below.len()];
        let mut parts = ExpectedParts::default();
        for p in pairs {
            let q = query_of(p);
            let units = mass_units(p.probability);
            if p.decision == Decision::Match {
                parts.matches += 1;
                matched[q] += units;
            } else {
                unmatched[q] += units;
                in_review[q] += units;
            }
        }
        for q in 0..below.len() {
            parts.add_query(matched[q], unmatched[q], in_review[q]);
        }
        parts.finish()
    }
}

/// [`Expected`] in integer masses (1e-12 units of probability), summable over the
/// response records in any order and over shares decided apart (on Spark executors):
/// the figures come out the same whatever the split.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ExpectedParts {
    /// Pairs decided `match`.
    pub matches: u64,
    /// The mass of their probabilities.
    pub true_matches: u128,
    /// The expected true pairs below `match`, each response record's capped at one less its `match` mass.
    pub below_match: u128,
    /// Of them, among the `review` pairs.
    pub in_review: u128,
}

impl ExpectedParts {
    /// Adds one response record: the mass of its `match` pairs, of every pair below
    /// `match` (its `review` pairs and those left below the review threshold), and of
    /// its `review` pairs. An answer names one person, so a record holds at most one
    /// true pair: what lies below `match` counts up to one less its `match` mass.
    pub(crate) fn add_query(&mut self, matched: u64, unmatched: u64, in_review: u64) {
        let room = mass_units(1.0).saturating_sub(matched);
        self.true_matches += matched as u128;
        self.below_match += unmatched.min(room) as u128;
        self.in_review += in_review.min(room) as u128;
    }

    /// Adds the parts of other response records.
    pub(crate) fn merge(&mut self, o: &ExpectedParts) {
        self.matches += o.matches;
        self.true_matches += o.true_matches;
        self.below_match += o.below_match;
        self.in_review += o.in_review;
    }

    /// The figures.
    pub(crate) fn finish(&self) -> Expected {
        let true_matches = from_mass_units(self.true_matches);
        let all = self.true_matches + self.below_match;
        Expected {
            matches: self.matches,
            true_matches,
            match_precision: if self.matches > 0 { true_matches / self.matches as f64 } else { 1.0 },
            true_pairs_below_match: from_mass_units(self.below_match),
            true_pairs_in_review: from_mass_units(self.in_review),
            match_recall: if all > 0 { self.true_matches as f64 / all as f64 } else { 1.0 },
        }
    }
}

/// The result of a run: decided pairs, sorted by response file, response, registry.
pub struct LinkResult {
    /// Pairs at or above the review threshold, decided.
    pub pairs: Vec<ScoredPair>,
    /// Countries, indexed by [`ScoredPair::country`].
    pub countries: Vec<String>,
    /// Counts and timings.
    pub stats: LinkStats,
    /// The weights used (for explanations).
    pub weights: Weights,
}

impl LinkResult {
    /// The decided pairs as rows for [`crate::eval::evaluate`] (no matches file needed).
    pub fn scored_rows(&self, registry: &dyn RegistryRows, responses: &[Dataset]) -> Vec<ScoredRow> {
        self.pairs
            .iter()
            .map(|p| ScoredRow {
                registry_id: registry.id_at(p.registry).to_string(),
                response_id: responses.get(p.response_file as usize).and_then(|d| d.records.get(p.response as usize)).map(|r| r.id.clone()).unwrap_or_default(),
                country: self.countries.get(p.country as usize).cloned().unwrap_or_default(),
                probability: p.probability,
                is_match: p.decision == Decision::Match,
                comparison: Some(p.comparison),
            })
            .collect()
    }
}

/// What a run did with one pair, and why (`dualcit explain`).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
#[non_exhaustive]
pub enum PairOutcome {
    /// Written to the matches with this decision.
    Written {
        /// `match` or `review`.
        decision: Decision,
        /// Why `review` (empty for `match`).
        review_reason: ReviewReasons,
        /// The blocking pass that found the pair.
        pass: &'static str,
    },
    /// Found by blocking and scored, but below the review threshold: not written.
    BelowReview {
        /// The blocking pass that found the pair.
        pass: &'static str,
        /// It contradicts the person on nothing ([`crate::is_consistent_pair`]) but is not
        /// its answer's only candidate, so it is not written as `only_candidate`.
        consistent: bool,
    },
    /// At or above the review threshold, but not written: the one-to-one
    /// rule gave the answer, or the person (for this answering country), to
    /// a clearly stronger pair.
    Superseded {
        /// The blocking pass that found the pair.
        pass: &'static str,
        /// The written pair that took it, when one did directly.
        by: Option<Rival>,
    },
    /// No blocking pass brings the two records together, so a run never scores the pair.
    NotCandidate {
        /// The answer met a block over its pass's cap (skipped for it).
        capped: bool,
    },
}

/// The pair that took a superseded pair's answer or person.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Rival {
    /// Registry position of the rival pair.
    pub registry: u32,
    /// Response file of the rival pair.
    pub response_file: u32,
    /// Response position of the rival pair.
    pub response: u32,
    /// How many bits stronger it is.
    pub stronger_by: f64,
    /// It took the answer (same response record); otherwise it took the
    /// person (same registry record and answering country).
    pub took_the_answer: bool,
}

/// One pair as a run sees it: its evidence, and what the run's decision rules did with it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PairVerdict {
    /// The pair's evidence, field by field (scored alone).
    pub explanation: Explanation,
    /// What the run did with it.
    pub outcome: PairOutcome,
}

/// A finished run over in-memory inputs, kept to explain its pairs: the
/// verdict on a pair is looked up in the run's own result, so every rule the
/// linker applies (thresholds, one-to-one, competitors) is reflected, and
/// `dualcit explain` cannot tell another story than `dualcit match`.
pub struct LinkedRun {
    index: RegistryIndex,
    result: LinkResult,
    rules: DecisionRules,
}

impl LinkedRun {
    /// The run's result (what `dualcit match` writes).
    pub fn result(&self) -> &LinkResult {
        &self.result
    }

    /// The registry index the run used.
    pub fn index(&self) -> &RegistryIndex {
        &self.index
    }

    /// What the run did with the pair of registry record `registry` and
    /// record `response` of response file `response_file` (positions).
    /// `responses` are the run's response files.
    pub fn verdict(&self, responses: &[Dataset], registry: u32, response_file: u32, response: u32) -> PairVerdict {
        let names: Vec<&'static str> = self.index.passes().iter().map(|p| p.pass.name()).collect();
        let pass_name = |i: u8| names.get(i as usize).copied().unwrap_or("?");
        if let Some(p) = self.result.pairs.iter().find(|p| (p.response_file, p.response, p.registry) == (response_file, response, registry)) {
            return PairVerdict {
                explanation: Explanation::of_pair(&self.result.weights, p),
                outcome: PairOutcome::Written { decision: p.decision, review_reason: p.review_reason, pass: pass_name(p.pass) },
            };
        }
        let record = &responses[response_file as usize].records[response as usize];
        let mut q = PreparedRecord::new(record);
        self.index.attest(&mut q);
        let c = self.index.compare_at(registry, &q);
        let model = Explanation::new(self.index.weights(), &c);
        // The run's own look-alike correction, as the run applied it.
        let explanation = model.clone().with_lookalike(self.result.stats.lookalike.correction(&c, model.match_weight));
        let outcome = match self.index.candidate_pass(registry, &q) {
            (None, capped) => PairOutcome::NotCandidate { capped },
            (Some(pass), _) if explanation.probability < self.rules.thresholds.review_probability && !is_near(&c) => {
                PairOutcome::BelowReview { pass: pass_name(pass), consistent: is_consistent(&c) }
            }
            (Some(pass), _) => {
                let country = self.result.countries.iter().position(|c| *c == record.country).map(|c| c as u32);
                let w = explanation.match_weight;
                let stronger = |p: &&ScoredPair| p.match_weight - w >= self.rules.tie_margin;
                let took_answer = self.result.pairs.iter().filter(|p| (p.response_file, p.response) == (response_file, response)).find(stronger);
                let took_person = || self.result.pairs.iter().filter(|p| p.registry == registry && Some(p.country) == country).find(stronger);
                let by = took_answer.map(|p| (p, true)).or_else(|| took_person().map(|p| (p, false))).map(|(p, took_the_answer)| Rival {
                    registry: p.registry,
                    response_file: p.response_file,
                    response: p.response,
                    stronger_by: p.match_weight - w,
                    took_the_answer,
                });
                PairOutcome::Superseded { pass: pass_name(pass), by }
            }
        };
        PairVerdict { explanation, outcome }
    }
}

impl Linker {
    /// Runs the whole link over in-memory inputs, as [`Linker::link`] does,
    /// and keeps what is needed to explain any pair of it ([`LinkedRun::verdict`]).
    pub fn linked_run(&self, registry: &Dataset, responses: &[Dataset]) -> crate::Result<LinkedRun> {
        let index = self.index(registry)?;
        let result = self.link_with_index(&index, responses)?;
        Ok(LinkedRun { index, result, rules: self.rules })
    }

    /// A builder with the documented defaults.
    pub fn builder() -> LinkerBuilder {
        LinkerBuilder::default()
    }

    /// The model in use.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The passes and their caps.
    pub(crate) fn pass_configs(&self) -> &[PassConfig] {
        &self.passes
    }

    /// The decision rules in use.
    pub fn rules(&self) -> &DecisionRules {
        &self.rules
    }

    /// Compares one registry record (by id) with a response record, without
    /// blocking, and explains the result; `None` if the id is not in the registry.
    pub fn explain_pair(&self, registry: &Dataset, registry_id: &str, response: &crate::record::Record) -> crate::Result<Option<Explanation>> {
        let index = self.index(registry)?;
        let Some(position) = index.position(registry_id) else { return Ok(None) };
        let mut q = PreparedRecord::new(response);
        index.attest(&mut q);
        let c = index.compare_at(position, &q);
        Ok(Some(Explanation::new(index.weights(), &c)))
    }

    /// Builds the registry index these settings describe (the service path;
    /// [`Linker::link`] uses the same index).
    pub fn index(&self, registry: &Dataset) -> crate::Result<RegistryIndex> {
        RegistryIndex::build(self.model.clone(), self.rules, self.passes.clone(), &registry.records)
    }

    /// An empty index with these settings, to be filled batch by batch (a
    /// registry streamed from a file: see [`crate::io::read_registry`]).
    pub fn index_builder(&self) -> crate::index::IndexBuilder {
        RegistryIndex::builder(self.model.clone(), self.rules, self.passes.clone())
    }

    /// Links `registry` with every response file: builds the registry index,
    /// queries it with every response record in parallel, then applies the
    /// thresholds and the one-to-one rule across all answers. Fails only if
    /// registry ids are empty or repeated.
    pub fn link(&self, registry: &Dataset, responses: &[Dataset]) -> crate::Result<LinkResult> {
        let t = Instant::now();
        self.stage("normalize", registry.records.len() as u64);
        let mut builder = self.index_builder();
        builder.add(&registry.records)?;
        self.advance(registry.records.len() as u64);
        self.done();
        let normalize = t.elapsed();
        let t = Instant::now();
        let index = builder.finish();
        let index_time = t.elapsed();
        let mut result = self.link_with_index(&index, responses)?;
        result.stats.timings.normalize += normalize;
        result.stats.timings.index = index_time;
        Ok(result)
    }

    /// Links a built registry index with every response file (the streaming
    /// path: the registry's records need not be in memory). Registry
    /// positions in the result are the index's.
    pub fn link_with_index(&self, index: &RegistryIndex, responses: &[Dataset]) -> crate::Result<LinkResult> {
        let mut stats = LinkStats { registry_records: index.len() as u64, ..Default::default() };

        let t = Instant::now();
        self.stage("normalize", responses.iter().map(|d| d.records.len()).sum::<usize>() as u64);
        let mut resp: Vec<Vec<PreparedRecord>> = responses.iter().map(|d| self.prepare(d)).collect();
        resp.par_iter_mut().flatten().for_each(|q| index.attest(q));
        self.done();
        stats.timings.normalize = t.elapsed();

        // Answering countries, interned in order of first appearance.
        let mut countries: Vec<String> = Vec::new();
        let mut queries: Vec<(u32, u32, u32)> = Vec::new();
        for (fi, d) in responses.iter().enumerate() {
            for (ri, r) in d.records.iter().enumerate() {
                let ci = match countries.iter().position(|c| *c == r.country) {
                    Some(i) => i,
                    None => {
                        countries.push(r.country.clone());
                        countries.len() - 1
                    }
                };
                queries.push((fi as u32, ri as u32, ci as u32));
            }
        }
        stats.response_records = queries.len() as u64;

        let t = Instant::now();
        self.stage("score", queries.len() as u64);
        // Per chunk: its pairs, lookup counts, pairs scored, tallies, and per query the
        // probability mass left below the review threshold.
        type Chunk = (Vec<ScoredPair>, LookupStats, u64, ScoreTally, Vec<u64>);
        let chunks: Vec<Chunk> = queries
            .par_chunks(512)
            .map_init(
                || (Scratch::default(), Vec::new()),
                |(scratch, found), chunk| {
                    let mut out = Vec::new();
                    let mut look = LookupStats::default();
                    let mut tally = ScoreTally::default();
                    let mut below = Vec::with_capacity(chunk.len());
                    let mut scored = 0u64;
                    for &(fi, ri, ci) in chunk {
                        found.clear();
                        let before = tally.below_review_p;
                        scored += index.score_into(&resp[fi as usize][ri as usize], scratch, &mut look, found, &mut tally);
                        below.push(tally.below_review_p - before);
                        out.extend(found.drain(..).map(|s| ScoredPair {
                            registry: s.registry,
                            response_file: fi,
                            response: ri,
                            country: ci,
                            comparison: s.comparison,
                            match_weight: s.match_weight,
                            lookalike_weight: 0.0,
                            probability: s.probability,
                            pass: s.pass,
                            decision: Decision::Review,
                            review_reason: ReviewReasons::NONE,
                        }));
                    }
                    if let Some(p) = &self.progress {
                        p.advance(chunk.len() as u64);
                    }
                    (out, look, scored, tally, below)
                },
            )
            .collect();
        self.done();
        let mut scores = Scores { pairs: Vec::new(), look: LookupStats::default(), tally: ScoreTally::default(), below: Vec::with_capacity(queries.len()) };
        for (p, l, n, t, b) in chunks {
            scores.pairs.extend(p);
            scores.look.add(&l);
            scores.tally.merge(&t);
            scores.below.extend(b);
            stats.candidate_pairs += n;
        }
        let sizes: Vec<usize> = responses.iter().map(|d| d.records.len()).collect();
        Ok(self.conclude(index, &sizes, countries, scores, stats, t))
    }

    /// The end of a run, once every response record is scored (by
    /// [`Linker::link_with_index`], or in shares merged): the look-alike calibration
    /// from all the candidates' tallies, applied to every pair, the review threshold,
    /// the per-pass counts and the decisions. `sizes` are the records per response file.
    pub(crate) fn conclude(
        &self,
        index: &RegistryIndex,
        sizes: &[usize],
        countries: Vec<String>,
        scores: Scores,
        mut stats: LinkStats,
        t: Instant,
    ) -> LinkResult {
        let Scores { mut pairs, look, tally, mut below } = scores;
        let first_query = first_queries(sizes.iter().copied());
        let calibration = calibrate(&mut pairs, &tally, &mut below, &first_query, &self.model, self.rules.thresholds.review_probability);
        stats.lookalike = calibration;
        stats.passes = self.pass_stats(index, &look);
        let all = stats.registry_records as f64 * stats.response_records as f64;
        stats.reduction_ratio = if all > 0.0 { 1.0 - stats.candidate_pairs as f64 / all } else { 1.0 };
        stats.timings.score = t.elapsed();

        let t = Instant::now();
        let (pairs, dstats, expected) = decide_run(pairs, &self.rules, &below, &first_query);
        stats.decisions = dstats;
        stats.expected = expected;
        stats.timings.decide = t.elapsed();
        LinkResult { pairs, countries, stats, weights: index.weights().clone() }
    }

    /// Per blocking pass: its lookup counts and the registry's largest blocks.
    pub(crate) fn pass_stats(&self, index: &RegistryIndex, look: &LookupStats) -> Vec<PassStats> {
        let largest = index.blocks().largest_blocks(5);
        self.passes
            .iter()
            .enumerate()
            .map(|(i, p)| PassStats {
                pass: p.pass.name(),
                pairs: look.found.get(i).copied().unwrap_or(0),
                new_pairs: look.new.get(i).copied().unwrap_or(0),
                capped_pairs: look.capped.get(i).copied().unwrap_or(0),
                capped_queries: look.capped_queries.get(i).copied().unwrap_or(0),
                largest_query_block: look.largest.get(i).copied().unwrap_or(0),
                largest_blocks: largest.get(i).cloned().unwrap_or_default(),
                cap: p.cap,
            })
            .collect()
    }

    /// Blocking diagnostics: per pass the pairs it produces, the new pairs,
    /// what its cap dropped, its largest blocks, and — given the truth — the
    /// share of true pairs it brings to scoring (pair completeness).
    pub fn diagnose_blocking(&self, registry: &Dataset, responses: &[Dataset], truth: Option<&crate::eval::Truth>) -> crate::Result<BlockingReport> {
        let registry_index = self.index(registry)?;
        Ok(self.diagnose_blocking_with(&registry_index, responses, truth))
    }

    /// [`Linker::diagnose_blocking`] over a registry index already built with this
    /// linker's passes (one index for the report and, say, its
    /// [`RegistryIndex::hot_blocks`]).
    pub fn diagnose_blocking_with(&self, registry_index: &RegistryIndex, responses: &[Dataset], truth: Option<&crate::eval::Truth>) -> BlockingReport {
        let index = registry_index.blocks();
        let n = self.passes.len();
        let queries: Vec<(usize, usize)> = responses.iter().enumerate().flat_map(|(f, d)| (0..d.records.len()).map(move |r| (f, r))).collect();
        let resp: Vec<Vec<PreparedRecord>> = responses.iter().map(|d| self.prepare(d)).collect();
        #[derive(Default)]
        struct Acc {
            look: LookupStats,
            union: u64,
            true_by_pass: Vec<u64>,
            true_new_by_pass: Vec<u64>,
            true_found: u64,
            missed: Vec<crate::eval::PairKey>,
        }
        let acc = queries
            .par_chunks(512)
            .map(|chunk| {
                let mut a = Acc { true_by_pass: vec![0; n], true_new_by_pass: vec![0; n], ..Default::default() };
                let mut scratch = Scratch::default();
                let mut per_pass: Vec<Vec<u32>> = vec![Vec::new(); n];
                for &(f, r) in chunk {
                    let q = &resp[f][r];
                    index.candidates(q.view(), &mut scratch, &mut a.look);
                    a.union += scratch.candidates.len() as u64;
                    let Some(truth) = truth else { continue };
                    let rid = &responses[f].records[r].id;
                    for v in per_pass.iter_mut() {
                        v.clear();
                    }
                    index.for_each_pass_candidate(q.view(), |p, reg_i| per_pass[p].push(reg_i));
                    for pair in truth.pairs_of_response(rid) {
                        if !scratch.candidates.iter().any(|c| registry_index.id_at(c.registry) == pair.0) {
                            a.missed.push(pair.clone());
                        }
                    }
                    for c in &scratch.candidates {
                        if truth.contains(registry_index.id_at(c.registry), rid) {
                            a.true_found += 1;
                            a.true_new_by_pass[c.pass as usize] += 1;
                            for (p, v) in per_pass.iter().enumerate() {
                                if v.contains(&c.registry) {
                                    a.true_by_pass[p] += 1;
                                }
                            }
                        }
                    }
                }
                a
            })
            .reduce(
                || Acc { true_by_pass: vec![0; n], true_new_by_pass: vec![0; n], ..Default::default() },
                |mut x, y| {
                    x.look.add(&y.look);
                    x.union += y.union;
                    x.true_found += y.true_found;
                    x.missed.extend(y.missed);
                    for i in 0..n {
                        x.true_by_pass[i] += y.true_by_pass[i];
                        x.true_new_by_pass[i] += y.true_new_by_pass[i];
                    }
                    x
                },
            );
        let all = registry_index.len() as f64 * queries.len() as f64;
        let ratio = |pairs: u64| if all > 0.0 { 1.0 - pairs as f64 / all } else { 1.0 };
        let true_pairs = truth.map(|t| t.len() as u64);
        let share = |k: u64| true_pairs.map(|t| if t == 0 { 1.0 } else { k as f64 / t as f64 });
        let largest = index.largest_blocks(5);
        let mut cumulative = 0;
        let passes = self
            .passes
            .iter()
            .enumerate()
            .map(|(i, p)| {
                cumulative += acc.true_new_by_pass[i];
                PassDiagnostics {
                    pass: p.pass.name(),
                    cap: p.cap,
                    pairs: acc.look.found.get(i).copied().unwrap_or(0),
                    new_pairs: acc.look.new.get(i).copied().unwrap_or(0),
                    capped_pairs: acc.look.capped.get(i).copied().unwrap_or(0),
                    capped_queries: acc.look.capped_queries.get(i).copied().unwrap_or(0),
                    largest_blocks: largest.get(i).cloned().unwrap_or_default(),
                    reduction_ratio: ratio(acc.look.found.get(i).copied().unwrap_or(0)),
                    pair_completeness: share(acc.true_by_pass[i]),
                    cumulative_completeness: share(cumulative),
                }
            })
            .collect();
        BlockingReport {
            registry_records: registry_index.len() as u64,
            response_records: queries.len() as u64,
            candidate_pairs: acc.union,
            reduction_ratio: ratio(acc.union),
            true_pairs,
            true_pairs_found: truth.map(|_| acc.true_found),
            pair_completeness: share(acc.true_found),
            passes,
            missed_pairs: {
                let mut m = acc.missed;
                m.sort_unstable();
                m
            },
        }
    }

    fn stage(&self, name: &'static str, total: u64) {
        if let Some(p) = &self.progress {
            p.start(name, total);
        }
    }

    fn prepare(&self, d: &Dataset) -> Vec<PreparedRecord> {
        let prepared = crate::prepare::prepare_all(&d.records);
        self.advance(d.records.len() as u64);
        prepared
    }

    fn advance(&self, n: u64) {
        if let Some(p) = &self.progress {
            p.advance(n);
        }
    }

    fn done(&self) {
        if let Some(p) = &self.progress {
            p.finish();
        }
    }
}
/// Per response file, the position of its first record among all queries.
pub(crate) fn first_queries(lengths: impl Iterator<Item = usize>) -> Vec<usize> {
    lengths
        .scan(0, |n, len| {
            let first = *n;
            *n += len;
            Some(first)
        })
        .collect()
}

/// The look-alike calibration from a run's own candidates (`tally`), applied to
/// every pair; pairs it takes below the review threshold (near pairs stay, see
/// `is_near`) leave, and their probability counts among the expected true pairs
/// below it (`below`, per query). Returns the calibration.
pub(crate) fn calibrate(pairs: &mut Vec<ScoredPair>, tally: &ScoreTally, below: &mut [u64], first_query: &[usize], model: &Model, review: f64) -> Calibration {
    let query_of = |p: &ScoredPair| first_query[p.response_file as usize] + p.response as usize;
    let calibration = Calibration::estimate(&tally.lookalike, model);
    pairs.par_iter_mut().for_each(|p| correct(p, &calibration));
    // A consistent pair below the review threshold stays when it is its answer's only candidate.
    let mut candidates = vec![0u32; below.len()];
    for p in pairs.iter() {
        candidates[query_of(p)] += 1;
    }
    for p in pairs.iter_mut() {
        mark_only_candidate(p, candidates[query_of(p)], review);
    }
    for p in pairs.iter().filter(|p| !kept(p, review)) {
        below[query_of(p)] += mass_units(p.probability);
    }
    pairs.retain(|p| kept(p, review));
    calibration
}

/// Applies the run's look-alike correction to a pair's weight and probability.
pub(crate) fn correct(p: &mut ScoredPair, calibration: &Calibration) {
    p.lookalike_weight = calibration.correction(&p.comparison, p.match_weight);
    p.match_weight += p.lookalike_weight;
    p.probability = probability(p.match_weight);
}

/// Marks a corrected pair `only_candidate` when it is below the review threshold, not
/// near, consistent, and its answer's only candidate (`candidates` of its answer).
pub(crate) fn mark_only_candidate(p: &mut ScoredPair, candidates: u32, review: f64) {
    if p.probability < review && !is_near(&p.comparison) && candidates == 1 && is_consistent(&p.comparison) {
        p.review_reason.insert(ReviewReason::OnlyCandidate);
    }
}

/// Whether a corrected pair goes on to the decisions: at or above the review threshold,
/// near, or marked as its answer's only candidate. The others' probability counts
/// among the expected true pairs below the review threshold.
pub(crate) fn kept(p: &ScoredPair, review: f64) -> bool {
    p.probability >= review || is_near(&p.comparison) || p.review_reason.contains(ReviewReason::OnlyCandidate)
}

/// Thresholds, the policy and the one-to-one rule over a run's calibrated pairs,
/// and the label-free expected figures.
pub(crate) fn decide_run(pairs: Vec<ScoredPair>, rules: &DecisionRules, below: &[u64], first_query: &[usize]) -> (Vec<ScoredPair>, DecisionStats, Expected) {
    let query_of = |p: &ScoredPair| first_query[p.response_file as usize] + p.response as usize;
    let (pairs, dstats) = decide::decide(pairs, rules);
    let expected = Expected::of(&pairs, below, query_of);
    (pairs, dstats, expected)
}
