//! Look-alike calibration: how often, **on the data at hand**, a candidate that
//! agrees on every identity field but one is somebody else — and what that
//! does to a pair whose remaining field is missing or contradicts.
//!
//! Fellegi–Sunter multiplies per-field evidence as if fields were independent.
//! Among the answers partner states send back they are not: a cousin born the
//! same day shares surname, given name and birth date and differs only in the
//! patronymic; a namesake with another birth date differs only in the date; a
//! twin only in the given name. Such a look-alike agrees on three identity
//! fields at once far more often than the product of random-pair u says, and
//! when the fourth field is missing (a dropped patronymic, an unknown date) the
//! model sees a perfect match.
//!
//! The rate is measured, not assumed. For each identity field X (surname,
//! given name, patronymic, birth date), take the candidate pairs that agree on
//! the three others (the *stratum* of X). Where both records carry X, it either
//! agrees or contradicts. True pairs contradict X at the rate the model's m
//! says (`c`, typos and errors); look-alikes, which differ from the person in X,
//! agree only by chance (`a`, the model's u of the agreeing levels). So
//!
//! ```text
//! look-alikes L = (contradicting − c · observed) / (1 − a − c),  share ℓ = L / observed,
//! ```
//!
//! shrunk toward the model's stated share with [`PSEUDO_PAIRS`] pseudo-pairs so a
//! small run does not swing it. Assuming X is missing as often for look-alikes
//! as for true pairs, a pair of the stratum with X **missing** is the person with
//! probability 1 − ℓ; a pair with X **contradicting** with probability
//! c · (observed − L) / contradicting. Several missing fields multiply. A pair's
//! probability is then the smaller of the model's and this one — the
//! calibration never makes the engine more sure.
//!
//! A field at a level between agreement and contradiction (a date error, an initial)
//! is weighed by the model's m and u against the stratum's look-alike share. Where the
//! level shows only part of the value — a year-only or `01.01` birth date, a given name's
//! or a patronymic's initial — what matters is how often a look-alike agrees on that part, and that is
//! measured too: the share of the stratum's contradicting pairs (both dates full) born
//! the same year, or whose given names (patronymics) share the initial (namesakes are born in the same
//! years more often than random pairs; twins' names often share a letter). Such a pair is
//! the person with probability (1 − ℓ) / ((1 − ℓ) + ℓ · q), q that share, if that is lower.
//! The same share tells how much more often than random pairs (the model's u) the run's
//! namesakes are born in the same year, κ = max(1, q / u-share); a date error that keeps
//! the year or moves it by one (a day or a digit off, a swap, the year ±1) is weighed
//! with the look-alikes' u raised by κ. The correction appears in every
//! explanation as its own term (`lookalike_weight`, in bits).

use serde::Serialize;

use super::{contradictions, ReviewReason};
use crate::field::{Comparison, DateLevel, Field, SAME_DIFFERENT};
use crate::model::Model;
use crate::names::NameLevel;
use crate::prepare::PersonRef;

/// Pseudo-pairs of the model's stated share that a run's own estimate is shrunk toward.
pub(crate) const PSEUDO_PAIRS: f64 = 50.0;

/// The identity fields, in the order of the arrays below.
pub(crate) const IDENTITY_FIELDS: [Field; 4] = [Field::Surname, Field::GivenName, Field::Patronymic, Field::BirthDate];

/// How one identity field of a pair stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// The same value (spelling noise and cognates included; for dates the same day).
    Agree,
    /// A contradiction of the decision policy.
    Contra,
    /// Missing on either side.
    Missing,
    /// Anything between (an initial, a loose likeness, a date error of the model).
    Other,
}

/// Identity fields that agree, counted from the level codes alone (cheap: most compared
/// pairs agree on one field at most and need no closer look).
#[inline]
fn agreeing(c: &Comparison) -> usize {
    let name = |f: Field| (c.level(f) <= NameLevel::Typo as u8) as usize;
    name(Field::Surname) + name(Field::GivenName) + name(Field::Patronymic) + (c.level(Field::BirthDate) == DateLevel::Exact as u8) as usize
}

