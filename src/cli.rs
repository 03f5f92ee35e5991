//! Raw command-line flags, exactly as typed. No I/O happens here: `config`
//! turns these into a validated [`crate::config::Config`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "callscore",
    version,
    about = "Batch-score sales-call transcripts, with evidence for every detection."
)]
#[command(
    long_about = "Batch-score sales-call transcripts, with evidence for every detection.\n\n\
    Reads Zoom and Teams WebVTT, SRT, Otter/Zoom text, CSV/JSON Lines, Whisper, Amazon \
    Transcribe, Deepgram, AssemblyAI and Gong exports, and RTTM timelines, detecting the \
    format from the content."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Score every call: per-call, per-rep and team tables, and a summary.
    Score(ScoreArgs),
    /// Score, then check agreed behaviours against targets and commitments.
    ///
    /// Exit status: 0 every target and commitment met; 1 at least one missed
    /// (or a commitment not yet met); 2 an error: a bad rule or targets file,
    /// an unreadable roster or manifest, or a transcript that could not be
    /// read (unless --allow-unreadable).
    Check(CheckArgs),
    /// Show how one transcript was understood: speakers, roles, timeline.
    Inspect(InspectArgs),
    /// List the transcript formats callscore reads.
    Formats,
}

/// Flags shared by every command that reads calls.
#[derive(Args, Debug, Clone, Default)]
pub struct InputArgs {
    /// CSV `name,email,team,role[,aliases]` of internal people; anyone else is a buyer.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// CSV `file,call_id,rep,date,call_type,speaker_map[,recording_url]`; a row wins over anything inferred.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// TOML playbook (product and company names, pitch phrases, competitors,
    /// trackers); extends the built-in English playbook unless it says `replace = true`.
    #[arg(long, value_name = "FILE")]
    pub playbook: Option<PathBuf>,
    /// What talk_ratio divides the rep's talk by: `talk` (rep + buyer talk) or
    /// `duration` (the recording's length). Outputs say which was used.
    #[arg(long, value_enum, default_value_t = Denominator::Talk, value_name = "WHAT")]
    pub talk_denominator: Denominator,
    /// Read every file as this format instead of detecting it.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub input_format: Option<crate::model::Format>,
    /// Refuse files larger than this (bytes, or e.g. 512M, 2G), before reading them.
    #[arg(
        long,
        value_name = "SIZE",
        default_value = "256M",
        value_parser = crate::ingest::limits::parse_size,
        long_help = "Refuse transcript files larger than SIZE (bytes, or a number with K, M \
            or G), checked before the file is read. The default, 256M, is over ten times \
            the largest real export (a 10-hour call as word-level JSON); a file is held \
            in memory a few times over while it is parsed, by each worker thread at once."
    )]
    pub max_file_size: u64,
    /// Refuse calls with more turns than this.
    #[arg(
        long,
        value_name = "N",
        default_value_t = crate::ingest::limits::DEFAULT_MAX_TURNS,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..)
    )]
    pub max_turns: usize,
    /// Refuse text files with a line longer than this (bytes, or e.g. 4M);
    /// JSON documents are exempt.
    #[arg(
        long,
        value_name = "SIZE",
        default_value = "1M",
        value_parser = crate::ingest::limits::parse_size
    )]
    pub max_line_length: u64,
}

#[derive(Args, Debug)]
pub struct ScoreArgs {
    /// Transcript files or folders (walked recursively).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub targets: TargetArgs,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Transcript files or folders (walked recursively).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Transcripts that cannot be read are reported but do not make the exit
    /// status 2.
    #[arg(long)]
    pub allow_unreadable: bool,
}

/// The agreed behaviours to judge: `check` requires some; `score` judges
/// them for the tables and the report without changing its exit status.
#[derive(Args, Debug, Default)]
pub struct TargetArgs {
    /// A rule every applicable call must pass, e.g.
    /// 'first_pitch_min >= 12 where call_type = discovery' (repeatable; see
    /// docs/targets.md for the language).
    #[arg(long = "rule", value_name = "RULE")]
    pub rules: Vec<String>,
    /// Share of applicable calls a rep must pass for each --rule (0 to 1).
    #[arg(long, value_name = "SHARE", default_value_t = 1.0)]
    pub share: f64,
    /// Targets and commitments: a TOML file, or a built-in template
    /// (builtin:discovery, builtin:demo, builtin:all). Repeatable.
    #[arg(long = "targets", value_name = "FILE")]
    pub targets: Vec<String>,
}

/// Where and how results are written; shared by `score` and `check`.
#[derive(Args, Debug)]
pub struct OutputArgs {
    /// Threads measuring calls (default: RAYON_NUM_THREADS when it is a
    /// positive number, else one per core); the tables are written alongside
    /// them. With 1, one thread does everything, so the run uses one core.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Folder the tables are written to (created if needed; previous results
    /// there are replaced).
    #[arg(long, value_name = "DIR", default_value = "callscore-out")]
    pub out: PathBuf,
    /// Table formats, comma-separated. `json` (check only) prints the
    /// results as one JSON document on stdout instead of text.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "csv,parquet",
        value_name = "FORMATS"
    )]
    pub format: Vec<TableFormat>,
    /// Link to a recording at a second, for each quoted moment, e.g.
    /// 'https://calls.example.com/{call_id}?t={seconds}' ({source} is the
    /// file). Without it, the manifest's recording_url is used.
    #[arg(long, value_name = "TEMPLATE")]
    pub link_template: Option<String>,
    /// Do not write report.html and summary.md.
    #[arg(long)]
    pub no_report: bool,
    /// Draw this call's timeline in the report even without a miss
    /// (repeatable; the call_id as in calls.csv).
    #[arg(long = "timeline", value_name = "CALL_ID")]
    pub timelines: Vec<String>,
    /// Timelines drawn per rep for calls with a miss; the rest are counted.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub timelines_per_rep: usize,
    /// No progress bar and no summary; errors only.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Formats of the result tables.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    Jsonl,
    Parquet,
    /// `check` only: the results as JSON on stdout.
    Json,
}

impl TableFormat {
    /// The table format, `None` for `json` (which is not a table).
    pub fn out(self) -> Option<crate::output::OutFormat> {
        match self {
            TableFormat::Csv => Some(crate::output::OutFormat::Csv),
            TableFormat::Jsonl => Some(crate::output::OutFormat::Jsonl),
            TableFormat::Parquet => Some(crate::output::OutFormat::Parquet),
            TableFormat::Json => None,
        }
    }
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// The transcript file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    /// Colour: auto (only on a terminal, honouring NO_COLOR), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Also judge this rule on the call and say why it passes or fails
    /// (repeatable; the language of `check --rule`).
    #[arg(long = "rule", value_name = "RULE")]
    pub rules: Vec<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Denominator {
    #[default]
    Talk,
    Duration,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

fn parse_format(s: &str) -> Result<crate::model::Format, String> {
    crate::model::Format::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = crate::model::Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format {s:?}; one of: {}", names.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
