//! Talk metrics on hand-built calls (one test per metric, edges included),
//! property tests against a millisecond-by-millisecond oracle, and a check
//! of speaker switches against the Earnings-21 reference metadata.

use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::ingest::{finish, Parsed};
use crate::model::{Format, Speaker};

/// Role from a test label's first letter: `R`ep, `B`uyer, `C`olleague, else unknown.
fn role_for(label: &str) -> Role {
    match label.as_bytes().first() {
        Some(b'R') => Role::Rep,
        Some(b'B') => Role::Buyer,
        Some(b'C') => Role::Colleague,
        _ => Role::Unknown,
    }
}

/// A call from `(label, start_ms, end_ms, text)`, read through `ingest::finish`
/// as a parser would hand it over; roles come from the labels.
fn call_of(has_text: bool, turns: &[(&str, u64, u64, &str)]) -> Call {
    let mut p = Parsed::with_text();
    p.has_text = has_text;
    for (i, &(label, start, end, text)) in turns.iter().enumerate() {
        p.push(label, start, end, text, i as u32 + 1);
    }
    let mut call = finish(Path::new("t.vtt"), Format::WebVtt, p).unwrap();
    for s in &mut call.speakers {
        s.role = role_for(&s.label);
    }
    call
}

fn text_call(turns: &[(&str, u64, u64, &str)]) -> Call {
    call_of(true, turns)
}

fn m(call: &Call) -> Talk {
    measure(call, TalkDenominator::Talk)
}

fn why<'a>(t: &'a Talk, metric: &str) -> Option<&'a str> {
    t.missing
        .iter()
        .find(|x| x.metric == metric)
        .map(|x| x.why.as_str())
}

const LONG: &str = "so the way our platform handles this is by syncing every record overnight";

#[test]
fn backchannels_by_text() {
    let cases = [
        ("Yeah.", true),
        ("Mm-hmm, right.", true),
        ("uh huh", true),
        ("Uh-huh. Okay.", true),
        ("Got it, makes sense.", true),
        ("I see.", true),
        ("OK!", true),
        ("Sounds good, cool.", true),
        ("yeah yeah yeah yeah", true),
        ("yeah yeah yeah yeah yeah", false),
        ("Yeah, I think so.", false),
        ("sure thing", false),
        ("right now we use Excel", false),
        ("", true),
        // Word counting on bytes and on chars agree at the limit.
        ("  yeah\tyeah \n yeah  yeah  ", true),
        ("yeah\u{a0}yeah yeah yeah yeah", false),
        ("ok ok ok ok\u{2003}ok", false),
        // Pieces of punctuated words past what the stack holds, and a turn
        // longer than the stack buffer: the general path answers.
        (
            "ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok",
            true,
        ),
        (
            "ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-ok-no",
            false,
        ),
        (
            "absolutely,absolutely,absolutely,absolutely,absolutely,absolutely",
            true,
        ),
    ];
    for (text, want) in cases {
        let t = Turn {
            speaker: 0,
            start_ms: 0,
            end_ms: 5_000,
            text: text.into(),
            line: 0,
        };
        assert_eq!(is_backchannel(&t, true), want, "{text:?}");
    }
}

#[test]
fn backchannels_agree_with_the_plain_reading() {
    // Every turn of up to five pieces: the shortcuts (first word, stack
    // buffers) answer as normalising, splitting and matching would.
    let pieces = [
        "yeah",
        "Mm-hmm,",
        "ok",
        "Sure",
        "thing",
        "I",
        "see.",
        "'",
        "right?",
        "Uh",
        "huh",
        "got",
        "it!",
        "x",
        "\u{2014}",
        "abso'lutely",
        "caf\u{e9}",
        "...",
        "makes",
        "SENSE",
    ];
    let reference = |text: &str| {
        !more_words_than(text, BACKCHANNEL_MAX_WORDS)
            && only_acknowledgements(&normalise(text).split_whitespace().collect::<Vec<_>>())
    };
    for len in 0..=5u32 {
        // Five pieces (one past the limit) from the first eight only.
        let n = if len == 5 { 8 } else { pieces.len() };
        for mut k in 0..n.pow(len) {
            let mut words = Vec::new();
            for _ in 0..len {
                words.push(pieces[k % n]);
                k /= n;
            }
            let text = words.join(" ");
            let t = Turn {
                speaker: 0,
                start_ms: 0,
                end_ms: 5_000,
                text: text.clone(),
                line: 0,
            };
            assert_eq!(is_backchannel(&t, true), reference(&text), "{text:?}");
        }
    }
}

