//! A call's shape, kept after its transcript is dropped: who spoke when, and
//! where the moments a coach looks for (pitch, questions, next step) fell.
//!
//! The batch workers build one per call they may want to draw, so it must be
//! small: each side's turns are merged into a few hundred intervals at most
//! (a gap narrower than a pixel of the drawing is not worth keeping), and
//! quotes are cut to what fits a tooltip.

use crate::metrics::{Evidence, EvidenceKind};
use crate::model::{Call, Role};

/// Most intervals worth keeping per side: a drawing of a call is about this
/// many pixels wide, so gaps narrower than `duration / MAX_SEGMENTS` merge.
pub const MAX_SEGMENTS: u64 = 400;

/// Gaps shorter than this always merge: a breath is not a turn change.
const MIN_GAP_MS: u64 = 250;

/// Characters of a quote kept for the tooltip of a mark.
const QUOTE_CHARS: usize = 140;

/// What a mark on the timeline shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MarkKind {
    /// The rep's first pitch.
    Pitch,
    /// A question by the rep.
    Question,
    /// The agreed next step.
    NextStep,
    /// Start of the rep's longest monologue.
    Monologue,
    /// The rep cutting in on the buyer.
    Interruption,
}

impl MarkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MarkKind::Pitch => "pitch",
            MarkKind::Question => "question",
            MarkKind::NextStep => "next_step",
            MarkKind::Monologue => "longest_monologue",
            MarkKind::Interruption => "rep_interruption",
        }
    }

    /// Words for a legend or a tooltip.
    pub fn label(self) -> &'static str {
        match self {
            MarkKind::Pitch => "first pitch",
            MarkKind::Question => "rep question",
            MarkKind::NextStep => "next step",
            MarkKind::Monologue => "longest monologue",
            MarkKind::Interruption => "rep interrupts",
        }
    }
}

/// A detected moment on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub kind: MarkKind,
    pub at_ms: u64,
    /// The words said there, cut to a tooltip's length.
    pub quote: String,
}

/// What is drawn of one call.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    pub call_id: String,
    pub rep: Option<String>,
    pub date: Option<String>,
    /// The transcript file, as the batch names it.
    pub source: String,
    pub recording_url: Option<String>,
    pub duration_ms: u64,
    /// Merged speech intervals `[start, end)` in ms, per role, sorted by role
    /// then start.
    pub speech: Vec<(u64, u64, Role)>,
    /// Sorted by time.
    pub marks: Vec<Mark>,
}

impl Timeline {
    /// The drawable shape of a measured call and its evidence.
    pub fn of(call: &Call, evidence: &[Evidence]) -> Timeline {
        let duration_ms = call.duration_ms();
        let gap = (duration_ms / MAX_SEGMENTS).max(MIN_GAP_MS);
        let mut speech = Vec::new();
        for role in [Role::Rep, Role::Buyer, Role::Colleague, Role::Unknown] {
            let spans: Vec<(u64, u64)> = call
                .turns
                .iter()
                .filter(|t| call.role_of(t) == role && t.end_ms > t.start_ms)
                .map(|t| (t.start_ms, t.end_ms))
                .collect();
            speech.extend(merge(spans, gap).into_iter().map(|(s, e)| (s, e, role)));
        }
        let by_rep = |e: &Evidence| {
            call.speakers
                .get(e.speaker as usize)
                .is_some_and(|s| s.role == Role::Rep)
        };
        let mut marks: Vec<Mark> = evidence
            .iter()
            .filter_map(|e| {
                let kind = match e.kind {
                    EvidenceKind::Pitch => MarkKind::Pitch,
                    EvidenceKind::Question if by_rep(e) => MarkKind::Question,
                    EvidenceKind::NextStep => MarkKind::NextStep,
                    EvidenceKind::LongestMonologue => MarkKind::Monologue,
                    EvidenceKind::RepInterruption => MarkKind::Interruption,
                    _ => return None,
                };
                Some(Mark {
                    kind,
                    at_ms: e.at_ms,
                    quote: cut(&e.quote, QUOTE_CHARS),
                })
            })
            .collect();
        marks.sort_by_key(|m| (m.at_ms, m.kind));
        Timeline {
            call_id: call.id.clone(),
            rep: call.meta.rep.clone(),
            date: call.meta.date.clone(),
            source: call.source.display().to_string(),
            recording_url: call.meta.recording_url.clone(),
            duration_ms,
            speech,
            marks,
        }
    }

