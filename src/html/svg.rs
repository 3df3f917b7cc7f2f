//! Inline SVG charts drawn in Rust: no script, no external resource, the
//! same bytes for the same input. Every chart is an `<svg>` with a class the
//! stylesheet colours and the browser test counts.

use std::fmt::Write;

use super::escape;

/// A vertical line across a chart at `value`, labelled.
pub(crate) struct Marker {
    pub value: f64,
    pub label: String,
    /// CSS class: `match` or `review`.
    pub class: &'static str,
}

/// A histogram of `values` over `[lo, hi]` in `bins` equal bins, each bar
/// stacked by series (the decision). Choose `lo` so that the match threshold
/// falls on a bin edge.
pub(crate) struct Histogram<'a> {
    /// Extra class of the `<svg>` (`hist-weight`, `hist-prob`).
    pub class: &'a str,
    /// Accessible label of the chart.
    pub label: &'a str,
    /// Axis title under the x axis.
    pub x_title: &'a str,
    /// (value, index into `series`).
    pub values: &'a [(f64, usize)],
    /// CSS class of each series, stacked bottom-up in this order (`match`, `review`).
    pub series: &'a [&'a str],
    pub lo: f64,
    pub hi: f64,
    pub bins: usize,
    /// Thresholds, drawn as lines.
    pub markers: Vec<Marker>,
    /// Decimals of the x tick labels.
    pub x_decimals: usize,
    /// Write each bar's count above it (small counts next to a tall bar stay readable).
    pub count_labels: bool,
}

/// Ticks at 1, 2 or 5 × 10^k covering `[lo, hi]` with about `target` steps.
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let first = (lo / step).ceil();
    let last = (hi / step).floor();
    let mut ticks = Vec::new();
    let mut k = first;
    while k <= last + 1e-9 && ticks.len() < 100 {
        // Avoid "-0" and float dust in labels.
        let v = k * step;
        ticks.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        k += 1.0;
    }
    ticks
}

