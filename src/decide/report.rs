//! The dual-citizen report: one row per registry person with matched or
//! reviewable answers — the answer the ministry actually wants.

use std::collections::BTreeMap;
use std::io::Write;

use super::{Decision, ScoredPair};
use crate::record::Dataset;

/// One registry person and the foreign answers linked to them.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DualCitizenRow {
    /// Registry id.
    pub registry_id: String,
    /// `likely_dual_citizen` when at least one pair is a match, else `review`.
    pub status: &'static str,
    /// Countries with a `match`, sorted.
    pub countries: Vec<String>,
    /// `CC:response_id` of every `match`.
    pub response_ids: Vec<String>,
    /// Countries with only `review` pairs, sorted.
    pub review_countries: Vec<String>,
    /// `CC:response_id` of every `review` pair.
    pub review_response_ids: Vec<String>,
    /// Highest probability over all of the person's pairs.
    pub max_probability: f64,
}

/// Builds the report rows, sorted by registry order.
pub fn dual_citizens(pairs: &[ScoredPair], countries: &[String], registry: &Dataset, responses: &[Dataset]) -> Vec<DualCitizenRow> {
    let mut by_person: BTreeMap<u32, Vec<&ScoredPair>> = BTreeMap::new();
    for p in pairs {
        by_person.entry(p.registry).or_default().push(p);
    }
    by_person
        .into_iter()
        .map(|(reg, mut ps)| {
            ps.sort_by(|a, b| b.probability.total_cmp(&a.probability).then((a.response_file, a.response).cmp(&(b.response_file, b.response))));
            let cc = |p: &ScoredPair| countries.get(p.country as usize).cloned().unwrap_or_default();
            let rid = |p: &ScoredPair| format!("{}:{}", cc(p), responses[p.response_file as usize].records[p.response as usize].id);
            let (m, r): (Vec<&ScoredPair>, Vec<&ScoredPair>) = ps.iter().partition(|p| p.decision == Decision::Match);
            let mut countries_m: Vec<String> = m.iter().map(|p| cc(p)).collect();
            countries_m.sort();
            countries_m.dedup();
            let mut countries_r: Vec<String> = r.iter().map(|p| cc(p)).filter(|c| !countries_m.contains(c)).collect();
            countries_r.sort();
            countries_r.dedup();
            DualCitizenRow {
                registry_id: registry.records[reg as usize].id.clone(),
                status: if m.is_empty() { "review" } else { "likely_dual_citizen" },
                response_ids: m.iter().map(|p| rid(p)).collect(),
                review_response_ids: r.iter().map(|p| rid(p)).collect(),
                countries: countries_m,
                review_countries: countries_r,
                max_probability: ps.first().map_or(0.0, |p| p.probability),
            }
        })
        .collect()
}

/// Writes the report as CSV (lists joined with `;`).
pub fn write_dual_citizens(out: &mut dyn Write, rows: &[DualCitizenRow]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["registry_id", "status", "countries", "response_ids", "review_countries", "review_response_ids", "max_probability"])?;
    for r in rows {
        w.write_record([
            r.registry_id.as_str(),
            r.status,
            &r.countries.join(";"),
            &r.response_ids.join(";"),
            &r.review_countries.join(";"),
            &r.review_response_ids.join(";"),
            &format!("{:.6}", r.max_probability),
        ])?;
    }
    w.flush()?;
    Ok(())
}
