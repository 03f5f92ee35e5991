//! One section per rep: the rep's figures beside the team, each target and
//! commitment with its week-by-week trend, the rep's calls on the target's
//! scale, the coachable moments (every miss, with time and words, one click
//! from the recording), and timelines of the calls worth listening to.
//!
//! Lists are capped so that a batch of 25,000 calls still gives a page that
//! opens: moments per target share a budget across all reps, and so do the
//! timelines; what is left out is counted and pointed to in the tables.

use std::collections::{BTreeSet, HashMap};

use super::fmt::{clock, http_href};
use super::parts::{self, Figure, Moment};
use super::svg::{self, Dots, Miss, Track, Trend};
use super::timeline::Timeline;
use super::view::{behaviour_of, Status, UNKNOWN_REP};
use super::ReportInput;
use crate::output::rows::{Row, Rows};

/// Moments listed over the whole page; each (rep, target) gets an equal
/// share, at most [`MOMENTS_MAX`] and at least [`MOMENTS_MIN`] (a miss per
/// target is always worth showing, even with thousands of reps).
const MOMENT_BUDGET: usize = 4_000;
const MOMENTS_MIN: usize = 2;
const MOMENTS_MAX: usize = 50;
/// Calls drawn over the whole page's target charts; each chart gets an
/// equal share (the latest calls), between [`DOTS_MIN`] and [`DOTS_MAX`].
const DOT_BUDGET: usize = 15_000;
const DOTS_MIN: usize = 5;
const DOTS_MAX: usize = 300;
/// Rough bytes of timeline drawings over the whole page.
const TIMELINE_BUDGET: usize = 2_000_000;

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
    pub moments: Vec<Moment>,
    /// Misses not listed here (see `violations.csv`).
    pub more: usize,
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

fn is_commitment(r: &Row) -> bool {
    r.str("kind") == Some("commitment")
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
    // `check` writes a commitment's verdicts into the same tables, with
    // `kind = commitment` and the commitment's name under `target`.
    let outcomes_by = group(outcomes.as_ref(), |r| {
        (rep_key(r), is_commitment(r), r.str("target").unwrap_or(""))
    });
    let violations_by = group(violations.as_ref(), |r| (rep_key(r), is_commitment(r)));
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
            let my_violations = violations_by.get(&(key, false)).unwrap_or(&empty);
            let my_commitment_misses = violations_by.get(&(key, true)).unwrap_or(&empty);
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
                    .get(&(key, false, name))
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                if let (Some(b), Some(_)) = (behaviour_of(t), t.str("metric")) {
                    let values = parts::judged_values(outs);
                    if let Some(m) = parts::median(values.clone()) {
                        behaviour_value
                            .entry(b)
                            .or_insert((m, values.len(), name.to_string()));
                    }
                }
                let (dots, dots_note) = parts::dot_chart(t, outs, dot_cap);
                let (moments, more) = parts::moments(my_violations, name, moment_cap, &drawn);
                tviews.push(TargetView {
                    name: name.to_string(),
                    rule: t.str("rule").map(str::to_string),
                    needed: needed.map(str::to_string),
                    result: parts::result(t),
                    status,
                    trend: parts::trend(&weekly, needed),
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
                let (moments, more) = parts::moments(my_violations, name, moment_cap, &drawn);
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
                    let (moments, more) =
                        parts::moments(my_commitment_misses, name, moment_cap, &drawn);
                    CommitmentView {
                        name: name.to_string(),
                        rule: c.str("rule").map(str::to_string),
                        window: super::fmt::period(c.str("start"), c.str("end")),
                        result: parts::result(c),
                        needed: c.str("needed").map(str::to_string),
                        first_72h: c.str("first_72h").map(str::to_string),
                        status: Status::of(c.str("status").unwrap_or("")),
                        trend: parts::trend(&weekly, c.str("needed")),
                        moments,
                        more,
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
                figures: row.map(|r| parts::figures(&r)).unwrap_or_default(),
                targets: tviews,
                commitments,
                timelines,
                timelines_left_out: left_out,
            }
        })
        .collect()
}

/// Rough bytes a timeline adds to the page.
fn estimate(t: &Timeline) -> usize {
    600 + t.speech.len() * 24 + t.marks.iter().map(|m| 90 + m.quote.len()).sum::<usize>()
}
