//! `io::encoding::decode` with every `InputEncoding` choice, and `detect`, on
//! arbitrary bytes: never panics; results are consistent with the input.
#![no_main]

use dualcit::{decode_bytes as decode, detect_encoding as detect};
use dualcit::InputEncoding;
use libfuzzer_sys::fuzz_target;

const CHOICES: [InputEncoding; 5] = [InputEncoding::Auto, InputEncoding::Utf8, InputEncoding::Windows1251, InputEncoding::Koi8R, InputEncoding::Utf16];

fuzz_target!(|data: &[u8]| {
    let detected = detect(data);
    assert!((0.5..=1.0).contains(&detected.confidence), "confidence {} outside [0.5, 1]", detected.confidence);
    for choice in CHOICES {
        // The name round-trips through FromStr.
        assert_eq!(choice.as_str().parse::<InputEncoding>().ok(), Some(choice));
        if let Ok(decoded) = decode(data, choice) {
            if choice == InputEncoding::Utf8 {
                // Valid UTF-8 decodes to itself, less a leading BOM.
                let body = if decoded.had_bom { &data[3..] } else { data };
                assert_eq!(decoded.text.as_bytes(), body, "UTF-8 decode changed the text");
            }
            if choice != InputEncoding::Auto {
                assert_eq!(decoded.confidence, 1.0, "a chosen encoding is certain");
            }
        }
    }
});
