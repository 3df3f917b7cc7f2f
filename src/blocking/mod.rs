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

use rayon::prelude::*;

use crate::names::Name;
use crate::prepare::{PersonRef, PreparedRecord};
use crate::record::BirthDate;

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
}

/// The passes dualcit runs unless told otherwise, in order.
pub const DEFAULT_PASSES: [BlockingPass; 11] = [
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
];

const ALL_PASSES: [BlockingPass; 11] = DEFAULT_PASSES;

/// Cap on the records one response without a birth date takes from a year
/// pass, all years together (the year passes read a missing date as any year).
pub const ANY_YEAR_CAP: usize = 300;

/// Key tags, so that no two kinds of key in one pass meet by construction.
mod tag {
    pub const MONTH_DAY: u64 = 1;
    pub const YEAR_DAY: u64 = 2;
    pub const YEAR_MONTH: u64 = 3;
    pub const YEAR_NAME: u64 = 4;
    pub const NAME_ONLY: u64 = 5;
    pub const GIVEN_GROUP: u64 = 6;
    pub const YEAR_GIVEN_FATHER: u64 = 7;
    pub const YEAR_UNORDERED: u64 = 8;
    pub const INITIAL: u64 = 9;
    pub const FATHER_GROUP: u64 = 10;
    pub const SURNAME_INITIAL: u64 = 11;
    pub const BIRTHDAY_UNORDERED: u64 = 12;
    pub const BIRTHDAY_FATHER: u64 = 13;
    pub const YEAR_INITIALS: u64 = 14;
    pub const NEAR_YEAR: u64 = 15;
}

/// The father's-name part of `name_only` keys for a record without a patronymic.
const NO_FATHER: u64 = 0x6e6f_2d66_6174_6865;

