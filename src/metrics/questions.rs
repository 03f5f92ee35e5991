//! Questions: one sentence, one question. Works on punctuated text (`?`) and on
//! raw ASR text with no punctuation, from the sentence's shape: interrogative
//! openers, inversions (`do you…`, `is there…`), and requests for information
//! (`walk me through…`). Tag questions (`…, right?`, `makes sense?`) and
//! rhetorical check-ins are not questions.

use super::lexicon::{IS_AUX, IS_FILLER, IS_WH, WONDER_HEAD};
use super::text::{inversion_at, request_at, wh_question_at, words, Ws};

/// What kind of question a sentence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuestionKind {
    /// Invites a story: what / how / why, and requests like "walk me through".
    Open,
    /// Asks for a fact or a yes/no: do you, is there, who, when, where, which.
    Closed,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Open => "open",
            QuestionKind::Closed => "closed",
        }
    }
}

/// Words that carry no meaning at the start of a sentence.
pub const FILLERS: &[&str] = &[
    "so",
    "and",
    "but",
    "okay",
    "ok",
    "alright",
    "um",
    "uh",
    "umm",
    "erm",
    "well",
    "now",
    "yeah",
    "yes",
    "right",
    "great",
    "cool",
    "then",
    "also",
    "just",
    "oh",
    "hey",
    "perfect",
    "awesome",
    "gotcha",
    "sure",
    "actually",
    "anyway",
    "like",
    "and-so",
    "hmm",
    "mm",
    "got",
    "it",
    "totally",
    "nice",
    "excellent",
    "interesting",
    "understood",
];

/// Whole sentences that only check for agreement.
const TAGS: &[&str] = &[
    "right",
    "makes sense",
    "make sense",
    "that makes sense",
    "does that make sense",
    "does it make sense",
    "you know",
    "you know what i mean",
    "okay",
    "ok",
    "yeah",
    "correct",
    "is that correct",
    "sound good",
    "sounds good",
    "fair",
    "fair enough",
    "agreed",
    "got it",
    "isn't it",
    "aren't they",
    "don't you think",
    "no",
    "yes",
    "huh",
    "eh",
    "cool",
    "good",
    "all right",
    "alright",
    "sound fair",
    "see",
    "true",
    "is that right",
    "does that sound good",
    "that work",
    "with me",
    "you with me",
    "still with me",
    "follow me",
    "you follow",
];

/// Phrases that make a sentence a question however it is punctuated:
/// `I'm curious how…`, `I was wondering if…`.
pub(crate) const WONDER: &[&[&str]] = &[
    &["i'm", "curious"],
    &["im", "curious"],
    &["i", "am", "curious"],
    &["curious"],
    &["i", "was", "wondering"],
    &["i'm", "wondering"],
    &["i", "wonder"],
    &["i'd", "love", "to", "hear"],
    &["i'd", "love", "to", "understand"],
    &["i'd", "love", "to", "know"],
    &["i", "want", "to", "understand"],
];

/// Classifies one sentence. `question_mark` says whether it ended with `?`.
pub fn classify(sentence: &str, question_mark: bool) -> Option<QuestionKind> {
    classify_words(sentence, words(sentence).view(), question_mark)
}

