//! A labelled table: (sentence, ended with `?`, expected). Every trap the issue
//! names has a line. Extend it with any miss found on a real call.

use super::*;
use QuestionKind::{Closed, Open};

const CASES: &[(&str, Option<QuestionKind>)] = &[
    // Punctuated open questions.
    (
        "What does a typical Monday look like for your dispatchers?",
        Some(Open),
    ),
    ("How are you scheduling jobs today?", Some(Open)),
    ("Why did you start looking at this now?", Some(Open)),
    (
        "Walk me through what happens when a tech calls in sick.",
        Some(Open),
    ),
    ("Tell me about the last time a job was missed.", Some(Open)),
    (
        "So, how many technicians do you have in the field?",
        Some(Open),
    ),
    ("I'm curious, what made you take this call?", Some(Open)),
    (
        "Help me understand how the handoff to billing works.",
        Some(Open),
    ),
    ("What's the biggest headache in your week?", Some(Open)),
    ("And what about the after-hours calls?", Some(Open)),
    // Punctuated closed questions.
    ("Do you use any software for routing today?", Some(Closed)),
    (
        "Is there anyone else involved in the decision?",
        Some(Closed),
    ),
    ("Are you on Routemate right now?", Some(Closed)),
    ("Who signs off on a purchase like this?", Some(Closed)),
    ("When does your contract with CrewFlow renew?", Some(Closed)),
    (
        "Can we get your ops manager on the next call?",
        Some(Closed),
    ),
    ("Have you seen a demo from Routemate?", Some(Closed)),
    (
        "Would it help to have the routes done before 7 am?",
        Some(Closed),
    ),
    ("Anything else I should know?", Some(Closed)),
    ("You're running about forty trucks?", Some(Closed)),
    (
        "I was wondering if you have a budget set aside.",
        Some(Closed),
    ),
    // Unpunctuated ASR.
    (
        "what does your dispatch process look like today",
        Some(Open),
    ),
    ("how do you handle emergency calls", Some(Open)),
    (
        "walk me through a normal day for your dispatchers",
        Some(Open),
    ),
    ("so tell me more about the overtime problem", Some(Open)),
    (
        "do you have a way to track the techs in real time",
        Some(Closed),
    ),
    ("is there a budget for this year", Some(Closed)),
    ("are you the one who owns scheduling", Some(Closed)),
    ("okay and how many jobs a day", Some(Open)),
    ("which tools do you use for invoicing", Some(Closed)),
    ("um what kind of reporting do you need", Some(Open)),
    // Tag questions and check-ins: not questions.
    ("Right?", None),
    ("Makes sense?", None),
    ("Does that make sense?", None),
    ("It saves about an hour a day, right?", None),
    ("So the board updates live, you know?", None),
    ("That's the whole flow, makes sense?", None),
    ("you know", None),
    ("okay", None),
    // Statements that look like questions: not questions.
    ("What we do is build the routes overnight.", None),
    ("How we help is by putting every job on one board.", None),
    ("I know what you mean.", None),
    ("That's why we built the Route Optimizer.", None),
    ("Let me show you how the Dispatch Board works.", None),
    ("We do about forty jobs a day", None),
    ("it is what it is", None),
    ("what we need is fewer phone calls", None),
    ("i'll send you the proposal by thursday", None),
    ("yeah", None),
    ("It does, the app saves everything on the phone.", None),
    ("which is where most owners end up living.", None),
    ("who should pick up each one.", None),
    ("is the arrival window, so if it turns red, you know.", None),
    ("Got it, and how many trucks do you run?", Some(Open)),
    ("That's awesome, did they win?", Some(Closed)),
    ("what made you take this call today", Some(Open)),
    ("what happens to all our old job history", Some(Open)),
    ("who owns the schedule on weekends", Some(Closed)),
    ("what happens then", Some(Open)),
    ("what happens is the tech calls the office", None),
    (
        "would a start date in early january work better",
        Some(Closed),
    ),
    ("hey mark can you hear me okay", Some(Closed)),
    ("mm-hmm", None),
];

#[test]
fn labelled_sentences() {
    let mut wrong = Vec::new();
    for (s, want) in CASES {
        let q = s.trim_end().ends_with('?');
        let got = classify(s, q);
        if got != *want {
            wrong.push(format!("{s:?}: got {got:?}, want {want:?}"));
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
