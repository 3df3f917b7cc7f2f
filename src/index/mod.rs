//! The registry index: built once from registry records, shared across
//! threads, queried with one record at a time — and the engine behind batch
//! linking, so the two modes cannot drift apart.
//!
//! It holds, per registry record, only what matching needs, compactly (see
//! [`store`] for the bytes per record): the id, a 32-byte slot of prepared
//! fields with names as ids into a shared dictionary of normalized names,
//! and the blocking entries. Records can be added, replaced and removed
//! without a rebuild; query results are the same as a fresh build's (ties
//! are broken by registry id, never by position).
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `blocking`, `compare`, `decide`, `error`, `explain`, `field`, `files`, `model`, `names`, `prepare`, `record` and no module above it.

pub(crate) mod store;

use crate::blocking::{BlockIndex, KeyPart, LookupStats, PassConfig, Scratch};
use crate::compare;
use crate::decide::lookalike::{is_consistent, is_near, Calibration, LookalikeCounts, ResponseStrata};
use crate::decide::{Decision, DecisionRules, ReviewReason, ReviewReasons};
use crate::explain::Explanation;
use crate::field::Comparison;
use crate::model::{probability, Model, Weights};
use crate::names::{Name, NameField};
use crate::prepare::{Attested, NameTable, PersonRef, PreparedRecord};
use crate::record::Record;
use crate::{Error, Result};

use store::{Ids, NameCounts, Slot};

/// Format tag at the start of a saved index.
const INDEX_MAGIC: &[u8] = b"DUALCIT-INDEX\0";
/// Saved-index format version this build reads and writes.
pub const INDEX_VERSION: u32 = 3;
const HEADER_LEN: usize = 14 + 4 + 8 + 8;

/// FNV-1a over the payload: detects damage, not tampering.
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3))
}

#[derive(serde::Serialize)]
struct StoredRef<'a> {
    model: &'a Model,
    rules: &'a DecisionRules,
    passes: &'a [PassConfig],
    name_fields: &'a [u8],
    name_texts: &'a [Box<str>],
    names: &'a [Name],
    ids: Vec<&'a str>,
    slots: &'a [Slot],
    alive: &'a [bool],
    blocks: &'a BlockIndex,
}

#[derive(serde::Deserialize)]
struct Stored {
    model: Model,
    rules: DecisionRules,
    passes: Vec<PassConfig>,
    name_fields: Vec<u8>,
    name_texts: Vec<Box<str>>,
    names: Vec<Name>,
    ids: Vec<String>,
    slots: Vec<Slot>,
    alive: Vec<bool>,
    blocks: BlockIndex,
}

/// A candidate from the index, scored.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Scored {
    pub registry: u32,
    pub comparison: Comparison,
    pub match_weight: f64,
    pub lookalike: f64,
    pub probability: f64,
    pub pass: u8,
}

/// One of a blocking pass's largest blocks ([`RegistryIndex::hot_blocks`]), described by
/// a registry record under its key. Holds personal data.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct HotBlock {
    /// The pass ([`BlockingPass::name`](crate::BlockingPass::name)).
    pub pass: &'static str,
    /// Registry records under the key.
    pub records: u64,
    /// Keys of the example record with blocks of this size (a record is under several
    /// keys of some passes).
    pub keys: usize,
    /// The id of the record the key is read from (the smallest registry position under it).
    pub example_id: String,
    /// That record's values of the parts the key is made of, in the pass's order.
    pub key: Vec<(KeyPart, String)>,
}

/// One registry person returned by [`RegistryIndex::query`].
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct QueryMatch {
    /// Registry id.
    pub registry_id: String,
    /// Match probability.
    pub probability: f64,
    /// Match weight (prior included).
    pub match_weight: f64,
    /// `match` or `review`.
    pub decision: Decision,
    /// Why `review` (empty for `match`).
    pub review_reason: ReviewReasons,
    /// The blocking pass that found the candidate.
    pub pass: &'static str,
    /// Field-by-field evidence.
    pub explanation: Explanation,
}

/// Memory held by an index, by part (bytes; see [`RegistryIndex::memory`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct IndexMemory {
    /// Registry records (slots).
    pub records: usize,
    /// Record slots, alive flags, ids and the id table.
    pub per_record: usize,
    /// Blocking entries and directories.
    pub blocking: usize,
    /// The shared name dictionary (distinct names, normalized).
    pub dictionary: usize,
    /// Distinct names in the dictionary.
    pub distinct_names: usize,
}

