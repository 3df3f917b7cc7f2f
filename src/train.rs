//! Estimating a model from the data at hand: u by random sampling of record
//! pairs, m from labelled pairs when a truth file is given, otherwise by a
//! guarded expectation–maximisation over the blocked candidate pairs.
//!
//! Unlabelled EM is where record linkage models go wrong on new data: it fits
//! whatever two clusters the candidates fall into, and among candidates that
//! were blocked on a birth date the second cluster is as likely to be
//! relatives and namesakes as true pairs. So the EM here is held close to the
//! model it starts from:
//!
//! - **u is fixed** (random pairs); EM moves only m, of the fields blocking did
//!   not select on (the birth date's m stays the base model's);
//! - **bounded updates**: each level's m stays within a factor
//!   [`TrainOptions::max_m_ratio`] of the base model's (±1 bit by default), so
//!   no weight can swing by more than that;
//! - **refusal when EM does not converge** within [`TrainOptions::max_iterations`];
//! - **a check against the base model on the same data**: the trained model must
//!   explain the candidates at least as well (observed-data log-likelihood), or
//!   training is refused and says so.
//!
//! All of it comes out in the [`TrainReport`].
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `blocking`, `decide`, `error`, `eval`, `field`, `index`, `link`, `model`, `prepare`, `record` and no module above it.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::blocking::{LookupStats, PassConfig, Scratch};
use crate::decide::DecisionRules;
use crate::error::{Error, Result};
use crate::eval::Truth;
use crate::field::{Comparison, DateLevel, Field, N_FIELDS};
use crate::index::RegistryIndex;
use crate::model::{LevelParams, LookalikeShares, Model, MAX_LEVELS};
use crate::prepare::PreparedRecord;
use crate::record::Dataset;

/// Options of [`train`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct TrainOptions {
    /// Random record pairs compared to estimate u.
    pub u_samples: usize,
    /// Seed of the sampling (same seed, same model).
    pub seed: u64,
    /// Most EM iterations; EM that has not converged by then is refused.
    pub max_iterations: usize,
    /// EM stops when no m moves by more than this.
    pub tolerance: f64,
    /// EM keeps each level's m within this factor of the base model's m (2 = ±1 bit).
    pub max_m_ratio: f64,
    /// Smallest m of any level: an error never seen in the training data is
    /// still possible in the next file, and must not become a veto.
    pub min_m: f64,
    /// Smallest u of any level: agreement never seen among random pairs is
    /// still possible, and must not become proof.
    pub min_u: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { u_samples: 1_000_000, seed: 42, max_iterations: 200, tolerance: 1e-6, max_m_ratio: 2.0, min_m: 0.001, min_u: 1e-6 }
    }
}

impl TrainOptions {
    /// Sets the number of random pairs for u.
    pub fn u_samples(mut self, n: usize) -> Self {
        self.u_samples = n;
        self
    }

