//! Birth dates, their output formats and Kazakhstan IINs.

use super::rng::{Rng, Weighted};
use super::tables::DateFmt;
use std::sync::OnceLock;

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Date {
    pub(crate) y: i32,
    pub(crate) m: u32,
    pub(crate) d: u32,
}

/// Days in a month of the proleptic Gregorian calendar; 0 for a month outside
/// 1..=12 or a year outside 0..=65535 (the range of the engine's birth dates, whose
/// parser this generator does not use: it shares no code with the matcher).
pub(crate) fn days_in_month(y: i32, m: u32) -> u32 {
    if !(0..=i32::from(u16::MAX)).contains(&y) {
        return 0;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub(crate) fn new(y: i32, m: u32, d: u32) -> Option<Date> {
        if (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) {
            Some(Date { y, m, d })
        } else {
            None
        }
    }

    /// The date `n` days later (n may be negative; |n| is small here).
    pub(crate) fn add_days(self, n: i32) -> Date {
        let mut d = self;
        let step = n.signum();
        for _ in 0..n.unsigned_abs() {
            if step > 0 {
                if d.d < days_in_month(d.y, d.m) {
                    d.d += 1;
                } else if d.m < 12 {
                    d = Date { y: d.y, m: d.m + 1, d: 1 };
                } else {
                    d = Date { y: d.y + 1, m: 1, d: 1 };
                }
            } else if d.d > 1 {
                d.d -= 1;
            } else if d.m > 1 {
                d = Date { y: d.y, m: d.m - 1, d: days_in_month(d.y, d.m - 1) };
            } else {
                d = Date { y: d.y - 1, m: 12, d: 31 };
            }
        }
        d
    }

    pub(crate) fn format(self, fmt: DateFmt) -> String {
        match fmt {
            DateFmt::DmyDot => format!("{:02}.{:02}.{:04}", self.d, self.m, self.y),
            DateFmt::DmySlash => format!("{:02}/{:02}/{:04}", self.d, self.m, self.y),
            DateFmt::Iso => format!("{:04}-{:02}-{:02}", self.y, self.m, self.d),
        }
    }
}

/// First and last birth year of the population.
pub(crate) const FIRST_YEAR: i32 = 1930;
pub(crate) const LAST_YEAR: i32 = 2010;

/// A birth date 1930–2010 with fewer people born before 1955 (mortality) — a rough
/// shape of Kazakhstan's 2021 census age pyramid for the adult population.
pub(crate) fn random_birth_date(rng: &mut Rng) -> Date {
    static YEARS: OnceLock<Weighted> = OnceLock::new();
    let w = YEARS.get_or_init(|| {
        Weighted::new((FIRST_YEAR..=LAST_YEAR).map(|y| {
            if y < 1955 {
                0.15 + 0.85 * f64::from(y - FIRST_YEAR) / 25.0
            } else if y <= 1995 {
                1.0
            } else {
                0.9
            }
        }))
    });
    let y = FIRST_YEAR + w.pick(rng) as i32;
    let m = 1 + rng.below(12) as u32;
    let d = 1 + rng.below(days_in_month(y, m) as usize) as u32;
    Date { y, m, d }
}

/// IIN check digit over the first 11 digits (NAMES.md §6); None when invalid.
pub(crate) fn iin_check(digits: &[u8]) -> Option<u8> {
    let s: u32 = digits.iter().take(11).enumerate().map(|(i, &d)| u32::from(d) * (i as u32 + 1)).sum::<u32>() % 11;
    if s != 10 {
        return Some(s as u8);
    }
    const W2: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
    let s2: u32 = digits.iter().take(11).zip(W2).map(|(&d, w)| u32::from(d) * w).sum::<u32>() % 11;
    if s2 == 10 {
        None
    } else {
        Some(s2 as u8)
    }
}

/// A valid IIN for a registry birth date and sex (random 4-digit serial).
pub(crate) fn make_iin(date: Date, female: bool, rng: &mut Rng) -> String {
    let century = if date.y >= 2000 {
        5
    } else if date.y >= 1900 {
        3
    } else {
        1
    };
    let c = century + u8::from(female);
    let yy = date.y.rem_euclid(100) as u32;
    let mut digits = [0u8; 12];
    let head = [yy / 10, yy % 10, date.m / 10, date.m % 10, date.d / 10, date.d % 10];
    for (i, v) in head.iter().enumerate() {
        digits[i] = *v as u8;
    }
    digits[6] = c;
    loop {
        let serial = rng.below(10_000);
        digits[7] = (serial / 1000) as u8;
        digits[8] = (serial / 100 % 10) as u8;
        digits[9] = (serial / 10 % 10) as u8;
        digits[10] = (serial % 10) as u8;
        if let Some(check) = iin_check(&digits[..11]) {
            digits[11] = check;
            break;
        }
    }
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_in_month_follows_the_gregorian_leap_rule() {
        assert_eq!(days_in_month(2000, 2), 29); // divisible by 400
        assert_eq!(days_in_month(1900, 2), 28); // by 100, not by 400
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2023, 2), 28);
        assert_eq!(days_in_month(2023, 1), 31);
        assert_eq!(days_in_month(2023, 4), 30);
        assert_eq!(days_in_month(2023, 12), 31);
        assert_eq!((1..=12).map(|m| days_in_month(1996, m)).sum::<u32>(), 366);
        assert_eq!((1..=12).map(|m| days_in_month(1997, m)).sum::<u32>(), 365);
        // Outside the calendar: no days, as the engine's parser.
        assert_eq!(days_in_month(2023, 0), 0);
        assert_eq!(days_in_month(2023, 13), 0);
        assert_eq!(days_in_month(-1, 1), 0);
        assert_eq!(days_in_month(65_536, 1), 0);
        assert!(Date::new(1999, 2, 29).is_none() && Date::new(2004, 2, 29).is_some());
    }

    #[test]
    fn add_days_crosses_months_and_years() {
        let d = Date::new(2000, 2, 28).unwrap();
        assert_eq!(d.add_days(1), Date::new(2000, 2, 29).unwrap());
        assert_eq!(d.add_days(2), Date::new(2000, 3, 1).unwrap());
        assert_eq!(Date::new(1999, 1, 1).unwrap().add_days(-1), Date::new(1998, 12, 31).unwrap());
    }

    #[test]
    fn iin_is_valid_and_restates_dob_and_sex() {
        let mut rng = Rng::new(5);
        for _ in 0..1000 {
            let d = random_birth_date(&mut rng);
            let female = rng.chance(0.5);
            let iin = make_iin(d, female, &mut rng);
            let digits: Vec<u8> = iin.bytes().map(|b| b - b'0').collect();
            assert_eq!(digits.len(), 12);
            assert_eq!(iin_check(&digits[..11]), Some(digits[11]));
            assert_eq!(&iin[..6], &format!("{:02}{:02}{:02}", d.y % 100, d.m, d.d));
            let c = digits[6];
            assert_eq!(c % 2 == 0, female);
            assert!(if d.y >= 2000 { c >= 5 } else { c <= 4 });
        }
    }
}
