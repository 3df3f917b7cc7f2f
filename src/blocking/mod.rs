//! Blocking: which registry records a response record is compared with.
//!
//! Each [`BlockingPass`] maps a record to keys; a registry record and a
//! response record are a candidate pair when they share a key in some pass.
//! The registry side is indexed once ([`BlockIndex::build`]) as one sorted
//! array of 8-byte entries per pass under a bucket directory — no hash-map
//! overhead; each response is then looked up on its own, so candidate pairs
//! stream into scoring and the full pair list is never built. A pair found by
//! several passes is scored once and remembers the first pass that found it.
//!
//! The default passes follow the error model of CIS birth dates (NAMES.md §5),
//! crossed with the ways names break: exact date; day and month swapped; one
//! date component off (year ±1, day ±1, a digit, a 19xx/20xx slip) with the
//! surname; partial dates and `01.01` placeholders on the year with both
//! names, and a year either side of a date known only to the year; a woman's other surname on the year, or on the birthday (day and
//! month) for a year error, with the given and father's names; surname and
//! given name swapped between columns, on the year or on the birthday; typos
//! in surname and given name at once, on the year with both initials and the
//! father's name; and a capped name-only pass on all three names for dates
//! wholly wrong. An answer without a birth date meets its namesakes: of the
//! same father's name or none when it carries a patronymic (`name_only`), of
//! any year when it does not (the passes on the year and both names read the
//! missing date as every year, capped as one block). Name keys come from the
//! cross-script skeletons, so `Нұрсұлтан` and `Nursultan` share them.
//!
//! This module holds the passes and their configuration, and the span of the
//! registry's birth dates the keys depend on; `keys.rs` computes each pass's keys,
//! `index.rs` holds the registry's index (built, checked after loading, updated and
//! looked up), `lookup.rs` what a lookup yields and counts.
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `names`, `prepare`, `record` and no module above it.

use crate::prepare::PersonRef;

mod index;
mod keys;
mod lookup;
#[cfg(test)]
mod tests;

pub(crate) use index::BlockIndex;
pub(crate) use lookup::{Candidate, LookupStats, Scratch};

/// A blocking pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BlockingPass {
    /// Same birth date, both known to the day (placeholders excluded).
    ExactDate,
    /// Day and month swapped, and the same surname key.
    SwappedDate,
    /// Exactly one of year / month / day differs, and the surname key is the same.
    DateTypo,
    /// Same birth year, surname and given name: the surname's sound key
    /// (first consonants, so a vowel typo or Belarusian akanye does not
    /// matter) with the given-name key, or its stem with the given-name
    /// initial. Catches year-only and year-month dates, `01.01` placeholders,
    /// and a day or month wholly wrong; an answer's date known only to the
    /// year also meets the years either side.
    YearName,
    /// A registry date known only to the year (or a `01.01` placeholder) and
    /// the answer's year one off, with the same surname key and given-name
    /// initial: the registry's year was itself a guess (31.12.1947 written
    /// 01.01.1948). Only such records are indexed, so the pass is small.
    NearYear,
    /// Same birth year, given-name key and father's-name (patronymic) key:
    /// a married woman's new surname with a partial or placeholder date.
    YearGivenFather,
    /// Same birth year and the same two name words (their first consonants)
    /// in either order: surname and given name swapped between columns, with
    /// a partial date or a day or month off.
    YearUnordered,
    /// Same surname and given name (their first consonants, in either
    /// order, so swapped columns and vowel typos meet) and father's-name key
    /// whatever the dates: dates wholly wrong; without a date, also the
    /// namesakes without a patronymic. Capped hard: common names make big
    /// blocks.
    NameOnly,
    /// Same birthday (day and month) and the same two name words (their first
    /// consonants) in either order: names swapped between columns, or a vowel
    /// typo in them, and the year wrong.
    BirthdayUnordered,
    /// Same birthday (day and month, or the two swapped), given-name key and
    /// father's-name key: another surname (a married woman's) or a broken
    /// one, and the year wrong.
    BirthdayFather,
    /// Same birth year, surname and given-name initials and father's-name
    /// key: typos in both surname and given name, with a partial date or a
    /// day or month off.
    YearInitials,
    /// Same birth year, surname initial and given-name key: a typo or another
    /// romanization inside the surname (Тәжібаев / Tagibaev, Ысқақов /
    /// Iscacov) with a partial or placeholder date, and no patronymic to meet
    /// by.
    YearGiven,
    /// Same birthday (day and month), surname initial and given-name key: a
    /// typo inside the surname and the year wrong, without a patronymic.
    BirthdayGiven,
}

/// The passes dualcit runs unless told otherwise, in order.
pub const DEFAULT_PASSES: [BlockingPass; 13] = [
    BlockingPass::ExactDate,
    BlockingPass::SwappedDate,
    BlockingPass::DateTypo,
    BlockingPass::YearName,
    BlockingPass::NearYear,
    BlockingPass::YearGivenFather,
    BlockingPass::YearUnordered,
    BlockingPass::BirthdayUnordered,
    BlockingPass::BirthdayFather,
    BlockingPass::YearInitials,
    BlockingPass::NameOnly,
    BlockingPass::YearGiven,
    BlockingPass::BirthdayGiven,
];

const ALL_PASSES: [BlockingPass; 13] = DEFAULT_PASSES;

/// Cap on the records one response without a birth date takes from a year
/// pass, all years together (the year passes read a missing date as any year).
pub(crate) const ANY_YEAR_CAP: usize = 300;

