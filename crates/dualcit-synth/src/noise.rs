//! Error injection on a rendered response row, with bookkeeping of which errors were
//! possible (eligible) and which were applied, so tests can check observed rates.

use super::dates::Date;
use super::rng::Rng;

/// Error kinds, one bit each in [`Marks`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Err {
    Typo = 0,
    Romanization,
    KazakhLettersToRussian,
    Cognate,
    GenderedOrSuffix,
    PatronymicDropped,
    PatronymicForm,
    FieldsSwapped,
    Marriage,
    DobSwapDayMonth,
    DobDigit,
    DobYearOff,
    DobDayOff,
    DobCentury,
    DobPlaceholder,
    DobYearOnly,
    DobMissing,
    FullNameOnly,
    Initial,
    Uppercase,
    DzhSpelling,
    SexMissing,
    Whitespace,
    /// A second typo in a row that already has one (stress profile).
    TypoSecond,
    /// A typo in the given name and the date one day or one year off in the same row
    /// (stress profile: the hard misses).
    TypoGivenAndDob,
    /// Sex code M ↔ F wrong (stress profile).
    SexWrong,
}

/// Number of error kinds.
pub(crate) const N_ERR: usize = Err::SexWrong as usize + 1;

/// Eligible / applied bit sets of one row.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Marks {
    pub(crate) eligible: u32,
    pub(crate) applied: u32,
}

impl Marks {
    /// Marks `e` eligible and draws it with probability `p`; true when applied.
    pub(crate) fn draw(&mut self, e: Err, p: f64, rng: &mut Rng) -> bool {
        self.eligible |= 1 << e as u32;
        let hit = rng.chance(p);
        if hit {
            self.applied |= 1 << e as u32;
        }
        hit
    }

    pub(crate) fn eligible(&mut self, e: Err) {
        self.eligible |= 1 << e as u32;
    }

    pub(crate) fn applied(&mut self, e: Err) {
        self.eligible |= 1 << e as u32;
        self.applied |= 1 << e as u32;
    }

    /// Was `e` applied to this row?
    pub(crate) fn has(&self, e: Err) -> bool {
        self.applied & (1 << e as u32) != 0
    }

    /// Withdraws an applied mark (the draw hit but the row could not take the error).
    pub(crate) fn unapply(&mut self, e: Err) {
        self.applied &= !(1 << e as u32);
    }
}

/// Observed error counts over a generated data set.
#[derive(Clone, Debug, Default)]
pub(crate) struct Stats {
    pub(crate) eligible: [u64; N_ERR],
    pub(crate) applied: [u64; N_ERR],
}

