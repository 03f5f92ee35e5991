//! Writing a generated call as the tools export it: caption cues for the
//! WebVTT, SRT and CSV exports and WhisperX segments, word items for WhisperX
//! and Amazon Transcribe, sentences for Gong. The layouts follow
//! `fixtures/make_fixtures.py`, which documents each flavour.

use std::fmt::Write;

use super::script::{Call, Turn};

/// An export format of the corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    VttZoom,
    VttTeams,
    Srt,
    Csv,
    WhisperX,
    Aws,
    Gong,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::VttZoom,
        Format::VttTeams,
        Format::Srt,
        Format::Csv,
        Format::WhisperX,
        Format::Aws,
        Format::Gong,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::VttZoom => "vtt-zoom",
            Format::VttTeams => "vtt-teams",
            Format::Srt => "srt",
            Format::Csv => "csv",
            Format::WhisperX => "whisperx",
            Format::Aws => "aws",
            Format::Gong => "gong",
        }
    }

    pub fn from_name(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == s)
    }

    pub fn ext(self) -> &'static str {
        match self {
            Format::VttZoom | Format::VttTeams => "vtt",
            Format::Srt => "srt",
            Format::Csv => "csv",
            Format::WhisperX | Format::Aws | Format::Gong => "json",
        }
    }

    /// The manifest's `speaker_map` for formats whose labels are anonymous.
    pub fn speaker_map(self, c: &Call) -> String {
        match self {
            Format::WhisperX => format!("SPEAKER_00={};SPEAKER_01={}", c.names[0], c.names[1]),
            Format::Aws => format!("spk_0={};spk_1={}", c.names[0], c.names[1]),
            _ => String::new(),
        }
    }

    pub fn write(self, c: &Call) -> Vec<u8> {
        match self {
            Format::VttZoom => vtt_zoom(c),
            Format::VttTeams => vtt_teams(c),
            Format::Srt => srt(c),
            Format::Csv => csv(c),
            Format::WhisperX => whisperx(c),
            Format::Aws => aws(c),
            Format::Gong => gong(c),
        }
        .into_bytes()
    }
}

/// A caption cue: part of one turn.
struct Cue<'a> {
    speaker: usize,
    start_ms: u64,
    end_ms: u64,
    words: Vec<(&'a str, u64, u64)>,
}

impl Cue<'_> {
    fn text(&self) -> String {
        let mut s = String::new();
        for (i, (w, _, _)) in self.words.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(w);
        }
        s
    }
}

/// Turns cut into cues as captioning tools do: at a sentence end once a cue
/// has 8 words, and mid-sentence at 16.
fn cues(c: &Call) -> Vec<Cue<'_>> {
    let mut out = Vec::new();
    for t in &c.turns {
        let mut cur: Vec<(&str, u64, u64)> = Vec::new();
        for w in t.words() {
            cur.push(w);
            let sentence_end = w.0.ends_with(['.', '?', '!']);
            if (cur.len() >= 8 && sentence_end) || cur.len() >= 16 {
                out.push(cue(t, std::mem::take(&mut cur)));
            }
        }
        if !cur.is_empty() {
            out.push(cue(t, cur));
        }
    }
    out.sort_by_key(|q| (q.start_ms, q.end_ms));
    out
}

fn cue<'a>(t: &Turn, words: Vec<(&'a str, u64, u64)>) -> Cue<'a> {
    Cue {
        speaker: t.speaker,
        start_ms: words[0].1,
        end_ms: words[words.len() - 1].2,
        words,
    }
}

