//! The grapheme tables (the `src/data/translit_*.tsv` files), parsed once into a dense
//! per-character index for the Latin, IPA, Cyrillic and Armenian blocks and a small map
//! for anything above, and the greedy, longest-match transliteration of one token
//! under a reading mode and the graphemes' context rules.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{MODE_A, MODE_ALL, MODE_C, MODE_D, MODE_F, MODE_G, MODE_K, MODE_N, MODE_P, MODE_R, MODE_S, MODE_T, MODE_U, MODE_Y, MODE_Z};

const LATIN_TSV: &str = include_str!("../../data/translit_latin.tsv");
const CYRILLIC_TSV: &str = include_str!("../../data/translit_cyrillic.tsv");
const ARMENIAN_TSV: &str = include_str!("../../data/translit_armenian.tsv");

/// Characters below this code point are indexed densely (covers Latin, IPA, modifier
/// letters, Cyrillic, Cyrillic Supplement and Armenian).
const DENSE_LIMIT: usize = 0x0590;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ctx {
    Any,
    Start,
    End,
    BeforeVowel,
    StartBeforeVowel,
    AfterVowel,
    BetweenVowels,
    BeforeEI,
    AfterConsonantAtEnd,
    AfterAnyVowel,
    BeforeVowelOrVoiced,
}

/// Longest grapheme tail (after its first character) and longest output, inline so that
/// matching never leaves the entry's cache line.
const MAX_REST: usize = 6;
const MAX_OUT: usize = 4;

#[derive(Debug)]
struct Entry {
    /// The grapheme's characters after the first one.
    rest: [char; MAX_REST],
    rest_len: u8,
    out: [u8; MAX_OUT],
    out_len: u8,
    modes: u16,
    ctx: Ctx,
}

impl Entry {
    fn rest(&self) -> &[char] {
        &self.rest[..usize::from(self.rest_len)]
    }
}

/// The graphemes starting with one character.
#[derive(Debug, Default)]
struct List {
    /// Graphemes of two or more characters, grouped by their second character, each group
    /// longest first (file order among equal lengths).
    groups: Vec<(char, Vec<Entry>)>,
    /// Bit `c` set when a group's second character is the ASCII character `c`, or bit 127
    /// for any non-ASCII second character: most letter pairs skip the group search.
    second_mask: u128,
    /// One-character graphemes, in file order.
    singles: Vec<Entry>,
}

/// All grapheme tables merged: each script's graphemes start with that script's letters.
#[derive(Debug)]
pub(crate) struct Table {
    dense: Vec<u16>,
    sparse: HashMap<char, u16>,
    lists: Vec<List>,
    /// Per list: the output when the list is a single unconditional one-letter grapheme
    /// (most Cyrillic letters), so the hot loop skips the entry scan.
    simple: Vec<Option<([u8; MAX_OUT], u8)>>,
    /// Per list: the output when the list's one-letter graphemes are a single unconditional
    /// one (most Latin letters, which also start longer graphemes): used when no longer
    /// grapheme's second letter follows.
    simple_single: Vec<Option<([u8; MAX_OUT], u8)>>,
    /// Lines that could not be parsed (checked by a unit test; skipped at run time).
    pub(crate) bad_lines: usize,
}

impl Table {
    fn parse(sources: &[&'static str]) -> Table {
        let mut t =
            Table { dense: vec![0; DENSE_LIMIT], sparse: HashMap::new(), lists: Vec::new(), simple: Vec::new(), simple_single: Vec::new(), bad_lines: 0 };
        for src in sources {
            for line in src.lines() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                match parse_line(line) {
                    Some((first, entry)) => t.push(first, entry),
                    None => t.bad_lines += 1,
                }
            }
        }
        // Longest grapheme first; equal lengths keep file order (stable sort).
        for list in &mut t.lists {
            for (_, g) in &mut list.groups {
                g.sort_by_key(|e| std::cmp::Reverse(e.rest_len));
            }
        }
        t.simple = t
            .lists
            .iter()
            .map(|l| match (l.groups.is_empty(), l.singles.as_slice()) {
                (true, [e]) if e.modes == MODE_ALL && e.ctx == Ctx::Any => Some((e.out, e.out_len)),
                _ => None,
            })
            .collect();
        t.simple_single = t
            .lists
            .iter()
            .map(|l| match l.singles.as_slice() {
                [e] if e.modes == MODE_ALL && e.ctx == Ctx::Any => Some((e.out, e.out_len)),
                _ => None,
            })
            .collect();
        t
    }

