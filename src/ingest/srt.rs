//! SRT (SubRip) reader: the subtitle export of Otter, Descript, Rev and many
//! meeting tools.
//!
//! SRT has no specification, so the reader is line-driven and forgiving where
//! exporters differ: a timing line (`00:00:01,000 --> 00:00:04,000`, `,` or `.`
//! fraction, coordinates after it ignored) starts a cue; an all-digit line after
//! a blank line is an index, which may be missing; every other line up to the
//! next cue is text. Speakers come from a `Name: ` prefix or a
//! `<v>` span, as in Zoom WebVTT ([`super::cue`]).

use super::{cue, timecode, Parsed, UNLABELLED};
use crate::model::Diagnostic;

/// The first non-blank line is a timing line, or an index followed by one.
pub fn sniff(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    match lines.next() {
        Some(first) if is_index(first) => lines.next().is_some_and(|l| timing(l).is_some()),
        Some(first) => timing(first).is_some(),
        None => false,
    }
}

fn is_index(line: &str) -> bool {
    !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit())
}

/// `start --> end` as milliseconds, and whether either stamp was irregular.
fn timing(line: &str) -> Option<(u64, u64, bool)> {
    let (a, b) = line.split_once("-->")?;
    let b = b.split_whitespace().next()?;
    let (start, sa) = timecode::parse_clock(a.trim())?;
    let (end, sb) = timecode::parse_clock(b)?;
    let irregular = sa == timecode::Shape::Lenient || sb == timecode::Shape::Lenient;
    Some((start, end, irregular))
}

/// A cue being read: its timing line's number, times and text lines.
struct Open {
    line: u32,
    start: u64,
    end: u64,
    text: Vec<String>,
}

/// Reads SRT cues into turns.
pub fn parse(text: &str) -> Result<Parsed, Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    let mut p = Parsed::with_text();
    let mut open: Option<Open> = None;
    let mut stray = 0;
    let mut irregular = 0;
    let mut unlabelled: Option<(usize, u32)> = None;
    for (i, line) in lines.iter().enumerate() {
        let line_no = i as u32 + 1;
        let trimmed = line.trim();
        let after_blank = i == 0 || lines[i - 1].trim().is_empty();
        if is_index(trimmed) && after_blank {
            // An index ends the cue before it; one not followed by a timing line
            // is a cue cut short (a truncated file), reported, not merged.
            if !lines.get(i + 1).is_some_and(|l| l.contains("-->")) {
                close(&mut p, open.take(), &mut unlabelled);
                p.warn(
                    line_no,
                    format!("cue {trimmed} has no timing line (truncated file?); skipped"),
                );
            }
            continue;
        }
        if trimmed.contains("-->") {
            close(&mut p, open.take(), &mut unlabelled);
            match timing(trimmed) {
                Some((start, end, odd)) => {
                    irregular += usize::from(odd);
                    open = Some(Open {
                        line: line_no,
                        start,
                        end,
                        text: Vec::new(),
                    });
                }
                None => p.warn(
                    line_no,
                    "malformed cue timing (expected `HH:MM:SS,mmm --> HH:MM:SS,mmm`); \
                     cue skipped with its text",
                ),
            }
            continue;
        }
        match open.as_mut() {
            Some(o) => o.text.push(line.to_string()),
            None if !trimmed.is_empty() => stray += 1,
            None => {}
        }
    }
    close(&mut p, open.take(), &mut unlabelled);
    if stray > 0 {
        p.warn(
            1,
            format!(
                "{stray} line(s) before the first cue or after a malformed timing were ignored"
            ),
        );
    }
    if irregular > 0 {
        p.warn(
            0,
            format!("{irregular} cue timing(s) had an irregular shape and were read leniently"),
        );
    }
    if let Some((n, line)) = unlabelled {
        p.warn(
            line,
            format!(
                "{n} cue(s) name no speaker (no `Name: ` prefix); their speech is counted as \
                 {UNLABELLED}"
            ),
        );
    }
    Ok(p)
}