    /// Sets the sampling seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

/// What training did.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[non_exhaustive]
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
    /// m values EM wanted beyond the bound and were held at it.
    pub bounded_levels: u64,
    /// Observed-data log-likelihood (bits) of the candidates under the base model.
    pub base_log_likelihood: f64,
    /// The same under the trained model.
    pub trained_log_likelihood: f64,
    /// Estimated share of responses with their person in the registry.
    pub response_match_share: f64,
    /// Look-alike shares measured on the training answers (see [`Calibration`](crate::Calibration)).
    pub lookalike: LookalikeShares,
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

type Counts = [[u64; MAX_LEVELS]; N_FIELDS];

fn count(c: &Comparison, counts: &mut Counts, weight: u64) {
    for f in Field::ALL {
        counts[f as usize][c.level(f) as usize] += weight;
    }
}

/// Smoothed probabilities of each level from counts (missing excluded: it is neutral).
fn to_params(f: Field, counts: &[u64; MAX_LEVELS], prior: Option<&std::collections::BTreeMap<String, LevelParams>>, m: bool) -> Vec<(String, f64)> {
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

/// The response records, prepared and attested against the registry index.
fn prepare_responses(index: &RegistryIndex, responses: &[Dataset]) -> Vec<PreparedRecord> {
    let mut resp: Vec<PreparedRecord> = responses.iter().flat_map(|d| crate::prepare::prepare_all(&d.records)).collect();
    resp.par_iter_mut().for_each(|q| index.attest(q));
    resp
}

/// Estimates a model on a registry and its responses, starting from `base`.
///
/// u comes from `u_samples` random registry × response pairs. m comes from
/// the truth pairs when `truth` is given; otherwise from guarded EM over the
/// pairs the blocking `passes` produce (see the module docs). Comparisons are
/// made as linking makes them (the registry's name counts included), so the
/// levels estimated are the levels scored.
///
/// Fails when unlabelled EM does not converge, or ends with a model that
/// explains the candidates worse than `base`.
pub fn train(
    base: &Model,
    registry: &Dataset,
    responses: &[Dataset],
    passes: &[PassConfig],
    truth: Option<&Truth>,
    opts: &TrainOptions,
) -> Result<(Model, TrainReport)> {
    let mut report = TrainReport::default();
    let index = RegistryIndex::build(base.clone(), DecisionRules::default(), passes.to_vec(), &registry.records)?;
    let resp = prepare_responses(&index, responses);
    let resp_ids: Vec<&str> = responses.iter().flat_map(|d| d.records.iter().map(|r| r.id.as_str())).collect();
    let n_reg = registry.records.len();
    let mut model = base.clone();

    // u: random pairs.
    let mut u_counts: Counts = [[0; MAX_LEVELS]; N_FIELDS];
    if n_reg > 0 && !resp.is_empty() {
        let mut rng = SplitMix(opts.seed);
        let pairs: Vec<(usize, usize)> = (0..opts.u_samples).map(|_| (rng.below(n_reg), rng.below(resp.len()))).collect();
        u_counts = pairs
            .par_chunks(4096)
            .map(|chunk| {
                let mut c: Counts = [[0; MAX_LEVELS]; N_FIELDS];
                for &(a, b) in chunk {
                    count(&index.compare_at(a as u32, &resp[b]), &mut c, 1);
                }
                c
            })
            .reduce(|| [[0; MAX_LEVELS]; N_FIELDS], add_counts);
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
        let mut m_counts: Counts = [[0; MAX_LEVELS]; N_FIELDS];
        let mut labelled = 0u64;
        for (qi, id) in resp_ids.iter().enumerate() {
            for (reg_id, _) in truth.pairs_of_response(id) {
                if let Some(ri) = index.position(reg_id) {
                    count(&index.compare_at(ri, &resp[qi]), &mut m_counts, 1);
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
        em(base, &mut model, &index, &resp, opts, &mut report)?;
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
    // The look-alike shares a single query will use: measured on these answers' candidates.
    let index = RegistryIndex::build(model.clone(), DecisionRules::default(), passes.to_vec(), &registry.records)?;
    let linked = crate::Linker::builder().model(model.clone()).build()?.link_with_index(&index, responses)?;
    if let [s, g, p, d] = linked.stats.lookalike.fields.as_slice() {
        model.lookalike =
            LookalikeShares { surname: s.lookalike_share, given_name: g.lookalike_share, patronymic: p.lookalike_share, birth_date: d.lookalike_share };
    }
    report.lookalike = model.lookalike;
    model.description = format!(
        "Estimated by dualcit train on {} registry and {} response records: u from {} random pairs, m from {}{}. Started from: {}",
        registry.records.len(),
        resp.len(),
        report.u_pairs,
        if report.m_source == "labels" { "labelled true pairs" } else { "guarded EM over blocked candidate pairs" },
        if report.m_source == "labels" {
            String::new()
        } else {
            format!(" ({} iterations, m within x{} of the base model)", report.iterations, opts.max_m_ratio)
        },
        base.description.chars().take(200).collect::<String>()
    );
    Ok((model, report))
}

/// The fields EM estimates (the birth date was selected on by blocking).
const EM_FIELDS: [Field; 5] = [Field::Surname, Field::GivenName, Field::Patronymic, Field::Sex, Field::Iin];

/// Guarded EM over the distinct comparison patterns of the same-date candidate pairs.
fn em(base: &Model, model: &mut Model, index: &RegistryIndex, resp: &[PreparedRecord], opts: &TrainOptions, report: &mut TrainReport) -> Result<()> {
    let patterns: HashMap<[u8; N_FIELDS], u64> = resp
        .par_chunks(512)
        .map(|chunk| {
            let mut local: HashMap<[u8; N_FIELDS], u64> = HashMap::new();
            let mut scratch = Scratch::default();
            let mut look = LookupStats::default();
            for q in chunk {
                index.blocks().candidates(q.view(), &mut scratch, &mut look);
                for c in &scratch.candidates {
                    let cmp = index.compare_at(c.registry, q);
                    // Blocking selects pairs by their dates, so dates carry no information
                    // about which candidates match: EM runs on the pairs with the same
                    // birth date and estimates the other fields.
                    if cmp.levels[Field::BirthDate as usize] == DateLevel::Exact as u8 {
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
    if patterns.is_empty() {
        return Err(Error::config("training without labels needs candidate pairs with the same birth date; none were found (give a truth file, or more data)"));
    }
    let total = report.candidate_pairs as f64;
    let m_exact = base.fields.get(&Field::BirthDate).and_then(|l| l.get("exact")).map_or(0.9, |p| p.m);
    // Start: the expected same-date matches of the base model's prior.
    let start_lambda = (base.response_match_share * m_exact * resp.len() as f64 / total).clamp(1e-6, 0.5);
    // The model starts as the base model's m under the freshly estimated u: the like-for-like baseline.
    let (base_ll, _) = log_likelihood(model, &patterns, start_lambda, opts.max_iterations);
    let mut lambda = start_lambda;
    for it in 0..opts.max_iterations {
        let w = model.weights(1);
        let mut m_counts = [[0f64; MAX_LEVELS]; N_FIELDS];
        let mut expected = 0.0;
        let prior = (lambda / (1.0 - lambda)).log2();
        for (levels, n) in &patterns {
            let c = Comparison { levels: *levels, order_swapped: false, tf_adjust: [0.0; 2] };
            let p = crate::model::probability(prior + w.evidence(&c) - w.weight_in(&c, Field::BirthDate));
            let e = p * *n as f64;
            expected += e;
            for f in Field::ALL {
                m_counts[f as usize][levels[f as usize] as usize] += e;
            }
        }
        let before = model.clone();
        report.bounded_levels = set_m_bounded(model, base, &m_counts, &EM_FIELDS, opts.max_m_ratio);
        lambda = (expected / total).clamp(1e-9, 0.999);
        report.iterations = it + 1;
        let moved = EM_FIELDS
            .iter()
            .flat_map(|f| f.levels().iter().map(move |l| (f, l)))
            .map(|(f, l)| (model.fields[f][*l].m - before.fields[f][*l].m).abs())
            .fold(0.0, f64::max);
        if moved < opts.tolerance {
            report.converged = true;
            break;
        }
    }
    if !report.converged {
        return Err(Error::config(format!(
            "EM did not converge in {} iterations (the candidates do not separate into true pairs and others); keep the base model, or give a truth file",
            opts.max_iterations
        )));
    }
    let (trained_ll, _) = log_likelihood(model, &patterns, lambda, opts.max_iterations);
    report.base_log_likelihood = base_ll;
    report.trained_log_likelihood = trained_ll;
    if trained_ll + 1e-6 * total.max(1.0) < base_ll {
        return Err(Error::config(format!(
            "the trained model explains the candidate pairs worse than the base model ({trained_ll:.1} vs {base_ll:.1} bits): refused, keep the base model"
        )));
    }
    model.response_match_share = (lambda * total / (resp.len() as f64 * m_exact)).clamp(1e-6, 1.0);
    Ok(())
}

/// Observed-data log-likelihood (bits) of the patterns under a model, with the match
/// share re-estimated for it (a few fixed-point steps), and that share.
fn log_likelihood(model: &Model, patterns: &[([u8; N_FIELDS], u64)], mut lambda: f64, steps: usize) -> (f64, f64) {
    let w = model.weights(1);
    let total: f64 = patterns.iter().map(|p| p.1 as f64).sum();
    // log2 P(levels | M) - log2 P(levels | U) is the evidence; P(levels | U) from u alone.
    let terms: Vec<(f64, f64, f64)> = patterns
        .iter()
        .map(|(levels, n)| {
            let c = Comparison { levels: *levels, order_swapped: false, tf_adjust: [0.0; 2] };
            let evidence = w.evidence(&c) - w.weight_in(&c, Field::BirthDate) - w.weight_in(&c, Field::Family);
            let log_u: f64 = EM_FIELDS.iter().map(|&f| w.u_of(f, c.level(f)).log2()).sum();
            (evidence, log_u, *n as f64)
        })
        .collect();
    for _ in 0..steps.min(50) {
        let prior = (lambda / (1.0 - lambda)).log2();
        let expected: f64 = terms.iter().map(|(e, _, n)| crate::model::probability(prior + e) * n).sum();
        lambda = (expected / total).clamp(1e-9, 0.999);
    }
    let ll = terms
        .iter()
        .map(|(e, log_u, n)| {
            // P = λ·m + (1-λ)·u = u·(λ·2^e + 1 - λ)
            n * (log_u + (lambda * e.exp2() + 1.0 - lambda).log2())
        })
        .sum();
    (ll, lambda)
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

/// M-step with bounds: each level's m from the expected counts, held within `ratio` of
/// the base model's m, then renormalized (a few rounds, so the bounds hold after it).
/// Returns the number of levels held at a bound.
fn set_m_bounded(model: &mut Model, base: &Model, counts: &[[f64; MAX_LEVELS]; N_FIELDS], fields: &[Field], ratio: f64) -> u64 {
    let mut bounded = 0;
    for &f in fields {
        let missing = f.missing_level() as usize;
        let levels = f.levels();
        let total: f64 = (0..levels.len()).filter(|&i| i != missing).map(|i| counts[f as usize][i]).sum();
        if total <= 0.0 {
            continue;
        }
        let names: Vec<(usize, &str)> = levels.iter().enumerate().filter(|(i, _)| *i != missing).map(|(i, n)| (i, *n)).collect();
        let base_m: Vec<f64> = names.iter().map(|(_, n)| base.fields.get(&f).and_then(|l| l.get(*n)).map_or(1e-3, |p| p.m)).collect();
        let mut m: Vec<f64> = names.iter().map(|(i, _)| (counts[f as usize][*i] + 1e-3) / (total + 1e-3 * levels.len() as f64)).collect();
        // Project onto the bounds: hold the levels that leave them at the bound, rescale
        // the free ones to the rest of the mass, until none leaves (at most one pass per level).
        let bounds: Vec<(f64, f64)> = base_m.iter().map(|&b| (b / ratio, (b * ratio).min(1.0))).collect();
        let sum: f64 = m.iter().sum();
        m.iter_mut().for_each(|v| *v /= sum);
        let mut held = vec![false; m.len()];
        for _ in 0..=m.len() {
            let fixed: f64 = (0..m.len()).filter(|&k| held[k]).map(|k| m[k]).sum();
            let free: f64 = (0..m.len()).filter(|&k| !held[k]).map(|k| m[k]).sum();
            if free > 0.0 {
                let scale = ((1.0 - fixed) / free).max(0.0);
                (0..m.len()).filter(|&k| !held[k]).for_each(|k| m[k] *= scale);
            }
            let mut changed = false;
            for k in 0..m.len() {
                let (lo, hi) = bounds[k];
                if !held[k] && (m[k] < lo || m[k] > hi) {
                    m[k] = m[k].clamp(lo, hi);
                    held[k] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        bounded += held.iter().filter(|h| **h).count() as u64;
        if let Some(map) = model.fields.get_mut(&f) {
            for ((_, name), v) in names.iter().zip(m) {
                if let Some(p) = map.get_mut(*name) {
                    p.m = v.clamp(1e-9, 1.0);
                }
            }
        }
    }
    bounded
}
