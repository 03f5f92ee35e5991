//! What `check` tells a person or a bot: each rep's targets and commitments
//! with their status, each miss with its evidence (call, file, the time in
//! the recording and the quote), and the team-wide gaps.

use std::io::Write;

use anyhow::Result;
use serde_json::{json, Map, Value};

use crate::batch::Tally;
use crate::output::record::Cell;
use crate::output::rows::{Row, Rows};
use crate::output::Table;
use crate::rules::eval::clock;
use crate::targets::judge::Judged;

/// Misses printed per rep and target; the rest are in `violations.*`.
const SHOWN: usize = 5;

/// A text cell, empty when the cell is.
fn s<'a>(r: &Row<'a>, name: &str) -> &'a str {
    r.str(name).unwrap_or_default()
}

fn u(r: &Row, name: &str) -> u32 {
    r.u32(name).unwrap_or(0)
}

/// The text report, grouped by rep.
pub fn write_text(out: &mut impl Write, j: &Judged) -> Result<()> {
    let (targets, commitments) = (Rows::new(&j.targets), Rows::new(&j.commitments));
    let mut reps: Vec<(&str, &str)> = Vec::new();
    for r in targets.iter().filter(Row::is_whole_period) {
        let key = (s(&r, "rep"), s(&r, "team"));
        if !reps.contains(&key) {
            reps.push(key);
        }
    }
    for r in commitments.iter().filter(Row::is_whole_period) {
        let rep = s(&r, "rep");
        if !reps.iter().any(|(x, _)| *x == rep) {
            reps.push((rep, ""));
        }
    }
    reps.sort();
    for (rep, team) in reps {
        if team.is_empty() {
            writeln!(out, "{rep}")?;
        } else {
            writeln!(out, "{rep} ({team})")?;
        }
        for r in targets
            .iter()
            .filter(|r| r.is_whole_period() && s(r, "rep") == rep)
        {
            let name = s(&r, "target");
            let (app, passed) = (u(&r, "applicable"), u(&r, "passed"));
            let mark = match s(&r, "status") {
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
                    s(&r, "needed")
                )?;
            }
            let na = u(&r, "not_applicable");
            if na > 0 {
                write!(out, "; {na} not applicable")?;
            }
            writeln!(out)?;
            write_misses(out, j, rep, name)?;
        }
        for r in commitments
            .iter()
            .filter(|r| r.is_whole_period() && s(r, "rep") == rep)
        {
            let name = s(&r, "commitment");
            let mark = match s(&r, "status") {
                "met" => "  met     ",
                "not yet" => "  NOT YET ",
                _ => "  n/a     ",
            };
            write!(
                out,
                "{mark}commitment {name} ({} to {}): {} of {} applicable calls passed, {} calls in the window",
                s(&r, "start"),
                s(&r, "end"),
                u(&r, "passed"),
                u(&r, "applicable"),
                u(&r, "calls"),
            )?;
            let first = s(&r, "first_72h");
            if !first.is_empty() {
                write!(out, "; first calls: {first}")?;
            }
            let trend: Vec<String> = commitments
                .iter()
                .filter(|x| {
                    !x.is_whole_period() && s(x, "rep") == rep && s(x, "commitment") == name
                })
                .map(|x| {
                    format!(
                        "{} {}/{}",
                        s(&x, "week"),
                        u(&x, "passed"),
                        u(&x, "applicable")
                    )
                })
                .collect();
            if trend.len() > 1 {
                write!(out, "; by week: {}", trend.join(", "))?;
            }
            writeln!(out)?;
            write_misses(out, j, rep, name)?;
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
        for r in Rows::new(&j.gaps).iter() {
            writeln!(
                out,
                "  {}: missed by {} of {} reps ({})",
                s(&r, "target"),
                u(&r, "reps_missed"),
                u(&r, "reps_evaluated"),
                s(&r, "reps")
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

fn rows_json(t: &Table, whole_period_only: bool) -> Value {
    Value::Array(
        Rows::new(t)
            .iter()
            .filter(|r| !whole_period_only || r.is_whole_period())
            .map(|r| {
                let m: Map<String, Value> = t
                    .columns
                    .iter()
                    .cloned()
                    .zip(r.cells().iter().map(Cell::to_json))
                    .collect();
                Value::Object(m)
            })
            .collect(),
    )
}

/// The results as one JSON document, for bots.
pub fn json(j: &Judged, tally: &Tally, exit: i32) -> Value {
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
        "targets": rows_json(&j.targets, true),
        "commitments": rows_json(&j.commitments, true),
        "gaps": rows_json(&j.gaps, false),
        "violations": rows_json(&j.violations, false),
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
