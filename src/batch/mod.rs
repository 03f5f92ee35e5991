//! The batch run: find transcripts, read and measure them in parallel, and
//! account for every file. Each worker reads one file, measures it, and keeps
//! only the small [`CallRecord`]; the transcript is dropped there, so memory
//! grows with the number of calls' results, not with the corpus.

pub mod walk;

use std::path::PathBuf;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::config::{MeasureConfig, ReadConfig};
use crate::output::record::CallRecord;
use crate::read::{read_call, FileError};

/// What a batch run produced, in the order of the sorted file list, so the
/// same input gives the same output whatever the thread count.
#[derive(Debug, Default)]
pub struct Outcome {
    pub records: Vec<CallRecord>,
    pub failed: Vec<FileError>,
    pub skipped: Vec<(PathBuf, String)>,
    pub tracker_names: Vec<String>,
}

impl Outcome {
    pub fn found(&self) -> usize {
        self.records.len() + self.failed.len() + self.skipped.len()
    }
}

/// Scores `found` with `threads` workers (0: one per core). `tick` is called
/// once per file done (the progress bar).
pub fn score(
    found: walk::Found,
    read: &ReadConfig,
    measure: &MeasureConfig,
    threads: usize,
    tick: &(dyn Fn() + Sync),
) -> Result<Outcome> {
    let tracker_names: Vec<String> = measure
        .detectors
        .trackers
        .iter()
        .map(|(t, _)| t.name.clone())
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let results: Vec<Result<CallRecord, FileError>> = pool.install(|| {
        found
            .files
            .par_iter()
            .map(|p| {
                let r = read_call(p, read).map(|call| {
                    let talk = crate::metrics::talk::measure(&call, measure.talk_denominator);
                    let spoken = crate::metrics::spoken::measure(&call, &measure.detectors);
                    CallRecord::new(&call, &talk, &spoken, &tracker_names)
                });
                tick();
                r
            })
            .collect()
    });
    let mut out = Outcome {
        skipped: found.skipped,
        tracker_names,
        ..Outcome::default()
    };
    for r in results {
        match r {
            Ok(rec) => out.records.push(rec),
            Err(e) => out.failed.push(e),
        }
    }
    Ok(out)
}
