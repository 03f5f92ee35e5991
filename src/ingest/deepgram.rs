//! Deepgram pre-recorded JSON (`/v1/listen` answer).
//!
//! Read: `results.utterances[]` when present (`utterances=true`): `start` /
//! `end` (SECONDS, floats), `speaker` (integer, with `diarize=true`),
//! `channel` (integer index), `transcript`; one utterance is one turn. Without
//! utterances: `results.channels[c].alternatives[0].words[]` with `word`,
//! `punctuated_word` (preferred), `start` / `end` (SECONDS), `speaker`, grouped
//! into turns with the shared word rule.
//!
//! Labels: the speaker integer as text (`"0"`, `"1"`). With more than one
//! channel (`multichannel=true`) the channel is part of the label, because
//! Deepgram diarizes each channel on its own and speaker 0 of channel 0 is not
//! speaker 0 of channel 1: `ch0` without diarization, `ch0:1` with it. One
//! channel and no diarization gives `(unlabelled)` with a warning.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;

use super::detect::json_error;
use super::jsonpos::{required, secs_field, Lines, Located, Secs};
use super::words::{push_words, Word};
use super::{Parsed, UNLABELLED};
use crate::model::Diagnostic;

#[derive(Deserialize)]
struct File<'a> {
    #[serde(borrow, default)]
    results: Option<Results<'a>>,
}

#[derive(Deserialize)]
struct Results<'a> {
    #[serde(borrow, default)]
    channels: Option<Vec<Channel<'a>>>,
    #[serde(borrow, default)]
    utterances: Option<Vec<Located<Utterance<'a>>>>,
}

#[derive(Deserialize)]
struct Channel<'a> {
    #[serde(borrow, default)]
    alternatives: Option<Vec<Alternative<'a>>>,
}

#[derive(Deserialize)]
struct Alternative<'a> {
    #[serde(borrow, default)]
    words: Option<Vec<Located<DgWord<'a>>>>,
}

#[derive(Deserialize)]
struct DgWord<'a> {
    #[serde(borrow, default)]
    word: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    punctuated_word: Option<Cow<'a, str>>,
    #[serde(default)]
    start: Option<Secs>,
    #[serde(default)]
    end: Option<Secs>,
    #[serde(default)]
    speaker: Option<u64>,
}

#[derive(Deserialize)]
struct Utterance<'a> {
    #[serde(default)]
    start: Option<Secs>,
    #[serde(default)]
    end: Option<Secs>,
    #[serde(default)]
    speaker: Option<u64>,
    #[serde(default)]
    channel: Option<usize>,
    #[serde(borrow, default)]
    transcript: Option<Cow<'a, str>>,
}

/// How speakers are named in this file.
struct Labels {
    multichannel: bool,
    /// Utterances or words that no speaker or channel is named for.
    unlabelled: usize,
}

impl Labels {
    /// Counts speech with nobody named for it.
    fn count(&mut self, speaker: Option<u64>) {
        if speaker.is_none() && !self.multichannel {
            self.unlabelled += 1;
        }
    }

    fn name(&self, speaker: Option<u64>, channel: usize) -> String {
        match (speaker, self.multichannel) {
            (Some(s), false) => s.to_string(),
            (Some(s), true) => format!("ch{channel}:{s}"),
            (None, true) => format!("ch{channel}"),
            (None, false) => UNLABELLED.to_string(),
        }
    }
}

pub fn parse(text: &str) -> Result<Parsed, Diagnostic> {
    let file: File = serde_json::from_str(text).map_err(|e| json_error(&e, "Deepgram"))?;
    let mut p = Parsed::with_text();
    let Some(results) = file.results else {
        return Ok(p);
    };
    let channels = results.channels.as_deref().unwrap_or_default();
    let mut lines = Lines::new(text);
    let mut labels = Labels {
        multichannel: channels.len() > 1,
        unlabelled: 0,
    };
    let what = match &results.utterances {
        Some(utts) if !utts.is_empty() => {
            push_utterances(&mut p, utts, &mut labels, &mut lines)?;
            "utterance(s)"
        }
        _ => {
            push_channel_words(&mut p, channels, &mut labels, &mut lines)?;
            "word(s)"
        }
    };
    if labels.unlabelled > 0 {
        p.warn(
            0,
            format!(
                "{} {what} have no speaker and were labelled {UNLABELLED}: request with \
                 diarize=true to tell speakers apart",
                labels.unlabelled
            ),
        );
    }
    Ok(p)
}

