//! Sealed records: each record's keyed bits and tokens encrypted and
//! authenticated under a key only holders of the secret can derive.
//!
//! Keyed Bloom filters and tokens are deterministic and similarity-preserving:
//! equal names give equal filters, similar names similar ones, and one date's
//! tokens meet its neighbours'. That is what lets anyone compare them, and it is
//! what frequency and graph-matching attacks exploit (the README's table:
//! 98–100 % of a registry re-identified by an attacker who holds the
//! population, under every filter hardening). A sealed file keeps every
//! record's encodings behind AES-256-GCM:
//!
//! - **Key.** One per file: HKDF-SHA256 of the secret with the info string
//!   `seal/aes-256-gcm/<salt>`, where the salt is 256 random bits written in the
//!   file's header. Two files never share a key, whatever their record counts.
//! - **Nonce.** The record's position in the file (96 bits, little-endian), so a
//!   line moved, dropped or copied from another file does not open.
//! - **Associated data.** The schema's fingerprint, the side, and the record's
//!   clear fields (id, country, sex, answer kind, source line): none of them can
//!   be altered or moved to another record's encodings.
//! - **Fixed length.** The plaintext is every name's three filters (zeros where
//!   there is none), the date's tokens, the IIN token and the blocking keys,
//!   zero-padded to a power of two of at least [`SealLayout::base_bytes`] (2 KiB
//!   for the default schema): whether a name is missing, has a second reading or
//!   a family filter, and how many blocking keys a record has, do not show in
//!   the length. Only answers with more than [`SealLayout::spare_keys`] blocking
//!   keys (61 for the default schema; a few in a thousand answers, none of the
//!   benchmark registries' records) take a longer class.
//!
//! A sealed file can be compared only by a holder of the secret, who opens each
//! record into the same [`EncodedRecord`] an unsealed file holds: the links,
//! decisions and explanations are those of the unsealed file.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce, Tag};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::encode::{slot, EncodedDate, EncodedName, EncodedRecord, Role};
use super::key::Secret;
use super::schema::EncodingSchema;
use crate::record::Sex;

/// The cipher a sealed file names in its header.
pub const SEAL_CIPHER: &str = "aes-256-gcm";

/// Words before a name's filters: meta, initials, loose, fold, fold of the stem.
const NAME_TOKENS: usize = 5;

/// Bytes of the GCM tag after each sealed record.
const TAG_BYTES: usize = 16;

/// The header's note that a file is sealed, and under which salt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SealInfo {
    /// [`SEAL_CIPHER`].
    pub cipher: String,
    /// The file's 256-bit salt, in hex: the file key is derived from the secret and it.
    pub salt: String,
}

impl SealInfo {
    /// The note for a file sealed under `salt`.
    pub fn new(salt: &[u8; 32]) -> SealInfo {
        SealInfo { cipher: SEAL_CIPHER.into(), salt: salt.iter().map(|b| format!("{b:02x}")).collect() }
    }

    /// The salt's bytes, if the note is one this build can open.
    pub(crate) fn salt_bytes(&self) -> std::result::Result<[u8; 32], String> {
        if self.cipher != SEAL_CIPHER {
            return Err(format!("cipher '{}' is not known (only '{SEAL_CIPHER}')", self.cipher));
        }
        let s = self.salt.as_bytes();
        if s.len() != 64 || !s.iter().all(u8::is_ascii_hexdigit) {
            return Err("the salt must be 64 hex digits".into());
        }
        let mut out = [0u8; 32];
        for (i, o) in out.iter_mut().enumerate() {
            *o = u8::from_str_radix(&self.salt[2 * i..2 * i + 2], 16).map_err(|_| "the salt must be 64 hex digits".to_string())?;
        }
        Ok(out)
    }
}

/// Where each part of a record sits in the sealed plaintext (u64 words,
/// little-endian), for a schema's filter length.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SealLayout {
    words: usize,
    passes: usize,
}

impl SealLayout {
    /// The layout for `schema` and a file of `passes` blocking passes.
    pub(crate) fn new(schema: &EncodingSchema, passes: usize) -> SealLayout {
        SealLayout { words: schema.encoded_words(), passes }
    }

    /// Words of one name: its meta word (present, second reading, flags), its initials',
    /// loose and folded spellings' tokens, then the spelling, second-reading and family filters.
    fn name_words(&self) -> usize {
        NAME_TOKENS + 3 * self.words
    }

    /// Words before the blocking keys: three names, the date (precision and tokens), the
    /// IIN token, the number of passes and each pass's number of keys.
    fn fixed_words(&self) -> usize {
        3 * self.name_words() + 1 + slot::N + 1 + 1 + self.passes
    }

    /// Blocking keys a record can hold in the smallest length class beyond
    /// [`Self::fixed_words`] (at least 48).
    pub(crate) fn spare_keys(&self) -> usize {
        self.base_bytes() / 8 - self.fixed_words()
    }

