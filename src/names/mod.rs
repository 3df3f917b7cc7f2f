//! Cross-script name normalization and comparison.
//!
//! Every name is normalized once per record ([`normalize`]) into a [`Name`]: its display
//! form, a compact ASCII **skeleton** in which the scripts (Cyrillic of any CIS language,
//! Latin under any romanization, Armenian) and their spelling variants collapse, a
//! morphological **stem** (gendered surname suffixes and patronymic suffixes removed), a
//! blocking **key**, and hints (script, language, sex, cognate group).
//! [`compare`] then grades a pair of names on precomputed fields without allocating.
//!
//! ```
//! use dualcit::{compare_names as compare, normalize, NameField, NameLevel};
//! let a = normalize("Щеглова", NameField::Surname);
//! let b = normalize("Schtscheglowa", NameField::Surname);
//! assert_eq!(a.skeleton, b.skeleton);
//! let p = normalize("Әбішұлы", NameField::Patronymic);
//! let q = normalize("Абишевич", NameField::Patronymic);
//! assert!(compare(&p, &q, NameField::Patronymic).level <= NameLevel::Variant);
//! ```
//!
//! # How a skeleton is made
//!
//! 1. **Canonical form**: NFC, letters and in-word apostrophes only, words separated by one
//!    space or hyphen, Title Case. The same pass lower-cases the letters for step 2.
//! 2. **Reading mode** (Latin only), from marker letters of the whole field: default
//!    (ICAO, MVD, BGN, KMU, Uzbek/Kazakh/Kyrgyz Latin), French (ou, tch), Central-European
//!    (German w/sch, Polish sz/cz/ł, GOST 7.79 and scientific č š ž, y`), Turkic (ə ı ğ q,
//!    oʻ gʻ, Kazakh 2017/2018/2021), Romanian (ă ș ț).
//! 3. **Graphemes → sound classes**: greedy longest match over the tables, with a few
//!    contexts (word start/end, between vowels, before e/i).
//! 4. **Fold**, the same for every script: glides (Ye-/Je-/Ie-/E-, -ий/-iy/-ii/-ij/-y),
//!    ё after consonants = e, i before e dropped (Grigoriev = Григорьев), e/o one class after
//!    ж ш щ ч, дж = ж, ts = ц, тч = ч, Шт- = St-, doubled letters collapse.
//!
//! A field whose letters another plausible scheme reads differently also gets a second
//! reading, [`Name::alt_skeleton`]: German (j, z, ch, s = з), GOST 7.79 B (x = х), French
//! (ch = ш, -ine), Ukrainian passports of 1995–2007 (zh = зг), Telegram/Belarusian 2007
//! (c = ц), Azerbaijani as spelled in Russian, Polish soft l, Romanian without diacritics,
//! and for Armenian script the Latin (passport) reading. [`compare`] accepts a match on
//! either reading.
//!
//! # Levels
//!
//! [`compare`] returns the strongest [`NameLevel`] that holds: Exact, Skeleton, Cognate
//! (cognate table; patronymics through the father's name), Variant (gendered or dropped
//! surname suffix; same father's name with another patronymic suffix), FuzzyHigh (Jaro-Winkler
//! ≥ [`FUZZY_HIGH`] or equal up to vowel quality and s/z/c, ж/ш, g/k), Typo (one keyboard
//! error), FuzzyLow (≥ [`FUZZY_LOW`]), Similar (close, but both spellings are names in their
//! own right: another name, see [`compare_attested`]), Initial, Missing, Different. Given
//! names and patronymics of known, different sex (Евгений/Евгения, -ович/-овна) stay at
//! FuzzyLow or below.
//!
//! Tables live in `src/data/` (`translit_latin.tsv`, `translit_cyrillic.tsv`,
//! `translit_armenian.tsv`, `suffixes.tsv`, `cognates.tsv`), each citing its sources.
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses no other module of the crate.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod cognate;
mod jaro;
mod morph;
mod russified;
mod skeleton;
mod translit;

use std::cell::RefCell;
use std::fmt::Write as _;

/// Which field a name came from (affects morphology: patronymic suffixes, gendered surnames).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum NameField {
    /// Family name (Иванов, Иванова, Жанбулат, Rahmonzoda).
    Surname,
    /// Given (first) name, possibly double (Анна-Мария, Kassym-Jomart).
    GivenName,
    /// Patronymic (-ович/-овна, -ұлы/-қызы, uulu/kyzy, oʻgʻli/qizi, oğlu/qızı).
    Patronymic,
}

/// The script a name was written in.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Script {
    /// Latin letters only.
    Latin,
    /// Cyrillic letters only.
    Cyrillic,
    /// Armenian letters only.
    Armenian,
    /// Letters of more than one script (often Latin look-alikes inside Cyrillic).
    Mixed,
    /// Letters of another script.
    Other,
    /// No letters at all.
    Empty,
}

