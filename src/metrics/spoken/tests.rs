use std::path::Path;

use super::*;
use crate::ingest::{finish, Parsed};
use crate::model::Format;

/// A call from (speaker, start s, end s, text); "Dana" is the rep, "Tom" the buyer.
fn call(turns: &[(&str, u64, u64, &str)]) -> Call {
    let mut p = Parsed::with_text();
    for (i, (who, a, b, text)) in turns.iter().enumerate() {
        p.push(who, a * 1000, b * 1000, text, i as u32 + 1);
    }
    let mut c = finish(Path::new("t.vtt"), Format::WebVtt, p).unwrap();
    for s in &mut c.speakers {
        s.role = if s.label == "Dana" {
            Role::Rep
        } else {
            Role::Buyer
        };
    }
    c
}

fn detectors() -> Detectors {
    Detectors::new(&Playbook::from_toml("company = [\"Brightlane\"]\nproducts = [\"Dispatch Board\"]\ncompetitors = [\"Routemate\"]\n").unwrap())
}

#[test]
fn a_short_discovery_call() {
    let c = call(&[
        ("Dana", 0, 10, "Thanks for the time, Tom. How are you dispatching jobs today? Do you use any software?"),
        ("Tom", 11, 40, "Mostly spreadsheets. Let me show you our dashboard, it's a mess. Did you see a demo from Routemate?"),
        ("Dana", 41, 60, "I have, yes. Walk me through a bad Monday. It's painful, right?"),
        ("Tom", 61, 90, "Two techs out sick and nobody knows where anyone is. What does it cost?"),
        ("Dana", 600, 660, "Let me show you how the Dispatch Board handles a sick day."),
        ("Dana", 1700, 1720, "Can we set up a call with your ops manager next Tuesday at 2?"),
        ("Tom", 1721, 1730, "I can't commit to that yet."),
        ("Dana", 1740, 1760, "Understood. I'll send you a recap and the pricing by Thursday."),
        ("Tom", 1761, 1765, "Sounds good."),
        ("Dana", 1770, 1775, "Let's stay in touch."),
    ]);
    let m = measure(&c, &detectors());
    // How are you…, Do you use…, Walk me through…, Can we set up…; not "…, right?".
    assert_eq!(m.rep_questions, Some(4), "{:#?}", m.evidence);
    assert_eq!(m.rep_open_questions, Some(2));
    assert_eq!(m.buyer_questions, Some(2));
    // The buyer's "let me show you" is not the rep's pitch.
    assert_eq!(m.first_pitch_s, Some(600.0));
    assert_eq!(m.first_pitch_min, Some(10.0));
    // The declined call is not captured; the recap with a date and an owner is.
    assert_eq!(m.next_step, Some(true));
    assert_eq!(m.next_step_has_date, Some(true));
    assert_eq!(m.next_step_has_owner, Some(true));
    let at = m.next_step_s.unwrap();
    assert!(
        at > 1740.0 && at < 1745.0,
        "timed inside its turn, after \"Understood.\": {at}"
    );
    assert!(m
        .next_step_text
        .as_deref()
        .unwrap()
        .starts_with("I'll send you a recap"));
    let competitor = m.trackers.iter().find(|t| t.name == "competitor").unwrap();
    assert_eq!(
        (competitor.count, competitor.first_s.map(|s| s.round())),
        (1, Some(30.0)),
        "timed at its sentence"
    );
    let pricing = m.trackers.iter().find(|t| t.name == "pricing").unwrap();
    assert_eq!(pricing.count, 2, "cost and pricing");
    // Every detection carries its time, speaker and words.
    let pitch = m
        .evidence
        .iter()
        .find(|e| e.kind == EvidenceKind::Pitch)
        .unwrap();
    assert_eq!((pitch.at_ms, pitch.line), (600_000, 5));
    assert!(pitch.quote.contains("Dispatch Board"));
}

#[test]
fn no_pitch_and_no_step_are_values_not_gaps() {
    let c = call(&[
        ("Dana", 0, 10, "What keeps you up at night?"),
        ("Tom", 11, 20, "Overtime."),
    ]);
    let m = measure(&c, &detectors());
    assert_eq!(m.first_pitch_s, None);
    assert!(m
        .missing
        .iter()
        .any(|x| x.metric == "first_pitch_s" && x.why.contains("never pitched")));
    assert_eq!(
        (m.next_step, m.next_step_has_date),
        (Some(false), Some(false))
    );
}

