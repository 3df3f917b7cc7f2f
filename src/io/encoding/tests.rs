//! Tests of detection and decoding, through [`decode()`] and [`detect()`] (single-byte
//! scoring, UTF-8 and UTF-16 with and without BOM, located errors, encoding names).

use encoding_rs::{Encoding, KOI8_R, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1251};
use proptest::prelude::*;

use super::*;

fn enc(text: &str, e: &'static Encoding) -> Vec<u8> {
    let (b, _, unmappable) = e.encode(text);
    assert!(!unmappable, "test text not representable");
    b.into_owned()
}

fn auto(bytes: &[u8]) -> Decoded {
    decode(bytes, InputEncoding::Auto).unwrap()
}

#[test]
fn literal_cp1251_and_koi8r_bytes() {
    // "Иванов" — CP1251: И=C8 в=E2 а=E0 н=ED о=EE в=E2 (unicode.org
    // CP1251.TXT); KOI8-R: И=E9 в=D7 а=C1 н=CE о=CF в=D7 (RFC 1489).
    let cp = [0xC8, 0xE2, 0xE0, 0xED, 0xEE, 0xE2];
    let koi = [0xE9, 0xD7, 0xC1, 0xCE, 0xCF, 0xD7];
    assert_eq!(enc("Иванов", WINDOWS_1251), cp);
    assert_eq!(enc("Иванов", KOI8_R), koi);
    let d = auto(&cp);
    assert_eq!((d.text.as_str(), d.encoding), ("Иванов", WINDOWS_1251));
    let d = auto(&koi);
    assert_eq!((d.text.as_str(), d.encoding), ("Иванов", KOI8_R));
    // "ПЕТРОВ" all caps: CP1251 CF C5 D2 D0 CE C2; KOI8-R F0 E5 F4 F2 EF F7.
    let cp = [0xCF, 0xC5, 0xD2, 0xD0, 0xCE, 0xC2];
    let koi = [0xF0, 0xE5, 0xF4, 0xF2, 0xEF, 0xF7];
    assert_eq!(auto(&cp).text, "ПЕТРОВ");
    assert_eq!(auto(&koi).text, "ПЕТРОВ");
    assert_eq!(auto(&koi).encoding, KOI8_R);
}

const NAMES: &[&str] = &[
    "Иванов Иван Иванович",
    "Нурсултанов Ерлан Абишевич",
    "Жумабекова Айгерим Серикбаевна",
    "Сейтказиев Бауыржан Кайратович",
    "Тохтахунова Гульнара Рахимжановна",
    "Семёнов Пётр Алексеевич",
    "Шевченко Оксана Михайловна",
    "Абдуллаев Шухрат Ильхомович",
];

#[test]
fn names_round_trip_in_both_encodings_any_case() {
    for name in NAMES {
        for text in [name.to_string(), name.to_uppercase(), name.to_lowercase()] {
            for e in [WINDOWS_1251, KOI8_R] {
                let d = auto(&enc(&text, e));
                assert_eq!(d.encoding, e, "{} {}", e.name(), text.len());
                assert_eq!(d.text, text);
                assert!(d.confidence > 0.9, "{}", d.confidence);
            }
        }
    }
}

#[test]
fn csv_file_all_caps_registry() {
    let csv = "IIN;SURNAME;NAME;PATRONYMIC;DOB\n\
               850314301234;ЖУМАБЕКОВ;ЕРЛАН;СЕРИКОВИЧ;14.03.1985\n\
               900101200000;КИМ;ОЛЬГА;ВИКТОРОВНА;01.01.1990\n\
               770505300021;ТОКТОГУЛОВ;АЙБЕК;;05.05.1977\n";
    for e in [WINDOWS_1251, KOI8_R] {
        let d = auto(&enc(csv, e));
        assert_eq!(d.encoding, e);
        assert_eq!(d.text, csv);
    }
}

#[test]
fn couple_of_cyrillic_words_in_ascii() {
    let text = "id,surname,name,country\n1,Smith,John,US\n2,Doe,Jane,UK\n3,Ли,Ян,KZ\n";
    for e in [WINDOWS_1251, KOI8_R] {
        let d = auto(&enc(text, e));
        assert_eq!(d.encoding, e);
        assert_eq!(d.text, text);
    }
    let text = "id,name\n1,ОЛЕГ\n";
    for e in [WINDOWS_1251, KOI8_R] {
        assert_eq!(auto(&enc(text, e)).encoding, e);
    }
}

