//! Evaluation against a truth file: precision, recall and F1 at the output's
//! own decisions, a threshold sweep, a per-country breakdown, and a
//! calibration table (is a pair with probability 0.93 right 93% of the time?),
//! and the ceiling: the best that any decision seeing only the pairs' comparison
//! levels could do on this data ([`Ceiling`]).
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `error`, `field` and `decide` (what is
//! a contradiction), no module above them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};
use crate::field::{Comparison, Field, N_FIELDS};

/// A pair as (registry id, response id).
pub type PairKey = (String, String);

/// The true pairs, with the answering country of each.
#[derive(Clone, Debug, Default)]
pub struct Truth {
    pairs: HashSet<PairKey>,
    country: BTreeMap<PairKey, String>,
    ordered: Vec<PairKey>,
    by_response: std::collections::HashMap<String, Vec<usize>>,
}

impl Truth {
    /// Reads `registry_id,response_id[,response_country]` with a header.
    pub fn read(path: &Path) -> Result<Truth> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        Truth::from_reader(path, file)
    }

    /// Reads a truth table from any reader; `path` names it in errors.
    pub fn from_reader(path: &Path, r: impl Read) -> Result<Truth> {
        let mut t = Truth::default();
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(r);
        let headers = rdr.headers().map_err(|e| Error::format(path, Some(1), None, e.to_string()))?.clone();
        let col = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
        let reg = col("registry_id").ok_or_else(|| Error::format(path, Some(1), Some("registry_id"), "truth file needs a registry_id column"))?;
        let resp = col("response_id").ok_or_else(|| Error::format(path, Some(1), Some("response_id"), "truth file needs a response_id column"))?;
        let country = col("response_country");
        for row in rdr.records() {
            let row = row.map_err(|e| Error::format(path, e.position().map(|p| p.line()), None, e.to_string()))?;
            let line = row.position().map(|p| p.line());
            let (Some(a), Some(b)) = (row.get(reg), row.get(resp)) else {
                return Err(Error::format(path, line, None, "row is missing registry_id or response_id"));
            };
            let key = (a.trim().to_string(), b.trim().to_string());
            let c = country.and_then(|i| row.get(i)).map(|c| c.trim().to_string());
            t.insert(key, c);
        }
        Ok(t)
    }

    /// Builds a truth table in memory.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String, String)>) -> Truth {
        let mut t = Truth::default();
        for (a, b, c) in pairs {
            t.insert((a, b), Some(c));
        }
        t
    }

    fn insert(&mut self, key: PairKey, country: Option<String>) {
        if let Some(c) = country {
            self.country.insert(key.clone(), c);
        }
        if self.pairs.insert(key.clone()) {
            self.by_response.entry(key.1.clone()).or_default().push(self.ordered.len());
            self.ordered.push(key);
        }
    }

    /// Number of true pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no true pairs.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The true pairs a response record belongs to, as (registry id, response id).
    pub fn pairs_of_response<'a>(&'a self, response_id: &'a str) -> impl Iterator<Item = &'a PairKey> + 'a {
        self.by_response.get(response_id).into_iter().flatten().map(|&i| &self.ordered[i])
    }

    /// The true pairs as (registry id, response id), in file order.
    pub fn pairs(&self) -> impl Iterator<Item = &PairKey> + '_ {
        self.ordered.iter()
    }

    /// Whether a pair is true.
    pub fn contains(&self, registry_id: &str, response_id: &str) -> bool {
        self.pairs.contains(&(registry_id.to_string(), response_id.to_string()))
    }
}

/// One scored pair from a matches file (or a run: `LinkResult::scored_rows`).
#[derive(Clone, Debug, PartialEq)]
pub struct ScoredRow {
    /// Registry id.
    pub registry_id: String,
    /// Response id.
    pub response_id: String,
    /// Answering country.
    pub country: String,
    /// Match probability.
    pub probability: f64,
    /// The decision was `match`.
    pub is_match: bool,
    /// The pair's comparison levels, when known (a matches file with its `*_level`
    /// columns, or a run): what [`Evaluation::ceiling`] groups pairs by.
    pub comparison: Option<Comparison>,
}

