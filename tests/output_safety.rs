//! What `--out` holds after a run, through the real binary: a re-run
//! replaces the tables it writes, leaves no temporary files, says exactly
//! which tables it wrote; an `--out` that cannot be written fails before any
//! transcript is read. docs/robustness.md states the contract.

mod util;

use std::path::Path;

use util::{run, score_to, Dir};

const GOOD: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nDana Reyes: Hi Tom, how are you?\n\n00:00:05.000 --> 00:00:08.000\nTom Alvarez: Good, thanks.\n";

/// Rows of a CSV table, without the header.
fn rows(path: &Path) -> Vec<csv::StringRecord> {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    rdr.records().map(|r| r.unwrap()).collect()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_rerun_replaces_every_table_it_writes() {
    let dir = Dir::new();
    let first = dir.path().join("first");
    dir.write("first/a.vtt", GOOD);
    dir.write("first/b.vtt", GOOD);
    dir.write("first/broken.vtt", "");
    let second = dir.path().join("second");
    dir.write("second/c.vtt", GOOD);
    let out = dir.path().join("out");

    assert_eq!(score_to(&first, &out, "csv").status, 0);
    assert_eq!(rows(&out.join("calls.csv")).len(), 2);
    assert_eq!(rows(&out.join("errors.csv")).len(), 1);

    let r = score_to(&second, &out, "csv");
    assert_eq!(r.status, 0, "{}", r.stderr);
    let calls = rows(&out.join("calls.csv"));
    assert_eq!(calls.len(), 1);
    assert_eq!(&calls[0][0], "c");
    assert!(
        rows(&out.join("errors.csv")).is_empty(),
        "the first run's error must not remain"
    );
    let reps = rows(&out.join("reps.csv"));
    assert!(reps.iter().all(|r| r.iter().any(|c| c == "1")), "{reps:?}");
    assert_eq!(
        names(&out),
        [
            ".callscore",
            "calls.csv",
            "errors.csv",
            "evidence.csv",
            "metrics.md",
            "report.html",
            "reps.csv",
            "summary.md",
            "team.csv"
        ],
        "no temporary or probe file is left behind"
    );
}

/// A re-run that scores nothing removes the rep and team figures of the
/// previous run rather than leave them looking current.
#[test]
fn a_rerun_that_scores_nothing_leaves_no_rep_figures() {
    let dir = Dir::new();
    dir.write("good/a.vtt", GOOD);
    dir.write("bad/broken.vtt", "");
    let out = dir.path().join("out");
    assert_eq!(score_to(&dir.path().join("good"), &out, "csv").status, 0);
    assert!(out.join("reps.csv").exists());
    let r = score_to(&dir.path().join("bad"), &out, "csv");
    assert_eq!(r.status, 2);
    assert!(
        r.stdout.contains("found 1, scored 0, failed 1, skipped 0"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("wrote calls, evidence, errors (csv)"),
        "{}",
        r.stdout
    );
    assert!(rows(&out.join("calls.csv")).is_empty());
    assert!(!out.join("reps.csv").exists() && !out.join("team.csv").exists());
}

/// Today a table in a format the re-run does not write stays from the
/// earlier run; the summary names exactly what this run wrote, so that is
/// the list to trust (see docs/robustness.md).
#[test]
fn the_summary_names_only_the_tables_this_run_wrote() {
    let dir = Dir::new();
    dir.write("calls/a.vtt", GOOD);
    let calls = dir.path().join("calls");
    let out = dir.path().join("out");
    assert_eq!(score_to(&calls, &out, "csv,jsonl").status, 0);
    let r = score_to(&calls, &out, "csv");
    assert!(
        r.stdout
            .contains("wrote calls, evidence, errors, reps, team (csv) to"),
        "{}",
        r.stdout
    );
}

/// A table the re-run does not write is removed, so nothing in `--out` is
/// older than the run; files callscore does not own are left alone.
#[test]
fn a_rerun_removes_tables_it_does_not_write() {
    let dir = Dir::new();
    dir.write("calls/a.vtt", GOOD);
    let calls = dir.path().join("calls");
    let out = dir.path().join("out");
    let r = run([
        "check".as_ref(),
        calls.as_os_str(),
        "--rule".as_ref(),
        "talk_ratio < 2".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        "csv,jsonl".as_ref(),
    ]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(names(&out).contains(&"outcomes.jsonl".to_string()));
    assert!(names(&out).contains(&"report.html".to_string()));
    dir.write("out/my-notes.csv", "mine");
    dir.write("out/calls.csv.bak", "mine");
    let r = score_without_report(&calls, &out, "csv");
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(
        names(&out),
        [
            ".callscore",
            "calls.csv",
            "calls.csv.bak",
            "errors.csv",
            "evidence.csv",
            "my-notes.csv",
            "reps.csv",
            "team.csv"
        ]
    );
}

fn score_without_report(calls: &Path, out: &Path, format: &str) -> util::Output {
    run([
        "score".as_ref(),
        calls.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
        "--no-report".as_ref(),
    ])
}

/// Only a folder an earlier run marked as callscore's is cleaned: `--out`
/// naming a folder of the user's own never loses their `team.csv` or
/// `summary.md`, even when the run writes neither.
#[test]
fn a_folder_of_the_users_own_is_never_cleaned() {
    let dir = Dir::new();
    dir.write("calls/a.vtt", GOOD);
    let calls = dir.path().join("calls");
    let out = dir.path().join("mine");
    dir.write("mine/team.csv", "my team");
    dir.write("mine/summary.md", "my notes");
    let r = score_without_report(&calls, &out, "parquet");
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(out.join("team.csv")).unwrap(),
        "my team"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("summary.md")).unwrap(),
        "my notes"
    );
    assert!(out.join(".callscore").is_file(), "marked for the next run");
}

/// Files found but none scored: exit 2, and stderr says so and where to look.
#[test]
fn a_batch_with_nothing_scored_says_why() {
    let dir = Dir::new();
    dir.write("calls/empty.vtt", "");
    dir.write("calls/notes.md", "x");
    let r = score_to(&dir.path().join("calls"), &dir.path().join("out"), "csv");
    assert_eq!(r.status, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("no call could be scored (1 failed, 1 skipped; the errors table says why)"),
        "{}",
        r.stderr
    );
}

/// A folder with no transcript in it exits 2 and says where it looked, so a
/// scheduled run pointed at the wrong folder does not pass quietly.
#[test]
fn an_empty_folder_is_an_error_not_a_pass() {
    let dir = Dir::new();
    std::fs::create_dir_all(dir.path().join("calls")).unwrap();
    let calls = dir.path().join("calls");
    let out = dir.path().join("out");
    for cmd in [&["score"][..], &["check", "--rule", "talk_ratio < 0.9"][..]] {
        let mut args: Vec<std::ffi::OsString> = cmd.iter().map(Into::into).collect();
        args.extend([calls.clone().into(), "--out".into(), out.clone().into()]);
        let r = run(&args);
        assert_eq!(r.status, 2, "{cmd:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "no transcript found in {} (looked for files ending in .vtt, .srt",
                calls.display()
            )),
            "{cmd:?}: {}",
            r.stderr
        );
        assert!(
            r.stdout.contains("found 0, scored 0"),
            "{cmd:?}: {}",
            r.stdout
        );
    }
}

