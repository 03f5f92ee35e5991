//! Next steps: was a concrete next step agreed before the call ended?
//!
//! A sentence proposes a step when it names an action that moves the deal
//! ("send you the proposal", "set up a call", "loop in your ops manager",
//! "next step is…"), by the rep or the buyer. Vague closings ("let's stay in
//! touch", "reach out whenever") are not steps. A step the other side declines
//! in its next turns ("I can't commit to that", "let's hold off") is not
//! captured. The last captured step of the call wins.
//!
//! `has_date`: a concrete day or time in the step's sentence, the same turn's
//! next sentence, or the other side's reply ("Thursday at 2 works").
//! `has_owner`: who does it: `I'll`, `we'll`, `you'll`, `can you`, `let me`,
//! a person's name followed by `will`.

use super::lexicon::DATE_CUE;
use super::phrases::{NormText, PhraseSet};

/// Actions that move a deal forward.
pub const STEP_PHRASES: &[&str] = &[
    "next step",
    "next steps",
    "follow up",
    "follow-up",
    "followup",
    "send you",
    "send over",
    "send it over",
    "send the",
    "send a",
    "i'll send",
    "get you the",
    "set up a",
    "set up time",
    "set up some time",
    "set something up",
    "schedule a",
    "schedule an",
    "schedule the",
    "schedule time",
    "schedule some",
    "schedule another",
    "get back to you",
    "get back to me",
    "book a",
    "book some time",
    "put something on the calendar",
    "put time on",
    "on the calendar",
    "calendar invite",
    "send an invite",
    "send the invite",
    "loop in",
    "bring in",
    "get together",
    "meet again",
    "reconvene",
    "regroup",
    "hop on a call",
    "jump on a call",
    "another call",
    "a call on",
    "a call next",
    "meeting on",
    "a demo for",
    "the demo for",
    "a trial",
    "the trial",
    "a pilot",
    "the pilot",
    "send them",
    "send it",
    "send those",
    "send that",
    "i'll put together",
    "we'll put together",
    "let me put together",
    "review the proposal",
    "review it with",
    "walk your team through",
    "talk again",
    "pencil in",
    "lock in",
    "get it signed",
    "sign the",
    "introduce me to",
    "connect me with",
    "set up the",
];

/// Closings that sound like a step but commit to nothing.
const VAGUE: &[&str] = &[
    "stay in touch",
    "keep in touch",
    "at some point",
    "down the road",
    "whenever",
    "sometime",
    "some time down",
    "if anything changes",
    "feel free to reach out",
    "reach out if",
    "let us know if",
    "keep me posted",
    "circle back at some",
    "no rush",
    "talk next steps",
    "talk about next steps",
    "go over next steps",
    "discuss next steps",
    "figure out next steps",
    "cover next steps",
    "if you ever",
    "in the future",
];

/// Answers that decline a proposed step.
const DECLINES: &[&str] = &[
    "can't commit",
    "cannot commit",
    "not ready",
    "hold off",
    "let's not",
    "not right now",
    "i don't think so",
    "we'll pass",
    "i'll pass",
    "not at this time",
    "not at this point",
    "i'd rather not",
    "don't book",
    "don't schedule",
    "won't work",
    "doesn't work",
    "can't do",
    "let me think about it",
    "need to think about it",
    "not yet",
    "no thanks",
    "no thank you",
    "not interested",
    "too early",
    "premature",
    "not going to happen",
    "pump the brakes",
];

pub const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mondays",
    "tuesdays",
    "thurs",
    "weds",
];
pub const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];
pub const DAY_WORDS: &[&str] = &[
    "tomorrow", "today", "tonight", "eod", "eow", "noon", "midday",
];
pub const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
    "twenty-third",
    "twenty-fourth",
    "twenty-fifth",
    "twenty-sixth",
    "twenty-seventh",
    "twenty-eighth",
    "twenty-ninth",
    "thirtieth",
    "thirty-first",
];
const OWNERS: &[&[&str]] = &[
    &["i'll"],
    &["i", "will"],
    &["i", "can"],
    &["i'm", "going", "to"],
    &["i'm", "gonna"],
    &["let", "me"],
    &["we'll"],
    &["we", "will"],
    &["we're", "going", "to"],
    &["you'll"],
    &["you", "will"],
    &["can", "you"],
    &["could", "you"],
    &["would", "you"],
    &["will", "you"],
    &["you", "can"],
    &["my", "team", "will"],
    &["our", "team", "will"],
    &["i'd", "like", "to", "send"],
    &["i", "need", "to"],
    &["you", "need", "to"],
    &["i'll", "have"],
    &["she'll"],
    &["he'll"],
    &["they'll"],
];

