//! Partial-aware birth dates.
//!
//! CIS records write birth dates as `DD.MM.YYYY` (Russian and Kazakh default),
//! `YYYY-MM-DD`, `DD/MM/YYYY` or `YYYYMMDD`, and mark unknown parts with `00`
//! (`00.00.1975`, `1975-00-00`) or leave them out (`1975`, `1975-06`, `06.1975`).
//! Central Asian registries also use `01.01.YYYY` as a placeholder when only the
//! year was known. A [`BirthDate`] keeps what is known, its [`DatePrecision`], and
//! flags that placeholder so blocking and scoring can treat it as year precision.

use std::fmt;

/// Earliest birth year accepted; older values are typing errors.
pub(crate) const MIN_YEAR: u16 = 1850;
/// Latest birth year accepted.
pub(crate) const MAX_YEAR: u16 = 2100;

/// How much of a birth date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// Year, month and day.
    Day,
}

/// A birth date whose month and day may be unknown.
///
/// Ordering and equality compare the stored components (unknown parts are 0).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BirthDate {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a birth-date value was refused. Messages never echo the value itself.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// The value matches none of the accepted forms.
    #[error("unrecognised date format (accepted: YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY, YYYYMMDD, YYYY-MM, MM.YYYY, YYYY; 00 for unknown parts)")]
    Format,
    /// The year is outside the accepted range.
    #[error("year {0} is outside {MIN_YEAR}..={MAX_YEAR}")]
    YearOutOfRange(u16),
    /// The month is not 0 (unknown) or 1..=12.
    #[error("month {0} does not exist")]
    Month(u8),
    /// The day does not exist in that month (31.02, 29.02 of a common year, 32).
    #[error("day {day} does not exist in month {month} of that year")]
    Day {
        /// The day given.
        day: u8,
        /// The month given.
        month: u8,
    },
    /// A day is known while the month is not (`15.00.1980`).
    #[error("day is given but month is unknown")]
    DayWithoutMonth,
}

