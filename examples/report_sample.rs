//! Renders the coaching report from hand-built tables resembling the sample
//! week, to look at it (and screenshot it for docs/report.png) without a
//! full run: `cargo run --example report_sample -- OUT_DIR`.
//! Writes `report.html` (with targets), `report-score.html` (plain `score`)
//! and `summary.md`.

#[path = "../tests/report_sample/mod.rs"]
mod report_sample;

fn main() -> anyhow::Result<()> {
    let out = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "report-sample".into()),
    );
    std::fs::create_dir_all(&out)?;
    let sample = report_sample::week();
    std::fs::write(
        out.join("report.html"),
        callscore::report::html(&sample.input(true))?,
    )?;
    std::fs::write(
        out.join("report-score.html"),
        callscore::report::html(&sample.input(false))?,
    )?;
    std::fs::write(
        out.join("summary.md"),
        callscore::report::summary_md(&sample.input(true)),
    )?;
    println!("wrote {}", out.display());
    Ok(())
}
