//! The on-screen summary of a batch: one line per rep with the key behaviours
//! beside the team median, readable in 100 columns. Read from the `reps`
//! table, so the screen and the files never disagree.

use std::io::Write;

use anyhow::Result;

use crate::output::Table;

/// (column prefix, heading, scale, decimals): the behaviours shown.
const SHOWN: &[(&str, &str, f64, usize)] = &[
    ("talk_ratio", "talk%", 100.0, 0),
    ("first_pitch_min", "pitch min", 1.0, 1),
    ("rep_questions", "questions", 1.0, 0),
    ("longest_monologue_s", "monolog s", 1.0, 0),
];

pub fn write_reps(out: &mut impl Write, reps: &Table) -> Result<()> {
    let col = |name: &str| reps.columns.iter().position(|c| c == name);
    let cell = |row: &[crate::output::record::Cell], name: &str| col(name).map(|i| row[i].clone());
    let num = |c: Option<crate::output::record::Cell>, scale: f64, dec: usize| match c {
        Some(crate::output::record::Cell::F64(Some(v))) => format!("{:.*}", dec, v * scale),
        Some(crate::output::record::Cell::U32(Some(v))) => v.to_string(),
        _ => "-".into(),
    };
    let text = |c: Option<crate::output::record::Cell>| {
        c.map(|c| c.to_text())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "?".into())
    };
    write!(out, "{:<20} {:<8} {:>5}", "rep", "team", "calls")?;
    for (_, head, _, _) in SHOWN {
        write!(out, " {:>15}", format!("{head} (team)"))?;
    }
    writeln!(out, " {:>7}", "step%")?;
    for row in &reps.rows {
        // Per-week rows are in the file; the screen shows the whole period.
        if cell(row, "week").is_some_and(|w| !w.to_text().is_empty()) {
            continue;
        }
        let name: String = text(cell(row, "rep")).chars().take(20).collect();
        write!(
            out,
            "{:<20} {:<8} {:>5}",
            name,
            text(cell(row, "team")).chars().take(8).collect::<String>(),
            num(cell(row, "calls"), 1.0, 0)
        )?;
        for (m, _, scale, dec) in SHOWN {
            let pair = format!(
                "{} ({})",
                num(cell(row, &format!("{m}_median")), *scale, *dec),
                num(cell(row, &format!("{m}_team_median")), *scale, *dec)
            );
            write!(out, " {pair:>15}")?;
        }
        writeln!(out, " {:>7}", num(cell(row, "share_next_step"), 100.0, 0))?;
    }
    writeln!(
        out,
        "medians per call; (team) is the team's median; step% = share of calls with a next step"
    )?;
    Ok(())
}
