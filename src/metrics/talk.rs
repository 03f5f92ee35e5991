//! Talk metrics: who spoke how long, monologues, switches, interruptions.
//!
//! These are the numbers a sales coach reads first ("you talked 70% of the
//! call", "your longest monologue was 3 minutes"), so each one is defined on
//! the timeline alone and written up in `docs/metrics.md`. Everything is
//! computed on integer milliseconds with sorted interval merges, so a call
//! costs O(n log n) in its turns and 25,000 calls a run stay cheap; seconds
//! appear only in the returned [`Talk`].
//!
//! Sides: the rep side is every speaker whose role is [`Role::Rep`], the buyer
//! side every [`Role::Buyer`]. Colleagues and unknown speakers belong to
//! neither side (their speech still counts as speech for silence, switches and
//! diarization checks), because crediting them to either side would distort
//! the rep's ratio.

use super::text::is_ascii_space;
use super::{Evidence, EvidenceKind, Missing, TalkDenominator};
use crate::model::{Call, Role, SpeakerId, Turn};

/// A half-open span of milliseconds `[start, end)`.
type Span = (u64, u64);

/// Longest pause that still joins two pieces of one monologue: people breathe,
/// look at a slide, click to the next tab; three seconds of silence is not
/// the buyer being given the floor.
pub const MONOLOGUE_MAX_PAUSE_MS: u64 = 3_000;

/// An interruption needs at least this much of the other side's turn left when
/// the interrupter starts. ASR and diarization move turn boundaries by a few
/// hundred milliseconds; a smaller overlap is a hand-over, not a cut-in.
pub const INTERRUPTION_MIN_LEFT_MS: u64 = 500;

/// On timeline-only calls (no words), a turn shorter than this is taken as a
/// backchannel ("mm-hmm"): there is nothing else to tell it by.
pub const TIMELINE_BACKCHANNEL_MAX_MS: u64 = 1_000;

/// A text turn of more words than this is never a backchannel, whatever it says.
pub const BACKCHANNEL_MAX_WORDS: usize = 4;

/// Words of a turn quoted in evidence: enough to recognise the moment.
const QUOTE_WORDS: usize = 25;

/// Short acknowledgements, after lower-casing and turning punctuation into
/// spaces (so "Mm-hmm." is `mm hmm`). Several spellings of the same sound are
/// listed because transcribers disagree.
const BACKCHANNELS: &[&str] = &[
    "yeah",
    "yes",
    "yep",
    "yup",
    "mm hmm",
    "mmhmm",
    "mm hm",
    "mhm",
    "mmm",
    "mm",
    "uh huh",
    "uhhuh",
    "hmm",
    "right",
    "okay",
    "ok",
    "sure",
    "got it",
    "i see",
    "exactly",
    "totally",
    "true",
    "cool",
    "great",
    "nice",
    "wow",
    "oh",
    "ah",
    "absolutely",
    "makes sense",
    "sounds good",
];

/// Diarization checks: a sales call rarely has more voices than this.
const MAX_PLAUSIBLE_SPEAKERS: u32 = 6;
/// One voice holding more than this share of speech on a multi-speaker call
/// usually means the diarizer merged people.
const MAX_SINGLE_SPEAKER_SHARE: f64 = 0.95;
/// More simultaneous speech than this share is more likely split voices or
/// echo than people talking over each other.
const MAX_OVERLAP_SHARE: f64 = 0.25;
/// Turns shorter than this, when they are the majority, suggest a diarizer
/// chopping speech into fragments.
const SHORT_TURN_MS: u64 = 500;

/// Talk metrics of one call. Field names are the public contract.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Talk {
    /// What `talk_ratio` was divided by.
    pub denominator: TalkDenominator,
    /// End of the last turn: the recording length as the transcript knows it.
    pub duration_s: f64,
    pub rep_talk_s: Option<f64>,
    pub buyer_talk_s: Option<f64>,
    pub talk_ratio: Option<f64>,
    pub silence_s: f64,
    pub longest_monologue_s: Option<f64>,
    pub longest_customer_story_s: Option<f64>,
    pub speaker_switches: u32,
    /// Speaker switches per minute of speech.
    pub interactivity: Option<f64>,
    pub patience_s: Option<f64>,
    pub rep_wpm: Option<f64>,
    pub rep_interruptions: Option<u32>,
    pub buyer_interruptions: Option<u32>,
    pub speakers_found: u32,
    pub overlap_share: f64,
    pub diarization_warning: Option<String>,
    pub evidence: Vec<Evidence>,
    pub missing: Vec<Missing>,
}