/// Sex implied by the name's morphology or cognate group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SexHint {
    /// Masculine form (-ов, -ович, -ұлы, uulu, oğlu, or a masculine given name).
    Male,
    /// Feminine form (-ова, -овна, -қызы, kyzy, qizi, -ская, or a feminine given name).
    Female,
    /// Nothing in the name tells.
    Unknown,
}

/// A name normalized once per record.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Name {
    /// Display form: NFC, trimmed, single-spaced, Title Case, original script.
    pub canonical: String,
    /// ASCII, the collapsed form compared byte-wise (`""` when missing); tokens separated
    /// by one space.
    pub skeleton: String,
    /// Second reading of an ambiguous spelling under another plausible scheme (German
    /// j = й, ch = х, z = ц, s = з: Juri, Michail, Kusnezow; GOST 7.79 B x = х: Mixail;
    /// French ch = ш: Erchov; Ukrainian 1995 zh = зг: Zhurskyi; Telegram c = ц: Coi; the
    /// Latin reading of Armenian հ: Hakobyan); `""` when there is none or it equals
    /// `skeleton`. [`compare`] accepts a match on either reading.
    pub alt_skeleton: String,
    /// Skeleton with gendered/derivational suffixes removed (surname), or the father's-name
    /// key (patronymic), or the skeleton (given name). For Variant level and blocking.
    pub stem: String,
    /// Phonetic blocking key: hash of the cognate group (given names in a group) or of the
    /// first consonant classes of the stem; equal for all same-name spellings, 0 if missing.
    pub key: u64,
    /// Blocking key of [`Name::alt_skeleton`] (0 when there is none): a blocker that wants
    /// German/Azerbaijani/Armenian-Latin readings to meet should index both keys.
    pub alt_key: u64,
    /// Script of the letters.
    pub script: Script,
    /// Best guess of the language ("ru", "uk", "be", "kk", "ky", "uz", "tg", "az", "ro", "hy").
    pub language: Option<&'static str>,
    /// Sex implied by morphology (surname/patronymic suffix) or by the cognate group.
    pub sex_hint: SexHint,
    /// Id of the cognate group (given names; for patronymics, the father's name's group).
    pub cognate_group: Option<u32>,
    /// The name is a bare initial ("А." / "A").
    pub initial_only: bool,
    /// Hashes of `skeleton`, `alt_skeleton` and `stem` (0 when empty): the pair
    /// loop rejects unequal names on one integer compare instead of a byte compare.
    /// Derived, so not serialized (a loaded name recomputes them).
    #[serde(skip_serializing)]
    pub hashes: NameHashes,
}

/// Language codes a [`Name`] may carry (a stored name maps back onto these).
const LANGUAGES: [&str; 13] = ["ru", "uk", "be", "kk", "ky", "uz", "tg", "tk", "tm", "az", "ro", "hy", "tt"];

/// A [`Name`] as stored (a saved index): the language as text.
#[derive(serde::Deserialize)]
struct StoredName {
    canonical: String,
    skeleton: String,
    alt_skeleton: String,
    stem: String,
    key: u64,
    alt_key: u64,
    script: Script,
    language: Option<String>,
    sex_hint: SexHint,
    cognate_group: Option<u32>,
    initial_only: bool,
}

impl<'de> serde::Deserialize<'de> for Name {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
        <StoredName as serde::Deserialize>::deserialize(d).map(Name::from)
    }
}

impl From<StoredName> for Name {
    fn from(n: StoredName) -> Name {
        let hashes = NameHashes::of(&n.canonical, &n.skeleton, &n.alt_skeleton, &n.stem);
        Name {
            language: n.language.and_then(|c| LANGUAGES.iter().copied().find(|l| *l == c)),
            canonical: n.canonical,
            skeleton: n.skeleton,
            alt_skeleton: n.alt_skeleton,
            stem: n.stem,
            key: n.key,
            alt_key: n.alt_key,
            script: n.script,
            sex_hint: n.sex_hint,
            cognate_group: n.cognate_group,
            initial_only: n.initial_only,
            hashes,
        }
    }
}

/// Hashes of a name's skeleton, alternative reading and stem (0 when empty).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct NameHashes {
    /// Of [`Name::skeleton`].
    pub skeleton: u64,
    /// Of [`Name::alt_skeleton`].
    pub alt: u64,
    /// Of [`Name::stem`].
    pub stem: u64,
    /// The first five consonants of the skeleton's first word (vowels, and with
    /// them gendered endings, vowel typos and the Belarusian akanye, do not
    /// count), packed one byte each; a hash of the word when it has none. The
    /// same in every field, so blocking can key swapped name columns on it.
    pub consonants: u64,
    /// Of the skeleton folded to what a Kazakh name's Kazakh-letter and Russian-letter
    /// spellings share (reduced vowels dropped, Юсуп = Жүсіп, Сатпаев = Сәтбаев; see
    /// `names/russified.rs`), 0 when empty.
    pub russified: u64,
    /// The same fold of the stem (a surname's, or a patronymic's father's name).
    pub russified_stem: u64,
    /// The display form carries a Kazakh letter Russian lacks (ә ғ қ ң ө ұ ү һ і).
    pub kazakh_letters: bool,
}

