//! WebVTT reader: the captions Zoom and Microsoft Teams write for recordings.
//!
//! Blocks are collected as the WHATWG/W3C WebVTT parser does (signature and
//! header rules, `-->` on an id line, a blank line ending a cue, invalid timings
//! dropping the cue), so files that play in a browser read the same here; the
//! W3C file-parsing suite runs against [`read_cues`] in `tests/external_wpt.rs`.
//!
//! Departures from the browser, each for call transcripts:
//! - Older Teams wrote irregular stamps (`0:0:0.0`, `00:00:05.5`, `,` fractions).
//!   When the first timing line of a file only reads leniently, the whole file is
//!   read leniently with one warning; otherwise the strict grammar applies, so a
//!   well-formed file with one bad stamp still drops (and reports) that cue as a
//!   browser would.
//! - Dropped cues and text blocks without timings are reported as warnings with
//!   their line, never silently.
//! - Speakers come from `<v Name>` spans or a `Name: ` prefix ([`super::cue`]).

use std::borrow::Cow;

use super::{cue, timecode, Parsed, UNLABELLED};
use crate::model::Diagnostic;

/// One cue as the file gives it, before speakers are read from its text.
/// The id and a one-line text (nearly every cue) borrow from the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue<'a> {
    pub id: Cow<'a, str>,
    pub start_ms: u64,
    pub end_ms: u64,
    /// Raw cue text: lines joined by `\n`, tags and references not yet touched.
    pub text: Cow<'a, str>,
    /// 1-based line of the timing line.
    pub line: u32,
}

/// The cues of a file in file order, and what was skipped on the way.
#[derive(Debug, Default)]
pub struct CueFile<'a> {
    pub cues: Vec<Cue<'a>>,
    pub warnings: Vec<Diagnostic>,
}

/// A WebVTT file starts with `WEBVTT` (the BOM is gone by now).
pub fn sniff(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').starts_with("WEBVTT")
}

/// Reads a WebVTT file into turns: one per cue, or one per voice when a cue's
/// lines have different `<v>` voices, each with the cue's times.
pub fn parse(text: &str) -> Result<Parsed, Diagnostic> {
    let file = read_cues(text)?;
    let mut p = Parsed::with_text();
    p.warnings = file.warnings;
    let mut unlabelled = Tally::default();
    let mut empty = Tally::default();
    let mut names = cue::Names::default();
    for c in &file.cues {
        // A plain one-line cue: its one span, borrowed.
        if let Some((voice, text)) = cue::single_span(&c.text, &mut names) {
            if text.trim().is_empty() {
                empty.add(c.line);
            } else {
                if voice.is_none() {
                    unlabelled.add(c.line);
                }
                let label = voice.unwrap_or(UNLABELLED);
                p.push(label, c.start_ms, c.end_ms, text, c.line);
            }
            continue;
        }
        let spans = cue::speaker_spans(&c.text);
        if spans.is_empty() {
            empty.add(c.line);
        }
        if spans.iter().any(|s| s.voice.is_none()) {
            unlabelled.add(c.line);
        }
        for s in spans {
            let label = s.voice.as_deref().unwrap_or(UNLABELLED);
            p.push(label, c.start_ms, c.end_ms, &s.text, c.line);
        }
    }
    if let Some(line) = unlabelled.first {
        p.warn(
            line,
            format!(
                "{} cue(s) name no speaker (no `<v Name>` and no `Name: ` prefix); \
                 their speech is counted as {UNLABELLED}",
                unlabelled.count
            ),
        );
    }
    if let Some(line) = empty.first {
        p.warn(
            line,
            format!("{} cue(s) have no text and were skipped", empty.count),
        );
    }
    Ok(p)
}

/// How many times something happened, and the first line it happened on.
#[derive(Default)]
struct Tally {
    count: usize,
    first: Option<u32>,
}

impl Tally {
    fn add(&mut self, line: u32) {
        self.count += 1;
        self.first.get_or_insert(line);
    }
}

/// Collects the cues of a WebVTT file per the WebVTT parsing algorithm.
pub fn read_cues(text: &str) -> Result<CueFile<'_>, Diagnostic> {
    match prepare(text) {
        Cow::Borrowed(text) => read_prepared(text),
        // Cues cannot borrow from the repaired copy, which ends here.
        Cow::Owned(text) => {
            let file = read_prepared(&text)?;
            Ok(CueFile {
                cues: file
                    .cues
                    .into_iter()
                    .map(|c| Cue {
                        id: Cow::Owned(c.id.into_owned()),
                        text: Cow::Owned(c.text.into_owned()),
                        ..c
                    })
                    .collect(),
                warnings: file.warnings,
            })
        }
    }
}

