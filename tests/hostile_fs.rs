//! Hostile file systems through the real binary: a folder that links back to
//! its parent, a file the user may not read. Each is reported with its path
//! and why, counted, and listed in `errors.csv`, while the good files are
//! still scored.

#![cfg(unix)]

mod util;

use std::os::unix::fs::PermissionsExt;

use util::{errors_table, run, score_to, Dir};

const GOOD: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nDana Reyes: Hi Tom, how are you?\n\n00:00:05.000 --> 00:00:08.000\nTom Alvarez: Good, thanks.\n";

#[test]
fn a_symlink_loop_is_skipped_counted_and_listed() {
    let dir = Dir::new();
    dir.write("calls/x/good.vtt", GOOD);
    let calls = dir.path().join("calls");
    std::os::unix::fs::symlink(&calls, calls.join("x/back-to-top")).unwrap();
    let out_dir = dir.path().join("out");
    let out = score_to(&calls, &out_dir, "csv");
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("found 2, scored 1, failed 0, skipped 1"),
        "{}",
        out.stdout
    );
    let rows = errors_table(&out_dir);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0][0].ends_with("x/back-to-top"), "{rows:?}");
    assert_eq!(rows[0][2], "skipped");
    assert!(rows[0][3].starts_with("symlink loop"), "{rows:?}");
}

/// `chmod 000` stops reads for a user but not for root (tests often run as
/// root in containers); the assertion is skipped, with a message, there.
#[test]
fn an_unreadable_file_fails_with_the_os_reason() {
    let dir = Dir::new();
    dir.write("calls/good.vtt", GOOD);
    let locked = dir.write("calls/locked.vtt", GOOD);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&locked).is_ok() {
        println!("skipping: chmod 000 does not stop this user's reads (running as root?)");
        return;
    }
    let out_dir = dir.path().join("out");
    let out = score_to(&dir.path().join("calls"), &out_dir, "csv");
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "{}: cannot read: Permission denied",
            locked.display()
        )),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout
            .contains("found 2, scored 1, failed 1, skipped 0"),
        "{}",
        out.stdout
    );
    let rows = errors_table(&out_dir);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0][1].as_str(), rows[0][2].as_str()), ("", "failed"));

    // Alone, nothing could be read: exit 2 for score and for inspect.
    let out = run([
        "score".as_ref(),
        locked.as_os_str(),
        "--out".as_ref(),
        out_dir.as_os_str(),
    ]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert_eq!(run(["inspect".as_ref(), locked.as_os_str()]).status, 2);
}

/// File names are bytes on Unix, not always UTF-8 (a Latin-1 name copied
/// from an old share): such a file is still read, and shown with U+FFFD.
#[test]
fn a_file_name_that_is_not_utf8_is_still_scored() {
    use std::os::unix::ffi::OsStrExt;
    let dir = Dir::new();
    let calls = dir.path().join("calls");
    std::fs::create_dir(&calls).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-call.vtt");
    if std::fs::write(calls.join(name), GOOD).is_err() {
        println!("skipping: this file system refuses non-UTF-8 names");
        return;
    }
    let out_dir = dir.path().join("out");
    let out = score_to(&calls, &out_dir, "csv");
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.contains("found 1, scored 1"), "{}", out.stdout);
    let mut rdr = csv::Reader::from_path(out_dir.join("calls.csv")).unwrap();
    let row = rdr.records().next().unwrap().unwrap();
    assert_eq!(&row[0], "caf\u{fffd}-call");
}

/// A FIFO named like a transcript inside a walked folder: opening it for
/// reading would wait for a writer that never comes. The walker skips
/// anything that is not a regular file (named on the command line, a pipe is
/// still read: `callscore inspect <(cat a.vtt)`).
#[test]
fn a_fifo_in_a_folder_is_skipped_not_waited_on() {
    let dir = Dir::new();
    dir.write("calls/good.vtt", GOOD);
    let fifo = dir.path().join("calls/stuck.vtt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        println!("skipping: mkfifo is not available");
        return;
    }
    let out_dir = dir.path().join("out");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_callscore"))
        .args(["score", "--format", "csv", "--out"])
        .arg(&out_dir)
        .arg(dir.path().join("calls"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let t0 = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if t0.elapsed().as_secs() > 20 {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the batch waited on the FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("found 2, scored 1, failed 0, skipped 1"),
        "{stdout}"
    );
}
