//! Running a parsed command line: each subcommand's top level, returning the
//! process exit status (see [`ExitStatus`]).

use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command, InspectArgs, ScoreArgs};
use crate::config::{use_color, ReadConfig};
use crate::model::Format;
use crate::output::OutFormat;

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
    let started = std::time::Instant::now();
    let read = ReadConfig::from_args(&args.input)?;
    let measure = crate::config::MeasureConfig::from_args(&args.input)?;
    // Fail before any work when the results could not be written.
    prepare_out(&args.out)?;
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
    let bar = progress_bar(found.files.len() as u64, args.quiet);
    let formats: Vec<OutFormat> = args.format.iter().map(|f| f.out()).collect();
    let mut tables = crate::output::tables::BatchTables::create(
        &args.out,
        &formats,
        &crate::batch::tracker_names(&measure),
    )?;
    let tally = crate::batch::score(
        found,
        &read,
        &measure,
        args.threads.unwrap_or(0),
        &|| bar.inc(1),
        &mut |r| tables.accept(r),
    )?;
    bar.finish_and_clear();
    let written = tables.finish(&tally)?;
    for e in &written.failed {
        eprintln!("callscore: {e}");
    }
    if !args.quiet {
        let mut out = std::io::stdout().lock();
        if let Some(r) = &written.reps {
            crate::summary::write_reps(&mut out, r)?;
        }
        write_summary(&mut out, &tally, started.elapsed(), &written.paths)?;
    }
    Ok(if tally.scored == 0 && tally.found() > 0 {
        ExitStatus::Error
    } else {
        ExitStatus::Ok
    })
}

/// Creates the output folder and proves it is writable.
fn prepare_out(dir: &std::path::Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("--out {}: cannot create the folder", dir.display()))?;
    let probe = dir.join(".callscore-write-test");
    std::fs::write(&probe, b"")
        .with_context(|| format!("--out {}: the folder is not writable", dir.display()))?;
    std::fs::remove_file(&probe).ok();
    Ok(())
}

fn progress_bar(len: u64, quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} calls  {per_sec}  ETA {eta}")
    {
        bar.set_style(style);
    }
    bar
}

fn write_summary(
    out: &mut impl Write,
    o: &crate::batch::Tally,
    took: std::time::Duration,
    written: &[std::path::PathBuf],
) -> Result<()> {
    writeln!(
        out,
        "found {}, scored {}, failed {}, skipped {} in {:.1} s",
        o.found(),
        o.scored,
        o.failed,
        o.skipped.len(),
        took.as_secs_f64()
    )?;
    for p in written {
        writeln!(out, "wrote {}", p.display())?;
    }
    Ok(())
}
