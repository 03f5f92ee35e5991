//! What `check` tells a person or a bot: each rep's targets and commitments
//! with their status, each miss with its evidence (call, file, the time in
//! the recording and the quote), and the team-wide gaps.

use std::io::Write;

use anyhow::Result;
use serde_json::{json, Map, Value};

use crate::batch::Tally;
use crate::output::record::Cell;
use crate::output::Table;
use crate::rules::eval::clock;
use crate::targets::judge::Judged;

/// Misses printed per rep and target; the rest are in `violations.*`.
const SHOWN: usize = 5;

fn get<'a>(t: &'a Table, row: &'a [Cell], name: &str) -> &'a Cell {
    &row[t.col(name).expect("a column of the table")]
}

fn s(t: &Table, row: &[Cell], name: &str) -> String {
    get(t, row, name).to_text()
}

fn u(t: &Table, row: &[Cell], name: &str) -> u32 {
    match get(t, row, name) {
        Cell::U32(Some(n)) => *n,
        _ => 0,
    }
}

/// The text report, grouped by rep.
pub fn write_text(out: &mut impl Write, j: &Judged) -> Result<()> {
    let mut reps: Vec<(String, String)> = Vec::new();
    let whole = |t: &Table, r: &[Cell]| s(t, r, "week").is_empty();
    for r in j.targets.rows.iter().filter(|r| whole(&j.targets, r)) {
        let key = (s(&j.targets, r, "rep"), s(&j.targets, r, "team"));
        if !reps.contains(&key) {
            reps.push(key);
        }
    }
    for r in j
        .commitments
        .rows
        .iter()
        .filter(|r| whole(&j.commitments, r))
    {
        let rep = s(&j.commitments, r, "rep");
        if !reps.iter().any(|(x, _)| *x == rep) {
            reps.push((rep, String::new()));
        }
    }
    reps.sort();
    for (rep, team) in &reps {
        if team.is_empty() {
            writeln!(out, "{rep}")?;
        } else {
            writeln!(out, "{rep} ({team})")?;
        }
        let t = &j.targets;
        for r in t
            .rows
            .iter()
            .filter(|r| whole(t, r) && s(t, r, "rep") == *rep)
        {
            let status = s(t, r, "status");
            let name = s(t, r, "target");
            let (app, passed) = (u(t, r, "applicable"), u(t, r, "passed"));
            let mark = match status.as_str() {
                "met" => "  met     ",
                "missed" => "  MISSED  ",
                _ => "  n/a     ",
            };
            write!(out, "{mark}{name}: ")?;
            if app == 0 {
                write!(out, "no applicable calls")?;
            } else {
                write!(
                    out,
                    "{passed} of {app} applicable calls passed ({}%; needs {})",
                    (f64::from(passed) * 100.0 / f64::from(app)).round(),
                    s(t, r, "needed")
                )?;
            }
            let na = u(t, r, "not_applicable");
            if na > 0 {
                write!(out, "; {na} not applicable")?;
            }
            writeln!(out)?;
            write_misses(out, j, rep, &name)?;
        }
        let c = &j.commitments;
        for r in c
            .rows
            .iter()
            .filter(|r| whole(c, r) && s(c, r, "rep") == *rep)
        {
            let name = s(c, r, "commitment");
            let status = s(c, r, "status");
            let mark = match status.as_str() {
                "met" => "  met     ",
                "not yet" => "  NOT YET ",
                _ => "  n/a     ",
            };
            write!(
                out,
                "{mark}commitment {name} ({} to {}): {} of {} applicable calls passed, {} calls in the window",
                s(c, r, "start"),
                s(c, r, "end"),
                u(c, r, "passed"),
                u(c, r, "applicable"),
                u(c, r, "calls"),
            )?;
            let first = s(c, r, "first_72h");
            if !first.is_empty() {
                write!(out, "; first calls: {first}")?;
            }
            let trend: Vec<String> = c
                .rows
                .iter()
                .filter(|x| !whole(c, x) && s(c, x, "rep") == *rep && s(c, x, "commitment") == name)
                .map(|x| {
                    format!(
                        "{} {}/{}",
                        s(c, x, "week"),
                        u(c, x, "passed"),
                        u(c, x, "applicable")
                    )
                })
                .collect();
            if trend.len() > 1 {
                write!(out, "; by week: {}", trend.join(", "))?;
            }
            writeln!(out)?;
            write_misses(out, j, rep, &name)?;
        }
    }
    for (name, n) in &j.unattributed {
        writeln!(
            out,
            "{name}: {n} call(s) with no known rep were not applicable (see outcomes.csv)"
        )?;
    }
    if !j.gaps.rows.is_empty() {
        writeln!(
            out,
            "Team-wide gaps (a topic for group coaching rather than 1:1s):"
        )?;
        let g = &j.gaps;
        for r in &g.rows {
            writeln!(
                out,
                "  {}: missed by {} of {} reps ({})",
                s(g, r, "target"),
                u(g, r, "reps_missed"),
                u(g, r, "reps_evaluated"),
                s(g, r, "reps")
            )?;
        }
    }
    writeln!(
        out,
        "targets and commitments: {} met, {} missed",
        j.met, j.missed
    )?;
    Ok(())
}

