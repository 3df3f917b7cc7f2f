//! Private linking through the command line: `dualcit encode` on both sides,
//! `dualcit match --encoded`, and the refusals.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::fixture;

fn dualcit() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dualcit"))
}

fn secret(dir: &Path, name: &str, byte: u8) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, format!("{}\n", format!("{byte:02x}").repeat(32))).unwrap();
    p
}

fn encode(key: &Path, role: &str, input: &Path, out: &Path, country: Option<&str>) -> Output {
    encode_with(key, role, input, out, country, &[])
}

fn encode_with(key: &Path, role: &str, input: &Path, out: &Path, country: Option<&str>, extra: &[&str]) -> Output {
    let mut c = dualcit();
    c.args(["encode", "--secret-file"]).arg(key).args(["--role", role, "--out"]).arg(out).arg(input).args(extra);
    if let Some(cc) = country {
        c.args(["--country", cc]);
    }
    c.output().unwrap()
}

const ANSWERS: [(&str, Option<&str>); 4] =
    [("responses_ru.csv", None), ("responses_uz.jsonl", None), ("responses_ua.cp1251.csv", Some("UA")), ("responses_by.koi8r.csv", None)];

/// Encodes the fixtures' answers under `key` (sealed unless `extra` says otherwise);
/// returns the encoded files.
fn encode_answers(dir: &Path, key: &Path) -> Vec<PathBuf> {
    encode_answers_with(dir, key, &[])
}

fn encode_answers_with(dir: &Path, key: &Path, extra: &[&str]) -> Vec<PathBuf> {
    ANSWERS
        .iter()
        .map(|(f, cc)| {
            let out = dir.join(format!("{f}.enc.jsonl"));
            let o = encode_with(key, "answers", &fixture(f), &out, *cc, extra);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            out
        })
        .collect()
}

fn match_encoded(registry: &Path, answers: &[PathBuf], out: &Path, extra: &[&str]) -> Output {
    let mut c = dualcit();
    c.args(["match", "--encoded", "--quiet", "--registry"]).arg(registry);
    for a in answers {
        c.arg("--responses").arg(a);
    }
    c.arg("--out").arg(out).args(extra).output().unwrap()
}

fn pairs(path: &Path, decision: &str) -> Vec<(String, String)> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (a, b, d) = (col("registry_id"), col("response_id"), col("decision"));
    r.records().map(|x| x.unwrap()).filter(|x| &x[d] == decision).map(|x| (x[a].to_string(), x[b].to_string())).collect()
}

