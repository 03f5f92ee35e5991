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
    /// Read transcripts and print a summary of every call found.
    Score(ScoreArgs),
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
}

#[derive(Args, Debug)]
pub struct ScoreArgs {
    /// Transcript files or folders (walked recursively).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Folder the tables are written to (created if needed; previous results
    /// there are replaced).
    #[arg(long, value_name = "DIR", default_value = "callscore-out")]
    pub out: PathBuf,
    /// Table formats, comma-separated.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "csv,parquet",
        value_name = "FORMATS"
    )]
    pub format: Vec<TableFormat>,
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
}

impl TableFormat {
    pub fn out(self) -> crate::output::OutFormat {
        match self {
            TableFormat::Csv => crate::output::OutFormat::Csv,
            TableFormat::Jsonl => crate::output::OutFormat::Jsonl,
            TableFormat::Parquet => crate::output::OutFormat::Parquet,
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
