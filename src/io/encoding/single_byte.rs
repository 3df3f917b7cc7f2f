//! Telling Windows-1251 from KOI8-R: the log-likelihood of the letters each would
//! decode the high bytes to, under Russian/CIS letter frequencies and a within-word
//! letter-class transition model, case-folded so that ALL-CAPS text scores like
//! mixed case.

use encoding_rs::{Encoding, KOI8_R, WINDOWS_1251};
use std::sync::OnceLock;

/// Non-ASCII bytes sampled for letter statistics.
const SAMPLE_NON_ASCII: usize = 64 * 1024;

/// Relative frequency (per cent) of lower-case letters in Russian text:
/// National Corpus of the Russian Language counts (Lyashevskaya & Sharov,
/// «Частотный словарь современного русского языка», 2009) as tabulated in
/// ru.wikipedia «Частотность». `ё` is raised from 0.04 because names keep it
/// (Пётр, Алёна, Семёнов). Ukrainian/Belarusian letters (і ї є ґ ў) are given
/// modest weights so that Ukrainian and Belarusian answers in CP1251 score as
/// Cyrillic text; KOI8-R cannot encode them at all.
const LETTER_FREQ: &[(char, f32)] = &[
    ('о', 10.97),
    ('е', 8.45),
    ('а', 8.01),
    ('и', 7.35),
    ('н', 6.70),
    ('т', 6.26),
    ('с', 5.47),
    ('р', 4.73),
    ('в', 4.54),
    ('л', 4.40),
    ('к', 3.49),
    ('м', 3.21),
    ('д', 2.98),
    ('п', 2.81),
    ('у', 2.62),
    ('я', 2.01),
    ('ы', 1.90),
    ('ь', 1.74),
    ('г', 1.70),
    ('з', 1.65),
    ('б', 1.59),
    ('ч', 1.44),
    ('й', 1.21),
    ('х', 0.97),
    ('ж', 0.94),
    ('ш', 0.73),
    ('ю', 0.64),
    ('ц', 0.48),
    ('щ', 0.36),
    ('э', 0.32),
    ('ф', 0.26),
    ('ъ', 0.10),
    ('ё', 0.20),
    ('і', 1.00),
    ('ї', 0.20),
    ('є', 0.20),
    ('ґ', 0.05),
    ('ў', 0.10),
];

/// Punctuation that legitimately appears in CIS exports.
const COMMON_PUNCT: &[char] = &['\u{a0}', '«', '»', '№', '–', '—', '„', '“', '”', '‘', '’', '…', '•', '°', '§', '±'];

/// ln-probability of the character a high byte decodes to.
fn char_log_prob(c: char) -> f32 {
    let lower = c.to_lowercase().next().unwrap_or(c);
    if let Some(&(_, pct)) = LETTER_FREQ.iter().find(|(l, _)| *l == lower) {
        return (pct / 100.0).ln();
    }
    let p = if COMMON_PUNCT.contains(&c) {
        1e-3
    } else if ('\u{400}'..='\u{4ff}').contains(&c) {
        // Serbian/Macedonian letters: possible, unlikely here.
        2e-4
    } else if c.is_alphanumeric() || ('\u{a1}'..='\u{bf}').contains(&c) {
        5e-5
    } else {
        // Box drawing, C1 controls, math symbols: KOI8-R's upper half read
        // as CP1251 or vice versa.
        1e-6
    };
    f32::ln(p)
}

/// Letter classes for the within-word transition model.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Not a Cyrillic letter: word boundary.
    Boundary = 0,
    /// Vowel.
    Vowel = 1,
    /// Consonant other than й.
    Consonant = 2,
    /// й.
    Short = 3,
    /// ь or ъ.
    Sign = 4,
}

/// P(next class | previous class) for Cyrillic letters, rows and columns in
/// [`Class`] order (Boundary, Vowel, Consonant, й, ь/ъ). Hand-set
/// approximations of Russian (and Russian-spelt Central Asian) name
/// phonotactics, not corpus counts. The signal is in the near-zero cells: no
/// word starts with ь/ъ, ь/ъ rarely follow a vowel (Uzbek Маъруф) and never
/// each other or й, й rarely follows a consonant. The Boundary column (word
/// end) is neutral: end-of-word estimates made short all-caps names worse in
/// testing. Converted to ln at first use. On all-caps pairs of short CIS names
/// (Ли, Цой, Юн, Хан ...) this model roughly halves the errors of letter
/// frequencies alone; files of more than a few records are unambiguous.
const TRANSITION: [[f32; 5]; 5] = [
    [1.0, 0.30, 0.69, 0.005, 0.0001],
    [1.0, 0.12, 0.78, 0.10, 0.003],
    [1.0, 0.55, 0.33, 0.002, 0.12],
    [1.0, 0.15, 0.85, 0.0001, 0.0001],
    [1.0, 0.45, 0.55, 0.0001, 0.0001],
];

