//! Otter.ai and Zoom plain-text transcripts: speaker headers with start times.
//!
//! Shapes read (from real exports and the parsers people wrote for them):
//! - Otter.ai `.txt`: a header `Dana Reyes  0:05` (name, two or more spaces or a
//!   tab, `m:ss` or `h:mm:ss`, trailing spaces allowed), then text lines until a
//!   blank line or the next header. With speaker names turned off Otter writes the
//!   time alone (`0:15`): such turns are unlabelled. The footer
//!   `Transcribed by https://otter.ai` is skipped.
//! - Zoom `.txt` (the in-meeting "Save transcript" file,
//!   `meeting_saved_closed_caption.txt`): `[Dana Reyes] 10:02:15` then text lines.
//!   The time is the wall clock of the meeting, so turns are timed from the first
//!   header (a pass over midnight is allowed).
//! - Zoom's older one-line form `00:00:05 Dana Reyes: text`, times from the start
//!   of the recording; lines without a time continue the turn above.
//!
//! These files give start times only. A turn ends where the next one starts; the
//! last turn ends after its words at 150 words per minute (400 ms a word), a
//! typical conversational rate. Start times that go backwards are an error: the
//! turn between them would have a negative length, which cannot be repaired.

use super::{cue, timecode, Parsed, UNLABELLED};
use crate::model::Diagnostic;

/// Speaking rate used to estimate how long the last turn lasts.
pub const WORDS_PER_MINUTE: u64 = 150;

const OTTER_FOOTER: &str = "transcribed by https://otter.ai";

/// A turn from a start-only format, before its end is known.
struct Start {
    label: String,
    start: u64,
    text: String,
    line: u32,
}

fn first_line(text: &str) -> &str {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

pub fn sniff_otter(text: &str) -> bool {
    otter_header(first_line(text)).is_some()
}

pub fn sniff_zoom(text: &str) -> bool {
    let l = first_line(text);
    zoom_header(l).is_some() || zoom_line(l).is_some()
}

/// `h:mm:ss` or `m:ss` with no fraction, as headers write it.
fn header_time(s: &str) -> Option<u64> {
    let parts = s.split(':').count();
    if !(2..=3).contains(&parts) || !s.bytes().all(|b| b.is_ascii_digit() || b == b':') {
        return None;
    }
    timecode::parse_clock(s).map(|(ms, _)| ms)
}

/// `Dana Reyes  0:05` -> `(Some("Dana Reyes"), 5000)`; `0:15` -> `(None, 15000)`.
fn otter_header(line: &str) -> Option<(Option<&str>, u64)> {
    let line = line.trim_end();
    if let Some(ms) = header_time(line) {
        return Some((None, ms));
    }
    let (name, time) = line.rsplit_once(|c: char| c.is_whitespace())?;
    let ms = header_time(time)?;
    // Otter separates name and time by two spaces (or a tab); one space is
    // ordinary prose such as `Call me at 5:30`.
    let sep_ok = name.ends_with([' ', '\t']) || line[name.len()..].starts_with('\t');
    let name = name.trim_end();
    (sep_ok && cue::looks_like_name(name)).then_some((Some(name), ms))
}

/// `[Dana Reyes] 10:02:15` -> `("Dana Reyes", ms)`.
fn zoom_header(line: &str) -> Option<(&str, u64)> {
    let rest = line.trim().strip_prefix('[')?;
    let (name, time) = rest.split_once(']')?;
    let ms = header_time(time.trim())?;
    let name = name.trim();
    (!name.is_empty()).then_some((name, ms))
}

/// `00:00:05 Dana Reyes: text` -> `(ms, "Dana Reyes", "text")`.
fn zoom_line(line: &str) -> Option<(u64, &str, &str)> {
    let (time, rest) = line.trim().split_once(char::is_whitespace)?;
    let ms = header_time(time)?;
    let (name, text) = cue::split_speaker_prefix(rest.trim_start())?;
    Some((ms, name, text))
}

/// Reads an Otter.ai text export.
pub fn parse_otter(text: &str) -> Result<Parsed, Diagnostic> {
    let mut turns: Vec<Start> = Vec::new();
    let mut stray = 0;
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        if line.trim().eq_ignore_ascii_case(OTTER_FOOTER) {
            continue;
        }
        if let Some((name, start)) = otter_header(line) {
            turns.push(Start {
                label: name.unwrap_or(UNLABELLED).to_string(),
                start,
                text: String::new(),
                line: line_no,
            });
        } else if !append(&mut turns, line) {
            stray += 1;
        }
    }
    finish_start_only(turns, stray)
}