/// Measures the talk metrics of `call`; `denominator` picks how `talk_ratio`
/// is normalised.
pub fn measure(call: &Call, denominator: TalkDenominator) -> Talk {
    let order = start_order(call);
    let substantive: Vec<bool> = call
        .turns
        .iter()
        .map(|t| !is_backchannel(t, call.has_text))
        .collect();
    let tl = Timeline::build(call, &substantive);
    let mut out = Talk {
        denominator,
        duration_s: secs(call.duration_ms()),
        ..Talk::default()
    };

    let speech_ms = total(&tl.all);
    out.silence_s = secs(call.duration_ms().saturating_sub(speech_ms));
    side_talk(call, &tl, denominator, &mut out);
    monologues(call, &tl, &mut out);
    switches(call, &order, &substantive, speech_ms, &mut out);
    patience(call, &order, &substantive, &tl, &mut out);
    rep_wpm(call, &tl, &mut out);
    interruptions(call, &order, &substantive, &tl, &mut out);
    diarization(call, &tl, speech_ms, &mut out);
    out
}

/// True when the turn is only an acknowledgement ("yeah", "mm-hmm, right"),
/// which shows listening rather than taking the floor. Text turns: every
/// word is a listed acknowledgement and there are at most
/// [`BACKCHANNEL_MAX_WORDS`] words; a turn with no words at all counts too,
/// as it carries nothing. Timeline-only calls: the turn is shorter than
/// [`TIMELINE_BACKCHANNEL_MAX_MS`].
pub fn is_backchannel(turn: &Turn, has_text: bool) -> bool {
    if !has_text {
        return turn.duration_ms() < TIMELINE_BACKCHANNEL_MAX_MS;
    }
    // More words than a backchannel can have: stop counting there.
    if more_words_than(&turn.text, BACKCHANNEL_MAX_WORDS) {
        return false;
    }
    // A turn of at most four words is short: ASCII ones are normalised on
    // the stack, as most turns of a call are asked this.
    let text = &turn.text;
    if text.is_ascii() && text.len() <= SHORT_BYTES {
        let mut buf = [0u8; SHORT_BYTES];
        let mut n = 0;
        for b in text.bytes().filter(|&b| b != b'\'') {
            buf[n] = if b.is_ascii_alphanumeric() {
                b.to_ascii_lowercase()
            } else {
                b' '
            };
            n += 1;
        }
        let norm = std::str::from_utf8(&buf[..n]).expect("ASCII");
        let mut words = [""; SHORT_WORDS];
        let mut k = 0;
        for w in norm.split_ascii_whitespace() {
            if k == SHORT_WORDS {
                k += 1;
                break;
            }
            words[k] = w;
            k += 1;
        }
        if k <= SHORT_WORDS {
            return only_acknowledgements(&words[..k]);
        }
    }
    let norm = normalise(text);
    only_acknowledgements(&norm.split_whitespace().collect::<Vec<_>>())
}

/// Turns of up to this many bytes are normalised on the stack by
/// [`is_backchannel`]; an acknowledgement of four words is shorter.
const SHORT_BYTES: usize = 64;

/// The most words of a short turn, once punctuation is a space (`mm-hmm` is
/// two), kept on the stack; a turn with more takes the general path.
const SHORT_WORDS: usize = 16;

/// Does `text` have more than `n` whitespace-separated words? Counted on
/// bytes first, stopping once past `n`: a non-ASCII space can only split
/// words further, so more than `n` on bytes is more than `n`. Otherwise text
/// that is not ASCII is counted again on chars.
fn more_words_than(text: &str, n: usize) -> bool {
    ascii_words_past(text.as_bytes(), n) > n
        || (!text.is_ascii() && text.split_whitespace().nth(n).is_some())
}

