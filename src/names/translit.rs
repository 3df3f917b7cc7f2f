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
/// Polish (PWN): l before a, o, u is soft (hard л is ł: Ludmiła, Kowalow); set with `MODE_C`.
pub(crate) const MODE_P: u16 = 1024;
/// c = ц everywhere (Telegram Coi, Belarusian 2007 without diacritics Kaciaryna):
/// alternative reading only, on its own (the default table's ce/ci = ч do not apply).
pub(crate) const MODE_T: u16 = 2048;
/// Ukrainian passports of 1995–2007 (з+г written zh: Zhurskyi = Згурський): alternative
/// reading only, with `MODE_D`.
pub(crate) const MODE_U: u16 = 4096;
/// Romanian written without diacritics (Turcanu = Țurcanu): alternative reading only,
/// with `MODE_R`.
pub(crate) const MODE_N: u16 = 8192;
/// Marks a field with č š ž ŝ ŭ (GOST 7.79 A, ISO 9, scientific, Belarusian 2007), read
/// in `MODE_C` without `MODE_S`: ch there is х (Cichanoŭskaja). No table line names it.
pub(crate) const MODE_X: u16 = 16384;
/// Marks a Polish field without ł (Szczeglowa, Bielajew): its l may be a ł written
/// without the stroke, so the soft-l reading (`MODE_P`) is only the alternative one. Set
/// with `MODE_C`; no table line names it.
pub(crate) const MODE_W: u16 = 32768;
const MODE_ALL: u16 = u16::MAX;

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

/// Chooses the reading mode of a Latin field from marker letters and letter groups.
/// `chars` is the lower-cased field, tokens separated by `' '`. Priority when several
/// families show up: Romanian, Turkic, Central-European (scientific, German, Polish),
/// French, default.
pub(crate) fn detect_mode(chars: &[char]) -> u16 {
    if plain(chars) {
        return MODE_D;
    }
    detect_mode_full(chars)
}

/// Whether the field is plain a-z without any marker letter or group, so that
/// [`detect_mode_full`] can only answer `MODE_D`: every rule there needs one of w q j z,
/// an apostrophe, a letter outside a-z, or the letters of ou, gu, tch, sch (checked by a
/// unit test).
fn plain(chars: &[char]) -> bool {
    let mut present = 0u32; // bit k: the letter b'a' + k
    let mut other = false;
    for &c in chars {
        let k = (c as u32).wrapping_sub(u32::from(b'a'));
        if k < 26 {
            present |= 1 << k;
        } else {
            other |= c != ' ';
        }
    }
    let has = |c: u8| present & (1 << (c - b'a')) != 0;
    let markers = has(b'w') || has(b'q') || has(b'j') || has(b'z');
    let groups = (has(b'u') && (has(b'o') || has(b'g'))) || (has(b'c') && has(b'h') && (has(b't') || has(b's')));
    !other && !markers && !groups
}

