//! The coaching report: one self-contained HTML page a manager opens before
//! Monday's 1:1s, and a few Markdown lines per rep to paste into the 1:1 doc.
//!
//! It reads the batch's tables by column name (`reps`, `team`, and with
//! `check` the `targets`, `outcomes`, `violations`, `commitments`, `gaps`),
//! so the page and the files never disagree, plus a compact [`Timeline`] of
//! the calls worth drawing. The page loads nothing from anywhere (inline CSS
//! and SVG, one small hashed script, a Content-Security-Policy that forbids
//! the rest), so it opens from disk, works offline, survives e-mail and
//! prints on A4. Every piece of text from a transcript, roster or file name
//! goes through the template engine's HTML escaping, and only http(s) links
//! become `href`s.

mod fmt;
mod html;
mod parts;
pub mod pick;
mod rep;
mod summary_md;
mod svg;
pub mod timeline;
mod view;

/// The files the report is written as, in `--out`: the page, the Markdown
/// summary, and the metric definitions both link to.
pub const FILES: [&str; 3] = ["report.html", "summary.md", "metrics.md"];

pub use html::html;
pub use summary_md::summary_md;
pub use timeline::{Mark, MarkKind, Timeline};

use crate::output::Table;

/// What the batch was: the report's header.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BatchInfo {
    pub found: usize,
    pub scored: usize,
    pub failed: usize,
    pub skipped: usize,
    /// ISO dates of the first and last call.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub reps: usize,
    pub teams: usize,
    /// Who made the report, e.g. `callscore 0.1.0`.
    pub generated_by: String,
    /// Where the metric definitions are: an http(s) URL or a relative path.
    pub definitions_url: String,
}

/// The tables `callscore check` adds.
#[derive(Clone, Copy, Debug)]
pub struct CheckTables<'a> {
    pub targets: &'a Table,
    pub violations: &'a Table,
    pub outcomes: &'a Table,
    pub commitments: &'a Table,
    pub gaps: &'a Table,
}

/// Everything the report is drawn from.
#[derive(Clone, Debug)]
pub struct ReportInput<'a> {
    pub batch: BatchInfo,
    /// `None` when nothing was scored.
    pub reps: Option<&'a Table>,
    pub team: Option<&'a Table>,
    /// `None` for `score` without targets.
    pub check: Option<CheckTables<'a>>,
    /// Calls to draw (the caller picks them, e.g. calls with a miss, capped
    /// per rep).
    pub timelines: &'a [Timeline],
    /// Per rep, how many calls with misses the caller did not pass in.
    pub timelines_left_out: Vec<(String, usize)>,
}
