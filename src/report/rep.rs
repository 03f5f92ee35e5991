//! One section per rep: the rep's figures beside the team, each target and
//! commitment with its week-by-week trend, the rep's calls on the target's
//! scale, the coachable moments (every miss, with time and words, one click
//! from the recording), and timelines of the calls worth listening to.
//!
//! Lists are capped so that a batch of 25,000 calls still gives a page that
//! opens: moments per target share a budget across all reps, and so do the
//! timelines; what is left out is counted and pointed to in the tables.

use std::collections::{BTreeSet, HashMap};

use super::fmt::{clock, http_href, Unit};
use super::rows::{Row, Rows};
use super::svg::{self, Dots, Miss, Point, Track, Trend, Week};
use super::timeline::{cut, Timeline};
use super::view::{behaviour_of, Status, UNKNOWN_REP};
use super::ReportInput;
use crate::aggregate::KEY_METRICS;

/// Moments listed over the whole page; each (rep, target) gets an equal
/// share, at most [`MOMENTS_MAX`] and at least [`MOMENTS_MIN`] (a miss per
/// target is always worth showing, even with thousands of reps).
const MOMENT_BUDGET: usize = 4_000;
const MOMENTS_MIN: usize = 2;
const MOMENTS_MAX: usize = 50;
/// Characters of a quote shown with a moment.
const QUOTE_CHARS: usize = 280;
/// Calls drawn over the whole page's target charts; each chart gets an
/// equal share (the latest calls), between [`DOTS_MIN`] and [`DOTS_MAX`].
const DOT_BUDGET: usize = 15_000;
const DOTS_MIN: usize = 5;
const DOTS_MAX: usize = 300;
/// Rough bytes of timeline drawings over the whole page.
const TIMELINE_BUDGET: usize = 2_000_000;

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

pub struct TargetView {
    pub name: String,
    pub rule: Option<String>,
    pub needed: Option<String>,
    pub result: String,
    pub status: Status,
    pub trend: Option<Trend>,
    pub dots: Option<Dots>,
    pub dots_note: Option<String>,
    pub moments: Vec<Moment>,
    /// Misses not listed here (see `violations.csv`).
    pub more: usize,
}

pub struct CommitmentView {
    pub name: String,
    pub rule: Option<String>,
    pub window: String,
    pub result: String,
    pub needed: Option<String>,
    pub first_72h: Option<String>,
    pub status: Status,
    pub trend: Option<Trend>,
}

pub struct TimelineView {
    pub anchor: String,
    pub call_id: String,
    pub date: String,
    pub source: String,
    pub duration: String,
    pub href: Option<String>,
    pub track: Track,
}

pub struct RepView<'a> {
    pub anchor: String,
    pub name: String,
    pub team: String,
    pub calls: String,
    /// The rep's whole-period row of `reps`.
    pub row: Option<Row<'a>>,
    /// Status of the targets measuring each overview behaviour, by index.
    pub behaviour_status: HashMap<usize, Status>,
    /// Where a target measures an overview behaviour on some calls only
    /// (first pitch on discovery calls): the median over those calls, their
    /// number, and the target's name.
    pub behaviour_value: HashMap<usize, (f64, usize, String)>,
    pub target_summary: Option<(String, Status)>,
    pub figures: Vec<Figure>,
    pub targets: Vec<TargetView>,
    pub commitments: Vec<CommitmentView>,
    pub timelines: Vec<TimelineView>,
    pub timelines_left_out: usize,
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

/// Rows grouped by a key, in table order.
fn group<'a, K: std::hash::Hash + Eq>(
    rows: Option<&Rows<'a>>,
    key: impl Fn(&Row<'a>) -> K,
) -> HashMap<K, Vec<Row<'a>>> {
    let mut m: HashMap<K, Vec<Row<'a>>> = HashMap::new();
    for r in rows.into_iter().flat_map(|r| r.iter()) {
        m.entry(key(&r)).or_default().push(r);
    }
    m
}

fn rep_key<'a>(r: &Row<'a>) -> &'a str {
    r.str("rep").unwrap_or("")
}

