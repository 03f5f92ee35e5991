//! Writing result tables. Every table is a list of named columns and rows of
//! typed cells ([`record::Cell`]), written to one file per output format.
//!
//! Rows are streamed: a [`TableWriter`] takes them as the batch produces them,
//! so a table never has to be held whole in memory. Each file is written
//! under a temporary name (`.calls.csv.partial`) and renamed into place only
//! when complete, so an interrupted run never leaves a half-written table that
//! looks complete.

pub mod csv_out;
pub mod jsonl;
pub mod narrow;
pub mod parquet;
pub mod record;
pub mod rows;
pub mod tables;

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use record::Cell;

/// A table held in memory (the small ones: errors, reps, team, targets).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// Index of a column by name.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutFormat {
    Csv,
    Jsonl,
    Parquet,
}

impl OutFormat {
    pub fn ext(self) -> &'static str {
        match self {
            OutFormat::Csv => "csv",
            OutFormat::Jsonl => "jsonl",
            OutFormat::Parquet => "parquet",
        }
    }
}

/// One file of a table being written.
enum Sink {
    Csv(BufWriter<File>),
    Jsonl(BufWriter<File>),
    Parquet(Box<parquet::ParquetStream<BufWriter<File>>>),
}

struct Part {
    sink: Sink,
    /// The file the sink writes through (a second handle), kept to sync it.
    file: File,
    tmp: PathBuf,
    path: PathBuf,
}

/// Writes one table in several formats at once, row by row.
pub struct TableWriter {
    columns: Vec<String>,
    parts: Vec<Part>,
}

impl TableWriter {
    /// Creates `dir/.<name>.<ext>.partial` for each format.
    pub fn create(
        dir: &Path,
        name: &str,
        columns: Vec<String>,
        formats: &[OutFormat],
    ) -> Result<TableWriter> {
        let mut parts = Vec::new();
        for &f in formats {
            let path = dir.join(format!("{name}.{}", f.ext()));
            let tmp = dir.join(format!(".{name}.{}.partial", f.ext()));
            let file =
                File::create(&tmp).with_context(|| format!("{}: cannot create", tmp.display()))?;
            let handle = file
                .try_clone()
                .with_context(|| format!("{}: cannot create", tmp.display()))?;
            let sink = match f {
                OutFormat::Csv => {
                    let mut c = BufWriter::with_capacity(1 << 16, handle);
                    csv_out::write_header(&mut c, &columns)
                        .with_context(|| format!("{}: cannot write", tmp.display()))?;
                    Sink::Csv(c)
                }
                OutFormat::Jsonl => Sink::Jsonl(BufWriter::with_capacity(1 << 16, handle)),
                // Buffered: the Parquet writer writes page by page, in
                // pieces of a few bytes to a few KB; its footer flushes.
                OutFormat::Parquet => Sink::Parquet(Box::new(parquet::ParquetStream::new(
                    BufWriter::with_capacity(1 << 16, handle),
                    columns.clone(),
                ))),
            };
            parts.push(Part {
                sink,
                file,
                tmp,
                path,
            });
        }
        Ok(TableWriter { columns, parts })
    }

    /// Appends one row (cells in column order), owned or borrowed: each
    /// format copies what it keeps.
    pub fn push<S: AsRef<str> + std::fmt::Debug>(&mut self, row: &[Cell<S>]) -> Result<()> {
        debug_assert_eq!(row.len(), self.columns.len());
        for p in &mut self.parts {
            match &mut p.sink {
                Sink::Csv(w) => csv_out::write_row(w, row),
                Sink::Jsonl(w) => jsonl::write_row(w, &self.columns, row),
                Sink::Parquet(w) => w.push(row),
            }
            .with_context(|| format!("{}: cannot write", p.tmp.display()))?;
        }
        Ok(())
    }

    /// Flushes every file and renames it into place; returns the paths.
    pub fn finish(self) -> Result<Vec<PathBuf>> {
        self.close()?.commit()
    }

