//! Whisper-family JSON: OpenAI Whisper, WhisperX, faster-whisper and
//! whisper-timestamped all write `segments[]`, differing in the extras.
//!
//! Read: `segments[].start` / `.end` (SECONDS, floats), `.text`, the optional
//! `.speaker` (WhisperX `SPEAKER_00`), and the optional `.words[]` with `word`
//! (whisper-timestamped calls it `text`), `start` / `end` (SECONDS; WhisperX
//! leaves them out for numerals) and an optional per-word `speaker`.
//!
//! A segment is a turn. WhisperX sometimes leaves a segment without a speaker
//! while its words have one: such a segment is split by word speaker with the
//! shared word rule, because that is where the speaker changes. Plain Whisper has
//! no speakers at all: its segments become `(unlabelled)` with one warning.

use std::borrow::Cow;

use serde::Deserialize;

use super::detect::json_error;
use super::jsonpos::{required, secs_field, Lines, Located, Secs};
use super::words::{push_words, Word};
use super::{Parsed, UNLABELLED};
use crate::model::Diagnostic;

#[derive(Deserialize)]
struct File<'a> {
    #[serde(borrow, default)]
    segments: Option<Vec<Located<Segment<'a>>>>,
}

#[derive(Deserialize)]
struct Segment<'a> {
    #[serde(default)]
    start: Option<Secs>,
    #[serde(default)]
    end: Option<Secs>,
    #[serde(borrow, default)]
    text: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    speaker: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    words: Option<Vec<SegWord<'a>>>,
}

#[derive(Deserialize)]
struct SegWord<'a> {
    #[serde(borrow, default, alias = "text")]
    word: Option<Cow<'a, str>>,
    #[serde(default)]
    start: Option<Secs>,
    #[serde(default)]
    end: Option<Secs>,
    #[serde(borrow, default)]
    speaker: Option<Cow<'a, str>>,
}

pub fn parse(text: &str) -> Result<Parsed, Diagnostic> {
    let file: File = serde_json::from_str(text).map_err(|e| json_error(&e, "Whisper"))?;
    let mut lines = Lines::new(text);
    let mut p = Parsed::with_text();
    let mut unlabelled = 0usize;
    for seg in file.segments.iter().flatten() {
        let line = seg.line(&mut lines);
        let s = &seg.value;
        let start = secs_field(required(s.start, "start", "segment", line)?, "start", line)?;
        let end = secs_field(required(s.end, "end", "segment", line)?, "end", line)?;
        if let Some(spk) = nonempty(&s.speaker) {
            p.push(spk, start, end, s.text.as_deref().unwrap_or(""), line);
        } else if words_have_speaker(s) {
            push_segment_words(&mut p, s, start, line)?;
        } else {
            unlabelled += 1;
            p.push(
                UNLABELLED,
                start,
                end,
                s.text.as_deref().unwrap_or(""),
                line,
            );
        }
    }
    if unlabelled > 0 {
        p.warn(
            0,
            format!(
                "{unlabelled} segment(s) have no speaker and were labelled {UNLABELLED}: \
                 run diarization (e.g. WhisperX with a diarization model) to tell speakers apart"
            ),
        );
    }
    Ok(p)
}

fn nonempty<'s>(v: &'s Option<Cow<'_, str>>) -> Option<&'s str> {
    v.as_deref().filter(|s| !s.trim().is_empty())
}

fn words_have_speaker(s: &Segment) -> bool {
    s.words
        .iter()
        .flatten()
        .any(|w| nonempty(&w.speaker).is_some())
}

