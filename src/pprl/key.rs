//! The shared secret and the keys derived from it: one HKDF-SHA256 expansion
//! per purpose (each name field's Bloom filter, the birth date's tokens, the
//! blocking keys, the diffusion layer, the key check value), so that no two
//! purposes share a key and a field's bits say nothing about another's.
//!
//! The secret is read from a file (never a flag value, which would land in a
//! shell history and the process list), must carry at least 256 bits, is
//! never printed (its `Debug` is redacted) and is zeroized when dropped.

use sha2::digest::generic_array::GenericArray;
use std::path::Path;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// HMAC-SHA256 (RFC 2104; FIPS 198-1) under one key: the SHA-256 chaining values
/// after the key's inner and its outer pad. They are key-derived, so they are
/// zeroized on drop, which the `hmac` crate's states are not; the hashing itself
/// is `sha2`'s compression function. Checked against RFC 4231 and the `hmac` crate
/// in the tests.
#[derive(Clone)]
pub(crate) struct Prf {
    inner: Zeroizing<[u32; 8]>,
    outer: Zeroizing<[u32; 8]>,
}

/// SHA-256's initial hash value (FIPS 180-4, section 5.3.3).
const SHA256_IV: [u32; 8] = [0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19];

/// SHA-256's block length in bytes.
const BLOCK: usize = 64;

fn compress(state: &mut [u32; 8], block: &[u8]) {
    sha2::compress256(state, std::slice::from_ref(GenericArray::from_slice(block)));
}

/// SHA-256 of `prefix` bytes already absorbed into `state` (whole blocks), then
/// `message`. The working copies are not zeroized: past the pads they are one-way
/// functions of the key and the message, and the key-equivalent states stay in [`Prf`].
fn sha256_from(state: &[u32; 8], prefix: u64, message: &[u8]) -> [u8; 32] {
    let mut s = *state;
    let mut blocks = message.chunks_exact(BLOCK);
    for b in &mut blocks {
        compress(&mut s, b);
    }
    let rest = blocks.remainder();
    // Padding (FIPS 180-4, section 5.1.1): 0x80, zeros, the length in bits, big-endian.
    let mut tail = [0u8; 2 * BLOCK];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let n = if rest.len() + 9 <= BLOCK { BLOCK } else { 2 * BLOCK };
    tail[n - 8..n].copy_from_slice(&((prefix + message.len() as u64) * 8).to_be_bytes());
    for b in tail[..n].chunks_exact(BLOCK) {
        compress(&mut s, b);
    }
    let mut out = [0u8; 32];
    for (o, w) in out.chunks_exact_mut(4).zip(s.iter()) {
        o.copy_from_slice(&w.to_be_bytes());
    }
    out
}

impl Prf {
    /// HMAC-SHA256 keyed with `key` (any length; a key longer than a block is hashed first).
    pub(crate) fn new(key: &[u8]) -> Prf {
        let mut k = Zeroizing::new([0u8; BLOCK]);
        if key.len() > BLOCK {
            k[..32].copy_from_slice(Zeroizing::new(sha256_from(&SHA256_IV, 0, key)).as_ref());
        } else {
            k[..key.len()].copy_from_slice(key);
        }
        let padded = |x: u8| {
            let mut pad = Zeroizing::new([0u8; BLOCK]);
            for (p, b) in pad.iter_mut().zip(k.iter()) {
                *p = b ^ x;
            }
            let mut s = Zeroizing::new(SHA256_IV);
            compress(&mut s, pad.as_ref());
            s
        };
        Prf { inner: padded(0x36), outer: padded(0x5c) }
    }

    /// The 32-byte tag of `message`.
    pub(crate) fn mac(&self, message: &[u8]) -> [u8; 32] {
        let inner = sha256_from(&self.inner, BLOCK as u64, message);
        sha256_from(&self.outer, BLOCK as u64, &inner)
    }
}

/// HKDF-SHA256 (RFC 5869): `out.len()` bytes (at most 255 × 32) of key material from
/// `ikm` under `salt` and `info`; every intermediate is zeroized.
pub(crate) fn hkdf_sha256(salt: &[u8], ikm: &[u8], info: &[u8], out: &mut [u8]) {
    debug_assert!(out.len() <= 255 * 32);
    let prk = Zeroizing::new(Prf::new(salt).mac(ikm));
    let expand = Prf::new(prk.as_ref());
    let mut previous = Zeroizing::new([0u8; 32]);
    let mut message: Zeroizing<Vec<u8>> = Zeroizing::new(Vec::with_capacity(32 + info.len() + 1));
    for (i, chunk) in out.chunks_mut(32).enumerate() {
        // T(i) = HMAC(PRK, T(i - 1) | info | i), T(0) empty.
        message.clear();
        if i > 0 {
            message.extend_from_slice(previous.as_ref());
        }
        message.extend_from_slice(info);
        message.push(i as u8 + 1);
        *previous = expand.mac(&message);
        chunk.copy_from_slice(&previous[..chunk.len()]);
    }
}

/// The least secret length, in bytes (256 bits).
pub const MIN_SECRET_BYTES: usize = 32;

/// HKDF salt: fixes the derivation to this scheme's version.
const SALT: &[u8] = b"dualcit/pprl/v1";

