//! Sentences and words of a turn, for the detectors (questions, pitch, next
//! step). Real exports are of two kinds: punctuated (Zoom, Teams, most vendors)
//! and raw ASR (lower-case, no punctuation). Both are split into sentences here:
//! at `.`, `?`, `!` when present, and in unpunctuated runs before a word that
//! clearly opens a new question ("...today do you use...").

use super::lexicon::{self, IS_AUX, IS_LEAD_IN, IS_NO_SPLIT_BEFORE, IS_SUBJECT, IS_WH, MAY_OPEN};

/// A sentence: a byte range of the turn's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// The sentence ended with `?`.
    pub question_mark: bool,
}

/// A word: a byte range of its sentence, and where its lower-cased form
/// without punctuation is in the sentence's padded normal forms
/// ([`Ws::text`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    pub start: u32,
    pub end: u32,
    norm_start: u32,
    norm_end: u32,
    /// The word lists the normal form is in ([`lexicon::flags`]).
    pub flags: u16,
    /// The low half of the normal form's [`lexicon::fnv`] hash, taken as it
    /// was read: the phrase scan looks words up by it.
    hash: u32,
}

/// The words of one sentence, or of every sentence of a call one after the
/// other. Normal forms are laid out in one string, `" w1 w2 "`, which is also
/// what the phrase scans read; consecutive sentences share the space between
/// them, so each sentence's part is itself `" w1 w2 "`. A call's sentences
/// then cost a few growing vectors, not two allocations each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words {
    list: Vec<Word>,
    norms: String,
}

/// Where one sentence's words are in a [`Words`]: its words, and its padded
/// normal forms (the space before the first word to the space after the
/// last).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    words: (u32, u32),
    norms: (u32, u32),
}

impl Words {
    /// Room for the sentences of `bytes` bytes of text.
    pub fn with_capacity(bytes: usize) -> Words {
        Words {
            // A word and its space are about six bytes of speech.
            list: Vec::with_capacity(bytes / 5 + 1),
            norms: String::with_capacity(bytes + 2),
        }
    }

    /// Forgets every sentence, keeping the room.
    pub fn clear(&mut self) {
        self.list.clear();
        self.norms.clear();
    }

    /// Reads the words of the sentence `text` after those already here.
    pub fn push(&mut self, text: &str) -> Place {
        if self.norms.is_empty() {
            self.norms.push(' ');
        }
        let w0 = self.list.len();
        // The sentence's padded text starts at the space already there.
        let n0 = self.norms.len() - 1;
        if text.is_ascii() {
            read_ascii(text.as_bytes(), 0, &mut self.list, &mut self.norms, n0);
        } else {
            read_words(text, &mut self.list, &mut self.norms, n0);
        }
        Place {
            words: (w0 as u32, self.list.len() as u32),
            norms: (n0 as u32, self.norms.len() as u32),
        }
    }

    /// Removes the sentence at `p` and every one after it.
    pub fn truncate(&mut self, p: Place) {
        self.list.truncate(p.words.0 as usize);
        self.norms.truncate(p.norms.0 as usize + 1);
    }

    /// The words of the sentence at `p`.
    pub fn at(&self, p: Place) -> Ws<'_> {
        Ws {
            list: &self.list[p.words.0 as usize..p.words.1 as usize],
            norms: &self.norms[p.norms.0 as usize..p.norms.1 as usize],
        }
    }

    /// All the words (of a single sentence), for the detectors.
    pub fn view(&self) -> Ws<'_> {
        Ws {
            list: &self.list,
            norms: if self.norms.is_empty() {
                " "
            } else {
                &self.norms
            },
        }
    }

    /// The normal forms joined by single spaces, padded with one space each
    /// side.
    pub fn norms(&self) -> &str {
        self.view().text()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The normal forms, in order.
    pub fn to_strings(&self) -> Vec<String> {
        self.view().norms().map(str::to_string).collect()
    }
}