/// The registry, indexed for matching. `Send + Sync`: share it across
/// threads (e.g. in an `Arc`) and query with `&self`.
#[derive(Clone)]
pub struct RegistryIndex {
    model: Model,
    rules: DecisionRules,
    passes: Vec<PassConfig>,
    names: NameTable,
    slots: Vec<Slot>,
    ids: Ids,
    alive: Vec<bool>,
    live: usize,
    blocks: BlockIndex,
    surnames: NameCounts,
    given: NameCounts,
    /// Live records per father's-name key of their patronymic.
    fathers: NameCounts,
    weights: Weights,
    calibration: Calibration,
}

/// Pairs are compared to the end down to this match weight (bits), below the review
/// threshold, so that the look-alike strata see the contradicting pairs too.
pub(crate) const STRATA_CUTOFF: f64 = -20.0;

/// What a scoring worker counts besides the pairs it keeps.
#[derive(Clone, Debug, Default)]
pub(crate) struct ScoreTally {
    /// Look-alike strata.
    pub lookalike: LookalikeCounts,
    /// Sum of the probabilities of the pairs compared but below the review threshold,
    /// in units of 1e-12 (integers, so the sum does not depend on the order of workers).
    pub below_review_p: u64,
}

impl ScoreTally {
    pub(crate) fn add_below_review(&mut self, p: f64) {
        self.below_review_p += crate::model::mass_units(p);
    }

    /// Adds another worker's tally.
    pub(crate) fn merge(&mut self, o: &ScoreTally) {
        self.lookalike.merge(&o.lookalike);
        self.below_review_p += o.below_review_p;
    }
}

/// Shows sizes only: an index holds personal data, which must not reach logs.
impl std::fmt::Debug for RegistryIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistryIndex")
            .field("records", &self.live)
            .field("slots", &self.slots.len())
            .field("passes", &self.passes.len())
            .finish_non_exhaustive()
    }
}

/// Builds an index batch by batch, so that a registry larger than memory
/// in its raw form streams through: each batch's records are reduced to
/// their compact slots and dropped by the caller. See
/// [`RegistryIndex::builder`].
pub struct IndexBuilder {
    index: RegistryIndex,
}

impl IndexBuilder {
    /// Adds a batch of records (ids must be unique and non-empty across all
    /// batches): names are interned — new distinct spellings normalized in
    /// parallel — and each record kept as a 32-byte slot.
    pub fn add(&mut self, records: &[Record]) -> Result<()> {
        for r in records {
            if r.id.is_empty() {
                return Err(Error::config(format!("registry record {} has an empty id", self.index.ids.len() + 1)));
            }
            if self.claim_id(&r.id)?.is_err() {
                return Err(Error::config(format!("registry record {} repeats an earlier id", self.index.ids.len() + 1)));
            }
        }
        self.add_claimed(records)
    }

    /// Reserves the next position for an id: `Ok(position)`, or
    /// `Err(position of the earlier record with this id)`. The record itself
    /// follows with [`IndexBuilder::add_claimed`], in the same order.
    pub fn claim_id(&mut self, id: &str) -> Result<std::result::Result<u32, u32>> {
        let ix = &mut self.index;
        let pos = u32::try_from(ix.ids.len()).map_err(|_| Error::config("the index is full (2^32 records)"))?;
        ix.ids.push(id);
        if ix.ids.index(pos) {
            Ok(Ok(pos))
        } else {
            ix.ids.pop();
            Ok(Err(ix.ids.position(id).unwrap_or(0)))
        }
    }

    /// Adds records whose ids were claimed with [`IndexBuilder::claim_id`],
    /// in claim order.
    pub fn add_claimed(&mut self, records: &[Record]) -> Result<()> {
        let ix = &mut self.index;
        if ix.slots.len() + records.len() > ix.ids.len() {
            return Err(Error::config("registry records added without claiming their ids"));
        }
        let ids = ix.names.intern_records(records);
        ix.slots.reserve(records.len());
        for (r, names) in records.iter().zip(ids) {
            ix.slots.push(Slot::new(r, names));
            ix.alive.push(true);
            ix.live += 1;
        }
        Ok(())
    }