    /// The smallest sealed plaintext, in bytes: a power of two with room for 48 blocking keys
    /// (a registry record has at most 27 in the benchmark sets).
    pub(crate) fn base_bytes(&self) -> usize {
        ((self.fixed_words() + 48) * 8).next_power_of_two()
    }

    /// The plaintext length for a record of `keys` blocking keys.
    fn padded_bytes(&self, keys: usize) -> usize {
        if keys <= self.spare_keys() {
            self.base_bytes()
        } else {
            ((self.fixed_words() + keys) * 8).next_power_of_two()
        }
    }

    /// The record's encodings as the sealed plaintext (before padding).
    fn write(&self, r: &EncodedRecord, out: &mut Vec<u64>) {
        for n in &r.names {
            let present = !n.is_missing();
            out.push(present as u64 | (!n.alt.is_empty() as u64) << 1 | (n.flags as u64) << 8);
            out.extend_from_slice(&[n.initials, n.loose, n.fold, n.fold_stem]);
            for filter in [&n.bits, &n.alt, &n.family] {
                if filter.len() == self.words {
                    out.extend_from_slice(filter);
                } else {
                    out.extend(std::iter::repeat_n(0, self.words));
                }
            }
        }
        out.push(r.date.precision as u64);
        out.extend_from_slice(&r.date.tokens);
        out.push(r.iin);
        out.push(r.blocks.len() as u64);
        out.extend(r.blocks.iter().map(|b| b.len() as u64));
        for b in &r.blocks {
            out.extend_from_slice(b);
        }
    }

    /// The encodings back from an opened plaintext into `r`; `Err` names what is inconsistent.
    fn read(&self, w: &[u64], r: &mut EncodedRecord) -> std::result::Result<(), &'static str> {
        let n = self.words;
        let name = |at: usize| -> std::result::Result<EncodedName, &'static str> {
            let meta = w[at];
            if meta & !0xff03 != 0 || (meta & 1 == 0 && meta != 0) || meta >> 13 > 5 {
                return Err("a name's meta word is not valid");
            }
            let filter = |k: usize| w[at + NAME_TOKENS + k * n..at + NAME_TOKENS + (k + 1) * n].to_vec();
            if meta & 1 == 0 {
                return Ok(EncodedName::missing());
            }
            let bits = filter(0);
            Ok(EncodedName {
                ones: bits.iter().map(|x| x.count_ones()).sum(),
                alt: if meta & 2 != 0 { filter(1) } else { Vec::new() },
                family: filter(2),
                bits,
                flags: (meta >> 8) as u8,
                initials: w[at + 1],
                loose: w[at + 2],
                fold: w[at + 3],
                fold_stem: w[at + 4],
            })
        };
        let names = [name(0)?, name(self.name_words())?, name(2 * self.name_words())?];
        let mut at = 3 * self.name_words();
        let precision = w[at];
        if precision >= 8 || (precision != 0 && precision & 3 == 0) {
            return Err("the date's precision is not valid");
        }
        let mut tokens = [0u64; slot::N];
        tokens.copy_from_slice(&w[at + 1..at + 1 + slot::N]);
        at += 1 + slot::N;
        let iin = w[at];
        let passes = w[at + 1] as usize;
        if passes != self.passes {
            return Err("the number of blocking passes is not the file's");
        }
        at += 2;
        let counts = &w[at..at + passes];
        at += passes;
        let mut blocks = Vec::with_capacity(passes);
        for &c in counts {
            let c = c as usize;
            if c > w.len() - at {
                return Err("blocking keys run past the record");
            }
            blocks.push(w[at..at + c].to_vec());
            at += c;
        }
        if w[at..].iter().any(|&x| x != 0) {
            return Err("the padding is not zero");
        }
        r.names = names;
        r.date = EncodedDate { precision: precision as u8, tokens };
        r.iin = iin;
        r.blocks = blocks;
        Ok(())
    }

    /// What someone without the key can make of a sealed record: its bytes read where the
    /// unsealed layout has each part (the attack harness's view of a sealed file). The
    /// filters are the ciphertext's words, the flags and date precision its low bits.
    pub(crate) fn read_without_key(&self, sealed: &[u8], clear: &EncodedRecord) -> EncodedRecord {
        let w: Vec<u64> = sealed.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))).collect();
        let n = self.words;
        let name = |at: usize| {
            let filter = |k: usize| w[at + NAME_TOKENS + k * n..at + NAME_TOKENS + (k + 1) * n].to_vec();
            let bits = filter(0);
            EncodedName {
                ones: bits.iter().map(|x| x.count_ones()).sum(),
                bits,
                alt: filter(1),
                family: filter(2),
                flags: (w[at] & 7) as u8,
                initials: w[at + 1],
                loose: w[at + 2],
                fold: w[at + 3],
                fold_stem: w[at + 4],
            }
        };
        let at = 3 * self.name_words();
        let mut tokens = [0u64; slot::N];
        tokens.copy_from_slice(&w[at + 1..at + 1 + slot::N]);
        EncodedRecord {
            names: [name(0), name(self.name_words()), name(2 * self.name_words())],
            date: EncodedDate { precision: (w[at] & 3) as u8 | 1, tokens },
            iin: w[at + 1 + slot::N],
            blocks: Vec::new(),
            ..clear.clone()
        }
    }
}

