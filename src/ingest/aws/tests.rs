//! Amazon reader tests, on samples shaped like real job outputs.

use std::path::Path;

use super::*;
use crate::ingest::parse_bytes;
use crate::model::Format;

fn turns(p: &Parsed) -> Vec<(String, u64, u64, String)> {
    p.turns
        .iter()
        .map(|t| {
            let label = p.speakers.iter().nth(t.speaker as usize).unwrap();
            (label.label.clone(), t.start_ms, t.end_ms, t.text.clone())
        })
        .collect()
}

fn item(start: &str, end: &str, content: &str) -> String {
    format!(
        r#"{{"start_time":"{start}","end_time":"{end}","alternatives":[{{"confidence":"0.99","content":"{content}"}}],"type":"pronunciation"}}"#
    )
}

fn punct(content: &str) -> String {
    format!(
        r#"{{"alternatives":[{{"confidence":"0.0","content":"{content}"}}],"type":"punctuation"}}"#
    )
}

/// Classic speaker identification: items carry no label, speaker segments do.
#[test]
fn speaker_segments_label_items() {
    let items = [
        item("0.49", "0.7", "Hi"),
        punct(","),
        item("0.7", "1.2", "Dana"),
        punct("."),
        item("1.5", "1.9", "Hello"),
        item("3.4", "3.8", "again"),
    ]
    .join(",\n");
    let text = format!(
        r#"{{"jobName":"j","accountId":"1","results":{{"transcripts":[{{"transcript":"Hi, Dana. Hello again"}}],
"speaker_labels":{{"speakers":2,"segments":[
 {{"start_time":"0.49","speaker_label":"spk_0","end_time":"1.2","items":[
   {{"start_time":"0.49","speaker_label":"spk_0","end_time":"0.7"}},{{"start_time":"0.7","speaker_label":"spk_0","end_time":"1.2"}}]}},
 {{"start_time":"1.5","speaker_label":"spk_1","end_time":"3.8","items":[
   {{"start_time":"1.5","speaker_label":"spk_1","end_time":"1.9"}}]}}]}},
"items":[
{items}]}},"status":"COMPLETED"}}"#
    );
    let p = parse_transcribe(&text).unwrap();
    assert_eq!(
        turns(&p),
        vec![
            ("spk_0".into(), 490, 1200, "Hi, Dana.".into()),
            ("spk_1".into(), 1500, 1900, "Hello".into()),
            // Not in a segment's item list, but inside spk_1's span.
            ("spk_1".into(), 3400, 3800, "again".into()),
        ]
    );
    // Lines point at the items (the items array starts on line 8).
    assert_eq!(p.turns[0].line, 8);
    assert_eq!(p.turns[2].line, 13);
    assert!(p.warnings.is_empty());
    let call = parse_bytes(Path::new("j.json"), text.as_bytes(), None).unwrap();
    assert_eq!(call.format, Format::AwsTranscribe);
}

/// Newer outputs label each item and add `audio_segments`.
#[test]
fn inline_labels_and_audio_segments() {
    let text = r#"{"jobName":"j","results":{"transcripts":[{"transcript":"Yes. No"}],
"items":[
 {"id":0,"type":"pronunciation","alternatives":[{"confidence":"0.9","content":"Yes"}],"start_time":"1.0","end_time":"1.3","speaker_label":"spk_1"},
 {"id":1,"type":"punctuation","alternatives":[{"confidence":"0.0","content":"."}],"speaker_label":"spk_0"},
 {"id":2,"type":"pronunciation","alternatives":[{"confidence":"0.9","content":"No"}],"start_time":"1.4","end_time":"1.6"}
],
"audio_segments":[{"id":0,"transcript":"Yes.","start_time":"1.0","end_time":"1.3","speaker_label":"spk_1","items":[0,1]},
                  {"id":1,"transcript":"No","start_time":"1.4","end_time":"1.6","speaker_label":"spk_0","items":[2]}]}}"#;
    let p = parse_transcribe(text).unwrap();
    // The full stop follows "Yes" whatever label it carries.
    assert_eq!(
        turns(&p),
        vec![
            ("spk_1".into(), 1000, 1300, "Yes.".into()),
            ("spk_0".into(), 1400, 1600, "No".into()),
        ]
    );
}

