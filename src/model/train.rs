//! Estimating a model from the data at hand: u by random sampling of record
//! pairs, m by expectation–maximisation over the blocked candidate pairs or,
//! when a truth file is given, by counting the levels of the true pairs.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{LevelParams, Model};
use crate::blocking::{BlockIndex, LookupStats, PassConfig, Scratch};
use crate::compare::{self, Comparison, Field, PreparedRecord, N_FIELDS};
use crate::eval::Truth;
use crate::record::Dataset;

/// Options of [`train`].
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    /// Random record pairs compared to estimate u.
    pub u_samples: usize,
    /// Seed of the sampling (same seed, same model).
    pub seed: u64,
    /// Most EM iterations.
    pub max_iterations: usize,
    /// EM stops when no m moves by more than this.
    pub tolerance: f64,
    /// Smallest m of any level: an error never seen in the training data is
    /// still possible in the next file, and must not become a veto.
    pub min_m: f64,
    /// Smallest u of any level: agreement never seen among random pairs is
    /// still possible, and must not become proof.
    pub min_u: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { u_samples: 1_000_000, seed: 42, max_iterations: 50, tolerance: 1e-5, min_m: 0.001, min_u: 1e-6 }
    }
}

/// What training did.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct TrainReport {
    /// Random pairs compared for u.
    pub u_pairs: u64,
    /// Candidate pairs (from blocking) used by EM.
    pub candidate_pairs: u64,
    /// Distinct comparison patterns among them.
    pub patterns: u64,
    /// `labels` when m came from a truth file, `em` otherwise.
    pub m_source: &'static str,
    /// True pairs compared (labels).
    pub labelled_pairs: u64,
    /// EM iterations run.
    pub iterations: usize,
    /// EM converged within the tolerance.
    pub converged: bool,
    /// Estimated share of responses with their person in the registry.
    pub response_match_share: f64,
}

/// Deterministic SplitMix64.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize
    }
}

type Counts = [[u64; super::MAX_LEVELS]; N_FIELDS];

fn count(c: &Comparison, counts: &mut Counts, weight: u64) {
    for f in Field::ALL {
        counts[f as usize][c.level(f) as usize] += weight;
    }
}

/// Smoothed probabilities of each level from counts (missing excluded: it is neutral).
fn to_params(f: Field, counts: &[u64; super::MAX_LEVELS], prior: Option<&std::collections::BTreeMap<String, LevelParams>>, m: bool) -> Vec<(String, f64)> {
    let missing = f.missing_level() as usize;
    let levels = f.levels();
    let total: u64 = (0..levels.len()).filter(|&i| i != missing).map(|i| counts[i]).sum();
    let k = (levels.len() - 1) as f64;
    levels
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != missing)
        .map(|(i, name)| {
            // Add-half smoothing pulled toward the previous model's value keeps unseen levels possible.
            let fallback = prior.and_then(|p| p.get(*name)).map_or(1.0 / k, |p| if m { p.m } else { p.u });
            let v = (counts[i] as f64 + 0.5 * k * fallback) / (total as f64 + 0.5 * k);
            (name.to_string(), v.clamp(1e-9, 1.0))
        })
        .collect()
}

fn prepare(d: &Dataset) -> Vec<PreparedRecord> {
    crate::compare::prepare_all(&d.records)
}

