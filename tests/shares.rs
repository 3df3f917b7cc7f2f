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

/// The fixture registry, the awkward answers (as text and read whole), and the whole run.
struct FixtureRun {
    registry: dualcit::Dataset,
    text: String,
    whole: dualcit::Dataset,
    linker: Linker,
    index: dualcit::RegistryIndex,
    expected: dualcit::LinkResult,
}

fn fixture_run() -> FixtureRun {
    let registry = read_path(&fixture("registry.csv"), &ReadOptions::default().default_country("KZ")).unwrap();
    let text = awkward_answers();
    let whole = read_reader("ru", text.as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap();
    let linker = Linker::builder().build().unwrap();
    let index = linker.index(&registry).unwrap();
    let expected = linker.link_with_index(&index, std::slice::from_ref(&whole)).unwrap();
    FixtureRun { registry, text, whole, linker, index, expected }
}

#[test]
fn a_run_in_shares_equals_the_whole_run_on_the_fixtures() {
    let FixtureRun { registry, text, whole, linker, index, expected } = fixture_run();
    for cuts in [vec![], vec![3], vec![2, 9, 11], vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]] {
        let merged = linker.merge_shares(&index, vec![("ru".to_string(), shares_of(&index, "ru", &text, &cuts))]).unwrap();
        assert_eq!(merged.responses[0].records, whole.records, "cuts {cuts:?}");
        assert_eq!(rows_of(&merged.result, &registry, &merged.responses), rows_of(&expected, &registry, std::slice::from_ref(&whole)), "cuts {cuts:?}");
        let want: Vec<(u64, String, String)> = whole.rejects_and_notes().map(|r| (r.line, r.reason.to_string(), r.raw.clone())).collect();
        let got: Vec<(u64, String, String)> = merged.rejects.iter().map(|r| (r.line, r.reason.clone(), r.row.clone())).collect();
        assert_eq!(got, want, "cuts {cuts:?}");
        assert_eq!(merged.result.stats.expected, expected.stats.expected);
        assert_eq!(merged.result.stats.lookalike, expected.stats.lookalike);
        // A record whose id an earlier share holds is looked up in its share, but the
        // merge rejects it and does not count its lookups, as the whole run never makes them.
        assert_eq!(comparable(merged.result.stats.clone()), comparable(expected.stats.clone()), "cuts {cuts:?}");
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

/// What a spread merge gives: the matches rows, the rejects (file, line, reason, row), the stats.
type Spread = (Vec<Vec<String>>, Vec<(String, u64, String, String)>, dualcit::LinkStats);

/// A spread merge as a cluster runs it (`dualcit.spark.link`): ids grouped for
/// duplicates, summaries into a plan, each share decided alone, the precision floor
/// from grouped probabilities, the one-to-one rule per connected component (handed
/// over in reverse order), the second floor, each component finished alone. Returns
/// the matches rows in output order, the rejects per file in order, and the stats.
fn spread_merge(linker: &Linker, index: &dualcit::RegistryIndex, files: Vec<(String, Vec<ScoredShare>)>) -> Spread {
    use dualcit::{Duplicates, PlannedPair, SpreadTally};
    use std::collections::BTreeMap;
    let labels: Vec<String> = files.iter().map(|(l, _)| l.clone()).collect();
    // 1. Duplicates: per file and id, the first accepted line of an id on several rows.
    let dups: Vec<Duplicates> = files
        .iter()
        .map(|(_, shares)| {
            let mut by_id: BTreeMap<String, (u64, Option<u64>)> = BTreeMap::new();
            for s in shares {
                for i in s.ids() {
                    let e = by_id.entry(i.id).or_insert((0, None));
                    e.0 += 1;
                    if i.accepted {
                        e.1 = Some(e.1.map_or(i.line, |l: u64| l.min(i.line)));
                    }
                }
            }
            by_id.into_iter().filter(|(_, (n, _))| *n > 1).filter_map(|(id, (_, first))| first.map(|f| (id, f))).collect()
        })
        .collect();
    // 2. The plan.
    let summaries: Vec<(usize, dualcit::ShareSummary)> = files
        .iter()
        .enumerate()
        .flat_map(|(f, (_, shares))| shares.iter().map(move |s| (f, s)))
        .map(|(f, s)| (f, dualcit::ShareSummary::from_bytes(&s.summary(&dups[f]).to_bytes().unwrap()).unwrap()))
        .collect();
    let plan = linker.plan_shares(labels.clone(), &summaries).unwrap();
    let plan = dualcit::SharePlan::from_bytes(&plan.to_bytes().unwrap()).unwrap();
    // 3. Each share alone.
    let mut tallies: Vec<SpreadTally> = Vec::new();
    let mut pairs: Vec<PlannedPair> = Vec::new();
    let mut rejects: Vec<((usize, u64, u8, u32), dualcit::RejectRow)> = Vec::new();
    for (f, (_, shares)) in files.iter().enumerate() {
        for s in shares {
            let d = plan.decide_share(f, s, &dups[f]).unwrap();
            pairs.extend(d.pairs.iter().map(|p| PlannedPair::from_bytes(&p.to_bytes().unwrap()).unwrap()));
            rejects.extend(d.rejects.into_iter().map(|((l, k, i), r)| ((f, l, k, i), r)));
            tallies.push(SpreadTally::from_bytes(&d.tally.to_bytes().unwrap()).unwrap());
        }
    }
    let floor_of = |pairs: &[PlannedPair]| {
        let mut groups: BTreeMap<u64, (f64, u64)> = BTreeMap::new();
        for p in pairs.iter().filter_map(PlannedPair::match_probability) {
            groups.entry(p.to_bits()).or_insert((p, 0)).1 += 1;
        }
        plan.precision_floor(&groups.into_values().collect::<Vec<_>>())
    };
    let floor1 = floor_of(&pairs);
    // 4. Connected components (union-find over response and person nodes).
    let mut parent: BTreeMap<i64, i64> = BTreeMap::new();
    fn root(parent: &mut BTreeMap<i64, i64>, x: i64) -> i64 {
        let p = *parent.entry(x).or_insert(x);
        if p == x {
            return x;
        }
        let r = root(parent, p);
        parent.insert(x, r);
        r
    }
    for p in &pairs {
        let (a, b) = (root(&mut parent, p.response_node()), root(&mut parent, p.person_node()));
        if a != b {
            parent.insert(a.max(b), a.min(b));
        }
    }
    let mut components: BTreeMap<i64, Vec<PlannedPair>> = BTreeMap::new();
    for p in pairs {
        let r = root(&mut parent, p.response_node());
        components.entry(r).or_default().push(p);
    }
    let mut decided: Vec<Vec<PlannedPair>> = Vec::new();
    for (_, c) in components.into_iter().rev() {
        let (out, t) = plan.decide_component(c, floor1);
        tallies.push(t);
        decided.push(out);
    }
    let all: Vec<PlannedPair> = decided.iter().flatten().cloned().collect();
    let floor2 = floor_of(&all);
    // 5. Each component finished alone; rows sorted as the cluster sorts them.
    let registry_rows = dualcit::IndexRegistryRows::new(index);
    let mut rows: Vec<((u32, u64, u32), Vec<String>)> = Vec::new();
    for c in decided {
        let keys: Vec<(u32, u64, u32)> = {
            let mut k: Vec<_> = c.iter().map(|p| (p.file(), p.line(), p.registry())).collect();
            k.sort();
            k
        };
        let done = plan.finish_component(c, floor2, index);
        let got = rows_of(&done.result, &registry_rows, &done.responses);
        assert_eq!(got.len(), keys.len());
        rows.extend(keys.into_iter().zip(got));
        tallies.push(done.tally);
    }
    rows.sort_by_key(|r| r.0);
    rejects.sort_by_key(|r| r.0);
    let stats = linker.spread_stats(index, &plan, &summaries, &tallies, [floor1, floor2]);
    let rejects = rejects.into_iter().map(|(_, r)| (r.file, r.line, r.reason, r.row)).collect();
    (rows.into_iter().map(|(_, r)| r).collect(), rejects, stats)
}

/// The decisions of a run with its timings left out.
fn comparable(mut s: dualcit::LinkStats) -> dualcit::LinkStats {
    s.timings = Default::default();
    s
}

#[test]
fn a_spread_merge_equals_the_whole_run_on_the_fixtures() {
    let FixtureRun { text, whole, linker, index, expected, .. } = fixture_run();
    let no_extras = dualcit::IndexRegistryRows::new(&index);
    let want_rows = rows_of(&expected, &no_extras, std::slice::from_ref(&whole));
    let want_rejects: Vec<(String, u64, String, String)> =
        whole.rejects_and_notes().map(|r| (r.file.clone(), r.line, r.reason.to_string(), r.raw.clone())).collect();
    for cuts in [vec![], vec![3], vec![2, 9, 11], vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]] {
        let (rows, rejects, stats) = spread_merge(&linker, &index, vec![("ru".to_string(), shares_of(&index, "ru", &text, &cuts))]);
        assert_eq!(rows, want_rows, "cuts {cuts:?}");
        assert_eq!(rejects, want_rejects, "cuts {cuts:?}");
        assert_eq!(comparable(stats), comparable(expected.stats.clone()), "cuts {cuts:?}");
    }
}

#[test]
fn a_spread_merge_equals_the_whole_run_on_a_population_in_two_files() {
    let (registry, answers) = population(3_000, 11);
    let mut texts = Vec::new();
    // Two answer files; the second repeats some answers of the first (the same people
    // answered twice by one state: the one-to-one rule's second group spans files).
    for part in [&answers.records[..], &answers.records[..answers.records.len() / 3]] {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["id", "surname", "given_name", "patronymic", "birth_date", "sex", "country"]).unwrap();
        for r in part {
            let date = r.birth_date.map(|d| d.to_string()).unwrap_or_default();
            w.write_record([r.id.as_str(), &r.surname, &r.given_name, &r.patronymic, &date, r.sex.code(), &r.country]).unwrap();
        }
        texts.push(String::from_utf8(w.into_inner().unwrap()).unwrap());
    }
    let wholes: Vec<dualcit::Dataset> =
        ["a", "b"].iter().zip(&texts).map(|(l, t)| read_reader(l, t.as_bytes(), InputFormat::Csv, &ReadOptions::default()).unwrap()).collect();
    // A strict precision target raises the match threshold: both floors are exercised.
    for target in [dualcit::DEFAULT_PRECISION_TARGET, 0.9999] {
        let linker = Linker::builder().precision_target(target).build().unwrap();
        let index = linker.index(&registry).unwrap();
        let expected = linker.link_with_index(&index, &wholes).unwrap();
        assert!(expected.pairs.len() > 100);
        if target > 0.999 {
            assert!(expected.stats.decisions.below_precision_target > 0, "the floor is raised");
        }
        assert!(expected.stats.decisions.superseded + expected.stats.decisions.ties > 0, "the one-to-one rule acts");
        let files =
            vec![("a".to_string(), shares_of(&index, "a", &texts[0], &[700, 1500, 2900])), ("b".to_string(), shares_of(&index, "b", &texts[1], &[500]))];
        let (rows, _, stats) = spread_merge(&linker, &index, files);
        let no_extras = dualcit::IndexRegistryRows::new(&index);
        assert_eq!(rows, rows_of(&expected, &no_extras, &wholes), "target {target}");
        assert_eq!(comparable(stats), comparable(expected.stats.clone()), "target {target}");
    }
}
