//! Decisions: thresholds and the one-to-one rule.
//!
//! A response record names one person, so it may match at most one registry
//! person; a registry person appears at most once in one state's answer. When
//! two candidates compete and the stronger does not clearly win, both go to
//! `review` — an officer decides, not an arbitrary tie-break.
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `field`, `model`, `names`, `record` and no module above it.

pub(crate) mod lookalike;
pub(crate) mod report;

use crate::field::{Comparison, Field};
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

/// Why a pair was sent to review rather than matched. A pair may have several reasons
/// ([`ReviewReasons`]); the field reasons are the contradictions of the
/// [`DecisionPolicy`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum ReviewReason {
    /// The probability is between the review and match thresholds.
    BelowMatchThreshold,
    /// Another registry person scores almost as well for this response.
    CompetingRegistryCandidate,
    /// Another response record from the same state scores almost as well for this person.
    CompetingResponse,
    /// A man's surname (or one of unknown sex) is another surname: men rarely change
    /// surnames, namesakes share everything else.
    SurnameDiffers,
    /// A woman's surname is another surname: marriage is possible, and an officer must
    /// confirm it from the documents, not the engine.
    SurnameChanged,
    /// The given names are different names (twins, siblings, namesakes).
    GivenNameDiffers,
    /// The given names are only similar: another, close name (Гульнур / Гульнара) or a
    /// loose fuzzy likeness — the names of twins and siblings as often as one name misspelt.
    GivenNameSimilar,
    /// The patronymics name different fathers (cousins and namesakes born the same day).
    PatronymicDiffers,
    /// Same day and month, years far apart: a parent or child with the same name.
    BirthDateFar,
    /// The birth dates have nothing of the error model in common.
    BirthDateDiffers,
    /// The recorded sexes differ.
    SexDiffers,
    /// Both carry an IIN and they differ.
    IinDiffers,
    /// At or above the match threshold, but among the run's lowest-probability
    /// candidates for `match`: accepting them would take the expected precision of the
    /// run's matches below [`DecisionRules::precision_target`].
    BelowPrecisionTarget,
    /// A far weaker record (beyond the tie margin) from the same state for a person that
    /// state's strongest record takes, contradicting the person on no field, or only on
    /// a woman's surname beside agreeing fields: the person's other record (a state
    /// reports a citizenship and a registration as two rows, perhaps under her maiden
    /// and her married name) or a namesake's, whose record lacks what would tell them apart.
    AnotherRecord,
    /// Below the review threshold, but the answer's only candidate and contradicting the
    /// person on no field, with at least two identity fields agreeing
    /// ([`is_consistent_pair`](crate::is_consistent_pair)): the answer lacks the fields
    /// that would decide (a birth date, a father's name), and nobody else in the registry
    /// fits it.
    OnlyCandidate,
}

impl ReviewReason {
    /// Every reason, in output order.
    pub const ALL: [ReviewReason; 15] = [
        ReviewReason::BelowMatchThreshold,
        ReviewReason::OnlyCandidate,
        ReviewReason::BelowPrecisionTarget,
        ReviewReason::CompetingRegistryCandidate,
        ReviewReason::CompetingResponse,
        ReviewReason::AnotherRecord,
        ReviewReason::SurnameDiffers,
        ReviewReason::SurnameChanged,
        ReviewReason::GivenNameDiffers,
        ReviewReason::GivenNameSimilar,
        ReviewReason::PatronymicDiffers,
        ReviewReason::BirthDateFar,
        ReviewReason::BirthDateDiffers,
        ReviewReason::SexDiffers,
        ReviewReason::IinDiffers,
    ];

    /// The reasons that are contradictions between two records' fields (the ones a
    /// [`DecisionPolicy`] may forbid `match` for).
    pub const CONTRADICTIONS: [ReviewReason; 9] = [
        ReviewReason::SurnameDiffers,
        ReviewReason::SurnameChanged,
        ReviewReason::GivenNameDiffers,
        ReviewReason::GivenNameSimilar,
        ReviewReason::PatronymicDiffers,
        ReviewReason::BirthDateFar,
        ReviewReason::BirthDateDiffers,
        ReviewReason::SexDiffers,
        ReviewReason::IinDiffers,
    ];

