//! The manifest: what the user knows about each call that the file does not say.
//!
//! `--manifest FILE` is a CSV `file,call_id,rep,date,call_type,speaker_map`
//! (plus optional `recording_url`, `team`). `file` is relative to the manifest's
//! folder (or absolute). `speaker_map` names anonymous labels:
//! `SPEAKER_00=Dana Reyes;SPEAKER_01=Sam Lee`. A manifest row wins over anything
//! inferred from the transcript.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// One call's row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    pub file: String,
    pub call_id: Option<String>,
    pub rep: Option<String>,
    pub date: Option<String>,
    pub call_type: Option<String>,
    pub recording_url: Option<String>,
    /// `(label, name)` pairs, in the order written.
    pub speaker_map: Vec<(String, String)>,
    /// Manifest line, for messages.
    pub line: usize,
}

/// Manifest rows, looked up by the transcript's path. A manifest lists every
/// call of a batch and is held for the whole run, so its rows are kept
/// compact (~0.3 KB each instead of ~0.7 KB as a struct of strings with a
/// full-path index): their fields back to back in one string, and indexes
/// over numbered folders and file names. An [`Entry`] is built when a call
/// asks for its row.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    text: String,
    rows: Vec<Row>,
    /// The canonical folders of the listed files, numbered.
    dirs: HashMap<PathBuf, u32>,
    /// File names (canonical and as written), numbered.
    names: HashMap<String, u32>,
    /// Each row by its file's canonical folder and name.
    by_path: HashMap<(u32, u32), u32>,
    /// The row of each file name as written, `None` when several rows share it.
    by_name: HashMap<u32, Option<u32>>,
}

/// A field of [`Manifest::text`]; empty for a missing or empty field.
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    start: u32,
    len: u32,
}

#[derive(Clone, Debug)]
struct Row {
    /// `file`, `call_id`, `rep`, `date`, `call_type` (lower-cased),
    /// `recording_url`, `speaker_map` (as written).
    fields: [Span; 7],
    line: u32,
}

/// The number of `key` in `map`, numbering it if new.
fn number<Q>(map: &mut HashMap<Q::Owned, u32>, key: &Q) -> u32
where
    Q: ?Sized + std::hash::Hash + Eq + ToOwned,
    Q::Owned: std::hash::Hash + Eq + std::borrow::Borrow<Q>,
{
    if let Some(&n) = map.get(key) {
        return n;
    }
    let n = map.len() as u32;
    map.insert(key.to_owned(), n);
    n
}

