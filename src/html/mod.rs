//! The analyst's report: one self-contained HTML file (inline CSS, inline SVG
//! charts, no script, nothing fetched at view time) that says what a run read,
//! what blocking did, how the scores fall around the thresholds, what the model
//! believes, a sample of explained pairs around each threshold and — with a
//! truth file — how good the decisions are.
//!
//! Personal data (names, birth dates) appears only when
//! [`HtmlOptions::personal_data`] is set, and a banner at the top says which
//! kind of report it is. The output is deterministic: same inputs, same bytes
//! (timings are left out; a timestamp only when the caller passes one).
//!
//! Its counts come from the run's [`RunSummary`] — the same one the
//! dual-citizen report, `--stats` and the summary line state.
//!
//! ```
//! use dualcit::{render_report, HtmlOptions};
//! use dualcit::{Dataset, Linker, Model, RunSummary};
//!
//! let registry = Dataset::from_records("registry", vec![]);
//! let result = Linker::builder().build()?.link(&registry, &[])?;
//! let rows = dualcit::dual_citizens(&result.pairs, &result.countries, &registry, &[]);
//! let summary = RunSummary::new(&result, &rows, &registry, &[]);
//! let html = render_report(&result, &registry, &[], &Model::default(), &summary, None, &HtmlOptions::default());
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! # Ok::<(), dualcit::Error>(())
//! ```
//!
//! Layer (ARCHITECTURE.md, "Layers"): uses `decide`, `eval`, `explain`, `field`, `link`, `model`, `record`, `summary` and no module above it.

mod svg;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::decide::{Decision, ReviewReason, ScoredPair};
use crate::eval::{Evaluation, Scores};
use crate::explain::Explanation;
use crate::field::Field;
use crate::link::LinkResult;
use crate::model::{Model, Thresholds};
use crate::record::{Dataset, Record, RegistryRows, Sex};
use crate::summary::RunSummary;

use svg::{Bar, Histogram, Marker, PrPoint, StackRow, Step};

const CSS: &str = include_str!("report.css");

/// What goes into the report. Built from the default with one method per
/// setting: `HtmlOptions::default().personal_data(true)`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct HtmlOptions {
    /// Explained pairs shown on each side of each threshold (default 20).
    pub sample_per_threshold: usize,
    /// Show names and birth dates of the sampled pairs (default `false`:
    /// ids, comparison levels and weights only).
    pub personal_data: bool,
    /// Title of the page.
    pub title: String,
    /// Thresholds the run used, when they differ from the model's (command-line overrides).
    pub thresholds: Option<Thresholds>,
    /// Shown under the title when given (e.g. when the run was made); the
    /// report carries no clock time of its own so that it stays reproducible.
    pub generated_at: Option<String>,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            sample_per_threshold: 20,
            personal_data: false,
            title: "Dual citizenship: matching report".to_string(),
            thresholds: None,
            generated_at: None,
        }
    }
}

impl HtmlOptions {
    /// Sets the explained pairs shown on each side of each threshold.
    pub fn sample_per_threshold(mut self, n: usize) -> Self {
        self.sample_per_threshold = n;
        self
    }

    /// Shows (or hides) names and birth dates of the sampled pairs.
    pub fn personal_data(mut self, show: bool) -> Self {
        self.personal_data = show;
        self
    }

    /// Sets the page title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// States the thresholds the run used (when they differ from the model's).
    pub fn thresholds(mut self, thresholds: Thresholds) -> Self {
        self.thresholds = Some(thresholds);
        self
    }

    /// Sets the line shown under the title (e.g. when the run was made).
    pub fn generated_at(mut self, text: impl Into<String>) -> Self {
        self.generated_at = Some(text.into());
        self
    }
}

/// HTML-escapes text for element content and quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Renders the report as one HTML document; its counts are `summary`'s
/// (built from the same `result`).
pub fn render_report(
    result: &LinkResult,
    registry: &dyn RegistryRows,
    responses: &[Dataset],
    model: &Model,
    summary: &RunSummary,
    evaluation: Option<&Evaluation>,
    opts: &HtmlOptions,
) -> String {
    let mut out = String::with_capacity(256 * 1024);
    let ctx = Ctx { result, registry, responses, model, summary, evaluation, opts, thresholds: opts.thresholds.unwrap_or(model.thresholds) };
    // Writing into a String cannot fail.
    let _ = ctx.render(&mut out);
    out
}

struct Ctx<'a> {
    result: &'a LinkResult,
    registry: &'a dyn RegistryRows,
    responses: &'a [Dataset],
    model: &'a Model,
    summary: &'a RunSummary,
    evaluation: Option<&'a Evaluation>,
    opts: &'a HtmlOptions,
    thresholds: Thresholds,
}

type Out = std::fmt::Result;

fn response_record<'a>(responses: &'a [Dataset], p: &ScoredPair) -> Option<&'a Record> {
    responses.get(p.response_file as usize).and_then(|d| d.records.get(p.response as usize))
}

fn country<'a>(result: &'a LinkResult, p: &ScoredPair) -> &'a str {
    result.countries.get(p.country as usize).map_or("?", String::as_str)
}

/// `12,345`.
pub(crate) fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A probability with three significant digits and no trailing zeros: `0.5`, `0.004`, `0.0000342`.
fn share(x: f64) -> String {
    if !(x.is_finite() && x > 0.0) {
        return "0".to_string();
    }
    let decimals = (2 - x.log10().floor() as i32).clamp(1, 12) as usize;
    let s = format!("{x:.decimals$}");
    let s = s.trim_end_matches('0');
    if s.ends_with('.') {
        format!("{s}0")
    } else {
        s.to_string()
    }
}

fn pct(x: f64, decimals: usize) -> String {
    format!("{:.decimals$}%", x * 100.0)
}

/// Match weight (bits) at which the probability equals `p`.
fn weight_at(p: f64) -> f64 {
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    (p / (1.0 - p)).log2()
}

/// A reject reason without the numbers in it (line numbers, digit counts),
/// so that rows rejected for the same reason count together.
fn reason_group(text: &str) -> String {
    if text.starts_with("malformed row") {
        // The parser's message can quote the row; never show it.
        return "malformed row (bad quoting or invalid JSON)".to_string();
    }
    let mut out = String::new();
    let mut in_digits = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.push(c);
        }
    }
    out
}

