//! Tests of reading CSV and JSON Lines through [`read_reader`]: rows to records or
//! located rejects, header aliases and warnings, blanked fields, file-level errors.

use super::*;
use crate::record::{NameSource, Sex};

fn read(text: &str, format: InputFormat) -> Dataset {
    let opts = ReadOptions { default_country: Some("KZ".into()), ..Default::default() };
    read_reader("t.csv", text.as_bytes(), format, &opts).unwrap()
}

#[test]
fn csv_rows_become_records_or_located_rejects() {
    let d = read(
        "id,surname,given_name,patronymic,birth_date,sex,note\n1,Иванов,Иван,Иванович,17.05.1980,М,a\n2,Петров,,,31.02.1980,M,b\n1,Сидоров,,,1980,,c\n3,,,,1980,,d\n4,X,Y\n",
        InputFormat::Csv,
    );
    assert_eq!(d.records.len(), 1);
    assert_eq!(d.records[0].extra, vec!["a".to_string()]);
    assert_eq!(d.records[0].country, "KZ");
    let lines: Vec<u64> = d.rejects.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![3, 4, 5, 6]);
    assert_eq!(d.rejects[0].field, Some("birth_date"));
    assert_eq!(d.rejects[1].reason, RejectReason::DuplicateId { first_line: 2 });
    assert_eq!(d.rejects[2].reason, RejectReason::NoName);
    assert_eq!(d.rejects[3].reason, RejectReason::FieldCount { expected: 7, found: 3 });
    assert_eq!((d.summary.read, d.summary.accepted, d.summary.rejected), (5, 1, 4));
}

#[test]
fn semicolons_and_aliases() {
    let d = read("ID;Фамилия;Имя;Дата_рождения\n7;Ким;Ольга;1975-00-00\n", InputFormat::Csv);
    assert_eq!(d.records[0].surname, "Ким");
    assert_eq!(d.records[0].birth_date.unwrap().to_string(), "1975");
}

#[test]
fn jsonl_rows() {
    let d = read("{\"id\": 5, \"full_name\": \"Yevgeniy Ivanov\", \"dob\": \"1980-05-17\", \"extra\": 1}\nnot json\n\n[1]\n", InputFormat::JsonLines);
    assert_eq!(d.records.len(), 1);
    let r = &d.records[0];
    assert_eq!((r.id.as_str(), r.surname.as_str(), r.given_name.as_str()), ("5", "Ivanov", "Yevgeniy"));
    assert_eq!(r.name_source, NameSource::FullName);
    assert_eq!(d.extra_columns, vec!["extra".to_string()]);
    assert_eq!(d.rejects.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 4]);
}

#[test]
fn missing_columns_are_file_errors() {
    let opts = ReadOptions::default();
    let e = read_reader("t.csv", "surname,given_name\nA,B\n".as_bytes(), InputFormat::Csv, &opts).unwrap_err();
    assert!(e.to_string().contains("no id column"), "{e}");
    let e = read_reader("t.csv", "".as_bytes(), InputFormat::Csv, &opts).unwrap_err();
    assert!(e.to_string().contains("empty"), "{e}");
}

