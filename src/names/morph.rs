//! Morphology on skeletons: gendered surname suffixes, patronymic suffixes and the
//! father's-name key, from `src/data/suffixes.tsv`.

use super::{NameField, SexHint};
use std::sync::OnceLock;

const SUFFIXES_TSV: &str = include_str!("../data/suffixes.tsv");

/// Smallest stem a suffix may leave behind.
const MIN_STEM: usize = 2;

#[derive(Debug)]
pub(crate) struct Suffix {
    pub(crate) field: NameField,
    pub(crate) text: &'static str,
    pub(crate) sex: SexHint,
    pub(crate) family: &'static str,
    /// May be written as a separate word (Azerbaijani "oğlu", Kyrgyz "уулу").
    pub(crate) separate: bool,
}

#[derive(Debug)]
pub(crate) struct Suffixes {
    /// Longest first.
    pub(crate) list: Vec<Suffix>,
    /// Indices into `list` (longest first) by field (0 surname, 1 given, 2 patronymic) and
    /// last letter (`b'a'..=b'z'`), so a lookup tries only the few that can match.
    by_last: Vec<Vec<u16>>,
    /// Lines that could not be parsed (checked by a unit test; skipped at run time).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) bad_lines: usize,
}

pub(crate) fn suffixes() -> &'static Suffixes {
    static S: OnceLock<Suffixes> = OnceLock::new();
    S.get_or_init(|| {
        let mut list = Vec::new();
        let mut bad_lines = 0;
        for line in SUFFIXES_TSV.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            match parse_line(line) {
                Some(s) => list.push(s),
                None => bad_lines += 1,
            }
        }
        list.sort_by_key(|s: &Suffix| std::cmp::Reverse(s.text.len()));
        let mut by_last = vec![Vec::new(); 3 * 26];
        for (i, s) in list.iter().enumerate() {
            if let Some(slot) = s.text.bytes().last().and_then(|b| last_slot(s.field, b)) {
                by_last[slot].push(i as u16);
            }
        }
        Suffixes { list, by_last, bad_lines }
    })
}

fn parse_line(line: &'static str) -> Option<Suffix> {
    let mut f = line.split('\t');
    let field = match f.next()? {
        "surname" => NameField::Surname,
        "patronymic" => NameField::Patronymic,
        "given" => NameField::GivenName,
        _ => return None,
    };
    let text = f.next()?;
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let sex = match f.next()? {
        "m" => SexHint::Male,
        "f" => SexHint::Female,
        "-" => SexHint::Unknown,
        _ => return None,
    };
    let family = f.next()?;
    let separate = match f.next()? {
        "glued" => false,
        "both" | "word" => true,
        _ => return None,
    };
    Some(Suffix { field, text, sex, family, separate })
}

fn last_slot(field: NameField, last: u8) -> Option<usize> {
    let f = match field {
        NameField::Surname => 0,
        NameField::GivenName => 1,
        NameField::Patronymic => 2,
    };
    last.is_ascii_lowercase().then(|| f * 26 + usize::from(last - b'a'))
}

/// The suffix a skeleton token ends with (longest first), if the stem keeps `MIN_STEM` bytes.
pub(crate) fn token_suffix(token: &str, field: NameField) -> Option<&'static Suffix> {
    let t = token.as_bytes();
    let all = suffixes();
    let slot = last_slot(field, *t.last()?)?;
    all.by_last[slot].iter().map(|&i| &all.list[usize::from(i)]).find(|s| {
        let x = s.text.as_bytes();
        t.len() >= x.len() + MIN_STEM && t.iter().rev().zip(x.iter().rev()).all(|(a, b)| a == b)
    })
}

/// A separate suffix word ("uli", "kizi", "oglu") for `field`, if `token` is one.
pub(crate) fn separate_word(token: &str, field: NameField) -> Option<&'static Suffix> {
    let all = suffixes();
    let slot = last_slot(field, *token.as_bytes().last()?)?;
    all.by_last[slot].iter().map(|&i| &all.list[usize::from(i)]).find(|s| s.separate && s.text == token)
}

/// Morphology of one field: the stem and the sex the suffixes imply.
pub(crate) struct Morph {
    pub(crate) stem: String,
    pub(crate) sex: SexHint,
}

