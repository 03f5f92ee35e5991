//! Bad input through the real binary: each case gets a `path:line: message`
//! that says what is wrong, exit status 2 for `inspect`, and in a batch the
//! good files are still read and every file is accounted for.

mod util;

use util::{run, Dir};

/// (file name, contents, text the message must contain, line in the message or 0)
const CASES: &[(&str, &[u8], &str, u32)] = &[
    ("empty.vtt", b"", "file is empty", 0),
    ("blank.srt", b"  \n\n\t\n", "only whitespace", 0),
    (
        "binary.json",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        "binary file",
        0,
    ),
    (
        "latin1.txt",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nJos\xe9: hola\n",
        "not valid UTF-8",
        4,
    ),
    (
        "notes.vtt",
        b"Meeting notes\nWe talked about pricing.\n",
        "does not start with WEBVTT",
        1,
    ),
    (
        "truncated.json",
        b"{\n  \"segments\": [\n    {\"start\": 1.0, \"end\": 2",
        "truncated",
        3,
    ),
    (
        "keys.json",
        b"{\"hello\": \"world\"}",
        "not a transcript format",
        1,
    ),
    ("array.json", b"[1, 2, 3]", "JSON array at top level", 1),
    (
        "header-only.vtt",
        b"WEBVTT\n",
        "no speech turns found in this webvtt file",
        0,
    ),
    (
        "header-only.csv",
        b"start,end,speaker,text\n",
        "no speech turns found in this csv file",
        0,
    ),
    (
        "garbage.srt",
        b"\xde\xad\xbe\xef\x80\x81\x82\xfe\xff",
        "not valid UTF-8",
        1,
    ),
    (
        "day-two.vtt",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nDana: hi\n\n25:00:00.000 --> 25:00:01.000\nDana: still here\n",
        "time 25:00:01.000 is beyond 24 hours",
        6,
    ),
    (
        "reversed.srt",
        b"1\n00:00:05,000 --> 00:00:01,000\nDana: hi\n",
        "turn ends before it starts (00:00:05.000 --> 00:00:01.000)",
        2,
    ),
    (
        "negative.json",
        b"{\"segments\": [{\"start\": -1.0, \"end\": 2.0, \"text\": \"hi\"}]}",
        "`start` is -1: a time in seconds must be 0 or more",
        1,
    ),
    (
        "negative.csv",
        b"start,end,speaker,text\n1,2,Dana,hi\n-1,2,Dana,hi\n",
        "start \"-1\" is not seconds",
        3,
    ),
];

#[test]
fn inspect_explains_each_bad_file() {
    let dir = Dir::new();
    for (name, bytes, want, line) in CASES {
        let p = dir.write(name, bytes);
        let out = run(["inspect".as_ref(), p.as_os_str()]);
        assert_eq!(out.status, 2, "{name}: {}", out.stderr);
        let prefix = if *line > 0 {
            format!("{}:{line}: ", p.display())
        } else {
            format!("{}: ", p.display())
        };
        assert!(
            out.stderr.contains(&prefix),
            "{name}: want prefix {prefix:?} in {:?}",
            out.stderr
        );
        assert!(
            out.stderr.contains(want),
            "{name}: want {want:?} in {:?}",
            out.stderr
        );
    }
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let dir = Dir::new();
    let arrays = format!(
        "{{\"segments\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let objects = format!("{}1{}", "{\"segments\":".repeat(10_000), "}".repeat(10_000));
    for (name, body) in [("arrays.json", arrays), ("objects.json", objects)] {
        let p = dir.write(name, body);
        let out = run(["inspect".as_ref(), p.as_os_str()]);
        assert_eq!(out.status, 2, "{name}: {}", out.stderr);
        assert!(
            out.stderr.contains(&format!(
                "{}:1: invalid Whisper JSON: invalid type",
                p.display()
            )),
            "{name}: {}",
            out.stderr
        );
    }
}

#[test]
fn missing_file_and_bad_flags() {
    let out = run(["inspect", "no/such/file.vtt"]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("no/such/file.vtt: cannot read"),
        "{}",
        out.stderr
    );
    let out = run(["score", "x", "--input-format", "docx"]);
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("unknown format"), "{}", out.stderr);
}