#[test]
fn word_counts_on_bytes_match_chars() {
    for text in [
        "",
        " ",
        "a",
        "a b c d",
        "a b c d e",
        " a\tb\nc\rd\x0be ",
        "a\x0cb c d",
        // Past one 16-byte block, and words joined or split by non-ASCII
        // spaces and letters.
        "alpha beta gamma delta epsilon",
        "alphabetagammadelta epsilon zeta",
        "a\u{a0}b\u{a0}c\u{a0}d\u{a0}e",
        "caf\u{e9} na\u{ef}ve r\u{e9}sum\u{e9} \u{e9}t\u{e9} \u{2003}x",
    ] {
        for n in 0..6 {
            assert_eq!(
                more_words_than(text, n),
                text.split_whitespace().nth(n).is_some(),
                "{text:?} {n}"
            );
        }
        assert_eq!(
            word_count(text),
            text.split_whitespace().count(),
            "{text:?}"
        );
    }
    assert_eq!(word_count("caf\u{e9} au\u{a0}lait  ok"), 4);
    // Past the 255-byte blocks the count is kept in, words across a block's
    // edge included.
    let long: String = (0..700)
        .map(|i| ["ab ", "c", "  ", "\t", "de\n", " f"][i % 6])
        .collect();
    for cut in [0, 1, 254, 255, 256, 509, 510, 511, long.len()] {
        let t = &long[..cut];
        assert_eq!(word_count(t), t.split_whitespace().count(), "{cut}");
    }
}

#[test]
fn backchannels_by_duration_without_text() {
    for (len, want) in [(0, true), (999, true), (1_000, false), (4_000, false)] {
        let t = Turn {
            speaker: 0,
            start_ms: 10_000,
            end_ms: 10_000 + len,
            text: String::new(),
            line: 0,
        };
        assert_eq!(is_backchannel(&t, false), want, "{len} ms");
    }
}

#[test]
fn talk_time_counts_own_overlaps_once_and_cross_overlaps_for_each() {
    let call = text_call(&[
        ("R", 0, 10_000, LONG),
        ("R", 5_000, 12_000, LONG),  // the rep's own double segment
        ("B", 11_000, 20_000, LONG), // overlaps the rep by 1 s
        ("C", 20_000, 25_000, LONG), // colleagues are neither side
        ("U", 27_000, 28_000, LONG), // nor are unknown speakers
    ]);
    let t = m(&call);
    assert_eq!(t.duration_s, 28.0);
    assert_eq!(t.rep_talk_s, Some(12.0));
    assert_eq!(t.buyer_talk_s, Some(9.0));
    assert_eq!(t.talk_ratio, Some(12.0 / 21.0));
    assert_eq!(t.silence_s, 2.0);
    let d = measure(&call, TalkDenominator::Duration);
    assert_eq!(d.talk_ratio, Some(12.0 / 28.0));
    // 1 s of rep+buyer overlap out of 26 s of speech; the rep's own overlap is not two voices.
    assert_eq!(t.overlap_share, 1.0 / 26.0);
    // The buyer never hands back to the rep, so only patience is empty.
    let missing: Vec<&str> = t.missing.iter().map(|x| x.metric).collect();
    assert_eq!(missing, ["patience_s"]);
}

#[test]
fn rep_unknown_empties_rep_metrics_with_reason() {
    let mut call = text_call(&[("U1", 0, 10_000, LONG), ("B", 10_000, 20_000, LONG)]);
    call.rep_unresolved = Some("no roster match for U1".into());
    let t = m(&call);
    assert_eq!(t.rep_talk_s, None);
    assert_eq!(t.buyer_talk_s, Some(10.0));
    assert_eq!(t.talk_ratio, None);
    assert_eq!(t.longest_monologue_s, None);
    assert_eq!(t.patience_s, None);
    assert_eq!(t.rep_wpm, None);
    assert_eq!(t.rep_interruptions, None);
    for metric in [
        "rep_talk_s",
        "talk_ratio",
        "longest_monologue_s",
        "patience_s",
        "rep_wpm",
        "rep_interruptions",
    ] {
        assert_eq!(
            why(&t, metric),
            Some("rep unknown: no roster match for U1"),
            "{metric}"
        );
    }
    // Side-free metrics are still measured.
    assert_eq!(t.speaker_switches, 1);
    assert_eq!(t.longest_customer_story_s, Some(10.0));
}