/// A run of a sentence's words (all of them, or those after a filler): what
/// the detectors read, like a slice.
#[derive(Clone, Copy, Debug)]
pub struct Ws<'a> {
    list: &'a [Word],
    norms: &'a str,
}

impl<'a> Ws<'a> {
    /// No words.
    pub const EMPTY: Ws<'static> = Ws {
        list: &[],
        norms: " ",
    };

    pub fn len(self) -> usize {
        self.list.len()
    }

    pub fn is_empty(self) -> bool {
        self.list.is_empty()
    }

    /// The normal form of word `i`, `""` past the end.
    pub fn at(self, i: usize) -> &'a str {
        self.list.get(i).map_or("", |w| self.norm(w))
    }

    fn norm(self, w: &Word) -> &'a str {
        &self.norms[w.norm_start as usize..w.norm_end as usize]
    }

    /// The word lists word `i` is in, none past the end.
    pub fn flags(self, i: usize) -> u16 {
        self.list.get(i).map_or(0, |w| w.flags)
    }

    /// The low half of word `i`'s [`lexicon::fnv`] hash.
    pub fn hash(self, i: usize) -> u32 {
        self.list[i].hash
    }

    /// Word `i`'s place in its sentence.
    pub fn word(self, i: usize) -> Option<Word> {
        self.list.get(i).copied()
    }

    /// Words `from..to`, like `&w[from..to]`.
    pub fn range(self, from: usize, to: usize) -> Ws<'a> {
        Ws {
            list: &self.list[from..to],
            norms: self.norms,
        }
    }

    /// Words `from..`, like `&w[from..]`.
    pub fn skip(self, from: usize) -> Ws<'a> {
        self.range(from, self.len())
    }

    /// The normal forms, in order.
    pub fn norms(self) -> impl Iterator<Item = &'a str> {
        self.list.iter().map(move |w| self.norm(w))
    }

    /// The sentence's normal forms joined by single spaces and padded with
    /// one space each side: what word offsets and phrase scans refer to.
    pub fn text(self) -> &'a str {
        self.norms
    }

    /// The normal forms joined by single spaces, borrowed: consecutive
    /// words already sit that way in the sentence's normal-form string.
    pub fn joined(self) -> &'a str {
        match (self.list.first(), self.list.last()) {
            (Some(a), Some(b)) => &self.norms[a.norm_start as usize..b.norm_end as usize],
            _ => "",
        }
    }

    /// Do the words start with the words of `p`?
    pub fn starts_with(self, p: &[&str]) -> bool {
        self.len() >= p.len() && p.iter().enumerate().all(|(i, x)| self.at(i) == *x)
    }

    /// Do the words start with the words of one of `pats`?
    pub fn starts_with_any(self, pats: &[&[&str]]) -> bool {
        pats.iter().any(|p| self.starts_with(p))
    }

    /// Index of the word whose normal form starts at or after byte `byte` of
    /// [`Words::norms`].
    pub fn word_at(self, byte: usize) -> usize {
        self.list
            .partition_point(|w| (w.norm_start as usize) < byte)
    }
}

/// Lower-case words with apostrophes kept (`what's`, `don't`), other
/// punctuation dropped; hyphenated words stay whole (`mm-hmm`).
pub fn words(text: &str) -> Words {
    let mut w = Words::with_capacity(text.len());
    w.push(text);
    w
}

