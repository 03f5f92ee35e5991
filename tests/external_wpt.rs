//! The W3C web-platform-tests for WebVTT, run against our reader.
//!
//! `wpt-file-parsing/*.vtt` come with the browser's assertions in a `.js` file;
//! the ones about what we keep (cue count, id, start, end, text) are read from the
//! `.js` and checked against `vtt::read_cues` and the turns of `vtt::parse`. The
//! ones about screen layout (align, line, size, position, region, vertical) are
//! counted as not applicable: callscore reads speech, not placement.
//! `wpt-cue-parsing/*.json` check cue-text tokenising: the text a browser shows,
//! and for `<v>` spans the speaker we take from them.
//!
//! The suite lives in `../shared/external/` beside the repository (not copied into
//! it); without it the tests say so and pass.

use std::fs;
use std::path::PathBuf;

use callscore::ingest::{cue, vtt, UNLABELLED};
use regex::Regex;

/// `../shared` beside the crate; `../../shared` for a git worktree kept one level
/// deeper (`wt/<branch>`), which shares the same folder.
fn suite() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [
        "../shared/external/webvtt-wpt",
        "../../shared/external/webvtt-wpt",
    ]
    .iter()
    .map(|rel| root.join(rel))
    .find(|p| p.is_dir())
}

/// Files whose every assertion is about regions, which we do not model.
const SKIP_FILES: &[(&str, &str)] = &[(
    "regions-",
    "REGION blocks position text on screen; callscore skips them",
)];

/// Cue-text inputs whose expected output needs the full HTML named-reference
/// table (2,231 names), which call transcripts do not need.
const SKIP_CUE_TEXT: &[&str] = &["&ClockwiseContourIntegral;", "&nsubE;"];

/// One expectation read from a `.js` file.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    Count(usize),
    Id(usize, String),
    Text(usize, String),
    Start(usize, f64),
    End(usize, f64),
}

/// A JavaScript string or number literal.
fn js_value(lit: &str) -> Option<String> {
    let lit = lit.trim();
    let quoted = (lit.starts_with('\'') && lit.ends_with('\''))
        || (lit.starts_with('"') && lit.ends_with('"'));
    if !quoted {
        return lit.parse::<f64>().ok().map(|_| lit.to_string());
    }
    let inner = &lit[1..lit.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            'n' => out.push('\n'),
            't' => out.push('\t'),
            other => out.push(other),
        }
    }
    Some(out)
}

/// The literal-index assertions of a `.js` file, plus the loop-shaped ones of
/// the three files that use loops, transcribed by hand and guarded by a check
/// that the loop is still there.
fn expectations(name: &str, js: &str) -> (Vec<Expect>, usize) {
    let count = Regex::new(r"assert_equals\(cues\.length,\s*(\d+)").unwrap();
    let field = Regex::new(
        r#"assert_equals\(cues\[(\d+)\]\.(id|text|startTime|endTime),\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[-\d.]+)"#,
    )
    .unwrap();
    let other = Regex::new(r"assert_\w+\(cues\[[^\]]+\]\.(\w+)").unwrap();
    let mut out = Vec::new();
    for c in count.captures_iter(js) {
        out.push(Expect::Count(c[1].parse().unwrap()));
    }
    for c in field.captures_iter(js) {
        let i: usize = c[1].parse().unwrap();
        let v = js_value(&c[3]).unwrap_or_else(|| panic!("{name}: literal {}", &c[3]));
        out.push(match &c[2] {
            "id" => Expect::Id(i, v),
            "text" => Expect::Text(i, v),
            "startTime" => Expect::Start(i, v.parse().unwrap()),
            _ => Expect::End(i, v.parse().unwrap()),
        });
    }
    out.extend(loop_expectations(name, js));
    let not_applicable = other
        .captures_iter(js)
        .filter(|c| !matches!(&c[1], "id" | "text" | "startTime" | "endTime"))
        .count();
    (out, not_applicable)
}

fn loop_expectations(name: &str, js: &str) -> Vec<Expect> {
    let mut out = Vec::new();
    match name {
        "arrows" => {
            assert!(js.contains("'text' + i"), "arrows.js changed shape");
            for i in 0..6 {
                out.push(Expect::Id(i, String::new()));
                out.push(Expect::Text(i, format!("text{i}")));
            }
        }
        "timings-omitted-hours" => {
            assert!(js.contains("'text' + index"), "{name}.js changed shape");
            for i in 0..3 {
                out.push(Expect::Text(i, format!("text{i}")));
                out.push(Expect::Start(i, 0.0));
                out.push(Expect::End(i, 1.0));
            }
        }
        "timings-negative" => {
            assert!(js.contains("[3600, 3599.999]"), "{name}.js changed shape");
            let pairs = [(0.0, 0.0), (1.0, 0.999), (60.0, 59.999), (3600.0, 3599.999)];
            for (i, (s, e)) in pairs.into_iter().enumerate() {
                out.push(Expect::Text(i, format!("text{i}")));
                out.push(Expect::Start(i, s));
                out.push(Expect::End(i, e));
            }
        }
        _ => {}
    }
    out
}