impl NameHashes {
    fn of(canonical: &str, skeleton: &str, alt: &str, stem: &str) -> NameHashes {
        NameHashes {
            skeleton: h64(skeleton),
            alt: h64(alt),
            stem: h64(stem),
            consonants: first_consonants(skeleton),
            russified: russified::fold_hash(skeleton),
            russified_stem: russified::fold_hash(stem),
            kazakh_letters: russified::has_kazakh_letters(canonical),
        }
    }
}

/// See [`NameHashes::consonants`].
fn first_consonants(skeleton: &str) -> u64 {
    let word = skeleton.split(' ').next().unwrap_or("");
    let mut k = 0u64;
    let mut n = 0;
    for b in word.bytes() {
        if matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y') {
            continue;
        }
        k = k << 8 | b as u64;
        n += 1;
        if n == 5 {
            break;
        }
    }
    if n == 0 {
        return h64(word);
    }
    k
}

/// The hash [`NameHashes`] uses, for callers that need it of a part of a
/// skeleton (e.g. its first word) to meet a precomputed one.
pub(crate) fn hash_text(s: &str) -> u64 {
    h64(s)
}

/// The [`hash_text`] of a skeleton's surname stem (gendered and derivational
/// suffixes removed, as [`Name::stem`] of a surname): for a surname's
/// alternative reading, whose stem is not stored.
pub(crate) fn surname_stem_hash(skeleton: &str) -> u64 {
    h64(&morph::analyze(skeleton, NameField::Surname).stem)
}

/// The [`hash_text`] of a patronymic skeleton's father's-name key (as [`Name::stem`] of a
/// patronymic): for a patronymic's alternative reading, whose key is not stored.
pub(crate) fn father_stem_hash(skeleton: &str) -> u64 {
    h64(&morph::analyze(skeleton, NameField::Patronymic).stem)
}

/// A 64-bit hash of a string, 0 for the empty string (FNV-1a, then mixed).
fn h64(s: &str) -> u64 {
    if s.is_empty() {
        return 0;
    }
    let h = s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) | 1
}

impl Name {
    /// Whether the field carried no letters.
    pub fn is_missing(&self) -> bool {
        self.skeleton.is_empty()
    }

    fn missing(canonical: String) -> Name {
        Name {
            canonical,
            skeleton: String::new(),
            alt_skeleton: String::new(),
            stem: String::new(),
            key: 0,
            alt_key: 0,
            script: Script::Empty,
            language: None,
            sex_hint: SexHint::Unknown,
            cognate_group: None,
            initial_only: false,
            hashes: NameHashes::default(),
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<skeleton::Scratch> = const { RefCell::new(skeleton::Scratch::new()) };
}

/// Normalizes one name field.
pub fn normalize(raw: &str, field: NameField) -> Name {
    let (canonical, sk) = SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => {
            let c = skeleton::canonicalize_into(raw, &mut s);
            let sk = skeleton::skeleton_from_chars(&mut s);
            (c, sk)
        }
        // Re-entrant call (cannot happen today): use a fresh buffer rather than panic.
        Err(_) => {
            let mut s = skeleton::Scratch::default();
            let c = skeleton::canonicalize_into(raw, &mut s);
            (c, skeleton::skeleton_from_chars(&mut s))
        }
    });
    if canonical.is_empty() {
        return Name::missing(canonical);
    }
    let mut skel = sk.skeleton;
    let mut alt_skeleton = sk.alt_skeleton;
    if skel.is_empty() {
        let mut n = Name::missing(canonical);
        n.script = sk.script;
        return n;
    }
    if field != NameField::GivenName {
        glue_separate_suffix(&mut skel, field);
        glue_separate_suffix(&mut alt_skeleton, field);
    }
    let m = morph::analyze(&skel, field);
    let cog = cognate::cognates();
    // A given name's group comes from its first reading, else from its second (Tatjana,
    // Pjotr: the German reading of j after a consonant). A surname that is a given name
    // (Олексій in the surname column of a swapped record) carries the group too, so the
    // crosswise reading can grade it Cognate; surname comparisons ignore it.
    let given_group = || cog.given(&skel).or_else(|| (!alt_skeleton.is_empty()).then(|| cog.given(&alt_skeleton)).flatten());
    let (cognate_group, sex_hint) = match field {
        NameField::GivenName => match given_group() {
            Some((g, sex)) => (Some(g), sex),
            None => (None, SexHint::Unknown),
        },
        NameField::Patronymic => (cog.father(&m.stem), m.sex),
        NameField::Surname => (given_group().map(|(g, _)| g), m.sex),
    };
    let key = match (field, cognate_group) {
        (NameField::GivenName, Some(g)) => fnv(b"#g", &g.to_le_bytes()),
        _ => consonant_key(&m.stem),
    };
    let alt_key = if alt_skeleton.is_empty() {
        0
    } else {
        let group = match field {
            NameField::GivenName => cog.given(&alt_skeleton).map(|(g, _)| g),
            _ => None,
        };
        match (group, field) {
            (Some(g), _) => fnv(b"#g", &g.to_le_bytes()),
            // The key reads the stem's first token only: no stem string needed.
            (None, NameField::GivenName) => consonant_key(&alt_skeleton),
            (None, NameField::Surname) => consonant_key(morph::surname_token_stem(alt_skeleton.split(' ').next().unwrap_or("")).0),
            (None, _) => consonant_key(morph::father_parts(&alt_skeleton).0),
        }
    };
    let initial_only = is_initials(raw, &canonical);
    let hashes = NameHashes::of(&canonical, &skel, &alt_skeleton, &m.stem);
    Name {
        hashes,
        canonical,
        skeleton: skel,
        alt_skeleton,
        stem: m.stem,
        key,
        alt_key,
        script: sk.script,
        language: sk.language,
        sex_hint,
        cognate_group,
        initial_only,
    }
}

