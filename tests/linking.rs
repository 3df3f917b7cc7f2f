//! Linking end to end through the library.

use dualcit::{read_path, ReadOptions};
use dualcit::{Dataset, Decision, Linker, Thresholds};

use crate::util::{fixture, population};

fn fixtures() -> (Dataset, Vec<Dataset>) {
    let reg = read_path(&fixture("registry.csv"), &ReadOptions::default().default_country("KZ")).unwrap();
    let resp = ["responses_ru.csv", "responses_uz.jsonl", "responses_ua.cp1251.csv", "responses_by.koi8r.csv"]
        .iter()
        .map(|f| read_path(&fixture(f), &ReadOptions::default()).unwrap())
        .collect();
    (reg, resp)
}

/// (registry id, response id, decision) of every written pair.
fn decided(reg: &Dataset, resp: &[Dataset], r: &dualcit::LinkResult) -> Vec<(String, String, Decision)> {
    r.pairs
        .iter()
        .map(|p| (reg.records[p.registry as usize].id.clone(), resp[p.response_file as usize].records[p.response as usize].id.clone(), p.decision))
        .collect()
}

#[test]
fn fixtures_link_the_people_they_should() {
    let (reg, resp) = fixtures();
    let r = Linker::builder().build().unwrap().link(&reg, &resp).unwrap();
    let got = decided(&reg, &resp, &r);
    let has = |a: &str, b: &str, d: Decision| got.contains(&(a.to_string(), b.to_string(), d));
    // Cyrillic ↔ ICAO Latin, same date in another format.
    assert!(has("KZ0003", "RU-2", Decision::Match), "{got:?}");
    assert!(has("KZ0005", "RU-5", Decision::Match), "{got:?}");
    // KOI8-R answer in upper case.
    assert!(has("KZ0024", "BY-1", Decision::Match), "{got:?}");
    // The registry holds the same person twice (KZ0002, KZ0020): a tie, sent to review.
    assert!(has("KZ0002", "RU-1", Decision::Review) && has("KZ0020", "RU-1", Decision::Review), "{got:?}");
    // Someone not in the registry is not written.
    assert!(!got.iter().any(|(_, b, _)| b == "RU-7"));
    // Ким Ольга matches her own record, not her twin sister Ирина.
    assert!(has("KZ0009", "RU-8", Decision::Match), "{got:?}");
    assert!(!got.iter().any(|(a, b, _)| a == "KZ0010" && b == "RU-8"), "{got:?}");
}

#[test]
fn explanation_sums_to_the_match_weight() {
    let (reg, resp) = fixtures();
    let r = Linker::builder().build().unwrap().link(&reg, &resp).unwrap();
    assert!(!r.pairs.is_empty());
    for p in &r.pairs {
        let ex = dualcit::Explanation::of_pair(&r.weights, p);
        let sum = ex.prior + ex.fields.iter().map(|f| f.weight).sum::<f64>() + ex.lookalike;
        assert!((sum - p.match_weight).abs() < 1e-9);
        assert!(ex.lookalike <= 0.0 && ex.lookalike == p.lookalike_weight);
        assert!((ex.probability - p.probability).abs() < 1e-12);
        assert!((0.0..=1.0).contains(&p.probability));
    }
}

#[test]
fn thresholds_are_respected() {
    let (reg, resp) = fixtures();
    let strict = Linker::builder().thresholds(Thresholds { match_probability: 1.0, review_probability: 0.999 }).build().unwrap().link(&reg, &resp).unwrap();
    // Below the review threshold only near pairs (one contradiction beside three agreeing
    // fields) and an answer's only candidate that contradicts it on nothing are written, for review.
    let only = |p: &dualcit::ScoredPair| p.review_reason.contains(dualcit::ReviewReason::OnlyCandidate) && dualcit::is_consistent_pair(&p.comparison);
    assert!(strict.pairs.iter().all(|p| p.probability >= 0.999 || ((dualcit::is_near_pair(&p.comparison) || only(p)) && p.decision == Decision::Review)));
    assert!(strict.pairs.iter().any(only));
    assert!(strict.pairs.iter().all(|p| p.decision == Decision::Review || p.probability >= 1.0));
    let loose = Linker::builder().thresholds(Thresholds { match_probability: 0.5, review_probability: 0.01 }).build().unwrap().link(&reg, &resp).unwrap();
    assert!(loose.pairs.len() >= strict.pairs.len());
    assert!(Linker::builder().thresholds(Thresholds { match_probability: 0.4, review_probability: 0.6 }).build().is_err());
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let (reg, resp) = population(3000, 7);
    let resp = [resp];
    let linker = Linker::builder().build().unwrap();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| {
            let r = linker.link(&reg, &resp).unwrap();
            (decided(&reg, &resp, &r), r.stats.candidate_pairs, r.pairs.iter().map(|p| p.match_weight.to_bits()).collect::<Vec<_>>())
        })
    };
    let one = run(1);
    assert!(one.0.len() > 500, "expected many pairs, got {}", one.0.len());
    assert_eq!(one, run(2));
    assert_eq!(one, run(4));
}

