//! Gathering the verdicts of a batch, call by call in batch order, into the
//! per-rep answers: for each target and rep, how many applicable calls passed
//! and whether that meets the target (over the period and week by week); for
//! each commitment, the calls in its window and its status; and the targets
//! missed by more than half of the reps (a topic for group coaching).
//!
//! Every verdict is streamed to `outcomes.*` and every miss to
//! `violations.*`; in memory only counters and the first moments per rep and
//! target are kept (for the screen and the report).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;

use super::{CheckOf, Checks, Pass};
use crate::output::record::{CallRecord, Cell, CALL_COLUMNS};
use crate::output::{OutFormat, Table, TableWriter};
use crate::rules::eval::{clock, Status};

/// Moments of misses kept in memory per rep and check.
pub const MOMENTS_KEPT: usize = 50;
/// Verdicts kept in memory per rep and check (the report's per-call charts).
pub const OUTCOMES_KEPT: usize = 400;

/// The tables a judged run writes.
pub const TABLES: &[&str] = &["outcomes", "violations", "targets", "commitments", "gaps"];

/// The columns of `targets`: one row per target and rep, for the whole period (empty `week`) and per ISO week.
pub const TARGET_COLUMNS: &[&str] = &[
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
    "op",
    "threshold",
    "source",
];

/// The columns of `commitments`: one row per commitment, whole window and per week.
pub const COMMITMENT_COLUMNS: &[&str] = &[
    "commitment",
    "rep",
    "rule",
    "start",
    "end",
    "week",
    "calls",
    "applicable",
    "passed",
    "failed",
    "not_applicable",
    "share",
    "needed",
    "first_72h",
    "status",
];

/// The columns of `gaps`: targets missed by more than half of the reps.
pub const GAP_COLUMNS: &[&str] = &["target", "reps_missed", "reps_evaluated", "reps"];

pub const OUTCOME_COLUMNS: &[&str] = &[
    "target",
    "kind",
    "rep",
    "team",
    "call_id",
    "date",
    "call_type",
    "source",
    "status",
    "value",
    "at_s",
    "time",
    "quote",
    "why",
    "link",
    "line",
];

pub const VIOLATION_COLUMNS: &[&str] = &[
    "rep",
    "team",
    "target",
    "kind",
    "call_id",
    "date",
    "call_type",
    "source",
    "at_s",
    "time",
    "quote",
    "why",
    "link",
    "line",
];

/// How links to a recording at a second are made.
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// `https://calls.example.com/{call_id}?t={seconds}`.
    pub template: Option<String>,
}

impl Links {
    /// A link to the recording at `at_s`: the template when given, else the
    /// manifest's `recording_url` (its `{seconds}` filled, or a `#t=` media
    /// fragment added).
    pub fn at(
        &self,
        call_id: &str,
        source: &str,
        url: Option<&str>,
        at_s: Option<f64>,
    ) -> Option<String> {
        let secs = at_s.map(|s| s.floor() as u64).unwrap_or(0).to_string();
        if let Some(t) = &self.template {
            return Some(
                t.replace("{call_id}", call_id)
                    .replace("{seconds}", &secs)
                    .replace("{source}", source),
            );
        }
        let url = url?;
        Some(if url.contains("{seconds}") {
            url.replace("{seconds}", &secs)
        } else if at_s.is_some() {
            format!("{url}#t={secs}")
        } else {
            url.to_string()
        })
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    applicable: u32,
    passed: u32,
    failed: u32,
    na: u32,
}

impl Counts {
    fn add(&mut self, s: Status) {
        match s {
            Status::Pass => {
                self.applicable += 1;
                self.passed += 1
            }
            Status::Fail => {
                self.applicable += 1;
                self.failed += 1
            }
            Status::NotApplicable => self.na += 1,
        }
    }
}

/// A kept miss, for the screen.
#[derive(Clone, Debug)]
pub struct Miss {
    pub call_id: String,
    pub date: Option<String>,
    pub call_type: Option<String>,
    pub source: String,
    pub at_s: Option<f64>,
    pub quote: String,
    pub why: String,
    pub line: u32,
}

/// The gathering of one batch's verdicts.
pub struct Judge<'a> {
    checks: &'a Checks,
    links: Links,
    outcomes: TableWriter,
    violations: TableWriter,
    /// Reps seen in the batch, with their team.
    reps: BTreeMap<String, Option<String>>,
    /// (check, rep, ISO week or None for the period) -> counts.
    counts: BTreeMap<(u16, String, Option<String>), Counts>,
    /// (commitment, rep) -> counts over the apply-within period.
    early: BTreeMap<u16, Counts>,
    /// Commitment -> calls by its rep inside its window.
    in_window: BTreeMap<u16, u32>,
    unattributed: BTreeMap<u16, u32>,
    misses: BTreeMap<(u16, String), (Vec<Miss>, usize)>,
    kept_outcomes: BTreeMap<(u16, String), usize>,
    outcome_rows: Vec<Vec<Cell>>,
    violation_rows: Vec<Vec<Cell>>,
}