#[test]
fn couple_of_all_caps_words() {
    for text in ["ИВАНОВ ИВАН", "id;fio\n1;ЖУМАБЕКОВ ЕРЛАН\n", "1,СЕЙТКАЗИЕВ,БАУЫРЖАН\n", "КИМ ОЛЬГА", "семёнов пётр"]
    {
        for e in [WINDOWS_1251, KOI8_R] {
            let d = auto(&enc(text, e));
            assert_eq!(d.encoding, e, "{}", e.name());
            assert_eq!(d.text, text);
        }
    }
}

#[test]
fn ukrainian_in_cp1251() {
    let text = "Коваленко Ігор Олексійович;Київ;Гнатюк Євгенія Ґалаґанівна;Їжакевич;Гаєвська";
    let bytes = enc(text, WINDOWS_1251);
    // і = B3, ї = BF, є = BA, ґ = B4 in CP1251.
    assert!(bytes.contains(&0xB3) && bytes.contains(&0xBF));
    assert!(bytes.contains(&0xBA) && bytes.contains(&0xB4));
    let d = auto(&bytes);
    assert_eq!(d.encoding, WINDOWS_1251);
    assert_eq!(d.text, text);
    let up = text.to_uppercase();
    assert_eq!(auto(&enc(&up, WINDOWS_1251)).text, up);
}

#[test]
fn ascii_header_only() {
    let d = auto(b"iin,surname,name,patronymic,birth_date\n");
    assert_eq!(d.encoding, UTF_8);
    assert!(!d.had_bom);
    assert_eq!(d.confidence, 1.0);
    assert_eq!(d.text, "iin,surname,name,patronymic,birth_date\n");
    assert_eq!(auto(b"").text, "");
    let det = detect(b"a,b\n");
    assert_eq!((det.encoding, det.confidence), (UTF_8, 1.0));
}

#[test]
fn utf8_with_and_without_bom() {
    let text = "фамилия,имя\nҚасымов,Әлихан\n";
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    let d = auto(&bytes);
    assert_eq!((d.text.as_str(), d.encoding, d.had_bom), (text, UTF_8, true));
    let d = decode(&bytes, InputEncoding::Utf8).unwrap();
    assert_eq!((d.text.as_str(), d.had_bom), (text, true));
    let d = auto(text.as_bytes());
    assert_eq!((d.text.as_str(), d.had_bom), (text, false));
    assert!(detect(&bytes).had_bom);
}