    /// Name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            ReviewReason::BelowMatchThreshold => "below_match_threshold",
            ReviewReason::CompetingRegistryCandidate => "competing_registry_candidate",
            ReviewReason::CompetingResponse => "competing_response",
            ReviewReason::SurnameDiffers => "surname_differs",
            ReviewReason::SurnameChanged => "surname_changed",
            ReviewReason::GivenNameDiffers => "given_name_differs",
            ReviewReason::GivenNameSimilar => "given_name_similar",
            ReviewReason::PatronymicDiffers => "patronymic_differs",
            ReviewReason::BirthDateFar => "birth_date_far",
            ReviewReason::BirthDateDiffers => "birth_date_differs",
            ReviewReason::SexDiffers => "sex_differs",
            ReviewReason::IinDiffers => "iin_differs",
            ReviewReason::BelowPrecisionTarget => "below_precision_target",
            ReviewReason::AnotherRecord => "another_record",
            ReviewReason::OnlyCandidate => "only_candidate",
        }
    }

    /// The reason with this output name.
    pub fn from_name(name: &str) -> Option<ReviewReason> {
        ReviewReason::ALL.into_iter().find(|r| r.name() == name)
    }

    /// What the reason means, in an officer's words.
    pub fn description(self) -> &'static str {
        match self {
            ReviewReason::BelowMatchThreshold => "the probability is below the match threshold",
            ReviewReason::CompetingRegistryCandidate => "another registry person fits this answer almost as well",
            ReviewReason::CompetingResponse => "another answer from the same state fits this person almost as well",
            ReviewReason::SurnameDiffers => "another surname (a man's, or of unknown sex): men rarely change surnames",
            ReviewReason::SurnameChanged => "a woman's other surname: confirm a marriage from the documents",
            ReviewReason::GivenNameDiffers => "different given names: twins, siblings or namesakes",
            ReviewReason::GivenNameSimilar => "given names that are only similar: another, close name",
            ReviewReason::PatronymicDiffers => "different fathers' names: cousins or namesakes",
            ReviewReason::BirthDateFar => "same day and month, years far apart: a parent or child with the same name",
            ReviewReason::BirthDateDiffers => "the birth dates disagree beyond the error model",
            ReviewReason::SexDiffers => "the recorded sexes differ",
            ReviewReason::IinDiffers => "the IINs differ",
            ReviewReason::BelowPrecisionTarget => {
                "among the run's least certain matches: the run raised its match threshold to keep the expected precision of its matches at the target"
            }
            ReviewReason::AnotherRecord => {
                "a far weaker record from the same state for a person that state's stronger record takes, contradicting the person on no field (or only on a woman's surname): the person's other record, or a namesake's"
            }
            ReviewReason::OnlyCandidate => {
                "below the review threshold, but the answer's only candidate and contradicting the person on no field: the answer lacks what would decide (a birth date, a father's name)"
            }
        }
    }
}

/// A set of [`ReviewReason`]s, written in outputs as their names joined by `+` in
/// [`ReviewReason::ALL`] order (`surname_changed+competing_response`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ReviewReasons(u16);

impl ReviewReasons {
    /// No reason.
    pub const NONE: ReviewReasons = ReviewReasons(0);

    /// The set holding one reason.
    pub fn one(r: ReviewReason) -> ReviewReasons {
        ReviewReasons(1 << r as u16)
    }

    /// The set as bits (1 << reason).
    pub(crate) fn bits(self) -> u16 {
        self.0
    }

    /// The set of [`ReviewReasons::bits`].
    pub(crate) fn from_bits(bits: u16) -> ReviewReasons {
        ReviewReasons(bits)
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether `r` is in the set.
    pub fn contains(self, r: ReviewReason) -> bool {
        self.0 & (1 << r as u16) != 0
    }

    /// Adds `r`.
    pub fn insert(&mut self, r: ReviewReason) {
        self.0 |= 1 << r as u16;
    }

    /// Removes `r`.
    pub fn remove(&mut self, r: ReviewReason) {
        self.0 &= !(1 << r as u16);
    }

    /// The reasons in both sets.
    pub fn intersection(self, other: ReviewReasons) -> ReviewReasons {
        ReviewReasons(self.0 & other.0)
    }

    /// The reasons, in output order.
    pub fn iter(self) -> impl Iterator<Item = ReviewReason> {
        ReviewReason::ALL.into_iter().filter(move |r| self.contains(*r))
    }

    /// Parses `a+b+c` (the output form; empty = none).
    pub fn parse(text: &str) -> Option<ReviewReasons> {
        let mut out = ReviewReasons::NONE;
        for part in text.split('+').map(str::trim).filter(|p| !p.is_empty()) {
            out.insert(ReviewReason::from_name(part)?);
        }
        Some(out)
    }
}

impl FromIterator<ReviewReason> for ReviewReasons {
    fn from_iter<I: IntoIterator<Item = ReviewReason>>(iter: I) -> Self {
        let mut out = ReviewReasons::NONE;
        for r in iter {
            out.insert(r);
        }
        out
    }
}

impl std::fmt::Display for ReviewReasons {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, r) in self.iter().enumerate() {
            if i > 0 {
                f.write_str("+")?;
            }
            f.write_str(r.name())?;
        }
        Ok(())
    }
}

impl serde::Serialize for ReviewReasons {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for ReviewReasons {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        ReviewReasons::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown review reason in '{text}'")))
    }
}

