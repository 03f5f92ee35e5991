//! Amazon Transcribe output: the batch JSON (`results.items`) and the Call
//! Analytics JSON (top-level `Transcript[]`).
//!
//! Batch JSON read: `results.items[]` with `start_time` / `end_time` (SECONDS,
//! written as STRINGS such as `"12.34"`; numbers are accepted too),
//! `alternatives[0].content`, `type` (`pronunciation` / `punctuation`, the latter
//! without times) and, in newer outputs, the item's own `speaker_label`,
//! `channel_label` and `id`. Who said an item without its own label comes from,
//! in order: `results.audio_segments[]` (item ids), `results.speaker_labels
//! .segments[].items` (same start time), the speaker segment whose span holds
//! it. With channel identification and no per-item labels, the items are read
//! from `results.channel_labels.channels[]`, each channel's list being complete.
//! Labels are kept as Amazon writes them: `spk_0`… and `ch_0`…. Turns are built
//! from the words with the shared word rule; punctuation joins the word before.
//!
//! Call Analytics read: `Transcript[]` with `ParticipantRole` (`AGENT` /
//! `CUSTOMER`), `Content`, `BeginOffsetMillis` / `EndOffsetMillis`
//! (MILLISECONDS, integers). One entry is one turn, labelled with the role;
//! AGENT is marked internal and CUSTOMER external, as the vendor says.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Deserialize;

use super::detect::json_error;
use super::jsonpos::{ms_field, required, secs_field, Lines, Located, Secs};
use super::words::{push_words, Word};
use super::{Parsed, UNLABELLED};
use crate::model::{Diagnostic, VendorSide};

#[derive(Deserialize)]
struct TranscribeFile<'a> {
    #[serde(borrow, default)]
    results: Option<Results<'a>>,
}

#[derive(Deserialize)]
struct Results<'a> {
    #[serde(borrow, default)]
    items: Option<Vec<Located<Item<'a>>>>,
    #[serde(borrow, default)]
    speaker_labels: Option<SpeakerLabels<'a>>,
    #[serde(borrow, default)]
    channel_labels: Option<ChannelLabels<'a>>,
    #[serde(borrow, default)]
    audio_segments: Option<Vec<AudioSegment<'a>>>,
}

#[derive(Deserialize)]
struct Item<'a> {
    #[serde(default)]
    id: Option<u64>,
    #[serde(default)]
    start_time: Option<Secs>,
    #[serde(default)]
    end_time: Option<Secs>,
    #[serde(borrow, default)]
    alternatives: Option<Vec<Alternative<'a>>>,
    #[serde(borrow, default, rename = "type")]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    speaker_label: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    channel_label: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Alternative<'a> {
    #[serde(borrow, default)]
    content: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct SpeakerLabels<'a> {
    #[serde(borrow, default)]
    segments: Option<Vec<SpeakerSegment<'a>>>,
}

#[derive(Deserialize)]
struct SpeakerSegment<'a> {
    #[serde(default)]
    start_time: Option<Secs>,
    #[serde(default)]
    end_time: Option<Secs>,
    #[serde(borrow, default)]
    speaker_label: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    items: Option<Vec<SegmentItem<'a>>>,
}

#[derive(Deserialize)]
struct SegmentItem<'a> {
    #[serde(default)]
    start_time: Option<Secs>,
    #[serde(borrow, default)]
    speaker_label: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct ChannelLabels<'a> {
    #[serde(borrow, default)]
    channels: Option<Vec<Channel<'a>>>,
}

#[derive(Deserialize)]
struct Channel<'a> {
    #[serde(borrow, default)]
    channel_label: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    items: Option<Vec<Located<Item<'a>>>>,
}

#[derive(Deserialize)]
struct AudioSegment<'a> {
    #[serde(borrow, default)]
    speaker_label: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    channel_label: Option<Cow<'a, str>>,
    #[serde(default)]
    items: Option<Vec<u64>>,
}

