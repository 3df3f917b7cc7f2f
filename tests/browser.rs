//! The HTML report in a real browser: headless Chromium loads the file from
//! disk (no network), its DOM must hold the charts, and a screenshot is kept
//! at `target/browser-report.png` for a human to look at.
//!
//! Without `/usr/bin/chromium` the test is skipped with a note, unless
//! `DUALCIT_REQUIRE_BROWSER=1` (CI), where a missing browser is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dualcit::{read_path, ReadOptions};
use dualcit::{render_report, HtmlOptions};
use dualcit::{Decision, Linker, Model};

use crate::util::fixture;

const CHROMIUM: &str = "/usr/bin/chromium";

fn browser_required() -> bool {
    std::env::var("DUALCIT_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

/// Runs Chromium headless on `url` with `extra` flags and a fresh profile; returns stdout.
fn chromium(profile: &Path, url: &str, extra: &[String]) -> String {
    let mut cmd = Command::new(CHROMIUM);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .arg(url)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start chromium");
    // Read stdout on a thread so a large DOM cannot fill the pipe while we wait.
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).map(|_| s)
    });
    let mut stderr = child.stderr.take().expect("stderr");
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let out = reader.join().expect("stdout reader").expect("chromium stdout is UTF-8");
    let err = err_reader.join().unwrap_or_default();
    assert!(status.success(), "chromium failed ({status}): {err}");
    out
}

fn artifact_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&bytes[16..20]), be(&bytes[20..24])))
}

#[test]
fn report_renders_its_charts_in_headless_chromium() {
    if !Path::new(CHROMIUM).exists() {
        assert!(!browser_required(), "DUALCIT_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install chromium)");
        println!("note: {CHROMIUM} not found; browser test skipped (set DUALCIT_REQUIRE_BROWSER=1 to make this a failure)");
        return;
    }

    // The generated fixture: a KZ registry and five partner states, with the truth.
    let registry = read_path(&fixture("generated/registry.csv"), &ReadOptions::default().default_country("KZ")).expect("registry");
    let responses: Vec<_> = ["by", "kg", "ru", "ua", "uz"]
        .iter()
        .map(|cc| read_path(&fixture(&format!("generated/responses_{cc}.csv")), &ReadOptions::default()).expect("responses"))
        .collect();
    let model = Model::default();
    let result = Linker::builder().build().expect("linker").link(&registry, &responses).expect("link");
    let truth = dualcit::Truth::read(&fixture("generated/truth.csv")).expect("truth");
    let evaluation = dualcit::evaluate(&result.scored_rows(&registry, &responses), &truth);
    let opts = HtmlOptions::default().personal_data(true).title("dualcit report — generated test data");
    let rows = dualcit::dual_citizens(&result.pairs, &result.countries, &registry, &responses);
    let summary = dualcit::RunSummary::new(&result, &rows, &registry, &responses);
    let html = render_report(&result, &registry, &responses, &model, &summary, Some(&evaluation), &opts);
    assert!(!html.contains("http://") && !html.contains("https://"));

    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).expect("write report");
    let url = format!("file://{}", page.display());

    // 1. The DOM as the browser built it.
    let profile = tempfile::tempdir().expect("profile dir");
    let dom = chromium(profile.path(), &url, &["--dump-dom".to_string()]);
    assert!(dom.contains("id=\"personal-data-banner\""), "banner missing from the DOM");
    let count = |needle: &str| dom.matches(needle).count();
    assert_eq!(count("<svg class=\"chart histogram hist-weight\""), 1, "match-weight histogram");
    assert_eq!(count("<svg class=\"chart histogram hist-prob\""), 1, "probability histogram");
    assert!(count("class=\"hist-bar") > 0, "histogram bars");
    assert!(count("class=\"threshold match\"") >= 2, "threshold lines");
    assert_eq!(count("<svg class=\"chart bars match-weights\""), 1, "model chart");
    let levels: usize = dualcit::Field::ALL.iter().map(|f| f.levels().len()).sum();
    assert_eq!(count("class=\"weight-bar"), levels, "one bar per field level");
    assert_eq!(count("<svg class=\"chart stacked by-country\""), 1, "per-country chart");
    assert!(count("class=\"country-bar") > 0);
    assert_eq!(count("<svg class=\"chart pr\""), 1, "precision-recall chart");
    assert!(dom.contains("class=\"pr-curve\" d=\"M"), "precision-recall path");
    let sample: usize = {
        let at = dom.find("data-sample-size=\"").expect("sample section") + "data-sample-size=\"".len();
        dom[at..].split('"').next().and_then(|n| n.parse().ok()).expect("sample size")
    };
    assert!(sample > 0 && sample <= 3 * opts.sample_per_threshold);
    assert_eq!(count("<svg class=\"chart waterfall\""), sample, "one waterfall per sampled pair");
    assert_eq!(count("<article class=\"pair\""), sample);
    let matches = result.pairs.iter().filter(|p| p.decision == Decision::Match).count();
    let shown: String = {
        let at = dom.find("id=\"decisions-match\">").expect("decision count") + "id=\"decisions-match\">".len();
        dom[at..].split('<').next().unwrap_or("").chars().filter(char::is_ascii_digit).collect()
    };
    assert_eq!(shown.parse::<usize>().ok(), Some(matches));

    // 2. A screenshot for a human.
    let shot = dir.path().join("report.png");
    let profile = tempfile::tempdir().expect("profile dir");
    chromium(profile.path(), &url, &[format!("--screenshot={}", shot.display()), "--window-size=1280,4000".to_string()]);
    let png = std::fs::read(&shot).expect("screenshot written");
    assert_eq!(png_size(&png), Some((1280, 4000)), "screenshot is a 1280×4000 PNG");
    assert!(png.len() > 50_000, "screenshot is suspiciously small ({} bytes): blank page?", png.len());

    let keep = artifact_dir();
    std::fs::create_dir_all(&keep).expect("target dir");
    let kept = keep.join("browser-report.png");
    std::fs::copy(&shot, &kept).expect("copy screenshot");
    std::fs::write(keep.join("browser-report.html"), &html).expect("copy report");
    println!("screenshot: {}", kept.display());
}

