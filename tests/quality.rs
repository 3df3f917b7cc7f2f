//! Matching quality on the generated set shipped in fixtures/generated
//! (3,000 registry persons, 800 answers from five states, 401 true pairs,
//! written by `dualcit generate --seed 7`): a regression guard. The full
//! benchmark (200k × 50k) is `dualcit bench`; see the README for its figures.

use dualcit::Linker;
use dualcit::{read_path, ReadOptions};

use crate::util::fixture;

#[test]
fn generated_fixture_quality_at_default_decisions() {
    let dir = fixture("generated");
    let registry = read_path(&dir.join("registry.csv"), &ReadOptions::default()).unwrap();
    let responses: Vec<_> =
        ["ru", "ua", "by", "uz", "kg"].iter().map(|c| read_path(&dir.join(format!("responses_{c}.csv")), &ReadOptions::default()).unwrap()).collect();
    assert!(registry.rejects.is_empty() && responses.iter().all(|d| d.rejects.is_empty()));
    let result = Linker::builder().build().unwrap().link(&registry, &responses).unwrap();
    let truth = dualcit::Truth::read(&dir.join("truth.csv")).unwrap();
    let rows = result.scored_rows(&registry, &responses);
    let e = dualcit::evaluate(&rows, &truth);
    let s = e.at_decisions;
    // The strict policy sends married women and every other contradiction to review: recall at
    // `match` gives way to precision, and review keeps the rest for an officer.
    assert!(s.f1 >= 0.95 && s.recall >= 0.95 && s.precision >= 0.99, "{e}");
    assert!(e.match_or_review.recall >= 0.98, "{e}");
    // Calibration of the top bin (the 200k benchmark is within 1 point; 422 pairs here are a small sample).
    let top = e.calibration.last().unwrap();
    assert!(top.from >= 0.9 && (top.true_share - top.mean_probability).abs() <= 0.08, "{e}");
}