fn push_utterances(
    p: &mut Parsed,
    utts: &[Located<Utterance>],
    labels: &mut Labels,
    lines: &mut Lines,
) -> Result<(), Diagnostic> {
    if utts.iter().any(|u| u.value.channel.unwrap_or(0) > 0) {
        labels.multichannel = true;
    }
    for located in utts {
        let line = located.line(lines);
        let u = &located.value;
        let start = secs_field(
            required(u.start, "start", "utterance", line)?,
            "start",
            line,
        )?;
        let end = secs_field(required(u.end, "end", "utterance", line)?, "end", line)?;
        labels.count(u.speaker);
        let label = labels.name(u.speaker, u.channel.unwrap_or(0));
        p.push(
            &label,
            start,
            end,
            u.transcript.as_deref().unwrap_or(""),
            line,
        );
    }
    Ok(())
}

fn push_channel_words(
    p: &mut Parsed,
    channels: &[Channel],
    labels: &mut Labels,
    lines: &mut Lines,
) -> Result<(), Diagnostic> {
    // Labels are made first so the words can borrow them.
    let mut names: BTreeMap<(Option<u64>, usize), String> = BTreeMap::new();
    let mut timed = Vec::new();
    for (ci, ch) in channels.iter().enumerate() {
        let alt = ch.alternatives.as_deref().and_then(|a| a.first());
        for located in alt.and_then(|a| a.words.as_deref()).unwrap_or_default() {
            let line = located.line(lines);
            let w = &located.value;
            let Some(text) = nonempty(&w.punctuated_word).or(nonempty(&w.word)) else {
                continue;
            };
            let start = secs_field(required(w.start, "start", "word", line)?, "start", line)?;
            let end = secs_field(required(w.end, "end", "word", line)?, "end", line)?;
            let key = (w.speaker, ci);
            labels.count(w.speaker);
            names
                .entry(key)
                .or_insert_with(|| labels.name(w.speaker, ci));
            timed.push((key, start, end, text, line));
        }
    }
    let mut words: Vec<Word> = timed
        .into_iter()
        .map(|(key, start_ms, end_ms, text, line)| Word {
            speaker: &names[&key],
            start_ms,
            end_ms,
            text,
            line,
        })
        .collect();
    // Channels are listed one after the other; the word rule needs time order.
    words.sort_by_key(|w| w.start_ms);
    push_words(p, words);
    Ok(())
}

