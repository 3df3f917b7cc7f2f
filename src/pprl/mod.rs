//! Privacy-preserving linkage across scripts: link a registry and partner
//! answers that were exchanged as keyed encodings instead of names and birth
//! dates.
//!
//! Classic CLKs (keyed Bloom filters of a name's n-grams) of "Нұрсұлтан" and
//! "Noursoultan" share nothing; dualcit encodes the script-independent
//! skeleton (with its second reading and its stem) instead of the raw text, so
//! the encodings of one person written in two scripts overlap as the
//! plaintext skeletons do. The birth date is encoded as keyed tokens of the
//! date and of its one-error neighbours, so the date error model (swap, day
//! or year ±1, one digit, century, placeholder, partial) is read back exactly;
//! blocking keys are keyed hashes of the plaintext passes' keys. From the
//! comparison on, an encoded run is the plaintext run: the same model,
//! decision policy, one-to-one rule and explanations (levels and weights, no
//! names).
//!
//! - [`Secret`] — at least 256 bits, read from a file, never shown, zeroized;
//!   per-purpose keys by HKDF-SHA256; a key check value in every file's header.
//! - [`EncodingSchema`] — filter length, n-grams, bits per token, hashing,
//!   [`Hardening`]; versioned and fingerprinted.
//! - [`Encoder`] → [`EncodedRecord`]s, [`EncodedSet`] (the JSON Lines file),
//!   written sealed ([`EncodedSet::write_sealed`]: each record encrypted and
//!   authenticated under a per-file key, fixed length) or unsealed.
//! - [`link_encoded`] → the same [`crate::LinkResult`] as a plaintext run.
//! - [`AttackHarness`] — frequency and graph-matching attacks by an attacker
//!   with a fully overlapping plaintext population and its own key; the share
//!   of records re-identified one-to-one ([`AttackOutcome`]), on unsealed and on
//!   sealed files ([`AttackHarness::run_sealed`]).
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `link`, `index`, `decide`, `compare`,
//! `model`, `field`, `blocking`, `prepare`, `names`, `record`, `error` and no
//! module above it.

mod attack;
mod compare;
mod encode;
mod file;
mod key;
mod link;
mod schema;
mod seal;

pub use attack::{hardening_name, Attack, AttackHarness, AttackOutcome};
pub use compare::{dice, DiceLevels};
pub use encode::{EncodedDate, EncodedName, EncodedRecord, Encoder, Role};
pub use file::{EncodedSet, Header, ENCODED_FORMAT};
pub use key::{Secret, MIN_SECRET_BYTES};
pub use link::{encoded_passes, link_encoded};
pub use schema::{EncodingSchema, Hardening, SCHEMA_VERSION};
pub use seal::{SealInfo, SEAL_CIPHER};

#[cfg(test)]
mod tests;
