//! Reading: formats, encodings, date forms, rejects, columns.

use dualcit::{read_path, read_reader, InputEncoding, InputFormat, ReadOptions};
use dualcit::{DatePrecision, RejectReason};

use crate::util::{csv, fixture};

#[test]
fn csv_and_jsonl_fixtures_are_read() {
    let reg = read_path(&fixture("registry.csv"), &ReadOptions::default().default_country("KZ")).unwrap();
    assert_eq!((reg.summary.read, reg.summary.accepted, reg.summary.rejected), (25, 24, 1));
    assert_eq!(reg.extra_columns, vec!["district".to_string()]);
    let uz = read_path(&fixture("responses_uz.jsonl"), &ReadOptions::default()).unwrap();
    assert_eq!(uz.records.len(), 4);
    assert_eq!(uz.records[0].surname, "KARIMOV");
    assert_eq!(uz.records[0].patronymic, "Rahimovich");
    assert_eq!(uz.records[1].patronymic, "Hasan o'g'li");
}

#[test]
fn cp1251_and_koi8r_are_recognised_and_decoded() {
    let ua = read_path(&fixture("responses_ua.cp1251.csv"), &ReadOptions::default()).unwrap();
    assert_eq!(ua.summary.encoding, "windows-1251");
    assert_eq!(ua.records[0].given_name, "ОЛЕКСАНДР");
    assert_eq!(ua.records[1].given_name, "Євген");
    let by = read_path(&fixture("responses_by.koi8r.csv"), &ReadOptions::default()).unwrap();
    assert_eq!(by.summary.encoding, "KOI8-R");
    assert_eq!(by.records[1].surname, "ЖАНБУЛАТ");
    // Forcing the wrong single-byte encoding gives other letters, not an error.
    let forced = read_path(&fixture("responses_by.koi8r.csv"), &ReadOptions::default().encoding(InputEncoding::Windows1251));
    assert!(forced.is_err() || forced.unwrap().records.first().map(|r| r.surname.as_str()) != Some("АГАСЯН"));
}

#[test]
fn utf8_with_bom_and_utf16() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("id,surname\n1,Ким\n".as_bytes());
    let opts = ReadOptions::default().default_country("KZ");
    let d = read_reader("bom.csv", &bytes[..], InputFormat::Csv, &opts).unwrap();
    assert_eq!(d.records[0].id, "1");
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "id,surname\n2,Ли\n".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let d = read_reader("u16.csv", &utf16[..], InputFormat::Csv, &opts).unwrap();
    assert_eq!(d.records[0].surname, "Ли");
}

#[test]
fn every_date_form_is_accepted_with_its_precision() {
    let forms = [
        ("1980-05-17", DatePrecision::Day),
        ("17.05.1980", DatePrecision::Day),
        ("17/05/1980", DatePrecision::Day),
        ("19800517", DatePrecision::Day),
        ("1980-05", DatePrecision::Month),
        ("1980", DatePrecision::Year),
        ("00.00.1980", DatePrecision::Year),
        ("1980-00-00", DatePrecision::Year),
        ("00.05.1980", DatePrecision::Month),
    ];
    let mut text = String::from("id,surname,birth_date\n");
    for (i, (f, _)) in forms.iter().enumerate() {
        text.push_str(&format!("{i},Ким,{f}\n"));
    }
    let d = csv(&text);
    assert!(d.rejects.is_empty(), "{:?}", d.rejects);
    for (r, (f, prec)) in d.records.iter().zip(forms) {
        let date = r.birth_date.unwrap();
        assert_eq!(date.precision(), prec, "{f}");
        assert_eq!(date.year(), 1980);
    }
    let placeholder = csv("id,surname,birth_date\n1,Ким,01.01.1975\n").records[0].birth_date.unwrap();
    assert!(placeholder.is_placeholder());
    assert_eq!(placeholder.effective_precision(), DatePrecision::Year);
}

#[test]
fn rejects_carry_line_field_and_reason() {
    let d = csv(
        "id,surname,given_name,birth_date,sex\n1,Ким,Ольга,31.02.1980,F\n2,Ли,,1980,Q\n\"3\",\"Пак\nмногострочный\",x,1980,M\n4,Цой,,30.02.1990,M\n5,Ан,,,\n",
    );
    let got: Vec<(u64, Option<&str>)> = d.rejects.iter().map(|r| (r.line, r.field)).collect();
    assert_eq!(got, vec![(2, Some("birth_date")), (6, Some("birth_date"))]);
    assert!(d.rejects[0].reason.to_string().contains("day 31"));
    // Sex `Q` is blanked, the person kept (issue 15), and the field noted.
    assert_eq!(d.records.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), vec!["2", "3", "5"]);
    assert_eq!((d.notes[0].line, d.notes[0].field), (3, Some("sex")));
    assert_eq!(d.records[1].line, 4);
    assert_eq!(d.summary.read, d.summary.accepted + d.summary.rejected);
}