#[test]
fn missing_country_without_default_is_a_file_error_or_a_reject() {
    // No country column and no default: no row can be used, so the file is an error.
    let e = read_reader("t.csv", "id,surname\n1,A\n".as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap_err();
    assert!(e.to_string().starts_with("t.csv:1: field 'country': no country for any row"), "{e}");
    // A country column empty in one row: that row is a reject.
    let d = read_reader("t.csv", "id,surname,country\n1,A,\n2,B,RU\n".as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap();
    assert_eq!(d.rejects[0].reason, RejectReason::MissingCountry);
    assert_eq!(d.rejects[0].id, "1");
    // JSON Lines without a country anywhere: an error after the rows are read.
    let e = read_reader("t.jsonl", "{\"id\":1,\"surname\":\"A\"}\n".as_bytes(), InputFormat::JsonLines, &ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("no country in any row"), "{e}");
}

#[test]
fn bad_fields_are_blanked_and_noted_unless_asked_to_reject() {
    let text = "id,surname,birth_date,sex,iin,document_number\n1,A,1980,Q,900101300001,\u{7}\n2,B,31.02.1980,M,,\n3,C,1980,M,,AB 123\n";
    let d = read(text, InputFormat::Csv);
    assert_eq!(d.records.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), vec!["1", "3"]);
    let r = &d.records[0];
    assert_eq!((r.sex, r.iin.is_none(), r.document_number.is_none(), r.birth_date.is_some()), (Sex::Unknown, true, true, true));
    let notes: Vec<(u64, Option<&str>)> = d.notes.iter().map(|n| (n.line, n.field)).collect();
    assert_eq!(notes, vec![(2, Some("sex")), (2, Some("iin")), (2, Some("document_number"))]);
    assert!(d.notes.iter().all(|n| n.is_note() && n.reason.to_string().ends_with("; field blanked, row kept") && n.id == "1"));
    assert_eq!((d.summary.read, d.summary.accepted, d.summary.rejected, d.summary.blanked), (3, 2, 1, 3));
    assert_eq!(d.rejects[0].field, Some("birth_date"));
    let all: Vec<u64> = d.rejects_and_notes().map(|r| r.line).collect();
    assert_eq!(all, vec![2, 2, 2, 3]);
    // Asked to reject: the old behaviour. Asked to blank dates: row 2 is kept.
    let strict = ReadOptions { default_country: Some("KZ".into()), on_bad_field: OnBadField::Reject, ..Default::default() };
    let d = read_reader("t.csv", text.as_bytes(), InputFormat::Csv, &strict).unwrap();
    assert_eq!((d.records.len(), d.rejects[0].field, d.notes.len()), (1, Some("sex"), 0));
    let lenient = ReadOptions { default_country: Some("KZ".into()), on_bad_date: OnBadField::Blank, ..Default::default() };
    let d = read_reader("t.csv", text.as_bytes(), InputFormat::Csv, &lenient).unwrap();
    assert_eq!((d.records.len(), d.records[1].birth_date, d.notes.len()), (3, None, 4));
}

#[test]
fn a_header_one_slip_from_a_known_name_is_a_warning() {
    let d = read("id,surnme,given_name,birth_date\n1,Ким,Ольга,1980\n", InputFormat::Csv);
    assert_eq!(d.warnings.len(), 1);
    let w = d.warnings[0].to_string();
    assert_eq!(
        w,
        "t.csv:1: column 'surnme': not a column dualcit reads, so it is carried as an extra column and the records have no surname; did you mean 'surname'?"
    );
    let e = read_reader("t.csv", "id,surnme,dob\n1,A,1980\n".as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("no name column") && e.to_string().contains("did you mean 'surname' for column 'surnme'?"), "{e}");
    let d = read("{\"id\": 1, \"given_name\": \"Ольга\", \"lastnme\": \"Ким\"}\n", InputFormat::JsonLines);
    assert_eq!(d.warnings[0].line, Some(1));
    assert!(d.warnings[0].message.contains("did you mean 'lastname' (surname)?"), "{:?}", d.warnings);
    // Real extra columns say nothing.
    assert!(read("id,surname,district,note\n1,Ким,Алматы,x\n", InputFormat::Csv).warnings.is_empty());
}

#[test]
fn unknown_country_codes_and_empty_files_are_warnings() {
    let d = read_reader("t.csv", "id,surname,country\n1,A,XX\n2,B,XX\n3,C,RU\n".as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap();
    assert_eq!(d.records.len(), 3);
    assert_eq!(d.warnings.len(), 1);
    assert_eq!((d.warnings[0].line, d.warnings[0].column.as_deref()), (Some(2), Some("country")));
    assert!(d.warnings[0].message.contains("'XX' is not an ISO 3166-1 country code (2 rows"), "{:?}", d.warnings);
    assert!(read("id,surname\n", InputFormat::Csv).warnings[0].message.starts_with("no data rows"));
}

#[test]
fn a_file_whose_names_are_all_empty_is_an_error() {
    let e = read_reader("t.csv", "id,surname,country\n1,,RU\n2, ,RU\n".as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap_err();
    assert!(e.to_string().starts_with("t.csv: field 'surname': no name in any row"), "{e}");
}
