//! `BirthDate::parse` on arbitrary text; a parsed date's ISO form parses back
//! to the same value.
#![no_main]

use dualcit::BirthDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(date) = BirthDate::parse(&text) {
        let iso = date.to_string();
        match BirthDate::parse(&iso) {
            Ok(again) => assert_eq!(again, date, "ISO form {iso:?} parses to another date"),
            Err(e) => panic!("ISO form {iso:?} of a parsed date does not parse: {e}"),
        }
        // The accessors agree with the precision.
        assert_eq!(date.month().is_some(), date.precision() >= dualcit::DatePrecision::Month);
        assert_eq!(date.day().is_some(), date.precision() == dualcit::DatePrecision::Day);
        // The compact key round-trips too.
        assert_eq!(BirthDate::from_key(date.key()), Some(date), "key {} does not round-trip", date.key());
    }
});