#[test]
fn every_response_is_found_in_a_clean_population() {
    let (reg, resp) = population(3000, 11);
    // Thirty name combinations for 3000 people: with the term-frequency adjustment on,
    // sharing a name here is (rightly) almost no evidence, so test the plain weights.
    let mut model = dualcit::Model::default();
    model.term_frequency.surname = false;
    model.term_frequency.given_name = false;
    let r = Linker::builder().model(model).build().unwrap().link(&reg, std::slice::from_ref(&resp)).unwrap();
    // Each response was built from the registry record with the same number.
    let mut found = 0;
    for p in &r.pairs {
        let a = &reg.records[p.registry as usize].id[1..];
        let b = &resp.records[p.response as usize].id[1..];
        if a == b {
            found += 1;
        }
    }
    assert_eq!(found, resp.records.len());
}

#[test]
fn blocking_report_measures_pair_completeness() {
    let (reg, resp) = population(2000, 5);
    let truth = dualcit::Truth::from_pairs(resp.records.iter().map(|r| (format!("R{}", &r.id[1..]), r.id.clone(), "RU".to_string())));
    let linker = Linker::builder().build().unwrap();
    let report = linker.diagnose_blocking(&reg, std::slice::from_ref(&resp), Some(&truth)).unwrap();
    assert_eq!(report.true_pairs, Some(resp.records.len() as u64));
    assert_eq!(report.pair_completeness, Some(1.0));
    assert_eq!(report.passes[0].pass, "exact_date");
    assert!(report.passes[0].pair_completeness.unwrap() > 0.99, "01.01 placeholders are left to the other passes");
    assert!(report.reduction_ratio > 0.9);
    // The report agrees with the counts of a real run.
    let run = linker.link(&reg, std::slice::from_ref(&resp)).unwrap();
    assert_eq!(report.candidate_pairs, run.stats.candidate_pairs);
    assert!(report.to_string().contains("pair completeness 100.0000%"));
}

#[test]
fn hot_blocks_are_described_by_a_record_under_their_key() {
    // Seven registry persons born the same day, four of them one name: the largest
    // exact-date block is the seven, read from the first of them; year_name's the four.
    let mut rows = String::from("id,surname,given_name,patronymic,birth_date,sex\n");
    for (i, (s, g)) in
        [("Ким", "Ольга"), ("Ким", "Ольга"), ("Ли", "Марат"), ("Ким", "Ольга"), ("Пак", "Игорь"), ("Ким", "Ольга"), ("Цой", "Анна")].iter().enumerate()
    {
        rows.push_str(&format!("K{i},{s},{g},Петровна,17.05.1980,F\n"));
    }
    rows.push_str("K9,Ахметов,Ержан,Болатович,03.03.1990,M\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.csv");
    std::fs::write(&path, rows).unwrap();
    let registry = read_path(&path, &ReadOptions::default().default_country("KZ")).unwrap();
    let index = Linker::builder().build().unwrap().index(&registry).unwrap();
    let hot = index.hot_blocks(1);
    let exact = hot.iter().find(|b| b.pass == "exact_date").unwrap();
    assert_eq!((exact.records, exact.example_id.as_str()), (7, "K0"));
    assert_eq!(exact.key, vec![(dualcit::KeyPart::BirthDate, "1980-05-17".to_string())]);
    let year_name = hot.iter().find(|b| b.pass == "year_name").unwrap();
    assert_eq!(year_name.records, 4);
    let parts: Vec<(&str, &str)> = year_name.key.iter().map(|(p, v)| (p.name(), v.as_str())).collect();
    assert_eq!(parts, vec![("birth_year", "1980"), ("surname", "Ким"), ("given_name", "Ольга")]);
    // The sizes are the run's `largest_blocks`.
    let stats = Linker::builder().build().unwrap().link(&registry, &[]).unwrap().stats;
    let largest = stats.passes.iter().find(|p| p.pass == "exact_date").unwrap().largest_blocks.first().copied();
    assert_eq!(largest, Some(7));
}

