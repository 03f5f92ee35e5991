//! The text detections of a call, assembled from the sentence-level detectors:
//! questions by side, the rep's first pitch, the agreed next step, and keyword
//! trackers, each occurrence with its evidence.

use super::next_step::{has_date_in, has_owner_in, NextStepMatcher};
use super::phrases::{NormText, PhraseSet, Shared};
use super::pitch::PitchMatcher;
use super::questions::{classify_words, QuestionKind};
use super::text::{is_ascii_space, sentences_into, Place, Scratch, Sentence, Words, Ws};
use super::{Evidence, EvidenceKind, Missing};
use crate::model::{Call, Role, SpeakerId, Turn};
use crate::playbook::{Playbook, SaidBy, Tracker};

/// Everything compiled once per run from the playbook.
pub struct Detectors {
    pub pitch: PitchMatcher,
    pub next_step: NextStepMatcher,
    pub trackers: Vec<(Tracker, PhraseSet)>,
}

impl Detectors {
    pub fn new(pb: &Playbook) -> Detectors {
        let trackers = pb
            .all_trackers()
            .into_iter()
            .map(|t| {
                let set = PhraseSet::new(t.phrases.iter().map(|p| (p.as_str(), 0, t.word_forms)));
                (t, set)
            })
            .collect();
        let mut d = Detectors {
            pitch: PitchMatcher::new(pb),
            next_step: NextStepMatcher::new(),
            trackers,
        };
        // Steps and trackers are asked of every sentence: one lookup of its
        // words says which of them can occur. Pitch cues stay out: they are
        // only asked of the rep's sentences before the first pitch, so
        // looking them up in every sentence would cost more than it saves.
        let mut sets = d.next_step.phrase_sets();
        sets.extend(d.trackers.iter_mut().map(|(_, set)| set));
        Shared::join(&mut sets);
        d
    }
}

/// One tracker's result on a call.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackerHit {
    pub name: String,
    pub count: u32,
    pub first_s: Option<f64>,
}

/// Text metrics of a call (contract names).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spoken {
    pub first_pitch_s: Option<f64>,
    pub first_pitch_min: Option<f64>,
    pub rep_questions: Option<u32>,
    pub rep_open_questions: Option<u32>,
    pub buyer_questions: Option<u32>,
    pub questions_per_hour: Option<f64>,
    pub next_step: Option<bool>,
    pub next_step_s: Option<f64>,
    pub next_step_has_date: Option<bool>,
    pub next_step_has_owner: Option<bool>,
    pub next_step_text: Option<String>,
    pub trackers: Vec<TrackerHit>,
    pub evidence: Vec<Evidence>,
    pub missing: Vec<Missing>,
}

/// A sentence in its turn, timed by its position in the turn's text.
pub struct Said<'a> {
    pub turn: usize,
    pub speaker: SpeakerId,
    pub role: Role,
    pub at_ms: u64,
    pub text: std::borrow::Cow<'a, str>,
    pub question: Option<QuestionKind>,
    /// The sentence's words, normalised once for every detector.
    pub norm: NormText<'a>,
}

/// Quotes longer than this are cut at a word boundary.
const QUOTE_CHARS: usize = 240;

pub fn quote(s: &str) -> String {
    // Up to QUOTE_CHARS bytes is up to as many chars, without counting.
    if s.len() <= QUOTE_CHARS || s.chars().count() <= QUOTE_CHARS {
        return s.to_string();
    }
    let cut: String = s.chars().take(QUOTE_CHARS).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{cut}…")
}

/// The time of byte `offset` in a turn's text, interpolated along the turn.
fn time_in_turn(t: &Turn, offset: usize) -> u64 {
    let len = t.text.len().max(1) as u64;
    t.start_ms + t.duration_ms() * (offset as u64).min(len) / len
}

/// Captions cut sentences across cues: "…so the board knows" | "who should
/// pick up each one." A turn that continues the same speaker's previous turn
/// (no sentence end before it, under this gap) is read as one text with it.
const JOIN_GAP_MS: u64 = 1500;

/// Interjections by others shorter than this do not end a speaker's sentence.
const INTERJECTION_MS: u64 = 2000;

/// Marks the end of a stretch in [`Stretches::next`].
const END: usize = usize::MAX;

/// Turns of one speaker that form one stretch of text: each turn continues the
/// speaker's previous turn when that one ended without a sentence end, less
/// than [`JOIN_GAP_MS`] before, and only short interjections by others (an
/// overlapping "mm-hmm" on another channel) came in between. Kept as links
/// between turns: a call has hundreds of stretches, most of one turn.
struct Stretches {
    /// Does the turn start a stretch?
    starts: Vec<bool>,
    /// The stretch's next turn after this one, or [`END`].
    next: Vec<usize>,
}

