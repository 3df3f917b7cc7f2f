//! Field comparators: turn a candidate pair of prepared records into one
//! comparison level per field. No weights here — the model turns levels into
//! evidence — and no allocation: everything compared was computed once per
//! record by [`PreparedRecord::new`].
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `field`, `model`, `names`, `prepare`, `record` and no module above it.

use crate::field::{Comparison, DateLevel, Field, N_FIELDS, SURNAME_CHANGED};
use crate::model::Weights;
use crate::names::{self, Name, NameField, NameLevel, SexHint};
#[cfg(test)]
use crate::prepare::Attested;
use crate::prepare::{PersonRef, PreparedRecord};
use crate::record::{BirthDate, DatePrecision, Sex};

/// Sets the relatives level from the name levels already in `levels`.
pub(crate) fn set_family(levels: &mut [u8; N_FIELDS]) {
    let agrees = |l: u8| l <= NameLevel::Variant as u8;
    let given = levels[Field::GivenName.index()];
    let sibling = agrees(levels[Field::Surname.index()])
        && agrees(levels[Field::Patronymic.index()])
        && (given == NameLevel::Different as u8 || given == NameLevel::Similar as u8);
    levels[Field::Family.index()] = sibling as u8;
}

/// Compares two birth dates.
pub fn compare_dates(a: Option<BirthDate>, b: Option<BirthDate>) -> DateLevel {
    let (Some(a), Some(b)) = (a, b) else { return DateLevel::Missing };
    if a.is_full() && b.is_full() {
        if a == b {
            return DateLevel::Exact;
        }
        let (ad, am, bd, bm) = (a.day().unwrap_or(0), a.month().unwrap_or(0), b.day().unwrap_or(0), b.month().unwrap_or(0));
        if a.year() == b.year() && ad == bm && am == bd {
            return DateLevel::Swapped;
        }
        return full_dates_level(a.year(), am, ad, b.year(), bm, bd);
    }
    // At least one side is partial or a placeholder: compare what both know.
    let shared = a.effective_precision().min(b.effective_precision());
    let same_year = a.year() == b.year();
    let agree = match shared {
        DatePrecision::Year => same_year,
        DatePrecision::Month | DatePrecision::Day => same_year && a.month() == b.month(),
    };
    if agree {
        // A placeholder against a date known to the day (or another placeholder): the
        // day was unknown. Otherwise one side is a year or a year-month.
        let placeholder = (a.is_placeholder() || b.is_placeholder()) && a.precision() == DatePrecision::Day && b.precision() == DatePrecision::Day;
        if placeholder {
            DateLevel::Placeholder
        } else {
            DateLevel::Partial
        }
    } else if year_one_error(a.year(), b.year()) {
        DateLevel::PartialOff
    } else {
        DateLevel::Different
    }
}

/// Years one error apart: ±1, one digit, or a century slip.
fn year_one_error(a: u16, b: u16) -> bool {
    a.abs_diff(b) == 1 || (a.abs_diff(b) < 10 && digits_differ_once(a as u32, b as u32, 4)) || a.abs_diff(b) == 100
}

/// Level of two full dates that are neither equal nor swapped.
fn full_dates_level(ay: u16, am: u8, ad: u8, by: u16, bm: u8, bd: u8) -> DateLevel {
    match (ay != by, am != bm, ad != bd) {
        (false, false, true) if ad.abs_diff(bd) == 1 => DateLevel::DayOff,
        (false, false, true) if digits_differ_once(ad as u32, bd as u32, 2) => DateLevel::Digit,
        (false, true, false) if am.abs_diff(bm) == 1 || digits_differ_once(am as u32, bm as u32, 2) => DateLevel::Digit,
        (true, false, false) => match ay.abs_diff(by) {
            1 => DateLevel::YearOff,
            100 => DateLevel::Century,
            d if d < 10 && digits_differ_once(ay as u32, by as u32, 4) => DateLevel::Digit,
            _ => DateLevel::YearFar,
        },
        _ => DateLevel::Different,
    }
}

