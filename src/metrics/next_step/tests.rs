//! Labelled sentences: (sentence, proposes a step, has a date, has an owner).

use super::*;

const CASES: &[(&str, bool, bool, bool)] = &[
    ("I'll send you the proposal by Thursday.", true, true, true),
    (
        "Can you loop in your ops manager for a call next Tuesday at 2?",
        true,
        true,
        true,
    ),
    (
        "Let's set up a follow-up for Friday at 10:30.",
        true,
        true,
        false,
    ),
    (
        "So the next step is a demo for your dispatch team on November 24th.",
        true,
        true,
        false,
    ),
    (
        "I'll send over the pricing sheet tomorrow morning.",
        true,
        true,
        true,
    ),
    (
        "Tom will review it with the owners and get back to me by the 3rd.",
        true,
        true,
        true,
    ),
    (
        "i'll send you a calendar invite for wednesday at two",
        true,
        true,
        true,
    ),
    ("we'll put something on the calendar", true, false, true),
    ("I'll send you a recap.", true, false, true),
    (
        "Let's schedule a pilot with two of your crews.",
        true,
        false,
        false,
    ),
    ("can we get together again on 11/30", true, true, false),
    ("Let's stay in touch.", false, false, false),
    (
        "Maintenance agreements can schedule themselves, so tune-ups land on the board.",
        false,
        false,
        false,
    ),
    (
        "Got it, so the schedule really lives in one person's head.",
        false,
        false,
        false,
    ),
    (
        "Let me talk it over with the owner, Walt, and I'll get back to you.",
        true,
        false,
        true,
    ),
    (
        "Feel free to reach out whenever you're ready.",
        false,
        false,
        false,
    ),
    (
        "We can circle back at some point down the road.",
        false,
        false,
        true,
    ),
    (
        "We already sent the proposal last week.",
        false,
        false,
        false,
    ),
    ("How do you schedule jobs today?", false, true, false),
    (
        "How about Thursday at 2 for the follow-up?",
        true,
        true,
        false,
    ),
    ("Thanks so much for your time today.", false, true, false),
    ("That was really helpful.", false, false, false),
];

#[test]
fn labelled_sentences() {
    let m = NextStepMatcher::new();
    let mut wrong = Vec::new();
    for (s, step, date, owner) in CASES {
        let got = (
            m.proposes(
                s,
                crate::metrics::questions::classify(s, s.trim_end().ends_with('?')),
            )
            .is_some(),
            has_date(s),
            has_owner(s),
        );
        if got != (*step, *date, *owner) {
            wrong.push(format!(
                "{s:?}: got {got:?}, want {:?}",
                (step, date, owner)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} wrong:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
}

#[test]
fn declines() {
    let m = NextStepMatcher::new();
    for s in [
        "I can't commit to that yet.",
        "Let's hold off until January.",
        "No, not this quarter.",
        "not right now honestly",
    ] {
        assert!(m.declines(s), "{s}");
    }
    for s in [
        "Sounds good.",
        "Thursday works for me.",
        "Yes, let's do it.",
        "no problem at all, that works for me",
    ] {
        assert!(!m.declines(s), "{s}");
    }
}
