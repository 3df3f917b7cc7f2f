//! National personal identifiers: Kazakhstan IIN, Russia INN and SNILS,
//! Ukraine RNOKPP.
//!
//! Each identifier restates facts about its holder (birth date, sex) and carries
//! a check digit, so a parsed identifier is both a cross-check on the record's
//! other fields and, when both sides carry it, an exact linkage key.
//!
//! Errors never contain the identifier itself: it is personal data and error
//! messages end up in logs.
//!
//! Rules and their sources:
//! - IIN: Resolution of the Government of Kazakhstan of 11 June 2003 No. 565
//!   (adilet.zan.kz/rus/docs/P030000565_) and of 2007 No. 406
//!   (adilet.zan.kz/rus/docs/P070000406_, check-digit clause), restated in
//!   `/work/shared/NAMES.md` §6: `YYMMDD C SSSS K`, check digit
//!   `Σ dᵢ·i (i = 1..11) mod 11`; if 10, weights `3,4,5,6,7,8,9,10,11,1,2`;
//!   if 10 again the number is never issued.
//! - INN: 10-digit (organisation) weights `2,4,10,3,5,9,4,6,8`; 12-digit
//!   (person) weights `7,2,4,10,3,5,9,4,6,8` then `3,7,2,4,10,3,5,9,4,6,8`,
//!   each `mod 11 mod 10` (python-stdnum `stdnum/ru/inn.py`, NAMES.md §6).
//! - SNILS: `Σ dᵢ·(9..1)` over the first 9 digits; `< 100` → that sum,
//!   `100`/`101` → `00`, otherwise `mod 101` (and `100` → `00`); only numbers
//!   above `001-001-998` carry a check number (Pension Fund rules as cited by
//!   consultant.ru LAW_142584; NAMES.md §6).
//! - RNOKPP: weights `-1,5,7,9,4,6,10,5,7`, `mod 11 mod 10` (python-stdnum
//!   `stdnum/ua/rntrc.py`, which cites uk.wikipedia «РНОКПП»); the first five
//!   digits count days since 31.12.1899 (so `00001` is 1900-01-01), the ninth
//!   digit is even for women and odd for men (Faker `ssn/uk_UA` provider;
//!   `rnokpp-py` README: `3652504575` → male, 2000-01-01).

use std::fmt;

/// Why an identifier was rejected. Never contains the identifier itself.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdentError {
    /// Wrong number of digits (after removing spaces and hyphens).
    #[error("identifier has {found} digits, expected {expected}")]
    Length {
        /// Accepted length(s), e.g. `"12"` or `"10 or 12"`.
        expected: &'static str,
        /// Number of characters found.
        found: usize,
    },
    /// A character other than an ASCII digit (other scripts' digits included).
    #[error("identifier contains a character that is not an ASCII digit")]
    NonDigit,
    /// Empty input.
    #[error("identifier is empty")]
    Empty,
    /// The check digit(s) do not match.
    #[error("identifier check digit does not match")]
    Checksum,
    /// The embedded birth date is not a calendar date.
    #[error("identifier embeds an impossible birth date")]
    BadDate,
    /// The IIN century/sex digit is not 1..=6.
    #[error("identifier century/sex digit is not 1-6")]
    BadCenturyDigit,
    /// The serial admits no check digit (both IIN weightings give 10); such
    /// numbers are never issued. Only returned by constructors.
    #[error("no check digit exists for this serial; such numbers are not issued")]
    Unassignable,
    /// A constructor argument is out of range (year, serial ...).
    #[error("identifier component out of range")]
    OutOfRange,
}

/// Sex as encoded in an identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum IdSex {
    /// Male (odd digit).
    Male,
    /// Female (even digit).
    Female,
}

