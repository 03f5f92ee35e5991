//! Running a parsed command line: each subcommand's top level, returning the
//! process exit status (see [`ExitStatus`]).

use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::{
    CheckArgs, Cli, Command, InputArgs, InspectArgs, OutputArgs, ScoreArgs, TableFormat, TargetArgs,
};
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
        Command::Check(args) => check(&args),
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
    let trackers = crate::batch::tracker_names(&measure);
    let columns = crate::output::tables::call_columns(&trackers);
    let rules = args
        .rules
        .iter()
        .map(|r| crate::rules::Rule::compile(r, &columns, &measure.detectors))
        .collect::<Result<Vec<_>, _>>()?;
    match crate::read::read_call(&args.file, &cfg) {
        Ok(call) => {
            let mut buf = crate::metrics::spoken::buffers_for(&call);
            let said = crate::metrics::spoken::split(&call, &mut buf);
            let spoken = crate::metrics::spoken::measure_said(&call, &said, &measure.detectors);
            let talk = crate::metrics::talk::measure(&call, measure.talk_denominator);
            print!(
                "{}",
                crate::inspect::render(&call, &talk, &spoken, use_color(args.color))
            );
            if !rules.is_empty() {
                let rec = crate::output::record::CallRecord::new(&call, &talk, &spoken, &trackers);
                let view = crate::rules::eval::CallView::new(
                    &call,
                    &talk,
                    &spoken,
                    &rec.cells,
                    &measure.detectors,
                    &said,
                );
                print!("{}", crate::check::explain(&rules, &view));
            }
            Ok(ExitStatus::Ok)
        }
        Err(e) => {
            eprintln!("callscore: {e}");
            Ok(ExitStatus::Error)
        }
    }
}

/// What a batch run left for its command to report.
struct Batch {
    tally: crate::batch::Tally,
    written: crate::output::tables::Written,
    judged: Option<crate::targets::judge::Judged>,
    /// `report.html`, when written.
    report: Option<std::path::PathBuf>,
    took: std::time::Duration,
}