/// Channel identification: the merged list has no labels, each channel's list
/// is complete; the two channels overlap in time.
#[test]
fn channel_identification() {
    let ch0 = [item("0.5", "0.9", "Hello"), punct("?")].join(",");
    let ch1 = [item("0.7", "1.0", "Hi"), item("1.0", "1.4", "there")].join(",");
    let merged = [
        item("0.5", "0.9", "Hello"),
        punct("?"),
        item("0.7", "1.0", "Hi"),
        item("1.0", "1.4", "there"),
    ]
    .join(",");
    let text = format!(
        r#"{{"results":{{"transcripts":[{{"transcript":"x"}}],"channel_labels":{{"channels":[
{{"channel_label":"ch_0","items":[{ch0}]}},{{"channel_label":"ch_1","items":[{ch1}]}}],"number_of_channels":2}},
"items":[{merged}]}}}}"#
    );
    let p = parse_transcribe(&text).unwrap();
    assert_eq!(
        turns(&p),
        vec![
            ("ch_0".into(), 500, 900, "Hello?".into()),
            ("ch_1".into(), 700, 1400, "Hi there".into()),
        ]
    );
}

#[test]
fn unlabelled_items_warn_once() {
    let text = format!(
        r#"{{"results":{{"items":[{},{}]}}}}"#,
        item("0", "1", "a"),
        item("1", "2", "b")
    );
    let p = parse_transcribe(&text).unwrap();
    assert_eq!(turns(&p), vec![(UNLABELLED.into(), 0, 2000, "a b".into())]);
    assert_eq!(p.warnings.len(), 1);
    assert!(p.warnings[0].message.starts_with("2 word(s)"));
}