    /// Flushes every file, leaving it under its temporary name: the files
    /// are complete, and [`Closed::commit`] puts them in place.
    pub fn close(self) -> Result<Closed> {
        let mut files = Vec::new();
        for p in self.parts {
            let what = || format!("{}: cannot write", p.tmp.display());
            match p.sink {
                Sink::Csv(w) | Sink::Jsonl(w) => {
                    w.into_inner()
                        .map_err(|e| e.into_error())
                        .with_context(what)?;
                }
                Sink::Parquet(w) => w.finish().with_context(what)?,
            }
            files.push((p.file, p.tmp, p.path));
        }
        Ok(Closed(files))
    }
}

/// A table's files, written whole under their temporary names: each is
/// still to be synced to disk and renamed into place.
pub struct Closed(Vec<(File, PathBuf, PathBuf)>);

impl Closed {
    /// Where the files go.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.0.iter().map(|(_, _, path)| path.clone()).collect()
    }

    /// Syncs each file to disk and renames it into place; returns the paths.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        let mut done = Vec::new();
        for (file, tmp, path) in self.0 {
            file.sync_all().ok();
            std::fs::rename(&tmp, &path)
                .with_context(|| format!("{}: cannot rename into place", path.display()))?;
            done.push(path);
        }
        Ok(done)
    }
}

/// Commits closed tables ([`Closed::commit`]) on a thread of its own, or
/// at once. Syncing a batch's large tables to disk (`evidence.csv` is
/// ~0.5 GB for 25,000 calls) takes a fifth of a second that the summary
/// tables and the report need not wait for; on that thread, the tables
/// being written are also synced as they grow ([`Committer::sync_early`]),
/// so little is left to write out at the end.
pub struct Committer {
    worker: Option<(
        std::sync::mpsc::Sender<Job>,
        std::thread::JoinHandle<Result<()>>,
    )>,
}

enum Job {
    Commit(Closed),
    Sync(Vec<File>),
}

impl Committer {
    /// With `background`, tables are committed on a thread of their own
    /// (a run allowed more than one core); otherwise each as it is handed
    /// over.
    pub fn new(background: bool) -> Committer {
        let worker = background.then(|| {
            let (tx, rx) = std::sync::mpsc::channel::<Job>();
            let handle = std::thread::spawn(move || -> Result<()> {
                for job in rx {
                    match job {
                        Job::Commit(closed) => {
                            closed.commit()?;
                        }
                        // Only to start the writing early: the commit
                        // syncs again, and reports nothing either.
                        Job::Sync(files) => files.iter().for_each(|f| drop(f.sync_data())),
                    }
                }
                Ok(())
            });
            (tx, handle)
        });
        Committer { worker }
    }

    /// Commits `closed`, now or on the committing thread; an error there
    /// is returned by [`Committer::wait`].
    pub fn commit(&self, closed: Closed) -> Result<()> {
        match &self.worker {
            // A closed channel means the thread stopped at an error, which
            // `wait` returns.
            Some((tx, _)) => {
                let _ = tx.send(Job::Commit(closed));
            }
            None => {
                closed.commit()?;
            }
        }
        Ok(())
    }

    /// Writes what `table` has written so far out to disk, on the
    /// committing thread; nothing when there is none.
    pub fn sync_early(&self, table: &TableWriter) {
        if let Some((tx, _)) = &self.worker {
            let files = table.parts.iter().filter_map(|p| p.file.try_clone().ok());
            let _ = tx.send(Job::Sync(files.collect()));
        }
    }

    /// Waits until every table handed over is in place.
    pub fn wait(mut self) -> Result<()> {
        self.join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }

    /// Closes the channel and waits for the committing thread to finish
    /// what it was handed; `Ok(Ok(()))` without one.
    fn join(&mut self) -> std::thread::Result<Result<()>> {
        match self.worker.take() {
            Some((tx, handle)) => {
                drop(tx);
                handle.join()
            }
            None => Ok(Ok(())),
        }
    }
}

/// A run that stops at an error after handing tables over (the report
/// could not be written) still puts them in place before it exits, as it
/// did when they were committed on the spot, rather than leaving
/// `calls.csv` new and `evidence.csv` old; the error being returned is the
/// one reported.
impl Drop for Committer {
    fn drop(&mut self) {
        let _ = self.join();
    }
}

