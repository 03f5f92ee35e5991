//! `callscore inspect FILE`: show a person what was understood from a file —
//! format, who is who and why, and the timeline — so a wrong number can be
//! traced to a wrong speaker label before anyone argues about it.

use std::fmt::Write;

use crate::ingest::timecode::{fmt_clock, fmt_clock_ms};
use crate::metrics::spoken::Spoken;
use crate::metrics::talk::Talk;
use crate::metrics::{Evidence, EvidenceKind};
use crate::model::{Call, Role, Turn};

/// Renders a call as plain text (with ANSI colour when `color`): what was
/// read, who is who and why, the detections, and the timeline with each
/// detection marked on its turn.
pub fn render(call: &Call, talk: &Talk, spoken: &Spoken, color: bool) -> String {
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
    render_talk(&mut out, talk);
    render_detections(&mut out, spoken);
    let _ = writeln!(out, "\n{}", paint("1", "timeline"));
    for t in &call.turns {
        let s = call.speaker(t.speaker);
        let role = match s.role {
            Role::Rep => paint("32", "REP  "),
            Role::Buyer => paint("36", "BUYER"),
            Role::Colleague => paint("35", "COLL "),
            Role::Unknown => paint("2", "?    "),
        };
        let marks = marks_for(t, &spoken.evidence);
        let marks = if marks.is_empty() {
            String::new()
        } else {
            paint("1;33", &format!("[{}] ", marks.join("] [")))
        };
        let _ = writeln!(
            out,
            "  {} {} {:>5} {role} {:<18} {marks}{}",
            fmt_clock_ms(t.start_ms),
            fmt_clock_ms(t.end_ms),
            t.line,
            clip(s.display_name(), 18),
            t.text
        );
    }
    out
}

fn render_talk(out: &mut String, t: &Talk) {
    let secs = |v: Option<f64>| {
        v.map(|v| fmt_clock((v * 1000.0) as u64))
            .unwrap_or_else(|| "-".into())
    };
    let pct = |v: Option<f64>| {
        v.map(|v| format!("{:.0}%", v * 100.0))
            .unwrap_or_else(|| "-".into())
    };
    let num = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_else(|| "-".into());
    let int = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
    let _ = writeln!(out, "\ntalk");
    let _ = writeln!(
        out,
        "  rep {}  buyer {}  talk ratio {} (of {})  silence {}",
        secs(t.rep_talk_s),
        secs(t.buyer_talk_s),
        pct(t.talk_ratio),
        t.denominator.as_str(),
        secs(Some(t.silence_s))
    );
    let _ = writeln!(
        out,
        "  longest monologue {}  longest customer story {}  switches {}  patience {} s  rep wpm {}",
        secs(t.longest_monologue_s),
        secs(t.longest_customer_story_s),
        t.speaker_switches,
        num(t.patience_s),
        num(t.rep_wpm)
    );
    let _ = writeln!(
        out,
        "  interruptions by rep {}, by buyer {}  speakers {}  overlap {:.0}%",
        int(t.rep_interruptions),
        int(t.buyer_interruptions),
        t.speakers_found,
        t.overlap_share * 100.0
    );
    if let Some(w) = &t.diarization_warning {
        let _ = writeln!(out, "  diarization warning: {w}");
    }
    for miss in &t.missing {
        let _ = writeln!(out, "  empty  {}: {}", miss.metric, miss.why);
    }
}

fn render_detections(out: &mut String, m: &Spoken) {
    let num = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
    let _ = writeln!(out, "\ndetections");
    let pitch = match m.first_pitch_s {
        Some(s) => format!(
            "{} (minute {:.1})",
            fmt_clock((s * 1000.0) as u64),
            s / 60.0
        ),
        None => "-".into(),
    };
    let _ = writeln!(out, "  first pitch      {pitch}");
    let _ = writeln!(
        out,
        "  questions        rep {} ({} open), buyer {}",
        num(m.rep_questions),
        num(m.rep_open_questions),
        num(m.buyer_questions)
    );
    let step = match (m.next_step, m.next_step_s) {
        (Some(true), Some(s)) => format!(
            "yes at {} (date: {}, owner: {}): {}",
            fmt_clock((s * 1000.0) as u64),
            yes_no(m.next_step_has_date),
            yes_no(m.next_step_has_owner),
            m.next_step_text.as_deref().unwrap_or("")
        ),
        (Some(false), _) => "none agreed".into(),
        _ => "-".into(),
    };
    let _ = writeln!(out, "  next step        {step}");
    let trackers: Vec<String> = m
        .trackers
        .iter()
        .filter(|t| t.count > 0)
        .map(|t| format!("{} {}", t.name, t.count))
        .collect();
    if !trackers.is_empty() {
        let _ = writeln!(out, "  trackers         {}", trackers.join(", "));
    }
    for miss in &m.missing {
        let _ = writeln!(out, "  empty            {}: {}", miss.metric, miss.why);
    }
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "-",
    }
}

/// Short labels of the detections that fall in a turn.
fn marks_for(t: &Turn, evidence: &[Evidence]) -> Vec<String> {
    evidence
        .iter()
        .filter(|e| {
            e.speaker == t.speaker
                && e.at_ms >= t.start_ms
                && e.at_ms <= t.end_ms
                && e.line == t.line
        })
        .map(|e| match e.kind {
            EvidenceKind::Question => format!("Q {}", e.detail.split(' ').nth(1).unwrap_or("")),
            EvidenceKind::Pitch => format!("FIRST PITCH {}", e.detail),
            EvidenceKind::NextStep => format!("NEXT STEP {}", e.detail),
            EvidenceKind::Tracker => format!("#{}", e.detail),
            other => other.as_str().to_string(),
        })
        .collect()
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