#[test]
fn a_common_shared_surname_is_weaker_evidence_than_a_rare_one() {
    let mut text = String::from("id,surname,given_name,birth_date\n");
    for i in 0..200 {
        text.push_str(&format!("C{i},Ахметов,Ержан{i},{:02}.03.1970\n", 1 + i % 28));
    }
    text.push_str("R1,Кайыргельдинов,Ержан,05.05.1971\nR2,Ахметов,Нурлан,05.05.1972\n");
    let reg = crate::util::csv(&text);
    let resp = crate::util::csv("id,surname,given_name,birth_date,country\nA,Kaiyrgeldinov,Erzhan,1971-05-05,RU\nB,Akhmetov,Nurlan,1972-05-05,RU\n");
    let r = Linker::builder().build().unwrap().link(&reg, std::slice::from_ref(&resp)).unwrap();
    let surname_weight = |id: &str| {
        let p = r.pairs.iter().find(|p| reg.records[p.registry as usize].id == id).unwrap();
        dualcit::Explanation::new(&r.weights, &p.comparison).fields[0].weight
    };
    assert!(surname_weight("R1") > surname_weight("R2") + 3.0, "{} vs {}", surname_weight("R1"), surname_weight("R2"));
}

#[test]
fn training_from_labels_and_by_em_gives_valid_models_that_round_trip() {
    use dualcit::{train, TrainOptions};
    let (reg, resp) = population(2000, 3);
    let resp = [resp];
    let truth = dualcit::Truth::from_pairs(resp[0].records.iter().map(|r| (format!("R{}", &r.id[1..]), r.id.clone(), "RU".to_string())));
    let passes: Vec<dualcit::PassConfig> = dualcit::DEFAULT_PASSES.iter().map(|&p| p.into()).collect();
    let opts = TrainOptions::default().u_samples(20_000);
    let base = dualcit::Model::default();
    let (labelled, rep) = train(&base, &reg, &resp, &passes, Some(&truth), &opts).unwrap();
    assert_eq!(rep.m_source, "labels");
    assert_eq!(rep.labelled_pairs, resp[0].records.len() as u64);
    // Clean data: true pairs agree on the birth date almost always.
    assert!(labelled.fields[&dualcit::Field::BirthDate]["exact"].m > 0.9);
    // Random pairs rarely share a birth date.
    assert!(labelled.fields[&dualcit::Field::BirthDate]["exact"].u < 0.01);
    assert!((labelled.response_match_share - 1.0).abs() < 1e-9);
    let (em, rep) = train(&base, &reg, &resp, &passes, None, &opts).unwrap();
    assert_eq!(rep.m_source, "em");
    assert!(rep.iterations >= 1 && rep.candidate_pairs > 0);
    for model in [labelled, em] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.json");
        model.save(&path).unwrap();
        assert_eq!(dualcit::Model::load(&path).unwrap(), model);
        // A trained model still links the population.
        let r = Linker::builder().model(model).build().unwrap().link(&reg, &resp).unwrap();
        assert!(!r.pairs.is_empty());
    }
}