/// [`read_cues`] of a text without NUL or CR.
fn read_prepared(text: &str) -> Result<CueFile<'_>, Diagnostic> {
    check_signature(text)?;
    if let Some(file) = read_regular(text) {
        return Ok(file);
    }
    read_general(text)
}

/// The cues of a file in the shape Zoom and Teams write, read in one pass
/// over its lines: the signature line alone, then blocks of an optional id
/// line, a timing line with regular stamps, and text lines up to a blank
/// line, and NOTE blocks. `None` at the first thing outside that shape (a
/// header block, an irregular or malformed timing, a block without one,
/// `-->` in a text line): the file is then read by [`read_general`], the spec's
/// algorithm, from the start. On the files it accepts it gives exactly what
/// that reader gives (a test compares both on every WebVTT file at hand); a
/// cue's text of several lines is borrowed too, as the lines already sit
/// joined by `\n` in the file.
fn read_regular(text: &str) -> Option<CueFile<'_>> {
    let mut lines = LineCursor::new(text);
    let first = lines.next()?;
    if has_arrow(first) || !matches!(lines.next(), None | Some("")) {
        return None;
    }
    let mut cues = Vec::with_capacity(text.len() / 64);
    loop {
        let mut line = loop {
            match lines.next() {
                None => {
                    return Some(CueFile {
                        cues,
                        warnings: Vec::new(),
                    })
                }
                Some("") => continue,
                Some(l) => break l,
            }
        };
        let mut id = "";
        if !has_arrow(line) {
            if is_comment_block(line) {
                // NOTE (Teams writes two), STYLE, REGION: skipped whole, as
                // blocks without a timing line that are meant to be so.
                for l in lines.by_ref() {
                    if l.is_empty() {
                        break;
                    }
                    if has_arrow(l) {
                        return None;
                    }
                }
                continue;
            }
            id = line;
            line = lines.next().filter(|l| has_arrow(l))?;
        }
        let timing_line = lines.no;
        let ((irregular_start, start_ms), (irregular_end, end_ms)) = parse_timing(line, false)?;
        if irregular_start || irregular_end {
            return None;
        }
        // Text lines, up to a blank line or the end.
        let from = lines.pos.min(text.len());
        let mut to = from;
        while let Some(l) = lines.next() {
            if l.is_empty() {
                break;
            }
            if has_arrow(l) {
                return None;
            }
            // The line's end: just before the next one starts.
            to = lines.pos - 1;
        }
        cues.push(Cue {
            id: Cow::Borrowed(id),
            start_ms,
            end_ms,
            text: Cow::Borrowed(&text[from..to]),
            line: timing_line,
        });
    }
}

/// Lines of a text without CR, one at a time, with their 1-based number.
struct LineCursor<'a> {
    text: &'a str,
    /// Where the next line starts.
    pos: usize,
    /// The number of the line last returned.
    no: u32,
}

impl<'a> LineCursor<'a> {
    fn new(text: &'a str) -> LineCursor<'a> {
        LineCursor {
            text,
            pos: 0,
            no: 0,
        }
    }
}

impl<'a> Iterator for LineCursor<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text.as_bytes()[self.pos..];
        let len = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let line = &self.text[self.pos..self.pos + len];
        self.pos += len + 1;
        self.no += 1;
        Some(line)
    }
}

/// [`read_cues`] by the spec's algorithm: any file.
fn read_general(text: &str) -> Result<CueFile<'_>, Diagnostic> {
    let lines: Vec<&str> = LineCursor::new(text).collect();
    let mut r = Reader {
        lenient: first_timing_is_lenient(&lines),
        lines,
        pos: 1,
        file: CueFile::default(),
        irregular: Tally::default(),
        untimed: Tally::default(),
    };
    r.run();
    Ok(r.finish())
}

/// NUL becomes U+FFFD as the spec says; CR handling and a leading BOM are
/// repeated here so the reader stands alone (decode has usually done both).
fn prepare(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // memchr: a multi-character `contains` decodes every char of the file.
    if memchr::memchr2(b'\0', b'\r', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.replace('\0', "\u{fffd}")
            .replace("\r\n", "\n")
            .replace('\r', "\n"),
    )
}

