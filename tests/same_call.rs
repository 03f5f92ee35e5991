//! The same call exported in every format must come out as the same call:
//! the same speakers, the same speech intervals within 10 ms, the same words.
//! This is the guard against the classic unit bug (seconds read as
//! milliseconds or the reverse) in any one reader.
//!
//! `tests/data/same-call/` holds one call written in every format by
//! `fixtures/make_fixtures.py`, its reference turns and a manifest naming each
//! file's anonymous speaker labels.

mod util;

use std::collections::BTreeMap;
use std::path::Path;

use callscore::config::ReadConfig;
use callscore::model::{Call, Format};
use callscore::roles::{Manifest, RoleContext};

struct Ref {
    speaker: String,
    start_ms: u64,
    end_ms: u64,
    text: String,
}

fn reference(dir: &Path) -> Vec<Ref> {
    let mut rdr = csv::Reader::from_path(dir.join("expected-turns.csv")).unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            Ref {
                speaker: r[0].to_string(),
                start_ms: r[1].parse().unwrap(),
                end_ms: r[2].parse().unwrap(),
                text: r[3].to_string(),
            }
        })
        .collect()
}

/// Lower-case words without punctuation: what every format must agree on.
fn words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Each speaker's speech as merged intervals.
fn timeline<'a>(
    turns: impl Iterator<Item = (&'a str, u64, u64)>,
) -> BTreeMap<String, Vec<(u64, u64)>> {
    let mut by: BTreeMap<String, Vec<(u64, u64)>> = BTreeMap::new();
    for (s, a, b) in turns {
        by.entry(s.to_string()).or_default().push((a, b));
    }
    for v in by.values_mut() {
        v.sort();
        let mut merged: Vec<(u64, u64)> = Vec::new();
        for &(a, b) in v.iter() {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        *v = merged;
    }
    by
}

fn check(call: &Call, want: &[Ref]) -> Result<(), String> {
    let name = |t: &callscore::model::Turn| call.speaker(t.speaker).display_name().to_string();
    let start_only = matches!(call.format, Format::OtterTxt | Format::ZoomTxt);
    if start_only {
        // Start times only, to the second: turn by turn, starts within 1 s.
        if call.turns.len() != want.len() {
            return Err(format!("{} turns, want {}", call.turns.len(), want.len()));
        }
        for (t, w) in call.turns.iter().zip(want) {
            if name(t) != w.speaker || t.start_ms.abs_diff(w.start_ms) > 1000 {
                return Err(format!(
                    "turn at {} by {} != {} by {}",
                    t.start_ms,
                    name(t),
                    w.start_ms,
                    w.speaker
                ));
            }
        }
    } else {
        let got = timeline(
            call.turns
                .iter()
                .map(|t| (call.speaker(t.speaker).display_name(), t.start_ms, t.end_ms)),
        );
        let exp = timeline(
            want.iter()
                .map(|w| (w.speaker.as_str(), w.start_ms, w.end_ms)),
        );
        if got.keys().collect::<Vec<_>>() != exp.keys().collect::<Vec<_>>() {
            return Err(format!(
                "speakers {:?}, want {:?}",
                got.keys().collect::<Vec<_>>(),
                exp.keys().collect::<Vec<_>>()
            ));
        }
        for (spk, e) in &exp {
            let g = &got[spk];
            if g.len() != e.len() {
                return Err(format!(
                    "{spk}: {} speech intervals, want {}",
                    g.len(),
                    e.len()
                ));
            }
            for (a, b) in g.iter().zip(e) {
                if a.0.abs_diff(b.0) > 10 || a.1.abs_diff(b.1) > 10 {
                    return Err(format!(
                        "{spk}: interval {a:?} differs from {b:?} by more than 10 ms"
                    ));
                }
            }
        }
    }
    if call.has_text {
        let got: Vec<String> = call.turns.iter().flat_map(|t| words(&t.text)).collect();
        let exp: Vec<String> = want.iter().flat_map(|w| words(&w.text)).collect();
        if got != exp {
            let i = got
                .iter()
                .zip(&exp)
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(exp.len()));
            return Err(format!(
                "words differ at word {i}: {:?} vs {:?}",
                got.get(i),
                exp.get(i)
            ));
        }
    }
    Ok(())
}

#[test]
fn every_format_reads_the_same_call() {
    let dir = util::repo("tests/data/same-call");
    let manifest = Manifest::load(&dir.join("manifest.csv")).unwrap();
    let cfg = ReadConfig {
        roles: RoleContext {
            roster: None,
            manifest: Some(manifest),
        },
        forced_format: None,
        limits: Default::default(),
    };
    let want = reference(&dir);
    let mut formats = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "expected-turns.csv" || name == "manifest.csv" {
            continue;
        }
        match callscore::read::read_call(&path, &cfg) {
            Ok(call) => {
                formats.insert(call.format);
                if let Err(e) = check(&call, &want) {
                    failures.push(format!("{name} ({}): {e}", call.format));
                }
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let missing: Vec<_> = Format::ALL
        .iter()
        .filter(|f| !formats.contains(f))
        .collect();
    assert!(
        missing.is_empty(),
        "no same-call file in formats {missing:?}"
    );
}
