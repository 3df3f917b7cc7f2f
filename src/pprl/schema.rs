//! The encoding schema: everything both sides must agree on besides the
//! secret — filter length, n-gram size, bits per token, how positions are
//! hashed and how the filters are hardened. It is written into every encoded
//! file's header with its fingerprint; files encoded under another schema are
//! refused.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The schema format this build writes and reads.
pub const SCHEMA_VERSION: u32 = 2;

/// How the name filters are hardened against attacks on their bit patterns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum Hardening {
    /// Plain CLK filters (the baseline the attacks are measured against).
    None,
    /// Balanced filters (Schnell & Borgs 2016): the filter followed by its
    /// complement, permuted under the key, so that every filter has the same
    /// number of ones and the fill rate tells nothing.
    Balance,
    /// XOR-folding (Schnell, Borgs & Encheva 2016): the two halves of the
    /// filter XORed into one of half the length.
    XorFold,
    /// Diffusion (Armknecht, Heng & Schnell, PoPETs 2023): each output bit is
    /// the XOR of `taps` input bits chosen under the key, over `output_bits`
    /// bits; a bit no longer stands for a set of n-grams.
    Diffusion {
        /// Output length in bits (a multiple of 64).
        output_bits: u32,
        /// Input bits XORed into each output bit.
        taps: u32,
    },
}

/// What both sides of an exchange must agree on (besides the secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EncodingSchema {
    /// [`SCHEMA_VERSION`].
    pub version: u32,
    /// Bloom filter length per name field, in bits (a multiple of 64).
    pub filter_bits: u32,
    /// n of the skeleton's n-grams (padded with `_` at both ends).
    pub ngram: u32,
    /// Bits set per n-gram.
    pub bits_per_token: u32,
    /// Position hashing: `random` (each token's positions drawn from a PRNG
    /// seeded by HMAC-SHA256 of the token, not double hashing).
    pub hashing: String,
    /// Hardening of the name filters.
    pub hardening: Hardening,
}

impl Default for EncodingSchema {
    /// The schema dualcit recommends (see the README's threat model):
    /// 1024-bit filters of bigrams, 20 bits each, random hashing, diffusion.
    fn default() -> EncodingSchema {
        EncodingSchema {
            version: SCHEMA_VERSION,
            filter_bits: 1024,
            ngram: 2,
            bits_per_token: 20,
            hashing: "random".into(),
            hardening: Hardening::Diffusion { output_bits: 1024, taps: 3 },
        }
    }
}

impl EncodingSchema {
    /// The plain-CLK baseline: the default schema without hardening.
    pub fn plain() -> EncodingSchema {
        EncodingSchema { hardening: Hardening::None, ..EncodingSchema::default() }
    }

    /// The default schema with another hardening.
    pub fn with_hardening(hardening: Hardening) -> EncodingSchema {
        EncodingSchema { hardening, ..EncodingSchema::default() }
    }

    /// Checks that the schema is one this build can encode and compare.
    pub fn validate(&self) -> crate::Result<()> {
        let bad = |m: String| Err(crate::Error::config(format!("encoding schema: {m}")));
        if self.version != SCHEMA_VERSION {
            return bad(format!("version {} is not this build's version {SCHEMA_VERSION}", self.version));
        }
        if self.filter_bits == 0 || self.filter_bits % 64 != 0 || self.filter_bits > 8192 {
            return bad(format!("filter_bits {} must be a multiple of 64 up to 8192", self.filter_bits));
        }
        if !(1..=4).contains(&self.ngram) {
            return bad(format!("ngram {} must be 1 to 4", self.ngram));
        }
        if !(1..=64).contains(&self.bits_per_token) {
            return bad(format!("bits_per_token {} must be 1 to 64", self.bits_per_token));
        }
        if self.hashing != "random" {
            return bad(format!("hashing '{}' is not known (only 'random')", self.hashing));
        }
        match self.hardening {
            Hardening::XorFold if self.filter_bits % 128 != 0 => bad("xor_fold needs filter_bits a multiple of 128".into()),
            Hardening::Diffusion { output_bits, taps } if output_bits == 0 || output_bits % 64 != 0 || output_bits > 8192 || !(1..=16).contains(&taps) => {
                bad(format!("diffusion needs output_bits a multiple of 64 up to 8192 (got {output_bits}) and 1 to 16 taps (got {taps})"))
            }
            _ => Ok(()),
        }
    }

    /// Length in bits of a name field's encoded filter.
    pub fn encoded_bits(&self) -> u32 {
        match self.hardening {
            Hardening::None => self.filter_bits,
            Hardening::Balance => 2 * self.filter_bits,
            Hardening::XorFold => self.filter_bits / 2,
            Hardening::Diffusion { output_bits, .. } => output_bits,
        }
    }

    /// Words of 64 bits in a name field's encoded filter.
    pub fn encoded_words(&self) -> usize {
        self.encoded_bits() as usize / 64
    }

    /// A fingerprint of the schema: the first 8 bytes of SHA-256 of its JSON, in hex.
    pub fn fingerprint(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        Sha256::digest(&json)[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}