/// Removes surrounding whitespace and inner spaces / hyphens / no-break
/// spaces, then checks that only ASCII digits remain and that there are
/// `N` of them (`expected` is the length as reported in errors).
fn digits<const N: usize>(s: &str, expected: &'static str) -> Result<[u8; N], IdentError> {
    let mut out = [0u8; N];
    let mut n = 0usize;
    for c in s.trim().chars() {
        match c {
            ' ' | '-' | '\u{a0}' | '\u{202f}' | '\t' => continue,
            '0'..='9' => {
                if n < N {
                    out[n] = c as u8 - b'0';
                }
                n += 1;
            }
            _ => return Err(IdentError::NonDigit),
        }
    }
    if n == 0 {
        return Err(IdentError::Empty);
    }
    if n != N {
        return Err(IdentError::Length { expected, found: n });
    }
    Ok(out)
}

use super::date::days_in_month;

fn valid_date(y: u16, m: u8, d: u8) -> bool {
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant,
/// "chrono-Compatible Low-Level Date Algorithms", `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`] (same source, `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn weighted(d: &[u8], w: &[i32]) -> i32 {
    d.iter().zip(w).map(|(&d, &w)| i32::from(d) * w).sum()
}

// ---------------------------------------------------------------------------
// Kazakhstan IIN

/// Kazakhstan individual identification number (ИИН / ЖСН):
/// 12 digits `YYMMDD C SSSS K`.
///
/// `C` gives century and sex (1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s; odd male,
/// even female), `SSSS` is a serial, `K` the check digit. A parsed `Iin` is
/// always valid. `Debug` is redacted; `Display`/[`Iin::as_str`] give the digits.
/// Serialized as its 12-digit string; deserialization validates.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Iin([u8; 12]); // ASCII digits b'0'..=b'9'

const IIN_W1: [i32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const IIN_W2: [i32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/// IIN check digit of the first 11 digits, or `None` when both weightings
/// give 10 (the number is never issued).
fn iin_check(d: &[u8]) -> Option<u8> {
    let k = weighted(d, &IIN_W1) % 11;
    let k = if k == 10 { weighted(d, &IIN_W2) % 11 } else { k };
    u8::try_from(k).ok().filter(|&k| k < 10)
}

impl Iin {
    /// Parses and validates an IIN. Surrounding whitespace and inner spaces
    /// or hyphens are ignored; anything else that is not an ASCII digit is
    /// [`IdentError::NonDigit`]. Checks length, century digit, birth date and
    /// check digit.
    pub fn parse(s: &str) -> Result<Iin, IdentError> {
        let d: [u8; 12] = digits(s, "12")?;
        if !(1..=6).contains(&d[6]) {
            return Err(IdentError::BadCenturyDigit);
        }
        let (y, m, day) = iin_date(&d);
        if !valid_date(y, m, day) {
            return Err(IdentError::BadDate);
        }
        if iin_check(&d[..11]) != Some(d[11]) {
            return Err(IdentError::Checksum);
        }
        Ok(Iin(d.map(|x| x + b'0')))
    }

    /// Builds the IIN of a person born `year-month-day` (1800..=2099) with the
    /// given sex and 4-digit `serial` (0..=9999), computing the check digit.
    /// Returns [`IdentError::Unassignable`] for serials that admit no check
    /// digit (about 1 in 121); take the next serial.
    pub fn new(year: u16, month: u8, day: u8, sex: IdSex, serial: u16) -> Result<Iin, IdentError> {
        if !(1800..=2099).contains(&year) || serial > 9999 {
            return Err(IdentError::OutOfRange);
        }
        if !valid_date(year, month, day) {
            return Err(IdentError::BadDate);
        }
        let century = (year / 100 - 18) as u8; // 0, 1, 2
        let c = 1 + 2 * century + u8::from(sex == IdSex::Female);
        let yy = (year % 100) as u8;
        let mut d = [
            yy / 10,
            yy % 10,
            month / 10,
            month % 10,
            day / 10,
            day % 10,
            c,
            (serial / 1000) as u8,
            (serial / 100 % 10) as u8,
            (serial / 10 % 10) as u8,
            (serial % 10) as u8,
            0,
        ];
        d[11] = iin_check(&d[..11]).ok_or(IdentError::Unassignable)?;
        Ok(Iin(d.map(|x| x + b'0')))
    }

    /// The 12 digits.
    pub fn as_str(&self) -> &str {
        // Always ASCII digits by construction.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// Birth date `(year, month, day)` from `YYMMDD` and the century digit.
    pub fn birth_date(&self) -> (u16, u8, u8) {
        iin_date(&self.0.map(|x| x - b'0'))
    }

    /// Sex from the century digit (odd male, even female).
    pub fn sex(&self) -> IdSex {
        if (self.0[6] - b'0') % 2 == 1 {
            IdSex::Male
        } else {
            IdSex::Female
        }
    }
}

/// `(year, month, day)` from raw digit values; century digit must be 1..=6
/// for the year to be meaningful.
fn iin_date(d: &[u8; 12]) -> (u16, u8, u8) {
    let century = 1800 + 100 * u16::from(d[6].saturating_sub(1) / 2);
    let y = century + u16::from(d[0] * 10 + d[1]);
    (y, d[2] * 10 + d[3], d[4] * 10 + d[5])
}

impl fmt::Display for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Iin(<redacted>)")
    }
}

impl std::str::FromStr for Iin {
    type Err = IdentError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Iin::parse(s)
    }
}

