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

use crate::compare::{PersonRef, PreparedRecord};
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
    fn index_keys(self, r: PersonRef<'_>, out: &mut Vec<u64>) {
        let from = out.len();
        self.raw_index_keys(r, out);
        out[from..].iter_mut().for_each(|k| *k = finalize(*k));
    }

    /// Keys a response record looks up, mixed like the index keys.
    fn query_keys(self, r: PersonRef<'_>, out: &mut Vec<u64>) {
        let from = out.len();
        self.raw_query_keys(r, out);
        out[from..].iter_mut().for_each(|k| *k = finalize(*k));
    }

    fn raw_index_keys(self, r: PersonRef<'_>, out: &mut Vec<u64>) {
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

    fn raw_query_keys(self, r: PersonRef<'_>, out: &mut Vec<u64>) {
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
fn surname_keys(r: PersonRef<'_>) -> Keys {
    let n: &Name = r.surname;
    if n.is_missing() {
        return keys(None, None);
    }
    keys(Some(stem_hash(n)), (n.hashes.alt != 0).then_some(n.hashes.alt))
}

/// The given-name keys: the cognate group when the name has one (Александр /
/// Олександр / Aliaksandr), else the skeleton of its first word; and the
/// alternative reading's first word.
fn given_keys(r: PersonRef<'_>) -> Keys {
    let n: &Name = r.given_name;
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
fn initial_key(r: PersonRef<'_>) -> Option<u64> {
    let first = *r.given_name.skeleton.as_bytes().first()?;
    Some(mix(9, first as u64))
}

/// The patronymic's father-name key (its stem).
fn father_key(r: PersonRef<'_>) -> Option<u64> {
    let n: &Name = r.patronymic;
    if n.is_missing() || n.initial_only {
        return None;
    }
    Some(stem_hash(n))
}

/// First words of the surname and given-name skeletons (the skeleton does
/// not depend on the column a name was written in).
fn unordered_words(r: PersonRef<'_>) -> Option<(u64, u64)> {
    let first = |n: &Name| (!n.is_missing() && !n.initial_only).then(|| first_word_hash(&n.skeleton, n.hashes.skeleton));
    Some((first(r.surname)?, first(r.given_name)?))
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

/// One blocking entry: the 32 key bits after the directory's bucket bits,
/// and the registry position. 8 bytes; with the bucket (implied by where the
/// entry sits) a key is told apart on `bits + 32` bits of a uniformly mixed
/// hash — at 20 million records over 50, so a collision (which can only add a
/// candidate, never lose one) is a matter of chance below one in a billion
/// per lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
struct Entry {
    fp: u32,
    pos: u32,
}

/// One pass over the registry: a bucket directory over sorted entries, plus
/// records added since the last merge (kept apart so that an insert costs no
/// re-sort).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct PassIndex {
    pass: Option<BlockingPass>,
    cap: usize,
    /// This pass indexes exactly the keys of an earlier pass (day-month
    /// swaps are looked up among the exact-date keys): it stores nothing and
    /// reads that pass's entries.
    shares: Option<u8>,
    /// Bucket bits: a key's bucket is its top `bits` bits.
    bits: u32,
    /// `starts[b]..starts[b + 1]` are bucket `b`'s entries (`2^bits + 1` values).
    starts: Vec<u32>,
    /// Entries, bucket after bucket, each bucket sorted by (fingerprint, position).
    entries: Vec<Entry>,
    /// Recently added (key, registry position), unsorted; merged when it grows.
    added: Vec<(u64, u32)>,
}

/// Bits of the fine histogram a pass is first counted in, for `n` records
/// (about two buckets a record); the directory is then coarsened to about
/// two entries a bucket.
fn fine_bits(n: usize) -> u32 {
    let log2 = usize::BITS - 1 - n.max(1).leading_zeros();
    (log2 + 1).clamp(1, 28)
}

/// Directory bits for `entries` entries: about two entries a bucket, so that
/// a lookup reads one short run and the directory costs ~2 bytes an entry.
fn directory_bits(entries: usize, fine: u32) -> u32 {
    let half = (entries / 2).max(1);
    (usize::BITS - 1 - half.leading_zeros()).clamp(1, fine)
}

impl PassIndex {
    #[inline]
    fn bucket(&self, key: u64) -> usize {
        (key >> (64 - self.bits)) as usize
    }

    #[inline]
    fn fingerprint(&self, key: u64) -> u32 {
        ((key << self.bits) >> 32) as u32
    }

    /// Builds the entries of `pass` over records `0..n` in two sweeps (count,
    /// then place), so that building needs no memory beyond the result.
    fn build<'a>(pass: BlockingPass, cap: usize, n: usize, view: &(impl Fn(usize) -> PersonRef<'a> + Sync)) -> PassIndex {
        // Sweep 1: a fine histogram of the keys' top bits.
        let fine = fine_bits(n);
        let mut keys = Vec::with_capacity(8);
        let mut fine_counts = vec![0u32; 1usize << fine];
        for i in 0..n {
            keys.clear();
            pass.index_keys(view(i), &mut keys);
            for &k in &keys {
                fine_counts[(k >> (64 - fine)) as usize] += 1;
            }
        }
        let total: u64 = fine_counts.iter().map(|&c| c as u64).sum();
        // The directory: coarsened to about two entries a bucket.
        let bits = directory_bits(total as usize, fine);
        let group = 1usize << (fine - bits);
        let mut starts: Vec<u32> = Vec::with_capacity((1usize << bits) + 1);
        let mut at = 0u32;
        for chunk in fine_counts.chunks(group) {
            starts.push(at);
            at += chunk.iter().sum::<u32>();
        }
        starts.push(at);
        drop(fine_counts);
        let mut p = PassIndex { pass: Some(pass), cap, shares: None, bits, starts: Vec::new(), entries: Vec::new(), added: Vec::new() };
        // Sweep 2: place the entries.
        let mut cursor = starts.clone();
        let mut entries = vec![Entry { fp: 0, pos: 0 }; at as usize];
        for i in 0..n {
            keys.clear();
            pass.index_keys(view(i), &mut keys);
            for &k in &keys {
                let b = p.bucket(k);
                entries[cursor[b] as usize] = Entry { fp: p.fingerprint(k), pos: i as u32 };
                cursor[b] += 1;
            }
        }
        drop(cursor);
        p.starts = starts;
        p.entries = entries;
        p.sort_buckets();
        p
    }

    /// Sorts every bucket and drops repeated entries (a record whose two
    /// readings give one key), closing the gaps.
    fn sort_buckets(&mut self) {
        self.rewrite_buckets(true, |prev, e| prev != Some(e));
    }

    /// Rewrites every bucket in place, keeping the entries `keep` accepts
    /// (given the last entry kept in the same bucket), sorting each bucket
    /// first if asked, and closes the gaps in the directory.
    fn rewrite_buckets(&mut self, sort: bool, mut keep: impl FnMut(Option<Entry>, Entry) -> bool) {
        let buckets = self.starts.len().saturating_sub(1);
        let mut w = 0usize;
        for b in 0..buckets {
            let (lo, hi) = (self.starts[b] as usize, self.starts[b + 1] as usize);
            if sort {
                self.entries[lo..hi].sort_unstable();
            }
            self.starts[b] = w as u32;
            let mut last: Option<Entry> = None;
            for i in lo..hi {
                let e = self.entries[i];
                if keep(last, e) {
                    self.entries[w] = e;
                    w += 1;
                    last = Some(e);
                }
            }
        }
        if let Some(end) = self.starts.last_mut() {
            *end = w as u32;
        }
        self.entries.truncate(w);
        self.entries.shrink_to_fit();
    }

    /// The bucket `key` falls in (entries sorted by fingerprint).
    #[inline]
    fn bucket_of(&self, key: u64) -> &[Entry] {
        if self.starts.len() < 2 {
            return &[];
        }
        let b = self.bucket(key);
        &self.entries[self.starts[b] as usize..self.starts[b + 1] as usize]
    }

    /// Calls `f` with every registry position under `key`, or returns the
    /// block size without calling it when the block is over the cap.
    fn for_block(&self, cap: usize, key: u64, mut f: impl FnMut(u32)) -> Result<u64, u64> {
        // Buckets hold about two entries: a linear scan beats a binary search.
        let bucket = self.bucket_of(key);
        let fp = self.fingerprint(key);
        let main = bucket.iter().filter(|e| e.fp == fp).count();
        let extra = if self.added.is_empty() { 0 } else { self.added.iter().filter(|e| e.0 == key).count() };
        let size = (main + extra) as u64;
        if size > cap as u64 {
            return Err(size);
        }
        if main > 0 {
            bucket.iter().filter(|e| e.fp == fp).for_each(|e| f(e.pos));
        }
        if extra > 0 {
            self.added.iter().filter(|e| e.0 == key).for_each(|e| f(e.1));
        }
        Ok(size)
    }

    /// Moves the added entries into the sorted buckets.
    fn merge_added(&mut self) {
        if self.added.is_empty() {
            return;
        }
        let buckets = self.starts.len().saturating_sub(1);
        let added = std::mem::take(&mut self.added);
        let mut add: Vec<(usize, Entry)> = added.into_iter().map(|(k, pos)| (self.bucket(k), Entry { fp: self.fingerprint(k), pos })).collect();
        add.sort_unstable();
        let mut merged = Vec::with_capacity(self.entries.len() + add.len());
        let mut next = add.into_iter().peekable();
        for b in 0..buckets {
            let (lo, hi) = (self.starts[b] as usize, self.starts[b + 1] as usize);
            self.starts[b] = merged.len() as u32;
            merged.extend_from_slice(&self.entries[lo..hi]);
            while let Some((_, e)) = next.next_if(|(nb, _)| *nb == b) {
                merged.push(e);
            }
        }
        if let Some(end) = self.starts.last_mut() {
            *end = merged.len() as u32;
        }
        self.entries = merged;
        self.sort_buckets();
    }

    /// Drops the entries of positions for which `gone` is true.
    fn retain(&mut self, gone: &impl Fn(u32) -> bool) {
        self.merge_added();
        self.rewrite_buckets(false, |_, e| !gone(e.pos));
    }

    /// Whether a loaded pass is well formed for `n` records.
    fn is_valid(&self, n: usize) -> bool {
        if self.shares.is_some() {
            return self.entries.is_empty() && self.starts.is_empty() && self.added.is_empty();
        }
        (1..=28).contains(&self.bits)
            && self.starts.len() == (1usize << self.bits) + 1
            && self.starts[0] == 0
            && self.starts.windows(2).all(|w| w[0] <= w[1])
            && self.starts.last().copied() == Some(self.entries.len() as u32)
            && self.entries.iter().all(|e| (e.pos as usize) < n)
            && self.added.iter().all(|e| (e.1 as usize) < n)
            && self.starts.windows(2).all(|w| self.entries[w[0] as usize..w[1] as usize].windows(2).all(|p| p[0] < p[1]))
    }

    /// Sizes of the blocks with more than one record.
    fn block_sizes(&self) -> Vec<u64> {
        let mut merged = self.clone();
        merged.merge_added();
        let mut sizes = Vec::new();
        for w in merged.starts.windows(2) {
            let bucket = &merged.entries[w[0] as usize..w[1] as usize];
            sizes.extend(bucket.chunk_by(|a, b| a.fp == b.fp).map(|c| c.len() as u64).filter(|&n| n > 1));
        }
        sizes
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
        Self::build_with(records.len(), &|i| records[i].view(), passes)
    }

    /// Indexes registry records `0..n`, each read through `view`. The passes
    /// are built in parallel; a pass whose keys are another's (day-month
    /// swaps among the exact dates) shares that pass's entries.
    pub fn build_with<'a>(n: usize, view: &(impl Fn(usize) -> PersonRef<'a> + Sync), passes: &[PassConfig]) -> BlockIndex {
        let owner = |i: usize| -> Option<u8> {
            let key_of = |p: BlockingPass| if p == BlockingPass::SwappedDate { BlockingPass::ExactDate } else { p };
            passes[..i].iter().position(|q| key_of(q.pass) == key_of(passes[i].pass)).map(|o| o as u8)
        };
        let passes = passes
            .par_iter()
            .enumerate()
            .map(|(i, pc)| match owner(i) {
                Some(o) => PassIndex { pass: Some(pc.pass), cap: pc.cap, shares: Some(o), ..Default::default() },
                None => PassIndex::build(pc.pass, pc.cap, n, view),
            })
            .collect();
        BlockIndex { passes }
    }

    /// Checks a loaded index against `n` records: every entry must point
    /// below `n`, buckets must be sorted and the directory consistent.
    pub(crate) fn check_loaded(&mut self, n: usize) -> bool {
        let count = self.passes.len();
        for (i, p) in self.passes.iter_mut().enumerate() {
            if p.shares.is_some_and(|o| o as usize >= i || o as usize >= count) || !p.is_valid(n) {
                return false;
            }
            p.merge_added();
        }
        // A shared pass must point at a pass that stores its own entries.
        self.passes.iter().all(|p| p.shares.is_none_or(|o| self.passes[o as usize].shares.is_none()))
    }

    /// The passes, in order.
    pub fn passes(&self) -> impl Iterator<Item = BlockingPass> + '_ {
        self.passes.iter().filter_map(|p| p.pass)
    }

    /// The pass index holding `p`'s entries.
    fn store<'s>(&'s self, p: &'s PassIndex) -> &'s PassIndex {
        match p.shares {
            Some(o) => &self.passes[o as usize],
            None => p,
        }
    }

    /// Entries held (8 bytes an entry: key fingerprint and position).
    pub fn entries(&self) -> usize {
        self.passes.iter().map(|p| p.entries.len() + p.added.len()).sum()
    }

    /// Bytes of the blocking index in memory: entries, directories and added entries.
    pub fn heap_bytes(&self) -> usize {
        self.passes.iter().map(|p| p.entries.capacity() * 8 + p.starts.capacity() * 4 + p.added.capacity() * 16).sum()
    }

    /// The `n` largest blocks of each pass (registry records per key), largest first.
    pub fn largest_blocks(&self, n: usize) -> Vec<Vec<u64>> {
        self.passes
            .iter()
            .map(|p| {
                let mut sizes = self.store(p).block_sizes();
                sizes.sort_unstable_by(|a, b| b.cmp(a));
                sizes.truncate(n);
                sizes
            })
            .collect()
    }

    /// Adds a registry record at `position` to every pass (an insert into a
    /// built index; the caller filters removed positions out of candidates).
    pub fn insert(&mut self, position: u32, r: PersonRef<'_>) {
        let mut keys = Vec::with_capacity(4);
        for p in &mut self.passes {
            let Some(pass) = p.pass.filter(|_| p.shares.is_none()) else { continue };
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
        for p in self.passes.iter_mut().filter(|p| p.shares.is_none()) {
            p.retain(&gone);
        }
    }

    /// Collects the candidates of one response record into `scratch.candidates`,
    /// each once, sorted by registry position, tagged with the first pass that found it.
    pub fn candidates(&self, q: PersonRef<'_>, scratch: &mut Scratch, stats: &mut LookupStats) {
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
            let store = self.store(p);
            let mut taken = 0u64;
            let mut capped = false;
            for &k in keys.iter() {
                match store.for_block(p.cap, k, |registry| candidates.push(Candidate { registry, pass: pi as u8 })) {
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
    pub fn for_each_pass_candidate(&self, q: PersonRef<'_>, mut f: impl FnMut(usize, u32)) {
        let mut keys = Vec::new();
        for (pi, p) in self.passes.iter().enumerate() {
            let Some(pass) = p.pass else { continue };
            keys.clear();
            pass.query_keys(q, &mut keys);
            for &k in &keys {
                let _ = self.store(p).for_block(p.cap, k, |r| f(pi, r));
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
        idx.candidates(q.view(), &mut s, &mut st);
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
        idx.candidates(rec("Akhmetov", "Erzhan", "1970").view(), &mut s, &mut st);
        // year_name (cap 5000) keeps them; name_only (cap 300) is capped and says so.
        assert_eq!(s.candidates.len(), 400);
        let name_only = DEFAULT_PASSES.iter().position(|&p| p == BlockingPass::NameOnly).unwrap();
        let year_name = DEFAULT_PASSES.iter().position(|&p| p == BlockingPass::YearName).unwrap();
        assert_eq!(st.capped[name_only], 400);
        assert_eq!(st.capped_queries[name_only], 1);
        assert_eq!(idx.largest_blocks(1)[year_name], vec![400]);
    }
}