impl BirthDate {
    /// Builds a date from components; `month`/`day` 0 mean unknown.
    pub fn new(year: u16, month: u8, day: u8) -> Result<BirthDate, DateError> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(DateError::YearOutOfRange(year));
        }
        if month > 12 {
            return Err(DateError::Month(month));
        }
        if month == 0 && day != 0 {
            return Err(DateError::DayWithoutMonth);
        }
        if day != 0 && day > days_in_month(year, month) {
            return Err(DateError::Day { day, month });
        }
        Ok(BirthDate { year, month, day })
    }

    /// A date known to the day.
    pub fn ymd(year: u16, month: u8, day: u8) -> Result<BirthDate, DateError> {
        if month == 0 {
            return Err(DateError::Month(0));
        }
        if day == 0 {
            return Err(DateError::Day { day, month });
        }
        BirthDate::new(year, month, day)
    }

    /// Parses every accepted textual form. Surrounding spaces are ignored; a
    /// trailing time (`1980-05-17T00:00:00`, `17.05.1980 0:00:00`) is dropped, as
    /// spreadsheet exports add one.
    pub fn parse(text: &str) -> Result<BirthDate, DateError> {
        // Fast path for the two forms nearly every file uses: DD.MM.YYYY and YYYY-MM-DD.
        let d = |c: u8| c.wrapping_sub(b'0');
        match *text.as_bytes() {
            [a, b, b'.', c, e, b'.', f, g, h, i] if [a, b, c, e, f, g, h, i].iter().all(u8::is_ascii_digit) => {
                let year = d(f) as u16 * 1000 + d(g) as u16 * 100 + d(h) as u16 * 10 + d(i) as u16;
                return BirthDate::new(year, d(c) * 10 + d(e), d(a) * 10 + d(b));
            }
            [f, g, h, i, b'-', c, e, b'-', a, b] if [a, b, c, e, f, g, h, i].iter().all(u8::is_ascii_digit) => {
                let year = d(f) as u16 * 1000 + d(g) as u16 * 100 + d(h) as u16 * 10 + d(i) as u16;
                return BirthDate::new(year, d(c) * 10 + d(e), d(a) * 10 + d(b));
            }
            _ => {}
        }
        let s = text.trim();
        // A time part is cut off (it has a colon); otherwise spaces separate like dots.
        let s = match s.find(['T', ' ']) {
            Some(i) if i >= 4 && s[i..].contains(':') => &s[..i],
            _ => s,
        };
        let b = s.as_bytes();
        if b.is_empty() || !b.iter().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'/' | b' ')) {
            return Err(DateError::Format);
        }
        let mut buf = [""; 4];
        let mut n = 0;
        for part in s.split(['.', '-', '/', ' ']) {
            if n == buf.len() {
                return Err(DateError::Format);
            }
            buf[n] = part;
            n += 1;
        }
        let parts = &buf[..n];
        let num = |p: &str| -> Result<u16, DateError> {
            if p.is_empty() || p.len() > 4 {
                return Err(DateError::Format);
            }
            p.parse::<u16>().map_err(|_| DateError::Format)
        };
        let small = |p: &str| -> Result<u8, DateError> {
            if p.is_empty() || p.len() > 2 {
                return Err(DateError::Format);
            }
            p.parse::<u8>().map_err(|_| DateError::Format)
        };
        match parts {
            [one] => match one.len() {
                4 => BirthDate::new(num(one)?, 0, 0),
                8 => {
                    // YYYYMMDD
                    let y = num(&one[0..4])?;
                    let m = small(&one[4..6])?;
                    let d = small(&one[6..8])?;
                    BirthDate::new(y, m, d)
                }
                _ => Err(DateError::Format),
            },
            [a, b] => {
                // YYYY-MM or MM.YYYY
                if a.len() == 4 && b.len() <= 2 {
                    BirthDate::new(num(a)?, small(b)?, 0)
                } else if b.len() == 4 && a.len() <= 2 {
                    BirthDate::new(num(b)?, small(a)?, 0)
                } else {
                    Err(DateError::Format)
                }
            }
            [a, b, c] => {
                if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
                    BirthDate::new(num(a)?, small(b)?, small(c)?)
                } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
                    // DD.MM.YYYY and DD/MM/YYYY: CIS order, never US MM/DD.
                    BirthDate::new(num(c)?, small(b)?, small(a)?)
                } else {
                    Err(DateError::Format)
                }
            }
            _ => Err(DateError::Format),
        }
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, if known.
    pub fn month(&self) -> Option<u8> {
        (self.month != 0).then_some(self.month)
    }

    /// The day, if known.
    pub fn day(&self) -> Option<u8> {
        (self.day != 0).then_some(self.day)
    }

    /// How much of the date was written.
    pub fn precision(&self) -> DatePrecision {
        if self.day != 0 {
            DatePrecision::Day
        } else if self.month != 0 {
            DatePrecision::Month
        } else {
            DatePrecision::Year
        }
    }

    /// `01.01.YYYY`: the placeholder Central Asian registries write when only
    /// the year was known. It may still be a real birthday, so it is kept, but
    /// blocking and scoring treat it as year precision.
    pub fn is_placeholder(&self) -> bool {
        self.day == 1 && self.month == 1
    }

    /// The precision that evidence may rely on: a placeholder counts as a year.
    pub fn effective_precision(&self) -> DatePrecision {
        if self.is_placeholder() {
            DatePrecision::Year
        } else {
            self.precision()
        }
    }

    /// Whether the date is known to the day and is not a placeholder.
    pub fn is_full(&self) -> bool {
        self.effective_precision() == DatePrecision::Day
    }

    /// A compact sortable key: `yyyymmdd` with 0 for unknown parts.
    pub fn key(&self) -> u32 {
        self.year as u32 * 10_000 + self.month as u32 * 100 + self.day as u32
    }

    /// Packs an optional date into 32 bits for compact storage (`u32::MAX` = none).
    pub(crate) fn pack(date: Option<BirthDate>) -> u32 {
        date.map_or(u32::MAX, |d| (d.year as u32) << 16 | (d.month as u32) << 8 | d.day as u32)
    }

    /// Reverses [`BirthDate::pack`] on a value it produced.
    #[inline]
    pub(crate) fn unpack(bits: u32) -> Option<BirthDate> {
        (bits != u32::MAX).then_some(BirthDate { year: (bits >> 16) as u16, month: (bits >> 8) as u8, day: bits as u8 })
    }

    /// Rebuilds a date from [`BirthDate::key`]; `None` if the key is not a valid date.
    pub fn from_key(key: u32) -> Option<BirthDate> {
        let year = u16::try_from(key / 10_000).ok()?;
        BirthDate::new(year, (key / 100 % 100) as u8, (key % 100) as u8).ok()
    }
}

/// Days in a month of the proleptic Gregorian calendar.
pub(crate) fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// ISO 8601 form of what is known: `1980-05-17`, `1980-05`, `1980`.
impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision() {
            DatePrecision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
            DatePrecision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            DatePrecision::Year => write!(f, "{:04}", self.year),
        }
    }
}

