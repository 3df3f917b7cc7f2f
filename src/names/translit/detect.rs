//! The reading mode of a Latin field: which family of romanizations (default ICAO/BGN,
//! French, Central-European and scientific, German, Polish, Turkic, Kazakh 2018,
//! Romanian) its marker letters and letter groups show.

use super::table::is_latin_vowel;
use super::{MODE_A, MODE_C, MODE_D, MODE_F, MODE_G, MODE_K, MODE_P, MODE_R, MODE_S, MODE_W, MODE_X};

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

#[cfg(test)]
mod tests {
    use super::*;

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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        #[test]
        fn shortcuts_answer_as_the_full_rules(raw in "[a-z' ]{0,14}|[aceghijnostuvwxz ]{0,14}|[a-zəüöçşčłž' ]{0,10}") {
            let chars: Vec<char> = raw.chars().collect();
            if plain(&chars) {
                proptest::prop_assert_eq!(detect_mode_full(&chars), MODE_D);
            }
        }
    }
}
