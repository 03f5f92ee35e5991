//! Sentences and words of a turn, for the detectors (questions, pitch, next
//! step). Real exports are of two kinds: punctuated (Zoom, Teams, most vendors)
//! and raw ASR (lower-case, no punctuation). Both are split into sentences here:
//! at `.`, `?`, `!` when present, and in unpunctuated runs before a word that
//! clearly opens a new question ("...today do you use...").

use std::borrow::Cow;

use super::lexicon::{self, IS_AUX, IS_LEAD_IN, IS_NO_SPLIT_BEFORE, IS_SUBJECT, IS_WH, MAY_OPEN};

/// A sentence: a byte range of the turn's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// The sentence ended with `?`.
    pub question_mark: bool,
}

/// A word: a byte range and its lower-cased form without punctuation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    /// Borrowed from the [`lexicon`] for the common words (most of a
    /// transcript), so reading them allocates nothing.
    pub norm: Cow<'static, str>,
    /// The word lists `norm` is in ([`lexicon::flags`]).
    pub flags: u16,
}

/// Lower-case words with apostrophes kept (`what's`, `don't`), other
/// punctuation dropped; hyphenated words stay whole (`mm-hmm`).
pub fn words(text: &str) -> Vec<Word> {
    // Room for words of two letters and a space: growing the vector cost
    // more than the spare capacity.
    let mut out = Vec::with_capacity(text.len() / 3 + 1);
    let mut push = |start: usize, raw: &str| {
        if let Some(w) = word(start, raw) {
            out.push(w);
        }
    };
    let mut i = 0;
    if text.is_ascii() {
        // The same split on bytes: ASCII's whitespace is tab, line feed,
        // vertical tab, form feed, carriage return and space.
        let b = text.as_bytes();
        for (k, &c) in b.iter().enumerate() {
            if matches!(c, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ') {
                push(i, &text[i..k]);
                i = k + 1;
            }
        }
        push(i, &text[i..]);
    } else {
        for raw in text.split(|c: char| c.is_whitespace()) {
            push(i, raw);
            i += raw.len() + 1;
        }
    }
    out
}

/// What each ASCII byte becomes in a word's normal form: letters lower-cased,
/// digits, `'` and `-` kept, anything else (0) dropped.
const KEEP: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'\'' || c == b'-' {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// The word `raw` (a whitespace-free piece of text at byte `start`), or
/// `None` when nothing of it is kept.
fn word(start: usize, raw: &str) -> Option<Word> {
    let trim = |c: char| c == '\'' || c == '-';
    let end = start + raw.len();
    let mut buf = [0u8; 32];
    if raw.is_ascii() && raw.len() <= buf.len() {
        // Nearly every word: kept bytes lower-cased on the stack, trimmed,
        // then looked up; only a word outside the lexicon is allocated.
        let mut n = 0;
        for &b in raw.as_bytes() {
            let kept = KEEP[usize::from(b)];
            if kept != 0 {
                buf[n] = kept;
                n += 1;
            }
        }
        let mut kept = &buf[..n];
        while let [b'\'' | b'-', rest @ ..] = kept {
            kept = rest;
        }
        while let [rest @ .., b'\'' | b'-'] = kept {
            kept = rest;
        }
        if kept.is_empty() {
            return None;
        }
        let (norm, flags) = match lexicon::lookup(kept) {
            Some((known, flags)) => (Cow::Borrowed(known), flags),
            None => (
                Cow::Owned(std::str::from_utf8(kept).expect("ASCII").to_string()),
                0,
            ),
        };
        return Some(Word {
            start,
            end,
            norm,
            flags,
        });
    }
    let norm: String = raw
        .chars()
        .map(|c| if c == '’' { '\'' } else { c })
        .filter(|c| c.is_alphanumeric() || *c == '\'' || *c == '-')
        .flat_map(char::to_lowercase)
        .collect();
    let norm = norm.trim_matches(trim);
    if norm.is_empty() {
        return None;
    }
    Some(Word {
        start,
        end,
        norm: Cow::Owned(norm.to_string()),
        flags: lexicon::flags(norm),
    })
}

/// Splits `text` into sentences at sentence punctuation, then splits long
/// unpunctuated stretches before words that open a question.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for s in punctuated(text) {
        split_unpunctuated(text, s, &mut out);
    }
    out
}

/// [`sentences`], each with its [`words`]. Splitting already reads the words
/// of each punctuated sentence; when that sentence is not cut further (all
/// punctuated text, most ASR text) they are its words, so they are kept
/// rather than found again by every detector.
pub fn sentences_with_words(text: &str) -> Vec<(Sentence, Vec<Word>)> {
    let mut out = Vec::new();
    let mut pieces = Vec::new();
    for s in punctuated(text) {
        pieces.clear();
        let w = split_unpunctuated(text, s, &mut pieces);
        if let [only] = pieces[..] {
            if only == s {
                out.push((only, w));
                continue;
            }
        }
        for &p in &pieces {
            out.push((p, words(&text[p.start..p.end])));
        }
    }
    out
}