/// The year a year pass files a record without a birth date under.
const NO_YEAR: u64 = 0;

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

    /// The pass whose registry keys this pass looks up: day-month swaps are
    /// looked up among the date-typo keys, so that they store nothing.
    fn keyed_as(self) -> BlockingPass {
        match self {
            BlockingPass::SwappedDate => BlockingPass::DateTypo,
            p => p,
        }
    }

    /// Whether the pass reads a query's missing date as any year: the passes
    /// on both names, for a query without a patronymic (one with a patronymic
    /// meets its namesakes of the same father's name or none in `name_only`;
    /// namesakes of another father, and the looser keys, are too weak without
    /// a date to be worth an officer's look).
    fn any_year(self, r: PersonRef<'_>) -> bool {
        matches!(self, BlockingPass::YearName | BlockingPass::YearUnordered) && r.birth_date.is_none() && father_key(r).is_none()
    }

    /// Keys a registry record is indexed under, mixed to be uniform over u64.
    fn index_keys(self, r: PersonRef<'_>, out: &mut Vec<u64>) {
        let from = out.len();
        self.keyed_as().raw_index_keys(r, out);
        out[from..].iter_mut().for_each(|k| *k = finalize(*k));
    }

    /// Keys a response record looks up, mixed like the index keys. A record
    /// without a birth date looks a year pass up under every year the
    /// registry's dates span (and under no year): then each name key's run of
    /// `Some(n)` keys is one block for the cap.
    fn query_keys(self, r: PersonRef<'_>, dates: Dates, out: &mut Vec<u64>) -> Option<usize> {
        let from = out.len();
        let any_year = self.any_year(r);
        if any_year {
            self.year_names(r, true, out);
            let names = out.len();
            for i in from..names {
                let n = out[i];
                out.extend(dates.years().map(|y| mix(y as u64, n)));
                if dates.undated {
                    out.push(mix(NO_YEAR, n));
                }
            }
            out.drain(from..names);
        } else {
            self.raw_query_keys(r, dates, out);
        }
        out[from..].iter_mut().for_each(|k| *k = finalize(*k));
        any_year.then(|| dates.years().len() + dates.undated as usize)
    }

    /// The name parts of a year pass's keys (each is mixed with a year).
    fn year_names(self, r: PersonRef<'_>, query: bool, out: &mut Vec<u64>) {
        match self {
            BlockingPass::YearName => {
                // With the whole given name, the surname's sound key (a vowel typo
                // in it does not matter); with the initial, its stem.
                for s in surname_sound_keys(r) {
                    out.extend(given_keys(r).map(|g| mix(tag::YEAR_NAME, mix(s, g))));
                }
                for s in surname_keys(r) {
                    out.extend(initial_keys(r, query).map(|g| mix(tag::YEAR_NAME, mix(s, g))));
                }
            }
            BlockingPass::YearGivenFather => {
                if let Some(f) = father_key(r) {
                    out.extend(given_keys(r).map(|g| mix(tag::YEAR_GIVEN_FATHER, mix(g, f))));
                }
            }
            BlockingPass::YearUnordered => {
                if let Some(u) = unordered_words(r) {
                    out.push(mix(tag::YEAR_UNORDERED, u));
                }
            }
            BlockingPass::YearInitials => {
                if let (Some(s), Some(f)) = (surname_initial(r), father_key(r)) {
                    out.extend(initial_keys(r, query).map(|g| mix(tag::YEAR_INITIALS, mix(mix(s, g), f))));
                }
            }
            _ => {}
        }
    }

    fn raw_index_keys(self, r: PersonRef<'_>, out: &mut Vec<u64>) {
        let date = r.birth_date;
        let full = date.filter(|d| d.is_full());
        match self {
            BlockingPass::ExactDate => {
                if let Some(d) = full {
                    out.push(d.key() as u64);
                }
            }
            BlockingPass::SwappedDate | BlockingPass::DateTypo => {
                if let Some(d) = full {
                    let (y, m, dd) = ymd(d);
                    for s in surname_keys(r) {
                        // Deletion keys: two dates differing in exactly one component share one of them.
                        out.push(mix(mix(tag::MONTH_DAY, m << 8 | dd), s));
                        out.push(mix(mix(tag::YEAR_DAY, y << 8 | dd), s));
                        out.push(mix(mix(tag::YEAR_MONTH, y << 8 | m), s));
                    }
                }
            }
            BlockingPass::YearName | BlockingPass::YearGivenFather | BlockingPass::YearUnordered | BlockingPass::YearInitials => {
                let year = date.map_or(NO_YEAR, |d| d.year() as u64);
                let from = out.len();
                self.year_names(r, false, out);
                out[from..].iter_mut().for_each(|n| *n = mix(year, *n));
            }
            BlockingPass::NearYear => {
                if let (Some(d), Some(g)) = (date.filter(|d| !d.is_full()), initial_key(r)) {
                    out.extend(surname_keys(r).map(|s| mix(mix(tag::NEAR_YEAR, d.year() as u64), mix(s, g))));
                }
            }
            BlockingPass::NameOnly => {
                let f = father_key(r).unwrap_or(NO_FATHER);
                out.extend(unordered_words(r).map(|u| mix(tag::NAME_ONLY, mix(u, f))));
            }
            BlockingPass::BirthdayUnordered => {
                if let (Some(d), Some(u)) = (full, unordered_words(r)) {
                    out.push(mix(mix(tag::BIRTHDAY_UNORDERED, birthday(d)), u));
                }
            }
            BlockingPass::BirthdayFather => {
                if let (Some(d), Some(f)) = (full, father_key(r)) {
                    out.extend(given_keys(r).map(|g| mix(mix(tag::BIRTHDAY_FATHER, birthday(d)), mix(g, f))));
                }
            }
        }
    }

    fn raw_query_keys(self, r: PersonRef<'_>, dates: Dates, out: &mut Vec<u64>) {
        let full = r.birth_date.filter(|d| d.is_full());
        match self {
            BlockingPass::SwappedDate => {
                // Among the date-typo keys: the registry's (year, day) is the query's
                // (year, month) when day and month are swapped.
                if let Some(d) = full.filter(|d| swappable(*d)) {
                    let (y, m, _) = ymd(d);
                    out.extend(surname_keys(r).map(|s| mix(mix(tag::YEAR_DAY, y << 8 | m), s)));
                }
            }
            BlockingPass::YearName | BlockingPass::YearGivenFather | BlockingPass::YearUnordered | BlockingPass::YearInitials => {
                let Some(d) = r.birth_date else { return };
                let year = d.year() as u64;
                let from = out.len();
                self.year_names(r, true, out);
                for i in from..out.len() {
                    let n = out[i];
                    out[i] = mix(year, n);
                    // Registry records without a date are filed under no year.
                    if dates.undated {
                        out.push(mix(NO_YEAR, n));
                    }
                }
                if self == BlockingPass::YearName && !d.is_full() {
                    // The answer's date is known only to the year: it may be a year off.
                    for s in surname_keys(r) {
                        for g in initial_keys(r, true) {
                            out.extend([year - 1, year + 1].map(|y| mix(y, mix(tag::YEAR_NAME, mix(s, g)))));
                        }
                    }
                }
            }
            BlockingPass::NearYear => {
                let Some(d) = r.birth_date else { return };
                for s in surname_keys(r) {
                    for g in initial_keys(r, true) {
                        out.extend([d.year() - 1, d.year() + 1].map(|y| mix(mix(tag::NEAR_YEAR, y as u64), mix(s, g))));
                    }
                }
            }
            BlockingPass::NameOnly => {
                // With a patronymic: the namesakes of the same father's name, and
                // without a date also those without one. Without a patronymic a
                // missing date is any year to the year passes.
                let (Some(f), Some(u)) = (father_key(r), unordered_words(r)) else { return };
                out.push(mix(tag::NAME_ONLY, mix(u, f)));
                if r.birth_date.is_none() {
                    out.push(mix(tag::NAME_ONLY, mix(u, NO_FATHER)));
                }
            }
            BlockingPass::BirthdayFather => {
                let (Some(d), Some(f)) = (full, father_key(r)) else { return };
                // The birthday, and the birthday with day and month swapped.
                let swapped = swappable(d).then(|| BirthDate::ymd(d.year(), d.day().unwrap_or(0), d.month().unwrap_or(0)).ok()).flatten();
                for day in std::iter::once(d).chain(swapped) {
                    out.extend(given_keys(r).map(|g| mix(mix(tag::BIRTHDAY_FATHER, birthday(day)), mix(g, f))));
                }
            }
            _ => self.raw_index_keys(r, out),
        }
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

/// Year, month and day as key parts (0 for an unknown part).
fn ymd(d: BirthDate) -> (u64, u64, u64) {
    (d.year() as u64, d.month().unwrap_or(0) as u64, d.day().unwrap_or(0) as u64)
}

/// Month and day as one key part.
fn birthday(d: BirthDate) -> u64 {
    let (_, m, dd) = ymd(d);
    m << 8 | dd
}

/// Whether swapping day and month gives another valid date.
fn swappable(d: BirthDate) -> bool {
    let (day, month) = (d.day().unwrap_or(0), d.month().unwrap_or(0));
    day != month && day <= 12
}

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
    let alt = (n.hashes.alt != 0).then(|| crate::names::surname_stem_hash(&n.alt_skeleton));
    keys(Some(stem_hash(n)), alt)
}

