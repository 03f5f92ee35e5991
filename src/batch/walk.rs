//! Finding the transcripts: files named on the command line are always read;
//! folders are walked recursively (following symlinks, loops detected) and
//! files with a transcript extension are read. Everything else found is
//! reported as skipped, with the reason, so found = scored + failed + skipped.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Extensions read when walking a folder.
pub const TRANSCRIPT_EXTENSIONS: &[&str] = &[
    "vtt", "srt", "txt", "csv", "tsv", "json", "jsonl", "ndjson", "rttm",
];

/// The outcome of looking for transcripts.
#[derive(Debug, Default)]
pub struct Found {
    /// Files to read, sorted, without duplicates.
    pub files: Vec<PathBuf>,
    /// Files found but not read, with why.
    pub skipped: Vec<(PathBuf, String)>,
}

/// Walks `paths`; `exclude` lists files that are configuration (roster,
/// manifest, playbook) and must not be read as transcripts. `out` is the
/// folder the results are written to: callscore's own files there (the
/// tables and report of an earlier run, by name) are not transcripts and are
/// passed over without a word, so a second `score .` finds what the first
/// one found. The walk gives up (with what was found so far) once `stop`
/// is set: a walk alongside other work that failed is not waited for.
pub fn find(
    paths: &[PathBuf],
    exclude: &[PathBuf],
    out: Option<&Path>,
    stop: &AtomicBool,
) -> Found {
    let config = Config::new(exclude);
    let ours = Ours::new(out);
    let mut found = Found::default();
    for root in paths {
        if !root.is_dir() {
            // Named explicitly: read it whatever its extension; a missing file
            // fails when read, with the OS's message.
            if config.has(root, true) {
                found.skipped.push((root.clone(), CONFIG.into()));
            } else {
                found.files.push(root.clone());
            }
            continue;
        }
        for entry in walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
        {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) if ours.has(e.path()) => {}
                Ok(e) if !e.file_type().is_file() => {
                    // Opening a FIFO waits for a writer that may never come,
                    // and a device may never end; named on the command line,
                    // they are still read (`inspect <(cat a.vtt)`).
                    let why = format!(
                        "{}, not a regular file; name it on the command line to read it anyway",
                        special_kind(&e.file_type())
                    );
                    found.skipped.push((e.into_path(), why));
                }
                Ok(e) => {
                    let linked = e.path_is_symlink();
                    let p = e.into_path();
                    match skip_reason(&p) {
                        _ if config.has(&p, linked) => found.skipped.push((p, CONFIG.into())),
                        Some(why) => found.skipped.push((p, why)),
                        None => found.files.push(p),
                    }
                }
                Err(e) => {
                    let p = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let why = if e.loop_ancestor().is_some() {
                        "symlink loop: this folder links back to one of its parents; not followed"
                            .to_string()
                    } else {
                        format!(
                            "cannot walk: {}",
                            e.io_error()
                                .map(|io| io.to_string())
                                .unwrap_or_else(|| e.to_string())
                        )
                    };
                    found.skipped.push((p, why));
                }
            }
        }
    }
    found.files.sort();
    found.files.dedup();
    found.skipped.sort();
    found.skipped.dedup_by(|a, b| a.0 == b.0);
    found
}

const CONFIG: &str = "is the roster, manifest or playbook, not a transcript";

/// The files an earlier run wrote to the output folder.
struct Ours {
    dir: Option<FileId>,
    names: Vec<String>,
}

impl Ours {
    fn new(out: Option<&Path>) -> Ours {
        Ours {
            dir: out.and_then(FileId::of),
            names: [crate::output::MARKER.to_string()]
                .into_iter()
                .chain(crate::output::owned_names())
                .collect(),
        }
    }

