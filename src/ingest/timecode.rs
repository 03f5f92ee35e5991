//! Clock times as transcript formats write them, turned into milliseconds.
//!
//! Every format funnels through these few functions so that the seconds versus
//! milliseconds mistake, the classic bug of this domain, has one place to live.

/// How strictly a clock time followed the `HH:MM:SS.mmm` shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Two-digit fields and a three-digit fraction (or none, where allowed).
    Strict,
    /// Readable but irregular, e.g. old Teams `0:0:0.0` or a one-digit fraction.
    Lenient,
}

/// Parses `[H+:]MM:SS[.,]fff` (also `H:M:S.f`). Returns milliseconds and how
/// regular the text was. `None` when it is not a clock time at all.
pub fn parse_clock(s: &str) -> Option<(u64, Shape)> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let (hms, frac) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let mut strict = true;
    let mut fields = [0u64; 3];
    let offset = 3 - parts.len();
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || p.len() > 9 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Hours may have any number of digits; minutes and seconds two.
        let is_hours = i + offset == 0;
        if !is_hours && p.len() != 2 {
            strict = false;
        }
        if is_hours && p.len() < 2 && parts.len() == 3 {
            // WebVTT allows `0:...`? No: hours need 2+ digits when present.
            strict = false;
        }
        fields[i + offset] = p.parse().ok()?;
    }
    let (h, m, sec) = (fields[0], fields[1], fields[2]);
    if m > 59 || sec > 59 {
        return None;
    }
    let ms = match frac {
        None => 0,
        Some(f) => {
            if f.is_empty() || f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            if f.len() != 3 {
                strict = false;
            }
            frac_to_ms(f)
        }
    };
    let total = h
        .checked_mul(3_600_000)?
        .checked_add(m * 60_000 + sec * 1000 + ms)?;
    Some((
        total,
        if strict {
            Shape::Strict
        } else {
            Shape::Lenient
        },
    ))
}

/// `"5"` -> 500, `"05"` -> 50, `"123"` -> 123, `"1234"` -> 123 (rounded).
fn frac_to_ms(f: &str) -> u64 {
    let digits: Vec<u64> = f.bytes().map(|b| u64::from(b - b'0')).collect();
    let mut ms = 0;
    for i in 0..3 {
        ms = ms * 10 + digits.get(i).copied().unwrap_or(0);
    }
    if digits.get(3).is_some_and(|&d| d >= 5) {
        ms += 1;
    }
    ms
}

/// Seconds as a float (JSON `12.345`) to milliseconds, rounded to nearest.
/// `None` for negative, NaN or infinite values.
pub fn secs_to_ms(s: f64) -> Option<u64> {
    if !s.is_finite() || s < 0.0 {
        return None;
    }
    let ms = (s * 1000.0).round();
    if ms > u64::MAX as f64 / 2.0 {
        return None;
    }
    Some(ms as u64)
}

/// Parses a decimal number of seconds (`12`, `12.5`) or a clock time.
pub fn parse_secs_or_clock(s: &str) -> Option<u64> {
    let t = s.trim();
    if t.contains(':') {
        return parse_clock(t).map(|(ms, _)| ms);
    }
    let v: f64 = t.parse().ok()?;
    secs_to_ms(v)
}

/// Formats milliseconds as `H:MM:SS` or `MM:SS` for people.
pub fn fmt_clock(ms: u64) -> String {
    let s = ms / 1000;
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Formats milliseconds as `HH:MM:SS.mmm`.
pub fn fmt_clock_ms(ms: u64) -> String {
    let s = ms / 1000;
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        s / 3600,
        (s / 60) % 60,
        s % 60,
        ms % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks() {
        let cases: &[(&str, Option<(u64, Shape)>)] = &[
            ("00:00:01.500", Some((1500, Shape::Strict))),
            ("01:02:03.004", Some((3_723_004, Shape::Strict))),
            ("00:01.250", Some((1250, Shape::Strict))),
            ("00:00:01,500", Some((1500, Shape::Strict))),
            ("100:00:00.000", Some((360_000_000, Shape::Strict))),
            ("0:0:0.0", Some((0, Shape::Lenient))),
            ("0:00:05.5", Some((5500, Shape::Lenient))),
            ("1:02:03", Some((3_723_000, Shape::Lenient))),
            ("00:00:01", Some((1000, Shape::Strict))),
            ("00:00:01.2345", Some((1235, Shape::Lenient))),
            ("00:60:00.000", None),
            ("00:00:60.000", None),
            ("abc", None),
            ("12", None),
            ("", None),
            ("00:00:01.", None),
            ("-0:00:01.000", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_clock(s), *want, "{s}");
        }
    }

    #[test]
    fn seconds() {
        assert_eq!(secs_to_ms(1.2345), Some(1235));
        assert_eq!(secs_to_ms(0.0), Some(0));
        assert_eq!(secs_to_ms(-1.0), None);
        assert_eq!(secs_to_ms(f64::NAN), None);
        assert_eq!(parse_secs_or_clock("12.5"), Some(12_500));
        assert_eq!(parse_secs_or_clock("00:00:12.500"), Some(12_500));
        assert_eq!(parse_secs_or_clock("x"), None);
    }

    #[test]
    fn formatting() {
        assert_eq!(fmt_clock(462_000), "07:42");
        assert_eq!(fmt_clock(3_723_004), "1:02:03");
        assert_eq!(fmt_clock_ms(3_723_004), "01:02:03.004");
    }
}