/// [`detect_mode`] without the shortcut for plain fields.
fn detect_mode_full(chars: &[char]) -> u16 {
    let (mut r, mut a, mut cedilla_s, mut f) = (false, false, false, false);
    let (mut sci, mut pol, mut ger, mut kk2018) = (false, false, false, false);
    // č š ž ŝ ŭ: GOST 7.79 A, ISO 9, scientific, Belarusian 2007 (ch there is х).
    let mut sci_diacritic = false;
    // j patterns hint at scientific spelling but Polish and German use j the same way:
    // й (vowel + j), which GOST 7.79 B writes too, and я (-ija, consonant + ja), which it
    // writes ya.
    let (mut sci_weak, mut sci_weak_ja) = (false, false);
    let mut w = false;
    let mut gost_cz = false;
    // kh, zh, sh (not sch): written by ICAO, BGN and MVD (GOST 7.79 B too, but for kh),
    // never by the Central-European, scientific or Kazakh 2017 schemes.
    let (mut english, mut kh) = (false, false);
    // y` after a vowel: Kazakh 2017 у, or GOST 7.79 B ы after a vowel (Bauy`rzhan).
    let mut y_mark_after_vowel = false;
    // ie after a consonant: Polish (and Belarusian 2007) е.
    let mut ie = false;
    // ł: the field tells hard from soft l.
    let mut l_stroke = false;
    // sh, zh (French writes ш ch, ж j) or a Belarusian -ў at a word end (French writes в v):
    // the field is not French, whatever its ou (Roushanavich, Soloueu).
    let (mut sh_zh, mut be_final_u) = (false, false);
    // A word ending in ch: Romanian writes ч ci/ce and -ич -ici, so a field with ş is then
    // Kazakh 2021 Latin (ABIŞEVICH), not Romanian with cedilla.
    let mut final_ch = false;
    let at = |i: usize| chars.get(i).copied().unwrap_or(' ');
    let cons = |c: char| c.is_alphabetic() && !is_latin_vowel(c);
    for (i, &ch) in chars.iter().enumerate() {
        let prev = if i > 0 { at(i - 1) } else { ' ' };
        let next = at(i + 1);
        match ch {
            'ă' | 'ș' | 'ț' | 'ţ' | 'î' => r = true,
            'ə' | 'ı' | 'ğ' | 'ç' | 'q' | 'ñ' | 'ä' | 'ū' => a = true,
            'ş' => cedilla_s = true,
            'č' | 'š' | 'ž' | 'ŝ' | 'ĉ' | 'û' | 'â' | 'ě' | 'ŭ' => sci_diacritic = true,
            'ł' => {
                pol = true;
                l_stroke = true;
            }
            'ż' | 'ś' | 'ć' | 'ź' => pol = true,
            'w' => w = true, // plain C: German without sch cannot be told from Polish
            'á' | 'ǵ' | 'ń' | 'ó' | 'ú' => kk2018 = true,
            // Uzbek oʻ gʻ, Kazakh 2017 a' u' i'; GOST 7.79 B y` (ы).
            '\'' if matches!(prev, 'o' | 'g' | 'a' | 'u' | 'i') && i > 0 => a = true,
            // y` after a consonant; after a vowel it is Kazakh 2017 у (Bay'yrjan).
            '\'' if prev == 'y' && i > 1 && cons(at(i - 2)) => sci = true,
            '\'' if prev == 'y' && i > 1 && is_latin_vowel(at(i - 2)) => y_mark_after_vowel = true,
            'h' if matches!(prev, 'k' | 'z') || (prev == 's' && (i < 2 || at(i - 2) != 'c')) => {
                english = true;
                kh |= prev == 'k';
                sh_zh |= prev != 'k';
            }
            // Belarusian -аў, -еў at the word end (Soloueu, Paulau); French writes -ау -еу aou eou.
            'u' if next == ' ' && matches!(prev, 'a' | 'e') => be_final_u = true,
            'c' if next == 'h' && at(i + 2) == ' ' => final_ch = true,
            'e' if prev == 'i' && i > 1 && cons(at(i - 2)) => ie = true,
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
                    sci_weak_ja = true;
                }
            }
            _ => {}
        }
    }
    if gost_cz && !pol && !w {
        sci = true;
    }
    // GOST 7.79 B y` after a vowel in a field with zh/sh/kh, which Kazakh 2017 does not write.
    if y_mark_after_vowel && english {
        sci = true;
    }
    // ie after a consonant with w or j: Polish (German writes е there as e, the scientific
    // and GOST schemes too).
    if ie && (w || sci_weak || sci_weak_ja) && !ger {
        pol = true;
    }
    // Khadija: j with kh (zh, sh for -ja) is the ж of ICAO/BGN, not the й of Central Europe.
    if ((sci_weak && !kh) || (sci_weak_ja && !english)) && !pol && !ger && !w {
        sci = true;
    }
    let f = f && !sh_zh && !be_final_u;
    if r || (cedilla_s && !a && !kk2018 && !final_ch) {
        MODE_R
    } else if kk2018 {
        MODE_A | MODE_K
    } else if a || cedilla_s {
        MODE_A
    } else if sci || (sci_diacritic && english) {
        MODE_C | MODE_S
    } else if sci_diacritic {
        MODE_C | MODE_X
    } else if ger && !pol {
        MODE_C | MODE_G
    } else if pol && !ger {
        MODE_C | if l_stroke { MODE_P } else { MODE_W }
    } else if pol || ger || w {
        MODE_C
    } else if f {
        MODE_F
    } else {
        MODE_D
    }
}