#[test]
fn timeline_only_and_unknown_rep_are_empty_with_reasons() {
    let mut c = call(&[("Dana", 0, 10, ""), ("Tom", 11, 20, "")]);
    c.has_text = false;
    let m = measure(&c, &detectors());
    assert_eq!(
        (m.rep_questions, m.next_step, m.first_pitch_s),
        (None, None, None)
    );
    assert!(m.missing.iter().all(|x| x.why.contains("no text")));

    let mut c = call(&[
        (
            "Dana",
            0,
            10,
            "Let me show you the Dispatch Board. Any questions?",
        ),
        ("Tom", 11, 20, "How much is it?"),
    ]);
    c.speakers[0].role = Role::Unknown;
    c.rep_unresolved = Some("speakers are anonymous labels".into());
    let m = measure(&c, &detectors());
    assert_eq!((m.rep_questions, m.first_pitch_s), (None, None));
    assert_eq!(m.buyer_questions, Some(1));
    assert!(m
        .missing
        .iter()
        .any(|x| x.metric == "rep_questions" && x.why.contains("anonymous")));
}

#[test]
fn ends_sentence_is_the_trimmed_test() {
    for text in [
        "",
        " ",
        "ok.",
        "ok. ",
        "ok?\t",
        "ok!\n",
        "ok",
        "ok .",
        "done.\u{a0}",
        "fin\u{e9}.",
        "caf\u{e9}",
        "?",
        "wait…",
        "x.\u{2009}",
    ] {
        let want = text.trim_end().ends_with(['.', '?', '!']);
        assert_eq!(ends_sentence(text), want, "{text:?}");
    }
}

/// Which step a call keeps, case by case: (what the case shows, the call,
/// whether the kept step has a date and an owner, how its text starts).
#[test]
fn a_confirmation_keeps_the_better_step_it_answers() {
    type Case = (
        &'static str,
        &'static [(&'static str, u64, u64, &'static str)],
        bool,
        bool,
        &'static str,
    );
    let cases: [Case; 5] = [
        (
            "the buyer's \"send the invite\" confirms the rep's dated, owned step",
            &[
                (
                    "Dana",
                    0,
                    10,
                    "I'll send you a calendar invite for Monday at ten.",
                ),
                ("Tom", 11, 15, "That works, send the invite."),
            ],
            true,
            true,
            "I'll send you a cale",
        ),
        (
            "a reply that says more than the step it answers replaces it",
            &[
                ("Dana", 0, 10, "We should set up a demo."),
                ("Tom", 11, 15, "Sure, I'll book a demo for Thursday at two."),
            ],
            true,
            true,
            "Sure, I'll book a de",
        ),
        (
            "outside the reply window the last step wins, even saying less",
            &[
                ("Dana", 0, 10, "I'll send you the proposal on Friday."),
                ("Tom", 200, 210, "Let's schedule a call."),
            ],
            false,
            false,
            "Let's schedule a cal",
        ),
        (
            "from the same side the last step wins, even saying less",
            &[
                ("Dana", 0, 10, "I'll send you the proposal on Friday."),
                ("Dana", 11, 20, "Then we can schedule a call."),
            ],
            false,
            false,
            "Then we can schedule",
        ),
        (
            "a step whose date only comes in the reply has it",
            &[
                (
                    "Dana",
                    0,
                    10,
                    "Can we schedule a call with your ops manager?",
                ),
                ("Tom", 11, 15, "Sure, Tuesday works."),
            ],
            true,
            false,
            "Can we schedule a ca",
        ),
    ];
    for (why, turns, date, owner, text) in cases {
        let m = measure(&call(turns), &detectors());
        let kept: String = m
            .next_step_text
            .unwrap_or_default()
            .chars()
            .take(20)
            .collect();
        assert_eq!(
            (
                m.next_step,
                m.next_step_has_date,
                m.next_step_has_owner,
                kept.as_str()
            ),
            (Some(true), Some(date), Some(owner), text),
            "{why}"
        );
    }
}
