//! The first pitch: when the rep first presents or proposes the product.
//!
//! A rep sentence is a pitch when it holds a playbook cue — a pitch phrase
//! ("let me show you", "what we do is", "our platform"), a product name, or the
//! company name doing something ("Acme takes care of that") — and none of the
//! context rules that make real calls' false alarms applies:
//! - only the rep's own words count (a buyer's "let me show you our dashboard"
//!   is not a pitch);
//! - a question is not a pitch ("have you seen a demo from Routemate?", a
//!   product name inside a discovery question), except an offer to show
//!   ("can I show you how the board works?");
//! - a negated or deferred cue is not a pitch ("before I show you anything…",
//!   "I'll show you that later", "not going to pitch you");
//! - an introduction is not a pitch ("I'm Dana from Acme");
//! - showing the agenda is not a pitch ("let me share my screen with the agenda").

use super::phrases::{Hit, NormText, PhraseSet};
use super::text::Ws;
use crate::playbook::{Playbook, COMPANY_PITCH_VERBS};

const PHRASE: usize = 0;
const PRODUCT: usize = 1;
const COMPANY: usize = 2;
const PATTERN: usize = 3;

/// Words shortly before a cue that negate or postpone it.
const NEGATORS: &[&str] = &[
    "before", "not", "won't", "don't", "didn't", "haven't", "never", "instead", "without", "later",
    "isn't", "wasn't", "no", "can't", "cannot", "skip",
];

/// Phrases after a cue that postpone it to another time.
const DEFERRALS: &[&[&str]] = &[
    &["later"],
    &["next", "time"],
    &["next", "call"],
    &["next", "week"],
    &["next", "meeting"],
    &["in", "a", "bit"],
    &["in", "a", "minute"],
    &["in", "a", "second"],
    &["at", "the", "end"],
    &["another", "time"],
    &["on", "the", "next"],
    &["down", "the", "road"],
    &["once", "i", "understand"],
    &["once", "we", "understand"],
    &["after", "we"],
    &["after", "i"],
];

/// What a rep may show that is not the product.
const PAPERWORK: &[&str] = &[
    "agenda",
    "proposal",
    "contract",
    "order",
    "quote",
    "pricing",
    "invoice",
    "notes",
    "calendar",
    "paperwork",
    "terms",
    "redlines",
    "msa",
    "sow",
    "numbers",
    "recap",
    "summary",
    "timeline",
];

/// Starts of a question that offer to show the product.
const OFFERS: &[&[&str]] = &[
    &["can", "i"],
    &["could", "i"],
    &["may", "i"],
    &["shall", "i"],
    &["should", "i"],
    &["mind", "if", "i"],
    &["do", "you", "mind", "if", "i"],
    &["want", "me", "to"],
    &["would", "you", "like", "me", "to"],
    &["would", "it", "help", "if", "i"],
    &["would", "it", "be", "helpful", "if", "i"],
    &["how", "about", "i"],
    &["let", "me"],
];

/// The compiled pitch cues of a playbook.
pub struct PitchMatcher {
    cues: PhraseSet,
    /// The playbook's `pitch_patterns`, checked after the phrases.
    patterns: Vec<regex::Regex>,
}

impl PitchMatcher {
    pub fn new(pb: &Playbook) -> PitchMatcher {
        let mut cues: Vec<(String, usize)> = pb
            .pitch_phrases
            .iter()
            .map(|p| (p.clone(), PHRASE))
            .collect();
        cues.extend(pb.products.iter().map(|p| (p.clone(), PRODUCT)));
        for c in &pb.company {
            cues.extend(
                COMPANY_PITCH_VERBS
                    .iter()
                    .map(|v| (format!("{c} {v}"), COMPANY)),
            );
            for w in [
                "you",
                "you'd",
                "you'll",
                "you're",
                "your",
                "we",
                "we'd",
                "we'll",
                "the",
                "it's",
                "everything",
                "all",
            ] {
                cues.push((format!("with {c} {w}"), COMPANY));
            }
            for w in ["platform", "app", "software", "system", "solution", "board"] {
                cues.push((format!("the {c} {w}"), COMPANY));
            }
        }
        let patterns = pb
            .pitch_patterns
            .iter()
            .filter_map(|p| {
                regex::RegexBuilder::new(p)
                    .case_insensitive(true)
                    .build()
                    .ok()
            })
            .collect();
        PitchMatcher {
            cues: PhraseSet::new(cues.iter().map(|(p, g)| (p.as_str(), *g, false))),
            patterns,
        }
    }

    /// Why `sentence`, said by the rep, is a pitch; `None` when it is not.
    /// `is_question` comes from the question detector.
    pub fn pitch_cue(&self, sentence: &str, is_question: bool) -> Option<String> {
        self.pitch_cue_in(&NormText::new(sentence), is_question)
    }

    /// [`PitchMatcher::pitch_cue`] on a sentence's already normalised words.
    pub fn pitch_cue_in(&self, t: &NormText, is_question: bool) -> Option<String> {
        let w = t.view();
        if is_question && !skip_fillers(w).starts_with_any(OFFERS) {
            return None;
        }
        let intro = w
            .norms()
            .any(|x| matches!(x, "i'm" | "im" | "name" | "name's"))
            && w.len() < 16;
        let pattern_hits = self
            .patterns
            .iter()
            .flat_map(|re| re.find_iter(t.as_str()))
            .map(|m| Hit {
                group: PATTERN,
                first: t.word_at(m.start()),
                end: t
                    .word_at(m.end())
                    .max(t.word_at(m.start()) + 1)
                    .min(w.len()),
            });
        let hits: Vec<Hit> = self.cues.find(t).into_iter().chain(pattern_hits).collect();
        for hit in hits {
            if hit.first >= w.len() {
                continue;
            }
            let before = w.range(hit.first.saturating_sub(5), hit.first);
            if before.norms().any(|x| NEGATORS.contains(&x)) {
                continue;
            }
            let after = w.skip(hit.end);
            if (0..after.len()).any(|i| after.skip(i).starts_with_any(DEFERRALS)) {
                continue;
            }
            // Showing the agenda or the paperwork is not presenting the product.
            if hit.group == PHRASE
                && w.skip(hit.end)
                    .norms()
                    .take(6)
                    .chain(w.range(0, hit.first).norms())
                    .any(|x| PAPERWORK.contains(&x))
            {
                continue;
            }
            if hit.group == PRODUCT
                && intro
                && hit.first > 0
                && matches!(w.at(hit.first - 1), "from" | "at" | "with")
            {
                continue;
            }
            let cue = w.range(hit.first, hit.end).joined();
            let kind = ["phrase", "product", "company", "pattern"][hit.group];
            return Some(format!("{kind}: {cue}"));
        }
        None
    }
}

fn skip_fillers(w: Ws) -> Ws {
    let n = w
        .norms()
        .take_while(|x| {
            matches!(
                *x,
                "so" | "and"
                    | "okay"
                    | "ok"
                    | "um"
                    | "uh"
                    | "well"
                    | "now"
                    | "great"
                    | "cool"
                    | "alright"
            )
        })
        .count();
    w.skip(n)
}

#[cfg(test)]
mod tests;