#[test]
fn no_buyer_speech_is_not_a_conversation() {
    // A voicemail: the rep alone, no buyer at all.
    let t = m(&text_call(&[("R", 0, 30_000, LONG)]));
    assert_eq!(t.rep_talk_s, Some(30.0));
    assert_eq!(t.buyer_talk_s, None);
    assert_eq!(t.talk_ratio, None);
    assert!(why(&t, "talk_ratio").unwrap().contains("no buyer speech"));
    assert_eq!(t.longest_monologue_s, Some(30.0));
    assert_eq!(t.longest_customer_story_s, None);
    // A buyer who is known but never says anything (a zero-length turn).
    let t = m(&text_call(&[
        ("R", 0, 30_000, LONG),
        ("B", 31_000, 31_000, ""),
    ]));
    assert_eq!(t.buyer_talk_s, Some(0.0));
    assert_eq!(t.talk_ratio, None);
    assert_eq!(t.longest_customer_story_s, Some(0.0));
    assert_eq!(t.patience_s, None);
}

#[test]
fn one_speaker_only() {
    let t = m(&text_call(&[
        ("R", 0, 10_000, LONG),
        ("R", 12_000, 20_000, LONG),
    ]));
    assert_eq!(t.speakers_found, 1);
    assert_eq!(t.speaker_switches, 0);
    assert_eq!(t.interactivity, Some(0.0));
    assert_eq!(t.silence_s, 2.0);
    assert_eq!(t.overlap_share, 0.0);
    // One voice holding all speech is only suspicious when there are two voices.
    assert_eq!(t.diarization_warning, None);
}

#[test]
fn empty_call_measures_nothing_without_panicking() {
    let call = Call {
        id: "empty".into(),
        source: "empty".into(),
        format: Format::Rttm,
        meta: Default::default(),
        speakers: vec![],
        turns: vec![],
        has_text: false,
        warnings: vec![],
        rep_unresolved: None,
    };
    let t = m(&call);
    assert_eq!(
        (t.duration_s, t.silence_s, t.overlap_share),
        (0.0, 0.0, 0.0)
    );
    assert_eq!(t.interactivity, None);
    assert_eq!(t.speakers_found, 0);
    assert_eq!(t.diarization_warning, None);
}

#[test]
fn timeline_only_call() {
    // RTTM-like: no words; turns under 1 s are backchannels.
    let call = call_of(
        false,
        &[
            ("R", 0, 20_000, ""),
            ("B", 5_000, 5_600, ""), // backchannel: no cut, no switch
            ("B", 21_000, 30_000, ""),
            ("R", 30_500, 40_000, ""),
        ],
    );
    let t = m(&call);
    assert_eq!(t.rep_talk_s, Some(29.5));
    assert_eq!(t.buyer_talk_s, Some(9.6));
    assert_eq!(t.speaker_switches, 2);
    assert_eq!(t.longest_monologue_s, Some(20.0));
    assert_eq!(t.patience_s, Some(0.5));
    assert_eq!(t.rep_wpm, None);
    assert!(why(&t, "rep_wpm").unwrap().contains("no text"));
    assert_eq!(t.rep_interruptions, Some(0));
    let ev = t
        .evidence
        .iter()
        .find(|e| e.kind == EvidenceKind::LongestMonologue)
        .unwrap();
    assert_eq!((ev.at_ms, ev.quote.as_str()), (0, ""));
}

