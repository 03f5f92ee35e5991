//! The tables of a batch run: `calls` (one row per call) and `evidence` (one
//! row per detected moment) are streamed to disk as calls are measured;
//! `errors` (one row per file that failed or was skipped), `reps` and `team`
//! are built at the end, the last two from a narrow copy of the calls table
//! that holds only the columns the aggregation reads.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::record::{CallRecord, Cell, CALL_COLUMNS, EVIDENCE_COLUMNS};
use super::{OutFormat, Table, TableWriter};
use crate::batch::Tally;
use crate::read::FileError;

/// The tables being written by a batch run.
pub struct BatchTables {
    dir: PathBuf,
    formats: Vec<OutFormat>,
    calls: TableWriter,
    evidence: TableWriter,
    /// Positions in a calls row of the columns the aggregation reads.
    keep: Vec<usize>,
    /// The calls table narrowed to those columns.
    narrow: Table,
    failed: Vec<FileError>,
}

/// What a finished batch wrote and what the screen summary needs.
pub struct Written {
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
        let keep: Vec<usize> = crate::aggregate::READS
            .iter()
            .map(|c| {
                columns
                    .iter()
                    .position(|k| k == c)
                    .expect("the aggregation reads calls columns")
            })
            .collect();
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
            keep,
            narrow: Table {
                name: "calls",
                columns: crate::aggregate::READS
                    .iter()
                    .map(|c| c.to_string())
                    .collect(),
                rows: Vec::new(),
            },
            failed: Vec::new(),
        })
    }

    /// Takes one file's result, in batch order.
    pub fn accept(&mut self, r: Result<CallRecord, FileError>) -> Result<()> {
        match r {
            Ok(rec) => {
                self.calls.push(&rec.cells)?;
                for e in &rec.evidence {
                    self.evidence.push(&e.cells())?;
                }
                self.narrow
                    .rows
                    .push(self.keep.iter().map(|&i| rec.cells[i].clone()).collect());
            }
            Err(e) => self.failed.push(e),
        }
        Ok(())
    }

    /// Completes the streamed tables and writes the summary ones.
    pub fn finish(self, tally: &Tally) -> Result<Written> {
        let distinct = |name: &str| -> Vec<String> {
            let i = self.narrow.col(name).expect("a narrow column");
            let mut v: Vec<String> = self
                .narrow
                .rows
                .iter()
                .filter_map(|r| match &r[i] {
                    Cell::Str(Some(s)) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let dates = distinct("date");
        let (reps_count, teams_count) = (distinct("rep").len(), distinct("team").len());
        let mut paths = self.calls.finish()?;
        paths.extend(self.evidence.finish()?);
        paths.extend(super::write(
            &self.dir,
            &errors(&self.failed, &tally.skipped),
            &self.formats,
        )?);
        let (mut reps, mut team) = (None, None);
        if !self.narrow.rows.is_empty() {
            let r = crate::aggregate::reps(&self.narrow)?;
            let t = crate::aggregate::team(&self.narrow)?;
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
            first_date: dates.first().cloned(),
            last_date: dates.last().cloned(),
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
