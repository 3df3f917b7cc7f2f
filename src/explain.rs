//! Explanations an officer can check: a pair's match weight as the prior plus
//! one term per field (its level and weight in bits) plus the look-alike
//! correction, and the probability they add up to. Every output that explains
//! a pair (matches columns, `explain`, the service's answers, the HTML report)
//! builds it here, from the same weights. Uses `field`, `model` and `decide`.
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `decide`, `field`, `model` and no module above it.

use crate::decide::ScoredPair;
use crate::field::{Comparison, Field};
use crate::model::{probability, Weights};
use crate::record::Sex;

/// One field's part in a pair's match weight.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FieldExplanation {
    /// The field.
    pub field: Field,
    /// Its comparison level.
    pub level: &'static str,
    /// Its weight in bits (log2 m/u).
    pub weight: f64,
}

/// Why a pair scored what it scored: prior plus one term per field.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Explanation {
    /// Prior weight.
    pub prior: f64,
    /// Per-field terms, in [`Field::ALL`] order.
    pub fields: Vec<FieldExplanation>,
    /// Total match weight (prior + fields).
    pub match_weight: f64,
    /// Match probability.
    pub probability: f64,
    /// Surname and given name were compared crosswise.
    pub order_swapped: bool,
    /// The look-alike correction in bits (≤ 0), part of the match weight.
    pub lookalike: f64,
}

impl Explanation {
    /// Explains a comparison under `weights`.
    pub fn new(weights: &Weights, c: &Comparison) -> Explanation {
        let fields: Vec<FieldExplanation> =
            Field::ALL.iter().map(|&f| FieldExplanation { field: f, level: c.level_name(f), weight: weights.weight_in(c, f) }).collect();
        let match_weight = weights.prior() + fields.iter().map(|f| f.weight).sum::<f64>();
        Explanation { prior: weights.prior(), fields, match_weight, probability: probability(match_weight), order_swapped: c.order_swapped, lookalike: 0.0 }
    }

    /// Explains a decided pair: its comparison and its look-alike correction.
    pub fn of_pair(weights: &Weights, p: &ScoredPair) -> Explanation {
        Explanation::new(weights, &p.comparison).with_lookalike(p.lookalike_weight)
    }

    /// Adds a look-alike correction of `bits` (≤ 0) to the weight and the probability.
    pub fn with_lookalike(mut self, bits: f64) -> Explanation {
        if bits != 0.0 {
            self.lookalike = bits;
            self.match_weight += bits;
            self.probability = probability(self.match_weight);
        }
        self
    }

    /// When the recorded sex codes differ and yet the sex term is neutral (`missing`):
    /// one record's code is contradicted by its own given name and patronymic, which
    /// agree with the other record's code, so it is read as a code keyed wrong. Gives
    /// what `explain` and the HTML report say about it beside the waterfall.
    pub fn sex_code_note(&self, registry: Sex, response: Sex) -> Option<&'static str> {
        let slip = registry != Sex::Unknown
            && response != Sex::Unknown
            && registry != response
            && self.fields.iter().any(|f| f.field == Field::Sex && f.level == "missing");
        slip.then_some(
            "the sex codes differ, but one record's code is contradicted by its own given name and patronymic: read as a code keyed wrong, so neutral",
        )
    }
}