fn states(c: &Comparison) -> [State; 4] {
    let contra = contradictions(c);
    let name = |f: Field, reasons: &[ReviewReason]| {
        let l = c.level(f);
        if reasons.iter().any(|r| contra.contains(*r)) {
            State::Contra
        } else if l == NameLevel::Missing as u8 {
            State::Missing
        } else if l <= NameLevel::Typo as u8 {
            State::Agree
        } else {
            State::Other
        }
    };
    let date = {
        let l = c.level(Field::BirthDate);
        if contra.contains(ReviewReason::BirthDateFar) || contra.contains(ReviewReason::BirthDateDiffers) {
            State::Contra
        } else if l == DateLevel::Missing as u8 {
            State::Missing
        } else if l == DateLevel::Exact as u8 {
            State::Agree
        } else {
            State::Other
        }
    };
    [
        name(Field::Surname, &[ReviewReason::SurnameDiffers, ReviewReason::SurnameChanged]),
        name(Field::GivenName, &[ReviewReason::GivenNameDiffers, ReviewReason::GivenNameSimilar]),
        name(Field::Patronymic, &[ReviewReason::PatronymicDiffers]),
        date,
    ]
}

/// Whether a pair is a **near pair**: one identity field contradicts (another surname,
/// given name or father, or the same day and month decades apart; a wholly other birth
/// date does not count — with the names alike that is a namesake) and the three others
/// agree, or at least two agree and the third is missing. Near pairs are the person
/// with one error as often as a look-alike, and an officer sees them all: they go to
/// `review` whatever their probability.
pub fn is_near(c: &Comparison) -> bool {
    if agreeing(c) < 2 || c.level(Field::Sex) == SAME_DIFFERENT || contradictions(c).contains(ReviewReason::BirthDateDiffers) {
        return false;
    }
    let s = states(c);
    let count = |state: State| s.iter().filter(|x| **x == state).count();
    count(State::Contra) == 1 && count(State::Agree) >= 2 && count(State::Agree) + count(State::Missing) == 3
}

/// Whether a pair is **consistent**: it contradicts the registry person on no field
/// (no contradiction of the decision policy, no other sex or IIN), at least two
/// identity fields agree, and where one birth date is known only to the year (or is a
/// `01.01` placeholder) the years agree — an error in the only part of the date both
/// know is no evidence for the person (`partial_off`: namesakes born a year or two
/// apart, far more often than the person). Below the review threshold such a pair is an
/// answer that lacks the fields that would decide (no date, no father's name); when it
/// is the answer's only candidate an officer sees it (`only_candidate`), since nobody
/// else in the registry fits the answer either.
pub fn is_consistent(c: &Comparison) -> bool {
    agreeing(c) >= 2 && c.level(Field::BirthDate) != DateLevel::PartialOff as u8 && contradictions(c).is_empty()
}

/// What one response record's candidates show, per identity field's stratum (its
/// candidates that agree on the three other identity fields, with no other sex).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResponseStrata {
    /// A candidate agrees on all four identity fields.
    all_agree: bool,
    /// Per field: a candidate of the stratum contradicts it.
    contradict: [bool; 4],
    /// Per field: a candidate of the stratum misses it.
    missing: [bool; 4],
    /// The birth-date stratum's contradicting candidate: both dates full, and the same
    /// year (what a year-only or `01.01` date of a look-alike would agree on).
    date_contra_full: bool,
    date_contra_same_year: bool,
    /// The given-name and patronymic strata's contradicting candidates: the same initial
    /// (what a look-alike's initial would agree on).
    given_contra_same_initial: bool,
    patronymic_contra_same_initial: bool,
}