impl Manifest {
    pub fn load(path: &Path) -> Result<Manifest> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read manifest", path.display()))?;
        let base = path.parent().unwrap_or(Path::new("."));
        Manifest::parse(&text, base).with_context(|| format!("{}", path.display()))
    }

    /// Parses manifest text; `base` is the folder `file` paths are relative to.
    pub fn parse(text: &str, base: &Path) -> Result<Manifest> {
        let (mut rdr, headers) = super::open_csv(text)?;
        let col = |name: &str| headers.iter().position(|h| h == name);
        let Some(file_col) = col("file") else {
            bail!("1: manifest has no `file` column (found {headers:?}); expected file,call_id,rep,date,call_type,speaker_map");
        };
        let cols = [
            Some(file_col),
            col("call_id"),
            col("rep"),
            col("date"),
            col("call_type"),
            col("recording_url"),
            col("speaker_map"),
        ];
        let mut m = Manifest::default();
        for (i, rec) in rdr.records().enumerate() {
            let line = i + 2;
            let rec = rec.with_context(|| format!("{line}: unreadable manifest row"))?;
            let get = |c: Option<usize>| {
                c.and_then(|c| rec.get(c))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
            };
            let Some(file) = get(Some(file_col)) else {
                if rec.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                bail!("{line}: manifest row has no file");
            };
            if let Some(d) = get(cols[3]) {
                if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                    bail!("{line}: date {d:?} is not YYYY-MM-DD");
                }
            }
            if let Some(map) = get(cols[6]) {
                parse_speaker_map(map).with_context(|| format!("{line}: bad speaker_map"))?;
            }
            let idx = m.rows.len() as u32;
            let full = normalize(&base.join(file));
            let (dir, name) = split_path(&full);
            let key = (number(&mut m.dirs, dir), number(&mut m.names, name));
            if let Some(&prev) = m.by_path.get(&key) {
                bail!(
                    "{line}: {file} is already listed on line {}",
                    m.rows[prev as usize].line
                );
            }
            m.by_path.insert(key, idx);
            if let Some(written) = Path::new(file).file_name() {
                let n = number(&mut m.names, written.to_string_lossy().as_ref());
                m.by_name
                    .entry(n)
                    .and_modify(|row| *row = None)
                    .or_insert(Some(idx));
            }
            let mut fields = [Span::default(); 7];
            for (k, (f, c)) in fields.iter_mut().zip(cols).enumerate() {
                if let Some(v) = get(c) {
                    let start = m.text.len() as u32;
                    if k == 4 {
                        m.text.push_str(&v.to_lowercase());
                    } else {
                        m.text.push_str(v);
                    }
                    *f = Span {
                        start,
                        len: m.text.len() as u32 - start,
                    };
                }
            }
            m.rows.push(Row {
                fields,
                line: line as u32,
            });
        }
        m.text.shrink_to_fit();
        m.rows.shrink_to_fit();
        m.names.shrink_to_fit();
        Ok(m)
    }

    /// The row for a transcript path: by full path, else by file name when only
    /// one row has that name (as written in the manifest).
    pub fn find(&self, path: &Path) -> Option<Entry> {
        let full = normalize(path);
        let (dir, name) = split_path(&full);
        let exact = match (self.dirs.get(dir), self.names.get(name)) {
            (Some(&d), Some(&n)) => self.by_path.get(&(d, n)).copied(),
            _ => None,
        };
        let row = match exact {
            Some(r) => r,
            None => {
                let given = path.file_name()?.to_string_lossy();
                (*self.by_name.get(self.names.get(given.as_ref())?)?)?
            }
        };
        Some(self.entry(&self.rows[row as usize]))
    }

    fn entry(&self, row: &Row) -> Entry {
        let field = |i: usize| {
            let Span { start, len } = row.fields[i];
            (len > 0).then(|| self.text[start as usize..(start + len) as usize].to_string())
        };
        Entry {
            file: field(0).unwrap_or_default(),
            call_id: field(1),
            rep: field(2),
            date: field(3),
            call_type: field(4),
            recording_url: field(5),
            speaker_map: field(6)
                .map(|s| parse_speaker_map(&s).expect("checked when the manifest was read"))
                .unwrap_or_default(),
            line: row.line as usize,
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// A path's folder and file name; a path with no file name is all folder.
fn split_path(path: &Path) -> (&Path, &str) {
    match (path.parent(), path.file_name().and_then(|n| n.to_str())) {
        (Some(dir), Some(name)) => (dir, name),
        _ => (path, ""),
    }
}

/// `A=Name One;B=Name Two` into pairs.
pub fn parse_speaker_map(s: &str) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for part in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((label, name)) = part.split_once('=') else {
            bail!("{part:?} has no `=`: write LABEL=Name, e.g. SPEAKER_00=Dana Reyes");
        };
        let (label, name) = (label.trim(), name.trim());
        if label.is_empty() || name.is_empty() {
            bail!("{part:?}: both the label and the name are needed");
        }
        out.push((label.to_string(), name.to_string()));
    }
    Ok(out)
}

/// An absolute, `.`/`..`-free path, canonical when the file exists.
fn normalize(p: &Path) -> PathBuf {
    if let Some(c) = canonical(p) {
        return c;
    }
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `p.canonicalize()`, with the canonical form of `p`'s folder remembered
/// (per thread, up to [`KNOWN_DIRS`] folders): canonicalising costs a
/// `readlink` per path component, and a manifest's files and a batch's
/// calls share a few folders. Only a file that is not itself a symlink (one
/// `lstat`) is joined to its folder's canonical form; anything else is
/// canonicalised whole.
fn canonical(p: &Path) -> Option<PathBuf> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static DIRS: RefCell<HashMap<PathBuf, PathBuf>> = RefCell::new(HashMap::new());
    }
    let plain_file = std::fs::symlink_metadata(p).is_ok_and(|m| !m.file_type().is_symlink());
    let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
    let (Some(dir), Some(name), true) = (dir, p.file_name(), plain_file) else {
        return p.canonicalize().ok();
    };
    DIRS.with(|dirs| {
        let mut dirs = dirs.borrow_mut();
        if let Some(c) = dirs.get(dir) {
            return Some(c.join(name));
        }
        let c = dir.canonicalize().ok()?;
        let out = c.join(name);
        if dirs.len() >= KNOWN_DIRS {
            dirs.clear();
        }
        dirs.insert(dir.to_path_buf(), c);
        Some(out)
    })
}

/// How many folders [`canonical`] remembers per thread.
const KNOWN_DIRS: usize = 4096;