/// Estimates a model on a registry and its responses, starting from `base`.
///
/// u comes from `u_samples` random registry × response pairs. m comes from
/// the truth pairs when `truth` is given; otherwise from EM over the pairs
/// the blocking `passes` produce, with the birth-date m kept from `base`
/// (blocking on dates makes the candidates' dates unrepresentative).
pub fn train(
    base: &Model,
    registry: &Dataset,
    responses: &[Dataset],
    passes: &[PassConfig],
    truth: Option<&Truth>,
    opts: &TrainOptions,
) -> (Model, TrainReport) {
    let mut report = TrainReport::default();
    let reg = prepare(registry);
    let resp: Vec<PreparedRecord> = responses.iter().flat_map(prepare).collect();
    let resp_ids: Vec<&str> = responses.iter().flat_map(|d| d.records.iter().map(|r| r.id.as_str())).collect();
    let mut model = base.clone();
    let base_weights = base.weights(reg.len());

    // u: random pairs.
    let mut u_counts: Counts = [[0; super::MAX_LEVELS]; N_FIELDS];
    if !reg.is_empty() && !resp.is_empty() {
        let mut rng = SplitMix(opts.seed);
        let pairs: Vec<(usize, usize)> = (0..opts.u_samples).map(|_| (rng.below(reg.len()), rng.below(resp.len()))).collect();
        u_counts = pairs
            .par_chunks(4096)
            .map(|chunk| {
                let mut c: Counts = [[0; super::MAX_LEVELS]; N_FIELDS];
                for &(a, b) in chunk {
                    count(&compare::compare(&reg[a], &resp[b], &base_weights), &mut c, 1);
                }
                c
            })
            .reduce(|| [[0; super::MAX_LEVELS]; N_FIELDS], add_counts);
        report.u_pairs = pairs.len() as u64;
    }
    for f in Field::OBSERVED {
        let params = to_params(f, &u_counts[f as usize], model.fields.get(&f), false);
        if let Some(levels) = model.fields.get_mut(&f) {
            for (name, u) in params {
                if let Some(p) = levels.get_mut(&name) {
                    p.u = u;
                }
            }
        }
    }

    if let Some(truth) = truth {
        // m from labels: compare every true pair directly, whatever blocking would do.
        let reg_pos: HashMap<&str, usize> = registry.records.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
        let mut m_counts: Counts = [[0; super::MAX_LEVELS]; N_FIELDS];
        let mut labelled = 0u64;
        for (qi, id) in resp_ids.iter().enumerate() {
            for (reg_id, _) in truth.pairs_of_response(id) {
                if let Some(&ri) = reg_pos.get(reg_id.as_str()) {
                    count(&compare::compare(&reg[ri], &resp[qi], &base_weights), &mut m_counts, 1);
                    labelled += 1;
                }
            }
        }
        report.labelled_pairs = labelled;
        report.m_source = "labels";
        set_m(&mut model, &m_counts, &Field::OBSERVED);
        if !resp.is_empty() {
            model.response_match_share = (labelled as f64 / resp.len() as f64).clamp(1e-6, 1.0);
        }
    } else {
        // m by EM over the distinct comparison patterns of the candidate pairs.
        let index = BlockIndex::build(&reg, passes);
        let patterns: HashMap<[u8; N_FIELDS], u64> = resp
            .par_chunks(512)
            .map(|chunk| {
                let mut local: HashMap<[u8; N_FIELDS], u64> = HashMap::new();
                let mut scratch = Scratch::default();
                let mut look = LookupStats::default();
                for q in chunk {
                    index.candidates(q.view(), &mut scratch, &mut look);
                    for c in &scratch.candidates {
                        let cmp = compare::compare(&reg[c.registry as usize], q, &base_weights);
                        // Blocking selects pairs by their dates, so dates carry no information
                        // about which candidates match: EM runs on the pairs with the same
                        // birth date and estimates the other fields.
                        if cmp.levels[Field::BirthDate as usize] == crate::compare::DateLevel::Exact as u8 {
                            *local.entry(cmp.levels).or_default() += 1;
                        }
                    }
                }
                local
            })
            .reduce(HashMap::new, |mut a, b| {
                for (k, v) in b {
                    *a.entry(k).or_default() += v;
                }
                a
            });
        let mut patterns: Vec<([u8; N_FIELDS], u64)> = patterns.into_iter().collect();
        patterns.sort_unstable();
        report.patterns = patterns.len() as u64;
        report.candidate_pairs = patterns.iter().map(|p| p.1).sum();
        report.m_source = "em";
        let estimated = [Field::Surname, Field::GivenName, Field::Patronymic, Field::Sex, Field::Iin];
        let total = report.candidate_pairs.max(1) as f64;
        // Start: the expected same-date matches of the base model's prior.
        let m_exact = base.fields.get(&Field::BirthDate).and_then(|l| l.get("exact")).map_or(0.9, |p| p.m);
        let mut lambda = (base.response_match_share * m_exact * resp.len() as f64 / total).clamp(1e-6, 0.5);
        for it in 0..opts.max_iterations {
            let w = model.weights(1);
            let mut m_counts = [[0f64; super::MAX_LEVELS]; N_FIELDS];
            let mut expected = 0.0;
            let prior = (lambda / (1.0 - lambda)).log2();
            for (levels, n) in &patterns {
                let c = Comparison { levels: *levels, order_swapped: false, tf_adjust: [0.0; 2] };
                let p = super::probability(prior + w.evidence(&c) - w.weight_in(&c, Field::BirthDate));
                let e = p * *n as f64;
                expected += e;
                for f in Field::ALL {
                    m_counts[f as usize][levels[f as usize] as usize] += e;
                }
            }
            let before = model.clone();
            set_m_f(&mut model, &m_counts, &estimated);
            lambda = (expected / total).clamp(1e-9, 0.999);
            report.iterations = it + 1;
            let moved = estimated
                .iter()
                .flat_map(|f| f.levels().iter().map(move |l| (f, l)))
                .map(|(f, l)| (model.fields[f][*l].m - before.fields[f][*l].m).abs())
                .fold(0.0, f64::max);
            if moved < opts.tolerance {
                report.converged = true;
                break;
            }
        }
        if !resp.is_empty() {
            model.response_match_share = (lambda * total / (resp.len() as f64 * m_exact)).clamp(1e-6, 1.0);
        }
    }
    for f in Field::OBSERVED {
        if let Some(levels) = model.fields.get_mut(&f) {
            for (_, p) in levels.iter_mut().filter(|(name, _)| name.as_str() != "missing") {
                p.m = p.m.max(opts.min_m);
                p.u = p.u.max(opts.min_u);
            }
        }
    }
    report.response_match_share = model.response_match_share;
    model.description = format!(
        "Estimated by dualcit train on {} registry and {} response records: u from {} random pairs, m from {}{}. Started from: {}",
        registry.records.len(),
        resp.len(),
        report.u_pairs,
        if report.m_source == "labels" { "labelled true pairs" } else { "EM over blocked candidate pairs" },
        if report.m_source == "labels" { String::new() } else { format!(" ({} iterations)", report.iterations) },
        base.description.chars().take(200).collect::<String>()
    );
    (model, report)
}

