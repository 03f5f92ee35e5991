//! One short call written in every JSON vendor format, each with its own time
//! unit (seconds as floats, seconds as strings, integer milliseconds), must come
//! out as the same turns: the guard against the seconds/milliseconds mix-up.

use std::path::Path;

use callscore::ingest::parse_bytes;
use callscore::model::{Call, Format};

/// (start ms, end ms, text) of each turn, in order.
fn spans(call: &Call) -> Vec<(u64, u64, String)> {
    call.turns
        .iter()
        .map(|t| (t.start_ms, t.end_ms, t.text.clone()))
        .collect()
}

#[test]
fn every_json_format_gives_the_same_turns() {
    let files: [(Format, &str); 6] = [
        (
            Format::WhisperJson,
            r#"{"segments":[{"start":1.25,"end":2.5,"text":"Hello there.","speaker":"SPEAKER_00"},
                           {"start":3.75,"end":5.005,"text":"Hi.","speaker":"SPEAKER_01"}]}"#,
        ),
        (
            Format::Deepgram,
            r#"{"metadata":{},"results":{"channels":[{"alternatives":[{"words":[]}]}],"utterances":[
                {"start":1.25,"end":2.5,"speaker":0,"channel":0,"transcript":"Hello there."},
                {"start":3.75,"end":5.005,"speaker":1,"channel":0,"transcript":"Hi."}]}}"#,
        ),
        (
            Format::AssemblyAi,
            r#"{"utterances":[{"start":1250,"end":2500,"speaker":"A","text":"Hello there."},
                              {"start":3750,"end":5005,"speaker":"B","text":"Hi."}]}"#,
        ),
        (
            Format::AwsTranscribe,
            r#"{"results":{"transcripts":[],"items":[
  {"start_time":"1.25","end_time":"1.9","alternatives":[{"content":"Hello"}],"type":"pronunciation","speaker_label":"spk_0"},
  {"start_time":"1.9","end_time":"2.5","alternatives":[{"content":"there"}],"type":"pronunciation","speaker_label":"spk_0"},
  {"alternatives":[{"content":"."}],"type":"punctuation"},
  {"start_time":"3.75","end_time":"5.005","alternatives":[{"content":"Hi"}],"type":"pronunciation","speaker_label":"spk_1"},
  {"alternatives":[{"content":"."}],"type":"punctuation"}]}}"#,
        ),
        (
            Format::AwsCallAnalytics,
            r#"{"JobName":"j","Transcript":[
  {"ParticipantRole":"AGENT","BeginOffsetMillis":1250,"EndOffsetMillis":2500,"Content":"Hello there."},
  {"ParticipantRole":"CUSTOMER","BeginOffsetMillis":3750,"EndOffsetMillis":5005,"Content":"Hi."}]}"#,
        ),
        (
            Format::Gong,
            r#"{"callTranscripts":[{"callId":"1","transcript":[
  {"speakerId":"11","sentences":[{"start":1250,"end":2500,"text":"Hello there."}]},
  {"speakerId":"22","sentences":[{"start":3750,"end":5005,"text":"Hi."}]}]}]}"#,
        ),
    ];
    let want = vec![
        (1250, 2500, "Hello there.".to_string()),
        (3750, 5005, "Hi.".to_string()),
    ];
    for (format, text) in files {
        let call = parse_bytes(Path::new("call.json"), text.as_bytes(), None)
            .unwrap_or_else(|e| panic!("{format}: {}", e.message));
        assert_eq!(call.format, format);
        assert_eq!(spans(&call), want, "{format}");
        assert_eq!(call.speakers.len(), 2, "{format}");
    }
}