/// `dualcit match --html` writes the report; names appear only with `--html-personal-data`.
#[cfg(feature = "cli")]
#[test]
fn match_writes_the_html_report_with_and_without_personal_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |html: &Path, personal: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dualcit"));
        cmd.arg("match").arg("--registry").arg(fixture("generated/registry.csv"));
        for cc in ["by", "kg", "ru", "ua", "uz"] {
            cmd.arg("--responses").arg(fixture(&format!("generated/responses_{cc}.csv")));
        }
        cmd.arg("--out").arg(dir.path().join("m.csv")).arg("--quiet").arg("--html").arg(html).arg("--truth").arg(fixture("generated/truth.csv"));
        if personal {
            cmd.arg("--html-personal-data");
        }
        let o = cmd.output().expect("run dualcit");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(html).expect("report written")
    };
    let plain = run(&dir.path().join("plain.html"), false);
    let personal = run(&dir.path().join("personal.html"), true);
    let matches = std::fs::read_to_string(dir.path().join("m.csv")).expect("matches");
    let match_rows = matches.lines().filter(|l| l.split(',').nth(5) == Some("match")).count();
    for html in [&plain, &personal] {
        assert!(html.contains("id=\"quality-match\""), "truth section");
        let at = html.find("id=\"decisions-match\">").expect("decision count") + "id=\"decisions-match\">".len();
        let shown: String = html[at..].split('<').next().unwrap_or("").chars().filter(char::is_ascii_digit).collect();
        assert_eq!(shown.parse::<usize>().ok(), Some(match_rows));
    }
    assert!(plain.contains("data-personal-data=\"no\"") && !plain.contains("<table class=\"persons\">"));
    assert!(personal.contains("data-personal-data=\"yes\"") && personal.contains("<table class=\"persons\">"));
    // A registry surname from the fixture appears only in the personal version.
    let registry = std::fs::read_to_string(fixture("generated/registry.csv")).expect("registry");
    let surnames: Vec<&str> = registry.lines().skip(1).filter_map(|l| l.split(',').nth(1)).filter(|s| s.chars().count() > 4).collect();
    assert!(surnames.iter().any(|s| personal.contains(&format!("<td>{s}</td>"))));
    assert!(!surnames.iter().any(|s| plain.contains(s)));
}