#[test]
fn monologue_joining_and_cutting() {
    // (name, turns, longest monologue s, its start ms)
    type Case = (
        &'static str,
        Vec<(&'static str, u64, u64, &'static str)>,
        f64,
        u64,
    );
    let cases: Vec<Case> = vec![
        (
            "buyer backchannel inside does not cut",
            vec![("R", 0, 30_000, LONG), ("B", 10_000, 11_000, "Mm-hmm.")],
            30.0,
            0,
        ),
        (
            "pause of exactly 3 s joins",
            vec![("R", 0, 10_000, LONG), ("R", 13_000, 20_000, LONG)],
            20.0,
            0,
        ),
        (
            "pause just over 3 s breaks",
            vec![("R", 0, 10_000, LONG), ("R", 13_001, 20_000, LONG)],
            10.0,
            0,
        ),
        (
            "substantive buyer speech in a short gap breaks",
            vec![
                ("R", 0, 10_000, LONG),
                ("B", 10_500, 11_500, "what about pricing"),
                ("R", 12_000, 21_000, LONG),
            ],
            10.0,
            0,
        ),
        (
            "buyer backchannel in a short gap joins",
            vec![
                ("R", 0, 10_000, LONG),
                ("B", 10_500, 11_500, "yeah"),
                ("R", 12_000, 21_000, LONG),
            ],
            21.0,
            0,
        ),
        (
            "overlapping substantive buyer speech cuts the rep's turn",
            vec![("R", 0, 60_000, LONG), ("B", 20_000, 25_000, LONG)],
            35.0,
            25_000,
        ),
        (
            "a colleague speaking under 3 s in a gap joins",
            vec![
                ("R", 0, 10_000, LONG),
                ("C", 10_000, 12_000, LONG),
                ("R", 12_000, 20_000, LONG),
            ],
            20.0,
            0,
        ),
        (
            "rep backchannels are rep speech",
            vec![
                ("B", 0, 5_000, LONG),
                ("R", 5_000, 5_500, "right"),
                ("R", 7_000, 9_000, "ok"),
            ],
            4.0,
            5_000,
        ),
    ];
    for (name, turns, want_s, want_at) in cases {
        let t = m(&text_call(&turns));
        assert_eq!(t.longest_monologue_s, Some(want_s), "{name}");
        let ev = t
            .evidence
            .iter()
            .find(|e| e.kind == EvidenceKind::LongestMonologue)
            .unwrap();
        assert_eq!(ev.at_ms, want_at, "{name}");
    }
}

#[test]
fn monologue_evidence_quotes_the_rep_turn() {
    let long: String = (1..=40).map(|i| format!("w{i} ")).collect();
    let t = m(&text_call(&[
        ("B", 0, 2_000, LONG),
        ("R", 3_000, 50_000, &long),
    ]));
    let ev = &t.evidence[0];
    assert_eq!(ev.kind, EvidenceKind::LongestMonologue);
    assert_eq!(ev.at_ms, 3_000);
    assert!(ev.quote.starts_with("w1 w2"));
    assert!(ev.quote.ends_with("w25…"), "{}", ev.quote);
    assert_eq!(ev.line, 2);
}

#[test]
fn customer_story_is_cut_by_substantive_rep_speech() {
    let t = m(&text_call(&[
        ("B", 0, 40_000, LONG),
        ("R", 10_000, 11_000, "uh-huh"),
        ("R", 41_000, 45_000, "and how long did that take"),
        ("B", 45_000, 50_000, LONG),
    ]));
    assert_eq!(t.longest_customer_story_s, Some(40.0));
    let ev = t
        .evidence
        .iter()
        .find(|e| e.kind == EvidenceKind::LongestCustomerStory)
        .unwrap();
    assert_eq!(ev.at_ms, 0);
}

#[test]
fn speaker_switches_skip_backchannels_and_count_everyone() {
    let call = text_call(&[
        ("R", 0, 10_000, LONG),
        ("B", 10_000, 11_000, "Yeah."),
        ("R", 11_000, 20_000, LONG),
        ("B", 20_000, 30_000, LONG),
        ("C", 30_000, 40_000, LONG),
        ("U", 40_000, 60_000, LONG),
    ]);
    let t = m(&call);
    // R R B C U
    assert_eq!(t.speaker_switches, 3);
    assert_eq!(speaker_switches_all_turns(&call), 5);
    assert_eq!(t.interactivity, Some(3.0));
}

