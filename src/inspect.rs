//! `callscore inspect FILE`: show a person what was understood from a file —
//! format, who is who and why, and the timeline — so a wrong number can be
//! traced to a wrong speaker label before anyone argues about it.

use std::fmt::Write;

use crate::ingest::timecode::{fmt_clock, fmt_clock_ms};
use crate::model::{Call, Role};

/// Renders a call as plain text (with ANSI colour when `color`).
pub fn render(call: &Call, color: bool) -> String {
    let mut out = String::new();
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let dash = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
    let _ = writeln!(out, "{}", paint("1", &call.source.display().to_string()));
    let _ = writeln!(
        out,
        "  call_id {}  format {}  date {}  type {}",
        call.id,
        call.format,
        dash(&call.meta.date),
        dash(&call.meta.call_type)
    );
    let rep = match (&call.meta.rep, &call.meta.team) {
        (Some(r), Some(t)) => format!("{r} ({t})"),
        (Some(r), None) => r.clone(),
        _ => "-".into(),
    };
    let _ = writeln!(
        out,
        "  rep {rep}  duration {}  turns {}  text {}",
        fmt_clock(call.duration_ms()),
        call.turns.len(),
        if call.has_text {
            "yes"
        } else {
            "no (timeline only)"
        }
    );
    if let Some(why) = &call.rep_unresolved {
        let _ = writeln!(out, "  {} {why}", paint("33", "rep unknown:"));
    }
    let _ = writeln!(out, "\n{}", paint("1", "speakers"));
    let _ = writeln!(
        out,
        "  {:<3} {:<24} {:<22} {:<9} {:<26} {:>8}",
        "id", "label", "name", "role", "why", "talk"
    );
    for (i, s) in call.speakers.iter().enumerate() {
        let talk: u64 = call
            .turns
            .iter()
            .filter(|t| t.speaker as usize == i)
            .map(|t| t.duration_ms())
            .sum();
        let _ = writeln!(
            out,
            "  {:<3} {:<24} {:<22} {:<9} {:<26} {:>8}",
            i,
            clip(&s.label, 24),
            clip(s.name.as_deref().unwrap_or("-"), 22),
            s.role.as_str(),
            clip(s.role_source.as_deref().unwrap_or("-"), 26),
            fmt_clock(talk)
        );
    }
    if !call.warnings.is_empty() {
        let _ = writeln!(out, "\n{}", paint("33", "warnings"));
        for w in &call.warnings {
            let at = if w.line > 0 {
                format!("line {}: ", w.line)
            } else {
                String::new()
            };
            let _ = writeln!(out, "  {at}{}", w.message);
        }
    }
    let _ = writeln!(out, "\n{}", paint("1", "timeline"));
    for t in &call.turns {
        let s = call.speaker(t.speaker);
        let role = match s.role {
            Role::Rep => paint("32", "REP  "),
            Role::Buyer => paint("36", "BUYER"),
            Role::Colleague => paint("35", "COLL "),
            Role::Unknown => paint("2", "?    "),
        };
        let _ = writeln!(
            out,
            "  {} {} {:>5} {role} {:<18} {}",
            fmt_clock_ms(t.start_ms),
            fmt_clock_ms(t.end_ms),
            t.line,
            clip(s.display_name(), 18),
            t.text
        );
    }
    out
}

/// Cuts `s` to `n` characters, marking the cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut c: String = s.chars().take(n - 1).collect();
        c.push('…');
        c
    }
}