/// `text.split_whitespace().count()`.
fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    ascii_words_past(text.as_bytes(), usize::MAX)
}

/// The words of `b` split at ASCII whitespace, counted until there are more
/// than `limit`: the bytes that start a word, summed in byte-wide lanes 32
/// pairs of bytes at a time, a loop the compiler runs many bytes at once.
fn ascii_words_past(b: &[u8], limit: usize) -> usize {
    let mut words = usize::from(b.first().is_some_and(|&c| !is_ascii_space(c)));
    let pairs = b.chunks(32).zip(b.get(1..).unwrap_or_default().chunks(32));
    for (xs, ys) in pairs {
        if words > limit {
            break;
        }
        let mut starts = 0u8;
        for (&x, &y) in xs.iter().zip(ys) {
            starts += u8::from(is_ascii_space(x) & !is_ascii_space(y));
        }
        words += usize::from(starts);
    }
    words
}

/// Lower-cases, drops apostrophes and turns other punctuation into spaces.
fn normalise(text: &str) -> String {
    if text.is_ascii() {
        let mut out = String::with_capacity(text.len());
        for b in text.bytes().filter(|&b| b != b'\'') {
            out.push(if b.is_ascii_alphanumeric() {
                char::from(b.to_ascii_lowercase())
            } else {
                ' '
            });
        }
        return out;
    }
    text.chars()
        .filter(|&c| c != '\'' && c != '\u{2019}')
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether the words can be split entirely into listed acknowledgements.
/// Acknowledgements are one or two words, so trying the two-word one first
/// and falling back is exact for this list.
fn only_acknowledgements(words: &[&str]) -> bool {
    let mut i = 0;
    while i < words.len() {
        if i + 1 < words.len() && is_ack_pair(words[i], words[i + 1]) {
            i += 2;
        } else if is_ack(words[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

/// Is the one word `w` a listed acknowledgement?
fn is_ack(w: &str) -> bool {
    acks().by_len.get(w.len()).is_some_and(|l| l.contains(&w))
}

/// `is_ack("{a} {b}")` without building the string.
fn is_ack_pair(a: &str, b: &str) -> bool {
    acks().pairs.contains(&(a, b))
}

/// [`BACKCHANNELS`] indexed once: most short turns are asked, word by word.
struct Acks {
    /// The one-word acknowledgements by length in bytes.
    by_len: Vec<Vec<&'static str>>,
    /// The two-word ones, split at the space.
    pairs: Vec<(&'static str, &'static str)>,
}

fn acks() -> &'static Acks {
    static ACKS: std::sync::OnceLock<Acks> = std::sync::OnceLock::new();
    ACKS.get_or_init(|| {
        let mut a = Acks {
            by_len: Vec::new(),
            pairs: Vec::new(),
        };
        for &x in BACKCHANNELS {
            match x.split_once(' ') {
                Some(pair) => a.pairs.push(pair),
                None => {
                    if a.by_len.len() <= x.len() {
                        a.by_len.resize(x.len() + 1, Vec::new());
                    }
                    a.by_len[x.len()].push(x);
                }
            }
        }
        a
    })
}

/// Turn indices in start order. Calls from `ingest::finish` are already
/// sorted; a hand-built call may not be, and sorting is cheap.
fn start_order(call: &Call) -> Vec<usize> {
    let mut order: Vec<usize> = (0..call.turns.len()).collect();
    let key = |i: &usize| {
        let t = &call.turns[*i];
        (t.start_ms, t.end_ms, t.speaker)
    };
    if !order.is_sorted_by_key(key) {
        order.sort_by_key(key);
    }
    order
}

/// The merged speech spans every metric reads.
struct Timeline {
    /// Everyone's speech.
    all: Vec<Span>,
    /// Each speaker's own speech, by speaker id.
    per_speaker: Vec<Vec<Span>>,
    rep: Vec<Span>,
    buyer: Vec<Span>,
    /// Non-backchannel speech of each side: what cuts the other side's monologue.
    rep_substantive: Vec<Span>,
    buyer_substantive: Vec<Span>,
    has_rep: bool,
    has_buyer: bool,
}

impl Timeline {
    fn build(call: &Call, substantive: &[bool]) -> Timeline {
        let mut per_speaker = vec![Vec::new(); call.speakers.len()];
        let (mut rep, mut buyer, mut rep_sub, mut buyer_sub) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (t, &sub) in call.turns.iter().zip(substantive) {
            let span = (t.start_ms, t.end_ms);
            if let Some(v) = per_speaker.get_mut(t.speaker as usize) {
                v.push(span);
            }
            match call.speakers.get(t.speaker as usize).map(|s| s.role) {
                Some(Role::Rep) => {
                    rep.push(span);
                    if sub {
                        rep_sub.push(span);
                    }
                }
                Some(Role::Buyer) => {
                    buyer.push(span);
                    if sub {
                        buyer_sub.push(span);
                    }
                }
                _ => {}
            }
        }
        let all = union(call.turns.iter().map(|t| (t.start_ms, t.end_ms)).collect());
        Timeline {
            all,
            per_speaker: per_speaker.into_iter().map(union).collect(),
            rep: union(rep),
            buyer: union(buyer),
            rep_substantive: union(rep_sub),
            buyer_substantive: union(buyer_sub),
            has_rep: call.speakers.iter().any(|s| s.role == Role::Rep),
            has_buyer: call.speakers.iter().any(|s| s.role == Role::Buyer),
        }
    }
}

/// Sorts and merges spans; empty spans vanish, touching spans join.
fn union(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|s| s.1 > s.0);
    spans.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.0 <= last.1 => last.1 = last.1.max(s.1),
            _ => out.push(s),
        }
    }
    out
}

fn total(spans: &[Span]) -> u64 {
    spans.iter().map(|s| s.1 - s.0).sum()
}

/// `a` without `b`; both merged and sorted.
fn subtract(a: &[Span], b: &[Span]) -> Vec<Span> {
    let mut out = Vec::with_capacity(a.len());
    let mut j = 0;
    for &(mut start, end) in a {
        while j < b.len() && b[j].1 <= start {
            j += 1;
        }
        let mut k = j;
        while k < b.len() && b[k].0 < end {
            if b[k].0 > start {
                out.push((start, b[k].0));
            }
            start = start.max(b[k].1);
            k += 1;
        }
        if start < end {
            out.push((start, end));
        }
    }
    out
}

/// Whether any of the merged, sorted `spans` intersects `[from, to)`.
fn intersects(spans: &[Span], from: u64, to: u64) -> bool {
    let i = spans.partition_point(|s| s.1 <= from);
    spans.get(i).is_some_and(|s| s.0 < to)
}

/// Milliseconds during which at least two speakers talk at once. Each
/// speaker's spans are merged first, so one speaker's own overlapping turns
/// (a diarizer's double segment) never count as two voices.
fn overlap_ms(per_speaker: &[Vec<Span>]) -> u64 {
    let mut events: Vec<(u64, i32)> = per_speaker
        .iter()
        .flatten()
        .flat_map(|&(s, e)| [(s, 1), (e, -1)])
        .collect();
    // Each speaker's merged spans give events already in order: a stable
    // sort finds those runs and merges them, instead of sorting from
    // scratch (ties are equal events, so their order does not matter).
    events.sort();
    let (mut active, mut last, mut sum) = (0i32, 0u64, 0u64);
    for (at, delta) in events {
        if active >= 2 {
            sum += at - last;
        }
        active += delta;
        last = at;
    }
    sum
}

fn secs(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

fn miss(out: &mut Talk, metric: &'static str, why: impl Into<String>) {
    out.missing.push(Missing {
        metric,
        why: why.into(),
    });
}

fn rep_unknown_why(call: &Call) -> String {
    format!(
        "rep unknown: {}",
        call.rep_unresolved
            .as_deref()
            .unwrap_or("no speaker has the rep role")
    )
}

const BUYER_UNKNOWN: &str = "buyer unknown: no speaker has the buyer role";

/// rep_talk_s, buyer_talk_s and talk_ratio.
fn side_talk(call: &Call, tl: &Timeline, denominator: TalkDenominator, out: &mut Talk) {
    let rep_ms = tl.has_rep.then(|| total(&tl.rep));
    let buyer_ms = tl.has_buyer.then(|| total(&tl.buyer));
    out.rep_talk_s = rep_ms.map(secs);
    out.buyer_talk_s = buyer_ms.map(secs);
    if rep_ms.is_none() {
        miss(out, "rep_talk_s", rep_unknown_why(call));
    }
    if buyer_ms.is_none() {
        miss(out, "buyer_talk_s", BUYER_UNKNOWN);
    }
    out.talk_ratio = match (rep_ms, buyer_ms) {
        (None, _) => {
            miss(out, "talk_ratio", rep_unknown_why(call));
            None
        }
        (Some(_), None | Some(0)) => {
            miss(
                out,
                "talk_ratio",
                "no buyer speech: a monologue (e.g. to voicemail) is not a conversation",
            );
            None
        }
        (Some(rep), Some(buyer)) => Some(match denominator {
            TalkDenominator::Talk => rep as f64 / (rep + buyer) as f64,
            TalkDenominator::Duration => rep as f64 / call.duration_ms() as f64,
        }),
    };
}

/// The longest stretch of `own` speech not broken by the other side's
/// substantive speech (`cut`) nor by a pause over [`MONOLOGUE_MAX_PAUSE_MS`].
/// Returns `(start_ms, length_ms)`; `None` when `own` never speaks alone.
fn longest_stretch(own: &[Span], cut: &[Span]) -> Option<(u64, u64)> {
    let pieces = subtract(own, cut);
    let mut best: Option<(u64, u64)> = None;
    let mut i = 0;
    while i < pieces.len() {
        let start = pieces[i].0;
        let mut end = pieces[i].1;
        while let Some(next) = pieces.get(i + 1) {
            let joins = next.0 - end <= MONOLOGUE_MAX_PAUSE_MS && !intersects(cut, end, next.0);
            if !joins {
                break;
            }
            end = next.1;
            i += 1;
        }
        if best.is_none_or(|b| end - start > b.1) {
            best = Some((start, end - start));
        }
        i += 1;
    }
    best
}

/// The first turn of `role` under way at `at_ms`: where a stretch starts.
fn turn_at(call: &Call, role: Role, at_ms: u64) -> Option<&Turn> {
    call.turns
        .iter()
        .find(|t| call.role_of(t) == role && t.start_ms <= at_ms && at_ms < t.end_ms)
}

/// First [`QUOTE_WORDS`] words, with an ellipsis when cut.
fn quote(text: &str) -> String {
    let mut words = text.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(QUOTE_WORDS).collect();
    let mut q = head.join(" ");
    if words.next().is_some() {
        q.push('…');
    }
    q
}

fn evidence_at(kind: EvidenceKind, turn: &Turn, at_ms: u64, detail: String) -> Evidence {
    Evidence {
        kind,
        at_ms,
        speaker: turn.speaker,
        quote: quote(&turn.text),
        line: turn.line,
        detail,
    }
}

/// longest_monologue_s (rep) and longest_customer_story_s (buyer).
fn monologues(call: &Call, tl: &Timeline, out: &mut Talk) {
    let sides = [
        (
            "longest_monologue_s",
            Role::Rep,
            tl.has_rep,
            &tl.rep,
            &tl.buyer_substantive,
            EvidenceKind::LongestMonologue,
        ),
        (
            "longest_customer_story_s",
            Role::Buyer,
            tl.has_buyer,
            &tl.buyer,
            &tl.rep_substantive,
            EvidenceKind::LongestCustomerStory,
        ),
    ];
    for (metric, role, known, own, cut, kind) in sides {
        if !known {
            let why = match role {
                Role::Rep => rep_unknown_why(call),
                _ => BUYER_UNKNOWN.to_string(),
            };
            miss(out, metric, why);
            continue;
        }
        // A known side that never speaks alone has a longest stretch of 0 s.
        let (start, len) = longest_stretch(own, cut).unwrap_or((0, 0));
        let value = Some(secs(len));
        if role == Role::Rep {
            out.longest_monologue_s = value;
        } else {
            out.longest_customer_story_s = value;
        }
        if len > 0 {
            if let Some(t) = turn_at(call, role, start) {
                let detail = format!("{:.1} s", secs(len));
                out.evidence.push(evidence_at(kind, t, start, detail));
            }
        }
    }
}

/// speaker_switches and interactivity.
fn switches(call: &Call, order: &[usize], substantive: &[bool], speech_ms: u64, out: &mut Talk) {
    out.speaker_switches = count_switches(call, order, |i| substantive[i]);
    out.interactivity = if speech_ms > 0 {
        Some(out.speaker_switches as f64 / (speech_ms as f64 / 60_000.0))
    } else {
        miss(out, "interactivity", "no speech in the call");
        None
    };
}

/// Changes of speaker id between consecutive kept turns in start order.
fn count_switches(call: &Call, order: &[usize], keep: impl Fn(usize) -> bool) -> u32 {
    let mut last: Option<SpeakerId> = None;
    let mut n = 0;
    for &i in order.iter().filter(|&&i| keep(i)) {
        let s = call.turns[i].speaker;
        if last.is_some_and(|l| l != s) {
            n += 1;
        }
        last = Some(s);
    }
    n
}

/// Speaker switches counting every turn, backchannels included: the figure
/// diarization references such as Earnings-21 compare with.
pub fn speaker_switches_all_turns(call: &Call) -> u32 {
    count_switches(call, &start_order(call), |_| true)
}

/// patience_s: how long the rep waits after the buyer stops before speaking.
fn patience(call: &Call, order: &[usize], substantive: &[bool], tl: &Timeline, out: &mut Talk) {
    if !tl.has_rep {
        miss(out, "patience_s", rep_unknown_why(call));
        return;
    }
    if !tl.has_buyer {
        miss(out, "patience_s", BUYER_UNKNOWN);
        return;
    }
    let turns: Vec<&Turn> = order
        .iter()
        .filter(|&&i| substantive[i])
        .map(|&i| &call.turns[i])
        .collect();
    let waits: Vec<u64> = turns
        .windows(2)
        .filter(|w| call.role_of(w[0]) == Role::Buyer && call.role_of(w[1]) == Role::Rep)
        .map(|w| w[1].start_ms.saturating_sub(w[0].end_ms))
        .collect();
    if waits.is_empty() {
        miss(
            out,
            "patience_s",
            "no substantive buyer turn is answered by the rep",
        );
        return;
    }
    let mean_ms = waits.iter().sum::<u64>() as f64 / waits.len() as f64;
    out.patience_s = Some(mean_ms / 1000.0);
}

/// rep_wpm: the rep's words per minute of the rep's own talk time.
fn rep_wpm(call: &Call, tl: &Timeline, out: &mut Talk) {
    if !call.has_text {
        miss(out, "rep_wpm", "no text: timeline-only transcript");
        return;
    }
    if !tl.has_rep {
        miss(out, "rep_wpm", rep_unknown_why(call));
        return;
    }
    let talk_ms = total(&tl.rep);
    if talk_ms == 0 {
        miss(out, "rep_wpm", "the rep has no speech");
        return;
    }
    let words: usize = call
        .turns
        .iter()
        .filter(|t| call.role_of(t) == Role::Rep)
        .map(|t| word_count(&t.text))
        .sum();
    out.rep_wpm = Some(words as f64 / (talk_ms as f64 / 60_000.0));
}

/// Latest end among substantive turns of one side started so far, and whose.
#[derive(Clone, Copy, Default)]
struct InProgress {
    end_ms: u64,
    turn: Option<usize>,
}

impl InProgress {
    fn extend(&mut self, end_ms: u64, turn: usize) {
        if self.turn.is_none() || end_ms > self.end_ms {
            *self = InProgress {
                end_ms,
                turn: Some(turn),
            };
        }
    }
}

/// rep_interruptions and buyer_interruptions: a substantive turn starting
/// strictly after the other side's substantive turn started and at least
/// [`INTERRUPTION_MIN_LEFT_MS`] before it ends. Each interrupting turn counts
/// once, however many of the other side's turns it cuts into. A zero-length
/// turn (a timing artifact) says nothing over anyone, so it never interrupts.
fn interruptions(
    call: &Call,
    order: &[usize],
    substantive: &[bool],
    tl: &Timeline,
    out: &mut Talk,
) {
    if !tl.has_rep || !tl.has_buyer {
        let why = if tl.has_rep {
            BUYER_UNKNOWN.to_string()
        } else {
            rep_unknown_why(call)
        };
        miss(out, "rep_interruptions", why.clone());
        miss(out, "buyer_interruptions", why);
        return;
    }
    let (mut rep_n, mut buyer_n) = (0, 0);
    // [rep, buyer]: turns started strictly before the current start time.
    let mut seen = [InProgress::default(); 2];
    let mut group_start = 0;
    let subs: Vec<usize> = order.iter().copied().filter(|&i| substantive[i]).collect();
    while group_start < subs.len() {
        let at = call.turns[subs[group_start]].start_ms;
        let group_end = group_start
            + subs[group_start..]
                .iter()
                .take_while(|&&i| call.turns[i].start_ms == at)
                .count();
        for &i in &subs[group_start..group_end] {
            let t = &call.turns[i];
            let (side, other, kind) = match call.role_of(t) {
                Role::Rep => (0, 1, EvidenceKind::RepInterruption),
                Role::Buyer => (1, 0, EvidenceKind::BuyerInterruption),
                _ => continue,
            };
            let o = seen[other];
            let Some(o_turn) = o.turn else { continue };
            if t.end_ms > at && o.end_ms >= at + INTERRUPTION_MIN_LEFT_MS {
                let o_name = call.speaker(call.turns[o_turn].speaker).display_name();
                let detail = format!(
                    "over {o_name}, {:.1} s of their turn left",
                    secs(o.end_ms - at)
                );
                out.evidence.push(evidence_at(kind, t, at, detail));
                if side == 0 {
                    rep_n += 1;
                } else {
                    buyer_n += 1;
                }
            }
        }
        for &i in &subs[group_start..group_end] {
            let t = &call.turns[i];
            match call.role_of(t) {
                Role::Rep => seen[0].extend(t.end_ms, i),
                Role::Buyer => seen[1].extend(t.end_ms, i),
                _ => {}
            }
        }
        group_start = group_end;
    }
    out.rep_interruptions = Some(rep_n);
    out.buyer_interruptions = Some(buyer_n);
}

/// speakers_found, overlap_share and diarization_warning.
fn diarization(call: &Call, tl: &Timeline, speech_ms: u64, out: &mut Talk) {
    let mut has_turn = vec![false; call.speakers.len()];
    for t in &call.turns {
        if let Some(h) = has_turn.get_mut(t.speaker as usize) {
            *h = true;
        }
    }
    out.speakers_found = has_turn.iter().filter(|&&h| h).count() as u32;
    out.overlap_share = if speech_ms > 0 {
        overlap_ms(&tl.per_speaker) as f64 / speech_ms as f64
    } else {
        0.0
    };

    let mut reasons = Vec::new();
    if out.speakers_found > MAX_PLAUSIBLE_SPEAKERS {
        reasons.push(format!(
            "{} speakers found, more than a sales call has: the diarizer may have split voices",
            out.speakers_found
        ));
    }
    if out.speakers_found >= 2 && speech_ms > 0 {
        let top = tl.per_speaker.iter().map(|s| total(s)).max().unwrap_or(0);
        let share = top as f64 / speech_ms as f64;
        if share > MAX_SINGLE_SPEAKER_SHARE {
            reasons.push(format!(
                "one speaker holds {:.0}% of speech: the diarizer may have merged voices",
                share * 100.0
            ));
        }
    }
    if out.overlap_share > MAX_OVERLAP_SHARE {
        reasons.push(format!(
            "{:.0}% of speech is overlapped: split voices or echo",
            out.overlap_share * 100.0
        ));
    }
    let short = call
        .turns
        .iter()
        .filter(|t| t.duration_ms() < SHORT_TURN_MS)
        .count();
    if short * 2 > call.turns.len() {
        reasons.push(format!(
            "{short} of {} turns are shorter than 0.5 s: speech chopped into fragments",
            call.turns.len()
        ));
    }
    if !reasons.is_empty() {
        out.diarization_warning = Some(reasons.join("; "));
    }
}

#[cfg(test)]
mod tests;
