//! Comparing two encoded records: Dice coefficients of the name filters,
//! graded into the plaintext name levels, and the date tokens read back into
//! the plaintext date error levels; the same [`Comparison`] the
//! Fellegi–Sunter model weighs.

use super::encode::{slot, EncodedDate, EncodedName, EncodedRecord};
use crate::compare::{implied_sex, sex_level};
use crate::field::{Comparison, DateLevel, Field, N_FIELDS, SURNAME_CHANGED};
use crate::model::Weights;
use crate::names::{NameLevel, SexHint};
use crate::record::{DatePrecision, Sex};

/// Dice coefficient of two bit sets of equal length: 2|a∧b| / (|a| + |b|),
/// by popcount over u64 words.
#[inline]
pub fn dice(a: &[u64], b: &[u64]) -> f64 {
    let (mut both, mut ones) = (0u32, 0u32);
    for (x, y) in a.iter().zip(b) {
        both += (x & y).count_ones();
        ones += x.count_ones() + y.count_ones();
    }
    if ones == 0 {
        0.0
    } else {
        2.0 * both as f64 / ones as f64
    }
}

/// The Dice coefficients that grade an encoded name pair into levels: at or
/// above `same`, the same skeleton; then `typo`, `fuzzy_high`, `fuzzy_low`.
/// They depend on the hardening (a diffused filter's Dice between unrelated
/// names is about one half), so each schema's are fixed with it.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct DiceLevels {
    /// Same skeleton.
    pub same: f64,
    /// One spelling error.
    pub typo: f64,
    /// Close.
    pub fuzzy_high: f64,
    /// Loosely close.
    pub fuzzy_low: f64,
}

impl DiceLevels {
    /// The levels for a schema's hardening, measured on the project's
    /// benchmark (README, "Private linking"): the Dice coefficients of encoded
    /// name pairs whose plaintext levels are skeleton, typo, fuzzy and different.
    pub fn for_schema(schema: &super::EncodingSchema) -> DiceLevels {
        use super::Hardening;
        // Quantiles measured by `examples/dice_calibration.rs` on the 200k × 50k default
        // profile: `same` sits at about the 5th percentile of skeleton pairs and above the
        // 95th of typos; `fuzzy_high` at about the median of variant, cognate and typo
        // pairs' lower half; `fuzzy_low` above the 95th percentile of different names.
        match schema.hardening {
            Hardening::None => DiceLevels { same: 0.88, typo: 0.88, fuzzy_high: 0.68, fuzzy_low: 0.58 },
            Hardening::XorFold | Hardening::Diffusion { .. } => DiceLevels { same: 0.85, typo: 0.85, fuzzy_high: 0.65, fuzzy_low: 0.55 },
            // Balanced: every filter half ones, so unrelated names already meet near 0.75.
            Hardening::Balance => DiceLevels { same: 0.95, typo: 0.95, fuzzy_high: 0.88, fuzzy_low: 0.85 },
        }
    }
}

/// Whether both name encodings are attested in the registry (see
/// [`crate::Attested`]), per field.
pub(crate) type Attested = [bool; 3];