/// Default cap on the size of one block for one query.
pub const DEFAULT_MAX_BLOCK: usize = 5_000;

impl BlockingPass {
    /// Name used in reports and configuration.
    pub fn name(self) -> &'static str {
        match self {
            BlockingPass::ExactDate => "exact_date",
            BlockingPass::SwappedDate => "swapped_date",
            BlockingPass::DateTypo => "date_typo",
            BlockingPass::YearName => "year_name",
            BlockingPass::NearYear => "near_year",
            BlockingPass::YearGivenFather => "year_given_father",
            BlockingPass::YearUnordered => "year_unordered",
            BlockingPass::NameOnly => "name_only",
            BlockingPass::BirthdayUnordered => "birthday_unordered",
            BlockingPass::BirthdayFather => "birthday_father",
            BlockingPass::YearInitials => "year_initials",
            BlockingPass::YearGiven => "year_given",
            BlockingPass::BirthdayGiven => "birthday_given",
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

    /// The parts of a record this pass's key is made of (a name part stands for its
    /// sound key, stem or initial, whichever the pass takes): what a record under a
    /// block shows of the block's key ([`crate::RegistryIndex::hot_blocks`]).
    pub fn key_parts(self) -> &'static [KeyPart] {
        use KeyPart::*;
        match self {
            BlockingPass::ExactDate => &[BirthDate],
            BlockingPass::SwappedDate | BlockingPass::DateTypo => &[BirthDate, Surname],
            BlockingPass::YearName | BlockingPass::NearYear | BlockingPass::YearUnordered => &[BirthYear, Surname, GivenName],
            BlockingPass::YearGivenFather => &[BirthYear, GivenName, Patronymic],
            BlockingPass::NameOnly => &[Surname, GivenName, Patronymic],
            BlockingPass::BirthdayUnordered => &[Birthday, Surname, GivenName],
            BlockingPass::BirthdayFather => &[Birthday, GivenName, Patronymic],
            BlockingPass::YearInitials => &[BirthYear, Surname, GivenName, Patronymic],
            BlockingPass::YearGiven => &[BirthYear, Surname, GivenName],
            BlockingPass::BirthdayGiven => &[Birthday, Surname, GivenName],
        }
    }
}

/// A part of a record a blocking key is made of ([`BlockingPass::key_parts`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KeyPart {
    /// The whole birth date.
    BirthDate,
    /// The birth year.
    BirthYear,
    /// The birthday: day and month.
    Birthday,
    /// The surname.
    Surname,
    /// The given name.
    GivenName,
    /// The patronymic (father's name).
    Patronymic,
}

impl KeyPart {
    /// Name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            KeyPart::BirthDate => "birth_date",
            KeyPart::BirthYear => "birth_year",
            KeyPart::Birthday => "birthday",
            KeyPart::Surname => "surname",
            KeyPart::GivenName => "given_name",
            KeyPart::Patronymic => "patronymic",
        }
    }
}

/// A blocking pass with its block-size cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct PassConfig {
    /// The pass.
    pub pass: BlockingPass,
    /// Blocks larger than this are skipped for a query, and counted.
    pub cap: usize,
}

impl PassConfig {
    /// The same pass with another block-size cap.
    pub fn with_cap(mut self, cap: usize) -> PassConfig {
        self.cap = cap;
        self
    }
}

impl From<BlockingPass> for PassConfig {
    fn from(pass: BlockingPass) -> PassConfig {
        PassConfig { pass, cap: pass.default_cap() }
    }
}

/// What the registry's birth dates span: the years a response without a
/// date looks the year passes up under, and whether any record has no date
/// (only then do dated responses also look up the records filed under no year).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Dates {
    first: u16,
    last: u16,
    undated: bool,
}

impl Dates {
    /// A registry without records.
    const NONE: Dates = Dates { first: u16::MAX, last: 0, undated: false };

    fn with(self, r: PersonRef<'_>) -> Dates {
        match r.birth_date {
            Some(d) => Dates { first: self.first.min(d.year()), last: self.last.max(d.year()), ..self },
            None => Dates { undated: true, ..self },
        }
    }

    fn join(self, o: Dates) -> Dates {
        Dates { first: self.first.min(o.first), last: self.last.max(o.last), undated: self.undated || o.undated }
    }

    fn years(self) -> std::ops::RangeInclusive<u16> {
        self.first..=self.last
    }

    /// Whether a loaded span is one this build could have made.
    fn is_valid(self) -> bool {
        use crate::record::date::{MAX_YEAR, MIN_YEAR};
        (self.first == u16::MAX && self.last == 0) || (MIN_YEAR <= self.first && self.first <= self.last && self.last <= MAX_YEAR)
    }
}

/// The span of years an encoded answer without a birth date looks the year
/// passes up under: the encoding side does not know the registry's span.
const ENCODED_DATES: Dates = Dates { first: 1900, last: 2030, undated: true };

/// One pass's keys for a record, for the keyed encodings of `pprl`: the keys a
/// registry record is filed under (`registry`), or those an answer looks up —
/// a missing date under every year of [`ENCODED_DATES`] and under none.
pub(crate) fn side_keys(pass: BlockingPass, r: PersonRef<'_>, registry: bool, out: &mut Vec<u64>) {
    if registry {
        pass.index_keys(r, out);
    } else {
        pass.query_keys(r, ENCODED_DATES, out);
    }
}
