//! AssemblyAI transcript JSON (`GET /v2/transcript/{id}` answer).
//!
//! Read: `utterances[]` (present with `speaker_labels=true`): `start` / `end`
//! (MILLISECONDS, integers), `speaker` (`"A"`, `"B"`…), `text`; one utterance is
//! one turn. When `utterances` is null or absent: `words[]` with `text`,
//! `start` / `end` (MILLISECONDS) and an optional `speaker`, grouped with the
//! shared word rule. Words without a speaker become `(unlabelled)` with a warning.

use std::borrow::Cow;

use serde::Deserialize;

use super::detect::json_error;
use super::jsonpos::{ms_field, required, Lines, Located};
use super::words::{push_words, Word};
use super::{Parsed, UNLABELLED};
use crate::model::Diagnostic;

#[derive(Deserialize)]
struct File<'a> {
    #[serde(borrow, default)]
    utterances: Option<Vec<Located<Span<'a>>>>,
    #[serde(borrow, default)]
    words: Option<Vec<Located<Span<'a>>>>,
}

/// An utterance or a word: the same fields.
#[derive(Deserialize)]
struct Span<'a> {
    #[serde(default)]
    start: Option<i64>,
    #[serde(default)]
    end: Option<i64>,
    #[serde(borrow, default)]
    speaker: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    text: Option<Cow<'a, str>>,
}

impl Span<'_> {
    /// Start and end in milliseconds, checked.
    fn times(&self, what: &str, line: u32) -> Result<(u64, u64), Diagnostic> {
        let start = ms_field(required(self.start, "start", what, line)?, "start", line)?;
        let end = ms_field(required(self.end, "end", what, line)?, "end", line)?;
        Ok((start, end))
    }

    fn speaker(&self) -> Option<&str> {
        self.speaker.as_deref().filter(|s| !s.trim().is_empty())
    }
}