impl serde::Serialize for Iin {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Iin {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Iin::parse(&s).map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------
// Russia INN and SNILS

const INN10_W: [i32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_W1: [i32; 10] = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_W2: [i32; 11] = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

fn digit_string(d: &[u8]) -> String {
    d.iter().map(|&x| char::from(x + b'0')).collect()
}

/// Validates a Russian INN: the 12-digit personal form, or the 10-digit
/// organisation form. Returns the bare digits.
pub fn validate_inn(s: &str) -> Result<String, IdentError> {
    // Accept up to 12 digits, then dispatch on the count.
    match digits::<12>(s, "10 or 12") {
        Ok(d) => {
            let k1 = weighted(&d[..10], &INN12_W1) % 11 % 10;
            let k2 = weighted(&d[..11], &INN12_W2) % 11 % 10;
            if i32::from(d[10]) == k1 && i32::from(d[11]) == k2 {
                Ok(digit_string(&d))
            } else {
                Err(IdentError::Checksum)
            }
        }
        Err(IdentError::Length { found: 10, .. }) => {
            let d: [u8; 10] = digits(s, "10 or 12")?;
            if i32::from(d[9]) == weighted(&d[..9], &INN10_W) % 11 % 10 {
                Ok(digit_string(&d))
            } else {
                Err(IdentError::Checksum)
            }
        }
        Err(e) => Err(e),
    }
}

/// Validates a Russian SNILS (11 digits, commonly written `123-456-789 01`).
/// Returns the bare 11 digits. Numbers up to `001-001-998` predate the check
/// number and are accepted with any check value.
pub fn validate_snils(s: &str) -> Result<String, IdentError> {
    let d: [u8; 11] = digits(s, "11")?;
    let number = d[..9].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    let given = u32::from(d[9]) * 10 + u32::from(d[10]);
    if number > 1_001_998 && snils_check(&d[..9]) != given {
        return Err(IdentError::Checksum);
    }
    Ok(digit_string(&d))
}

fn snils_check(d: &[u8]) -> u32 {
    let sum: u32 = d.iter().zip((1..=9u32).rev()).map(|(&x, w)| u32::from(x) * w).sum();
    match sum {
        0..=99 => sum,
        100 | 101 => 0,
        _ => match sum % 101 {
            100 => 0,
            r => r,
        },
    }
}

// ---------------------------------------------------------------------------
// Ukraine RNOKPP

/// Ukrainian taxpayer card number (РНОКПП, formerly ІПН): 10 digits
/// `DDDDD SSSS K`: days since 31.12.1899, a serial whose last digit gives sex,
/// and a check digit. A parsed value is always valid. `Debug` is redacted.
/// Serialized as its 10-digit string; deserialization validates.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rnokpp([u8; 10]); // ASCII digits

const RNOKPP_W: [i32; 9] = [-1, 5, 7, 9, 4, 6, 10, 5, 7];

/// Day number of 31.12.1899 relative to 1970-01-01.
fn rnokpp_epoch() -> i64 {
    days_from_civil(1899, 12, 31)
}

fn rnokpp_check(d: &[u8]) -> u8 {
    // The -1 weight can make the sum negative: use the Euclidean remainder.
    weighted(d, &RNOKPP_W).rem_euclid(11).rem_euclid(10) as u8
}

/// Parses and validates a Ukrainian RNOKPP (length, check digit, and a
/// non-zero day count). Spaces and hyphens inside are ignored.
pub fn rnokpp_parse(s: &str) -> Result<Rnokpp, IdentError> {
    let d: [u8; 10] = digits(s, "10")?;
    if d[..5].iter().all(|&x| x == 0) {
        return Err(IdentError::BadDate);
    }
    if rnokpp_check(&d[..9]) != d[9] {
        return Err(IdentError::Checksum);
    }
    Ok(Rnokpp(d.map(|x| x + b'0')))
}

impl Rnokpp {
    /// Parses and validates; same as [`rnokpp_parse`].
    pub fn parse(s: &str) -> Result<Rnokpp, IdentError> {
        rnokpp_parse(s)
    }

    /// Builds the RNOKPP of a person born `year-month-day` (1900-01-01 up to
    /// 99999 days later) with a 4-digit `serial` (0..=9999) whose last digit
    /// is the sex digit (odd male, even female), computing the check digit.
    pub fn new(year: u16, month: u8, day: u8, serial: u16) -> Result<Rnokpp, IdentError> {
        if !valid_date(year, month, day) {
            return Err(IdentError::BadDate);
        }
        let days = days_from_civil(i64::from(year), i64::from(month), i64::from(day)) - rnokpp_epoch();
        if !(1..=99_999).contains(&days) || serial > 9999 {
            return Err(IdentError::OutOfRange);
        }
        let n = days as u64 * 10_000 + u64::from(serial);
        let mut d = [0u8; 10];
        for (i, slot) in d[..9].iter_mut().enumerate() {
            *slot = (n / 10u64.pow(8 - i as u32) % 10) as u8;
        }
        d[9] = rnokpp_check(&d[..9]);
        Ok(Rnokpp(d.map(|x| x + b'0')))
    }

    /// The 10 digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// Birth date `(year, month, day)`: 31.12.1899 plus the first five digits
    /// as a day count.
    pub fn birth_date(&self) -> (u16, u8, u8) {
        let days = self.0[..5].iter().fold(0i64, |a, &x| a * 10 + i64::from(x - b'0'));
        let (y, m, d) = civil_from_days(rnokpp_epoch() + days);
        (y as u16, m as u8, d as u8)
    }

    /// Sex from the ninth digit (even female, odd male).
    pub fn sex(&self) -> IdSex {
        if (self.0[8] - b'0') % 2 == 1 {
            IdSex::Male
        } else {
            IdSex::Female
        }
    }
}

impl fmt::Display for Rnokpp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Rnokpp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Rnokpp(<redacted>)")
    }
}

impl std::str::FromStr for Rnokpp {
    type Err = IdentError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        rnokpp_parse(s)
    }
}

