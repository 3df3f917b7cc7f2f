//! Hostile and broken input: every case ends in a located error or a reject,
//! never a panic and never a silently skipped row.

use dualcit::{read_reader, InputEncoding, InputFormat, ReadOptions};
use dualcit::{Dataset, Linker};

fn opts() -> ReadOptions {
    ReadOptions::default().default_country("KZ")
}

fn read_bytes(bytes: &[u8], format: InputFormat) -> dualcit::Result<Dataset> {
    read_reader("hostile.csv", bytes, format, &opts())
}

/// Every data row is accounted for.
fn accounted(d: &Dataset) {
    assert_eq!(d.summary.read, d.summary.accepted + d.summary.rejected);
    assert_eq!(d.records.len() as u64, d.summary.accepted);
    assert_eq!(d.rejects.len() as u64, d.summary.rejected);
}

/// Linking whatever was accepted must not panic either.
fn links(d: &Dataset) {
    let linker = Linker::builder().build().unwrap();
    linker.link(d, std::slice::from_ref(d)).unwrap();
}

#[test]
fn random_bytes_never_panic() {
    let mut x: u64 = 0x1234_5678_9abc_def1;
    for len in [0usize, 1, 7, 100, 1000, 10_000] {
        for _ in 0..20 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x >> 24) as u8
                })
                .collect();
            for format in [InputFormat::Csv, InputFormat::JsonLines] {
                let mut with_header = b"id,surname,birth_date\n".to_vec();
                with_header.extend_from_slice(&bytes);
                for input in [&bytes[..], &with_header[..]] {
                    if let Ok(d) = read_bytes(input, format) {
                        accounted(&d);
                        links(&d);
                    }
                }
            }
        }
    }
}

#[test]
fn nul_bytes_and_a_bom_in_the_middle() {
    let d = read_bytes("id,surname\n1,Ки\0м\n2,\u{feff}Ли\n\u{feff}3,Пак\n".as_bytes(), InputFormat::Csv).unwrap();
    accounted(&d);
    assert_eq!(d.summary.read, 3);
    links(&d);
}

#[test]
fn invalid_utf8_in_a_utf8_file_is_a_located_reject() {
    let mut bytes = b"id,surname\n1,OK\n2,".to_vec();
    bytes.extend_from_slice(&[0xC3, 0x28]);
    bytes.extend_from_slice(b"\n3,OK\n");
    let o = opts().encoding(InputEncoding::Utf8);
    let d = read_reader("bad.csv", &bytes[..], InputFormat::Csv, &o).unwrap();
    accounted(&d);
    assert_eq!(d.rejects.len(), 1);
    assert_eq!(d.rejects[0].line, 3);
}

#[test]
fn a_ten_megabyte_field() {
    let mut text = String::from("id,surname,given_name\n1,");
    text.push_str(&"Я".repeat(5 * 1024 * 1024));
    text.push_str(",Олег\n2,Ким,Ольга\n");
    let d = read_bytes(text.as_bytes(), InputFormat::Csv).unwrap();
    accounted(&d);
    assert_eq!(d.summary.read, 2);
    links(&d);
}

#[test]
fn ten_thousand_columns() {
    let mut header: Vec<String> = vec!["id".into(), "surname".into()];
    header.extend((0..10_000).map(|i| format!("c{i}")));
    let mut row: Vec<String> = vec!["1".into(), "Ким".into()];
    row.extend((0..10_000).map(|i| i.to_string()));
    let text = format!("{}\n{}\n", header.join(","), row.join(","));
    let d = read_bytes(text.as_bytes(), InputFormat::Csv).unwrap();
    accounted(&d);
    assert_eq!(d.extra_columns.len(), 10_000);
    assert_eq!(d.records[0].extra[9_999], "9999");
}

#[test]
fn unbalanced_quotes_are_accounted_for() {
    let d = read_bytes("id,surname\n1,\"Ким\n2,Ли\n3,Пак\n".as_bytes(), InputFormat::Csv).unwrap();
    accounted(&d);
    assert!(d.summary.read >= 1);
}

#[test]
fn crlf_and_lf_mixed() {
    let d = read_bytes("id,surname\r\n1,Ким\n2,Ли\r\n3,Пак\r\n".as_bytes(), InputFormat::Csv).unwrap();
    accounted(&d);
    assert_eq!(d.records.iter().map(|r| r.surname.as_str()).collect::<Vec<_>>(), ["Ким", "Ли", "Пак"]);
    assert_eq!(d.records.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 4]);
    // Blank lines and quoted line breaks keep the numbering exact.
    let d = read_bytes("id,surname\n\n1,Ким\n\r\n2,\"Ли\nЛи\"\n3,Пак\n".as_bytes(), InputFormat::Csv).unwrap();
    assert_eq!(d.records.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 5, 7]);
}

#[test]
fn header_only_and_empty_files() {
    let d = read_bytes(b"id,surname\n", InputFormat::Csv).unwrap();
    assert_eq!(d.summary.read, 0);
    assert!(read_bytes(b"", InputFormat::Csv).is_err());
    let d = read_bytes(b"", InputFormat::JsonLines).unwrap();
    assert_eq!(d.summary.read, 0);
}

#[test]
fn numbers_where_names_belong_and_unexpected_scripts() {
    let text = "id,surname,given_name,patronymic,birth_date\n1,12345,678,9,1980\n2,محمد,علي,,1980\n3,王,小明,,1980\n4,😀,🎉,,1980\n5,Ὀδυσσεύς,ქართული,,1980\n6,-,.,',1980\n";
    let d = read_bytes(text.as_bytes(), InputFormat::Csv).unwrap();
    accounted(&d);
    assert_eq!(d.summary.read, 6);
    links(&d);
}

#[test]
fn hostile_json_lines() {
    let text = "{\"id\": 1, \"surname\": \"Ким\"}\n{\"id\": [1,2], \"surname\": {\"a\": 1}}\n{\"id\": null}\n\"just a string\"\n{\"id\": \"2\", \"surname\": \"Ли\", \"birth_date\": 19800517}\n{\"id\": \"3\", \"surname\": \"Ли\", \"dob\": 1e400}\n{\"id\": \"4\"\n";
    let d = read_bytes(text.as_bytes(), InputFormat::JsonLines).unwrap();
    accounted(&d);
    assert_eq!(d.summary.read, 7);
    links(&d);
}
