//! Reading transcript files into the canonical [`Call`].
//!
//! The flow is: bytes -> [`decode`] (BOM, UTF-16, CRLF, binary) -> [`detect`] the
//! format from the content -> one reader per format fills a [`Parsed`] -> [`finish`]
//! validates the timeline (no end before start, no absurd times, sorted turns) and
//! wraps it in a [`Call`] whose roles are still unknown.
//!
//! Every reader has the same shape: `sniff(&str) -> bool` for text formats (JSON
//! formats are told apart in [`detect`] by their keys), and
//! `parse(&str) -> Result<Parsed, Diagnostic>`.

pub mod assemblyai;
pub mod aws;
pub mod cue;
pub mod decode;
pub mod deepgram;
pub mod detect;
pub mod gong;
pub mod invariants;
pub mod jsonpos;
pub mod limits;
pub mod rttm;
pub mod srt;
pub mod table;
pub mod timecode;
pub mod txt;
pub mod vtt;
pub mod whisper;
pub mod words;

use std::collections::HashMap;
use std::path::Path;

pub use limits::Limits;

use crate::model::{Call, Diagnostic, Format, Metadata, Speaker, SpeakerId, Turn};

/// Longest call accepted by default: 24 hours. Times past it are nearly always a
/// unit mistake (milliseconds read as seconds).
pub const MAX_CALL_MS: u64 = 24 * 3_600_000;

/// Label given to speech whose speaker the file does not name (a cue with no
/// `Name:` prefix, a segment with no `speaker`). Readers warn when they use it.
pub const UNLABELLED: &str = "(unlabelled)";

/// What a format reader produces: speakers as named in the file, turns as timed
/// in the file (any order), and non-fatal warnings.
#[derive(Debug, Default)]
pub struct Parsed {
    pub speakers: SpeakerTable,
    pub turns: Vec<Turn>,
    /// False for timeline-only formats (RTTM).
    pub has_text: bool,
    pub warnings: Vec<Diagnostic>,
}

impl Parsed {
    pub fn with_text() -> Parsed {
        Parsed {
            has_text: true,
            ..Parsed::default()
        }
    }

    /// Adds a turn for the speaker labelled `label`, normalising its text.
    pub fn push(&mut self, label: &str, start_ms: u64, end_ms: u64, text: &str, line: u32) {
        let speaker = self.speakers.intern(label);
        self.turns.push(Turn {
            speaker,
            start_ms,
            end_ms,
            text: clean_text(text),
            line,
        });
    }

    pub fn warn(&mut self, line: u32, message: impl Into<String>) {
        self.warnings.push(Diagnostic::new(line, message));
    }
}

/// Table-driven reader tests share one way to look at a reader's output.
#[cfg(test)]
pub mod testing {
    use super::Parsed;
    use crate::model::Diagnostic;

    /// A case's expected turns `(label, start ms, end ms, text, line)`, or the
    /// line of the expected error.
    pub type Want = Result<&'static [(&'static str, u64, u64, &'static str, u32)], u32>;

    impl Parsed {
        /// Turns as `(label, start ms, end ms, text, line)`, in reading order.
        pub fn rows(&self) -> Vec<(String, u64, u64, String, u32)> {
            let labels: Vec<&str> = self.speakers.iter().map(|s| s.label.as_str()).collect();
            self.turns
                .iter()
                .map(|t| {
                    (
                        labels[t.speaker as usize].to_string(),
                        t.start_ms,
                        t.end_ms,
                        t.text.clone(),
                        t.line,
                    )
                })
                .collect()
        }
    }

    /// Asserts that a reader's result is the wanted turns, or an error on the wanted line.
    pub fn check(name: &str, got: Result<Parsed, Diagnostic>, want: &Want) {
        match (got.map(|p| p.rows()), want) {
            (Ok(g), Ok(w)) => {
                let w: Vec<_> = w
                    .iter()
                    .map(|(s, a, b, t, l)| (s.to_string(), *a, *b, t.to_string(), *l))
                    .collect();
                assert_eq!(g, w, "{name}");
            }
            (Err(e), Err(line)) => assert_eq!(e.line, *line, "{name}: {e:?}"),
            (g, w) => panic!("{name}: got {g:?}, want {w:?}"),
        }
    }
}

/// Speakers in order of first appearance, looked up by their label.
#[derive(Debug, Default)]
pub struct SpeakerTable {
    index: HashMap<String, SpeakerId>,
    list: Vec<Speaker>,
}

impl SpeakerTable {
    /// The id of the speaker with this label, adding it on first sight.
    pub fn intern(&mut self, label: &str) -> SpeakerId {
        let label = label.trim();
        // A call has a handful of speakers: comparing labels beats hashing.
        if self.list.len() <= 8 {
            if let Some(id) = self.list.iter().position(|s| s.label == label) {
                return id as SpeakerId;
            }
        } else if let Some(&id) = self.index.get(label) {
            return id;
        }
        let id = self.list.len() as SpeakerId;
        self.index.insert(label.to_string(), id);
        self.list.push(Speaker::new(label));
        id
    }