pub fn parse(text: &str) -> Result<Parsed, Diagnostic> {
    let file: File = serde_json::from_str(text).map_err(|e| json_error(&e, "AssemblyAI"))?;
    let mut lines = Lines::new(text);
    let mut p = Parsed::with_text();
    let mut unlabelled = 0usize;
    let what = match file.utterances.as_deref() {
        Some(utts) if !utts.is_empty() => {
            for located in utts {
                let line = located.line(&mut lines);
                let u = &located.value;
                let (start, end) = u.times("utterance", line)?;
                let label = u.speaker().unwrap_or_else(|| {
                    unlabelled += 1;
                    UNLABELLED
                });
                p.push(label, start, end, u.text.as_deref().unwrap_or(""), line);
            }
            "utterance(s)"
        }
        _ => {
            let mut words = Vec::new();
            for located in file.words.as_deref().unwrap_or_default() {
                let line = located.line(&mut lines);
                let w = &located.value;
                let Some(text) = w.text.as_deref().filter(|t| !t.trim().is_empty()) else {
                    continue;
                };
                let (start_ms, end_ms) = w.times("word", line)?;
                let speaker = w.speaker().unwrap_or_else(|| {
                    unlabelled += 1;
                    UNLABELLED
                });
                words.push(Word {
                    speaker,
                    start_ms,
                    end_ms,
                    text,
                    line,
                });
            }
            push_words(&mut p, words);
            "word(s)"
        }
    };
    if unlabelled > 0 {
        p.warn(
            0,
            format!(
                "{unlabelled} {what} have no speaker and were labelled {UNLABELLED}: request \
                 the transcript with speaker_labels=true to tell speakers apart"
            ),
        );
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse_bytes;
    use crate::model::Format;
    use std::path::Path;

    const SAMPLE: &str = r#"{
  "id": "6rlr37h2sd-0b0e-4f21-b7d5-1a2b3c4d5e6f",
  "status": "completed",
  "audio_url": "https://example.com/call.mp3",
  "text": "Hi, this is Sam. Hello Sam.",
  "words": [
    {"text": "Hi,", "start": 250, "end": 560, "confidence": 0.99, "speaker": "A"},
    {"text": "this", "start": 580, "end": 700, "confidence": 0.99, "speaker": "A"},
    {"text": "is", "start": 700, "end": 800, "confidence": 0.99, "speaker": "A"},
    {"text": "Sam.", "start": 800, "end": 1200, "confidence": 0.99, "speaker": "A"},
    {"text": "Hello", "start": 1500, "end": 1800, "confidence": 0.99, "speaker": "B"},
    {"text": "Sam.", "start": 1800, "end": 2100, "confidence": 0.99, "speaker": "B"}
  ],
  "utterances": [
    {"confidence": 0.99, "end": 1200, "speaker": "A", "start": 250, "text": "Hi, this is Sam.", "words": []},
    {"confidence": 0.99, "end": 2100, "speaker": "B", "start": 1500, "text": "Hello Sam.", "words": []}
  ],
  "confidence": 0.99,
  "audio_duration": 3,
  "speaker_labels": true
}"#;

    #[test]
    fn utterances_in_milliseconds() {
        let p = parse(SAMPLE).unwrap();
        assert_eq!(
            p.rows(),
            vec![
                ("A".into(), 250, 1200, "Hi, this is Sam.".into(), 15),
                ("B".into(), 1500, 2100, "Hello Sam.".into(), 16),
            ]
        );
        let call = parse_bytes(Path::new("a.json"), SAMPLE.as_bytes(), None).unwrap();
        assert_eq!(call.format, Format::AssemblyAi);
    }

    #[test]
    fn words_when_utterances_are_null() {
        let text = SAMPLE.replace("\"utterances\": [", "\"utterances\": null, \"x\": [");
        let p = parse(&text).unwrap();
        assert_eq!(
            p.rows(),
            vec![
                ("A".into(), 250, 1200, "Hi, this is Sam.".into(), 7),
                ("B".into(), 1500, 2100, "Hello Sam.".into(), 11),
            ]
        );
    }

    #[test]
    fn words_without_speaker_warn() {
        let text = r#"{"audio_url":"u","utterances":null,"words":[
 {"text":"ok","start":0,"end":300,"speaker":null},{"text":"bye","start":400,"end":700}]}"#;
        let p = parse(text).unwrap();
        assert_eq!(p.turns.len(), 1);
        assert_eq!(p.warnings.len(), 1);
        assert!(p.warnings[0].message.starts_with("2 word(s)"));
    }

    #[test]
    fn hostile_inputs() {
        let cases: &[(&str, &str, u32)] = &[
            ("{\"utterances\":[\n{\"start\":1", "truncated", 2),
            (
                "{\"utterances\":[\n{\"start\":\"250\",\"end\":900}]}",
                "invalid type",
                2,
            ),
            // Seconds where milliseconds belong are a type error, not a silent x1000.
            (
                "{\"utterances\":[\n{\"start\":0.25,\"end\":0.9}]}",
                "invalid type",
                2,
            ),
            (
                "{\"utterances\":[\n{\"start\":-250,\"end\":900}]}",
                "0 or more",
                2,
            ),
            (
                "{\"utterances\":[\n{\"start\":250,\"speaker\":\"A\"}]}",
                "no `end`",
                2,
            ),
        ];
        for (text, want, line) in cases {
            let e = parse(text).unwrap_err();
            assert!(e.message.contains(want), "{text}: {}", e.message);
            assert_eq!(e.line, *line, "{text}");
        }
        let e = parse_bytes(
            Path::new("a.json"),
            b"{\"utterances\":[\n{\"start\":900,\"end\":250,\"speaker\":\"A\",\"text\":\"x\"}]}",
            None,
        )
        .unwrap_err();
        assert!(e.message.contains("ends before it starts"));
        assert_eq!(e.line, 2);
        let e = parse_bytes(Path::new("a.json"), br#"{"utterances":[]}"#, None).unwrap_err();
        assert!(e.message.contains("no speech turns"));
        let deep = format!(
            "{{\"utterances\":{}{}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(parse(&deep).is_err());
    }
}
