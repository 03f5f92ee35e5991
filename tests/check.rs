//! `callscore check` on the sample week, through the real binary: each rule
//! form, the missing-value semantics, share and count targets, commitments
//! with "apply within 72 hours" met and missed, the team-wide gap, and every
//! exit status.
//!
//! Expected answers come from the sample week's own tables (`calls.csv`,
//! checked against the intended answers in `tests/sample_week.rs`), so a
//! comparison rule is checked against an independent re-evaluation here.

mod util;

use std::collections::BTreeMap;

use serde_json::Value;
use util::{run, Dir};

const WEEK: &[&str] = &[
    "fixtures/week",
    "--roster",
    "fixtures/roster.csv",
    "--manifest",
    "fixtures/manifest.csv",
    "--playbook",
    "fixtures/playbook.toml",
];

fn check(dir: &Dir, extra: &[&str]) -> util::Output {
    let out = dir.path().join("out");
    let mut args: Vec<String> = vec!["check".into()];
    args.extend(WEEK.iter().map(|s| s.to_string()));
    args.extend(["--out".into(), out.display().to_string()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    run(&args)
}

/// `check --format json`, parsed.
fn check_json(dir: &Dir, extra: &[&str]) -> (i32, Value) {
    let mut args = extra.to_vec();
    args.extend(["--format", "json,csv"]);
    let o = check(dir, &args);
    let v: Value = serde_json::from_str(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", o.stdout, o.stderr));
    (o.status, v)
}

/// A table written to `out/`, as maps of column -> text.
fn table(dir: &Dir, name: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(dir.path().join("out").join(name)).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            head.iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// (applicable, passed, not applicable) summed over reps, for one target.
fn totals(v: &Value, target: &str) -> (u64, u64, u64) {
    let mut t = (0, 0, 0);
    let rows = v["targets"].as_array().unwrap();
    let mut seen = false;
    for r in rows.iter().filter(|r| r["target"] == target) {
        seen = true;
        t.0 += r["applicable"].as_u64().unwrap();
        t.1 += r["passed"].as_u64().unwrap();
        t.2 += r["not_applicable"].as_u64().unwrap();
    }
    assert!(seen, "no target {target:?} in {v}");
    t
}

/// A target's whole-period status for one rep.
fn status(v: &Value, target: &str, rep: &str) -> String {
    v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["target"] == target && r["rep"] == rep)
        .unwrap_or_else(|| panic!("no row for {target:?} / {rep}"))["status"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A row of `calls.csv`, by column name.
type Row = BTreeMap<String, String>;

/// A rule and its re-evaluation on a calls row (`None`: not applicable).
type Expect = (&'static str, fn(&Row) -> Option<bool>);

fn num(row: &BTreeMap<String, String>, col: &str) -> Option<f64> {
    row[col].parse().ok()
}

#[test]
fn comparison_rules_agree_with_the_calls_table() {
    let dir = Dir::new();
    let rules: &[Expect] = &[
        ("talk_ratio <= 0.5", |c| {
            num(c, "talk_ratio").map(|x| x <= 0.5)
        }),
        ("talk_ratio <= 50%", |c| {
            num(c, "talk_ratio").map(|x| x <= 0.5)
        }),
        ("rep_questions >= 25 and talk_ratio < 0.55", |c| {
            Some(num(c, "rep_questions")? >= 25.0 && num(c, "talk_ratio")? < 0.55)
        }),
        ("rep_questions > 40 or next_step_has_date", |c| {
            let q = num(c, "rep_questions")? > 40.0;
            Some(q || c["next_step_has_date"] == "true")
        }),
        ("not (rep_questions < 30)", |c| {
            Some(num(c, "rep_questions")? >= 30.0)
        }),
        ("buyer_questions < rep_questions", |c| {
            Some(num(c, "buyer_questions")? < num(c, "rep_questions")?)
        }),
    ];
    let mut args: Vec<&str> = Vec::new();
    for (r, _) in rules {
        args.extend(["--rule", r]);
    }
    let (_, v) = check_json(&dir, &args);
    let calls = table(&dir, "calls.csv");
    assert_eq!(calls.len(), 17);
    for (rule, expect) in rules {
        let mut want = (0, 0, 0);
        for c in &calls {
            match expect(c) {
                Some(p) => {
                    want.0 += 1;
                    want.1 += u64::from(p);
                }
                None => want.2 += 1,
            }
        }
        assert_eq!(totals(&v, rule), want, "{rule}");
    }
}

#[test]
fn filters_on_type_rep_team_and_dates() {
    let dir = Dir::new();
    let (_, v) = check_json(
        &dir,
        &[
            "--rule",
            "rep_questions >= 0 where call_type = discovery",
            "--rule",
            "rep_questions >= 0 where call_type in (demo, 'follow-up')",
            "--rule",
            "rep_questions >= 0 where call_type not in (discovery)",
            "--rule",
            "rep_questions >= 0 where rep = \"dana reyes\"",
            "--rule",
            "rep_questions >= 0 where team = West",
            "--rule",
            "rep_questions >= 0 where date >= 2026-11-18 and date <= 2026-11-19",
        ],
    );
    // Counted from the manifest: 8 discovery, 4 demo + 3 follow-up (one of
    // which, the RTTM, has no text and is not applicable), 9 not discovery,
    // 5 of Dana's (one RTTM), 8 in West, 7 on the 18th and 19th.
    let t = |r: &str| totals(&v, r);
    assert_eq!(
        t("rep_questions >= 0 where call_type = discovery"),
        (8, 8, 0)
    );
    assert_eq!(
        t("rep_questions >= 0 where call_type in (demo, 'follow-up')"),
        (6, 6, 1)
    );
    assert_eq!(
        t("rep_questions >= 0 where call_type not in (discovery)"),
        (8, 8, 1)
    );
    assert_eq!(
        t("rep_questions >= 0 where rep = \"dana reyes\""),
        (4, 4, 1)
    );
    assert_eq!(t("rep_questions >= 0 where team = West"), (8, 8, 0));
    assert_eq!(
        t("rep_questions >= 0 where date >= 2026-11-18 and date <= 2026-11-19"),
        (7, 7, 0)
    );
}

#[test]
fn said_conditions_find_the_moment() {
    let dir = Dir::new();
    let pitch_rule = "first_pitch_min >= 12";
    let said_rule = "not said(pitch) by rep within first 12 min";
    let (_, v) = check_json(
        &dir,
        &[
            "--rule",
            pitch_rule,
            "--rule",
            said_rule,
            "--rule",
            "not said(\"crewflow\", \"routemate\") by buyer",
            "--rule",
            "not asked(pricing) by buyer",
            "--rule",
            "said(next_step) within last 10%",
        ],
    );
    // `not said(pitch) by rep within first 12 min` is the same check as
    // `first_pitch_min >= 12`, call by call.
    let outcomes = table(&dir, "outcomes.csv");
    let by_call = |rule: &str| -> BTreeMap<String, String> {
        outcomes
            .iter()
            .filter(|o| o["target"] == rule)
            .map(|o| (o["call_id"].clone(), o["status"].clone()))
            .collect()
    };
    assert_eq!(by_call(pitch_rule).len(), 17);
    assert_eq!(by_call(pitch_rule), by_call(said_rule));
    assert_eq!(totals(&v, pitch_rule), totals(&v, said_rule));
    // The said(pitch) misses quote the same moment as the metric's misses.
    let at = |rule: &str| -> Vec<(String, String)> {
        outcomes
            .iter()
            .filter(|o| o["target"] == rule && o["status"] == "fail")
            .map(|o| (o["call_id"].clone(), o["time"].clone()))
            .collect()
    };
    assert!(!at(said_rule).is_empty());
    assert_eq!(at(pitch_rule), at(said_rule));

    // Each failed phrase check shows the words and a time inside the window.
    for o in outcomes.iter().filter(|o| o["status"] == "fail") {
        let quote = o["quote"].to_lowercase();
        match o["target"].as_str() {
            "not said(\"crewflow\", \"routemate\") by buyer" => {
                assert!(
                    quote.contains("crewflow") || quote.contains("routemate"),
                    "{o:?}"
                )
            }
            "not asked(pricing) by buyer" => {
                assert!(
                    ["price", "pricing", "cost", "budget", "quote", "discount", "per "]
                        .iter()
                        .any(|w| quote.contains(w)),
                    "{o:?}"
                );
            }
            _ => {}
        }
    }
    let (app, passed, _) = totals(&v, "not said(\"crewflow\", \"routemate\") by buyer");
    assert!(
        app == 16 && passed < 16,
        "a competitor is named by some buyer"
    );
    let calls = table(&dir, "calls.csv");
    for o in outcomes
        .iter()
        .filter(|o| o["target"] == "said(next_step) within last 10%" && o["status"] == "pass")
    {
        let c = calls.iter().find(|c| c["call_id"] == o["call_id"]).unwrap();
        let dur = num(c, "duration_s").unwrap();
        let step = num(c, "next_step_s");
        assert!(step.is_none_or(|s| s >= 0.0) && dur > 0.0);
    }
    let (app, passed, na) = totals(&v, "said(next_step) within last 10%");
    assert_eq!((app, na), (16, 1));
    assert!(
        passed >= 8,
        "most calls plan the next step at the end: {passed}"
    );
}

#[test]
fn missing_values_are_explicit() {
    let dir = Dir::new();
    let (_, v) = check_json(
        &dir,
        &[
            "--rule",
            "first_pitch_min >= 12 where call_type = negotiation",
            "--rule",
            "first_pitch_min < 12 where call_type = negotiation",
            "--rule",
            "rep_questions >= 1 where call_type = follow-up",
        ],
    );
    // Both negotiation calls never pitched: they pass "no pitch before
    // minute 12" and fail "pitched before minute 12".
    assert_eq!(
        totals(&v, "first_pitch_min >= 12 where call_type = negotiation"),
        (2, 2, 0)
    );
    assert_eq!(
        totals(&v, "first_pitch_min < 12 where call_type = negotiation"),
        (2, 0, 0)
    );
    // The RTTM follow-up has no text: not applicable, with the reason.
    assert_eq!(
        totals(&v, "rep_questions >= 1 where call_type = follow-up"),
        (2, 2, 1)
    );
    let outcomes = table(&dir, "outcomes.csv");
    let na: Vec<_> = outcomes.iter().filter(|o| o["status"] == "n/a").collect();
    assert_eq!(na.len(), 1);
    assert!(na[0]["source"].ends_with(".rttm"));
    assert!(na[0]["why"].contains("no text"), "{:?}", na[0]);

    // A call whose rep cannot be told: not applicable, never a silent pass.
    let lone = Dir::new();
    let f = lone.write(
        "call.vtt",
        std::fs::read(util::repo("fixtures/week/2026-11-16-dana-acme-hvac.vtt")).unwrap(),
    );
    let o = run([
        "check",
        f.to_str().unwrap(),
        "--rule",
        "talk_ratio <= 1",
        "--format",
        "json",
        "--out",
        lone.path().join("out").to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["targets"].as_array().unwrap().len(), 0, "{v}");
    assert_eq!(o.status, 0);
    let outcomes = table(&lone, "outcomes.csv");
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0]["status"], "n/a");
    assert!(
        outcomes[0]["why"].starts_with("rep unknown"),
        "{:?}",
        outcomes[0]
    );
}

const TARGETS: &str = r#"
[[target]]
name = "talk-share-60"
rule = "talk_ratio <= 0.5"
share = 0.6

[[target]]
name = "talk-share-80"
rule = "talk_ratio <= 0.5"
share = 0.8

[[target]]
name = "three-dated-steps"
rule = "next_step_has_date"
at_least = 3

[[target]]
name = "questions-east"
rule = "rep_questions >= 20"
team = "East"

[[commitment]]
name = "dana-late-pitch"
rep = "Dana Reyes"
rule = "first_pitch_min >= 12"
call_types = ["discovery"]
start = 2026-11-16
days = 7
apply_within_hours = 72
at_least = 2

[[commitment]]
name = "sam-late-pitch"
rep = "Sam Okafor"
rule = "first_pitch_min >= 12"
call_types = ["discovery"]
start = 2026-11-16
days = 7
apply_within_hours = 72
share = 0.5

[[commitment]]
name = "priya-late-pitch"
rep = "Priya Natarajan"
rule = "first_pitch_min >= 12 where call_type = discovery"
start = 2026-11-18
days = 30
apply_within_hours = 72
"#;

#[test]
fn share_and_count_targets_and_commitments() {
    let dir = Dir::new();
    let f = dir.write("targets.toml", TARGETS);
    let (code, v) = check_json(&dir, &["--targets", f.to_str().unwrap()]);
    assert_eq!(code, 1);
    // Dana's talk ratio is at or under 0.5 on 3 of her 5 calls: 0.6 of them.
    assert_eq!(status(&v, "talk-share-60", "Dana Reyes"), "met");
    assert_eq!(status(&v, "talk-share-80", "Dana Reyes"), "missed");
    // Dated next steps: Dana 3 (met), Sam 1 (missed).
    assert_eq!(status(&v, "three-dated-steps", "Dana Reyes"), "met");
    assert_eq!(status(&v, "three-dated-steps", "Sam Okafor"), "missed");
    // A team target has rows only for that team's reps.
    let east: Vec<&str> = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["target"] == "questions-east")
        .map(|r| r["rep"].as_str().unwrap())
        .collect();
    assert_eq!(east, ["Dana Reyes", "Sam Okafor"]);

    let c = |name: &str| -> Value {
        v["commitments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["commitment"] == name)
            .unwrap()
            .clone()
    };
    // Dana: the Acme call on the 16th (minute 25) shows it within 72 hours;
    // two of her three discovery calls pass.
    let dana = c("dana-late-pitch");
    assert_eq!(dana["first_72h"], "met");
    assert_eq!(dana["passed"], 2);
    assert_eq!(dana["applicable"], 3);
    assert_eq!(dana["status"], "met");
    // Sam: his only discovery call (16th) pitched at minute 5.6.
    let sam = c("sam-late-pitch");
    assert_eq!(sam["first_72h"], "missed");
    assert_eq!(sam["status"], "not yet");
    // Priya from the 18th: the Evergreen call on the 19th pitched at minute 5.
    let priya = c("priya-late-pitch");
    assert_eq!(priya["applicable"], 1);
    assert_eq!(priya["first_72h"], "missed");
    assert_eq!(priya["status"], "not yet");
    assert_eq!(priya["end"], "2026-12-17");

    // The text view names the commitment and the moment.
    let o = check(&dir, &["--targets", f.to_str().unwrap()]);
    assert!(
        o.stdout.contains("NOT YET commitment sam-late-pitch"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("first calls: missed"), "{}", o.stdout);
}

#[test]
fn team_wide_gap_when_more_than_half_miss() {
    let dir = Dir::new();
    let (_, v) = check_json(
        &dir,
        &[
            "--rule",
            "first_pitch_min >= 12 where call_type = discovery",
            "--rule",
            "rep_questions >= 20",
        ],
    );
    let gaps = v["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(
        gaps[0]["target"],
        "first_pitch_min >= 12 where call_type = discovery"
    );
    assert_eq!(gaps[0]["reps_missed"], 4);
    assert_eq!(gaps[0]["reps_evaluated"], 4);
    let o = check(
        &dir,
        &[
            "--rule",
            "first_pitch_min >= 12 where call_type = discovery",
        ],
    );
    assert!(o.stdout.contains("Team-wide gaps"), "{}", o.stdout);
    assert!(o.stdout.contains("missed by 4 of 4 reps"), "{}", o.stdout);
}

#[test]
fn misses_are_printed_with_their_evidence() {
    let dir = Dir::new();
    let o = check(
        &dir,
        &[
            "--rule",
            "first_pitch_min >= 12 where call_type = discovery",
        ],
    );
    assert_eq!(o.status, 1);
    // Sam's Northside discovery call: the pitch at 05:36, quoted, with the file and line.
    assert!(o.stdout.contains("Sam Okafor (East)"), "{}", o.stdout);
    assert!(
        o.stdout.contains(
            "2026-11-16 discovery 2026-11-16-sam-northside-plumbing, at 05:36: \"Got it, so let me jump in"
        ),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout
            .contains("first_pitch_min = 5.61, needs >= 12 (fixtures/week/2026-11-16-sam-northside-plumbing.vtt:"),
        "{}",
        o.stdout
    );
    let v = table(&dir, "violations.csv");
    assert_eq!(v.len(), 4);
    let sam = v.iter().find(|r| r["rep"] == "Sam Okafor").unwrap();
    assert_eq!(sam["time"], "05:36");
    assert!(
        sam["link"].starts_with("https://recordings.example.com/"),
        "{sam:?}"
    );
    assert!(sam["link"].ends_with("#t=336"), "{sam:?}");
}

#[test]
fn exit_status_code_by_code() {
    let dir = Dir::new();
    // 0: every target met.
    let o = check(&dir, &["--rule", "rep_questions >= 20"]);
    assert_eq!(o.status, 0, "{}{}", o.stdout, o.stderr);
    // 1: a target missed.
    assert_eq!(check(&dir, &["--rule", "talk_ratio <= 0.5"]).status, 1);
    // 2: a bad rule, pointed at, before any work.
    let fresh = Dir::new();
    let o = check(&fresh, &["--rule", "talk_ratio <= "]);
    assert_eq!(o.status, 2);
    assert!(
        o.stderr.contains("expected a metric, a field or a value"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("talk_ratio <= \n"), "{}", o.stderr);
    assert!(
        !fresh.path().join("out").exists(),
        "no work before the rule is read"
    );
    let o = check(&fresh, &["--rule", "talk_rato <= 0.5"]);
    assert_eq!(o.status, 2);
    assert!(
        o.stderr.contains("did you mean `talk_ratio`"),
        "{}",
        o.stderr
    );
    // 2: nothing to check, an unknown template.
    assert_eq!(check(&fresh, &[]).status, 2);
    assert_eq!(check(&fresh, &["--targets", "builtin:nope"]).status, 2);
    // 2: an unreadable roster.
    let o = run([
        "check",
        "fixtures/week",
        "--roster",
        "no/such/roster.csv",
        "--rule",
        "talk_ratio <= 1",
        "--out",
        fresh.path().join("o2").to_str().unwrap(),
    ]);
    assert_eq!(o.status, 2, "{}", o.stderr);
    assert!(o.stderr.contains("no/such/roster.csv"), "{}", o.stderr);
    // 2: a transcript that cannot be read, unless --allow-unreadable.
    let mixed = Dir::new();
    for f in std::fs::read_dir(util::repo("fixtures/week")).unwrap() {
        let f = f.unwrap().path();
        mixed.write(
            &format!("week/{}", f.file_name().unwrap().to_str().unwrap()),
            std::fs::read(&f).unwrap(),
        );
    }
    mixed.write(
        "week/broken.vtt",
        "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nA: hi\n",
    );
    let args = |extra: &[&str]| {
        let mut a: Vec<String> = ["check", "--rule", "rep_questions >= 20", "--out"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        a.push(mixed.path().join("out").display().to_string());
        a.push(mixed.path().join("week").display().to_string());
        for x in [
            "--roster",
            "fixtures/roster.csv",
            "--playbook",
            "fixtures/playbook.toml",
        ] {
            a.push(x.to_string());
        }
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let o = run(args(&[]));
    assert_eq!(o.status, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("broken.vtt:"), "{}", o.stderr);
    assert!(o.stderr.contains("--allow-unreadable"), "{}", o.stderr);
    let o = run(args(&["--allow-unreadable"]));
    assert_eq!(o.status, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("failed 1"), "{}", o.stdout);
}

/// The rule compiler's idea of each column's kind matches what a real call
/// record holds, so a new column cannot be compared as the wrong kind.
#[test]
fn rule_column_kinds_match_the_records() {
    use callscore::output::record::{CallRecord, Cell, CALL_COLUMNS};
    use callscore::rules::{kind_of, Kind};
    let cfg = callscore::config::ReadConfig::default();
    let call = callscore::read::read_call(
        &util::repo("fixtures/week/2026-11-16-dana-acme-hvac.vtt"),
        &cfg,
    )
    .unwrap();
    let pb = callscore::playbook::Playbook::builtin();
    let d = callscore::metrics::spoken::Detectors::new(&pb);
    let talk = callscore::metrics::talk::measure(&call, Default::default());
    let spoken = callscore::metrics::spoken::measure(&call, &d);
    let rec = CallRecord::new(&call, &talk, &spoken, &[]);
    for (name, cell) in CALL_COLUMNS.iter().zip(&rec.cells) {
        let kind = match cell {
            Cell::Str(_) => Kind::Str,
            Cell::Bool(_) => Kind::Bool,
            Cell::F64(_) | Cell::U32(_) => Kind::Num,
        };
        assert_eq!(kind_of(name), kind, "{name}");
    }
}

/// The README shows the minute-twelve check with its real output; this keeps
/// that output true (all but the timing).
#[test]
fn readme_example_is_the_real_output() {
    let readme = std::fs::read_to_string(util::repo("README.md")).unwrap();
    let start = readme
        .find("```console\n$ callscore check")
        .expect("the example");
    let block = &readme[start..];
    let lines: Vec<&str> = block
        .lines()
        .skip(3)
        .take_while(|l| !l.starts_with("$ echo"))
        .collect();
    let dir = Dir::new();
    let out = dir.path().join("callscore-out");
    let o = run([
        "check",
        "fixtures/week",
        "--roster",
        "fixtures/roster.csv",
        "--manifest",
        "fixtures/manifest.csv",
        "--playbook",
        "fixtures/playbook.toml",
        "--rule",
        "first_pitch_min >= 12 where call_type = discovery",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status, 1);
    let got: Vec<String> = o
        .stdout
        .lines()
        .map(|l| l.replace(out.to_str().unwrap(), "callscore-out"))
        .collect();
    assert_eq!(got.len(), lines.len(), "{}", o.stdout);
    for (g, want) in got.iter().zip(&lines) {
        if want.starts_with("found ") {
            assert_eq!(g.split(" in ").next(), want.split(" in ").next());
        } else {
            assert_eq!(g, want);
        }
    }
}

/// `inspect --rule` explains one call's verdicts: why, and the moment.
#[test]
fn inspect_explains_a_rule_on_one_call() {
    let o = run([
        "inspect",
        "fixtures/week/2026-11-18-dana-greenleaf-pest.json",
        "--roster",
        "fixtures/roster.csv",
        "--manifest",
        "fixtures/manifest.csv",
        "--playbook",
        "fixtures/playbook.toml",
        "--rule",
        "first_pitch_min >= 12 where call_type = discovery",
        "--rule",
        "rep_questions > 3 where call_type = demo",
    ]);
    assert_eq!(o.status, 0, "{}", o.stderr);
    let rules = &o.stdout[o.stdout.find("\nRules\n").expect("a Rules section")..];
    assert!(rules.contains("fail  first_pitch_min >= 12 where call_type = discovery\n        first_pitch_min = 6.47, needs >= 12\n        at 06:28: \"Got it, so let me jump in"), "{rules}");
    assert!(
        rules.contains("not about this call  rep_questions > 3 where call_type = demo"),
        "{rules}"
    );
    let bad = run([
        "inspect",
        "fixtures/week/2026-11-18-dana-greenleaf-pest.json",
        "--rule",
        "said(pitch",
    ]);
    assert_eq!(bad.status, 2);
    assert!(bad.stderr.contains("bad rule"), "{}", bad.stderr);
}
