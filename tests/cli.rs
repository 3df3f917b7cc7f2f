//! The command line, run as a user would.

use std::path::Path;
use std::process::Command;

use crate::util::fixture;

fn dualcit() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dualcit"))
}

fn run_match(out: &Path, threads: usize) -> std::process::Output {
    dualcit()
        .arg("match")
        .arg("--registry")
        .arg(fixture("registry.csv"))
        .arg("--responses")
        .arg(fixture("responses_ru.csv"))
        .arg("--responses")
        .arg(fixture("responses_uz.jsonl"))
        .arg("--responses")
        .arg(format!("UA={}", fixture("responses_ua.cp1251.csv").display()))
        .arg("--responses")
        .arg(fixture("responses_by.koi8r.csv"))
        .arg("--out")
        .arg(out)
        .arg("--threads")
        .arg(threads.to_string())
        .output()
        .unwrap()
}

#[test]
fn match_on_fixtures_writes_matches_rejects_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("matches.csv");
    let o = run_match(&out, 2);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let matches = std::fs::read_to_string(&out).unwrap();
    assert!(matches.starts_with("registry_id,response_id,response_country,probability,match_weight,decision,"));
    assert!(matches.lines().count() > 5);
    let rejects = std::fs::read_to_string(dir.path().join("matches.rejects.csv")).unwrap();
    assert_eq!(rejects.lines().count(), 1 + 3, "{rejects}");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("registry.csv: read 25, accepted 24, rejected 1"), "{stderr}");
    // The summary is a log: it must not print names.
    assert!(!stderr.contains("Иванов") && !stderr.contains("KZ0002"), "{stderr}");
}

#[test]
fn output_is_byte_identical_across_thread_counts_and_reruns() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (dir.path().join("a.csv"), dir.path().join("b.csv"), dir.path().join("c.csv"));
    assert!(run_match(&a, 1).status.success());
    assert!(run_match(&b, 2).status.success());
    assert!(run_match(&c, 2).status.success());
    let a = std::fs::read(a).unwrap();
    assert_eq!(a, std::fs::read(b).unwrap());
    assert_eq!(a, std::fs::read(c).unwrap());
}

#[test]
fn bad_input_is_a_located_error_with_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "surname,given_name\nКим,Ольга\n").unwrap();
    let o = dualcit()
        .args(["match", "--registry"])
        .arg(&bad)
        .arg("--responses")
        .arg(fixture("responses_ru.csv"))
        .arg("--out")
        .arg(dir.path().join("m.csv"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("bad.csv:1: field 'id'"), "{stderr}");
    assert!(!dir.path().join("m.csv").exists());
}

