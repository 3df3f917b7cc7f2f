//! Grapheme tables (the `src/data/translit_*.tsv` files) and the greedy, longest-match
//! transliteration of one lower-cased token into the intermediate skeleton alphabet.
//!
//! The tables are parsed once (`OnceLock`) into a dense per-character index for the
//! Latin, IPA, Cyrillic and Armenian blocks and a small map for anything above.

use std::collections::HashMap;
use std::sync::OnceLock;

const LATIN_TSV: &str = include_str!("../data/translit_latin.tsv");
const CYRILLIC_TSV: &str = include_str!("../data/translit_cyrillic.tsv");
const ARMENIAN_TSV: &str = include_str!("../data/translit_armenian.tsv");

/// Reading mode of a Latin field: which family of romanizations it was written in.
pub(crate) const MODE_D: u16 = 1;
/// French-based (Soviet passports): ou, tch, chtch, ch = ш.
pub(crate) const MODE_F: u16 = 2;
/// Central-European / scientific: j = й, w = в, ch = х, c = ц.
pub(crate) const MODE_C: u16 = 4;
/// Turkic Latin (az, uz, kk 2017–2021): c = дж, x = х.
pub(crate) const MODE_A: u16 = 8;
/// Romanian / Moldovan: ce/ci = ч, ch = к.
pub(crate) const MODE_R: u16 = 16;
/// German (Duden): z = ц, x = кс; always set together with `MODE_C`.
pub(crate) const MODE_G: u16 = 32;
/// GOST 7.79 / ISO 9 / scientific (diacritics, y` for ы, cz for ц); set with `MODE_C`.
pub(crate) const MODE_S: u16 = 64;
/// Kazakh 2018 acute alphabet (á ǵ ń ó ú ý): ý = у; set with `MODE_A`.
pub(crate) const MODE_K: u16 = 128;
/// German s = з (Morosow, Sinaida): only ever used for the alternative reading, since
/// German also writes с as s (Sergej).
pub(crate) const MODE_Z: u16 = 256;
/// Azerbaijani names as spelled in Russian (Günel = Гюнель, Vüqar = Вугар): alternative
/// reading only, since Kazakh Latin writes ү as ü and қ as q.
pub(crate) const MODE_Y: u16 = 512;
const MODE_ALL: u16 = 1023;

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
    /// Lines that could not be parsed (checked by a unit test; skipped at run time).
    pub(crate) bad_lines: usize,
}