fn digits_differ_once(mut a: u32, mut b: u32, width: u32) -> bool {
    let mut n = 0;
    for _ in 0..width {
        n += (a % 10 != b % 10) as u32;
        a /= 10;
        b /= 10;
    }
    n == 1
}

/// Level of two names of one field; `attested` tells whether both spellings are names in
/// their own right.
fn name_level(a: &Name, b: &Name, field: NameField, attested: bool) -> u8 {
    names::compare_attested(a, b, field, attested).level as u8
}

/// Surname level, sex-aware: a woman's other surname (different, or a similar but other
/// surname) is `changed` — marriage is possible, and an officer confirms it.
///
/// Within one script, two spellings of a Kazakh surname (Абдирахманов / Абдрахманов,
/// Жусипов / Юсупов: the Russian-letter renderings of `names::russified`) are one surname
/// (`fuzzy_high`) where both records carry a given name and neither is a Slavic calendar
/// name: the fold would also join Russian surnames a vowel apart (Тюрин / Турин).
fn surname_level(a: PersonRef<'_>, b: PersonRef<'_>, a_name: &Name, b_name: &Name, attested: bool) -> u8 {
    let mut level = name_level(a_name, b_name, NameField::Surname, attested);
    let other = |l: u8| l == NameLevel::Different as u8 || l == NameLevel::Similar as u8 || l == NameLevel::FuzzyLow as u8;
    if other(level) && kazakh_given_names(a, b) && names::russified_surname_eq(a_name, b_name) {
        level = NameLevel::FuzzyHigh as u8;
    }
    if (level == NameLevel::Different as u8 || level == NameLevel::Similar as u8) && is_woman(a, b) {
        SURNAME_CHANGED
    } else {
        level
    }
}

/// Both records carry a given name and neither is a Slavic calendar name.
fn kazakh_given_names(a: PersonRef<'_>, b: PersonRef<'_>) -> bool {
    let fit = |n: &Name| !n.skeleton.is_empty() && !names::is_slavic_given_name(n);
    fit(a.given_name) && fit(b.given_name)
}

/// Either record says female (or, with no sex recorded, the registry surname's form does).
fn is_woman(a: PersonRef<'_>, b: PersonRef<'_>) -> bool {
    match (a.sex, b.sex) {
        (Sex::Female, _) | (_, Sex::Female) => true,
        (Sex::Unknown, Sex::Unknown) => a.surname.sex_hint == SexHint::Female,
        _ => false,
    }
}

/// The sex a record's own given name and patronymic imply (Евгений, -ович, -ұлы, o'g'li;
/// -овна, -қызы, qizi): their hint where they agree or one is silent, else unknown. The
/// surname's form is not consulted: a woman's surname is often written in its male form
/// (a romanization that drops -a, a Kazakh surname without its ending).
pub(crate) fn implied_sex(given: SexHint, patronymic: SexHint) -> SexHint {
    match (given, patronymic) {
        (g, p) if g == p => g,
        (SexHint::Unknown, h) | (h, SexHint::Unknown) => h,
        _ => SexHint::Unknown,
    }
}

/// The sex level of a pair from the recorded codes and the sex each record's names imply
/// ([`implied_sex`]). Recorded codes that differ are another person's — unless one
/// record's code is contradicted by its own names, which agree with the other record's
/// code, while the other record's names do not contradict its code: a sex keyed wrong
/// (1/2 or М/Ж confused) in a record whose given name and patronymic say otherwise. Such a
/// code says nothing (`missing`). A brother and a sister are not caught by this: their given
/// names and patronymics carry their own sexes.
pub(crate) fn sex_level(a: Sex, a_names: SexHint, b: Sex, b_names: SexHint) -> u8 {
    let hint = |s: Sex| match s {
        Sex::Male => SexHint::Male,
        Sex::Female => SexHint::Female,
        Sex::Unknown => SexHint::Unknown,
    };
    match (a, b) {
        (Sex::Unknown, _) | (_, Sex::Unknown) => 1,
        (x, y) if x == y => 0,
        (x, y) => {
            let (hx, hy) = (hint(x), hint(y));
            let b_slip = b_names == hx && a_names != hy;
            let a_slip = a_names == hy && b_names != hx;
            if b_slip || a_slip {
                1
            } else {
                2
            }
        }
    }
}