pub fn parse_transcribe(text: &str) -> Result<Parsed, Diagnostic> {
    let file: TranscribeFile =
        serde_json::from_str(text).map_err(|e| json_error(&e, "Amazon Transcribe"))?;
    let mut p = Parsed::with_text();
    let Some(results) = file.results else {
        return Ok(p);
    };
    let who = SpeakerLookup::new(&results);
    let mut lines = Lines::new(text);
    let mut words = Vec::new();
    let mut unlabelled = 0usize;
    let items = results.items.as_deref().unwrap_or_default();
    let channels = results
        .channel_labels
        .as_ref()
        .and_then(|c| c.channels.as_deref())
        .unwrap_or_default();
    if !channels.is_empty() && !items.iter().any(|i| has_own_label(&i.value)) {
        for ch in channels {
            let label = nonempty(&ch.channel_label).unwrap_or(UNLABELLED);
            let stream = ch.items.as_deref().unwrap_or_default();
            item_words(stream, Source::Channel(label), &mut lines, &mut words)?;
        }
    } else {
        item_words(items, Source::Lookup(&who), &mut lines, &mut words)?;
    }
    for w in &mut words {
        if w.speaker.is_empty() {
            w.speaker = UNLABELLED;
            unlabelled += 1;
        }
    }
    // Channels are read one after the other; the word rule needs time order.
    words.sort_by_key(|w| w.start_ms);
    push_words(&mut p, words);
    if unlabelled > 0 {
        p.warn(
            0,
            format!(
                "{unlabelled} word(s) have no speaker or channel label and were labelled \
                 {UNLABELLED}: enable speaker or channel identification in the Transcribe job"
            ),
        );
    }
    Ok(p)
}

fn has_own_label(i: &Item) -> bool {
    nonempty(&i.speaker_label).is_some() || nonempty(&i.channel_label).is_some()
}

fn nonempty<'s>(v: &'s Option<Cow<'_, str>>) -> Option<&'s str> {
    v.as_deref().filter(|s| !s.trim().is_empty())
}

/// Who said the items of one stream.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// A channel's own item list: all its items are that channel.
    Channel(&'a str),
    /// The merged item list: each item's label, else the lookup.
    Lookup(&'a SpeakerLookup<'a>),
}

/// Turns one stream of items into words; "" marks a word nobody claims.
/// Punctuation takes the time and speaker of the word before it so the word
/// rule glues it on.
fn item_words<'a>(
    items: &'a [Located<Item<'a>>],
    source: Source<'a>,
    lines: &mut Lines<'_>,
    out: &mut Vec<Word<'a>>,
) -> Result<(), Diagnostic> {
    let stream_start = out.len();
    for located in items {
        let item = &located.value;
        let Some(content) = item
            .alternatives
            .as_deref()
            .and_then(|a| a.first())
            .and_then(|a| nonempty(&a.content))
        else {
            continue;
        };
        let line = located.line(lines);
        let punctuation = item.kind.as_deref() == Some("punctuation") || item.start_time.is_none();
        if punctuation {
            if out.len() > stream_start {
                let prev = out[out.len() - 1].clone();
                out.push(Word {
                    text: content,
                    line,
                    ..prev
                });
            }
            continue;
        }
        let start = secs_field(
            required(item.start_time, "start_time", "item", line)?,
            "start_time",
            line,
        )?;
        let end = secs_field(
            required(item.end_time, "end_time", "item", line)?,
            "end_time",
            line,
        )?;
        out.push(Word {
            speaker: match source {
                Source::Channel(label) => Some(label),
                Source::Lookup(who) => who.find(item),
            }
            .unwrap_or(""),
            start_ms: start,
            end_ms: end,
            text: content,
            line,
        });
    }
    Ok(())
}

/// Where a pronunciation item without its own label finds its speaker.
struct SpeakerLookup<'a> {
    by_id: HashMap<u64, &'a str>,
    by_start: HashMap<u64, &'a str>,
    /// Speaker segments as (start ms, end ms, label), sorted by start.
    spans: Vec<(u64, u64, &'a str)>,
}