#[test]
fn explain_prints_a_waterfall_without_personal_data() {
    let o = dualcit()
        .args(["explain", "--registry"])
        .arg(fixture("registry.csv"))
        .arg("--responses")
        .arg(fixture("responses_ru.csv"))
        .args(["KZ0003", "RU-2"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    for word in ["prior", "Surname", "Birth date", "total", "Probability"] {
        assert!(text.contains(word), "{text}");
    }
    assert!(!text.contains("Щеглова"), "{text}");
}

#[test]
fn explain_says_when_a_sex_code_is_read_as_keyed_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, resp) = (dir.path().join("r.csv"), dir.path().join("a.csv"));
    std::fs::write(&reg, "id,surname,given_name,patronymic,birth_date,sex\nK1,Ахметов,Серик,Болатович,17.05.1980,M\n").unwrap();
    // The answer's code says female; its given name and patronymic say male.
    std::fs::write(&resp, "id,surname,given_name,patronymic,birth_date,sex\nA1,Akhmetov,Serik,Bolatovich,17.05.1980,F\n").unwrap();
    let o = dualcit().args(["explain", "--registry"]).arg(&reg).arg("--responses").arg(format!("RU={}", resp.display())).args(["K1", "A1"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("read as a code keyed wrong"), "{text}");
    assert!(text.lines().any(|l| l.trim_start().starts_with("Sex") && l.contains("missing")), "{text}");
    assert!(!text.contains("sex_differs"), "{text}");
}

#[test]
fn a_weaker_record_that_contradicts_nothing_is_kept_for_review_and_a_cousins_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, resp, out) = (dir.path().join("r.csv"), dir.path().join("a.csv"), dir.path().join("m.csv"));
    std::fs::write(
        &reg,
        "id,surname,given_name,patronymic,birth_date,sex\nK1,Мельник,Александр,Владимирович,03.10.1947,M\nK2,Ахметов,Серик,Болатович,17.05.1980,M\n",
    )
    .unwrap();
    // One state's three records: the person's citizenship, a registration without the
    // father's name (the person's other record, or a namesake's), and a cousin's property.
    std::fs::write(
        &resp,
        "id,surname,given_name,patronymic,birth_date,sex\nA1,Мельник,Александр,Владимирович,03.10.1947,M\nA2,Мельник,Александр,,03.10.1947,M\nA3,Мельник,Александр,Петрович,03.10.1947,M\n",
    )
    .unwrap();
    let resp_arg = format!("RU={}", resp.display());
    let o = dualcit().args(["match", "--quiet", "--registry"]).arg(&reg).args(["--responses", &resp_arg, "--out"]).arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    let row = |id: &str| text.lines().find(|l| l.starts_with(&format!("K1,{id},"))).map(|l| l.split(',').take(7).collect::<Vec<_>>().join(","));
    assert!(row("A1").is_some_and(|r| r.ends_with(",match,")), "{text}");
    assert!(row("A2").is_some_and(|r| r.contains(",review,") && r.contains("another_record")), "{text}");
    assert_eq!(row("A3"), None, "{text}");
    let explain = |id: &str| {
        let o = dualcit().args(["explain", "--registry"]).arg(&reg).args(["--responses", &resp_arg, "K1", id]).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let a2 = explain("A2");
    assert!(a2.contains("another_record") && a2.contains("the person's other record"), "{a2}");
    let a3 = explain("A3");
    assert!(a3.contains("gave this person to answer A1") && a3.contains("contradicts the person on a field"), "{a3}");
}

#[test]
fn blocks_shows_the_largest_blocks_by_key_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("b.json");
    let run = |show: bool| {
        let mut c = dualcit();
        c.args(["blocks", "--registry"]).arg(fixture("registry.csv")).arg("--responses").arg(fixture("responses_ru.csv")).arg("--json").arg(&json);
        if show {
            c.arg("--show-data");
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (String::from_utf8_lossy(&o.stdout).into_owned(), std::fs::read_to_string(&json).unwrap())
    };
    let (text, report) = run(false);
    assert!(!text.contains("largest blocks by key") && !text.contains("Иванов"), "{text}");
    assert!(!report.contains("hot_blocks") && !report.contains("Иванов"));
    let (text, report) = run(true);
    assert!(text.contains("largest blocks by key"), "{text}");
    assert!(text.lines().any(|l| l.trim_start().starts_with("exact_date") && l.contains("birth_date 1980-05-17")), "{text}");
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert!(v["hot_blocks"].as_array().is_some_and(|b| !b.is_empty() && b[0]["example_id"].is_string()), "{report}");
}

#[test]
fn jsonl_output_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.jsonl");
    let o = dualcit()
        .args(["match", "--quiet", "--format", "jsonl", "--registry"])
        .arg(fixture("registry.csv"))
        .arg("--responses")
        .arg(fixture("responses_ru.csv"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(o.stderr.is_empty());
    let text = std::fs::read_to_string(out).unwrap();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["decision"] == "match" || v["decision"] == "review");
    }
}