    /// How many shapes drawing this timeline costs: the report's size budget.
    pub fn cost(&self) -> usize {
        self.speech.len() + self.marks.len()
    }
}

/// Sorted union of spans, joining those separated by at most `gap` ms.
fn merge(mut spans: Vec<(u64, u64)>, gap: u64) -> Vec<(u64, u64)> {
    spans.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::new();
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1.saturating_add(gap) => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// At most `n` characters, with an ellipsis when cut.
pub(crate) fn cut(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", s[..i].trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Speaker, Turn};

    fn call(turns: &[(u32, u64, u64)]) -> Call {
        let mut rep = Speaker::new("Dana");
        rep.role = Role::Rep;
        let mut buyer = Speaker::new("Bo");
        buyer.role = Role::Buyer;
        Call {
            id: "c1".into(),
            source: "week/c1.vtt".into(),
            format: Format::WebVtt,
            meta: Default::default(),
            speakers: vec![rep, buyer],
            turns: turns
                .iter()
                .map(|&(speaker, start_ms, end_ms)| Turn {
                    speaker,
                    start_ms,
                    end_ms,
                    text: "hi".into(),
                    line: 1,
                })
                .collect(),
            has_text: true,
            warnings: vec![],
            rep_unresolved: None,
        }
    }

    #[test]
    fn each_side_is_merged_across_short_gaps_only() {
        let c = call(&[
            (0, 0, 1000),
            (0, 1100, 2000),
            (1, 2000, 5000),
            (0, 9000, 9500),
        ]);
        let t = Timeline::of(&c, &[]);
        assert_eq!(
            t.speech,
            vec![
                (0, 2000, Role::Rep),
                (9000, 9500, Role::Rep),
                (2000, 5000, Role::Buyer)
            ]
        );
    }

    #[test]
    fn an_hour_of_short_turns_stays_a_few_hundred_segments() {
        // 3,600 one-second turns alternating with 1.5 s gaps: nothing merges
        // at MIN_GAP_MS, so only the duration-based gap keeps it small.
        let turns: Vec<(u32, u64, u64)> = (0..1440u64)
            .map(|i| ((i % 2) as u32, i * 2500, i * 2500 + 1000))
            .collect();
        let t = Timeline::of(&call(&turns), &[]);
        let rep = t.speech.iter().filter(|s| s.2 == Role::Rep).count();
        assert!(rep as u64 <= MAX_SEGMENTS + 1, "{rep} rep segments");
    }

    #[test]
    fn buyer_questions_are_not_marked_and_quotes_are_cut() {
        let c = call(&[(0, 0, 1000), (1, 1000, 2000)]);
        let ev = |kind, speaker, at_ms| Evidence {
            kind,
            at_ms,
            speaker,
            quote: "x".repeat(500),
            line: 1,
            detail: String::new(),
        };
        let t = Timeline::of(
            &c,
            &[
                ev(EvidenceKind::Question, 1, 1500),
                ev(EvidenceKind::Question, 0, 500),
                ev(EvidenceKind::Pitch, 0, 800),
            ],
        );
        let kinds: Vec<MarkKind> = t.marks.iter().map(|m| m.kind).collect();
        assert_eq!(kinds, vec![MarkKind::Question, MarkKind::Pitch]);
        assert!(t.marks[0].quote.chars().count() <= QUOTE_CHARS + 1);
    }
}