/// `WEBVTT` alone, or followed by a space, tab or line break.
fn check_signature(text: &str) -> Result<(), Diagnostic> {
    let ok = text
        .strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\n']));
    if ok {
        return Ok(());
    }
    let first: String = text.lines().next().unwrap_or("").chars().take(40).collect();
    Err(Diagnostic::new(
        1,
        format!(
            "invalid WebVTT header {first:?}: line 1 must be `WEBVTT`, optionally followed \
             by a space or tab and a title"
        ),
    ))
}

struct Reader<'a> {
    lines: Vec<&'a str>,
    /// Index of the next line to read.
    pos: usize,
    lenient: bool,
    file: CueFile<'a>,
    irregular: Tally,
    untimed: Tally,
}

impl<'a> Reader<'a> {
    fn run(&mut self) {
        // The rest of line 1 is a title; a header block may follow directly.
        if self.pos >= self.lines.len() {
            return;
        }
        if self.lines[self.pos].is_empty() {
            self.pos += 1;
        } else {
            self.block(true);
        }
        self.skip_blank();
        while self.pos < self.lines.len() {
            if let Some(c) = self.block(false) {
                self.file.cues.push(c);
            }
            self.skip_blank();
        }
    }

    fn skip_blank(&mut self) {
        while self.lines.get(self.pos).is_some_and(|l| l.is_empty()) {
            self.pos += 1;
        }
    }

    /// The spec's "collect a WebVTT block": returns the cue, if the block is one.
    fn block(&mut self, in_header: bool) -> Option<Cue<'a>> {
        let first_line = self.pos as u32 + 1;
        let mut line_count = 0;
        let mut previous = self.pos;
        let mut buffer = Lines::default();
        let mut seen_arrow = false;
        let mut cue: Option<Cue> = None;
        let mut bad_timing: Option<u32> = None;
        while let Some(&line) = self.lines.get(self.pos) {
            let line_no = self.pos as u32 + 1;
            self.pos += 1;
            line_count += 1;
            if has_arrow(line) {
                if !in_header && (line_count == 1 || (line_count == 2 && !seen_arrow)) {
                    seen_arrow = true;
                    previous = self.pos;
                    cue = self.timing(line).map(|(start_ms, end_ms)| Cue {
                        id: std::mem::take(&mut buffer).joined(),
                        start_ms,
                        end_ms,
                        text: Cow::Borrowed(""),
                        line: line_no,
                    });
                    bad_timing = cue.is_none().then_some(line_no);
                } else {
                    // A second timing line right after a failed one: the failed
                    // line was only an id with an arrow in it (`foo-->`).
                    if line_count == 2 {
                        bad_timing = None;
                    }
                    self.pos = previous;
                    break;
                }
            } else if line.is_empty() {
                break;
            } else {
                buffer.push(line);
                previous = self.pos;
            }
        }
        if let Some(line) = bad_timing {
            self.file.warnings.push(Diagnostic::new(
                line,
                "malformed cue timing (expected `HH:MM:SS.mmm --> HH:MM:SS.mmm`); cue skipped",
            ));
        }
        match cue {
            Some(mut c) => {
                c.text = buffer.joined();
                Some(c)
            }
            None => {
                let buffer = buffer.joined();
                if !in_header && bad_timing.is_none() && !seen_arrow && !is_comment_block(&buffer) {
                    self.untimed.add(first_line);
                }
                None
            }
        }
    }

    /// Start and end of a timing line, or `None` when the cue must be dropped.
    fn timing(&mut self, line: &str) -> Option<(u64, u64)> {
        let t = parse_timing(line, self.lenient)?;
        for (irregular, _) in [t.0, t.1] {
            if irregular {
                self.irregular.add(0);
            }
        }
        Some((t.0 .1, t.1 .1))
    }

    fn finish(mut self) -> CueFile<'a> {
        if self.irregular.count > 0 {
            self.file.warnings.push(Diagnostic::new(
                0,
                format!(
                    "{} timestamp(s) had an irregular shape (e.g. `0:0:0.0`, as older Teams \
                     wrote them) and were read leniently",
                    self.irregular.count
                ),
            ));
        }
        if let Some(line) = self.untimed.first {
            self.file.warnings.push(Diagnostic::new(
                line,
                format!(
                    "{} text block(s) without a cue timing line were ignored",
                    self.untimed.count
                ),
            ));
        }
        self.file
    }
}