fn add_counts(mut a: Counts, b: Counts) -> Counts {
    for (x, y) in a.iter_mut().zip(b.iter()) {
        for (p, q) in x.iter_mut().zip(y.iter()) {
            *p += q;
        }
    }
    a
}

fn set_m(model: &mut Model, counts: &Counts, fields: &[Field]) {
    for &f in fields {
        let params = to_params(f, &counts[f as usize], model.fields.get(&f), true);
        if let Some(levels) = model.fields.get_mut(&f) {
            for (name, m) in params {
                if let Some(p) = levels.get_mut(&name) {
                    p.m = m;
                }
            }
        }
    }
}

fn set_m_f(model: &mut Model, counts: &[[f64; super::MAX_LEVELS]; N_FIELDS], fields: &[Field]) {
    for &f in fields {
        let missing = f.missing_level() as usize;
        let levels = f.levels();
        let total: f64 = (0..levels.len()).filter(|&i| i != missing).map(|i| counts[f as usize][i]).sum();
        if total <= 0.0 {
            continue;
        }
        if let Some(map) = model.fields.get_mut(&f) {
            for (i, name) in levels.iter().enumerate().filter(|(i, _)| *i != missing) {
                if let Some(p) = map.get_mut(*name) {
                    p.m = ((counts[f as usize][i] + 1e-3) / (total + 1e-3 * levels.len() as f64)).clamp(1e-9, 1.0);
                }
            }
        }
    }
}