/// The fields of a comparison that speak against the same person, whatever the policy:
/// another surname (a woman's: `surname_changed`), given names that differ or are only
/// similar (`similar` or `fuzzy_low`), another father's name (`similar` or `different`
/// patronymic), a birth date far off (`year_far`) or outside the error model
/// (`different`), another sex, another IIN. Spelling noise (`typo`, `fuzzy_high`, a
/// surname's `fuzzy_low`), missing fields and the date errors of the model are not
/// contradictions.
pub(crate) fn contradictions(c: &Comparison) -> ReviewReasons {
    use crate::field::{DateLevel, SURNAME_CHANGED};
    use crate::names::NameLevel;
    let mut out = ReviewReasons::NONE;
    let name = |f: Field| c.level(f);
    let (different, similar, fuzzy_low) = (NameLevel::Different as u8, NameLevel::Similar as u8, NameLevel::FuzzyLow as u8);
    match name(Field::Surname) {
        l if l == SURNAME_CHANGED => out.insert(ReviewReason::SurnameChanged),
        l if l == different || l == similar => out.insert(ReviewReason::SurnameDiffers),
        _ => {}
    }
    match name(Field::GivenName) {
        l if l == different => out.insert(ReviewReason::GivenNameDiffers),
        l if l == similar || l == fuzzy_low => out.insert(ReviewReason::GivenNameSimilar),
        _ => {}
    }
    if matches!(name(Field::Patronymic), l if l == different || l == similar) {
        out.insert(ReviewReason::PatronymicDiffers);
    }
    match name(Field::BirthDate) {
        l if l == DateLevel::YearFar as u8 => out.insert(ReviewReason::BirthDateFar),
        l if l == DateLevel::Different as u8 => out.insert(ReviewReason::BirthDateDiffers),
        _ => {}
    }
    if c.level(Field::Sex) == crate::field::SAME_DIFFERENT {
        out.insert(ReviewReason::SexDiffers);
    }
    if c.level(Field::Iin) == crate::field::SAME_DIFFERENT {
        out.insert(ReviewReason::IinDiffers);
    }
    out
}

/// Which contradictions forbid an automatic `match`: a pair with one of them goes to
/// `review` with the contradiction as its reason, however high its probability.
///
/// [`DecisionPolicy::strict`] (the default) forbids every contradiction: an automatic
/// `match` feeds legal action, and a record that contradicts the registry person on a
/// field is a look-alike as often as the person. [`DecisionPolicy::score_only`] decides
/// on the probability alone (Fellegi–Sunter as published). [`DecisionPolicy::allow`]
/// relaxes one check (e.g. `surname_changed` where marriages are confirmed elsewhere).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DecisionPolicy {
    /// The contradictions that forbid `match`.
    forbid: ReviewReasons,
}

impl Default for DecisionPolicy {
    fn default() -> Self {
        DecisionPolicy::strict()
    }
}

impl DecisionPolicy {
    /// Every contradiction forbids `match` (the default).
    pub fn strict() -> DecisionPolicy {
        DecisionPolicy { forbid: ReviewReason::CONTRADICTIONS.into_iter().collect() }
    }

    /// The probability alone decides.
    pub fn score_only() -> DecisionPolicy {
        DecisionPolicy { forbid: ReviewReasons::NONE }
    }

    /// The policy named `strict` or `score`.
    pub fn from_name(name: &str) -> Option<DecisionPolicy> {
        match name {
            "strict" => Some(DecisionPolicy::strict()),
            "score" | "score_only" => Some(DecisionPolicy::score_only()),
            _ => None,
        }
    }

    /// This policy without the check `r` (a reason that is no contradiction is ignored).
    pub fn allow(mut self, r: ReviewReason) -> DecisionPolicy {
        self.forbid.remove(r);
        self
    }

    /// This policy with the check `r` (a reason that is no contradiction is ignored).
    pub fn forbid(mut self, r: ReviewReason) -> DecisionPolicy {
        if ReviewReason::CONTRADICTIONS.contains(&r) {
            self.forbid.insert(r);
        }
        self
    }

    /// The contradictions this policy checks.
    pub fn checks(&self) -> ReviewReasons {
        self.forbid
    }

    /// The contradictions of `c` that this policy forbids `match` for.
    pub fn blocking(&self, c: &Comparison) -> ReviewReasons {
        contradictions(c).intersection(self.forbid)
    }

