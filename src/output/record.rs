//! One call's results as flat, typed cells in a fixed column order: the one
//! shape every writer (CSV, JSON Lines, Parquet) and the aggregation read, so
//! a column means the same thing in every file.

use crate::metrics::spoken::Spoken;
use crate::metrics::talk::Talk;
use crate::metrics::Evidence;
use crate::model::Call;

/// A typed value; `None` is an empty cell (a metric the call cannot have).
/// Text is owned (`Cell`), or borrowed (`Cell<&str>`) by rows that are only
/// written, not kept: an evidence row's texts stay in its call's record.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<S = String> {
    Str(Option<S>),
    F64(Option<f64>),
    U32(Option<u32>),
    Bool(Option<bool>),
}

impl<S: AsRef<str>> Cell<S> {
    /// Text for CSV: fixed decimals so the same results give the same bytes.
    pub fn to_text(&self) -> String {
        self.text().into_owned()
    }

    /// [`Cell::to_text`], borrowing strings.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match self {
            Cell::Str(v) => Cow::Borrowed(v.as_ref().map_or("", AsRef::as_ref)),
            Cell::F64(v) => v.map_or(Cow::Borrowed(""), |x| Cow::Owned(format!("{:.3}", x))),
            Cell::U32(v) => v.map_or(Cow::Borrowed(""), |x| Cow::Owned(x.to_string())),
            Cell::Bool(v) => Cow::Borrowed(match v {
                Some(true) => "true",
                Some(false) => "false",
                None => "",
            }),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Cell::Str(v) => v
                .as_ref()
                .map(|s| Value::String(s.as_ref().to_string()))
                .unwrap_or(Value::Null),
            Cell::F64(v) => v
                .and_then(|x| serde_json::Number::from_f64((x * 1000.0).round() / 1000.0))
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Cell::U32(v) => v.map(Value::from).unwrap_or(Value::Null),
            Cell::Bool(v) => v.map(Value::Bool).unwrap_or(Value::Null),
        }
    }
}

/// The fixed columns of `calls.*`, before the tracker columns.
pub const CALL_COLUMNS: &[&str] = &[
    "call_id",
    "source",
    "format",
    "rep",
    "team",
    "date",
    "call_type",
    "duration_s",
    "rep_talk_s",
    "buyer_talk_s",
    "talk_ratio",
    "talk_denominator",
    "silence_s",
    "longest_monologue_s",
    "longest_customer_story_s",
    "speaker_switches",
    "interactivity",
    "patience_s",
    "rep_wpm",
    "rep_interruptions",
    "buyer_interruptions",
    "speakers_found",
    "overlap_share",
    "diarization_warning",
    "first_pitch_s",
    "first_pitch_min",
    "rep_questions",
    "rep_open_questions",
    "buyer_questions",
    "questions_per_hour",
    "next_step",
    "next_step_s",
    "next_step_has_date",
    "next_step_has_owner",
    "next_step_text",
    "rep_unresolved",
    "warnings",
    "empty_because",
];

/// A measured call, ready to write; the call itself is dropped.
#[derive(Clone, Debug, PartialEq)]
pub struct CallRecord {
    pub cells: Vec<Cell>,
    pub evidence: EvidenceRows,
    /// Each check's verdict (`check`), by index in the run's checks.
    pub verdicts: Vec<(u16, crate::rules::eval::Verdict)>,
    /// The manifest's link to the recording.
    pub recording_url: Option<String>,
    /// What the report draws of the call, when it is worth drawing (a miss,
    /// or asked for).
    pub timeline: Option<crate::report::Timeline>,
}

/// The rows of `evidence.*` of one call. Built on a worker thread and
/// written on another, so their text sits in one string rather than five
/// per row: freeing memory another thread allocated is the allocator's slow
/// path, and a call has ~90 rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EvidenceRows {
    call_id: String,
    source: String,
    /// The speakers, quotes and details of every row, one after the other.
    text: String,
    rows: Vec<EvidenceRow>,
}

/// One row of `evidence.*`: its texts are ranges of [`EvidenceRows::text`].
#[derive(Clone, Debug, PartialEq)]
struct EvidenceRow {
    kind: &'static str,
    at_s: f64,
    role: &'static str,
    line: u32,
    speaker: (u32, u32),
    quote: (u32, u32),
    detail: (u32, u32),
}

pub const EVIDENCE_COLUMNS: &[&str] = &[
    "call_id", "kind", "at_s", "speaker", "role", "quote", "detail", "source", "line",
];

