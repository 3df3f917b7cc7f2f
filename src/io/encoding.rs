//! Input encoding detection and decoding.
//!
//! CIS systems export CSV in UTF-8 (with or without BOM), Windows-1251 and
//! KOI8-R, sometimes UTF-16 with a BOM. [`decode`] turns a whole file into a
//! `String`, either in an encoding the caller names or by detection:
//!
//! 1. a byte-order mark decides;
//! 2. NUL bytes in alternating positions mean BOM-less UTF-16;
//! 3. valid UTF-8 is UTF-8 (validation plus one copy, no per-char work);
//! 4. bytes that are mostly well-formed UTF-8 sequences with a few bad ones are
//!    a damaged UTF-8 file: an error with the offset, never silent replacement;
//! 5. otherwise Windows-1251 vs KOI8-R by the log-likelihood of the decoded
//!    letters under Russian/CIS letter frequencies. Letters are case-folded
//!    before scoring, so ALL-CAPS registries are scored like mixed case.
//!
//! Errors say where: byte offset and 1-based line.

use encoding_rs::{Encoding, KOI8_R, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1251};
use std::sync::OnceLock;

/// Which encoding to read input in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum InputEncoding {
    /// Detect (BOM, UTF-8 validity, Cyrillic letter statistics). Default.
    #[default]
    Auto,
    /// UTF-8; a UTF-8 BOM is stripped.
    Utf8,
    /// Windows-1251 (CP1251).
    Windows1251,
    /// KOI8-R.
    Koi8R,
    /// UTF-16; byte order from the BOM, else guessed from NUL positions
    /// (little-endian when undecidable).
    Utf16,
}

const ACCEPTED: &str = "auto, utf-8 (utf8), windows-1251 (cp1251), koi8-r (koi8r), utf-16 (utf16)";

impl InputEncoding {
    /// The canonical name (`"auto"`, `"utf-8"`, `"windows-1251"`, `"koi8-r"`,
    /// `"utf-16"`), accepted back by `FromStr`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputEncoding::Auto => "auto",
            InputEncoding::Utf8 => "utf-8",
            InputEncoding::Windows1251 => "windows-1251",
            InputEncoding::Koi8R => "koi8-r",
            InputEncoding::Utf16 => "utf-16",
        }
    }
}

impl std::fmt::Display for InputEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for InputEncoding {
    type Err = EncodingError;

    /// Case-insensitive; accepts `auto`, `utf-8`/`utf8`, `windows-1251`/`cp1251`,
    /// `koi8-r`/`koi8r`, `utf-16`/`utf16` (underscores work as hyphens).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace('_', "-");
        Ok(match norm.as_str() {
            "auto" => InputEncoding::Auto,
            "utf-8" | "utf8" => InputEncoding::Utf8,
            "windows-1251" | "cp1251" | "cp-1251" | "win1251" | "win-1251" => InputEncoding::Windows1251,
            "koi8-r" | "koi8r" => InputEncoding::Koi8R,
            "utf-16" | "utf16" => InputEncoding::Utf16,
            _ => return Err(EncodingError::UnknownName { name: s.chars().take(40).collect() }),
        })
    }
}

/// Why input could not be decoded.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodingError {
    /// A byte sequence that is not valid in the encoding used.
    #[error("malformed {encoding} at byte {byte_offset} (line {line})")]
    Malformed {
        /// Name of the encoding (`"UTF-8"`, `"windows-1251"`, ...).
        encoding: &'static str,
        /// Offset of the first malformed byte from the start of the file
        /// (BOM included).
        byte_offset: usize,
        /// 1-based line of that byte.
        line: usize,
    },
    /// The file starts with a byte-order mark that contradicts the chosen
    /// encoding.
    #[error("file starts with a {bom} byte-order mark but {chosen} was requested")]
    BomMismatch {
        /// Encoding announced by the BOM.
        bom: &'static str,
        /// Encoding requested by the caller.
        chosen: &'static str,
    },
    /// Unknown encoding name given to `InputEncoding::from_str`.
    #[error("unknown input encoding {name:?}; accepted: {ACCEPTED}")]
    UnknownName {
        /// The name given (first 40 characters).
        name: String,
    },
}