/// Penalty (ln) for a lower-case letter directly followed by an upper-case
/// one in the same word ("жНИ"): mixed-case text read in the wrong encoding.
/// All-caps or all-lower text gets no signal from this, by design.
const LN_CASE_FLIP: f32 = -4.0;

/// What one high byte means under one candidate encoding.
#[derive(Clone, Copy)]
struct ByteModel {
    ln_p: f32,
    class: Class,
    upper: bool,
    lower: bool,
}

fn class_of(lower: char) -> Class {
    match lower {
        'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'і' | 'ї' | 'є' => Class::Vowel,
        'й' => Class::Short,
        'ь' | 'ъ' => Class::Sign,
        'б'..='я' | 'ґ' | 'ў' => Class::Consonant,
        _ => Class::Boundary,
    }
}

/// Per-byte models for bytes 0x80..=0xFF under `enc`.
fn byte_models(enc: &'static Encoding) -> [ByteModel; 128] {
    let mut t = [ByteModel { ln_p: 0.0, class: Class::Boundary, upper: false, lower: false }; 128];
    for (i, slot) in t.iter_mut().enumerate() {
        let byte = [0x80u8 + i as u8];
        let (s, _) = enc.decode_without_bom_handling(&byte);
        let c = s.chars().next().unwrap_or('\u{fffd}');
        let lower = c.to_lowercase().next().unwrap_or(c);
        *slot = ByteModel { ln_p: char_log_prob(c), class: class_of(lower), upper: c.is_uppercase(), lower: c.is_lowercase() };
    }
    t
}

struct Models {
    cp1251: [ByteModel; 128],
    koi8r: [ByteModel; 128],
    transition: [[f32; 5]; 5],
}

fn models() -> &'static Models {
    static M: OnceLock<Models> = OnceLock::new();
    M.get_or_init(|| Models { cp1251: byte_models(WINDOWS_1251), koi8r: byte_models(KOI8_R), transition: TRANSITION.map(|row| row.map(f32::ln)) })
}

/// Running score of one hypothesis.
struct Hypothesis<'a> {
    table: &'a [ByteModel; 128],
    score: f64,
    prev: Class,
    prev_lower: bool,
}

impl Hypothesis<'_> {
    /// A non-letter: closes the current word, if any.
    fn boundary(&mut self, transition: &[[f32; 5]; 5]) {
        if self.prev != Class::Boundary {
            self.score += f64::from(transition[self.prev as usize][Class::Boundary as usize]);
        }
        self.prev = Class::Boundary;
        self.prev_lower = false;
    }

    fn push(&mut self, b: u8, transition: &[[f32; 5]; 5]) {
        let m = self.table[usize::from(b - 0x80)];
        let mut s = m.ln_p;
        if m.class == Class::Boundary {
            self.boundary(transition);
        } else {
            s += transition[self.prev as usize][m.class as usize];
            if self.prev_lower && m.upper {
                s += LN_CASE_FLIP;
            }
            self.prev = m.class;
            self.prev_lower = m.lower;
        }
        self.score += f64::from(s);
    }
}

/// Chooses between Windows-1251 and KOI8-R by the log-likelihood of the
/// first [`SAMPLE_NON_ASCII`] non-ASCII bytes (with their word context) under
/// each. Returns the winner and a confidence from the log-likelihood ratio.
pub(super) fn choose_single_byte(bytes: &[u8]) -> (&'static Encoding, f32) {
    let m = models();
    let mut cp = Hypothesis { table: &m.cp1251, score: 0.0, prev: Class::Boundary, prev_lower: false };
    let mut koi = Hypothesis { table: &m.koi8r, score: 0.0, prev: Class::Boundary, prev_lower: false };
    let mut seen = 0usize;
    for &b in bytes {
        if b < 0x80 {
            if cp.prev != Class::Boundary || koi.prev != Class::Boundary {
                cp.boundary(&m.transition);
                koi.boundary(&m.transition);
            }
            continue;
        }
        cp.push(b, &m.transition);
        koi.push(b, &m.transition);
        seen += 1;
        if seen >= SAMPLE_NON_ASCII {
            break;
        }
    }
    cp.boundary(&m.transition);
    koi.boundary(&m.transition);
    let llr = cp.score - koi.score;
    // Logistic of the log-likelihood ratio: 0.5 when tied.
    let conf = (1.0 / (1.0 + (-llr.abs()).exp())) as f32;
    // Ties go to Windows-1251, by far the more common in practice.
    if llr >= 0.0 {
        (WINDOWS_1251, conf)
    } else {
        (KOI8_R, conf)
    }
}