    pub fn get_mut(&mut self, id: SpeakerId) -> &mut Speaker {
        &mut self.list[id as usize]
    }

    pub fn by_label_mut(&mut self, label: &str) -> Option<&mut Speaker> {
        let id = *self.index.get(label.trim())?;
        Some(&mut self.list[id as usize])
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn into_vec(self) -> Vec<Speaker> {
        self.list
    }

    pub fn iter(&self) -> impl Iterator<Item = &Speaker> {
        self.list.iter()
    }
}

/// Collapses runs of whitespace to one space and trims.
pub fn clean_text(s: &str) -> String {
    if is_clean(s.as_bytes()) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Is the text already clean: ASCII, no space at either end, no whitespace
/// but single spaces? Most cue texts are. One pass over the bytes, without
/// branches, which the compiler runs many bytes at a time (a cue is ~100
/// bytes, where five library scans cost more in calls than in bytes).
fn is_clean(b: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return true;
    };
    let odd = |c: u8| (c >= 0x80) | (c.wrapping_sub(b'\t') < 5);
    let ends = (first == b' ') | (last == b' ') | odd(last);
    // Each byte and the next, as two slices in step (not `windows`), with
    // the verdict kept in a byte: a loop the compiler runs a vector at a time.
    let mut bad = 0u8;
    for (&x, &y) in b.iter().zip(&b[1..]) {
        bad |= u8::from(odd(x)) | u8::from((x == b' ') & (y == b' '));
    }
    !ends && bad == 0
}

/// Reads one transcript file's bytes into a call with unresolved roles,
/// under the default [`Limits`]. `forced` skips detection (the
/// `--input-format` flag).
pub fn parse_bytes(path: &Path, bytes: &[u8], forced: Option<Format>) -> Result<Call, Diagnostic> {
    parse_bytes_with(path, bytes, forced, &Limits::default())
}

/// [`parse_bytes`] under the caps of `limits`. The file size cap is checked
/// here too, for callers that did not read the bytes through
/// [`crate::read`] (which checks it before reading).
pub fn parse_bytes_with(
    path: &Path,
    bytes: &[u8],
    forced: Option<Format>,
    limits: &Limits,
) -> Result<Call, Diagnostic> {
    limits.check_file_size(bytes.len() as u64)?;
    let text = decode::decode(bytes)?;
    let format = match forced {
        Some(f) => f,
        None => detect::detect(&text, path)?,
    };
    limits.check_lines(format, &text)?;
    let parsed = parse_as(format, &text)?;
    limits.check_turns(parsed.turns.iter().map(|t| t.line))?;
    finish(path, format, parsed)
}

/// Runs the reader for `format` on decoded text.
pub fn parse_as(format: Format, text: &str) -> Result<Parsed, Diagnostic> {
    match format {
        Format::WebVtt => vtt::parse(text),
        Format::Srt => srt::parse(text),
        Format::OtterTxt => txt::parse_otter(text),
        Format::ZoomTxt => txt::parse_zoom(text),
        Format::Csv => table::parse_csv(text),
        Format::JsonLines => table::parse_jsonl(text),
        Format::WhisperJson => whisper::parse(text),
        Format::AwsTranscribe => aws::parse_transcribe(text),
        Format::AwsCallAnalytics => aws::parse_call_analytics(text),
        Format::Deepgram => deepgram::parse(text),
        Format::AssemblyAi => assemblyai::parse(text),
        Format::Gong => gong::parse(text),
        Format::Rttm => rttm::parse(text),
    }
}

/// Validates a reader's output and builds the call: every turn must end at or
/// after its start and within [`MAX_CALL_MS`]; turns are sorted by start time
/// (out-of-order input is kept, sorted, and reported as a warning).
pub fn finish(path: &Path, format: Format, mut parsed: Parsed) -> Result<Call, Diagnostic> {
    if parsed.turns.is_empty() {
        return Err(Diagnostic::new(
            0,
            format!("no speech turns found in this {format} file: it may be truncated or an empty export"),
        ));
    }
    for t in &parsed.turns {
        if t.end_ms < t.start_ms {
            return Err(Diagnostic::new(
                t.line,
                format!(
                    "turn ends before it starts ({} --> {}): fix the times or re-export",
                    timecode::fmt_clock_ms(t.start_ms),
                    timecode::fmt_clock_ms(t.end_ms)
                ),
            ));
        }
        if t.end_ms > MAX_CALL_MS {
            return Err(Diagnostic::new(
                t.line,
                format!(
                    "time {} is beyond 24 hours: check the time unit (milliseconds read as seconds?)",
                    timecode::fmt_clock_ms(t.end_ms)
                ),
            ));
        }
    }
    let out_of_order = parsed
        .turns
        .windows(2)
        .filter(|w| w[1].start_ms < w[0].start_ms)
        .count();
    if out_of_order > 0 {
        parsed.warnings.push(Diagnostic::new(
            0,
            format!("{out_of_order} turn(s) were out of time order; sorted by start time"),
        ));
    }
    parsed
        .turns
        .sort_by_key(|t| (t.start_ms, t.end_ms, t.speaker));
    // A cue repeated word for word (a file exported twice into one, a
    // caption track pasted over itself) would double the speaker's words,
    // questions and phrases; talk time alone would hide it.
    let before = parsed.turns.len();
    parsed.turns.dedup_by(|b, a| {
        (a.start_ms, a.end_ms, a.speaker, &a.text) == (b.start_ms, b.end_ms, b.speaker, &b.text)
    });
    let duplicates = before - parsed.turns.len();
    if duplicates > 0 {
        parsed.warnings.push(Diagnostic::new(
            0,
            format!("{duplicates} duplicate turn(s) (same speaker, times and words) dropped"),
        ));
    }
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Call {
        id,
        source: path.to_path_buf(),
        format,
        meta: Metadata::default(),
        speakers: parsed.speakers.into_vec(),
        turns: parsed.turns,
        has_text: parsed.has_text,
        warnings: parsed.warnings,
        rep_unresolved: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text of up to five characters over spaces, a letter, each
    /// ASCII whitespace byte and a non-ASCII letter and space: the quick
    /// check and the general path agree.
    #[test]
    fn clean_text_is_collapsed_whitespace() {
        let alphabet = [
            " ", "a", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{e9}", "\u{a0}",
        ];
        for len in 0..=5u32 {
            for mut n in 0..alphabet.len().pow(len) {
                let mut s = String::new();
                for _ in 0..len {
                    s.push_str(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
                assert_eq!(clean_text(&s), want, "{s:?}");
            }
        }
    }

    /// Long texts take the quick check a vector at a time: one flaw at any
    /// place of a clean 131-byte text is still seen.
    #[test]
    fn clean_text_sees_a_flaw_anywhere_in_a_long_text() {
        let clean = "the quick brown fox jumps over the lazy dog ".repeat(3);
        let clean = clean.trim_end();
        assert_eq!(clean_text(clean), clean);
        for flaw in [" ", "\t", "\n", "\u{e9}", "\u{a0}"] {
            for at in 0..=clean.len() {
                let s = format!("{}{flaw}{}", &clean[..at], &clean[at..]);
                let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
                // A text the cleaning changes, or one not all ASCII, is
                // never passed as clean.
                if s != want || !s.is_ascii() {
                    assert!(!is_clean(s.as_bytes()), "{s:?}");
                }
                assert_eq!(clean_text(&s), want, "{s:?}");
            }
        }
    }

    #[test]
    fn finish_sorts_and_warns() {
        let mut p = Parsed::with_text();
        p.push("B", 5000, 6000, "later", 3);
        p.push("A", 1000, 2000, " first   one ", 1);
        let call = finish(Path::new("x/call-1.vtt"), Format::WebVtt, p).unwrap();
        assert_eq!(call.id, "call-1");
        assert_eq!(call.turns[0].text, "first one");
        assert_eq!(call.speaker(call.turns[0].speaker).label, "A");
        assert_eq!(call.warnings.len(), 1);
    }

    #[test]
    fn finish_drops_exact_duplicates_only() {
        let mut p = Parsed::with_text();
        p.push("A", 1000, 2000, "hi there", 3);
        p.push("A", 1000, 2000, "hi there", 7);
        p.push("B", 1000, 2000, "hi there", 11);
        p.push("A", 1000, 2000, "hi", 15);
        let call = finish(Path::new("d.vtt"), Format::WebVtt, p).unwrap();
        let lines: Vec<u32> = call.turns.iter().map(|t| t.line).collect();
        assert_eq!(lines, vec![3, 15, 11]);
        assert_eq!(
            call.warnings[0].message,
            "1 duplicate turn(s) (same speaker, times and words) dropped"
        );
    }

    #[test]
    fn finish_rejects_bad_times() {
        let mut p = Parsed::with_text();
        p.push("A", 5000, 4000, "x", 7);
        let e = finish(Path::new("a"), Format::Srt, p).unwrap_err();
        assert_eq!(e.line, 7);
        assert!(e.message.contains("ends before it starts"));

        let mut p = Parsed::with_text();
        p.push("A", 0, MAX_CALL_MS + 1, "x", 2);
        assert!(finish(Path::new("a"), Format::Srt, p)
            .unwrap_err()
            .message
            .contains("24 hours"));

        let e = finish(Path::new("a"), Format::Srt, Parsed::with_text()).unwrap_err();
        assert!(e.message.contains("no speech turns"));
    }
}
