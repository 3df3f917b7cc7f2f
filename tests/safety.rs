//! Issue 15: never lose a file, never contradict itself, fail loudly on
//! unusable input — run as a user would, through the command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::fixture;

fn dualcit() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dualcit"))
}

/// A copy of the fixture registry and the Russian answers in a temporary
/// directory, so that a test may try to overwrite them.
struct Scene {
    dir: tempfile::TempDir,
    registry: PathBuf,
    ru: PathBuf,
}

impl Scene {
    fn new() -> Scene {
        let dir = tempfile::tempdir().unwrap();
        let registry = dir.path().join("registry.csv");
        let ru = dir.path().join("ru.csv");
        std::fs::copy(fixture("registry.csv"), &registry).unwrap();
        std::fs::copy(fixture("responses_ru.csv"), &ru).unwrap();
        Scene { dir, registry, ru }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `dualcit match --registry R --responses RU <args>`.
    fn run(&self, args: &[&str]) -> Output {
        dualcit().arg("match").arg("--registry").arg(&self.registry).arg("--responses").arg(&self.ru).args(args).current_dir(self.dir.path()).output().unwrap()
    }

    fn files(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The run was refused as a usage error, the inputs are intact and nothing was written.
fn refused(scene: &Scene, o: &Output, files_before: &[String], says: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    let err = stderr(o);
    assert!(err.contains(says), "{err}");
    assert_eq!(err.lines().count(), 1, "one line, said once: {err}");
    assert_eq!(std::fs::read(&scene.registry).unwrap(), std::fs::read(fixture("registry.csv")).unwrap(), "registry intact");
    assert_eq!(std::fs::read(&scene.ru).unwrap(), std::fs::read(fixture("responses_ru.csv")).unwrap(), "answers intact");
    assert_eq!(scene.files(), files_before, "nothing written");
}

#[test]
fn issue15_out_equal_to_the_registry_is_refused() {
    let s = Scene::new();
    let before = s.files();
    let o = s.run(&["--out", "registry.csv"]);
    refused(&s, &o, &before, "is the same file as --registry");
    assert!(stderr(&o).contains("refusing to overwrite an input"));
    // The same file under another spelling.
    let o = s.run(&["--out", "./sub/../registry.csv"]);
    refused(&s, &o, &before, "is the same file as --registry");
}

#[test]
fn issue15_two_outputs_on_one_file_are_refused() {
    let s = Scene::new();
    let before = s.files();
    for flag in ["--rejects", "--report", "--html", "--stats"] {
        let o = s.run(&["--out", "o.csv", flag, "o.csv"]);
        refused(&s, &o, &before, &format!("{flag} o.csv is the same file as --out o.csv"));
    }
    let o = s.run(&["--out", "o.csv", "--report", "r.csv", "--html", "r.csv"]);
    refused(&s, &o, &before, "--html r.csv is the same file as --report r.csv");
}

#[test]
fn issue15_the_default_rejects_file_counts_too() {
    let s = Scene::new();
    std::fs::copy(&s.ru, s.path("m.rejects.csv")).unwrap();
    let before = s.files();
    let o = dualcit()
        .args(["match", "--registry"])
        .arg(&s.registry)
        .args(["--responses", "m.rejects.csv", "--out", "m.csv"])
        .current_dir(s.dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("the rejects file (default of --rejects)"), "{}", stderr(&o));
    assert_eq!(s.files(), before);
}

#[cfg(unix)]
#[test]
fn issue15_outputs_that_alias_an_input_through_a_symlink_or_a_hard_link_are_refused() {
    let s = Scene::new();
    std::os::unix::fs::symlink(&s.registry, s.path("soft.csv")).unwrap();
    std::fs::hard_link(&s.ru, s.path("hard.csv")).unwrap();
    let before = s.files();
    let o = s.run(&["--out", "soft.csv"]);
    refused(&s, &o, &before, "soft.csv is the same file as --registry");
    let o = s.run(&["--out", "m.csv", "--report", "hard.csv"]);
    refused(&s, &o, &before, "--report hard.csv is the same file as --responses");
    // Two outputs that are links to one file.
    std::fs::write(s.path("old.csv"), "x").unwrap();
    std::fs::hard_link(s.path("old.csv"), s.path("old2.csv")).unwrap();
    let before = s.files();
    let o = s.run(&["--out", "old.csv", "--rejects", "old2.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(s.files(), before);
}

#[test]
fn issue15_train_and_generate_outputs_are_checked_too() {
    let s = Scene::new();
    let before = s.files();
    let o = dualcit().args(["train", "--registry"]).arg(&s.registry).arg("--responses").arg(&s.ru).arg("--out").arg(&s.ru).output().unwrap();
    refused(&s, &o, &before, "--out");
    let config = s.path("truth.csv");
    std::fs::write(&config, "{}").unwrap();
    let o = dualcit()
        .args(["generate", "--registry-size", "10", "--responses-size", "5", "--config"])
        .arg(&config)
        .arg("--out-dir")
        .arg(s.dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), "{}");
    assert!(!s.path("registry.csv.tmp").exists() && !Path::new(&s.path("responses_ru.csv")).exists());
}

/// `dualcit match` on the four fixture answer files, in a temporary directory, with extra flags.
fn fixture_match(dir: &Path, extra: &[&str]) -> Output {
    let mut c = dualcit();
    c.arg("match").arg("--registry").arg(fixture("registry.csv"));
    for f in ["responses_ru.csv", "responses_uz.jsonl", "responses_ua.cp1251.csv", "responses_by.koi8r.csv"] {
        c.arg("--responses").arg(fixture(f));
    }
    c.args(extra).current_dir(dir).output().unwrap()
}

#[test]
fn issue15_a_file_without_any_country_stops_the_run() {
    let s = Scene::new();
    std::fs::write(s.path("nocc.csv"), "id,surname,given_name,birth_date\nX1,SHCHEGLOVA,IULIIA,1985-11-23\n").unwrap();
    let before = s.files();
    let o = dualcit()
        .args(["match", "--registry"])
        .arg(&s.registry)
        .args(["--responses", "nocc.csv", "--out", "m.csv"])
        .current_dir(s.dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.starts_with("dualcit: error: nocc.csv:1: field 'country': no country for any row"), "{err}");
    assert!(err.contains("--responses CC=FILE"), "the message says the fix: {err}");
    assert_eq!(s.files(), before, "nothing written");
    // Given the country, the same file is fine.
    let o = dualcit()
        .args(["match", "--quiet", "--registry"])
        .arg(&s.registry)
        .args(["--responses", "RU=nocc.csv", "--out", "m.csv"])
        .current_dir(s.dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(s.path("m.csv")).unwrap().contains("KZ0003,X1,RU"));
}

#[test]
fn issue15_a_mostly_rejected_file_exits_3_after_writing_the_rejects() {
    let s = Scene::new();
    std::fs::write(s.path("bad.csv"), "id,surname,birth_date,country\nB1,Ким,31.02.1980,RU\nB2,Ли,32.01.1980,RU\nB3,Пак,1980,RU\n").unwrap();
    std::fs::write(s.path("m.csv"), "old matches\n").unwrap();
    let run = |extra: &[&str]| {
        dualcit()
            .args(["match", "--registry"])
            .arg(&s.registry)
            .args(["--responses", "bad.csv", "--out", "m.csv"])
            .args(extra)
            .current_dir(s.dir.path())
            .output()
            .unwrap()
    };
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("bad.csv: 2 of 3 rows rejected (67%), more than --max-reject-share 0.5"), "{err}");
    assert!(!err.contains("Ким") && !err.contains("31.02"), "no personal data: {err}");
    let rejects = std::fs::read_to_string(s.path("m.rejects.csv")).unwrap();
    assert_eq!(rejects.lines().filter(|l| l.starts_with("bad.csv,")).count(), 2, "{rejects}");
    assert_eq!(std::fs::read_to_string(s.path("m.csv")).unwrap(), "old matches\n", "the old matches stay");
    // A higher limit lets the run go on; a limit that is not a share is a usage error.
    assert!(run(&["--max-reject-share", "0.8"]).status.success());
    assert_ne!(std::fs::read_to_string(s.path("m.csv")).unwrap(), "old matches\n");
    assert_eq!(run(&["--max-reject-share", "2"]).status.code(), Some(2));
}

/// A number written as `<… id="ID">N<…` in the HTML report.
fn html_number(html: &str, id: &str) -> u64 {
    let start = html.find(&format!("id=\"{id}\">")).unwrap_or_else(|| panic!("{id} missing")) + id.len() + 6;
    html[start..].chars().take_while(|c| c.is_ascii_digit() || *c == ',').filter(char::is_ascii_digit).collect::<String>().parse().unwrap()
}

#[test]
fn issue15_every_output_of_a_run_states_the_same_counts() {
    let dir = tempfile::tempdir().unwrap();
    let o = fixture_match(dir.path(), &["--out", "m.csv", "--report", "r.csv", "--html", "r.html", "--stats", "s.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
    let matches = read("m.csv");
    let decisions: Vec<&str> = matches.lines().skip(1).map(|l| l.split(',').nth(5).unwrap()).collect();
    let (m, r) = (decisions.iter().filter(|d| **d == "match").count() as u64, decisions.iter().filter(|d| **d == "review").count() as u64);
    let report = read("r.csv");
    let likely = report.lines().filter(|l| l.split(',').nth(1) == Some("likely_dual_citizen")).count() as u64;
    let persons = report.lines().count() as u64 - 1;
    let stats: serde_json::Value = serde_json::from_str(&read("s.json")).unwrap();
    let sum = &stats["summary"];
    let html = read("r.html");
    // RU-4 names another father than KZ0012 beside an agreeing name and date: review (patronymic_differs).
    assert_eq!((m, r), (11, 5), "the fixtures' decisions");
    assert_eq!(likely, 3, "only citizenship or identity-document evidence makes a likely dual citizen (RU-4 is a review now)");
    for (what, got) in [
        ("stats matches", sum["matches"].as_u64().unwrap()),
        ("html count-match", html_number(&html, "count-match")),
        ("html decisions-match", html_number(&html, "decisions-match")),
    ] {
        assert_eq!(got, m, "{what}");
    }
    assert_eq!(sum["reviews"].as_u64().unwrap(), r);
    assert_eq!(html_number(&html, "count-review"), r);
    assert_eq!(sum["likely_dual_citizens"].as_u64().unwrap(), likely);
    assert_eq!(html_number(&html, "glance-persons"), likely, "the HTML headline is the report's count");
    assert_eq!(sum["persons_reported"].as_u64().unwrap(), persons);
    assert_eq!(html_number(&html, "glance-rejected"), sum["rejected_rows"].as_u64().unwrap());
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "{m} match, {r} review; {likely} likely dual citizens (a matched citizenship or identity-document answer) among {persons} persons"
        )),
        "{err}"
    );
}

fn explain(args: &[&str]) -> Output {
    let mut c = dualcit();
    c.arg("explain").arg("--registry").arg(fixture("registry.csv"));
    for f in ["responses_ru.csv", "responses_uz.jsonl", "responses_ua.cp1251.csv", "responses_by.koi8r.csv"] {
        c.arg("--responses").arg(fixture(f));
    }
    c.args(args).output().unwrap()
}

#[test]
fn issue15_explain_decides_as_match_does() {
    let dir = tempfile::tempdir().unwrap();
    assert!(fixture_match(dir.path(), &["--quiet", "--out", "m.csv"]).status.success());
    let matches = std::fs::read_to_string(dir.path().join("m.csv")).unwrap();
    for line in matches.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let o = explain(&[cells[0], cells[1]]);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = String::from_utf8_lossy(&o.stdout);
        let want = if cells[6].is_empty() { format!("Decision: {} — written", cells[5]) } else { format!("Decision: {} ({}:", cells[5], cells[6]) };
        assert!(text.contains(&want), "{line}\n{text}");
        assert!(text.contains("looked up in a full run"), "{text}");
    }
    // The pair the issue names: scored alone it is a match; the run sends it to review.
    let text = String::from_utf8_lossy(&explain(&["KZ0002", "RU-1"]).stdout).into_owned();
    assert!(text.contains("Decision: review (competing_registry_candidate"), "{text}");
    // A rejected id, a pair never brought together, an unknown id.
    let text = String::from_utf8_lossy(&explain(&["KZ0018", "RU-2"]).stdout).into_owned();
    assert!(text.contains("Registry id KZ0018 was rejected at line 19 of") && text.contains("invalid birth date"), "{text}");
    let text = String::from_utf8_lossy(&explain(&["KZ0003", "RU-3"]).stdout).into_owned();
    assert!(text.contains("Response id RU-3 was rejected at line 4"), "{text}");
    let text = String::from_utf8_lossy(&explain(&["KZ0001", "RU-2"]).stdout).into_owned();
    assert!(text.contains("Never a candidate: no blocking pass brings these two records together"), "{text}");
    let o = explain(&["KZ9999", "RU-2"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("registry id KZ9999 is not in"), "{}", stderr(&o));
}

#[test]
fn issue15_explain_says_when_a_pair_is_below_the_review_threshold() {
    // KZ0002 and RU-1 agree in everything, and so do KZ0020 and RU-1 (the registry holds
    // the person twice): with a review threshold of 1 neither is written.
    let o = explain(&["--review-threshold", "1", "--match-threshold", "1", "KZ0002", "RU-1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Not written: the probability is below the review threshold 1"), "{text}");
    assert!(text.contains("it contradicts the person on nothing, but it is not the answer's only candidate"), "{text}");
    // KZ0003 is RU-2's only candidate and contradicts it on nothing: written for review.
    let o = explain(&["--review-threshold", "1", "--match-threshold", "1", "KZ0003", "RU-2"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Decision: review (below_match_threshold+only_candidate"), "{text}");
}

#[test]
fn issue15_help_lists_the_passes_the_code_runs() {
    let o = dualcit().args(["match", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&o.stdout);
    let default: Vec<&str> = dualcit::DEFAULT_PASSES.iter().map(|p| p.name()).collect();
    assert_eq!(default.len(), dualcit::BlockingPass::names().len(), "every pass runs by default");
    assert!(help.contains(&default.join(",")), "{help}");
    for flag in ["--on-bad-field", "--on-bad-date", "--max-reject-share"] {
        assert!(help.contains(flag), "{help}");
    }
    assert!(help.contains(&dualcit::DEFAULT_MAX_REJECT_SHARE.to_string()), "{help}");
}

#[test]
fn issue15_likely_mistakes_are_warned_about_without_personal_data() {
    let s = Scene::new();
    std::fs::write(
        s.path("odd.csv"),
        "id,surnme,given_name,birth_date,sex,country\nO1,SHCHEGLOVA,IULIIA,1985-11-23,F,XX\nO2,IVANOV,EVGENII,1980-05-17,M,KZ\nO3,KIM,OLGA,1970-12-12,F,RU\n",
    )
    .unwrap();
    std::fs::write(s.path("truth.csv"), "registry_id,response_id\nQ1,Q2\n").unwrap();
    let o = dualcit()
        .args(["match", "--quiet", "--registry"])
        .arg(&s.registry)
        .args(["--responses", "odd.csv", "--out", "m.csv", "--html", "r.html", "--truth", "truth.csv"])
        .current_dir(s.dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for want in [
        "dualcit: warning: odd.csv:1: column 'surnme': not a column dualcit reads, so it is carried as an extra column and the records have no surname; did you mean 'surname'?",
        "dualcit: warning: odd.csv:2: column 'country': 'XX' is not an ISO 3166-1 country code (1 rows",
        "dualcit: warning: odd.csv:3: column 'country': 1 of 3 answers give KZ, the registry's own country",
        "dualcit: warning: truth.csv: column 'registry_id': none of its 1 pairs is in the inputs",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    for personal in ["SHCHEGLOVA", "IVANOV", "1985", "O1"] {
        assert!(!err.contains(personal), "{personal} in\n{err}");
    }
    // `--threads 0` is refused as a usage error.
    let o = s.run(&["--out", "m2.csv", "--threads", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("must be at least 1"), "{}", stderr(&o));
    // …and by `bench`, before it generates anything.
    let o = dualcit().args(["bench", "--threads", "0"]).current_dir(s.dir.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("must be at least 1"), "{}", stderr(&o));
    // A training sample too small for its random pairs.
    let o = dualcit()
        .args(["train", "--registry"])
        .arg(&s.registry)
        .arg("--responses")
        .arg(&s.ru)
        .args(["--out", "model.json"])
        .current_dir(s.dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("a training sample too small for its random pairs"), "{}", stderr(&o));
}

#[test]
fn issue15_one_bad_field_keeps_the_person() {
    let s = Scene::new();
    // KZ0003 (who answers as RU-2) gets an IIN with a wrong check digit and sex `Q`.
    let text = std::fs::read_to_string(&s.registry)
        .unwrap()
        .replace("KZ0003,Щеглова,Юлия,Сергеевна,23.11.1985,Ж,,", "KZ0003,Щеглова,Юлия,Сергеевна,23.11.1985,Q,851123400001,");
    std::fs::write(&s.registry, text).unwrap();
    let o = s.run(&["--out", "m.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = std::fs::read_to_string(s.path("m.csv")).unwrap();
    assert!(m.lines().any(|l| l.starts_with("KZ0003,RU-2,RU,") && l.contains(",match,")), "{m}");
    let rejects = std::fs::read_to_string(s.path("m.rejects.csv")).unwrap();
    let notes: Vec<&str> = rejects.lines().filter(|l| l.contains("field blanked, row kept")).collect();
    assert_eq!(notes.len(), 2, "{rejects}");
    assert!(notes[0].contains(",4,sex,") && notes[1].contains(",4,iin,"), "{rejects}");
    assert!(stderr(&o).contains("registry.csv: read 25, accepted 24, rejected 1, fields blanked 2"), "{}", stderr(&o));
    // Asked to reject, the person is lost again, as before.
    let o = s.run(&["--out", "m.csv", "--on-bad-field", "reject"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!std::fs::read_to_string(s.path("m.csv")).unwrap().contains("KZ0003,RU-2"));
    assert!(stderr(&o).contains("registry.csv: read 25, accepted 23, rejected 2, fields blanked 0"), "{}", stderr(&o));
}

#[test]
fn issue15_os_errors_are_said_once_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let o = dualcit().args(["match", "--registry", "missing.csv", "--responses", "ru.csv", "--out", "m.csv"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "dualcit: error: missing.csv: no such file or directory\n");
}

#[test]
fn issue15_jsonl_output_keeps_the_column_order_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    assert!(fixture_match(dir.path(), &["--quiet", "--out", "m.csv"]).status.success());
    assert!(fixture_match(dir.path(), &["--quiet", "--format", "jsonl", "--out", "m.jsonl"]).status.success());
    let csv_text = std::fs::read_to_string(dir.path().join("m.csv")).unwrap();
    let header: Vec<&str> = csv_text.lines().next().unwrap().split(',').collect();
    let jsonl = std::fs::read_to_string(dir.path().join("m.jsonl")).unwrap();
    let first = jsonl.lines().next().unwrap();
    // Keys in the order they are written: parse the line key by key.
    let mut keys = Vec::new();
    let mut de = serde_json::Deserializer::from_str(first);
    struct Keys<'a>(&'a mut Vec<String>);
    impl<'de> serde::de::Visitor<'de> for Keys<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some((k, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                self.0.push(k);
            }
            Ok(())
        }
    }
    serde::Deserializer::deserialize_map(&mut de, Keys(&mut keys)).unwrap();
    assert_eq!(keys, header, "JSON Lines keys follow the CSV columns");
    let v: serde_json::Value = serde_json::from_str(first).unwrap();
    assert!(v["probability"].is_f64() && v["match_weight"].is_f64() && v["surname_weight"].is_f64() && v["prior_weight"].is_f64(), "{first}");
    assert!(v["response_line"].is_u64(), "{first}");
    assert!(v["registry_id"].is_string() && v["decision"].is_string() && v["registry.district"].is_string(), "{first}");
}

#[cfg(unix)]
#[test]
fn issue15_outputs_stay_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    assert!(fixture_match(dir.path(), &["--quiet", "--out", "m.csv", "--report", "r.csv", "--html", "r.html", "--stats", "s.json"]).status.success());
    for f in ["m.csv", "m.rejects.csv", "r.csv", "r.html", "s.json"] {
        assert_eq!(std::fs::metadata(dir.path().join(f)).unwrap().permissions().mode() & 0o777, 0o600, "{f}");
    }
}
