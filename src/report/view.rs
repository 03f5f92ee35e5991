//! What the page shows, worked out from the tables before any HTML: the
//! batch header, the team overview (one row per rep, each behaviour beside
//! the team median and marked by the status of the target that measures
//! it), the team-wide gaps, and one section per rep ([`super::rep`]). The
//! template only lays this out.

use std::collections::{BTreeMap, HashMap};

use super::fmt::{doc_href, period, Unit};
use super::parts;
use super::rep::{self, RepView};
use super::ReportInput;
use crate::output::rows::{Row, Rows};

/// A target or commitment status, as the table says it, and how it is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    /// `met`, `miss` or `na`: the CSS class and icon.
    pub class: &'static str,
    /// The table's own word (`met`, `missed`, `not yet`, `no applicable calls`).
    pub label: String,
}

impl Status {
    pub fn of(text: &str) -> Status {
        let class = match text.trim().to_ascii_lowercase().as_str() {
            "met" | "pass" | "passed" => "met",
            "missed" | "not yet" | "fail" | "failed" => "miss",
            _ => "na",
        };
        Status {
            class,
            label: if text.trim().is_empty() {
                "no status".into()
            } else {
                text.trim().to_string()
            },
        }
    }

    /// Worse statuses rank higher: a missed target outweighs a met one.
    pub fn rank(&self) -> u8 {
        match self.class {
            "miss" => 2,
            "met" => 1,
            _ => 0,
        }
    }
}

/// A behaviour shown in the team overview.
pub struct Behaviour {
    pub label: &'static str,
    pub hint: &'static str,
    /// Column of `reps` (and `team`) holding the rep's figure.
    pub column: &'static str,
    /// Column of `reps` holding the team median, when there is one; else the
    /// same column is read from the rep's row of `team`.
    pub team_column: Option<&'static str>,
    pub unit: Unit,
    /// Words that tie a target to this behaviour (in its metric, rule or name).
    pub aliases: &'static [&'static str],
}

pub const OVERVIEW: &[Behaviour] = &[
    Behaviour {
        label: "Talk ratio",
        hint: "median share of rep + buyer talk time taken by the rep",
        column: "talk_ratio_median",
        team_column: Some("talk_ratio_team_median"),
        unit: Unit::Share,
        aliases: &["talk_ratio", "talk ratio", "talk"],
    },
    Behaviour {
        label: "First pitch",
        hint: "median minute of the rep's first pitch",
        column: "first_pitch_min_median",
        team_column: Some("first_pitch_min_team_median"),
        unit: Unit::Minutes,
        aliases: &["first_pitch", "pitch"],
    },
    Behaviour {
        label: "Questions / call",
        hint: "median questions asked by the rep per call",
        column: "rep_questions_median",
        team_column: Some("rep_questions_team_median"),
        unit: Unit::Number,
        aliases: &["question"],
    },
    Behaviour {
        label: "Dated next step",
        hint: "share of calls ending with a next step that has a date",
        column: "share_next_step_dated",
        team_column: None,
        unit: Unit::Share,
        aliases: &["next_step", "next step"],
    },
    Behaviour {
        label: "Longest monologue",
        hint: "median of each call's longest rep monologue (m:ss)",
        column: "longest_monologue_s_median",
        team_column: Some("longest_monologue_s_team_median"),
        unit: Unit::Seconds,
        aliases: &["monologue"],
    },
];

/// Which overview behaviour a target measures, from its metric, rule or name.
pub fn behaviour_of(target: &Row) -> Option<usize> {
    let texts = [
        target.str("metric"),
        target.str("rule"),
        target.str("target"),
    ];
    texts.iter().flatten().find_map(|t| {
        let t = t.to_ascii_lowercase();
        OVERVIEW
            .iter()
            .position(|b| b.aliases.iter().any(|a| t.contains(a)))
    })
}

/// One cell of the overview.
pub struct Cell {
    pub value: String,
    /// The number the column sorts by (empty sorts last).
    pub sort: String,
    pub team: String,
    pub status: Option<Status>,
    pub title: String,
}

/// One rep's row of the overview.
pub struct OverviewRow {
    pub anchor: String,
    pub name: String,
    pub team: String,
    pub calls: String,
    pub cells: Vec<Cell>,
    /// "2 of 3 met", with the worst status, when targets were checked.
    pub targets: Option<(String, Status)>,
}

/// A team-wide gap: a group-coaching topic.
pub struct Gap {
    pub target: String,
    pub needed: Option<String>,
    pub missed: String,
    pub reps: Vec<(String, Option<String>)>,
}

/// The whole page.
pub struct Page<'a> {
    pub title: String,
    pub period: String,
    pub found: usize,
    pub scored: usize,
    pub failed: usize,
    pub skipped: usize,
    pub rep_count: usize,
    pub team_count: usize,
    pub generated_by: String,
    pub definitions: Option<String>,
    pub checked: bool,
    pub overview: Vec<OverviewRow>,
    /// Team medians under the overview: (team, cells).
    pub team_rows: Vec<(String, Vec<String>)>,
    pub gaps: Vec<Gap>,
    pub reps: Vec<RepView<'a>>,
}

/// How a rep is named when the batch could not tell.
pub const UNKNOWN_REP: &str = "(rep unknown)";

