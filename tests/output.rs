//! The matches and rejects files.

use dualcit::Linker;
use dualcit::OutputFormat;
use dualcit::LEADING_COLUMNS;

use crate::util::csv;

#[test]
fn matches_csv_starts_with_the_contract_columns() {
    let reg = csv("id,surname,given_name,patronymic,birth_date,sex,note\n1,Иванов,Евгений,Петрович,17.05.1980,M,x\n");
    let resp = csv("id,surname,given_name,patronymic,birth_date,sex,country,doc\nA,Ivanov,Evgenii,Petrovich,1980-05-17,M,RU,123\n");
    let resp = [resp];
    let r = Linker::builder().build().unwrap().link(&reg, &resp).unwrap();
    let mut buf = Vec::new();
    dualcit::write_matches(&mut buf, OutputFormat::Csv, &r, &reg, &resp).unwrap();
    let text = String::from_utf8(buf).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[..6], &LEADING_COLUMNS);
    assert!(header.contains(&"surname_level") && header.contains(&"birth_date_weight"));
    assert_eq!(header[header.len() - 2..], ["registry.note", "response.doc"]);
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&row[..3], &["1", "A", "RU"]);
    assert_eq!(row[5], "match");
    assert_eq!(row[row.len() - 2..], ["x", "123"]);
    assert_eq!(lines.next(), None);
}

#[test]
fn matches_jsonl_has_the_same_fields() {
    let reg = csv("id,surname,given_name,birth_date\n1,Ким,Ольга,12.12.1970\n");
    let resp = [csv("id,surname,given_name,birth_date,country\nB,Kim,Olga,1970-12-12,RU\n")];
    let r = Linker::builder().build().unwrap().link(&reg, &resp).unwrap();
    let mut buf = Vec::new();
    dualcit::write_matches(&mut buf, OutputFormat::JsonLines, &r, &reg, &resp).unwrap();
    let text = String::from_utf8(buf).unwrap();
    let v: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(v["registry_id"], "1");
    assert_eq!(v["response_country"], "RU");
    assert!(v["probability"].as_f64().unwrap() > 0.9);
    assert_eq!(v["birth_date_level"], "exact");
}

#[test]
fn rejects_file_lists_every_reject() {
    let d = csv("id,surname,birth_date\n1,Ким,31.02.1980\n1,Ли,1980\n1,Пак,1981\n");
    let mut buf = Vec::new();
    dualcit::write_rejects(&mut buf, &d.rejects).unwrap();
    let text = String::from_utf8(buf).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "file,line,field,reason,row");
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with("test.csv,2,birth_date,"));
    assert!(lines[2].starts_with("test.csv,4,id,duplicate id (first seen on line 3)"));
}
