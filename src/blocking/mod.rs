//! Blocking: which registry records a response record is compared with.
//!
//! Each [`BlockingPass`] maps a record to keys; a registry record and a
//! response record are a candidate pair when they share a key in some pass.
//! The registry side is indexed once ([`BlockIndex::build`]) as one sorted
//! `(key, record)` array per pass — 16 bytes an entry, no hash-map overhead;
//! each response is then looked up on its own, so candidate pairs stream
//! into scoring and the full pair list is never built. A pair found by
//! several passes is scored once and remembers the first pass that found it.
//!
//! The default passes follow the error model of CIS birth dates (NAMES.md §5):
//! exact date; day and month swapped; one component off (year ±1, day ±1, a
//! digit, a 19xx/20xx slip) together with the surname key; partial dates and
//! `01.01` placeholders on the year together with both name keys; and a
//! capped name-only pass for missing or wholly wrong dates. Name keys come from
//! the cross-script skeletons, so `Нұрсұлтан` and `Nursultan` share them.

use rayon::prelude::*;

use crate::compare::PreparedRecord;
use crate::names::Name;

/// A blocking pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BlockingPass {
    /// Same birth date, both known to the day (placeholders excluded).
    ExactDate,
    /// Day and month swapped.
    SwappedDate,
    /// Exactly one of year / month / day differs, and the surname key is the same.
    DateTypo,
    /// Same birth year, surname key and given-name key: catches year-only and
    /// year-month dates, `01.01` placeholders, and a day or month wholly wrong.
    YearName,
    /// Same birth year, given-name key and father's-name (patronymic) key:
    /// a married woman's new surname with a partial or placeholder date.
    YearGivenFather,
    /// Same birth year and the same two name words in either order: surname
    /// and given name swapped between columns, with a partial date.
    YearUnordered,
    /// Same surname key and given-name key whatever the dates — and the same
    /// father's name when both have a patronymic: records without a date and
    /// dates wholly wrong. Capped hard: common names make big blocks.
    NameOnly,
}

/// The passes dualcit runs unless told otherwise, in order.
pub const DEFAULT_PASSES: [BlockingPass; 7] = [
    BlockingPass::ExactDate,
    BlockingPass::SwappedDate,
    BlockingPass::DateTypo,
    BlockingPass::YearName,
    BlockingPass::YearGivenFather,
    BlockingPass::YearUnordered,
    BlockingPass::NameOnly,
];

const ALL_PASSES: [BlockingPass; 7] = DEFAULT_PASSES;