/// What was detected and how sure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Detected {
    /// The encoding to decode with.
    pub encoding: &'static Encoding,
    /// Whether the input starts with a byte-order mark for that encoding.
    pub had_bom: bool,
    /// 0.5 (a coin toss) to 1.0 (certain: BOM, valid UTF-8, pure ASCII).
    pub confidence: f32,
}

/// A decoded file.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The text, without BOM.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Whether a BOM was present (and stripped).
    pub had_bom: bool,
    /// Detection confidence (1.0 when the caller chose the encoding).
    pub confidence: f32,
}

/// Non-ASCII bytes sampled for letter statistics.
const SAMPLE_NON_ASCII: usize = 64 * 1024;
/// Bytes sampled for the UTF-16 NUL-pattern and damaged-UTF-8 checks.
const SAMPLE_PREFIX: usize = 64 * 1024;

/// Detects the encoding of `bytes` (see the module docs for the order of
/// evidence). Never fails: ASCII-only input is reported as UTF-8 with
/// confidence 1.0.
pub fn detect(bytes: &[u8]) -> Detected {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return Detected { encoding: enc, had_bom: true, confidence: 1.0 };
    }
    if let Some(enc) = utf16_by_nuls(bytes) {
        return Detected { encoding: enc, had_bom: false, confidence: 0.9 };
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Detected { encoding: UTF_8, had_bom: false, confidence: 1.0 };
    }
    detect_non_utf8(bytes)
}

/// Detection for input known to be neither BOM-marked, UTF-16 nor valid UTF-8.
fn detect_non_utf8(bytes: &[u8]) -> Detected {
    let (good, bad) = utf8_evidence(bytes);
    if good > 0 && good >= 2 * bad {
        // A UTF-8 file with a few damaged bytes, not a single-byte file.
        let conf = good as f32 / (good + bad) as f32;
        return Detected { encoding: UTF_8, had_bom: false, confidence: conf.clamp(0.5, 0.99) };
    }
    let (enc, confidence) = choose_single_byte(bytes);
    Detected { encoding: enc, had_bom: false, confidence }
}

/// Decodes a whole file. With [`InputEncoding::Auto`] the encoding is
/// detected; with an explicit choice it is used, except that a BOM for a
/// different encoding is an error ([`EncodingError::BomMismatch`]). Malformed
/// input is an error giving the offset and line of the first bad byte; nothing
/// is replaced silently.
pub fn decode(bytes: &[u8], choice: InputEncoding) -> Result<Decoded, EncodingError> {
    let bom = Encoding::for_bom(bytes);
    let (enc, confidence) = match choice {
        InputEncoding::Auto => {
            if let Some((enc, _)) = bom {
                (enc, 1.0)
            } else if let Some(enc) = utf16_by_nuls(bytes) {
                (enc, 0.9)
            } else if let Ok(s) = std::str::from_utf8(bytes) {
                // The common case: one validation pass and one copy.
                return Ok(Decoded { text: s.to_owned(), encoding: UTF_8, had_bom: false, confidence: 1.0 });
            } else {
                let d = detect_non_utf8(bytes);
                (d.encoding, d.confidence)
            }
        }
        InputEncoding::Utf8 => (UTF_8, 1.0),
        InputEncoding::Windows1251 => (WINDOWS_1251, 1.0),
        InputEncoding::Koi8R => (KOI8_R, 1.0),
        InputEncoding::Utf16 => match bom {
            Some((e, _)) if e == UTF_16LE || e == UTF_16BE => (e, 1.0),
            _ => (utf16_by_nuls(bytes).unwrap_or(UTF_16LE), 1.0),
        },
    };
    let bom_len = match bom {
        Some((b, len)) if b == enc => len,
        // In a single-byte file FF FE / FE FF are letters (KOI8-R "ЪЧ", CP1251 "яю"), not a BOM.
        Some((b, _)) if (enc == WINDOWS_1251 || enc == KOI8_R) && (b == UTF_16LE || b == UTF_16BE) => 0,
        Some((b, _)) => return Err(EncodingError::BomMismatch { bom: b.name(), chosen: enc.name() }),
        None => 0,
    };
    let body = &bytes[bom_len..];
    let text = if enc == UTF_8 {
        match std::str::from_utf8(body) {
            Ok(s) => s.to_owned(),
            Err(e) => {
                let off = e.valid_up_to();
                return Err(malformed("UTF-8", bom_len + off, count_lf(&body[..off]) + 1));
            }
        }
    } else if enc == WINDOWS_1251 || enc == KOI8_R {
        // Single-byte: every byte decodes. Byte 0x98 is unassigned in
        // Microsoft's CP1251 table (unicode.org MAPPINGS/VENDORS/MICSFT/
        // WINDOWS/CP1251.TXT); WHATWG maps it to the C1 control U+0098, which
        // never occurs in real text, so treat it as malformed.
        if enc == WINDOWS_1251 {
            if let Some(off) = body.iter().position(|&b| b == 0x98) {
                return Err(malformed(enc.name(), bom_len + off, count_lf(&body[..off]) + 1));
            }
        }
        let (cow, _) = enc.decode_without_bom_handling(body);
        cow.into_owned()
    } else {
        decode_strict(enc, body, bom_len)?
    };
    Ok(Decoded { text, encoding: enc, had_bom: bom_len > 0, confidence })
}

