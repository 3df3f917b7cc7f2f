//! The keys each pass files a registry record under and looks a response up
//! under: the tagged combinations of date parts and name keys, and the name keys
//! themselves (stems, sound keys, cognate groups, initials, father's names), mixed
//! to be uniform over u64.

use super::{BlockingPass, Dates};
use crate::names::Name;
use crate::prepare::PersonRef;
use crate::record::BirthDate;

/// Key tags, so that no two kinds of key in one pass meet by construction.
mod tag {
    pub(super) const MONTH_DAY: u64 = 1;
    pub(super) const YEAR_DAY: u64 = 2;
    pub(super) const YEAR_MONTH: u64 = 3;
    pub(super) const YEAR_NAME: u64 = 4;
    pub(super) const NAME_ONLY: u64 = 5;
    pub(super) const GIVEN_GROUP: u64 = 6;
    pub(super) const YEAR_GIVEN_FATHER: u64 = 7;
    pub(super) const YEAR_UNORDERED: u64 = 8;
    pub(super) const INITIAL: u64 = 9;
    pub(super) const FATHER_GROUP: u64 = 10;
    pub(super) const SURNAME_INITIAL: u64 = 11;
    pub(super) const BIRTHDAY_UNORDERED: u64 = 12;
    pub(super) const BIRTHDAY_FATHER: u64 = 13;
    pub(super) const YEAR_INITIALS: u64 = 14;
    pub(super) const NEAR_YEAR: u64 = 15;
    pub(super) const YEAR_GIVEN: u64 = 16;
    pub(super) const BIRTHDAY_GIVEN: u64 = 17;
}

/// The father's-name part of `name_only` keys for a record without a patronymic.
const NO_FATHER: u64 = 0x6e6f_2d66_6174_6865;

/// The year a year pass files a record without a birth date under.
const NO_YEAR: u64 = 0;

impl BlockingPass {
    /// The pass whose registry keys this pass looks up: day-month swaps are
    /// looked up among the date-typo keys, so that they store nothing.
    pub(super) fn keyed_as(self) -> BlockingPass {
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
    pub(super) fn index_keys(self, r: PersonRef<'_>, out: &mut Vec<u64>) {
        let from = out.len();
        self.keyed_as().raw_index_keys(r, out);
        out[from..].iter_mut().for_each(|k| *k = finalize(*k));
    }

    /// Keys a response record looks up, mixed like the index keys. A record
    /// without a birth date looks a year pass up under every year the
    /// registry's dates span (and under no year): then each name key's run of
    /// `Some(n)` keys is one block for the cap.
    pub(super) fn query_keys(self, r: PersonRef<'_>, dates: Dates, out: &mut Vec<u64>) -> Option<usize> {
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
                for f in father_keys(r) {
                    out.extend(given_keys(r).map(|g| mix(tag::YEAR_GIVEN_FATHER, mix(g, f))));
                }
            }
            BlockingPass::YearUnordered => {
                if let Some(u) = unordered_words(r) {
                    out.push(mix(tag::YEAR_UNORDERED, u));
                }
            }
            BlockingPass::YearInitials => {
                if let Some(s) = surname_initial(r) {
                    for f in father_keys(r) {
                        out.extend(initial_keys(r, query).map(|g| mix(tag::YEAR_INITIALS, mix(mix(s, g), f))));
                    }
                }
            }
            BlockingPass::YearGiven => {
                // A query with a patronymic meets a surname typo in `year_initials`.
                if let Some(s) = surname_initial(r).filter(|_| !query || father_key(r).is_none()) {
                    out.extend(given_keys(r).map(|g| mix(tag::YEAR_GIVEN, mix(s, g))));
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
            BlockingPass::YearName | BlockingPass::YearGivenFather | BlockingPass::YearUnordered | BlockingPass::YearInitials | BlockingPass::YearGiven => {
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
                if let Some(u) = unordered_words(r) {
                    match father_key(r) {
                        None => out.push(mix(tag::NAME_ONLY, mix(u, NO_FATHER))),
                        Some(_) => out.extend(father_keys(r).map(|f| mix(tag::NAME_ONLY, mix(u, f)))),
                    }
                }
            }
            BlockingPass::BirthdayUnordered => {
                if let (Some(d), Some(u)) = (full, unordered_words(r)) {
                    out.push(mix(mix(tag::BIRTHDAY_UNORDERED, birthday(d)), u));
                }
            }
            BlockingPass::BirthdayFather => {
                if let Some(d) = full {
                    for f in father_keys(r) {
                        out.extend(given_keys(r).map(|g| mix(mix(tag::BIRTHDAY_FATHER, birthday(d)), mix(g, f))));
                    }
                }
            }
            BlockingPass::BirthdayGiven => {
                if let (Some(d), Some(s)) = (full, surname_initial(r)) {
                    out.extend(given_keys(r).map(|g| mix(mix(tag::BIRTHDAY_GIVEN, birthday(d)), mix(s, g))));
                }
            }
        }
    }

    fn raw_query_keys(self, r: PersonRef<'_>, dates: Dates, out: &mut Vec<u64>) {
        let full = r.birth_date.filter(|d| d.is_full());
        match self {
            BlockingPass::BirthdayGiven if father_key(r).is_some() => {}
            BlockingPass::SwappedDate => {
                // Among the date-typo keys: the registry's (year, day) is the query's
                // (year, month) when day and month are swapped.
                if let Some(d) = full.filter(|d| swappable(*d)) {
                    let (y, m, _) = ymd(d);
                    out.extend(surname_keys(r).map(|s| mix(mix(tag::YEAR_DAY, y << 8 | m), s)));
                }
            }
            BlockingPass::YearName | BlockingPass::YearGivenFather | BlockingPass::YearUnordered | BlockingPass::YearInitials | BlockingPass::YearGiven => {
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
                let (Some(_), Some(u)) = (father_key(r), unordered_words(r)) else { return };
                out.extend(father_keys(r).map(|f| mix(tag::NAME_ONLY, mix(u, f))));
                if r.birth_date.is_none() {
                    out.push(mix(tag::NAME_ONLY, mix(u, NO_FATHER)));
                }
            }
            BlockingPass::BirthdayFather => {
                let Some(d) = full else { return };
                // The birthday, and the birthday with day and month swapped.
                let swapped = swappable(d).then(|| BirthDate::ymd(d.year(), d.day().unwrap_or(0), d.month().unwrap_or(0)).ok()).flatten();
                for day in std::iter::once(d).chain(swapped) {
                    for f in father_keys(r) {
                        out.extend(given_keys(r).map(|g| mix(mix(tag::BIRTHDAY_FATHER, birthday(day)), mix(g, f))));
                    }
                }
            }
            _ => self.raw_index_keys(r, out),
        }
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

/// The father-name keys: [`father_key`], and for an ambiguous spelling the stem of its
/// alternative reading (Alixanovna is read aliksan-, and also aligan- as Әлихановна).
fn father_keys(r: PersonRef<'_>) -> Keys {
    let n: &Name = r.patronymic;
    let primary = father_key(r);
    let alt = primary.and_then(|_| (n.hashes.alt != 0).then(|| crate::names::father_stem_hash(&n.alt_skeleton)));
    keys(primary, alt)
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