fn same_level<T: PartialEq>(a: Option<T>, b: Option<T>) -> u8 {
    match (a, b) {
        (Some(a), Some(b)) if a == b => 0,
        (Some(_), Some(_)) => 2,
        _ => 1,
    }
}

/// Compares every field of a pair under `weights` (no term-frequency
/// adjustment, no cutoff). See [`compare_scored`].
pub fn compare(a: &PreparedRecord, b: &PreparedRecord, weights: &Weights) -> Comparison {
    compare_views(a.view(), b.view(), weights)
}

/// [`compare`] on borrowed views.
pub(crate) fn compare_views(a: PersonRef<'_>, b: PersonRef<'_>, weights: &Weights) -> Comparison {
    match compare_scored(a, b, weights, (0.0, 0.0), f64::NEG_INFINITY) {
        Some((c, _)) => c,
        None => unreachable_comparison(),
    }
}

fn unreachable_comparison() -> Comparison {
    // compare_scored only gives up below a finite cutoff; kept total for safety.
    Comparison { levels: [0; N_FIELDS], order_swapped: false, tf_adjust: [0.0; 2] }
}

/// Whether reading the names crosswise (registry surname against response
/// given name) could give anything: one crossed pair starts with the same
/// letter. Swapped columns keep the names themselves intact.
fn crosswise_plausible(a: PersonRef<'_>, b: PersonRef<'_>) -> bool {
    let first = |n: &Name| n.skeleton.as_bytes().first().copied();
    let (as_, ag, bs, bg) = (first(a.surname), first(a.given_name), first(b.surname), first(b.given_name));
    (as_.is_some() && as_ == bg) || (ag.is_some() && ag == bs)
}

/// Compares a pair (registry record `a`, response record `b`) and scores it:
/// the comparison and its total match weight, with the term-frequency
/// adjustment for the registry record's name frequencies `freq` (surname,
/// given name; 0 = none). Returns `None` as soon as the pair cannot reach
/// `cutoff` whatever the fields still to compare — most candidate pairs share
/// only a birth date, and the expensive name comparisons stop early.
///
/// Names swapped between columns happen in every source: when surname and
/// given name do not both agree, the crosswise reading is tried too (if
/// plausible) and the reading with more name evidence is kept.
pub fn compare_scored(a: PersonRef<'_>, b: PersonRef<'_>, w: &Weights, freq: (f32, f32), cutoff: f64) -> Option<(Comparison, f64)> {
    compare_scored_floor(a, b, w, freq, cutoff, cutoff)
}