fn malformed(encoding: &'static str, byte_offset: usize, line: usize) -> EncodingError {
    EncodingError::Malformed { encoding, byte_offset, line }
}

fn count_lf(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'\n').count()
}

/// Decodes with an `encoding_rs` decoder that stops at the first malformed
/// sequence (used for UTF-16). `base` is the BOM length, added to offsets.
fn decode_strict(enc: &'static Encoding, body: &[u8], base: usize) -> Result<String, EncodingError> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder.max_utf8_buffer_length_without_replacement(body.len()).unwrap_or(body.len().saturating_mul(3));
    let mut out = String::with_capacity(cap);
    let mut read_total = 0usize;
    loop {
        let (res, read) = decoder.decode_to_string_without_replacement(&body[read_total..], &mut out, true);
        read_total += read;
        match res {
            encoding_rs::DecoderResult::InputEmpty => return Ok(out),
            encoding_rs::DecoderResult::OutputFull => {
                // Capacity was computed up front; grow defensively anyway.
                out.reserve(body.len() - read_total + 16);
            }
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                let off = read_total.saturating_sub(usize::from(after)).saturating_sub(usize::from(bad));
                let line = out.matches('\n').count() + 1;
                return Err(malformed(enc.name(), base + off, line));
            }
        }
    }
}

/// BOM-less UTF-16 guess: text files in the other encodings contain no NUL
/// bytes, while UTF-16 of ASCII-heavy CSV has a NUL in every other byte.
fn utf16_by_nuls(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SAMPLE_PREFIX) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for p in sample.chunks_exact(2) {
        even += usize::from(p[0] == 0);
        odd += usize::from(p[1] == 0);
    }
    // At least 30% of code units ASCII-range, and the other position almost
    // never NUL.
    if odd * 10 >= pairs * 3 && even * 20 <= pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 3 && odd * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Counts well-formed multi-byte UTF-8 sequences and malformed spots in the
/// first [`SAMPLE_PREFIX`] bytes.
fn utf8_evidence(bytes: &[u8]) -> (usize, usize) {
    let window = &bytes[..bytes.len().min(SAMPLE_PREFIX)];
    let truncated = window.len() < bytes.len();
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = window;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += lead_bytes(s.as_bytes());
                break;
            }
            Err(e) => {
                let (ok, tail) = rest.split_at(e.valid_up_to());
                good += lead_bytes(ok);
                match e.error_len() {
                    Some(n) => {
                        bad += 1;
                        rest = &tail[n..];
                    }
                    None => {
                        // Incomplete sequence at the end of the window: only an
                        // error if the window is the whole input.
                        if !truncated {
                            bad += 1;
                        }
                        break;
                    }
                }
            }
        }
    }
    (good, bad)
}