/// Writes a whole in-memory table in each format; returns the paths.
pub fn write(dir: &Path, table: &Table, formats: &[OutFormat]) -> Result<Vec<PathBuf>> {
    let mut w = TableWriter::create(dir, table.name, table.columns.clone(), formats)?;
    for row in &table.rows {
        w.push(row)?;
    }
    w.finish()
}

/// Marks a folder as callscore's output: only in such a folder does a run
/// remove files of earlier runs it did not write this time, so `--out .`
/// in a folder of the user's own never loses a `calls.jsonl` or `gaps.csv`
/// of theirs. A walk passes over callscore's files in any folder so marked.
pub const MARKER: &str = ".callscore";

/// Every file name a run can write into `--out`: the tables in every format
/// and the report's files (not the [`MARKER`]).
pub fn owned_names() -> Vec<String> {
    let tables = tables::TABLES.iter().chain(crate::targets::judge::TABLES);
    let mut names: Vec<String> = tables
        .flat_map(|t| {
            [OutFormat::Csv, OutFormat::Jsonl, OutFormat::Parquet]
                .map(|f| format!("{t}.{}", f.ext()))
        })
        .collect();
    names.extend(crate::report::FILES.map(String::from));
    names
}

/// Removes from `dir` the files a run can write (only those names, never
/// other files) that this run did not write, so nothing in `--out` is older
/// than the run: `calls.jsonl` of an earlier `--format jsonl` run, an earlier
/// `check`'s verdicts, the rep tables when no call was scored. Called once
/// the run's own files are in place.
pub fn remove_stale(dir: &Path, written: &[PathBuf]) -> Result<()> {
    for name in owned_names() {
        if written.iter().any(|p| p.file_name() == Some(name.as_ref())) {
            continue;
        }
        let path = dir.join(&name);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| {
                    format!(
                        "{}: an earlier run's file cannot be removed; remove it by hand or choose another --out",
                        path.display()
                    )
                });
            }
            _ => {}
        }
    }
    Ok(())
}

/// Writes a text file (the report) through a temporary name, like the tables.
pub fn write_text(dir: &Path, name: &str, text: &str) -> Result<PathBuf> {
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.partial"));
    std::fs::write(&tmp, text).with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, &path)
        .with_context(|| format!("{}: cannot rename into place", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In the background or at once, a table handed to the committer is in
    /// place, whole, once `wait` returns, and synced early or not, its files
    /// hold every row; until then it is under its temporary name.
    #[test]
    fn committed_tables_are_in_place_after_wait() {
        for background in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let d = dir.path();
            let committer = Committer::new(background);
            let mut w = TableWriter::create(
                d,
                "calls",
                vec!["call_id".into()],
                &[OutFormat::Csv, OutFormat::Jsonl],
            )
            .unwrap();
            for i in 0..1000 {
                w.push(&[Cell::Str(Some(format!("c{i}")))]).unwrap();
                if i % 300 == 0 {
                    committer.sync_early(&w);
                }
            }
            let closed = w.close().unwrap();
            assert_eq!(closed.paths(), [d.join("calls.csv"), d.join("calls.jsonl")]);
            assert!(d.join(".calls.csv.partial").exists());
            committer.commit(closed).unwrap();
            committer.wait().unwrap();
            let csv = std::fs::read_to_string(d.join("calls.csv")).unwrap();
            assert_eq!(csv.lines().count(), 1001, "{background}");
            assert!(csv.ends_with("c999\n"));
            let jsonl = std::fs::read_to_string(d.join("calls.jsonl")).unwrap();
            assert_eq!(jsonl.lines().count(), 1000);
            assert!(!d.join(".calls.csv.partial").exists());
        }
    }

    /// A committer dropped without `wait` (the run stopped at a later
    /// error) still puts what it was handed in place.
    #[test]
    fn a_dropped_committer_finishes_its_tables() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let committer = Committer::new(true);
        let mut w =
            TableWriter::create(d, "evidence", vec!["quote".into()], &[OutFormat::Csv]).unwrap();
        w.push(&[Cell::Str(Some("so what does a normal monday look like"))])
            .unwrap();
        committer.commit(w.close().unwrap()).unwrap();
        drop(committer);
        let csv = std::fs::read_to_string(d.join("evidence.csv")).unwrap();
        assert_eq!(csv, "quote\nso what does a normal monday look like\n");
    }
}
