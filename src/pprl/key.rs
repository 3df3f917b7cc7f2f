//! The shared secret and the keys derived from it: one HKDF-SHA256 expansion
//! per purpose (each name field's Bloom filter, the birth date's tokens, the
//! blocking keys, the diffusion layer, the key check value), so that no two
//! purposes share a key and a field's bits say nothing about another's.
//!
//! The secret is read from a file (never a flag value, which would land in a
//! shell history and the process list), must carry at least 256 bits, is
//! never printed (its `Debug` is redacted) and is zeroized when dropped.

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::path::Path;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// HMAC-SHA256, the keyed PRF of every token.
pub(crate) type Prf = Hmac<Sha256>;

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
        let hk = Hkdf::<Sha256>::new(Some(SALT), &self.0);
        let mut out = Zeroizing::new([0u8; 32]);
        // 32 bytes is far below HKDF-SHA256's limit of 255 × 32.
        hk.expand(purpose.as_bytes(), out.as_mut()).unwrap_or(());
        out
    }

    /// A keyed PRF for one purpose.
    pub(crate) fn prf(&self, purpose: &str) -> Prf {
        let key = self.derive(purpose);
        // HMAC takes keys of any length.
        <Prf as Mac>::new_from_slice(key.as_ref()).unwrap_or_else(|_| unreachable_prf())
    }

    /// The key check value: the first 8 bytes of a PRF output under a key of its
    /// own, in hex. It tells whether two files were encoded under the same secret
    /// and, as a PRF output, says nothing about the secret.
    pub fn check_value(&self) -> String {
        let mut m = self.prf("key-check");
        m.update(b"dualcit key check value");
        m.finalize().into_bytes()[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

fn unreachable_prf() -> Prf {
    // HMAC accepts every key length; kept total for safety.
    <Prf as Mac>::new_from_slice(&[0u8; 32]).expect("HMAC takes any key length")
}

/// A keyed BLAKE3 PRF for the many short tokens of a record (blocking keys,
/// date tokens, initials): one compression per token where HMAC-SHA256 takes
/// two, on a key derived by HKDF-SHA256 like every other.
pub(crate) struct TokenKey(Zeroizing<[u8; 32]>);

impl TokenKey {
    /// The first 8 bytes of the keyed BLAKE3 hash of `message`, little-endian.
    pub(crate) fn token(&self, message: &[u8]) -> u64 {
        let h = blake3::keyed_hash(&self.0, message);
        let b = h.as_bytes();
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
    }
}

impl Secret {
    /// A token key for one purpose.
    pub(crate) fn token_key(&self, purpose: &str) -> TokenKey {
        TokenKey(self.derive(purpose))
    }
}

/// The whole 32-byte PRF output.
pub(crate) fn block(prf: &Prf, message: &[u8]) -> [u8; 32] {
    let mut m = prf.clone();
    m.update(message);
    m.finalize().into_bytes().into()
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
        assert_ne!(block(&s.prf("a"), b"x"), block(&s.prf("b"), b"x"));
    }
}