#[test]
fn patience_is_the_rep_wait_after_the_buyer() {
    // (name, turns, expected patience)
    type Case = (
        &'static str,
        Vec<(&'static str, u64, u64, &'static str)>,
        Option<f64>,
    );
    let cases: Vec<Case> = vec![
        (
            "one gap",
            vec![("B", 0, 5_000, LONG), ("R", 6_500, 9_000, LONG)],
            Some(1.5),
        ),
        (
            "overlap counts as 0, mean over pairs",
            vec![
                ("B", 0, 5_000, LONG),
                ("R", 6_000, 9_000, LONG),
                ("B", 10_000, 15_000, LONG),
                ("R", 14_000, 20_000, LONG),
            ],
            Some(0.5),
        ),
        (
            "buyer backchannel in between is skipped",
            vec![
                ("B", 0, 5_000, LONG),
                ("B", 5_500, 6_000, "yeah"),
                ("R", 7_000, 9_000, LONG),
            ],
            Some(2.0),
        ),
        (
            "a colleague answering is no pair",
            vec![("B", 0, 5_000, LONG), ("C", 6_000, 9_000, LONG)],
            None,
        ),
        (
            "rep speaks only first",
            vec![("R", 0, 5_000, LONG), ("B", 6_000, 9_000, LONG)],
            None,
        ),
    ];
    for (name, turns, want) in cases {
        let t = m(&text_call(&turns));
        assert_eq!(t.patience_s, want, "{name}");
        assert_eq!(want.is_none(), why(&t, "patience_s").is_some(), "{name}");
    }
}

#[test]
fn rep_words_per_minute() {
    let words: String = (0..150).map(|_| "word ").collect();
    let t = m(&text_call(&[
        ("R", 0, 30_000, &words),
        ("R", 20_000, 60_000, ""), // own overlap: time counts once
        ("B", 60_000, 70_000, LONG),
    ]));
    assert_eq!(t.rep_wpm, Some(150.0));
}

#[test]
fn interruptions_need_half_a_second_of_the_other_turn_left() {
    // (name, turns, rep interruptions, buyer interruptions)
    type Case = (
        &'static str,
        Vec<(&'static str, u64, u64, &'static str)>,
        u32,
        u32,
    );
    let cases: Vec<Case> = vec![
        (
            "rep cuts in with 5 s left",
            vec![("B", 0, 10_000, LONG), ("R", 5_000, 12_000, LONG)],
            1,
            0,
        ),
        (
            "ASR jitter: 0.3 s left is a hand-over",
            vec![("B", 0, 10_000, LONG), ("R", 9_700, 12_000, LONG)],
            0,
            0,
        ),
        (
            "exactly 0.5 s left counts",
            vec![("B", 0, 10_000, LONG), ("R", 9_500, 12_000, LONG)],
            1,
            0,
        ),
        (
            "a backchannel over the rep is listening",
            vec![("R", 0, 10_000, LONG), ("B", 5_000, 5_500, "mm-hmm")],
            0,
            0,
        ),
        (
            "starting together is not interrupting",
            vec![("R", 0, 10_000, LONG), ("B", 0, 8_000, LONG)],
            0,
            0,
        ),
        (
            "buyer cuts into the rep twice, colleague ignored",
            vec![
                ("R", 0, 10_000, LONG),
                ("B", 4_000, 6_000, LONG),
                ("B", 8_000, 12_000, LONG),
                ("C", 11_000, 20_000, LONG),
            ],
            0,
            2,
        ),
        (
            "one turn cutting two overlapping turns counts once",
            vec![
                ("B", 0, 10_000, LONG),
                ("B", 1_000, 9_000, LONG),
                ("R", 5_000, 7_000, LONG),
            ],
            1,
            0,
        ),
    ];
    for (name, turns, rep, buyer) in cases {
        let t = m(&text_call(&turns));
        assert_eq!(t.rep_interruptions, Some(rep), "{name}");
        assert_eq!(t.buyer_interruptions, Some(buyer), "{name}");
        let ev = t
            .evidence
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EvidenceKind::RepInterruption | EvidenceKind::BuyerInterruption
                )
            })
            .count();
        assert_eq!(ev as u32, rep + buyer, "{name}");
    }
    let t = m(&text_call(&[
        ("B", 0, 10_000, LONG),
        ("R", 5_000, 12_000, LONG),
    ]));
    let ev = t
        .evidence
        .iter()
        .find(|e| e.kind == EvidenceKind::RepInterruption)
        .unwrap();
    assert_eq!((ev.at_ms, ev.line), (5_000, 2));
    assert!(ev.detail.contains("over B"), "{}", ev.detail);
}