/// [`classify`] given the sentence's [`words`], when they are already known.
pub fn classify_words(sentence: &str, w: Ws, question_mark: bool) -> Option<QuestionKind> {
    let body = strip_fillers(w);
    if body.is_empty() {
        return None;
    }
    if is_tag(body) {
        return None;
    }
    if question_mark && ends_with_tag(sentence) {
        return None;
    }
    // A writer who ends a sentence with `.` or `!` says it is not a question;
    // only requests ("Walk me through…") and "I was wondering…" forms still
    // are. This also keeps the tail of a sentence that a caption cue cut in
    // two ("…which is where most owners end up.") from reading as a question.
    let stated = !question_mark && sentence.trim_end().ends_with(['.', '!']);
    if stated {
        if request_at(body, 0) || matches!(body.at(0), "describe" | "explain") {
            return Some(QuestionKind::Open);
        }
    } else if let Some(kind) = shape(body) {
        return Some(kind);
    }
    // Only a listed first word can start one of the forms.
    let wonder = if body.flags(0) & WONDER_HEAD != 0 {
        WONDER.iter().find(|p| body.starts_with(p)).map(|p| p.len())
    } else {
        None
    };
    if let Some(n) = wonder {
        let rest = strip_fillers(body.skip(n));
        let rest = if matches!(rest.at(0), "if" | "whether" | "about") {
            rest.skip(1)
        } else {
            rest
        };
        return Some(match rest.at(0) {
            f if is_open_word(f) => QuestionKind::Open,
            _ if body.len() > n => QuestionKind::Closed,
            _ => return None,
        });
    }
    if question_mark {
        // A statement said with a rising tone: `you're on Routemate today?`
        return Some(if is_open_word(body.at(0)) {
            QuestionKind::Open
        } else {
            QuestionKind::Closed
        });
    }
    None
}

/// Open or closed from the sentence's first words, or `None` if its shape is
/// not interrogative.
fn shape(body: Ws) -> Option<QuestionKind> {
    let first = body.at(0);
    if request_at(body, 0) || matches!(first, "describe" | "explain") {
        return Some(QuestionKind::Open);
    }
    if wh_question_at(body, 0) {
        return Some(if is_open_word(first) {
            QuestionKind::Open
        } else {
            QuestionKind::Closed
        });
    }
    // `what about pricing`, `how come`, `why not`: short wh fragments.
    if body.flags(0) & IS_WH != 0
        && body.len() >= 2
        && matches!(body.at(1), "about" | "come" | "not" | "else")
    {
        return Some(if is_open_word(first) {
            QuestionKind::Open
        } else {
            QuestionKind::Closed
        });
    }
    // `would a start date in January work`: at the start of a sentence an
    // article can be the subject too.
    if inversion_at(body, 0)
        || (body.flags(0) & IS_AUX != 0 && body.len() > 3 && matches!(body.at(1), "a" | "an"))
    {
        return Some(QuestionKind::Closed);
    }
    // `any questions`, `anything else`, `anyone else involved`: elliptic yes/no.
    if matches!(first, "any" | "anything" | "anyone" | "anybody")
        && body.len() <= 6
        && body.len() >= 2
    {
        return Some(QuestionKind::Closed);
    }
    None
}

/// Is the whole of `body` one of the [`TAGS`]? (None is over five words.)
fn is_tag(body: Ws) -> bool {
    body.len() <= 5 && TAGS.contains(&body.joined())
}

fn is_open_word(w: &str) -> bool {
    matches!(
        w,
        "what"
            | "what's"
            | "how"
            | "how's"
            | "why"
            | "why's"
            | "walk"
            | "talk"
            | "tell"
            | "describe"
            | "explain"
            | "help"
    )
}

fn strip_fillers(w: Ws) -> Ws {
    let mut i = 0;
    // A greeting and a name: "hey Mark, can you hear me okay".
    if w.len() > 2 && matches!(w.at(0), "hey" | "hi" | "hello") {
        i = 2;
    }
    loop {
        if w.at(i) == "got" && w.at(i + 1) == "it" {
            i += 2;
            continue;
        }
        if w.flags(i) & IS_FILLER == 0 {
            break;
        }
        // `right` or `so` can also start a real question only when what follows
        // would be one on its own; dropping them is always safe.
        i += 1;
    }
    w.skip(i.min(w.len()))
}

/// `…, right?` / `…, makes sense?`: a statement with a tag after a comma.
fn ends_with_tag(sentence: &str) -> bool {
    let s =
        sentence.trim_end_matches(|c: char| c == '?' || c == '!' || c == '.' || c.is_whitespace());
    let Some(i) = s.rfind([',', '—', '–', ';']) else {
        return false;
    };
    let tail = words(&s[i + 1..]);
    !tail.is_empty() && TAGS.contains(&tail.view().joined())
}

#[cfg(test)]
mod tests;
