//! Preparing records for comparison, once per record: each name normalized
//! ([`crate::names`]) and shared between records that spell it alike. Owns
//! [`PreparedRecord`], its borrowed view [`PersonRef`] (what blocking keys and
//! comparators read, from a prepared record or a registry index slot), the
//! attestation flags, and the shared name dictionary. Uses `record` and `names`.
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `names`, `record` and no module above it.

use std::sync::Arc;

use rayon::prelude::*;

use crate::names::{self, Name, NameField};
use crate::record::{ident::Iin, BirthDate, NameSource, Record, Sex};

mod names_table;

pub(crate) use names_table::NameTable;

/// A record with everything the comparators need, computed once.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PreparedRecord {
    /// Normalized surname.
    pub surname: Arc<Name>,
    /// Normalized given name.
    pub given_name: Arc<Name>,
    /// Normalized patronymic.
    pub patronymic: Arc<Name>,
    /// Birth date.
    pub birth_date: Option<BirthDate>,
    /// Sex as recorded.
    pub sex: Sex,
    /// IIN.
    pub iin: Option<Iin>,
    /// The name parts came from a split full name, so their order is a guess.
    pub order_uncertain: bool,
    /// Which of surname, given name and patronymic are attested as names in their own
    /// right (carried by enough registry persons: see [`Attested`]). Set against a
    /// registry's counts; all false by default.
    pub attested: Attested,
}

/// Which of a record's three names are attested as names in their own right — each
/// spelling carried by at least a model's `attested_min_count` registry persons (the
/// father's name, for a patronymic). Two close names that are both attested are two names
/// (Гульнур / Гульнара), not one name misspelt.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attested(pub [bool; 3]);

impl Attested {
    pub(crate) fn of(self, field: NameField) -> bool {
        match field {
            NameField::Surname => self.0[0],
            NameField::GivenName => self.0[1],
            _ => self.0[2],
        }
    }
}

/// What the comparators and the blocking keys read of one record, borrowed:
/// from a [`PreparedRecord`] or from a registry index's compact slot and
/// shared name dictionary.
#[derive(Clone, Copy, Debug)]
pub struct PersonRef<'a> {
    /// Normalized surname.
    pub surname: &'a Name,
    /// Normalized given name.
    pub given_name: &'a Name,
    /// Normalized patronymic.
    pub patronymic: &'a Name,
    /// Birth date.
    pub birth_date: Option<BirthDate>,
    /// Sex as recorded.
    pub sex: Sex,
    /// IIN.
    pub iin: Option<Iin>,
    /// The name parts came from a split full name.
    pub order_uncertain: bool,
    /// Which names are attested (see [`PreparedRecord::attested`]).
    pub attested: Attested,
}

impl PreparedRecord {
    /// Normalizes a record's names once.
    pub fn new(r: &Record) -> PreparedRecord {
        PreparedRecord::with_names(
            r,
            Arc::new(names::normalize(&r.surname, NameField::Surname)),
            Arc::new(names::normalize(&r.given_name, NameField::GivenName)),
            Arc::new(names::normalize(&r.patronymic, NameField::Patronymic)),
        )
    }

    fn with_names(r: &Record, surname: Arc<Name>, given_name: Arc<Name>, patronymic: Arc<Name>) -> PreparedRecord {
        PreparedRecord {
            surname,
            given_name,
            patronymic,
            birth_date: r.birth_date,
            sex: r.sex,
            iin: r.iin,
            order_uncertain: r.name_source == NameSource::FullName,
            attested: Attested::default(),
        }
    }

    /// The record as the comparators read it.
    #[inline]
    pub fn view(&self) -> PersonRef<'_> {
        PersonRef {
            surname: &self.surname,
            given_name: &self.given_name,
            patronymic: &self.patronymic,
            birth_date: self.birth_date,
            sex: self.sex,
            iin: self.iin,
            order_uncertain: self.order_uncertain,
            attested: self.attested,
        }
    }
}

/// Prepares many records, normalizing each distinct name only once: surname
/// and given-name frequencies are heavily skewed (a million records hold a few
/// thousand surnames), so records share one [`Name`] per distinct spelling —
/// less work and a fraction of the memory. Same result as
/// [`PreparedRecord::new`] on each record.
pub fn prepare_all(records: &[Record]) -> Vec<PreparedRecord> {
    // The registry index's name dictionary does the interning; here its names are shared by Arc.
    let mut table = NameTable::default();
    let ids = table.intern_records(records);
    let names: Vec<Arc<Name>> = table.into_names().into_iter().map(Arc::new).collect();
    records
        .par_iter()
        .zip(ids.par_iter())
        .map(|(r, row)| PreparedRecord::with_names(r, names[row[0] as usize].clone(), names[row[1] as usize].clone(), names[row[2] as usize].clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepare_all_equals_one_by_one() {
        let recs: Vec<Record> = ["Иванов", "Ivanov", "Иванов", ""]
            .iter()
            .enumerate()
            .map(|(i, s)| Record { id: i.to_string(), surname: s.to_string(), given_name: "Ержан".into(), ..Default::default() })
            .collect();
        let all = prepare_all(&recs);
        for (r, p) in recs.iter().zip(&all) {
            let one = PreparedRecord::new(r);
            assert_eq!((&*one.surname, &*one.given_name, &*one.patronymic), (&*p.surname, &*p.given_name, &*p.patronymic));
        }
        assert!(Arc::ptr_eq(&all[0].surname, &all[2].surname), "the same spelling is normalized once");
    }
}