#[test]
fn zero_length_turns_are_found_but_take_no_time() {
    let t = m(&text_call(&[
        ("R", 0, 10_000, LONG),
        ("B", 5_000, 5_000, LONG),
        ("B", 12_000, 20_000, LONG),
    ]));
    assert_eq!(t.speakers_found, 2);
    assert_eq!(t.buyer_talk_s, Some(8.0));
    assert_eq!(t.overlap_share, 0.0);
    // A zero-length turn neither cuts the monologue nor interrupts.
    assert_eq!(t.longest_monologue_s, Some(10.0));
    assert_eq!(t.buyer_interruptions, Some(0));
    // It still is a (substantive) turn for switches: R B B.
    assert_eq!(t.speaker_switches, 1);
}

#[test]
fn diarization_warnings() {
    let many: Vec<(String, u64, u64)> = (0..7)
        .map(|i| (format!("U{i}"), i * 10_000, (i + 1) * 10_000))
        .collect();
    let many: Vec<(&str, u64, u64, &str)> = many
        .iter()
        .map(|(l, s, e)| (l.as_str(), *s, *e, LONG))
        .collect();
    // (name, turns, expected warning fragment or none)
    type Case<'a> = (&'a str, Vec<(&'a str, u64, u64, &'a str)>, Option<&'a str>);
    let cases: Vec<Case> = vec![
        (
            "a normal call",
            vec![("R", 0, 10_000, LONG), ("B", 10_000, 20_000, LONG)],
            None,
        ),
        ("seven speakers", many, Some("7 speakers")),
        (
            "one voice holds 96%",
            vec![("R", 0, 96_000, LONG), ("B", 96_000, 100_000, LONG)],
            Some("holds 96%"),
        ),
        (
            "a third overlapped",
            vec![("R", 0, 10_000, LONG), ("B", 5_000, 15_000, LONG)],
            Some("overlapped"),
        ),
        (
            "mostly fragments",
            vec![
                ("R", 0, 400, LONG),
                ("B", 500, 900, LONG),
                ("R", 1_000, 10_000, LONG),
                ("B", 10_000, 10_300, LONG),
            ],
            Some("shorter than 0.5 s"),
        ),
    ];
    for (name, turns, want) in cases {
        let t = m(&text_call(&turns));
        match want {
            None => assert_eq!(t.diarization_warning, None, "{name}"),
            Some(w) => {
                let got = t.diarization_warning.unwrap_or_default();
                assert!(got.contains(w), "{name}: {got}");
            }
        }
    }
}

#[test]
fn unsorted_hand_built_call_is_measured_in_start_order() {
    let mut call = text_call(&[("R", 0, 5_000, LONG), ("B", 6_000, 9_000, LONG)]);
    call.turns.reverse();
    let t = m(&call);
    assert_eq!(t.speaker_switches, 1);
    assert_eq!(t.patience_s, None);
    assert_eq!(t.rep_talk_s, Some(5.0));
}

#[test]
fn interval_helpers() {
    assert_eq!(
        union(vec![(5, 7), (0, 2), (2, 3), (4, 4), (6, 9)]),
        vec![(0, 3), (5, 9)]
    );
    assert_eq!(
        subtract(&[(0, 10), (20, 30)], &[(2, 4), (8, 22), (25, 26)]),
        vec![(0, 2), (4, 8), (22, 25), (26, 30)]
    );
    assert!(intersects(&[(5, 10)], 9, 12));
    assert!(!intersects(&[(5, 10)], 10, 12));
    assert!(!intersects(&[(5, 10)], 0, 5));
}

// ---- property tests against a millisecond oracle ----

const TEXTS: &[&str] = &[
    "yeah",
    "Mm-hmm.",
    "got it, makes sense",
    "",
    "what does the rollout look like",
    "we tried that last year and it failed",
    "ok so here is how it works",
];
const ROLES: [Role; 4] = [Role::Rep, Role::Colleague, Role::Buyer, Role::Unknown];

