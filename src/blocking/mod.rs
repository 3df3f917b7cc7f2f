//! Blocking: which registry records a response record is compared with.
//!
//! Each [`BlockingPass`] maps a record to keys; a registry record and a
//! response record are a candidate pair when they share a key in some pass.
//! The registry side is indexed once ([`BlockIndex::build`]); each response is
//! then looked up on its own, so candidate pairs stream into scoring and the
//! full pair list is never built. A pair found by several passes is scored
//! once and remembers the first pass that found it.

use std::collections::HashMap;

use crate::compare::PreparedRecord;

/// A blocking pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BlockingPass {
    /// Same birth date, both known to the day (placeholders excluded).
    ExactDate,
    /// Day and month swapped.
    SwappedDate,
    /// Same birth year and the same surname key; catches partial dates,
    /// `01.01` placeholders and a wrong day or month.
    YearSurname,
}

impl BlockingPass {
    /// The default passes, in order.
    pub const DEFAULT: [BlockingPass; 3] = [BlockingPass::ExactDate, BlockingPass::SwappedDate, BlockingPass::YearSurname];

    /// Name used in reports and configuration.
    pub fn name(self) -> &'static str {
        match self {
            BlockingPass::ExactDate => "exact_date",
            BlockingPass::SwappedDate => "swapped_date",
            BlockingPass::YearSurname => "year_surname",
        }
    }

    /// Parses a pass name.
    pub fn from_name(name: &str) -> Option<BlockingPass> {
        [BlockingPass::ExactDate, BlockingPass::SwappedDate, BlockingPass::YearSurname]
            .into_iter()
            .find(|p| p.name() == name)
    }

    /// The key a registry record is indexed under, if any.
    fn index_key(self, r: &PreparedRecord) -> Option<u64> {
        let d = r.birth_date?;
        match self {
            BlockingPass::ExactDate | BlockingPass::SwappedDate => d.is_full().then(|| d.key() as u64),
            BlockingPass::YearSurname => (!r.surname.is_missing()).then(|| mix(d.year() as u64, r.surname.key)),
        }
    }

    /// The key a response record looks up, if any.
    fn query_key(self, r: &PreparedRecord) -> Option<u64> {
        let d = r.birth_date?;
        match self {
            BlockingPass::ExactDate => self.index_key(r),
            BlockingPass::SwappedDate => {
                let (day, month) = (d.day()?, d.month()?);
                if !d.is_full() || day == month || day > 12 {
                    return None;
                }
                crate::record::BirthDate::ymd(d.year(), day, month).ok().map(|s| s.key() as u64)
            }
            BlockingPass::YearSurname => self.index_key(r),
        }
    }
}

fn mix(a: u64, b: u64) -> u64 {
    (a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b).rotate_left(17).wrapping_mul(0xBF58_476D_1CE4_E5B9)
}

/// A candidate registry record and the pass that found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Position of the registry record.
    pub registry: u32,
    /// Position of the pass in the index's pass list.
    pub pass: u8,
}

/// The registry's blocking keys, one map per pass.
#[derive(Clone, Debug, Default)]
pub struct BlockIndex {
    passes: Vec<(BlockingPass, HashMap<u64, Vec<u32>>)>,
    /// Largest block size a query may take; larger blocks are skipped and counted.
    max_block: usize,
}

/// Counts from a lookup, summed by the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LookupStats {
    /// Candidates found per pass (before removing duplicates).
    pub found: Vec<u64>,
    /// New (not already found by an earlier pass) candidates per pass.
    pub new: Vec<u64>,
    /// Candidates dropped because their block exceeded the cap, per pass.
    pub capped: Vec<u64>,
}

impl LookupStats {
    /// Adds another lookup's counts.
    pub fn add(&mut self, other: &LookupStats) {
        for (dst, src) in [(&mut self.found, &other.found), (&mut self.new, &other.new), (&mut self.capped, &other.capped)] {
            if dst.len() < src.len() {
                dst.resize(src.len(), 0);
            }
            for (d, s) in dst.iter_mut().zip(src) {
                *d += s;
            }
        }
    }
}