    /// Records added so far.
    pub fn len(&self) -> usize {
        self.index.slots.len()
    }

    /// Whether no record was added.
    pub fn is_empty(&self) -> bool {
        self.index.slots.is_empty()
    }

    /// Builds the blocking index (passes in parallel) and the name counts.
    pub fn finish(mut self) -> RegistryIndex {
        let ix = &mut self.index;
        // Ids claimed but never followed by their record are dropped.
        while ix.ids.len() > ix.slots.len() {
            let last = ix.ids.get(ix.ids.len() as u32 - 1).to_string();
            ix.ids.unindex(&last);
            ix.ids.pop();
        }
        ix.count_names();
        ix.slots.shrink_to_fit();
        ix.alive.shrink_to_fit();
        let (slots, names) = (&ix.slots, &ix.names);
        ix.blocks = BlockIndex::build_with(slots.len(), &|i| slots[i].view(names), &ix.passes);
        ix.weights = ix.model.weights(ix.live);
        self.index
    }
}

impl RegistryIndex {
    /// Starts an index to be filled batch by batch ([`IndexBuilder::add`]).
    pub fn builder(model: Model, rules: DecisionRules, passes: Vec<PassConfig>) -> IndexBuilder {
        let weights = model.weights(0);
        IndexBuilder {
            index: RegistryIndex {
                rules,
                passes,
                names: NameTable::default(),
                slots: Vec::new(),
                ids: Ids::default(),
                alive: Vec::new(),
                live: 0,
                blocks: BlockIndex::default(),
                surnames: NameCounts::default(),
                given: NameCounts::default(),
                fathers: NameCounts::default(),
                calibration: Calibration::from_model(&model),
                weights,
                model,
            },
        }
    }

    /// Builds the index. Ids must be unique and non-empty (a [`crate::Dataset`]
    /// read by [`crate::read_registry`] already guarantees it).
    pub fn build(model: Model, rules: DecisionRules, passes: Vec<PassConfig>, records: &[Record]) -> Result<RegistryIndex> {
        let mut b = Self::builder(model, rules, passes);
        b.add(records)?;
        Ok(b.finish())
    }

    /// Counts live records per surname and given-name skeleton and per father's-name key.
    fn count_names(&mut self) {
        let (mut surnames, mut given, mut fathers) = (NameCounts::default(), NameCounts::default(), NameCounts::default());
        for (s, &alive) in self.slots.iter().zip(&self.alive) {
            if alive {
                surnames.add(s.names[0], &self.names.name(s.names[0]).skeleton);
                given.add(s.names[1], &self.names.name(s.names[1]).skeleton);
                fathers.add(s.names[2], &self.names.name(s.names[2]).stem);
            }
        }
        self.surnames = surnames;
        self.given = given;
        self.fathers = fathers;
    }