#[test]
fn duplicate_ids_are_rejects_pointing_at_the_first() {
    let d = csv("id,surname\n1,Ким\n2,Ли\n1,Пак\n");
    assert_eq!(d.records.len(), 2);
    assert_eq!(d.rejects[0].line, 4);
    assert_eq!(d.rejects[0].reason, RejectReason::DuplicateId { first_line: 2 });
}

#[test]
fn column_order_and_aliases_do_not_matter() {
    let a = csv("id,surname,given_name,birth_date\n1,Ким,Ольга,1980\n");
    let b = csv("Дата_Рождения,Имя,ID,Фамилия\n1980,Ольга,1,Ким\n");
    let c = csv("dob;first_name;last_name;id\n1980;Ольга;Ким;1\n");
    assert_eq!(a.records, b.records);
    assert_eq!(a.records, c.records);
}

#[test]
fn missing_columns_and_empty_files_are_clear_errors() {
    let opts = ReadOptions::default();
    let e = read_reader("no_id.csv", "surname,given_name\nКим,Ольга\n".as_bytes(), InputFormat::Csv, &opts).unwrap_err();
    assert!(e.to_string().starts_with("no_id.csv:1: field 'id'"), "{e}");
    let e = read_reader("no_name.csv", "id,birth_date\n1,1980\n".as_bytes(), InputFormat::Csv, &opts).unwrap_err();
    assert!(e.to_string().contains("no name column"), "{e}");
    let e = read_reader("empty.csv", "".as_bytes(), InputFormat::Csv, &opts).unwrap_err();
    assert!(e.to_string().contains("empty.csv"), "{e}");
    let e = read_path(std::path::Path::new("/nonexistent/dir/x.csv"), &opts).unwrap_err();
    assert!(e.to_string().contains("/nonexistent/dir/x.csv"), "{e}");
    let header_only = csv("id,surname\n");
    assert_eq!((header_only.records.len(), header_only.rejects.len()), (0, 0));
    let e = read_reader("dup.csv", "id,surname,фамилия\n".as_bytes(), InputFormat::Csv, &opts).unwrap_err();
    assert!(e.to_string().contains("twice"), "{e}");
}

#[test]
fn invalid_utf8_row_is_a_located_reject() {
    let mut bytes = "id,surname\n1,Ким\n2,".as_bytes().to_vec();
    bytes.extend_from_slice(&[0xFF, 0xFE, 0x41]);
    bytes.extend_from_slice("\n3,Ли\n".as_bytes());
    let opts = ReadOptions::default().encoding(InputEncoding::Utf8).default_country("KZ");
    let d = read_reader("bad.csv", &bytes[..], InputFormat::Csv, &opts).unwrap();
    assert_eq!(d.records.len(), 2);
    assert_eq!(d.rejects.len(), 1);
    assert_eq!(d.rejects[0].line, 3);
    assert_eq!(d.rejects[0].field, Some("surname"));
}

#[test]
fn full_name_is_split_and_marked_uncertain() {
    let d = csv("id,full_name,birth_date\n1,Назарбаев Нұрсұлтан Әбішұлы,06.07.1940\n2,Yevgeniy Ivanov,1980\n");
    assert_eq!(d.records[0].surname, "Назарбаев");
    assert_eq!(d.records[0].patronymic, "Әбішұлы");
    assert_eq!(d.records[1].surname, "Ivanov");
    assert!(d.records.iter().all(|r| r.name_source == dualcit::NameSource::FullName));
}

#[test]
fn large_files_read_in_batches_keep_order_lines_and_duplicates() {
    let mut text = String::from("id,surname,birth_date\n");
    for i in 0..20_000 {
        let date = if i == 9_000 { "31.02.1980".to_string() } else { format!("{:02}.03.1980", 1 + i % 28) };
        let id = if i == 15_000 { "7".to_string() } else { i.to_string() };
        text.push_str(&format!("{id},Ким{i},{date}\n"));
    }
    let d = csv(&text);
    assert_eq!(d.summary.read, 20_000);
    assert_eq!(d.records.len(), 19_998);
    assert_eq!(d.rejects.iter().map(|r| (r.line, r.field)).collect::<Vec<_>>(), vec![(9_002, Some("birth_date")), (15_002, Some("id"))]);
    assert_eq!(d.rejects[1].reason, RejectReason::DuplicateId { first_line: 9 });
    assert!(d.records.windows(2).all(|w| w[0].line < w[1].line));
    assert_eq!(d.records[19_997].line, 20_001);
}
