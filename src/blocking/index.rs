//! The registry's blocking index: per pass, a bucket directory over sorted 8-byte
//! entries (key fingerprint and position) plus recently added ones; built in two
//! sweeps, checked after loading, updated by inserts and removals, and read for one
//! query's blocks under the caps.

use rayon::prelude::*;

use super::{BlockingPass, Candidate, Dates, LookupStats, PassConfig, Scratch, ANY_YEAR_CAP};
use crate::prepare::PersonRef;
#[cfg(test)]
use crate::prepare::PreparedRecord;

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

    /// The entries under `key` in the sorted buckets: one run, as a bucket is
    /// sorted by fingerprint.
    #[inline]
    fn run_of(&self, key: u64) -> &[Entry] {
        // Buckets hold about two entries: a linear scan beats a binary search.
        let bucket = self.bucket_of(key);
        let fp = self.fingerprint(key);
        let Some(start) = bucket.iter().position(|e| e.fp == fp) else { return &[] };
        let len = bucket[start..].iter().take_while(|e| e.fp == fp).count();
        &bucket[start..start + len]
    }

    /// Registry records under `key`.
    fn block_len(&self, key: u64) -> u64 {
        let extra = if self.added.is_empty() { 0 } else { self.added.iter().filter(|e| e.0 == key).count() };
        (self.run_of(key).len() + extra) as u64
    }

    /// Calls `f` with every registry position under `key`, or returns the
    /// block size without calling it when the block is over the cap.
    #[inline]
    fn for_block(&self, cap: usize, key: u64, mut f: impl FnMut(u32)) -> Result<u64, u64> {
        let run = self.run_of(key);
        let extra = if self.added.is_empty() { 0 } else { self.added.iter().filter(|e| e.0 == key).count() };
        let size = (run.len() + extra) as u64;
        if size > cap as u64 {
            return Err(size);
        }
        run.iter().for_each(|e| f(e.pos));
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

    /// The blocks with more than one record: their sizes and the smallest registry
    /// position under each.
    fn blocks(&self) -> Vec<(u64, u32)> {
        // A built index has nothing added; a service's index with inserts is merged in a copy.
        let merged = if self.added.is_empty() {
            std::borrow::Cow::Borrowed(self)
        } else {
            let mut m = self.clone();
            m.merge_added();
            std::borrow::Cow::Owned(m)
        };
        let mut blocks = Vec::new();
        for w in merged.starts.windows(2) {
            let bucket = &merged.entries[w[0] as usize..w[1] as usize];
            // A run is sorted by (fingerprint, position): its first entry has the smallest position.
            blocks.extend(bucket.chunk_by(|a, b| a.fp == b.fp).filter(|c| c.len() > 1).map(|c| (c.len() as u64, c[0].pos)));
        }
        blocks
    }
}

/// Added entries a pass holds before they are merged into its sorted array.
const MERGE_AT: usize = 1024;

/// The registry's blocking keys, one sorted array per pass.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct BlockIndex {
    passes: Vec<PassIndex>,
    /// What the registry's birth dates span.
    dates: Dates,
}

impl Default for BlockIndex {
    fn default() -> BlockIndex {
        BlockIndex { passes: Vec::new(), dates: Dates::NONE }
    }
}

impl BlockIndex {
    /// Indexes prepared registry records under every pass.
    #[cfg(test)]
    pub(crate) fn build(records: &[PreparedRecord], passes: &[PassConfig]) -> BlockIndex {
        Self::build_with(records.len(), &|i| records[i].view(), passes)
    }

