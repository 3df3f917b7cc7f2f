//! Decisions: thresholds and the one-to-one rule.
//!
//! A response record names one person, so it may match at most one registry
//! person; a registry person appears at most once in one state's answer. When
//! two candidates compete and the stronger does not clearly win, both go to
//! `review` — an officer decides, not an arbitrary tie-break.

pub mod report;

use crate::compare::Comparison;
use crate::model::Thresholds;

/// What dualcit concludes about a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Likely the same person.
    Match,
    /// Needs an officer's review.
    Review,
}

impl Decision {
    /// Name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Decision::Match => "match",
            Decision::Review => "review",
        }
    }
}

/// Why a pair was sent to review rather than matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewReason {
    /// The probability is between the review and match thresholds.
    BelowMatchThreshold,
    /// Another registry person scores almost as well for this response.
    CompetingRegistryCandidate,
    /// Another response record from the same state scores almost as well for this person.
    CompetingResponse,
}

impl ReviewReason {
    /// Name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            ReviewReason::BelowMatchThreshold => "below_match_threshold",
            ReviewReason::CompetingRegistryCandidate => "competing_registry_candidate",
            ReviewReason::CompetingResponse => "competing_response",
        }
    }
}

/// A scored candidate pair.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoredPair {
    /// Position of the registry record.
    pub registry: u32,
    /// Position of the response file among the inputs.
    pub response_file: u32,
    /// Position of the record in its response file.
    pub response: u32,
    /// Index of the answering country (shared by files of the same country).
    pub country: u32,
    /// Field levels.
    pub comparison: Comparison,
    /// Total match weight (prior included).
    pub match_weight: f64,
    /// Match probability.
    pub probability: f64,
    /// The blocking pass that found the pair.
    pub pass: u8,
    /// Outcome, once decided.
    pub decision: Decision,
    /// Set when the decision is `review` for a reason.
    pub review_reason: Option<ReviewReason>,
}

/// Decision rules.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DecisionRules {
    /// Probability thresholds.
    pub thresholds: Thresholds,
    /// A competitor within this many bits of the best makes both `review`.
    pub tie_margin: f64,
}

impl Default for DecisionRules {
    fn default() -> Self {
        DecisionRules { thresholds: Thresholds::default(), tie_margin: DEFAULT_TIE_MARGIN }
    }
}

/// Default tie margin: a competitor with at least 1/16 of the best pair's odds.
pub const DEFAULT_TIE_MARGIN: f64 = 4.0;

/// Counts of what the one-to-one rule did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct DecisionStats {
    /// Pairs at or above the review threshold.
    pub above_review: u64,
    /// Pairs dropped because a clearly stronger pair took their response or person.
    pub superseded: u64,
    /// Pairs sent to review because of a near tie.
    pub ties: u64,
    /// Pairs decided `match`.
    pub matches: u64,
    /// Pairs decided `review`.
    pub reviews: u64,
}

/// Applies thresholds and the one-to-one rule. Input order does not matter;
/// the output is sorted by (response file, response, registry).
pub fn decide(mut pairs: Vec<ScoredPair>, rules: &DecisionRules) -> (Vec<ScoredPair>, DecisionStats) {
    let mut stats = DecisionStats::default();
    let t = rules.thresholds;
    pairs.retain(|p| p.probability >= t.review_probability);
    stats.above_review = pairs.len() as u64;
    for p in &mut pairs {
        if p.probability >= t.match_probability {
            p.decision = Decision::Match;
            p.review_reason = None;
        } else {
            p.decision = Decision::Review;
            p.review_reason = Some(ReviewReason::BelowMatchThreshold);
        }
    }
    // One registry person per response record.
    one_per_group(&mut pairs, |p| (p.response_file as u64) << 32 | p.response as u64, ReviewReason::CompetingRegistryCandidate, rules.tie_margin, &mut stats);
    // One response record per registry person and answering country.
    one_per_group(&mut pairs, |p| (p.registry as u64) << 32 | p.country as u64, ReviewReason::CompetingResponse, rules.tie_margin, &mut stats);
    pairs.sort_by_key(|p| (p.response_file, p.response, p.registry));
    stats.matches = pairs.iter().filter(|p| p.decision == Decision::Match).count() as u64;
    stats.reviews = pairs.len() as u64 - stats.matches;
    (pairs, stats)
}

fn one_per_group(pairs: &mut Vec<ScoredPair>, group: impl Fn(&ScoredPair) -> u64, reason: ReviewReason, margin: f64, stats: &mut DecisionStats) {
    // Strongest first within each group; ties broken by position for determinism.
    pairs.sort_by(|a, b| {
        group(a).cmp(&group(b)).then(b.match_weight.total_cmp(&a.match_weight)).then((a.response_file, a.response, a.registry).cmp(&(
            b.response_file,
            b.response,
            b.registry,
        )))
    });
    let mut keep = vec![true; pairs.len()];
    let mut start = 0;
    while start < pairs.len() {
        let g = group(&pairs[start]);
        let end = start + pairs[start..].iter().take_while(|p| group(p) == g).count();
        let best = pairs[start].match_weight;
        let mut tied = false;
        for i in start + 1..end {
            if best - pairs[i].match_weight < margin {
                tied = true;
                pairs[i].decision = Decision::Review;
                pairs[i].review_reason = Some(reason);
                stats.ties += 1;
            } else {
                keep[i] = false;
                stats.superseded += 1;
            }
        }
        if tied {
            pairs[start].decision = Decision::Review;
            pairs[start].review_reason = Some(reason);
            stats.ties += 1;
        }
        start = end;
    }
    let mut k = keep.into_iter();
    pairs.retain(|_| k.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::N_FIELDS;

    fn pair(registry: u32, response: u32, w: f64) -> ScoredPair {
        ScoredPair {
            registry,
            response_file: 0,
            response,
            country: 0,
            comparison: Comparison { levels: [0; N_FIELDS], order_swapped: false, tf_adjust: [0.0; 2] },
            match_weight: w,
            probability: crate::model::probability(w),
            pass: 0,
            decision: Decision::Review,
            review_reason: None,
        }
    }

    #[test]
    fn thresholds_split_match_review_and_drop() {
        let (out, st) = decide(vec![pair(0, 0, 10.0), pair(1, 1, 0.5), pair(2, 2, -5.0)], &DecisionRules::default());
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].decision, Decision::Match);
        assert_eq!(out[1].decision, Decision::Review);
        assert_eq!(out[1].review_reason, Some(ReviewReason::BelowMatchThreshold));
        assert_eq!((st.matches, st.reviews), (1, 1));
    }

    #[test]
    fn one_response_one_person_and_ties_go_to_review() {
        // Response 0: registry 0 clearly wins over registry 1.
        // Response 1: registries 2 and 3 are within the margin.
        let (out, st) = decide(vec![pair(1, 0, 8.0), pair(0, 0, 20.0), pair(2, 1, 15.0), pair(3, 1, 14.0)], &DecisionRules::default());
        let got: Vec<_> = out.iter().map(|p| (p.response, p.registry, p.decision)).collect();
        assert_eq!(got, vec![(0, 0, Decision::Match), (1, 2, Decision::Review), (1, 3, Decision::Review)]);
        assert_eq!(out[1].review_reason, Some(ReviewReason::CompetingRegistryCandidate));
        assert_eq!(st.superseded, 1);
    }

    #[test]
    fn one_person_per_country() {
        let (out, _) = decide(vec![pair(0, 0, 20.0), pair(0, 1, 10.0)], &DecisionRules::default());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].response, 0);
    }
}