/// Reads, measures (and judges, with `spec`) every call under `paths`,
/// writing the tables to `--out`.
fn run_batch(
    paths: &[std::path::PathBuf],
    input: &InputArgs,
    output: &OutputArgs,
    spec: Option<crate::targets::Spec>,
    extra_config: &[std::path::PathBuf],
) -> Result<Batch> {
    let started = std::time::Instant::now();
    // The workers, and whether the walk and the committer get threads of
    // their own, follow one count.
    let threads = match output.threads {
        Some(n) if n > 0 => n,
        _ => default_threads(|name| std::env::var(name).ok()),
    };
    let formats: Vec<OutFormat> = output.format.iter().filter_map(|f| f.out()).collect();
    let formats = if formats.is_empty() {
        vec![OutFormat::Csv, OutFormat::Parquet]
    } else {
        formats
    };
    let exclude: Vec<_> = [&input.roster, &input.manifest, &input.playbook]
        .into_iter()
        .flatten()
        .chain(extra_config)
        .cloned()
        .collect();
    let stop = std::sync::atomic::AtomicBool::new(false);
    let walk = || crate::batch::walk::find(paths, &exclude, Some(&output.out), &stop);
    let configure = || -> Result<_> {
        let read = ReadConfig::from_args(input)?;
        let measure = crate::config::MeasureConfig::from_args(input)?;
        let trackers = crate::batch::tracker_names(&measure);
        let checks = spec
            .map(|s| {
                crate::targets::Checks::compile(
                    s,
                    &crate::output::tables::call_columns(&trackers),
                    &measure.detectors,
                )
            })
            .transpose()?;
        Ok((read, measure, checks))
    };
    // The folders are walked while the manifest, roster and playbook are
    // read (a tenth of a second each on a 25,000-call week), unless the run
    // is held to one core; a configuration error stops the walk. The walk
    // is over before `--out` is prepared, so it never meets this run's
    // files there.
    let (found, read, measure, checks) = std::thread::scope(|s| -> Result<_> {
        let walking = (threads > 1).then(|| s.spawn(walk));
        let (read, measure, checks) = configure().inspect_err(|_| {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        })?;
        let found = match walking {
            Some(w) => w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            None => walk(),
        };
        Ok((found, read, measure, checks))
    })?;
    // Fail before any transcript is read when the results could not be
    // written.
    let ours = prepare_out(&output.out)?;
    let trackers = crate::batch::tracker_names(&measure);
    let bar = progress_bar(found.files.len() as u64, output.quiet);
    let mut tables = crate::output::tables::BatchTables::create(&output.out, &formats, &trackers)?;
    tables.expect(found.files.len());
    let links = crate::targets::judge::Links {
        template: output.link_template.clone(),
    };
    let mut judge = checks
        .as_ref()
        .map(|c| crate::targets::judge::Judge::create(&output.out, &formats, c, links))
        .transpose()?;
    let mut timelines = crate::report::pick::Picked::new(output.timelines_per_rep);
    // Writing the tables out to disk overlaps the scoring, the summary
    // tables and the report, unless the run is held to one core.
    let committer = crate::output::Committer::new(threads > 1);
    let job = crate::batch::Job {
        read: &read,
        measure: &measure,
        checks: checks.as_ref(),
        timelines_for: &output.timelines,
        threads,
    };
    let tally = crate::batch::score(found, &job, &|| bar.inc(1), &mut |mut r| {
        if let Ok(rec) = &mut r {
            if let Some(j) = judge.as_mut() {
                j.accept(rec)?;
            }
            if let Some(t) = rec.timeline.take() {
                timelines.offer(t, output.timelines.contains(&t_id(rec)));
            }
        }
        tables.accept(r, &committer)
    })?;
    bar.finish_and_clear();
    // The manifest and roster (one entry per call) are no longer needed:
    // free them before the aggregation and the report, the run's peak.
    drop(read);
    let written = tables.finish(&tally, &committer)?;
    let judged = judge.map(|j| j.finish(&output.out, &formats)).transpose()?;
    let report_files = if output.no_report {
        Vec::new()
    } else {
        write_report(&output.out, &tally, &written, judged.as_ref(), timelines)?
    };
    committer.wait()?;
    // Only now, with this run's files in place: an interrupted run leaves
    // the previous run's files whole.
    if ours {
        let kept: Vec<_> = written
            .paths
            .iter()
            .chain(judged.iter().flat_map(|j| &j.paths))
            .chain(&report_files)
            .cloned()
            .collect();
        crate::output::remove_stale(&output.out, &kept)?;
    }
    let report = report_files.into_iter().next();
    crate::output::write_text(
        &output.out,
        crate::output::MARKER,
        "This folder holds callscore's output. Each run replaces the tables and\n\
         report it writes and removes those of earlier runs it did not write\n\
         (other formats, old verdicts); files with other names are never touched.\n",
    )?;
    for e in &written.failed {
        eprintln!("callscore: {e}");
    }
    Ok(Batch {
        tally,
        written,
        judged,
        report,
        took: started.elapsed(),
    })
}

fn score(args: &ScoreArgs) -> Result<ExitStatus> {
    if args.output.format.contains(&TableFormat::Json) {
        anyhow::bail!("--format json is for `check`; `score` writes tables (csv, parquet, jsonl)");
    }
    let (spec, target_files) = spec_of(&args.targets)?;
    let spec = (!spec.is_empty()).then_some(spec);
    let b = run_batch(&args.paths, &args.input, &args.output, spec, &target_files)?;
    if !args.output.quiet {
        let mut out = std::io::stdout().lock();
        if let Some(r) = &b.written.reps {
            crate::summary::write_reps(&mut out, r)?;
        }
        let mut paths = b.written.paths.clone();
        if let Some(j) = &b.judged {
            writeln!(
                out,
                "targets and commitments: {} met, {} missed (`callscore check` lists the misses)",
                j.met, j.missed
            )?;
            paths.extend(j.paths.iter().cloned());
        }
        write_summary(&mut out, &b.tally, b.took, &paths)?;
        write_report_line(&mut out, &b)?;
    }
    if b.tally.found() == 0 {
        eprintln!("{}", nothing_found(&args.paths));
    } else if b.tally.scored == 0 {
        eprintln!(
            "callscore: no call could be scored ({} failed, {} skipped; the errors table says why)",
            b.tally.failed,
            b.tally.skipped.len()
        );
    }
    // Nothing scored is an error even when nothing was found: a scheduled
    // run pointed at the wrong folder must not pass quietly.
    Ok(if b.tally.scored == 0 {
        ExitStatus::Error
    } else {
        ExitStatus::Ok
    })
}