/// Random calls: 1–5 speakers with random roles, up to 25 turns of up to
/// 20 s within 3 minutes. Times sit on a 100 ms grid plus 0–2 ms, so ties,
/// touching turns and pauses of exactly 3 s happen often.
fn arb_call() -> impl Strategy<Value = Call> {
    let turn = (
        0usize..5,
        0u64..1_800,
        0u64..3,
        0u64..200,
        0usize..TEXTS.len(),
    );
    (
        any::<bool>(),
        prop::collection::vec(0usize..4, 1..6),
        prop::collection::vec(turn, 0..25),
    )
        .prop_map(|(has_text, roles, turns)| {
            let speakers = roles
                .iter()
                .enumerate()
                .map(|(i, &r)| Speaker {
                    role: ROLES[r],
                    ..Speaker::new(format!("S{i}"))
                })
                .collect();
            let mut turns: Vec<Turn> = turns
                .into_iter()
                .map(|(s, start, jitter, len, text)| Turn {
                    speaker: (s % roles.len()) as SpeakerId,
                    start_ms: start * 100 + jitter,
                    end_ms: start * 100 + jitter + len * 100,
                    text: if has_text {
                        TEXTS[text].into()
                    } else {
                        String::new()
                    },
                    line: 0,
                })
                .collect();
            turns.sort_by_key(|t| (t.start_ms, t.end_ms, t.speaker));
            Call {
                id: "p".into(),
                source: "p".into(),
                format: Format::WebVtt,
                meta: Default::default(),
                speakers,
                turns,
                has_text,
                warnings: vec![],
                rep_unresolved: None,
            }
        })
}

/// Who speaks at each millisecond, as bit masks of speaker ids: all speech
/// and substantive (non-backchannel) speech.
struct Grid {
    speak: Vec<u32>,
    sub: Vec<u32>,
}

fn grid(call: &Call) -> Grid {
    let n = call.duration_ms() as usize;
    let mut g = Grid {
        speak: vec![0; n],
        sub: vec![0; n],
    };
    for t in &call.turns {
        let bit = 1u32 << t.speaker;
        let backchannel = is_backchannel(t, call.has_text);
        for ms in t.start_ms..t.end_ms {
            g.speak[ms as usize] |= bit;
            if !backchannel {
                g.sub[ms as usize] |= bit;
            }
        }
    }
    g
}

fn role_mask(call: &Call, role: Role) -> u32 {
    call.speakers
        .iter()
        .enumerate()
        .filter(|(_, s)| s.role == role)
        .fold(0, |m, (i, _)| m | 1 << i)
}

/// Literal walk: a millisecond is "own" when the side speaks and the other
/// side is not speaking substantively; a stretch goes on across other
/// milliseconds as long as none is "cut" and the pause is at most 3 s.
fn oracle_longest(g: &Grid, own_mask: u32, cut_mask: u32) -> u64 {
    let (mut best, mut start, mut last_own, mut cut_since) = (0u64, None, 0u64, false);
    for t in 0..g.speak.len() as u64 {
        let cut = g.sub[t as usize] & cut_mask != 0;
        let own = !cut && g.speak[t as usize] & own_mask != 0;
        cut_since |= cut;
        if own {
            let joins = start.is_some() && !cut_since && t - last_own - 1 <= MONOLOGUE_MAX_PAUSE_MS;
            if !joins {
                start = Some(t);
            }
            cut_since = false;
            last_own = t;
            best = best.max(t + 1 - start.unwrap());
        }
    }
    best
}

