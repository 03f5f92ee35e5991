//! Hand-built batch tables for the report tests and the sample report
//! (`cargo run --example report_sample`): calls described one by one, and
//! from them every table the report reads, built the way `check` and the
//! aggregation describe them (by column name), so the tables agree with one
//! another. The sample week resembles `fixtures/week`: four reps in two
//! teams and three agreed behaviours.

#![allow(dead_code)]

use std::collections::BTreeMap;

use callscore::model::Role;
use callscore::output::record::Cell;
use callscore::output::Table;
use callscore::report::{BatchInfo, CheckTables, Mark, MarkKind, ReportInput, Timeline};

/// One measured call.
#[derive(Clone, Debug)]
pub struct CallSpec {
    pub rep: String,
    pub team: String,
    pub call_id: String,
    pub date: String,
    pub call_type: String,
    pub source: String,
    pub link: Option<String>,
    pub duration_s: f64,
    pub talk_ratio: f64,
    pub first_pitch_min: Option<f64>,
    pub questions: u32,
    pub monologue_s: f64,
    pub monologue_at_s: f64,
    pub dated_next_step: bool,
    pub pitch_quote: String,
    pub monologue_quote: String,
    pub close_quote: String,
}

/// The three targets, as `check` would name them.
pub const TARGETS: &[(&str, &str, &str, f64, &str)] = &[
    (
        "No pitch before minute 12 on discovery",
        "first_pitch_min >= 12 on discovery",
        "first_pitch_min",
        12.0,
        ">=",
    ),
    (
        "Talk less than half the time",
        "talk_ratio <= 0.5",
        "talk_ratio",
        0.5,
        "<=",
    ),
    (
        "Every call ends with a dated next step",
        "next_step_has_date",
        "",
        1.0,
        "",
    ),
];

/// (status, value, at_s, quote, why) of a call for target `t`.
fn judge(c: &CallSpec, t: usize) -> (&'static str, Option<f64>, Option<f64>, String, String) {
    match t {
        0 if c.call_type != "discovery" => (
            "n/a",
            None,
            None,
            String::new(),
            "not a discovery call".into(),
        ),
        0 => match c.first_pitch_min {
            Some(m) if m < 12.0 => (
                "fail",
                Some(m),
                Some(m * 60.0),
                c.pitch_quote.clone(),
                format!("first_pitch_min = {m:.1}, needs >= 12"),
            ),
            Some(m) => (
                "pass",
                Some(m),
                Some(m * 60.0),
                c.pitch_quote.clone(),
                String::new(),
            ),
            None => ("pass", None, None, String::new(), "no pitch".into()),
        },
        1 => (
            if c.talk_ratio <= 0.5 { "pass" } else { "fail" },
            Some(c.talk_ratio),
            Some(c.monologue_at_s),
            c.monologue_quote.clone(),
            format!("talk_ratio = {:.2}, needs <= 0.5", c.talk_ratio),
        ),
        _ => (
            if c.dated_next_step { "pass" } else { "fail" },
            None,
            Some(c.duration_s - 40.0),
            c.close_quote.clone(),
            if c.dated_next_step {
                String::new()
            } else {
                "next_step_has_date = false: no date agreed".into()
            },
        ),
    }
}

fn s(v: &str) -> Cell {
    Cell::Str((!v.is_empty()).then(|| v.to_string()))
}
fn f(v: Option<f64>) -> Cell {
    Cell::F64(v)
}
fn u(v: usize) -> Cell {
    Cell::U32(Some(v as u32))
}
fn table(name: &'static str, cols: &[&str], rows: Vec<Vec<Cell>>) -> Table {
    for r in &rows {
        assert_eq!(r.len(), cols.len(), "{name} row");
    }
    // The sample's tables use the real tables' column names, so a renamed
    // column fails here instead of silently rendering empty in the report.
    use callscore::targets::judge as j;
    let real = match name {
        "targets" => j::TARGET_COLUMNS,
        "commitments" => j::COMMITMENT_COLUMNS,
        "gaps" => j::GAP_COLUMNS,
        "outcomes" => j::OUTCOME_COLUMNS,
        "violations" => j::VIOLATION_COLUMNS,
        _ => panic!("no column list for the sample table {name}"),
    };
    for c in cols {
        assert!(
            real.contains(c),
            "{name}.{c} is not a column of the real table"
        );
    }
    Table {
        name,
        columns: cols.iter().map(|c| c.to_string()).collect(),
        rows,
    }
}