/// The output folder inside the folder scored (`callscore score .` with the
/// default `--out`, run twice): the second run does not read the first
/// one's tables or report, in any format, and says the same.
#[test]
fn a_rerun_over_its_own_folder_finds_the_same_files() {
    let dir = Dir::new();
    dir.write("week/a.vtt", GOOD);
    dir.write("week/b.vtt", GOOD);
    dir.write("week/notes.md", "not a call");
    let week = dir.path().join("week");
    let out = week.join("callscore-out");
    let summary = |formats: &str| {
        let r = score_to(&week, &out, formats);
        assert_eq!(r.status, 0, "{}", r.stderr);
        let line = r.stdout.lines().find(|l| l.starts_with("found "));
        line.unwrap().split(" in ").next().unwrap().to_string()
    };
    let first = summary("csv,jsonl,parquet");
    assert_eq!(first, "found 3, scored 2, failed 0, skipped 1");
    assert_eq!(summary("csv,jsonl,parquet"), first);
    assert_eq!(summary("csv"), first);
    assert_eq!(rows(&out.join("errors.csv")).len(), 1, "notes.md only");
    // Another run's output folder in there is known by its marker.
    let r = score_to(&week, &week.join("second-out"), "csv");
    assert!(r.stdout.contains(&first), "{}", r.stdout);
}