impl ResponseStrata {
    /// Takes one compared candidate (`registry` against the response `query`) into account.
    pub fn see(&mut self, c: &Comparison, registry: PersonRef<'_>, query: PersonRef<'_>) {
        let same_year = || match (registry.birth_date.filter(|d| d.is_full()), query.birth_date.filter(|d| d.is_full())) {
            (Some(a), Some(b)) => Some(a.year() == b.year()),
            _ => None,
        };
        let first = |n: &crate::names::Name| n.skeleton.as_bytes().first().copied();
        let same_initial = |a: Option<u8>, b: Option<u8>| a.is_some() && a == b;
        self.see_by(
            c,
            same_year,
            || same_initial(first(registry.given_name), first(query.given_name)),
            || same_initial(first(registry.patronymic), first(query.patronymic)),
        );
    }

    /// [`ResponseStrata::see`] told the facts it needs by callbacks, asked only
    /// when needed: whether both dates are full and then whether their years agree,
    /// and whether the given names' and the patronymics' initials agree (the
    /// encoded records of `pprl` answer them from keyed tokens).
    pub(crate) fn see_by(
        &mut self,
        c: &Comparison,
        same_year: impl FnOnce() -> Option<bool>,
        given_initial: impl FnOnce() -> bool,
        patronymic_initial: impl FnOnce() -> bool,
    ) {
        if agreeing(c) < 3 || c.level(Field::Sex) == SAME_DIFFERENT {
            return;
        }
        let s = states(c);
        match s.iter().filter(|x| **x == State::Agree).count() {
            4 => self.all_agree = true,
            3 => {
                if let Some(x) = s.iter().position(|x| *x != State::Agree) {
                    match s[x] {
                        State::Contra => {
                            self.contradict[x] = true;
                            if x == 3 {
                                if let Some(same) = same_year() {
                                    self.date_contra_full = true;
                                    self.date_contra_same_year |= same;
                                }
                            } else if x == 1 {
                                self.given_contra_same_initial |= given_initial();
                            } else if x == 2 {
                                self.patronymic_contra_same_initial |= patronymic_initial();
                            }
                        }
                        State::Missing => self.missing[x] = true,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// Response records counted per identity field's stratum: those with a candidate
/// agreeing on the three other fields, by what the field does. A response is counted
/// once, by its best candidate: one that agrees everywhere makes it `agree` in every
/// stratum (the namesakes the registry also holds are the registry's, not the
/// answer's look-alikes); otherwise a contradicting candidate makes it `contradict`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LookalikeCounts {
    /// Responses of each stratum whose field agrees.
    pub agree: [u64; 4],
    /// ... contradicts.
    pub contradict: [u64; 4],
    /// ... is missing.
    pub missing: [u64; 4],
    /// Birth-date stratum: contradicting responses with both dates full, and of them those
    /// whose years agree.
    pub date_contra_full: u64,
    /// See [`LookalikeCounts::date_contra_full`].
    pub date_contra_same_year: u64,
    /// Given-name stratum: contradicting responses whose given names share the initial.
    pub given_contra_same_initial: u64,
    /// Patronymic stratum: contradicting responses whose patronymics share the initial.
    pub patronymic_contra_same_initial: u64,
}

impl LookalikeCounts {
    /// Counts one response record's candidates.
    pub fn add(&mut self, r: &ResponseStrata) {
        for x in 0..4 {
            if r.all_agree {
                self.agree[x] += 1;
            } else if r.contradict[x] {
                self.contradict[x] += 1;
            }
            if r.missing[x] && !r.all_agree {
                self.missing[x] += 1;
            }
        }
        if !r.all_agree && r.contradict[3] && r.date_contra_full {
            self.date_contra_full += 1;
            self.date_contra_same_year += r.date_contra_same_year as u64;
        }
        if !r.all_agree && r.contradict[1] {
            self.given_contra_same_initial += r.given_contra_same_initial as u64;
        }
        if !r.all_agree && r.contradict[2] {
            self.patronymic_contra_same_initial += r.patronymic_contra_same_initial as u64;
        }
    }

    /// Adds another tally.
    pub fn merge(&mut self, o: &LookalikeCounts) {
        for x in 0..4 {
            self.agree[x] += o.agree[x];
            self.contradict[x] += o.contradict[x];
            self.missing[x] += o.missing[x];
        }
        self.date_contra_full += o.date_contra_full;
        self.date_contra_same_year += o.date_contra_same_year;
        self.given_contra_same_initial += o.given_contra_same_initial;
        self.patronymic_contra_same_initial += o.patronymic_contra_same_initial;
    }
}

/// One field's calibration.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldCalibration {
    /// The field.
    pub field: Field,
    /// Stratum pairs with the field on both sides.
    pub observed: u64,
    /// Of them, contradicting.
    pub contradicting: u64,
    /// Stratum pairs with the field missing.
    pub missing: u64,
    /// True pairs' contradiction rate from the model's m (`c`).
    pub error_rate: f64,
    /// Estimated look-alike share among the observed stratum pairs (shrunk).
    pub lookalike_share: f64,
    /// Probability that a stratum pair with the field missing is the person.
    pub p_missing: f64,
    /// Probability that a stratum pair with the field contradicting is the person.
    pub p_contradicting: f64,
    /// How often a look-alike of the stratum agrees with the person on what a partial
    /// value shows, measured on the contradicting pairs (shrunk toward the model's u/m):
    /// for the birth date the share with the same year (what a year-only or `01.01` date
    /// shows), for the given name and the patronymic the share with the same initial.
    /// `None` for the surname.
    pub chance_agreement: Option<f64>,
    /// Birth date only: how much more often than random pairs (the model's u) the run's
    /// look-alikes are born in the same year, κ = max(1, q / the model's share); the u of a
    /// date error that keeps the year or moves it by one is raised by it. 1 elsewhere.
    pub year_clustering: f64,
    /// The model's m and u of each of the field's levels (by level code): for a stratum
    /// pair whose field sits at a level between agreement and contradiction (a date
    /// error, an initial), P(person) = (1 − ℓ)·m / ((1 − ℓ)·m + ℓ·u).
    #[serde(skip)]
    pub levels: Vec<(f64, f64)>,
}

/// A run's look-alike calibration (see the module docs). The default holds no field
/// and corrects nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Calibration {
    /// Per identity field, in the order surname, given name, patronymic, birth date.
    pub fields: Vec<FieldCalibration>,
}

impl Calibration {
    /// The calibration a model states before any data (its look-alike shares alone).
    pub fn from_model(model: &Model) -> Calibration {
        Calibration::estimate(&LookalikeCounts::default(), model)
    }

    /// Estimates the calibration from a run's stratum counts, shrunk toward the model's
    /// stated shares.
    pub fn estimate(counts: &LookalikeCounts, model: &Model) -> Calibration {
        let prior = model.lookalike.get();
        let fields = IDENTITY_FIELDS
            .iter()
            .enumerate()
            .map(|(x, &field)| {
                let (c, a) = rates(model, field);
                let observed = counts.agree[x] + counts.contradict[x];
                let n = observed as f64;
                let contra = counts.contradict[x] as f64;
                let lookalikes = ((contra - c * n) / (1.0 - a - c).max(1e-3)).clamp(0.0, n);
                let share = ((lookalikes + PSEUDO_PAIRS * prior[x]) / (n + PSEUDO_PAIRS)).clamp(0.0, 1.0);
                // True pairs among the contradicting: c of the true pairs (observed minus look-alikes).
                let true_contra = c * (n - lookalikes).max(0.0);
                let prior_true_contra = c * (1.0 - prior[x]) / (c * (1.0 - prior[x]) + prior[x] * (1.0 - a)).max(1e-12);
                let p_contra = ((true_contra + PSEUDO_PAIRS * prior_true_contra) / (contra + PSEUDO_PAIRS)).clamp(0.0, 1.0);
                let levels: Vec<(f64, f64)> =
                    field.levels().iter().map(|name| model.fields.get(&field).and_then(|l| l.get(*name)).map_or((1.0, 1.0), |p| (p.m, p.u))).collect();
                // The model's own view of that chance (u/m of the partial level), and the run's.
                let model_chance = |level: usize| levels.get(level).map_or(1.0, |&(m, u)| if m > 0.0 { (u / m).min(1.0) } else { 1.0 });
                let shrink = |hits: u64, of: u64, prior: f64| (hits as f64 + PSEUDO_PAIRS * prior) / (of as f64 + PSEUDO_PAIRS);
                let chance_agreement = match field {
                    Field::BirthDate => Some(shrink(counts.date_contra_same_year, counts.date_contra_full, model_chance(DateLevel::Placeholder as usize))),
                    Field::GivenName => Some(shrink(counts.given_contra_same_initial, counts.contradict[x], model_chance(NameLevel::Initial as usize))),
                    Field::Patronymic => Some(shrink(counts.patronymic_contra_same_initial, counts.contradict[x], model_chance(NameLevel::Initial as usize))),
                    _ => None,
                };
                let year_clustering = match (field, chance_agreement) {
                    (Field::BirthDate, Some(q)) => {
                        let random = model_chance(DateLevel::Placeholder as usize);
                        if random > 0.0 {
                            (q / random).max(1.0)
                        } else {
                            1.0
                        }
                    }
                    _ => 1.0,
                };
                FieldCalibration {
                    chance_agreement,
                    year_clustering,
                    levels,
                    field,
                    observed,
                    contradicting: counts.contradict[x],
                    missing: counts.missing[x],
                    error_rate: c,
                    lookalike_share: share,
                    p_missing: 1.0 - share,
                    p_contradicting: p_contra,
                }
            })
            .collect();
        Calibration { fields }
    }

    /// The calibrated correction of a pair with model match weight `weight`, in bits
    /// (≤ 0): the log-odds of the calibrated probability less `weight`, when lower.
    pub fn correction(&self, c: &Comparison, weight: f64) -> f64 {
        if c.level(Field::Sex) == SAME_DIFFERENT || self.fields.len() != 4 {
            return 0.0;
        }
        let s = states(c);
        let contra: Vec<usize> = (0..4).filter(|&x| s[x] == State::Contra).collect();
        let others_agree = |x: usize| (0..4).all(|y| y == x || s[y] == State::Agree);
        let p = match contra.as_slice() {
            [x] if others_agree(*x) => self.fields[*x].p_contradicting,
            [] => match (0..4).find(|&x| s[x] == State::Other) {
                // One field between agreement and contradiction, the rest agreeing: the
                // stratum's look-alike share against that level's m and u.
                Some(x) if others_agree(x) => {
                    let f = &self.fields[x];
                    let level = c.level(IDENTITY_FIELDS[x]);
                    let (m, u) = f.levels.get(level as usize).copied().unwrap_or((1.0, 1.0));
                    let l = f.lookalike_share;
                    let t = (1.0 - l) * m;
                    let by_model = if t + l * u > 0.0 { t / (t + l * u) } else { 1.0 };
                    // Where the level shows only part of the value (a year, an initial), the
                    // run's own rate of look-alikes agreeing on that part: namesakes are born
                    // in the same years more often than random pairs, twins share initials.
                    let partial = match IDENTITY_FIELDS[x] {
                        Field::BirthDate => level == DateLevel::Placeholder as u8 || level == DateLevel::Partial as u8,
                        Field::GivenName | Field::Patronymic => level == NameLevel::Initial as u8,
                        _ => false,
                    };
                    // A date error that keeps the year or moves it by one (a day or a digit off,
                    // day and month swapped, the year ±1): a look-alike lands there as often as
                    // the model's u says, times how much more often than random pairs the run's
                    // namesakes share the year (κ ≥ 1; about 1 where birth years do not cluster).
                    let near_year = IDENTITY_FIELDS[x] == Field::BirthDate
                        && [DateLevel::DayOff, DateLevel::YearOff, DateLevel::Digit, DateLevel::Swapped].iter().any(|&d| level == d as u8);
                    match f.chance_agreement {
                        Some(q) if partial => by_model.min((1.0 - l) / ((1.0 - l) + l * q)),
                        _ if near_year && t + l * u * f.year_clustering > 0.0 => by_model.min(t / (t + l * u * f.year_clustering)),
                        _ => by_model,
                    }
                }
                _ => (0..4).filter(|&x| s[x] == State::Missing).map(|x| self.fields[x].p_missing).product::<f64>(),
            },
            _ => 1.0,
        };
        if p >= 1.0 {
            return 0.0;
        }
        let odds = if p <= 0.0 { f64::NEG_INFINITY } else { (p / (1.0 - p)).log2() };
        // min/max rather than clamp: a NaN weight gives 0 here, not NaN.
        #[allow(clippy::manual_clamp)]
        let bounded = (odds - weight).min(0.0).max(-1e3);
        bounded
    }
}

/// `c`, the share of true pairs whose field contradicts, and `a`, the share of
/// look-alikes (pairs differing in the field) whose field agrees by chance, from the
/// model's m and u of the agreeing and contradicting levels.
fn rates(model: &Model, field: Field) -> (f64, f64) {
    let Some(levels) = model.fields.get(&field) else { return (0.0, 0.0) };
    let (agree, contra): (Vec<&str>, Vec<&str>) = match field {
        Field::Surname => (vec!["exact", "skeleton", "cognate", "variant", "fuzzy_high", "typo"], vec!["different", "similar", "changed"]),
        Field::GivenName => (vec!["exact", "skeleton", "cognate", "variant", "fuzzy_high", "typo"], vec!["different", "similar", "fuzzy_low"]),
        Field::Patronymic => (vec!["exact", "skeleton", "cognate", "variant", "fuzzy_high", "typo"], vec!["different", "similar"]),
        _ => (vec!["exact"], vec!["year_far", "different"]),
    };
    let sum = |names: &[&str], m: bool| names.iter().filter_map(|n| levels.get(*n)).map(|p| if m { p.m } else { p.u }).sum::<f64>();
    let (ma, mc, ua, uc) = (sum(&agree, true), sum(&contra, true), sum(&agree, false), sum(&contra, false));
    let c = if ma + mc > 0.0 { mc / (ma + mc) } else { 0.0 };
    let a = if ua + uc > 0.0 { ua / (ua + uc) } else { 0.0 };
    (c, a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::{Comparison, N_FIELDS};

    fn cmp(levels: [&str; 4]) -> Comparison {
        let mut l = [0u8; N_FIELDS];
        for (x, name) in levels.iter().enumerate() {
            let f = IDENTITY_FIELDS[x];
            l[f as usize] = f.levels().iter().position(|n| n == name).unwrap() as u8;
        }
        l[Field::Sex as usize] = 0;
        l[Field::Iin as usize] = Field::Iin.missing_level();
        Comparison { levels: l, order_swapped: false, tf_adjust: [0.0; 2] }
    }

    #[test]
    fn the_share_of_lookalikes_is_read_from_contradictions_and_lowers_missing_fields() {
        let model = Model::default();
        let mut counts = LookalikeCounts::default();
        let one = |counts: &mut LookalikeCounts, candidates: &[[&str; 4]]| {
            let mut r = ResponseStrata::default();
            let none = crate::prepare::PreparedRecord::new(&crate::record::Record::default());
            candidates.iter().for_each(|c| r.see(&cmp(*c), none.view(), none.view()));
            counts.add(&r);
        };
        // 9,000 true answers carrying a patronymic (each also meets a registry namesake
        // with another father), 1,000 cousins with another father, 2,000 without one.
        for _ in 0..9000 {
            one(&mut counts, &[["exact", "exact", "exact", "exact"], ["exact", "exact", "different", "exact"]]);
        }
        for _ in 0..1000 {
            one(&mut counts, &[["exact", "exact", "different", "exact"]]);
        }
        for _ in 0..2000 {
            one(&mut counts, &[["exact", "exact", "missing", "exact"]]);
        }
        let cal = Calibration::estimate(&counts, &model);
        let patr = &cal.fields[2];
        assert_eq!((patr.observed, patr.contradicting, patr.missing), (10_000, 1000, 2000));
        assert!((patr.lookalike_share - 0.1).abs() < 0.01, "{patr:?}");
        // A pair with no patronymic is a cousin one time in ten: p ≈ 0.9, whatever the model said.
        let w = cal.correction(&cmp(["exact", "exact", "missing", "exact"]), 20.0);
        let p = crate::model::probability(20.0 + w);
        assert!((p - 0.9).abs() < 0.01, "{p}");
        // A pair that agrees everywhere is not corrected; nor one the model already doubts.
        assert_eq!(cal.correction(&cmp(["exact", "exact", "exact", "exact"]), 20.0), 0.0);
        assert_eq!(cal.correction(&cmp(["exact", "exact", "missing", "exact"]), -5.0), 0.0);
        // A contradicting patronymic: few of those pairs are the person.
        assert!(patr.p_contradicting < 0.15, "{patr:?}");
    }

    #[test]
    fn year_only_dates_and_initials_weigh_what_lookalikes_share_of_them() {
        use crate::prepare::PreparedRecord;
        use crate::record::{BirthDate, Record};
        let model = Model::default();
        let rec_p = |dob: &str, given: &str, patronymic: &str| {
            PreparedRecord::new(&Record {
                surname: "Ахметов".into(),
                given_name: given.into(),
                patronymic: patronymic.into(),
                birth_date: Some(BirthDate::parse(dob).unwrap()),
                ..Default::default()
            })
        };
        let rec = |dob: &str, given: &str| rec_p(dob, given, "Серикович");
        let person = rec("17.05.1980", "Асан");
        let (cousin_s, cousin_b) = (rec_p("17.05.1980", "Асан", "Сапарович"), rec_p("17.05.1980", "Асан", "Болатович"));
        let (same_year, other_year) = (rec("02.11.1980", "Асан"), rec("02.11.1975", "Асан"));
        let (twin_a, twin_u) = (rec("17.05.1980", "Арман"), rec("17.05.1980", "Усен"));
        let mut counts = LookalikeCounts::default();
        let mut one = |q: &PreparedRecord, levels: [&str; 4]| {
            let mut r = ResponseStrata::default();
            r.see(&cmp(levels), person.view(), q.view());
            counts.add(&r);
        };
        // 6,000 true answers; 2,000 namesakes born another day, half of them the same year;
        // 1,000 twins, a quarter with the same initial; 1,000 cousins, a fifth of whose
        // fathers' names share the initial.
        for _ in 0..6000 {
            one(&person, ["exact", "exact", "exact", "exact"]);
        }
        for i in 0..2000 {
            one(if i % 2 == 0 { &same_year } else { &other_year }, ["exact", "exact", "exact", "different"]);
        }
        for i in 0..1000 {
            one(if i % 4 == 0 { &twin_a } else { &twin_u }, ["exact", "different", "exact", "exact"]);
        }
        for i in 0..1000 {
            one(if i % 5 == 0 { &cousin_s } else { &cousin_b }, ["exact", "exact", "different", "exact"]);
        }
        let cal = Calibration::estimate(&counts, &model);
        for (x, level, want_q) in [(3, "placeholder", 0.5), (1, "initial", 0.25), (2, "initial", 0.2)] {
            let f = &cal.fields[x];
            let q = f.chance_agreement.unwrap();
            assert!((q - want_q).abs() < 0.02, "{:?}: {q}", f.field);
            let mut levels = ["exact"; 4];
            levels[x] = level;
            let p = crate::model::probability(30.0 + cal.correction(&cmp(levels), 30.0));
            let l = f.lookalike_share;
            let want = (1.0 - l) / ((1.0 - l) + l * q);
            assert!((p - want).abs() < 1e-6, "{:?} {level}: {p} vs {want}", f.field);
        }
        // A day off: the model's m and u, with the look-alikes' u raised by how much more
        // often than random pairs they share the year.
        let date = &cal.fields[3];
        let (m, u) = date.levels[DateLevel::DayOff as usize];
        let (pm, pu) = date.levels[DateLevel::Placeholder as usize];
        let kappa = (date.chance_agreement.unwrap() / (pu / pm).min(1.0)).max(1.0);
        assert!(kappa > 1.0 && (kappa - date.year_clustering).abs() < 1e-9, "{kappa} vs {}", date.year_clustering);
        let l = date.lookalike_share;
        let want = (1.0 - l) * m / ((1.0 - l) * m + l * u * kappa);
        let p = crate::model::probability(30.0 + cal.correction(&cmp(["exact", "exact", "exact", "day_off"]), 30.0));
        assert!((p - want).abs() < 1e-6, "{p} vs {want}");
        // With no namesake sharing the year, the model's own m and u decide, as before.
        let none = Calibration::estimate(&LookalikeCounts::default(), &model);
        assert!(none.fields[3].chance_agreement.unwrap() <= 1.0);
        assert!(none.fields[0].chance_agreement.is_none() && none.fields[2].chance_agreement.is_some());
    }

    #[test]
    fn near_pairs_have_one_contradiction_beside_three_agreeing_fields() {
        assert!(is_near(&cmp(["exact", "exact", "different", "exact"])), "cousin");
        assert!(is_near(&cmp(["changed", "exact", "exact", "exact"])), "married woman");
        assert!(is_near(&cmp(["exact", "exact", "exact", "year_far"])), "parent with the same name");
        assert!(!is_near(&cmp(["exact", "exact", "exact", "different"])), "namesake born another day");
        assert!(!is_near(&cmp(["exact", "different", "different", "exact"])), "two contradictions");
        assert!(!is_near(&cmp(["exact", "exact", "missing", "exact"])), "no contradiction");
        assert!(is_near(&cmp(["changed", "exact", "missing", "exact"])), "married woman without a patronymic");
        assert!(!is_near(&cmp(["changed", "missing", "missing", "exact"])), "one agreeing field is not enough");
    }

    #[test]
    fn consistent_pairs_contradict_nothing_and_agree_on_two_fields() {
        assert!(is_consistent(&cmp(["skeleton", "skeleton", "missing", "missing"])), "names only");
        assert!(is_consistent(&cmp(["exact", "exact", "missing", "placeholder"])), "a 01.01 placeholder of the same year");
        assert!(is_consistent(&cmp(["typo", "exact", "missing", "digit"])), "a typo and a date digit off");
        assert!(!is_consistent(&cmp(["exact", "missing", "missing", "missing"])), "one agreeing field is not enough");
        assert!(!is_consistent(&cmp(["exact", "exact", "missing", "partial_off"])), "the only part of the date both know differs");
        assert!(!is_consistent(&cmp(["changed", "exact", "missing", "exact"])), "a married woman's other surname is a contradiction");
        assert!(!is_consistent(&cmp(["exact", "exact", "different", "exact"])), "another father");
        let mut other_sex = cmp(["exact", "exact", "missing", "missing"]);
        other_sex.levels[Field::Sex as usize] = SAME_DIFFERENT;
        assert!(!is_consistent(&other_sex), "another sex");
    }

    #[test]
    fn without_data_the_model_shares_apply_and_several_missing_fields_multiply() {
        let cal = Calibration::from_model(&Model::default());
        let s = Model::default().lookalike;
        let w = cal.correction(&cmp(["exact", "exact", "missing", "missing"]), 30.0);
        let p = crate::model::probability(30.0 + w);
        assert!((p - (1.0 - s.patronymic) * (1.0 - s.birth_date)).abs() < 1e-9, "{p}");
    }
}
