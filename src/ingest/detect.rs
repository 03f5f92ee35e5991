//! Telling formats apart by their content, not their file name.
//!
//! Teams and Zoom both write `.vtt`, vendors all write `.json`, and users rename
//! files. Text formats are recognised by their first lines (each reader's `sniff`);
//! JSON formats by the keys of the top-level object and of its `results` object,
//! read without building the document in memory.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use super::{rttm, srt, table, txt, vtt};
use crate::model::{Diagnostic, Format};

/// A text reader's cheap look at the first lines.
type Sniff = fn(&str) -> bool;

/// Detects the format of decoded text. `path` is only used for the message.
pub fn detect(text: &str, path: &Path) -> Result<Format, Diagnostic> {
    let first = text.trim_start();
    if looks_like_json(first) {
        return detect_json(text).or_else(|e| {
            if table::sniff_jsonl(text) {
                Ok(Format::JsonLines)
            } else {
                Err(e)
            }
        });
    }
    let sniffers: [(Sniff, Format); 6] = [
        (vtt::sniff, Format::WebVtt),
        (rttm::sniff, Format::Rttm),
        (srt::sniff, Format::Srt),
        (table::sniff_csv, Format::Csv),
        (txt::sniff_otter, Format::OtterTxt),
        (txt::sniff_zoom, Format::ZoomTxt),
    ];
    for (sniff, format) in sniffers {
        if sniff(text) {
            return Ok(format);
        }
    }
    let line = first.lines().next().unwrap_or("");
    let shown: String = line.chars().take(60).collect();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let hint = if ext.eq_ignore_ascii_case("vtt") {
        " (the name ends in .vtt but the file does not start with WEBVTT)"
    } else {
        ""
    };
    Err(Diagnostic::new(
        1,
        format!(
            "unknown transcript format{hint}; first line is {shown:?}. Supported: WebVTT, SRT, \
             Otter/Zoom .txt, CSV/JSON Lines (start,end,speaker,text), Whisper, Amazon \
             Transcribe, Deepgram, AssemblyAI, Gong JSON, RTTM; or pass --input-format"
        ),
    ))
}

/// `{`, or `[` followed by what a JSON value starts with: Zoom's text export
/// starts with `[Dana Reyes] 14:02:15`, which is not JSON.
fn looks_like_json(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some('{') => true,
        Some('[') => {
            let next = chars.as_str().trim_start().chars().next();
            next.is_none_or(|c| {
                matches!(c, '{' | '[' | ']' | '"' | '-' | 't' | 'f' | 'n') || c.is_ascii_digit()
            })
        }
        _ => false,
    }
}

/// Keys of an object value, or nothing for any other JSON value.
#[derive(Default)]
struct Keys(Vec<String>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Keys;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(k);
                }
                Ok(Keys(keys))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Keys, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Keys::default())
            }
            fn visit_bool<E>(self, _: bool) -> Result<Keys, E> {
                Ok(Keys::default())
            }
            fn visit_i64<E>(self, _: i64) -> Result<Keys, E> {
                Ok(Keys::default())
            }
            fn visit_u64<E>(self, _: u64) -> Result<Keys, E> {
                Ok(Keys::default())
            }
            fn visit_f64<E>(self, _: f64) -> Result<Keys, E> {
                Ok(Keys::default())
            }
            fn visit_str<E>(self, _: &str) -> Result<Keys, E> {
                Ok(Keys::default())
            }
            fn visit_unit<E>(self) -> Result<Keys, E> {
                Ok(Keys::default())
            }
        }
        d.deserialize_any(V)
    }
}

/// Top-level keys, each with the keys of its value when that is an object.
fn probe(text: &str) -> Result<BTreeMap<String, Keys>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let map = BTreeMap::<String, Keys>::deserialize(&mut de)?;
    de.end()?;
    Ok(map)
}

/// A JSON error as `line: message`, pointing at the place serde stopped.
pub fn json_error(e: &serde_json::Error, what: &str) -> Diagnostic {
    let hint = if e.is_eof() {
        " (the file is truncated)"
    } else {
        ""
    };
    Diagnostic::new(e.line() as u32, format!("invalid {what} JSON{hint}: {e}"))
}

fn detect_json(text: &str) -> Result<Format, Diagnostic> {
    let keys = match probe(text) {
        Ok(k) => k,
        Err(e) if e.is_data() && text.trim_start().starts_with('[') => {
            return Err(Diagnostic::new(
                1,
                "JSON array at top level: expected an object from Whisper, Amazon Transcribe, \
                 Deepgram, AssemblyAI or Gong",
            ));
        }
        Err(e) => return Err(json_error(&e, "transcript")),
    };
    let has = |k: &str| keys.contains_key(k);
    let sub = |k: &str, s: &str| keys.get(k).is_some_and(|v| v.0.iter().any(|x| x == s));
    let format = if has("callTranscripts") {
        Format::Gong
    } else if has("Transcript")
        && (has("Participants")
            || has("ConversationCharacteristics")
            || has("JobName")
            || has("Channel"))
    {
        Format::AwsCallAnalytics
    } else if sub("results", "channels") || (has("metadata") && has("results")) {
        Format::Deepgram
    } else if sub("results", "items") || sub("results", "transcripts") {
        Format::AwsTranscribe
    } else if has("utterances") || (has("words") && (has("audio_url") || has("acoustic_model"))) {
        Format::AssemblyAi
    } else if has("segments") {
        Format::WhisperJson
    } else {
        let shown: Vec<&str> = keys.keys().map(String::as_str).take(8).collect();
        return Err(Diagnostic::new(
            1,
            format!(
                "JSON with keys {shown:?} is not a transcript format callscore knows \
                 (Whisper `segments`, Amazon `results.items`, Call Analytics `Transcript`, \
                 Deepgram `results.channels`, AssemblyAI `utterances`, Gong `callTranscripts`)"
            ),
        ));
    };
    Ok(format)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Result<Format, Diagnostic> {
        detect(s, Path::new("x.json"))
    }

    #[test]
    fn json_kinds() {
        assert_eq!(d(r#"{"callTranscripts":[]}"#).unwrap(), Format::Gong);
        assert_eq!(
            d(r#"{"JobName":"j","Transcript":[]}"#).unwrap(),
            Format::AwsCallAnalytics
        );
        assert_eq!(
            d(r#"{"metadata":{},"results":{"channels":[]}}"#).unwrap(),
            Format::Deepgram
        );
        assert_eq!(
            d(r#"{"jobName":"j","results":{"transcripts":[],"items":[]}}"#).unwrap(),
            Format::AwsTranscribe
        );
        assert_eq!(
            d(r#"{"id":"x","utterances":[]}"#).unwrap(),
            Format::AssemblyAi
        );
        assert_eq!(
            d(r#"{"text":"x","segments":[]}"#).unwrap(),
            Format::WhisperJson
        );
        assert!(d(r#"{"foo":1}"#).unwrap_err().message.contains("foo"));
        assert!(d("[1, 2]").unwrap_err().message.contains("array"));
        assert!(!looks_like_json("[Sam Okafor] 14:02:15\nHi"));
        assert!(looks_like_json("[\n  {\"a\": 1}]"));
        let e = d("{\n\"segments\": [\n{\"start\": 1").unwrap_err();
        assert!(e.message.contains("truncated"), "{}", e.message);
        assert_eq!(e.line, 3);
    }
}