    /// A pair's decision before the one-to-one rule: `match` at or above the match
    /// threshold with no forbidden contradiction, else `review` with its reasons (the
    /// contradictions, and `below_match_threshold` when the probability is below it).
    pub fn decide_pair(&self, probability: f64, c: &Comparison, thresholds: &Thresholds) -> (Decision, ReviewReasons) {
        let mut reasons = self.blocking(c);
        if probability < thresholds.match_probability {
            reasons.insert(ReviewReason::BelowMatchThreshold);
        }
        if reasons.is_empty() {
            (Decision::Match, reasons)
        } else {
            (Decision::Review, reasons)
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
    /// Total match weight (prior, fields and look-alike correction).
    pub match_weight: f64,
    /// The look-alike correction in bits (≤ 0; see [`Calibration`](crate::Calibration)), part of `match_weight`.
    pub lookalike_weight: f64,
    /// Match probability.
    pub probability: f64,
    /// The blocking pass that found the pair.
    pub pass: u8,
    /// Outcome, once decided.
    pub decision: Decision,
    /// Why the decision is `review` (empty for `match`).
    pub review_reason: ReviewReasons,
}

/// Decision rules.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct DecisionRules {
    /// Probability thresholds.
    pub thresholds: Thresholds,
    /// A competitor within this many bits of the best makes both `review`.
    pub tie_margin: f64,
    /// Which contradictions forbid `match`.
    #[serde(default)]
    pub policy: DecisionPolicy,
    /// The least expected precision (mean probability) a batch run's `match` decisions
    /// may have: where the pairs at or above the match threshold would fall below it
    /// (many look-alikes near the threshold), the run raises its match threshold until
    /// they do not, and the pairs left out are `review` with `below_precision_target`.
    /// 0 turns it off. Default [`DEFAULT_PRECISION_TARGET`].
    #[serde(default = "default_precision_target")]
    pub precision_target: f64,
}

/// Default [`DecisionRules::precision_target`]: a wrong automatic match in 200 at most.
pub const DEFAULT_PRECISION_TARGET: f64 = 0.995;

fn default_precision_target() -> f64 {
    DEFAULT_PRECISION_TARGET
}

impl Default for DecisionRules {
    fn default() -> Self {
        DecisionRules {
            thresholds: Thresholds::default(),
            tie_margin: DEFAULT_TIE_MARGIN,
            policy: DecisionPolicy::default(),
            precision_target: DEFAULT_PRECISION_TARGET,
        }
    }
}

/// Default tie margin: a competitor with at least 1/16 of the best pair's odds.
pub const DEFAULT_TIE_MARGIN: f64 = 4.0;

/// Counts of what the one-to-one rule did.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct DecisionStats {
    /// Pairs at or above the review threshold.
    pub above_review: u64,
    /// Pairs dropped because a clearly stronger pair took their response or person.
    pub superseded: u64,
    /// Pairs sent to review because of a near tie.
    pub ties: u64,
    /// Far weaker records from one state for a person its strongest record takes,
    /// contradicting the person on no field: kept for review (`another_record`)
    /// instead of dropped.
    pub other_records: u64,
    /// Consistent pairs below the review threshold written for review as their answer's
    /// only candidate (`only_candidate`).
    pub only_candidates: u64,
    /// Pairs decided `match`.
    pub matches: u64,
    /// Pairs decided `review`.
    pub reviews: u64,
    /// Pairs at or above the match threshold sent to review by a contradiction of the
    /// policy (before the one-to-one rule).
    pub contradicted: u64,
    /// The match threshold the run used when the precision target raised it (the lowest
    /// probability still `match`; 1 when no pair could be), else none.
    pub raised_match_threshold: Option<f64>,
    /// Pairs sent to review by the precision target.
    pub below_precision_target: u64,
}

impl DecisionStats {
    /// Adds the counts of decisions taken apart (a spread merge's components); the
    /// raised match threshold is the run's, set by its caller.
    pub(crate) fn add(&mut self, o: &DecisionStats) {
        self.above_review += o.above_review;
        self.superseded += o.superseded;
        self.ties += o.ties;
        self.other_records += o.other_records;
        self.only_candidates += o.only_candidates;
        self.matches += o.matches;
        self.reviews += o.reviews;
        self.contradicted += o.contradicted;
        self.below_precision_target += o.below_precision_target;
        self.raised_match_threshold = self.raised_match_threshold.or(o.raised_match_threshold);
    }
}

/// Applies thresholds and the one-to-one rule. Input order does not matter;
/// the output is sorted by (response file, response, registry).
pub(crate) fn decide(mut pairs: Vec<ScoredPair>, rules: &DecisionRules) -> (Vec<ScoredPair>, DecisionStats) {
    let mut stats = DecisionStats::default();
    decide_each(&mut pairs, rules, &mut stats);
    hold_precision_target(&mut pairs, rules.precision_target, &mut stats);
    one_to_one(&mut pairs, rules, &mut stats);
    // The target holds for the decisions that stand: a near tie may have taken some of
    // the most probable matches to review and lowered the mean of the rest.
    hold_precision_target(&mut pairs, rules.precision_target, &mut stats);
    finish(&mut pairs, &mut stats);
    (pairs, stats)
}