/// Cuts ASCII text (a sentence, or one word of a sentence that is not all
/// ASCII, at byte `at` of it) into words in one pass over its bytes, each
/// byte read through [`CLASS`]: whitespace ends a word; letters and digits
/// are lower-cased onto `norms`; `'` and `-` are kept inside a word (leading
/// ones skipped, trailing ones dropped); anything else is dropped. Each word
/// is then looked up and placed (from byte `base` of `norms`).
fn read_ascii(text: &[u8], at: usize, list: &mut Vec<Word>, norms: &mut String, base: usize) {
    norms.reserve(text.len() + 1);
    let mut start = 0;
    let mut word_out = norms.len();
    // The lexicon's hash of the word so far, taken as its bytes go by.
    let mut hash = lexicon::FNV_START;
    for (k, &c) in text.iter().enumerate() {
        let class = CLASS[usize::from(c)];
        // Letters and digits, nearly every byte: the only test they pass.
        // (`& 0x7f` changes no class; it tells the compiler the char is
        // ASCII, one byte to push.)
        if class >= b'0' {
            norms.push(char::from(class & 0x7f));
            hash = lexicon::fnv_step(hash, class & 0x7f);
        } else if class == SPACE {
            end_word(at + start, at + k, word_out, base, hash, norms, list);
            start = k + 1;
            word_out = norms.len();
            hash = lexicon::FNV_START;
        } else if class == JOINER && norms.len() > word_out {
            norms.push(char::from(c));
            hash = lexicon::fnv_step(hash, c);
        }
    }
    end_word(
        at + start,
        at + text.len(),
        word_out,
        base,
        hash,
        norms,
        list,
    );
}

/// Ends the word of text bytes `start..end` whose normal form is
/// `norms[from..]` (`hash` its lexicon hash): trailing `'` and `-` dropped,
/// then looked up and placed, unless nothing of it is kept.
fn end_word(
    start: usize,
    end: usize,
    from: usize,
    base: usize,
    mut hash: u64,
    norms: &mut String,
    list: &mut Vec<Word>,
) {
    let joiner = |n: &String| matches!(n.as_bytes().last(), Some(b'\'' | b'-'));
    if norms.len() > from && joiner(norms) {
        // Rare (`rock-`, `'til'`): trimmed, then hashed again.
        while norms.len() > from && joiner(norms) {
            norms.pop();
        }
        hash = lexicon::fnv(&norms.as_bytes()[from..]);
    }
    if norms.len() == from {
        return;
    }
    list.push(Word {
        start: start as u32,
        end: end as u32,
        norm_start: (from - base) as u32,
        norm_end: (norms.len() - base) as u32,
        flags: lexicon::lookup_hashed(&norms.as_bytes()[from..], hash),
        hash: hash as u32,
    });
    norms.push(' ');
}

/// Cuts a sentence that is not all ASCII into words: their places into
/// `list`, their normal forms onto `norms`, placed from byte `base` (the
/// sentence's leading space). ASCII words are read as [`read_ascii`] reads
/// them; the others by [`word`].
fn read_words(text: &str, list: &mut Vec<Word>, norms: &mut String, base: usize) {
    for raw in text.split(char::is_whitespace) {
        // Where the piece starts: whitespace is not always one byte here.
        let at = raw.as_ptr() as usize - text.as_ptr() as usize;
        if raw.is_ascii() {
            read_ascii(raw.as_bytes(), at, list, norms, base);
        } else {
            word(at, raw, list, norms, base);
        }
    }
}

/// What each ASCII byte is to [`read_ascii`]: a letter or digit is its
/// lower-cased self (all at or above `b'0'`), `'` and `-` are [`JOINER`],
/// ASCII whitespace (space, tab to carriage return) is [`SPACE`], anything
/// else 0 (dropped).
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else if c == b'\'' || c == b'-' {
            JOINER
        } else if is_ascii_space(c) {
            SPACE
        } else {
            0
        };
        b += 1;
    }
    t
};

/// ASCII's whitespace, as `char::is_whitespace` has it: space, and tab to
/// carriage return (written without branches, so loops over bytes vectorise).
pub const fn is_ascii_space(b: u8) -> bool {
    (b == b' ') | (b.wrapping_sub(b'\t') < 5)
}

/// [`CLASS`] of whitespace.
const SPACE: u8 = 1;
/// [`CLASS`] of `'` and `-`, kept inside a word only.
const JOINER: u8 = 2;

