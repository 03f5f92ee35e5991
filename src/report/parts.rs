//! The pieces of a rep's section, each read from rows of one table: the
//! figures from `reps`, a target's result and week-by-week trend from
//! `targets`, its calls on the metric's scale from `outcomes`, and the
//! coachable moments from `violations`. Kept apart from [`super::rep`],
//! which decides what goes in each section and how the page's budgets are
//! shared.

use std::collections::HashMap;

use super::fmt::{clock, http_href, Unit};
use super::svg::{self, Dots, Point, Trend, Week};
use super::timeline::cut;
use super::view::Status;
use crate::aggregate::KEY_METRICS;
use crate::output::rows::Row;

/// Characters of a quote shown with a moment.
const QUOTE_CHARS: usize = 280;

/// A figure of the rep against the team.
pub struct Figure {
    pub label: &'static str,
    pub median: String,
    pub p90: String,
    pub team: String,
    pub delta: String,
    pub rank: String,
}

/// A miss worth listening to.
pub struct Moment {
    pub date: String,
    pub call_id: String,
    pub call_type: String,
    /// Time in the recording, `07:42`; empty when unknown.
    pub at: String,
    pub quote: String,
    pub why: String,
    /// The recording at that second, when the link is http(s).
    pub href: Option<String>,
    pub source: String,
    /// Anchor of the call's timeline on this page, when drawn.
    pub timeline: Option<String>,
}

/// Labels of the `reps` figures, in the order shown.
fn figure_label(metric: &str) -> &'static str {
    match metric {
        "talk_ratio" => "Talk ratio",
        "longest_monologue_s" => "Longest monologue",
        "first_pitch_min" => "First pitch (minute)",
        "rep_questions" => "Questions per call",
        "rep_open_questions" => "Open questions per call",
        "questions_per_hour" => "Questions per hour",
        "patience_s" => "Patience (pause before answering)",
        "rep_interruptions" => "Interruptions per call",
        "rep_wpm" => "Speaking pace (words/min)",
        _ => "",
    }
}

const SHARES: &[(&str, &str)] = &[
    ("share_next_step", "Calls with a next step"),
    ("share_next_step_dated", "Calls with a dated next step"),
    (
        "share_discovery_pitch_before_12",
        "Discovery calls pitched before minute 12",
    ),
];

/// The rep's figures beside the team's, from the `reps` row.
pub fn figures(r: &Row) -> Vec<Figure> {
    let dash = || "–".to_string();
    let mut out: Vec<Figure> = KEY_METRICS
        .iter()
        .map(|m| {
            let u = Unit::of(m);
            let get = |suffix: &str| r.f64(&format!("{m}_{suffix}"));
            Figure {
                label: figure_label(m),
                median: get("median").map(|v| u.show(v)).unwrap_or_else(dash),
                p90: get("p90").map(|v| u.show(v)).unwrap_or_else(dash),
                team: get("team_median").map(|v| u.show(v)).unwrap_or_else(dash),
                delta: get("delta").map(|v| u.delta(v)).unwrap_or_else(dash),
                rank: get("pct_rank")
                    .map(|v| format!("{:.0}th pct", v * 100.0))
                    .unwrap_or_else(dash),
            }
        })
        .collect();
    for (col, label) in SHARES {
        out.push(Figure {
            label,
            median: r.f64(col).map(|v| Unit::Share.show(v)).unwrap_or_else(dash),
            p90: dash(),
            team: dash(),
            delta: dash(),
            rank: dash(),
        });
    }
    out
}

/// "2 of 3 applicable calls (67%)".
pub fn result(r: &Row) -> String {
    match (r.u32("passed"), r.u32("applicable")) {
        (Some(p), Some(a)) if a > 0 => format!(
            "{p} of {a} applicable calls ({})",
            Unit::Share.show(r.f64("share").unwrap_or(p as f64 / a as f64))
        ),
        (_, Some(0)) => "no applicable calls".into(),
        _ => r
            .f64("share")
            .map(|s| Unit::Share.show(s))
            .unwrap_or_default(),
    }
}

/// The share a target needs, from `needed` like `share >= 0.80` or `80%`.
fn needed_share(needed: Option<&str>) -> Option<f64> {
    let n = needed?;
    if !n.contains("share") && !n.contains('%') {
        return None;
    }
    let num: String = n
        .chars()
        .skip_while(|c| !c.is_ascii_digit() && *c != '.')
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let v: f64 = num.parse().ok()?;
    Some(if n.contains('%') || v > 1.0 {
        v / 100.0
    } else {
        v
    })
}

pub fn trend(weekly: &[Row], needed: Option<&str>) -> Option<Trend> {
    if weekly.is_empty() {
        return None;
    }
    let mut w: Vec<&Row> = weekly.iter().collect();
    w.sort_by_key(|r| r.str("week"));
    let weeks: Vec<Week> = w
        .iter()
        .map(|r| {
            let status = Status::of(r.str("status").unwrap_or(""));
            let week = r.str("week").unwrap_or("").to_string();
            Week {
                title: format!(
                    "{week}: {}/{} ({})",
                    r.u32("passed").unwrap_or(0),
                    r.u32("applicable").unwrap_or(0),
                    status.label
                ),
                week,
                share: r.f64("share").filter(|_| r.u32("applicable") != Some(0)),
                class: status.class,
            }
        })
        .collect();
    Some(svg::trend(&weeks, needed_share(needed)))
}