/// A shared secret of at least 256 bits. Both sides of an exchange encode with
/// the same secret; a record encoded under another secret scores like a random
/// pair.
pub struct Secret(Zeroizing<Vec<u8>>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Secret {
    /// A secret from raw bytes (at least [`MIN_SECRET_BYTES`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Secret> {
        if bytes.len() < MIN_SECRET_BYTES {
            return Err(Error::config(format!("the secret has {} bits; at least {} are needed", bytes.len() * 8, MIN_SECRET_BYTES * 8)));
        }
        Ok(Secret(Zeroizing::new(bytes.to_vec())))
    }

    /// Reads a secret file: either raw bytes, or text holding the secret in
    /// hexadecimal (64 hex digits or more, surrounding whitespace ignored, as
    /// `openssl rand -hex 32` writes it).
    pub fn read(path: &Path) -> Result<Secret> {
        let raw = Zeroizing::new(std::fs::read(path).map_err(|e| Error::io(path, e))?);
        let text = std::str::from_utf8(&raw).ok().map(str::trim);
        let secret = match text {
            Some(t) if t.len() >= 2 * MIN_SECRET_BYTES && t.len() % 2 == 0 && t.bytes().all(|b| b.is_ascii_hexdigit()) => {
                let bytes: Zeroizing<Vec<u8>> = Zeroizing::new((0..t.len()).step_by(2).map(|i| u8::from_str_radix(&t[i..i + 2], 16).unwrap_or(0)).collect());
                Secret::from_bytes(&bytes)
            }
            _ => Secret::from_bytes(&raw),
        };
        secret.map_err(|e| Error::format(path, None, None, e.to_string()))
    }

    /// A 32-byte key for one purpose.
    pub(crate) fn derive(&self, purpose: &str) -> Zeroizing<[u8; 32]> {
        let mut out = Zeroizing::new([0u8; 32]);
        hkdf_sha256(SALT, &self.0, purpose.as_bytes(), out.as_mut());
        out
    }

    /// A keyed PRF for one purpose.
    pub(crate) fn prf(&self, purpose: &str) -> Prf {
        Prf::new(self.derive(purpose).as_ref())
    }

    /// The key check value: the first 8 bytes of a PRF output under a key of its
    /// own, in hex. It tells whether two files were encoded under the same secret
    /// and, as a PRF output, says nothing about the secret.
    pub fn check_value(&self) -> String {
        self.prf("key-check").mac(b"dualcit key check value")[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The keyed PRFs of a record's many short tokens (blocking keys, date tokens,
/// initials), on a key derived by HKDF-SHA256 like every other: AES-256 of one
/// 16-byte block for fixed-width messages (a pseudorandom permutation, so a PRF
/// on these inputs; AES-NI makes it one of the cheapest keyed functions there
/// is), keyed BLAKE3 for messages of any length.
pub(crate) struct TokenKey {
    key: Zeroizing<[u8; 32]>,
    aes: aes::Aes256,
}

impl TokenKey {
    /// The first 8 bytes of the keyed BLAKE3 hash of `message`, little-endian.
    pub(crate) fn token(&self, message: &[u8]) -> u64 {
        let h = blake3::keyed_hash(&self.key, message);
        let b = h.as_bytes();
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
    }

    /// The first 8 bytes of AES-256 of one block, little-endian.
    pub(crate) fn block_token(&self, block: [u8; 16]) -> u64 {
        use aes::cipher::BlockEncrypt;
        let mut b = aes::Block::from(block);
        self.aes.encrypt_block(&mut b);
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
    }
}

impl Secret {
    /// A token key for one purpose.
    pub(crate) fn token_key(&self, purpose: &str) -> TokenKey {
        use aes::cipher::KeyInit;
        let key = self.derive(purpose);
        let aes = aes::Aes256::new(&aes::cipher::Key::<aes::Aes256>::from(*key));
        TokenKey { key, aes }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_secrets_are_refused_and_never_shown() {
        assert!(Secret::from_bytes(&[7u8; 31]).is_err());
        let s = Secret::from_bytes(&[7u8; 32]).unwrap();
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
    }

    #[test]
    fn hex_and_raw_files_read_the_same_secret() {
        let dir = tempfile::tempdir().unwrap();
        let raw: Vec<u8> = (0u8..32).collect();
        std::fs::write(dir.path().join("raw"), &raw).unwrap();
        let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
        std::fs::write(dir.path().join("hex"), format!("{hex}\n")).unwrap();
        let a = Secret::read(&dir.path().join("raw")).unwrap();
        let b = Secret::read(&dir.path().join("hex")).unwrap();
        assert_eq!(a.check_value(), b.check_value());
        std::fs::write(dir.path().join("short"), "abcd\n").unwrap();
        let e = Secret::read(&dir.path().join("short")).unwrap_err().to_string();
        assert!(e.contains("at least 256"), "{e}");
    }

    #[test]
    fn purposes_get_distinct_keys() {
        let s = Secret::from_bytes(&[1u8; 32]).unwrap();
        assert_ne!(*s.derive("surname"), *s.derive("given_name"));
        assert_ne!(s.token_key("a").token(b"x"), s.token_key("b").token(b"x"));
        assert_ne!(s.prf("a").mac(b"x"), s.prf("b").mac(b"x"));
    }
}
