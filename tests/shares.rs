//! An in-memory table reads as the same CSV would, and a run in shares (each
//! share of the answers scored alone, then merged: the Spark path) gives exactly
//! the pairs, probabilities and decisions of the one-machine run.

use dualcit::{for_each_match_row, read_path, read_reader, read_table, InputFormat, Linker, ReadOptions, ScoredShare, TableRows};

use crate::util::{fixture, population};

/// A CSV text as a header and rows of cells (simple CSV: no quoted line breaks).
fn cells(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = rdr.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    let header = rows.remove(0);
    (header, rows)
}

fn rows_of(result: &dualcit::LinkResult, registry: &dyn dualcit::RegistryRows, responses: &[dualcit::Dataset]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for_each_match_row(result, registry, responses, &mut |r| {
        out.push(r.to_vec());
        Ok(())
    })
    .unwrap();
    out
}

/// Answers with awkward rows: duplicate ids (also across shares, and after a rejected row
/// with the same id), a bad date, a bad IIN (blanked), a row without a name.
fn awkward_answers() -> String {
    let ru = std::fs::read_to_string(fixture("responses_ru.csv")).unwrap();
    let mut text = ru.trim_end().to_string();
    let (_, rows) = cells(&ru);
    text.push_str("\nRU-X,Петров,Иван,,31.02.1980,M,RU,citizenship,\n");
    text.push_str("RU-X,Петров,Иван,,01.03.1980,M,RU,citizenship,\n");
    text.push_str(&format!("{}\n", rows[0].join(",")));
    text.push_str("RU-N,,,,01.03.1980,M,RU,citizenship,\n");
    text.push_str("RU-X,Петров,Иван,,01.03.1980,M,RU,citizenship,\n");
    text.push_str("RU-S,Петров,Иван,,01.03.1980,Q,RU,visa,\n");
    text
}

#[test]
fn a_table_reads_as_its_csv() {
    let text = awkward_answers();
    let (headers, rows) = cells(&text);
    let from_csv = read_reader("ru", text.as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap();
    let cell = |r: usize, c: usize| rows[r].get(c).map(String::as_str);
    let from_table = read_table("ru", &TableRows { headers: &headers, rows: rows.len(), cell: &cell, lines: None }, &ReadOptions::default()).unwrap();
    assert_eq!(from_table.records, from_csv.records);
    assert_eq!(from_table.rejects, from_csv.rejects);
    assert_eq!(from_table.notes, from_csv.notes);
    assert_eq!(from_table.extra_columns, from_csv.extra_columns);
    assert_eq!(from_table.summary.read, from_csv.summary.read);
    assert!(from_csv.rejects.iter().any(|r| matches!(r.reason, dualcit::RejectReason::DuplicateId { .. })));
    // The same errors for a table that cannot be used.
    let bad = vec!["surname".to_string()];
    let none = |_: usize, _: usize| None;
    let e = read_table("t", &TableRows { headers: &bad, rows: 0, cell: &none, lines: None }, &ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("no id column"), "{e}");
}

fn shares_of(index: &dualcit::RegistryIndex, label: &str, text: &str, cuts: &[usize]) -> Vec<ScoredShare> {
    let (headers, rows) = cells(text);
    let lines: Vec<u64> = (0..rows.len()).map(|i| i as u64 + 2).collect();
    let mut bounds = vec![0];
    bounds.extend(cuts.iter().map(|&c| c.min(rows.len())));
    bounds.push(rows.len());
    // Shares handed over out of order: the merge puts them in line order.
    bounds
        .windows(2)
        .rev()
        .map(|w| {
            let part = &rows[w[0]..w[1]];
            let cell = |r: usize, c: usize| part[r].get(c).map(String::as_str);
            let t = TableRows { headers: &headers, rows: part.len(), cell: &cell, lines: Some(&lines[w[0]..w[1]]) };
            let s = index.score_share(label, &t, &ReadOptions::default()).unwrap();
            ScoredShare::from_bytes(&s.to_bytes().unwrap()).unwrap()
        })
        .collect()
}

#[test]
fn a_run_in_shares_equals_the_whole_run_on_the_fixtures() {
    let registry = read_path(&fixture("registry.csv"), &ReadOptions::default().default_country("KZ")).unwrap();
    let text = awkward_answers();
    let whole = read_reader("ru", text.as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap();
    let linker = Linker::builder().build().unwrap();
    let index = linker.index(&registry).unwrap();
    let expected = linker.link_with_index(&index, std::slice::from_ref(&whole)).unwrap();
    for cuts in [vec![], vec![3], vec![2, 9, 11], vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]] {
        let merged = linker.merge_shares(&index, vec![("ru".to_string(), shares_of(&index, "ru", &text, &cuts))]).unwrap();
        assert_eq!(merged.responses[0].records, whole.records, "cuts {cuts:?}");
        assert_eq!(rows_of(&merged.result, &registry, &merged.responses), rows_of(&expected, &registry, std::slice::from_ref(&whole)), "cuts {cuts:?}");
        let want: Vec<(u64, String, String)> = whole.rejects_and_notes().map(|r| (r.line, r.reason.to_string(), r.raw.clone())).collect();
        let got: Vec<(u64, String, String)> = merged.rejects.iter().map(|r| (r.line, r.reason.clone(), r.row.clone())).collect();
        assert_eq!(got, want, "cuts {cuts:?}");
        assert_eq!(merged.result.stats.expected, expected.stats.expected);
        assert_eq!(merged.result.stats.lookalike, expected.stats.lookalike);
    }
}

#[test]
fn a_run_in_shares_equals_the_whole_run_on_a_population() {
    let (registry, answers) = population(3_000, 11);
    let mut text = String::new();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "surname", "given_name", "patronymic", "birth_date", "sex", "country"]).unwrap();
    for r in &answers.records {
        let date = r.birth_date.map(|d| d.to_string()).unwrap_or_default();
        w.write_record([r.id.as_str(), &r.surname, &r.given_name, &r.patronymic, &date, r.sex.code(), &r.country]).unwrap();
    }
    text.push_str(std::str::from_utf8(&w.into_inner().unwrap()).unwrap());
    let whole = read_reader("a", text.as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap();
    let linker = Linker::builder().build().unwrap();
    let index = linker.index(&registry).unwrap();
    let expected = linker.link_with_index(&index, std::slice::from_ref(&whole)).unwrap();
    assert!(expected.pairs.len() > 100);
    let merged = linker.merge_shares(&index, vec![("a".to_string(), shares_of(&index, "a", &text, &[700, 1500, 2900]))]).unwrap();
    assert_eq!(rows_of(&merged.result, &registry, &merged.responses), rows_of(&expected, &registry, std::slice::from_ref(&whole)));
    assert_eq!(merged.result.stats.decisions, expected.stats.decisions);
}