/// Level of one encoded name pair.
pub(crate) fn name_level(a: &EncodedName, b: &EncodedName, field: usize, attested: bool, t: &DiceLevels) -> (u8, f64) {
    if a.is_missing() || b.is_missing() {
        return (NameLevel::Missing as u8, 0.0);
    }
    if a.initial_only() || b.initial_only() {
        let level = if a.initials == b.initials { NameLevel::Initial } else { NameLevel::Different };
        return (level as u8, 0.0);
    }
    let sim = a.dice(b);
    // A given name or patronymic of the other sex (Петрович / Петровна: one father's name,
    // one filter) is another person's, however close.
    let sex_conflict = field != 0 && a.sex_hint() != SexHint::Unknown && b.sex_hint() != SexHint::Unknown && a.sex_hint() != b.sex_hint();
    if sex_conflict {
        return ((if sim >= t.fuzzy_high { NameLevel::FuzzyLow } else { NameLevel::Different }) as u8, sim);
    }
    // The same skeleton, or one side's second reading is the other's skeleton.
    if sim >= t.same || (!a.alt.is_empty() && dice(&a.alt, &b.bits) >= t.same) || (!b.alt.is_empty() && dice(&a.bits, &b.alt) >= t.same) {
        return (NameLevel::Skeleton as u8, sim);
    }
    if dice(&a.family, &b.family) >= t.same {
        // The same stem, father's name or cognate group, spelt otherwise.
        return ((if field == 1 { NameLevel::Cognate } else { NameLevel::Variant }) as u8, sim);
    }
    // Equal up to vowel quality and romanization's consonant pairs (Otkir / Utkir): one name,
    // two spellings — unless both are given names in their own right (as in plaintext).
    if a.loose != 0 && a.loose == b.loose {
        return ((if attested && field != 0 { NameLevel::Similar } else { NameLevel::FuzzyHigh }) as u8, sim);
    }
    let close = if sim >= t.typo {
        Some(NameLevel::Typo)
    } else if sim >= t.fuzzy_high {
        Some(NameLevel::FuzzyHigh)
    } else if sim >= t.fuzzy_low {
        Some(NameLevel::FuzzyLow)
    } else {
        None
    };
    let level = match close {
        // Two names each carried by several registry persons are two names, not one misspelt.
        Some(_) if attested => NameLevel::Similar,
        Some(l) => l,
        None => NameLevel::Different,
    };
    // A Kazakh surname or father's name in its Kazakh and its Russian-letter spelling
    // (Сәтбаев / Сатпаев) is one name where the orthographies can differ (one side in
    // Kazakh letters, or two scripts); never for given names (as in plaintext).
    let other = matches!(level, NameLevel::Similar | NameLevel::FuzzyLow | NameLevel::Different);
    if other && field != 1 && (a.kazakh_letters() || b.kazakh_letters() || a.script() != b.script()) && folded_eq(a, b) {
        return ((if field == 2 { NameLevel::Variant } else { NameLevel::FuzzyHigh }) as u8, sim);
    }
    (level as u8, sim)
}

/// The names are equal once a Kazakh name's Russian-letter spelling is folded away, whole or
/// by their stems (a surname's stems of three letters or more: `fold_stem` is 0 otherwise).
fn folded_eq(a: &EncodedName, b: &EncodedName) -> bool {
    (a.fold != 0 && a.fold == b.fold) || (a.fold_stem != 0 && a.fold_stem == b.fold_stem)
}

fn is_woman(a: &EncodedRecord, b: &EncodedRecord) -> bool {
    match (a.sex, b.sex) {
        (Sex::Female, _) | (_, Sex::Female) => true,
        (Sex::Unknown, Sex::Unknown) => a.names[0].sex_hint() == SexHint::Female,
        _ => false,
    }
}

/// The birth-date level from the tokens: the same decision as
/// [`crate::compare_dates`] on the plaintext dates (up to 64-bit collisions).
pub(crate) fn date_level(a: &EncodedDate, b: &EncodedDate) -> DateLevel {
    let (Some(pa), Some(pb)) = (a.precision(), b.precision()) else { return DateLevel::Missing };
    let (x, y) = (&a.tokens, &b.tokens);
    if a.is_full() && b.is_full() {
        if x[slot::FULL] == y[slot::FULL] {
            return DateLevel::Exact;
        }
        if x[slot::FULL] == y[slot::SWAPPED] {
            return DateLevel::Swapped;
        }
        let same = |s: usize| x[s] == y[s];
        let meets = |s: usize| x[slot::FULL] == y[s];
        return if same(slot::YEAR_MONTH) {
            // Only the day differs.
            if meets(slot::DAY_PLUS) || meets(slot::DAY_MINUS) {
                DateLevel::DayOff
            } else if same(slot::DAY_TENS) || same(slot::DAY_ONES) {
                DateLevel::Digit
            } else {
                DateLevel::Different
            }
        } else if same(slot::YEAR_DAY) {
            // Only the month differs.
            if meets(slot::MONTH_PLUS) || meets(slot::MONTH_MINUS) || same(slot::MONTH_TENS) || same(slot::MONTH_ONES) {
                DateLevel::Digit
            } else {
                DateLevel::Different
            }
        } else if same(slot::MONTH_DAY) {
            // Only the year differs.
            if meets(slot::YEAR_PLUS) || meets(slot::YEAR_MINUS) {
                DateLevel::YearOff
            } else if same(slot::CENTURY) {
                DateLevel::Century
            } else if same(slot::YEAR_ONES) {
                DateLevel::Digit
            } else {
                DateLevel::YearFar
            }
        } else {
            DateLevel::Different
        };
    }
    let (ea, eb) = (a.effective().unwrap_or(DatePrecision::Year), b.effective().unwrap_or(DatePrecision::Year));
    let shared = ea.min(eb);
    let same_year = x[slot::YEAR] == y[slot::YEAR];
    let agree = match shared {
        DatePrecision::Year => same_year,
        DatePrecision::Month | DatePrecision::Day => same_year && x[slot::YEAR_MONTH] == y[slot::YEAR_MONTH],
    };
    if agree {
        let placeholder = (a.is_placeholder() || b.is_placeholder()) && pa == DatePrecision::Day && pb == DatePrecision::Day;
        if placeholder {
            DateLevel::Placeholder
        } else {
            DateLevel::Partial
        }
    } else if !same_year
        && (x[slot::YEAR] == y[slot::YEAR_NEXT]
            || x[slot::YEAR] == y[slot::YEAR_PREV]
            || x[slot::DECADE] == y[slot::DECADE]
            || x[slot::YEAR_CENTURY] == y[slot::YEAR_CENTURY])
    {
        DateLevel::PartialOff
    } else {
        DateLevel::Different
    }
}