impl BlockingPass {
    /// Name used in reports and configuration.
    pub fn name(self) -> &'static str {
        match self {
            BlockingPass::ExactDate => "exact_date",
            BlockingPass::SwappedDate => "swapped_date",
            BlockingPass::DateTypo => "date_typo",
            BlockingPass::YearName => "year_name",
            BlockingPass::YearGivenFather => "year_given_father",
            BlockingPass::YearUnordered => "year_unordered",
            BlockingPass::NameOnly => "name_only",
        }
    }

    /// Parses a pass name.
    pub fn from_name(name: &str) -> Option<BlockingPass> {
        ALL_PASSES.into_iter().find(|p| p.name() == name)
    }

    /// Names of every pass, for help texts.
    pub fn names() -> Vec<&'static str> {
        ALL_PASSES.iter().map(|p| p.name()).collect()
    }

    /// The default cap on one block's size for this pass.
    pub fn default_cap(self) -> usize {
        match self {
            BlockingPass::NameOnly => 300,
            _ => DEFAULT_MAX_BLOCK,
        }
    }

    /// Keys a registry record is indexed under, mixed to be uniform over u64.
    fn index_keys(self, r: &PreparedRecord, out: &mut Vec<u64>) {
        let from = out.len();
        self.raw_index_keys(r, out);
        out[from..].iter_mut().for_each(|k| *k = finalize(*k));
    }

    /// Keys a response record looks up, mixed like the index keys.
    fn query_keys(self, r: &PreparedRecord, out: &mut Vec<u64>) {
        let from = out.len();
        self.raw_query_keys(r, out);
        out[from..].iter_mut().for_each(|k| *k = finalize(*k));
    }

    fn raw_index_keys(self, r: &PreparedRecord, out: &mut Vec<u64>) {
        let date = r.birth_date;
        match self {
            BlockingPass::ExactDate | BlockingPass::SwappedDate => {
                if let Some(d) = date.filter(|d| d.is_full()) {
                    out.push(d.key() as u64);
                }
            }
            BlockingPass::DateTypo => {
                if let Some(d) = date.filter(|d| d.is_full()) {
                    let (y, m, dd) = (d.year() as u64, d.month().unwrap_or(0) as u64, d.day().unwrap_or(0) as u64);
                    for s in surname_keys(r) {
                        // Deletion keys: two dates differing in exactly one component share one of them.
                        out.push(mix(mix(1, m << 8 | dd), s));
                        out.push(mix(mix(2, y << 8 | dd), s));
                        out.push(mix(mix(3, y << 8 | m), s));
                    }
                }
            }
            BlockingPass::YearName => {
                if let Some(d) = date {
                    for s in surname_keys(r) {
                        for g in given_keys(r).chain(initial_key(r)) {
                            out.push(mix(mix(4, d.year() as u64), mix(s, g)));
                        }
                    }
                }
            }
            BlockingPass::YearGivenFather => {
                if let (Some(d), Some(f)) = (date, father_key(r)) {
                    for g in given_keys(r) {
                        out.push(mix(mix(7, d.year() as u64), mix(g, f)));
                    }
                }
            }
            BlockingPass::YearUnordered => {
                if let (Some(d), Some((a, b))) = (date, unordered_words(r)) {
                    out.push(mix(mix(8, d.year() as u64), mix(a.min(b), a.max(b))));
                }
            }
            BlockingPass::NameOnly => {
                // Registry side: under (names, father) — or (names, none) without a
                // patronymic — and under (names, any) for queries that have none.
                for s in surname_keys(r) {
                    for g in given_keys(r) {
                        let names = mix(5, mix(s, g));
                        out.push(mix(names, father_key(r).unwrap_or(NO_FATHER)));
                        out.push(mix(names, ANY_FATHER));
                    }
                }
            }
        }
    }

    fn raw_query_keys(self, r: &PreparedRecord, out: &mut Vec<u64>) {
        match self {
            BlockingPass::SwappedDate => {
                if let Some(d) = r.birth_date.filter(|d| d.is_full()) {
                    let (day, month) = (d.day().unwrap_or(0), d.month().unwrap_or(0));
                    if day != month && day <= 12 {
                        if let Ok(s) = crate::record::BirthDate::ymd(d.year(), day, month) {
                            out.push(s.key() as u64);
                        }
                    }
                }
            }
            BlockingPass::NameOnly => {
                // With a patronymic: the registry persons with the same father's name or
                // none; without one: everybody of that name.
                for s in surname_keys(r) {
                    for g in given_keys(r) {
                        let names = mix(5, mix(s, g));
                        match father_key(r) {
                            Some(f) => {
                                out.push(mix(names, f));
                                out.push(mix(names, NO_FATHER));
                            }
                            None => out.push(mix(names, ANY_FATHER)),
                        }
                    }
                }
            }
            _ => self.raw_index_keys(r, out),
        }
    }
}

/// Name-only keys' father part for a record without a patronymic.
const NO_FATHER: u64 = 0x6e6f_2d66_6174_6865;
/// Name-only keys' father part that every registry record carries.
const ANY_FATHER: u64 = 0x616e_792d_6661_7468;

/// Up to two keys: the name's reading and, for ambiguous spellings, its
/// alternative reading (German `ch`, Azerbaijani `c`, Kazakh `ң` as `ng` …).
struct Keys {
    keys: [u64; 2],
    len: usize,
}

impl Iterator for Keys {
    type Item = u64;
    fn next(&mut self) -> Option<u64> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        Some(self.keys[self.len])
    }
}

fn keys(primary: Option<u64>, alternative: Option<u64>) -> Keys {
    match (primary, alternative) {
        (Some(a), Some(b)) if a != b => Keys { keys: [a, b], len: 2 },
        (Some(a), _) => Keys { keys: [a, 0], len: 1 },
        _ => Keys { keys: [0, 0], len: 0 },
    }
}

/// Hash of a name's stem (its skeleton when it has none), precomputed per name.
fn stem_hash(n: &Name) -> u64 {
    if n.hashes.stem != 0 {
        n.hashes.stem
    } else {
        n.hashes.skeleton
    }
}

/// Hash of the first word of a skeleton: the precomputed whole-skeleton hash
/// for one-word names (nearly all), computed for the others.
fn first_word_hash(skeleton: &str, whole: u64) -> u64 {
    match skeleton.split_once(' ') {
        None => whole,
        Some((first, _)) => crate::names::hash_text(first),
    }
}