fn lead_bytes(valid: &[u8]) -> usize {
    valid.iter().filter(|&&b| b >= 0xC0).count()
}

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
fn choose_single_byte(bytes: &[u8]) -> (&'static Encoding, f32) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn enc(text: &str, e: &'static Encoding) -> Vec<u8> {
        let (b, _, unmappable) = e.encode(text);
        assert!(!unmappable, "test text not representable");
        b.into_owned()
    }

    fn auto(bytes: &[u8]) -> Decoded {
        decode(bytes, InputEncoding::Auto).unwrap()
    }

    #[test]
    fn literal_cp1251_and_koi8r_bytes() {
        // "Иванов" — CP1251: И=C8 в=E2 а=E0 н=ED о=EE в=E2 (unicode.org
        // CP1251.TXT); KOI8-R: И=E9 в=D7 а=C1 н=CE о=CF в=D7 (RFC 1489).
        let cp = [0xC8, 0xE2, 0xE0, 0xED, 0xEE, 0xE2];
        let koi = [0xE9, 0xD7, 0xC1, 0xCE, 0xCF, 0xD7];
        assert_eq!(enc("Иванов", WINDOWS_1251), cp);
        assert_eq!(enc("Иванов", KOI8_R), koi);
        let d = auto(&cp);
        assert_eq!((d.text.as_str(), d.encoding), ("Иванов", WINDOWS_1251));
        let d = auto(&koi);
        assert_eq!((d.text.as_str(), d.encoding), ("Иванов", KOI8_R));
        // "ПЕТРОВ" all caps: CP1251 CF C5 D2 D0 CE C2; KOI8-R F0 E5 F4 F2 EF F7.
        let cp = [0xCF, 0xC5, 0xD2, 0xD0, 0xCE, 0xC2];
        let koi = [0xF0, 0xE5, 0xF4, 0xF2, 0xEF, 0xF7];
        assert_eq!(auto(&cp).text, "ПЕТРОВ");
        assert_eq!(auto(&koi).text, "ПЕТРОВ");
        assert_eq!(auto(&koi).encoding, KOI8_R);
    }

    const NAMES: &[&str] = &[
        "Иванов Иван Иванович",
        "Нурсултанов Ерлан Абишевич",
        "Жумабекова Айгерим Серикбаевна",
        "Сейтказиев Бауыржан Кайратович",
        "Тохтахунова Гульнара Рахимжановна",
        "Семёнов Пётр Алексеевич",
        "Шевченко Оксана Михайловна",
        "Абдуллаев Шухрат Ильхомович",
    ];

    #[test]
    fn names_round_trip_in_both_encodings_any_case() {
        for name in NAMES {
            for text in [name.to_string(), name.to_uppercase(), name.to_lowercase()] {
                for e in [WINDOWS_1251, KOI8_R] {
                    let d = auto(&enc(&text, e));
                    assert_eq!(d.encoding, e, "{} {}", e.name(), text.len());
                    assert_eq!(d.text, text);
                    assert!(d.confidence > 0.9, "{}", d.confidence);
                }
            }
        }
    }

    #[test]
    fn csv_file_all_caps_registry() {
        let csv = "IIN;SURNAME;NAME;PATRONYMIC;DOB\n\
                   850314301234;ЖУМАБЕКОВ;ЕРЛАН;СЕРИКОВИЧ;14.03.1985\n\
                   900101200000;КИМ;ОЛЬГА;ВИКТОРОВНА;01.01.1990\n\
                   770505300021;ТОКТОГУЛОВ;АЙБЕК;;05.05.1977\n";
        for e in [WINDOWS_1251, KOI8_R] {
            let d = auto(&enc(csv, e));
            assert_eq!(d.encoding, e);
            assert_eq!(d.text, csv);
        }
    }

    #[test]
    fn couple_of_cyrillic_words_in_ascii() {
        let text = "id,surname,name,country\n1,Smith,John,US\n2,Doe,Jane,UK\n3,Ли,Ян,KZ\n";
        for e in [WINDOWS_1251, KOI8_R] {
            let d = auto(&enc(text, e));
            assert_eq!(d.encoding, e);
            assert_eq!(d.text, text);
        }
        let text = "id,name\n1,ОЛЕГ\n";
        for e in [WINDOWS_1251, KOI8_R] {
            assert_eq!(auto(&enc(text, e)).encoding, e);
        }
    }

    #[test]
    fn couple_of_all_caps_words() {
        for text in ["ИВАНОВ ИВАН", "id;fio\n1;ЖУМАБЕКОВ ЕРЛАН\n", "1,СЕЙТКАЗИЕВ,БАУЫРЖАН\n", "КИМ ОЛЬГА", "семёнов пётр"]
        {
            for e in [WINDOWS_1251, KOI8_R] {
                let d = auto(&enc(text, e));
                assert_eq!(d.encoding, e, "{}", e.name());
                assert_eq!(d.text, text);
            }
        }
    }

    #[test]
    fn ukrainian_in_cp1251() {
        let text = "Коваленко Ігор Олексійович;Київ;Гнатюк Євгенія Ґалаґанівна;Їжакевич;Гаєвська";
        let bytes = enc(text, WINDOWS_1251);
        // і = B3, ї = BF, є = BA, ґ = B4 in CP1251.
        assert!(bytes.contains(&0xB3) && bytes.contains(&0xBF));
        assert!(bytes.contains(&0xBA) && bytes.contains(&0xB4));
        let d = auto(&bytes);
        assert_eq!(d.encoding, WINDOWS_1251);
        assert_eq!(d.text, text);
        let up = text.to_uppercase();
        assert_eq!(auto(&enc(&up, WINDOWS_1251)).text, up);
    }

    #[test]
    fn ascii_header_only() {
        let d = auto(b"iin,surname,name,patronymic,birth_date\n");
        assert_eq!(d.encoding, UTF_8);
        assert!(!d.had_bom);
        assert_eq!(d.confidence, 1.0);
        assert_eq!(d.text, "iin,surname,name,patronymic,birth_date\n");
        assert_eq!(auto(b"").text, "");
        let det = detect(b"a,b\n");
        assert_eq!((det.encoding, det.confidence), (UTF_8, 1.0));
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let text = "фамилия,имя\nҚасымов,Әлихан\n";
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(text.as_bytes());
        let d = auto(&bytes);
        assert_eq!((d.text.as_str(), d.encoding, d.had_bom), (text, UTF_8, true));
        let d = decode(&bytes, InputEncoding::Utf8).unwrap();
        assert_eq!((d.text.as_str(), d.had_bom), (text, true));
        let d = auto(text.as_bytes());
        assert_eq!((d.text.as_str(), d.had_bom), (text, false));
        assert!(detect(&bytes).had_bom);
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let text = "фамилия,имя\nИванов,Иван\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        let d = auto(&le);
        assert_eq!((d.text.as_str(), d.encoding, d.had_bom), (text, UTF_16LE, true));
        let d = auto(&be);
        assert_eq!((d.text.as_str(), d.encoding), (text, UTF_16BE));
        assert_eq!(decode(&le, InputEncoding::Utf16).unwrap().text, text);
        // Without BOM, ASCII-heavy CSV: NULs every other byte.
        let csv = "id,name,dob\n1,Ivanov,1985-03-14\n2,Иванов,1985-03-14\n";
        let raw: Vec<u8> = csv.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let d = auto(&raw);
        assert_eq!((d.text.as_str(), d.encoding, d.had_bom), (csv, UTF_16LE, false));
        // An odd trailing byte is malformed, located at the end.
        let mut bad = le.clone();
        bad.push(0x41);
        match decode(&bad, InputEncoding::Auto) {
            Err(EncodingError::Malformed { byte_offset, line, .. }) => {
                assert_eq!(byte_offset, le.len());
                assert_eq!(line, 3);
            }
            other => panic!("{other:?}"),
        }
        // Unpaired high surrogate on line 2.
        let mut bad = vec![0xFF, 0xFE];
        for u in "a\nb".encode_utf16() {
            bad.extend_from_slice(&u.to_le_bytes());
        }
        let at = bad.len();
        bad.extend_from_slice(&[0x00, 0xD8, 0x41, 0x00]);
        match decode(&bad, InputEncoding::Utf16) {
            Err(EncodingError::Malformed { byte_offset, line, .. }) => {
                assert_eq!(byte_offset, at);
                assert_eq!(line, 2);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn invalid_utf8_is_an_error_with_offset_and_line() {
        let mut bytes = "id,name\n1,Иванов\n2,Пет".as_bytes().to_vec();
        let off = bytes.len();
        bytes.push(0xFF);
        bytes.extend_from_slice("ров\n".as_bytes());
        let err = decode(&bytes, InputEncoding::Utf8).unwrap_err();
        assert_eq!(err, EncodingError::Malformed { encoding: "UTF-8", byte_offset: off, line: 3 });
        assert!(err.to_string().contains("line 3"));
        // Auto: mostly valid UTF-8 → still UTF-8, still an error.
        assert_eq!(decode(&bytes, InputEncoding::Auto).unwrap_err(), err);
        // With a BOM the offset counts the BOM.
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(&bytes);
        match decode(&with_bom, InputEncoding::Utf8) {
            Err(EncodingError::Malformed { byte_offset, .. }) => assert_eq!(byte_offset, off + 3),
            other => panic!("{other:?}"),
        }
        // CP1251 bytes under an explicit UTF-8 choice: error on line 1.
        let cp = enc("Иванов", WINDOWS_1251);
        match decode(&cp, InputEncoding::Utf8) {
            Err(EncodingError::Malformed { byte_offset, line, .. }) => assert_eq!((byte_offset, line), (0, 1)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn explicit_choice_overrides_detection() {
        let koi = enc("Иванов", KOI8_R);
        let d = decode(&koi, InputEncoding::Windows1251).unwrap();
        assert_eq!(d.encoding, WINDOWS_1251);
        assert_eq!(d.text, "йЧБОПЧ");
        assert_eq!(d.confidence, 1.0);
        // CP1251 0x98 is unassigned.
        let err = decode(b"a\nb\x98", InputEncoding::Windows1251).unwrap_err();
        assert_eq!(err, EncodingError::Malformed { encoding: "windows-1251", byte_offset: 3, line: 2 });
    }

    #[test]
    fn bom_contradicting_choice_is_an_error() {
        let bytes = [0xEF, 0xBB, 0xBF, b'a'];
        assert_eq!(decode(&bytes, InputEncoding::Windows1251).unwrap_err(), EncodingError::BomMismatch { bom: "UTF-8", chosen: "windows-1251" });
        assert!(matches!(decode(&[0xFF, 0xFE, b'a', 0], InputEncoding::Utf8), Err(EncodingError::BomMismatch { .. })));
    }

    #[test]
    fn parse_names() {
        use std::str::FromStr;
        for (s, e) in [
            ("auto", InputEncoding::Auto),
            ("UTF-8", InputEncoding::Utf8),
            ("utf8", InputEncoding::Utf8),
            ("CP1251", InputEncoding::Windows1251),
            ("windows-1251", InputEncoding::Windows1251),
            ("Windows_1251", InputEncoding::Windows1251),
            ("KOI8-R", InputEncoding::Koi8R),
            ("koi8r", InputEncoding::Koi8R),
            ("utf-16", InputEncoding::Utf16),
        ] {
            assert_eq!(InputEncoding::from_str(s).unwrap(), e, "{s}");
            assert_eq!(InputEncoding::from_str(e.as_str()).unwrap(), e);
        }
        let err = InputEncoding::from_str("latin1").unwrap_err().to_string();
        assert!(err.contains("latin1") && err.contains("cp1251") && err.contains("koi8-r"));
        assert_eq!(InputEncoding::default(), InputEncoding::Auto);
    }

    #[test]
    fn sampling_is_bounded_and_detection_stable() {
        // Far more than 64 KiB of non-ASCII: detection still right.
        let line = "ЖУМАБЕКОВ;ЕРЛАН;СЕРИКОВИЧ\n";
        let text = line.repeat(10_000);
        for e in [WINDOWS_1251, KOI8_R] {
            assert_eq!(detect(&enc(&text, e)).encoding, e);
        }
    }

    proptest! {
        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            for c in [InputEncoding::Auto, InputEncoding::Utf8, InputEncoding::Windows1251,
                      InputEncoding::Koi8R, InputEncoding::Utf16] {
                let _ = decode(&bytes, c);
            }
            let _ = detect(&bytes);
        }

        #[test]
        fn single_byte_decodes_are_lossless(s in "[а-яА-ЯёЁ ,;0-9a-z]{0,60}") {
            for e in [WINDOWS_1251, KOI8_R] {
                let bytes = enc(&s, e);
                let d = decode(&bytes, if e == KOI8_R { InputEncoding::Koi8R }
                                       else { InputEncoding::Windows1251 }).unwrap();
                prop_assert_eq!(d.text, s.clone());
            }
        }
    }
}
