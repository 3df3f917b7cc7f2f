//! Fellegi–Sunter scoring: per field and level an m and a u probability, the
//! log2 match weight log2(m/u), a prior, and the probability that follows.
//!
//! The prior is stated per response record — the share of responses expected
//! to have their person in the registry — and turned into a per-pair prior
//! when the registry size is known, so one model fits registries of any size.
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `error`, `field`, `files`, `names` and no module above it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::field::{Comparison, Field, N_FIELDS};

/// Format tag of model files.
pub const MODEL_FORMAT: &str = "dualcit-model";
/// Model file version this build reads and writes.
pub const MODEL_VERSION: u32 = 2;

const DEFAULT_MODEL_JSON: &str = include_str!("../data/default_model.json");

/// m and u of one comparison level.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LevelParams {
    /// P(level | the records are the same person).
    pub m: f64,
    /// P(level | the records are different people).
    pub u: f64,
}

/// Decision thresholds on the match probability.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Thresholds {
    /// At or above: `match`.
    #[serde(rename = "match")]
    pub match_probability: f64,
    /// At or above (and below `match`): `review`. Below: not written.
    #[serde(rename = "review")]
    pub review_probability: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Model::default().thresholds
    }
}

/// A scoring model: what each comparison level is worth.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Model {
    /// Always [`MODEL_FORMAT`].
    pub format: String,
    /// File version, [`MODEL_VERSION`].
    pub version: u32,
    /// Where the parameters came from.
    #[serde(default)]
    pub description: String,
    /// Expected share of response records whose person is in the registry.
    pub response_match_share: f64,
    /// Default decision thresholds.
    pub thresholds: Thresholds,
    /// m/u per field and level name.
    pub fields: BTreeMap<Field, BTreeMap<String, LevelParams>>,
    /// Term-frequency adjustment of name weights.
    #[serde(default)]
    pub term_frequency: TermFrequencyConfig,
    /// Look-alike shares stated before any data (see [`Calibration`](crate::Calibration)): a
    /// single query uses them; a batch run measures its own and shrinks toward them.
    #[serde(default)]
    pub lookalike: LookalikeShares,
}

/// Term-frequency adjustment: when two records share a surname (or given
/// name) the evidence is log2(m / f) where f is that name's frequency in the
/// registry, instead of the level's average u — sharing `Ахметов` says less
/// than sharing a rare name.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct TermFrequencyConfig {
    /// Adjust surname weights.
    pub surname: bool,
    /// Adjust given-name weights.
    pub given_name: bool,
    /// Frequencies below this count as this (a name seen once in a small
    /// registry is not proof); bounds the largest adjusted weight.
    pub min_u: f64,
    /// Only names with at least this many registry records are adjusted.
    pub min_count: u32,
    /// A spelling carried by at least this many registry records is a name in its own
    /// right ("attested"): two close spellings that are both attested are two names
    /// (`similar`), not a typo of one.
    #[serde(default = "default_attested_min_count")]
    pub attested_min_count: u32,
}

fn default_attested_min_count() -> u32 {
    3
}

impl Default for TermFrequencyConfig {
    fn default() -> Self {
        TermFrequencyConfig { surname: true, given_name: true, min_u: 0.0005, min_count: 1, attested_min_count: default_attested_min_count() }
    }
}

impl Default for Model {
    /// The shipped default model (`src/data/default_model.json`).
    fn default() -> Model {
        match Model::from_json(DEFAULT_MODEL_JSON, None) {
            Ok(m) => m,
            // The shipped file is checked by a unit test; this cannot happen in a released build.
            Err(e) => panic!("shipped default model is invalid: {e}"),
        }
    }
}

impl Model {
    /// Parses and validates a model; `path` is only used in error messages.
    pub fn from_json(text: &str, path: Option<&Path>) -> Result<Model> {
        let model: Model = serde_json::from_str(text).map_err(|e| Error::model(path, format!("line {}: {e}", e.line())))?;
        model.validate(path)?;
        Ok(model)
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Model> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Model::from_json(&text, Some(path))
    }