/// The surname's sound keys: the first consonant classes of its stem
/// (vowels ignored: Козлов / Казлоў, Ковалев / Кавалёў), and of its
/// alternative reading's.
fn surname_sound_keys(r: PersonRef<'_>) -> Keys {
    let n: &Name = r.surname;
    if n.is_missing() {
        return keys(None, None);
    }
    keys(Some(n.key), (n.alt_key != 0).then_some(n.alt_key))
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
        Some(g) => mix(tag::GIVEN_GROUP, g as u64),
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
    Some(mix(tag::INITIAL, first as u64))
}

/// The given-name initial keys: [`initial_key`], and for a query whose given
/// name is a Latin initial, the letter of the Cyrillic sound that Latin
/// writes with two letters (Z. = Zh. = Ж, S. = Sh. = Ш, C. = Ch. = Ч, K. = Kh. = Х).
fn initial_keys(r: PersonRef<'_>, query: bool) -> Keys {
    let n: &Name = r.given_name;
    let Some(&first) = n.skeleton.as_bytes().first() else { return keys(None, None) };
    let digraph = match first {
        b'z' | b'd' => Some(b'j'),
        b's' => Some(b'x'),
        b'c' => Some(b'q'),
        b'k' => Some(b'g'),
        b't' => Some(b'c'),
        b'y' => Some(b'e'),
        _ => None,
    };
    let alt = digraph.filter(|_| query && n.initial_only && n.script == crate::names::Script::Latin);
    keys(Some(mix(tag::INITIAL, first as u64)), alt.map(|b| mix(tag::INITIAL, b as u64)))
}

