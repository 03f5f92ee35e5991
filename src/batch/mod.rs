//! The batch run: find transcripts, read and measure them in parallel, and
//! account for every file.
//!
//! Files are taken in chunks, in the sorted order of the file list. The
//! worker threads measure one chunk while the calling thread hands the
//! previous chunk's results, in order, to the caller's sink (which writes the
//! tables); with one thread, measuring and writing take turns. Each worker
//! keeps only the small [`CallRecord`] of a call; the transcript is dropped
//! there. So memory is bounded by the chunk, not by the
//! size of the batch, and the output does not depend on the thread count.

pub mod walk;

use std::path::PathBuf;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::config::{MeasureConfig, ReadConfig};
use crate::output::record::CallRecord;
use crate::read::{read_call, FileError};

/// How many files each worker thread gets per chunk.
const FILES_PER_THREAD: usize = 64;

/// Files that were found but not read, and the run's tracker columns.
#[derive(Debug, Default)]
pub struct Tally {
    pub scored: usize,
    pub failed: usize,
    pub skipped: Vec<(PathBuf, String)>,
}

impl Tally {
    pub fn found(&self) -> usize {
        self.scored + self.failed + self.skipped.len()
    }
}

/// The tracker names of a run, in playbook order: one column each.
pub fn tracker_names(measure: &MeasureConfig) -> Vec<String> {
    measure
        .detectors
        .trackers
        .iter()
        .map(|(t, _)| t.name.clone())
        .collect()
}

/// What each worker does with a file, and how many workers.
#[derive(Clone, Copy)]
pub struct Job<'a> {
    pub read: &'a ReadConfig,
    pub measure: &'a MeasureConfig,
    /// Rules to judge on each call (`check`).
    pub checks: Option<&'a crate::targets::Checks>,
    /// Calls whose timeline is kept for the report even without a miss.
    pub timelines_for: &'a [String],
    /// Worker threads (0 lets the pool decide; `run` always passes the
    /// count it resolved).
    pub threads: usize,
}

/// Scores `found` with `threads` workers (0: the pool's default), calling `sink`
/// with each file's result in the order of the sorted file list. `tick` is
/// called once per file done (the progress bar). An error from `sink` (a
/// table that cannot be written) stops the run.
pub fn score(
    found: walk::Found,
    job: &Job,
    tick: &(dyn Fn() + Sync),
    sink: &mut dyn FnMut(Result<CallRecord, FileError>) -> Result<()>,
) -> Result<Tally> {
    let Job {
        read,
        measure,
        checks,
        timelines_for,
        threads,
    } = *job;
    let trackers = tracker_names(measure);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let chunk = pool.current_num_threads().max(1) * FILES_PER_THREAD;
    let mut tally = Tally {
        skipped: found.skipped,
        ..Tally::default()
    };
    // Paths are dropped chunk by chunk once measured: a batch's file list
    // is one of the few things that grows with its size.
    let mut files = found.files.into_iter();
    let mut next_chunk = move || -> Vec<PathBuf> { files.by_ref().take(chunk).collect() };
    let measure_one = |p: &PathBuf| {
        let r = read_call(p, read).map(|call| {
            let talk = crate::metrics::talk::measure(&call, measure.talk_denominator);
            let mut buf = crate::metrics::spoken::buffers_for(&call);
            let said = crate::metrics::spoken::split(&call, &mut buf);
            let spoken = crate::metrics::spoken::measure_said(&call, &said, &measure.detectors);
            let mut rec = CallRecord::new(&call, &talk, &spoken, &trackers);
            if let Some(checks) = checks {
                let view = crate::rules::eval::CallView::new(
                    &call,
                    &talk,
                    &spoken,
                    &rec.cells,
                    &measure.detectors,
                    &said,
                );
                rec.verdicts = checks.judge(&view);
            }
            let missed = rec
                .verdicts
                .iter()
                .any(|(_, v)| v.status == crate::rules::eval::Status::Fail);
            if missed || timelines_for.contains(&call.id) {
                let evidence: Vec<_> = talk
                    .evidence
                    .iter()
                    .chain(&spoken.evidence)
                    .cloned()
                    .collect();
                rec.timeline = Some(crate::report::Timeline::of(&call, &evidence));
            }
            rec
        });
        tick();
        r
    };
    let mut take = |done: Vec<Result<CallRecord, FileError>>| -> Result<()> {
        for r in done {
            match &r {
                Ok(_) => tally.scored += 1,
                Err(_) => tally.failed += 1,
            }
            sink(r)?;
        }
        Ok(())
    };
    if pool.current_num_threads() == 1 {
        // One thread means one core: measuring and writing take turns on
        // this thread instead of overlapping on two.
        loop {
            let part = next_chunk();
            if part.is_empty() {
                return Ok(tally);
            }
            take(part.iter().map(measure_one).collect())?;
        }
    }
    std::thread::scope(|s| -> Result<()> {
        // One chunk in flight while the previous one is written.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Result<CallRecord, FileError>>>(1);
        let pool = &pool;
        let measure_one = &measure_one;
        s.spawn(move || loop {
            let part = next_chunk();
            if part.is_empty() {
                return;
            }
            let done: Vec<_> = pool.install(|| part.par_iter().map(measure_one).collect());
            if tx.send(done).is_err() {
                return; // the sink failed; stop measuring
            }
        });
        for done in rx {
            take(done)?;
        }
        Ok(())
    })?;
    Ok(tally)
}