impl EvidenceRows {
    fn push(&mut self, call: &Call, e: &Evidence) {
        let sp = call.speaker(e.speaker);
        let mut put = |s: &str| {
            let from = self.text.len() as u32;
            self.text.push_str(s);
            (from, self.text.len() as u32)
        };
        let row = EvidenceRow {
            kind: e.kind.as_str(),
            at_s: e.at_ms as f64 / 1000.0,
            role: sp.role.as_str(),
            line: e.line,
            speaker: put(sp.display_name()),
            quote: put(&e.quote),
            detail: put(&e.detail),
        };
        self.rows.push(row);
    }

    /// Each row's cells, in [`EVIDENCE_COLUMNS`] order, borrowing its
    /// texts: a call has ~90 rows, written once and never kept.
    pub fn cells(&self) -> impl Iterator<Item = [Cell<&str>; 9]> + '_ {
        let text = |(a, b): (u32, u32)| Cell::Str(Some(&self.text[a as usize..b as usize]));
        self.rows.iter().map(move |r| {
            [
                Cell::Str(Some(self.call_id.as_str())),
                Cell::Str(Some(r.kind)),
                Cell::F64(Some(r.at_s)),
                text(r.speaker),
                Cell::Str(Some(r.role)),
                text(r.quote),
                text(r.detail),
                Cell::Str(Some(self.source.as_str())),
                Cell::U32(Some(r.line)),
            ]
        })
    }
}

impl CallRecord {
    /// `trackers` are the run's tracker names: one column each, empty when the
    /// call cannot have them (no text).
    pub fn new(call: &Call, talk: &Talk, spoken: &Spoken, trackers: &[String]) -> CallRecord {
        let s = |v: &Option<String>| Cell::Str(v.clone());
        let mut empty: Vec<String> = talk
            .missing
            .iter()
            .chain(&spoken.missing)
            .map(|m| format!("{}: {}", m.metric, m.why))
            .collect();
        empty.dedup();
        let mut cells = vec![
            Cell::Str(Some(call.id.clone())),
            Cell::Str(Some(call.source.display().to_string())),
            Cell::Str(Some(call.format.name().to_string())),
            s(&call.meta.rep),
            s(&call.meta.team),
            s(&call.meta.date),
            s(&call.meta.call_type),
            Cell::F64(Some(talk.duration_s)),
            Cell::F64(talk.rep_talk_s),
            Cell::F64(talk.buyer_talk_s),
            Cell::F64(talk.talk_ratio),
            Cell::Str(Some(talk.denominator.as_str().to_string())),
            Cell::F64(Some(talk.silence_s)),
            Cell::F64(talk.longest_monologue_s),
            Cell::F64(talk.longest_customer_story_s),
            Cell::U32(Some(talk.speaker_switches)),
            Cell::F64(talk.interactivity),
            Cell::F64(talk.patience_s),
            Cell::F64(talk.rep_wpm),
            Cell::U32(talk.rep_interruptions),
            Cell::U32(talk.buyer_interruptions),
            Cell::U32(Some(talk.speakers_found)),
            Cell::F64(Some(talk.overlap_share)),
            s(&talk.diarization_warning),
            Cell::F64(spoken.first_pitch_s),
            Cell::F64(spoken.first_pitch_min),
            Cell::U32(spoken.rep_questions),
            Cell::U32(spoken.rep_open_questions),
            Cell::U32(spoken.buyer_questions),
            Cell::F64(spoken.questions_per_hour),
            Cell::Bool(spoken.next_step),
            Cell::F64(spoken.next_step_s),
            Cell::Bool(spoken.next_step_has_date),
            Cell::Bool(spoken.next_step_has_owner),
            s(&spoken.next_step_text),
            s(&call.rep_unresolved),
            Cell::Str((!call.warnings.is_empty()).then(|| {
                call.warnings
                    .iter()
                    .map(|w| w.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            })),
            Cell::Str((!empty.is_empty()).then(|| empty.join("; "))),
        ];
        debug_assert_eq!(cells.len(), CALL_COLUMNS.len());
        // Tracker counts, in the playbook's order (the same for every call of a run).
        for name in trackers {
            cells.push(Cell::U32(
                spoken
                    .trackers
                    .iter()
                    .find(|t| &t.name == name)
                    .map(|t| t.count),
            ));
        }
        let mut evidence = EvidenceRows {
            call_id: call.id.clone(),
            source: call.source.display().to_string(),
            ..EvidenceRows::default()
        };
        for e in talk.evidence.iter().chain(&spoken.evidence) {
            evidence.push(call, e);
        }
        CallRecord {
            cells,
            evidence,
            verdicts: Vec::new(),
            recording_url: call.meta.recording_url.clone(),
            timeline: None,
        }
    }
}