impl Stats {
    pub(crate) fn add(&mut self, m: Marks) {
        for i in 0..N_ERR {
            if m.eligible & (1 << i) != 0 {
                self.eligible[i] += 1;
            }
            if m.applied & (1 << i) != 0 {
                self.applied[i] += 1;
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn rate(&self, e: Err) -> (f64, u64) {
        let n = self.eligible[e as usize];
        let a = self.applied[e as usize];
        (if n == 0 { 0.0 } else { a as f64 / n as f64 }, n)
    }
}

const CYRILLIC: &[char] =
    &['а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'й', 'к', 'л', 'м', 'н', 'о', 'п', 'р', 'с', 'т', 'у', 'ф', 'х', 'ц', 'ч', 'ш', 'щ', 'ы', 'э', 'ю', 'я'];

fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4FF}').contains(&c)
}

/// One keyboard-style error: substitution, deletion, duplication or transposition of
/// letters (never the first letter for deletions, to keep the error realistic).
/// Returns false when the field is too short.
pub(crate) fn typo(s: &mut String, rng: &mut Rng) -> bool {
    let mut chars: Vec<char> = s.chars().collect();
    let letters: Vec<usize> = (0..chars.len()).filter(|&i| chars[i].is_alphabetic()).collect();
    if letters.len() < 3 {
        return false;
    }
    let pos = letters[1 + rng.below(letters.len() - 1)];
    let r = rng.f64();
    if r < 0.4 {
        let c = chars[pos];
        let mut n = if is_cyrillic(c) { CYRILLIC[rng.below(CYRILLIC.len())] } else { char::from(b'a' + rng.below(26) as u8) };
        if n == c.to_lowercase().next().unwrap_or(c) {
            n = if is_cyrillic(c) { 'о' } else { 'o' };
            if n == c {
                n = if is_cyrillic(c) { 'а' } else { 'a' };
            }
        }
        chars[pos] = if c.is_uppercase() { n.to_uppercase().next().unwrap_or(n) } else { n };
    } else if r < 0.65 {
        chars.remove(pos);
    } else if r < 0.8 {
        chars.insert(pos, chars[pos]);
    } else {
        let q = if pos + 1 < chars.len() && chars[pos + 1].is_alphabetic() { pos + 1 } else { pos - 1 };
        if chars[q] == chars[pos] || q == 0 {
            chars.remove(pos);
        } else {
            chars.swap(pos, q);
        }
    }
    *s = chars.into_iter().collect();
    true
}

/// "А." from "Айгүл" (first letter, upper-cased, and a dot).
pub(crate) fn initial(s: &str) -> String {
    match s.chars().next() {
        Some(c) => {
            let mut out: String = c.to_uppercase().collect();
            out.push('.');
            out
        }
        None => String::new(),
    }
}

/// A birth date as a response writes it after its date error (if any).
pub(crate) enum DobOut {
    Date(Date),
    YearOnly(i32),
    Missing,
}

/// Probabilities of the mutually exclusive date errors, in [`Err`] order
/// from `DobSwapDayMonth` to `DobMissing`.
pub(crate) fn dob_error(d: Date, probs: &[f64; 8], marks: &mut Marks, rng: &mut Rng) -> DobOut {
    const KINDS: [Err; 8] =
        [Err::DobSwapDayMonth, Err::DobDigit, Err::DobYearOff, Err::DobDayOff, Err::DobCentury, Err::DobPlaceholder, Err::DobYearOnly, Err::DobMissing];
    let swap_ok = d.d <= 12 && d.d != d.m;
    let placeholder_ok = !(d.d == 1 && d.m == 1);
    for &e in KINDS.iter() {
        let ok = match e {
            Err::DobSwapDayMonth => swap_ok,
            Err::DobPlaceholder => placeholder_ok,
            _ => true,
        };
        if ok {
            marks.eligible(e);
        }
    }
    let x = rng.f64();
    let mut acc = 0.0;
    let mut chosen = None;
    for (k, &e) in KINDS.iter().enumerate() {
        acc += probs[k];
        if x < acc {
            chosen = Some(e);
            break;
        }
    }
    let Some(e) = chosen else {
        return DobOut::Date(d);
    };
    let out = match e {
        Err::DobSwapDayMonth if swap_ok => Some(DobOut::Date(Date { y: d.y, m: d.d, d: d.m })),
        Err::DobDigit => digit_error(d, rng).map(DobOut::Date),
        Err::DobYearOff => {
            let y = d.y + if rng.chance(0.5) { 1 } else { -1 };
            Some(DobOut::Date(Date::new(y, d.m, d.d).unwrap_or(Date { y, m: d.m, d: 28 })))
        }
        Err::DobDayOff => Some(DobOut::Date(d.add_days(if rng.chance(0.5) { 1 } else { -1 }))),
        Err::DobCentury => {
            let y = if d.y >= 2000 { d.y - 100 } else { d.y + 100 };
            Some(DobOut::Date(Date::new(y, d.m, d.d).unwrap_or(Date { y, m: d.m, d: 28 })))
        }
        Err::DobPlaceholder if placeholder_ok => Some(DobOut::Date(Date { y: d.y, m: 1, d: 1 })),
        Err::DobYearOnly => Some(DobOut::YearOnly(d.y)),
        Err::DobMissing => Some(DobOut::Missing),
        _ => None,
    };
    match out {
        Some(o) => {
            marks.applied(e);
            o
        }
        None => DobOut::Date(d),
    }
}

/// One digit of DDMMYYYY replaced so that the result is still a valid, different date.
fn digit_error(d: Date, rng: &mut Rng) -> Option<Date> {
    let s = format!("{:02}{:02}{:04}", d.d, d.m, d.y);
    let bytes = s.as_bytes();
    for _ in 0..20 {
        let pos = rng.below(8);
        let nd = b'0' + rng.below(10) as u8;
        if nd == bytes[pos] {
            continue;
        }
        let mut b = bytes.to_vec();
        b[pos] = nd;
        let num = |r: std::ops::Range<usize>| -> u32 { b[r].iter().fold(0u32, |a, &c| a * 10 + u32::from(c - b'0')) };
        let (dd, mm, yy) = (num(0..2), num(2..4), num(4..8) as i32);
        if !(1900..=2025).contains(&yy) {
            continue;
        }
        if let Some(nd) = Date::new(yy, mm, dd) {
            return Some(nd);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_changes_the_field_a_little() {
        let mut rng = Rng::new(9);
        for _ in 0..500 {
            let mut s = String::from("Сулейменов");
            assert!(typo(&mut s, &mut rng));
            assert_ne!(s, "Сулейменов");
            let len = s.chars().count() as i64;
            assert!((len - 10).abs() <= 1);
            assert!(s.starts_with('С'));
        }
        let mut short = String::from("Ли");
        assert!(!typo(&mut short, &mut rng));
    }

    #[test]
    fn date_errors_keep_valid_dates() {
        let mut rng = Rng::new(4);
        let probs = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
        let d = Date::new(1975, 3, 7).unwrap();
        for _ in 0..2000 {
            let mut m = Marks::default();
            match dob_error(d, &probs, &mut m, &mut rng) {
                DobOut::Date(x) => assert!(Date::new(x.y, x.m, x.d).is_some()),
                DobOut::YearOnly(y) => assert_eq!(y, 1975),
                DobOut::Missing => {}
            }
            assert!(m.applied.count_ones() <= 1);
        }
        assert_eq!(initial("Айгүл"), "А.");
    }
}
