//! The tables of a batch run: `calls` (one row per call) and `evidence` (one
//! row per detected moment) are streamed to disk as calls are measured;
//! `errors` (one row per file that failed or was skipped), `reps` and `team`
//! are built at the end, the last two from the columns of the calls table
//! that the aggregation reads (`narrow`).

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::narrow::Narrow;
use super::record::{CallRecord, Cell, CALL_COLUMNS, EVIDENCE_COLUMNS};
use super::{Committer, OutFormat, Table, TableWriter};
use crate::batch::Tally;
use crate::read::FileError;

/// The tables every batch run writes (with `check`, also
/// [`crate::targets::judge::TABLES`]).
pub const TABLES: &[&str] = &["calls", "evidence", "errors", "reps", "team"];

/// The tables being written by a batch run.
pub struct BatchTables {
    dir: PathBuf,
    formats: Vec<OutFormat>,
    calls: TableWriter,
    evidence: TableWriter,
    /// The columns of `calls` the aggregation reads.
    narrow: Narrow,
    failed: Vec<FileError>,
    /// Evidence rows written since the tables were last synced early.
    unsynced: usize,
}

/// The evidence rows (~220 bytes each in CSV) after which the streamed
/// tables are synced to disk in the background: ~50 MB at a time, instead
/// of half a gigabyte once the last call is written.
const SYNC_EVERY_ROWS: usize = 250_000;

/// What a finished batch wrote and what the screen summary needs.
pub struct Written {
    /// Every table's files; `calls` and `evidence` are in place once the
    /// committer given to [`BatchTables::finish`] is done.
    pub paths: Vec<PathBuf>,
    /// `None` when no call was scored.
    pub reps: Option<Table>,
    pub team: Option<Table>,
    pub failed: Vec<FileError>,
    /// The batch's first and last call dates (ISO), and how many reps and
    /// teams it has.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub reps_count: usize,
    pub teams_count: usize,
}

/// The columns of `calls.*`: the fixed ones, then one per tracker.
pub fn call_columns(trackers: &[String]) -> Vec<String> {
    let mut columns: Vec<String> = CALL_COLUMNS.iter().map(|c| c.to_string()).collect();
    columns.extend(trackers.iter().map(|n| format!("tracker_{n}")));
    columns
}

impl BatchTables {
    pub fn create(dir: &Path, formats: &[OutFormat], trackers: &[String]) -> Result<BatchTables> {
        let columns = call_columns(trackers);
        let narrow = Narrow::new(&columns, crate::aggregate::READS);
        Ok(BatchTables {
            dir: dir.to_path_buf(),
            formats: formats.to_vec(),
            calls: TableWriter::create(dir, "calls", columns, formats)?,
            evidence: TableWriter::create(
                dir,
                "evidence",
                EVIDENCE_COLUMNS.iter().map(|c| c.to_string()).collect(),
                formats,
            )?,
            narrow,
            failed: Vec::new(),
            unsynced: 0,
        })
    }

    /// Makes room for `calls` calls in the columns kept for the rep tables.
    pub fn expect(&mut self, calls: usize) {
        self.narrow.expect(calls);
    }

    /// Takes one file's result, in batch order; `committer` syncs what is
    /// written as the tables grow.
    pub fn accept(
        &mut self,
        r: Result<CallRecord, FileError>,
        committer: &Committer,
    ) -> Result<()> {
        match r {
            Ok(rec) => {
                self.narrow.push(&rec.cells);
                self.calls.push(&rec.cells)?;
                for cells in rec.evidence.cells() {
                    self.evidence.push(&cells)?;
                    self.unsynced += 1;
                }
                if self.unsynced >= SYNC_EVERY_ROWS {
                    self.unsynced = 0;
                    committer.sync_early(&self.evidence);
                    committer.sync_early(&self.calls);
                }
            }
            Err(e) => self.failed.push(e),
        }
        Ok(())
    }

    /// Completes the streamed tables, handing them to `committer` to be put
    /// in place, and writes the summary ones.
    pub fn finish(self, tally: &Tally, committer: &Committer) -> Result<Written> {
        let distinct = |name: &str| -> Vec<&str> {
            self.narrow
                .column(name)
                .map(|v| v.distinct())
                .unwrap_or_default()
        };
        let dates = distinct("date");
        let (reps_count, teams_count) = (distinct("rep").len(), distinct("team").len());
        let (first_date, last_date) = (
            dates.first().map(|d| d.to_string()),
            dates.last().map(|d| d.to_string()),
        );
        let mut paths = Vec::new();
        for t in [self.calls, self.evidence] {
            let closed = t.close()?;
            paths.extend(closed.paths());
            committer.commit(closed)?;
        }
        paths.extend(super::write(
            &self.dir,
            &errors(&self.failed, &tally.skipped),
            &self.formats,
        )?);
        let (mut reps, mut team) = (None, None);
        if !self.narrow.is_empty() {
            let df = crate::aggregate::frame_of(&self.narrow)?;
            let r = crate::aggregate::reps(&df)?;
            let t = crate::aggregate::team(&df)?;
            paths.extend(super::write(&self.dir, &r, &self.formats)?);
            paths.extend(super::write(&self.dir, &t, &self.formats)?);
            reps = Some(r);
            team = Some(t);
        }
        Ok(Written {
            paths,
            reps,
            team,
            failed: self.failed,
            first_date,
            last_date,
            reps_count,
            teams_count,
        })
    }
}

/// `errors`: every file that failed or was skipped, sorted by path.
pub fn errors(failed: &[FileError], skipped: &[(PathBuf, String)]) -> Table {
    let s = |v: String| Cell::Str(Some(v));
    let mut rows: Vec<Vec<Cell>> = failed
        .iter()
        .map(|e| {
            vec![
                s(e.path.display().to_string()),
                Cell::U32(Some(e.line)),
                s("failed".into()),
                s(e.message.clone()),
            ]
        })
        .chain(skipped.iter().map(|(p, why)| {
            vec![
                s(p.display().to_string()),
                Cell::U32(None),
                s("skipped".into()),
                s(why.clone()),
            ]
        }))
        .collect();
    rows.sort_by(|a, b| a[0].to_text().cmp(&b[0].to_text()));
    Table {
        name: "errors",
        columns: ["source", "line", "status", "message"]
            .iter()
            .map(|c| c.to_string())
            .collect(),
        rows,
    }
}