fn ts(ms: u64, sep: char) -> String {
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// Seconds as Python prints a rounded float: `12.0`, `1.24`.
fn secs(ms: u64) -> String {
    let s = format!("{}.{:03}", ms / 1000, ms % 1000);
    let s = s.trim_end_matches('0');
    if s.ends_with('.') {
        format!("{s}0")
    } else {
        s.to_string()
    }
}

fn json_str(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for ch in s.chars() {
        match ch {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// A stable pseudo-random number from a call and a salt, for ids.
fn hash(c: &Call, salt: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ salt;
    for b in c.id.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A word-level confidence in 0.800..0.999, stable per word position.
fn score(i: usize) -> String {
    format!("0.{}", 800 + (i * 7919) % 200)
}

fn vtt_zoom(c: &Call) -> String {
    let mut o = String::from("WEBVTT\n");
    for (i, q) in cues(c).iter().enumerate() {
        let _ = write!(
            o,
            "\n{}\n{} --> {}\n{}: {}\n",
            i + 1,
            ts(q.start_ms, '.'),
            ts(q.end_ms, '.'),
            c.names[q.speaker],
            q.text()
        );
    }
    o
}

fn vtt_teams(c: &Call) -> String {
    let end = c.turns.iter().map(|t| t.end_ms).max().unwrap_or(0);
    let mut o = format!(
        "\u{feff}WEBVTT\r\n\r\nNOTE duration:\"{}0000\"\r\n\r\nNOTE language:en-us\r\n",
        ts(end, '.')
    );
    let guid = hash(c, 1);
    for (i, q) in cues(c).iter().enumerate() {
        let _ = write!(
            o,
            "\r\n{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}/{}-0\r\n{} --> {}\r\n<v {}>{}</v>\r\n",
            guid >> 32,
            (guid >> 16) & 0xffff,
            guid & 0xfff,
            (guid >> 4) & 0xfff,
            guid & 0xffff_ffff_ffff,
            i + 12,
            ts(q.start_ms, '.'),
            ts(q.end_ms, '.'),
            c.names[q.speaker],
            q.text()
        );
    }
    o
}

fn srt(c: &Call) -> String {
    let mut o = String::new();
    for (i, q) in cues(c).iter().enumerate() {
        let _ = write!(
            o,
            "{}\n{} --> {}\n{}: {}\n\n",
            i + 1,
            ts(q.start_ms, ','),
            ts(q.end_ms, ','),
            c.names[q.speaker],
            q.text()
        );
    }
    o
}

fn csv(c: &Call) -> String {
    let mut o = String::from("start,end,speaker,text\n");
    for q in cues(c) {
        let text = q.text();
        let text = if text.contains([',', '"']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text
        };
        let _ = writeln!(
            o,
            "{}.{:03},{}.{:03},{},{}",
            q.start_ms / 1000,
            q.start_ms % 1000,
            q.end_ms / 1000,
            q.end_ms % 1000,
            c.names[q.speaker],
            text
        );
    }
    o
}

fn whisperx(c: &Call) -> String {
    let label = ["SPEAKER_00", "SPEAKER_01"];
    let word = |(w, a, b): (&str, u64, u64), i: usize, spk: usize| {
        format!(
            "{{\"word\": {}, \"start\": {}, \"end\": {}, \"score\": {}, \"speaker\": \"{}\"}}",
            json_str(w),
            secs(a),
            secs(b),
            score(i),
            label[spk]
        )
    };
    let mut o = String::from("{\"segments\": [");
    let mut all: Vec<(u64, u64, String)> = Vec::new();
    let mut n = 0;
    for (k, q) in cues(c).iter().enumerate() {
        if k > 0 {
            o.push_str(", ");
        }
        let _ = write!(
            o,
            "{{\"start\": {}, \"end\": {}, \"text\": {}, \"words\": [",
            secs(q.start_ms),
            secs(q.end_ms),
            json_str(&format!(" {}", q.text()))
        );
        for (i, w) in q.words.iter().enumerate() {
            if i > 0 {
                o.push_str(", ");
            }
            let s = word(*w, n, q.speaker);
            o.push_str(&s);
            all.push((w.1, w.2, s));
            n += 1;
        }
        let _ = write!(o, "], \"speaker\": \"{}\"}}", label[q.speaker]);
    }
    all.sort_by_key(|w| (w.0, w.1));
    o.push_str("], \"word_segments\": [");
    for (i, (_, _, s)) in all.iter().enumerate() {
        if i > 0 {
            o.push_str(", ");
        }
        o.push_str(s);
    }
    o.push_str("], \"language\": \"en\"}");
    o
}

fn aws(c: &Call) -> String {
    let label = ["spk_0", "spk_1"];
    // Items in time order: each word, then its punctuation as its own item.
    let mut words: Vec<(u64, u64, usize, &str)> = Vec::new();
    for t in &c.turns {
        for (w, a, b) in t.words() {
            words.push((a, b, t.speaker, w));
        }
    }
    words.sort_by_key(|w| (w.0, w.1, w.2));
    let mut transcript = String::new();
    let mut items = String::new();
    for (i, &(a, b, spk, w)) in words.iter().enumerate() {
        let (body, mark) = match w.strip_suffix(['.', ',', '?', '!']) {
            Some(body) if !body.is_empty() => (body, &w[body.len()..]),
            _ => (w, ""),
        };
        if i > 0 {
            items.push(',');
            transcript.push(' ');
        }
        transcript.push_str(w);
        let _ = write!(
            items,
            "{{\"start_time\":\"{}\",\"end_time\":\"{}\",\"alternatives\":[{{\"confidence\":\"{}\",\"content\":{}}}],\"type\":\"pronunciation\",\"speaker_label\":\"{}\"}}",
            secs(a),
            secs(b),
            score(i),
            json_str(body),
            label[spk]
        );
        if !mark.is_empty() {
            let _ = write!(
                items,
                ",{{\"alternatives\":[{{\"confidence\":\"0.0\",\"content\":\"{mark}\"}}],\"type\":\"punctuation\",\"speaker_label\":\"{}\"}}",
                label[spk]
            );
        }
    }
    let mut segs = String::new();
    for (k, t) in c.turns.iter().enumerate() {
        if k > 0 {
            segs.push(',');
        }
        let _ = write!(
            segs,
            "{{\"start_time\":\"{}\",\"speaker_label\":\"{}\",\"end_time\":\"{}\",\"items\":[",
            secs(t.start_ms),
            label[t.speaker],
            secs(t.end_ms)
        );
        for (i, (_, a, b)) in t.words().iter().enumerate() {
            if i > 0 {
                segs.push(',');
            }
            let _ = write!(
                segs,
                "{{\"start_time\":\"{}\",\"speaker_label\":\"{}\",\"end_time\":\"{}\"}}",
                secs(*a),
                label[t.speaker],
                secs(*b)
            );
        }
        segs.push_str("]}");
    }
    format!(
        "{{\"jobName\":\"brightlane-{}\",\"accountId\":\"210987654321\",\"status\":\"COMPLETED\",\"results\":{{\"transcripts\":[{{\"transcript\":{}}}],\"speaker_labels\":{{\"speakers\":2,\"segments\":[{segs}]}},\"items\":[{items}]}}}}",
        c.id,
        json_str(&transcript)
    )
}

fn gong(c: &Call) -> String {
    let ids = [
        hash(c, 2) % 9_000_000_000_000_000_000 + 1_000_000_000_000_000_000,
        hash(c, 3) % 9_000_000_000_000_000_000 + 1_000_000_000_000_000_000,
    ];
    let mut mono = String::new();
    for (k, t) in c.turns.iter().enumerate() {
        if k > 0 {
            mono.push(',');
        }
        let _ = write!(
            mono,
            "{{\"speakerId\":\"{}\",\"topic\":null,\"sentences\":[",
            ids[t.speaker]
        );
        let words = t.words();
        let mut at = 0;
        for (i, s) in t.sentences.iter().enumerate() {
            let n = s.split_whitespace().count();
            let (start, end) = (words[at].1, words[at + n - 1].2);
            at += n;
            if i > 0 {
                mono.push(',');
            }
            let _ = write!(
                mono,
                "{{\"start\":{start},\"end\":{end},\"text\":{}}}",
                json_str(s)
            );
        }
        mono.push_str("]}");
    }
    let party = |i: usize| {
        format!(
            "{{\"id\":\"{}\",\"emailAddress\":\"{}\",\"name\":{},\"speakerId\":\"{}\",\"affiliation\":\"{}\",\"methods\":[\"Invitee\"]}}",
            ids[i] + 7,
            c.emails[i],
            json_str(&c.names[i]),
            ids[i],
            if i == 0 { "Internal" } else { "External" }
        )
    };
    format!(
        "{{\"requestId\":\"{:020x}\",\"records\":{{\"totalRecords\":1,\"currentPageSize\":1,\"currentPageNumber\":0}},\"callTranscripts\":[{{\"callId\":\"{}\",\"transcript\":[{mono}]}}],\"parties\":[{},{}]}}\n",
        hash(c, 4),
        hash(c, 5) % 9_000_000_000_000_000_000 + 1_000_000_000_000_000_000,
        party(0),
        party(1)
    )
}