#[test]
fn bench_runs_the_whole_job_and_reports_quality() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("bench.json");
    let o = dualcit()
        .args(["bench", "--registry-size", "3000", "--responses-size", "800", "--seed", "3", "--cross-profile", "--json"])
        .arg(&json)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    for word in [
        "read",
        "normalize",
        "block",
        "score",
        "decide",
        "write",
        "peak RSS",
        "F1",
        "default profile",
        "stress profile",
        "expected from the probabilities",
        "cross-profile",
    ] {
        assert!(text.contains(word), "{text}");
    }
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    for (i, profile) in ["default", "stress"].iter().enumerate() {
        let p = &v["profiles"][i];
        assert_eq!(p["profile"], *profile);
        assert!(p["evaluation"]["at_decisions"]["f1"].as_f64().unwrap() > 0.5, "{p}");
        assert!(p["link"]["candidate_pairs"].as_u64().unwrap() > 0);
        assert!(p["link"]["expected"]["match_precision"].as_f64().unwrap() > 0.9);
    }
    // Each model on each profile: four rows, the two own ones with no change.
    assert_eq!(v["cross_profile"].as_array().unwrap().len(), 4);
}

#[test]
fn generate_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        let o = dualcit()
            .args(["generate", "--registry-size", "500", "--responses-size", "100", "--seed", "9", "--out-dir"])
            .arg(dir.path().join(sub))
            .output()
            .unwrap();
        assert!(o.status.success());
    }
    for f in ["registry.csv", "truth.csv", "responses_ru.csv"] {
        assert_eq!(std::fs::read(dir.path().join("a").join(f)).unwrap(), std::fs::read(dir.path().join("b").join(f)).unwrap(), "{f}");
    }
}

#[test]
fn a_precision_target_above_the_runs_matches_raises_the_match_threshold_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let run = |target: &str, out: &Path| {
        dualcit()
            .args(["match", "--registry"])
            .arg(fixture("registry.csv"))
            .arg("--responses")
            .arg(fixture("responses_ru.csv"))
            .args(["--precision-target", target, "--out"])
            .arg(out)
            .arg("--stats")
            .arg(out.with_extension("json"))
            .output()
            .unwrap()
    };
    let rows = |out: &Path| -> Vec<(String, String, f64, String, String)> {
        let mut rdr = csv::Reader::from_path(out).unwrap();
        rdr.records().map(|r| r.unwrap()).map(|r| (r[0].to_string(), r[1].to_string(), r[3].parse().unwrap(), r[5].to_string(), r[6].to_string())).collect()
    };
    // Off, and the default: the fixture's matches are near certain, the target holds.
    let (off, def) = (dir.path().join("off.csv"), dir.path().join("def.csv"));
    assert!(run("0", &off).status.success());
    let o = run("0.995", &def);
    assert!(o.status.success());
    assert_eq!(rows(&off), rows(&def));
    assert!(!String::from_utf8_lossy(&o.stderr).contains("raised"));
    // A target above the matches' mean probability: the least certain matches go to review.
    let high = dir.path().join("high.csv");
    let o = run("0.9999999", &high);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("match threshold raised to"), "{stderr}");
    let (before, after) = (rows(&off), rows(&high));
    assert_eq!(before.len(), after.len(), "the same pairs are written");
    let stats: serde_json::Value = serde_json::from_slice(&std::fs::read(high.with_extension("json")).unwrap()).unwrap();
    let raised = stats["link"]["decisions"]["raised_match_threshold"].as_f64().expect("raised");
    let moved: Vec<_> = before.iter().zip(&after).filter(|(b, a)| b.3 != a.3).collect();
    assert!(!moved.is_empty());
    assert_eq!(stats["link"]["decisions"]["below_precision_target"].as_u64(), Some(moved.len() as u64));
    for (b, a) in &moved {
        assert_eq!((b.3.as_str(), a.3.as_str(), a.4.as_str()), ("match", "review", "below_precision_target"));
        assert!(a.2 < raised);
    }
    assert!(after.iter().filter(|r| r.3 == "match").all(|r| r.2 >= raised));
    // explain tells the same story for a pair the target moved.
    let (reg, resp) = (&moved[0].1 .0, &moved[0].1 .1);
    let o = dualcit()
        .args(["explain", "--precision-target", "0.9999999", "--registry"])
        .arg(fixture("registry.csv"))
        .arg("--responses")
        .arg(fixture("responses_ru.csv"))
        .args([reg, resp])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains(&format!("raised its match threshold to {raised:.4}")) && text.contains("Decision: review (below_precision_target"), "{text}");
}