/// Each pair on its own: the thresholds and the policy (the first step of [`decide`]).
pub(crate) fn decide_each(pairs: &mut Vec<ScoredPair>, rules: &DecisionRules, stats: &mut DecisionStats) {
    let t = rules.thresholds;
    // Near pairs (one contradiction beside three agreeing identity fields) are for an officer whatever their probability.
    // So are the consistent pairs below it that come marked as their answer's only
    // candidate (`only_candidate`, by `link::calibrate`).
    let only = |p: &ScoredPair| p.probability < t.review_probability && p.review_reason.contains(ReviewReason::OnlyCandidate);
    pairs.retain(|p| p.probability >= t.review_probability || lookalike::is_near(&p.comparison) || only(p));
    stats.above_review += pairs.len() as u64;
    for p in pairs.iter_mut() {
        let only = only(p);
        (p.decision, p.review_reason) = rules.policy.decide_pair(p.probability, &p.comparison, &t);
        if only {
            p.review_reason.insert(ReviewReason::OnlyCandidate);
            stats.only_candidates += 1;
        }
        if p.decision == Decision::Review && !p.review_reason.contains(ReviewReason::BelowMatchThreshold) {
            stats.contradicted += 1;
        }
    }
}

/// The one-to-one rule: one registry person per response record, then one response
/// record per registry person and answering country. Pairs that share neither a
/// response record nor a person and country never meet, so the rule applied to each
/// connected component of the pairs apart gives what it gives to all of them.
pub(crate) fn one_to_one(pairs: &mut Vec<ScoredPair>, rules: &DecisionRules, stats: &mut DecisionStats) {
    // One registry person per response record.
    one_per_group(pairs, |p| (p.response_file as u64) << 32 | p.response as u64, ReviewReason::CompetingRegistryCandidate, rules.tie_margin, false, stats);
    // One response record per registry person and answering country.
    one_per_group(pairs, |p| (p.registry as u64) << 32 | p.country as u64, ReviewReason::CompetingResponse, rules.tie_margin, true, stats);
}

/// Output order (response file, response, registry) and the decision counts.
pub(crate) fn finish(pairs: &mut [ScoredPair], stats: &mut DecisionStats) {
    pairs.sort_by_key(|p| (p.response_file, p.response, p.registry));
    let matches = pairs.iter().filter(|p| p.decision == Decision::Match).count() as u64;
    stats.matches += matches;
    stats.reviews += pairs.len() as u64 - matches;
}

/// Keeps the expected precision (mean probability) of the pairs that are `match` on their
/// own at `target` or above: the largest set of the most probable ones whose mean stays
/// there (pairs of equal probability all in or all out), the rest to `review`. Sorted
/// sums: the result does not depend on the order of `pairs` or on threads.
fn hold_precision_target(pairs: &mut [ScoredPair], target: f64, stats: &mut DecisionStats) {
    let mut ps: Vec<f64> = pairs.iter().filter(|p| p.decision == Decision::Match).map(|p| p.probability).collect();
    ps.sort_by(|a, b| b.total_cmp(a));
    let mut groups: Vec<(f64, u64)> = Vec::new();
    for v in ps {
        match groups.last_mut() {
            Some((g, n)) if *g == v => *n += 1,
            _ => groups.push((v, 1)),
        }
    }
    if let Some(floor) = precision_floor(&groups, target) {
        apply_precision_floor(pairs, floor, stats);
    }
}

/// The match threshold the precision target sets, from the `match` pairs' probabilities
/// as (value, how many) in decreasing order of value: `None` when every one may stay
/// `match`, else the lowest probability that may (1 when none may). The sum runs value by
/// value in that order, so grouped counts gathered from anywhere give the same floor.
pub(crate) fn precision_floor(groups: &[(f64, u64)], target: f64) -> Option<f64> {
    if target <= 0.0 {
        return None;
    }
    let (mut sum, mut count, mut floor) = (0.0, 0u64, None);
    for &(v, n) in groups {
        let mut s = sum;
        for _ in 0..n {
            s += v;
        }
        if s / (count + n) as f64 >= target {
            (sum, count, floor) = (s, count + n, Some(v));
        } else {
            return Some(floor.unwrap_or(1.0));
        }
    }
    None
}

/// Sends the `match` pairs below `floor` ([`precision_floor`]) to review.
pub(crate) fn apply_precision_floor(pairs: &mut [ScoredPair], floor: f64, stats: &mut DecisionStats) {
    stats.raised_match_threshold = Some(floor);
    for p in pairs.iter_mut().filter(|p| p.decision == Decision::Match && p.probability < floor) {
        p.decision = Decision::Review;
        p.review_reason.insert(ReviewReason::BelowPrecisionTarget);
        stats.below_precision_target += 1;
    }
}