fn count_ms(g: &Grid, f: impl Fn(u32) -> bool) -> u64 {
    g.speak.iter().filter(|&&m| f(m)).count() as u64
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn times_match_the_oracle(call in arb_call()) {
        let t = m(&call);
        let g = grid(&call);
        let (rep, buyer) = (role_mask(&call, Role::Rep), role_mask(&call, Role::Buyer));
        let speech = count_ms(&g, |m| m != 0);
        let rep_ms = (rep != 0).then(|| count_ms(&g, |m| m & rep != 0));
        let buyer_ms = (buyer != 0).then(|| count_ms(&g, |m| m & buyer != 0));
        prop_assert_eq!(t.rep_talk_s, rep_ms.map(secs));
        prop_assert_eq!(t.buyer_talk_s, buyer_ms.map(secs));
        prop_assert_eq!(t.silence_s, secs(call.duration_ms() - speech));
        let overlap = count_ms(&g, |m| m.count_ones() >= 2);
        let share = if speech > 0 { overlap as f64 / speech as f64 } else { 0.0 };
        prop_assert_eq!(t.overlap_share, share);
    }

    #[test]
    fn longest_stretches_match_the_oracle(call in arb_call()) {
        let t = m(&call);
        let g = grid(&call);
        let (rep, buyer) = (role_mask(&call, Role::Rep), role_mask(&call, Role::Buyer));
        let want = (rep != 0).then(|| secs(oracle_longest(&g, rep, buyer)));
        prop_assert_eq!(t.longest_monologue_s, want);
        let want = (buyer != 0).then(|| secs(oracle_longest(&g, buyer, rep)));
        prop_assert_eq!(t.longest_customer_story_s, want);
    }

    #[test]
    fn speaker_switches_match_the_oracle(call in arb_call()) {
        let mut kept: Vec<&Turn> = call
            .turns
            .iter()
            .filter(|t| !is_backchannel(t, call.has_text))
            .collect();
        kept.sort_by_key(|t| (t.start_ms, t.end_ms, t.speaker));
        let mut speakers: Vec<SpeakerId> = kept.iter().map(|t| t.speaker).collect();
        speakers.dedup();
        let want = speakers.len().saturating_sub(1) as u32;
        prop_assert_eq!(m(&call).speaker_switches, want);
    }
}

// ---- Earnings-21 reference ----

/// Where the Earnings-21 excerpt lives; `EARNINGS21_DIR` overrides it for
/// checkouts where `shared/` is elsewhere.
fn earnings21_dir() -> std::path::PathBuf {
    std::env::var_os("EARNINGS21_DIR")
        .map(Into::into)
        .unwrap_or_else(|| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/external/earnings21").into()
        })
}

/// A tiny RTTM reader: `SPEAKER file chan start dur <NA> <NA> label ...`.
fn read_rttm(text: &str) -> Call {
    let mut p = Parsed::default();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.first() != Some(&"SPEAKER") || f.len() < 8 {
            continue;
        }
        let start: f64 = f[3].parse().unwrap();
        let dur: f64 = f[4].parse().unwrap();
        let start_ms = (start * 1000.0).round() as u64;
        let end_ms = ((start + dur) * 1000.0).round() as u64;
        p.push(f[7], start_ms, end_ms, "", i as u32 + 1);
    }
    finish(Path::new("e.rttm"), Format::Rttm, p).unwrap()
}

#[test]
fn earnings21_speaker_switches() {
    let dir = earnings21_dir();
    let Ok(meta) = std::fs::read_to_string(dir.join("file-metadata.csv")) else {
        println!("skipping: no Earnings-21 data at {}", dir.display());
        return;
    };
    let mut lines = meta.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (id_col, sw_col, spk_col) = (
        col("file_id"),
        col("speaker_switches"),
        col("unique_speakers"),
    );
    let mut checked = 0;
    for row in lines {
        let f: Vec<&str> = row.split(',').collect();
        let Ok(rttm) = std::fs::read_to_string(dir.join(format!("{}.rttm", f[id_col]))) else {
            continue;
        };
        let reference: u32 = f[sw_col].parse().unwrap();
        let speakers: u32 = f[spk_col].parse().unwrap();
        let call = read_rttm(&rttm);
        let all = speaker_switches_all_turns(&call);
        let t = m(&call);
        println!(
            "{}: turns {}, speakers {} (ref {}), switches all turns {}, without backchannels {}, reference {}",
            f[id_col],
            call.turns.len(),
            t.speakers_found,
            speakers,
            all,
            t.speaker_switches,
            reference
        );
        assert_eq!(t.speakers_found, speakers, "{}", f[id_col]);
        // The reference counts speaker runs (consecutive same-speaker
        // segments merged into one), which is one more than the switches
        // between them.
        assert_eq!(all + 1, reference, "{}", f[id_col]);
        checked += 1;
    }
    println!("checked {checked} Earnings-21 files");
}
