//! Writes a deterministic benchmark corpus: N invented sales calls in one or
//! more export formats, with the roster and a manifest so `callscore score`
//! resolves every rep, and the phrase list for the `rg` floor.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --calls 25000 --format vtt-zoom,csv --out /tmp/corpus
//! ```
//!
//! Layout: `OUT/roster.csv`, `OUT/patterns.txt`, and per format
//! `OUT/FORMAT/manifest.csv` and `OUT/FORMAT/REP/CALL.EXT`. The same
//! `--seed`, `--calls` and `--reps` always give the same bytes; call `i` is the
//! same call in every format.

#[allow(dead_code)]
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Parser;
use rayon::prelude::*;

use corpus::Format;

#[derive(Parser)]
#[command(about = "Write a deterministic corpus of sales calls for the benchmarks")]
struct Args {
    /// How many calls.
    #[arg(long, default_value_t = 1000)]
    calls: usize,
    /// Formats, comma-separated: vtt-zoom, vtt-teams, srt, csv, whisperx, aws, gong, or all.
    #[arg(long, default_value = "vtt-zoom")]
    format: String,
    /// Output folder (created).
    #[arg(long)]
    out: PathBuf,
    /// Mean call length in minutes (each call varies by ±10%).
    #[arg(long, default_value_t = 30.0)]
    minutes: f64,
    /// Number of reps; default one per 25 calls, at most 1000.
    #[arg(long)]
    reps: Option<usize>,
    #[arg(long, default_value_t = 2026)]
    seed: u64,
}

fn main() -> Result<()> {
    let a = Args::parse();
    let formats: Vec<Format> = if a.format == "all" {
        Format::ALL.to_vec()
    } else {
        a.format
            .split(',')
            .map(|s| Format::from_name(s.trim()).with_context(|| format!("unknown format {s:?}")))
            .collect::<Result<_>>()?
    };
    if a.calls == 0 {
        bail!("--calls must be at least 1");
    }
    let reps = corpus::reps(a.reps.unwrap_or((a.calls / 25).clamp(1, 1000)));
    std::fs::create_dir_all(&a.out).with_context(|| format!("{}", a.out.display()))?;
    std::fs::write(a.out.join("roster.csv"), corpus::roster_csv(&reps))?;
    std::fs::write(a.out.join("patterns.txt"), corpus::scan_patterns())?;
    for r in &reps {
        for f in &formats {
            std::fs::create_dir_all(a.out.join(f.name()).join(&r.slug))?;
        }
    }

    // Each worker writes its calls and returns their manifest rows.
    let rows: Vec<Vec<(String, u64, usize)>> = (0..a.calls)
        .into_par_iter()
        .map(|i| -> Result<Vec<(String, u64, usize)>> {
            let c = corpus::call(a.seed, i, &reps, a.minutes);
            let rep = &reps[i % reps.len()];
            let mut out = Vec::new();
            for f in &formats {
                let file = format!("{}/{}.{}", rep.slug, c.id, f.ext());
                let bytes = f.write(&c);
                std::fs::write(a.out.join(f.name()).join(&file), &bytes)?;
                let row = format!(
                    "{file},{},{},{},{},{},\n",
                    c.id,
                    c.names[0],
                    c.date,
                    c.call_type,
                    f.speaker_map(&c)
                );
                out.push((row, bytes.len() as u64, c.word_count()));
            }
            Ok(out)
        })
        .collect::<Result<_>>()?;

    for (k, f) in formats.iter().enumerate() {
        let path = a.out.join(f.name()).join("manifest.csv");
        let mut w = std::io::BufWriter::new(std::fs::File::create(&path)?);
        w.write_all(b"file,call_id,rep,date,call_type,speaker_map,recording_url\n")?;
        let (mut bytes, mut words) = (0u64, 0usize);
        for r in &rows {
            w.write_all(r[k].0.as_bytes())?;
            bytes += r[k].1;
            words += r[k].2;
        }
        w.flush()?;
        println!(
            "{}: {} calls, {} reps, {:.1} MB, {} words per call on average",
            f.name(),
            a.calls,
            reps.len(),
            bytes as f64 / 1e6,
            words / a.calls
        );
    }
    Ok(())
}