fn iso_week(date: &str) -> String {
    use chrono::Datelike;
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

fn median(v: &mut [f64]) -> Option<f64> {
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

/// All the tables of a batch.
pub struct Sample {
    pub calls: Vec<CallSpec>,
    pub reps: Table,
    pub team: Table,
    pub targets: Table,
    pub outcomes: Table,
    pub violations: Table,
    pub commitments: Table,
    pub gaps: Table,
    pub timelines: Vec<Timeline>,
    pub left_out: Vec<(String, usize)>,
}

/// The metrics the real aggregation compares, so the sample cannot drift from it.
const KEY: &[&str] = callscore::aggregate::KEY_METRICS;

fn metric(c: &CallSpec, m: &str) -> Option<f64> {
    match m {
        "talk_ratio" => Some(c.talk_ratio),
        "longest_monologue_s" => Some(c.monologue_s),
        "first_pitch_min" => c.first_pitch_min,
        "rep_questions" => Some(c.questions as f64),
        "rep_open_questions" => Some((c.questions / 2) as f64),
        "questions_per_hour" => Some(c.questions as f64 / (c.duration_s / 3600.0)),
        "patience_s" => Some(0.6 + c.talk_ratio),
        "rep_interruptions" => Some((c.talk_ratio * 6.0).floor()),
        "rep_wpm" => Some(130.0 + c.talk_ratio * 40.0),
        _ => None,
    }
}

fn figures(calls: &[&CallSpec]) -> Vec<(String, Option<f64>)> {
    let mut out = Vec::new();
    for m in KEY {
        let mut v: Vec<f64> = calls.iter().filter_map(|c| metric(c, m)).collect();
        let mean = (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
        let med = median(&mut v);
        let p90 = v
            .get(((v.len() as f64 * 0.9).ceil() as usize).saturating_sub(1))
            .copied();
        out.push((format!("{m}_mean"), mean));
        out.push((format!("{m}_median"), med));
        out.push((format!("{m}_p90"), p90));
    }
    let share = |f: &dyn Fn(&CallSpec) -> Option<bool>| {
        let v: Vec<bool> = calls.iter().filter_map(|c| f(c)).collect();
        (!v.is_empty()).then(|| v.iter().filter(|b| **b).count() as f64 / v.len() as f64)
    };
    out.push(("share_next_step".into(), share(&|_| Some(true))));
    out.push((
        "share_next_step_dated".into(),
        share(&|c| Some(c.dated_next_step)),
    ));
    out.push((
        "share_discovery_pitch_before_12".into(),
        share(&|c| {
            (c.call_type == "discovery").then(|| c.first_pitch_min.is_some_and(|m| m < 12.0))
        }),
    ));
    out
}

impl Sample {
    /// Every table, derived from the calls.
    pub fn from_calls(calls: Vec<CallSpec>, with_commitments: bool) -> Sample {
        let mut by_rep: BTreeMap<(String, String), Vec<&CallSpec>> = BTreeMap::new();
        let mut by_team: BTreeMap<String, Vec<&CallSpec>> = BTreeMap::new();
        for c in &calls {
            by_rep
                .entry((c.team.clone(), c.rep.clone()))
                .or_default()
                .push(c);
            by_team.entry(c.team.clone()).or_default().push(c);
        }
        let weeks: std::collections::BTreeSet<String> =
            calls.iter().map(|c| iso_week(&c.date)).collect();

        // team
        let fig_cols: Vec<String> = figures(&[]).into_iter().map(|(n, _)| n).collect();
        let mut team_cols = vec!["team".to_string(), "calls".to_string()];
        team_cols.extend(fig_cols.iter().cloned());
        let mut team_rows = Vec::new();
        let all: Vec<&CallSpec> = calls.iter().collect();
        for (name, cs) in by_team
            .iter()
            .map(|(k, v)| (k.as_str(), v))
            .chain([("all", &all)])
        {
            let mut row = vec![s(name), u(cs.len())];
            row.extend(figures(cs).into_iter().map(|(_, v)| f(v)));
            team_rows.push(row);
        }
        let team_median = |team: &str, m: &str| {
            let mut v: Vec<f64> = by_team[team].iter().filter_map(|c| metric(c, m)).collect();
            median(&mut v)
        };

        // reps
        let mut rep_cols = vec![
            "team".to_string(),
            "rep".into(),
            "week".into(),
            "calls".into(),
        ];
        for m in KEY {
            for suffix in ["mean", "median", "p90", "team_median", "delta", "pct_rank"] {
                rep_cols.push(format!("{m}_{suffix}"));
            }
        }
        rep_cols.extend(fig_cols.iter().filter(|c| c.starts_with("share")).cloned());
        let mut rep_rows = Vec::new();
        for ((team, rep), cs) in &by_rep {
            let mut groups: Vec<(String, Vec<&CallSpec>)> = vec![(String::new(), cs.clone())];
            if weeks.len() > 1 {
                for w in &weeks {
                    let wc: Vec<&CallSpec> = cs
                        .iter()
                        .copied()
                        .filter(|c| &iso_week(&c.date) == w)
                        .collect();
                    if !wc.is_empty() {
                        groups.push((w.clone(), wc));
                    }
                }
            }
            for (week, gc) in groups {
                let figs: BTreeMap<String, Option<f64>> = figures(&gc).into_iter().collect();
                let mut row = vec![s(team), s(rep), s(&week), u(gc.len())];
                for m in KEY {
                    let med = figs[&format!("{m}_median")];
                    let tm = team_median(team, m);
                    row.push(f(figs[&format!("{m}_mean")]));
                    row.push(f(med));
                    row.push(f(figs[&format!("{m}_p90")]));
                    row.push(f(tm));
                    row.push(f(med.zip(tm).map(|(a, b)| a - b)));
                    row.push(f(med.map(|_| 0.5)));
                }
                for c in fig_cols.iter().filter(|c| c.starts_with("share")) {
                    row.push(f(figs[c]));
                }
                rep_rows.push(row);
            }
        }

        // outcomes, violations
        let mut outcomes = Vec::new();
        let mut violations = Vec::new();
        for c in &calls {
            for (t, (name, ..)) in TARGETS.iter().enumerate() {
                let (status, value, at_s, quote, why) = judge(c, t);
                let link = c
                    .link
                    .as_ref()
                    .zip(at_s)
                    .map(|(l, a)| format!("{l}?t={}", a.round() as u64));
                outcomes.push(vec![
                    s(name),
                    s(&c.rep),
                    s(&c.team),
                    s(&c.call_id),
                    s(&c.date),
                    s(&c.call_type),
                    s(&c.source),
                    s(status),
                    f(value),
                    f(at_s),
                    s(&quote),
                    s(&why),
                    s(link.as_deref().unwrap_or("")),
                ]);
                if status == "fail" {
                    violations.push(vec![
                        s(&c.rep),
                        s(&c.team),
                        s(name),
                        s(&c.call_id),
                        s(&c.date),
                        s(&c.call_type),
                        s(&c.source),
                        f(at_s),
                        s(&quote),
                        s(&why),
                        s(link.as_deref().unwrap_or("")),
                    ]);
                }
            }
        }

        // targets, gaps
        let mut target_rows = Vec::new();
        let mut missed: Vec<Vec<String>> = vec![Vec::new(); TARGETS.len()];
        let mut evaluated = vec![0usize; TARGETS.len()];
        for ((team, rep), cs) in &by_rep {
            for (t, (name, rule, metric, threshold, op)) in TARGETS.iter().enumerate() {
                let mut periods: Vec<(String, Vec<&CallSpec>)> = vec![(String::new(), cs.clone())];
                for w in &weeks {
                    periods.push((
                        w.clone(),
                        cs.iter()
                            .copied()
                            .filter(|c| &iso_week(&c.date) == w)
                            .collect(),
                    ));
                }
                for (week, pc) in periods {
                    let st: Vec<&str> = pc.iter().map(|c| judge(c, t).0).collect();
                    let passed = st.iter().filter(|s| **s == "pass").count();
                    let failed = st.iter().filter(|s| **s == "fail").count();
                    let na = st.len() - passed - failed;
                    let applicable = passed + failed;
                    let share = (applicable > 0).then(|| passed as f64 / applicable as f64);
                    let status = match share {
                        None => "no applicable calls",
                        Some(x) if x >= 0.8 => "met",
                        Some(_) => "missed",
                    };
                    if week.is_empty() && applicable > 0 {
                        evaluated[t] += 1;
                        if status == "missed" {
                            missed[t].push(rep.clone());
                        }
                    }
                    target_rows.push(vec![
                        s(name),
                        s(rule),
                        s(rep),
                        s(team),
                        s(&week),
                        u(applicable),
                        u(passed),
                        u(failed),
                        u(na),
                        f(share),
                        s("share >= 0.80"),
                        s(status),
                        s(metric),
                        f((!metric.is_empty()).then_some(*threshold)),
                        s(op),
                    ]);
                }
            }
        }
        let gap_rows = TARGETS
            .iter()
            .enumerate()
            .filter(|(t, _)| missed[*t].len() * 2 > evaluated[*t])
            .map(|(t, (name, ..))| {
                vec![
                    s(name),
                    u(missed[t].len()),
                    u(evaluated[t]),
                    s(&missed[t].join("; ")),
                ]
            })
            .collect();

        // commitments: the first rep of each team agreed to hold the pitch.
        let mut commitment_rows = Vec::new();
        if with_commitments {
            let mut teams_done = std::collections::BTreeSet::new();
            for ((team, rep), cs) in &by_rep {
                if !teams_done.insert(team.clone()) {
                    continue;
                }
                let start = cs
                    .iter()
                    .map(|c| c.date.as_str())
                    .min()
                    .unwrap()
                    .to_string();
                let end = chrono::NaiveDate::parse_from_str(&start, "%Y-%m-%d").unwrap()
                    + chrono::Days::new(13);
                let end = end.format("%Y-%m-%d").to_string();
                let mut periods = vec![(String::new(), cs.clone())];
                periods.push((iso_week(&start), cs.clone()));
                periods.push((iso_week(&end), vec![]));
                for (week, pc) in periods {
                    let st: Vec<&str> = pc.iter().map(|c| judge(c, 0).0).collect();
                    let passed = st.iter().filter(|s| **s == "pass").count();
                    let applicable = st.iter().filter(|s| **s != "n/a").count();
                    let share = (applicable > 0).then(|| passed as f64 / applicable as f64);
                    let status = match share {
                        None => "no applicable calls",
                        Some(x) if x >= 0.8 => "met",
                        Some(_) => "not yet",
                    };
                    commitment_rows.push(vec![
                        s("Hold the pitch until minute 12"),
                        s(rep),
                        s(TARGETS[0].1),
                        s(&start),
                        s(&end),
                        s(&week),
                        u(pc.len()),
                        u(applicable),
                        u(passed),
                        f(share),
                        s("share >= 0.80"),
                        s(if week.is_empty() { "missed" } else { "" }),
                        s(status),
                    ]);
                }
            }
        }

        Sample {
            reps: Table {
                name: "reps",
                columns: rep_cols,
                rows: rep_rows,
            },
            team: Table {
                name: "team",
                columns: team_cols,
                rows: team_rows,
            },
            targets: table(
                "targets",
                &[
                    "target",
                    "rule",
                    "rep",
                    "team",
                    "week",
                    "applicable",
                    "passed",
                    "failed",
                    "not_applicable",
                    "share",
                    "needed",
                    "status",
                    "metric",
                    "threshold",
                    "op",
                ],
                target_rows,
            ),
            outcomes: table(
                "outcomes",
                &[
                    "target",
                    "rep",
                    "team",
                    "call_id",
                    "date",
                    "call_type",
                    "source",
                    "status",
                    "value",
                    "at_s",
                    "quote",
                    "why",
                    "link",
                ],
                outcomes,
            ),
            violations: table(
                "violations",
                &[
                    "rep",
                    "team",
                    "target",
                    "call_id",
                    "date",
                    "call_type",
                    "source",
                    "at_s",
                    "quote",
                    "why",
                    "link",
                ],
                violations,
            ),
            commitments: table(
                "commitments",
                &[
                    "commitment",
                    "rep",
                    "rule",
                    "start",
                    "end",
                    "week",
                    "calls",
                    "applicable",
                    "passed",
                    "share",
                    "needed",
                    "first_72h",
                    "status",
                ],
                commitment_rows,
            ),
            gaps: table("gaps", callscore::targets::judge::GAP_COLUMNS, gap_rows),
            timelines: Vec::new(),
            left_out: Vec::new(),
            calls,
        }
    }

    /// Timelines for the calls with a miss, at most `per_rep` per rep; the
    /// rest counted as left out.
    pub fn with_timelines(mut self, per_rep: usize) -> Sample {
        let mut count: BTreeMap<String, usize> = BTreeMap::new();
        let mut left: BTreeMap<String, usize> = BTreeMap::new();
        for c in &self.calls {
            let missed = (0..TARGETS.len()).any(|t| judge(c, t).0 == "fail");
            if !missed {
                continue;
            }
            let n = count.entry(c.rep.clone()).or_default();
            if *n >= per_rep {
                *left.entry(c.rep.clone()).or_default() += 1;
                continue;
            }
            *n += 1;
            self.timelines.push(timeline_of(c));
        }
        self.left_out = left.into_iter().collect();
        self
    }

    pub fn batch(&self) -> BatchInfo {
        let first = self.calls.iter().map(|c| c.date.clone()).min();
        let last = self.calls.iter().map(|c| c.date.clone()).max();
        BatchInfo {
            found: self.calls.len() + 1,
            scored: self.calls.len(),
            failed: 1,
            skipped: 0,
            first_date: first,
            last_date: last,
            reps: self
                .reps
                .rows
                .iter()
                .filter(|r| r[2] == Cell::Str(None))
                .count(),
            teams: self.team.rows.len() - 1,
            generated_by: "callscore 0.1.0".into(),
            definitions_url: "https://github.com/callscore/callscore/blob/main/docs/metrics.md"
                .into(),
        }
    }

    /// The report's input; `checked` adds the `check` tables.
    pub fn input(&self, checked: bool) -> ReportInput<'_> {
        ReportInput {
            batch: self.batch(),
            reps: Some(&self.reps),
            team: Some(&self.team),
            check: checked.then_some(CheckTables {
                targets: &self.targets,
                violations: &self.violations,
                outcomes: &self.outcomes,
                commitments: &self.commitments,
                gaps: &self.gaps,
            }),
            timelines: &self.timelines,
            timelines_left_out: self.left_out.clone(),
        }
    }
}

/// A plausible timeline for a call: alternating turns, the rep's share of
/// talk as measured, the monologue where it was.
pub fn timeline_of(c: &CallSpec) -> Timeline {
    let dur = (c.duration_s * 1000.0) as u64;
    let mut speech = Vec::new();
    let mut t = 0u64;
    let mut i = 0u64;
    let mono = (
        (c.monologue_at_s * 1000.0) as u64,
        ((c.monologue_at_s + c.monologue_s) * 1000.0) as u64,
    );
    while t < dur {
        // Turn lengths vary a little and follow the talk ratio.
        let wobble = 6_000 + (i * 7_919) % 9_000;
        let rep_len = (wobble as f64 * c.talk_ratio * 2.0) as u64;
        let buyer_len = (wobble as f64 * (1.0 - c.talk_ratio) * 2.0) as u64;
        if t >= mono.0 && t < mono.1 {
            speech.push((mono.0, mono.1.min(dur), Role::Rep));
            t = mono.1 + 400;
            continue;
        }
        speech.push((t, (t + rep_len).min(dur), Role::Rep));
        t += rep_len + 500;
        if t < dur {
            speech.push((t, (t + buyer_len).min(dur), Role::Buyer));
        }
        t += buyer_len + 700;
        i += 1;
    }
    speech.sort_by_key(|s| (s.2, s.0));
    let mut marks = Vec::new();
    for q in 0..c.questions as u64 {
        marks.push(Mark {
            kind: MarkKind::Question,
            at_ms: 60_000 + q * (dur.saturating_sub(120_000)) / c.questions.max(1) as u64,
            quote: "What does your dispatch look like on a busy Monday?".into(),
        });
    }
    if let Some(m) = c.first_pitch_min {
        marks.push(Mark {
            kind: MarkKind::Pitch,
            at_ms: (m * 60_000.0) as u64,
            quote: c.pitch_quote.clone(),
        });
    }
    marks.push(Mark {
        kind: MarkKind::Monologue,
        at_ms: mono.0,
        quote: c.monologue_quote.clone(),
    });
    marks.push(Mark {
        kind: MarkKind::NextStep,
        at_ms: dur.saturating_sub(40_000),
        quote: c.close_quote.clone(),
    });
    marks.sort_by_key(|m| m.at_ms);
    Timeline {
        call_id: c.call_id.clone(),
        rep: Some(c.rep.clone()),
        date: Some(c.date.clone()),
        source: c.source.clone(),
        recording_url: c.link.clone(),
        duration_ms: dur,
        speech,
        marks,
    }
}

/// The sample week: 17 calls, four reps, two teams.
pub fn week() -> Sample {
    // (rep, team, slug, date, type, ext, minutes, talk, pitch, questions, monologue s, dated)
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        f64,
        f64,
        Option<f64>,
        u32,
        f64,
        bool,
    );
    let rows: &[Row] = &[
        (
            "Dana Reyes",
            "East",
            "acme-hvac",
            "2026-11-16",
            "discovery",
            "vtt",
            31.0,
            0.62,
            Some(7.7),
            9,
            142.0,
            true,
        ),
        (
            "Dana Reyes",
            "East",
            "harbor-mechanical",
            "2026-11-17",
            "demo",
            "txt",
            38.0,
            0.55,
            Some(4.1),
            7,
            188.0,
            false,
        ),
        (
            "Dana Reyes",
            "East",
            "greenleaf-pest",
            "2026-11-18",
            "discovery",
            "json",
            27.0,
            0.47,
            Some(14.2),
            13,
            74.0,
            true,
        ),
        (
            "Dana Reyes",
            "East",
            "pioneer-electric",
            "2026-11-19",
            "discovery",
            "json",
            29.0,
            0.58,
            Some(5.3),
            8,
            131.0,
            true,
        ),
        (
            "Dana Reyes",
            "East",
            "lakeshore-plumbing",
            "2026-11-20",
            "follow-up",
            "rttm",
            18.0,
            0.44,
            None,
            0,
            52.0,
            true,
        ),
        (
            "Sam Okafor",
            "East",
            "northside-plumbing",
            "2026-11-16",
            "discovery",
            "vtt",
            33.0,
            0.41,
            Some(13.5),
            15,
            61.0,
            true,
        ),
        (
            "Sam Okafor",
            "East",
            "keystone-heating",
            "2026-11-17",
            "follow-up",
            "txt",
            21.0,
            0.39,
            None,
            9,
            48.0,
            false,
        ),
        (
            "Sam Okafor",
            "East",
            "metro-air",
            "2026-11-18",
            "demo",
            "json",
            41.0,
            0.52,
            Some(3.2),
            6,
            166.0,
            true,
        ),
        (
            "Sam Okafor",
            "East",
            "liberty-pest",
            "2026-11-19",
            "negotiation",
            "json",
            24.0,
            0.45,
            None,
            8,
            70.0,
            true,
        ),
        (
            "Priya Natarajan",
            "West",
            "sunset-pest",
            "2026-11-16",
            "demo",
            "vtt",
            36.0,
            0.48,
            Some(2.9),
            10,
            95.0,
            true,
        ),
        (
            "Priya Natarajan",
            "West",
            "bayview-plumbing",
            "2026-11-17",
            "discovery",
            "csv",
            30.0,
            0.36,
            Some(15.8),
            16,
            55.0,
            true,
        ),
        (
            "Priya Natarajan",
            "West",
            "cascade-hvac",
            "2026-11-18",
            "follow-up",
            "json",
            19.0,
            0.43,
            None,
            7,
            44.0,
            true,
        ),
        (
            "Priya Natarajan",
            "West",
            "evergreen-home",
            "2026-11-19",
            "discovery",
            "json",
            28.0,
            0.40,
            None,
            14,
            58.0,
            true,
        ),
        (
            "Marcus Bell",
            "West",
            "ridgeline-electric",
            "2026-11-16",
            "discovery",
            "srt",
            26.0,
            0.66,
            Some(9.1),
            5,
            204.0,
            false,
        ),
        (
            "Marcus Bell",
            "West",
            "copper-state-electric",
            "2026-11-17",
            "negotiation",
            "jsonl",
            22.0,
            0.57,
            None,
            4,
            121.0,
            true,
        ),
        (
            "Marcus Bell",
            "West",
            "summit-plumbing",
            "2026-11-18",
            "discovery",
            "json",
            34.0,
            0.61,
            Some(12.6),
            6,
            176.0,
            false,
        ),
        (
            "Marcus Bell",
            "West",
            "tristate-hvac",
            "2026-11-20",
            "demo",
            "json",
            39.0,
            0.70,
            Some(1.8),
            5,
            233.0,
            true,
        ),
    ];
    let calls = rows
        .iter()
        .map(|&(rep, team, slug, date, call_type, ext, minutes, talk, pitch, questions, mono, dated)| {
            let first = rep.split(' ').next().unwrap().to_lowercase();
            let call_id = format!("{date}-{first}-{slug}");
            let path = date.replace('-', "/");
            CallSpec {
                rep: rep.into(),
                team: team.into(),
                source: format!("week/{call_id}.{ext}"),
                link: Some(format!(
                    "https://recordings.example.com/brightlane/{path}/{call_id}"
                )),
                call_id,
                date: date.into(),
                call_type: call_type.into(),
                duration_s: minutes * 60.0,
                talk_ratio: talk,
                first_pitch_min: pitch,
                questions,
                monologue_s: mono,
                monologue_at_s: minutes * 60.0 * 0.35,
                dated_next_step: dated,
                pitch_quote: "Let me show you how the dispatch board handles that — you can drag any job onto a tech's day.".into(),
                monologue_quote: "So what we do is we take every job that comes in, whether it's from the phone or the web form, and we put it straight onto one board…".into(),
                close_quote: if dated {
                    "Let's book the walkthrough for Thursday at ten, I'll send the invite now.".into()
                } else {
                    "Great, let's stay in touch and circle back sometime next month.".into()
                },
            }
        })
        .collect();
    Sample::from_calls(calls, true).with_timelines(2)
}

/// `reps` reps with `calls_per_rep` calls over `weeks` weeks, every call
/// missing every target, long quotes: the report's worst case for size.
pub fn synthetic(
    reps: usize,
    calls_per_rep: usize,
    weeks: usize,
    timelines_per_rep: usize,
) -> Sample {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 9, 7).unwrap();
    let mut calls = Vec::with_capacity(reps * calls_per_rep);
    for r in 0..reps {
        for k in 0..calls_per_rep {
            let day = (k * weeks * 7 / calls_per_rep.max(1)) as u64;
            let date = (start + chrono::Days::new(day))
                .format("%Y-%m-%d")
                .to_string();
            let rep = format!("Rep {r:04} Lastname");
            let call_id = format!("{date}-rep{r:04}-call{k:05}");
            calls.push(CallSpec {
                rep,
                team: format!("Team {}", r % 40),
                source: format!("calls/{call_id}.json"),
                link: Some(format!("https://recordings.example.com/{call_id}")),
                call_id,
                date,
                call_type: "discovery".into(),
                duration_s: 3600.0,
                talk_ratio: 0.6 + (k % 7) as f64 / 100.0,
                first_pitch_min: Some(3.0 + (k % 8) as f64),
                questions: 40,
                monologue_s: 300.0,
                monologue_at_s: 900.0,
                dated_next_step: false,
                pitch_quote: "p".repeat(400),
                monologue_quote: "m".repeat(400),
                close_quote: "c".repeat(400),
            });
        }
    }
    Sample::from_calls(calls, true).with_timelines(timelines_per_rep)
}
