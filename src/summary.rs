//! One account of a run. The matches file, the dual-citizen report, the
//! HTML report, `--stats` and the summary line all take their counts from
//! one [`RunSummary`], built once from the [`LinkResult`] and the report
//! rows, so the outputs of one run cannot contradict each other.
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `decide`, `link`, `record` and no module above it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::decide::report::{self, DualCitizenRow};
use crate::decide::Decision;
use crate::link::LinkResult;
use crate::record::{Dataset, ReadSummary};

/// Report status of a person with citizenship evidence: the headline count.
pub const LIKELY_DUAL_CITIZEN: &str = "likely_dual_citizen";

/// The counts of one run, as every output states them.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct RunSummary {
    /// Per input file, the registry first: rows read, accepted, rejected, fields blanked.
    pub inputs: Vec<ReadSummary>,
    /// Registry records linked.
    pub registry_records: u64,
    /// Response records linked.
    pub response_records: u64,
    /// Distinct candidate pairs scored.
    pub candidate_pairs: u64,
    /// Pairs written with decision `match`.
    pub matches: u64,
    /// Pairs written with decision `review`.
    pub reviews: u64,
    /// Registry persons with at least one pair decided `match`.
    pub persons_matched: u64,
    /// Registry persons in the dual-citizen report (any written pair).
    pub persons_reported: u64,
    /// Persons with a matched citizenship or identity-document answer
    /// (report status `likely_dual_citizen`): what "likely dual citizens" means in every output.
    pub likely_dual_citizens: u64,
    /// Persons in the report by status (`likely_dual_citizen`,
    /// `citizenship_unspecified`, `related_findings_only`, `review`).
    pub persons_by_status: BTreeMap<String, u64>,
    /// Input rows rejected, over all files.
    pub rejected_rows: u64,
    /// Fields blanked in kept rows, over all files.
    pub blanked_fields: u64,
    /// Response kinds dualcit does not know, with their counts.
    pub unknown_kinds: BTreeMap<String, u64>,
    /// What the probabilities say about the decisions, without labels.
    pub expected: crate::link::Expected,
}

impl RunSummary {
    /// Builds the summary from a run's result, its report rows (from
    /// [`report::dual_citizens`] on the same result) and its inputs'
    /// accounts (`registry` may be a streamed registry's read, without records).
    pub fn new(result: &LinkResult, report_rows: &[DualCitizenRow], registry: &Dataset, responses: &[Dataset]) -> RunSummary {
        let inputs: Vec<ReadSummary> = std::iter::once(registry).chain(responses).map(|d| d.summary.clone()).collect();
        let matches = result.pairs.iter().filter(|p| p.decision == Decision::Match).count() as u64;
        let persons_matched = result.pairs.iter().filter(|p| p.decision == Decision::Match).map(|p| p.registry).collect::<BTreeSet<_>>().len() as u64;
        let mut persons_by_status: BTreeMap<String, u64> = BTreeMap::new();
        for r in report_rows {
            *persons_by_status.entry(r.status.to_string()).or_default() += 1;
        }
        RunSummary {
            rejected_rows: inputs.iter().map(|s| s.rejected).sum(),
            blanked_fields: inputs.iter().map(|s| s.blanked).sum(),
            inputs,
            registry_records: result.stats.registry_records,
            response_records: result.stats.response_records,
            candidate_pairs: result.stats.candidate_pairs,
            matches,
            reviews: result.pairs.len() as u64 - matches,
            persons_matched,
            persons_reported: report_rows.len() as u64,
            likely_dual_citizens: persons_by_status.get(LIKELY_DUAL_CITIZEN).copied().unwrap_or(0),
            persons_by_status,
            unknown_kinds: report::unknown_kinds(responses),
            expected: result.stats.expected.clone(),
        }
    }
}

/// The summary line: pairs by decision, persons by what their answers say.
impl fmt::Display for RunSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} match, {} review; {} likely dual citizens (a matched citizenship or identity-document answer) among {} persons with linked answers; expected from the probabilities: match precision {:.4}, {:.1} true pairs below match",
            self.matches, self.reviews, self.likely_dual_citizens, self.persons_reported, self.expected.match_precision, self.expected.true_pairs_below_match
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BirthDate, Linker, Record, Sex};

    #[test]
    fn counts_come_from_the_result_and_the_report() {
        let person = |id: &str, s: &str, dob: &str, country: &str, kind: Option<&str>| Record {
            id: id.into(),
            surname: s.into(),
            given_name: "Олег".into(),
            patronymic: "Петрович".into(),
            birth_date: Some(BirthDate::parse(dob).unwrap()),
            sex: Sex::Male,
            country: country.into(),
            response_kind: kind.map(str::to_string),
            ..Default::default()
        };
        let registry = Dataset::from_records("reg", vec![person("K1", "Сидоров", "02.11.1975", "KZ", None), person("K2", "Ахметов", "03.03.1990", "KZ", None)]);
        let ru = Dataset::from_records(
            "ru",
            vec![person("R1", "Sidorov", "1975-11-02", "RU", Some("citizenship")), person("R2", "Akhmetov", "1990-03-03", "RU", Some("visa"))],
        );
        let responses = [ru];
        let result = Linker::builder().build().unwrap().link(&registry, &responses).unwrap();
        let rows = report::dual_citizens(&result.pairs, &result.countries, &registry, &responses);
        let s = RunSummary::new(&result, &rows, &registry, &responses);
        assert_eq!((s.matches, s.reviews), (result.stats.decisions.matches, result.stats.decisions.reviews));
        assert_eq!((s.persons_matched, s.likely_dual_citizens, s.persons_reported), (2, 1, 2));
        assert_eq!(s.persons_by_status.get("related_findings_only"), Some(&1));
        assert!(s.to_string().starts_with("2 match, 0 review; 1 likely dual citizens"), "{s}");
    }
}