    /// Writes the model as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<()> {
        let text = self.to_json();
        crate::files::write_atomically(path, |w| w.write_all(text.as_bytes()))
    }

    /// The model as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks a model that did not come through [`Model::from_json`] (e.g. one
    /// stored inside a saved index).
    pub(crate) fn validate_public(&self, path: Option<&Path>) -> Result<()> {
        self.validate(path)
    }

    fn validate(&self, path: Option<&Path>) -> Result<()> {
        if self.format != MODEL_FORMAT {
            return Err(Error::model(path, format!("not a dualcit model (format '{}')", self.format)));
        }
        if self.version != MODEL_VERSION {
            return Err(Error::model(path, format!("model version {} is not supported (this build reads version {MODEL_VERSION})", self.version)));
        }
        if !(self.response_match_share > 0.0 && self.response_match_share <= 1.0) {
            return Err(Error::model(path, "response_match_share must be in (0, 1]"));
        }
        let tf = self.term_frequency;
        if !(tf.min_u > 0.0 && tf.min_u <= 1.0) {
            return Err(Error::model(path, "term_frequency.min_u must be in (0, 1]"));
        }
        let t = self.thresholds;
        if !(0.0..=1.0).contains(&t.review_probability) || !(0.0..=1.0).contains(&t.match_probability) || t.review_probability > t.match_probability {
            return Err(Error::model(path, "thresholds must satisfy 0 <= review <= match <= 1"));
        }
        for f in Field::ALL {
            let levels = self.fields.get(&f).ok_or_else(|| Error::model(path, format!("field '{}' is missing", f.name())))?;
            for name in f.levels() {
                let p = levels.get(*name).ok_or_else(|| Error::model(path, format!("field '{}' has no level '{name}'", f.name())))?;
                if !(p.m > 0.0 && p.m <= 1.0 && p.u > 0.0 && p.u <= 1.0) {
                    return Err(Error::model(path, format!("field '{}' level '{name}': m and u must be in (0, 1]", f.name())));
                }
            }
            if let Some(extra) = levels.keys().find(|k| !f.levels().contains(&k.as_str())) {
                return Err(Error::model(path, format!("field '{}' has unknown level '{extra}' (known: {})", f.name(), f.levels().join(", "))));
            }
        }
        Ok(())
    }

    /// Precomputes the weight table for a registry of `registry_size` records.
    pub fn weights(&self, registry_size: usize) -> Weights {
        let mut table = [[0.0; MAX_LEVELS]; N_FIELDS];
        for f in Field::ALL {
            for (code, name) in f.levels().iter().enumerate() {
                if let Some(p) = self.fields.get(&f).and_then(|l| l.get(*name)) {
                    table[f as usize][code] = if *name == "missing" { 0.0 } else { (p.m / p.u).log2() };
                }
            }
        }
        let lambda = (self.response_match_share / registry_size.max(1) as f64).min(0.999_999);
        let mut u = [[1.0; MAX_LEVELS]; N_FIELDS];
        for f in Field::ALL {
            for (code, name) in f.levels().iter().enumerate() {
                if let Some(p) = self.fields.get(&f).and_then(|l| l.get(*name)) {
                    u[f as usize][code] = p.u;
                }
            }
        }
        Weights { table, u, tf: self.term_frequency, prior: (lambda / (1.0 - lambda)).log2() }
    }
}

/// Most levels any field has.
pub(crate) const MAX_LEVELS: usize = 12;

/// A model's weights, ready for the pair loop.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    table: [[f64; MAX_LEVELS]; N_FIELDS],
    u: [[f64; MAX_LEVELS]; N_FIELDS],
    tf: TermFrequencyConfig,
    prior: f64,
}

impl Weights {
    /// The prior match weight, log2 of the prior odds for one pair.
    pub fn prior(&self) -> f64 {
        self.prior
    }

    /// Weight of one field at one level, before any term-frequency adjustment.
    pub fn field_weight(&self, f: Field, level: u8) -> f64 {
        self.table[f as usize].get(level as usize).copied().unwrap_or(0.0)
    }

    /// u of one field's level (1 for levels the model does not know).
    pub fn u_of(&self, f: Field, level: u8) -> f64 {
        self.u[f as usize].get(level as usize).copied().unwrap_or(1.0)
    }

    /// Weight of one field in a comparison, term-frequency adjustment included.
    pub fn weight_in(&self, c: &Comparison, f: Field) -> f64 {
        let base = self.field_weight(f, c.level(f));
        match f {
            Field::Surname => base + c.tf_adjust[0] as f64,
            Field::GivenName => base + c.tf_adjust[1] as f64,
            _ => base,
        }
    }

    /// Sets the term-frequency adjustments of `c` from the registry record's
    /// name frequencies: for the levels that mean "the same name" (exact,
    /// skeleton), log2(u_level / max(frequency, min_u)).
    /// `surname_freq` and `given_freq` are the shares of registry records with
    /// the registry record's surname and given name (0 = unknown: no adjustment).
    pub fn adjust_for_frequency(&self, c: &mut Comparison, surname_freq: f32, given_freq: f32) {
        let adjust = |f: Field, on: bool, freq: f32| -> f32 {
            let level = c.level(f);
            if !on || freq <= 0.0 || level > crate::names::NameLevel::Skeleton as u8 {
                return 0.0;
            }
            let u = self.u[f as usize][level as usize];
            (u / (freq as f64).max(self.tf.min_u)).log2() as f32
        };
        // The registry side of the surname comparison is always the registry surname,
        // also when the response's names were read crosswise.
        c.tf_adjust = [adjust(Field::Surname, self.tf.surname, surname_freq), adjust(Field::GivenName, self.tf.given_name, given_freq)];
    }

