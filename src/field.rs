//! The evidence vocabulary every stage shares: the [`Field`]s the model
//! weighs, the names and codes of their comparison levels, the birth-date
//! error levels ([`DateLevel`]) and a pair's [`Comparison`] (a level code per
//! field). Comparators (`compare`) produce it, the model (`model`) weighs it,
//! the decision rules (`decide`) read it. Uses only [`crate::names`]' levels.
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses no other module of the crate.

/// A field the model weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Field {
    /// Family name.
    Surname,
    /// Given name.
    GivenName,
    /// Patronymic (compared on the father's-name key).
    Patronymic,
    /// Birth date, with its error model.
    BirthDate,
    /// Sex.
    Sex,
    /// Kazakhstan IIN, when both sides carry one.
    Iin,
    /// Relatives: the same surname and father's name with a different given
    /// name is the pattern of siblings and twins. The fields are not
    /// independent there, so this term corrects the sum of their weights.
    Family,
}

/// Number of [`Field`]s.
pub(crate) const N_FIELDS: usize = 7;

impl Field {
    /// All fields, in explanation order.
    pub const ALL: [Field; N_FIELDS] = [Field::Surname, Field::GivenName, Field::Patronymic, Field::BirthDate, Field::Sex, Field::Iin, Field::Family];

    /// Fields whose m and u describe a field's own evidence (all but the
    /// [`Field::Family`] correction), the ones training estimates.
    pub const OBSERVED: [Field; 6] = [Field::Surname, Field::GivenName, Field::Patronymic, Field::BirthDate, Field::Sex, Field::Iin];

    /// Column-friendly name.
    pub fn name(self) -> &'static str {
        match self {
            Field::Surname => "surname",
            Field::GivenName => "given_name",
            Field::Patronymic => "patronymic",
            Field::BirthDate => "birth_date",
            Field::Sex => "sex",
            Field::Iin => "iin",
            Field::Family => "family",
        }
    }

    /// Human label for explanations.
    pub fn label(self) -> &'static str {
        match self {
            Field::Surname => "Surname",
            Field::GivenName => "Given name",
            Field::Patronymic => "Patronymic",
            Field::BirthDate => "Birth date",
            Field::Sex => "Sex",
            Field::Iin => "IIN",
            Field::Family => "Relatives",
        }
    }

    /// Names of this field's comparison levels, strongest first; a level's
    /// position is its code in [`Comparison::levels`].
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            Field::Surname => SURNAME_LEVELS,
            Field::GivenName | Field::Patronymic => NAME_LEVELS,
            Field::BirthDate => DATE_LEVELS,
            Field::Sex | Field::Iin => SAME_LEVELS,
            Field::Family => FAMILY_LEVELS,
        }
    }

    /// Code of the level meaning "nothing to compare".
    pub fn missing_level(self) -> u8 {
        self.levels().iter().position(|l| *l == "missing").unwrap_or(0) as u8
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Name comparison levels, in [`NameLevel`](crate::names::NameLevel) order.
pub(crate) const NAME_LEVELS: &[&str] =
    &["exact", "skeleton", "cognate", "variant", "fuzzy_high", "typo", "fuzzy_low", "similar", "initial", "missing", "different"];
/// Surname levels: the name levels, then `changed` — a woman's surname that is another
/// surname (different, or only similar): marriage is possible, and an officer must confirm
/// it. A man's different surname stays `different`.
pub(crate) const SURNAME_LEVELS: &[&str] =
    &["exact", "skeleton", "cognate", "variant", "fuzzy_high", "typo", "fuzzy_low", "similar", "initial", "missing", "different", "changed"];
/// Code of the surname level `changed` (after the [`NameLevel`](crate::names::NameLevel) codes).
pub(crate) const SURNAME_CHANGED: u8 = NAME_LEVELS.len() as u8;
/// Birth-date levels (see [`DateLevel`]).
pub(crate) const DATE_LEVELS: &[&str] =
    &["exact", "swapped", "day_off", "year_off", "digit", "century", "year_far", "placeholder", "partial", "partial_off", "missing", "different"];
/// Levels of fields that are equal or not.
pub(crate) const SAME_LEVELS: &[&str] = &["same", "missing", "different"];
/// Code of `different` in [`SAME_LEVELS`].
pub(crate) const SAME_DIFFERENT: u8 = 2;
/// Levels of the relatives correction: `sibling` when surname and patronymic
/// agree (exact to variant) and the given names are different.
pub(crate) const FAMILY_LEVELS: &[&str] = &["none", "sibling"];

/// How two birth dates relate, under the error model of CIS records. Each kind of error
/// has its own level, and so has the pattern of relatives: the same day and month with the
/// years far apart is a parent or child with the same name as often as a typo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[repr(u8)]
#[non_exhaustive]
pub enum DateLevel {
    /// Same day (both known to the day, not placeholders).
    Exact,
    /// Day and month swapped (`05.07` vs `07.05`).
    Swapped,
    /// Day ±1, month and year equal.
    DayOff,
    /// Year ±1, day and month equal.
    YearOff,
    /// One digit of the day, the month or the year's last digit wrong (the rest equal), or
    /// the month ±1.
    Digit,
    /// Century slip: the years 100 apart (19xx / 20xx), day and month equal.
    Century,
    /// Same day and month, years at least two apart and not one of the errors above: a
    /// parent or child with the same name as often as a tens-digit typo.
    YearFar,
    /// One side is a `01.01` placeholder (day unknown) and the years agree.
    Placeholder,
    /// One side is only a year or a year-month, and both agree on what both know.
    Partial,
    /// One side is partial or a placeholder and the years are one error apart (±1, one
    /// digit, a century).
    PartialOff,
    /// Either side has no date.
    Missing,
    /// None of the above.
    Different,
}

/// One pair's comparison: a level code per field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Comparison {
    /// Level code per field, indexed by [`Field`] (see [`Field::levels`]).
    pub levels: [u8; N_FIELDS],
    /// Surname and given name were compared crosswise (surname against given name).
    pub order_swapped: bool,
    /// Term-frequency adjustment of the surname and given-name weights, in
    /// bits (0 when not applied): a shared common name is weaker evidence.
    pub tf_adjust: [f32; 2],
}