/// Builds the page from the tables.
pub fn page<'a>(input: &ReportInput<'a>) -> Page<'a> {
    let b = &input.batch;
    let period = period(b.first_date.as_deref(), b.last_date.as_deref());
    let reps = rep::all(input);
    let anchors: HashMap<&str, &str> = reps
        .iter()
        .map(|r| (r.name.as_str(), r.anchor.as_str()))
        .collect();

    // Team medians over the calls each target judged, for the overview
    // cells a target measures on some calls only.
    let mut team_judged: HashMap<(&str, &str), Vec<f64>> = HashMap::new();
    if let Some(c) = input.check {
        for o in Rows::new(c.outcomes).iter() {
            if let (Some(v), Some("pass" | "fail")) = (o.f64("value"), o.str("status")) {
                team_judged
                    .entry((o.str("team").unwrap_or(""), o.str("target").unwrap_or("")))
                    .or_default()
                    .push(v);
            }
        }
    }
    let team_rows_tbl = input.team.map(Rows::new);
    let team_row = |team: &str| {
        team_rows_tbl
            .as_ref()
            .and_then(|t| t.iter().find(|r| r.str("team") == Some(team)))
    };
    let overview = reps
        .iter()
        .map(|r| {
            let cells = OVERVIEW
                .iter()
                .enumerate()
                .map(|(i, beh)| {
                    let mut v = r.row.and_then(|row| row.f64(beh.column));
                    let mut team_v = match beh.team_column {
                        Some(c) => r.row.and_then(|row| row.f64(c)),
                        None => team_row(&r.team).and_then(|t| t.f64(beh.column)),
                    };
                    let status = r.behaviour_status.get(&i).cloned();
                    let mut title = beh.hint.to_string();
                    if let Some((m, n, target)) = r.behaviour_value.get(&i) {
                        v = Some(*m);
                        team_v = team_judged
                            .get(&(r.team.as_str(), target.as_str()))
                            .and_then(|vals| parts::median(vals.clone()));
                        let calls = if *n == 1 { "call" } else { "calls" };
                        title = format!("{title}, over the {n} {calls} “{target}” applies to");
                    }
                    if let Some(s) = &status {
                        title = format!("{title}; target {}", s.label);
                    }
                    Cell {
                        value: v.map(|v| beh.unit.show(v)).unwrap_or_else(|| "–".into()),
                        sort: v.map(|v| format!("{v}")).unwrap_or_default(),
                        team: team_v
                            .map(|v| format!("team {}", beh.unit.show(v)))
                            .unwrap_or_default(),
                        status,
                        title,
                    }
                })
                .collect();
            OverviewRow {
                anchor: r.anchor.clone(),
                name: r.name.clone(),
                team: r.team.clone(),
                calls: r.calls.clone(),
                cells,
                targets: r.target_summary.clone(),
            }
        })
        .collect();

    let team_rows = team_rows_tbl
        .iter()
        .flat_map(|t| t.iter())
        .map(|row| {
            let name = match row.str("team") {
                Some("all") => "All teams".to_string(),
                Some(t) => format!("Team {t}"),
                None => "No team".to_string(),
            };
            let team = row.str("team").unwrap_or("");
            let cells = OVERVIEW
                .iter()
                .enumerate()
                .map(|(i, beh)| {
                    // The same calls as the reps' cells above it.
                    let judged = reps.iter().find_map(|r| r.behaviour_value.get(&i)).map(
                        |(_, _, target)| {
                            let vals: Vec<f64> = team_judged
                                .iter()
                                .filter(|((t, g), _)| g == target && (team == "all" || *t == team))
                                .flat_map(|(_, v)| v.iter().copied())
                                .collect();
                            parts::median(vals)
                        },
                    );
                    judged
                        .unwrap_or_else(|| row.f64(beh.column))
                        .map(|v| beh.unit.show(v))
                        .unwrap_or_else(|| "–".into())
                })
                .collect();
            (name, cells)
        })
        .collect();

    let gaps = input
        .check
        .map(|c| {
            let targets = Rows::new(c.targets);
            let mut needed: BTreeMap<&str, &str> = BTreeMap::new();
            for t in targets.iter() {
                if let (Some(name), Some(n)) = (t.str("target"), t.str("needed")) {
                    needed.entry(name).or_insert(n);
                }
            }
            Rows::new(c.gaps)
                .iter()
                .map(|g| {
                    let target = g.str("target").unwrap_or("(unnamed target)");
                    Gap {
                        target: target.to_string(),
                        needed: needed.get(target).map(|s| s.to_string()),
                        missed: format!(
                            "missed by {} of {} reps",
                            g.u32("reps_missed").unwrap_or(0),
                            g.u32("reps_evaluated").unwrap_or(0)
                        ),
                        reps: g
                            .str("reps")
                            .unwrap_or("")
                            .split(';')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(|s| (s.to_string(), anchors.get(s).map(|a| a.to_string())))
                            .collect(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();

    Page {
        title: format!("Coaching report · {period}"),
        period,
        found: b.found,
        scored: b.scored,
        failed: b.failed,
        skipped: b.skipped,
        rep_count: b.reps,
        team_count: b.teams,
        generated_by: b.generated_by.clone(),
        definitions: doc_href(&b.definitions_url),
        checked: input.check.is_some(),
        overview,
        team_rows,
        gaps,
        reps,
    }
}