/// Surname: every token loses its gendered/derivational suffix.
/// Patronymic: the father's-name key (suffix removed, trailing vowels dropped so that
/// Сергеевич / Сергійович / Sergeyuly all give "serg").
/// Given name: the skeleton itself.
pub(crate) fn analyze(skeleton: &str, field: NameField) -> Morph {
    match field {
        NameField::Surname => {
            let mut stem = String::with_capacity(skeleton.len());
            let mut sex = SexHint::Unknown;
            // Byte splitting: skeletons are ASCII, and str::split costs more on short input.
            let mut rest = skeleton;
            while !rest.is_empty() || stem.is_empty() {
                let cut = rest.bytes().position(|b| b == b' ').unwrap_or(rest.len());
                let tok = &rest[..cut];
                rest = rest.get(cut + 1..).unwrap_or("");
                if !stem.is_empty() {
                    stem.push(' ');
                }
                let (tok_stem, suffix) = surname_token_stem(tok);
                stem.push_str(tok_stem);
                if let Some(s) = suffix {
                    if sex == SexHint::Unknown {
                        sex = s.sex;
                    }
                }
                if rest.is_empty() {
                    break;
                }
            }
            Morph { stem, sex }
        }
        NameField::Patronymic => {
            let (key, sex) = father_parts(skeleton);
            Morph { stem: key.to_string(), sex }
        }
        NameField::GivenName => Morph { stem: skeleton.to_string(), sex: SexHint::Unknown },
    }
}

/// The father's-name key of a patronymic skeleton (a slice, no allocation) and the sex its
/// suffix implies. A father's name ending in a vowel keeps no consonant of a suffix that
/// starts with one (Ганикызы = Гани + кызы, Мустафа кызы, Абайқызы): the skeleton keeps the
/// doubled letter when the father's name ends in it (Серікқызы, see `fold_token`).
pub(crate) fn father_parts(skeleton: &str) -> (&str, SexHint) {
    // skeleton() already glued a separate suffix word to its stem.
    let tok = match skeleton.bytes().rposition(|b| b == b' ') {
        Some(p) => &skeleton[p + 1..],
        None => skeleton,
    };
    let (base, sex) = match token_suffix(tok, NameField::Patronymic) {
        Some(s) => (&tok[..tok.len() - s.text.len()], s.sex),
        None => (tok, SexHint::Unknown),
    };
    let key = father_key(base);
    (if key.is_empty() { tok } else { key }, sex)
}

/// Drops trailing vowels and glides: the father's name as it appears inside patronymics
/// (Николай → nikol, Николаевич → nikol, Әбіш → abix).
pub(crate) fn father_key(s: &str) -> &str {
    let t = s.trim_end_matches(['a', 'e', 'i', 'o', 'u', 'y']);
    if t.len() >= MIN_STEM {
        t
    } else {
        s
    }
}

/// The stem of one surname skeleton token and the suffix it lost. A final i of a bare
/// token (or of the stem of an open-family one) is dropped too: Russian -ев after -й or -и
/// absorbs it (Абай → Абаев, Серікбай → Серікбаев, Ерғали → Ерғалиев, which the fold reads
/// "ergalev"), so the Kazakh form without the suffix (Serikbai, ЕРГАЛИ, TILEUBERDI) gets the
/// stem of the -ев form (Superanskaya & Suslova 1981 on -ев after й and soft stems; NAMES.md
/// §4 on dropped -ов/-ев).
pub(crate) fn surname_token_stem(tok: &str) -> (&str, Option<&'static Suffix>) {
    match token_suffix(tok, NameField::Surname) {
        Some(s) => {
            let stem = &tok[..tok.len() - s.text.len()];
            (if is_open(s.family) { drop_final_i(stem) } else { stem }, Some(s))
        }
        None => (drop_final_i(tok), None),
    }
}

/// `s` without a final i, if a stem longer than `MIN_STEM` is left (Цой keeps its i).
fn drop_final_i(s: &str) -> &str {
    match s.strip_suffix('i') {
        Some(t) if t.len() > MIN_STEM => t,
        _ => s,
    }
}

/// Whether two surname tokens with equal stems are gendered/derivational variants. A bare
/// token that lost a final i (Serikbai) pairs only with the -ев family or an open one
/// (Серікбаев, Серікбайұлы), not with -ов or -ин.
pub(crate) fn surname_families_compatible(a: &str, b: &str) -> bool {
    let fa = token_suffix(a, NameField::Surname).map(|s| s.family);
    let fb = token_suffix(b, NameField::Surname).map(|s| s.family);
    let lost_i = |t: &str| drop_final_i(t).len() < t.len();
    match (fa, fb) {
        (None, None) => true,
        (None, Some(y)) => !lost_i(a) || y == "ev" || is_open(y),
        (Some(x), None) => !lost_i(b) || x == "ev" || is_open(x),
        (Some(x), Some(y)) => x == y || is_open(x) || is_open(y),
    }
}

/// Whether surname token `bare` is `full` without its -ов/-ев (the dropped Kazakh suffix,
/// NAMES.md §4) where `bare` itself ends like a suffix, so that its stem is shorter:
/// Тұрсын / Тұрсынов, Байбосын / Байбосынова (-ын/-ин ends a Russian surname only after a
/// noun stem, never before -ов). An agent noun in -ник is a surname of its own (Мельник /
/// Мельников, see suffixes.tsv).
pub(crate) fn suffix_dropped(bare: &str, full: &str) -> bool {
    if full.len() <= bare.len() || !full.starts_with(bare) {
        return false;
    }
    let Some(s) = token_suffix(full, NameField::Surname) else {
        return false;
    };
    matches!(s.family, "ov" | "ev") && full.len() - s.text.len() == bare.len() && token_suffix(bare, NameField::Surname).is_none_or(|b| b.family != "nik")
}