#[test]
fn bad_roster_fails_before_reading_anything() {
    let dir = Dir::new();
    let roster = dir.write("roster.csv", "name,role\nDana Reyes,boss\n");
    let out = run([
        "score".as_ref(),
        dir.path().as_os_str(),
        "--roster".as_ref(),
        roster.as_os_str(),
    ]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("roster.csv") && out.stderr.contains("2: unknown role"),
        "{}",
        out.stderr
    );
}

#[test]
fn batch_goes_on_and_accounts_for_every_file() {
    let dir = Dir::new();
    for (name, bytes, _, _) in CASES {
        dir.write(&format!("calls/{name}"), bytes);
    }
    dir.write("calls/readme.md", "not a transcript");
    dir.write("calls/.hidden.vtt", "x");
    dir.write("calls/good.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nDana Reyes: Hi Tom, how are you?\n\n00:00:05.000 --> 00:00:08.000\nTom Alvarez: Good, thanks.\n");
    let out_dir = dir.path().join("out");
    let out = run([
        "score".as_ref(),
        dir.path().join("calls").as_os_str(),
        "--out".as_ref(),
        out_dir.as_os_str(),
    ]);
    let n = CASES.len();
    assert!(
        out.stdout
            .contains(&format!("found {}, scored 1, failed {n}, skipped 2", n + 3)),
        "{}",
        out.stdout
    );
    assert_eq!(
        out.stderr.matches("callscore: ").count(),
        n,
        "one message per failed file: {}",
        out.stderr
    );
    assert_eq!(out.status, 0, "one file was scored");
    // errors.csv lists every failed or skipped file, with why.
    let errors = std::fs::read_to_string(out_dir.join("errors.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(errors.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), n + 2);
    assert_eq!(rows.iter().filter(|r| &r[2] == "failed").count(), n);
    assert_eq!(rows.iter().filter(|r| &r[2] == "skipped").count(), 2);
    assert!(
        rows.iter()
            .any(|r| r[0].ends_with("latin1.txt") && &r[1] == "4" && r[3].contains("UTF-8")),
        "{errors}"
    );
    let calls = std::fs::read_to_string(out_dir.join("calls.csv")).unwrap();
    assert_eq!(calls.lines().count(), 2, "{calls}");
}

#[test]
fn nothing_readable_is_exit_2() {
    let dir = Dir::new();
    dir.write("calls/empty.vtt", "");
    let out = run([
        "score".as_ref(),
        dir.path().join("calls").as_os_str(),
        "--out".as_ref(),
        dir.path().join("o").as_os_str(),
    ]);
    assert_eq!(out.status, 2, "{}", out.stderr);
}

#[test]
fn unwritable_out_fails_before_any_work() {
    let dir = Dir::new();
    let blocker = dir.write("not-a-folder", "x");
    let out = run([
        "score".as_ref(),
        dir.path().as_os_str(),
        "--out".as_ref(),
        blocker.join("sub").as_os_str(),
    ]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("--out") && out.stderr.contains("cannot create"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stdout.contains("found"),
        "no work was done: {}",
        out.stdout
    );
}

/// Cues repeated word for word (a file exported twice into one) are read
/// once, with a warning, so words and questions are not counted twice.
#[test]
fn duplicate_cues_are_read_once_with_a_warning() {
    let dir = Dir::new();
    let cue = "00:00:01.000 --> 00:00:04.000\nDana Reyes: Any questions?\n\n";
    let p = dir.write("twice.vtt", format!("WEBVTT\n\n{cue}{cue}{cue}"));
    let out = run(["inspect".as_ref(), p.as_os_str()]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.contains("turns 1 "), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("2 duplicate turn(s) (same speaker, times and words) dropped"),
        "{}",
        out.stdout
    );
}