fn stretches(call: &Call) -> Stretches {
    let mut st = Stretches {
        starts: vec![false; call.turns.len()],
        next: vec![END; call.turns.len()],
    };
    // Indexed by speaker id (a call has a handful of speakers):
    // the last turn of the stretch each speaker is building, and when its
    // latest long (non-interjection) turn started.
    let n = call
        .turns
        .iter()
        .map(|t| t.speaker as usize + 1)
        .max()
        .unwrap_or(0);
    let mut open: Vec<Option<usize>> = vec![None; n];
    let mut last_long: Vec<Option<u64>> = vec![None; n];
    for (i, t) in call.turns.iter().enumerate() {
        let me = t.speaker as usize;
        let joined = open[me].filter(|&p| {
            let prev = &call.turns[p];
            let sentence_open = !ends_sentence(&prev.text);
            let interrupted = last_long
                .iter()
                .enumerate()
                .any(|(spk, start)| spk != me && start.is_some_and(|s| s > prev.start_ms));
            sentence_open
                && !interrupted
                && !t.text.is_empty()
                && t.start_ms.saturating_sub(prev.end_ms) <= JOIN_GAP_MS
        });
        match joined {
            Some(p) => st.next[p] = i,
            None => st.starts[i] = true,
        }
        open[me] = Some(i);
        if t.duration_ms() >= INTERJECTION_MS {
            last_long[me] = Some(t.start_ms);
        }
    }
    st
}

/// Does `text` end with `.`, `?` or `!`, trailing whitespace aside? Turn
/// texts nearly always end in an ASCII byte that is not whitespace, which
/// answers without decoding chars from the end.
fn ends_sentence(text: &str) -> bool {
    match text.as_bytes().last() {
        Some(&c) if c.is_ascii() && !is_ascii_space(c) => {
            matches!(c, b'.' | b'?' | b'!')
        }
        _ => text.trim_end().ends_with(['.', '?', '!']),
    }
}

/// The call's sentences in time order, each with its speaker, role, time and
/// question kind: what every text detector (and the rules' `said`) reads.
/// Their words and joined texts are read into `buf` (cleared first), which
/// they borrow. Which next-step and tracker sets a sentence holds is asked of
/// its words (`phrases::Shared`) when a detector first needs it.
pub fn split<'a>(call: &'a Call, buf: &'a mut SaidBuf) -> Vec<Said<'a>> {
    let SaidBuf { words, joined } = buf;
    words.clear();
    joined.clear();
    // About one sentence a caption cue; growing a vector of large items
    // copies them.
    let mut out: Vec<Said<'a>> = Vec::with_capacity(call.turns.len() + call.turns.len() / 2);
    let mut places: Vec<Place> = Vec::with_capacity(out.capacity());
    // The sentences of joined stretches: their place in `joined`.
    let mut in_joined: Vec<(usize, usize, usize)> = Vec::new();
    let st = stretches(call);
    // Where each turn's text starts in a multi-turn stretch's joined text,
    // to time its sentences; reused from stretch to stretch.
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut sentences: Vec<(Sentence, Place)> = Vec::new();
    let mut scratch = Scratch::default();
    for head in (0..call.turns.len()).filter(|&i| st.starts[i]) {
        // Borrow single turns; join multi-turn stretches, one after the other
        // in `joined`, which their sentences borrow once all are read.
        let single = st.next[head] == END;
        starts.clear();
        let base = joined.len();
        let text: &str = if single {
            starts.push((0, head));
            &call.turns[head].text
        } else {
            let mut i = head;
            while i != END {
                if joined.len() > base {
                    joined.push(' ');
                }
                starts.push((joined.len() - base, i));
                joined.push_str(&call.turns[i].text);
                i = st.next[i];
            }
            &joined[base..]
        };
        sentences.clear();
        sentences_into(text, words, &mut sentences, &mut scratch);
        for &(s, place) in &sentences {
            let k = starts.partition_point(|&(off, _)| off <= s.start) - 1;
            let (off, turn) = starts[k];
            let t = &call.turns[turn];
            let said = &text[s.start..s.end];
            // Sentences are quoted from the turn they start in, up to the
            // stretch's sentence end. A single turn's sentences borrow from
            // the call.
            let said_text = if single {
                &call.turns[head].text[s.start..s.end]
            } else {
                in_joined.push((out.len(), base + s.start, base + s.end));
                ""
            };
            out.push(Said {
                turn,
                speaker: t.speaker,
                role: call.role_of(t),
                at_ms: time_in_turn(t, s.start - off),
                question: classify_words(said, words.at(place), s.question_mark),
                text: std::borrow::Cow::Borrowed(said_text),
                norm: NormText::of(Ws::EMPTY),
            });
            places.push(place);
        }
    }
    // Every sentence is read: now they can borrow their words and texts.
    let words: &'a Words = words;
    let joined: &'a String = joined;
    for (said, &place) in out.iter_mut().zip(&places) {
        said.norm = NormText::of(words.at(place));
    }
    for &(i, from, to) in &in_joined {
        out[i].text = std::borrow::Cow::Borrowed(&joined[from..to]);
    }
    out
}