fn level_help(field: Field, level: &str) -> &'static str {
    match (field, level) {
        (Field::BirthDate, "exact") => "same day",
        (Field::BirthDate, "swapped") => "day and month swapped",
        (Field::BirthDate, "one_off") => "one part off (a digit, ±1 day, month or year)",
        (Field::BirthDate, "partial") => "agree on the year (or month) one side gives",
        (_, "same") => "equal",
        (_, "exact") => "written the same",
        (_, "skeleton") => "same name in another script or romanization",
        (_, "cognate") => "equivalent name in another language",
        (_, "variant") => "known variant or short form",
        (_, "fuzzy_high") => "very similar spelling",
        (_, "fuzzy_low") => "somewhat similar spelling",
        (_, "initial") => "only the initial agrees",
        (_, "missing") => "not given on one side: no evidence",
        (_, "different") => "different",
        _ => "",
    }
}

impl Ctx<'_> {
    fn render(&self, out: &mut String) -> Out {
        let title = escape(&self.opts.title);
        writeln!(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
        writeln!(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
        writeln!(out, "<meta name=\"robots\" content=\"noindex\">\n<title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>")?;
        writeln!(out, "<header>\n<h1>{title}</h1>")?;
        if let Some(at) = &self.opts.generated_at {
            writeln!(out, "<p class=\"generated\">{}</p>", escape(at))?;
        }
        self.banner(out)?;
        writeln!(out, "<nav><a href=\"#glance\">At a glance</a><a href=\"#inputs\">Input files</a><a href=\"#blocking\">Blocking</a><a href=\"#scores\">Scores and decisions</a><a href=\"#lookalikes\">Look-alikes</a><a href=\"#quality\">Quality against the truth</a><a href=\"#model\">The model</a><a href=\"#sample\">Explained pairs</a></nav>")?;
        writeln!(out, "</header>\n<main>")?;
        self.glance(out)?;
        self.inputs(out)?;
        self.blocking(out)?;
        self.scores(out)?;
        self.lookalikes(out)?;
        self.quality(out)?;
        self.model_section(out)?;
        self.sample(out)?;
        writeln!(
            out,
            "</main>\n<footer>dualcit {} · thresholds: match at probability ≥ {}, review at ≥ {}</footer>",
            env!("CARGO_PKG_VERSION"),
            self.thresholds.match_probability,
            self.thresholds.review_probability
        )?;
        writeln!(out, "</body>\n</html>")
    }

    fn banner(&self, out: &mut String) -> Out {
        if self.opts.personal_data {
            writeln!(
                out,
                r#"<div class="banner personal" id="personal-data-banner" data-personal-data="yes"><strong>Contains personal data.</strong> The sampled pairs below show names and birth dates. Store and share this file only as the data-exchange agreement allows.</div>"#
            )
        } else {
            writeln!(
                out,
                r#"<div class="banner no-personal" id="personal-data-banner" data-personal-data="no"><strong>No names or birth dates.</strong> Sampled pairs show record ids, comparison levels and weights only.</div>"#
            )
        }
    }

    fn decisions(&self) -> (u64, u64) {
        (self.summary.matches, self.summary.reviews)
    }

    fn glance(&self, out: &mut String) -> Out {
        let s = self.summary;
        let (matches, reviews) = self.decisions();
        let rejected = s.rejected_rows;
        writeln!(out, "<section id=\"glance\">\n<h2>At a glance</h2>\n<div class=\"cards\">")?;
        let card = |out: &mut String, id: &str, value: String, label: &str, class: &str| {
            writeln!(out, r#"<div class="card {class}"><div class="value" id="{id}">{value}</div><div class="label">{label}</div></div>"#)
        };
        card(out, "glance-registry", int(s.registry_records), "registry persons", "")?;
        card(out, "glance-responses", int(s.response_records), "answers from partner states", "")?;
        card(out, "glance-persons", int(s.likely_dual_citizens), "likely dual citizens (a matched citizenship or identity-document answer)", "accent")?;
        card(out, "glance-matched", int(s.persons_matched), "registry persons with a <b>match</b> of any kind", "")?;
        card(out, "count-match", int(matches), "pairs decided <b>match</b>", "match")?;
        card(out, "count-review", int(reviews), "pairs for an officer's <b>review</b>", "review")?;
        card(out, "glance-rejected", int(rejected), "input rows rejected", if rejected > 0 { "warn" } else { "" })?;
        let x = &s.expected;
        card(out, "glance-expected-precision", pct(x.match_precision, 2), "expected precision of matches (from the probabilities, no labels)", "")?;
        card(out, "glance-expected-missed", format!("{:.0}", x.true_pairs_below_match), "expected true pairs left below match", "")?;
        if let Some(e) = self.evaluation {
            card(out, "glance-precision", pct(e.at_decisions.precision, 1), "precision of matches (truth file)", "")?;
            card(out, "glance-recall", pct(e.at_decisions.recall, 1), "recall of matches (truth file)", "")?;
        }
        writeln!(out, "</div>")?;
        writeln!(
            out,
            "<p class=\"lead\">A <b>match</b> is a registry person and a partner-state answer that very likely describe the same person (probability ≥ {}). A <b>review</b> pair is plausible but not certain (probability ≥ {}), or competes with another candidate: an officer decides. Pairs below the review threshold are not kept.</p>",
            self.thresholds.match_probability, self.thresholds.review_probability
        )?;
        if let Some(t) = self.result.stats.decisions.raised_match_threshold {
            writeln!(
                out,
                "<p class=\"lead\" id=\"raised-threshold\">This run raised its match threshold to <b>{t:.4}</b>: with the pairs below it its matches would have been less precise on average than the precision target; they are <i>review</i> (<code>below_precision_target</code>).</p>"
            )?;
        }
        writeln!(out, "</section>")
    }

    fn inputs(&self, out: &mut String) -> Out {
        writeln!(out, "<section id=\"inputs\">\n<h2>Input files</h2>")?;
        writeln!(out, "<p>Every row of every file is either used or rejected with a reason; rejected rows are listed in the rejects file.</p>")?;
        writeln!(out, "<table class=\"inputs\">\n<thead><tr><th>File</th><th>Role</th><th>Encoding</th><th class=\"num\">Rows read</th><th class=\"num\">Accepted</th><th class=\"num\">Rejected</th><th class=\"num\">Rejected share</th></tr></thead>\n<tbody>")?;
        let files: Vec<(&Dataset, &str)> = std::iter::once((self.registry.read(), "registry")).chain(self.responses.iter().map(|d| (d, "answers"))).collect();
        for (d, role) in &files {
            let s = &d.summary;
            let name = if s.file.is_empty() { &d.source } else { &s.file };
            let share = if s.read == 0 { 0.0 } else { s.rejected as f64 / s.read as f64 };
            writeln!(
                out,
                "<tr><td class=\"file\">{}</td><td>{role}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num{}\">{}</td><td class=\"num\">{}</td></tr>",
                escape(name),
                escape(&s.encoding),
                int(s.read),
                int(s.accepted),
                if s.rejected > 0 { " warn" } else { "" },
                int(s.rejected),
                pct(share, 2)
            )?;
        }
        writeln!(out, "</tbody>\n</table>")?;
        let with_rejects: Vec<&(&Dataset, &str)> = files.iter().filter(|(d, _)| !d.rejects.is_empty()).collect();
        if with_rejects.is_empty() {
            writeln!(out, "<p class=\"ok\">No row was rejected.</p>")?;
        } else {
            writeln!(out, "<h3>Why rows were rejected</h3>\n<div class=\"reject-grid\">")?;
            for (d, _) in with_rejects {
                let mut by_reason: BTreeMap<(String, &str), u64> = BTreeMap::new();
                for r in &d.rejects {
                    *by_reason.entry((reason_group(&r.reason.to_string()), r.field.unwrap_or("—"))).or_default() += 1;
                }
                let mut reasons: Vec<((String, &str), u64)> = by_reason.into_iter().collect();
                reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let name = if d.summary.file.is_empty() { &d.source } else { &d.summary.file };
                writeln!(
                    out,
                    "<div><h4>{}</h4>\n<table class=\"rejects\"><thead><tr><th class=\"num\">Rows</th><th>Field</th><th>Reason</th></tr></thead><tbody>",
                    escape(name)
                )?;
                let shown = 8;
                for ((reason, field), n) in reasons.iter().take(shown) {
                    writeln!(out, "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>", int(*n), escape(field), escape(reason))?;
                }
                if reasons.len() > shown {
                    let rest: u64 = reasons[shown..].iter().map(|(_, n)| n).sum();
                    writeln!(out, "<tr><td class=\"num\">{}</td><td></td><td>{} other reasons</td></tr>", int(rest), reasons.len() - shown)?;
                }
                writeln!(out, "</tbody></table></div>")?;
            }
            writeln!(out, "</div>")?;
        }
        writeln!(out, "</section>")
    }

    fn blocking(&self, out: &mut String) -> Out {
        let st = &self.result.stats;
        let possible = st.registry_records as f64 * st.response_records as f64;
        writeln!(out, "<section id=\"blocking\">\n<h2>Blocking: which pairs were compared</h2>")?;
        writeln!(
            out,
            "<p>Comparing every answer with every registry person would mean {} pairs. Blocking passes pick the candidates worth comparing (same birth date, swapped date, similar names …): <b>{}</b> pairs were scored, a reduction of <b id=\"reduction-ratio\">{}</b>.</p>",
            int(possible as u64),
            int(st.candidate_pairs),
            pct(st.reduction_ratio, 4)
        )?;
        writeln!(out, "<table class=\"blocking\">\n<thead><tr><th>Pass</th><th class=\"num\">Pairs</th><th class=\"num\">New pairs</th><th class=\"num\">Block-size cap</th><th class=\"num\">Pairs skipped (cap)</th><th class=\"num\">Answers that hit the cap</th><th>Largest blocks</th></tr></thead>\n<tbody>")?;
        for p in &st.passes {
            let largest: Vec<String> = p.largest_blocks.iter().take(5).map(|b| int(*b)).collect();
            writeln!(
                out,
                "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num{}\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                escape(p.pass),
                int(p.pairs),
                int(p.new_pairs),
                int(p.cap as u64),
                if p.capped_pairs > 0 { " warn" } else { "" },
                int(p.capped_pairs),
                int(p.capped_queries),
                escape(&largest.join(", "))
            )?;
        }
        writeln!(out, "</tbody>\n</table>")?;
        if st.passes.iter().any(|p| p.capped_pairs > 0) {
            writeln!(out, "<p class=\"note warn\">Some blocks were larger than their cap and were skipped (counted above); a true pair inside such a block can only be found by another pass.</p>")?;
        }
        writeln!(out, "</section>")
    }

    fn scores(&self, out: &mut String) -> Out {
        let t = self.thresholds;
        let pairs = &self.result.pairs;
        let series = |p: &ScoredPair| usize::from(p.decision != Decision::Match);
        let weights: Vec<(f64, usize)> = pairs.iter().map(|p| (p.match_weight, series(p))).collect();
        let probs: Vec<(f64, usize)> = pairs.iter().map(|p| (p.probability, series(p))).collect();
        let (wm, wr) = (weight_at(t.match_probability), weight_at(t.review_probability));
        writeln!(out, "<section id=\"scores\">\n<h2>Scores and decisions</h2>")?;
        writeln!(out, "<p>Each scored pair gets a <b>match weight</b> in bits: the sum of the evidence of every field (positive for agreement, negative for disagreement) and of the prior. The probability follows from the weight. Only pairs at or above the review threshold are kept, so the charts start there. Bars are stacked by decision: <span class=\"swatch match\"></span> match, <span class=\"swatch review\"></span> review (a pair above the match threshold is still sent to review when another candidate competes with it).</p>")?;
        writeln!(out, "<div class=\"charts\">")?;
        // One-bit bins with an edge on the match threshold.
        let min_w = weights.iter().map(|v| v.0).fold(wr, f64::min);
        let lo_w = wm - (wm - min_w).max(0.0).ceil().max(1.0);
        let hi_w = weights.iter().map(|v| v.0).fold(wm + 1.0, f64::max);
        let bins = ((hi_w - lo_w).ceil().max(1.0) as usize).clamp(5, 60);
        let span = bins as f64;
        writeln!(out, "<figure>")?;
        svg::histogram(
            out,
            &Histogram {
                class: "hist-weight",
                label: "histogram of match weights",
                x_title: "match weight (bits)",
                values: &weights,
                series: &["match", "review"],
                lo: lo_w,
                hi: lo_w + span,
                bins,
                markers: vec![
                    Marker { value: wr, label: format!("review ≥ {:.1}", wr), class: "review" },
                    Marker { value: wm, label: format!("match ≥ {:.1}", wm), class: "match" },
                ],
                x_decimals: 0,
                count_labels: false,
            },
        )?;
        writeln!(out, "<figcaption>Match weights of the {} kept pairs.</figcaption>\n</figure>", int(pairs.len() as u64))?;
        // Bins of 0.025 with an edge on the match threshold.
        let min_p = probs.iter().map(|v| v.0).fold(t.review_probability, f64::min);
        let lo_p = (t.match_probability - ((t.match_probability - min_p) / 0.025 - 1e-9).ceil().max(1.0) * 0.025).max(0.0);
        let lo_p = (lo_p * 1e9).round() / 1e9;
        let p_bins = (((1.0 - lo_p) / 0.025 - 1e-9).ceil() as usize).clamp(2, 60);
        writeln!(out, "<figure>")?;
        svg::histogram(
            out,
            &Histogram {
                class: "hist-prob",
                label: "histogram of match probabilities",
                x_title: "match probability",
                values: &probs,
                series: &["match", "review"],
                lo: lo_p,
                hi: lo_p + 0.025 * p_bins as f64,
                bins: p_bins,
                markers: vec![
                    Marker { value: t.review_probability, label: format!("review ≥ {}", t.review_probability), class: "review" },
                    Marker { value: t.match_probability, label: format!("match ≥ {}", t.match_probability), class: "match" },
                ],
                x_decimals: 2,
                count_labels: true,
            },
        )?;
        writeln!(out, "<figcaption>Match probabilities (most true pairs sit close to 1).</figcaption>\n</figure>")?;
        writeln!(out, "</div>")?;

        // Decisions.
        let (matches, reviews) = self.decisions();
        // A pair with several reasons counts under each.
        let mut reasons: BTreeMap<ReviewReason, u64> = BTreeMap::new();
        for p in pairs.iter().filter(|p| p.decision == Decision::Review) {
            for r in p.review_reason.iter() {
                *reasons.entry(r).or_default() += 1;
            }
        }
        let d = &self.result.stats.decisions;
        writeln!(out, "<div class=\"two\">\n<div>\n<h3>Decisions</h3>\n<table class=\"decisions\"><thead><tr><th>Decision</th><th class=\"num\">Pairs</th><th>Meaning</th></tr></thead><tbody>")?;
        writeln!(
            out,
            "<tr><td><span class=\"badge match\">match</span></td><td class=\"num\" id=\"decisions-match\">{}</td><td>likely the same person</td></tr>",
            int(matches)
        )?;
        writeln!(
            out,
            "<tr><td><span class=\"badge review\">review</span></td><td class=\"num\" id=\"decisions-review\">{}</td><td>an officer decides</td></tr>",
            int(reviews)
        )?;
        for (r, n) in &reasons {
            writeln!(
                out,
                "<tr class=\"sub\" data-reason=\"{}\"><td>&nbsp;&nbsp;{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                r.name(),
                escape(&r.name().replace('_', " ")),
                int(*n),
                escape(r.description())
            )?;
        }
        writeln!(out, "<tr class=\"sub\"><td>dropped by the one-to-one rule</td><td class=\"num\">{}</td><td>a clearly stronger pair took the answer, or took the person and this record contradicts the person on a field (other than a woman's surname alone)</td></tr>", int(d.superseded))?;
        writeln!(out, "</tbody></table>\n</div>")?;

        // Per answering country.
        let mut per: BTreeMap<&str, (u64, u64, u64)> = BTreeMap::new();
        for d in self.responses {
            for r in &d.records {
                per.entry(r.country.as_str()).or_default().0 += 1;
            }
        }
        for p in pairs {
            let e = per.entry(country(self.result, p)).or_default();
            if p.decision == Decision::Match {
                e.1 += 1;
            } else {
                e.2 += 1;
            }
        }
        writeln!(out, "<div>\n<h3>By answering state</h3>\n<table class=\"countries\"><thead><tr><th>State</th><th class=\"num\">Answers</th><th class=\"num\">Match</th><th class=\"num\">Review</th><th class=\"num\">Matched share</th></tr></thead><tbody>")?;
        for (c, (n, m, r)) in &per {
            let share = if *n == 0 { 0.0 } else { *m as f64 / *n as f64 };
            writeln!(
                out,
                "<tr data-country=\"{0}\"><td>{0}</td><td class=\"num\">{1}</td><td class=\"num\">{2}</td><td class=\"num\">{3}</td><td class=\"num\">{4}</td></tr>",
                escape(c),
                int(*n),
                int(*m),
                int(*r),
                pct(share, 1)
            )?;
        }
        writeln!(out, "</tbody></table>")?;
        let rows: Vec<StackRow> = per.iter().map(|(c, (_, m, r))| (c.to_string(), vec![("match", *m), ("review", *r)])).collect();
        svg::stacked_bars(out, "by-country", "pairs per answering state and decision", &rows, &[("match", "match"), ("review", "review")])?;
        writeln!(out, "</div>\n</div>\n</section>")
    }

    fn quality(&self, out: &mut String) -> Out {
        writeln!(out, "<section id=\"quality\">\n<h2>Quality against the truth</h2>")?;
        let Some(e) = self.evaluation else {
            return writeln!(out, "<p class=\"note\">No truth file was given, so precision and recall are not known for this run. Run <code>dualcit match … --truth FILE</code> with a file of known pairs (<code>registry_id,response_id</code>) to measure them.</p>\n</section>");
        };
        writeln!(
            out,
            "<p>Checked against {} known true pairs. <b>Precision</b>: of the pairs dualcit proposes, the share that are true. <b>Recall</b>: of the true pairs, the share dualcit finds. F1 balances both.</p>",
            int(e.truth_pairs)
        )?;
        writeln!(out, "<table class=\"quality\"><thead><tr><th></th><th class=\"num\">Precision</th><th class=\"num\">Recall</th><th class=\"num\">F1</th><th class=\"num\" title=\"true positives\">True pairs found</th><th class=\"num\" title=\"false positives\">Wrong pairs</th><th class=\"num\" title=\"false negatives\">True pairs missed</th></tr></thead><tbody>")?;
        let row = |out: &mut String, label: &str, id: &str, s: &Scores| {
            writeln!(
                out,
                "<tr id=\"{id}\"><td>{label}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                pct(s.precision, 2),
                pct(s.recall, 2),
                pct(s.f1, 2),
                int(s.true_positives),
                int(s.false_positives),
                int(s.false_negatives)
            )
        };
        row(out, "<span class=\"badge match\">match</span> decisions", "quality-match", &e.at_decisions)?;
        row(out, "match <i>or</i> review", "quality-match-or-review", &e.match_or_review)?;
        if let Some(c) = &e.ceiling {
            row(out, "ceiling, no contradiction", "quality-ceiling-strict", &c.without_contradiction)?;
            row(out, "ceiling, any levels", "quality-ceiling-any", &c.any)?;
        }
        writeln!(out, "</tbody></table>")?;
        if let Some(c) = &e.ceiling {
            writeln!(
                out,
                "<p class=\"note\">The <b>ceilings</b> are the best any decision seeing only the pairs' comparison levels could do on this run with hindsight: the truth picks which of the {} level combinations to accept while precision stays at least {}; <i>no contradiction</i> is the best the strict policy allows. A bar above a ceiling needs new evidence, not another threshold.</p>",
                int(c.combinations),
                pct(c.min_precision, 1)
            )?;
        }
        writeln!(out, "<div class=\"two\">\n<div>")?;
        writeln!(out, "<h3>By answering state (match decisions)</h3>\n<table class=\"quality-country\"><thead><tr><th>State</th><th class=\"num\">Precision</th><th class=\"num\">Recall</th><th class=\"num\">F1</th><th class=\"num\">Found</th><th class=\"num\">Wrong</th><th class=\"num\">Missed</th></tr></thead><tbody>")?;
        for (c, s) in &e.per_country {
            row(out, &escape(c), &format!("quality-{}", escape(c)), s)?;
        }
        writeln!(out, "</tbody></table>")?;
        writeln!(out, "<h3>If the match threshold were …</h3>\n<table class=\"sweep\"><thead><tr><th class=\"num\">Probability ≥</th><th class=\"num\">Precision</th><th class=\"num\">Recall</th><th class=\"num\">F1</th><th class=\"num\">Wrong pairs</th><th class=\"num\">Missed</th></tr></thead><tbody>")?;
        for (t, s) in &e.sweep {
            let current = (*t - self.thresholds.match_probability).abs() < 1e-12;
            writeln!(
                out,
                "<tr{}><td class=\"num\">{t}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                if current { " class=\"current\"" } else { "" },
                pct(s.precision, 2),
                pct(s.recall, 2),
                pct(s.f1, 2),
                int(s.false_positives),
                int(s.false_negatives)
            )?;
        }
        writeln!(out, "</tbody></table>\n</div>\n<figure>")?;
        let sweep: Vec<PrPoint> = e
            .sweep
            .iter()
            .map(|(t, s)| PrPoint { recall: s.recall, precision: s.precision, label: format!("probability ≥ {t}"), short: format!("{t}") })
            .collect();
        let decisions = [
            PrPoint { recall: e.at_decisions.recall, precision: e.at_decisions.precision, label: "this run: match".into(), short: String::new() },
            PrPoint { recall: e.match_or_review.recall, precision: e.match_or_review.precision, label: "match or review".into(), short: String::new() },
        ];
        svg::pr_curve(out, &sweep, &decisions)?;
        writeln!(out, "<figcaption>Precision (share of proposed pairs that are true) against recall (share of true pairs found) as the match threshold moves; small numbers are thresholds. The large dots are this run's decisions. Axes are zoomed to the range of the points.</figcaption>\n</figure>\n</div>\n</section>")
    }

    /// The look-alike calibration measured on this run (see `decide::lookalike`).
    fn lookalikes(&self, out: &mut String) -> Out {
        let cal = &self.result.stats.lookalike;
        writeln!(out, "<section id=\"lookalikes\">\n<h2>Look-alikes in these answers</h2>")?;
        writeln!(out, "<p>For each identity field, the answers whose best registry candidate agrees on the three other fields. Where both sides carry the field it agrees or contradicts; true pairs contradict it only at the model's error rate, so the excess are look-alikes (a cousin born the same day, a namesake, a twin). That share lowers the probability of a pair whose field is missing, and says how often a pair that contradicts on it is the person. The correction shows in every explanation as <i>look-alikes in these answers</i>.</p>")?;
        writeln!(out, "<table class=\"lookalikes\"><thead><tr><th>Field</th><th class=\"num\">Answers carrying it</th><th class=\"num\">Contradicting</th><th class=\"num\">Missing it</th><th class=\"num\">Look-alike share</th><th class=\"num\">p if missing</th><th class=\"num\">p if contradicting</th></tr></thead><tbody>")?;
        for f in &cal.fields {
            writeln!(
                out,
                "<tr data-field=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td></tr>",
                f.field.name(),
                f.field.label(),
                int(f.observed),
                int(f.contradicting),
                int(f.missing),
                pct(f.lookalike_share, 1),
                f.p_missing,
                f.p_contradicting
            )?;
        }
        writeln!(out, "</tbody></table>")?;
        let x = &self.result.stats.expected;
        writeln!(
            out,
            "<p id=\"expected\">From the probabilities alone: the {} <b>match</b> decisions are expected to hold {:.1} wrong pairs (precision <b>{}</b>); {:.1} true pairs are expected below <b>match</b>, {:.1} of them among the <b>review</b> pairs.</p>",
            int(x.matches),
            x.matches as f64 - x.true_matches,
            pct(x.match_precision, 2),
            x.true_pairs_below_match,
            x.true_pairs_in_review
        )?;
        writeln!(out, "</section>")
    }

    fn model_section(&self, out: &mut String) -> Out {
        writeln!(out, "<section id=\"model\">\n<h2>The model: what each kind of agreement is worth</h2>")?;
        writeln!(
            out,
            "<p>For each field and level of agreement, <b>m</b> is how often true pairs show it and <b>u</b> how often unrelated people do. The weight log<sub>2</sub>(m/u) is the evidence in bits: +10 makes a pair about 1,000 times likelier, −5 about 32 times less likely. Shared names are adjusted for how common the name is in the registry. Prior for this registry: <b>{}</b> bits.</p>",
            svg::signed(self.result.weights.prior())
        )?;
        if !self.model.description.is_empty() {
            writeln!(out, "<p class=\"note\">Model: {}</p>", escape(&self.model.description))?;
        }
        let mut bars = Vec::new();
        let mut rows = String::from("<table class=\"model\"><thead><tr><th>Field</th><th>Level</th><th>Meaning</th><th class=\"num\">m</th><th class=\"num\">u</th><th class=\"num\">Weight</th></tr></thead><tbody>\n");
        for f in Field::ALL {
            let levels = self.model.fields.get(&f);
            let names = f.levels();
            for (i, name) in names.iter().enumerate() {
                let Some(p) = levels.and_then(|l| l.get(*name)) else { continue };
                let w = if *name == "missing" { 0.0 } else { (p.m / p.u).log2() };
                let group = if i == 0 { format!("<td rowspan=\"{}\" class=\"field\">{}</td>", names.len(), f.label()) } else { String::new() };
                writeln!(
                    rows,
                    "<tr class=\"{}\">{group}<td class=\"level\">{2}</td><td class=\"meaning\">{1}</td><td class=\"num\">{3}</td><td class=\"num\">{4}</td><td class=\"num {5}\">{6}</td></tr>",
                    if i == 0 { "first" } else { "" },
                    escape(level_help(f, name)),
                    escape(&name.replace('_', " ")),
                    share(p.m),
                    share(p.u),
                    if w > 0.0 {
                        "pos"
                    } else if w < 0.0 {
                        "neg"
                    } else {
                        ""
                    },
                    svg::signed(w)
                )?;
                bars.push(Bar {
                    group: if i == 0 { f.label().to_string() } else { String::new() },
                    label: name.replace('_', " "),
                    value: w,
                    value_text: svg::signed(w),
                });
            }
        }
        writeln!(out, "<div class=\"model-grid\">\n<figure>")?;
        svg::signed_bars(
            out,
            "match-weights",
            "match weight of each field and level",
            &bars,
            "weight (bits): right = evidence for the same person, left = against",
        )?;
        writeln!(out, "<figcaption>Match weights per field and level. A missing value counts 0: absence is not evidence.</figcaption>\n</figure>")?;
        out.push_str(&rows);
        writeln!(out, "</tbody></table>\n</div>\n</section>")
    }

    /// Pairs around each threshold: the lowest-scoring ones above it and the
    /// highest-scoring ones below it, in that order, each pair shown once.
    fn sample_groups(&self) -> Vec<(String, Vec<&ScoredPair>)> {
        let n = self.opts.sample_per_threshold;
        let t = self.thresholds;
        let by_weight = |a: &&ScoredPair, b: &&ScoredPair| {
            a.match_weight.total_cmp(&b.match_weight).then((a.response_file, a.response, a.registry).cmp(&(b.response_file, b.response, b.registry)))
        };
        let mut above_match: Vec<&ScoredPair> = self.result.pairs.iter().filter(|p| p.probability >= t.match_probability).collect();
        above_match.sort_by(by_weight);
        let mut below_match: Vec<&ScoredPair> = self.result.pairs.iter().filter(|p| p.probability < t.match_probability).collect();
        below_match.sort_by(|a, b| by_weight(b, a));
        let mut above_review: Vec<&ScoredPair> = below_match.clone();
        above_review.reverse();
        let mut seen: BTreeSet<(u32, u32, u32)> = BTreeSet::new();
        fn take<'p>(seen: &mut BTreeSet<(u32, u32, u32)>, list: Vec<&'p ScoredPair>, n: usize) -> Vec<&'p ScoredPair> {
            list.into_iter().filter(|p| seen.insert((p.response_file, p.response, p.registry))).take(n).collect()
        }
        let mut groups = vec![
            (format!("Just above the match threshold ({})", t.match_probability), take(&mut seen, above_match, n)),
            (format!("Just below the match threshold ({})", t.match_probability), take(&mut seen, below_match, n)),
            (format!("Just above the review threshold ({})", t.review_probability), take(&mut seen, above_review, n)),
        ];
        for g in &mut groups {
            g.1.sort_by(|a, b| by_weight(b, a));
        }
        groups
    }

    fn sample(&self, out: &mut String) -> Out {
        let groups = self.sample_groups();
        let total: usize = groups.iter().map(|g| g.1.len()).sum();
        writeln!(out, "<section id=\"sample\" data-sample-size=\"{total}\">\n<h2>Explained pairs around the thresholds</h2>")?;
        writeln!(
            out,
            "<p>Pairs near a threshold are where decisions are hardest. Each chart starts from the prior (how unlikely any one pair is before looking at it) and adds the evidence of each field; the total decides. Dashed lines: the review and match thresholds in bits. Pairs below the review threshold are not kept by the run, so none are shown below it.{}</p>",
            if self.opts.personal_data { "" } else { " Names and birth dates are not shown in this version of the report." }
        )?;
        let (wm, wr) = (weight_at(self.thresholds.match_probability), weight_at(self.thresholds.review_probability));
        for (title, pairs) in &groups {
            writeln!(out, "<h3>{} <span class=\"count\">{} pairs</span></h3>", escape(title), pairs.len())?;
            if pairs.is_empty() {
                writeln!(out, "<p class=\"note\">No pair in this zone.</p>")?;
                continue;
            }
            writeln!(out, "<div class=\"pairs\">")?;
            for p in pairs {
                self.pair_card(out, p, wm, wr)?;
            }
            writeln!(out, "</div>")?;
        }
        writeln!(out, "</section>")
    }

    fn pair_card(&self, out: &mut String, p: &ScoredPair, wm: f64, wr: f64) -> Out {
        let resp = response_record(self.responses, p);
        let reg_id = match self.registry.id_at(p.registry) {
            "" => "?".to_string(),
            id => escape(id),
        };
        let id = |r: Option<&Record>| r.map_or_else(|| "?".to_string(), |r| escape(&r.id));
        let e = Explanation::of_pair(&self.result.weights, p);
        let pass = self.result.stats.passes.get(p.pass as usize).map_or("", |s| s.pass);
        writeln!(out, "<article class=\"pair\">\n<header><span class=\"badge {0}\">{0}</span> <span class=\"ids\"><span class=\"id\">{1}</span> ↔ <span class=\"id\">{2}</span> <span class=\"cc\">{3}</span></span></header>", p.decision.name(), reg_id, id(resp), escape(country(self.result, p)))?;
        write!(out, "<p class=\"facts\">probability <b>{:.4}</b> · weight <b>{}</b> bits", p.probability, svg::signed(p.match_weight))?;
        if !pass.is_empty() {
            write!(out, " · found by <code>{}</code>", escape(pass))?;
        }
        for r in p.review_reason.iter() {
            write!(out, " · <span class=\"reason\" title=\"{}\">{}</span>", escape(r.description()), escape(&r.name().replace('_', " ")))?;
        }
        if e.order_swapped {
            write!(out, " · names read crosswise")?;
        }
        // The registry's sex code is read to say so, not shown.
        let reg_sex = self.registry.shown_at(p.registry).and_then(|s| Sex::parse(&s[4])).unwrap_or_default();
        if let Some(note) = e.sex_code_note(reg_sex, resp.map_or(Sex::Unknown, |r| r.sex)) {
            // A constant sentence with no quote or markup in it: written as it is.
            write!(out, " · <span class=\"slip\" title=\"{note}\">sex code read as keyed wrong</span>")?;
        }
        writeln!(out, "</p>")?;
        if self.opts.personal_data {
            let shown = |r: Option<&Record>| r.map(Record::shown).unwrap_or_default();
            writeln!(out, "<table class=\"persons\"><thead><tr><th></th><th>Registry</th><th>Answer</th></tr></thead><tbody>")?;
            let labels = ["Surname", "Given name", "Patronymic", "Birth date", "Sex"];
            let reg = self.registry.shown_at(p.registry).unwrap_or_default();
            for ((label, a), b) in labels.iter().zip(reg).zip(shown(resp)) {
                writeln!(out, "<tr><th>{label}</th><td>{}</td><td>{}</td></tr>", escape(&a), escape(&b))?;
            }
            writeln!(out, "</tbody></table>")?;
        }
        let mut steps = vec![Step { label: "Prior".into(), value: e.prior }];
        steps.extend(e.fields.iter().map(|f| Step { label: format!("{} · {}", f.field.label(), f.level.replace('_', " ")), value: f.weight }));
        if e.lookalike != 0.0 {
            steps.push(Step { label: "Look-alikes in these answers".into(), value: e.lookalike });
        }
        let markers = [Marker { value: wr, label: "review".into(), class: "review" }, Marker { value: wm, label: "match".into(), class: "match" }];
        svg::waterfall(out, &steps, e.match_weight, &markers)?;
        writeln!(out, "</article>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BirthDate, Linker, Sex};

    fn person(id: &str, s: &str, g: &str, dob: &str, country: &str) -> Record {
        Record {
            id: id.into(),
            surname: s.into(),
            given_name: g.into(),
            patronymic: "Петрович".into(),
            birth_date: Some(BirthDate::parse(dob).unwrap()),
            sex: Sex::Male,
            country: country.into(),
            ..Default::default()
        }
    }

    fn run() -> (LinkResult, Dataset, Vec<Dataset>) {
        let registry = Dataset::from_records(
            "reg<1>.csv",
            vec![
                person("KZ1", "Иванов<script>", "Евгений", "17.05.1980", "KZ"),
                person("KZ2", "Сидоров", "Олег", "02.11.1975", "KZ"),
                person("KZ3", "Ахметов", "Ержан", "03.03.1990", "KZ"),
            ],
        );
        let ru = Dataset::from_records(
            "ru.csv",
            vec![
                person("RU-7", "IVANOV", "EVGENII", "1980-05-17", "RU"),
                person("RU-8", "O'Sidorov & \"Co\"", "Oleg", "1975-11-02", "RU"),
                person("RU-9", "Akhmetov", "Erzhan", "1990-03-04", "RU"),
            ],
        );
        let result = Linker::builder().build().unwrap().link(&registry, std::slice::from_ref(&ru)).unwrap();
        (result, registry, vec![ru])
    }

    fn summary_of(result: &LinkResult, registry: &Dataset, responses: &[Dataset]) -> RunSummary {
        let rows = crate::decide::report::dual_citizens(&result.pairs, &result.countries, registry, responses);
        RunSummary::new(result, &rows, registry, responses)
    }

    fn number_in(html: &str, id: &str) -> u64 {
        let start = html.find(&format!("id=\"{id}\">")).unwrap_or_else(|| panic!("{id} missing")) + id.len() + 6;
        html[start..].chars().take_while(|c| c.is_ascii_digit() || *c == ',').filter(char::is_ascii_digit).collect::<String>().parse().unwrap()
    }

    #[test]
    fn report_is_self_contained_and_counts_what_the_run_decided() {
        let (result, registry, responses) = run();
        assert!(!result.pairs.is_empty());
        let rows = result.scored_rows(&registry, &responses);
        let truth = crate::eval::Truth::from_pairs([("KZ1", "RU-7", "RU"), ("KZ2", "RU-8", "RU")].map(|(a, b, c)| (a.into(), b.into(), c.into())));
        let e = crate::eval::evaluate(&rows, &truth);
        let html =
            render_report(&result, &registry, &responses, &Model::default(), &summary_of(&result, &registry, &responses), Some(&e), &HtmlOptions::default());
        assert!(!html.contains("http://") && !html.contains("https://"), "report must not reference the network");
        assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("@import") && !html.contains("url("));
        let matches = result.pairs.iter().filter(|p| p.decision == Decision::Match).count() as u64;
        assert_eq!(number_in(&html, "decisions-match"), matches);
        assert_eq!(number_in(&html, "decisions-review"), result.pairs.len() as u64 - matches);
        assert_eq!(number_in(&html, "count-match"), result.stats.decisions.matches);
        assert_eq!(number_in(&html, "count-review"), result.stats.decisions.reviews);
        // The headline is the report's count of likely dual citizens, not of persons with any match.
        let s = summary_of(&result, &registry, &responses);
        assert_eq!(number_in(&html, "glance-persons"), s.likely_dual_citizens);
        assert_eq!(number_in(&html, "glance-matched"), s.persons_matched);
        assert!(html.contains("data-personal-data=\"no\""));
        // Without the personal-data flag no name reaches the page.
        assert!(!html.contains("Иванов") && !html.contains("IVANOV") && !html.contains("1980"));
        assert!(html.contains("KZ1") && html.contains("RU-7"));
        assert_eq!(html.matches("<svg class=\"chart waterfall\"").count(), result.pairs.len().min(60));
        assert!(html.contains("class=\"pr-curve\""));
        // The ceiling the evaluation computed is on the page, in its numbers.
        let ceiling = e.ceiling.expect("a run's rows carry their levels");
        let row_start = html.find("id=\"quality-ceiling-strict\"").expect("ceiling row");
        let found = &html[row_start..][..html[row_start..].find("</tr>").unwrap()];
        assert!(found.contains(&format!(">{}<", ceiling.without_contradiction.true_positives)), "{found}");
        // The file name is escaped too.
        assert!(html.contains("reg&lt;1&gt;.csv"));
    }

    #[test]
    fn names_are_escaped_when_personal_data_is_shown() {
        let (result, registry, responses) = run();
        let opts = HtmlOptions { personal_data: true, title: "R&D <report>".into(), ..Default::default() };
        let html = render_report(&result, &registry, &responses, &Model::default(), &summary_of(&result, &registry, &responses), None, &opts);
        assert!(html.contains("data-personal-data=\"yes\""));
        assert!(html.contains("Иванов&lt;script&gt;"), "registry name escaped");
        assert!(!html.contains("Иванов<script>"));
        assert!(html.contains("<title>R&amp;D &lt;report&gt;</title>"));
        if html.contains("O&#39;Sidorov") {
            assert!(html.contains("O&#39;Sidorov &amp; &quot;Co&quot;"));
        }
        assert!(!html.contains("\"Co\""));
        assert!(html.contains("No truth file was given"));
    }

    #[test]
    fn a_sex_code_read_as_keyed_wrong_is_said_on_the_pair_card() {
        let serik = |id: &str, s: &str, g: &str, p: &str, sex: Sex, country: &str| Record {
            id: id.into(),
            surname: s.into(),
            given_name: g.into(),
            patronymic: p.into(),
            birth_date: Some(BirthDate::parse("17.05.1980").unwrap()),
            sex,
            country: country.into(),
            ..Default::default()
        };
        let registry = Dataset::from_records("reg.csv", vec![serik("K1", "Ахметов", "Серик", "Болатович", Sex::Male, "KZ")]);
        // The answer's code says female; its given name and patronymic say male.
        let ru = Dataset::from_records("ru.csv", vec![serik("A1", "Akhmetov", "Serik", "Bolatovich", Sex::Female, "RU")]);
        let result = Linker::builder().build().unwrap().link(&registry, std::slice::from_ref(&ru)).unwrap();
        assert_eq!(result.pairs.len(), 1);
        let responses = vec![ru];
        let html = render_report(&result, &registry, &responses, &Model::default(), &summary_of(&result, &registry, &responses), None, &HtmlOptions::default());
        assert!(html.contains("sex code read as keyed wrong"), "the card says the codes differ but are read as a slip");
        assert!(!html.contains("sex differs"), "no sex_differs reason");
        // Two codes that each agree with their own record's names stay a difference, unsaid.
        let registry = Dataset::from_records("reg.csv", vec![serik("K1", "Ахметова", "Айгуль", "Болатовна", Sex::Female, "KZ")]);
        let ru = Dataset::from_records("ru.csv", vec![serik("A1", "Akhmetov", "Aidar", "Bolatovich", Sex::Male, "RU")]);
        let result = Linker::builder().build().unwrap().link(&registry, std::slice::from_ref(&ru)).unwrap();
        let responses = vec![ru];
        let html = render_report(&result, &registry, &responses, &Model::default(), &summary_of(&result, &registry, &responses), None, &HtmlOptions::default());
        assert!(!html.contains("sex code read as keyed wrong"));
    }

    #[test]
    fn output_is_deterministic() {
        let (result, registry, responses) = run();
        let a = render_report(&result, &registry, &responses, &Model::default(), &summary_of(&result, &registry, &responses), None, &HtmlOptions::default());
        let b = render_report(&result, &registry, &responses, &Model::default(), &summary_of(&result, &registry, &responses), None, &HtmlOptions::default());
        assert_eq!(a, b);
    }

    #[test]
    fn helpers() {
        assert_eq!(escape(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(int(0), "0");
        assert_eq!(int(1234567), "1,234,567");
        assert_eq!(int(100), "100");
        assert_eq!(share(0.5), "0.5");
        assert_eq!(share(0.004), "0.004");
        assert_eq!(share(1.0 / (80.0 * 365.25)), "0.0000342");
        assert_eq!(share(1.0), "1.0");
        assert_eq!(reason_group("duplicate id (first seen on line 12)"), "duplicate id (first seen on line #)");
        assert_eq!(reason_group("malformed row: invalid type: string \"Иванов\""), "malformed row (bad quoting or invalid JSON)");
        assert!((weight_at(0.5)).abs() < 1e-12);
        assert!((weight_at(0.95) - (19.0f64).log2()).abs() < 1e-9);
    }
}
