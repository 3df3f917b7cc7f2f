//! `names::normalize` for every `NameField` and `names::compare` on two names
//! cut from the input (at the first tab, else at the middle character): never
//! panics, comparison is symmetric, and a name compared with itself is Exact.
#![no_main]

use dualcit::{compare_names as compare, normalize, NameField, NameLevel};
use libfuzzer_sys::fuzz_target;

const FIELDS: [NameField; 3] = [NameField::Surname, NameField::GivenName, NameField::Patronymic];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (left, right) = match text.split_once('\t') {
        Some(halves) => halves,
        None => {
            let chars = text.chars().count();
            let cut = text.char_indices().nth(chars / 2).map_or(text.len(), |(i, _)| i);
            text.split_at(cut)
        }
    };
    for field in FIELDS {
        let a = normalize(left, field);
        let b = normalize(right, field);
        let ab = compare(&a, &b, field);
        let ba = compare(&b, &a, field);
        assert_eq!(ab.level, ba.level, "compare is not symmetric ({field:?})");
        assert!((0.0..=1.0).contains(&ab.similarity), "similarity {} outside [0, 1]", ab.similarity);
        if !a.is_missing() {
            let aa = compare(&a, &a, field);
            assert_eq!(aa.level, NameLevel::Exact, "a name is not Exact with itself ({field:?})");
        }
    }
});