/// Reads the leading columns of a matches CSV file.
pub fn read_matches(path: &Path) -> Result<Vec<ScoredRow>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let headers = rdr.headers().map_err(|e| Error::format(path, Some(1), None, e.to_string()))?.clone();
    let col = |name: &'static str| {
        headers.iter().position(|h| h == name).ok_or_else(|| Error::format(path, Some(1), Some(name), format!("matches file needs a {name} column")))
    };
    let (a, b, c, p, d) = (col("registry_id")?, col("response_id")?, col("response_country")?, col("probability")?, col("decision")?);
    // The level columns, when every field has one (a matches file written without the
    // explanation columns has none, and then no ceiling is computed).
    let level_cols: Option<Vec<usize>> = Field::ALL.iter().map(|f| headers.iter().position(|h| h == format!("{}_level", f.name()))).collect();
    let mut out = Vec::new();
    for row in rdr.records() {
        let row = row.map_err(|e| Error::format(path, e.position().map(|p| p.line()), None, e.to_string()))?;
        let line = row.position().map(|p| p.line());
        let get = |i: usize| row.get(i).unwrap_or("").to_string();
        let probability = get(p).parse::<f64>().map_err(|_| Error::format(path, line, Some("probability"), "not a number"))?;
        let comparison = match &level_cols {
            Some(cols) => {
                let names: Vec<&str> = cols.iter().map(|&c| row.get(c).unwrap_or("")).collect();
                Some(Comparison::from_level_names(&names).map_err(|f| {
                    let name = names[f.index()];
                    Error::format(path, line, Some(&format!("{}_level", f.name())), format!("`{name}` is not a level (known: {})", f.levels().join(", ")))
                })?)
            }
            None => None,
        };
        out.push(ScoredRow { registry_id: get(a), response_id: get(b), country: get(c), probability, is_match: get(d) == "match", comparison });
    }
    Ok(out)
}

/// Precision, recall and F1 of one set of predictions.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Scores {
    /// Predicted pairs that are true.
    pub true_positives: u64,
    /// Predicted pairs that are not true.
    pub false_positives: u64,
    /// True pairs not predicted.
    pub false_negatives: u64,
    /// TP / (TP + FP).
    pub precision: f64,
    /// TP / (TP + FN).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Scores {
    fn new(tp: u64, fp: u64, fn_: u64) -> Scores {
        let precision = if tp + fp == 0 { 1.0 } else { tp as f64 / (tp + fp) as f64 };
        let recall = if tp + fn_ == 0 { 1.0 } else { tp as f64 / (tp + fn_) as f64 };
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Scores { true_positives: tp, false_positives: fp, false_negatives: fn_, precision, recall, f1 }
    }
}

/// One bin of the calibration table.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct CalibrationBin {
    /// Lower bound of the probability bin.
    pub from: f64,
    /// Upper bound (exclusive, except for the last bin).
    pub to: f64,
    /// Pairs in the bin.
    pub pairs: u64,
    /// Mean predicted probability.
    pub mean_probability: f64,
    /// Share of the pairs that are true.
    pub true_share: f64,
}

/// Everything `dualcit evaluate` reports.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Evaluation {
    /// True pairs in the truth file.
    pub truth_pairs: u64,
    /// Pairs in the output.
    pub output_pairs: u64,
    /// Scores of the `match` decisions.
    pub at_decisions: Scores,
    /// Scores if every `review` pair were accepted too.
    pub match_or_review: Scores,
    /// Scores of `match` decisions per answering country.
    pub per_country: BTreeMap<String, Scores>,
    /// (threshold, scores of pairs with probability ≥ threshold).
    pub sweep: Vec<(f64, Scores)>,
    /// Calibration in ten probability bins.
    pub calibration: Vec<CalibrationBin>,
    /// The ceiling of decisions on the comparison levels; `None` when the rows carry no
    /// levels (a matches file without its level columns).
    pub ceiling: Option<Ceiling>,
}

/// The precision [`Ceiling`] keeps: the bar for automatic `match` decisions.
pub const CEILING_PRECISION: f64 = 0.995;