impl Table {
    fn parse(sources: &[&'static str]) -> Table {
        let mut t = Table { dense: vec![0; DENSE_LIMIT], sparse: HashMap::new(), lists: Vec::new(), simple: Vec::new(), bad_lines: 0 };
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
    }
}

/// Latin vowel letters, with the diacritic forms used by the romanizations in the table.
pub(crate) fn is_latin_vowel(c: char) -> bool {
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

/// Chooses the reading mode of a Latin field from marker letters and letter groups.
/// `chars` is the lower-cased field, tokens separated by `' '`. Priority when several
/// families show up: Romanian, Turkic, Central-European (German, Polish, scientific),
/// French, default.
pub(crate) fn detect_mode(chars: &[char]) -> u16 {
    // Most fields are plain ASCII without any marker letter: answer at once.
    let plain = chars.iter().all(|&c| c.is_ascii() && !matches!(c, '\'' | 'w' | 'q' | 'j' | 'z' | 'h' | 'u'));
    if plain {
        return MODE_D;
    }
    let (mut r, mut a, mut cedilla_s, mut f) = (false, false, false, false);
    let (mut sci, mut pol, mut ger, mut kk2018) = (false, false, false, false);
    // j patterns hint at scientific spelling but Polish and German use j the same way.
    let mut sci_weak = false;
    let mut w = false;
    let mut gost_cz = false;
    let at = |i: usize| chars.get(i).copied().unwrap_or(' ');
    let cons = |c: char| c.is_alphabetic() && !is_latin_vowel(c);
    for (i, &ch) in chars.iter().enumerate() {
        let prev = if i > 0 { at(i - 1) } else { ' ' };
        let next = at(i + 1);
        match ch {
            'ă' | 'ș' | 'ț' | 'ţ' | 'î' => r = true,
            'ə' | 'ı' | 'ğ' | 'ç' | 'q' | 'ñ' | 'ä' | 'ū' => a = true,
            'ş' => cedilla_s = true,
            'č' | 'š' | 'ž' | 'ŝ' | 'ĉ' | 'û' | 'â' | 'ě' | 'ŭ' => sci = true,
            'ł' | 'ż' | 'ś' | 'ć' | 'ź' => pol = true,
            'w' => w = true, // plain C: German without sch cannot be told from Polish
            'á' | 'ǵ' | 'ń' | 'ó' | 'ú' => kk2018 = true,
            // Uzbek oʻ gʻ, Kazakh 2017 a' u' i'; GOST 7.79 B y` (ы).
            '\'' if matches!(prev, 'o' | 'g' | 'a' | 'u' | 'i') && i > 0 => a = true,
            // y` after a consonant; after a vowel it is Kazakh 2017 у (Bay'yrjan).
            '\'' if prev == 'y' && i > 1 && cons(at(i - 2)) => sci = true,
            's' if next == 'c' && at(i + 2) == 'h' => ger = true,
            'c' if next == 'z' && prev == 's' => pol = true,
            's' if next == 'z' => pol = true,
            // Polish cz; GOST 7.79 B writes ц as cz only before a, o, u and consonants.
            'c' if next == 'z' && prev != 's' => {
                if matches!(at(i + 2), 'e' | 'i' | 'y') {
                    pol = true;
                } else {
                    gost_cz = true;
                }
            }
            // French ou, but not Belarusian -ou (ў) at the word end (Kavaliou).
            // Nor Belarusian -оўск- (Tsikhanouskaia).
            'o' if next == 'u' && at(i + 2) != ' ' && !(at(i + 2) == 's' && at(i + 3) == 'k') => f = true,
            't' if next == 'c' && at(i + 2) == 'h' => f = true,
            'g' if next == 'u' && matches!(at(i + 2), 'e' | 'i') => f = true,
            'j' => {
                // Evgenij, Sergej, Nikolaj, Coj: vowel + j at word end;
                // Mihajlov, Gajnutdinov: vowel + j + consonant.
                if is_latin_vowel(prev) && (next == ' ' || cons(next)) {
                    sci_weak = true;
                }
                // Julija, Marija, Tanja, Olja: -ija / consonant + ja at word end.
                if next == 'a' && at(i + 2) == ' ' && (matches!(prev, 'i' | 'y') || cons(prev)) {
                    sci_weak = true;
                }
            }
            _ => {}
        }
    }
    if gost_cz && !pol && !w {
        sci = true;
    }
    if sci_weak && !pol && !ger && !w {
        sci = true;
    }
    if r || (cedilla_s && !a && !kk2018) {
        MODE_R
    } else if kk2018 {
        MODE_A | MODE_K
    } else if a || cedilla_s {
        MODE_A
    } else if sci {
        MODE_C | MODE_S
    } else if ger && !pol {
        MODE_C | MODE_G
    } else if pol || ger || w {
        MODE_C
    } else if f {
        MODE_F
    } else {
        MODE_D
    }
}

/// The second reading worth keeping for a field read in `mode`, if any:
/// - Latin default-mode fields with j, z, x or ch inside a word: a German transcription
///   (j = й, ch = х, z = ц: Juri, Michail, Zoi);
/// - other default-mode and Turkic fields with c, ü, ö or q: Azerbaijani as spelled in
///   Russian (c = дж, gü = гю, q = г: Cavid, Günel, Vüqar);
/// - Central-European fields (w, sch: -ow, -itsch), German or Polish: German with s = з and
///   sch = ж as well (Morosow, Schanna);
/// - Armenian fields starting with հ: the Latin reading keeps that h (Hakobyan), while the
///   primary follows the Russian spelling (Акопян).
///
/// `None` when the field has none of the letters these rules read differently (most
/// names), so the second pass is rarely paid for.
pub(crate) fn alternative_mode(mode: u16, chars: &[char]) -> Option<u16> {
    let central = mode == MODE_C || mode == MODE_C | MODE_G;
    let turkic = mode == MODE_A;
    if mode != MODE_D && !central && !turkic {
        return None;
    }
    let at = |i: usize| chars.get(i).copied().unwrap_or(' ');
    let (mut german, mut azeri) = (false, false);
    for (i, &c) in chars.iter().enumerate() {
        match c {
            'j' | 'z' | 'x' => german = true,
            // ch inside a word; the patronymic ending -ich reads the same way in any scheme
            // that would not already have marked the field (German writes -itsch).
            'c' if at(i + 1) == 'h' => german |= at(i + 2) != ' ',
            'c' if at(i + 1) != 'k' => azeri = true,
            'ü' | 'ö' | 'q' => azeri = true,
            '\'' if i > 0 && at(i - 1) == 'o' => azeri = true,
            's' if central => {
                let before = if i == 0 { ' ' } else { at(i - 1) };
                german |= is_latin_vowel(at(i + 1)) && (before == ' ' || is_latin_vowel(before));
            }
            _ => {}
        }
    }
    if turkic {
        azeri.then_some(MODE_A | MODE_Y)
    } else if central && german {
        Some(MODE_C | MODE_G | MODE_Z)
    } else if german {
        Some(MODE_C | MODE_G)
    } else if azeri && !central {
        Some(MODE_A | MODE_Y)
    } else {
        None
    }
}

/// The alternative reading of a non-Latin field: Armenian words starting with հ, Kazakh and
/// Kyrgyz ң (ng), Uzbek ў (o).
pub(crate) fn alternative_mode_non_latin(chars: &[char]) -> Option<u16> {
    let starts_with_h = chars.first() == Some(&'հ') || chars.windows(2).any(|w| w == [' ', 'հ']);
    let latin_letter_differs = chars.iter().any(|&c| matches!(c, 'ң' | 'ў'));
    (starts_with_h || latin_letter_differs).then_some(MODE_Z)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn modes_are_detected_from_markers() {
        let m = |s: &str| detect_mode(&s.chars().collect::<Vec<_>>());
        assert_eq!(m("noursoultan"), MODE_F);
        assert_eq!(m("jewgeni"), MODE_C);
        assert_eq!(m("evgenij"), MODE_C | MODE_S);
        assert_eq!(m("julija"), MODE_C | MODE_S);
        assert_eq!(m("aijan"), MODE_D);
        assert_eq!(m("ştefan"), MODE_R);
        assert_eq!(m("şahin məmmədov"), MODE_A);
        assert_eq!(m("ștefan"), MODE_R);
        assert_eq!(m("kusnezow"), MODE_C);
        assert_eq!(m("tschernyschow"), MODE_C | MODE_G);
        assert_eq!(m("szczerbakow"), MODE_C);
        assert_eq!(m("kavaliou"), MODE_D);
        assert_eq!(m("o'tkir"), MODE_A);
        assert_eq!(m("zhanar"), MODE_D);
    }

    #[test]
    fn context_rules_apply() {
        assert_eq!(tr("alexander"), "aleksander");
        assert_eq!(tr("xabibullin"), "gabibullin");
        assert_eq!(tr("khabibouline"), "gabibulin");
        assert_eq!(tr("yuliya"), "yuliya");
    }
}
