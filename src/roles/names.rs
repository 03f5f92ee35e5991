//! Matching speaker labels to people.
//!
//! Labels in real exports are messy: `Dana Reyes (Acme)`, `DANA  REYES`,
//! `dana.reyes@brightlane.io`, `Dana Reyes | Account Executive`, `Reyes, Dana`.
//! Everything is reduced to one key before comparing, so a roster lists each
//! person once.

/// A comparison key for a person's name: lower-case, parenthesised and
/// bracketed parts dropped, a title after ` - `, ` | ` or ` – ` dropped, `Last, First`
/// turned around, punctuation removed, whitespace collapsed.
pub fn name_key(label: &str) -> String {
    let mut s = strip_enclosed(label);
    for sep in [" | ", " - ", " – ", " — "] {
        if let Some(i) = s.find(sep) {
            s.truncate(i);
        }
    }
    // `Reyes, Dana` -> `Dana Reyes`; `Dana Reyes, AE` keeps the part before.
    if let Some((a, b)) = s.split_once(',') {
        let (a, b) = (a.trim(), b.trim());
        s = if !a.contains(' ') && !b.is_empty() && !b.contains(' ') && b.len() > 3 {
            format!("{b} {a}")
        } else {
            a.to_string()
        };
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        let w: String = word
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '\'')
            .flat_map(char::to_lowercase)
            .collect();
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
    }
    out
}

/// The e-mail address inside a label, lower-cased, if any.
pub fn email_in(label: &str) -> Option<String> {
    label
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';')
        })
        .find(|w| {
            let Some((user, host)) = w.split_once('@') else {
                return false;
            };
            !user.is_empty() && host.contains('.')
        })
        .map(str::to_lowercase)
}

/// Labels diarization tools invent when they do not know names: `SPEAKER_00`,
/// `spk_1`, `ch_0`, `Speaker 2`, `0`, `A`, `AGENT`.
pub fn is_anonymous(label: &str) -> bool {
    let l = label.trim().to_ascii_lowercase();
    if l.is_empty() || l == crate::ingest::UNLABELLED {
        return true;
    }
    if l.len() == 1 && l.chars().all(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    if matches!(l.as_str(), "agent" | "customer" | "unknown" | "speaker") {
        return true;
    }
    let rest = [
        "speaker_", "speaker ", "speaker", "spk_", "spk", "ch_", "ch", "channel ", "channel_",
    ]
    .iter()
    .find_map(|p| l.strip_prefix(p))
    .unwrap_or(&l);
    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
}

fn strip_enclosed(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' | '>' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    // An e-mail alone is not a name.
    out.split_whitespace()
        .filter(|w| !w.contains('@'))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        let cases = [
            ("Dana Reyes", "dana reyes"),
            ("  DANA   REYES ", "dana reyes"),
            ("Dana Reyes (Brightlane)", "dana reyes"),
            ("Dana Reyes [AE]", "dana reyes"),
            ("Dana Reyes | Account Executive", "dana reyes"),
            ("Dana Reyes - Brightlane", "dana reyes"),
            ("Reyes, Dana", "dana reyes"),
            ("Dana Reyes, AE", "dana reyes"),
            ("Dana Reyes <dana@brightlane.io>", "dana reyes"),
            ("Seán O'Neil-Ray", "seán o'neil-ray"),
            ("Dr. Tom Alvarez", "dr tom alvarez"),
        ];
        for (label, want) in cases {
            assert_eq!(name_key(label), want, "{label}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            email_in("Dana <Dana.Reyes@Brightlane.io>").as_deref(),
            Some("dana.reyes@brightlane.io")
        );
        assert_eq!(
            email_in("dana.reyes@brightlane.io").as_deref(),
            Some("dana.reyes@brightlane.io")
        );
        assert_eq!(email_in("Dana Reyes"), None);
        assert_eq!(email_in("@handle"), None);
    }

    #[test]
    fn anonymous() {
        for l in [
            "SPEAKER_00",
            "spk_1",
            "ch_0",
            "Speaker 2",
            "0",
            "A",
            "AGENT",
            "(unlabelled)",
            "speaker3",
        ] {
            assert!(is_anonymous(l), "{l}");
        }
        for l in ["Dana Reyes", "Dana", "Al", "6432345678555530067x"] {
            assert!(!is_anonymous(l), "{l}");
        }
    }
}
