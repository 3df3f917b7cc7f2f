//! Detecting the encoding from byte-level evidence: a byte-order mark, the NUL
//! pattern of BOM-less UTF-16, UTF-8 validity, and a UTF-8 file with a few damaged
//! bytes. Telling Windows-1251 from KOI8-R is left to `single_byte.rs`.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use super::single_byte::choose_single_byte;
use super::Detected;

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
pub(super) fn detect_non_utf8(bytes: &[u8]) -> Detected {
    let (good, bad) = utf8_evidence(bytes);
    if good > 0 && good >= 2 * bad {
        // A UTF-8 file with a few damaged bytes, not a single-byte file.
        let conf = good as f32 / (good + bad) as f32;
        return Detected { encoding: UTF_8, had_bom: false, confidence: conf.clamp(0.5, 0.99) };
    }
    let (enc, confidence) = choose_single_byte(bytes);
    Detected { encoding: enc, had_bom: false, confidence }
}

/// BOM-less UTF-16 guess: text files in the other encodings contain no NUL
/// bytes, while UTF-16 of ASCII-heavy CSV has a NUL in every other byte.
pub(super) fn utf16_by_nuls(bytes: &[u8]) -> Option<&'static Encoding> {
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