/// Every word is one letter, or two with a final period ("А.", "К.-Ж.", "Zh.").
fn is_initials(raw: &str, canonical: &str) -> bool {
    // Fast exit: one word longer than two letters of at most two bytes each.
    if canonical.len() > 4 && !canonical.contains([' ', '-']) {
        return false;
    }
    let dotted = raw.trim_end().ends_with('.');
    canonical.split([' ', '-']).all(|t| {
        let letters = t.chars().filter(|&c| skeleton::is_letter(c)).take(3).count();
        letters == 1 || (letters == 2 && dotted)
    })
}

/// "abix uli" → "abixuli": a patronymic suffix (or a Kyrgyz/Azerbaijani surname suffix)
/// written as its own word joins its stem.
fn glue_separate_suffix(skel: &mut String, field: NameField) {
    if let Some(p) = skel.bytes().rposition(|b| b == b' ') {
        if morph::separate_word(&skel[p + 1..], field).is_some() {
            skel.remove(p);
        }
    }
}

fn fnv(a: &[u8], b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in a.iter().chain(b) {
        h ^= u64::from(x);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Up to five consonant classes of the stem's first token (vowels and glides ignored, so
/// Otkir/Utkir and Евгений/Евгения share a key).
fn consonant_key(stem: &str) -> u64 {
    let bytes = stem.as_bytes();
    let first = &bytes[..bytes.iter().position(|&b| b == b' ').unwrap_or(bytes.len())];
    let mut buf = [0u8; 5];
    let mut n = 0;
    for &b in first {
        if matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y') {
            continue;
        }
        if n < buf.len() {
            buf[n] = b;
            n += 1;
        }
    }
    if n == 0 {
        // All-vowel names (Ия, Ая): the whole token.
        return fnv(b"#v", first);
    }
    fnv(b"#c", &buf[..n])
}

/// Graded comparison levels, strongest first.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum NameLevel {
    /// Same canonical text (case-, space- and punctuation-insensitive).
    Exact,
    /// Same skeleton (or the same skeleton tokens in another order).
    Skeleton,
    /// Same cognate group (Александр / Олександр / Аляксандр; patronymics by father's name).
    Cognate,
    /// Gendered or suffix variant (Иванов / Иванова, Жанбулатов / Жанбулат), one name of a
    /// double name (Иванова-Петрова / Петрова, Kassym-Jomart / Kassym), or the same father's
    /// name with another patronymic suffix (Абишевич / Әбішұлы).
    Variant,
    /// Jaro-Winkler on skeletons ≥ [`FUZZY_HIGH`], or skeletons equal up to vowel quality
    /// (Otkir / Utkir): spelling noise.
    FuzzyHigh,
    /// One keyboard error apart (a letter replaced, dropped, doubled or two letters swapped:
    /// Наталья / Нтаалья, Асель / Асфль) where the two spellings are not both names in their
    /// own right: a typo.
    Typo,
    /// Jaro-Winkler on skeletons ≥ [`FUZZY_LOW`], not both names in their own right.
    FuzzyLow,
    /// Close in spelling (one edit, or Jaro-Winkler ≥ [`FUZZY_LOW`]) but **another name**: both
    /// spellings are attested as names (each carried by enough registry persons, or each in
    /// its own cognate group): Гульнур / Гульнара, Ерлан / Ержан — the names of twins,
    /// siblings and namesakes, not of one person written twice.
    Similar,
    /// One side is an initial and the other starts with it.
    Initial,
    /// Either side is empty.
    Missing,
    /// None of the above.
    Different,
}