    /// Indexes registry records `0..n`, each read through `view`. The passes
    /// are built in parallel; a pass whose keys are another's (day-month
    /// swaps among the exact dates) shares that pass's entries.
    pub(crate) fn build_with<'a>(n: usize, view: &(impl Fn(usize) -> PersonRef<'a> + Sync), passes: &[PassConfig]) -> BlockIndex {
        let owner = |i: usize| -> Option<u8> { passes[..i].iter().position(|q| q.pass.keyed_as() == passes[i].pass.keyed_as()).map(|o| o as u8) };
        let passes = passes
            .par_iter()
            .enumerate()
            .map(|(i, pc)| match owner(i) {
                Some(o) => PassIndex { pass: Some(pc.pass), cap: pc.cap, shares: Some(o), ..Default::default() },
                None => PassIndex::build(pc.pass, pc.cap, n, view),
            })
            .collect();
        let dates = (0..n).into_par_iter().fold(|| Dates::NONE, |d, i| d.with(view(i))).reduce(|| Dates::NONE, Dates::join);
        BlockIndex { passes, dates }
    }

    /// Checks a loaded index against `n` records: every entry must point
    /// below `n`, buckets must be sorted and the directory consistent.
    pub(crate) fn check_loaded(&mut self, n: usize) -> bool {
        let count = self.passes.len();
        if !self.dates.is_valid() {
            return false;
        }
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
    #[cfg(test)]
    pub(crate) fn passes(&self) -> impl Iterator<Item = BlockingPass> + '_ {
        self.passes.iter().filter_map(|p| p.pass)
    }

    /// The pass index holding `p`'s entries.
    fn store<'s>(&'s self, p: &'s PassIndex) -> &'s PassIndex {
        match p.shares {
            Some(o) => &self.passes[o as usize],
            None => p,
        }
    }

    /// Bytes of the blocking index in memory: entries, directories and added entries.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.passes.iter().map(|p| p.entries.capacity() * 8 + p.starts.capacity() * 4 + p.added.capacity() * 16).sum()
    }

    /// The `n` largest blocks of each pass (registry records per key), largest first.
    pub(crate) fn largest_blocks(&self, n: usize) -> Vec<Vec<u64>> {
        self.largest_blocks_at(n).into_iter().map(|blocks| blocks.into_iter().map(|(size, _)| size).collect()).collect()
    }

    /// The `n` largest blocks of each pass, largest first (of equal sizes, the one with
    /// the smaller first position first): records per key and the smallest registry
    /// position under the key, a record that shows what the key is.
    pub(crate) fn largest_blocks_at(&self, n: usize) -> Vec<Vec<(u64, u32)>> {
        self.passes
            .iter()
            .map(|p| {
                let mut blocks = self.store(p).blocks();
                blocks.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                blocks.truncate(n);
                blocks
            })
            .collect()
    }

    /// The pass of each position [`BlockIndex::largest_blocks_at`] reports (none for a
    /// slot without a pass).
    pub(crate) fn pass_at(&self, i: usize) -> Option<BlockingPass> {
        self.passes.get(i).and_then(|p| p.pass)
    }

    /// Adds a registry record at `position` to every pass (an insert into a
    /// built index; the caller filters removed positions out of candidates).
    pub(crate) fn insert(&mut self, position: u32, r: PersonRef<'_>) {
        self.dates = self.dates.with(r);
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
    pub(crate) fn retain(&mut self, gone: impl Fn(u32) -> bool) {
        for p in self.passes.iter_mut().filter(|p| p.shares.is_none()) {
            p.retain(&gone);
        }
    }

    /// Collects the candidates of one response record into `scratch.candidates`,
    /// each once, sorted by registry position, tagged with the first pass that found it.
    pub(crate) fn candidates(&self, q: PersonRef<'_>, scratch: &mut Scratch, stats: &mut LookupStats) {
        let n = self.passes.len();
        if stats.found.len() < n {
            *stats = LookupStats::sized(n);
        }
        let Scratch { keys, candidates } = scratch;
        candidates.clear();
        for pi in 0..n {
            let (taken, capped) = self.lookup(pi, q, keys, |registry| candidates.push(Candidate { registry, pass: pi as u8 }));
            stats.found[pi] += taken;
            stats.largest[pi] = stats.largest[pi].max(taken);
            stats.capped[pi] += capped;
            stats.capped_queries[pi] += (capped > 0) as u64;
        }
        candidates.sort_unstable_by_key(|c| (c.registry, c.pass));
        candidates.dedup_by_key(|c| c.registry);
        for c in candidates.iter() {
            stats.new[c.pass as usize] += 1;
        }
    }

    /// Calls `f(pass position, registry position)` for every candidate of every
    /// pass, without de-duplication across passes (for diagnostics).
    pub(crate) fn for_each_pass_candidate(&self, q: PersonRef<'_>, mut f: impl FnMut(usize, u32)) {
        let mut keys = Vec::new();
        for pi in 0..self.passes.len() {
            self.lookup(pi, q, &mut keys, |r| f(pi, r));
        }
    }

    /// Calls `f` with the registry positions pass `pi` finds for `q`; returns
    /// the candidates taken and those left out by the cap.
    fn lookup(&self, pi: usize, q: PersonRef<'_>, keys: &mut Vec<u64>, mut f: impl FnMut(u32)) -> (u64, u64) {
        let p = &self.passes[pi];
        let Some(pass) = p.pass else { return (0, 0) };
        keys.clear();
        let run = pass.query_keys(q, self.dates, keys);
        let store = self.store(p);
        let (mut taken, mut capped) = (0, 0);
        if let Some(run) = run {
            // A name key over all years is one block, under the any-year cap.
            for years in keys.chunks(run) {
                let size: u64 = years.iter().map(|&k| store.block_len(k)).sum();
                if size > p.cap.min(ANY_YEAR_CAP) as u64 {
                    capped += size;
                    continue;
                }
                for &k in years {
                    let _ = store.for_block(usize::MAX, k, &mut f);
                }
                taken += size;
            }
            return (taken, capped);
        }
        for &k in keys.iter() {
            match store.for_block(p.cap, k, &mut f) {
                Ok(n) => taken += n,
                Err(n) => capped += n,
            }
        }
        (taken, capped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocking::tests::{passes, rec};

    #[test]
    fn a_loaded_year_span_outside_the_accepted_years_is_refused() {
        let reg = vec![rec("Пак", "Игорь", "02.02.1960")];
        let mut idx = BlockIndex::build(&reg, &passes());
        assert!(idx.check_loaded(1));
        idx.dates = Dates { first: 0, last: u16::MAX, undated: false };
        assert!(!idx.check_loaded(1), "a damaged span would make a dateless lookup scan 65,536 years");
    }
}
