//! The canonical call: what every transcript format is turned into.
//!
//! Parsers fill a [`Call`] with speakers as the file names them and turns as the
//! file times them; role resolution (`crate::roles`) later decides who is the rep.
//! Keeping the two apart means a format reader never guesses who sells.

use std::fmt;
use std::path::PathBuf;

/// Index of a speaker in [`Call::speakers`].
pub type SpeakerId = u32;

/// What a speaker is to the call owner's company.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Role {
    /// The call owner: the person whose behaviour is measured.
    Rep,
    /// Another internal person (sales engineer, manager, second rep).
    Colleague,
    /// Someone from outside: the prospect or customer.
    Buyer,
    /// Not known: no roster, manifest or vendor role says.
    #[default]
    Unknown,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Rep => "rep",
            Role::Colleague => "colleague",
            Role::Buyer => "buyer",
            Role::Unknown => "unknown",
        }
    }

    /// Internal people are the rep and colleagues.
    pub fn is_internal(self) -> bool {
        matches!(self, Role::Rep | Role::Colleague)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the source file itself says about a speaker's side, before any roster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum VendorSide {
    #[default]
    None,
    /// Call Analytics `AGENT`, Gong `Internal`.
    Internal,
    /// Call Analytics `CUSTOMER`, Gong `External`.
    External,
}

/// One voice in the call.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Speaker {
    /// The label exactly as the file gives it (`SPEAKER_00`, `spk_1`, `Dana Reyes`).
    pub label: String,
    /// A person's name when the file or a manifest gives one.
    pub name: Option<String>,
    pub email: Option<String>,
    /// What the vendor file says about the speaker's side.
    pub vendor_side: VendorSide,
    /// Filled by role resolution.
    pub role: Role,
    /// Team from the roster, when matched.
    pub team: Option<String>,
    /// Why `role` was given (e.g. "roster: rep", "manifest rep", "Gong affiliation").
    pub role_source: Option<String>,
}

impl Speaker {
    pub fn new(label: impl Into<String>) -> Speaker {
        Speaker {
            label: label.into(),
            ..Speaker::default()
        }
    }

    /// The best human name: the resolved name, else the label.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.label)
    }
}

/// One stretch of speech by one speaker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Turn {
    pub speaker: SpeakerId,
    /// Milliseconds from the start of the recording.
    pub start_ms: u64,
    pub end_ms: u64,
    /// The words said, whitespace-normalised; empty for timeline-only formats.
    pub text: String,
    /// 1-based line in the source file where the turn starts (0 when unknown),
    /// so evidence and errors can point back into the file.
    pub line: u32,
}

impl Turn {
    pub fn duration_ms(&self) -> u64 {
        self.end_ms.saturating_sub(self.start_ms)
    }
}

/// A message tied to a place in the source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line, 0 when the problem is not tied to a line.
    pub line: u32,
    pub message: String,
}

impl Diagnostic {
    pub fn new(line: u32, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line,
            message: message.into(),
        }
    }
}

/// Detected source format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    WebVtt,
    Srt,
    OtterTxt,
    ZoomTxt,
    Csv,
    JsonLines,
    WhisperJson,
    AwsTranscribe,
    AwsCallAnalytics,
    Deepgram,
    AssemblyAi,
    Gong,
    Rttm,
}

impl Format {
    pub const ALL: [Format; 13] = [
        Format::WebVtt,
        Format::Srt,
        Format::OtterTxt,
        Format::ZoomTxt,
        Format::Csv,
        Format::JsonLines,
        Format::WhisperJson,
        Format::AwsTranscribe,
        Format::AwsCallAnalytics,
        Format::Deepgram,
        Format::AssemblyAi,
        Format::Gong,
        Format::Rttm,
    ];

    /// Stable name used in tables and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::WebVtt => "webvtt",
            Format::Srt => "srt",
            Format::OtterTxt => "otter-txt",
            Format::ZoomTxt => "zoom-txt",
            Format::Csv => "csv",
            Format::JsonLines => "jsonl",
            Format::WhisperJson => "whisper-json",
            Format::AwsTranscribe => "aws-transcribe",
            Format::AwsCallAnalytics => "aws-call-analytics",
            Format::Deepgram => "deepgram",
            Format::AssemblyAi => "assemblyai",
            Format::Gong => "gong",
            Format::Rttm => "rttm",
        }
    }

    pub fn from_name(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == s)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What is known about the call besides its speech.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metadata {
    /// Name of the rep (call owner) once resolved.
    pub rep: Option<String>,
    pub team: Option<String>,
    /// ISO date `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Free-form call type (`discovery`, `demo`, ...), lower-case.
    pub call_type: Option<String>,
    /// Recording link from the manifest, when given.
    pub recording_url: Option<String>,
}

/// A parsed, validated call.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub id: String,
    pub source: PathBuf,
    pub format: Format,
    pub meta: Metadata,
    pub speakers: Vec<Speaker>,
    /// Sorted by `start_ms` (then `end_ms`, speaker); overlaps kept.
    pub turns: Vec<Turn>,
    /// False for timeline-only formats (RTTM): text metrics are not applicable.
    pub has_text: bool,
    /// Non-fatal problems found while reading or resolving.
    pub warnings: Vec<Diagnostic>,
    /// Why the rep is unknown, when it is.
    pub rep_unresolved: Option<String>,
}

impl Call {
    /// End of the last turn, in ms: the call's measured length.
    pub fn duration_ms(&self) -> u64 {
        self.turns.iter().map(|t| t.end_ms).max().unwrap_or(0)
    }

    pub fn speaker(&self, id: SpeakerId) -> &Speaker {
        &self.speakers[id as usize]
    }

    pub fn role_of(&self, turn: &Turn) -> Role {
        self.speakers[turn.speaker as usize].role
    }

    /// The rep's speaker id, when exactly one speaker is the rep.
    pub fn rep_speaker(&self) -> Option<SpeakerId> {
        let mut it = self
            .speakers
            .iter()
            .enumerate()
            .filter(|(_, s)| s.role == Role::Rep);
        let first = it.next()?;
        Some(first.0 as SpeakerId)
    }
}