    fn push(&mut self, first: char, entry: Entry) {
        let idx = match self.slot(first) {
            Some(i) => i,
            None => {
                self.lists.push(List::default());
                let i = self.lists.len() as u16; // stored +1 so that 0 means "none"
                let cp = first as usize;
                if cp < DENSE_LIMIT {
                    self.dense[cp] = i;
                } else {
                    self.sparse.insert(first, i);
                }
                i
            }
        };
        let list = &mut self.lists[usize::from(idx) - 1];
        if entry.rest_len == 0 {
            list.singles.push(entry);
        } else {
            let second = entry.rest[0];
            list.second_mask |= 1u128 << (second as u32).min(127);
            match list.groups.iter_mut().find(|(c, _)| *c == second) {
                Some((_, g)) => g.push(entry),
                None => list.groups.push((second, vec![entry])),
            }
        }
    }

    #[inline]
    fn slot(&self, c: char) -> Option<u16> {
        let cp = c as usize;
        let v = if cp < DENSE_LIMIT { self.dense[cp] } else { self.sparse.get(&c).copied().unwrap_or(0) };
        (v != 0).then_some(v)
    }

    /// Whether some grapheme starts with `c`.
    pub(crate) fn knows(&self, c: char) -> bool {
        self.slot(c).is_some()
    }

    /// Transliterates one lower-cased token (`tok`, no separators) into `out`.
    pub(crate) fn transliterate(&self, tok: &[char], mode: u16, out: &mut Vec<u8>) {
        let mut i = 0;
        while i < tok.len() {
            let Some(slot) = self.slot(tok[i]) else {
                i += 1; // unknown (already deunicoded when possible): dropped
                continue;
            };
            let li = usize::from(slot) - 1;
            if let Some((o, n)) = &self.simple[li] {
                // Byte pushes: a 1–2 byte memcpy call costs more.
                for &b in &o[..usize::from(*n)] {
                    out.push(b);
                }
                i += 1;
                continue;
            }
            let list = &self.lists[li];
            let group = tok.get(i + 1).and_then(|&nc| {
                if list.second_mask & (1u128 << (nc as u32).min(127)) == 0 {
                    return None;
                }
                list.groups.iter().find(|(c, _)| *c == nc).map(|(_, g)| g.as_slice())
            });
            if group.is_none() {
                if let Some((o, n)) = &self.simple_single[li] {
                    for &b in &o[..usize::from(*n)] {
                        out.push(b);
                    }
                    i += 1;
                    continue;
                }
            }
            let mut advanced = false;
            for e in group.unwrap_or(&[]).iter().chain(&list.singles) {
                let len = 1 + usize::from(e.rest_len);
                if i + len > tok.len() || e.modes & mode == 0 {
                    continue;
                }
                // Element-wise: graphemes are 1–7 chars, a memcmp call costs more.
                let rest_ok = e.rest().iter().zip(&tok[i + 1..]).all(|(a, b)| a == b);
                if !rest_ok || !context_ok(e.ctx, tok, i, len) {
                    continue;
                }
                for &b in &e.out[..usize::from(e.out_len)] {
                    out.push(b);
                }
                i += len;
                advanced = true;
                break;
            }
            if !advanced {
                i += 1;
            }
        }
    }
}

fn parse_line(line: &'static str) -> Option<(char, Entry)> {
    let mut f = line.split('\t');
    let graph = f.next()?;
    let out = f.next()?;
    let modes = f.next()?;
    let ctx = f.next()?;
    let mut chars = graph.chars();
    let first = chars.next()?;
    let mut rest = ['\0'; MAX_REST];
    let mut rest_len = 0u8;
    for c in chars {
        *rest.get_mut(usize::from(rest_len))? = c;
        rest_len += 1;
    }
    let out_text = if out == "-" { "" } else { out };
    if !out_text.bytes().all(|b| b.is_ascii_lowercase()) || out_text.len() > MAX_OUT {
        return None;
    }
    let mut out = [0u8; MAX_OUT];
    out[..out_text.len()].copy_from_slice(out_text.as_bytes());
    let out_len = out_text.len() as u8;
    let modes = if modes == "*" {
        MODE_ALL
    } else {
        let mut m = 0;
        for c in modes.chars() {
            m |= match c {
                'D' => MODE_D,
                'F' => MODE_F,
                'C' => MODE_C,
                'A' => MODE_A,
                'R' => MODE_R,
                'G' => MODE_G,
                'S' => MODE_S,
                'K' => MODE_K,
                'Z' => MODE_Z,
                'Y' => MODE_Y,
                'P' => MODE_P,
                'T' => MODE_T,
                'U' => MODE_U,
                'N' => MODE_N,
                _ => return None,
            };
        }
        m
    };
    let ctx = match ctx {
        "-" => Ctx::Any,
        "^" => Ctx::Start,
        "$" => Ctx::End,
        "_V" => Ctx::BeforeVowel,
        "^_V" => Ctx::StartBeforeVowel,
        "V_" => Ctx::AfterVowel,
        "V_V" => Ctx::BetweenVowels,
        "_EI" => Ctx::BeforeEI,
        "C_$" => Ctx::AfterConsonantAtEnd,
        "V*_" => Ctx::AfterAnyVowel,
        "_D" => Ctx::BeforeVowelOrVoiced,
        _ => return None,
    };
    Some((first, Entry { rest, rest_len, out, out_len, modes, ctx }))
}