/// How far any decision that sees only each pair's comparison levels (one level per
/// field: what the engine's evidence is) could go on this data, **with hindsight**: the
/// written pairs are grouped by their levels, the truth tells each group's share of
/// true pairs, and groups are accepted from the truest down while precision stays at
/// least [`CEILING_PRECISION`]. No decision rule, threshold or model on these levels
/// does better than this on the same pairs; it is optimistic (small groups are read
/// with hindsight, the truth chooses), so a gap below it is room at most, and a bar
/// above it cannot be reached without new evidence (another field, a finer level) or
/// without giving up the precision. Pairs never written (not candidates, or below the
/// review threshold) count as missed.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Ceiling {
    /// The precision kept ([`CEILING_PRECISION`]).
    pub min_precision: f64,
    /// Distinct level combinations among the written pairs.
    pub combinations: u64,
    /// Accepting any combination.
    pub any: Scores,
    /// Accepting only combinations without a contradiction of the strict policy (another
    /// surname, a woman's changed surname, given names that differ or are only similar,
    /// another father, a date far off or outside the error model, another sex or IIN):
    /// the best the strict policy allows.
    pub without_contradiction: Scores,
}

impl Ceiling {
    fn compute(rows: &[ScoredRow], truth: &Truth) -> Option<Ceiling> {
        let mut cells: HashMap<[u8; N_FIELDS], (u64, u64)> = HashMap::new();
        for r in rows {
            let c = r.comparison.as_ref()?;
            let cell = cells.entry(c.levels).or_default();
            if truth.contains(&r.registry_id, &r.response_id) {
                cell.0 += 1;
            } else {
                cell.1 += 1;
            }
        }
        let all = truth.len() as u64;
        let best = |keep: &dyn Fn(&[u8; N_FIELDS]) -> bool| {
            let mut order: Vec<(&[u8; N_FIELDS], &(u64, u64))> = cells.iter().filter(|(k, _)| keep(k)).collect();
            // The truest first (shares compared exactly, as t1·n2 against t2·n1), the
            // larger group on a tie, then the levels: the order never depends on hashing.
            order.sort_by(|(ka, &(ta, fa)), (kb, &(tb, fb))| {
                (tb as u128 * (ta + fa) as u128).cmp(&(ta as u128 * (tb + fb) as u128)).then((tb + fb).cmp(&(ta + fa))).then(ka.cmp(kb))
            });
            let (mut tp, mut fp) = (0u64, 0u64);
            for (_, &(t, f)) in order {
                if ((tp + t) as f64) < CEILING_PRECISION * (tp + t + fp + f) as f64 {
                    break;
                }
                tp += t;
                fp += f;
            }
            Scores::new(tp, fp, all.saturating_sub(tp))
        };
        let uncontradicted =
            |levels: &[u8; N_FIELDS]| crate::decide::contradictions(&Comparison { levels: *levels, order_swapped: false, tf_adjust: [0.0; 2] }).is_empty();
        Some(Ceiling { min_precision: CEILING_PRECISION, combinations: cells.len() as u64, any: best(&|_| true), without_contradiction: best(&uncontradicted) })
    }
}

/// Scores an output against the truth.
pub fn evaluate(rows: &[ScoredRow], truth: &Truth) -> Evaluation {
    let is_true = |r: &ScoredRow| truth.contains(&r.registry_id, &r.response_id);
    let count = |pred: &dyn Fn(&ScoredRow) -> bool, subset: &dyn Fn(&ScoredRow) -> bool, truth_total: u64| {
        let (mut tp, mut fp) = (0u64, 0u64);
        for r in rows.iter().filter(|r| subset(r) && pred(r)) {
            if is_true(r) {
                tp += 1;
            } else {
                fp += 1;
            }
        }
        Scores::new(tp, fp, truth_total.saturating_sub(tp))
    };
    let all = truth.len() as u64;
    let at_decisions = count(&|r| r.is_match, &|_| true, all);
    let match_or_review = count(&|_| true, &|_| true, all);
    let mut countries: BTreeMap<String, u64> = BTreeMap::new();
    for c in truth.country.values() {
        *countries.entry(c.clone()).or_default() += 1;
    }
    for r in rows {
        countries.entry(r.country.clone()).or_default();
    }
    let per_country = countries.into_iter().map(|(c, n)| (c.clone(), count(&|r| r.is_match, &|r| r.country == c, n))).collect();
    let sweep = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999].iter().map(|&t| (t, count(&|r| r.probability >= t, &|_| true, all))).collect();
    let mut calibration = Vec::new();
    for i in 0..10 {
        let (from, to) = (i as f64 / 10.0, (i + 1) as f64 / 10.0);
        let inside: Vec<&ScoredRow> = rows.iter().filter(|r| r.probability >= from && (r.probability < to || (i == 9 && r.probability <= 1.0))).collect();
        if inside.is_empty() {
            continue;
        }
        let n = inside.len() as f64;
        calibration.push(CalibrationBin {
            from,
            to,
            pairs: inside.len() as u64,
            mean_probability: inside.iter().map(|r| r.probability).sum::<f64>() / n,
            true_share: inside.iter().filter(|r| is_true(r)).count() as f64 / n,
        });
    }
    let ceiling = Ceiling::compute(rows, truth);
    Evaluation { truth_pairs: all, output_pairs: rows.len() as u64, at_decisions, match_or_review, per_country, sweep, calibration, ceiling }
}