/// Adds the word `raw` (a whitespace-free piece of text at byte `start`, not
/// all ASCII) to `list`, its normal form to `norms`, unless nothing of it is
/// kept: letters and digits of any script lower-cased, `’` read as `'`.
fn word(start: usize, raw: &str, list: &mut Vec<Word>, norms: &mut String, base: usize) {
    let trim = |c: char| c == '\'' || c == '-';
    let norm: String = raw
        .chars()
        .map(|c| if c == '’' { '\'' } else { c })
        .filter(|c| c.is_alphanumeric() || *c == '\'' || *c == '-')
        .flat_map(char::to_lowercase)
        .collect();
    let norm = norm.trim_matches(trim);
    if norm.is_empty() {
        return;
    }
    let norm_start = norms.len();
    norms.push_str(norm);
    list.push(Word {
        start: start as u32,
        end: (start + raw.len()) as u32,
        norm_start: (norm_start - base) as u32,
        norm_end: (norms.len() - base) as u32,
        flags: lexicon::flags(norm),
        hash: lexicon::fnv(norm.as_bytes()) as u32,
    });
    norms.push(' ');
}

/// Splits `text` into sentences at sentence punctuation, then splits long
/// unpunctuated stretches before words that open a question.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut arena = Words::with_capacity(text.len());
    for s in punctuated(text) {
        arena.clear();
        split_unpunctuated(text, s, &mut arena, &mut out);
    }
    out
}

/// [`sentences`], each with its words read into `arena` (appended to `out`).
/// Splitting already reads the words of each punctuated sentence; when that
/// sentence is not cut further (all punctuated text, most ASR text) they are
/// its words, so they are kept rather than found again by every detector.
/// `scratch` is working room, reused from text to text.
pub fn sentences_into(
    text: &str,
    arena: &mut Words,
    out: &mut Vec<(Sentence, Place)>,
    scratch: &mut Scratch,
) {
    let Scratch { marks, pieces } = scratch;
    marks.clear();
    punctuated_into(text, marks);
    for &s in marks.iter() {
        pieces.clear();
        let place = split_unpunctuated(text, s, arena, pieces);
        if let [only] = pieces[..] {
            if only == s {
                out.push((only, place));
                continue;
            }
        }
        arena.truncate(place);
        for &p in pieces.iter() {
            out.push((p, arena.push(&text[p.start..p.end])));
        }
    }
}

/// Working room of [`sentences_into`]: a call's texts are split one after the
/// other, and a few vectors grown once serve them all.
#[derive(Default)]
pub struct Scratch {
    marks: Vec<Sentence>,
    pieces: Vec<Sentence>,
}

fn punctuated(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    punctuated_into(text, &mut out);
    out
}

/// The sentences of `text` at sentence punctuation, appended to `out`.
fn punctuated_into(text: &str, out: &mut Vec<Sentence>) {
    let b = text.as_bytes();
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
                push_trimmed(text, start, j + 1, q, out);
                start = j + 1;
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    push_trimmed(text, start, b.len(), false, out);
}