/// Jaro-Winkler threshold of [`NameLevel::FuzzyHigh`].
pub const FUZZY_HIGH: f32 = 0.94;
/// Below this Jaro-Winkler similarity of the skeletons two names are not checked for one
/// edit: one letter replaced, dropped or doubled in a name of at least four letters keeps
/// the similarity well above it.
const ONE_EDIT_MIN_SIMILARITY: f32 = 0.7;
/// Jaro-Winkler threshold of [`NameLevel::FuzzyLow`].
pub const FUZZY_LOW: f32 = 0.88;

/// The result of [`compare`]: the level and the Jaro-Winkler similarity of the skeletons
/// (1.0 for Exact/Skeleton, 0.0 for Missing).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NameComparison {
    /// Graded level.
    pub level: NameLevel,
    /// Jaro-Winkler similarity of the skeletons in `[0, 1]`.
    pub similarity: f32,
}

/// Compares two normalized names of the same field. Symmetric and allocation-free.
///
/// Given names and patronymics whose known sexes differ (Евгений / Евгения, Сергеевич /
/// Сергеевна) never rise above [`NameLevel::FuzzyLow`]. Without knowledge of which spellings
/// are names (see [`compare_attested`]), a close pair is graded as spelling noise unless the
/// two names sit in different cognate groups.
pub fn compare(a: &Name, b: &Name, field: NameField) -> NameComparison {
    compare_attested(a, b, field, false)
}

/// [`compare`], told whether both spellings are attested as names in their own right (for
/// example, each carried by several registry persons): a close pair of attested names is
/// [`NameLevel::Similar`] — another name — rather than a typo or fuzzy spelling of one.
pub fn compare_attested(a: &Name, b: &Name, field: NameField, both_attested: bool) -> NameComparison {
    let done = |level, similarity| NameComparison { level, similarity };
    if a.is_missing() || b.is_missing() {
        return done(NameLevel::Missing, 0.0);
    }
    if a.hashes.skeleton == b.hashes.skeleton && a.skeleton == b.skeleton {
        let level = if canonical_eq(&a.canonical, &b.canonical) { NameLevel::Exact } else { NameLevel::Skeleton };
        return done(level, 1.0);
    }
    if (a.hashes.alt != 0 && a.hashes.alt == b.hashes.skeleton && a.alt_skeleton == b.skeleton)
        || (b.hashes.alt != 0 && b.hashes.alt == a.hashes.skeleton && b.alt_skeleton == a.skeleton)
    {
        return done(NameLevel::Skeleton, 1.0);
    }
    // Fixed argument order makes every rule below symmetric, Jaro's greedy matching included
    // (decided after the cheap symmetric checks, to keep it off the common path).
    let (a, b) = if (a.hashes.skeleton, &a.skeleton) <= (b.hashes.skeleton, &b.skeleton) { (a, b) } else { (b, a) };
    if a.initial_only || b.initial_only {
        let (init, full) = if a.initial_only { (a, b) } else { (b, a) };
        let level = if initials_match(&init.skeleton, &full.skeleton) { NameLevel::Initial } else { NameLevel::Different };
        return done(level, 0.0);
    }
    if same_token_set(&a.skeleton, &b.skeleton) {
        return done(NameLevel::Skeleton, 1.0);
    }
    let sim = similarity(a, b);
    let sex_conflict = field != NameField::Surname && a.sex_hint != SexHint::Unknown && b.sex_hint != SexHint::Unknown && a.sex_hint != b.sex_hint;
    if sex_conflict {
        let close = sim >= FUZZY_LOW || (sim >= ONE_EDIT_MIN_SIMILARITY && one_edit_apart(a, b));
        return done(if close { NameLevel::FuzzyLow } else { NameLevel::Different }, sim);
    }
    let level = if field != NameField::Surname && a.cognate_group.is_some() && a.cognate_group == b.cognate_group {
        NameLevel::Cognate
    } else if is_variant(a, b, field) {
        NameLevel::Variant
    } else if loose_eq(a.skeleton.as_bytes(), b.skeleton.as_bytes())
        || (!a.alt_skeleton.is_empty() && loose_eq(a.alt_skeleton.as_bytes(), b.skeleton.as_bytes()))
        || (!b.alt_skeleton.is_empty() && loose_eq(b.alt_skeleton.as_bytes(), a.skeleton.as_bytes()))
        || (field == NameField::Surname
            && a.stem.len() == b.stem.len()
            && a.stem.len() + b.stem.len() < a.skeleton.len() + b.skeleton.len()
            && loose_stems(a, b))
    {
        // Equal up to vowel quality and romanization's consonant pairs: one name, two spellings
        // (Otkir / Utkir) — unless both are given names in their own right (Гульнара / Гульнура).
        if both_attested && field != NameField::Surname {
            NameLevel::Similar
        } else {
            NameLevel::FuzzyHigh
        }
    } else {
        // Two names in their own right (attested, or in different cognate groups) that are
        // close in spelling are two names, not one name misspelt.
        let distinct = both_attested || (field != NameField::Surname && a.cognate_group.is_some() && b.cognate_group.is_some());
        // One edit in a name of four letters or more keeps Jaro-Winkler above 0.7: below
        // it the (costlier) edit check cannot succeed.
        let close = if sim >= ONE_EDIT_MIN_SIMILARITY && one_edit_apart(a, b) {
            Some(NameLevel::Typo)
        } else if sim >= FUZZY_HIGH {
            Some(NameLevel::FuzzyHigh)
        } else if sim >= FUZZY_LOW {
            Some(NameLevel::FuzzyLow)
        } else {
            None
        };
        let level = match close {
            Some(_) if distinct => NameLevel::Similar,
            Some(level) => level,
            None => NameLevel::Different,
        };
        // A Kazakh surname or father's name in its Kazakh and its Russian-letter spelling
        // (Сәтбаев / Сатпаев, Бауыржанқызы / Бауржановна) is one name, even where both
        // spellings are attested (both orthographies are in use); it never lowers a level.
        if matches!(level, NameLevel::Similar | NameLevel::FuzzyLow | NameLevel::Different) && russified_eq(a, b, field) {
            if field == NameField::Patronymic {
                NameLevel::Variant
            } else {
                NameLevel::FuzzyHigh
            }
        } else {
            level
        }
    };
    done(level, sim)
}