impl fmt::Debug for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BirthDate({self})")
    }
}

impl std::str::FromStr for BirthDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BirthDate::parse(s)
    }
}

impl serde::Serialize for BirthDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for BirthDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        BirthDate::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<BirthDate, DateError> {
        BirthDate::parse(s)
    }

    #[test]
    fn every_full_form_gives_the_same_day() {
        let want = BirthDate::ymd(1980, 5, 17).unwrap();
        for s in [
            "1980-05-17",
            "17.05.1980",
            "17/05/1980",
            "19800517",
            " 17.05.1980 ",
            "1980-5-17",
            "17.5.1980",
            "1980-05-17T00:00:00",
            "17.05.1980 0:00:00",
            "17 05 1980",
            "1980-05-17 12:30",
        ] {
            assert_eq!(p(s), Ok(want), "{s}");
        }
        assert_eq!(want.precision(), DatePrecision::Day);
        assert!(want.is_full());
    }

    #[test]
    fn partial_forms_keep_their_precision() {
        let y = p("1975").unwrap();
        assert_eq!((y.year(), y.month(), y.day(), y.precision()), (1975, None, None, DatePrecision::Year));
        assert_eq!(p("00.00.1975"), Ok(y));
        assert_eq!(p("1975-00-00"), Ok(y));
        assert_eq!(p("19750000"), Ok(y));
        let m = p("1975-06").unwrap();
        assert_eq!((m.month(), m.day(), m.precision()), (Some(6), None, DatePrecision::Month));
        assert_eq!(p("06.1975"), Ok(m));
        assert_eq!(p("00.06.1975"), Ok(m));
        assert_eq!(p("1975-06-00"), Ok(m));
    }

    #[test]
    fn placeholder_is_flagged_and_counts_as_year() {
        let d = p("01.01.1968").unwrap();
        assert!(d.is_placeholder());
        assert_eq!(d.precision(), DatePrecision::Day);
        assert_eq!(d.effective_precision(), DatePrecision::Year);
        assert!(!d.is_full());
        assert!(!p("02.01.1968").unwrap().is_placeholder());
    }

    #[test]
    fn impossible_dates_are_refused_with_a_reason() {
        assert_eq!(p("31.02.1980"), Err(DateError::Day { day: 31, month: 2 }));
        assert_eq!(p("29.02.1981"), Err(DateError::Day { day: 29, month: 2 }));
        assert!(p("29.02.1980").is_ok());
        assert!(p("29.02.2000").is_ok());
        assert!(p("29.02.1900").is_err());
        assert_eq!(p("1980-13-01"), Err(DateError::Month(13)));
        assert_eq!(p("15.00.1980"), Err(DateError::DayWithoutMonth));
        assert_eq!(p("32.01.1980"), Err(DateError::Day { day: 32, month: 1 }));
        assert_eq!(p("01.01.1066"), Err(DateError::YearOutOfRange(1066)));
        for bad in ["", "abc", "05/17/80", "17.05.80", "1980-05-17-01", "١٩٨٠", "198O-05-17", "--", "1980..05", "123456789"] {
            assert!(p(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn display_and_key_round_trip() {
        for s in ["1980-05-17", "1980-05", "1980"] {
            let d = p(s).unwrap();
            assert_eq!(d.to_string(), s);
            assert_eq!(BirthDate::from_key(d.key()), Some(d));
        }
        assert_eq!(BirthDate::from_key(19800231), None);
    }

    #[test]
    fn serde_uses_iso_text() {
        let d = p("17.05.1980").unwrap();
        let j = serde_json::to_string(&d).unwrap();
        assert_eq!(j, "\"1980-05-17\"");
        assert_eq!(serde_json::from_str::<BirthDate>(&j).unwrap(), d);
        assert!(serde_json::from_str::<BirthDate>("\"31.02.1980\"").is_err());
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = BirthDate::parse(&s);
        }

        #[test]
        fn valid_days_round_trip(y in MIN_YEAR..=MAX_YEAR, m in 1u8..=12, d in 1u8..=31) {
            if let Ok(date) = BirthDate::ymd(y, m, d) {
                let dotted = format!("{d:02}.{m:02}.{y}");
                proptest::prop_assert_eq!(BirthDate::parse(&dotted), Ok(date));
                proptest::prop_assert_eq!(BirthDate::parse(&date.to_string()), Ok(date));
            }
        }
    }
}