/// The lines of a block joined by `\n`: one line (nearly every cue's id and
/// text) is borrowed, not copied.
#[derive(Default)]
enum Lines<'a> {
    #[default]
    None,
    One(&'a str),
    Many(String),
}

impl<'a> Lines<'a> {
    fn push(&mut self, line: &'a str) {
        *self = match std::mem::take(self) {
            Lines::None => Lines::One(line),
            Lines::One(first) => Lines::Many(format!("{first}\n{line}")),
            Lines::Many(mut s) => {
                s.push('\n');
                s.push_str(line);
                Lines::Many(s)
            }
        };
    }

    fn joined(self) -> Cow<'a, str> {
        match self {
            Lines::None => Cow::Borrowed(""),
            Lines::One(line) => Cow::Borrowed(line),
            Lines::Many(s) => Cow::Owned(s),
        }
    }
}

/// Does the line hold `-->`? A byte scan: `str::contains` builds a substring
/// searcher for every line.
fn has_arrow(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr_iter(b'>', b).any(|i| i >= 2 && &b[i - 2..i] == b"--")
}

/// NOTE, STYLE and REGION blocks are expected to have no timing.
fn is_comment_block(buffer: &str) -> bool {
    let first = buffer.split('\n').next().unwrap_or("");
    ["NOTE", "STYLE", "REGION"].iter().any(|k| {
        first
            .strip_prefix(k)
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
    })
}

/// Old Teams files are irregular throughout, so the first timing line decides:
/// lenient for the whole file when it reads only leniently, else the strict
/// grammar (which is also what a browser would apply).
fn first_timing_is_lenient(lines: &[&str]) -> bool {
    lines
        .iter()
        .skip(1)
        .find(|l| has_arrow(l))
        .is_some_and(|l| parse_timing(l, false).is_none() && parse_timing(l, true).is_some())
}

/// WebVTT whitespace around timings: space, tab, form feed.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\x0c')
}

/// A stamp as (was irregular, milliseconds).
type Stamp = (bool, u64);

/// `start --> end [settings]`. Settings are ignored: they place text on screen.
fn parse_timing(line: &str, lenient: bool) -> Option<(Stamp, Stamp)> {
    // `HH:MM:SS.mmm --> HH:MM:SS.mmm`, as Zoom and Teams write every timing
    // line, read in place: the same answer as below, without the trimming
    // and splitting.
    let b = line.as_bytes();
    if b.len() >= 29
        && &b[12..17] == b" --> "
        && !b.get(29).is_some_and(|&c| is_stamp_byte(c, lenient))
    {
        if let (Some(x), Some(y)) = (regular_stamp(&b[..12]), regular_stamp(&b[17..29])) {
            return Some(((false, x), (false, y)));
        }
    }
    parse_timing_general(line, lenient)
}

/// [`parse_timing`] for any shape the spec (or `lenient`) allows.
fn parse_timing_general(line: &str, lenient: bool) -> Option<(Stamp, Stamp)> {
    let (a, rest) = take_stamp(line.trim_start_matches(is_space), lenient);
    let rest = rest.trim_start_matches(is_space).strip_prefix("-->")?;
    let (b, settings) = take_stamp(rest.trim_start_matches(is_space), lenient);
    let (a, b) = (stamp(a, lenient)?, stamp(b, lenient)?);
    // Leniency is for irregular digits, not for garbage glued to a stamp.
    if (a.0 || b.0) && !(settings.is_empty() || settings.starts_with(is_space)) {
        return None;
    }
    Some((a, b))
}

/// Splits off the leading run of characters a timestamp can hold.
fn take_stamp(s: &str, lenient: bool) -> (&str, &str) {
    // Every byte it takes is ASCII, so the cut is on a char boundary.
    let end = s
        .bytes()
        .position(|c| !is_stamp_byte(c, lenient))
        .unwrap_or(s.len());
    s.split_at(end)
}

/// Can a timestamp hold this byte?
fn is_stamp_byte(c: u8, lenient: bool) -> bool {
    c.is_ascii_digit() || c == b':' || c == b'.' || (lenient && c == b',')
}

fn stamp(s: &str, lenient: bool) -> Option<Stamp> {
    if let Some(ms) = regular_stamp(s.as_bytes()) {
        return Some((false, ms));
    }
    let (ms, _) = timecode::parse_clock(s)?;
    let regular = strict_shape(s);
    (regular || lenient).then_some((!regular, ms))
}