impl<'a> SpeakerLookup<'a> {
    fn new(r: &'a Results<'a>) -> SpeakerLookup<'a> {
        let mut by_id = HashMap::new();
        for seg in r.audio_segments.iter().flatten() {
            if let Some(label) = nonempty(&seg.speaker_label).or(nonempty(&seg.channel_label)) {
                for &id in seg.items.iter().flatten() {
                    by_id.insert(id, label);
                }
            }
        }
        let mut by_start = HashMap::new();
        let mut spans = Vec::new();
        let segments = r
            .speaker_labels
            .as_ref()
            .and_then(|s| s.segments.as_deref());
        for seg in segments.unwrap_or_default() {
            let label = nonempty(&seg.speaker_label);
            for it in seg.items.iter().flatten() {
                let ms = it.start_time.and_then(|s| super::timecode::secs_to_ms(s.0));
                if let (Some(ms), Some(l)) = (ms, nonempty(&it.speaker_label).or(label)) {
                    by_start.insert(ms, l);
                }
            }
            let start = seg
                .start_time
                .and_then(|s| super::timecode::secs_to_ms(s.0));
            let end = seg.end_time.and_then(|s| super::timecode::secs_to_ms(s.0));
            if let (Some(s), Some(e), Some(l)) = (start, end, label) {
                spans.push((s, e, l));
            }
        }
        spans.sort_by_key(|s| s.0);
        SpeakerLookup {
            by_id,
            by_start,
            spans,
        }
    }

    fn find(&self, item: &'a Item<'a>) -> Option<&'a str> {
        if let Some(l) = nonempty(&item.speaker_label).or(nonempty(&item.channel_label)) {
            return Some(l);
        }
        if let Some(l) = item.id.and_then(|id| self.by_id.get(&id)) {
            return Some(l);
        }
        let start = item
            .start_time
            .and_then(|s| super::timecode::secs_to_ms(s.0))?;
        if let Some(l) = self.by_start.get(&start) {
            return Some(l);
        }
        let i = self.spans.partition_point(|s| s.0 <= start);
        let (_, end, label) = *self.spans.get(i.checked_sub(1)?)?;
        (start <= end).then_some(label)
    }
}

#[derive(Deserialize)]
struct AnalyticsFile<'a> {
    #[serde(borrow, default, rename = "Transcript")]
    transcript: Option<Vec<Located<AnalyticsTurn<'a>>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AnalyticsTurn<'a> {
    #[serde(borrow, default)]
    participant_role: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    content: Option<Cow<'a, str>>,
    #[serde(default)]
    begin_offset_millis: Option<i64>,
    #[serde(default)]
    end_offset_millis: Option<i64>,
}

pub fn parse_call_analytics(text: &str) -> Result<Parsed, Diagnostic> {
    let file: AnalyticsFile =
        serde_json::from_str(text).map_err(|e| json_error(&e, "Amazon Call Analytics"))?;
    let mut lines = Lines::new(text);
    let mut p = Parsed::with_text();
    let mut unlabelled = 0usize;
    for located in file.transcript.iter().flatten() {
        let line = located.line(&mut lines);
        let t = &located.value;
        let what = "Transcript entry";
        let start = required(t.begin_offset_millis, "BeginOffsetMillis", what, line)?;
        let end = required(t.end_offset_millis, "EndOffsetMillis", what, line)?;
        let start = ms_field(start, "BeginOffsetMillis", line)?;
        let end = ms_field(end, "EndOffsetMillis", line)?;
        let role = nonempty(&t.participant_role).unwrap_or_else(|| {
            unlabelled += 1;
            UNLABELLED
        });
        p.push(role, start, end, t.content.as_deref().unwrap_or(""), line);
    }
    mark_sides(&mut p);
    if unlabelled > 0 {
        p.warn(
            0,
            format!("{unlabelled} Transcript entries have no ParticipantRole and were labelled {UNLABELLED}"),
        );
    }
    Ok(p)
}

/// Call Analytics knows which channel is the agent: keep that as the vendor side.
fn mark_sides(p: &mut Parsed) {
    for (role, side) in [
        ("AGENT", VendorSide::Internal),
        ("CUSTOMER", VendorSide::External),
    ] {
        if let Some(s) = p.speakers.by_label_mut(role) {
            s.vendor_side = side;
        }
    }
}

#[cfg(test)]
mod tests;
