//! The second reading of a field worth keeping, if any: the other romanization an
//! ambiguous Latin field may have been written in (German, French, Polish, Azerbaijani
//! as spelled in Russian, Ukrainian passports, Romanian without diacritics ...), and
//! the Latin reading of the non-Latin letters the Russian spelling writes otherwise.

use super::table::is_latin_vowel;
use super::{MODE_A, MODE_C, MODE_D, MODE_F, MODE_G, MODE_N, MODE_P, MODE_R, MODE_S, MODE_T, MODE_U, MODE_W, MODE_Y, MODE_Z};

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

    #[test]
    fn second_readings_of_french_and_gost_b_fields() {
        let alt = |mode: u16, s: &str| alternative_mode(mode, &s.chars().collect::<Vec<_>>());
        assert_eq!(alt(MODE_F, "belousov"), Some(MODE_D));
        assert_eq!(alt(MODE_F, "sergueevitch"), None);
        assert_eq!(alt(MODE_C | MODE_S, "rajchan"), Some(MODE_C | MODE_G | MODE_Z));
        assert_eq!(alt(MODE_C | MODE_S, "evgenij"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        #[test]
        fn shortcuts_answer_as_the_full_rules(raw in "[a-z' ]{0,14}|[aceghijnostuvwxz ]{0,14}|[a-zəüöçşčłž' ]{0,10}") {
            let chars: Vec<char> = raw.chars().collect();
            if no_second_reading(&chars) {
                proptest::prop_assert_eq!(alternative_mode_full(MODE_D, &chars), None);
            }
        }
    }
}