/// The surname keys: the skeleton without gendered or derivational suffixes
/// (Иванов / Иванова / Ivanova share it), and the alternative reading's skeleton.
fn surname_keys(r: &PreparedRecord) -> Keys {
    let n: &Name = &r.surname;
    if n.is_missing() {
        return keys(None, None);
    }
    keys(Some(stem_hash(n)), (n.hashes.alt != 0).then_some(n.hashes.alt))
}

/// The given-name keys: the cognate group when the name has one (Александр /
/// Олександр / Aliaksandr), else the skeleton of its first word; and the
/// alternative reading's first word.
fn given_keys(r: &PreparedRecord) -> Keys {
    let n: &Name = &r.given_name;
    if n.is_missing() || n.initial_only {
        return keys(None, None);
    }
    let primary = match n.cognate_group {
        Some(g) => mix(6, g as u64),
        None => first_word_hash(&n.skeleton, n.hashes.skeleton),
    };
    let alt = (n.hashes.alt != 0).then(|| first_word_hash(&n.alt_skeleton, n.hashes.alt));
    keys(Some(primary), alt)
}

/// The given name's first letter (an initial "А." matches "Александр", and a
/// typo later in the name does not break the key); same space as
/// [`given_keys`] but tagged apart.
fn initial_key(r: &PreparedRecord) -> Option<u64> {
    let first = *r.given_name.skeleton.as_bytes().first()?;
    Some(mix(9, first as u64))
}

/// The patronymic's father-name key (its stem).
fn father_key(r: &PreparedRecord) -> Option<u64> {
    let n: &Name = &r.patronymic;
    if n.is_missing() || n.initial_only {
        return None;
    }
    Some(stem_hash(n))
}

/// First words of the surname and given-name skeletons (the skeleton does
/// not depend on the column a name was written in).
fn unordered_words(r: &PreparedRecord) -> Option<(u64, u64)> {
    let first = |n: &Name| (!n.is_missing() && !n.initial_only).then(|| first_word_hash(&n.skeleton, n.hashes.skeleton));
    Some((first(&r.surname)?, first(&r.given_name)?))
}

/// MurmurHash3's 64-bit finalizer: spreads any key uniformly over u64.
fn finalize(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(29)).wrapping_add(0x9E37_79B9_7F4A_7C15).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (x ^ (x >> 31)).wrapping_mul(0x94D0_49BB_1331_11EB) ^ b
}

/// A candidate registry record and the pass that found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Position of the registry record.
    pub registry: u32,
    /// Position of the pass in the index's pass list.
    pub pass: u8,
}

/// Default cap on the size of one block for one query.
pub const DEFAULT_MAX_BLOCK: usize = 5_000;

/// One pass over the registry: its keys, sorted, plus records added since
/// the last merge (kept apart so that an insert costs no re-sort).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct PassIndex {
    pass: Option<BlockingPass>,
    cap: usize,
    /// (key, registry position), sorted by key then position.
    entries: Vec<(u64, u32)>,
    /// Recently added (key, registry position), unsorted; merged when it grows.
    added: Vec<(u64, u32)>,
    /// Directory over the sorted entries: `starts[b]` is the first entry whose
    /// key's top `bits` bits are `b` (keys are uniformly mixed), so a lookup is
    /// one or two cache lines instead of a binary search over millions.
    /// Derived from the entries: not saved, rebuilt on load.
    #[serde(skip)]
    starts: Vec<u32>,
    #[serde(skip)]
    bits: u32,
}

impl PassIndex {
    fn block(&self, key: u64) -> &[(u64, u32)] {
        let (lo, hi) = if self.starts.len() >= 2 {
            let b = (key >> (64 - self.bits)) as usize;
            (self.starts[b] as usize, self.starts[b + 1] as usize)
        } else {
            (0, self.entries.len())
        };
        let bucket = &self.entries[lo..hi];
        let start = bucket.partition_point(|e| e.0 < key);
        let end = start + bucket[start..].partition_point(|e| e.0 == key);
        &bucket[start..end]
    }

    /// Rebuilds the directory after the entries changed.
    fn index_directory(&mut self) {
        let n = self.entries.len();
        self.bits = (usize::BITS - n.max(1).leading_zeros()).clamp(1, 30);
        let buckets = 1usize << self.bits;
        let mut starts = vec![0u32; buckets + 1];
        let mut e = 0usize;
        for (b, slot) in starts.iter_mut().enumerate().take(buckets) {
            while e < n && ((self.entries[e].0 >> (64 - self.bits)) as usize) < b {
                e += 1;
            }
            *slot = e as u32;
        }
        starts[buckets] = n as u32;
        self.starts = starts;
    }

