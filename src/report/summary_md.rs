//! A few Markdown lines per rep to paste into a 1:1 doc or a chat: how the
//! agreed behaviour is going, and the one moment to listen to together.
//! Text from transcripts and names is escaped so it cannot turn into links,
//! HTML or formatting where it is pasted.

use std::fmt::Write as _;

use super::fmt::{http_href, period};
use super::view::{self, OVERVIEW};
use super::ReportInput;

/// Markdown summary, one block per rep.
pub fn summary_md(input: &ReportInput) -> String {
    let page = view::page(input);
    let mut out = String::new();
    let b = &input.batch;
    let _ = writeln!(
        out,
        "# Coaching summary, {}\n\n{} calls scored of {} found ({} failed, {} skipped).\n",
        esc(&period(b.first_date.as_deref(), b.last_date.as_deref())),
        b.scored,
        b.found,
        b.failed,
        b.skipped
    );
    for r in &page.reps {
        let team = if r.team.is_empty() {
            String::new()
        } else {
            format!(", team {}", esc(&r.team))
        };
        let _ = writeln!(out, "## {}{team}, {} calls\n", esc(&r.name), r.calls);
        if r.targets.is_empty() && r.commitments.is_empty() {
            // Plain `score`: the behaviours beside the team.
            let figs: Vec<String> = OVERVIEW
                .iter()
                .filter_map(|beh| {
                    let row = r.row?;
                    let v = row.f64(beh.column)?;
                    let team = beh
                        .team_column
                        .and_then(|c| row.f64(c))
                        .map(|t| format!(" (team {})", beh.unit.show(t)))
                        .unwrap_or_default();
                    Some(format!(
                        "{} {}{team}",
                        beh.label.to_lowercase(),
                        beh.unit.show(v)
                    ))
                })
                .collect();
            if figs.is_empty() {
                let _ = writeln!(out, "- no figures\n");
            } else {
                let _ = writeln!(out, "- {}\n", figs.join("; "));
            }
            continue;
        }
        for t in &r.targets {
            let result = if t.result.is_empty() {
                String::new()
            } else {
                format!(": {}", t.result)
            };
            let needed = t
                .needed
                .as_deref()
                .map(|n| format!(", needs {}", esc(n)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- {} **{}**{result}{needed}, {}",
                mark(t.status.class),
                esc(&t.name),
                esc(&t.status.label)
            );
        }
        for c in &r.commitments {
            let _ = writeln!(
                out,
                "- {} commitment **{}** ({}): {}, {}",
                mark(c.status.class),
                esc(&c.name),
                esc(&c.window),
                c.result,
                esc(&c.status.label)
            );
        }
        // The one moment: the first miss of the target furthest from met.
        let worst = r
            .targets
            .iter()
            .filter(|t| !t.moments.is_empty())
            .max_by_key(|t| (t.status.rank(), t.moments.len() + t.more));
        if let Some(m) = worst.and_then(|t| t.moments.first().map(|m| (t, m))) {
            let (t, m) = m;
            let at = if m.at.is_empty() {
                String::new()
            } else {
                format!(" at {}", m.at)
            };
            let place = match &m.href {
                Some(h) => format!("[{}{at}](<{}>)", esc(&m.call_id), url(h)),
                None => format!("{}{at} ({})", esc(&m.call_id), esc(&m.source)),
            };
            let quote = if m.quote.is_empty() {
                String::new()
            } else {
                format!(": “{}”", esc(&m.quote))
            };
            let _ = writeln!(
                out,
                "- Listen together: {place}, {}{quote} ({})",
                esc(&m.date),
                esc(&t.name)
            );
        }
        out.push('\n');
    }
    if page.reps.is_empty() {
        out.push_str("No call was scored.\n");
    }
    out
}

fn mark(class: &str) -> &'static str {
    match class {
        "met" => "✅",
        "miss" => "❌",
        _ => "➖",
    }
}

/// Escapes what would turn pasted text into a tag, link, code or emphasis
/// (`<`, `[`, backticks, `*`, `_`, `~`); the rest stays readable in chat.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A checked http(s) URL inside `<...>`: no angle brackets or spaces.
fn url(h: &str) -> String {
    http_href(h)
        .unwrap_or_default()
        .replace('<', "%3C")
        .replace('>', "%3E")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_and_html_in_names_stay_text() {
        assert_eq!(esc("<b>[x](y)</b>"), "\\<b>\\[x\\](y)\\</b>");
        assert_eq!(esc("a\nb"), "a b");
    }
}