/// [`compare_scored`], but a pair whose surname or given name agrees (spelling noise
/// included) is compared to the end down to `floor` when that is below `cutoff`: such a
/// pair may be a look-alike's (one identity field apart), which the look-alike
/// calibration counts whatever its weight. Pairs whose surname and given name both
/// disagree still stop at `cutoff`.
pub(crate) fn compare_scored_floor(a: PersonRef<'_>, b: PersonRef<'_>, w: &Weights, freq: (f32, f32), cutoff: f64, floor: f64) -> Option<(Comparison, f64)> {
    let lowest = cutoff.min(floor);
    let mut c = Comparison { levels: [0u8; N_FIELDS], order_swapped: false, tf_adjust: [0.0; 2] };
    c.levels[Field::BirthDate.index()] = compare_dates(a.birth_date, b.birth_date) as u8;
    c.levels[Field::Sex.index()] =
        sex_level(a.sex, implied_sex(a.given_name.sex_hint, a.patronymic.sex_hint), b.sex, implied_sex(b.given_name.sex_hint, b.patronymic.sex_hint));
    c.levels[Field::Iin.index()] = same_level(a.iin, b.iin);
    let fixed = w.prior() + w.weight_in(&c, Field::BirthDate) + w.weight_in(&c, Field::Sex) + w.weight_in(&c, Field::Iin);
    // Upper bound of all name evidence: if even that cannot reach the cutoff, stop now.
    if fixed + w.max_weight(Field::Surname) + w.max_weight(Field::GivenName) + w.max_weight(Field::Patronymic) < lowest {
        return None;
    }
    let names = |c: &mut Comparison| {
        w.adjust_for_frequency(c, freq.0, freq.1);
        w.weight_in(c, Field::Surname) + w.weight_in(c, Field::GivenName)
    };
    let both = |f: NameField, g: NameField| a.attested.of(f) && b.attested.of(g);
    c.levels[Field::Surname.index()] = surname_level(a, b, a.surname, b.surname, both(NameField::Surname, NameField::Surname));
    c.levels[Field::GivenName.index()] = name_level(a.given_name, b.given_name, NameField::GivenName, both(NameField::GivenName, NameField::GivenName));
    let mut name_weight = names(&mut c);
    let strong = |l: u8| l <= NameLevel::Variant as u8;
    if !(strong(c.level(Field::Surname)) && strong(c.level(Field::GivenName))) && crosswise_plausible(a, b) {
        let mut crossed = c;
        crossed.order_swapped = true;
        crossed.levels[Field::Surname.index()] = surname_level(a, b, a.surname, b.given_name, both(NameField::Surname, NameField::GivenName));
        crossed.levels[Field::GivenName.index()] = name_level(a.given_name, b.surname, NameField::GivenName, both(NameField::GivenName, NameField::Surname));
        let crossed_weight = names(&mut crossed);
        if crossed_weight > name_weight {
            c = crossed;
            name_weight = crossed_weight;
        }
    }
    let agrees = |l: u8| l <= NameLevel::Typo as u8;
    let cutoff = if agrees(c.level(Field::Surname)) || agrees(c.level(Field::GivenName)) { lowest } else { cutoff };
    if fixed + name_weight + w.max_weight(Field::Patronymic) < cutoff {
        return None;
    }
    c.levels[Field::Patronymic.index()] = name_level(a.patronymic, b.patronymic, NameField::Patronymic, both(NameField::Patronymic, NameField::Patronymic));
    set_family(&mut c.levels);
    let total = fixed + name_weight + w.weight_in(&c, Field::Patronymic) + w.weight_in(&c, Field::Family);
    (total >= cutoff).then_some((c, total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;

    fn d(s: &str) -> Option<BirthDate> {
        Some(BirthDate::parse(s).unwrap())
    }

    #[test]
    fn date_error_model() {
        use DateLevel::*;
        let cases = [
            ("17.05.1980", "1980-05-17", Exact, "same day"),
            ("07.05.1980", "05.07.1980", Swapped, "day and month swapped"),
            ("17.05.1980", "18.05.1980", DayOff, "day +1"),
            ("17.05.1980", "17.05.1981", YearOff, "year +1"),
            ("17.05.1980", "17.05.1979", YearOff, "year -1 across a decade"),
            ("17.05.1980", "27.05.1980", Digit, "one digit of the day"),
            ("17.05.1980", "17.06.1980", Digit, "month +1"),
            ("17.05.1980", "17.08.1980", Digit, "one digit of the month"),
            ("17.05.1985", "17.05.1988", Digit, "the year's last digit"),
            ("17.05.2001", "17.05.1901", Century, "century slip"),
            ("17.05.1980", "17.05.1950", YearFar, "tens digit: a parent as often as a typo"),
            ("17.05.1980", "17.05.1955", YearFar, "same day and month, 25 years apart"),
            ("17.05.1985", "17.05.1979", YearFar, "six years apart, two digits"),
            ("01.01.1980", "17.05.1980", Placeholder, "01.01 placeholder"),
            ("01.01.1980", "01.01.1980", Placeholder, "the same placeholder on both sides: only the year is known"),
            ("17.05.1980", "1980", Partial, "year only"),
            ("17.05.1980", "1980-05", Partial, "year and month"),
            ("17.05.1980", "1980-06", Different, "year-month that disagrees"),
            ("01.01.1980", "17.05.1981", PartialOff, "placeholder, year +1"),
            ("17.05.1980", "1981", PartialOff, "year only, year +1"),
            ("17.05.1980", "1990", Different, "year only, ten years off"),
            ("17.05.1980", "02.11.1964", Different, "nothing in common"),
            ("17.05.1980", "18.06.1980", Different, "two components"),
        ];
        for (a, b, level, why) in cases {
            assert_eq!(compare_dates(d(a), d(b)), level, "{a} vs {b}: {why}");
            assert_eq!(compare_dates(d(b), d(a)), level, "{b} vs {a}: symmetric");
        }
        assert_eq!(compare_dates(None, d("1980")), Missing);
    }

    #[test]
    fn womens_other_surname_is_changed_mens_is_different() {
        let p = |s: &str, sex: Sex| PreparedRecord::new(&Record { surname: s.into(), given_name: "Айгуль".into(), sex, ..Default::default() });
        let w = &crate::Model::default().weights(1000);
        let c = compare(&p("Ахметова", Sex::Female), &p("Петрова", Sex::Female), w);
        assert_eq!(c.level_name(Field::Surname), "changed");
        let c = compare(&p("Ахметов", Sex::Male), &p("Петров", Sex::Male), w);
        assert_eq!(c.level_name(Field::Surname), "different");
        let c = compare(&p("Ахметова", Sex::Unknown), &p("Петрова", Sex::Unknown), w);
        assert_eq!(c.level_name(Field::Surname), "changed", "the surname's form says female");
    }

    #[test]
    fn a_sex_code_its_own_names_contradict_is_a_slip_not_another_person() {
        let p = |g: &str, pat: &str, sex: Sex| {
            PreparedRecord::new(&Record { surname: "Ахметов".into(), given_name: g.into(), patronymic: pat.into(), sex, ..Default::default() })
        };
        let w = &crate::Model::default().weights(1000);
        let sex = |a: &PreparedRecord, b: &PreparedRecord| compare(a, b, w).level_name(Field::Sex);
        let man = p("Серик", "Болатович", Sex::Male);
        // The answer's given name and patronymic say male; its code says F: keyed wrong.
        assert_eq!(sex(&man, &p("Serik", "Bolatovich", Sex::Female)), "missing");
        assert_eq!(sex(&man, &p("Серік", "Болатұлы", Sex::Female)), "missing");
        // The registry's code is the slip: its names say female, the answer's code and names agree.
        let woman_keyed_male = p("Айгуль", "Болатовна", Sex::Male);
        assert_eq!(sex(&woman_keyed_male, &p("Aigul", "Bolatovna", Sex::Female)), "missing");
        // A sister: her names carry her own sex, so the codes stand.
        assert_eq!(sex(&man, &p("Айгуль", "Болатовна", Sex::Female)), "different");
        // Names that say nothing of sex leave the codes as they are.
        assert_eq!(sex(&p("", "", Sex::Male), &p("", "", Sex::Female)), "different");
        // Both records' names agree with their own codes: two people.
        assert_eq!(sex(&man, &p("", "Болатовна", Sex::Female)), "different");
        assert_eq!(sex(&man, &p("Serik", "Bolatovich", Sex::Male)), "same");
    }

    #[test]
    fn kazakh_surnames_in_russian_letters_on_both_sides_need_non_slavic_given_names() {
        // Both surnames attested (each carried by several registry persons): without the fold,
        // two surnames close in spelling are `similar`, another surname.
        let p = |s: &str, g: &str| {
            let mut r = PreparedRecord::new(&Record { surname: s.into(), given_name: g.into(), sex: Sex::Male, ..Default::default() });
            r.attested = Attested([true, false, false]);
            r
        };
        let w = &crate::Model::default().weights(1000);
        let surname = |a: &PreparedRecord, b: &PreparedRecord| compare(a, b, w).level_name(Field::Surname);
        for (x, y) in [("Абдирахманов", "Абдрахманов"), ("Жусипов", "Юсупов"), ("Дюсенбаев", "Дуйсенбаев"), ("Тилеубаев", "Тлеубаев"), ("Жакыпов", "Жакупов")]
        {
            assert_eq!(surname(&p(x, "Болат"), &p(y, "Болат")), "fuzzy_high", "{x} / {y}");
        }
        // A Slavic calendar name on either side: a Russian surname a vowel apart is another.
        assert_eq!(surname(&p("Тюрин", "Иван"), &p("Турин", "Иван")), "similar");
        assert_eq!(surname(&p("Тюрин", "Болат"), &p("Турин", "Ivan")), "similar");
        // No given name to judge by: the fold is not consulted.
        assert_eq!(surname(&p("Абдирахманов", ""), &p("Абдрахманов", "")), "similar");
        // Surnames the fold does not join stay another surname.
        assert_eq!(surname(&p("Исаев", "Болат"), &p("Усаев", "Болат")), "similar");
    }

    #[test]
    fn implied_sex_needs_the_names_to_agree() {
        use SexHint::{Female, Male, Unknown};
        assert_eq!(implied_sex(Male, Unknown), Male);
        assert_eq!(implied_sex(Unknown, Female), Female);
        assert_eq!(implied_sex(Male, Female), Unknown, "a given name and a patronymic of two sexes say nothing");
        assert_eq!(implied_sex(Unknown, Unknown), Unknown);
    }

    #[test]
    fn attested_names_close_in_spelling_are_similar_not_typos() {
        let p = |g: &str, attested: bool| {
            let mut r = PreparedRecord::new(&Record { surname: "Ахметова".into(), given_name: g.into(), ..Default::default() });
            r.attested = Attested([false, attested, false]);
            r
        };
        let w = &crate::Model::default().weights(1000);
        assert_eq!(compare(&p("Гульнара", false), &p("Гульнра", false), w).level_name(Field::GivenName), "typo");
        assert_eq!(compare(&p("Гульнара", true), &p("Гульнра", false), w).level_name(Field::GivenName), "typo", "one side is no name");
        assert_eq!(compare(&p("Гульнара", true), &p("Гульнура", true), w).level_name(Field::GivenName), "similar");
        assert_eq!(compare(&p("Гульнара", true), &p("Gulnara", true), w).level_name(Field::GivenName), "skeleton");
    }

    #[test]
    fn siblings_are_recognised() {
        let p = |s: &str, g: &str, pat: &str| {
            PreparedRecord::new(&Record { surname: s.into(), given_name: g.into(), patronymic: pat.into(), ..Default::default() })
        };
        let none = &crate::Model::default().weights(1000);
        let twins = compare(&p("Ахметов", "Асан", "Серикович"), &p("Akhmetov", "Usen", "Serikovich"), none);
        assert_eq!(twins.level_name(Field::Family), "sibling");
        let same = compare(&p("Ахметов", "Асан", "Серикович"), &p("Akhmetov", "Asan", "Serikovich"), none);
        assert_eq!(same.level_name(Field::Family), "none");
        let other_father = compare(&p("Ахметов", "Асан", "Серикович"), &p("Akhmetov", "Usen", "Bolatovich"), none);
        assert_eq!(other_father.level_name(Field::Family), "none");
    }

    #[test]
    fn swapped_name_columns_are_read_crosswise() {
        let a = PreparedRecord::new(&Record { surname: "Иванов".into(), given_name: "Иван".into(), ..Default::default() });
        let b = PreparedRecord::new(&Record { surname: "Ivan".into(), given_name: "Ivanov".into(), ..Default::default() });
        let c = compare(&a, &b, &crate::Model::default().weights(1000));
        assert!(c.order_swapped);
        assert!(c.level(Field::Surname) <= NameLevel::Skeleton as u8);
    }
}