fn write_misses(out: &mut impl Write, j: &Judged, rep: &str, check: &str) -> Result<()> {
    let Some((misses, all)) = j.misses.get(&(rep.to_string(), check.to_string())) else {
        return Ok(());
    };
    for m in misses.iter().take(SHOWN) {
        let what = [m.date.as_deref(), m.call_type.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        write!(out, "          {what} {}", m.call_id)?;
        match m.at_s {
            Some(at) if !m.quote.is_empty() => {
                writeln!(out, ", at {}: \"{}\"", clock((at * 1000.0) as u64), m.quote)?
            }
            _ => writeln!(out)?,
        }
        let place = if m.line > 0 {
            format!("{}:{}", m.source, m.line)
        } else {
            m.source.clone()
        };
        writeln!(out, "            {} ({place})", m.why)?;
    }
    if *all > SHOWN {
        writeln!(
            out,
            "          and {} more in violations.csv",
            all - SHOWN.min(*all)
        )?;
    }
    Ok(())
}

fn rows_json(t: &Table, keep: impl Fn(&[Cell]) -> bool) -> Value {
    Value::Array(
        t.rows
            .iter()
            .filter(|r| keep(r))
            .map(|r| {
                let m: Map<String, Value> = t
                    .columns
                    .iter()
                    .cloned()
                    .zip(r.iter().map(Cell::to_json))
                    .collect();
                Value::Object(m)
            })
            .collect(),
    )
}

/// The results as one JSON document, for bots.
pub fn json(j: &Judged, tally: &Tally, exit: i32) -> Value {
    let whole = |t: &Table| {
        let i = t.col("week");
        move |r: &[Cell]| i.is_none_or(|i| r[i].to_text().is_empty())
    };
    json!({
        "exit_status": exit,
        "calls": {
            "found": tally.found(),
            "scored": tally.scored,
            "failed": tally.failed,
            "skipped": tally.skipped.len(),
        },
        "met": j.met,
        "missed": j.missed,
        "targets": rows_json(&j.targets, whole(&j.targets)),
        "commitments": rows_json(&j.commitments, whole(&j.commitments)),
        "gaps": rows_json(&j.gaps, |_| true),
        "violations": rows_json(&j.violations, |_| true),
    })
}

/// Each rule's verdict on one call, with why and the moment: `inspect --rule`.
pub fn explain(rules: &[crate::rules::Rule], v: &crate::rules::eval::CallView) -> String {
    use std::fmt::Write as _;
    let mut out = String::from("\nRules\n");
    for r in rules {
        match crate::rules::eval::verdict(r, v) {
            None => {
                let _ = writeln!(
                    out,
                    "  not about this call  {} (its `where` is false)",
                    r.text
                );
            }
            Some(verdict) => {
                let _ = writeln!(
                    out,
                    "  {:<5} {}\n        {}",
                    verdict.status.as_str(),
                    r.text,
                    verdict.why
                );
                if let Some(m) = &verdict.moment {
                    let _ = writeln!(out, "        at {}: \"{}\"", clock(m.at_ms), m.quote);
                }
            }
        }
    }
    out
}
