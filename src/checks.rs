//! Checks across a run's inputs that catch likely mistakes. Each finding is
//! a [`Warning`] (file, line, column; counts, never personal data), not an
//! error: the run goes on, and the analyst reads the warning on stderr.
//! What one file says about itself (a header one slip from a known name, an
//! unknown country code) is found while reading it ([`crate::io`]).
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `eval`, `record` and no module above it.

use crate::eval::Truth;
use crate::record::{Dataset, Warning};

/// Response rows whose answering country is the registry's own: a partner
/// state answers for itself, so this is most likely a wrong `country`
/// column or `CC=` (one warning per file, with the first line).
pub fn answers_for_the_registry_country(registry_country: &str, responses: &[Dataset]) -> Vec<Warning> {
    responses
        .iter()
        .filter_map(|d| {
            let mut same = d.records.iter().filter(|r| r.country == registry_country);
            let first = same.next()?;
            let n = 1 + same.count();
            Some(Warning {
                file: d.source.clone(),
                line: Some(first.line),
                column: Some("country".into()),
                message: format!(
                    "{n} of {} answers give {registry_country}, the registry's own country, as the answering state (first on this line); check the country column or CC= of the file",
                    d.records.len()
                ),
            })
        })
        .collect()
}

/// A truth file whose ids are not among the inputs' accepted records: its
/// precision and recall would count those pairs as missed. `in_registry`
/// says whether a registry id was accepted.
pub fn truth_coverage(truth: &Truth, truth_file: &str, in_registry: &dyn Fn(&str) -> bool, responses: &[Dataset]) -> Vec<Warning> {
    if truth.is_empty() {
        return vec![Warning { file: truth_file.into(), line: None, column: None, message: "the truth file holds no pairs".into() }];
    }
    let response_ids: std::collections::HashSet<&str> = responses.iter().flat_map(|d| d.records.iter().map(|r| r.id.as_str())).collect();
    let (mut no_registry, mut no_response, mut usable) = (0u64, 0u64, 0u64);
    for (reg, resp) in truth.pairs() {
        let (a, b) = (in_registry(reg), response_ids.contains(resp.as_str()));
        no_registry += !a as u64;
        no_response += !b as u64;
        usable += (a && b) as u64;
    }
    let n = truth.len();
    let message = if usable == 0 {
        format!(
            "none of its {n} pairs is in the inputs ({no_registry} registry ids and {no_response} response ids are not among the accepted records): is it the truth for other files?"
        )
    } else if usable < n as u64 {
        format!(
            "{} of its {n} pairs name ids that are not among the accepted records ({no_registry} registry ids, {no_response} response ids); precision and recall count them as missed",
            n as u64 - usable
        )
    } else {
        return Vec::new();
    };
    vec![Warning { file: truth_file.into(), line: None, column: Some(if no_registry > 0 { "registry_id" } else { "response_id" }.into()), message }]
}

/// A training sample too small for the random pairs `dualcit train` compares
/// to estimate u: more samples than distinct registry × response pairs means
/// the same pairs are counted over and over, and u of rare levels (an exact
/// name, a same date) rests on a handful of pairs.
pub fn training_sample(registry: &Dataset, responses: &[Dataset], u_samples: usize) -> Option<Warning> {
    let answers: usize = responses.iter().map(|d| d.records.len()).sum();
    let distinct = registry.records.len() as u128 * answers as u128;
    (distinct < u_samples as u128).then(|| Warning {
        file: registry.source.clone(),
        line: None,
        column: None,
        message: format!(
            "a training sample too small for its random pairs: {u_samples} random pairs are asked for (--u-samples), but {} registry × {answers} response records make only {distinct} distinct pairs; the model's u will be noisy — train on more data or keep the shipped model",
            registry.records.len()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Record;

    fn file(name: &str, rows: &[(&str, &str)]) -> Dataset {
        Dataset::from_records(
            name,
            rows.iter().map(|(id, cc)| Record { id: (*id).into(), surname: "X".into(), country: (*cc).into(), ..Default::default() }).collect(),
        )
    }

    #[test]
    fn answers_for_the_registry_country_are_flagged() {
        let w = answers_for_the_registry_country("KZ", &[file("ru.csv", &[("1", "RU"), ("2", "KZ"), ("3", "KZ")]), file("uz.csv", &[("1", "UZ")])]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].to_string(), "ru.csv:2: column 'country': 2 of 3 answers give KZ, the registry's own country, as the answering state (first on this line); check the country column or CC= of the file");
    }

    #[test]
    fn truth_ids_missing_from_the_inputs_are_flagged() {
        let resp = [file("ru.csv", &[("R1", "RU")])];
        let truth = Truth::from_pairs([("K1", "R1"), ("K9", "R9")].map(|(a, b)| (a.into(), b.into(), "RU".into())));
        let w = truth_coverage(&truth, "t.csv", &|id| id == "K1", &resp);
        assert!(w[0].message.starts_with("1 of its 2 pairs name ids"), "{w:?}");
        let w = truth_coverage(&truth, "t.csv", &|_| false, &resp);
        assert!(w[0].message.starts_with("none of its 2 pairs"), "{w:?}");
        assert!(truth_coverage(&Truth::from_pairs([("K1".into(), "R1".into(), "RU".into())]), "t.csv", &|id| id == "K1", &resp).is_empty());
    }

    #[test]
    fn small_training_samples_are_flagged() {
        let reg = file("reg.csv", &[("1", "KZ"), ("2", "KZ")]);
        let resp = [file("ru.csv", &[("R1", "RU")])];
        assert!(training_sample(&reg, &resp, 1_000).unwrap().message.contains("only 2 distinct pairs"));
        assert!(training_sample(&reg, &resp, 2).is_none());
    }
}