/// Splits a segment without a speaker by its words' speakers. A word without a
/// time sits where the previous word ended; a word without a speaker belongs to
/// the speaker before it (or the segment's first known speaker).
fn push_segment_words(
    p: &mut Parsed,
    s: &Segment,
    seg_start: u64,
    line: u32,
) -> Result<(), Diagnostic> {
    let words = s.words.as_deref().unwrap_or_default();
    let mut speaker = words
        .iter()
        .find_map(|w| nonempty(&w.speaker))
        .unwrap_or(UNLABELLED);
    let mut last_end = seg_start;
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let Some(text) = nonempty(&w.word) else {
            continue;
        };
        let start = match w.start {
            Some(v) => secs_field(v, "words[].start", line)?,
            None => last_end,
        };
        let end = match w.end {
            Some(v) => secs_field(v, "words[].end", line)?,
            None => start,
        };
        speaker = nonempty(&w.speaker).unwrap_or(speaker);
        last_end = end.max(start);
        out.push(Word {
            speaker,
            start_ms: start,
            end_ms: end,
            text,
            line,
        });
    }
    push_words(p, out);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse_bytes;
    use crate::model::Format;
    use std::path::Path;

    #[test]
    fn whisperx_segments_with_speakers() {
        let text = r#"{"segments": [
  {"start": 0.031, "end": 2.5, "text": " Thanks for taking the call.", "speaker": "SPEAKER_00",
   "words": [{"word": "Thanks", "start": 0.031, "end": 0.4, "score": 0.9, "speaker": "SPEAKER_00"}]},
  {"start": 2.9, "end": 4.0, "text": " Sure, happy to.", "speaker": "SPEAKER_01"}
], "word_segments": []}"#;
        let p = parse(text).unwrap();
        assert_eq!(
            p.rows(),
            vec![
                (
                    "SPEAKER_00".into(),
                    31,
                    2500,
                    "Thanks for taking the call.".into(),
                    2
                ),
                ("SPEAKER_01".into(), 2900, 4000, "Sure, happy to.".into(), 4),
            ]
        );
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn segment_split_by_word_speakers() {
        // WhisperX leaves the segment speaker out when its words disagree, and
        // leaves numerals without times.
        let text = r#"{"segments": [{"start": 10.0, "end": 13.0, "text": "We charge 40 dollars. Too much.",
  "words": [
    {"word": "We", "start": 10.0, "end": 10.2, "speaker": "SPEAKER_00"},
    {"word": "charge", "start": 10.2, "end": 10.6, "speaker": "SPEAKER_00"},
    {"word": "40"},
    {"word": "dollars.", "start": 10.9, "end": 11.3, "speaker": "SPEAKER_00"},
    {"word": "Too", "start": 11.5, "end": 11.7, "speaker": "SPEAKER_01"},
    {"word": "much.", "start": 11.7, "end": 12.1, "speaker": "SPEAKER_01"}
  ]}]}"#;
        let p = parse(text).unwrap();
        assert_eq!(
            p.rows(),
            vec![
                (
                    "SPEAKER_00".into(),
                    10_000,
                    11_300,
                    "We charge 40 dollars.".into(),
                    1
                ),
                ("SPEAKER_01".into(), 11_500, 12_100, "Too much.".into(), 1),
            ]
        );
    }

    #[test]
    fn plain_whisper_is_unlabelled_with_one_warning() {
        let text = r#"{"text": " Hi. Bye.", "segments": [
  {"id": 0, "seek": 0, "start": 0.0, "end": 1.0, "text": " Hi.", "tokens": [50364], "temperature": 0.0},
  {"id": 1, "seek": 0, "start": 1.5, "end": 2.0, "text": " Bye.", "tokens": [50400]}
], "language": "en"}"#;
        let p = parse(text).unwrap();
        assert_eq!(p.turns.len(), 2);
        assert_eq!(p.speakers.iter().next().unwrap().label, UNLABELLED);
        assert_eq!(p.warnings.len(), 1);
        assert!(p.warnings[0].message.starts_with("2 segment(s)"));
    }

    #[test]
    fn timestamped_words_use_text_key() {
        let text = r#"{"segments": [{"start": 0.12, "end": 1.0, "text": " Yeah,",
  "words": [{"text": "Yeah,", "start": 0.12, "end": 0.38, "speaker": "A"}]}]}"#;
        let p = parse(text).unwrap();
        assert_eq!(p.rows()[0], ("A".into(), 120, 380, "Yeah,".into(), 1));
    }

    #[test]
    fn hostile_inputs() {
        let cases: &[(&str, &str, u32)] = &[
            (
                "{\"segments\": [\n{\"start\": 1.0, \"end\": 2",
                "truncated",
                2,
            ),
            (
                "{\"segments\": [\n{\"start\": \"x\", \"end\": 2}]}",
                "not a number",
                2,
            ),
            (
                "{\"segments\": [\n{\"start\": true, \"end\": 2}]}",
                "invalid type",
                2,
            ),
            (
                "{\"segments\": [\n{\"start\": -1.0, \"end\": 2}]}",
                "0 or more",
                2,
            ),
            (
                "{\"segments\": [\n{\"end\": 2, \"text\": \"x\"}]}",
                "no `start`",
                2,
            ),
            (
                "{\"segments\": [\n{\"start\": 1, \"end\": 2, \"words\": 5}]}",
                "invalid type",
                2,
            ),
        ];
        for (text, want, line) in cases {
            let e = parse(text).unwrap_err();
            assert!(e.message.contains(want), "{text}: {}", e.message);
            assert_eq!(e.line, *line, "{text}");
        }
        // Empty or missing segments parse, and `finish` refuses the empty call.
        assert!(parse(r#"{"segments": []}"#).unwrap().turns.is_empty());
        assert!(parse(r#"{"segments": null}"#).unwrap().turns.is_empty());
        let e = parse_bytes(Path::new("a.json"), br#"{"segments": []}"#, None).unwrap_err();
        assert!(e.message.contains("no speech turns"));
    }

    #[test]
    fn end_before_start_is_refused_with_its_line() {
        let text = "{\"segments\": [\n{\"start\": 0, \"end\": 1, \"text\": \"a\"},\n{\"start\": 5.0, \"end\": 4.0, \"text\": \"b\"}]}";
        let e = parse_bytes(Path::new("a.json"), text.as_bytes(), None).unwrap_err();
        assert!(e.message.contains("ends before it starts"), "{}", e.message);
        assert_eq!(e.line, 3);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let (open, close) = ("[".repeat(10_000), "]".repeat(10_000));
        let deep = [
            format!("{open}{close}"),
            format!("{{\"segments\": {open}{close}}}"),
            format!("{{\"segments\": [{{\"start\": 0, \"end\": 1, \"text\": {open}{close}}}]}}"),
            format!("{{\"segments\": [{{\"start\": 0, \"end\": 1, \"x\": {open}"),
        ];
        for text in &deep {
            assert!(parse(text).is_err());
            assert!(parse_bytes(Path::new("a.json"), text.as_bytes(), None).is_err());
        }
        // Deep nesting in a field no reader looks at is skipped without recursion.
        let ignored =
            format!("{{\"segments\": [{{\"start\": 0, \"end\": 1, \"x\": {open}{close}}}]}}");
        let call = parse_bytes(Path::new("a.json"), ignored.as_bytes(), None).unwrap();
        assert_eq!(call.format, Format::WhisperJson);
    }
}
