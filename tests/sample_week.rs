//! The bundled sample week, end to end: every file is read, every call's rep
//! is resolved, and the measures agree with the intended answers that
//! `fixtures/make_fixtures.py` recorded in `fixtures/expected.csv`.
//!
//! The thresholds below are the detectors' current accuracy on this week, kept
//! as a floor: a change that makes them worse fails here.

mod util;

use callscore::config::ReadConfig;
use callscore::metrics::spoken::{measure, Detectors};
use callscore::model::Format;
use callscore::playbook::Playbook;
use callscore::roles::{Manifest, RoleContext, Roster};

fn score_week(out: &std::path::Path, extra: &[&str]) -> util::Output {
    let mut args: Vec<String> = [
        "score",
        "fixtures/week",
        "--roster",
        "fixtures/roster.csv",
        "--manifest",
        "fixtures/manifest.csv",
        "--playbook",
        "fixtures/playbook.toml",
        "--out",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(out.display().to_string());
    args.extend(extra.iter().map(|s| s.to_string()));
    util::run(&args)
}

fn read_csv(path: &std::path::Path) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let h = rdr.headers().unwrap().clone();
    (h, rdr.records().map(|r| r.unwrap()).collect())
}

#[test]
fn the_readme_command_scores_the_whole_week() {
    let dir = util::Dir::new();
    let out = score_week(dir.path(), &["--format", "csv,jsonl"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("found 17, scored 17, failed 0, skipped 0"),
        "{}",
        out.stdout
    );

    let (h, rows) = read_csv(&dir.path().join("calls.csv"));
    assert_eq!(rows.len(), 17);
    let col = |name: &str| {
        h.iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    for c in [
        "rep",
        "team",
        "date",
        "call_type",
        "talk_ratio",
        "first_pitch_min",
        "next_step_has_date",
        "tracker_pricing",
    ] {
        col(c);
    }
    assert!(
        rows.iter().all(|r| !r[col("rep")].is_empty()),
        "every call has a rep"
    );
    let acme = rows
        .iter()
        .find(|r| &r[col("call_id")] == "2026-11-16-dana-acme-hvac")
        .unwrap();
    assert_eq!(&acme[col("rep")], "Dana Reyes");
    assert_eq!(&acme[col("team")], "East");
    assert_eq!(&acme[col("format")], "webvtt");
    assert_eq!(&acme[col("rep_questions")], "52");
    assert_eq!(&acme[col("next_step_has_date")], "true");
    assert_eq!(&acme[col("talk_denominator")], "rep+buyer talk");
    let pitch: f64 = acme[col("first_pitch_s")].parse().unwrap();
    assert!((pitch - 1520.971).abs() < 2.0, "{pitch}");
    // The RTTM call has no text: text metrics are empty, with the reason.
    let rttm = rows.iter().find(|r| &r[col("format")] == "rttm").unwrap();
    assert_eq!(&rttm[col("rep_questions")], "");
    assert!(!rttm[col("talk_ratio")].is_empty());
    assert!(
        rttm[col("empty_because")].contains("no text"),
        "{:?}",
        &rttm[col("empty_because")]
    );

    // Evidence: every detection with its time, speaker and words.
    let (eh, ev) = read_csv(&dir.path().join("evidence.csv"));
    let ecol = |name: &str| eh.iter().position(|c| c == name).unwrap();
    let acme_pitch = ev
        .iter()
        .find(|r| &r[ecol("call_id")] == "2026-11-16-dana-acme-hvac" && &r[ecol("kind")] == "pitch")
        .unwrap();
    assert_eq!(&acme_pitch[ecol("speaker")], "Dana Reyes");
    assert_eq!(&acme_pitch[ecol("role")], "rep");
    assert!(!acme_pitch[ecol("quote")].is_empty());
    let kinds: std::collections::BTreeSet<&str> =
        ev.iter().map(|r| r.get(ecol("kind")).unwrap()).collect();
    for k in [
        "pitch",
        "question",
        "next_step",
        "tracker",
        "longest_monologue",
    ] {
        assert!(kinds.contains(k), "evidence kinds {kinds:?}");
    }
    let (_, errors) = read_csv(&dir.path().join("errors.csv"));
    assert!(errors.is_empty());
    // JSON Lines carries the same rows, empty cells as null.
    let jsonl = std::fs::read_to_string(dir.path().join("calls.jsonl")).unwrap();
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(jsonl.lines().count(), 17);
    assert_eq!(first["call_id"], rows[0][0]);
}

#[test]
fn one_thread_and_many_write_the_same_bytes() {
    let (a, b) = (util::Dir::new(), util::Dir::new());
    assert_eq!(
        score_week(a.path(), &["--threads", "1", "--format", "csv,jsonl"]).status,
        0
    );
    assert_eq!(
        score_week(b.path(), &["--threads", "4", "--format", "csv,jsonl"]).status,
        0
    );
    for f in [
        "calls.csv",
        "evidence.csv",
        "errors.csv",
        "calls.jsonl",
        "evidence.jsonl",
    ] {
        let (x, y) = (
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
        );
        assert!(
            x == y && !x.is_empty() || f.starts_with("errors"),
            "{f} differs between 1 and 4 threads"
        );
    }
    // Re-running into the same folder replaces the results cleanly.
    assert_eq!(
        score_week(a.path(), &["--threads", "2", "--format", "csv,jsonl"]).status,
        0
    );
    assert_eq!(
        std::fs::read(a.path().join("calls.csv")).unwrap(),
        std::fs::read(b.path().join("calls.csv")).unwrap()
    );
    let leftovers: Vec<_> = std::fs::read_dir(a.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

struct Expected {
    rec: csv::StringRecord,
    headers: csv::StringRecord,
}

impl Expected {
    fn get(&self, k: &str) -> &str {
        &self.rec[self
            .headers
            .iter()
            .position(|h| h == k)
            .unwrap_or_else(|| panic!("column {k}"))]
    }
    fn secs(&self, k: &str) -> Option<f64> {
        self.get(k).parse().ok()
    }
    fn flag(&self, k: &str) -> Option<bool> {
        self.get(k).parse().ok()
    }
}

#[test]
fn measures_agree_with_the_intended_answers() {
    let fx = util::repo("fixtures");
    let cfg = ReadConfig {
        roles: RoleContext {
            roster: Some(Roster::load(&fx.join("roster.csv")).unwrap()),
            manifest: Some(Manifest::load(&fx.join("manifest.csv")).unwrap()),
        },
        forced_format: None,
        limits: Default::default(),
    };
    let det = Detectors::new(&Playbook::load(&fx.join("playbook.toml")).unwrap());
    let mut rdr = csv::Reader::from_path(fx.join("expected.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let (mut text_calls, mut steps_right, mut formats) = (0, 0, std::collections::BTreeSet::new());
    let mut problems = Vec::new();
    let mut step_misses = Vec::new();
    for rec in rdr.records() {
        let e = Expected {
            rec: rec.unwrap(),
            headers: headers.clone(),
        };
        let call = callscore::read::read_call(&fx.join(e.get("file")), &cfg).unwrap();
        let id = e.get("call_id").to_string();
        formats.insert(call.format);
        assert_eq!(call.id, id);
        assert_eq!(call.meta.rep.as_deref(), Some(e.get("rep")), "{id}");
        assert_eq!(call.meta.date.as_deref(), Some(e.get("date")), "{id}");
        assert_eq!(
            call.meta.call_type.as_deref(),
            Some(e.get("call_type")),
            "{id}"
        );

        // Talk time: exact to the millisecond where the format has end times.
        let talk = callscore::metrics::talk::measure(&call, Default::default());
        if !matches!(call.format, Format::OtterTxt | Format::ZoomTxt) {
            for (got, want) in [
                (talk.rep_talk_s, e.secs("rep_talk_s")),
                (talk.buyer_talk_s, e.secs("buyer_talk_s")),
            ] {
                let (got, want) = (got.unwrap(), want.unwrap());
                if (got - want).abs() > 0.01 {
                    problems.push(format!("{id}: talk {got} != {want}"));
                }
            }
            if (talk.duration_s - e.secs("duration_s").unwrap()).abs() > 0.01 {
                problems.push(format!(
                    "{id}: duration {} != {}",
                    talk.duration_s,
                    e.get("duration_s")
                ));
            }
        }
        if !call.has_text {
            continue;
        }
        text_calls += 1;
        let m = measure(&call, &det);
        match (m.first_pitch_s, e.secs("first_pitch_s")) {
            (None, None) => {}
            (Some(g), Some(w)) if (g - w).abs() <= 2.0 => {}
            (g, w) => problems.push(format!("{id}: first pitch {g:?} != {w:?}")),
        }
        let step = (m.next_step, m.next_step_has_date, m.next_step_has_owner);
        let want = (
            e.flag("next_step"),
            e.flag("next_step_has_date"),
            e.flag("next_step_has_owner"),
        );
        if step == want {
            steps_right += 1;
        } else {
            step_misses.push(format!(
                "{id}: (next_step, date, owner) {step:?} != {want:?}: {:?}",
                m.next_step_text
            ));
        }
        // Questions: exact on punctuated exports; raw lowercase ASR loses some.
        let (got, want) = (
            m.rep_questions.unwrap(),
            e.get("rep_questions").parse::<u32>().unwrap(),
        );
        let punctuated = call.turns.iter().any(|t| t.text.contains(['.', '?']));
        let slack = if punctuated { 0.0 } else { 0.25 };
        if f64::from(got.abs_diff(want)) > slack * f64::from(want) {
            problems.push(format!("{id}: rep questions {got} != {want}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(text_calls, 16);
    assert!(
        steps_right >= 15,
        "next step, date and owner right on {steps_right} of 16 calls:\n{}",
        step_misses.join("\n")
    );
    assert_eq!(
        formats.len(),
        13,
        "the week covers every reader: {formats:?}"
    );
}

/// The median of the non-empty values, as a spreadsheet would compute it.
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

#[test]
fn reps_and_team_tables_match_the_calls() {
    let dir = util::Dir::new();
    let out = score_week(dir.path(), &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    // The screen shows one line per rep.
    for rep in ["Dana Reyes", "Sam Okafor", "Priya Natarajan", "Marcus Bell"] {
        assert!(
            out.stdout.lines().any(|l| l.starts_with(rep)),
            "{}",
            out.stdout
        );
    }
    let (ch, calls) = read_csv(&dir.path().join("calls.csv"));
    let (rh, reps) = read_csv(&dir.path().join("reps.csv"));
    let c = |name: &str| ch.iter().position(|x| x == name).unwrap();
    let r = |name: &str| {
        rh.iter()
            .position(|x| x == name)
            .unwrap_or_else(|| panic!("reps has no {name}"))
    };
    assert_eq!(reps.len(), 4);
    for row in &reps {
        let rep = &row[r("rep")];
        let mine: Vec<&csv::StringRecord> = calls.iter().filter(|x| &x[c("rep")] == rep).collect();
        assert_eq!(
            row[r("calls")].parse::<usize>().unwrap(),
            mine.len(),
            "{rep}"
        );
        // Recomputed here from calls.csv: the median talk ratio and the share
        // of calls with a next step.
        let ratios: Vec<f64> = mine
            .iter()
            .filter_map(|x| x[c("talk_ratio")].parse().ok())
            .collect();
        let want = median(ratios);
        let got: f64 = row[r("talk_ratio_median")].parse().unwrap();
        assert!(
            (got - want).abs() < 0.001,
            "{rep}: median talk ratio {got} vs {want}"
        );
        let steps: Vec<bool> = mine
            .iter()
            .filter_map(|x| x[c("next_step")].parse().ok())
            .collect();
        let share = steps.iter().filter(|&&s| s).count() as f64 / steps.len() as f64;
        assert!(
            (row[r("share_next_step")].parse::<f64>().unwrap() - share).abs() < 0.001,
            "{rep}"
        );
        let rank: f64 = row[r("talk_ratio_pct_rank")].parse().unwrap();
        assert!(rank > 0.0 && rank <= 1.0);
        let delta: f64 = row[r("talk_ratio_delta")].parse().unwrap();
        let team_median: f64 = row[r("talk_ratio_team_median")].parse().unwrap();
        assert!((got - team_median - delta).abs() < 0.002);
    }
    let (th, team) = read_csv(&dir.path().join("team.csv"));
    let teams: Vec<&str> = team
        .iter()
        .map(|t| t.get(th.iter().position(|x| x == "team").unwrap()).unwrap())
        .collect();
    assert_eq!(teams, vec!["East", "West", "all"]);
    let all_calls: usize = team.last().unwrap()[th.iter().position(|x| x == "calls").unwrap()]
        .parse()
        .unwrap();
    assert_eq!(all_calls, 17);
}

#[test]
fn parquet_tables_read_back_with_polars() {
    use polars::prelude::*;
    let dir = util::Dir::new();
    assert_eq!(score_week(dir.path(), &["--format", "parquet"]).status, 0);
    let read = |name: &str| {
        ParquetReader::new(std::fs::File::open(dir.path().join(name)).unwrap())
            .finish()
            .unwrap()
    };
    let calls = read("calls.parquet");
    assert_eq!(calls.height(), 17);
    assert_eq!(
        calls.column("talk_ratio").unwrap().dtype(),
        &DataType::Float64
    );
    assert_eq!(
        calls.column("next_step").unwrap().dtype(),
        &DataType::Boolean
    );
    assert_eq!(
        calls.column("rep_questions").unwrap().null_count(),
        1,
        "the RTTM call has no text"
    );
    assert_eq!(read("reps.parquet").height(), 4);
    assert!(read("evidence.parquet").height() > 100);
    assert!(
        !dir.path().join("calls.csv").exists(),
        "only the formats asked for"
    );
}

#[test]
fn parquet_tables_hold_the_cells_of_their_csv_twins() {
    // The Parquet writer picks its own column encodings (output/parquet.rs): every
    // cell must still read back as the CSV writes it.
    use polars::prelude::*;
    let dir = util::Dir::new();
    assert_eq!(
        score_week(dir.path(), &["--format", "csv,parquet"]).status,
        0
    );
    for table in ["calls", "evidence", "reps", "team", "errors"] {
        let (h, rows) = read_csv(&dir.path().join(format!("{table}.csv")));
        let df = ParquetReader::new(
            std::fs::File::open(dir.path().join(format!("{table}.parquet"))).unwrap(),
        )
        .finish()
        .unwrap();
        assert_eq!(df.height(), rows.len(), "{table}");
        let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(names, h.iter().collect::<Vec<_>>(), "{table}");
        for (c, col) in df.columns().iter().enumerate() {
            let s = col.as_materialized_series();
            for (r, row) in rows.iter().enumerate() {
                let v = s.get(r).unwrap();
                let text = match v {
                    AnyValue::Null => String::new(),
                    AnyValue::Float64(x) => format!("{x:.3}"),
                    AnyValue::Boolean(b) => b.to_string(),
                    AnyValue::String(x) => x.to_string(),
                    AnyValue::StringOwned(x) => x.to_string(),
                    other => other.to_string(),
                };
                assert_eq!(text, &row[c], "{table} row {r} column {}", &h[c]);
            }
        }
    }
}

#[test]
fn a_batch_over_two_weeks_adds_rows_per_rep_and_week() {
    let dir = util::Dir::new();
    let calls = dir.path().join("calls");
    std::fs::create_dir_all(&calls).unwrap();
    // Dates come from the file names: two calls in ISO week 47, one in week 48.
    for (from, to) in [
        ("2026-11-16-dana-acme-hvac.vtt", "2026-11-16-dana-a.vtt"),
        (
            "2026-11-16-sam-northside-plumbing.vtt",
            "2026-11-18-dana-b.vtt",
        ),
        ("2026-11-16-priya-sunset-pest.vtt", "2026-11-24-dana-c.vtt"),
    ] {
        std::fs::copy(util::repo("fixtures/week").join(from), calls.join(to)).unwrap();
    }
    let roster = dir.write(
        "roster.csv",
        "name,team,role\nDana Reyes,East,rep\nSam Okafor,East,rep\nPriya Natarajan,West,rep\n",
    );
    let out_dir = dir.path().join("out");
    let out = util::run([
        "score".as_ref(),
        calls.as_os_str(),
        "--roster".as_ref(),
        roster.as_os_str(),
        "--out".as_ref(),
        out_dir.as_os_str(),
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let (h, rows) = read_csv(&out_dir.join("reps.csv"));
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let key: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r[col("rep")].to_string(),
                r[col("week")].to_string(),
                r[col("calls")].to_string(),
            )
        })
        .collect();
    // Each copy keeps its original rep: Dana and Sam in week 47, Priya in week 48.
    let mut want = vec![
        ("Dana Reyes", "", "1"),
        ("Dana Reyes", "2026-W47", "1"),
        ("Priya Natarajan", "", "1"),
        ("Priya Natarajan", "2026-W48", "1"),
        ("Sam Okafor", "", "1"),
        ("Sam Okafor", "2026-W47", "1"),
    ];
    want.sort();
    let mut got: Vec<(&str, &str, &str)> = key
        .iter()
        .map(|k| (k.0.as_str(), k.1.as_str(), k.2.as_str()))
        .collect();
    got.sort();
    assert_eq!(got, want);
    let screen = out
        .stdout
        .lines()
        .filter(|l| ["Dana", "Sam", "Priya"].iter().any(|n| l.starts_with(n)))
        .count();
    assert_eq!(
        screen, 3,
        "the screen shows whole-period rows only:\n{}",
        out.stdout
    );
}