#[test]
fn index_queries_agree_with_batch_linking() {
    let (reg, resp) = population(2000, 13);
    let linker = Linker::builder().build().unwrap();
    let batch = linker.link(&reg, std::slice::from_ref(&resp)).unwrap();
    // A service that takes the batch run's look-alike calibration answers as the batch did.
    let index = linker.index(&reg).unwrap().with_calibration(batch.stats.lookalike.clone());
    assert_eq!(index.len(), reg.records.len());
    assert!(!batch.pairs.is_empty());
    for p in &batch.pairs {
        let q = &resp.records[p.response as usize];
        let found = index.query(q);
        let reg_id = &reg.records[p.registry as usize].id;
        let m = found.iter().find(|m| &m.registry_id == reg_id).expect("batch pair also found by a query");
        assert_eq!(m.match_weight.to_bits(), p.match_weight.to_bits());
        assert_eq!(m.probability.to_bits(), p.probability.to_bits());
    }
}

/// A background registry from the generator, so that name frequencies and the
/// prior are realistic, plus the records a test adds.
fn background_with(extra: &[(&str, &str, &str, &str, &str, &str)]) -> Dataset {
    let g = dualcit_synth::generate(&dualcit_synth::GenerateConfig { seed: 21, registry_size: 20_000, responses_size: 10, ..Default::default() });
    let mut text = String::from("id,surname,given_name,patronymic,birth_date,sex\n");
    for r in &g.registry {
        text.push_str(&format!("{},{},{},{},{},{}\n", r.id, r.surname, r.given_name, r.patronymic, r.birth_date, r.sex));
    }
    for (id, s, gv, p, d, sex) in extra {
        text.push_str(&format!("{id},{s},{gv},{p},{d},{sex}\n"));
    }
    crate::util::csv(&text)
}

fn link_one(reg: &Dataset, response: &str) -> Vec<(String, Decision, String)> {
    let resp = crate::util::csv(&format!("id,surname,given_name,patronymic,birth_date,sex,country\n{response}\n"));
    let r = Linker::builder().build().unwrap().link(reg, std::slice::from_ref(&resp)).unwrap();
    r.pairs.iter().map(|p| (reg.records[p.registry as usize].id.clone(), p.decision, p.comparison.level_name(dualcit::Field::Surname).to_string())).collect()
}

#[test]
fn a_married_womans_new_surname_goes_to_review_with_its_reason() {
    let reg = background_with(&[("W1", "Сейтқалиева", "Айгерім", "Маратқызы", "14.03.1987", "F")]);
    let got = link_one(&reg, "A,Smagulova,Aigerim,Maratovna,1987-03-14,F,RU");
    let w1 = got.iter().find(|(id, _, _)| id == "W1").expect("the pair is written");
    assert_eq!(w1.2, "changed");
    // Marriage is for an officer to confirm: review, with the reason named.
    assert_eq!(w1.1, Decision::Review, "{got:?}");
    let resp = crate::util::csv("id,surname,given_name,patronymic,birth_date,sex,country\nA,Smagulova,Aigerim,Maratovna,1987-03-14,F,RU\n");
    let r = Linker::builder().build().unwrap().link(&reg, std::slice::from_ref(&resp)).unwrap();
    let p = r.pairs.iter().find(|p| reg.records[p.registry as usize].id == "W1").unwrap();
    assert!(p.review_reason.contains(dualcit::ReviewReason::SurnameChanged), "{}", p.review_reason);
    // Where marriages are confirmed elsewhere, the check can be relaxed: the probability decides.
    let lenient = dualcit::DecisionPolicy::strict().allow(dualcit::ReviewReason::SurnameChanged);
    let r = Linker::builder().policy(lenient).build().unwrap().link(&reg, std::slice::from_ref(&resp)).unwrap();
    let q = r.pairs.iter().find(|p| reg.records[p.registry as usize].id == "W1").unwrap();
    assert!(!q.review_reason.contains(dualcit::ReviewReason::SurnameChanged), "{}", q.review_reason);
    assert_eq!(q.probability.to_bits(), p.probability.to_bits(), "the policy decides, it does not score");
}

#[test]
fn a_man_with_another_surname_goes_to_review() {
    let reg = background_with(&[("M1", "Сейтқалиев", "Арман", "Маратұлы", "14.03.1987", "M")]);
    let got = link_one(&reg, "A,Smagulov,Arman,Maratovich,1987-03-14,M,RU");
    let m1 = got.iter().find(|(id, _, _)| id == "M1").expect("the near pair is written for review");
    assert_eq!((m1.1, m1.2.as_str()), (Decision::Review, "different"));
}