/// Reads a Zoom text transcript, bracketed headers or one-line form.
pub fn parse_zoom(text: &str) -> Result<Parsed, Diagnostic> {
    let mut turns: Vec<Start> = Vec::new();
    let mut stray = 0;
    let mut clock = WallClock::default();
    let mut wall = false;
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        if let Some((name, at)) = zoom_header(line) {
            wall = true;
            turns.push(Start {
                label: name.to_string(),
                start: clock.absolute(at),
                text: String::new(),
                line: line_no,
            });
        } else if let Some((start, name, said)) = zoom_line(line) {
            turns.push(Start {
                label: name.to_string(),
                start,
                text: said.to_string(),
                line: line_no,
            });
        } else if !append(&mut turns, line) {
            stray += 1;
        }
    }
    let mut p = finish_start_only(turns, stray)?;
    if wall {
        // Times of day become times from the first utterance.
        let base = p.turns.first().map_or(0, |t| t.start_ms);
        for t in &mut p.turns {
            t.start_ms -= base;
            t.end_ms -= base;
        }
    }
    Ok(p)
}

/// Adds a text line to the last turn; `false` when there is none to take it.
fn append(turns: &mut [Start], line: &str) -> bool {
    if line.trim().is_empty() {
        return true;
    }
    match turns.last_mut() {
        Some(t) => {
            t.text.push(' ');
            t.text.push_str(line);
            true
        }
        None => false,
    }
}

/// Wall-clock times of day, counted on past midnight.
#[derive(Default)]
struct WallClock {
    days: u64,
    last: u64,
}

impl WallClock {
    const DAY: u64 = 24 * 3_600_000;

    fn absolute(&mut self, at: u64) -> u64 {
        // 23:59:58 then 00:00:03 is the meeting passing midnight, not time
        // running backwards.
        if at + Self::DAY / 2 < self.last {
            self.days += 1;
        }
        self.last = at;
        at + self.days * Self::DAY
    }
}

/// Ends each turn where the next starts and the last by its word count.
fn finish_start_only(turns: Vec<Start>, stray: usize) -> Result<Parsed, Diagnostic> {
    let mut p = Parsed::with_text();
    for w in turns.windows(2) {
        if w[1].start < w[0].start {
            return Err(Diagnostic::new(
                w[1].line,
                format!(
                    "start time {} is before the previous turn's {} (line {}): this format has \
                     start times only, so the turn between cannot be timed; fix the times",
                    timecode::fmt_clock(w[1].start),
                    timecode::fmt_clock(w[0].start),
                    w[0].line
                ),
            ));
        }
    }
    let mut unlabelled: Option<(usize, u32)> = None;
    for (i, t) in turns.iter().enumerate() {
        let end = match turns.get(i + 1) {
            Some(next) => next.start,
            None => t.start + spoken_ms(&t.text),
        };
        if t.label == UNLABELLED {
            unlabelled.get_or_insert((0, t.line)).0 += 1;
        }
        p.push(&t.label, t.start, end, &t.text, t.line);
    }
    if stray > 0 {
        p.warn(
            1,
            format!("{stray} line(s) before the first speaker header were ignored"),
        );
    }
    if let Some((n, line)) = unlabelled {
        p.warn(
            line,
            format!("{n} turn(s) have a time but no speaker name; counted as {UNLABELLED}"),
        );
    }
    Ok(p)
}