/// Whether a far weaker pair for a person another record of the same state takes may be
/// the person's other record (`another_record`): it contradicts the person on no field,
/// or only on a woman's surname beside agreeing fields (a near pair whose one
/// contradiction is `surname_changed`: her record under the other of her two surnames).
fn another_record(c: &Comparison) -> bool {
    let contra = contradictions(c);
    contra.is_empty() || (contra == ReviewReasons::one(ReviewReason::SurnameChanged) && lookalike::is_near(c))
}

/// The one-to-one rule within each group (one response record, or one registry person
/// and answering state): the strongest pair stands; a pair within `margin` bits of it
/// makes both `review` with `reason`; weaker pairs are dropped (superseded). With
/// `several_records`, the group's pairs that are `match` on their own, when the strongest
/// is one of them, are records of one answer and do not compete with each other (a state
/// reports a person's citizenship, property and visa as three records); a close
/// competitor that is not `match` sends them all to `review`, and a weaker record that
/// contradicts the person on no field stays as `review` (`another_record`) instead of
/// being dropped.
fn one_per_group(
    pairs: &mut Vec<ScoredPair>,
    group: impl Fn(&ScoredPair) -> u64,
    reason: ReviewReason,
    margin: f64,
    several_records: bool,
    stats: &mut DecisionStats,
) {
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
        let answer = several_records && pairs[start].decision == Decision::Match;
        let of_answer = |p: &ScoredPair| answer && p.decision == Decision::Match;
        let mut tied = false;
        for i in start + 1..end {
            if of_answer(&pairs[i]) {
                continue;
            }
            if best - pairs[i].match_weight < margin {
                tied = true;
                pairs[i].decision = Decision::Review;
                pairs[i].review_reason.insert(reason);
                stats.ties += 1;
            } else if several_records && another_record(&pairs[i].comparison) {
                // Far weaker but contradicting the person on nothing (a record without
                // the father's name beside a full one), or only on a woman's surname (a
                // record under her maiden name beside one under her married name): the
                // person's other record as often as a namesake's or a sister-in-law's,
                // so an officer sees it rather than nobody.
                pairs[i].decision = Decision::Review;
                pairs[i].review_reason.insert(ReviewReason::AnotherRecord);
                stats.other_records += 1;
            } else {
                keep[i] = false;
                stats.superseded += 1;
            }
        }
        if tied {
            for (i, p) in pairs[start..end].iter_mut().enumerate() {
                if i == 0 || of_answer(p) {
                    p.decision = Decision::Review;
                    p.review_reason.insert(reason);
                    stats.ties += 1;
                }
            }
        }
        start = end;
    }
    let mut k = keep.into_iter();
    pairs.retain(|_| k.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::N_FIELDS;
    use crate::model::Thresholds;

    fn pair(registry: u32, response: u32, w: f64) -> ScoredPair {
        ScoredPair {
            registry,
            response_file: 0,
            response,
            country: 0,
            comparison: Comparison { levels: [0; N_FIELDS], order_swapped: false, tf_adjust: [0.0; 2] },
            match_weight: w,
            lookalike_weight: 0.0,
            probability: crate::model::probability(w),
            pass: 0,
            decision: Decision::Review,
            review_reason: ReviewReasons::NONE,
        }
    }

    #[test]
    fn thresholds_split_match_review_and_drop() {
        let (out, st) = decide(vec![pair(0, 0, 10.0), pair(1, 1, 0.5), pair(2, 2, -5.0)], &DecisionRules::default());
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].decision, Decision::Match);
        assert_eq!(out[1].decision, Decision::Review);
        assert_eq!(out[1].review_reason, ReviewReasons::one(ReviewReason::BelowMatchThreshold));
        assert_eq!((st.matches, st.reviews), (1, 1));
    }

    #[test]
    fn one_response_one_person_and_ties_go_to_review() {
        // Response 0: registry 0 clearly wins over registry 1.
        // Response 1: registries 2 and 3 are within the margin.
        let (out, st) = decide(vec![pair(1, 0, 8.0), pair(0, 0, 20.0), pair(2, 1, 15.0), pair(3, 1, 14.0)], &DecisionRules::default());
        let got: Vec<_> = out.iter().map(|p| (p.response, p.registry, p.decision)).collect();
        assert_eq!(got, vec![(0, 0, Decision::Match), (1, 2, Decision::Review), (1, 3, Decision::Review)]);
        assert_eq!(out[1].review_reason, ReviewReasons::one(ReviewReason::CompetingRegistryCandidate));
        assert_eq!(st.superseded, 1);
    }

    /// A comparison with the named levels of the identity fields, sex and IIN.
    fn levels(names: [&str; 6]) -> Comparison {
        let fields = [Field::Surname, Field::GivenName, Field::Patronymic, Field::BirthDate, Field::Sex, Field::Iin];
        let mut l = [0u8; N_FIELDS];
        for (f, name) in fields.iter().zip(names) {
            l[*f as usize] = f.levels().iter().position(|n| *n == name).unwrap_or_else(|| panic!("{f:?} has no level {name}")) as u8;
        }
        Comparison { levels: l, order_swapped: false, tf_adjust: [0.0; 2] }
    }

    #[test]
    fn each_contradiction_is_named_and_spelling_noise_is_not() {
        use ReviewReason::*;
        let cases: [([&str; 6], &[ReviewReason]); 14] = [
            (["exact", "exact", "exact", "exact", "same", "missing"], &[]),
            (["typo", "fuzzy_high", "typo", "day_off", "missing", "missing"], &[]),
            (["fuzzy_low", "initial", "missing", "placeholder", "same", "same"], &[]),
            (["different", "exact", "exact", "exact", "same", "missing"], &[SurnameDiffers]),
            (["similar", "exact", "exact", "exact", "same", "missing"], &[SurnameDiffers]),
            (["changed", "exact", "exact", "exact", "same", "missing"], &[SurnameChanged]),
            (["exact", "different", "exact", "exact", "same", "missing"], &[GivenNameDiffers]),
            (["exact", "similar", "exact", "exact", "same", "missing"], &[GivenNameSimilar]),
            (["exact", "fuzzy_low", "exact", "exact", "same", "missing"], &[GivenNameSimilar]),
            (["exact", "exact", "different", "exact", "same", "missing"], &[PatronymicDiffers]),
            (["exact", "exact", "similar", "year_far", "same", "missing"], &[PatronymicDiffers, BirthDateFar]),
            (["exact", "exact", "exact", "different", "same", "missing"], &[BirthDateDiffers]),
            (["exact", "exact", "exact", "exact", "different", "missing"], &[SexDiffers]),
            (["exact", "exact", "exact", "exact", "same", "different"], &[IinDiffers]),
        ];
        for (names, want) in cases {
            let c = levels(names);
            let got: Vec<ReviewReason> = contradictions(&c).iter().collect();
            assert_eq!(got, want, "{names:?}");
            let (decision, reasons) = DecisionPolicy::strict().decide_pair(0.9999, &c, &Thresholds::default());
            assert_eq!(decision == Decision::Match, want.is_empty(), "{names:?}");
            assert_eq!(reasons.iter().collect::<Vec<_>>(), want);
            let (decision, reasons) = DecisionPolicy::score_only().decide_pair(0.9999, &c, &Thresholds::default());
            assert!(decision == Decision::Match && reasons.is_empty(), "{names:?}: the score alone decides");
        }
    }

    #[test]
    fn review_reasons_print_and_parse_in_output_order() {
        let mut r = ReviewReasons::one(ReviewReason::CompetingResponse);
        r.insert(ReviewReason::SurnameChanged);
        r.insert(ReviewReason::BelowMatchThreshold);
        assert_eq!(r.to_string(), "below_match_threshold+competing_response+surname_changed");
        assert_eq!(ReviewReasons::parse(&r.to_string()), Some(r));
        assert_eq!(ReviewReasons::parse(""), Some(ReviewReasons::NONE));
        assert_eq!(ReviewReasons::parse("nonsense"), None);
    }

    #[test]
    fn the_precision_target_keeps_the_most_probable_matches_whose_mean_holds_it() {
        let with_p = |registry: u32, p: f64| {
            let mut x = pair(registry, registry, (p / (1.0 - p)).log2());
            x.probability = p;
            x
        };
        // 8 near-certain matches and 4 at 0.96: all 12 average 0.9866, under 0.995; the 8
        // alone hold it. Pairs of equal probability go together.
        let mut pairs: Vec<ScoredPair> = (0..8).map(|i| with_p(i, 0.9999)).chain((8..12).map(|i| with_p(i, 0.96))).collect();
        pairs.push(with_p(12, 0.7));
        let (out, st) = decide(pairs.clone(), &DecisionRules::default());
        assert_eq!(st.raised_match_threshold, Some(0.9999));
        assert_eq!((st.matches, st.below_precision_target), (8, 4));
        for p in &out {
            let want = if p.probability >= 0.9999 {
                ReviewReasons::NONE
            } else if p.probability >= 0.95 {
                ReviewReasons::one(ReviewReason::BelowPrecisionTarget)
            } else {
                ReviewReasons::one(ReviewReason::BelowMatchThreshold)
            };
            assert_eq!(p.review_reason, want, "{}", p.probability);
        }
        // The order of the input does not matter.
        pairs.reverse();
        assert_eq!(decide(pairs.clone(), &DecisionRules::default()).0, out);
        // Off, or a target the matches hold: nothing moves.
        let off = DecisionRules { precision_target: 0.0, ..DecisionRules::default() };
        let (_, st) = decide(pairs.clone(), &off);
        assert_eq!((st.matches, st.raised_match_threshold), (12, None));
        let low = DecisionRules { precision_target: 0.98, ..DecisionRules::default() };
        assert_eq!(decide(pairs.clone(), &low).1.matches, 12);
        // Not even the most probable reach it: no match at all.
        let (_, st) = decide(vec![with_p(0, 0.96), with_p(1, 0.97)], &DecisionRules::default());
        assert_eq!((st.matches, st.raised_match_threshold, st.below_precision_target), (0, Some(1.0), 2));
    }

    #[test]
    fn the_precision_target_holds_for_the_matches_the_one_to_one_rule_leaves() {
        let with_p = |registry: u32, response: u32, p: f64| {
            let mut x = pair(registry, response, (p / (1.0 - p)).log2());
            x.probability = p;
            x
        };
        // Three matches on their own average 0.9967, over 0.995; but two are a near tie
        // for one answer and go to review, and the third alone (0.99) is under it.
        let pairs = vec![with_p(0, 0, 0.99999), with_p(1, 0, 0.99998), with_p(2, 1, 0.99)];
        let (out, st) = decide(pairs, &DecisionRules::default());
        assert_eq!(st.matches, 0, "{out:?}");
        assert_eq!((st.raised_match_threshold, st.below_precision_target), (Some(1.0), 1));
        let third = out.iter().find(|p| p.registry == 2).unwrap();
        assert_eq!(third.review_reason, ReviewReasons::one(ReviewReason::BelowPrecisionTarget));
        // Without the tie the three stand.
        let pairs = vec![with_p(0, 0, 0.99999), with_p(1, 2, 0.99998), with_p(2, 1, 0.99)];
        let (_, st) = decide(pairs, &DecisionRules::default());
        assert_eq!((st.matches, st.raised_match_threshold), (3, None));
    }

    #[test]
    fn one_answer_per_person_and_country_may_be_several_records() {
        // Two records of one state that are `match` on their own (a citizenship and a
        // property of one person): both stand; a third record below the match threshold
        // and far weaker is kept for review as the person's other record where it
        // contradicts the person on nothing, and dropped where it names another father.
        let mut cousin = pair(0, 3, 2.0);
        cousin.comparison.levels[Field::Patronymic as usize] = crate::names::NameLevel::Different as u8;
        let (out, st) = decide(vec![pair(0, 0, 20.0), pair(0, 1, 10.0), pair(0, 2, 2.0), cousin], &DecisionRules::default());
        let got: Vec<_> = out.iter().map(|p| (p.response, p.decision, p.review_reason.to_string())).collect();
        let review = |r: u32| (r, Decision::Review, "below_match_threshold+another_record".to_string());
        assert_eq!(got, vec![(0, Decision::Match, String::new()), (1, Decision::Match, String::new()), review(2)]);
        assert_eq!((st.superseded, st.ties, st.other_records), (1, 0, 1));
        // A close competitor that is not `match` (another given name) sends the whole
        // answer to review: the records and the competitor.
        let mut twin = pair(0, 1, 18.0);
        twin.comparison.levels[Field::GivenName as usize] = crate::names::NameLevel::Different as u8;
        let (out, st) = decide(vec![pair(0, 0, 20.0), twin, pair(0, 2, 15.0)], &DecisionRules::default());
        assert!(out.iter().all(|p| p.decision == Decision::Review && p.review_reason.contains(ReviewReason::CompetingResponse)), "{out:?}");
        assert_eq!((out.len(), st.ties), (3, 3));
        // The registry side stays one to one: one answer record is one person.
        let (out, _) = decide(vec![pair(0, 0, 20.0), pair(1, 0, 10.0)], &DecisionRules::default());
        assert_eq!(out.iter().map(|p| p.registry).collect::<Vec<_>>(), vec![0]);
    }

    #[test]
    fn a_womans_record_under_her_other_surname_is_another_record() {
        // Beside her record that is `match`, a far weaker one of the same state that
        // differs only in the surname (her maiden name) stays for review; one that also
        // names another father is a look-alike's (a sister-in-law's) and is dropped.
        let changed = |response: u32, patronymic: crate::names::NameLevel| {
            let mut p = pair(0, response, 2.0);
            p.comparison.levels[Field::Surname as usize] = crate::field::SURNAME_CHANGED;
            p.comparison.levels[Field::Patronymic as usize] = patronymic as u8;
            p
        };
        assert!(lookalike::is_near(&changed(1, crate::names::NameLevel::Exact).comparison));
        let (out, st) = decide(
            vec![pair(0, 0, 20.0), changed(1, crate::names::NameLevel::Exact), changed(2, crate::names::NameLevel::Different)],
            &DecisionRules::default(),
        );
        let got: Vec<_> = out.iter().map(|p| (p.response, p.review_reason.to_string())).collect();
        assert_eq!(got, vec![(0, String::new()), (1, "below_match_threshold+another_record+surname_changed".to_string())]);
        assert_eq!((st.superseded, st.other_records), (1, 1));
    }
}