fn num(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    // "-0.0" reads as a bug to a non-engineer.
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// Draws a histogram; returns the SVG and the number of non-empty bars.
pub(crate) fn histogram(out: &mut String, h: &Histogram<'_>) -> std::fmt::Result {
    let (w, ht) = (640.0, 280.0);
    let (ml, mr, mt, mb) = (56.0, 20.0, 40.0, 48.0);
    let (pw, ph) = (w - ml - mr, ht - mt - mb);
    let bins = h.bins.max(1);
    let span = (h.hi - h.lo).max(f64::EPSILON);
    let n_series = h.series.len().max(1);
    let mut counts = vec![vec![0u64; n_series]; bins];
    for &(v, series) in h.values {
        if !v.is_finite() {
            continue;
        }
        let i = (((v - h.lo) / span) * bins as f64).floor();
        let i = if i < 0.0 { 0 } else { (i as usize).min(bins - 1) };
        counts[i][series.min(n_series - 1)] += 1;
    }
    let totals: Vec<u64> = counts.iter().map(|c| c.iter().sum()).collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1) as f64;
    let yticks: Vec<f64> = nice_ticks(0.0, max, 4).into_iter().filter(|t| t.fract() == 0.0).collect();
    let top = yticks.last().copied().unwrap_or(max).max(max);
    let x = |v: f64| ml + (v - h.lo) / span * pw;
    let y = |c: f64| mt + ph - c / top * ph;
    writeln!(
        out,
        r#"<svg class="chart histogram {}" viewBox="0 0 {w} {ht}" width="{w}" height="{ht}" role="img" aria-label="{}">"#,
        escape(h.class),
        escape(h.label)
    )?;
    for t in &yticks {
        writeln!(out, r#"<line class="grid" x1="{ml}" x2="{:.1}" y1="{:.1}" y2="{:.1}"/>"#, ml + pw, y(*t), y(*t))?;
        writeln!(out, r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#, ml - 6.0, y(*t) + 4.0, super::int(*t as u64))?;
    }
    let bw = pw / bins as f64;
    for (i, per_series) in counts.iter().enumerate() {
        let total = totals[i];
        if total == 0 {
            continue;
        }
        let (a, b) = (h.lo + span * i as f64 / bins as f64, h.lo + span * (i + 1) as f64 / bins as f64);
        let breakdown: Vec<String> = per_series.iter().zip(h.series).filter(|(c, _)| **c > 0).map(|(c, name)| format!("{} {name}", super::int(*c))).collect();
        let mut below = 0u64;
        for (k, &c) in per_series.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let class = h.series.get(k).copied().unwrap_or("other");
            writeln!(
                out,
                r#"<rect class="hist-bar {class}" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"><title>{} to {}: {} pairs ({})</title></rect>"#,
                ml + bw * i as f64 + 0.5,
                y((below + c) as f64),
                (bw - 1.0).max(0.5),
                (y(below as f64) - y((below + c) as f64)).max(0.5),
                num(a, h.x_decimals + 1),
                num(b, h.x_decimals + 1),
                super::int(total),
                breakdown.join(", ")
            )?;
            below += c;
        }
        if h.count_labels {
            writeln!(
                out,
                r#"<text class="bar-count" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                ml + bw * (i as f64 + 0.5),
                y(total as f64) - 3.0,
                super::int(total)
            )?;
        }
    }
    writeln!(out, r#"<line class="axis" x1="{ml}" x2="{:.1}" y1="{:.1}" y2="{:.1}"/>"#, ml + pw, mt + ph, mt + ph)?;
    for t in nice_ticks(h.lo, h.hi, 8) {
        writeln!(out, r#"<line class="axis" x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}"/>"#, x(t), x(t), mt + ph, mt + ph + 4.0)?;
        writeln!(out, r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#, x(t), mt + ph + 17.0, num(t, h.x_decimals))?;
    }
    writeln!(out, r#"<text class="axis-title" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#, ml + pw / 2.0, ht - 8.0, escape(h.x_title))?;
    writeln!(out, r#"<text class="axis-title" transform="translate(14 {:.1}) rotate(-90)" text-anchor="middle">pairs</text>"#, mt + ph / 2.0)?;
    markers(out, &h.markers, &x, ml, ml + pw, mt, mt + ph)?;
    out.push_str("</svg>\n");
    Ok(())
}

/// Threshold lines with labels that do not collide.
fn markers(out: &mut String, ms: &[Marker], x: &dyn Fn(f64) -> f64, left: f64, right: f64, top: f64, bottom: f64) -> std::fmt::Result {
    let mut sorted: Vec<&Marker> = ms.iter().collect();
    sorted.sort_by(|a, b| a.value.total_cmp(&b.value));
    // Labels go right of their line (left near the right edge); a label that
    // would overlap the previous one moves up a row.
    let mut previous_end = f64::NEG_INFINITY;
    let mut level = 0;
    for m in sorted {
        let px = x(m.value);
        if !(left - 0.5..=right + 0.5).contains(&px) {
            continue;
        }
        let width = 7.0 * m.label.chars().count() as f64;
        let (anchor, dx, start) = if px + 4.0 + width > right + 12.0 { ("end", -4.0, px - 4.0 - width) } else { ("start", 4.0, px + 4.0) };
        level = if start < previous_end + 6.0 { level + 1 } else { 0 };
        previous_end = previous_end.max(start + width);
        let ly = top - 10.0 - 13.0 * level as f64;
        writeln!(out, r#"<line class="threshold {}" x1="{px:.1}" x2="{px:.1}" y1="{:.1}" y2="{bottom:.1}"/>"#, m.class, ly + 3.0)?;
        writeln!(out, r#"<text class="threshold-label {}" x="{:.1}" y="{ly:.1}" text-anchor="{anchor}">{}</text>"#, m.class, px + dx, escape(&m.label))?;
    }
    Ok(())
}

/// One row of a horizontal bar chart.
pub(crate) struct Bar {
    /// Group label shown on the first row of a group (may be empty).
    pub group: String,
    pub label: String,
    pub value: f64,
    /// Text at the end of the bar.
    pub value_text: String,
}

/// Horizontal bars around zero: positive to the right, negative to the left
/// (the model's match weights).
pub(crate) fn signed_bars(out: &mut String, class: &str, label: &str, bars: &[Bar], x_title: &str) -> std::fmt::Result {
    let row = 17.0;
    let (w, ml, mr, mt, mb) = (760.0, 190.0, 60.0, 12.0, 44.0);
    let groups = bars.iter().filter(|b| !b.group.is_empty()).count().saturating_sub(1) as f64;
    let ht = mt + mb + row * bars.len() as f64 + groups * 8.0;
    let pw = w - ml - mr;
    let lo = bars.iter().map(|b| b.value).fold(0.0f64, f64::min).floor();
    let hi = bars.iter().map(|b| b.value).fold(0.0f64, f64::max).ceil();
    let span = (hi - lo).max(1.0);
    let x = |v: f64| ml + (v - lo) / span * pw;
    writeln!(out, r#"<svg class="chart bars {}" viewBox="0 0 {w} {ht}" width="{w}" height="{ht}" role="img" aria-label="{}">"#, escape(class), escape(label))?;
    let plot_bottom = ht - mb;
    for t in nice_ticks(lo, hi, 10) {
        writeln!(out, r#"<line class="grid" x1="{:.1}" x2="{:.1}" y1="{mt}" y2="{plot_bottom:.1}"/>"#, x(t), x(t))?;
        writeln!(out, r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#, x(t), plot_bottom + 16.0, num(t, 0))?;
    }
    let mut yy = mt;
    for (i, b) in bars.iter().enumerate() {
        if !b.group.is_empty() {
            if i > 0 {
                yy += 8.0;
                writeln!(out, r#"<line class="separator" x1="8" x2="{:.1}" y1="{:.1}" y2="{:.1}"/>"#, w - 8.0, yy - 4.0, yy - 4.0)?;
            }
            writeln!(out, r#"<text class="group-label" x="8" y="{:.1}">{}</text>"#, yy + row * 0.7, escape(&b.group))?;
        }
        let (a, c) = (x(0.0), x(b.value));
        let sign = if b.value > 0.0 {
            "positive"
        } else if b.value < 0.0 {
            "negative"
        } else {
            "zero"
        };
        writeln!(out, r#"<text class="bar-label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#, ml - 8.0, yy + row * 0.7, escape(&b.label))?;
        writeln!(
            out,
            r#"<rect class="weight-bar {sign}" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"><title>{}: {}</title></rect>"#,
            a.min(c),
            yy + 2.0,
            (c - a).abs().max(1.0),
            row - 4.0,
            escape(&b.label),
            escape(&b.value_text)
        )?;
        // Values right of the bar or of the zero line, whichever is further right.
        writeln!(out, r#"<text class="bar-value" x="{:.1}" y="{:.1}">{}</text>"#, a.max(c) + 4.0, yy + row * 0.7, escape(&b.value_text))?;
        yy += row;
    }
    writeln!(out, r#"<line class="axis zero" x1="{:.1}" x2="{:.1}" y1="{mt}" y2="{plot_bottom:.1}"/>"#, x(0.0), x(0.0))?;
    writeln!(out, r#"<text class="axis-title" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#, ml + pw / 2.0, ht - 8.0, escape(x_title))?;
    out.push_str("</svg>\n");
    Ok(())
}

/// One row of a stacked bar chart: (label, [(segment class, count)]).
pub(crate) type StackRow = (String, Vec<(&'static str, u64)>);

/// Horizontal stacked bars of counts (pairs per answering country and decision).
pub(crate) fn stacked_bars(out: &mut String, class: &str, label: &str, rows: &[StackRow], legend: &[(&str, &str)]) -> std::fmt::Result {
    let row = 26.0;
    let (w, ml, mr, mt, mb) = (640.0, 70.0, 70.0, 30.0, 30.0);
    let ht = mt + mb + row * rows.len().max(1) as f64;
    let pw = w - ml - mr;
    let max = rows.iter().map(|(_, s)| s.iter().map(|(_, c)| c).sum::<u64>()).max().unwrap_or(0).max(1) as f64;
    let ticks = nice_ticks(0.0, max, 5);
    let top = ticks.last().copied().unwrap_or(max).max(max);
    let x = |v: f64| ml + v / top * pw;
    writeln!(
        out,
        r#"<svg class="chart stacked {}" viewBox="0 0 {w} {ht}" width="{w}" height="{ht}" role="img" aria-label="{}">"#,
        escape(class),
        escape(label)
    )?;
    let mut lx = ml;
    for (cls, text) in legend {
        writeln!(out, r#"<rect class="legend-key {cls}" x="{lx:.1}" y="8" width="12" height="12"/>"#)?;
        writeln!(out, r#"<text class="legend" x="{:.1}" y="18">{}</text>"#, lx + 16.0, escape(text))?;
        lx += 24.0 + 7.0 * text.chars().count() as f64;
    }
    let bottom = ht - mb;
    for t in ticks.iter().filter(|t| t.fract() == 0.0) {
        writeln!(out, r#"<line class="grid" x1="{:.1}" x2="{:.1}" y1="{mt}" y2="{bottom:.1}"/>"#, x(*t), x(*t))?;
        writeln!(out, r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#, x(*t), bottom + 16.0, super::int(*t as u64))?;
    }
    for (i, (name, segments)) in rows.iter().enumerate() {
        let yy = mt + row * i as f64;
        writeln!(out, r#"<text class="bar-label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#, ml - 8.0, yy + row * 0.62, escape(name))?;
        let mut acc = 0.0;
        for (cls, c) in segments {
            if *c == 0 {
                continue;
            }
            let (a, b) = (x(acc), x(acc + *c as f64));
            writeln!(
                out,
                r#"<rect class="country-bar {cls}" x="{a:.1}" y="{:.1}" width="{:.1}" height="{:.1}"><title>{}: {} {cls}</title></rect>"#,
                yy + 4.0,
                (b - a).max(1.0),
                row - 8.0,
                escape(name),
                super::int(*c)
            )?;
            acc += *c as f64;
        }
        writeln!(out, r#"<text class="bar-value" x="{:.1}" y="{:.1}">{}</text>"#, x(acc) + 4.0, yy + row * 0.62, super::int(acc as u64))?;
    }
    writeln!(out, r#"<line class="axis" x1="{ml}" x2="{ml}" y1="{mt}" y2="{bottom:.1}"/>"#)?;
    out.push_str("</svg>\n");
    Ok(())
}

/// One term of a waterfall.
pub(crate) struct Step {
    pub label: String,
    pub value: f64,
}

/// An evidence waterfall: the prior, then each field moving the running total,
/// then the total, against the two thresholds (in bits).
pub(crate) fn waterfall(out: &mut String, steps: &[Step], total: f64, markers_at: &[Marker]) -> std::fmt::Result {
    let row = 19.0;
    let (w, ml, mr, mt, mb) = (520.0, 150.0, 54.0, 34.0, 24.0);
    let n = steps.len() + 1;
    let ht = mt + mb + row * n as f64;
    let pw = w - ml - mr;
    let mut run = 0.0f64;
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for s in steps {
        run += s.value;
        lo = lo.min(run);
        hi = hi.max(run);
    }
    for m in markers_at {
        lo = lo.min(m.value);
        hi = hi.max(m.value);
    }
    let (lo, hi) = ((lo / 5.0).floor() * 5.0, (hi / 5.0).ceil() * 5.0);
    let span = (hi - lo).max(1.0);
    let x = |v: f64| ml + (v - lo) / span * pw;
    writeln!(out, r#"<svg class="chart waterfall" viewBox="0 0 {w} {ht}" width="{w}" height="{ht}" role="img" aria-label="evidence waterfall">"#)?;
    let bottom = ht - mb;
    for t in nice_ticks(lo, hi, 6) {
        writeln!(out, r#"<line class="grid" x1="{:.1}" x2="{:.1}" y1="{mt}" y2="{bottom:.1}"/>"#, x(t), x(t))?;
        writeln!(out, r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#, x(t), bottom + 15.0, num(t, 0))?;
    }
    let mut run = 0.0f64;
    for (i, s) in steps.iter().enumerate() {
        let yy = mt + row * i as f64;
        let (a, b) = (x(run), x(run + s.value));
        let cls = if i == 0 {
            "prior"
        } else if s.value > 0.0 {
            "positive"
        } else if s.value < 0.0 {
            "negative"
        } else {
            "zero"
        };
        writeln!(out, r#"<text class="bar-label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#, ml - 6.0, yy + row * 0.68, escape(&s.label))?;
        writeln!(out, r#"<rect class="step {cls}" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/>"#, a.min(b), yy + 3.0, (b - a).abs().max(1.5), row - 6.0)?;
        writeln!(out, r#"<text class="bar-value" x="{:.1}" y="{:.1}">{}</text>"#, w - mr + 6.0, yy + row * 0.68, signed(s.value))?;
        if i + 1 < steps.len() {
            let next = x(run + s.value);
            writeln!(out, r#"<line class="connector" x1="{next:.1}" x2="{next:.1}" y1="{:.1}" y2="{:.1}"/>"#, yy + row - 3.0, yy + row + 3.0)?;
        }
        run += s.value;
    }
    let yy = mt + row * steps.len() as f64;
    let (a, b) = (x(0.0), x(total));
    writeln!(out, r#"<text class="bar-label total" x="{:.1}" y="{:.1}" text-anchor="end">Total match weight</text>"#, ml - 6.0, yy + row * 0.68)?;
    writeln!(out, r#"<rect class="step total" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/>"#, a.min(b), yy + 3.0, (b - a).abs().max(1.5), row - 6.0)?;
    writeln!(out, r#"<text class="bar-value total" x="{:.1}" y="{:.1}">{}</text>"#, w - mr + 6.0, yy + row * 0.68, signed(total))?;
    writeln!(out, r#"<line class="axis zero" x1="{:.1}" x2="{:.1}" y1="{mt}" y2="{bottom:.1}"/>"#, x(0.0), x(0.0))?;
    markers(out, markers_at, &x, ml, w - mr, mt, bottom)?;
    out.push_str("</svg>\n");
    Ok(())
}

/// `+3.2` / `−1.0` with a real minus sign.
pub(crate) fn signed(v: f64) -> String {
    let s = num(v, 1);
    if let Some(rest) = s.strip_prefix('-') {
        format!("\u{2212}{rest}")
    } else if s.chars().all(|c| c == '0' || c == '.') {
        s
    } else {
        format!("+{s}")
    }
}

/// A point of the precision–recall curve.
pub(crate) struct PrPoint {
    pub recall: f64,
    pub precision: f64,
    pub label: String,
    /// Short label written next to the point.
    pub short: String,
}

/// Precision against recall over the threshold sweep, with the run's own
/// decisions marked.
pub(crate) fn pr_curve(out: &mut String, sweep: &[PrPoint], decisions: &[PrPoint]) -> std::fmt::Result {
    let (w, ht) = (560.0, 400.0);
    let (ml, mr, mt, mb) = (60.0, 24.0, 20.0, 48.0);
    let (pw, ph) = (w - ml - mr, ht - mt - mb);
    let all = sweep.iter().chain(decisions);
    let lo_of = |v: f64| ((v - 0.02) / 0.05).floor() * 0.05;
    let (mut rlo, mut plo) = (1.0f64, 1.0f64);
    for p in all {
        rlo = rlo.min(p.recall);
        plo = plo.min(p.precision);
    }
    let (rlo, plo) = (lo_of(rlo).clamp(0.0, 0.95), lo_of(plo).clamp(0.0, 0.95));
    let x = |r: f64| ml + (r - rlo) / (1.0 - rlo) * pw;
    let y = |p: f64| mt + ph - (p - plo) / (1.0 - plo) * ph;
    writeln!(out, r#"<svg class="chart pr" viewBox="0 0 {w} {ht}" width="{w}" height="{ht}" role="img" aria-label="precision-recall curve">"#)?;
    for t in nice_ticks(rlo, 1.0, 5) {
        writeln!(out, r#"<line class="grid" x1="{:.1}" x2="{:.1}" y1="{mt}" y2="{:.1}"/>"#, x(t), x(t), mt + ph)?;
        writeln!(out, r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#, x(t), mt + ph + 17.0, num(t, 2))?;
    }
    for t in nice_ticks(plo, 1.0, 5) {
        writeln!(out, r#"<line class="grid" x1="{ml}" x2="{:.1}" y1="{:.1}" y2="{:.1}"/>"#, ml + pw, y(t), y(t))?;
        writeln!(out, r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#, ml - 6.0, y(t) + 4.0, num(t, 2))?;
    }
    writeln!(out, r#"<rect class="frame" x="{ml}" y="{mt}" width="{pw}" height="{ph}"/>"#)?;
    let mut pts: Vec<&PrPoint> = sweep.iter().collect();
    pts.sort_by(|a, b| a.recall.total_cmp(&b.recall).then(b.precision.total_cmp(&a.precision)));
    if !pts.is_empty() {
        let d: Vec<String> =
            pts.iter().enumerate().map(|(i, p)| format!("{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, x(p.recall), y(p.precision))).collect();
        writeln!(out, r#"<path class="pr-curve" d="{}"/>"#, d.join(" "))?;
    }
    for p in &pts {
        writeln!(
            out,
            r#"<circle class="pr-point" cx="{:.1}" cy="{:.1}" r="3.5"><title>{}: precision {}, recall {}</title></circle>"#,
            x(p.recall),
            y(p.precision),
            escape(&p.label),
            num(p.precision, 4),
            num(p.recall, 4)
        )?;
    }
    // Threshold next to each sweep point, skipping points too close to the last labelled one.
    let mut last: Option<(f64, f64)> = None;
    for p in &pts {
        let (cx, cy) = (x(p.recall), y(p.precision));
        let near_decision = decisions.iter().any(|d| (x(d.recall) - cx).hypot(y(d.precision) - cy) < 14.0);
        if near_decision || last.is_some_and(|(lx, ly)| (lx - cx).hypot(ly - cy) < 28.0) {
            continue;
        }
        last = Some((cx, cy));
        writeln!(out, r#"<text class="pr-threshold" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#, cx, cy - 8.0, escape(&p.short))?;
    }
    for (i, p) in decisions.iter().enumerate() {
        let (cx, cy) = (x(p.recall), y(p.precision));
        writeln!(
            out,
            r#"<circle class="pr-point-decision d{i}" cx="{cx:.1}" cy="{cy:.1}" r="6"><title>{}: precision {}, recall {}</title></circle>"#,
            escape(&p.label),
            num(p.precision, 4),
            num(p.recall, 4)
        )?;
        let (tx, anchor) = if cx > ml + pw - 150.0 { (cx - 10.0, "end") } else { (cx + 10.0, "start") };
        writeln!(out, r#"<text class="pr-label d{i}" x="{tx:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#, cy + 16.0 * i as f64 - 6.0, escape(&p.label))?;
    }
    writeln!(out, r#"<text class="axis-title" x="{:.1}" y="{:.1}" text-anchor="middle">recall</text>"#, ml + pw / 2.0, ht - 8.0)?;
    writeln!(out, r#"<text class="axis-title" transform="translate(16 {:.1}) rotate(-90)" text-anchor="middle">precision</text>"#, mt + ph / 2.0)?;
    out.push_str("</svg>\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(nice_ticks(0.0, 10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        let t = nice_ticks(0.5, 1.0, 5);
        assert_eq!(t.len(), 6);
        assert!((t[0] - 0.5).abs() < 1e-12 && (t[5] - 1.0).abs() < 1e-12);
        let t = nice_ticks(-13.0, 31.0, 8);
        assert!(t.contains(&0.0) && t.iter().all(|v| (v / 5.0).fract() == 0.0), "{t:?}");
        assert_eq!(nice_ticks(1.0, 1.0, 5), vec![1.0]);
    }

    #[test]
    fn signed_values_read_naturally() {
        assert_eq!(signed(3.24), "+3.2");
        assert_eq!(signed(-1.0), "\u{2212}1.0");
        assert_eq!(signed(-0.01), "0.0");
        assert_eq!(signed(0.0), "0.0");
    }

    #[test]
    fn histogram_counts_every_value_once() {
        let values = [(0.5, 1), (0.51, 1), (0.96, 1), (0.99, 0), (1.0, 0), (1.0, 0)];
        let mut s = String::new();
        let h = Histogram {
            class: "hist-prob",
            label: "p",
            x_title: "probability",
            values: &values,
            series: &["match", "review"],
            lo: 0.5,
            hi: 1.0,
            bins: 25,
            markers: vec![Marker { value: 0.5, label: "review".into(), class: "review" }, Marker { value: 0.95, label: "match".into(), class: "match" }],
            x_decimals: 2,
            count_labels: true,
        };
        histogram(&mut s, &h).unwrap();
        let total: u64 = s.split(r#"class="bar-count""#).skip(1).map(|t| t.split('>').nth(1).unwrap().split('<').next().unwrap().parse::<u64>().unwrap()).sum();
        assert_eq!(total, values.len() as u64, "every value counted once");
        assert_eq!(s.matches("hist-bar match").count(), 1, "one bin 0.98-1.0 holds the three matches");
        assert_eq!(s.matches("hist-bar review").count(), 2, "bins 0.50-0.52 and 0.96-0.98");
        assert!(s.contains("3 pairs (3 match)"));
        assert!(s.contains(r#"class="threshold match""#));
    }
}
