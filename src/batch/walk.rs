//! Finding the transcripts: files named on the command line are always read;
//! folders are walked recursively (following symlinks, loops detected) and
//! files with a transcript extension are read. Everything else found is
//! reported as skipped, with the reason, so found = scored + failed + skipped.

use std::path::{Path, PathBuf};

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
/// manifest, playbook) and must not be read as transcripts.
pub fn find(paths: &[PathBuf], exclude: &[PathBuf]) -> Found {
    let exclude: Vec<FileId> = exclude.iter().filter_map(|p| FileId::of(p)).collect();
    let is_config =
        |p: &Path| !exclude.is_empty() && FileId::of(p).is_some_and(|id| exclude.contains(&id));
    let mut found = Found::default();
    for root in paths {
        if !root.is_dir() {
            // Named explicitly: read it whatever its extension; a missing file
            // fails when read, with the OS's message.
            if is_config(root) {
                found.skipped.push((
                    root.clone(),
                    "is the roster, manifest or playbook, not a transcript".into(),
                ));
            } else {
                found.files.push(root.clone());
            }
            continue;
        }
        for entry in walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
        {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
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
                    let p = e.into_path();
                    match skip_reason(&p) {
                        _ if is_config(&p) => found.skipped.push((
                            p,
                            "is the roster, manifest or playbook, not a transcript".into(),
                        )),
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
        let found = find(&[d.to_path_buf()], &[]);
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
}