/// The second reading worth keeping for a field read in `mode`, if any. Default-mode
/// fields, in this order:
/// - x between vowels: GOST 7.79 B / scientific x = х (Mixail; the primary reads кс);
/// - zh: the Ukrainian passports of 1995–2007, where з+г is zh (Zhurskyi = Згурський);
/// - ch inside a word in a field German cannot have written (v, kh, ts) and French can,
///   or a word ending in consonant + ine: French ch = ш and -ine = -ин (Erchov, Iline);
/// - j, z, x or ch inside a word: a German transcription (j = й, ch = х, z = ц: Juri,
///   Michail, Zoi); without those, s before a vowel or voiced consonant in a field with
///   nothing foreign to German: s = з (Sinaida);
/// - c, ü, ö or q: Azerbaijani as spelled in Russian (c = дж, gü = гю, q = г: Cavid,
///   Günel, Vüqar), or, for c in a field Azerbaijani cannot have written (ia, iu, y for ы,
///   i for й, w, cc, kh, sh, zh, ts), c = ц (Telegram Coi, Belarusian 2007 Kaciaryna).
///
/// Other modes: Polish fields without ł but with l before a, o, u get the soft-l reading
/// (Bielajew = Беляев); Central-European fields (w, sch, Polish letters) get German with
/// s = з and sch = ж (Morosow, Schanna), or, when they show no German cue but l before a,
/// o, u, Polish (Kowalow = Ковалёв); GOST 7.79 B fields with x or ch inside a word get
/// German x = кс, ch = х (Xenija, Rajchan); French fields with ou get the default reading
/// (Belousov = Белоусов, where ou is о + у); Turkic fields get Azerbaijani as spelled in Russian (q = г, -əd after the first
/// syllable = -ед: Məmmədov = Мамедов); Romanian fields with ș ț â get the reading without
/// diacritics (Turcanu).
///
/// `None` when the field has none of the letters these rules read differently (most
/// names), so the second pass is rarely paid for.
pub(crate) fn alternative_mode(mode: u16, chars: &[char]) -> Option<u16> {
    if mode == MODE_R {
        // Word-initial șt, șp read st, sp either way (Ștefan = Штефан = Stefan).
        let differs = |i: usize, c: char| match c {
            'ș' | 'ş' => !((i == 0 || chars[i - 1] == ' ') && matches!(chars.get(i + 1), Some('t' | 'p'))),
            'ț' | 'ţ' | 'â' => true,
            _ => false,
        };
        return chars.iter().enumerate().any(|(i, &c)| differs(i, c)).then_some(MODE_R | MODE_N);
    }
    if mode == MODE_D && no_second_reading(chars) {
        return None;
    }
    alternative_mode_full(mode, chars)
}

/// Whether a default-mode field has no letter [`alternative_mode_full`] reads, so that it
/// can only answer `None` (checked by a unit test).
fn no_second_reading(chars: &[char]) -> bool {
    // Most default fields have no such letter: one cheap pass decides it.
    // s counts only without v (a v makes the German s = з reading moot), c not in a
    // word-final ch (-ovich), n only in a word-final ine.
    let mut present = 0u32; // bit k: the letter b'a' + k
    let (mut other, mut c_cue, mut ine) = (false, false, false);
    for (i, &c) in chars.iter().enumerate() {
        let k = (c as u32).wrapping_sub(u32::from(b'a'));
        if k >= 26 {
            other |= c != ' ';
            continue;
        }
        present |= 1 << k;
        let next = |d: usize| chars.get(i + d).copied().unwrap_or(' ');
        match c {
            'c' => c_cue |= !(next(1) == 'h' && next(2) == ' '),
            'e' => ine |= i >= 3 && next(1) == ' ' && chars[i - 1] == 'n' && chars[i - 2] == 'i',
            _ => {}
        }
    }
    let has = |c: u8| present & (1 << (c - b'a')) != 0;
    let s_cue = has(b's') && !has(b'v');
    // other: an apostrophe or a letter outside a-z (ü, ö, ...).
    !other && !s_cue && !ine && !c_cue && !has(b'x') && !has(b'z') && !has(b'j') && !has(b'q')
}