/// Every rep named in any table or timeline, `reps` order first.
pub fn all<'a>(input: &ReportInput<'a>) -> Vec<RepView<'a>> {
    let reps = input.reps.map(Rows::new);
    let check = input.check;
    let targets = check.map(|c| Rows::new(c.targets));
    let outcomes = check.map(|c| Rows::new(c.outcomes));
    let violations = check.map(|c| Rows::new(c.violations));
    let commitments = check.map(|c| Rows::new(c.commitments));

    let mut order: Vec<&str> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut period_rows: HashMap<&str, Row<'a>> = HashMap::new();
    for r in reps.iter().flat_map(|t| t.iter()) {
        if r.is_whole_period() && seen.insert(rep_key(&r)) {
            order.push(rep_key(&r));
            period_rows.insert(rep_key(&r), r);
        }
    }
    let mut extra = BTreeSet::new();
    for rows in [&targets, &violations, &commitments].into_iter().flatten() {
        for r in rows.iter() {
            extra.insert(rep_key(&r));
        }
    }
    for t in input.timelines {
        extra.insert(t.rep.as_deref().unwrap_or(""));
    }
    for (name, _) in &input.timelines_left_out {
        extra.insert(name.as_str());
    }
    order.extend(extra.into_iter().filter(|k| seen.insert(k)));

    let targets_by = group(targets.as_ref(), |r| rep_key(r));
    let outcomes_by = group(outcomes.as_ref(), |r| {
        (rep_key(r), r.str("target").unwrap_or(""))
    });
    let violations_by = group(violations.as_ref(), |r| rep_key(r));
    let violations_by_call = group(violations.as_ref(), |r| r.str("call_id").unwrap_or(""));
    let commitments_by = group(commitments.as_ref(), |r| rep_key(r));
    let mut timelines_by: HashMap<&str, Vec<&Timeline>> = HashMap::new();
    for t in input.timelines {
        timelines_by
            .entry(t.rep.as_deref().unwrap_or(""))
            .or_default()
            .push(t);
    }

    let groups = violations_by
        .values()
        .map(|v| {
            v.iter()
                .map(|r| r.str("target").unwrap_or(""))
                .collect::<BTreeSet<_>>()
                .len()
        })
        .sum::<usize>()
        .max(1);
    let moment_cap = (MOMENT_BUDGET / groups).clamp(MOMENTS_MIN, MOMENTS_MAX);
    let charts = targets
        .iter()
        .flat_map(|t| t.iter())
        .filter(|t| t.is_whole_period() && t.str("metric").is_some())
        .count()
        .max(1);
    let dot_cap = (DOT_BUDGET / charts).clamp(DOTS_MIN, DOTS_MAX);
    let timeline_share = TIMELINE_BUDGET / timelines_by.len().max(1);
    let mut timeline_bytes = 0usize;

    order
        .iter()
        .enumerate()
        .map(|(i, &key)| {
            let anchor = format!("rep-{}", i + 1);
            let row = period_rows.get(key).copied();
            let empty = Vec::new();
            let my_targets = targets_by.get(key).unwrap_or(&empty);
            let team = row
                .and_then(|r| r.str("team"))
                .or_else(|| my_targets.iter().find_map(|r| r.str("team")))
                .or_else(|| {
                    commitments_by
                        .get(key)
                        .and_then(|c| c.iter().find_map(|r| r.str("team")))
                })
                .unwrap_or("")
                .to_string();

            // Timelines first: moments link to the ones drawn.
            let mut timelines = Vec::new();
            let mut left_out = input
                .timelines_left_out
                .iter()
                .filter(|(n, _)| n == key)
                .map(|(_, c)| *c)
                .sum::<usize>();
            let mut mine = 0usize;
            for (k, t) in timelines_by.get(key).into_iter().flatten().enumerate() {
                let cost = estimate(t);
                let fits = mine + cost <= timeline_share
                    || (mine == 0 && timeline_bytes + cost <= TIMELINE_BUDGET);
                if !fits {
                    left_out += 1;
                    continue;
                }
                mine += cost;
                timeline_bytes += cost;
                let misses: Vec<Miss> = violations_by_call
                    .get(t.call_id.as_str())
                    .into_iter()
                    .flatten()
                    .filter_map(|v| {
                        let at = v.f64("at_s")?;
                        Some(Miss {
                            at_s: at,
                            title: format!(
                                "missed at {}: {}{}",
                                clock(at),
                                v.str("target").unwrap_or(""),
                                v.str("why").map(|w| format!(" ({w})")).unwrap_or_default()
                            ),
                        })
                    })
                    .collect();
                timelines.push(TimelineView {
                    anchor: format!("{anchor}-call-{}", k + 1),
                    call_id: t.call_id.clone(),
                    date: t.date.clone().unwrap_or_default(),
                    source: t.source.clone(),
                    duration: clock(t.duration_ms as f64 / 1000.0),
                    href: t.recording_url.as_deref().and_then(http_href),
                    track: svg::track(t, &misses),
                });
            }
            let drawn: HashMap<&str, &str> = timelines
                .iter()
                .map(|t| (t.call_id.as_str(), t.anchor.as_str()))
                .collect();

            // Targets: the whole-period rows, then any target that only
            // shows up in violations.
            let mut tviews = Vec::new();
            let mut behaviour_status: HashMap<usize, Status> = HashMap::new();
            let mut behaviour_value: HashMap<usize, (f64, usize, String)> = HashMap::new();
            let my_violations = violations_by.get(key).unwrap_or(&empty);
            let mut names: Vec<&str> = Vec::new();
            for t in my_targets.iter().filter(|r| r.is_whole_period()) {
                let name = t.str("target").unwrap_or("");
                if names.contains(&name) {
                    continue;
                }
                names.push(name);
                let status = Status::of(t.str("status").unwrap_or(""));
                if let Some(b) = behaviour_of(t) {
                    let e = behaviour_status.entry(b).or_insert_with(|| status.clone());
                    if status.rank() > e.rank() {
                        *e = status.clone();
                    }
                }
                let weekly: Vec<Row> = my_targets
                    .iter()
                    .filter(|r| !r.is_whole_period() && r.str("target") == Some(name))
                    .copied()
                    .collect();
                let needed = t.str("needed");
                let outs = outcomes_by
                    .get(&(key, name))
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                if let (Some(b), Some(_)) = (behaviour_of(t), t.str("metric")) {
                    let values = judged_values(outs);
                    if let Some(m) = median(values.clone()) {
                        behaviour_value
                            .entry(b)
                            .or_insert((m, values.len(), name.to_string()));
                    }
                }
                let (dots, dots_note) = dot_chart(t, outs, dot_cap);
                let (moments, more) = moments(my_violations, name, moment_cap, &drawn);
                tviews.push(TargetView {
                    name: name.to_string(),
                    rule: t.str("rule").map(str::to_string),
                    needed: needed.map(str::to_string),
                    result: result(t),
                    status,
                    trend: trend(&weekly, needed),
                    dots,
                    dots_note,
                    moments,
                    more,
                });
            }
            for v in my_violations {
                let name = v.str("target").unwrap_or("");
                if names.contains(&name) {
                    continue;
                }
                names.push(name);
                let (moments, more) = moments(my_violations, name, moment_cap, &drawn);
                tviews.push(TargetView {
                    name: name.to_string(),
                    rule: None,
                    needed: None,
                    result: String::new(),
                    status: Status::of("missed"),
                    trend: None,
                    dots: None,
                    dots_note: None,
                    moments,
                    more,
                });
            }
            let target_summary = (!tviews.is_empty()).then(|| {
                let met = tviews.iter().filter(|t| t.status.class == "met").count();
                let worst = tviews
                    .iter()
                    .map(|t| t.status.clone())
                    .max_by_key(Status::rank)
                    .expect("not empty");
                (format!("{met} of {} met", tviews.len()), worst)
            });

            let my_commitments = commitments_by.get(key).unwrap_or(&empty);
            let commitments = my_commitments
                .iter()
                .filter(|r| r.is_whole_period())
                .map(|c| {
                    let name = c.str("commitment").unwrap_or("");
                    let weekly: Vec<Row> = my_commitments
                        .iter()
                        .filter(|r| !r.is_whole_period() && r.str("commitment") == Some(name))
                        .copied()
                        .collect();
                    CommitmentView {
                        name: name.to_string(),
                        rule: c.str("rule").map(str::to_string),
                        window: super::fmt::period(c.str("start"), c.str("end")),
                        result: result(c),
                        needed: c.str("needed").map(str::to_string),
                        first_72h: c.str("first_72h").map(str::to_string),
                        status: Status::of(c.str("status").unwrap_or("")),
                        trend: trend(&weekly, c.str("needed")),
                    }
                })
                .collect();

            RepView {
                anchor,
                name: if key.is_empty() {
                    UNKNOWN_REP.to_string()
                } else {
                    key.to_string()
                },
                team,
                calls: row
                    .and_then(|r| r.u32("calls"))
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "–".into()),
                row,
                behaviour_status,
                behaviour_value,
                target_summary,
                figures: row.map(|r| figures(&r)).unwrap_or_default(),
                targets: tviews,
                commitments,
                timelines,
                timelines_left_out: left_out,
            }
        })
        .collect()
}

/// The rep's figures beside the team's, from the `reps` row.
fn figures(r: &Row) -> Vec<Figure> {
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
fn result(r: &Row) -> String {
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

fn trend(weekly: &[Row], needed: Option<&str>) -> Option<Trend> {
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
fn dot_chart(target: &Row, outcomes: &[Row], cap: usize) -> (Option<Dots>, Option<String>) {
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
fn moments(
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

/// Rough bytes a timeline adds to the page.
fn estimate(t: &Timeline) -> usize {
    600 + t.speech.len() * 24 + t.marks.iter().map(|m| 90 + m.quote.len()).sum::<usize>()
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