impl std::fmt::Display for Evaluation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = |f: &mut std::fmt::Formatter<'_>, label: &str, s: &Scores| {
            writeln!(
                f,
                "{label:<22} {:>9.4} {:>9.4} {:>9.4} {:>9} {:>9} {:>9}",
                s.precision, s.recall, s.f1, s.true_positives, s.false_positives, s.false_negatives
            )
        };
        writeln!(f, "truth pairs {}, output pairs {}", self.truth_pairs, self.output_pairs)?;
        writeln!(f, "{:<22} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}", "", "precision", "recall", "F1", "TP", "FP", "FN")?;
        line(f, "decision = match", &self.at_decisions)?;
        line(f, "match or review", &self.match_or_review)?;
        writeln!(f, "per answering country (decision = match):")?;
        for (c, s) in &self.per_country {
            line(f, &format!("  {c}"), s)?;
        }
        writeln!(f, "threshold sweep (probability >= t):")?;
        for (t, s) in &self.sweep {
            line(f, &format!("  t = {t}"), s)?;
        }
        if let Some(c) = &self.ceiling {
            writeln!(
                f,
                "ceiling (hindsight: the truth picks which of the {} level combinations to accept, precision >= {}):",
                c.combinations, c.min_precision
            )?;
            line(f, "  any combination", &c.any)?;
            line(f, "  no contradiction", &c.without_contradiction)?;
        }
        writeln!(f, "calibration:")?;
        writeln!(f, "  {:<12} {:>9} {:>12} {:>10}", "probability", "pairs", "mean p", "true share")?;
        for b in &self.calibration {
            writeln!(
                f,
                "  [{:.1}, {:.1}{} {:>9} {:>12.4} {:>10.4}",
                b.from,
                b.to,
                if b.to >= 1.0 { "]" } else { ")" },
                b.pairs,
                b.mean_probability,
                b.true_share
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(a: &str, b: &str, p: f64, m: bool) -> ScoredRow {
        ScoredRow { registry_id: a.into(), response_id: b.into(), country: "RU".into(), probability: p, is_match: m, comparison: None }
    }

    fn with_levels(mut r: ScoredRow, levels: [&str; N_FIELDS]) -> ScoredRow {
        r.comparison = Some(Comparison::from_level_names(&levels).unwrap());
        r
    }

    #[test]
    fn the_ceiling_accepts_the_truest_level_combinations_while_precision_holds() {
        const ALIKE: [&str; N_FIELDS] = ["exact", "exact", "exact", "exact", "same", "missing", "none"];
        const NO_PATRONYMIC: [&str; N_FIELDS] = ["exact", "exact", "missing", "exact", "same", "missing", "none"];
        const MARRIED: [&str; N_FIELDS] = ["changed", "exact", "exact", "exact", "same", "missing", "none"];
        let mut pairs = Vec::new();
        let mut rows = Vec::new();
        let mut add = |levels: [&str; N_FIELDS], true_pairs: usize, false_pairs: usize| {
            for i in 0..true_pairs + false_pairs {
                let (reg, resp) = (format!("{levels:?}{i}"), format!("r{levels:?}{i}"));
                if i < true_pairs {
                    pairs.push((reg.clone(), resp.clone(), "RU".to_string()));
                }
                rows.push(with_levels(row(&reg, &resp, 0.9, false), levels));
            }
        };
        // 1,000 true pairs agreeing everywhere with one namesake among them; without a
        // patronymic, 100 true and 10 cousins (9 %: below the bar); 60 married women, all true.
        add(ALIKE, 1000, 1);
        add(NO_PATRONYMIC, 100, 10);
        add(MARRIED, 60, 0);
        let mut truth = Truth::from_pairs(pairs);
        truth.insert(("never".into(), "written".into()), Some("RU".into()));
        let c = evaluate(&rows, &truth).ceiling.expect("levels known");
        assert_eq!(c.combinations, 3);
        // Any combination: the married women (share 1) and the agreeing pairs; the
        // pairs without a patronymic would take precision to 0.9902.
        assert_eq!((c.any.true_positives, c.any.false_positives, c.any.false_negatives), (1060, 1, 101));
        // Without contradictions: the married women are out.
        assert_eq!((c.without_contradiction.true_positives, c.without_contradiction.false_positives), (1000, 1));
        assert!(c.any.precision >= CEILING_PRECISION && c.without_contradiction.precision >= CEILING_PRECISION);
        assert!(evaluate(&rows, &truth).to_string().contains("no contradiction"));
        // Rows without levels: no ceiling.
        assert!(evaluate(&[row("a", "b", 0.9, true)], &truth).ceiling.is_none());
    }

    #[test]
    fn a_matches_file_gives_its_levels_and_an_unknown_level_is_located() {
        let dir = std::env::temp_dir().join(format!("dualcit-eval-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let head = "registry_id,response_id,response_country,probability,decision,surname_level,given_name_level,patronymic_level,birth_date_level,sex_level,iin_level,family_level";
        let path = dir.join("m.csv");
        std::fs::write(&path, format!("{head}\nKZ1,RU-1,RU,0.99,match,changed,exact,missing,day_off,same,missing,none\n")).unwrap();
        let rows = read_matches(&path).unwrap();
        let c = rows[0].comparison.unwrap();
        assert_eq!(c.level(Field::Surname), crate::field::SURNAME_CHANGED);
        assert_eq!(c.level(Field::BirthDate), crate::field::DateLevel::DayOff as u8);
        std::fs::write(&path, format!("{head}\nKZ1,RU-1,RU,0.99,match,exact,exact,missing,nearly,same,missing,none\n")).unwrap();
        let e = read_matches(&path).unwrap_err().to_string();
        assert!(e.contains("m.csv:2") && e.contains("'birth_date_level'") && e.contains("nearly"), "{e}");
        // Without the level columns the rows carry none.
        std::fs::write(&path, "registry_id,response_id,response_country,probability,decision\nKZ1,RU-1,RU,0.99,match\n").unwrap();
        assert!(read_matches(&path).unwrap()[0].comparison.is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn scores_at_decisions_and_sweep() {
        let truth = Truth::from_pairs([("1", "a", "RU"), ("2", "b", "RU"), ("3", "c", "RU")].map(|(a, b, c)| (a.into(), b.into(), c.into())));
        let rows = vec![row("1", "a", 0.99, true), row("2", "x", 0.97, true), row("2", "b", 0.7, false)];
        let e = evaluate(&rows, &truth);
        assert_eq!((e.at_decisions.true_positives, e.at_decisions.false_positives, e.at_decisions.false_negatives), (1, 1, 2));
        assert!((e.at_decisions.precision - 0.5).abs() < 1e-12);
        assert!((e.at_decisions.recall - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(e.match_or_review.true_positives, 2);
        let at_98 = e.sweep.iter().find(|(t, _)| *t == 0.98).unwrap().1;
        assert_eq!((at_98.true_positives, at_98.false_positives), (1, 0));
        assert_eq!(e.per_country["RU"].true_positives, 1);
        let top = e.calibration.last().unwrap();
        assert_eq!(top.pairs, 2);
        assert!((top.true_share - 0.5).abs() < 1e-12);
        assert!(e.to_string().contains("decision = match"));
    }

    #[test]
    fn truth_file_errors_are_located() {
        let e = Truth::from_reader(Path::new("t.csv"), "a,b\n1,2\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("registry_id"));
        let t = Truth::from_reader(Path::new("t.csv"), "registry_id,response_id,response_country\n1,a,RU\n".as_bytes()).unwrap();
        assert!(t.contains("1", "a"));
    }
}