#[test]
fn twins_and_namesakes_stay_apart() {
    let reg = background_with(&[
        ("T1", "Жақсылықов", "Асан", "Бекұлы", "02.09.1991", "M"),
        ("T2", "Жақсылықов", "Үсен", "Бекұлы", "02.09.1991", "M"),
        ("N1", "Жақсылықов", "Асан", "Бекұлы", "17.01.1964", "M"),
    ]);
    // The answer is about T1 (Asan): his twin T2 must not be matched, nor his namesake N1.
    let got = link_one(&reg, "A,Zhaksylykov,Asan,Bekovich,1991-09-02,M,UZ");
    assert!(got.iter().any(|(id, d, _)| id == "T1" && *d == Decision::Match), "{got:?}");
    assert!(!got.iter().any(|(id, d, _)| (id == "T2" || id == "N1") && *d == Decision::Match), "{got:?}");
    // And an answer about the twin Üsen finds him, not his brother.
    let got = link_one(&reg, "B,Zhaksylykov,Usen,Bekovich,1991-09-02,M,UZ");
    assert!(got.iter().any(|(id, d, _)| id == "T2" && *d == Decision::Match), "{got:?}");
    assert!(!got.iter().any(|(id, d, _)| id == "T1" && *d == Decision::Match), "{got:?}");
}

#[test]
fn an_answer_without_the_fields_that_decide_is_reviewed_when_nobody_else_fits_it() {
    // An answer with names only (no birth date, no patronymic) weighs too little for
    // `review` on its own; when it contradicts its only candidate on nothing, an officer
    // sees it (`only_candidate`). Beside a namesake that fits it as well, nobody does.
    // A common surname and a common given name (term frequencies make each weak evidence),
    // never together: the others are no candidates of the answer.
    let given = ["Айгуль", "Асель", "Мадина", "Жанна", "Сауле", "Гульнара", "Алия", "Карина"];
    let surnames = ["Ахметова", "Смагулова", "Нурланова", "Бекова", "Сериккызы", "Касымова", "Омарова", "Жумабаева"];
    let filler: String = (0..320)
        .map(|i| match i % 2 {
            0 => format!("F{i},Искакова,{},Маратовна,{:02}.{:02}.19{}\n", given[i / 2 % 8], 1 + i % 28, 1 + i % 12, 50 + i % 40),
            _ => format!("F{i},{},Дана,Ерлановна,{:02}.{:02}.19{}\n", surnames[i / 2 % 8], 1 + i % 28, 1 + i % 12, 50 + i % 40),
        })
        .collect();
    let resp = crate::util::csv("id,surname,given_name,birth_date,country\nA,Iskakova,Dana,,RU\n");
    let link = |extra: &str| {
        let reg = crate::util::csv(&format!("id,surname,given_name,patronymic,birth_date\n{filler}R1,Искакова,Дана,Маратовна,12.04.1986\n{extra}"));
        let r = Linker::builder().build().unwrap().link(&reg, std::slice::from_ref(&resp)).unwrap();
        let rows: Vec<(String, f64, String)> =
            r.pairs.iter().map(|p| (reg.records[p.registry as usize].id.clone(), p.probability, p.review_reason.to_string())).collect();
        (rows, r.stats)
    };
    let (rows, stats) = link("");
    assert_eq!(rows.len(), 1, "{rows:?}");
    let (id, p, reason) = &rows[0];
    assert_eq!(id, "R1");
    assert!(*p < Thresholds::default().review_probability, "a weak pair: {p}");
    assert!(reason.contains("only_candidate") && reason.contains("below_match_threshold"), "{reason}");
    assert_eq!(stats.decisions.only_candidates, 1);
    // The probability it states stays in the expected true pairs below `match`.
    assert!((stats.expected.true_pairs_in_review - p).abs() < 1e-9);
    let (rows, stats) = link("R2,Искакова,Дана,Ерлановна,30.11.1990\n");
    assert!(rows.is_empty(), "two registry persons fit the answer: {rows:?}");
    assert_eq!(stats.decisions.only_candidates, 0);
    assert!(stats.expected.true_pairs_below_match > 0.0, "their probability is counted below the review threshold");
}
