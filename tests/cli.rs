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