/// The finished answers.
pub struct Judged {
    pub targets: Table,
    pub commitments: Table,
    pub gaps: Table,
    /// The first verdicts per rep and check (all of them up to a cap).
    pub outcomes: Table,
    /// The first misses per rep and check.
    pub violations: Table,
    pub paths: Vec<PathBuf>,
    /// Whole-period targets missed and commitments not met.
    pub missed: usize,
    pub met: usize,
    /// (rep, check name) -> the first misses and how many there were in all.
    pub misses: BTreeMap<(String, String), (Vec<Miss>, usize)>,
    /// Check name -> verdicts on calls whose rep is unknown.
    pub unattributed: BTreeMap<String, u32>,
}

fn col(name: &str) -> usize {
    CALL_COLUMNS
        .iter()
        .position(|c| *c == name)
        .expect("a fixed calls column")
}

fn text(cells: &[Cell], name: &str) -> Option<String> {
    match &cells[col(name)] {
        Cell::Str(v) => v.clone(),
        _ => None,
    }
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

impl<'a> Judge<'a> {
    pub fn create(
        dir: &Path,
        formats: &[OutFormat],
        checks: &'a Checks,
        links: Links,
    ) -> Result<Judge<'a>> {
        Ok(Judge {
            checks,
            links,
            outcomes: TableWriter::create(dir, "outcomes", strs(OUTCOME_COLUMNS), formats)?,
            violations: TableWriter::create(dir, "violations", strs(VIOLATION_COLUMNS), formats)?,
            reps: BTreeMap::new(),
            counts: BTreeMap::new(),
            early: BTreeMap::new(),
            in_window: BTreeMap::new(),
            unattributed: BTreeMap::new(),
            misses: BTreeMap::new(),
            kept_outcomes: BTreeMap::new(),
            outcome_rows: Vec::new(),
            violation_rows: Vec::new(),
        })
    }

    /// Takes one scored call, in batch order.
    pub fn accept(&mut self, rec: &CallRecord) -> Result<()> {
        let cells = &rec.cells;
        let rep = text(cells, "rep");
        let team = text(cells, "team");
        let date = text(cells, "date");
        let parsed_date = date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let week = crate::aggregate::iso_week(date.as_deref());
        let call_id = text(cells, "call_id").unwrap_or_default();
        let source = text(cells, "source").unwrap_or_default();
        let call_type = text(cells, "call_type");
        if let Some(r) = &rep {
            self.reps.entry(r.clone()).or_insert(team.clone());
            for (i, c) in self.checks.list.iter().enumerate() {
                if let (CheckOf::Commitment(_), Some((from, to))) = (c.of, c.window) {
                    if c.applies.covers(r, team.as_deref())
                        && parsed_date.is_some_and(|d| d >= from && d <= to)
                    {
                        *self.in_window.entry(i as u16).or_default() += 1;
                    }
                }
            }
        }
        for (i, v) in &rec.verdicts {
            let check = &self.checks.list[*i as usize];
            let kind = match check.of {
                CheckOf::Target(_) => "target",
                CheckOf::Commitment(_) => "commitment",
            };
            let at_s = v.moment.as_ref().map(|m| m.at_ms as f64 / 1000.0);
            let link = (v.status == Status::Fail)
                .then(|| {
                    self.links
                        .at(&call_id, &source, rec.recording_url.as_deref(), at_s)
                })
                .flatten();
            let s = |x: &Option<String>| Cell::Str(x.clone());
            let some = |x: &str| Cell::Str(Some(x.to_string()));
            let quote = v.moment.as_ref().map(|m| m.quote.clone());
            let time = v.moment.as_ref().map(|m| clock(m.at_ms));
            let line = v.moment.as_ref().map(|m| m.line).filter(|l| *l > 0);
            let row = vec![
                some(&check.name),
                some(kind),
                s(&rep),
                s(&team),
                some(&call_id),
                s(&date),
                s(&call_type),
                some(&source),
                some(v.status.as_str()),
                Cell::F64(v.value),
                Cell::F64(at_s),
                s(&time),
                s(&quote),
                some(&v.why),
                s(&link),
                Cell::U32(line),
            ];
            self.outcomes.push(&row)?;
            let Some(r) = &rep else {
                *self.unattributed.entry(*i).or_default() += 1;
                continue;
            };
            let kept = self.kept_outcomes.entry((*i, r.clone())).or_default();
            if *kept < OUTCOMES_KEPT {
                *kept += 1;
                self.outcome_rows.push(row.clone());
            }
            self.counts
                .entry((*i, r.clone(), None))
                .or_default()
                .add(v.status);
            if week.is_some() {
                self.counts
                    .entry((*i, r.clone(), week.clone()))
                    .or_default()
                    .add(v.status);
            }
            if let (CheckOf::Commitment(ci), Some(d)) = (check.of, parsed_date) {
                let c = &self.checks.spec.commitments[ci];
                if c.apply_end().is_some_and(|end| d <= end) {
                    self.early.entry(*i).or_default().add(v.status);
                }
            }
            if v.status == Status::Fail {
                let vrow = vec![
                    some(r),
                    s(&team),
                    some(&check.name),
                    some(kind),
                    some(&call_id),
                    s(&date),
                    s(&call_type),
                    some(&source),
                    Cell::F64(at_s),
                    s(&time),
                    s(&quote),
                    some(&v.why),
                    s(&link),
                    Cell::U32(line),
                ];
                self.violations.push(&vrow)?;
                let (kept, all) = self.misses.entry((*i, r.clone())).or_default();
                *all += 1;
                if kept.len() < MOMENTS_KEPT {
                    self.violation_rows.push(vrow);
                    kept.push(Miss {
                        call_id: call_id.clone(),
                        date: date.clone(),
                        call_type: call_type.clone(),
                        source: source.clone(),
                        at_s,
                        quote: quote.clone().unwrap_or_default(),
                        why: v.why.clone(),
                        line: line.unwrap_or(0),
                    });
                }
            }
        }
        Ok(())
    }

    pub fn finish(self, dir: &Path, formats: &[OutFormat]) -> Result<Judged> {
        let mut paths = self.outcomes.finish()?;
        paths.extend(self.violations.finish()?);
        let spec = &self.checks.spec;
        let (mut missed, mut met) = (0, 0);
        let status = |c: Counts, pass: Pass| -> &'static str {
            if c.applicable == 0 {
                "no applicable calls"
            } else if pass.met(c.passed, c.applicable) {
                "met"
            } else {
                "missed"
            }
        };
        let num = |c: Counts| -> Vec<Cell> {
            vec![
                Cell::U32(Some(c.applicable)),
                Cell::U32(Some(c.passed)),
                Cell::U32(Some(c.failed)),
                Cell::U32(Some(c.na)),
                Cell::F64(
                    (c.applicable > 0).then(|| f64::from(c.passed) / f64::from(c.applicable)),
                ),
            ]
        };
        let some = |x: &str| Cell::Str(Some(x.to_string()));

        // Targets: every rep the target covers, over the period then per week.
        let mut targets = Vec::new();
        // target name -> (reps evaluated, reps missed)
        let mut per_target: BTreeMap<u16, (Vec<String>, Vec<String>)> = BTreeMap::new();
        for (i, check) in self.checks.list.iter().enumerate() {
            let CheckOf::Target(ti) = check.of else {
                continue;
            };
            let t = &spec.targets[ti];
            let (metric, op, threshold) = match &check.rule.line {
                Some((f, op, x)) => (
                    Some(f.name.clone()),
                    Some(op.as_str().to_string()),
                    Some(*x),
                ),
                None => (None, None, None),
            };
            for (rep, team) in &self.reps {
                if !check.applies.covers(rep, team.as_deref()) {
                    continue;
                }
                let key = |w: Option<String>| (i as u16, rep.clone(), w);
                let whole = self.counts.get(&key(None)).copied().unwrap_or_default();
                let st = status(whole, t.pass);
                let entry = per_target.entry(i as u16).or_default();
                match st {
                    "met" => {
                        met += 1;
                        entry.0.push(rep.clone())
                    }
                    "missed" => {
                        missed += 1;
                        entry.0.push(rep.clone());
                        entry.1.push(rep.clone());
                    }
                    _ => {}
                }
                let weeks: Vec<(Option<String>, Counts)> = std::iter::once((None, whole))
                    .chain(
                        self.counts
                            .range(key(Some(String::new()))..)
                            .take_while(|((c, r, _), _)| *c == i as u16 && r == rep)
                            .map(|((_, _, w), n)| (w.clone(), *n)),
                    )
                    .collect();
                for (week, c) in weeks {
                    let mut row = vec![
                        some(&t.name),
                        some(&check.rule.text),
                        some(rep),
                        Cell::Str(team.clone()),
                        Cell::Str(week),
                    ];
                    row.extend(num(c));
                    row.extend([
                        some(&t.pass.describe()),
                        some(status(c, t.pass)),
                        Cell::Str(metric.clone()),
                        Cell::Str(op.clone()),
                        Cell::F64(threshold),
                        Cell::Str(t.source.clone()),
                    ]);
                    targets.push(row);
                }
            }
        }

        // Commitments.
        let mut commitments = Vec::new();
        for (i, check) in self.checks.list.iter().enumerate() {
            let CheckOf::Commitment(ci) = check.of else {
                continue;
            };
            let c = &spec.commitments[ci];
            let rep = self
                .reps
                .keys()
                .find(|r| r.eq_ignore_ascii_case(&c.rep))
                .cloned()
                .unwrap_or_else(|| c.rep.clone());
            let key = |w: Option<String>| (i as u16, rep.clone(), w);
            let whole = self.counts.get(&key(None)).copied().unwrap_or_default();
            let early = self.early.get(&(i as u16)).copied().unwrap_or_default();
            let first = c.within_hours.map(|_| {
                if early.applicable == 0 {
                    "no calls"
                } else if early.passed > 0 {
                    "met"
                } else {
                    "missed"
                }
            });
            let st = if whole.applicable == 0 {
                "no applicable calls"
            } else if c.pass.met(whole.passed, whole.applicable) && first.is_none_or(|f| f == "met")
            {
                met += 1;
                "met"
            } else {
                missed += 1;
                "not yet"
            };
            let calls = self.in_window.get(&(i as u16)).copied().unwrap_or(0);
            let mut weeks: Vec<(Option<String>, Counts)> = vec![(None, whole)];
            weeks.extend(
                self.counts
                    .range(key(Some(String::new()))..)
                    .take_while(|((ci2, r, _), _)| *ci2 == i as u16 && *r == rep)
                    .map(|((_, _, w), n)| (w.clone(), *n)),
            );
            for (week, n) in weeks {
                let whole_row = week.is_none();
                let mut row = vec![
                    some(&c.name),
                    some(&rep),
                    some(&check.rule.text),
                    some(&c.start.to_string()),
                    some(&c.end().to_string()),
                    Cell::Str(week),
                    Cell::U32(whole_row.then_some(calls)),
                ];
                row.extend(num(n));
                row.extend([
                    some(&c.pass.describe()),
                    Cell::Str(if whole_row {
                        first.map(str::to_string)
                    } else {
                        None
                    }),
                    some(if whole_row {
                        st
                    } else if n.applicable == 0 {
                        "no applicable calls"
                    } else if c.pass.met(n.passed, n.applicable) {
                        "met"
                    } else {
                        "not yet"
                    }),
                ]);
                commitments.push(row);
            }
        }

        // Team-wide gaps: more than half of the evaluated reps (two or more) missed.
        let mut gaps = Vec::new();
        for (i, (evaluated, missed_by)) in &per_target {
            if evaluated.len() >= 2 && missed_by.len() * 2 > evaluated.len() {
                gaps.push(vec![
                    some(&self.checks.list[*i as usize].name),
                    Cell::U32(Some(missed_by.len() as u32)),
                    Cell::U32(Some(evaluated.len() as u32)),
                    some(&missed_by.join("; ")),
                ]);
            }
        }

        let table = |name, cols: &[&str], rows| Table {
            name,
            columns: strs(cols),
            rows,
        };
        let judged = Judged {
            targets: table("targets", TARGET_COLUMNS, targets),
            commitments: table("commitments", COMMITMENT_COLUMNS, commitments),
            gaps: table("gaps", GAP_COLUMNS, gaps),
            outcomes: table("outcomes", OUTCOME_COLUMNS, self.outcome_rows),
            violations: table("violations", VIOLATION_COLUMNS, self.violation_rows),
            paths,
            missed,
            met,
            misses: self
                .misses
                .into_iter()
                .map(|((i, rep), m)| ((rep, self.checks.list[i as usize].name.clone()), m))
                .collect(),
            unattributed: self
                .unattributed
                .into_iter()
                .map(|(i, n)| (self.checks.list[i as usize].name.clone(), n))
                .collect(),
        };
        let mut paths = judged.paths.clone();
        for t in [&judged.targets, &judged.commitments, &judged.gaps] {
            paths.extend(crate::output::write(dir, t, formats)?);
        }
        Ok(Judged { paths, ..judged })
    }
}