fn nothing_found(paths: &[std::path::PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    format!(
        "callscore: no transcript found in {} (looked for files ending in .{})",
        names.join(", "),
        crate::batch::walk::TRANSCRIPT_EXTENSIONS.join(", .")
    )
}

/// The targets, commitments and rules of the command line, and the targets
/// files (not to be read as transcripts).
fn spec_of(t: &TargetArgs) -> Result<(crate::targets::Spec, Vec<std::path::PathBuf>)> {
    let mut spec = crate::targets::Spec::default();
    for f in &t.targets {
        spec.add_source(f)?;
    }
    if !(0.0..=1.0).contains(&t.share) {
        anyhow::bail!("--share must be between 0 and 1, got {}", t.share);
    }
    for r in &t.rules {
        spec.add_rule(r, crate::targets::Pass::Share(t.share));
    }
    let files = t
        .targets
        .iter()
        .filter(|t| !t.starts_with("builtin:"))
        .map(std::path::PathBuf::from)
        .collect();
    Ok((spec, files))
}

fn check(args: &CheckArgs) -> Result<ExitStatus> {
    let (spec, target_files) = spec_of(&args.targets)?;
    if spec.is_empty() {
        anyhow::bail!(
            "nothing to check: give --rule 'RULE' or --targets FILE (or --targets builtin:discovery)"
        );
    }
    let b = run_batch(
        &args.paths,
        &args.input,
        &args.output,
        Some(spec),
        &target_files,
    )?;
    let judged = b.judged.as_ref().expect("check judges");
    let unreadable = b.tally.failed > 0 && !args.allow_unreadable;
    let status = if unreadable || b.tally.scored == 0 {
        ExitStatus::Error
    } else if judged.missed > 0 {
        ExitStatus::TargetMissed
    } else {
        ExitStatus::Ok
    };
    let mut out = std::io::stdout().lock();
    if args.output.format.contains(&TableFormat::Json) {
        let doc = crate::check::json(judged, &b.tally, status as i32);
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else if !args.output.quiet {
        crate::check::write_text(&mut out, judged)?;
        let mut paths = b.written.paths.clone();
        paths.extend(judged.paths.iter().cloned());
        write_summary(&mut out, &b.tally, b.took, &paths)?;
        write_report_line(&mut out, &b)?;
    }
    if b.tally.found() == 0 {
        eprintln!("{}", nothing_found(&args.paths));
    } else if b.tally.scored == 0 {
        eprintln!("callscore: no call could be scored, so nothing was checked");
    } else if unreadable {
        eprintln!(
            "callscore: {} transcript(s) could not be read; exit status 2 (--allow-unreadable to check the rest)",
            b.tally.failed
        );
    }
    Ok(status)
}

fn write_report_line(out: &mut impl Write, b: &Batch) -> Result<()> {
    if let Some(r) = &b.report {
        writeln!(out, "report: {} (summary.md beside it)", r.display())?;
    }
    Ok(())
}

/// The `call_id` of a record.
fn t_id(rec: &crate::output::record::CallRecord) -> String {
    rec.cells[0].to_text()
}

/// Writes `report.html` and `summary.md` (and the metric definitions they
/// link to) from the same tables the run wrote; returns their paths, the
/// page first.
fn write_report(
    dir: &std::path::Path,
    tally: &crate::batch::Tally,
    w: &crate::output::tables::Written,
    judged: Option<&crate::targets::judge::Judged>,
    timelines: crate::report::pick::Picked,
) -> Result<Vec<std::path::PathBuf>> {
    let (drawn, left_out) = timelines.finish();
    let input = crate::report::ReportInput {
        batch: crate::report::BatchInfo {
            found: tally.found(),
            scored: tally.scored,
            failed: tally.failed,
            skipped: tally.skipped.len(),
            first_date: w.first_date.clone(),
            last_date: w.last_date.clone(),
            reps: w.reps_count,
            teams: w.teams_count,
            generated_by: format!("callscore {}", env!("CARGO_PKG_VERSION")),
            definitions_url: "metrics.md".into(),
        },
        reps: w.reps.as_ref(),
        team: w.team.as_ref(),
        check: judged.map(|j| crate::report::CheckTables {
            targets: &j.targets,
            violations: &j.violations,
            outcomes: &j.outcomes,
            commitments: &j.commitments,
            gaps: &j.gaps,
        }),
        timelines: &drawn,
        timelines_left_out: left_out,
    };
    let html = crate::report::html(&input)?;
    let md = crate::report::summary_md(&input);
    crate::report::FILES
        .into_iter()
        .zip([
            html.as_str(),
            md.as_str(),
            include_str!("../docs/metrics.md"),
        ])
        .map(|(name, text)| crate::output::write_text(dir, name, text))
        .collect()
}

/// Creates `--out` and checks it can be written, before any work; says
/// whether an earlier run marked it as callscore's.
fn prepare_out(dir: &std::path::Path) -> Result<bool> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("--out {}: cannot create the folder", dir.display()))?;
    let probe = dir.join(".callscore-write-test");
    std::fs::write(&probe, b"")
        .with_context(|| format!("--out {}: the folder is not writable", dir.display()))?;
    std::fs::remove_file(&probe).ok();
    Ok(dir.join(crate::output::MARKER).is_file())
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
    // "wrote calls, evidence, ... (csv, parquet) to DIR": one line, however many tables.
    let mut names: Vec<String> = Vec::new();
    let mut exts: Vec<String> = Vec::new();
    for p in written {
        let (Some(stem), Some(ext)) = (p.file_stem(), p.extension()) else {
            continue;
        };
        let (stem, ext) = (
            stem.to_string_lossy().into_owned(),
            ext.to_string_lossy().into_owned(),
        );
        if !names.contains(&stem) {
            names.push(stem);
        }
        if !exts.contains(&ext) {
            exts.push(ext);
        }
    }
    if let Some(dir) = written.first().and_then(|p| p.parent()) {
        writeln!(
            out,
            "wrote {} ({}) to {}",
            names.join(", "),
            exts.join(", "),
            dir.display()
        )?;
    }
    Ok(())
}

