//! The JSON vendor readers on real vendor output from `../shared/external/`
//! (see each folder's SOURCE.txt). Each test skips, saying so, when the folder
//! is absent, as it is in a fresh clone.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use callscore::ingest::{parse_bytes, UNLABELLED};
use callscore::model::{Call, Format};

/// `../shared/external` beside the package; a git worktree one level deeper
/// (`wt/<branch>`) finds it at `../../shared`; `CALLSCORE_EXTERNAL` overrides.
fn external(rel: &str) -> Option<PathBuf> {
    let mut roots = Vec::new();
    if let Some(dir) = std::env::var_os("CALLSCORE_EXTERNAL") {
        roots.push(PathBuf::from(dir));
    }
    roots.push(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/external"
    )));
    roots.push(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/external"
    )));
    let found = roots.into_iter().map(|r| r.join(rel)).find(|p| p.exists());
    if found.is_none() {
        println!("skipping: ../shared/external/{rel} not found");
    }
    found
}

fn read(path: &Path) -> Call {
    let bytes = std::fs::read(path).unwrap();
    parse_bytes(path, &bytes, None)
        .unwrap_or_else(|e| panic!("{}:{}: {}", path.display(), e.line, e.message))
}

fn labels(call: &Call) -> Vec<&str> {
    call.speakers.iter().map(|s| s.label.as_str()).collect()
}

/// Shape checks every file must pass: sorted, inside the audio, no empty text.
fn plausible(call: &Call, audio_ms: u64) {
    assert!(call
        .turns
        .windows(2)
        .all(|w| w[0].start_ms <= w[1].start_ms));
    for t in &call.turns {
        assert!(t.start_ms <= t.end_ms && t.end_ms <= audio_ms, "{t:?}");
        assert!(!t.text.is_empty(), "{t:?}");
    }
}

/// (label, start ms, end ms, text) of a turn.
fn turn(call: &Call, i: usize) -> (&str, u64, u64, &str) {
    let t = &call.turns[i];
    (
        call.speaker(t.speaker).label.as_str(),
        t.start_ms,
        t.end_ms,
        t.text.as_str(),
    )
}

#[test]
fn deepgram_utterances() {
    let Some(path) = external("vendor-json/deepgram-python-captions/dg_speakers.json") else {
        return;
    };
    let call = read(&path);
    assert_eq!(call.format, Format::Deepgram);
    plausible(&call, 169_802);
    assert_eq!(call.turns.len(), 22);
    assert_eq!(labels(&call), ["0", "1", "2"]);
    assert_eq!(turn(&call, 0), ("0", 3040, 3540, "And,"));
    assert_eq!(turn(&call, 21), ("1", 162_605, 163_105, "Copy."));
    assert!(call.warnings.is_empty(), "{:?}", call.warnings);
    println!(
        "dg_speakers: {} turns, {} speakers",
        call.turns.len(),
        call.speakers.len()
    );
}

#[test]
fn deepgram_words_only() {
    let Some(path) =
        external("vendor-json/deepgram-python-captions/dg_speakers_no_utterances.json")
    else {
        return;
    };
    let call = read(&path);
    assert_eq!(call.format, Format::Deepgram);
    plausible(&call, 169_802);
    assert_eq!(labels(&call), ["0", "1", "2"]);
    // "And," stands alone: the next word starts 1.1 s later.
    assert_eq!(turn(&call, 0), ("0", 3040, 3540, "And,"));
    let (_, start, _, text) = turn(&call, 1);
    assert_eq!(start, 4640);
    assert!(text.starts_with("Jessica, Christina,"), "{text}");
    let last = turn(&call, call.turns.len() - 1);
    assert_eq!((last.0, last.2), ("1", 163_105));
    assert!(last.3.ends_with("Copy."), "{}", last.3);
    // All 226 words are in some turn.
    let words: usize = call
        .turns
        .iter()
        .map(|t| t.text.split_whitespace().count())
        .sum();
    assert_eq!(words, 226);
    assert!(
        (10..=120).contains(&call.turns.len()),
        "{}",
        call.turns.len()
    );
    println!(
        "dg_speakers_no_utterances: {} turns, {} speakers",
        call.turns.len(),
        call.speakers.len()
    );
}

#[test]
fn assemblyai_utterances() {
    let Some(path) = external("vendor-json/deepgram-python-captions/assemblyai_utterances.json")
    else {
        return;
    };
    let call = read(&path);
    assert_eq!(call.format, Format::AssemblyAi);
    plausible(&call, 26_000);
    assert_eq!(call.turns.len(), 1);
    assert_eq!(labels(&call), ["A"]);
    let (label, start, end, text) = turn(&call, 0);
    assert_eq!((label, start, end), ("A", 170, 25_140));
    assert!(text.starts_with("Yeah. As much as it's worth"), "{text}");
    assert!(text.ends_with("that we have today."), "{text}");
    println!(
        "assemblyai_utterances: {} turns, {} speakers",
        call.turns.len(),
        call.speakers.len()
    );
}

#[test]
fn whisper_timestamped() {
    let Some(path) = external("vendor-json/deepgram-python-captions/whisper_timestamped.json")
    else {
        return;
    };
    let call = read(&path);
    assert_eq!(call.format, Format::WhisperJson);
    plausible(&call, 26_000);
    assert_eq!(call.turns.len(), 4);
    assert_eq!(labels(&call), [UNLABELLED]);
    assert_eq!(call.warnings.len(), 1);
    assert_eq!(
        turn(&call, 0),
        (
            UNLABELLED,
            120,
            7620,
            "Yeah, as much as it's worth celebrating the first spacewalk with an all-female team,"
        )
    );
    let (_, start, end, text) = turn(&call, 3);
    assert_eq!((start, end), (19_820, 25_320));
    assert!(text.ends_with("that we have today."), "{text}");
    println!(
        "whisper_timestamped: {} turns, {} speakers",
        call.turns.len(),
        call.speakers.len()
    );
}

