//! How numbers, times, dates and links read in the report: one place, so a
//! talk ratio is "62%" and a moment is "07:42" everywhere, and so no link
//! that is not plainly http(s) ever becomes an `href`.

use std::fmt;

/// How a metric's values read, guessed from its contract name
/// (`docs/metrics.md`: `_s` seconds, `_min` minutes, ratios and shares 0–1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// 0–1 shown as a percentage.
    Share,
    /// Minutes, one decimal.
    Minutes,
    /// Seconds shown as m:ss.
    Seconds,
    /// Short durations in seconds, one decimal (`patience_s`).
    Sec,
    /// A count or rate, at most one decimal.
    Number,
}

impl Unit {
    pub fn of(metric: &str) -> Unit {
        if metric.ends_with("_ratio") || metric.starts_with("share") || metric.ends_with("_share") {
            Unit::Share
        } else if metric.starts_with("patience") {
            Unit::Sec
        } else if metric.ends_with("_min") {
            Unit::Minutes
        } else if metric.ends_with("_s") {
            Unit::Seconds
        } else {
            Unit::Number
        }
    }

    pub fn show(self, v: f64) -> String {
        match self {
            Unit::Share => format!("{:.0}%", v * 100.0),
            Unit::Minutes => format!("{v:.1} min"),
            Unit::Seconds => clock(v),
            Unit::Sec => format!("{v:.1} s"),
            Unit::Number => trim(v),
        }
    }

    /// A difference in this unit, signed.
    pub fn delta(self, d: f64) -> String {
        let sign = if d > 0.0 {
            "+"
        } else if d < 0.0 {
            "−"
        } else {
            "±"
        };
        let a = d.abs();
        match self {
            Unit::Share => format!("{sign}{:.0} pts", a * 100.0),
            Unit::Minutes => format!("{sign}{a:.1} min"),
            Unit::Seconds => format!("{sign}{a:.0} s"),
            Unit::Sec => format!("{sign}{a:.1} s"),
            Unit::Number => format!("{sign}{}", trim(a)),
        }
    }
}

/// At most one decimal, none when whole.
pub fn trim(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// A time in the recording, as `check` prints it: `07:42`, or `1:02:03` past
/// the hour, seconds truncated as players and the `#t=` links count them.
pub fn clock(secs: f64) -> String {
    crate::rules::eval::clock((secs.max(0.0) * 1000.0) as u64)
}

/// "16–20 Nov 2026" from two ISO dates; the raw text when not ISO.
pub fn period(first: Option<&str>, last: Option<&str>) -> String {
    use chrono::{Datelike, NaiveDate};
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    match (first, last) {
        (None, None) => "dates unknown".into(),
        (Some(a), None) | (None, Some(a)) => a.to_string(),
        (Some(a), Some(b)) => match (parse(a), parse(b)) {
            (Some(x), Some(y)) if x == y => x.format("%-d %b %Y").to_string(),
            (Some(x), Some(y)) if (x.year(), x.month()) == (y.year(), y.month()) => {
                format!("{}–{}", x.format("%-d"), y.format("%-d %b %Y"))
            }
            (Some(x), Some(y)) if x.year() == y.year() => {
                format!("{} – {}", x.format("%-d %b"), y.format("%-d %b %Y"))
            }
            (Some(x), Some(y)) => format!("{} – {}", x.format("%-d %b %Y"), y.format("%-d %b %Y")),
            _ => format!("{a} – {b}"),
        },
    }
}

/// `>=` as a reader writes it.
pub fn op_symbol(op: &str) -> &str {
    match op.trim() {
        ">=" => "≥",
        "<=" => "≤",
        "==" | "=" => "=",
        "!=" => "≠",
        other => other,
    }
}

/// A link that may become an `href`: only absolute http(s) URLs, so a
/// `javascript:` or `data:` link in a manifest can never run or load
/// anything from the report.
pub fn http_href(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !u.chars().any(|c| c.is_control() || c.is_whitespace());
    ok.then(|| u.to_string())
}

/// The metric definitions link: http(s), or a relative path (no scheme,
/// not protocol-relative), which opens next to the report.
pub fn doc_href(url: &str) -> Option<String> {
    if let Some(h) = http_href(url) {
        return Some(h);
    }
    let u = url.trim();
    let scheme_end = u.find(':');
    let path_start = u.find(['/', '?', '#']).unwrap_or(u.len());
    let relative = !u.is_empty()
        && !u.starts_with("//")
        && !u.starts_with('\\')
        && scheme_end.is_none_or(|c| c > path_start)
        && !u.chars().any(|c| c.is_control());
    relative.then(|| u.to_string())
}

/// An SVG coordinate: one decimal at most, so charts stay lean.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct N(pub f64);

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = (self.0 * 10.0).round() / 10.0;
        if v == v.trunc() {
            write!(f, "{}", v as i64)
        } else {
            write!(f, "{v:.1}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_units_read_as_a_manager_expects() {
        let cases: &[(f64, &str)] = &[(0.0, "00:00"), (462.4, "07:42"), (3723.0, "1:02:03")];
        for (s, want) in cases {
            assert_eq!(clock(*s), *want);
        }
        assert_eq!(Unit::of("talk_ratio").show(0.625), "62%");
        assert_eq!(Unit::of("first_pitch_min").show(7.71), "7.7 min");
        assert_eq!(Unit::of("longest_monologue_s").show(95.0), "01:35");
        assert_eq!(Unit::of("rep_questions").show(9.0), "9");
        assert_eq!(Unit::of("talk_ratio").delta(-0.1), "−10 pts");
        assert_eq!(N(12.04).to_string(), "12");
        assert_eq!(N(-3.25).to_string(), "-3.3");
    }

    #[test]
    fn periods() {
        let p = |a, b| period(Some(a), Some(b));
        assert_eq!(p("2026-11-16", "2026-11-20"), "16–20 Nov 2026");
        assert_eq!(p("2026-11-30", "2026-12-04"), "30 Nov – 4 Dec 2026");
        assert_eq!(p("2026-11-16", "2026-11-16"), "16 Nov 2026");
        assert_eq!(period(None, None), "dates unknown");
    }

    #[test]
    fn only_http_links_become_hrefs() {
        let cases: &[(&str, bool)] = &[
            ("https://rec.example.com/c1?t=462", true),
            ("HTTP://rec.example.com/c1", true),
            ("javascript:alert(1)", false),
            (" JavaScript:alert(1)", false),
            ("data:text/html,<script>alert(1)</script>", false),
            ("file:///etc/passwd", false),
            ("https://a.example/\u{0}x", false),
            ("//evil.example/x", false),
            ("", false),
        ];
        for (u, ok) in cases {
            assert_eq!(http_href(u).is_some(), *ok, "{u}");
        }
        assert!(doc_href("docs/metrics.md#talk").is_some());
        assert!(doc_href("../docs/metrics.md").is_some());
        assert!(doc_href("javascript:alert(1)").is_none());
        assert!(doc_href("//evil.example/x").is_none());
    }
}