impl Comparison {
    /// The level code of a field.
    pub fn level(&self, f: Field) -> u8 {
        self.levels[f.index()]
    }

    /// The level name of a field.
    pub fn level_name(&self, f: Field) -> &'static str {
        f.levels().get(self.levels[f.index()] as usize).copied().unwrap_or("?")
    }

    /// A comparison from its level names, one per field in [`Field::ALL`] order (the
    /// `*_level` columns of a matches file); the first field whose name is not one of its
    /// levels is the error. Not compared crosswise, no term-frequency adjustment.
    pub fn from_level_names<S: AsRef<str>>(names: &[S]) -> Result<Comparison, Field> {
        let mut levels = [0u8; N_FIELDS];
        for (x, f) in Field::ALL.into_iter().enumerate() {
            let name = names.get(x).map(|n| n.as_ref()).ok_or(f)?;
            levels[x] = f.levels().iter().position(|l| *l == name).ok_or(f)? as u8;
        }
        Ok(Comparison { levels, order_swapped: false, tf_adjust: [0.0; 2] })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::NameLevel;

    #[test]
    fn level_names_line_up_with_enums() {
        assert_eq!(NAME_LEVELS[NameLevel::Missing as usize], "missing");
        assert_eq!(NAME_LEVELS[NameLevel::Different as usize], "different");
        assert_eq!(DATE_LEVELS[DateLevel::Partial as usize], "partial");
        assert_eq!(Field::BirthDate.missing_level(), DateLevel::Missing as u8);
        assert_eq!(Field::Sex.missing_level(), 1);
    }

    #[test]
    fn a_comparison_reads_back_from_its_level_names() {
        let c = Comparison { levels: [2, 0, 5, 4, 0, 1, 1], order_swapped: false, tf_adjust: [0.0; 2] };
        let names: Vec<&str> = Field::ALL.iter().map(|&f| c.level_name(f)).collect();
        assert!(!names.contains(&"?"), "{names:?}");
        assert_eq!(Comparison::from_level_names(&names), Ok(c));
        let mut bad = names.clone();
        bad[3] = "nearly";
        assert_eq!(Comparison::from_level_names(&bad), Err(Field::BirthDate));
        assert_eq!(Comparison::from_level_names(&names[..6]), Err(Field::Family));
    }
}