    /// Is `p` a file callscore writes, in the output folder or in another
    /// folder a run marked as its output (`score week --out week/r1`, then
    /// `--out week/r2`): a table, the report, the marker, or the
    /// `.NAME.partial` an interrupted run left? Its name is looked at first:
    /// only a file so named costs a look at its folder.
    fn has(&self, p: &Path) -> bool {
        let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
            return false;
        };
        let unfinished = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".partial"));
        let named = self
            .names
            .iter()
            .any(|o| name == o || unfinished == Some(o.as_str()));
        if !named {
            return false;
        }
        let Some(dir) = p.parent() else {
            return false;
        };
        dir.join(crate::output::MARKER).is_file()
            || (self.dir.is_some() && FileId::of(dir) == self.dir)
    }
}

/// The configuration files of a run, to tell them from transcripts.
struct Config {
    ids: Vec<FileId>,
    /// Their file names, as named and as their paths resolve.
    names: Vec<std::ffi::OsString>,
}

impl Config {
    fn new(exclude: &[PathBuf]) -> Config {
        let ids: Vec<FileId> = exclude.iter().filter_map(|p| FileId::of(p)).collect();
        let names = exclude
            .iter()
            .flat_map(|p| [Some(p.clone()), p.canonicalize().ok()])
            .flatten()
            .filter_map(|p| p.file_name().map(|n| n.to_os_string()))
            .collect();
        Config { ids, names }
    }

    /// Is `p` one of the configuration files? Only a file with one of their
    /// names, or a symlink (`linked`), is looked at on disk: a walk meets
    /// thousands of transcripts, and a `stat` of each cost a tenth of a
    /// second on 25,000. A hard link to the roster under another name is
    /// therefore read as a transcript (and fails as one, with its message).
    fn has(&self, p: &Path, linked: bool) -> bool {
        if self.ids.is_empty() {
            return false;
        }
        let named = p
            .file_name()
            .is_some_and(|n| self.names.iter().any(|c| c == n));
        (named || linked) && FileId::of(p).is_some_and(|id| self.ids.contains(&id))
    }
}

/// Which file a path leads to, symlinks followed: two paths are the same
/// file when their ids are equal. On Unix the device and inode, from one
/// `stat` (canonicalising a path costs a `readlink` per component, for every
/// file walked); elsewhere the canonical path.
#[derive(PartialEq)]
struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

impl FileId {
    fn of(p: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(p)
                .ok()
                .map(|m| FileId((m.dev(), m.ino())))
        }
        #[cfg(not(unix))]
        {
            p.canonicalize().ok().map(FileId)
        }
    }
}

fn special_kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        } else if t.is_socket() {
            return "a socket";
        } else if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    let _ = t;
    "a special file"
}

