//! Talk time cross-checked against an independent implementation: the Python
//! package `call-ai-metrics` (`pip install call-ai-metrics`), which computes
//! each party's union talk time and share from `start,end,speaker` CSV. Both
//! define talk time as the union of a speaker's speech intervals, so on the
//! same turns the two must agree to the peer's rounding (10 ms).
//!
//! Run on the sample week (two-party calls: talk time and talk ratio) and on
//! the real multi-party timelines in `../shared/external/` (AMI meetings and
//! Earnings-21 calls: each speaker's talk time). Skips, with a message, when
//! the peer is not installed. `.ci/run` installs it.

mod util;

use std::path::Path;
use std::process::Command;

use callscore::config::ReadConfig;
use callscore::metrics::talk;
use callscore::model::{Call, Role};
use callscore::roles::{Manifest, RoleContext, Roster};

fn peer_available() -> bool {
    let ok = Command::new("call-ai-metrics")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        println!("skipping: call-ai-metrics not installed (pip install call-ai-metrics)");
    }
    ok
}

/// The peer's report on our turns of `call`.
fn peer(call: &Call, dir: &Path) -> serde_json::Value {
    let csv_path = dir.join(format!("{}.csv", call.id));
    let mut w = csv::Writer::from_path(&csv_path).unwrap();
    w.write_record(["start", "end", "speaker"]).unwrap();
    for t in &call.turns {
        let (a, b) = (t.start_ms as f64 / 1000.0, t.end_ms as f64 / 1000.0);
        w.write_record([
            format!("{a:.3}"),
            format!("{b:.3}"),
            call.speaker(t.speaker).display_name().to_string(),
        ])
        .unwrap();
    }
    w.flush().unwrap();
    let out = Command::new("call-ai-metrics")
        .arg(&csv_path)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        call.id,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Our union talk time of one speaker: that speaker as the rep, everyone else
/// as the buyer.
fn our_talk(call: &Call, name: &str) -> f64 {
    let mut c = call.clone();
    for s in &mut c.speakers {
        s.role = if s.display_name() == name {
            Role::Rep
        } else {
            Role::Buyer
        };
    }
    talk::measure(&c, Default::default()).rep_talk_s.unwrap()
}

fn compare_speakers(call: &Call, report: &serde_json::Value, problems: &mut Vec<String>) -> usize {
    let speakers = report["speakers"].as_object().unwrap();
    for (name, v) in speakers {
        let theirs = v["talk_time_s"].as_f64().unwrap();
        let ours = our_talk(call, name);
        if (ours - theirs).abs() > 0.011 {
            problems.push(format!(
                "{} {name}: talk {ours:.3} s, peer {theirs:.2} s",
                call.id
            ));
        }
    }
    speakers.len()
}

#[test]
fn sample_week_talk_agrees_with_the_peer() {
    if !peer_available() {
        return;
    }
    let fx = util::repo("fixtures");
    let cfg = ReadConfig {
        roles: RoleContext {
            roster: Some(Roster::load(&fx.join("roster.csv")).unwrap()),
            manifest: Some(Manifest::load(&fx.join("manifest.csv")).unwrap()),
        },
        forced_format: None,
        limits: Default::default(),
    };
    let tmp = tempfile::tempdir().unwrap();
    let (mut problems, mut checked) = (Vec::new(), 0);
    for entry in std::fs::read_dir(fx.join("week")).unwrap() {
        let call = callscore::read::read_call(&entry.unwrap().path(), &cfg).unwrap();
        let report = peer(&call, tmp.path());
        compare_speakers(&call, &report, &mut problems);
        // Two-party calls: the peer's share of the rep is our talk ratio.
        if report["speakers"].as_object().unwrap().len() == 2 {
            let rep = call.meta.rep.clone().unwrap();
            let share = report["speakers"][rep.as_str()]["talk_share"]
                .as_f64()
                .unwrap();
            let ratio = talk::measure(&call, Default::default()).talk_ratio.unwrap();
            if (ratio - share).abs() > 0.0001 {
                problems.push(format!(
                    "{}: talk ratio {ratio:.4}, peer share {share:.4}",
                    call.id
                ));
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 17);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn real_timelines_agree_with_the_peer() {
    if !peer_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (mut problems, mut speakers) = (Vec::new(), 0);
    for sub in ["ami-rttm", "earnings21"] {
        let Some(dir) = util::shared(sub) else {
            continue;
        };
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "rttm"))
            .collect();
        files.sort();
        for f in files {
            let call = callscore::read::read_call(&f, &ReadConfig::default()).unwrap();
            let report = peer(&call, tmp.path());
            speakers += compare_speakers(&call, &report, &mut problems);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    println!("{speakers} speakers' talk times agree with call-ai-metrics");
}
