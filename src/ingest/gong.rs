//! Gong API transcript JSON (`POST /v2/calls/transcript` answer), optionally
//! with the call's parties from `/v2/calls/extensive` in the same file.
//!
//! Read: `callTranscripts[0].transcript[]` (one monologue per `speakerId`),
//! each with `sentences[]` of `start` / `end` (MILLISECONDS, integers) and
//! `text`. One sentence is one turn, labelled with the `speakerId`. Parties come
//! from a top-level `parties[]` or from `calls[].parties[]` (the extensive
//! answer, the call matched by `metaData.id` or `id`); a party's `speakerId`
//! joins it to the turns, giving the speaker `name`, `emailAddress` and the
//! `affiliation` (Internal / External; Unknown says nothing).
//!
//! A file with several calls is refused: callscore scores one call per file
//! and names it after the file, so reading only the first would silently drop
//! the rest of the calls from the batch and its totals. The message lists the
//! call ids and says how to split the file.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, Visitor};
use serde::Deserialize;

use super::detect::json_error;
use super::jsonpos::{ms_field, required, Lines, Located};
use super::{Parsed, UNLABELLED};
use crate::model::{Diagnostic, VendorSide};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct File<'a> {
    #[serde(borrow, default)]
    call_transcripts: Option<Vec<CallTranscript<'a>>>,
    #[serde(borrow, default)]
    parties: Option<Vec<Party<'a>>>,
    #[serde(borrow, default)]
    calls: Option<Vec<CallInfo<'a>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CallTranscript<'a> {
    #[serde(default)]
    call_id: Option<Id>,
    #[serde(borrow, default)]
    transcript: Option<Vec<Monologue<'a>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Monologue<'a> {
    #[serde(default)]
    speaker_id: Option<Id>,
    #[serde(borrow, default)]
    sentences: Option<Vec<Located<Sentence<'a>>>>,
}

#[derive(Deserialize)]
struct Sentence<'a> {
    #[serde(default)]
    start: Option<i64>,
    #[serde(default)]
    end: Option<i64>,
    #[serde(borrow, default)]
    text: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CallInfo<'a> {
    #[serde(default)]
    id: Option<Id>,
    #[serde(default)]
    meta_data: Option<MetaData>,
    #[serde(borrow, default)]
    parties: Option<Vec<Party<'a>>>,
}

#[derive(Deserialize)]
struct MetaData {
    #[serde(default)]
    id: Option<Id>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Party<'a> {
    #[serde(default)]
    speaker_id: Option<Id>,
    #[serde(borrow, default)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    email_address: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    affiliation: Option<Cow<'a, str>>,
}