/// Turns a finished cue into turns, one per speaker it names.
fn close(p: &mut Parsed, open: Option<Open>, unlabelled: &mut Option<(usize, u32)>) {
    let Some(o) = open else { return };
    let spans = cue::speaker_spans(o.text.join("\n").trim());
    if spans.iter().any(|s| s.voice.is_none()) {
        let u = unlabelled.get_or_insert((0, o.line));
        u.0 += 1;
    }
    for s in spans {
        let label = s.voice.as_deref().unwrap_or(UNLABELLED);
        p.push(label, o.start, o.end, &s.text, o.line);
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::ingest::finish;
    use crate::model::Format;

    fn turns(text: &str) -> Vec<(String, u64, u64, String, u32)> {
        parse(text).unwrap().rows()
    }

    #[test]
    fn shapes() {
        type Want = &'static [(&'static str, u64, u64, &'static str, u32)];
        let cases: &[(&str, &str, Want)] = &[
            ("plain", "1\n00:00:01,000 --> 00:00:04,000\nDana Reyes: text\n\n2\n00:00:05,000 --> 00:00:06,000\nSam: hi\n", &[("Dana Reyes", 1000, 4000, "text", 2), ("Sam", 5000, 6000, "hi", 6)]),
            ("no index, dot", "00:00:01.000 --> 00:00:02.000\nA: x\n\n00:00:03.000 --> 00:00:04.000\nB: y", &[("A", 1000, 2000, "x", 1), ("B", 3000, 4000, "y", 4)]),
            ("multi-line", "1\n00:00:01,000 --> 00:00:02,000 X1:10\n<i>A: one</i>\ntwo\n", &[("A", 1000, 2000, "one two", 2)]),
            ("missing speaker", "1\n00:00:01,000 --> 00:00:02,000\njust text\n", &[(UNLABELLED, 1000, 2000, "just text", 2)]),
            ("out of order", "2\n00:00:05,000 --> 00:00:06,000\nB: y\n\n1\n00:00:01,000 --> 00:00:02,000\nA: x\n", &[("B", 5000, 6000, "y", 2), ("A", 1000, 2000, "x", 6)]),
            ("end before start kept", "1\n00:00:05,000 --> 00:00:02,000\nA: x\n", &[("A", 5000, 2000, "x", 2)]),
            ("garbage arrow", "1\n00:00:01,000 --> soon\nA: lost\n\n2\n00:00:03,000 --> 00:00:04,000\nB: y", &[("B", 3000, 4000, "y", 6)]),
            ("truncated last cue", "1\n00:00:01,000 --> 00:00:02,000\nA: x\n\n2\n00:00:03,0", &[("A", 1000, 2000, "x", 2)]),
            ("empty body", "1\n00:00:01,000 --> 00:00:02,000\n", &[]),
        ];
        for (name, text, want) in cases {
            let want: Vec<_> = want
                .iter()
                .map(|(s, a, b, t, l)| (s.to_string(), *a, *b, t.to_string(), *l))
                .collect();
            assert_eq!(turns(text), want, "{name}");
        }
    }

    #[test]
    fn warns_and_sniffs() {
        let p = parse("1\n00:00:01,000 --> soon\nA: lost\n").unwrap();
        assert_eq!(p.warnings[0].line, 2);
        assert!(p.warnings.iter().any(|w| w.message.contains("ignored")));
        let p = parse("1\n00:00:01,000 --> 00:00:02,000\nhi").unwrap();
        assert!(p.warnings[0].message.contains("1 cue(s) name no speaker"));
        let cases = [
            ("1\n00:00:01,000 --> 00:00:02,000\nx", true),
            ("\n00:00:01.000 --> 00:00:02.000\nx", true),
            ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000", false),
            ("start,end,speaker,text", false),
            ("1\nhello", false),
        ];
        for (text, want) in cases {
            assert_eq!(sniff(text), want, "{text:?}");
        }
        let p = parse("1\n00:00:05,000 --> 00:00:02,000\nA: x\n").unwrap();
        assert_eq!(
            finish(Path::new("a.srt"), Format::Srt, p).unwrap_err().line,
            2
        );
    }
}
