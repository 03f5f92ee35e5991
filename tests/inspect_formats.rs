//! `callscore inspect` through the real binary on the same call in every
//! format: each file is read, its format named, Dana Reyes found as the rep
//! through the manifest, and the timeline printed with its detections.

mod util;

use std::collections::BTreeSet;

#[test]
fn inspect_reads_every_format() {
    let dir = util::repo("tests/data/same-call");
    let manifest = dir.join("manifest.csv");
    let mut formats = BTreeSet::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        if name == "manifest.csv" || name == "expected-turns.csv" {
            continue;
        }
        let out = util::run([
            "inspect".as_ref(),
            f.as_os_str(),
            "--manifest".as_ref(),
            manifest.as_os_str(),
        ]);
        assert_eq!(out.status, 0, "{name}: {}", out.stderr);
        let format = out
            .stdout
            .split("format ")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .unwrap_or("")
            .to_string();
        assert!(
            callscore::model::Format::from_name(&format).is_some(),
            "{name}: no format in\n{}",
            out.stdout
        );
        formats.insert(format);
        assert!(
            out.stdout.contains("rep Dana Reyes"),
            "{name}:\n{}",
            out.stdout
        );
        let timeline = out.stdout.split("\ntimeline\n").nth(1).unwrap_or("");
        assert!(
            timeline.lines().count() >= 10,
            "{name}: short timeline\n{}",
            out.stdout
        );
        assert!(
            timeline.contains("REP ") && timeline.contains("BUYER"),
            "{name}: roles on the timeline"
        );
        if !name.ends_with(".rttm") {
            assert!(
                timeline.contains("[Q "),
                "{name}: questions marked on the timeline"
            );
        }
    }
    assert_eq!(formats.len(), 13, "{formats:?}");
}

/// The real third-party files through the binary: each is read, as the right
/// format, with the speakers its labels name.
#[test]
fn inspect_reads_the_real_vendor_files() {
    let cases: &[(&str, &str, usize)] = &[
        (
            "vendor-json/deepgram-python-captions/dg_speakers.json",
            "deepgram",
            3,
        ),
        (
            "vendor-json/deepgram-python-captions/dg_speakers_no_utterances.json",
            "deepgram",
            3,
        ),
        (
            "vendor-json/deepgram-python-captions/assemblyai_utterances.json",
            "assemblyai",
            1,
        ),
        (
            "vendor-json/deepgram-python-captions/whisper_timestamped.json",
            "whisper-json",
            1,
        ),
        (
            "vendor-json/aws-transcribe/02-channel-identification.json",
            "aws-transcribe",
            2,
        ),
        (
            "vendor-json/aws-transcribe/03-speaker-identification.json",
            "aws-transcribe",
            3,
        ),
        (
            "earnings21/4320211.aws-transcribe.json",
            "aws-transcribe",
            7,
        ),
        (
            "earnings21/4330115.aws-transcribe.json",
            "aws-transcribe",
            5,
        ),
        (
            "earnings21/4344338.aws-transcribe.json",
            "aws-transcribe",
            7,
        ),
        ("earnings21/4320211.rttm", "rttm", 10),
        ("ami-rttm/ES2002a.rttm", "rttm", 4),
    ];
    let Some(root) = util::shared("") else { return };
    for (rel, format, speakers) in cases {
        let out = util::run(["inspect".as_ref(), root.join(rel).as_os_str()]);
        assert_eq!(out.status, 0, "{rel}: {}", out.stderr);
        assert!(
            out.stdout.contains(&format!("format {format} ")),
            "{rel}:\n{}",
            &out.stdout[..out.stdout.len().min(400)]
        );
        let listed = out
            .stdout
            .split("\nspeakers\n")
            .nth(1)
            .unwrap()
            .lines()
            .skip(1)
            .take_while(|l| !l.trim().is_empty())
            .count();
        assert_eq!(listed, *speakers, "{rel}: speakers");
    }
}

#[test]
fn talk_denominator_is_a_choice_and_is_stated() {
    let f = util::repo("tests/data/same-call/07-table.csv");
    let m = util::repo("tests/data/same-call/manifest.csv");
    let ratio = |extra: &[&str]| {
        let mut args = vec![
            "inspect".to_string(),
            f.display().to_string(),
            "--manifest".into(),
            m.display().to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let out = util::run(&args);
        assert_eq!(out.status, 0, "{}", out.stderr);
        out.stdout
            .lines()
            .find(|l| l.contains("talk ratio"))
            .unwrap()
            .to_string()
    };
    // 75.78 s of Dana, 66.58 s of Tom, a 180.55 s recording (see tests/peer_talk.rs).
    assert!(
        ratio(&[]).contains("talk ratio 53% (of rep+buyer talk)"),
        "{}",
        ratio(&[])
    );
    let d = ratio(&["--talk-denominator", "duration"]);
    assert!(d.contains("talk ratio 42% (of recording duration)"), "{d}");
}