/// Seals and opens the records of one file: the file key (derived from the
/// secret and the file's salt), the layout and what the associated data binds.
pub(crate) struct Sealer {
    cipher: Aes256Gcm,
    layout: SealLayout,
    fingerprint: String,
    role: Role,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(<key redacted>)")
    }
}

impl Sealer {
    /// The sealer of a file of `schema` and `role` with `passes` blocking passes, under
    /// `secret` and the file's `salt`.
    pub(crate) fn new(secret: &Secret, salt: &[u8; 32], schema: &EncodingSchema, role: Role, passes: usize) -> Sealer {
        let purpose: String = format!("seal/{SEAL_CIPHER}/{}", SealInfo::new(salt).salt);
        let key = secret.derive(&purpose);
        let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key.as_ref()));
        Sealer { cipher, layout: SealLayout::new(schema, passes), fingerprint: schema.fingerprint(), role }
    }

    /// The layout of the sealed plaintext.
    pub(crate) fn layout(&self) -> SealLayout {
        self.layout
    }

    fn nonce(index: u64) -> [u8; 12] {
        let mut n = [0u8; 12];
        n[..8].copy_from_slice(&index.to_le_bytes());
        n
    }

    /// The associated data: the file's schema and side, the record's clear fields.
    fn associated(&self, id: &str, country: &str, sex: Sex, kind: Option<&str>, line: u64) -> Vec<u8> {
        let mut ad = Vec::with_capacity(64 + id.len());
        let mut field = |b: &[u8]| {
            ad.extend_from_slice(&(b.len() as u32).to_le_bytes());
            ad.extend_from_slice(b);
        };
        field(b"dualcit-sealed-v1");
        field(self.fingerprint.as_bytes());
        field(&[(self.role == Role::Registry) as u8]);
        field(id.as_bytes());
        field(country.as_bytes());
        field(&[match sex {
            Sex::Male => b'M',
            Sex::Female => b'F',
            Sex::Unknown => b'-',
        }]);
        match kind {
            Some(k) => field(&[b"1", k.as_bytes()].concat()),
            None => field(b"0"),
        }
        field(&line.to_le_bytes());
        ad
    }

    /// The sealed bytes of the record at position `index` of its file: the padded plaintext
    /// encrypted, then the 16-byte tag.
    pub(crate) fn seal(&self, index: u64, r: &EncodedRecord) -> Vec<u8> {
        let mut words = Zeroizing::new(Vec::with_capacity(self.layout.base_bytes() / 8));
        self.layout.write(r, &mut words);
        let keys: usize = r.blocks.iter().map(Vec::len).sum();
        let len = self.layout.padded_bytes(keys);
        let mut buf = Vec::with_capacity(len + TAG_BYTES);
        for w in words.iter() {
            buf.extend_from_slice(&w.to_le_bytes());
        }
        buf.resize(len, 0);
        let ad = self.associated(&r.id, &r.country, r.sex, r.response_kind.as_deref(), r.line);
        // Encryption in place cannot fail below GCM's length limit (64 GiB).
        if let Ok(tag) = self.cipher.encrypt_in_place_detached(Nonce::from_slice(&Self::nonce(index)), &ad, &mut buf) {
            buf.extend_from_slice(&tag);
        }
        buf
    }

    /// Opens the sealed bytes of the record at position `index` into `clear` (its clear
    /// fields already read). `Err` says why it does not open.
    pub(crate) fn open(&self, index: u64, sealed: &mut [u8], clear: &mut EncodedRecord) -> std::result::Result<(), String> {
        let base = self.layout.base_bytes();
        if sealed.len() < base + TAG_BYTES || !(sealed.len() - TAG_BYTES).is_power_of_two() {
            return Err(format!("{} sealed bytes: not a sealed record of this schema", sealed.len()));
        }
        let (body, tag) = sealed.split_at_mut(sealed.len() - TAG_BYTES);
        let ad = self.associated(&clear.id, &clear.country, clear.sex, clear.response_kind.as_deref(), clear.line);
        self.cipher
            .decrypt_in_place_detached(Nonce::from_slice(&Self::nonce(index)), &ad, body, Tag::from_slice(tag))
            .map_err(|_| "does not open: altered, moved from another line or file, or sealed under another secret".to_string())?;
        let words: Zeroizing<Vec<u64>> = Zeroizing::new(body.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))).collect());
        zeroize::Zeroize::zeroize(body);
        if words.len() < self.layout.fixed_words() {
            return Err("too short for the schema".into());
        }
        self.layout.read(&words, clear).map_err(String::from)
    }
}