/// Default cap on one block's size for one query.
pub const DEFAULT_MAX_BLOCK: usize = 5_000;

impl BlockIndex {
    /// Indexes prepared registry records under every pass.
    pub fn build(records: &[PreparedRecord], passes: &[BlockingPass], max_block: usize) -> BlockIndex {
        let passes = passes
            .iter()
            .map(|&p| {
                let mut map: HashMap<u64, Vec<u32>> = HashMap::new();
                for (i, r) in records.iter().enumerate() {
                    if let Some(k) = p.index_key(r) {
                        map.entry(k).or_default().push(i as u32);
                    }
                }
                (p, map)
            })
            .collect();
        BlockIndex { passes, max_block }
    }

    /// The passes, in order.
    pub fn passes(&self) -> impl Iterator<Item = BlockingPass> + '_ {
        self.passes.iter().map(|(p, _)| *p)
    }

    /// Collects the candidates of one response record into `out` (cleared
    /// first), each once, sorted by registry position.
    pub fn candidates(&self, q: &PreparedRecord, out: &mut Vec<Candidate>, stats: &mut LookupStats) {
        out.clear();
        let n = self.passes.len();
        stats.found.resize(n, 0);
        stats.new.resize(n, 0);
        stats.capped.resize(n, 0);
        for (pi, (pass, map)) in self.passes.iter().enumerate() {
            let Some(block) = pass.query_key(q).and_then(|k| map.get(&k)) else { continue };
            if block.len() > self.max_block {
                stats.capped[pi] += block.len() as u64;
                continue;
            }
            stats.found[pi] += block.len() as u64;
            out.extend(block.iter().map(|&registry| Candidate { registry, pass: pi as u8 }));
        }
        // Keep each registry record once, with the earliest pass that found it.
        out.sort_unstable_by_key(|c| (c.registry, c.pass));
        out.dedup_by_key(|c| c.registry);
        for c in out.iter() {
            stats.new[c.pass as usize] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{BirthDate, Record};

    fn rec(surname: &str, date: &str) -> PreparedRecord {
        PreparedRecord::new(&Record {
            surname: surname.into(),
            birth_date: Some(BirthDate::parse(date).unwrap()),
            ..Default::default()
        })
    }

    #[test]
    fn passes_find_exact_swapped_and_partial_dates_once() {
        let reg = vec![
            rec("Иванов", "17.05.1980"),
            rec("Петров", "05.07.1980"),
            rec("Ким", "01.01.1975"),
            rec("Ким", "1975"),
        ];
        let idx = BlockIndex::build(&reg, &BlockingPass::DEFAULT, DEFAULT_MAX_BLOCK);
        let mut out = Vec::new();
        let mut st = LookupStats::default();
        idx.candidates(&rec("Ivanov", "17.05.1980"), &mut out, &mut st);
        assert_eq!(out, vec![Candidate { registry: 0, pass: 0 }]);
        idx.candidates(&rec("Petrov", "07.05.1980"), &mut out, &mut st);
        assert_eq!(out, vec![Candidate { registry: 1, pass: 1 }]);
        idx.candidates(&rec("Kim", "12.03.1975"), &mut out, &mut st);
        assert_eq!(out, vec![Candidate { registry: 2, pass: 2 }, Candidate { registry: 3, pass: 2 }]);
        assert_eq!(st.new, vec![1, 1, 2]);
    }

    #[test]
    fn oversized_blocks_are_capped_and_counted() {
        let reg: Vec<_> = (0..10).map(|_| rec("Ахметов", "01.01.1970")).collect();
        let idx = BlockIndex::build(&reg, &BlockingPass::DEFAULT, 5);
        let mut out = Vec::new();
        let mut st = LookupStats::default();
        idx.candidates(&rec("Akhmetov", "1970"), &mut out, &mut st);
        assert!(out.is_empty());
        assert_eq!(st.capped[2], 10);
    }
}