/// Compiled phrase sets.
pub struct NextStepMatcher {
    steps: PhraseSet,
    vague: PhraseSet,
    declines: PhraseSet,
}

impl Default for NextStepMatcher {
    fn default() -> Self {
        NextStepMatcher::new()
    }
}

impl NextStepMatcher {
    /// Its phrase sets, to join a [`super::phrases::Shared`] scan.
    pub fn phrase_sets(&mut self) -> Vec<&mut PhraseSet> {
        vec![&mut self.steps, &mut self.vague, &mut self.declines]
    }

    pub fn new() -> NextStepMatcher {
        let set = |p: &'static [&'static str]| PhraseSet::new(p.iter().map(|s| (*s, 0, false)));
        NextStepMatcher {
            steps: set(STEP_PHRASES),
            vague: set(VAGUE),
            declines: set(DECLINES),
        }
    }

    /// Does this sentence propose a next step? Returns the step phrase found.
    /// `question` is what the question detector said of the sentence.
    pub fn proposes(
        &self,
        sentence: &str,
        question: Option<super::questions::QuestionKind>,
    ) -> Option<String> {
        self.proposes_in(&NormText::new(sentence), question)
    }

    /// [`NextStepMatcher::proposes`] on a sentence's normalised words.
    pub fn proposes_in(
        &self,
        t: &NormText,
        question: Option<super::questions::QuestionKind>,
    ) -> Option<String> {
        // Steps are rare: look for one before ruling out vague talk.
        let hit = *self.steps.find(t).first()?;
        if self.vague.any(t) {
            return None;
        }
        let w = t.view();
        // "How do you schedule jobs today?" asks about the present, it plans
        // nothing; "how about Thursday?" does plan.
        let about = matches!(w.at(0), "how" | "what") && matches!(w.at(1), "about" | "if");
        if question == Some(super::questions::QuestionKind::Open) && !about {
            return None;
        }
        // A step in the past is a report, not a plan: "we sent the proposal".
        if w.range(0, hit.first)
            .norms()
            .any(|x| matches!(x, "sent" | "did" | "had" | "already" | "last"))
        {
            return None;
        }
        Some(w.range(hit.first, hit.end).joined().to_string())
    }

    /// Does this sentence decline what was just proposed?
    pub fn declines(&self, sentence: &str) -> bool {
        self.declines_in(&NormText::new(sentence))
    }

    /// [`NextStepMatcher::declines`] on a sentence's normalised words.
    pub fn declines_in(&self, t: &NormText) -> bool {
        if self.declines.any(t) {
            return true;
        }
        // A bare "no" answer: "No, let's wait."
        let w = t.view();
        matches!(w.at(0), "no" | "nah")
            && w.len() <= 8
            && !matches!(w.at(1), "problem" | "worries" | "doubt" | "question")
    }
}

/// A concrete day or time: a weekday, tomorrow, a month and day, "the 3rd",
/// `11/24`, `2026-11-24`, `2pm`, `at 2`, `10:30`, end of day/week.
pub fn has_date(sentence: &str) -> bool {
    has_date_in(sentence, &NormText::new(sentence))
}