#[test]
fn utf16_with_bom_and_without() {
    let text = "фамилия,имя\nИванов,Иван\n";
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    let d = auto(&le);
    assert_eq!((d.text.as_str(), d.encoding, d.had_bom), (text, UTF_16LE, true));
    let d = auto(&be);
    assert_eq!((d.text.as_str(), d.encoding), (text, UTF_16BE));
    assert_eq!(decode(&le, InputEncoding::Utf16).unwrap().text, text);
    // Without BOM, ASCII-heavy CSV: NULs every other byte.
    let csv = "id,name,dob\n1,Ivanov,1985-03-14\n2,Иванов,1985-03-14\n";
    let raw: Vec<u8> = csv.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let d = auto(&raw);
    assert_eq!((d.text.as_str(), d.encoding, d.had_bom), (csv, UTF_16LE, false));
    // An odd trailing byte is malformed, located at the end.
    let mut bad = le.clone();
    bad.push(0x41);
    match decode(&bad, InputEncoding::Auto) {
        Err(EncodingError::Malformed { byte_offset, line, .. }) => {
            assert_eq!(byte_offset, le.len());
            assert_eq!(line, 3);
        }
        other => panic!("{other:?}"),
    }
    // Unpaired high surrogate on line 2.
    let mut bad = vec![0xFF, 0xFE];
    for u in "a\nb".encode_utf16() {
        bad.extend_from_slice(&u.to_le_bytes());
    }
    let at = bad.len();
    bad.extend_from_slice(&[0x00, 0xD8, 0x41, 0x00]);
    match decode(&bad, InputEncoding::Utf16) {
        Err(EncodingError::Malformed { byte_offset, line, .. }) => {
            assert_eq!(byte_offset, at);
            assert_eq!(line, 2);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn invalid_utf8_is_an_error_with_offset_and_line() {
    let mut bytes = "id,name\n1,Иванов\n2,Пет".as_bytes().to_vec();
    let off = bytes.len();
    bytes.push(0xFF);
    bytes.extend_from_slice("ров\n".as_bytes());
    let err = decode(&bytes, InputEncoding::Utf8).unwrap_err();
    assert_eq!(err, EncodingError::Malformed { encoding: "UTF-8", byte_offset: off, line: 3 });
    assert!(err.to_string().contains("line 3"));
    // Auto: mostly valid UTF-8 → still UTF-8, still an error.
    assert_eq!(decode(&bytes, InputEncoding::Auto).unwrap_err(), err);
    // With a BOM the offset counts the BOM.
    let mut with_bom = vec![0xEF, 0xBB, 0xBF];
    with_bom.extend_from_slice(&bytes);
    match decode(&with_bom, InputEncoding::Utf8) {
        Err(EncodingError::Malformed { byte_offset, .. }) => assert_eq!(byte_offset, off + 3),
        other => panic!("{other:?}"),
    }
    // CP1251 bytes under an explicit UTF-8 choice: error on line 1.
    let cp = enc("Иванов", WINDOWS_1251);
    match decode(&cp, InputEncoding::Utf8) {
        Err(EncodingError::Malformed { byte_offset, line, .. }) => assert_eq!((byte_offset, line), (0, 1)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn explicit_choice_overrides_detection() {
    let koi = enc("Иванов", KOI8_R);
    let d = decode(&koi, InputEncoding::Windows1251).unwrap();
    assert_eq!(d.encoding, WINDOWS_1251);
    assert_eq!(d.text, "йЧБОПЧ");
    assert_eq!(d.confidence, 1.0);
    // CP1251 0x98 is unassigned.
    let err = decode(b"a\nb\x98", InputEncoding::Windows1251).unwrap_err();
    assert_eq!(err, EncodingError::Malformed { encoding: "windows-1251", byte_offset: 3, line: 2 });
}

#[test]
fn bom_contradicting_choice_is_an_error() {
    let bytes = [0xEF, 0xBB, 0xBF, b'a'];
    assert_eq!(decode(&bytes, InputEncoding::Windows1251).unwrap_err(), EncodingError::BomMismatch { bom: "UTF-8", chosen: "windows-1251" });
    assert!(matches!(decode(&[0xFF, 0xFE, b'a', 0], InputEncoding::Utf8), Err(EncodingError::BomMismatch { .. })));
}

#[test]
fn parse_names() {
    use std::str::FromStr;
    for (s, e) in [
        ("auto", InputEncoding::Auto),
        ("UTF-8", InputEncoding::Utf8),
        ("utf8", InputEncoding::Utf8),
        ("CP1251", InputEncoding::Windows1251),
        ("windows-1251", InputEncoding::Windows1251),
        ("Windows_1251", InputEncoding::Windows1251),
        ("KOI8-R", InputEncoding::Koi8R),
        ("koi8r", InputEncoding::Koi8R),
        ("utf-16", InputEncoding::Utf16),
    ] {
        assert_eq!(InputEncoding::from_str(s).unwrap(), e, "{s}");
        assert_eq!(InputEncoding::from_str(e.as_str()).unwrap(), e);
    }
    let err = InputEncoding::from_str("latin1").unwrap_err().to_string();
    assert!(err.contains("latin1") && err.contains("cp1251") && err.contains("koi8-r"));
    assert_eq!(InputEncoding::default(), InputEncoding::Auto);
}

#[test]
fn sampling_is_bounded_and_detection_stable() {
    // Far more than 64 KiB of non-ASCII: detection still right.
    let line = "ЖУМАБЕКОВ;ЕРЛАН;СЕРИКОВИЧ\n";
    let text = line.repeat(10_000);
    for e in [WINDOWS_1251, KOI8_R] {
        assert_eq!(detect(&enc(&text, e)).encoding, e);
    }
}

proptest! {
    #[test]
    fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        for c in [InputEncoding::Auto, InputEncoding::Utf8, InputEncoding::Windows1251,
                  InputEncoding::Koi8R, InputEncoding::Utf16] {
            let _ = decode(&bytes, c);
        }
        let _ = detect(&bytes);
    }

    #[test]
    fn single_byte_decodes_are_lossless(s in "[а-яА-ЯёЁ ,;0-9a-z]{0,60}") {
        for e in [WINDOWS_1251, KOI8_R] {
            let bytes = enc(&s, e);
            let d = decode(&bytes, if e == KOI8_R { InputEncoding::Koi8R }
                                   else { InputEncoding::Windows1251 }).unwrap();
            prop_assert_eq!(d.text, s.clone());
        }
    }
}