impl serde::Serialize for Rnokpp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Rnokpp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        rnokpp_parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // --- IIN -------------------------------------------------------------

    // 061211600012: example in the kz-iin-validator README
    // (github.com/ZhymabekRoman/kz-iin-validator). By the rule (NAMES.md §6):
    // Σ dᵢ·i = 0+12+3+8+5+6+42+0+0+0+11 = 87 ≡ 10 (mod 11) → second weights:
    // 0+24+5+12+7+8+54+0+0+0+2 = 112 ≡ 2 → check digit 2. Born 2006-12-11, F.
    #[test]
    fn iin_published_vector_uses_second_weights() {
        let iin = Iin::parse("061211600012").unwrap();
        assert_eq!(iin.birth_date(), (2006, 12, 11));
        assert_eq!(iin.sex(), IdSex::Female);
        assert_eq!(iin.as_str(), "061211600012");
        assert_eq!(iin.to_string(), "061211600012");
    }

    // 850314 3 0123 K, constructed: Σ = 8+10+0+12+5+24+21+0+9+20+33 = 142
    // ≡ 10 (mod 11) → second weights: 24+20+0+18+7+32+27+0+11+2+6 = 147 ≡ 4.
    // So 850314301234 is valid: male born 1985-03-14.
    #[test]
    fn iin_constructed_vector() {
        let iin = Iin::parse("850314301234").unwrap();
        assert_eq!(iin.birth_date(), (1985, 3, 14));
        assert_eq!(iin.sex(), IdSex::Male);
        assert_eq!(Iin::new(1985, 3, 14, IdSex::Male, 123).unwrap(), iin);
        for bad in 0..10 {
            if bad != 4 {
                let s = format!("85031430123{bad}");
                assert_eq!(Iin::parse(&s), Err(IdentError::Checksum), "{bad}");
            }
        }
    }

    // 900101 2 0000 K, constructed: digits 9,0,0,1,0,1,2,0,0,0,0
    // with weights 1..11: 9+4+6+14 = 33 ≡ 0 → check 0. C = 2: 1800s, female.
    #[test]
    fn iin_first_weights_and_century() {
        let iin = Iin::parse("900101200000").unwrap();
        assert_eq!(iin.birth_date(), (1890, 1, 1));
        assert_eq!(iin.sex(), IdSex::Female);
        assert_eq!(Iin::new(1890, 1, 1, IdSex::Female, 0).unwrap(), iin);
    }

    #[test]
    fn iin_separators_and_whitespace() {
        assert!(Iin::parse("  061211 600012\t").is_ok());
        assert!(Iin::parse("061211-6000-12").is_ok());
        assert!(Iin::parse("061211\u{a0}600012").is_ok());
    }

    #[test]
    fn iin_rejections() {
        assert_eq!(Iin::parse("06121160001"), Err(IdentError::Length { expected: "12", found: 11 }));
        assert_eq!(Iin::parse("0612116000122"), Err(IdentError::Length { expected: "12", found: 13 }));
        assert_eq!(Iin::parse(""), Err(IdentError::Empty));
        assert_eq!(Iin::parse("   "), Err(IdentError::Empty));
        assert_eq!(Iin::parse("06121160001X"), Err(IdentError::NonDigit));
        // Arabic-Indic and fullwidth digits are not accepted.
        assert_eq!(Iin::parse("٠٦١٢١١٦٠٠٠١٢"), Err(IdentError::NonDigit));
        assert_eq!(Iin::parse("０６１２１１６０００１２"), Err(IdentError::NonDigit));
        // Century digits 0, 7, 8, 9.
        for c in ['0', '7', '8', '9'] {
            let s = format!("061211{c}00012");
            assert_eq!(Iin::parse(&s), Err(IdentError::BadCenturyDigit));
        }
        // 2001-02-29 does not exist; 2000-02-29 does (century digit 5).
        assert_eq!(Iin::parse("010229500000"), Err(IdentError::BadDate));
        assert_eq!(Iin::parse("011301500000"), Err(IdentError::BadDate));
        assert_eq!(Iin::parse("010100500000"), Err(IdentError::BadDate));
        assert!(Iin::new(2000, 2, 29, IdSex::Male, 1).is_ok());
        assert_eq!(Iin::new(1900, 2, 29, IdSex::Male, 1), Err(IdentError::BadDate));
        assert_eq!(Iin::new(2100, 1, 1, IdSex::Male, 1), Err(IdentError::OutOfRange));
    }

    #[test]
    fn iin_unassignable_serials_exist() {
        // Some serial on a given day admits no check digit (both sums ≡ 10).
        let n = (0..=9999).filter(|&s| Iin::new(1985, 3, 14, IdSex::Male, s) == Err(IdentError::Unassignable)).count();
        assert!(n > 0 && n < 200, "{n}");
    }

    #[test]
    fn errors_and_debug_do_not_echo_the_identifier() {
        for s in ["061211600013", "06121160001", "06121160001X", "061211900012"] {
            let e = Iin::parse(s).unwrap_err().to_string();
            assert!(!e.contains("0612"), "{e}");
        }
        let iin = Iin::parse("061211600012").unwrap();
        assert!(!format!("{iin:?}").contains("0612"));
        let r = rnokpp_parse("3652504575").unwrap();
        assert!(!format!("{r:?}").contains("3652"));
    }

    #[test]
    fn iin_serde_is_a_validated_string() {
        let iin = Iin::parse("061211600012").unwrap();
        let json = serde_json::to_string(&iin).unwrap();
        assert_eq!(json, "\"061211600012\"");
        assert_eq!(serde_json::from_str::<Iin>(&json).unwrap(), iin);
        assert!(serde_json::from_str::<Iin>("\"061211600013\"").is_err());
    }

    // --- INN / SNILS -------------------------------------------------------

    // Vectors from python-stdnum stdnum/ru/inn.py doctests.
    #[test]
    fn inn_vectors() {
        assert_eq!(validate_inn("123456789047").unwrap(), "123456789047");
        assert_eq!(validate_inn("1234567894").unwrap(), "1234567894");
        assert_eq!(validate_inn(" 1234 5678 9047 ").unwrap(), "123456789047");
        assert_eq!(validate_inn("123456789037"), Err(IdentError::Checksum));
        assert_eq!(validate_inn("1234567895"), Err(IdentError::Checksum));
        // Second check digit wrong only.
        assert_eq!(validate_inn("123456789048"), Err(IdentError::Checksum));
        assert_eq!(validate_inn("12345678904"), Err(IdentError::Length { expected: "10 or 12", found: 11 }));
        assert_eq!(validate_inn("1234567890471"), Err(IdentError::Length { expected: "10 or 12", found: 13 }));
        assert_eq!(validate_inn("12345678904з"), Err(IdentError::NonDigit));
    }

    // 112-233-445 95: the standard worked example (vasiunov/SNILS_CheckAndCount
    // README, after consultant.ru LAW_142584): 1·9+1·8+2·7+2·6+3·5+3·4+4·3+4·2
    // +5·1 = 95 < 100 → 95.
    #[test]
    fn snils_vectors() {
        assert_eq!(validate_snils("112-233-445 95").unwrap(), "11223344595");
        assert_eq!(validate_snils("11223344595").unwrap(), "11223344595");
        assert_eq!(validate_snils("112-233-445 96"), Err(IdentError::Checksum));
        // Numbers ≤ 001-001-998 carry no check number.
        assert!(validate_snils("001-001-998 00").is_ok());
        // 001-001-999: Σ = 1·7 + 1·4 + 9·3 + 9·2 + 9·1 = 65.
        assert_eq!(validate_snils("001-001-999 00"), Err(IdentError::Checksum));
        assert!(validate_snils("001-001-999 65").is_ok());
        // Constructed by the rule (weights 9..1 over the first 9 digits):
        // 990-000-011: Σ = 81+72+2+1 = 156 > 101 → 156 mod 101 = 55.
        assert!(validate_snils("990-000-011 55").is_ok());
        // 100-356-355: Σ = 9+0+0+18+20+24+9+10+5 = 100 → 00.
        assert!(validate_snils("100-356-355 00").is_ok());
        assert_eq!(validate_snils("100-356-355 100"), Err(IdentError::Length { expected: "11", found: 12 }));
        // 100-079-190: Σ = 9+35+36+3+18 = 101 → 00.
        assert!(validate_snils("100-079-190 00").is_ok());
        // 106-897-449: Σ = 201, 201 mod 101 = 100 → 00.
        assert!(validate_snils("106-897-449 00").is_ok());
        assert_eq!(validate_snils("106-897-449 99"), Err(IdentError::Checksum));
    }

    // --- RNOKPP ------------------------------------------------------------

    #[test]
    fn rnokpp_vectors() {
        // rnokpp-py README (Tymofii-Lytvynenko/rnokpp-py): valid, male,
        // 2000-01-01. 36525 days after 31.12.1899 = 2000-01-01.
        let r = rnokpp_parse("3652504575").unwrap();
        assert_eq!(r.birth_date(), (2000, 1, 1));
        assert_eq!(r.sex(), IdSex::Male);
        // Same README: female.
        let r = rnokpp_parse("3068208400").unwrap();
        assert_eq!(r.sex(), IdSex::Female);
        // python-stdnum stdnum/ua/rntrc.py doctests.
        assert!(rnokpp_parse("1759013776").is_ok());
        assert!(rnokpp_parse(" 25 30 41 40 71 ").is_ok());
        assert_eq!(rnokpp_parse("1759013770"), Err(IdentError::Checksum));
        assert_eq!(rnokpp_parse("12345"), Err(IdentError::Length { expected: "10", found: 5 }));
        // Day 1 is 1900-01-01.
        let r = Rnokpp::new(1900, 1, 1, 0).unwrap();
        assert_eq!(&r.as_str()[..5], "00001");
        assert_eq!(r.birth_date(), (1900, 1, 1));
        assert_eq!(Rnokpp::new(1899, 12, 31, 0), Err(IdentError::OutOfRange));
        assert_eq!(rnokpp_parse("0000000000"), Err(IdentError::BadDate));
    }

    #[test]
    fn rnokpp_negative_weighted_sum() {
        // 9000000000...: Σ = -9 → rem_euclid 11 = 2 → check 2 (Python's %
        // semantics, which python-stdnum relies on). Day 90000 = 2146-05-31.
        assert_eq!(rnokpp_check(&[9, 0, 0, 0, 0, 0, 0, 0, 0]), 2);
        assert!(rnokpp_parse("9000000002").is_ok());
    }

    #[test]
    fn date_algorithms_agree() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 1, 1) - rnokpp_epoch(), 36525);
        for z in -80_000..80_000 {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,20}") {
            let _ = Iin::parse(&s);
            let _ = validate_inn(&s);
            let _ = validate_snils(&s);
            let _ = rnokpp_parse(&s);
        }

        #[test]
        fn parsers_never_panic_on_digits(s in "[0-9 -]{0,16}") {
            let _ = Iin::parse(&s);
            let _ = validate_inn(&s);
            let _ = validate_snils(&s);
            let _ = rnokpp_parse(&s);
        }

        #[test]
        fn iin_roundtrip(y in 1800u16..=2099, m in 1u8..=12, d in 1u8..=31,
                         female in any::<bool>(), serial in 0u16..=9999) {
            let sex = if female { IdSex::Female } else { IdSex::Male };
            if let Ok(iin) = Iin::new(y, m, d, sex, serial) {
                let back = Iin::parse(&iin.to_string()).unwrap();
                prop_assert_eq!(back, iin);
                prop_assert_eq!(back.birth_date(), (y, m, d));
                prop_assert_eq!(back.sex(), sex);
            }
        }

        #[test]
        fn rnokpp_roundtrip(days in 1i64..=99_999, serial in 0u16..=9999) {
            let (y, m, d) = civil_from_days(rnokpp_epoch() + days);
            let r = Rnokpp::new(y as u16, m as u8, d as u8, serial).unwrap();
            let back = rnokpp_parse(r.as_str()).unwrap();
            prop_assert_eq!(back, r);
            prop_assert_eq!(back.birth_date(), (y as u16, m as u8, d as u8));
            let male = serial % 2 == 1;
            prop_assert_eq!(back.sex() == IdSex::Male, male);
        }
    }
}