/// The rep's applicable calls on the target metric's scale.
pub fn dot_chart(target: &Row, outcomes: &[Row], cap: usize) -> (Option<Dots>, Option<String>) {
    let Some(metric) = target.str("metric") else {
        return (None, None);
    };
    let mut judged: Vec<&Row> = outcomes
        .iter()
        .filter(|o| matches!(o.str("status"), Some("pass") | Some("fail")))
        .collect();
    judged
        .sort_by(|a, b| (a.str("date"), a.str("call_id")).cmp(&(b.str("date"), b.str("call_id"))));
    let with_value: Vec<&Row> = judged
        .iter()
        .copied()
        .filter(|o| o.f64("value").is_some())
        .collect();
    if with_value.is_empty() {
        return (None, None);
    }
    let unit = Unit::of(metric);
    let skip = with_value.len().saturating_sub(cap);
    let points: Vec<Point> = with_value[skip..]
        .iter()
        .map(|o| {
            let v = o.f64("value").unwrap_or_default();
            let passed = o.str("status") == Some("pass");
            Point {
                label: short_date(o.str("date")),
                value: v,
                passed,
                title: {
                    // Call ids often start with the date already.
                    let id = o.str("call_id").unwrap_or("");
                    match o.str("date") {
                        Some(d) if !id.contains(d) => format!("{d} {id}: {}", unit.show(v)),
                        _ => format!("{id}: {}", unit.show(v)),
                    }
                },
            }
        })
        .collect();
    let mut notes = Vec::new();
    if skip > 0 {
        notes.push(format!("the latest {cap} of {} calls", with_value.len()));
    }
    let no_value = judged.len() - with_value.len();
    if no_value > 0 {
        notes.push(format!(
            "{no_value} applicable call{} without a {metric} value not drawn",
            if no_value == 1 { "" } else { "s" }
        ));
    }
    let chart = svg::dots(
        &points,
        metric,
        target.f64("threshold"),
        target.str("op").unwrap_or(""),
    );
    (Some(chart), (!notes.is_empty()).then(|| notes.join("; ")))
}

/// The rep's misses of one target, capped; and how many were left out.
pub fn moments(
    violations: &[Row],
    target: &str,
    cap: usize,
    drawn: &HashMap<&str, &str>,
) -> (Vec<Moment>, usize) {
    let mut mine: Vec<&Row> = violations
        .iter()
        .filter(|v| v.str("target").unwrap_or("") == target)
        .collect();
    mine.sort_by(|a, b| {
        (a.str("date"), a.str("call_id"))
            .cmp(&(b.str("date"), b.str("call_id")))
            .then(
                a.f64("at_s")
                    .unwrap_or(f64::MAX)
                    .total_cmp(&b.f64("at_s").unwrap_or(f64::MAX)),
            )
    });
    let more = mine.len().saturating_sub(cap);
    let list = mine
        .into_iter()
        .take(cap)
        .map(|v| {
            let call_id = v.str("call_id").unwrap_or("").to_string();
            Moment {
                date: v.str("date").unwrap_or("").to_string(),
                call_type: v.str("call_type").unwrap_or("").to_string(),
                at: v.f64("at_s").map(clock).unwrap_or_default(),
                quote: cut(v.str("quote").unwrap_or(""), QUOTE_CHARS),
                why: v.str("why").unwrap_or("").to_string(),
                href: v.str("link").and_then(http_href),
                source: v.str("source").unwrap_or("").to_string(),
                timeline: drawn.get(call_id.as_str()).map(|a| a.to_string()),
                call_id,
            }
        })
        .collect();
    (list, more)
}

/// Measured values of the calls a target judged (pass or fail).
pub fn judged_values(outcomes: &[Row]) -> Vec<f64> {
    outcomes
        .iter()
        .filter(|o| matches!(o.str("status"), Some("pass") | Some("fail")))
        .filter_map(|o| o.f64("value"))
        .collect()
}

/// The middle value (mean of the two middle ones for an even count).
pub fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// `16 Nov` from an ISO date, for chart labels.
fn short_date(date: Option<&str>) -> String {
    let Some(d) = date else {
        return String::new();
    };
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .map(|d| d.format("%-d %b").to_string())
        .unwrap_or_else(|_| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needed_shares() {
        assert_eq!(needed_share(Some("share >= 0.80")), Some(0.8));
        assert_eq!(needed_share(Some("share >= 80%")), Some(0.8));
        assert_eq!(needed_share(Some("at least 3 calls")), None);
        assert_eq!(needed_share(None), None);
    }

    #[test]
    fn medians() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }
}
