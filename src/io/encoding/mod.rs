//! Input encoding detection and decoding.
//!
//! CIS systems export CSV in UTF-8 (with or without BOM), Windows-1251 and
//! KOI8-R, sometimes UTF-16 with a BOM. [`decode()`] turns a whole file into a
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
//!
//! [`detect()`] weighs the byte-level evidence (steps 1–4, in `detect.rs`) and
//! leaves step 5 to the letter-statistics model in `single_byte.rs`; [`decode()`]
//! (`decode.rs`) decodes with the result. `stream.rs` picks the encoding of a
//! file read as a stream and drops its UTF-8 BOM; `tests.rs` tests them together.

use encoding_rs::Encoding;

mod decode;
mod detect;
mod single_byte;
mod stream;
#[cfg(test)]
mod tests;

pub use decode::decode;
pub use detect::detect;
pub(crate) use stream::{choose_encoding, SkipUtf8Bom};

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