/// How long `text` takes to say at [`WORDS_PER_MINUTE`].
fn spoken_ms(text: &str) -> u64 {
    text.split_whitespace().count() as u64 * 60_000 / WORDS_PER_MINUTE
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::ingest::testing::{check, Want};

    #[test]
    fn otter() {
        let cases: &[(&str, &str, Want)] = &[
            ("basic", "Dana Reyes  0:05  \nHello there.\n\nSam Lee  0:12\nHi Dana, how are you\n\nTranscribed by https://otter.ai\n", Ok(&[("Dana Reyes", 5000, 12000, "Hello there.", 1), ("Sam Lee", 12000, 14000, "Hi Dana, how are you", 4)])),
            ("hours", "A  59:59\nx\n\nB  1:00:01\ny z", Ok(&[("A", 3_599_000, 3_601_000, "x", 1), ("B", 3_601_000, 3_601_800, "y z", 4)])),
            ("time only", "0:15\ntext here\n", Ok(&[(UNLABELLED, 15000, 15800, "text here", 1)])),
            ("multi-line", "A\t0:00\none\ntwo\nB  0:04\nthree", Ok(&[("A", 0, 4000, "one two", 1), ("B", 4000, 4400, "three", 4)])),
            ("prose with time", "A  0:00\nCall me at 5:30\n", Ok(&[("A", 0, 1600, "Call me at 5:30", 1)])),
            ("backwards", "A  0:10\nx\n\nB  0:05\ny", Err(4)),
            ("header only", "A  0:10\n", Ok(&[("A", 10000, 10000, "", 1)])),
        ];
        for (name, text, want) in cases {
            check(name, parse_otter(text), want);
        }
    }

    #[test]
    fn zoom() {
        let cases: &[(&str, &str, Want)] = &[
            (
                "bracket",
                "[Dana Reyes] 10:02:15\nHello there\n\n[Sam Lee] 10:02:20\nHi\n",
                Ok(&[
                    ("Dana Reyes", 0, 5000, "Hello there", 1),
                    ("Sam Lee", 5000, 5400, "Hi", 4),
                ]),
            ),
            (
                "midnight",
                "[A] 23:59:58\nx\n\n[B] 00:00:03\ny",
                Ok(&[("A", 0, 5000, "x", 1), ("B", 5000, 5400, "y", 4)]),
            ),
            (
                "one line",
                "00:00:05 Dana Reyes: Hello there\n00:00:09 Sam: Hi\nmore\n",
                Ok(&[
                    ("Dana Reyes", 5000, 9000, "Hello there", 1),
                    ("Sam", 9000, 9800, "Hi more", 2),
                ]),
            ),
            ("backwards", "00:00:05 A: x\n00:00:01 B: y", Err(2)),
            (
                "bracket backwards",
                "[A] 10:00:05\nx\n[B] 10:00:01\ny",
                Err(3),
            ),
        ];
        for (name, text, want) in cases {
            check(name, parse_zoom(text), want);
        }
    }

    #[test]
    fn sniffs_and_warns() {
        let cases: &[(&str, bool, bool)] = &[
            ("Dana Reyes  0:05\nHi", true, false),
            ("0:15  \nHi", true, false),
            ("[Dana Reyes] 10:02:15\nHi", false, true),
            ("00:00:05 Dana Reyes: Hi", false, true),
            ("Call me at 5:30", false, false),
            ("WEBVTT", false, false),
            ("1\n00:00:01,000 --> 00:00:02,000", false, false),
        ];
        for (text, otter, zoom) in cases {
            assert_eq!(sniff_otter(text), *otter, "otter {text:?}");
            assert_eq!(sniff_zoom(text), *zoom, "zoom {text:?}");
        }
        let p = parse_otter("Meeting title\nA  0:00\nx").unwrap();
        assert!(p.warnings[0].message.contains("1 line(s) before"));
        let p = parse_otter("0:00\nx\n0:05\ny").unwrap();
        assert!(p.warnings[0].message.contains("2 turn(s)"));
    }
}