    /// The largest weight a field can add, term-frequency adjustment included
    /// (an upper bound for early exits).
    pub fn max_weight(&self, f: Field) -> f64 {
        let levels = f.levels().len();
        let base = self.table[f as usize][..levels].iter().copied().fold(f64::NEG_INFINITY, f64::max).max(0.0);
        let tf_on = match f {
            Field::Surname => self.tf.surname,
            Field::GivenName => self.tf.given_name,
            _ => false,
        };
        if !tf_on {
            return base;
        }
        // The adjustment applies to the exact and skeleton levels: log2(u / min_u) at most.
        let boost = (0..=crate::names::NameLevel::Skeleton as usize)
            .map(|l| self.table[f as usize][l] + (self.u[f as usize][l] / self.tf.min_u).log2().max(0.0))
            .fold(f64::NEG_INFINITY, f64::max);
        base.max(boost)
    }

    /// Sum of the field weights (no prior), term-frequency adjustments included.
    pub fn evidence(&self, c: &Comparison) -> f64 {
        Field::ALL.iter().map(|&f| self.weight_in(c, f)).sum()
    }

    /// Total match weight: prior plus every field's weight.
    pub fn match_weight(&self, c: &Comparison) -> f64 {
        self.prior + self.evidence(c)
    }
}

/// The match weight of a probability threshold (its log2 odds; ±∞ at 1 and 0):
/// the weight below which a pair cannot reach that probability.
pub(crate) fn weight_of(probability: f64) -> f64 {
    if probability <= 0.0 {
        f64::NEG_INFINITY
    } else if probability >= 1.0 {
        f64::INFINITY
    } else {
        (probability / (1.0 - probability)).log2()
    }
}

/// A probability as an integer mass in units of 1e-12 (truncated): sums of these do
/// not depend on the order they are added in, so a run's figures are the same on any
/// number of threads and in shares summed on other machines.
pub(crate) fn mass_units(p: f64) -> u64 {
    (p * 1e12) as u64
}

/// An integer mass of [`mass_units`] as a probability sum.
pub(crate) fn from_mass_units(units: u128) -> f64 {
    units as f64 * 1e-12
}

/// Probability from a match weight: 2^w / (1 + 2^w).
pub fn probability(match_weight: f64) -> f64 {
    let odds = match_weight.exp2();
    if odds.is_infinite() {
        1.0
    } else {
        odds / (1.0 + odds)
    }
}

/// The look-alike shares a model states before it has seen data (per identity field:
/// the share of stratum pairs carrying the field that are somebody else), used alone
/// by a single query and as the shrinkage target of a run's estimate.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LookalikeShares {
    /// Surname stratum (given name, patronymic, birth date agree).
    pub surname: f64,
    /// Given-name stratum.
    pub given_name: f64,
    /// Patronymic stratum.
    pub patronymic: f64,
    /// Birth-date stratum.
    pub birth_date: f64,
}

impl Default for LookalikeShares {
    /// 2 % per field: a cautious stance for a single query, and small against any run's
    /// own evidence (see `decide::lookalike`'s shrinkage).
    fn default() -> Self {
        LookalikeShares { surname: 0.02, given_name: 0.02, patronymic: 0.02, birth_date: 0.02 }
    }
}

impl LookalikeShares {
    pub(crate) fn get(&self) -> [f64; 4] {
        [self.surname, self.given_name, self.patronymic, self.birth_date]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_model_is_valid_and_round_trips() {
        let m = Model::default();
        let back = Model::from_json(&m.to_json(), None).unwrap();
        assert_eq!(m, back);
    }

    #[test]
    fn invalid_models_are_refused_with_reasons() {
        let mut v: serde_json::Value = serde_json::from_str(DEFAULT_MODEL_JSON).unwrap();
        v["version"] = 99.into();
        let e = Model::from_json(&v.to_string(), None).unwrap_err();
        assert!(e.to_string().contains("version 99"), "{e}");
        let mut v: serde_json::Value = serde_json::from_str(DEFAULT_MODEL_JSON).unwrap();
        v["fields"]["sex"]["same"]["m"] = 0.0.into();
        assert!(Model::from_json(&v.to_string(), None).is_err());
        let mut v: serde_json::Value = serde_json::from_str(DEFAULT_MODEL_JSON).unwrap();
        v["fields"]["sex"].as_object_mut().unwrap().remove("different");
        assert!(Model::from_json(&v.to_string(), None).unwrap_err().to_string().contains("different"));
        assert!(Model::from_json("{", None).is_err());
        let mut v: serde_json::Value = serde_json::from_str(DEFAULT_MODEL_JSON).unwrap();
        v["term_frequency"]["min_u"] = 0.0.into();
        assert!(Model::from_json(&v.to_string(), None).unwrap_err().to_string().contains("min_u"));
    }

    #[test]
    fn weights_follow_m_over_u() {
        let m = Model::default();
        let w = m.weights(1000);
        let p = m.fields[&Field::Sex]["different"];
        assert!((w.field_weight(Field::Sex, 2) - (p.m / p.u).log2()).abs() < 1e-12);
        assert_eq!(w.field_weight(Field::Sex, Field::Sex.missing_level()), 0.0);
        let lambda = m.response_match_share / 1000.0;
        assert!((w.prior() - (lambda / (1.0 - lambda)).log2()).abs() < 1e-9);
        assert!((probability(0.0) - 0.5).abs() < 1e-12);
        assert_eq!(probability(5000.0), 1.0);
        assert!(probability(-5000.0) < 1e-300);
    }
}