    /// Calls `f` with every registry position under `key`, or returns the
    /// block size without calling it when the block is over the cap.
    fn for_block(&self, key: u64, mut f: impl FnMut(u32)) -> Result<u64, u64> {
        let main = self.block(key);
        let extra = self.added.iter().filter(|e| e.0 == key).count();
        let size = (main.len() + extra) as u64;
        if size > self.cap as u64 {
            return Err(size);
        }
        main.iter().for_each(|e| f(e.1));
        if extra > 0 {
            self.added.iter().filter(|e| e.0 == key).for_each(|e| f(e.1));
        }
        Ok(size)
    }

    fn merge_added(&mut self) {
        if self.added.is_empty() {
            return;
        }
        self.entries.append(&mut self.added);
        self.entries.sort_unstable();
        self.entries.dedup();
        self.index_directory();
    }
}

/// Added entries a pass holds before they are merged into its sorted array.
const MERGE_AT: usize = 1024;

/// A blocking pass with its block-size cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PassConfig {
    /// The pass.
    pub pass: BlockingPass,
    /// Blocks larger than this are skipped for a query, and counted.
    pub cap: usize,
}

impl From<BlockingPass> for PassConfig {
    fn from(pass: BlockingPass) -> PassConfig {
        PassConfig { pass, cap: pass.default_cap() }
    }
}

/// The registry's blocking keys, one sorted array per pass.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct BlockIndex {
    passes: Vec<PassIndex>,
}

/// Counts from lookups, summed by the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct LookupStats {
    /// Candidates found per pass (before removing duplicates).
    pub found: Vec<u64>,
    /// New (not already found by an earlier pass) candidates per pass.
    pub new: Vec<u64>,
    /// Candidates not produced because their block exceeded the cap, per pass.
    pub capped: Vec<u64>,
    /// Queries that hit at least one capped block, per pass.
    pub capped_queries: Vec<u64>,
    /// Largest number of candidates one query took from one pass.
    pub largest: Vec<u64>,
}

impl LookupStats {
    fn sized(n: usize) -> LookupStats {
        LookupStats { found: vec![0; n], new: vec![0; n], capped: vec![0; n], capped_queries: vec![0; n], largest: vec![0; n] }
    }

    /// Adds another lookup's counts.
    pub fn add(&mut self, other: &LookupStats) {
        let n = other.found.len().max(self.found.len());
        for v in [&mut self.found, &mut self.new, &mut self.capped, &mut self.capped_queries, &mut self.largest] {
            v.resize(n, 0);
        }
        for i in 0..other.found.len() {
            self.found[i] += other.found[i];
            self.new[i] += other.new[i];
            self.capped[i] += other.capped[i];
            self.capped_queries[i] += other.capped_queries[i];
            self.largest[i] = self.largest[i].max(other.largest[i]);
        }
    }
}

/// Per-worker buffers for lookups, reused across queries.
#[derive(Debug, Default)]
pub struct Scratch {
    keys: Vec<u64>,
    /// The candidates of the last lookup.
    pub candidates: Vec<Candidate>,
}

impl BlockIndex {
    /// Indexes prepared registry records under every pass.
    pub fn build(records: &[PreparedRecord], passes: &[PassConfig]) -> BlockIndex {
        let passes = passes
            .par_iter()
            .map(|pc| {
                let mut entries: Vec<(u64, u32)> = records
                    .par_iter()
                    .enumerate()
                    .fold(
                        || (Vec::new(), Vec::with_capacity(8)),
                        |(mut acc, mut keys): (Vec<(u64, u32)>, Vec<u64>), (i, r)| {
                            keys.clear();
                            pc.pass.index_keys(r, &mut keys);
                            acc.extend(keys.iter().map(|&k| (k, i as u32)));
                            (acc, keys)
                        },
                    )
                    .map(|(acc, _)| acc)
                    .reduce(Vec::new, |mut a, mut b| {
                        a.append(&mut b);
                        a
                    });
                entries.par_sort_unstable();
                entries.dedup();
                entries.shrink_to_fit();
                let mut p = PassIndex { pass: Some(pc.pass), cap: pc.cap, entries, added: Vec::new(), starts: Vec::new(), bits: 0 };
                p.index_directory();
                p
            })
            .collect();
        BlockIndex { passes }
    }