#[cfg(test)]
mod tests {
    use super::*;

    /// The remembered folder never changes an answer: symlinked files and
    /// folders, `..`, missing files, and folders asked in turn.
    #[cfg(unix)]
    #[test]
    fn canonical_is_canonicalize() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::create_dir_all(root.join("c")).unwrap();
        std::fs::write(root.join("a/b/x.vtt"), "").unwrap();
        std::fs::write(root.join("c/y.vtt"), "").unwrap();
        std::os::unix::fs::symlink(root.join("c/y.vtt"), root.join("a/b/link.vtt")).unwrap();
        std::os::unix::fs::symlink(root.join("a/b"), root.join("c/dirlink")).unwrap();
        let paths = [
            "a/b/x.vtt",
            "a/b/link.vtt",
            "c/y.vtt",
            "c/dirlink/x.vtt",
            "c/dirlink/link.vtt",
            "a/b/../../c/y.vtt",
            "a/b/./x.vtt",
            "a/b/missing.vtt",
            "a/b",
            "a/b/..",
        ];
        for _ in 0..2 {
            for p in paths.iter().chain(paths.iter().rev()) {
                let p = root.join(p);
                assert_eq!(canonical(&p), p.canonicalize().ok(), "{}", p.display());
            }
        }
    }

    #[test]
    fn rows_and_lookup() {
        let text = "file,call_id,rep,date,call_type,speaker_map\n\
            week/a.json,acme-1,Dana Reyes,2026-11-16,Discovery,SPEAKER_00=Dana Reyes; SPEAKER_01=Tom Alvarez\n\
            week/b.vtt,,,,,\n";
        let m = Manifest::parse(text, Path::new("/data/fx")).unwrap();
        let e = m.find(Path::new("/data/fx/week/./a.json")).unwrap();
        assert_eq!(e.call_id.as_deref(), Some("acme-1"));
        assert_eq!(e.call_type.as_deref(), Some("discovery"));
        assert_eq!(
            e.speaker_map[1],
            ("SPEAKER_01".to_string(), "Tom Alvarez".to_string())
        );
        assert_eq!(
            m.find(Path::new("elsewhere/b.vtt")).unwrap().line,
            3,
            "unique file name matches"
        );
        assert!(m.find(Path::new("c.vtt")).is_none());

        // A file name on two rows is found by its full path only.
        let text = "file,call_id\nmon/a.vtt,one\ntue/a.vtt,two\n";
        let m = Manifest::parse(text, Path::new("/w")).unwrap();
        let id = |p: &str| m.find(Path::new(p)).and_then(|e| e.call_id.clone());
        assert_eq!(id("/w/tue/a.vtt").as_deref(), Some("two"));
        assert_eq!(id("elsewhere/a.vtt"), None, "ambiguous by name");
    }

    /// A row whose file is a symlink is found by the path it resolves to, or
    /// by the name it is written with, never by its target's name alone.
    #[cfg(unix)]
    #[test]
    fn symlinked_rows_match_like_their_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(root.join("real.vtt"), "").unwrap();
        std::os::unix::fs::symlink(root.join("real.vtt"), root.join("link.vtt")).unwrap();
        let m = Manifest::parse("file,call_id\nlink.vtt,one\nb.vtt,two\n", root).unwrap();
        let id = |p: &Path| m.find(p).and_then(|e| e.call_id);
        assert_eq!(id(&root.join("real.vtt")).as_deref(), Some("one"));
        assert_eq!(id(&root.join("link.vtt")).as_deref(), Some("one"));
        assert_eq!(id(Path::new("elsewhere/link.vtt")).as_deref(), Some("one"));
        assert_eq!(id(Path::new("elsewhere/real.vtt")), None);
        assert_eq!(id(Path::new("elsewhere/b.vtt")).as_deref(), Some("two"));
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn errors_name_the_line() {
        let e = Manifest::parse("file,date\na.vtt,16/11/2026\n", Path::new(".")).unwrap_err();
        assert!(format!("{e:#}").starts_with("2: date"), "{e:#}");
        let e = Manifest::parse("file,speaker_map\na.vtt,SPEAKER_00 Dana\n", Path::new("."))
            .unwrap_err();
        assert!(format!("{e:#}").contains("has no `=`"), "{e:#}");
        let e = Manifest::parse("file\na.vtt\n./a.vtt\n", Path::new("/x")).unwrap_err();
        assert!(
            format!("{e:#}").contains("already listed on line 2"),
            "{e:#}"
        );
    }
}