/// Compares an encoded registry record `a` with an encoded answer `b`, with the
/// term-frequency adjustment for the registry record's name frequencies `freq`.
/// `attested` tells per field whether both names are attested; `crossed` the
/// same for the crosswise reading (registry surname against answer given name,
/// and the reverse), which is tried — as in plaintext — when surname and given
/// name do not both agree and the initials make it plausible, keeping the
/// reading with more name evidence.
pub(crate) fn compare(
    a: &EncodedRecord,
    b: &EncodedRecord,
    attested: Attested,
    crossed: [bool; 2],
    t: &DiceLevels,
    w: &Weights,
    freq: (f32, f32),
) -> Comparison {
    let mut c = Comparison { levels: [0u8; N_FIELDS], order_swapped: false, tf_adjust: [0.0; 2] };
    c.levels[Field::BirthDate.index()] = date_level(&a.date, &b.date) as u8;
    let implied = |r: &EncodedRecord| implied_sex(r.names[1].sex_hint(), r.names[2].sex_hint());
    c.levels[Field::Sex.index()] = sex_level(a.sex, implied(a), b.sex, implied(b));
    c.levels[Field::Iin.index()] = match (a.iin, b.iin) {
        (0, _) | (_, 0) => 1,
        (x, y) if x == y => 0,
        _ => 2,
    };
    // Within one script, two spellings of a Kazakh surname (Абдирахманов / Абдрахманов) are
    // one surname where both records carry a given name and neither is a Slavic calendar
    // name (the fold would also join Russian surnames a vowel apart), as in plaintext.
    let kazakh_given = |n: &EncodedName| !n.is_missing() && !n.slavic();
    let fold_applies = kazakh_given(&a.names[1]) && kazakh_given(&b.names[1]);
    let surname = |x: &EncodedName, y: &EncodedName, attested: bool| {
        let mut level = name_level(x, y, 0, attested, t).0;
        let other = level == NameLevel::Different as u8 || level == NameLevel::Similar as u8 || level == NameLevel::FuzzyLow as u8;
        if other && fold_applies && folded_eq(x, y) {
            level = NameLevel::FuzzyHigh as u8;
        }
        if (level == NameLevel::Different as u8 || level == NameLevel::Similar as u8) && is_woman(a, b) {
            SURNAME_CHANGED
        } else {
            level
        }
    };
    let names = |c: &mut Comparison| {
        w.adjust_for_frequency(c, freq.0, freq.1);
        w.weight_in(c, Field::Surname) + w.weight_in(c, Field::GivenName)
    };
    c.levels[0] = surname(&a.names[0], &b.names[0], attested[0]);
    c.levels[1] = name_level(&a.names[1], &b.names[1], 1, attested[1], t).0;
    let name_weight = names(&mut c);
    let strong = |l: u8| l <= NameLevel::Variant as u8;
    let plausible = |x: &EncodedName, y: &EncodedName| x.initials != 0 && x.initials == y.initials;
    if !(strong(c.levels[0]) && strong(c.levels[1])) && (plausible(&a.names[0], &b.names[1]) || plausible(&a.names[1], &b.names[0])) {
        let mut x = c;
        x.order_swapped = true;
        x.levels[0] = surname(&a.names[0], &b.names[1], crossed[0]);
        x.levels[1] = name_level(&a.names[1], &b.names[0], 1, crossed[1], t).0;
        if names(&mut x) > name_weight {
            c = x;
        }
    }
    c.levels[2] = name_level(&a.names[2], &b.names[2], 2, attested[2], t).0;
    crate::compare::set_family(&mut c.levels);
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_of_known_sets() {
        assert_eq!(dice(&[0b1111], &[0b1111]), 1.0);
        assert_eq!(dice(&[0b1100], &[0b0011]), 0.0);
        assert_eq!(dice(&[0b1110], &[0b0111]), 2.0 * 2.0 / 6.0);
        assert_eq!(dice(&[0], &[0]), 0.0);
    }
}