    /// Checks a loaded index against `n` records and rebuilds what is derived:
    /// every entry must point below `n` and the entries must be sorted.
    pub(crate) fn check_loaded(&mut self, n: usize) -> bool {
        for p in &mut self.passes {
            p.merge_added();
            if !p.entries.iter().all(|e| (e.1 as usize) < n) || !p.entries.windows(2).all(|w| w[0] <= w[1]) {
                return false;
            }
            p.index_directory();
        }
        true
    }

    /// The passes, in order.
    pub fn passes(&self) -> impl Iterator<Item = BlockingPass> + '_ {
        self.passes.iter().filter_map(|p| p.pass)
    }

    /// Entries held (16 bytes an entry: key, position, padding).
    pub fn entries(&self) -> usize {
        self.passes.iter().map(|p| p.entries.len() + p.added.len()).sum()
    }

    /// The `n` largest blocks of each pass (registry records per key), largest first.
    pub fn largest_blocks(&self, n: usize) -> Vec<Vec<u64>> {
        self.passes
            .iter()
            .map(|p| {
                let merged;
                let all: &[(u64, u32)] = if p.added.is_empty() {
                    &p.entries
                } else {
                    let mut m = p.entries.clone();
                    m.extend_from_slice(&p.added);
                    m.sort_unstable();
                    merged = m;
                    &merged
                };
                let mut sizes: Vec<u64> = all.chunk_by(|a, b| a.0 == b.0).map(|c| c.len() as u64).filter(|&n| n > 1).collect();
                sizes.sort_unstable_by(|a, b| b.cmp(a));
                sizes.truncate(n);
                sizes
            })
            .collect()
    }

    /// Adds a registry record at `position` to every pass (an insert into a
    /// built index; the caller filters removed positions out of candidates).
    pub fn insert(&mut self, position: u32, r: &PreparedRecord) {
        let mut keys = Vec::with_capacity(3);
        for p in &mut self.passes {
            let Some(pass) = p.pass else { continue };
            keys.clear();
            pass.index_keys(r, &mut keys);
            p.added.extend(keys.iter().map(|&k| (k, position)));
            if p.added.len() >= MERGE_AT {
                p.merge_added();
            }
        }
    }

    /// Drops every entry of the registry positions for which `gone` is true
    /// (compaction after removals).
    pub fn retain(&mut self, gone: impl Fn(u32) -> bool) {
        for p in &mut self.passes {
            p.merge_added();
            p.entries.retain(|e| !gone(e.1));
            p.index_directory();
        }
    }

    /// Collects the candidates of one response record into `scratch.candidates`,
    /// each once, sorted by registry position, tagged with the first pass that found it.
    pub fn candidates(&self, q: &PreparedRecord, scratch: &mut Scratch, stats: &mut LookupStats) {
        let n = self.passes.len();
        if stats.found.len() < n {
            *stats = LookupStats::sized(n);
        }
        let Scratch { keys, candidates } = scratch;
        candidates.clear();
        for (pi, p) in self.passes.iter().enumerate() {
            let Some(pass) = p.pass else { continue };
            keys.clear();
            pass.query_keys(q, keys);
            let mut taken = 0u64;
            let mut capped = false;
            for &k in keys.iter() {
                match p.for_block(k, |registry| candidates.push(Candidate { registry, pass: pi as u8 })) {
                    Ok(n) => taken += n,
                    Err(n) => {
                        stats.capped[pi] += n;
                        capped = true;
                    }
                }
            }
            stats.found[pi] += taken;
            stats.largest[pi] = stats.largest[pi].max(taken);
            stats.capped_queries[pi] += capped as u64;
        }
        candidates.sort_unstable_by_key(|c| (c.registry, c.pass));
        candidates.dedup_by_key(|c| c.registry);
        for c in candidates.iter() {
            stats.new[c.pass as usize] += 1;
        }
    }

    /// Calls `f(pass position, registry position)` for every candidate of every
    /// pass, without de-duplication across passes (for diagnostics).
    pub fn for_each_pass_candidate(&self, q: &PreparedRecord, mut f: impl FnMut(usize, u32)) {
        let mut keys = Vec::new();
        for (pi, p) in self.passes.iter().enumerate() {
            let Some(pass) = p.pass else { continue };
            keys.clear();
            pass.query_keys(q, &mut keys);
            for &k in &keys {
                let _ = p.for_block(k, |r| f(pi, r));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{BirthDate, Record};

    fn rec(surname: &str, given: &str, date: &str) -> PreparedRecord {
        PreparedRecord::new(&Record {
            surname: surname.into(),
            given_name: given.into(),
            birth_date: (!date.is_empty()).then(|| BirthDate::parse(date).unwrap()),
            ..Default::default()
        })
    }

    fn passes() -> Vec<PassConfig> {
        DEFAULT_PASSES.iter().map(|&p| p.into()).collect()
    }

    fn lookup(idx: &BlockIndex, q: &PreparedRecord) -> Vec<Candidate> {
        let mut s = Scratch::default();
        let mut st = LookupStats::default();
        idx.candidates(q, &mut s, &mut st);
        s.candidates
    }

    fn first_pass(idx: &BlockIndex, q: &PreparedRecord, registry: u32) -> Option<&'static str> {
        let passes: Vec<_> = idx.passes().collect();
        lookup(idx, q).iter().find(|c| c.registry == registry).map(|c| passes[c.pass as usize].name())
    }

    #[test]
    fn every_date_error_kind_reaches_scoring() {
        let reg = vec![
            rec("Иванов", "Евгений", "17.05.1980"),
            rec("Петров", "Олег", "05.07.1980"),
            rec("Ким", "Ольга", "01.01.1975"),
            rec("Ли", "Ирина", "1975"),
            rec("Цой", "Виктор", "21.06.1962"),
            rec("Пак", "Игорь", ""),
        ];
        let idx = BlockIndex::build(&reg, &passes());
        assert_eq!(first_pass(&idx, &rec("Ivanov", "Evgenii", "17.05.1980"), 0), Some("exact_date"));
        assert_eq!(first_pass(&idx, &rec("Petrov", "Oleg", "07.05.1980"), 1), Some("swapped_date"));
        assert_eq!(first_pass(&idx, &rec("Ivanov", "Evgenii", "17.05.1981"), 0), Some("date_typo"), "year +1");
        assert_eq!(first_pass(&idx, &rec("Ivanov", "Evgenii", "18.05.1980"), 0), Some("date_typo"), "day +1");
        assert_eq!(first_pass(&idx, &rec("Ivanov", "Evgenii", "17.05.1950"), 0), Some("date_typo"), "digit");
        assert_eq!(first_pass(&idx, &rec("Tsoi", "Viktor", "21.06.2062"), 4), Some("date_typo"), "century");
        assert_eq!(first_pass(&idx, &rec("Kim", "Olga", "12.03.1975"), 2), Some("year_name"), "placeholder");
        assert_eq!(first_pass(&idx, &rec("Li", "Irina", "08.08.1975"), 3), Some("year_name"), "year only");
        assert_eq!(first_pass(&idx, &rec("Pak", "Igor", "02.02.1990"), 5), Some("name_only"), "no date");
        assert_eq!(first_pass(&idx, &rec("Ivanov", "Evgenii", ""), 0), Some("name_only"), "missing date");
        assert_eq!(first_pass(&idx, &rec("Ivanov", "Evgenii", "03.10.1966"), 0), Some("name_only"), "wholly wrong date");
    }

    #[test]
    fn pairs_are_unique_and_sorted() {
        let reg = vec![rec("Иванов", "Евгений", "17.05.1980"), rec("Иванов", "Евгений", "17.05.1980")];
        let idx = BlockIndex::build(&reg, &passes());
        let c = lookup(&idx, &rec("Ivanov", "Evgenii", "17.05.1980"));
        assert_eq!(c, vec![Candidate { registry: 0, pass: 0 }, Candidate { registry: 1, pass: 0 }]);
    }

    #[test]
    fn placeholder_heavy_blocks_are_capped_and_counted() {
        let reg: Vec<_> = (0..400).map(|_| rec("Ахметов", "Ержан", "01.01.1970")).collect();
        let idx = BlockIndex::build(&reg, &passes());
        let mut s = Scratch::default();
        let mut st = LookupStats::default();
        idx.candidates(&rec("Akhmetov", "Erzhan", "1970"), &mut s, &mut st);
        // year_name (cap 5000) keeps them; name_only (cap 300) is capped and says so.
        assert_eq!(s.candidates.len(), 400);
        let name_only = DEFAULT_PASSES.iter().position(|&p| p == BlockingPass::NameOnly).unwrap();
        let year_name = DEFAULT_PASSES.iter().position(|&p| p == BlockingPass::YearName).unwrap();
        assert_eq!(st.capped[name_only], 400);
        assert_eq!(st.capped_queries[name_only], 1);
        assert_eq!(idx.largest_blocks(1)[year_name], vec![400]);
    }
}