fn punctuated(text: &str) -> Vec<Sentence> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        // Jump to the next sentence mark.
        match memchr::memchr3(b'.', b'?', b'!', &b[i..]) {
            Some(k) => i += k,
            None => break,
        }
        let c = b[i];
        if matches!(c, b'.' | b'?' | b'!') {
            // Runs like `?!` or `...` end together.
            let mut j = i;
            while j + 1 < b.len() && matches!(b[j + 1], b'.' | b'?' | b'!') {
                j += 1;
            }
            let at_end = j + 1 >= b.len() || b[j + 1].is_ascii_whitespace() || b[j + 1] == b'"';
            let decimal = c == b'.'
                && i > 0
                && b[i - 1].is_ascii_digit()
                && j + 1 < b.len()
                && b[j + 1].is_ascii_digit();
            if at_end && !decimal && !is_abbreviation(&text[start..i]) {
                let q = text[i..=j].contains('?');
                push_trimmed(text, start, j + 1, q, &mut out);
                start = j + 1;
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    push_trimmed(text, start, b.len(), false, &mut out);
    out
}

fn is_abbreviation(before: &str) -> bool {
    let last = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    // Every abbreviation below has at most three bytes.
    if last.len() > 3 {
        return false;
    }
    let mut buf = [0u8; 3];
    let low = &mut buf[..last.len()];
    low.copy_from_slice(last.as_bytes());
    low.make_ascii_lowercase();
    matches!(
        &*low,
        b"mr"
            | b"mrs"
            | b"ms"
            | b"dr"
            | b"e.g"
            | b"i.e"
            | b"vs"
            | b"etc"
            | b"st"
            | b"jr"
            | b"inc"
            | b"co"
            | b"a.m"
            | b"p.m"
    ) || (low.len() == 1 && low[0].is_ascii_alphabetic() && low[0] != b'i' && low[0] != b'a')
}

fn push_trimmed(text: &str, mut start: usize, mut end: usize, q: bool, out: &mut Vec<Sentence>) {
    let s = &text[start..end];
    start += s.len() - s.trim_start().len();
    end -= s.len() - s.trim_end().len();
    let s = &text[start..end];
    // An ASCII letter or digit nearly always comes first; chars are only
    // decoded when there is none.
    let has_word = s.bytes().any(|b| b.is_ascii_alphanumeric())
        || (!s.is_ascii() && s.chars().any(char::is_alphanumeric));
    if start < end && has_word {
        out.push(Sentence {
            start,
            end,
            question_mark: q,
        });
    }
}

/// Auxiliaries that open a yes/no question when followed by a subject.
pub const AUX: &[&str] = &[
    "do",
    "does",
    "did",
    "are",
    "is",
    "was",
    "were",
    "have",
    "has",
    "had",
    "can",
    "could",
    "would",
    "will",
    "should",
    "shall",
    "may",
    "might",
    "am",
    "isn't",
    "aren't",
    "don't",
    "doesn't",
    "didn't",
    "haven't",
    "won't",
    "wouldn't",
    "can't",
    "couldn't",
    "shouldn't",
];

/// Subjects after an auxiliary in a question: `do you`, `is there`, `can we`.
pub const SUBJECT: &[&str] = &[
    "you", "your", "we", "they", "there", "it", "that", "this", "he", "she", "i", "the", "any",
    "anyone", "anybody", "someone", "everyone", "y'all", "those", "these", "our", "their", "his",
    "her", "my",
];

pub const WH: &[&str] = &[
    "what", "how", "why", "when", "where", "who", "which", "whom", "whose", "what's", "how's",
    "where's", "who's", "when's", "why's",
];

/// Words after which an auxiliary or wh-word continues the sentence instead of
/// opening a new one: `what do you`, `how often do you`, `I know what is`.
pub const NO_SPLIT_BEFORE: &[&str] = &[
    "what",
    "how",
    "why",
    "when",
    "where",
    "who",
    "which",
    "often",
    "many",
    "much",
    "long",
    "if",
    "whether",
    "that",
    "than",
    "as",
    "because",
    "cause",
    "or",
    "nor",
    "i",
    "we",
    "you",
    "they",
    "know",
    "see",
    "tell",
    "show",
    "understand",
    "ask",
    "asking",
    "wonder",
    "wondering",
    "sure",
    "about",
    "is",
    "that's",
    "thats",
    "exactly",
    "matter",
    "hear",
    "decide",
    "figure",
    "explain",
    "learn",
    "remember",
    "of",
    "on",
    "in",
    "for",
    "to",
    "like",
    "at",
    "with",
    "doesn't",
    "don't",
    "care",
    "mean",
    "depends",
    "not",
    "and",
    "so",
    "but",
    "the",
    "a",
    "an",
    "where",
    "just",
    "really",
    "also",
    "still",
];

/// Words that, before an opener, belong to the new sentence: `so do you...`.
pub const LEAD_IN: &[&str] = &[
    "so", "and", "okay", "ok", "alright", "now", "um", "uh", "but", "well",
];

/// Does a yes/no question open at word `i` (`do you`, `is there`)?
pub fn inversion_at(w: &[Word], i: usize) -> bool {
    let flags = |k: usize| w.get(k).map_or(0, |x| x.flags);
    flags(i) & IS_AUX != 0 && flags(i + 1) & IS_SUBJECT != 0
}

/// Does a wh-question open at word `i`: `what does`, `how many`, `what's`,
/// `which tools do you`?
pub fn wh_question_at(w: &[Word], i: usize) -> bool {
    let at = |k: usize| w.get(k).map(|x| x.norm.as_ref()).unwrap_or("");
    let flags = |k: usize| w.get(k).map_or(0, |x| x.flags);
    if flags(i) & IS_WH == 0 {
        return false;
    }
    let first = at(i);
    if first.ends_with("'s") || flags(i + 1) & IS_AUX != 0 {
        return true;
    }
    if first == "how"
        && matches!(
            at(i + 1),
            "many"
                | "much"
                | "long"
                | "often"
                | "soon"
                | "far"
                | "big"
                | "come"
                | "quickly"
                | "important"
        )
    {
        return true;
    }
    // `what happens to…`, `who owns…`, `what changed`: the wh-word is the
    // subject of a present or past verb; `what happens is…` is a statement.
    if matches!(first, "what" | "who") && is_finite_verb(at(i + 1)) {
        return !matches!(at(i + 2), "is" | "was");
    }
    // `what made you…`, `who told you…`: a verb, then the listener.
    if matches!(first, "what" | "who" | "how")
        && flags(i + 1) & IS_SUBJECT == 0
        && matches!(at(i + 2), "you" | "your")
    {
        return true;
    }
    // `what tools do you use`: an inversion within the next few words.
    flags(i + 1) & IS_SUBJECT == 0 && (i + 2..i + 5).any(|k| inversion_at(w, k))
}

/// A verb in the present third person or the past: `happens`, `owns`,
/// `changed`, `made`, `went` (no part-of-speech tagger: a suffix test plus
/// the common irregular pasts).
fn is_finite_verb(w: &str) -> bool {
    const IRREGULAR: &[&str] = &[
        "made", "went", "came", "got", "took", "brought", "led", "drove", "kept", "told", "gave",
        "broke", "caught", "sold", "put",
    ];
    const NOT_VERBS: &[&str] = &[
        "this", "his", "has", "was", "is", "as", "us", "yes", "its", "need", "speed", "kind",
        "red", "bed",
    ];
    if IRREGULAR.contains(&w) {
        return true;
    }
    if NOT_VERBS.contains(&w) || w.len() < 4 || w.ends_with("ss") || w.ends_with("'s") {
        return false;
    }
    w.ends_with('s') || w.ends_with("ed")
}

/// Requests for information phrased as imperatives: `walk me through`.
pub fn request_at(w: &[Word], i: usize) -> bool {
    let at = |k: usize| w.get(k).map(|x| x.norm.as_ref()).unwrap_or("");
    ((at(i) == "walk" || at(i) == "talk") && at(i + 1) == "me" && at(i + 2) == "through")
        || (at(i) == "tell"
            && at(i + 1) == "me"
            && matches!(at(i + 2), "about" | "more" | "how" | "what" | "why" | "a"))
        || (at(i) == "help" && at(i + 1) == "me" && at(i + 2) == "understand")
}

/// Does a question open at word `i`?
pub fn opens_question(w: &[Word], i: usize) -> bool {
    inversion_at(w, i) || wh_question_at(w, i) || request_at(w, i)
}

/// Openers strong enough to start a new sentence in the middle of an
/// unpunctuated stretch: an auxiliary addressing the listener (`do you`,
/// `is there`), a what/how/why question, a request. Weaker shapes (`was that`,
/// `which is`, `who should`) are far more often relative clauses mid-sentence.
fn strong_opener_at(w: &[Word], i: usize) -> bool {
    let at = |k: usize| w.get(k).map(|x| x.norm.as_ref()).unwrap_or("");
    (w.get(i).is_some_and(|x| x.flags & IS_AUX != 0)
        && matches!(at(i + 1), "you" | "there" | "we" | "they" | "y'all"))
        || (matches!(at(i), "what" | "how" | "why" | "what's" | "how's") && wh_question_at(w, i))
        || request_at(w, i)
}

/// Pushes the pieces of punctuated sentence `s`; returns the words of `s`.
fn split_unpunctuated(text: &str, s: Sentence, out: &mut Vec<Sentence>) -> Vec<Word> {
    let sub = &text[s.start..s.end];
    let w = words(sub);
    // A cut needs a strong opener at word 2 or later; most sentences have
    // none, and then nothing below would cut.
    if !w.iter().skip(2).any(|x| x.flags & MAY_OPEN != 0) {
        push_trimmed(text, s.start, s.end, s.question_mark, out);
        return w;
    }
    let mut cuts = Vec::new();
    let mut clause = 0;
    // A wh-question waiting for its inversion: `how many techs | do you have`
    // must not be cut before `do you`.
    let mut open_wh = false;
    for i in 0..w.len() {
        if i >= clause + 2 && strong_opener_at(&w, i) && !(open_wh && inversion_at(&w, i)) {
            let prev = w[i - 1].flags;
            let cut = if prev & IS_LEAD_IN != 0 {
                Some(i - 1)
            } else if prev & IS_NO_SPLIT_BEFORE != 0 {
                None
            } else {
                Some(i)
            };
            if let Some(c) = cut.filter(|&c| c > clause) {
                cuts.push(c);
                clause = c;
                open_wh = false;
            }
        }
        if i < clause + 3 && wh_question_at(&w, i) && !inversion_at(&w, i + 1) {
            open_wh = true;
        } else if inversion_at(&w, i) {
            open_wh = false;
        }
    }
    let mut start = 0;
    for &c in &cuts {
        let end = w[c].start;
        push_trimmed(text, s.start + start, s.start + end, false, out);
        start = end;
    }
    push_trimmed(text, s.start + start, s.end, s.question_mark, out);
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        sentences(t)
            .into_iter()
            .map(|s| &t[s.start..s.end])
            .collect()
    }

    #[test]
    fn punctuated_text() {
        assert_eq!(
            split("Hi Tom. How are you? Great!"),
            vec!["Hi Tom.", "How are you?", "Great!"]
        );
        assert_eq!(
            split("It costs 3.5 dollars. Dr. Lee agrees"),
            vec!["It costs 3.5 dollars.", "Dr. Lee agrees"]
        );
        assert_eq!(split("Really?! Wow..."), vec!["Really?!", "Wow..."]);
        assert!(sentences("How are you?")[0].question_mark);
        assert!(sentences("...").is_empty());
    }

    #[test]
    fn unpunctuated_asr() {
        assert_eq!(
            split("we mostly use spreadsheets today do you use anything else"),
            vec![
                "we mostly use spreadsheets today",
                "do you use anything else"
            ]
        );
        assert_eq!(
            split("got it so what does your process look like and how many techs do you have"),
            vec![
                "got it",
                "so what does your process look like",
                "and how many techs do you have"
            ]
        );
        assert_eq!(
            split("what do you use for dispatch today"),
            vec!["what do you use for dispatch today"]
        );
        assert_eq!(
            split("i know what is going on there"),
            vec!["i know what is going on there"]
        );
        assert_eq!(
            split("how often do you reschedule jobs"),
            vec!["how often do you reschedule jobs"]
        );
        assert_eq!(
            split("that's awesome did they win"),
            vec!["that's awesome", "did they win"]
        );
        assert_eq!(
            split("the first thing he noticed was that his dispatcher stopped working"),
            vec!["the first thing he noticed was that his dispatcher stopped working"]
        );
        assert_eq!(
            split("we route by zone which is where most owners start"),
            vec!["we route by zone which is where most owners start"]
        );
        assert_eq!(
            split("that makes sense walk me through a normal monday"),
            vec!["that makes sense", "walk me through a normal monday"]
        );
    }

    #[test]
    fn keep_table_is_the_rule() {
        for b in 0u8..128 {
            let kept = b.is_ascii_alphanumeric() || b == b'\'' || b == b'-';
            let want = if kept { b.to_ascii_lowercase() } else { 0 };
            assert_eq!(KEEP[usize::from(b)], want, "{b}");
        }
    }

    #[test]
    fn word_norms() {
        let w: Vec<String> = words("What's   your ‘plan’, Tom? Mm-hmm.")
            .into_iter()
            .map(|w| w.norm.into_owned())
            .collect();
        assert_eq!(w, vec!["what's", "your", "plan", "tom", "mm-hmm"]);
    }
}
