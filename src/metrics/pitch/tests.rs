//! A labelled table of rep sentences: pitch or not, with the traps real calls
//! hold. Buyer sentences never reach the matcher (the caller filters by role).

use super::*;
use crate::metrics::questions::classify;

fn matcher() -> PitchMatcher {
    let pb = Playbook::from_toml(
        "company = [\"Brightlane\"]\nproducts = [\"Brightlane Dispatch\", \"Route Optimizer\", \"Dispatch Board\"]\n\
         competitors = [\"Routemate\"]\n",
    )
    .unwrap();
    PitchMatcher::new(&pb)
}

const CASES: &[(&str, bool)] = &[
    // Pitches.
    ("Let me show you how the Dispatch Board handles that.", true),
    ("So what we do is build every route overnight.", true),
    ("Our platform pulls the jobs straight from your CRM.", true),
    ("I'll share my screen so you can see it.", true),
    ("The Route Optimizer would cut most of that driving.", true),
    (
        "Brightlane takes care of the reshuffling automatically.",
        true,
    ),
    ("With Brightlane you'd see every tech on one map.", true),
    ("Can I show you how that looks on the board?", true),
    ("let me show you the technician app real quick", true),
    ("what we do is we pull in every job from your crm", true),
    ("here's how it works", true),
    (
        "We help companies like yours stop double-booking techs.",
        true,
    ),
    // Not pitches.
    ("Have you seen a demo from Routemate?", false),
    ("Did you see a demo from another vendor?", false),
    (
        "Before Brightlane came up, how were you planning to fix this?",
        false,
    ),
    ("before brightlane came up", false),
    (
        "Before I show you anything, tell me about your week.",
        false,
    ),
    (
        "I'll show you the Dispatch Board later, once I understand your setup.",
        false,
    ),
    ("I'm not going to show you our platform today.", false),
    ("Hi Tom, I'm Dana from Brightlane.", false),
    ("I'm Dana with Brightlane Dispatch.", false),
    ("Let me share my screen with the agenda.", false),
    (
        "let me pull up the proposal so we're looking at the same thing",
        false,
    ),
    ("I'll share my screen and show you the order form.", false),
    ("How do you dispatch jobs today?", false),
    ("What does your current software do well?", false),
    ("Thanks for making time today.", false),
    (
        "We can dig into the Route Optimizer on the next call.",
        false,
    ),
    ("Brightlane is a team of forty people in Denver.", false),
    (
        "does the dispatch board sound like something you'd use",
        false,
    ),
];

#[test]
fn labelled_rep_sentences() {
    let m = matcher();
    let mut wrong = Vec::new();
    for (s, want) in CASES {
        let q = classify(s, s.trim_end().ends_with('?')).is_some();
        let got = m.pitch_cue(s, q);
        if got.is_some() != *want {
            wrong.push(format!("{s:?}: got {got:?}, want pitch={want}"));
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
fn playbook_patterns_are_regular_expressions_with_the_same_context_rules() {
    let pb =
        Playbook::from_toml("pitch_patterns = [\"(this|here) is (the|our) (board|dashboard)\"]\n")
            .unwrap();
    let m = PitchMatcher::new(&pb);
    assert_eq!(
        m.pitch_cue("So THIS is the Board, live.", false).as_deref(),
        Some("pattern: this is the board")
    );
    assert!(
        m.pitch_cue("Before this is the board you use, tell me more.", false)
            .is_none(),
        "negated"
    );
    assert!(
        m.pitch_cue("Is this is the board you use?", true).is_none(),
        "a question"
    );
}

#[test]
fn builtin_playbook_alone_finds_generic_pitches() {
    let m = PitchMatcher::new(&Playbook::builtin());
    assert!(m
        .pitch_cue("Let me show you how it works.", false)
        .is_some());
    assert!(
        m.pitch_cue("The Route Optimizer would help.", false)
            .is_none(),
        "product names come from the team's playbook"
    );
}