fn secs(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

/// Checks one `.vtt` against its expectations; returns a failure description.
fn check_file(name: &str, vtt_text: &str, expects: &[Expect]) -> Result<(), String> {
    let file = vtt::read_cues(vtt_text).map_err(|e| format!("read_cues: {e:?}"))?;
    let cues = &file.cues;
    let at = |i: usize| {
        cues.get(i)
            .ok_or_else(|| format!("no cue {i} (have {})", cues.len()))
    };
    for e in expects {
        let ok = match e {
            Expect::Count(n) => cues.len() == *n,
            Expect::Id(i, v) => at(*i)?.id == *v,
            Expect::Text(i, v) => at(*i)?.text == *v,
            Expect::Start(i, v) => (secs(at(*i)?.start_ms) - v).abs() < 1e-9,
            Expect::End(i, v) => (secs(at(*i)?.end_ms) - v).abs() < 1e-9,
        };
        if !ok {
            return Err(format!("{e:?} failed; cues: {cues:?}"));
        }
    }
    // The turns callscore scores are the same cues, times unchanged.
    let parsed = vtt::parse(vtt_text).map_err(|e| format!("parse: {e:?}"))?;
    let times: Vec<(u64, u64)> = parsed
        .turns
        .iter()
        .map(|t| (t.start_ms, t.end_ms))
        .collect();
    let want: Vec<(u64, u64)> = cues.iter().map(|c| (c.start_ms, c.end_ms)).collect();
    if times != want {
        return Err(format!("{name}: turns {times:?} != cues {want:?}"));
    }
    Ok(())
}

#[test]
fn wpt_file_parsing() {
    let Some(dir) = suite() else {
        println!("skipping: ../shared/external/webvtt-wpt not found");
        return;
    };
    let dir = dir.join("wpt-file-parsing");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "vtt").then(|| p.file_stem()?.to_str().map(String::from))?
        })
        .collect();
    names.sort();
    let (mut passed, mut skipped, mut failed) = (Vec::new(), Vec::new(), Vec::new());
    let mut not_applicable = 0;
    for name in &names {
        let Ok(js) = fs::read_to_string(dir.join(format!("{name}.js"))) else {
            skipped.push(format!("{name} (no .js)"));
            continue;
        };
        if let Some((_, why)) = SKIP_FILES.iter().find(|(p, _)| name.starts_with(p)) {
            skipped.push(format!("{name} ({why})"));
            continue;
        }
        let bytes = fs::read(dir.join(format!("{name}.vtt"))).unwrap();
        let text = String::from_utf8(bytes).expect("suite files are UTF-8");
        let (expects, na) = expectations(name, &js);
        not_applicable += na;
        match check_file(name, &text, &expects) {
            Ok(()) => passed.push(format!("{name} ({} checks)", expects.len())),
            Err(e) => failed.push(format!("{name}: {e}")),
        }
    }
    println!("passed {}: {}", passed.len(), passed.join(", "));
    println!("skipped {}: {}", skipped.len(), skipped.join(", "));
    println!("layout assertions not applicable: {not_applicable}");
    assert!(failed.is_empty(), "failed:\n{}", failed.join("\n"));
    assert!(passed.len() >= 30, "too few cases ran: {passed:?}");
}

/// The text nodes of an expected tree (`| "text"` lines, at any depth).
fn tree_text(tree: &str) -> String {
    let tree = tree.strip_prefix("| ").unwrap_or(tree);
    let tree = tree.strip_suffix('\n').unwrap_or(tree);
    tree.split("\n| ")
        .filter(|n| !n.is_empty())
        .filter_map(|n| {
            let n = n.trim_start();
            (n.len() >= 2 && n.starts_with('"') && n.ends_with('"')).then(|| &n[1..n.len() - 1])
        })
        .collect()
}

/// The `title` of the voice span in an expected tree, if there is one.
fn tree_voice(tree: &str) -> Option<String> {
    let re = Regex::new(r#"title="([^"]*)""#).unwrap();
    re.captures(tree).map(|c| c[1].to_string())
}

#[test]
fn wpt_cue_text() {
    let Some(dir) = suite() else {
        println!("skipping: ../shared/external/webvtt-wpt not found");
        return;
    };
    let dir = dir.join("wpt-cue-parsing");
    let (mut passed, mut skipped, mut voices) = (0, Vec::new(), 0);
    let mut failed = Vec::new();
    for group in ["entities", "tags", "text", "timestamps", "tree-building"] {
        let json = fs::read_to_string(dir.join(format!("{group}.json"))).unwrap();
        let cases: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        for case in cases {
            let input = case["text"].as_str().unwrap();
            let tree = case["expectedTree"].as_str().unwrap();
            if SKIP_CUE_TEXT.iter().any(|s| input.contains(s)) {
                skipped.push(input.trim_end().to_string());
                continue;
            }
            let file = format!("WEBVTT\n\n00:00.000 --> 00:01.000\n{input}");
            let cue_text = &vtt::read_cues(&file).unwrap().cues[0].text;
            let got: String = cue::voice_text(cue_text)
                .into_iter()
                .map(|s| s.text)
                .collect();
            let want = tree_text(tree);
            if got != want {
                failed.push(format!("{group} {input:?}: got {got:?}, want {want:?}"));
                continue;
            }
            if let Some(title) = tree_voice(tree) {
                voices += 1;
                let p = vtt::parse(&file).unwrap();
                let label = &p.speakers.iter().next().unwrap().label;
                let want = if title.is_empty() { UNLABELLED } else { &title };
                if label != want {
                    failed.push(format!(
                        "{group} {input:?}: speaker {label:?}, want {want:?}"
                    ));
                    continue;
                }
            }
            passed += 1;
        }
    }
    println!("cue text passed {passed} ({voices} with voice spans); skipped {skipped:?}");
    assert!(failed.is_empty(), "failed:\n{}", failed.join("\n"));
    assert!(voices >= 6 && passed >= 70);
}
