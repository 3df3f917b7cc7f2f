//! The dual-citizen report: one row per registry person with matched or
//! reviewable answers — the answer the ministry actually wants.
//!
//! Partner states answer different questions. Only a matched answer that the
//! person holds that state's citizenship, or an identity document it issued,
//! says "dual citizen"; visas, migration registrations, property and
//! criminal or administrative records are related findings an officer needs,
//! not proof of citizenship.

use std::collections::BTreeMap;
use std::io::Write;

use super::{Decision, ScoredPair};
use crate::record::Dataset;

/// What a partner state's answer is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ResponseKind {
    /// The person holds the answering state's citizenship.
    Citizenship,
    /// The person holds an identity document (passport, ID card) the state issued.
    IdentityDocument,
    /// The person is on the state's migration registry.
    MigrationRegistration,
    /// The person holds a visa.
    Visa,
    /// The person owns property there.
    Property,
    /// The person has a criminal or administrative record.
    Liability,
    /// The answer did not say.
    Unspecified,
    /// A kind dualcit does not know, kept as written.
    Other(String),
}

impl ResponseKind {
    /// Reads a `response_kind` value; English and Russian names and common
    /// aliases are accepted (`passport` → identity document, `criminal_record`
    /// → liability, `гражданство` → citizenship …).
    pub fn parse(text: Option<&str>) -> ResponseKind {
        let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else { return ResponseKind::Unspecified };
        let key: String = t.chars().flat_map(char::to_lowercase).map(|c| if matches!(c, ' ' | '-') { '_' } else { c }).collect();
        match key.as_str() {
            "citizenship" | "citizen" | "nationality" | "гражданство" | "азаматтық" => ResponseKind::Citizenship,
            "identity_document" | "passport" | "id_card" | "identity_card" | "document" | "паспорт" | "удостоверение_личности" | "документ" => {
                ResponseKind::IdentityDocument
            }
            "migration_registration" | "migration" | "registration" | "residence_registration" | "миграционный_учет" | "миграционный_учёт" | "регистрация" => {
                ResponseKind::MigrationRegistration
            }
            "visa" | "виза" => ResponseKind::Visa,
            "property" | "real_estate" | "недвижимость" | "имущество" => ResponseKind::Property,
            "liability" | "criminal_record" | "administrative_record" | "criminal" | "administrative" | "судимость" | "ответственность" => {
                ResponseKind::Liability
            }
            _ => ResponseKind::Other(t.to_string()),
        }
    }

    /// Name used in outputs (an unknown kind as written).
    pub fn name(&self) -> &str {
        match self {
            ResponseKind::Citizenship => "citizenship",
            ResponseKind::IdentityDocument => "identity_document",
            ResponseKind::MigrationRegistration => "migration_registration",
            ResponseKind::Visa => "visa",
            ResponseKind::Property => "property",
            ResponseKind::Liability => "liability",
            ResponseKind::Unspecified => "unspecified",
            ResponseKind::Other(s) => s,
        }
    }

    /// Whether a matched answer of this kind is evidence of citizenship.
    pub fn is_citizenship_evidence(&self) -> bool {
        matches!(self, ResponseKind::Citizenship | ResponseKind::IdentityDocument)
    }
}

/// One registry person and the foreign answers linked to them.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DualCitizenRow {
    /// Registry id.
    pub registry_id: String,
    /// `likely_dual_citizen` (a matched citizenship or identity-document
    /// answer), `citizenship_unspecified` (matched answers that do not say
    /// what they are about), `related_findings_only` (matched visas,
    /// registrations, property, records), or `review` (nothing matched yet).
    pub status: &'static str,
    /// Countries whose matched answers are evidence of citizenship, sorted.
    pub citizenship_countries: Vec<String>,
    /// `CC:response_id:kind` of every matched answer that is evidence of citizenship.
    pub citizenship_evidence: Vec<String>,
    /// `CC:response_id:kind` of every other matched answer.
    pub related_findings: Vec<String>,
    /// `CC:response_id:kind` of every pair sent to review.
    pub review: Vec<String>,
    /// Highest probability over all of the person's pairs.
    pub max_probability: f64,
}