/// `--out` naming an existing file, for `score` and `check` alike: exit 2
/// with the flag and the reason, and no transcript read (no summary).
#[test]
fn an_out_that_is_a_file_fails_before_any_work() {
    let dir = Dir::new();
    dir.write("calls/a.vtt", GOOD);
    let file = dir.write("taken", "x");
    for cmd in [&["score"][..], &["check", "--rule", "talk_ratio < 0.9"][..]] {
        let mut args: Vec<std::ffi::OsString> = cmd.iter().map(Into::into).collect();
        args.push(dir.path().join("calls").into());
        args.push("--out".into());
        args.push(file.clone().into());
        let r = run(&args);
        assert_eq!(r.status, 2, "{cmd:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "--out {}: cannot create the folder",
                file.display()
            )),
            "{cmd:?}: {}",
            r.stderr
        );
        assert!(!r.stdout.contains("found"), "{cmd:?}: {}", r.stdout);
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x", "left alone");
}

/// A read-only folder (for users other than root, who can write anyway).
#[cfg(unix)]
#[test]
fn a_read_only_out_fails_before_any_work() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Dir::new();
    dir.write("calls/a.vtt", GOOD);
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(ro.join("probe"), "").is_ok() {
        println!("skipping: a read-only folder is writable for this user (running as root?)");
        return;
    }
    let r = score_to(&dir.path().join("calls"), &ro, "csv");
    assert_eq!(r.status, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "--out {}: the folder is not writable",
            ro.display()
        )),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("found"), "{}", r.stdout);
}

/// A run killed half-way leaves the previous run's tables exactly as they
/// were, never a half-written one, and the next run leaves no temporary file.
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_the_previous_tables_whole() {
    let dir = Dir::new();
    dir.write("small/a.vtt", GOOD);
    // Long calls, read one at a time, so the run is still going when killed.
    let mut long = String::from("WEBVTT\n\n");
    for k in 0..7200u64 {
        let who = if k % 2 == 0 {
            "Dana Reyes"
        } else {
            "Tom Alvarez"
        };
        let (s, e) = (k * 5, k * 5 + 5);
        long += &format!(
            "{:02}:{:02}:{:02}.000 --> {:02}:{:02}:{:02}.000\n{who}: and then what happened?\n\n",
            s / 3600,
            s / 60 % 60,
            s % 60,
            e / 3600,
            e / 60 % 60,
            e % 60
        );
    }
    for i in 0..40 {
        dir.write(&format!("big/call-{i:02}.vtt"), &long);
    }
    let out = dir.path().join("out");
    assert_eq!(score_to(&dir.path().join("small"), &out, "csv").status, 0);
    let before = std::fs::read(out.join("calls.csv")).unwrap();

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_callscore"))
        .args(["score", "--threads", "1", "--format", "csv", "--out"])
        .arg(&out)
        .arg(dir.path().join("big"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the run has started writing, then kill it.
    let partial = out.join(".calls.csv.partial");
    let t0 = std::time::Instant::now();
    while !partial.exists() && t0.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        still_running,
        "the batch finished before it could be interrupted"
    );
    assert!(
        partial.exists(),
        "the run was writing under a temporary name"
    );
    assert_eq!(
        std::fs::read(out.join("calls.csv")).unwrap(),
        before,
        "the previous table is untouched"
    );

    assert_eq!(score_to(&dir.path().join("small"), &out, "csv").status, 0);
    assert!(
        names(&out).iter().all(|n| !n.ends_with(".partial")),
        "{:?}",
        names(&out)
    );
}

/// A `score` without targets after a `check` in the same `--out` removes the
/// check's tables, so no verdict from the earlier run looks current.
#[test]
fn a_score_after_a_check_leaves_no_stale_verdicts() {
    let dir = Dir::new();
    dir.write("in/a.vtt", GOOD);
    let out = dir.path().join("out");
    let o = callscore_check(&dir.path().join("in"), &out);
    assert!(out.join("violations.csv").exists(), "{}", o);
    assert_eq!(score_to(&dir.path().join("in"), &out, "csv").status, 0);
    for t in ["outcomes", "violations", "targets", "commitments", "gaps"] {
        assert!(!out.join(format!("{t}.csv")).exists(), "{t}.csv remains");
    }
}

fn callscore_check(input: &Path, out: &Path) -> String {
    let o = run([
        std::ffi::OsStr::new("check"),
        input.as_os_str(),
        "--rule".as_ref(),
        "talk_ratio <= 1".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    format!("{}{}", o.stdout, o.stderr)
}