#[inline]
fn context_ok(ctx: Ctx, tok: &[char], i: usize, len: usize) -> bool {
    let next = tok.get(i + len).copied();
    let prev = if i > 0 { Some(tok[i - 1]) } else { None };
    match ctx {
        Ctx::Any => true,
        Ctx::Start => i == 0,
        Ctx::End => next.is_none(),
        Ctx::BeforeVowel => next.is_some_and(is_latin_vowel),
        Ctx::StartBeforeVowel => i == 0 && next.is_some_and(is_latin_vowel),
        // Looks back across apostrophes: Kazakh 2017 Da'y'ren (a' then y').
        Ctx::AfterVowel => tok[..i].iter().rev().find(|&&c| c != '\'').is_some_and(|&c| is_latin_vowel(c)),
        Ctx::BetweenVowels => prev.is_some_and(is_latin_vowel) && next.is_some_and(is_latin_vowel),
        Ctx::BeforeEI => next.is_some_and(|c| matches!(c, 'e' | 'i' | 'y' | 'é' | 'è' | 'ê' | 'ë' | 'ı' | 'í' | 'ì' | 'î' | 'ï' | 'ə')),
        Ctx::AfterConsonantAtEnd => next.is_none() && prev.is_some_and(|p| p.is_alphabetic() && !is_latin_vowel(p)),
        Ctx::AfterAnyVowel => tok[..i].iter().any(|&c| is_latin_vowel(c)),
        Ctx::BeforeVowelOrVoiced => {
            next.is_some_and(|c| is_latin_vowel(c) || matches!(c, 'b' | 'd' | 'g' | 'j' | 'l' | 'm' | 'n' | 'r' | 'v' | 'w' | 'z' | 'ž'))
        }
    }
}

/// Latin vowel letters, with the diacritic forms used by the romanizations in the table.
#[inline]
pub(crate) fn is_latin_vowel(c: char) -> bool {
    // ASCII (nearly every letter tested): one bit test for a e i o u y.
    const ASCII_VOWELS: u128 = (1 << b'a') | (1 << b'e') | (1 << b'i') | (1 << b'o') | (1 << b'u') | (1 << b'y');
    if c.is_ascii() {
        return ASCII_VOWELS & (1u128 << (c as u32)) != 0;
    }
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
            | 'à'
            | 'á'
            | 'â'
            | 'ã'
            | 'ä'
            | 'å'
            | 'ā'
            | 'ă'
            | 'ə'
            | 'è'
            | 'é'
            | 'ê'
            | 'ë'
            | 'ē'
            | 'ė'
            | 'ì'
            | 'í'
            | 'î'
            | 'ï'
            | 'ī'
            | 'ı'
            | 'ò'
            | 'ó'
            | 'ô'
            | 'õ'
            | 'ö'
            | 'ō'
            | 'ù'
            | 'ú'
            | 'û'
            | 'ü'
            | 'ū'
            | 'ŭ'
            | 'ý'
    )
}

/// The merged grapheme table, parsed on first use.
pub(crate) fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table::parse(&[LATIN_TSV, CYRILLIC_TSV, ARMENIAN_TSV]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::translit::detect_mode;

    fn tr(s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        let mode = detect_mode(&chars);
        let mut out = Vec::new();
        table().transliterate(&chars, mode, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn tables_parse_without_errors() {
        assert_eq!(table().bad_lines, 0);
        assert!(table().knows('щ'));
        assert!(table().knows('ա'));
        assert!(table().knows('ş'));
    }

    #[test]
    fn longest_grapheme_wins() {
        assert_eq!(tr("shcheglova"), "xeglova");
        assert_eq!(tr("schtscheglowa"), "xeglova");
        assert_eq!(tr("chtcheglova"), "xeglova");
    }

    #[test]
    fn turkic_j_and_tsh() {
        // j after a consonant is ж in the default reading (Kenjebek, Oljas, Inju).
        assert_eq!(tr("kenjebek"), "kenjebek");
        assert_eq!(tr("oljas"), "oljas");
        assert_eq!(tr("baqitjanovich"), "bakitjanoviq");
        // ICAO тш: ц + х would be tskh.
        assert_eq!(tr("akhmetshin"), "agmetxin");
        assert_eq!(tr("tsoi"), "coi");
    }

    #[test]
    fn context_rules_apply() {
        assert_eq!(tr("alexander"), "aleksander");
        assert_eq!(tr("xabibullin"), "gabibullin");
        assert_eq!(tr("khabibouline"), "gabibulin");
        assert_eq!(tr("yuliya"), "yuliya");
    }
}