#[test]
fn transcribe_hostile_inputs() {
    let cases: &[(&str, &str, u32)] = &[
        ("{\"results\":{\"items\":[\n{\"start_time\":\"1.0\"", "truncated", 2),
        (
            "{\"results\":{\"items\":[\n{\"start_time\":\"abc\",\"end_time\":\"1\"}]}}",
            "not a number of seconds",
            2,
        ),
        (
            "{\"results\":{\"items\":[\n{\"start_time\":\"-1.0\",\"end_time\":\"1\",\"alternatives\":[{\"content\":\"x\"}]}]}}",
            "0 or more",
            2,
        ),
        (
            "{\"results\":{\"items\":[\n{\"start_time\":\"1\",\"alternatives\":[{\"content\":\"x\"}],\"type\":\"pronunciation\"}]}}",
            "no `end_time`",
            2,
        ),
        ("{\"results\":{\"items\":\n{}}}", "invalid type", 2),
    ];
    for (text, want, line) in cases {
        let e = parse_transcribe(text).unwrap_err();
        assert!(e.message.contains(want), "{text}: {}", e.message);
        assert_eq!(e.line, *line, "{text}");
    }
    assert!(parse_transcribe(r#"{"results":{"items":[]}}"#)
        .unwrap()
        .turns
        .is_empty());
    let e = parse_bytes(
        Path::new("a.json"),
        br#"{"results":{"transcripts":[],"items":[]}}"#,
        None,
    )
    .unwrap_err();
    assert!(e.message.contains("no speech turns"));
    let deep = format!(
        "{{\"results\":{{\"items\":{}{}}}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(parse_transcribe(&deep).is_err());
}

/// Call Analytics post-call output, trimmed, in the documented shape
/// (docs.aws.amazon.com/transcribe/latest/dg/tca-output-batch.html).
const CALL_ANALYTICS: &str = r#"{
  "JobStatus": "COMPLETED",
  "LanguageCode": "en-US",
  "Transcript": [
    {
      "LoudnessScores": [78.63, 91.37, 84.77],
      "Content": "Thank you for calling Example Corp, this is Jordan.",
      "Id": "a1b2c3d4-0001",
      "BeginOffsetMillis": 440,
      "EndOffsetMillis": 4960,
      "Sentiment": "NEUTRAL",
      "ParticipantRole": "AGENT",
      "Items": [
        {"Confidence": 0.99, "BeginOffsetMillis": 440, "EndOffsetMillis": 800, "Type": "pronunciation", "Content": "Thank", "Stable": true}
      ]
    },
    {
      "LoudnessScores": [80.1, 82.5],
      "Content": "Hi, I'd like to upgrade my plan.",
      "Id": "a1b2c3d4-0002",
      "BeginOffsetMillis": 5420,
      "EndOffsetMillis": 7900,
      "Sentiment": "POSITIVE",
      "ParticipantRole": "CUSTOMER",
      "IssuesDetected": [{"CharacterOffsets": {"Begin": 4, "End": 31}}]
    }
  ],
  "Categories": {"MatchedCategories": [], "MatchedDetails": {}},
  "ConversationCharacteristics": {
    "NonTalkTime": {"Instances": [], "TotalTimeMillis": 0},
    "TalkTime": {"DetailsByParticipant": {"AGENT": {"TotalTimeMillis": 4520}, "CUSTOMER": {"TotalTimeMillis": 2480}}, "TotalTimeMillis": 7000},
    "TotalConversationDurationMillis": 7900
  },
  "AccountId": "123456789012",
  "JobName": "upgrade-call",
  "Participants": [{"ParticipantRole": "AGENT"}, {"ParticipantRole": "CUSTOMER"}],
  "Channel": "VOICE"
}"#;

#[test]
fn call_analytics_sample() {
    let p = parse_call_analytics(CALL_ANALYTICS).unwrap();
    assert_eq!(
        turns(&p),
        vec![
            (
                "AGENT".into(),
                440,
                4960,
                "Thank you for calling Example Corp, this is Jordan.".into()
            ),
            (
                "CUSTOMER".into(),
                5420,
                7900,
                "Hi, I'd like to upgrade my plan.".into()
            ),
        ]
    );
    assert_eq!(p.turns[0].line, 6);
    let sides: Vec<_> = p.speakers.iter().map(|s| s.vendor_side).collect();
    assert_eq!(sides, vec![VendorSide::Internal, VendorSide::External]);
    let call = parse_bytes(Path::new("c.json"), CALL_ANALYTICS.as_bytes(), None).unwrap();
    assert_eq!(call.format, Format::AwsCallAnalytics);
}

#[test]
fn call_analytics_hostile_inputs() {
    let cases: &[(&str, &str, u32)] = &[
        ("{\"JobName\":\"j\",\"Transcript\":[\n{\"Content\":\"x\"", "truncated", 2),
        (
            "{\"Transcript\":[\n{\"ParticipantRole\":\"AGENT\",\"BeginOffsetMillis\":\"440\",\"EndOffsetMillis\":900}]}",
            "invalid type",
            2,
        ),
        (
            "{\"Transcript\":[\n{\"ParticipantRole\":\"AGENT\",\"BeginOffsetMillis\":-5,\"EndOffsetMillis\":900}]}",
            "0 or more",
            2,
        ),
        (
            "{\"Transcript\":[\n{\"ParticipantRole\":\"AGENT\",\"BeginOffsetMillis\":5}]}",
            "no `EndOffsetMillis`",
            2,
        ),
    ];
    for (text, want, line) in cases {
        let e = parse_call_analytics(text).unwrap_err();
        assert!(e.message.contains(want), "{text}: {}", e.message);
        assert_eq!(e.line, *line, "{text}");
    }
    let text = "{\"JobName\":\"j\",\"Transcript\":[\n{\"ParticipantRole\":\"AGENT\",\"BeginOffsetMillis\":900,\"EndOffsetMillis\":400,\"Content\":\"x\"}]}";
    let e = parse_bytes(Path::new("a.json"), text.as_bytes(), None).unwrap_err();
    assert!(e.message.contains("ends before it starts"));
    assert_eq!(e.line, 2);
    let p = parse_call_analytics(
        r#"{"Transcript":[{"BeginOffsetMillis":1,"EndOffsetMillis":2,"Content":"x"}]}"#,
    )
    .unwrap();
    assert_eq!(p.warnings.len(), 1);
    let e = parse_bytes(
        Path::new("a.json"),
        br#"{"JobName":"j","Transcript":[]}"#,
        None,
    )
    .unwrap_err();
    assert!(e.message.contains("no speech turns"));
}
