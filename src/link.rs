//! Batch linking: read → normalize → block → compare → decide, in parallel,
//! with output independent of the number of threads.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::blocking::{BlockIndex, BlockingPass, LookupStats, PassConfig, Scratch, DEFAULT_PASSES};
use crate::compare::{self, Comparison, Field, PreparedRecord};
use crate::decide::{self, Decision, DecisionRules, DecisionStats, ScoredPair};
use crate::model::{probability, Model, Thresholds, Weights};
use crate::record::Dataset;

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
    passes: Vec<PassConfig>,
    progress: Option<Arc<dyn Progress>>,
}

impl Default for LinkerBuilder {
    fn default() -> Self {
        LinkerBuilder {
            model: Model::default(),
            thresholds: None,
            tie_margin: decide::DEFAULT_TIE_MARGIN,
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
        if self.tie_margin.is_nan() || self.tie_margin < 0.0 {
            return Err(crate::Error::config("tie margin must be >= 0"));
        }
        Ok(Linker {
            model: self.model.clone(),
            rules: DecisionRules {
                thresholds,
                tie_margin: self.tie_margin,
            },
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
    /// Stage timings.
    pub timings: StageTimings,
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

/// One field's part in a pair's match weight.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FieldExplanation {
    /// The field.
    pub field: Field,
    /// Its comparison level.
    pub level: &'static str,
    /// Its weight in bits (log2 m/u).
    pub weight: f64,
}

/// Why a pair scored what it scored: prior plus one term per field.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Explanation {
    /// Prior weight.
    pub prior: f64,
    /// Per-field terms, in [`Field::ALL`] order.
    pub fields: Vec<FieldExplanation>,
    /// Total match weight (prior + fields).
    pub match_weight: f64,
    /// Match probability.
    pub probability: f64,
    /// Surname and given name were compared crosswise.
    pub order_swapped: bool,
}

impl Explanation {
    /// Explains a comparison under `weights`.
    pub fn new(weights: &Weights, c: &Comparison) -> Explanation {
        let fields: Vec<FieldExplanation> = Field::ALL
            .iter()
            .map(|&f| FieldExplanation {
                field: f,
                level: c.level_name(f),
                weight: weights.field_weight(f, c.level(f)),
            })
            .collect();
        let match_weight = weights.prior() + fields.iter().map(|f| f.weight).sum::<f64>();
        Explanation {
            prior: weights.prior(),
            fields,
            match_weight,
            probability: probability(match_weight),
            order_swapped: c.order_swapped,
        }
    }
}

impl Linker {
    /// A builder with the documented defaults.
    pub fn builder() -> LinkerBuilder {
        LinkerBuilder::default()
    }

    /// The model in use.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The decision rules in use.
    pub fn rules(&self) -> &DecisionRules {
        &self.rules
    }

    /// Compares one pair of records directly (no blocking) and explains it.
    pub fn explain_pair(&self, registry: &Dataset, registry_record: &crate::record::Record, response: &crate::record::Record) -> Explanation {
        let weights = self.model.weights(registry.records.len());
        let a = PreparedRecord::new(registry_record);
        let b = PreparedRecord::new(response);
        let c = compare::compare(&a, &b, |c| weights.evidence(c));
        Explanation::new(&weights, &c)
    }

    /// Links `registry` with every response file.
    pub fn link(&self, registry: &Dataset, responses: &[Dataset]) -> LinkResult {
        let mut stats = LinkStats {
            registry_records: registry.records.len() as u64,
            ..Default::default()
        };
        let weights = self.model.weights(registry.records.len());

        let t = Instant::now();
        self.stage(
            "normalize",
            (registry.records.len() + responses.iter().map(|d| d.records.len()).sum::<usize>()) as u64,
        );
        let reg = self.prepare(registry);
        let resp: Vec<Vec<PreparedRecord>> = responses.iter().map(|d| self.prepare(d)).collect();
        self.done();
        stats.timings.normalize = t.elapsed();

        let t = Instant::now();
        let index = BlockIndex::build(&reg, &self.passes);
        stats.timings.index = t.elapsed();

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
        let review = self.rules.thresholds.review_probability;
        let chunks: Vec<(Vec<ScoredPair>, LookupStats, u64)> = queries
            .par_chunks(512)
            .map_init(Scratch::default, |scratch, chunk| {
                let mut out = Vec::new();
                let mut look = LookupStats::default();
                let mut scored = 0u64;
                for &(fi, ri, ci) in chunk {
                    let q = &resp[fi as usize][ri as usize];
                    index.candidates(q, scratch, &mut look);
                    scored += scratch.candidates.len() as u64;
                    for c in scratch.candidates.iter() {
                        let cmp = compare::compare(&reg[c.registry as usize], q, |c| weights.evidence(c));
                        let w = weights.match_weight(&cmp);
                        let p = probability(w);
                        if p >= review {
                            out.push(ScoredPair {
                                registry: c.registry,
                                response_file: fi,
                                response: ri,
                                country: ci,
                                comparison: cmp,
                                match_weight: w,
                                probability: p,
                                pass: c.pass,
                                decision: Decision::Review,
                                review_reason: None,
                            });
                        }
                    }
                }
                if let Some(p) = &self.progress {
                    p.advance(chunk.len() as u64);
                }
                (out, look, scored)
            })
            .collect();
        self.done();
        let mut look = LookupStats::default();
        let mut pairs = Vec::new();
        for (p, l, n) in chunks {
            pairs.extend(p);
            look.add(&l);
            stats.candidate_pairs += n;
        }
        let largest = index.largest_blocks(5);
        stats.passes = self
            .passes
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
            .collect();
        let all = stats.registry_records as f64 * stats.response_records as f64;
        stats.reduction_ratio = if all > 0.0 { 1.0 - stats.candidate_pairs as f64 / all } else { 1.0 };
        stats.timings.score = t.elapsed();

        let t = Instant::now();
        let (pairs, dstats) = decide::decide(pairs, &self.rules);
        stats.decisions = dstats;
        stats.timings.decide = t.elapsed();
        LinkResult {
            pairs,
            countries,
            stats,
            weights,
        }
    }

    fn stage(&self, name: &'static str, total: u64) {
        if let Some(p) = &self.progress {
            p.start(name, total);
        }
    }

    fn prepare(&self, d: &Dataset) -> Vec<PreparedRecord> {
        let prepared = d.records.par_iter().map(PreparedRecord::new).collect();
        if let Some(p) = &self.progress {
            p.advance(d.records.len() as u64);
        }
        prepared
    }

    fn done(&self) {
        if let Some(p) = &self.progress {
            p.finish();
        }
    }
}
