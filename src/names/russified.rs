//! Kazakh names in Russian letters: one name, two orthographies.
//!
//! A Kazakhstan registry writes a Kazakh's name in Kazakh Cyrillic (Сәтбаев, Тілеубаева,
//! Жүсіпова, Бауыржанқызы); a partner state copies the Russian-letter spelling of Soviet
//! documents (Сатпаев, Тлеубаева, Юсупова, Бауржановна). The letters map one to one
//! (ә→а, қ→к, ү→у, і→и: NAMES.md §3, and the skeleton already folds them), but the
//! spellings also differ in ways no letter table covers:
//!
//! - the reduced vowels ы and і are dropped (Тілеубаев / Тлеубаев, Бауыржан / Бауржан,
//!   Әбдірахман / Абдрахман) or written у (Жақып / Жакуп); ү next to й is written ю
//!   (Дүйсенбаев / Дюсенбаев). The State Onomastic Commission's *Instruction on the
//!   Russian rendering of Kazakh anthroponyms* (Kazakhstan) writes йы, йі as и; the
//!   Soviet practice it replaced wrote names "as heard", which is where Бауржан, Жулдуз
//!   for Жұлдыз and Тлеу- come from;
//! - a name of Arabic origin keeps its Russian form: Юсуп for Жүсіп, Якуп for Жақып
//!   (Kazakh ж- for Arabic y-);
//! - б after a voiceless consonant is written п, as it is said (Сәтбаев / Сатпаев).
//!
//! [`fold_hash`] maps both spellings to one key: per word the first letter (word-initial
//! y before a vowel read as ж), then every letter but i, u and y, б after a voiceless
//! consonant as п, doubled letters once. Because it drops letters it is only consulted
//! where an orthography can differ: one side written in Kazakh letters, or the two sides
//! in different scripts (see [`super::compare_attested`]); and only for surnames and the
//! father's name in a patronymic, never for given names, where twins and siblings carry
//! names that differ by a vowel.

/// Whether a display form carries a letter of the Kazakh alphabet that Russian lacks
/// (ә ғ қ ң ө ұ ү һ; or і, which Ukrainian and Belarusian share, in a name without one of
/// their own letters ї є ґ ў).
pub(crate) fn has_kazakh_letters(canonical: &str) -> bool {
    let (mut kazakh, mut i, mut slavic) = (false, false, false);
    for c in canonical.chars() {
        match c {
            'ә' | 'Ә' | 'ғ' | 'Ғ' | 'қ' | 'Қ' | 'ң' | 'Ң' | 'ө' | 'Ө' | 'ұ' | 'Ұ' | 'ү' | 'Ү' | 'һ' | 'Һ' => kazakh = true,
            'і' | 'І' => i = true,
            'ї' | 'Ї' | 'є' | 'Є' | 'ґ' | 'Ґ' | 'ў' | 'Ў' => slavic = true,
            _ => {}
        }
    }
    kazakh || (i && !slavic)
}

fn vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Consonants of the skeleton alphabet that are voiceless (т к с ш ч ф п ц).
fn voiceless(b: u8) -> bool {
    matches!(b, b't' | b'k' | b's' | b'x' | b'q' | b'f' | b'p' | b'c')
}

/// The folded bytes of a skeleton (see the module docs), fed to `emit`; tokens are
/// separated by one space.
fn fold(skeleton: &str, mut emit: impl FnMut(u8)) {
    for (n, tok) in skeleton.split(' ').enumerate() {
        let t = tok.as_bytes();
        let Some(&first) = t.first() else { continue };
        if n > 0 {
            emit(b' ');
        }
        let first = if first == b'y' && t.get(1).is_some_and(|&b| vowel(b)) { b'j' } else { first };
        emit(first);
        let mut last = first;
        for &c in &t[1..] {
            if matches!(c, b'i' | b'u' | b'y') {
                continue;
            }
            let c = if c == b'b' && voiceless(last) { b'p' } else { c };
            if c != last {
                emit(c);
                last = c;
            }
        }
    }
}

/// A hash of the folded skeleton; 0 for an empty one. Equal for Сәтбаев and Сатпаев,
/// Тілеубаева and Тлеубаева, Жүсіпова and Юсупова.
pub(crate) fn fold_hash(skeleton: &str) -> u64 {
    if skeleton.is_empty() {
        return 0;
    }
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    fold(skeleton, |b| h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) | 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> String {
        let mut out = Vec::new();
        fold(s, |b| out.push(b));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn folds_the_russian_letter_spelling_onto_the_kazakh_one() {
        // Skeletons of the Kazakh and the Russian-letter spelling of one name.
        for (kk, ru) in [
            ("satbaev", "satpaev"),       // Сәтбаев / Сатпаев
            ("tileubaeva", "tleubaeva"),  // Тілеубаева / Тлеубаева
            ("jusipova", "yusupova"),     // Жүсіпова / Юсупова
            ("jakipova", "jakupova"),     // Жақыпова / Жакупова
            ("duisenbaev", "diusenbaev"), // Дүйсенбаев / Дюсенбаев
            ("abdiragman", "abdragman"),  // Әбдірахман / Абдрахман
            ("bauirjan", "baurjan"),      // Бауыржан / Бауржан
        ] {
            assert_eq!(folded(kk), folded(ru), "{kk} / {ru}");
            assert_eq!(fold_hash(kk), fold_hash(ru));
        }
    }

    #[test]
    fn keeps_what_tells_names_apart() {
        // Vowels other than the reduced ones, the word's first letter, and voiced б after a
        // vowel or a voiced consonant.
        for (a, b) in [("marat", "murat"), ("isaev", "usaev"), ("gulnar", "gulnur"), ("bekov", "bikov"), ("tolegen", "tilegen"), ("abaev", "apaev")] {
            assert_ne!(fold_hash(a), fold_hash(b), "{a} / {b}");
        }
        assert_eq!(fold_hash(""), 0);
    }

    #[test]
    fn kazakh_letters() {
        assert!(has_kazakh_letters("Сәтбаев"));
        assert!(has_kazakh_letters("Тілеубаева"));
        assert!(has_kazakh_letters("ЖҮСІП"));
        assert!(!has_kazakh_letters("Сатпаев"));
        assert!(!has_kazakh_letters("Satbayev"));
        assert!(!has_kazakh_letters("Ковалівська-Їжак"));
    }
}