    /// A registry record as the comparators read it, with its names' attestation.
    #[inline]
    fn view_at<'a>(&'a self, s: &Slot) -> PersonRef<'a> {
        let mut v = s.view(&self.names);
        let k = self.model.term_frequency.attested_min_count;
        v.attested = Attested([self.surnames.count(s.names[0]) >= k, self.given.count(s.names[1]) >= k, self.fathers.count(s.names[2]) >= k]);
        v
    }

    /// Marks which of a record's names the registry attests as names (enough live records
    /// carry the spelling, or its second reading; for a patronymic, the father's name).
    pub(crate) fn attest(&self, q: &mut PreparedRecord) {
        let k = self.model.term_frequency.attested_min_count;
        let seen = |c: &NameCounts, n: &crate::names::Name| c.count_of(&n.skeleton) >= k || c.count_of(&n.alt_skeleton) >= k;
        q.attested = Attested([seen(&self.surnames, &q.surname), seen(&self.given, &q.given_name), self.fathers.count_of(&q.patronymic.stem) >= k]);
    }

    /// Live registry records.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether the index holds no live record.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Whether a registry id is in the index.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.position(id).is_some()
    }

    /// The weights in use (they follow the registry size).
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The model in use.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The decision rules in use.
    pub fn rules(&self) -> &DecisionRules {
        &self.rules
    }

    /// The blocking passes in use.
    pub fn passes(&self) -> &[PassConfig] {
        &self.passes
    }

    /// Memory held, by part: what the memory model in the README is measured with.
    pub fn memory(&self) -> IndexMemory {
        IndexMemory {
            records: self.slots.len(),
            per_record: self.slots.capacity() * std::mem::size_of::<Slot>() + self.alive.capacity() + self.ids.heap_bytes(),
            blocking: self.blocks.heap_bytes(),
            dictionary: self.names.heap_bytes(),
            distinct_names: self.names.len(),
        }
    }

    pub(crate) fn blocks(&self) -> &BlockIndex {
        &self.blocks
    }

    /// Position of a live registry id.
    pub(crate) fn position(&self, id: &str) -> Option<u32> {
        self.ids.position(id)
    }

    /// Id of the record at a position (`""` past the end).
    pub fn id_at(&self, position: u32) -> &str {
        if (position as usize) < self.slots.len() {
            self.ids.get(position)
        } else {
            ""
        }
    }

    /// The `n` largest blocks of each blocking pass, largest first, each described by
    /// the registry record under it with the smallest position: its id and its values of
    /// the parts the pass's key is made of ([`BlockingPass::key_parts`](crate::BlockingPass::key_parts)). **Personal
    /// data**: names and dates of registry persons, for an analyst who asked for them
    /// (`dualcit blocks --show-data`) to find a hot block — a placeholder date, a common
    /// name — and fix the data or the cap. The sizes are `--stats`'s `largest_blocks`.
    pub fn hot_blocks(&self, n: usize) -> Vec<HotBlock> {
        let mut out = Vec::new();
        // A record is under several keys of some passes (a surname's sound key and its
        // stem; a date with each part blanked): blocks of one size read from one record
        // are one line, with the number of keys.
        for (i, blocks) in self.blocks.largest_blocks_at(n.saturating_mul(8)).into_iter().enumerate() {
            let Some(pass) = self.blocks.pass_at(i) else { continue };
            let mut distinct: Vec<(u64, u32, usize)> = Vec::new();
            for (records, pos) in blocks {
                match distinct.last_mut() {
                    Some(last) if (last.0, last.1) == (records, pos) => last.2 += 1,
                    _ => distinct.push((records, pos, 1)),
                }
            }
            distinct.truncate(n);
            for (records, pos, keys) in distinct {
                let Some(slot) = self.slots.get(pos as usize) else { continue };
                let [surname, given, patronymic] = slot.names.map(|id| self.names.text(id).to_string());
                let date = crate::record::BirthDate::unpack(slot.date);
                let key = pass
                    .key_parts()
                    .iter()
                    .map(|&part| {
                        let value = match part {
                            KeyPart::BirthDate => date.map(|d| d.to_string()).unwrap_or_default(),
                            KeyPart::BirthYear => date.map(|d| format!("{:04}", d.year())).unwrap_or_default(),
                            KeyPart::Birthday => match date.and_then(|d| Some((d.day()?, d.month()?))) {
                                Some((d, m)) => format!("{d:02}.{m:02}"),
                                None => String::new(),
                            },
                            KeyPart::Surname => surname.clone(),
                            KeyPart::GivenName => given.clone(),
                            KeyPart::Patronymic => patronymic.clone(),
                        };
                        (part, value)
                    })
                    .collect();
                out.push(HotBlock { pass: pass.name(), records, keys, example_id: self.id_at(pos).to_string(), key });
            }
        }
        out
    }

    /// The record's surname, given name and patronymic as written, birth
    /// date and sex code: personal data, for reports that show it on request.
    pub fn shown_at(&self, position: u32) -> Option<[String; 5]> {
        let s = self.slots.get(position as usize)?;
        let [a, b, c] = s.names.map(|id| self.names.text(id).to_string());
        Some([a, b, c, crate::record::BirthDate::unpack(s.date).map(|d| d.to_string()).unwrap_or_default(), s.sex.code().to_string()])
    }

    #[inline]
    fn freq(&self, s: &Slot) -> (f32, f32) {
        let n = self.live.max(1) as f32;
        let min = self.model.term_frequency.min_count;
        let f = |c: u32| if c < min || c == 0 { 0.0 } else { c as f32 / n };
        (f(self.surnames.count(s.names[0])), f(self.given.count(s.names[1])))
    }

    /// Compares a registry record (by position) with a prepared record, with
    /// the term-frequency adjustment.
    pub(crate) fn compare_at(&self, position: u32, q: &PreparedRecord) -> Comparison {
        let s = &self.slots[position as usize];
        let r = self.view_at(s);
        match compare::compare_scored(r, q.view(), &self.weights, self.freq(s), f64::NEG_INFINITY) {
            Some((c, _)) => c,
            None => compare::compare_views(r, q.view(), &self.weights),
        }
    }

    /// The pass that brings the registry record at `position` and `q`
    /// together, if one does, and whether `q` met a block over its cap.
    pub(crate) fn candidate_pass(&self, position: u32, q: &PreparedRecord) -> (Option<u8>, bool) {
        let mut scratch = Scratch::default();
        let mut stats = LookupStats::default();
        self.blocks.candidates(q.view(), &mut scratch, &mut stats);
        let pass = scratch.candidates.iter().find(|c| c.registry == position).map(|c| c.pass);
        (pass, stats.capped_queries.iter().any(|&n| n > 0))
    }

    /// Scores every candidate of `q` at or above the review threshold into `out`
    /// (model weights, before the look-alike correction), and tallies every pair
    /// compared to the end into `tally`.
    pub(crate) fn score_into(&self, q: &PreparedRecord, scratch: &mut Scratch, stats: &mut LookupStats, out: &mut Vec<Scored>, tally: &mut ScoreTally) -> u64 {
        let qv = q.view();
        self.blocks.candidates(qv, scratch, stats);
        // The review threshold as a match weight: pairs that cannot reach it are dropped early.
        let review = self.rules.thresholds.review_probability;
        let cutoff = crate::model::weight_of(review);
        // Pairs below the review threshold are still compared down to STRATA_CUTOFF: the
        // look-alike strata and the expected number of true pairs count them.
        let compared_to = cutoff.min(STRATA_CUTOFF);
        let mut strata = ResponseStrata::default();
        let mut scored = 0;
        for c in &scratch.candidates {
            if !self.alive[c.registry as usize] {
                continue;
            }
            scored += 1;
            let s = &self.slots[c.registry as usize];
            let Some((cmp, _)) = compare::compare_scored_floor(self.view_at(s), qv, &self.weights, self.freq(s), cutoff, compared_to) else { continue };
            strata.see(&cmp, self.view_at(s), qv);
            // The weight is summed in explanation order so that it equals the explanation's sum bit for bit.
            let w = self.weights.match_weight(&cmp);
            let p = probability(w);
            if p >= review || is_near(&cmp) || is_consistent(&cmp) {
                out.push(Scored { registry: c.registry, comparison: cmp, match_weight: w, lookalike: 0.0, probability: p, pass: c.pass });
            } else {
                tally.add_below_review(p);
            }
        }
        tally.lookalike.add(&strata);
        scored
    }

    /// The look-alike calibration a single query uses: by default the model's stated
    /// shares (see [`Calibration`](crate::Calibration)).
    pub fn calibration(&self) -> &Calibration {
        &self.calibration
    }

    /// Uses `calibration` for queries — e.g. the one a batch run measured on the same
    /// partner state's answers ([`crate::LinkStats::lookalike`]), so that a query scores
    /// as that run did.
    pub fn with_calibration(mut self, calibration: Calibration) -> RegistryIndex {
        self.calibration = calibration;
        self
    }

    /// Finds the registry persons a record may be: candidates at or above the
    /// review threshold (and near pairs, and a consistent pair when it is the only
    /// candidate: `only_candidate`), strongest first (ties by registry id), decided with
    /// the one-to-one rule (a near tie sends both to `review`; clearly weaker
    /// candidates are dropped).
    pub fn query(&self, record: &Record) -> Vec<QueryMatch> {
        let mut q = PreparedRecord::new(record);
        self.attest(&mut q);
        let mut scratch = Scratch::default();
        let mut stats = LookupStats::default();
        let mut scored = Vec::new();
        self.score_into(&q, &mut scratch, &mut stats, &mut scored, &mut ScoreTally::default());
        let review = self.rules.thresholds.review_probability;
        for s in &mut scored {
            s.lookalike = self.calibration.correction(&s.comparison, s.match_weight);
            s.match_weight += s.lookalike;
            s.probability = probability(s.match_weight);
        }
        // A consistent pair below the review threshold stays when it is the only candidate (as in a batch run).
        let only = scored.len() == 1;
        scored.retain(|s| s.probability >= review || is_near(&s.comparison) || (only && is_consistent(&s.comparison)));
        scored.sort_by(|a, b| b.match_weight.total_cmp(&a.match_weight).then_with(|| self.id_at(a.registry).cmp(self.id_at(b.registry))));
        let best = scored.first().map(|s| s.match_weight);
        let pass_names: Vec<&'static str> = self.passes.iter().map(|p| p.pass.name()).collect();
        let tie = scored.len() > 1 && best.is_some_and(|b| b - scored[1].match_weight < self.rules.tie_margin);
        scored
            .into_iter()
            .enumerate()
            .filter(|(i, s)| *i == 0 || best.is_some_and(|b| b - s.match_weight < self.rules.tie_margin))
            .map(|(_, s)| {
                let (decision, mut review_reason) = self.rules.policy.decide_pair(s.probability, &s.comparison, &self.rules.thresholds);
                if s.probability < review && is_consistent(&s.comparison) {
                    review_reason.insert(ReviewReason::OnlyCandidate);
                }
                if tie {
                    review_reason.insert(ReviewReason::CompetingRegistryCandidate);
                }
                let decision = if tie { Decision::Review } else { decision };
                QueryMatch {
                    registry_id: self.id_at(s.registry).to_string(),
                    probability: s.probability,
                    match_weight: s.match_weight,
                    decision,
                    review_reason,
                    pass: pass_names.get(s.pass as usize).copied().unwrap_or("?"),
                    explanation: Explanation::new(&self.weights, &s.comparison).with_lookalike(s.lookalike),
                }
            })
            .collect()
    }

    /// Adds a registry record, or replaces the record with the same id.
    pub fn insert(&mut self, record: &Record) -> Result<()> {
        if record.id.is_empty() {
            return Err(Error::config("a registry record needs an id"));
        }
        self.remove(&record.id);
        let position = u32::try_from(self.slots.len()).map_err(|_| Error::config("the index is full (2^32 records)"))?;
        let names = [
            self.names.intern(NameField::Surname, &record.surname),
            self.names.intern(NameField::GivenName, &record.given_name),
            self.names.intern(NameField::Patronymic, &record.patronymic),
        ];
        let slot = Slot::new(record, names);
        self.surnames.add(names[0], &self.names.name(names[0]).skeleton);
        self.given.add(names[1], &self.names.name(names[1]).skeleton);
        self.fathers.add(names[2], &self.names.name(names[2]).stem);
        self.blocks.insert(position, slot.view(&self.names));
        self.slots.push(slot);
        self.alive.push(true);
        self.ids.push(&record.id);
        self.ids.index(position);
        self.live += 1;
        self.weights = self.model.weights(self.live);
        Ok(())
    }

    /// Removes a registry record; returns whether it was there. Its slot is
    /// reclaimed by [`RegistryIndex::compact`].
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(position) = self.ids.unindex(id) else { return false };
        let i = position as usize;
        self.alive[i] = false;
        let names = self.slots[i].names;
        self.surnames.release(names[0]);
        self.given.release(names[1]);
        self.fathers.release(names[2]);
        self.live -= 1;
        self.weights = self.model.weights(self.live);
        true
    }

    /// The index as bytes: a header (format tag, version, payload length and
    /// checksum) and the payload (model, rules, passes, name dictionary, ids,
    /// record slots, blocking entries). Name counts are rebuilt on load.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let (name_fields, name_texts, names) = self.names.parts();
        let stored = StoredRef {
            model: &self.model,
            rules: &self.rules,
            passes: &self.passes,
            name_fields,
            name_texts,
            names,
            ids: self.ids.iter().collect(),
            slots: &self.slots,
            alive: &self.alive,
            blocks: &self.blocks,
        };
        let payload = postcard::to_stdvec(&stored).map_err(|e| Error::index(None, format!("cannot encode: {e}")))?;
        let mut out = Vec::with_capacity(payload.len() + HEADER_LEN);
        out.extend_from_slice(INDEX_MAGIC);
        out.extend_from_slice(&INDEX_VERSION.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&checksum(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
        Ok(out)
    }

    /// Reads an index written by [`RegistryIndex::to_bytes`]. A file of another
    /// format version, a truncated or damaged file is refused with a reason.
    pub fn from_bytes(bytes: &[u8]) -> Result<RegistryIndex> {
        Self::decode(bytes, None)
    }

    /// Saves the index to a file (atomically; readable by the owner only).
    pub fn save(&self, path: &std::path::Path) -> Result<()> {
        let bytes = self.to_bytes()?;
        crate::files::write_atomically(path, |w| std::io::Write::write_all(w, &bytes))
    }

    /// Loads an index saved with [`RegistryIndex::save`]: no normalization, no
    /// sorting — a service starts in the time it takes to read the file.
    pub fn load(path: &std::path::Path) -> Result<RegistryIndex> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::decode(&bytes, Some(path))
    }

    fn decode(bytes: &[u8], path: Option<&std::path::Path>) -> Result<RegistryIndex> {
        let bad = |m: String| Error::index(path, m);
        if bytes.len() < HEADER_LEN || &bytes[..INDEX_MAGIC.len()] != INDEX_MAGIC {
            return Err(bad("not a dualcit index file".into()));
        }
        let field = |at: usize, n: usize| -> u64 {
            let mut b = [0u8; 8];
            b[..n].copy_from_slice(&bytes[at..at + n]);
            u64::from_le_bytes(b)
        };
        let m = INDEX_MAGIC.len();
        let version = field(m, 4) as u32;
        if version != INDEX_VERSION {
            return Err(bad(format!("index format version {version} is not supported (this build reads version {INDEX_VERSION}); rebuild the index")));
        }
        let len = field(m + 4, 8);
        let sum = field(m + 12, 8);
        let payload = &bytes[HEADER_LEN..];
        if payload.len() as u64 != len {
            return Err(bad(format!("truncated or padded: {} payload bytes, header says {len}", payload.len())));
        }
        if checksum(payload) != sum {
            return Err(bad("checksum mismatch: the file is damaged".into()));
        }
        let stored: Stored = postcard::from_bytes(payload).map_err(|e| bad(format!("cannot decode: {e}")))?;
        let n = stored.slots.len();
        if stored.ids.len() != n || stored.alive.len() != n {
            return Err(bad("inconsistent record counts".into()));
        }
        stored.model.validate_public(path)?;
        let names = NameTable::from_parts(stored.name_fields, stored.name_texts, stored.names).ok_or_else(|| bad("inconsistent name dictionary".into()))?;
        if stored.slots.iter().any(|s| s.names.iter().any(|&id| id as usize >= names.len())) {
            return Err(bad("a record refers to a name past the dictionary".into()));
        }
        if stored.slots.iter().any(|s| !store::valid_packed_date(s.date)) {
            return Err(bad("a record holds an impossible birth date".into()));
        }
        let mut ids = Ids::default();
        ids.reserve(n);
        let mut live = 0;
        for (i, id) in stored.ids.iter().enumerate() {
            ids.push(id);
            // Removed records keep their slot but are not findable.
            if stored.alive[i] {
                live += 1;
                if id.is_empty() || !ids.index(i as u32) {
                    return Err(bad(format!("record {} repeats an id or has none", i + 1)));
                }
            }
        }
        let mut blocks = stored.blocks;
        if !blocks.check_loaded(n) {
            return Err(bad("blocking entries are unsorted or point past the records".into()));
        }
        let weights = stored.model.weights(live);
        let calibration = Calibration::from_model(&stored.model);
        let mut index = RegistryIndex {
            model: stored.model,
            rules: stored.rules,
            passes: stored.passes,
            names,
            slots: stored.slots,
            ids,
            alive: stored.alive,
            live,
            blocks,
            surnames: NameCounts::default(),
            given: NameCounts::default(),
            fathers: NameCounts::default(),
            calibration,
            weights,
        };
        index.count_names();
        Ok(index)
    }

    /// Drops removed records' blocking entries (positions stay valid).
    pub fn compact(&mut self) {
        let alive = &self.alive;
        self.blocks.retain(|p| !alive[p as usize]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{BirthDate, Sex};

    fn person(id: &str, s: &str, g: &str, dob: &str) -> Record {
        Record {
            id: id.into(),
            surname: s.into(),
            given_name: g.into(),
            birth_date: Some(BirthDate::parse(dob).unwrap()),
            sex: Sex::Male,
            ..Default::default()
        }
    }

    fn index(records: &[Record]) -> RegistryIndex {
        let passes = crate::blocking::DEFAULT_PASSES.iter().map(|&p| p.into()).collect();
        RegistryIndex::build(Model::default(), DecisionRules::default(), passes, records).unwrap()
    }

    fn registry() -> Vec<Record> {
        (0..300)
            .map(|i| {
                person(
                    &format!("K{i}"),
                    ["Иванов", "Ахметов", "Ким", "Цой"][i % 4],
                    ["Евгений", "Ержан", "Олег"][i % 3],
                    &format!("{:02}.{:02}.19{}", 1 + i % 28, 1 + i % 12, 50 + i % 40),
                )
            })
            .collect()
    }

    #[test]
    fn query_finds_the_person_across_scripts() {
        let reg = registry();
        let idx = index(&reg);
        let q = person("Q", "Akhmetov", "Oleg", "06.06.1955");
        let m = idx.query(&q);
        assert_eq!(m[0].registry_id, "K5");
        let e = &m[0].explanation;
        let sum = e.prior + e.fields.iter().map(|f| f.weight).sum::<f64>() + e.lookalike;
        assert!((sum - m[0].match_weight).abs() < 1e-9);
        assert!((e.match_weight - m[0].match_weight).abs() < 1e-9);
    }

    #[test]
    fn incremental_changes_equal_a_fresh_build() {
        let reg = registry();
        let mut idx = index(&reg[..200]);
        for r in &reg[200..] {
            idx.insert(r).unwrap();
        }
        assert!(idx.remove("K7"));
        assert!(!idx.remove("K7"));
        let mut changed = reg[10].clone();
        changed.given_name = "Тимур".into();
        idx.insert(&changed).unwrap();
        let mut fresh_records: Vec<Record> = reg.iter().filter(|r| r.id != "K7" && r.id != "K10").cloned().collect();
        fresh_records.push(changed);
        let fresh = index(&fresh_records);
        assert_eq!(idx.len(), fresh.len());
        for q in [person("a", "Ivanov", "Evgenii", "01.01.1950"), person("b", "Kim", "Timur", "11.11.1960"), person("c", "Tsoi", "Oleg", "08.08.1957")] {
            assert_eq!(idx.query(&q), fresh.query(&q));
        }
        idx.compact();
        assert_eq!(idx.query(&person("a", "Ivanov", "Evgenii", "01.01.1950")), fresh.query(&person("a", "Ivanov", "Evgenii", "01.01.1950")));
    }

    #[test]
    fn save_and_load_give_the_same_answers_and_damage_is_refused() {
        let reg = registry();
        let mut idx = index(&reg);
        idx.remove("K3");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("registry.idx");
        idx.save(&path).unwrap();
        let back = RegistryIndex::load(&path).unwrap();
        assert_eq!(back.len(), idx.len());
        for q in [person("a", "Akhmetov", "Oleg", "06.06.1955"), person("b", "Kim", "Evgenii", "04.04.1953")] {
            assert_eq!(back.query(&q), idx.query(&q));
        }
        let bytes = std::fs::read(&path).unwrap();
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        assert!(RegistryIndex::from_bytes(&flipped).unwrap_err().to_string().contains("checksum"));
        assert!(RegistryIndex::from_bytes(&bytes[..bytes.len() / 2]).unwrap_err().to_string().contains("truncated"));
        let mut old = bytes.clone();
        old[14] = 0;
        assert!(RegistryIndex::from_bytes(&old).unwrap_err().to_string().contains("version 0"));
        assert!(RegistryIndex::from_bytes(b"id,surname\n1,X\n").unwrap_err().to_string().contains("not a dualcit index"));
        assert!(RegistryIndex::load(&dir.path().join("missing.idx")).is_err());
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let r = person("X", "Ким", "Ольга", "01.02.1970");
        let passes = crate::blocking::DEFAULT_PASSES.iter().map(|&p| p.into()).collect();
        assert!(RegistryIndex::build(Model::default(), DecisionRules::default(), passes, &[r.clone(), r]).is_err());
    }

    #[test]
    fn shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<RegistryIndex>();
        let idx = std::sync::Arc::new(index(&registry()));
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let idx = idx.clone();
                std::thread::spawn(move || idx.query(&person("q", "Kim", "Oleg", &format!("{:02}.03.1952", 1 + t))).len())
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    }
}
