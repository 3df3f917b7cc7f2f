//! `explain` tells the same story as `match` (issue 15): on random small
//! inputs full of namesakes and near ties, the verdict `explain` gives each
//! pair is the decision the matches file holds — and a pair the matches file
//! lacks is never said to be written.

use std::collections::HashMap;
use std::io::Write as _;

use dualcit::{read_path, read_registry, OutputFormat, ReadOptions};
use dualcit::{Linker, PairOutcome};
use proptest::prelude::*;

const SURNAMES: [(&str, &str); 4] = [("Иванов", "Ivanov"), ("Ахметов", "Akhmetov"), ("Ким", "Kim"), ("Петров", "Petrov")];
const GIVEN: [(&str, &str); 3] = [("Евгений", "Evgenii"), ("Ержан", "Erzhan"), ("Олег", "Oleg")];

/// (surname, given name, year, month, day) as indices into small lists: namesakes and same dates are common.
fn person() -> impl Strategy<Value = (usize, usize, u16, u8, u8)> {
    (0..SURNAMES.len(), 0..GIVEN.len(), 1980u16..1982, 1u8..3, 1u8..4)
}

/// An answer: a person, written in Latin, with the date as given or one day off, in one of two files and countries.
fn answer() -> impl Strategy<Value = ((usize, usize, u16, u8, u8), bool, usize, usize)> {
    (person(), any::<bool>(), 0usize..2, 0usize..2)
}

fn write_file(path: &std::path::Path, text: &str) {
    std::fs::File::create(path).unwrap().write_all(text.as_bytes()).unwrap();
}

/// (registry id, response id, response file) → (decision, review reason) from a matches CSV.
fn decisions(csv_text: &[u8]) -> HashMap<(String, String, String), (String, String)> {
    let mut rdr = csv::Reader::from_reader(csv_text);
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let (a, b, d, r, f) = (col("registry_id"), col("response_id"), col("decision"), col("review_reason"), col("response_file"));
    rdr.records()
        .map(|row| row.unwrap())
        .map(|row| ((row[a].to_string(), row[b].to_string(), row[f].to_string()), (row[d].to_string(), row[r].to_string())))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn issue15_explain_agrees_with_match_on_every_pair(registry in prop::collection::vec(person(), 1..10), answers in prop::collection::vec(answer(), 1..8)) {
        let dir = tempfile::tempdir().unwrap();
        let mut reg = String::from("id,surname,given_name,birth_date,sex\n");
        for (i, &(s, g, y, m, d)) in registry.iter().enumerate() {
            reg.push_str(&format!("K{i},{},{},{d:02}.{m:02}.{y},M\n", SURNAMES[s].0, GIVEN[g].0));
        }
        let reg_path = dir.path().join("registry.csv");
        write_file(&reg_path, &reg);
        let mut files = [String::from("id,surname,given_name,birth_date,sex,country\n"), String::from("id,surname,given_name,birth_date,sex,country\n")];
        for (i, &((s, g, y, m, d), off, file, country)) in answers.iter().enumerate() {
            let d = if off { d + 1 } else { d };
            files[file].push_str(&format!("A{i},{},{},{y}-{m:02}-{d:02},M,{}\n", SURNAMES[s].1, GIVEN[g].1, ["RU", "UZ"][country]));
        }
        let resp_paths: Vec<_> = (0..2).map(|i| dir.path().join(format!("answers{i}.csv"))).collect();
        for (p, text) in resp_paths.iter().zip(&files) {
            write_file(p, text);
        }
        let kz = ReadOptions::default().default_country("KZ");
        let linker = Linker::builder().build().unwrap();

        // `dualcit match`: the registry streamed into its index, the matches written as CSV.
        let responses: Vec<_> = resp_paths.iter().map(|p| read_path(p, &ReadOptions::default()).unwrap()).collect();
        let streamed = read_registry(&reg_path, &kz, linker.index_builder()).unwrap().finish();
        let result = linker.link_with_index(&streamed.index, &responses).unwrap();
        let mut buf = Vec::new();
        dualcit::write_matches(&mut buf, OutputFormat::Csv, &result, &streamed, &responses).unwrap();
        let written = decisions(&buf);

        // `dualcit explain`: the inputs read again, a run of its own, every pair looked up.
        let registry = read_path(&reg_path, &kz).unwrap();
        let responses: Vec<_> = resp_paths.iter().map(|p| read_path(p, &ReadOptions::default()).unwrap()).collect();
        let run = linker.linked_run(&registry, &responses).unwrap();
        let mut seen = 0;
        for (ri, r) in registry.records.iter().enumerate() {
            for (fi, d) in responses.iter().enumerate() {
                for (ai, a) in d.records.iter().enumerate() {
                    let v = run.verdict(&responses, ri as u32, fi as u32, ai as u32);
                    let key = (r.id.clone(), a.id.clone(), d.source.clone());
                    match (&v.outcome, written.get(&key)) {
                        (PairOutcome::Written { decision, review_reason, .. }, Some((want, why))) => {
                            seen += 1;
                            prop_assert_eq!(decision.name(), want.as_str(), "{:?}", key);
                            prop_assert_eq!(review_reason.to_string(), why.as_str(), "{:?}", key);
                        }
                        (PairOutcome::Written { .. }, None) => prop_assert!(false, "explain says written, the matches file lacks {:?}", key),
                        (other, Some(_)) => prop_assert!(false, "the matches file has {:?}, explain says {:?}", key, other),
                        (_, None) => {}
                    }
                }
            }
        }
        prop_assert_eq!(seen, written.len());
    }
}