/// One-word surnames (skeleton, second reading, stem) with unequal stems that are still
/// suffix variants: the Kazakh form without -ов/-ев where the bare name ends like a suffix
/// (Тұрсын / Тұрсынов, [`suffix_dropped`]), or a match through a second reading (Axat = Ахат /
/// Ахатов; French-looking Belousova = Белоусов).
pub(crate) fn surname_variant_readings(a: (&str, &str, &str), b: (&str, &str, &str)) -> bool {
    let dropped = |x: &str, y: &str| suffix_dropped(x, y) || suffix_dropped(y, x);
    let via_alt = |alt: &str, (skeleton, _, stem): (&str, &str, &str)| {
        !alt.is_empty() && !alt.contains(' ') && ((surname_token_stem(alt).0 == stem && surname_families_compatible(alt, skeleton)) || dropped(alt, skeleton))
    };
    dropped(a.0, b.0) || via_alt(a.1, b) || via_alt(b.1, a)
}

fn is_open(family: &str) -> bool {
    matches!(family, "zoda" | "uli")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_table_parses() {
        assert_eq!(suffixes().bad_lines, 0);
        assert!(suffixes().list.len() > 20);
    }

    #[test]
    fn surname_stems() {
        let m = analyze("ivanova", NameField::Surname);
        assert_eq!(m.stem, "ivan");
        assert_eq!(m.sex, SexHint::Female);
        assert_eq!(analyze("ivanov", NameField::Surname).stem, "ivan");
        assert_eq!(analyze("janbulatov", NameField::Surname).stem, "janbulat");
        assert_eq!(analyze("janbulat", NameField::Surname).stem, "janbulat");
        assert_eq!(analyze("coi", NameField::Surname).stem, "coi");
        assert_eq!(analyze("zgurski", NameField::Surname).stem, "zgur");
        assert!(!surname_families_compatible("ivanov", "ivanin"));
        assert!(surname_families_compatible("ragmonov", "ragmonzoda"));
    }

    #[test]
    fn patronymic_father_keys() {
        let m = analyze("abixeviq", NameField::Patronymic);
        assert_eq!((m.stem.as_str(), m.sex), ("abix", SexHint::Male));
        let m = analyze("abixuli", NameField::Patronymic);
        assert_eq!((m.stem.as_str(), m.sex), ("abix", SexHint::Male));
        let m = analyze("viktorovna", NameField::Patronymic);
        assert_eq!((m.stem.as_str(), m.sex), ("viktor", SexHint::Female));
        assert_eq!(analyze("sergeviq", NameField::Patronymic).stem, "serg");
        assert_eq!(analyze("nikolaeviq", NameField::Patronymic).stem, "nikol");
    }

    #[test]
    fn fathers_names_ending_in_a_vowel_keep_no_suffix_consonant() {
        // Абайқызы, Ганикызы, Мустафа кызы (glued): no k borrowed from the suffix.
        assert_eq!(father_parts("abaikizi"), ("ab", SexHint::Female));
        assert_eq!(father_parts("abaevna").0, "ab");
        assert_eq!(father_parts("ganikizi").0, father_parts("ganevna").0);
        assert_eq!(father_parts("mustafakizi").0, father_parts("mustafivna").0);
        // Серікқызы keeps its doubled k in the skeleton (see fold_token).
        assert_eq!(father_parts("serikkizi").0, father_parts("serikovna").0);
        // German kysy (s = з).
        assert_eq!(father_parts("erikkisi"), ("erik", SexHint::Female));
    }

    #[test]
    fn bare_surnames_ending_in_i() {
        // Серікбай / Серікбаев, Ерғали / Ерғалиев ("ergalev"), Серікбайұлы; Цой keeps its i.
        assert_eq!(surname_token_stem("serikbai").0, surname_token_stem("serikbaev").0);
        assert_eq!(surname_token_stem("ergali").0, surname_token_stem("ergalev").0);
        assert_eq!(surname_token_stem("serikbaiuli").0, "serikba");
        assert_eq!(surname_token_stem("coi").0, "coi");
        assert!(surname_families_compatible("serikbai", "serikbaeva"));
        assert!(surname_families_compatible("serikbai", "serikbaiuli"));
        assert!(!surname_families_compatible("ergali", "ergalov"));
        assert!(surname_families_compatible("janbulat", "janbulatov"));
    }

    #[test]
    fn dropped_suffix_after_a_suffix_like_ending() {
        assert!(suffix_dropped("tursin", "tursinov"));
        assert!(suffix_dropped("baibosin", "baibosinova"));
        assert!(!suffix_dropped("melnik", "melnikov"));
        assert!(!suffix_dropped("tursin", "tursinbekov"));
        assert!(!suffix_dropped("ivanov", "ivanov"));
    }
}