#[test]
fn encoded_exchange_links_like_plaintext_and_carries_no_names() {
    let dir = tempfile::tempdir().unwrap();
    let key = secret(dir.path(), "shared.key", 0x5a);
    let answers = encode_answers(dir.path(), &key);
    let registry = dir.path().join("registry.enc.jsonl");
    let o = encode(&key, "registry", &fixture("registry.csv"), &registry, None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // A row the plaintext reader rejects is in the rejects file, not lost.
    let rejects = std::fs::read_to_string(dir.path().join("registry.enc.rejects.csv")).unwrap();
    assert_eq!(rejects.lines().count(), 1 + 1, "{rejects}");
    // No name, no birth date in the encoded files.
    for f in std::iter::once(&registry).chain(&answers) {
        let text = std::fs::read_to_string(f).unwrap();
        for needle in ["Иванов", "IVANOV", "Ivanov", "1985", "Тоқаев"] {
            assert!(!text.contains(needle), "{} holds {needle}", f.display());
        }
    }

    // Sealed files open only with the secret.
    let o = match_encoded(&registry, &answers, &dir.path().join("nokey.csv"), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("sealed"), "{}", String::from_utf8_lossy(&o.stderr));
    let k = key.to_str().unwrap();

    let enc = dir.path().join("enc.csv");
    let o = match_encoded(&registry, &answers, &enc, &["--threads", "1", "--secret-file", k]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plain = dir.path().join("plain.csv");
    let mut c = dualcit();
    c.args(["match", "--quiet", "--registry"]).arg(fixture("registry.csv"));
    for (f, cc) in ANSWERS {
        c.arg("--responses").arg(match cc {
            Some(cc) => format!("{cc}={}", fixture(f).display()),
            None => fixture(f).display().to_string(),
        });
    }
    assert!(c.arg("--out").arg(&plain).status().unwrap().success());
    // The fixtures' automatic matches are the plaintext run's.
    let (e, p) = (pairs(&enc, "match"), pairs(&plain, "match"));
    assert!(!p.is_empty());
    assert_eq!(e, p, "encoded matches differ from plaintext");

    // The same run on two threads, and with the registry encoded on the fly: byte-identical.
    let two = dir.path().join("two.csv");
    assert!(match_encoded(&registry, &answers, &two, &["--threads", "2", "--secret-file", k]).status.success());
    assert_eq!(std::fs::read(&enc).unwrap(), std::fs::read(&two).unwrap());
    let fly = dir.path().join("fly.csv");
    let o = match_encoded(&fixture("registry.csv"), &answers, &fly, &["--secret-file", k]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read(&enc).unwrap(), std::fs::read(&fly).unwrap());

    // Unsealed files link without the secret, into the same matches.
    let open_dir = dir.path().join("unsealed");
    std::fs::create_dir(&open_dir).unwrap();
    let open_answers = encode_answers_with(&open_dir, &key, &["--unsealed"]);
    let open_registry = open_dir.join("registry.enc.jsonl");
    assert!(encode_with(&key, "registry", &fixture("registry.csv"), &open_registry, None, &["--unsealed"]).status.success());
    let open = dir.path().join("open.csv");
    let o = match_encoded(&open_registry, &open_answers, &open, &["--threads", "1"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The response_file column names the files as given: the other directory's.
    let open_matches = std::fs::read_to_string(&open).unwrap().replace(&open_dir.display().to_string(), &dir.path().display().to_string());
    assert_eq!(std::fs::read_to_string(&enc).unwrap(), open_matches);
    // A sealed file is larger (fixed-length records) and holds no unsealed field.
    let (sealed_text, open_text) = (std::fs::read_to_string(&answers[0]).unwrap(), std::fs::read_to_string(&open_answers[0]).unwrap());
    assert!(sealed_text.contains("\"sealed\":") && !sealed_text.contains("\"names\":") && open_text.contains("\"names\":"));
}

#[test]
fn another_secret_a_short_secret_and_an_overwritten_input_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (secret(dir.path(), "a.key", 1), secret(dir.path(), "b.key", 2));
    let answers = encode_answers(dir.path(), &a);
    let registry = dir.path().join("registry.enc.jsonl");
    assert!(encode(&b, "registry", &fixture("registry.csv"), &registry, None).status.success());
    // Sealed: the registry does not open under the answers' secret.
    let o = match_encoded(&registry, &answers, &dir.path().join("m.csv"), &["--secret-file", a.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("another secret") && err.contains("registry.enc.jsonl"), "{err}");
    // Unsealed: the two files' key check values differ.
    let open_answers = encode_answers_with(dir.path(), &a, &["--unsealed"]);
    assert!(encode_with(&b, "registry", &fixture("registry.csv"), &registry, None, &["--unsealed"]).status.success());
    let o = match_encoded(&registry, &open_answers, &dir.path().join("m.csv"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("another secret") && err.contains("responses_ru.csv.enc.jsonl"), "{err}");

    let short = dir.path().join("short.key");
    std::fs::write(&short, "00112233").unwrap();
    let o = encode(&short, "answers", &fixture("responses_ru.csv"), &dir.path().join("x.jsonl"), None);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("at least 256"), "{}", String::from_utf8_lossy(&o.stderr));

    let o = encode(&a, "answers", &answers[0], &answers[0], None);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));

    // A plaintext registry without --secret-file is a usage error.
    let o = match_encoded(&fixture("registry.csv"), &answers, &dir.path().join("m2.csv"), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
}