/// Surnames, or patronymics' fathers' names, equal once the differences between a Kazakh
/// name's Kazakh-letter and Russian-letter spellings are folded away (`names/russified.rs`):
/// only where the orthographies can differ — one side in Kazakh letters, or the sides in
/// two scripts — and never for given names (twins' and siblings' names can differ by a
/// vowel).
fn russified_eq(a: &Name, b: &Name, field: NameField) -> bool {
    if field == NameField::GivenName || !(a.hashes.kazakh_letters || b.hashes.kazakh_letters || a.script != b.script) {
        return false;
    }
    match field {
        NameField::Surname => russified_surname_eq(a, b),
        _ => {
            let (x, y) = (&a.hashes, &b.hashes);
            (x.russified != 0 && x.russified == y.russified) || (x.russified_stem != 0 && x.russified_stem == y.russified_stem)
        }
    }
}

/// Surnames equal once a Kazakh name's Russian-letter spelling differences are folded away
/// (`names/russified.rs`) whatever the scripts: Абдирахманов / Абдрахманов, Жусипов /
/// Юсупов, both in Russian letters. The fold alone would also join Russian surnames a vowel
/// apart (Тюрин / Турин), so the caller decides where it holds (see
/// `compare::surname_level`: two given names, neither a Slavic calendar name).
pub(crate) fn russified_surname_eq(a: &Name, b: &Name) -> bool {
    let (x, y) = (&a.hashes, &b.hashes);
    (x.russified != 0 && x.russified == y.russified)
        || (a.stem.len() >= 3 && b.stem.len() >= 3 && x.russified_stem != 0 && x.russified_stem == y.russified_stem)
}

/// A given name of a Slavic calendar group (Александр, Евгений, Олена: cognates.tsv [cal]).
pub(crate) fn is_slavic_given_name(n: &Name) -> bool {
    n.cognate_group.is_some_and(|g| cognate::cognates().is_slavic(g))
}

/// One keyboard error apart: in the script both were typed in (one Cyrillic letter for
/// another is several skeleton bytes: Олеся / Олесл), or in the skeletons (or a skeleton
/// and the other's second reading) across scripts.
fn one_edit_apart(a: &Name, b: &Name) -> bool {
    if a.script == b.script && a.script != Script::Latin && canonical_one_edit(&a.canonical, &b.canonical) {
        return true;
    }
    let (x, y) = (a.skeleton.as_bytes(), b.skeleton.as_bytes());
    within_one_edit(x, y)
        || (!a.alt_skeleton.is_empty() && within_one_edit(a.alt_skeleton.as_bytes(), y))
        || (!b.alt_skeleton.is_empty() && within_one_edit(x, b.alt_skeleton.as_bytes()))
}

/// The lower-cased display forms one edit apart, letter by letter (names up to 32 letters;
/// no allocation).
fn canonical_one_edit(a: &str, b: &str) -> bool {
    const MAX: usize = 32;
    let fill = |s: &str, buf: &mut [char; MAX]| -> Option<usize> {
        let mut n = 0;
        for c in s.chars().flat_map(char::to_lowercase) {
            *buf.get_mut(n)? = c;
            n += 1;
        }
        Some(n)
    };
    let (mut x, mut y) = (['\0'; MAX], ['\0'; MAX]);
    match (fill(a, &mut x), fill(b, &mut y)) {
        (Some(n), Some(m)) => within_one_edit(&x[..n], &y[..m]),
        _ => false,
    }
}