/// Builds the report rows, in registry order.
pub fn dual_citizens(pairs: &[ScoredPair], countries: &[String], registry: &dyn crate::record::RegistryRows, responses: &[Dataset]) -> Vec<DualCitizenRow> {
    let mut by_person: BTreeMap<u32, Vec<&ScoredPair>> = BTreeMap::new();
    for p in pairs {
        by_person.entry(p.registry).or_default().push(p);
    }
    by_person
        .into_iter()
        .map(|(reg, mut ps)| {
            ps.sort_by(|a, b| b.probability.total_cmp(&a.probability).then((a.response_file, a.response).cmp(&(b.response_file, b.response))));
            let mut row = DualCitizenRow {
                registry_id: registry.id_at(reg).to_string(),
                status: "review",
                citizenship_countries: Vec::new(),
                citizenship_evidence: Vec::new(),
                related_findings: Vec::new(),
                review: Vec::new(),
                max_probability: ps.first().map_or(0.0, |p| p.probability),
            };
            let mut unspecified = false;
            for p in &ps {
                let country = countries.get(p.country as usize).cloned().unwrap_or_default();
                let resp = &responses[p.response_file as usize].records[p.response as usize];
                let kind = ResponseKind::parse(resp.response_kind.as_deref());
                let label = format!("{country}:{}:{}", resp.id, kind.name());
                if p.decision != Decision::Match {
                    row.review.push(label);
                } else if kind.is_citizenship_evidence() {
                    row.citizenship_evidence.push(label);
                    row.citizenship_countries.push(country);
                } else {
                    unspecified |= kind == ResponseKind::Unspecified;
                    row.related_findings.push(label);
                }
            }
            row.citizenship_countries.sort();
            row.citizenship_countries.dedup();
            row.status = if !row.citizenship_evidence.is_empty() {
                "likely_dual_citizen"
            } else if unspecified {
                "citizenship_unspecified"
            } else if !row.related_findings.is_empty() {
                "related_findings_only"
            } else {
                "review"
            };
            row
        })
        .collect()
}

/// Writes the report as CSV (lists joined with `;`).
pub fn write_dual_citizens(out: &mut dyn Write, rows: &[DualCitizenRow]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["registry_id", "status", "citizenship_countries", "citizenship_evidence", "related_findings", "review", "max_probability"])?;
    for r in rows {
        w.write_record([
            r.registry_id.as_str(),
            r.status,
            &r.citizenship_countries.join(";"),
            &r.citizenship_evidence.join(";"),
            &r.related_findings.join(";"),
            &r.review.join(";"),
            &format!("{:.6}", r.max_probability),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Kinds found in the response files that dualcit does not know, with counts
/// (kept as written; reported so analysts can map them).
pub(crate) fn unknown_kinds(responses: &[Dataset]) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for r in responses.iter().flat_map(|d| &d.records) {
        if let ResponseKind::Other(k) = ResponseKind::parse(r.response_kind.as_deref()) {
            *out.entry(k).or_default() += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::{Comparison, N_FIELDS};
    use crate::record::Record;

    #[test]
    fn kinds_and_aliases() {
        assert_eq!(ResponseKind::parse(Some("Passport")), ResponseKind::IdentityDocument);
        assert_eq!(ResponseKind::parse(Some("ГРАЖДАНСТВО")), ResponseKind::Citizenship);
        assert_eq!(ResponseKind::parse(Some("criminal record")), ResponseKind::Liability);
        assert_eq!(ResponseKind::parse(None), ResponseKind::Unspecified);
        assert_eq!(ResponseKind::parse(Some("pension")), ResponseKind::Other("pension".into()));
        assert!(!ResponseKind::Visa.is_citizenship_evidence());
    }

    #[test]
    fn citizenship_is_evidence_and_a_visa_is_a_related_finding() {
        let rec = |id: &str, kind: &str| Record { id: id.into(), surname: "X".into(), response_kind: Some(kind.into()), ..Default::default() };
        let registry = Dataset::from_records(
            "reg",
            vec![Record { id: "K1".into(), surname: "X".into(), ..Default::default() }, Record { id: "K2".into(), surname: "Y".into(), ..Default::default() }],
        );
        let ru = Dataset::from_records("ru", vec![rec("R1", "citizenship"), rec("R2", "visa")]);
        let uz = Dataset::from_records("uz", vec![rec("U1", "visa"), rec("U2", "pension")]);
        let pair = |registry: u32, file: u32, response: u32, country: u32, decision: Decision| ScoredPair {
            registry,
            response_file: file,
            response,
            country,
            comparison: Comparison { levels: [0; N_FIELDS], order_swapped: false, tf_adjust: [0.0; 2] },
            match_weight: 10.0,
            lookalike_weight: 0.0,
            probability: 0.99,
            pass: 0,
            decision,
            review_reason: crate::decide::ReviewReasons::NONE,
        };
        let pairs =
            vec![pair(0, 0, 0, 0, Decision::Match), pair(0, 1, 0, 1, Decision::Match), pair(1, 0, 1, 0, Decision::Match), pair(1, 1, 1, 1, Decision::Review)];
        let rows = dual_citizens(&pairs, &["RU".into(), "UZ".into()], &registry, &[ru, uz.clone()]);
        assert_eq!(rows[0].status, "likely_dual_citizen");
        assert_eq!(rows[0].citizenship_countries, vec!["RU".to_string()]);
        assert_eq!(rows[0].related_findings, vec!["UZ:U1:visa".to_string()]);
        assert_eq!(rows[1].status, "related_findings_only");
        assert_eq!(rows[1].review, vec!["UZ:U2:pension".to_string()]);
        assert_eq!(unknown_kinds(&[uz]).get("pension"), Some(&1));
        let mut buf = Vec::new();
        write_dual_citizens(&mut buf, &rows).unwrap();
        assert!(String::from_utf8(buf).unwrap().starts_with("registry_id,status,citizenship_countries"));
    }
}