/// A Gong id: a string of digits in the API, a bare number in some exports.
#[derive(Clone, Debug, PartialEq)]
struct Id(String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id (string or integer)")
            }
            fn visit_str<E>(self, v: &str) -> Result<Id, E> {
                Ok(Id(v.trim().to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

pub fn parse(text: &str) -> Result<Parsed, Diagnostic> {
    let file: File = serde_json::from_str(text).map_err(|e| json_error(&e, "Gong"))?;
    let calls = file.call_transcripts.as_deref().unwrap_or_default();
    if calls.len() > 1 {
        return Err(several_calls(calls));
    }
    let mut p = Parsed::with_text();
    let Some(call) = calls.first() else {
        return Ok(p);
    };
    let mut lines = Lines::new(text);
    let mut unlabelled = 0usize;
    for mono in call.transcript.iter().flatten() {
        let label = match mono.speaker_id.as_ref().filter(|s| !s.0.is_empty()) {
            Some(id) => id.0.as_str(),
            None => UNLABELLED,
        };
        for located in mono.sentences.iter().flatten() {
            let line = located.line(&mut lines);
            let s = &located.value;
            let start = ms_field(required(s.start, "start", "sentence", line)?, "start", line)?;
            let end = ms_field(required(s.end, "end", "sentence", line)?, "end", line)?;
            if label == UNLABELLED {
                unlabelled += 1;
            }
            p.push(label, start, end, s.text.as_deref().unwrap_or(""), line);
        }
    }
    if unlabelled > 0 {
        p.warn(
            0,
            format!("{unlabelled} sentence(s) have no speakerId and were labelled {UNLABELLED}"),
        );
    }
    let parties = file.parties.iter().flatten().chain(
        file.calls
            .iter()
            .flatten()
            .filter(|c| same_call(c, call.call_id.as_ref()))
            .flat_map(|c| c.parties.iter().flatten()),
    );
    for party in parties {
        join_party(&mut p, party);
    }
    Ok(p)
}

fn several_calls(calls: &[CallTranscript]) -> Diagnostic {
    let ids: Vec<&str> = calls
        .iter()
        .map(|c| c.call_id.as_ref().map_or("?", |id| id.0.as_str()))
        .collect();
    let shown = if ids.len() > 5 {
        format!("{}, …", ids[..5].join(", "))
    } else {
        ids.join(", ")
    };
    Diagnostic::new(
        0,
        format!(
            "this Gong file holds {} calls (callIds {shown}); callscore scores one call per \
             file: split it, e.g. `jq '{{callTranscripts: [.callTranscripts[0]]}}'` for the first",
            ids.len()
        ),
    )
}

/// Whether an entry of `calls[]` is the transcript's call (an entry without an
/// id, or a transcript without one, is taken as the same call).
fn same_call(info: &CallInfo, call_id: Option<&Id>) -> bool {
    let id = info
        .meta_data
        .as_ref()
        .and_then(|m| m.id.as_ref())
        .or(info.id.as_ref());
    match (id, call_id) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// Gives the party's name, email and side to the speaker with its speakerId.
fn join_party(p: &mut Parsed, party: &Party) {
    let Some(id) = &party.speaker_id else {
        return;
    };
    let Some(speaker) = p.speakers.by_label_mut(&id.0) else {
        return;
    };
    let given = |v: &Option<Cow<str>>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    speaker.name = given(&party.name).or(speaker.name.take());
    speaker.email = given(&party.email_address).or(speaker.email.take());
    speaker.vendor_side = match party.affiliation.as_deref() {
        Some(a) if a.eq_ignore_ascii_case("internal") => VendorSide::Internal,
        Some(a) if a.eq_ignore_ascii_case("external") => VendorSide::External,
        _ => speaker.vendor_side,
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse_bytes;
    use crate::model::Format;
    use std::path::Path;

    /// The shape of `/v2/calls/transcript`, with the `calls` of
    /// `/v2/calls/extensive` (exposedFields.parties) merged in.
    const SAMPLE: &str = r#"{
  "requestId": "4al018gzaztcr8nbukw",
  "records": {"totalRecords": 1, "currentPageSize": 1, "currentPageNumber": 0},
  "callTranscripts": [
    {
      "callId": "7782342274025937895",
      "transcript": [
        {
          "speakerId": "6432345678555530067",
          "topic": "Call Setup",
          "sentences": [
            {"start": 460230, "end": 462343, "text": "Thanks for joining, Priya."},
            {"start": 462500, "end": 463900, "text": "Shall we start?"}
          ]
        },
        {
          "speakerId": "1244457689120033992",
          "topic": null,
          "sentences": [{"start": 464100, "end": 466000, "text": "Yes, go ahead."}]
        }
      ]
    }
  ],
  "calls": [
    {
      "metaData": {"id": "7782342274025937895", "title": "Acme / Initech discovery", "duration": 1800},
      "parties": [
        {"id": "56825452554556", "emailAddress": "dana@acme.example", "name": "Dana Reyes",
         "title": "Account Executive", "userId": "234599484848423", "speakerId": "6432345678555530067",
         "affiliation": "Internal", "methods": ["Invitee"]},
        {"id": "56825452554557", "emailAddress": "priya@initech.example", "name": "Priya Shah",
         "speakerId": "1244457689120033992", "affiliation": "External"},
        {"id": "56825452554558", "name": "Silent Observer", "speakerId": null, "affiliation": "Unknown"}
      ]
    }
  ]
}"#;

    #[test]
    fn sentences_and_parties() {
        let p = parse(SAMPLE).unwrap();
        assert_eq!(
            p.rows(),
            vec![
                (
                    "6432345678555530067".into(),
                    460_230,
                    462_343,
                    "Thanks for joining, Priya.".into(),
                    12
                ),
                (
                    "6432345678555530067".into(),
                    462_500,
                    463_900,
                    "Shall we start?".into(),
                    13
                ),
                (
                    "1244457689120033992".into(),
                    464_100,
                    466_000,
                    "Yes, go ahead.".into(),
                    19
                ),
            ]
        );
        let sp: Vec<_> = p.speakers.iter().collect();
        assert_eq!(sp[0].name.as_deref(), Some("Dana Reyes"));
        assert_eq!(sp[0].email.as_deref(), Some("dana@acme.example"));
        assert_eq!(sp[0].vendor_side, VendorSide::Internal);
        assert_eq!(sp[1].name.as_deref(), Some("Priya Shah"));
        assert_eq!(sp[1].vendor_side, VendorSide::External);
        let call = parse_bytes(Path::new("g.json"), SAMPLE.as_bytes(), None).unwrap();
        assert_eq!(call.format, Format::Gong);
    }

    #[test]
    fn top_level_parties_and_other_calls() {
        let text = r#"{"callTranscripts":[{"callId":1,"transcript":[{"speakerId":"9","sentences":[{"start":0,"end":10,"text":"hi"}]}]}],
"parties":[{"speakerId":"9","name":"Lee","affiliation":"External"}],
"calls":[{"metaData":{"id":"2"},"parties":[{"speakerId":"9","name":"Wrong call","affiliation":"Internal"}]}]}"#;
        let p = parse(text).unwrap();
        let s = p.speakers.iter().next().unwrap();
        assert_eq!(s.name.as_deref(), Some("Lee"));
        assert_eq!(s.vendor_side, VendorSide::External);
    }

    #[test]
    fn several_calls_are_refused() {
        let text = r#"{"callTranscripts":[{"callId":"111","transcript":[]},{"callId":"222","transcript":[]}]}"#;
        let e = parse(text).unwrap_err();
        assert!(e.message.contains("2 calls"), "{}", e.message);
        assert!(e.message.contains("111, 222"), "{}", e.message);
        assert!(e.message.contains("split"), "{}", e.message);
    }

    #[test]
    fn hostile_inputs() {
        let cases: &[(&str, &str, u32)] = &[
            ("{\"callTranscripts\":[{\"transcript\":[{\"sentences\":[\n{\"start\":1", "truncated", 2),
            ("{\"callTranscripts\":[{\"transcript\":[{\"sentences\":[\n{\"start\":\"1\",\"end\":2}]}]}]}", "invalid type", 2),
            ("{\"callTranscripts\":[{\"transcript\":[{\"sentences\":[\n{\"start\":-1,\"end\":2}]}]}]}", "0 or more", 2),
            ("{\"callTranscripts\":[{\"transcript\":[{\"sentences\":[\n{\"start\":1}]}]}]}", "no `end`", 2),
            ("{\"callTranscripts\":[{\"transcript\":[{\"speakerId\":[1],\"sentences\":[]}]}]}", "invalid type", 1),
        ];
        for (text, want, line) in cases {
            let e = parse(text).unwrap_err();
            assert!(e.message.contains(want), "{text}: {}", e.message);
            assert_eq!(e.line, *line, "{text}");
        }
        let p = parse(r#"{"callTranscripts":[{"transcript":[{"sentences":[{"start":1,"end":2,"text":"x"}]}]}]}"#)
            .unwrap();
        assert_eq!(p.warnings.len(), 1);
        let e = parse_bytes(
            Path::new("a.json"),
            b"{\"callTranscripts\":[{\"transcript\":[{\"speakerId\":\"1\",\"sentences\":[\n{\"start\":5,\"end\":2}]}]}]}",
            None,
        )
        .unwrap_err();
        assert!(e.message.contains("ends before it starts"));
        assert_eq!(e.line, 2);
        let e = parse_bytes(Path::new("a.json"), br#"{"callTranscripts":[]}"#, None).unwrap_err();
        assert!(e.message.contains("no speech turns"));
        let deep = format!(
            "{{\"callTranscripts\":{}{}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(parse(&deep).is_err());
    }
}