/// Whether two different byte strings are one edit apart: one byte replaced, inserted or
/// deleted, or two adjacent bytes swapped (the optimal-string-alignment distance is 1). The
/// longer must have at least four letters: in a two- or three-letter name one letter is
/// half the name.
pub(crate) fn within_one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() < 4 || long.len() - short.len() > 1 || a == b {
        return false;
    }
    let p = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        let substituted = short[p + 1..] == long[p + 1..];
        let transposed = p + 1 < short.len() && short[p] == long[p + 1] && short[p + 1] == long[p] && short[p + 2..] == long[p + 2..];
        substituted || transposed
    } else {
        short[p..] == long[p + 1..]
    }
}

/// Jaro-Winkler of the skeletons, the best over the alternative readings.
fn similarity(a: &Name, b: &Name) -> f32 {
    let jw = |x: &str, y: &str| jaro::jaro_winkler(x.as_bytes(), y.as_bytes());
    let mut sim = jw(&a.skeleton, &b.skeleton);
    if !a.alt_skeleton.is_empty() {
        sim = sim.max(jw(&a.alt_skeleton, &b.skeleton));
    }
    if !b.alt_skeleton.is_empty() {
        sim = sim.max(jw(&a.skeleton, &b.alt_skeleton));
    }
    sim
}

/// Canonical forms equal up to the separator (space or hyphen).
fn canonical_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y || (matches!(x, b' ' | b'-') && matches!(y, b' ' | b'-')))
}

/// Same multiset of skeleton tokens, in any order (Kassym-Jomart / Jomart Kassym).
fn same_token_set(a: &str, b: &str) -> bool {
    if a.len() != b.len() || !a.as_bytes().contains(&b' ') {
        return false;
    }
    let count = |s: &str, t: &str| s.split(' ').filter(|x| *x == t).count();
    a.split(' ').all(|t| count(a, t) == count(b, t))
}

/// Equal up to vowel quality and a few consonant pairs that romanizations confuse: o/u/a and
/// e/i (Uzbek oʻ read o or u, Uzbek o for Russian а: Otkir/Utkir, Zokir/Закир), s/z/c, ж/ш,
/// g/k (Schukow/Жуков, Kusnezow/Кузнецов, Quliyev/Гулиев), and u/v after a vowel (Belarusian
/// ў for в at a syllable end, Belarusian orthography 2008 § on ў: Paulou/Павлов,
/// Kazlouski/Козловский, Soloueu/Соловьев).
/// The skeleton with [`loose_eq`]'s letter classes applied (empty under four letters): two
/// skeletons with equal keys are loosely equal (the key leaves out `loose_eq`'s u/v between
/// vowels). Encoded linking compares keyed tokens of it.
pub(crate) fn loose_key(skeleton: &str) -> Vec<u8> {
    if skeleton.len() < 4 {
        return Vec::new();
    }
    skeleton.bytes().map(loose_class).collect()
}

fn loose_class(x: u8) -> u8 {
    match x {
        b'a' | b'o' | b'u' => b'a',
        b'e' | b'i' | b'y' => b'i',
        b'z' | b's' | b'c' => b's', // German s = з, z = ц; Telegram c = ц
        b'j' | b'x' => b'x',        // German sch = ж and ш
        b'g' | b'k' => b'k',        // Azerbaijani q = г, Armenian ղ = к
        _ => x,
    }
}

fn loose_eq(a: &[u8], b: &[u8]) -> bool {
    let class = loose_class;
    if a.len() != b.len() || a.len() < 4 {
        return false;
    }
    let vowel = |x: u8| matches!(x, b'a' | b'e' | b'i' | b'o' | b'u');
    let b = &b[..a.len()];
    (0..a.len()).all(|i| {
        let (x, y) = (a[i], b[i]);
        class(x) == class(y) || (i > 0 && matches!((x, y), (b'u', b'v') | (b'v', b'u')) && vowel(a[i - 1]) && vowel(b[i - 1]))
    })
}

/// Surnames whose stems are equal up to vowel quality (and the consonant pairs of
/// [`loose_eq`]) with compatible suffix families: Ковалёв / Кавалёў (Belarusian а for
/// unstressed о, -ёў for -ёв). Only called when a suffix was removed (otherwise the stems
/// are the skeletons, already compared loosely).
#[cold]
fn loose_stems(a: &Name, b: &Name) -> bool {
    loose_eq(a.stem.as_bytes(), b.stem.as_bytes()) && a.skeleton.split(' ').zip(b.skeleton.split(' ')).all(|(x, y)| morph::surname_families_compatible(x, y))
}

