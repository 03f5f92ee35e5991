//! Running a parsed command line: each subcommand's top level, returning the
//! process exit status (see [`ExitStatus`]).

use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command, InspectArgs, ScoreArgs};
use crate::config::{use_color, ReadConfig};
use crate::ingest::timecode::fmt_clock;
use crate::model::Format;

/// The documented exit statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything read (and, for `check`, every target met).
    Ok = 0,
    /// A target was missed (`check`).
    TargetMissed = 1,
    /// An error: bad flags or configuration, or no file could be read.
    Error = 2,
}

pub fn run(cli: Cli) -> Result<ExitStatus> {
    match cli.command {
        Command::Score(args) => score(&args),
        Command::Inspect(args) => inspect(&args),
        Command::Formats => {
            let mut out = std::io::stdout().lock();
            for f in Format::ALL {
                writeln!(out, "{}", f.name())?;
            }
            Ok(ExitStatus::Ok)
        }
    }
}

fn inspect(args: &InspectArgs) -> Result<ExitStatus> {
    let cfg = ReadConfig::from_args(&args.input)?;
    let measure = crate::config::MeasureConfig::from_args(&args.input)?;
    match crate::read::read_call(&args.file, &cfg) {
        Ok(call) => {
            let spoken = crate::metrics::spoken::measure(&call, &measure.detectors);
            let talk = crate::metrics::talk::measure(&call, measure.talk_denominator);
            print!(
                "{}",
                crate::inspect::render(&call, &talk, &spoken, use_color(args.color))
            );
            Ok(ExitStatus::Ok)
        }
        Err(e) => {
            eprintln!("callscore: {e}");
            Ok(ExitStatus::Error)
        }
    }
}

fn score(args: &ScoreArgs) -> Result<ExitStatus> {
    let cfg = ReadConfig::from_args(&args.input)?;
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot start worker threads")?;
    }
    let exclude: Vec<_> = [
        &args.input.roster,
        &args.input.manifest,
        &args.input.playbook,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    let found = crate::batch::walk::find(&args.paths, &exclude);
    let results = crate::batch::read_all(&found.files, &cfg);
    let mut out = std::io::stdout().lock();
    let (mut scored, mut failed) = (0, 0);
    if !args.quiet {
        writeln!(
            out,
            "{:<34} {:<18} {:<16} {:<10} {:<11} {:>8} {:>5}",
            "call_id", "format", "rep", "date", "type", "duration", "turns"
        )?;
    }
    for r in &results {
        match r {
            Ok(c) => {
                scored += 1;
                if !args.quiet {
                    writeln!(
                        out,
                        "{:<34} {:<18} {:<16} {:<10} {:<11} {:>8} {:>5}",
                        c.id,
                        c.format.name(),
                        c.meta.rep.as_deref().unwrap_or("?"),
                        c.meta.date.as_deref().unwrap_or("-"),
                        c.meta.call_type.as_deref().unwrap_or("-"),
                        fmt_clock(c.duration_ms()),
                        c.turns.len()
                    )?;
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("callscore: {e}");
            }
        }
    }
    for (p, why) in &found.skipped {
        if !args.quiet {
            eprintln!("callscore: skipped {}: {why}", p.display());
        }
    }
    let total = results.len() + found.skipped.len();
    eprintln!(
        "found {total}, scored {scored}, failed {failed}, skipped {}",
        found.skipped.len()
    );
    Ok(if scored == 0 && total > 0 {
        ExitStatus::Error
    } else {
        ExitStatus::Ok
    })
}
