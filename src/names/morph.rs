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
                match token_suffix(tok, field) {
                    Some(s) => {
                        stem.push_str(&tok[..tok.len() - s.text.len()]);
                        if sex == SexHint::Unknown {
                            sex = s.sex;
                        }
                    }
                    None => stem.push_str(tok),
                }
                if rest.is_empty() {
                    break;
                }
            }
            Morph { stem, sex }
        }
        NameField::Patronymic => {
            let (base, shared, sex) = father_parts(skeleton);
            let mut stem = base.to_string();
            if let Some(c) = shared {
                stem.push(c);
            }
            Morph { stem, sex }
        }
        NameField::GivenName => Morph { stem: skeleton.to_string(), sex: SexHint::Unknown },
    }
}

/// The father's-name key of a patronymic skeleton as a slice and a letter to append (no
/// allocation), and the sex its suffix implies.
pub(crate) fn father_parts(skeleton: &str) -> (&str, Option<char>, SexHint) {
    // skeleton() already glued a separate suffix word to its stem.
    let tok = match skeleton.bytes().rposition(|b| b == b' ') {
        Some(p) => &skeleton[p + 1..],
        None => skeleton,
    };
    let (base, sex, shared) = match token_suffix(tok, NameField::Patronymic) {
        Some(s) => {
            let base = &tok[..tok.len() - s.text.len()];
            // Серікқызы folds to "serikizi": the doubled k collapsed, so a
            // consonant-initial suffix left after a vowel owes the stem its letter.
            let first = s.text.as_bytes()[0];
            let shared = !matches!(first, b'a' | b'e' | b'i' | b'o' | b'u') && matches!(base.bytes().last(), Some(b'a' | b'e' | b'i' | b'o' | b'u'));
            (base, s.sex, shared.then_some(char::from(first)))
        }
        None => (tok, SexHint::Unknown, None),
    };
    match shared {
        Some(c) => (base, Some(c), sex),
        None => {
            let key = father_key(base);
            (if key.is_empty() { tok } else { key }, None, sex)
        }
    }
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

/// Whether two surname tokens with equal stems are gendered/derivational variants.
pub(crate) fn surname_families_compatible(a: &str, b: &str) -> bool {
    let fa = token_suffix(a, NameField::Surname).map(|s| s.family);
    let fb = token_suffix(b, NameField::Surname).map(|s| s.family);
    match (fa, fb) {
        (None, _) | (_, None) => true,
        (Some(x), Some(y)) => x == y || is_open(x) || is_open(y),
    }
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
}