/// Each token of the initials starts like the corresponding token of the full name
/// (vowels loosely: Uzbek O. for Oʻtkir = utkir), or like a romanization's first letter of
/// it (Z. for Zh: Жанболат; S. for Sh: Шерзод; C. for Ch: Чынгыз, C read k as before a, o,
/// u, or c = дж: Джавид; K. for Kh: Хасан; T. for Ts: Цой; Д. for the older Russian Дж:
/// Джазира = Жазира, NAMES.md §3), or like another member of the full name's cognate group
/// (a Ukrainian answer's О. for Елена = Олена, М. for Николай = Микола, К. for Екатерина =
/// Катерина, H. for Анна = Ганна).
fn initials_match(init: &str, full: &str) -> bool {
    let class = |b: u8| match b {
        b'a' | b'o' | b'u' => b'a',
        b'e' | b'i' | b'y' => b'i',
        x => x,
    };
    let fits = |i: u8, f: u8| {
        class(i) == class(f) || matches!((i, f), (b'z', b'j') | (b's', b'x') | (b'c' | b'k', b'q' | b'j') | (b'k', b'g') | (b't', b'c') | (b'd', b'j'))
    };
    let mut fi = full.split(' ');
    init.split(' ').all(|t| {
        let (Some(f), Some(i)) = (fi.next(), t.bytes().next()) else {
            return false;
        };
        let Some(first) = f.bytes().next() else {
            return false;
        };
        if fits(i, first) {
            return true;
        }
        let letters = cognate::cognates().first_letters(f);
        (b'a'..=b'z').any(|l| letters & (1 << (l - b'a')) != 0 && fits(i, l))
    })
}

fn is_variant(a: &Name, b: &Name, field: NameField) -> bool {
    if field == NameField::Patronymic {
        // Same father's name, another suffix; Uzbek o for а in the father's name; or the same
        // through a second reading (German Jerikkysy = Ериковна, Shaxinovich = Шахин оглы).
        if a.stem.is_empty() || b.stem.is_empty() {
            return false;
        }
        let same = |x: &str, y: &str| x == y || loose_eq(x.as_bytes(), y.as_bytes());
        return (a.hashes.stem == b.hashes.stem && a.stem == b.stem)
            || loose_eq(a.stem.as_bytes(), b.stem.as_bytes())
            || (!a.alt_skeleton.is_empty() && same(morph::father_parts(&a.alt_skeleton).0, &b.stem))
            || (!b.alt_skeleton.is_empty() && same(morph::father_parts(&b.alt_skeleton).0, &a.stem));
    }
    if a.stem.is_empty() || b.stem.is_empty() {
        return false;
    }
    if a.hashes.stem != b.hashes.stem || a.stem != b.stem {
        // A double name containing the other, single one: Иванова-Петрова ~ Петрова
        // (married women), Kassym-Jomart ~ Kassym.
        let (a_many, b_many) = (a.stem.as_bytes().contains(&b' '), b.stem.as_bytes().contains(&b' '));
        if a_many != b_many {
            let (one, many) = if a_many { (&b.stem, &a.stem) } else { (&a.stem, &b.stem) };
            return !one.contains(' ') && many.split(' ').any(|t| t == one);
        }
        // One-word surnames: the Kazakh form without -ов/-ев where the bare name ends like a
        // suffix (Тұрсын / Тұрсынов: lengths 2 or 3 apart), or a match through a second
        // reading (Axat / Ахатов).
        return field == NameField::Surname
            && !a_many
            && ((a.hashes.alt | b.hashes.alt) != 0 || matches!(a.skeleton.len().abs_diff(b.skeleton.len()), 2 | 3))
            && morph::surname_variant_readings((&a.skeleton, &a.alt_skeleton, &a.stem), (&b.skeleton, &b.alt_skeleton, &b.stem));
    }
    match field {
        NameField::Surname => a.skeleton.split(' ').zip(b.skeleton.split(' ')).all(|(x, y)| x == y || morph::surname_families_compatible(x, y)),
        _ => false,
    }
}

/// A human-readable multi-line report of what the engine sees, for `dualcit normalize`.
pub fn describe(raw: &str) -> String {
    let mut out = String::new();
    let fields = [("surname", NameField::Surname), ("given name", NameField::GivenName), ("patronymic", NameField::Patronymic)];
    let base = normalize(raw, NameField::GivenName);
    let _ = writeln!(out, "canonical:  {}", base.canonical);
    let _ = writeln!(out, "script:     {:?}", base.script);
    let _ = writeln!(out, "language:   {}", base.language.unwrap_or("?"));
    let _ = writeln!(out, "skeleton:   {}", base.skeleton);
    if !base.alt_skeleton.is_empty() {
        let _ = writeln!(out, "alt (second reading): {}", base.alt_skeleton);
    }
    let _ = writeln!(out, "initial:    {}", base.initial_only);
    for (label, field) in fields {
        let n = normalize(raw, field);
        let group = n.cognate_group.and_then(|g| cognate::cognates().labels.get(g as usize)).map_or("-", String::as_str);
        let stem_label = if field == NameField::Patronymic { "father key" } else { "stem" };
        let _ = writeln!(out, "as {label}: {stem_label} {:?}, key {:016x}, sex {:?}, cognate group {group}", n.stem, n.key, n.sex_hint);
    }
    for token in base.canonical.split([' ', '-']).filter(|t| !t.is_empty()) {
        let t = normalize(token, NameField::GivenName);
        let _ = writeln!(out, "token {token}: skeleton {:?}, script {:?}", t.skeleton, t.script);
    }
    out
}

#[cfg(test)]
mod tests;
