//! Finding playbook phrases in a sentence, on whole words, ignoring case and
//! punctuation: one Aho-Corasick automaton per phrase set, run over the
//! sentence's normalised words (`" let me show you "`), so `price` never
//! matches inside `enterprise`.

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::text::{words, Word};

/// A sentence's words joined by single spaces, padded: `" w1 w2 "`.
pub struct NormText {
    pub words: Vec<Word>,
    text: String,
    /// Byte position in `text` where each word starts.
    starts: Vec<usize>,
}

impl NormText {
    pub fn new(sentence: &str) -> NormText {
        NormText::from_words(words(sentence))
    }

    /// The same from a sentence's [`words`], when they are already known.
    pub fn from_words(words: Vec<Word>) -> NormText {
        let len = words.iter().map(|w| w.norm.len() + 1).sum::<usize>();
        let mut text = String::with_capacity(len + 1);
        let mut starts = Vec::with_capacity(words.len());
        text.push(' ');
        for w in &words {
            starts.push(text.len());
            text.push_str(&w.norm);
            text.push(' ');
        }
        NormText {
            words,
            text,
            starts,
        }
    }

    /// The words joined by single spaces, padded with one space each side.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Index of the word at or after byte `byte` of [`NormText::as_str`].
    pub fn word_at(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| s < byte)
    }
}

/// A phrase found: which group it belongs to and the words it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub group: usize,
    /// Index of the first and one past the last matched word.
    pub first: usize,
    pub end: usize,
}

/// Phrases, each tagged with a group number (a tracker, a kind of pitch cue).
pub struct PhraseSet {
    ac: Option<AhoCorasick>,
    groups: Vec<usize>,
}

impl PhraseSet {
    /// `phrases` are `(text, group, word_forms)`.
    pub fn new<'a>(phrases: impl IntoIterator<Item = (&'a str, usize, bool)>) -> PhraseSet {
        let mut pats = Vec::new();
        let mut groups = Vec::new();
        for (p, g, forms) in phrases {
            let norm: Vec<String> = words(p).into_iter().map(|w| w.norm.into_owned()).collect();
            if norm.is_empty() {
                continue;
            }
            let variants = if forms {
                word_forms(norm.last().expect("non-empty"))
            } else {
                vec![norm.last().cloned().expect("non-empty")]
            };
            for v in variants {
                let mut ws = norm.clone();
                *ws.last_mut().expect("non-empty") = v;
                pats.push(format!(" {} ", ws.join(" ")));
                groups.push(g);
            }
        }
        let ac = if pats.is_empty() {
            None
        } else {
            // Every pattern starts with a space, so a start-byte prefilter
            // stops at every word; a DFA without one is faster on sentences.
            Some(
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::DFA))
                    .prefilter(false)
                    .build(&pats)
                    .expect("phrases build an automaton"),
            )
        };
        PhraseSet { ac, groups }
    }

    /// Does the text hold any of the phrases?
    pub fn any(&self, t: &NormText) -> bool {
        self.ac.as_ref().is_some_and(|ac| ac.is_match(&t.text))
    }

    /// Every occurrence, overlapping ones included, in order of position.
    pub fn find(&self, t: &NormText) -> Vec<Hit> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        // Nearly every sentence holds no phrase of a set: one plain scan
        // says so, cheaper than the overlapping search that must follow
        // every partial match.
        if !ac.is_match(&t.text) {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = ac
            .find_overlapping_iter(&t.text)
            .map(|m| Hit {
                group: self.groups[m.pattern().as_usize()],
                first: t.word_at(m.start() + 1),
                end: t.word_at(m.end() - 1),
            })
            .collect();
        hits.sort_by_key(|h| (h.first, std::cmp::Reverse(h.end)));
        hits.dedup_by(|a, b| a.group == b.group && a.first == b.first);
        hits
    }
}

/// A word and its common inflections: `price` -> prices, priced, pricing.
pub fn word_forms(w: &str) -> Vec<String> {
    let mut v = vec![w.to_string()];
    if w.len() < 3 || !w.chars().all(|c| c.is_ascii_alphabetic()) {
        return v;
    }
    let stem = w.strip_suffix('e').unwrap_or(w);
    let plural = if ["s", "x", "z", "ch", "sh"].iter().any(|e| w.ends_with(e)) {
        format!("{w}es")
    } else {
        format!("{w}s")
    };
    v.extend([
        plural,
        format!("{stem}ed"),
        format!("{stem}ing"),
        format!("{w}'s"),
    ]);
    if let Some(s) = w.strip_suffix('y') {
        v.push(format!("{s}ies"));
        v.push(format!("{s}ied"));
    }
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_any_case() {
        let set = PhraseSet::new([
            ("price", 0, true),
            ("let me show you", 1, false),
            ("show you", 2, false),
        ]);
        let t =
            NormText::new("Enterprise pricing? Let me show-you... no: LET ME SHOW YOU the Prices.");
        let hits: Vec<(usize, usize)> = set
            .find(&t)
            .into_iter()
            .map(|h| (h.group, h.first))
            .collect();
        assert_eq!(hits, vec![(0, 1), (1, 6), (2, 8), (0, 11)]);
        assert!(set.find(&NormText::new("enterprise")).is_empty());
    }

    #[test]
    fn forms() {
        assert_eq!(
            word_forms("price"),
            vec!["price", "price's", "priced", "prices", "pricing"]
        );
        assert!(word_forms("company").contains(&"companies".to_string()));
        assert!(word_forms("tax").contains(&"taxes".to_string()));
    }
}
