//! What a lookup yields and counts: the candidates (each with the first pass that
//! found it), the per-pass statistics summed by the caller, and the per-worker
//! buffers reused across queries.

/// A candidate registry record and the pass that found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Position of the registry record.
    pub registry: u32,
    /// Position of the pass in the index's pass list.
    pub pass: u8,
}

/// Counts from lookups, summed by the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct LookupStats {
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
    /// Zero counts for `n` passes.
    pub(crate) fn sized(n: usize) -> LookupStats {
        LookupStats { found: vec![0; n], new: vec![0; n], capped: vec![0; n], capped_queries: vec![0; n], largest: vec![0; n] }
    }

    /// Adds another lookup's counts.
    pub(crate) fn add(&mut self, other: &LookupStats) {
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
pub(crate) struct Scratch {
    pub(super) keys: Vec<u64>,
    /// The candidates of the last lookup.
    pub candidates: Vec<Candidate>,
}