/// `HH:MM:SS.mmm`, as Zoom and Teams write every stamp, read directly; any
/// other shape (or an out-of-range value) goes the general way.
fn regular_stamp(b: &[u8]) -> Option<u64> {
    if b.len() != 12 || b[2] != b':' || b[5] != b':' || b[8] != b'.' {
        return None;
    }
    let mut n = [0u64; 9];
    for (k, i) in [0, 1, 3, 4, 6, 7, 9, 10, 11].into_iter().enumerate() {
        if !b[i].is_ascii_digit() {
            return None;
        }
        n[k] = u64::from(b[i] - b'0');
    }
    let (h, m, sec) = (n[0] * 10 + n[1], n[2] * 10 + n[3], n[4] * 10 + n[5]);
    if m > 59 || sec > 59 {
        return None;
    }
    Some(h * 3_600_000 + m * 60_000 + sec * 1000 + n[6] * 100 + n[7] * 10 + n[8])
}

/// The WebVTT timestamp grammar: `[H+:]MM:SS.mmm`, digits counted exactly.
/// Values are left to `parse_clock`; this only checks the shape it is lenient on.
fn strict_shape(s: &str) -> bool {
    let Some((hms, frac)) = s.split_once('.') else {
        return false;
    };
    let digits = |p: &str, n: Option<usize>| {
        !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && n.is_none_or(|n| p.len() == n)
    };
    let parts: Vec<&str> = hms.split(':').collect();
    digits(frac, Some(3))
        && match parts.as_slice() {
            [m, s] => digits(m, Some(2)) && digits(s, Some(2)),
            [h, m, s] => digits(h, None) && digits(m, Some(2)) && digits(s, Some(2)),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::ingest::finish;
    use crate::model::Format;

    /// Every WebVTT file at hand: the W3C suite beside the repository, the
    /// sample week, the test data.
    fn vtt_files() -> Vec<std::path::PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for dir in [
            root.join("../shared/external/webvtt-wpt"),
            root.join("fixtures"),
            root.join("tests/data"),
        ] {
            for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
                if e.path().extension().is_some_and(|x| x == "vtt") {
                    out.push(e.into_path());
                }
            }
        }
        out
    }

    #[test]
    fn the_regular_shape_is_read_as_the_spec_reads_it() {
        let shapes = [
            "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\nDana: Hi there.\n\n2\n00:00:03.000 --> 00:00:04.000\nSam: Hello.\n",
            // No ids, no final newline, several text lines, blank runs.
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nline one\nline two\n\n\n\n00:00:03.000 --> 00:00:04.000\nlast",
            // Settings after the stamps, a cue with no text, one at the end.
            "WEBVTT title\n\n00:00:01.000 --> 00:00:02.000 align:start\n\nx\n00:00:03.000 --> 00:00:04.000",
            // NOTE blocks before and between cues (Teams).
            "WEBVTT\n\nNOTE duration:\"00:10\"\n\nNOTE language:en-us\n\nid/1\n00:00:01.000 --> 00:00:02.000\n<v Dana>Hi.</v>\n\nNOTE\nmore\n\n00:00:03.000 --> 00:00:04.000\nok\n",
            // Outside the shape: each falls back to the general reader.
            "WEBVTT\nKind: captions\n\n00:00:01.000 --> 00:00:02.000\nheader block\n",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\ntext\n00:00:03.000 --> 00:00:04.000\narrow in the text\n",
            "WEBVTT\n\n0:0:1.0 --> 0:0:2.0\nirregular\n",
            "WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nno arrow\n",
            "WEBVTT\n\nid\nno timing\n\n00:00:01.000 --> 00:00:02.000\nafter\n",
            "WEBVTT\n\nid\n",
            "WEBVTT\n\nNOTE\n00:00:01.000 --> 00:00:02.000\nnote with a timing\n",
            "WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nbad stamp\n",
            "WEBVTT -->\n\n00:00:01.000 --> 00:00:02.000\narrow in the title\n",
            "WEBVTT",
            "WEBVTT\n",
        ];
        let mut regular = 0;
        let files: Vec<String> = vtt_files()
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        for text in shapes.iter().map(|s| s.to_string()).chain(files) {
            let prepared = prepare(&text);
            let text: &str = &prepared;
            if check_signature(text).is_err() {
                continue;
            }
            let general = read_general(text).unwrap();
            if let Some(fast) = read_regular(text) {
                regular += 1;
                assert_eq!(fast.cues, general.cues, "{text:?}");
                assert_eq!(fast.warnings, general.warnings, "{text:?}");
                assert!(general.warnings.is_empty(), "{text:?}");
            }
        }
        // The four regular shapes above at least.
        assert!(regular >= 4, "{regular}");
        // The first four shapes take the fast path, the rest do not.
        for (i, s) in shapes.iter().enumerate() {
            assert_eq!(
                read_regular(s).is_some(),
                i < 4 || s.trim_end() == "WEBVTT",
                "{s:?}"
            );
        }
    }

    /// (speaker, start, end, text, line) of each turn.
    fn turns(text: &str) -> Vec<(String, u64, u64, String, u32)> {
        parse(text).unwrap().rows()
    }

    #[test]
    fn shapes() {
        type Want = &'static [(&'static str, u64, u64, &'static str, u32)];
        let zoom = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nDana Reyes: Hello there\n\n2\n00:00:04.500 --> 00:00:06.000\nSam Lee: Hi Dana\n";
        let teams = "WEBVTT\n\n3f1c0e5a-1b2c/12-0\n00:00:05.000 --> 00:00:07.000\n<v Sam Lee>Second</v>\n\n3f1c0e5a-1b2c/11-0\n00:00:01.000 --> 00:00:03.000\n<v Dana Reyes>First line\nsecond line</v>\n";
        let cases: &[(&str, &str, Want)] = &[
            ("zoom", zoom, &[("Dana Reyes", 1000, 4000, "Hello there", 4), ("Sam Lee", 4500, 6000, "Hi Dana", 8)]),
            ("teams out of order", teams, &[("Sam Lee", 5000, 7000, "Second", 4), ("Dana Reyes", 1000, 3000, "First line second line", 8)]),
            ("teams unclosed v", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Dana>Hi &amp; bye", &[("Dana", 1000, 2000, "Hi & bye", 3)]),
            ("two voices", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>hi</v>\n<v B>yo</v>", &[("A", 1000, 2000, "hi", 3), ("B", 1000, 2000, "yo", 3)]),
            ("settings ignored", "WEBVTT\n\n00:01.000 --> 00:02.000 align:start line:0\nA: x", &[("A", 1000, 2000, "x", 3)]),
            ("note style skipped", "WEBVTT\n\nNOTE hi --\nthere\n\nSTYLE\n::cue {}\n\n00:01.000 --> 00:02.000\nA: x", &[("A", 1000, 2000, "x", 9)]),
            ("tags stripped", "WEBVTT\n\n00:01.000 --> 00:02.000\n<c.x>A</c>: <i>it</i><00:00:01.500>s", &[("A", 1000, 2000, "its", 3)]),
            ("missing speaker", "WEBVTT\n\n00:01.000 --> 00:02.000\nno speaker here", &[(UNLABELLED, 1000, 2000, "no speaker here", 3)]),
            ("end before start kept", "WEBVTT\n\n00:05.000 --> 00:02.000\nA: x", &[("A", 5000, 2000, "x", 3)]),
            ("empty body", "WEBVTT\n\n", &[]),
            ("header only", "WEBVTT - title\nKind: captions\nLanguage: en\n", &[]),
            ("truncated last cue", "WEBVTT\n\n00:01.000 --> 00:02.000\nA: x\n\n00:03.000 --> 00:0", &[("A", 1000, 2000, "x", 3)]),
            ("arrow garbage", "WEBVTT\n\n--> -->\nA: x\n\n00:01.000 --> 00:02.000\nA: y", &[("A", 1000, 2000, "y", 6)]),
            ("arrow in id", "WEBVTT\n\nid-->\n00:01.000 --> 00:02.000\nA: y", &[("A", 1000, 2000, "y", 4)]),
            ("old teams lenient", "WEBVTT\n\n0:0:0.0 --> 0:0:5.5\n<v A>x</v>\n\n00:00:05.5 --> 00:00:07.000\n<v B>y</v>", &[("A", 0, 5500, "x", 3), ("B", 5500, 7000, "y", 6)]),
            ("strict drops irregular", "WEBVTT\n\n00:00.000 --> 00:01.000\nA: x\n\n00:00:05.5 --> 00:00:07.000\nB: y", &[("A", 0, 1000, "x", 3)]),
            ("nul", "WEBVTT\n\n00:01.000 --> 00:02.000\nA: x\0y", &[("A", 1000, 2000, "x\u{fffd}y", 3)]),
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
    fn warnings() {
        type Case = (&'static str, &'static str, &'static [(u32, &'static str)]);
        let cases: &[Case] = &[
            (
                "truncated",
                "WEBVTT\n\n00:01.000 --> 00:02.000\nA: x\n\n00:03.000 --> 00:0",
                &[(6, "malformed cue timing")],
            ),
            (
                "garbage timing",
                "WEBVTT\n\n00:01.000 --> x\nA: x\n",
                &[(3, "malformed cue timing")],
            ),
            (
                "unlabelled",
                "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n\n00:03.000 --> 00:04.000\nyo",
                &[(3, "2 cue(s) name no speaker")],
            ),
            (
                "lenient",
                "WEBVTT\n\n0:0:0.0 --> 0:0:5.5\nA: x",
                &[(0, "2 timestamp(s)")],
            ),
            (
                "untimed block",
                "WEBVTT\n\n1\nA: no timing\n\nNOTE fine\n",
                &[(3, "1 text block(s)")],
            ),
            (
                "empty cue",
                "WEBVTT\n\n00:01.000 --> 00:02.000\n\n",
                &[(3, "no text")],
            ),
            (
                "clean",
                "WEBVTT\n\nNOTE x\n\n00:01.000 --> 00:02.000\nA: x",
                &[],
            ),
        ];
        for (name, text, want) in cases {
            let got = parse(text).unwrap().warnings;
            assert_eq!(got.len(), want.len(), "{name}: {got:?}");
            for (g, (line, msg)) in got.iter().zip(want.iter()) {
                assert_eq!(g.line, *line, "{name}: {g:?}");
                assert!(g.message.contains(msg), "{name}: {g:?}");
            }
        }
    }

    #[test]
    fn bad_headers() {
        for text in [
            "WEBVTTX\n",
            "WEBVT\n",
            " WEBVTT\n",
            "1\n00:00:01,000 --> 00:00:02,000\nx",
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.line, 1, "{text:?}");
            assert!(e.message.contains("must be `WEBVTT`"), "{text:?}");
        }
        assert!(sniff("WEBVTT\n") && !sniff("1\n00:00"));
    }

    #[test]
    fn finish_rejects_end_before_start() {
        let p = parse("WEBVTT\n\n00:05.000 --> 00:02.000\nA: x").unwrap();
        let e = finish(Path::new("c.vtt"), Format::WebVtt, p).unwrap_err();
        assert_eq!(e.line, 3);
        let p = parse("WEBVTT\n\n").unwrap();
        assert!(finish(Path::new("c.vtt"), Format::WebVtt, p).is_err());
    }

    #[test]
    fn timing_fast_path_is_the_general_reading() {
        let lines = [
            "00:00:01.000 --> 00:00:02.500",
            "00:00:01.000 --> 00:00:02.500 align:start position:10%",
            "00:00:01.000 --> 00:00:02.5001",
            "00:00:01.000 --> 00:00:02.500,5",
            "00:00:01.000 --> 00:00:02.500.",
            "00:00:01.000 --> 00:60:02.500",
            "00:00:01.000 --> 00:00:02.50é",
            "00:00:01.000 --> 00:00:02.500é",
            "00:00:01.000 -->00:00:02.500 x",
            " 00:00:01.000 --> 00:00:02.500",
            "99:59:59.999 --> 100:00:00.000",
            "0:00:01.000 --> 0:00:02.500",
        ];
        for line in lines {
            for lenient in [false, true] {
                assert_eq!(
                    parse_timing(line, lenient),
                    parse_timing_general(line, lenient),
                    "{line:?} lenient {lenient}"
                );
            }
        }
        assert_eq!(
            parse_timing("00:00:01.000 --> 00:00:02.500", false),
            Some(((false, 1000), (false, 2500)))
        );
    }

    #[test]
    fn stamps() {
        let cases = [
            ("0:00:00.000", true),
            ("00:00.000", true),
            ("123:00:00.000", true),
            ("00:00:00.00", false),
            ("000:00.000", false),
            ("00:00:00,000", false),
            ("00:00:00", false),
        ];
        for (s, ok) in cases {
            assert_eq!(strict_shape(s), ok, "{s}");
        }
    }
}