/// [`has_date`] given the sentence's normalised words too.
pub fn has_date_in(sentence: &str, t: &NormText) -> bool {
    let w = t.view();
    let at = |i: usize| w.at(i);
    // Clock times and numeric dates keep their `:` `/` `-` only in the raw text.
    // Both need a digit, which most words lack: test that before allocating.
    let raw = sentence
        .split_whitespace()
        .filter(|x| x.bytes().any(|b| b.is_ascii_digit()))
        .map(|x| {
            x.trim_matches(|c: char| !c.is_ascii_alphanumeric())
                .to_ascii_lowercase()
        });
    if raw.into_iter().any(|x| is_clock(&x) || is_numeric_date(&x)) {
        return true;
    }
    for (i, x) in w.norms().enumerate() {
        // Every test below needs a digit in the word, a word of
        // [`DATE_CUE`], or an hour word run into `pm`/`am`.
        if w.flags(i) & DATE_CUE == 0
            && !x.bytes().any(|b| b.is_ascii_digit())
            && !x.ends_with("pm")
            && !x.ends_with("am")
        {
            continue;
        }
        if WEEKDAYS.contains(&x) || DAY_WORDS.contains(&x) {
            return true;
        }
        if MONTHS.contains(&x)
            && x != "may"
            && (is_day_number(at(i + 1)) || is_day_number(at(i.wrapping_sub(1))))
        {
            return true;
        }
        if x == "may" && is_day_number(at(i + 1)) {
            return true;
        }
        if at(i.wrapping_sub(1)) == "the" && (is_ordinal_number(x) || ORDINALS.contains(&x)) {
            return true;
        }
        if x == "end"
            && at(i + 1) == "of"
            && matches!(at(i + 2), "day" | "week" | "the")
            && matches!(at(i + 3), "" | "day" | "week" | "month")
        {
            return true;
        }
        if is_clock(x) || (x == "at" && is_hour(at(i + 1))) {
            return true;
        }
        if is_hour(x)
            && matches!(
                at(i + 1),
                "pm" | "am" | "p.m" | "a.m" | "o'clock" | "oclock"
            )
        {
            return true;
        }
    }
    false
}

/// Who will do it: a first- or second-person commitment or request.
pub fn has_owner(sentence: &str) -> bool {
    has_owner_in(sentence, &NormText::new(sentence))
}

/// [`has_owner`] given the sentence's normalised words too.
pub fn has_owner_in(sentence: &str, t: &NormText) -> bool {
    owners().any(t)
        || sentence
            .split_whitespace()
            .collect::<Vec<_>>()
            .windows(2)
            .any(|p| {
                p[0].chars().next().is_some_and(char::is_uppercase)
                    && p[0] != "I"
                    && matches!(p[1], "will" | "can" | "is" | "'ll")
                    && p[0].len() > 1
            })
        || sentence.split_whitespace().any(|x| {
            x.len() > 3
                && x.chars().next().is_some_and(char::is_uppercase)
                && (x.ends_with("'ll") || x.ends_with("’ll"))
                && !x.starts_with("I'")
        })
}

/// [`OWNERS`] as one phrase set: one automaton pass over the sentence instead
/// of every list entry tried at every word.
fn owners() -> &'static PhraseSet {
    static OWNER_SET: std::sync::OnceLock<PhraseSet> = std::sync::OnceLock::new();
    OWNER_SET.get_or_init(|| {
        let joined: Vec<String> = OWNERS.iter().map(|p| p.join(" ")).collect();
        PhraseSet::new(joined.iter().map(|p| (p.as_str(), 0, false)))
    })
}

fn is_day_number(s: &str) -> bool {
    let d = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !d.is_empty() && d.len() <= 2 && d.parse::<u32>().is_ok_and(|n| (1..=31).contains(&n))
        || ORDINALS.contains(&s)
}

fn is_ordinal_number(s: &str) -> bool {
    ["st", "nd", "rd", "th"].iter().any(|suf| {
        s.strip_suffix(suf).is_some_and(|d| {
            !d.is_empty() && d.len() <= 2 && d.parse::<u32>().is_ok_and(|n| (1..=31).contains(&n))
        })
    })
}

/// Hours said as words: `at two`, `three pm`.
pub const HOUR_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "noon",
];

fn is_hour(s: &str) -> bool {
    let s = s.trim_end_matches("pm").trim_end_matches("am");
    s.parse::<u32>().is_ok_and(|h| (1..=12).contains(&h)) || HOUR_WORDS.contains(&s)
}

fn is_clock(s: &str) -> bool {
    let t = s.trim_end_matches("pm").trim_end_matches("am");
    if t.len() != s.len() && t.parse::<u32>().is_ok_and(|h| (1..=12).contains(&h)) {
        return true; // 2pm
    }
    match t.split_once(':') {
        Some((h, m)) => {
            h.parse::<u32>().is_ok_and(|h| h <= 23)
                && m.len() == 2
                && m.parse::<u32>().is_ok_and(|m| m < 60)
        }
        None => false,
    }
}

fn is_numeric_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split(['/', '-']).collect();
    (parts.len() == 2 || parts.len() == 3)
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && parts[..2].iter().all(|p| p.len() <= 4)
        && s.contains(['/', '-'])
        && !(parts.len() == 2 && parts.iter().any(|p| p.len() > 2))
}

#[cfg(test)]
mod tests;
