//! The report as the commands write it: `check` and `score` on the sample
//! week write `report.html` and `summary.md` beside the tables, built from the
//! same results (every row of `violations.csv` is in the page), and
//! `--no-report` skips them.

mod util;

use scraper::{Html, Selector};
use util::{run, Dir};

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn week(cmd: &str, out: &std::path::Path, extra: &[&str]) -> util::Output {
    let mut args: Vec<String> = [
        cmd,
        "fixtures/week",
        "--roster",
        "fixtures/roster.csv",
        "--manifest",
        "fixtures/manifest.csv",
        "--playbook",
        "fixtures/playbook.toml",
        "-q",
        "--out",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(out.display().to_string());
    args.extend(extra.iter().map(|s| s.to_string()));
    run(&args)
}

#[test]
fn check_writes_a_report_with_every_violation() {
    let dir = Dir::new();
    let out = dir.path().join("out");
    let o = week(
        "check",
        &out,
        &[
            "--targets",
            "builtin:all",
            "--rule",
            "first_pitch_min >= 12 where call_type = discovery",
        ],
    );
    assert_eq!(o.status, 1, "{}", o.stderr);
    let doc = Html::parse_document(&std::fs::read_to_string(out.join("report.html")).unwrap());
    let mut reps: Vec<String> = doc
        .select(&sel("section.rep h2"))
        .map(|h| h.text().collect())
        .collect();
    reps.sort();
    assert_eq!(
        reps,
        ["Dana Reyes", "Marcus Bell", "Priya Natarajan", "Sam Okafor"]
    );

    let moments: Vec<(String, String)> = doc
        .select(&sel("li.moment"))
        .map(|m| {
            let quote: String = m
                .select(&sel(".m-quote"))
                .next()
                .map(|q| q.text().collect())
                .unwrap_or_default();
            (m.value().attr("data-call").unwrap_or("").to_string(), quote)
        })
        .collect();
    let mut r = csv::Reader::from_path(out.join("violations.csv")).unwrap();
    let head = r.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|c| c == n).unwrap();
    let mut n = 0;
    let mut calls = std::collections::BTreeSet::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        n += 1;
        calls.insert(rec[col("call_id")].to_string());
        let (call, quote) = (&rec[col("call_id")], &rec[col("quote")]);
        assert!(
            moments
                .iter()
                .any(|(c, q)| c == call && q.contains(quote.trim_end_matches('…'))),
            "violation {call} {quote:?} is not in the report"
        );
    }
    assert!(n >= 10, "the week has misses: {n}");
    // Every call with a miss is drawn as a timeline (under the per-rep cap).
    let drawn: std::collections::BTreeSet<String> = doc
        .select(&sel("figure.timeline figcaption b"))
        .map(|b| b.text().collect())
        .collect();
    assert_eq!(drawn, calls);

    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    for rep in ["Dana Reyes", "Marcus Bell", "Priya Natarajan", "Sam Okafor"] {
        assert!(md.contains(&format!("## {rep}")), "{rep} in summary.md");
    }
    assert!(
        out.join("metrics.md").exists(),
        "the definitions the report links to"
    );
}

#[test]
fn score_writes_a_report_and_no_report_skips_it() {
    let dir = Dir::new();
    let out = dir.path().join("out");
    assert_eq!(week("score", &out, &[]).status, 0);
    let doc = Html::parse_document(&std::fs::read_to_string(out.join("report.html")).unwrap());
    assert_eq!(doc.select(&sel("section.rep")).count(), 4);
    assert_eq!(
        doc.select(&sel("li.moment")).count(),
        0,
        "no targets, no misses"
    );

    let bare = dir.path().join("bare");
    assert_eq!(week("score", &bare, &["--no-report"]).status, 0);
    assert!(bare.join("calls.csv").exists());
    assert!(!bare.join("report.html").exists());
    assert!(!bare.join("summary.md").exists());
}

#[test]
fn a_timeline_is_drawn_on_request() {
    let dir = Dir::new();
    let out = dir.path().join("out");
    let call = "2026-11-17-priya-bayview-plumbing";
    assert_eq!(week("score", &out, &["--timeline", call]).status, 0);
    let doc = Html::parse_document(&std::fs::read_to_string(out.join("report.html")).unwrap());
    let drawn: Vec<String> = doc
        .select(&sel("figure.timeline figcaption b"))
        .map(|b| b.text().collect())
        .collect();
    assert_eq!(drawn, [call], "only the asked-for call is drawn");
}

/// The README's quick start: `score` with the sample week's coaching plan
/// judges the targets for the report but exits 0.
#[test]
fn quick_start_scores_against_the_coaching_plan() {
    let dir = Dir::new();
    let out = dir.path().join("out");
    let o = week("score", &out, &["--targets", "fixtures/targets.toml"]);
    assert_eq!(o.status, 0, "{}", o.stderr);
    for t in [
        "targets.csv",
        "violations.csv",
        "commitments.csv",
        "report.html",
        "summary.md",
    ] {
        assert!(out.join(t).exists(), "{t}");
    }
    let doc = Html::parse_document(&std::fs::read_to_string(out.join("report.html")).unwrap());
    assert!(doc.select(&sel("li.moment")).count() > 0);
    let text: String = doc.root_element().text().collect();
    assert!(
        text.contains("dana-discovery-first"),
        "the commitment is shown"
    );
}
