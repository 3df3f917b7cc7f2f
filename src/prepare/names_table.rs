//! The shared name dictionary: each distinct (field, spelling) normalized once
//! and referenced by a 4-byte id — by the registry index's record slots and by
//! [`super::prepare_all`].

use std::hash::{BuildHasher, Hash, Hasher};

use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::names::{self, Name, NameField};
use crate::record::Record;

/// The name fields, by their code in a [`NameTable`].
const FIELDS: [NameField; 3] = [NameField::Surname, NameField::GivenName, NameField::Patronymic];

fn hash_of(field: u8, text: &str) -> u64 {
    let mut h = FxBuildHasher.build_hasher();
    field.hash(&mut h);
    text.hash(&mut h);
    h.finish()
}

/// The shared name dictionary: each distinct (field, spelling) normalized
/// once, referenced from records by a 4-byte id.
#[derive(Clone, Debug, Default)]
pub(crate) struct NameTable {
    lookup: HashTable<u32>,
    fields: Vec<u8>,
    texts: Vec<Box<str>>,
    names: Vec<Name>,
}

impl NameTable {
    /// The normalized name of an id.
    #[inline]
    pub(crate) fn name(&self, id: u32) -> &Name {
        &self.names[id as usize]
    }

    /// The spelling an id was interned from.
    pub(crate) fn text(&self, id: u32) -> &str {
        &self.texts[id as usize]
    }

    /// Distinct names held.
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    fn find(&self, field: u8, text: &str) -> Option<u32> {
        let h = hash_of(field, text);
        self.lookup.find(h, |&id| self.fields[id as usize] == field && &*self.texts[id as usize] == text).copied()
    }

    fn push(&mut self, field: u8, text: &str, name: Name) -> u32 {
        let id = self.names.len() as u32;
        self.fields.push(field);
        self.texts.push(text.into());
        self.names.push(name);
        let (fields, texts) = (&self.fields, &self.texts);
        self.lookup.insert_unique(hash_of(field, text), id, |&i| hash_of(fields[i as usize], &texts[i as usize]));
        id
    }

    /// The id of a spelling, normalizing it if it is new.
    pub(crate) fn intern(&mut self, field: NameField, text: &str) -> u32 {
        let f = field as u8;
        match self.find(f, text) {
            Some(id) => id,
            None => self.push(f, text, names::normalize(text, field)),
        }
    }

    /// Interns the names of many records, normalizing the new distinct
    /// spellings in parallel; returns each record's three ids.
    pub(crate) fn intern_records(&mut self, records: &[Record]) -> Vec<[u32; 3]> {
        // Distinct new (field, text) pairs, in first-seen order.
        let mut fresh: FxHashMap<(u8, &str), u32> = FxHashMap::default();
        let mut todo: Vec<(u8, &str)> = Vec::new();
        let base = self.names.len() as u32;
        let ids: Vec<[u32; 3]> = records
            .iter()
            .map(|r| {
                let mut row = [0u32; 3];
                for (f, text) in [&r.surname, &r.given_name, &r.patronymic].into_iter().enumerate() {
                    let f8 = f as u8;
                    row[f] = match self.find(f8, text) {
                        Some(id) => id,
                        None => *fresh.entry((f8, text.as_str())).or_insert_with(|| {
                            todo.push((f8, text.as_str()));
                            base + todo.len() as u32 - 1
                        }),
                    };
                }
                row
            })
            .collect();
        let normalized: Vec<Name> = todo.par_iter().map(|&(f, t)| names::normalize(t, FIELDS[f as usize])).collect();
        for (&(f, t), name) in todo.iter().zip(normalized) {
            self.push(f, t, name);
        }
        ids
    }

    /// Rebuilds a table from stored parts (a loaded index).
    pub(crate) fn from_parts(fields: Vec<u8>, texts: Vec<Box<str>>, names: Vec<Name>) -> Option<NameTable> {
        if fields.len() != texts.len() || texts.len() != names.len() || fields.iter().any(|&f| f as usize >= FIELDS.len()) {
            return None;
        }
        let mut t = NameTable { lookup: HashTable::with_capacity(names.len()), fields, texts, names };
        for id in 0..t.names.len() as u32 {
            let (f, text) = (t.fields[id as usize], &t.texts[id as usize]);
            if t.find(f, text).is_some() {
                return None;
            }
            let (fields, texts) = (&t.fields, &t.texts);
            t.lookup.insert_unique(hash_of(f, text), id, |&i| hash_of(fields[i as usize], &texts[i as usize]));
        }
        Some(t)
    }

    /// The normalized names, by id.
    pub(crate) fn into_names(self) -> Vec<Name> {
        self.names
    }

    pub(crate) fn parts(&self) -> (&[u8], &[Box<str>], &[Name]) {
        (&self.fields, &self.texts, &self.names)
    }

    /// Bytes held (approximate: names' heap strings included).
    pub(crate) fn heap_bytes(&self) -> usize {
        let strings: usize = self.names.iter().map(|n| n.canonical.len() + n.skeleton.len() + n.alt_skeleton.len() + n.stem.len()).sum();
        let texts: usize = self.texts.iter().map(|t| t.len()).sum();
        self.names.capacity() * std::mem::size_of::<Name>() + strings + texts + self.texts.capacity() * 16 + self.lookup.capacity() * 5 + self.fields.capacity()
    }
}