/// The surname's first letter.
fn surname_initial(r: PersonRef<'_>) -> Option<u64> {
    let first = *r.surname.skeleton.as_bytes().first()?;
    Some(mix(tag::SURNAME_INITIAL, first as u64))
}

/// The patronymic's father-name key: the father's name's cognate group when
/// it has one (Олександрович / Александрович, Уладзіміраўна / Владимировна),
/// else its stem.
fn father_key(r: PersonRef<'_>) -> Option<u64> {
    let n: &Name = r.patronymic;
    if n.is_missing() || n.initial_only {
        return None;
    }
    Some(match n.cognate_group {
        Some(g) => mix(tag::FATHER_GROUP, g as u64),
        None => stem_hash(n),
    })
}

/// The first consonants of the surname's and given name's skeletons, in
/// either order (the skeleton does not depend on the column a name was
/// written in).
fn unordered_words(r: PersonRef<'_>) -> Option<u64> {
    let first = |n: &Name| (!n.is_missing() && !n.initial_only).then_some(n.hashes.consonants);
    let (a, b) = (first(r.surname)?, first(r.given_name)?);
    Some(mix(a.min(b), a.max(b)))
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
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct BlockIndex {
    passes: Vec<PassIndex>,
    /// What the registry's birth dates span.
    dates: Dates,
}

impl Default for BlockIndex {
    fn default() -> BlockIndex {
        BlockIndex { passes: Vec::new(), dates: Dates::NONE }
    }
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
    pub fn for_each_pass_candidate(&self, q: PersonRef<'_>, mut f: impl FnMut(usize, u32)) {
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
    use crate::record::{BirthDate, Record};

    fn rec(surname: &str, given: &str, date: &str) -> PreparedRecord {
        rec3(surname, given, "", date)
    }

    fn rec3(surname: &str, given: &str, patronymic: &str, date: &str) -> PreparedRecord {
        PreparedRecord::new(&Record {
            surname: surname.into(),
            given_name: given.into(),
            patronymic: patronymic.into(),
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

    fn position(pass: BlockingPass) -> usize {
        DEFAULT_PASSES.iter().position(|&p| p == pass).unwrap()
    }

    #[test]
    fn every_date_error_kind_reaches_scoring() {
        let reg = vec![
            rec3("Иванов", "Евгений", "Петрович", "17.05.1980"),
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
        assert_eq!(first_pass(&idx, &rec("Pak", "Igor", "02.02.1990"), 5), Some("year_name"), "no date in the registry");
        assert_eq!(first_pass(&idx, &rec("Ivanov", "Evgenii", ""), 0), Some("year_name"), "missing date");
        let wrong = rec3("Ivanov", "Evgenii", "Petrovich", "03.10.1966");
        assert_eq!(first_pass(&idx, &wrong, 0), Some("name_only"), "wholly wrong date");
    }

    #[test]
    fn a_partial_date_meets_the_years_either_side() {
        // The registry wrote 01.01 of the next year for a birth in late December.
        let reg = vec![rec("Макарова", "Антонина", "01.01.1948"), rec("Ли", "Ирина", "08.08.1975")];
        let idx = BlockIndex::build(&reg, &passes());
        assert_eq!(first_pass(&idx, &rec("Makarova", "Antonina", "31.12.1947"), 0), Some("near_year"));
        assert_eq!(first_pass(&idx, &rec("Li", "Irina", "1976"), 1), Some("year_name"), "the answer's date is the partial one");
        assert_eq!(first_pass(&idx, &rec("Li", "Irina", "1977"), 1), None, "two years off");
    }

    #[test]
    fn a_vowel_typo_in_the_surname_meets_on_its_sound() {
        let reg = vec![rec("Козлов", "Сергей", "03.05.1973")];
        let idx = BlockIndex::build(&reg, &passes());
        // Belarusian akanye and ў, and a year-only date.
        assert_eq!(first_pass(&idx, &rec("Казлоў", "Сергей", "1973"), 0), Some("year_name"));
    }

    #[test]
    fn latin_initials_and_second_readings_meet_their_cyrillic_names() {
        let reg = vec![rec("Жумабекова", "Жамила", "01.01.1988"), rec("Максимов", "Никита", "01.01.1990")];
        let idx = BlockIndex::build(&reg, &passes());
        // Z. is Zh. (Ж): the key also reads the initial as ж.
        assert_eq!(first_pass(&idx, &rec("Zhumabekova", "Z.", "17.10.1988"), 0), Some("year_name"));
        // Maximow's second reading is maksimov, whose stem is the registry's.
        assert_eq!(first_pass(&idx, &rec("Maximow", "Nikita", "1990"), 1), Some("year_name"));
    }

    #[test]
    fn another_surname_with_a_date_error_reaches_scoring() {
        let reg = vec![rec3("Кузнецова", "Ирина", "Денисовна", "12.03.1942")];
        let idx = BlockIndex::build(&reg, &passes());
        assert_eq!(first_pass(&idx, &rec3("Bragina", "Irina", "Denisovna", "13.03.1942"), 0), Some("year_given_father"), "day off");
        assert_eq!(first_pass(&idx, &rec3("Bragina", "Irina", "Denisovna", "12.03.1943"), 0), Some("birthday_father"), "year off");
        assert_eq!(first_pass(&idx, &rec3("Bragina", "Irina", "Denisovna", "03.12.1943"), 0), Some("birthday_father"), "swapped, year off");
        // Without a date only given name and patronymic would agree: too weak to be worth a look.
        assert_eq!(first_pass(&idx, &rec3("Bragina", "Irina", "Denisovna", ""), 0), None, "no date");
    }

    #[test]
    fn without_a_date_a_patronymic_meets_its_father_or_none() {
        let reg =
            vec![rec3("Иванов", "Евгений", "Петрович", "17.05.1980"), rec("Иванов", "Евгений", "02.03.1971"), rec3("Иванов", "Евгений", "Олегович", "1990")];
        let idx = BlockIndex::build(&reg, &passes());
        let found: Vec<u32> = lookup(&idx, &rec3("Ivanov", "Evgenii", "Petrovich", "")).iter().map(|c| c.registry).collect();
        assert_eq!(found, vec![0, 1], "not the son of another father");
        assert_eq!(first_pass(&idx, &rec3("Евгений", "Иванов", "Петрович", ""), 0), Some("name_only"), "columns swapped");
        let found: Vec<u32> = lookup(&idx, &rec("Ivanov", "Evgenii", "")).iter().map(|c| c.registry).collect();
        assert_eq!(found, vec![0, 1, 2], "without a patronymic: every namesake");
    }

    #[test]
    fn father_names_meet_across_languages() {
        let reg = vec![rec3("Ющенко", "Иван", "Александрович", "22.02.1998")];
        let idx = BlockIndex::build(&reg, &passes());
        let q = rec3("Yushchenko", "Ivan", "Oleksandrovych", "03.10.1960");
        assert_eq!(first_pass(&idx, &q, 0), Some("name_only"));
    }

    #[test]
    fn swapped_name_columns_with_a_date_error_reach_scoring() {
        let reg = vec![rec("Кунанбаев", "Галымжан", "11.01.2007")];
        let idx = BlockIndex::build(&reg, &passes());
        assert_eq!(first_pass(&idx, &rec("Галымжан", "Кунанбаев", "12.01.2007"), 0), Some("year_unordered"), "day off");
        assert_eq!(first_pass(&idx, &rec("Галымжан", "Кунанбаев", "11.01.2008"), 0), Some("birthday_unordered"), "year off");
        // "Given Family" order, a vowel typo and the year off.
        assert_eq!(first_pass(&idx, &rec("Galymzhan", "Kunanbaiev", "11.01.2006"), 0), Some("birthday_unordered"));
        assert_eq!(first_pass(&idx, &rec("Галымжан", "Кунанбаев", ""), 0), Some("year_unordered"), "no date");
    }

    #[test]
    fn typos_in_both_names_meet_on_the_initials_and_the_father() {
        let reg = vec![rec3("Гарипова", "Алсу", "Тимуровна", "21.09.1976")];
        let idx = BlockIndex::build(&reg, &passes());
        assert_eq!(first_pass(&idx, &rec3("ГРВИПОВА", "АЛС", "ТИМУРОВНА", "22.09.1976"), 0), Some("year_initials"));
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
        let reg: Vec<_> = (0..400).map(|_| rec3("Ахметов", "Ержан", "Серикович", "01.01.1970")).collect();
        let idx = BlockIndex::build(&reg, &passes());
        let mut s = Scratch::default();
        let mut st = LookupStats::default();
        idx.candidates(rec3("Akhmetov", "Erzhan", "Serikovich", "1970").view(), &mut s, &mut st);
        // year_name (cap 5000) keeps them; name_only (cap 300) is capped and says so.
        assert_eq!(s.candidates.len(), 400);
        assert_eq!(st.capped[position(BlockingPass::NameOnly)], 400);
        assert_eq!(st.capped_queries[position(BlockingPass::NameOnly)], 1);
        assert_eq!(idx.largest_blocks(1)[position(BlockingPass::YearName)], vec![400]);
    }

    #[test]
    fn a_missing_date_reads_all_years_as_one_capped_block() {
        let mut reg: Vec<_> = (0..200).map(|i| rec("Ахметов", "Ержан", &format!("01.01.{}", 1950 + i % 40))).collect();
        let idx = BlockIndex::build(&reg, &passes());
        assert_eq!(lookup(&idx, &rec("Akhmetov", "Erzhan", "")).len(), 200, "under the any-year cap");
        reg.extend((0..200).map(|_| rec("Ахметов", "Ержан", "1990")));
        let idx = BlockIndex::build(&reg, &passes());
        let mut s = Scratch::default();
        let mut st = LookupStats::default();
        idx.candidates(rec("Akhmetov", "Erzhan", "").view(), &mut s, &mut st);
        // 400 over all years is over the any-year cap: skipped and counted, though no one
        // year is (twice: the surname's sound key with the given name, its stem with the initial).
        assert!(s.candidates.is_empty());
        assert_eq!(st.capped[position(BlockingPass::YearName)], 800);
        assert_eq!(st.capped_queries[position(BlockingPass::YearName)], 1);
    }

    #[test]
    fn a_loaded_year_span_outside_the_accepted_years_is_refused() {
        let reg = vec![rec("Пак", "Игорь", "02.02.1960")];
        let mut idx = BlockIndex::build(&reg, &passes());
        assert!(idx.check_loaded(1));
        idx.dates = Dates { first: 0, last: u16::MAX, undated: false };
        assert!(!idx.check_loaded(1), "a damaged span would make a dateless lookup scan 65,536 years");
    }

    #[test]
    fn an_insert_widens_the_years_a_missing_date_reads() {
        let reg = vec![rec("Пак", "Игорь", "02.02.1960")];
        let mut idx = BlockIndex::build(&reg, &passes());
        let late = rec("Ким", "Ольга", "05.05.2015");
        idx.insert(1, late.view());
        assert_eq!(first_pass(&idx, &rec("Kim", "Olga", ""), 1), Some("year_name"));
    }
}
