//! Compact storage of registry records inside a [`super::RegistryIndex`].
//!
//! The memory model (bytes per registry record, names shared):
//!
//! | part | bytes |
//! |---|---|
//! | [`Slot`]: three name ids, packed birth date, IIN, sex, flags | 32 |
//! | id: its UTF-8 bytes in one arena + an 8-byte end offset | len + 8 |
//! | id lookup table (4-byte position + 1 control byte, load ≤ 7/8) | 6–11 |
//! | alive flag | 1 |
//! | blocking entries (8 bytes each, ~9 a record) + bucket directories | ~80 |
//!
//! plus the shared name dictionary: one normalized [`Name`] per distinct
//! spelling of each name field, which grows with the number of distinct
//! names (a few hundred thousand for a national registry), not with records.

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::prepare::{NameTable, PersonRef};
use crate::record::{ident::Iin, BirthDate, NameSource, Record, Sex};

/// A registry record in 32 bytes: what the comparators and blocking read,
/// with names as ids into the [`NameTable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Slot {
    pub names: [u32; 3],
    /// [`BirthDate::pack`]ed.
    pub date: u32,
    pub iin: Option<Iin>,
    pub sex: Sex,
    pub order_uncertain: bool,
}

impl Slot {
    pub(crate) fn new(r: &Record, names: [u32; 3]) -> Slot {
        Slot { names, date: BirthDate::pack(r.birth_date), iin: r.iin, sex: r.sex, order_uncertain: r.name_source == NameSource::FullName }
    }

    /// The record as the comparators read it.
    #[inline]
    pub(crate) fn view<'a>(&self, t: &'a NameTable) -> PersonRef<'a> {
        PersonRef {
            surname: t.name(self.names[0]),
            given_name: t.name(self.names[1]),
            patronymic: t.name(self.names[2]),
            birth_date: BirthDate::unpack(self.date),
            sex: self.sex,
            iin: self.iin,
            order_uncertain: self.order_uncertain,
            attested: crate::prepare::Attested::default(),
        }
    }
}

/// Whether a stored packed date is "none" or a date [`BirthDate::new`] accepts.
pub(crate) fn valid_packed_date(bits: u32) -> bool {
    bits == u32::MAX || BirthDate::unpack(bits).is_some_and(|d| BirthDate::new(d.year(), d.month().unwrap_or(0), d.day().unwrap_or(0)).ok() == Some(d))
}

/// Registry ids: all bytes in one arena, found by a hash table of positions.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ids {
    bytes: String,
    ends: Vec<u64>,
    lookup: HashTable<u32>,
}

/// Id `pos` of an arena: its bytes end at `ends[pos]` and start where the previous one ends.
fn span<'a>(bytes: &'a str, ends: &[u64], pos: u32) -> &'a str {
    let i = pos as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &bytes[start..ends[i] as usize]
}

fn id_hash(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

impl Ids {
    /// The id at a position.
    #[inline]
    pub(crate) fn get(&self, pos: u32) -> &str {
        span(&self.bytes, &self.ends, pos)
    }

    /// Ids pushed (removed ones included).
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Appends an id (its position is the next one) without indexing it.
    pub(crate) fn push(&mut self, id: &str) {
        self.bytes.push_str(id);
        self.ends.push(self.bytes.len() as u64);
    }

    /// Removes the last id pushed (one that turned out to be a repeat).
    pub(crate) fn pop(&mut self) {
        self.ends.pop();
        let end = self.ends.last().copied().unwrap_or(0) as usize;
        self.bytes.truncate(end);
    }

    /// Makes position `pos` findable by its id; false if the id is already findable.
    pub(crate) fn index(&mut self, pos: u32) -> bool {
        let Ids { bytes, ends, lookup } = self;
        let get = |p: u32| span(bytes, ends, p);
        let id = get(pos);
        let h = id_hash(id);
        if lookup.find(h, |&p| get(p) == id).is_some() {
            return false;
        }
        lookup.insert_unique(h, pos, |&p| id_hash(get(p)));
        true
    }

    /// Position of a findable id.
    pub(crate) fn position(&self, id: &str) -> Option<u32> {
        self.lookup.find(id_hash(id), |&p| self.get(p) == id).copied()
    }

    /// Makes an id unfindable; returns its position.
    pub(crate) fn unindex(&mut self, id: &str) -> Option<u32> {
        let Ids { bytes, ends, lookup } = self;
        let get = |p: u32| span(bytes, ends, p);
        lookup.find_entry(id_hash(id), |&p| get(p) == id).ok().map(|e| e.remove().0)
    }

    /// Ids in position order (for saving).
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.ends.len() as u32).map(|p| self.get(p))
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * 8 + self.lookup.capacity() * 5
    }

    pub(crate) fn reserve(&mut self, n: usize) {
        let Ids { bytes, ends, lookup } = self;
        ends.reserve(n);
        // The hasher is only called when the table grows: rehash from the arena.
        lookup.reserve(n, |&p| id_hash(span(bytes, ends, p)));
    }
}

/// Term-frequency counts: live registry records per distinct skeleton, with
/// the counter of each dictionary name.
#[derive(Clone, Debug, Default)]
pub(crate) struct NameCounts {
    ids: FxHashMap<Arc<str>, u32>,
    counts: Vec<u32>,
    /// Counter of each dictionary name id (`u32::MAX` = not counted).
    of_name: Vec<u32>,
}

impl NameCounts {
    /// The counter of dictionary name `name` (skeleton `skeleton`), created if new.
    fn counter(&mut self, name: u32, skeleton: &str) -> u32 {
        if skeleton.is_empty() {
            return u32::MAX;
        }
        if let Some(&c) = self.of_name.get(name as usize).filter(|&&c| c != u32::MAX) {
            return c;
        }
        let next = self.counts.len() as u32;
        let c = *self.ids.entry(Arc::from(skeleton)).or_insert(next);
        if c == next {
            self.counts.push(0);
        }
        if self.of_name.len() <= name as usize {
            self.of_name.resize(name as usize + 1, u32::MAX);
        }
        self.of_name[name as usize] = c;
        c
    }

    /// Counts one more live record with dictionary name `name`.
    pub(crate) fn add(&mut self, name: u32, skeleton: &str) {
        let c = self.counter(name, skeleton);
        if c != u32::MAX {
            self.counts[c as usize] += 1;
        }
    }

    /// One record with dictionary name `name` is gone.
    pub(crate) fn release(&mut self, name: u32) {
        if let Some(&c) = self.of_name.get(name as usize).filter(|&&c| c != u32::MAX) {
            self.counts[c as usize] = self.counts[c as usize].saturating_sub(1);
        }
    }

    /// Live records counted under `key` (a skeleton or father's-name key), for a name
    /// that is not in the dictionary.
    pub(crate) fn count_of(&self, key: &str) -> u32 {
        if key.is_empty() {
            return 0;
        }
        self.ids.get(key).map_or(0, |&c| self.counts[c as usize])
    }

    /// Live records sharing dictionary name `name`'s skeleton.
    #[inline]
    pub(crate) fn count(&self, name: u32) -> u32 {
        match self.of_name.get(name as usize) {
            Some(&c) if c != u32::MAX => self.counts[c as usize],
            _ => 0,
        }
    }
}