fn is_abbreviation(before: &str) -> bool {
    // Every abbreviation below has at most three bytes: when the last four
    // bytes are ASCII and none is whitespace, the last word is longer than
    // three bytes.
    let b = before.as_bytes();
    let tail = &b[b.len().saturating_sub(4)..];
    if tail.len() == 4 && tail.iter().all(|&c| c.is_ascii() && !is_ascii_space(c)) {
        return false;
    }
    let last = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
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
pub fn inversion_at(w: Ws, i: usize) -> bool {
    w.flags(i) & IS_AUX != 0 && w.flags(i + 1) & IS_SUBJECT != 0
}

/// Does a wh-question open at word `i`: `what does`, `how many`, `what's`,
/// `which tools do you`?
pub fn wh_question_at(w: Ws, i: usize) -> bool {
    let at = |k: usize| w.at(k);
    let flags = |k: usize| w.flags(k);
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
pub fn request_at(w: Ws, i: usize) -> bool {
    let first = w.at(i);
    if !matches!(first, "walk" | "talk" | "tell" | "help") || w.at(i + 1) != "me" {
        return false;
    }
    let third = w.at(i + 2);
    match first {
        "tell" => matches!(third, "about" | "more" | "how" | "what" | "why" | "a"),
        "help" => third == "understand",
        _ => third == "through",
    }
}

/// Does a question open at word `i`?
pub fn opens_question(w: Ws, i: usize) -> bool {
    inversion_at(w, i) || wh_question_at(w, i) || request_at(w, i)
}

/// Openers strong enough to start a new sentence in the middle of an
/// unpunctuated stretch: an auxiliary addressing the listener (`do you`,
/// `is there`), a what/how/why question, a request. Weaker shapes (`was that`,
/// `which is`, `who should`) are far more often relative clauses mid-sentence.
fn strong_opener_at(w: Ws, i: usize) -> bool {
    // Most words can open nothing: one flag test says so.
    if w.flags(i) & MAY_OPEN == 0 {
        return false;
    }
    (w.flags(i) & IS_AUX != 0 && matches!(w.at(i + 1), "you" | "there" | "we" | "they" | "y'all"))
        || (matches!(w.at(i), "what" | "how" | "why" | "what's" | "how's") && wh_question_at(w, i))
        || request_at(w, i)
}

/// Pushes the pieces of punctuated sentence `s`; returns the words of `s`.
fn split_unpunctuated(
    text: &str,
    s: Sentence,
    arena: &mut Words,
    out: &mut Vec<Sentence>,
) -> Place {
    let all = arena.push(&text[s.start..s.end]);
    let w = arena.at(all);
    // A cut needs a strong opener at word 2 or later; most sentences have
    // none, and then nothing below would cut.
    if !(2..w.len()).any(|i| w.flags(i) & MAY_OPEN != 0) {
        push_trimmed(text, s.start, s.end, s.question_mark, out);
        return all;
    }
    let mut cuts = Vec::new();
    let mut clause = 0;
    // A wh-question waiting for its inversion: `how many techs | do you have`
    // must not be cut before `do you`.
    let mut open_wh = false;
    for i in 0..w.len() {
        if i >= clause + 2 && strong_opener_at(w, i) && !(open_wh && inversion_at(w, i)) {
            let prev = w.flags(i - 1);
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
        if i < clause + 3 && wh_question_at(w, i) && !inversion_at(w, i + 1) {
            open_wh = true;
        } else if inversion_at(w, i) {
            open_wh = false;
        }
    }
    let mut start = 0;
    for &c in &cuts {
        let end = w.word(c).expect("cut at a word").start as usize;
        push_trimmed(text, s.start + start, s.start + end, false, out);
        start = end;
    }
    push_trimmed(text, s.start + start, s.end, s.question_mark, out);
    all
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
    fn abbreviations_are_read_from_the_last_word() {
        // The quick answer for a long ASCII last word, and the general one.
        for (before, want) in [
            ("see Dr", true),
            ("ask Mrs", true),
            ("at 3 p.m", true),
            ("plan A", false),
            ("option b", true),
            ("the doctor", false),
            ("word", false),
            ("café dr", true),
            ("x\u{a0}dr", true),
            ("x\u{a0}drs", false),
            ("", false),
        ] {
            assert_eq!(is_abbreviation(before), want, "{before:?}");
        }
    }

    #[test]
    fn class_table_is_the_rule() {
        for b in 0u8..128 {
            let want = if b.is_ascii_alphanumeric() {
                b.to_ascii_lowercase()
            } else if b == b'\'' || b == b'-' {
                JOINER
            } else if char::from(b).is_whitespace() {
                SPACE
            } else {
                0
            };
            assert_eq!(CLASS[usize::from(b)], want, "{b}");
        }
    }

    #[test]
    fn every_short_word_is_normalised_by_the_rule() {
        // Every text of up to four bytes over letters of both cases, a
        // digit, the kept `'` and `-`, dropped punctuation, NUL and two kinds
        // of whitespace: each whitespace-separated word's normal form is its
        // kept bytes lower-cased, without leading or trailing `'` and `-`.
        let alphabet = [b'a', b'Z', b'7', b'\'', b'-', b'.', 0u8, b' ', b'\t'];
        let mut word = Vec::new();
        for len in 1..=4u32 {
            for mut n in 0..alphabet.len().pow(len) {
                word.clear();
                for _ in 0..len {
                    word.push(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                let raw = std::str::from_utf8(&word).unwrap();
                let mut want: Vec<String> = raw
                    .split(char::is_whitespace)
                    .map(|piece| {
                        let kept: String = piece
                            .chars()
                            .filter(|c| c.is_ascii_alphanumeric() || *c == '\'' || *c == '-')
                            .map(|c| c.to_ascii_lowercase())
                            .collect();
                        kept.trim_matches(['\'', '-']).to_string()
                    })
                    .filter(|w| !w.is_empty())
                    .collect();
                let read = words(raw);
                let got = read.to_strings();
                // Hashed as the bytes went by, or again after a trim.
                let w = read.view();
                for i in 0..w.len() {
                    let hash = super::lexicon::fnv(w.at(i).as_bytes()) as u32;
                    assert_eq!(w.hash(i), hash, "{raw:?}");
                }
                assert_eq!(got, want, "{raw:?}");
                // The same word in a sentence that is not all ASCII, which
                // takes the general path.
                want.push("\u{e9}t\u{e9}".into());
                assert_eq!(
                    words(&format!("{raw} \u{c9}t\u{e9}")).to_strings(),
                    want,
                    "{raw:?}"
                );
            }
        }
    }

    #[test]
    fn word_flags_and_hashes_are_those_of_the_normal_form() {
        // Hashed while read, or again after a trailing `'` or `-` is cut.
        for text in [
            "Do you- 'what' WHEN-- Monday' tomorrow um",
            "do\u{2019} you\u{2014} tomorrow monday",
        ] {
            let all = words(text);
            let w = all.view();
            assert_eq!(w.len(), text.split_whitespace().count(), "{text:?}");
            for i in 0..w.len() {
                assert_eq!(
                    w.flags(i),
                    super::lexicon::flags(w.at(i)),
                    "{text:?} {}",
                    w.at(i)
                );
                assert_ne!(w.flags(i), 0, "{text:?} {}", w.at(i));
                assert_eq!(
                    w.hash(i),
                    super::lexicon::fnv(w.at(i).as_bytes()) as u32,
                    "{text:?} {}",
                    w.at(i)
                );
            }
        }
    }

    #[test]
    fn word_places_are_right_after_wide_spaces() {
        // A no-break space is two bytes, an em space and an ideographic space
        // three: each word's place is still its own piece of the text, and a
        // sentence is cut at a word's start.
        let t = "so\u{a0}we handle it\u{2003}today do you use\u{3000}excel for dispatch";
        let all = words(t);
        let w = all.view();
        let pieces: Vec<&str> = t.split(char::is_whitespace).collect();
        assert_eq!(w.len(), pieces.len());
        for (i, piece) in pieces.iter().enumerate() {
            let x = w.word(i).unwrap();
            assert_eq!(&t[x.start as usize..x.end as usize], *piece, "word {i}");
        }
        assert_eq!(
            split(t),
            vec![
                "so\u{a0}we handle it\u{2003}today",
                "do you use\u{3000}excel for dispatch"
            ]
        );
    }

    #[test]
    fn word_norms() {
        let w = words("What's   your ‘plan’, Tom? Mm-hmm.").to_strings();
        assert_eq!(w, vec!["what's", "your", "plan", "tom", "mm-hmm"]);
    }

    #[test]
    fn joined_words_are_the_normal_forms_joined_by_spaces() {
        let all = words("  So -- what's   your ‘plan’, Tom?  Mm-hmm. ");
        let w = all.view();
        for from in 0..=w.len() {
            for to in from..=w.len() {
                let r = w.range(from, to);
                let join = r.norms().collect::<Vec<_>>().join(" ");
                assert_eq!(r.joined(), join, "{from}..{to}");
            }
        }
        assert_eq!(Ws::EMPTY.joined(), "");
    }
}