fn skip_reason(p: &Path) -> Option<String> {
    let name = p.file_name()?.to_string_lossy();
    if name.starts_with('.') {
        return Some("hidden file".into());
    }
    match p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()) {
        Some(ext) if TRANSCRIPT_EXTENSIONS.contains(&ext.as_str()) => None,
        Some(ext) => Some(format!(".{ext} is not a transcript extension; name the file on the command line to read it anyway")),
        None => Some("no extension; name the file on the command line to read it anyway".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A walk that is never stopped.
    static GO: AtomicBool = AtomicBool::new(false);

    #[test]
    fn walks_sorts_and_explains() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("b/c")).unwrap();
        for f in [
            "b/c/z.vtt",
            "a.json",
            "b/notes.md",
            ".DS_Store",
            "roster.csv",
            "b/x.SRT",
        ] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let found = find(
            &[d.to_path_buf(), d.join("a.json")],
            &[d.join("roster.csv")],
            None,
            &GO,
        );
        let rel = |p: &PathBuf| p.strip_prefix(d).unwrap().to_string_lossy().into_owned();
        assert_eq!(
            found.files.iter().map(rel).collect::<Vec<_>>(),
            vec!["a.json", "b/c/z.vtt", "b/x.SRT"]
        );
        let skipped: Vec<_> = found
            .skipped
            .iter()
            .map(|(p, w)| (rel(p), w.split(' ').next().unwrap().to_string()))
            .collect();
        assert_eq!(
            skipped,
            vec![
                (".DS_Store".into(), "hidden".into()),
                ("b/notes.md".into(), ".md".into()),
                ("roster.csv".into(), "is".into())
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_skipped_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("x")).unwrap();
        std::fs::write(d.join("x/a.vtt"), "x").unwrap();
        std::os::unix::fs::symlink(d, d.join("x/loop")).unwrap();
        let found = find(&[d.to_path_buf()], &[], None, &GO);
        assert_eq!(found.files.len(), 1);
        assert!(
            found
                .skipped
                .iter()
                .any(|(_, w)| w.contains("symlink loop")),
            "{:?}",
            found.skipped
        );
    }

    /// callscore's own files in the output folder are passed over, so a
    /// second `score .` finds what the first found; anything else there,
    /// and files of those names elsewhere, are found as usual.
    #[test]
    fn own_output_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("out/deeper")).unwrap();
        for f in [
            "a.vtt",
            "out/calls.csv",
            "out/evidence.parquet",
            "out/report.html",
            "out/.callscore",
            "out/.evidence.csv.partial",
            "out/b.vtt",
            "out/deeper/calls.csv",
        ] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let rel = |p: &PathBuf| p.strip_prefix(d).unwrap().to_string_lossy().into_owned();
        // The output folder named as written, or through `..`; or another
        // run's output folder, known by its marker.
        for out in [d.join("out"), d.join("out/deeper/.."), d.join("elsewhere")] {
            let found = find(&[d.to_path_buf()], &[], Some(&out), &GO);
            assert_eq!(
                found.files.iter().map(rel).collect::<Vec<_>>(),
                vec!["a.vtt", "out/b.vtt", "out/deeper/calls.csv"]
            );
            assert!(found.skipped.is_empty(), "{:?}", found.skipped);
        }
        // Neither the output folder nor marked as one: found like any file.
        std::fs::remove_file(d.join("out/.callscore")).unwrap();
        let found = find(&[d.to_path_buf()], &[], Some(&d.join("elsewhere")), &GO);
        assert_eq!(found.files.len(), 4);
        // evidence.parquet and report.html: not transcript extensions; the
        // partial table: hidden.
        assert_eq!(found.skipped.len(), 3, "{:?}", found.skipped);
        // The output folder, even before it was marked.
        let found = find(&[d.to_path_buf()], &[], Some(&d.join("out")), &GO);
        assert_eq!(found.files.len(), 3);
    }

    /// A configuration file is recognised under its own name or through a
    /// symlink of another name; a hard link of another name is not looked
    /// at (that would cost a `stat` of every transcript) and is read.
    #[cfg(unix)]
    #[test]
    fn config_files_by_name_or_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("calls")).unwrap();
        std::fs::write(d.join("roster.csv"), "x").unwrap();
        std::fs::write(d.join("calls/a.vtt"), "x").unwrap();
        std::fs::copy(d.join("roster.csv"), d.join("calls/roster.csv")).unwrap();
        std::os::unix::fs::symlink(d.join("roster.csv"), d.join("calls/people.csv")).unwrap();
        std::fs::hard_link(d.join("roster.csv"), d.join("calls/team.csv")).unwrap();
        let found = find(&[d.join("calls")], &[d.join("roster.csv")], None, &GO);
        let rel = |p: &PathBuf| p.strip_prefix(d).unwrap().to_string_lossy().into_owned();
        assert_eq!(
            found.files.iter().map(rel).collect::<Vec<_>>(),
            // The copy named roster.csv is another file: read.
            vec!["calls/a.vtt", "calls/roster.csv", "calls/team.csv"]
        );
        assert_eq!(
            found
                .skipped
                .iter()
                .map(|(p, _)| rel(p))
                .collect::<Vec<_>>(),
            vec!["calls/people.csv"]
        );
    }

    /// A stopped walk gives up: nothing more is found in the folders.
    #[test]
    fn a_stopped_walk_finds_nothing_more() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.vtt"), "x").unwrap();
        let found = find(&[d.to_path_buf()], &[], None, &AtomicBool::new(true));
        assert!(found.files.is_empty() && found.skipped.is_empty());
        assert_eq!(find(&[d.to_path_buf()], &[], None, &GO).files.len(), 1);
    }
}