#[test]
fn amazon_speaker_identification() {
    let Some(path) = external("vendor-json/aws-transcribe/03-speaker-identification.json") else {
        return;
    };
    let call = read(&path);
    assert_eq!(call.format, Format::AwsTranscribe);
    plausible(&call, 142_000);
    assert_eq!(labels(&call), ["spk_0", "spk_1", "spk_2"]);
    let (label, start, _, text) = turn(&call, 0);
    assert_eq!((label, start), ("spk_0", 490));
    assert!(
        text.starts_with("She was gone out into the village"),
        "{text}"
    );
    let last = turn(&call, call.turns.len() - 1);
    assert_eq!((last.0, last.2), ("spk_0", 141_540));
    assert!(last.3.ends_with("tabbies fractured leg"), "{}", last.3);
    let words: usize = call
        .turns
        .iter()
        .map(|t| t.text.split_whitespace().count())
        .sum();
    assert_eq!(words, 354);
    // 24 speaker segments, fewer turns: consecutive segments of one speaker
    // less than a second apart are one turn under the word rule.
    assert!((5..=24).contains(&call.turns.len()), "{}", call.turns.len());
    assert!(call.warnings.is_empty(), "{:?}", call.warnings);
    println!(
        "03-speaker-identification: {} turns, {} speakers",
        call.turns.len(),
        call.speakers.len()
    );
}

#[test]
fn amazon_channel_identification() {
    let Some(path) = external("vendor-json/aws-transcribe/02-channel-identification.json") else {
        return;
    };
    let call = read(&path);
    assert_eq!(call.format, Format::AwsTranscribe);
    plausible(&call, 142_000);
    // Speakers are listed as they first speak: ch_1 at 0.49 s, ch_0 at 15.09 s.
    assert_eq!(labels(&call), ["ch_1", "ch_0"]);
    let (label, start, _, text) = turn(&call, 0);
    assert_eq!((label, start), ("ch_1", 490));
    assert!(text.starts_with("She was gone"), "{text}");
    let first_ch0 = call.turns.iter().find(|t| t.speaker == 1).unwrap();
    assert_eq!(first_ch0.start_ms, 15_090);
    assert!(
        first_ch0.text.starts_with("it will be well for you"),
        "{}",
        first_ch0.text
    );
    let words: usize = call
        .turns
        .iter()
        .map(|t| t.text.split_whitespace().count())
        .sum();
    assert_eq!(words, 354);
    assert!(call.warnings.is_empty(), "{:?}", call.warnings);
    println!(
        "02-channel-identification: {} turns, {} speakers",
        call.turns.len(),
        call.speakers.len()
    );
}

/// The same recording through different engines and units (Whisper seconds,
/// AssemblyAI milliseconds; Amazon twice) spans the same time: no unit slipped.
/// The engines place word edges a little differently, hence the tolerance.
#[test]
fn same_audio_same_span_across_units() {
    let dir = "vendor-json/deepgram-python-captions";
    let (Some(w), Some(a)) = (
        external(&format!("{dir}/whisper_timestamped.json")),
        external(&format!("{dir}/assemblyai_utterances.json")),
    ) else {
        return;
    };
    let span = |c: &Call| (c.turns[0].start_ms, c.duration_ms());
    let (w, a) = (span(&read(&w)), span(&read(&a)));
    assert!(
        w.0.abs_diff(a.0) <= 100 && w.1.abs_diff(a.1) <= 250,
        "{w:?} {a:?}"
    );
    let (Some(s), Some(c)) = (
        external("vendor-json/aws-transcribe/03-speaker-identification.json"),
        external("vendor-json/aws-transcribe/02-channel-identification.json"),
    ) else {
        return;
    };
    assert_eq!(span(&read(&s)), span(&read(&c)));
}

/// Hour-long earnings calls: every pronunciation item is in a turn, in order,
/// and every speaker label Amazon gave is a speaker.
#[test]
fn earnings21_amazon() {
    for id in ["4320211", "4330115", "4344338"] {
        let Some(path) = external(&format!("earnings21/{id}.aws-transcribe.json")) else {
            return;
        };
        let call = read(&path);
        assert_eq!(call.format, Format::AwsTranscribe);
        plausible(&call, 3_300_000);

        // Counted independently of the reader.
        let raw: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let items = raw["results"]["items"].as_array().unwrap();
        let spoken: Vec<&str> = items
            .iter()
            .filter(|i| i["type"] == "pronunciation")
            .map(|i| i["alternatives"][0]["content"].as_str().unwrap())
            .collect();
        let file_labels: BTreeSet<&str> = items
            .iter()
            .filter_map(|i| i["speaker_label"].as_str())
            .collect();

        let in_turns: Vec<&str> = call
            .turns
            .iter()
            .flat_map(|t| t.text.split_whitespace())
            .map(|w| w.trim_end_matches(['.', ',', '?', '!', ';', ':']))
            .collect();
        assert_eq!(in_turns.len(), spoken.len(), "{id}: words in turns");
        assert_eq!(in_turns, spoken, "{id}: words in order");
        let found: BTreeSet<&str> = labels(&call).into_iter().collect();
        assert_eq!(found, file_labels, "{id}: speakers");
        assert!(call.warnings.is_empty(), "{id}: {:?}", call.warnings);
        println!(
            "earnings21 {id}: {} turns, {} speakers, {} words",
            call.turns.len(),
            call.speakers.len(),
            spoken.len()
        );
    }
}
