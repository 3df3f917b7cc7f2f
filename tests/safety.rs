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