/// Threads when `--threads` is not given (or 0), as the thread pool
/// library (rayon) counts them, so the walk and commit threads follow the
/// pool: `RAYON_NUM_THREADS` when it is a positive number; when it is 0, one
/// per core; when it is unset or not a number, the older `RAYON_RS_NUM_CPUS`
/// the same way, else one per core the process may use. `var` reads the
/// environment.
fn default_threads(var: impl Fn(&str) -> Option<String>) -> usize {
    let cores = || std::thread::available_parallelism().map_or(1, |n| n.get());
    let count = |name| var(name).and_then(|v| v.parse::<usize>().ok());
    match count("RAYON_NUM_THREADS") {
        Some(0) => cores(),
        Some(n) => n,
        None => match count("RAYON_RS_NUM_CPUS") {
            Some(n) if n > 0 => n,
            _ => cores(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::default_threads;

    #[test]
    fn default_threads_follow_the_pool_variables() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(default_threads(env(&[("RAYON_NUM_THREADS", "3")])), 3);
        assert_eq!(default_threads(env(&[("RAYON_RS_NUM_CPUS", "1")])), 1);
        // The newer variable wins, and a 0 there means one per core.
        let both = env(&[("RAYON_NUM_THREADS", "2"), ("RAYON_RS_NUM_CPUS", "5")]);
        assert_eq!(default_threads(both), 2);
        let zero = env(&[("RAYON_NUM_THREADS", "0"), ("RAYON_RS_NUM_CPUS", "5")]);
        assert_eq!(default_threads(zero), cores);
        // Unset, or not a number (spaces included, as the pool reads it).
        for vars in [
            &[][..],
            &[("RAYON_NUM_THREADS", "two")],
            &[("RAYON_NUM_THREADS", " 1 ")],
            &[("RAYON_RS_NUM_CPUS", "0")],
        ] {
            assert_eq!(default_threads(env(vars)), cores, "{vars:?}");
        }
    }
}