/// [`alternative_mode`] without the shortcut for plain default fields.
fn alternative_mode_full(mode: u16, chars: &[char]) -> Option<u16> {
    let central = mode == MODE_C || mode == MODE_C | MODE_G || mode == MODE_C | MODE_P || mode == MODE_C | MODE_W;
    let turkic = mode == MODE_A;
    let gost_b = mode == MODE_C | MODE_S;
    if mode == MODE_F {
        // ou is French у but also English о + у (Belousov, Белоусов): the default reading.
        return chars.windows(2).any(|w| w == ['o', 'u']).then_some(MODE_D);
    }
    if mode != MODE_D && !central && !turkic && !gost_b {
        return None;
    }
    let at = |i: usize| chars.get(i).copied().unwrap_or(' ');
    let vowel = |c: char| c != 'y' && is_latin_vowel(c);
    let (mut german, mut azeri, mut c_letter) = (false, false, false);
    let (mut x_between_vowels, mut x_other, mut zh, mut ch) = (false, false, false, false);
    // Letters and groups German (Duden) never writes: v (в is w), kh, sh, zh, ts (ц is z),
    // ks (кс is x), y as a glide (й is j).
    let mut not_german = false;
    // Letters and groups French (MVD 310 fr) never writes: sh, zh (ш is ch, ж is j), w,
    // y as a glide (й is i).
    let mut not_french = false;
    // Letters and groups Azerbaijani never writes: w, cc, kh, sh, zh, ch, ts, y for ы,
    // i for й (vowel + i before a consonant), ia/iu/io for я ю ё.
    let mut not_azeri = false;
    // schwa_later: -əd after the first syllable (Məmmədov).
    let (mut s_voiced, mut soft_l, mut french_ending, mut schwa_later) = (false, false, false, false);
    let mut word_has_vowel = false;
    // Neighbours carried along (a space stands for a word boundary).
    let (mut prev2, mut prev) = (' ', ' ');
    let n = chars.len();
    for i in 0..n {
        let c = chars[i];
        let next = if i + 1 < n { chars[i + 1] } else { ' ' };
        match c {
            ' ' => word_has_vowel = false,
            'j' | 'z' => german = true,
            'x' if is_latin_vowel(prev) && is_latin_vowel(next) => x_between_vowels = true,
            'x' => x_other = true,
            // ch inside a word; the patronymic ending -ich reads the same way in any scheme
            // that would not already have marked the field (German writes -itsch).
            'c' if next == 'h' => {
                if at(i + 2) != ' ' {
                    ch = true;
                }
                not_azeri = true;
            }
            'c' if next == 'c' => not_azeri = true,
            'c' if next != 'k' => c_letter = true,
            'ü' | 'ö' | 'q' => azeri = true,
            '\'' if prev == 'o' => azeri = true,
            'v' => not_german = true,
            'w' => {
                not_french = true;
                not_azeri = true;
            }
            'h' if matches!(prev, 'k' | 's' | 'z') && !(prev == 's' && prev2 == 'c') => {
                not_german = true;
                not_azeri = true;
                if prev != 'k' {
                    not_french = true;
                }
                if prev == 'z' && !matches!(prev2, 'd' | 't' | 'r' | 's') {
                    zh = true;
                }
            }
            's' if prev == 't' || prev == 'k' => {
                not_german = true;
                not_azeri |= prev == 't';
            }
            's' => s_voiced |= next != 's' && prev != 's' && (is_latin_vowel(next) || matches!(next, 'b' | 'd' | 'g' | 'l' | 'm' | 'n' | 'r' | 'v')),
            'y' if vowel(prev) || vowel(next) => {
                not_german = true;
                not_french = true;
            }
            'y' if prev != ' ' => not_azeri = true,
            'i' if vowel(prev) && !vowel(next) => not_azeri = true,
            'i' if matches!(next, 'a' | 'u' | 'o') && prev != ' ' => not_azeri = true,
            'l' if matches!(next, 'a' | 'o' | 'u') => soft_l = true,
            'n' if next == 'e' && prev == 'i' && at(i + 2) == ' ' && prev2 != ' ' && !is_latin_vowel(prev2) => french_ending = true,
            'ə' if word_has_vowel && next == 'd' => schwa_later = true,
            _ => {}
        }
        word_has_vowel |= is_latin_vowel(c);
        prev2 = prev;
        prev = c;
    }
    if turkic {
        return (azeri || c_letter || schwa_later).then_some(MODE_A | MODE_Y);
    }
    if gost_b {
        // x, or ch inside a word: German/scientific ch = х (Rajchan = Райхан), which GOST
        // 7.79 B writes as x.
        return (x_between_vowels || x_other || ch).then_some(MODE_C | MODE_G | MODE_Z);
    }
    if central {
        let polish = mode == MODE_C | MODE_W;
        return if polish && soft_l {
            Some(MODE_C | MODE_P)
        } else if german || ch || x_other || x_between_vowels || s_voiced {
            Some(MODE_C | MODE_G | MODE_Z)
        } else if mode == MODE_C && soft_l {
            Some(MODE_C | MODE_P)
        } else {
            None
        };
    }
    if x_between_vowels {
        Some(MODE_C | MODE_S)
    } else if zh {
        Some(MODE_D | MODE_U)
    } else if ((ch && not_german) || french_ending) && !not_french {
        Some(MODE_F)
    } else if german || ch || x_other {
        // German s is с or з: without a German marker for the rest of the field, s stays с
        // (Sinizyna = Синицына).
        Some(MODE_C | MODE_G)
    } else if s_voiced && !not_german {
        Some(MODE_C | MODE_G | MODE_Z)
    } else if azeri || (c_letter && !not_azeri) {
        Some(MODE_A | MODE_Y)
    } else if c_letter {
        Some(MODE_T)
    } else {
        None
    }
}