/// What a call's sentences borrow: their words, and the text of stretches
/// joined from several turns. One per call, instead of a few allocations per
/// sentence.
#[derive(Debug, Default)]
pub struct SaidBuf {
    words: Words,
    joined: String,
}

/// Measures the text detections of `call`.
pub fn measure(call: &Call, d: &Detectors) -> Spoken {
    let mut buf = buffers_for(call);
    measure_said(call, &split(call, &mut buf), d)
}

/// Room for every sentence of `call`, for [`split`].
pub fn buffers_for(call: &Call) -> SaidBuf {
    let bytes = call.turns.iter().map(|t| t.text.len() + 1).sum();
    SaidBuf {
        words: Words::with_capacity(bytes),
        joined: String::with_capacity(bytes),
    }
}

/// Measures the text detections of `call` from its sentences (`split`), for
/// callers that also read the sentences themselves (the rules' `said`).
pub fn measure_said(call: &Call, said: &[Said], d: &Detectors) -> Spoken {
    let mut m = Spoken::default();
    if !call.has_text {
        for metric in [
            "first_pitch_s",
            "rep_questions",
            "buyer_questions",
            "next_step",
            "trackers",
        ] {
            m.missing.push(Missing {
                metric,
                why: "no text: the format is a timeline only".into(),
            });
        }
        return m;
    }
    let rep_known = call.rep_speaker().is_some();
    let buyers_known = call.speakers.iter().any(|s| s.role == Role::Buyer);
    let ev = |kind, s: &Said, detail: String| Evidence {
        kind,
        at_ms: s.at_ms,
        speaker: s.speaker,
        quote: quote(&s.text),
        line: call.turns[s.turn].line,
        detail,
    };

    let (mut rep_q, mut rep_open, mut buyer_q) = (0u32, 0u32, 0u32);
    for s in said {
        if let Some(k) = s.question {
            match s.role {
                Role::Rep => {
                    rep_q += 1;
                    rep_open += u32::from(k == QuestionKind::Open);
                }
                Role::Buyer => buyer_q += 1,
                _ => continue,
            }
            // "rep open": joined, not formatted, for ~50 questions a call.
            let detail = [s.role.as_str(), " ", k.as_str()].concat();
            m.evidence.push(ev(EvidenceKind::Question, s, detail));
        }
        if s.role == Role::Rep && m.first_pitch_s.is_none() {
            if let Some(cue) = d.pitch.pitch_cue_in(&s.norm, s.question.is_some()) {
                let secs = s.at_ms as f64 / 1000.0;
                m.first_pitch_s = Some(secs);
                m.first_pitch_min = Some(secs / 60.0);
                m.evidence.push(ev(EvidenceKind::Pitch, s, cue));
            }
        }
    }
    if rep_known {
        m.rep_questions = Some(rep_q);
        m.rep_open_questions = Some(rep_open);
        let hours = call.duration_ms() as f64 / 3_600_000.0;
        m.questions_per_hour = (hours > 0.0).then(|| f64::from(rep_q) / hours);
        if m.first_pitch_s.is_none() {
            m.missing.push(Missing {
                metric: "first_pitch_s",
                why: "the rep never pitched".into(),
            });
        }
    } else {
        let why = format!(
            "rep unknown: {}",
            call.rep_unresolved.as_deref().unwrap_or("no rep speaker")
        );
        for metric in [
            "first_pitch_s",
            "rep_questions",
            "rep_open_questions",
            "questions_per_hour",
        ] {
            m.missing.push(Missing {
                metric,
                why: why.clone(),
            });
        }
        m.evidence.retain(|e| e.kind != EvidenceKind::Pitch);
        m.first_pitch_s = None;
        m.first_pitch_min = None;
    }
    if buyers_known {
        m.buyer_questions = Some(buyer_q);
    } else {
        m.missing.push(Missing {
            metric: "buyer_questions",
            why: "no speaker is known to be a buyer".into(),
        });
    }
    next_step(call, said, d, &mut m);
    trackers(call, said, d, &mut m);
    m
}

/// How far after a proposal an answer still counts as its reply.
const REPLY_WINDOW_MS: u64 = 90_000;