fn nonempty<'s>(v: &'s Option<Cow<'_, str>>) -> Option<&'s str> {
    v.as_deref().filter(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse_bytes;
    use crate::model::Format;
    use std::path::Path;

    fn turns(p: &Parsed) -> Vec<(String, u64, u64, String)> {
        p.turns
            .iter()
            .map(|t| {
                let s = p.speakers.iter().nth(t.speaker as usize).unwrap();
                (s.label.clone(), t.start_ms, t.end_ms, t.text.clone())
            })
            .collect()
    }

    const WORDS: &str = r#"{"metadata":{"request_id":"r","duration":5.0,"channels":1},
"results":{"channels":[{"alternatives":[{"transcript":"hello there, hi","confidence":0.99,"words":[
 {"word":"hello","start":0.08,"end":0.4,"confidence":0.99,"speaker":0,"speaker_confidence":0.8,"punctuated_word":"Hello"},
 {"word":"there","start":0.4,"end":0.72,"confidence":0.99,"speaker":0,"speaker_confidence":0.8,"punctuated_word":"there."},
 {"word":"hi","start":1.1,"end":1.3,"confidence":0.99,"speaker":1,"speaker_confidence":0.7,"punctuated_word":"Hi."}
]}]}]}}"#;

    #[test]
    fn words_grouped_by_speaker() {
        let p = parse(WORDS).unwrap();
        assert_eq!(
            turns(&p),
            vec![
                ("0".into(), 80, 720, "Hello there.".into()),
                ("1".into(), 1100, 1300, "Hi.".into()),
            ]
        );
        assert_eq!(p.turns[0].line, 3);
        assert!(p.warnings.is_empty());
        let call = parse_bytes(Path::new("d.json"), WORDS.as_bytes(), None).unwrap();
        assert_eq!(call.format, Format::Deepgram);
    }

    #[test]
    fn utterances_preferred() {
        let text = r#"{"metadata":{"channels":1},"results":{"channels":[{"alternatives":[{"words":[]}]}],
"utterances":[
 {"start":0.08,"end":0.72,"confidence":0.9,"channel":0,"transcript":"Hello there.","words":[],"speaker":0,"id":"u1"},
 {"start":1.1,"end":1.3,"confidence":0.9,"channel":0,"transcript":"Hi.","words":[],"speaker":1,"id":"u2"}]}}"#;
        let p = parse(text).unwrap();
        assert_eq!(
            turns(&p),
            vec![
                ("0".into(), 80, 720, "Hello there.".into()),
                ("1".into(), 1100, 1300, "Hi.".into()),
            ]
        );
        assert_eq!(p.turns[1].line, 4);
    }

    #[test]
    fn multichannel_labels() {
        let text = r#"{"results":{"channels":[
 {"alternatives":[{"words":[{"word":"hello","start":0.0,"end":0.5},{"word":"again","start":3.0,"end":3.5}]}]},
 {"alternatives":[{"words":[{"word":"hi","start":1.0,"end":1.5}]}]}]}}"#;
        let p = parse(text).unwrap();
        assert_eq!(
            turns(&p),
            vec![
                ("ch0".into(), 0, 500, "hello".into()),
                ("ch1".into(), 1000, 1500, "hi".into()),
                ("ch0".into(), 3000, 3500, "again".into()),
            ]
        );
        assert!(p.warnings.is_empty());
        let diarized = r#"{"results":{"channels":[{},{}],"utterances":[
 {"start":0.0,"end":0.5,"channel":1,"speaker":0,"transcript":"a"}]}}"#;
        assert_eq!(turns(&parse(diarized).unwrap())[0].0, "ch1:0");
    }

    #[test]
    fn no_speaker_is_unlabelled() {
        let text = r#"{"results":{"channels":[{"alternatives":[{"words":[
 {"word":"a","start":0.0,"end":0.5},{"word":"b","start":0.5,"end":0.9}]}]}]}}"#;
        let p = parse(text).unwrap();
        assert_eq!(turns(&p), vec![(UNLABELLED.into(), 0, 900, "a b".into())]);
        assert_eq!(p.warnings.len(), 1);
        assert!(p.warnings[0].message.starts_with("2 word(s)"));
    }

    #[test]
    fn hostile_inputs() {
        let cases: &[(&str, &str, u32)] = &[
            (
                "{\"results\":{\"utterances\":[\n{\"start\":1.0",
                "truncated",
                2,
            ),
            (
                "{\"results\":{\"utterances\":[\n{\"start\":\"1.0x\",\"end\":2}]}}",
                "not a number",
                2,
            ),
            (
                "{\"results\":{\"utterances\":[\n{\"start\":1,\"end\":2,\"speaker\":\"A\"}]}}",
                "invalid type",
                2,
            ),
            (
                "{\"results\":{\"utterances\":[\n{\"start\":-0.5,\"end\":2}]}}",
                "0 or more",
                2,
            ),
            (
                "{\"results\":{\"utterances\":[\n{\"end\":2}]}}",
                "no `start`",
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
            b"{\"metadata\":{},\"results\":{\"utterances\":[\n{\"start\":3,\"end\":2,\"speaker\":0}]}}",
            None,
        )
        .unwrap_err();
        assert!(e.message.contains("ends before it starts"));
        assert_eq!(e.line, 2);
        let e = parse_bytes(
            Path::new("a.json"),
            br#"{"metadata":{},"results":{"channels":[]}}"#,
            None,
        )
        .unwrap_err();
        assert!(e.message.contains("no speech turns"));
        let deep = format!(
            "{{\"results\":{{\"channels\":{}{}}}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(parse(&deep).is_err());
    }
}