/// The alternative reading of a non-Latin field: the Latin (passport) reading of Armenian
/// letters the Russian spelling writes otherwise (հ, initial ղ, բ գ դ before յ), Kazakh
/// and Kyrgyz ң (ng), Uzbek ў (o), Ukrainian ьо (o, as KMU 2010 romanizes it).
pub(crate) fn alternative_mode_non_latin(chars: &[char]) -> Option<u16> {
    // Russian letters but ь only (most Cyrillic fields): nothing to read otherwise.
    if chars.iter().all(|&c| matches!(c as u32, 0x430..=0x44B | 0x44D..=0x44F | 0x20)) {
        return None;
    }
    let mut prev = ' ';
    for (i, &c) in chars.iter().enumerate() {
        let differs = match c {
            'ң' | 'ў' | 'հ' => true,
            'о' => prev == 'ь',
            'ղ' => prev == ' ',
            'բ' | 'գ' | 'դ' => chars.get(i + 1) == Some(&'յ'),
            _ => false,
        };
        if differs {
            return Some(MODE_Z);
        }
        prev = c;
    }
    None
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
        assert_eq!(m("szczerbakow"), MODE_C | MODE_W);
        assert_eq!(m("ludmiła"), MODE_C | MODE_P);
        assert_eq!(m("chiegaj"), MODE_C | MODE_W);
        assert_eq!(m("cichanoŭskaja"), MODE_C | MODE_X);
        assert_eq!(m("bauy'rzhan"), MODE_C | MODE_S);
        assert_eq!(m("bay'yrjan"), MODE_D);
        assert_eq!(m("khadija"), MODE_D);
        assert_eq!(m("shajxutdinov"), MODE_C | MODE_S);
        assert_eq!(m("kavaliou"), MODE_D);
        assert_eq!(m("o'tkir"), MODE_A);
        assert_eq!(m("zhanar"), MODE_D);
        // sh or a Belarusian -еў/-аў end: not French; French ou at a word end still is.
        assert_eq!(m("roushanavich"), MODE_D);
        assert_eq!(m("soloueu"), MODE_D);
        assert_eq!(m("aisoulou"), MODE_F);
        // Kazakh 2021 ş with a word-final ch: Turkic, not Romanian.
        assert_eq!(m("abişevich"), MODE_A);
        assert_eq!(m("şevciuc"), MODE_R);
    }

    #[test]
    fn second_readings_of_french_and_gost_b_fields() {
        let alt = |mode: u16, s: &str| alternative_mode(mode, &s.chars().collect::<Vec<_>>());
        assert_eq!(alt(MODE_F, "belousov"), Some(MODE_D));
        assert_eq!(alt(MODE_F, "sergueevitch"), None);
        assert_eq!(alt(MODE_C | MODE_S, "rajchan"), Some(MODE_C | MODE_G | MODE_Z));
        assert_eq!(alt(MODE_C | MODE_S, "evgenij"), None);
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        #[test]
        fn shortcuts_answer_as_the_full_rules(raw in "[a-z' ]{0,14}|[aceghijnostuvwxz ]{0,14}|[a-zəüöçşčłž' ]{0,10}") {
            let chars: Vec<char> = raw.chars().collect();
            if plain(&chars) {
                proptest::prop_assert_eq!(detect_mode_full(&chars), MODE_D);
            }
            if no_second_reading(&chars) {
                proptest::prop_assert_eq!(alternative_mode_full(MODE_D, &chars), None);
            }
        }
    }

    #[test]
    fn context_rules_apply() {
        assert_eq!(tr("alexander"), "aleksander");
        assert_eq!(tr("xabibullin"), "gabibullin");
        assert_eq!(tr("khabibouline"), "gabibulin");
        assert_eq!(tr("yuliya"), "yuliya");
    }
}
