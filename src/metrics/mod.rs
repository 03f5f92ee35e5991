//! Measuring a call's behaviours. Every metric has a written definition in
//! `docs/metrics.md`; names here are the public contract (CSV columns, JSON
//! keys, rule names). A metric that cannot be computed for a call is `None`,
//! never 0 or NaN, and [`Missing`] records why.

pub mod lexicon;
pub mod next_step;
pub mod phrases;
pub mod pitch;
pub mod questions;
pub mod spoken;
pub mod talk;
pub mod text;

use crate::model::SpeakerId;

/// Why a metric is empty for a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    /// Contract name of the metric (`talk_ratio`, `patience_s`, ...).
    pub metric: &'static str,
    pub why: String,
}

/// What kind of moment a piece of evidence shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EvidenceKind {
    LongestMonologue,
    LongestCustomerStory,
    RepInterruption,
    BuyerInterruption,
    Pitch,
    Question,
    NextStep,
    Tracker,
}

impl EvidenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::LongestMonologue => "longest_monologue",
            EvidenceKind::LongestCustomerStory => "longest_customer_story",
            EvidenceKind::RepInterruption => "rep_interruption",
            EvidenceKind::BuyerInterruption => "buyer_interruption",
            EvidenceKind::Pitch => "pitch",
            EvidenceKind::Question => "question",
            EvidenceKind::NextStep => "next_step",
            EvidenceKind::Tracker => "tracker",
        }
    }
}

/// A detected moment: when, who, and the words, so a manager can open the
/// recording there.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    pub kind: EvidenceKind,
    /// Milliseconds from the start of the recording.
    pub at_ms: u64,
    pub speaker: SpeakerId,
    /// The words said (trimmed to a readable length), empty for timeline-only calls.
    pub quote: String,
    /// Source line of the turn, 0 when unknown.
    pub line: u32,
    /// Extra detail: the tracker name, `open`/`closed` for questions, the rule that fired.
    pub detail: String,
}

/// Which denominator `talk_ratio` uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TalkDenominator {
    /// rep_talk_s / (rep_talk_s + buyer_talk_s): the default.
    #[default]
    Talk,
    /// rep_talk_s / duration_s.
    Duration,
}

impl TalkDenominator {
    /// How outputs name the choice.
    pub fn as_str(self) -> &'static str {
        match self {
            TalkDenominator::Talk => "rep+buyer talk",
            TalkDenominator::Duration => "recording duration",
        }
    }
}