fn next_step(call: &Call, said: &[Said], d: &Detectors, m: &mut Spoken) {
    // The step kept so far, and its (date, owner) once they were needed:
    // they are only asked of the step that is kept in the end and of steps
    // compared with a confirmation, not of every proposal.
    let mut last: Option<(usize, Option<(bool, bool)>)> = None;
    for (i, s) in said.iter().enumerate() {
        if d.next_step.proposes_in(&s.norm, s.question).is_none() {
            continue;
        }
        let declined = replies(call, said, i)
            .take(4)
            .any(|r| d.next_step.declines_in(&r.norm));
        if declined {
            continue;
        }
        // "That works, send the invite" answers the step just proposed by the
        // other side: it confirms that step, it does not replace it with a
        // vaguer one.
        if let Some((k, known)) = last {
            let confirms =
                said[k].speaker != s.speaker && s.at_ms <= said[k].at_ms + REPLY_WINDOW_MS;
            if confirms {
                let (d0, o0) = known.unwrap_or_else(|| date_and_owner(call, said, k));
                let (date, owner) = date_and_owner(call, said, i);
                if (u8::from(date) + u8::from(owner)) < (u8::from(d0) + u8::from(o0)) {
                    last = Some((k, Some((d0, o0))));
                } else {
                    last = Some((i, Some((date, owner))));
                }
                continue;
            }
        }
        last = Some((i, None));
    }
    let last = last.map(|(i, known)| {
        let (date, owner) = known.unwrap_or_else(|| date_and_owner(call, said, i));
        (i, date, owner)
    });
    m.next_step = Some(last.is_some());
    m.next_step_has_date = Some(last.is_some_and(|l| l.1));
    m.next_step_has_owner = Some(last.is_some_and(|l| l.2));
    if let Some((i, date, owner)) = last {
        let s = &said[i];
        m.next_step_s = Some(s.at_ms as f64 / 1000.0);
        m.next_step_text = Some(quote(&s.text));
        let detail = format!(
            "date: {}, owner: {}",
            if date { "yes" } else { "no" },
            if owner { "yes" } else { "no" }
        );
        m.evidence.push(Evidence {
            kind: EvidenceKind::NextStep,
            at_ms: s.at_ms,
            speaker: s.speaker,
            quote: quote(&s.text),
            line: call.turns[s.turn].line,
            detail,
        });
    }
}

/// The other side's sentences after sentence `i`, in later turns, within
/// [`REPLY_WINDOW_MS`] of its turn's end: where a step is declined or gets
/// its date.
fn replies<'s, 'a>(
    call: &'s Call,
    said: &'s [Said<'a>],
    i: usize,
) -> impl Iterator<Item = &'s Said<'a>> + 's {
    let s = &said[i];
    let until = call.turns[s.turn].end_ms + REPLY_WINDOW_MS;
    said[i + 1..]
        .iter()
        .filter(move |r| r.speaker != s.speaker && r.turn != s.turn)
        .take_while(move |r| r.at_ms <= until)
}

/// Whether the step proposed in sentence `i` has a date (in it, in the next
/// sentence of its turn, or in the first two sentences of the reply) and an
/// owner (in it or the next sentence of its turn).
fn date_and_owner(call: &Call, said: &[Said], i: usize) -> (bool, bool) {
    let s = &said[i];
    let same_turn_next = said.get(i + 1).filter(|n| n.turn == s.turn);
    let date = has_date_in(&s.text, &s.norm)
        || same_turn_next.is_some_and(|n| has_date_in(&n.text, &n.norm))
        || replies(call, said, i)
            .take(2)
            .any(|r| has_date_in(&r.text, &r.norm));
    let owner = has_owner_in(&s.text, &s.norm)
        || same_turn_next.is_some_and(|n| has_owner_in(&n.text, &n.norm));
    (date, owner)
}

fn trackers(call: &Call, said: &[Said], d: &Detectors, m: &mut Spoken) {
    for (t, set) in &d.trackers {
        let mut hit = TrackerHit {
            name: t.name.clone(),
            count: 0,
            first_s: None,
        };
        for s in said {
            let who_ok = match t.said_by {
                SaidBy::Anyone => true,
                SaidBy::Rep => s.role == Role::Rep,
                SaidBy::Buyer => s.role == Role::Buyer,
            };
            if !who_ok || (t.in_question && s.question.is_none()) {
                continue;
            }
            let n = set.find(&s.norm).len() as u32;
            if n == 0 {
                continue;
            }
            hit.count += n;
            hit.first_s.get_or_insert(s.at_ms as f64 / 1000.0);
            m.evidence.push(Evidence {
                kind: EvidenceKind::Tracker,
                at_ms: s.at_ms,
                speaker: s.speaker,
                quote: quote(&s.text),
                line: call.turns[s.turn].line,
                detail: t.name.clone(),
            });
        }
        m.trackers.push(hit);
    }
}

#[cfg(test)]
mod tests;
