//! Linking encoded records: the keyed blocking keys find the candidates, the
//! encoded comparator gives each pair the plaintext levels, and from there on
//! it is the plaintext run — the same weights, term frequencies (counted over
//! the encoded registry), look-alike calibration, decision policy, one-to-one
//! rule and label-free expected figures — into the same [`LinkResult`].

use std::time::Instant;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::hash::{Hash, Hasher};

use super::compare::{self, DiceLevels};
use super::encode::ENCODED_PASSES;
use super::encode::{slot, EncodedName, EncodedRecord};
use super::file::EncodedSet;
use crate::blocking::{BlockingPass, LookupStats};
use crate::decide::lookalike::{is_consistent, is_near, ResponseStrata};
use crate::decide::{Decision, ReviewReasons, ScoredPair};
use crate::field::Field;
use crate::index::{ScoreTally, STRATA_CUTOFF};
use crate::link::{calibrate, decide_run, first_queries, LinkResult, LinkStats, Linker, PassStats};
use crate::model::probability;
use crate::names::NameLevel;

fn filter_hash(n: &EncodedName) -> u64 {
    let mut h = FxHasher::default();
    n.bits.hash(&mut h);
    h.finish()
}

/// The encoded registry, indexed: per pass the records filed under each keyed
/// key (one sorted array of record positions per pass, and a map from a key to
/// its run), and per record how many registry records carry each of its name
/// filters (the term frequencies and the attested names of the plaintext run).
struct EncodedIndex<'a> {
    records: &'a [EncodedRecord],
    runs: Vec<FxHashMap<u64, (u32, u32)>>,
    members: Vec<Vec<u32>>,
    counts: [FxHashMap<u64, u32>; 3],
    record_counts: Vec<[u32; 3]>,
}

