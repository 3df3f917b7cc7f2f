//! Decoding a whole file into a `String`, in the encoding the caller names or the
//! detected one, with the offset and line of the first malformed byte as the error.

use encoding_rs::{Encoding, KOI8_R, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1251};

use super::detect::{detect_non_utf8, utf16_by_nuls};
use super::{Decoded, EncodingError, InputEncoding};

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