impl<'a> EncodedIndex<'a> {
    fn build(records: &'a [EncodedRecord], passes: &[usize]) -> EncodedIndex<'a> {
        let (runs, members): (Vec<_>, Vec<_>) = passes
            .par_iter()
            .map(|&p| {
                let mut entries: Vec<(u64, u32)> = records
                    .iter()
                    .enumerate()
                    .flat_map(|(i, r)| r.blocks.get(p).map(Vec::as_slice).unwrap_or(&[]).iter().map(move |&k| (k, i as u32)))
                    .collect();
                entries.sort_unstable();
                let mut runs: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
                let mut start = 0;
                while start < entries.len() {
                    let k = entries[start].0;
                    let len = entries[start..].iter().take_while(|e| e.0 == k).count();
                    runs.insert(k, (start as u32, len as u32));
                    start += len;
                }
                (runs, entries.into_iter().map(|e| e.1).collect::<Vec<u32>>())
            })
            .unzip();
        let hashes: Vec<[u64; 3]> =
            records.par_iter().map(|r| std::array::from_fn(|f| if r.names[f].is_missing() { 0 } else { filter_hash(&r.names[f]) })).collect();
        let counts = std::array::from_fn(|f| {
            let mut c: FxHashMap<u64, u32> = FxHashMap::default();
            for (h, r) in hashes.iter().zip(records) {
                if !r.names[f].is_missing() {
                    *c.entry(h[f]).or_default() += 1;
                }
            }
            c
        });
        let record_counts = hashes
            .iter()
            .zip(records)
            .map(|(h, r)| std::array::from_fn(|f| if r.names[f].is_missing() { 0 } else { counts[f].get(&h[f]).copied().unwrap_or(0) }))
            .collect();
        EncodedIndex { records, runs, members, counts, record_counts }
    }

    fn block(&self, pass: usize, key: u64) -> Option<&[u32]> {
        self.runs[pass].get(&key).map(|&(s, l)| &self.members[pass][s as usize..(s + l) as usize])
    }

    fn count(&self, f: usize, n: &EncodedName) -> u32 {
        if n.is_missing() {
            return 0;
        }
        self.counts[f].get(&filter_hash(n)).copied().unwrap_or(0)
    }
}

/// Links an encoded registry with encoded answers under `linker`'s model,
/// thresholds, policy and passes. Both sides must be encoded under the same
/// schema and secret (checked by their headers), the registry as
/// [`super::Role::Registry`] and the answers as [`super::Role::Answers`].
/// Registry positions in the result are the registry set's.
pub fn link_encoded(linker: &Linker, registry: &EncodedSet, answers: &[EncodedSet], levels: &DiceLevels) -> crate::Result<LinkResult> {
    for a in answers {
        registry.header.check_partner(&a.header, &a.source)?;
    }
    registry.header.expect_role(super::Role::Registry, &registry.source)?;
    for a in answers {
        a.header.expect_role(super::Role::Answers, &a.source)?;
    }
    // The linker's passes that encoded files carry keys for (the others find nothing here).
    let configs: Vec<_> = linker.pass_configs().iter().filter(|c| ENCODED_PASSES.contains(&c.pass)).copied().collect();
    let pass_slots: Vec<usize> = configs.iter().filter_map(|c| ENCODED_PASSES.iter().position(|p| *p == c.pass)).collect();
    let mut stats = LinkStats { registry_records: registry.records.len() as u64, ..Default::default() };
    let t = Instant::now();
    let index = EncodedIndex::build(&registry.records, &pass_slots);
    stats.timings.index = t.elapsed();

    let model = linker.model();
    let rules = linker.rules();
    let weights = model.weights(registry.records.len());
    let n = registry.records.len().max(1) as f32;
    let tf = model.term_frequency;
    let freq = |c: u32| if c < tf.min_count || c == 0 { 0.0 } else { c as f32 / n };
    let review = rules.thresholds.review_probability;
    let cutoff = crate::model::weight_of(review);
    let lowest = cutoff.min(STRATA_CUTOFF);

    // Answering countries, interned in order of first appearance.
    let mut countries: Vec<String> = Vec::new();
    let mut queries: Vec<(u32, u32, u32)> = Vec::new();
    for (fi, d) in answers.iter().enumerate() {
        for (ri, r) in d.records.iter().enumerate() {
            let ci = countries.iter().position(|c| *c == r.country).unwrap_or_else(|| {
                countries.push(r.country.clone());
                countries.len() - 1
            });
            queries.push((fi as u32, ri as u32, ci as u32));
        }
    }
    stats.response_records = queries.len() as u64;

    let t = Instant::now();
    type Chunk = (Vec<ScoredPair>, LookupStats, u64, ScoreTally, Vec<u64>);
    let npass = pass_slots.len();
    let chunks: Vec<Chunk> = queries
        .par_chunks(512)
        .map(|chunk| {
            let mut out = Vec::new();
            let mut counts = LookupStats::sized(npass);
            let mut tally = ScoreTally::default();
            let mut below = Vec::with_capacity(chunk.len());
            let mut scored = 0u64;
            let mut seen: FxHashSet<u32> = FxHashSet::default();
            let mut candidates: Vec<(u32, u8)> = Vec::new();
            for &(fi, ri, ci) in chunk {
                let q = &answers[fi as usize].records[ri as usize];
                seen.clear();
                candidates.clear();
                for (pi, &slot) in pass_slots.iter().enumerate() {
                    let cap = configs[pi].cap;
                    let mut capped = false;
                    for k in q.blocks.get(slot).map(Vec::as_slice).unwrap_or(&[]) {
                        let Some(block) = index.block(pi, *k) else { continue };
                        counts.largest[pi] = counts.largest[pi].max(block.len() as u64);
                        if block.len() > cap {
                            counts.capped[pi] += block.len() as u64;
                            capped = true;
                            continue;
                        }
                        counts.found[pi] += block.len() as u64;
                        for &r in block {
                            if seen.insert(r) {
                                counts.new[pi] += 1;
                                candidates.push((r, pi as u8));
                            }
                        }
                    }
                    counts.capped_queries[pi] += capped as u64;
                }
                let before = tally.below_review_p;
                let qn = [index.count(0, &q.names[0]), index.count(1, &q.names[1]), index.count(2, &q.names[2])];
                let k = tf.attested_min_count;
                let mut strata = ResponseStrata::default();
                for &(r, pass) in &candidates {
                    scored += 1;
                    let a = &index.records[r as usize];
                    let rn = index.record_counts[r as usize];
                    let attested = std::array::from_fn(|f| rn[f] >= k && qn[f] >= k);
                    let crossed = [rn[0] >= k && qn[1] >= k, rn[1] >= k && qn[0] >= k];
                    let cmp = compare::compare(a, q, attested, crossed, levels, &weights, (freq(rn[0]), freq(rn[1])));
                    let w = weights.match_weight(&cmp);
                    let agrees = |l: u8| l <= NameLevel::Typo as u8;
                    let floor = if agrees(cmp.level(Field::Surname)) || agrees(cmp.level(Field::GivenName)) { lowest } else { cutoff };
                    if w < floor {
                        continue;
                    }
                    strata.see_by(
                        &cmp,
                        || (a.date.is_full() && q.date.is_full()).then(|| a.date.tokens[slot::YEAR] == q.date.tokens[slot::YEAR]),
                        || a.names[1].initials != 0 && a.names[1].initials == q.names[1].initials,
                        || a.names[2].initials != 0 && a.names[2].initials == q.names[2].initials,
                    );
                    let p = probability(w);
                    if p >= review || is_near(&cmp) || is_consistent(&cmp) {
                        out.push(ScoredPair {
                            registry: r,
                            response_file: fi,
                            response: ri,
                            country: ci,
                            comparison: cmp,
                            match_weight: w,
                            lookalike_weight: 0.0,
                            probability: p,
                            pass,
                            decision: Decision::Review,
                            review_reason: ReviewReasons::NONE,
                        });
                    } else {
                        tally.add_below_review(p);
                    }
                }
                tally.lookalike.add(&strata);
                below.push(tally.below_review_p - before);
            }
            (out, counts, scored, tally, below)
        })
        .collect();
    let mut tally = ScoreTally::default();
    let mut pairs = Vec::new();
    let mut below = Vec::with_capacity(queries.len());
    let mut counts = LookupStats::sized(npass);
    for (p, c, n, t, b) in chunks {
        pairs.extend(p);
        tally.merge(&t);
        below.extend(b);
        stats.candidate_pairs += n;
        counts.add(&c);
    }
    let first_query = first_queries(answers.iter().map(|d| d.records.len()));
    stats.lookalike = calibrate(&mut pairs, &tally, &mut below, &first_query, model, review);
    stats.passes = configs
        .iter()
        .enumerate()
        .map(|(i, c)| PassStats {
            pass: c.pass.name(),
            pairs: counts.found[i],
            new_pairs: counts.new[i],
            capped_pairs: counts.capped[i],
            capped_queries: counts.capped_queries[i],
            largest_query_block: counts.largest[i],
            // Block keys are keyed hashes: the largest blocks have no readable key.
            largest_blocks: Vec::new(),
            cap: c.cap,
        })
        .collect();
    let all = stats.registry_records as f64 * stats.response_records as f64;
    stats.reduction_ratio = if all > 0.0 { 1.0 - stats.candidate_pairs as f64 / all } else { 1.0 };
    stats.timings.score = t.elapsed();
    let t = Instant::now();
    let (pairs, dstats, expected) = decide_run(pairs, rules, &below, &first_query);
    stats.decisions = dstats;
    stats.expected = expected;
    stats.timings.decide = t.elapsed();
    Ok(LinkResult { pairs, countries, stats, weights })
}

/// The passes an encoded file carries keys for, in order.
pub fn encoded_passes() -> &'static [BlockingPass] {
    &ENCODED_PASSES
}
