//! Cue text shared by the subtitle-shaped readers (WebVTT, SRT): who speaks and
//! what words are said.
//!
//! Meeting tools put the speaker in two places: a WebVTT voice span
//! (`<v Dana Reyes>Hello</v>`, Teams) or a `Name: ` prefix on the text (Zoom VTT,
//! most SRT). Both readers need the same answer, so it is computed here once: the
//! cue text is tokenised as the WebVTT cue-text tokenizer does (tags dropped,
//! character references decoded), voice spans give speakers, and otherwise a
//! name-shaped prefix does.

/// A stretch of cue text and the voice (speaker) it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// The `<v>` annotation, or a `Name:` prefix; `None` when neither names one.
    pub voice: Option<String>,
    pub text: String,
}

/// Splits raw cue text into speaker spans.
///
/// With voice spans, text runs are grouped by voice and unvoiced text joins the
/// voice next to it (Teams often leaves text outside `</v>`); without any, each
/// line that starts with a name-like `Name: ` prefix opens a new span.
pub fn speaker_spans(raw: &str) -> Vec<Span> {
    // Most cues (Zoom, SRT, CSV) are plain text: no tag, no character
    // reference, no bidi mark. Tokenizing them gives the text back unchanged,
    // so they go straight to the `Name: ` prefixes.
    if is_plain(raw) {
        return finish_spans(prefix_spans(raw));
    }
    let tokens: Vec<Span> = voice_text(raw)
        .into_iter()
        .map(|s| Span {
            // `<v>` without a name names no one.
            voice: s.voice.map(|v| strip_bidi(&v)).filter(|v| !v.is_empty()),
            text: strip_bidi(&s.text),
        })
        .collect();
    let spans = if tokens.iter().any(|s| s.voice.is_some()) {
        attach_unvoiced(tokens)
    } else {
        prefix_spans(&tokens.into_iter().map(|s| s.text).collect::<String>())
    };
    finish_spans(spans)
}

/// Cue text the tokenizer would give back unchanged: no tag (`<`), no
/// character reference (`&`), no bidi mark (U+200E, U+200F, which start with
/// the byte E2). A byte scan; a multi-character `contains` decodes every char.
fn is_plain(raw: &str) -> bool {
    memchr::memchr3(b'<', b'&', 0xE2, raw.as_bytes()).is_none()
        || !raw.contains(['<', '&', '\u{200e}', '\u{200f}'])
}

/// The one span of a plain single-line cue (nearly every Zoom and SRT cue),
/// borrowed: `(voice, text)` as [`speaker_spans`] would give it, without its
/// allocations. `None` when the cue needs the general path; `Some` with an
/// empty text is a cue [`speaker_spans`] would drop.
pub fn single_span<'a>(raw: &'a str, names: &mut Names) -> Option<(Option<&'a str>, &'a str)> {
    if memchr::memchr(b'\n', raw.as_bytes()).is_some() || !is_plain(raw) {
        return None;
    }
    Some(match names.split(raw) {
        Some((name, rest)) => (Some(name), rest),
        None => (None, raw),
    })
}

/// [`split_speaker_prefix`] remembering the names it accepted: caption files
/// repeat the same two or three prefixes on every cue.
#[derive(Default)]
pub struct Names {
    known: Vec<String>,
}

impl Names {
    /// How many names are remembered; a call has a handful of speakers.
    const KEEP: usize = 8;

    pub fn split<'a>(&mut self, line: &'a str) -> Option<(&'a str, &'a str)> {
        // A name holds no `:`, so when the line starts with a known name and
        // `: `, that is its first `: ` and the name needs no new test.
        for name in &self.known {
            if let Some(rest) = line
                .strip_prefix(name.as_str())
                .and_then(|r| r.strip_prefix(": "))
            {
                return Some((&line[..name.len()], rest.trim_start()));
            }
        }
        let (name, rest) = split_speaker_prefix(line)?;
        debug_assert!(!name.contains(':'), "looks_like_name allows no `:`");
        if self.known.len() < Self::KEEP {
            self.known.push(name.to_string());
        }
        Some((name, rest))
    }
}

/// Drops empty voices and spans with no text.
fn finish_spans(spans: Vec<Span>) -> Vec<Span> {
    spans
        .into_iter()
        .map(|s| Span {
            voice: s.voice.filter(|v| !v.is_empty()),
            text: s.text,
        })
        .filter(|s| !s.text.trim().is_empty())
        .collect()
}

/// Bidi marks (`&lrm;`, `&rlm;`) carry no words; left in, they would make
/// `Dana` and `\u{200e}Dana` two speakers.
fn strip_bidi(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}'))
        .collect()
}

/// Merges consecutive runs of the same voice; unvoiced runs join the voice
/// before them (or the first voice when they lead the cue).
fn attach_unvoiced(tokens: Vec<Span>) -> Vec<Span> {
    let first_voice = tokens.iter().find_map(|s| s.voice.clone());
    let mut out: Vec<Span> = Vec::new();
    for tok in tokens {
        let voice = match (&tok.voice, out.last()) {
            (Some(v), _) => Some(v.clone()),
            (None, Some(prev)) => prev.voice.clone(),
            (None, None) => first_voice.clone(),
        };
        match out.last_mut() {
            Some(prev) if prev.voice == voice => prev.text.push_str(&tok.text),
            _ => out.push(Span {
                voice,
                text: tok.text,
            }),
        }
    }
    out
}

/// Groups lines by `Name: ` prefixes. Lines before the first prefix are one
/// unvoiced span.
fn prefix_spans(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for line in text.split('\n') {
        match split_speaker_prefix(line) {
            Some((name, rest)) => out.push(Span {
                voice: Some(name.to_string()),
                text: rest.to_string(),
            }),
            None => match out.last_mut() {
                Some(prev) => {
                    prev.text.push('\n');
                    prev.text.push_str(line);
                }
                None => out.push(Span {
                    voice: None,
                    text: line.to_string(),
                }),
            },
        }
    }
    out
}

/// Words that start ordinary sentences or labels, never a speaker's name:
/// `Note: the price is 5:30` must stay text.
fn is_not_name(w: &[u8]) -> bool {
    matches!(
        w,
        b"note"
            | b"notes"
            | b"nb"
            | b"ps"
            | b"re"
            | b"fyi"
            | b"warning"
            | b"important"
            | b"reminder"
            | b"update"
            | b"agenda"
            | b"summary"
            | b"example"
            | b"tip"
            | b"todo"
            | b"subject"
            | b"price"
            | b"total"
            | b"time"
            | b"date"
            | b"step"
            | b"question"
            | b"answer"
            | b"http"
            | b"https"
    )
}

/// Function words that do not occur in names but do in sentences
/// (`so here is the thing: ...`).
fn is_sentence_word(w: &[u8]) -> bool {
    matches!(
        w,
        b"the"
            | b"a"
            | b"an"
            | b"is"
            | b"are"
            | b"was"
            | b"to"
            | b"and"
            | b"or"
            | b"of"
            | b"in"
            | b"on"
            | b"for"
            | b"with"
            | b"that"
            | b"this"
            | b"it"
            | b"we"
            | b"i"
            | b"you"
            | b"so"
            | b"but"
            | b"here"
            | b"there"
            | b"what"
            | b"my"
            | b"our"
            | b"your"
            | b"me"
            | b"at"
            | b"be"
            | b"have"
            | b"has"
            | b"if"
    )
}

/// Splits `Dana Reyes: Hello` into `("Dana Reyes", "Hello")` when the part before
/// the first `: ` looks like a name: 1 to 5 words, at most 40 characters, starts
/// with a letter, no sentence punctuation, no sentence-only words.
pub fn split_speaker_prefix(line: &str) -> Option<(&str, &str)> {
    // A byte scan: `str::find` sets up a substring searcher on every call,
    // which costs more than the scan on a caption line.
    let (name, rest) = match line.as_bytes().windows(2).position(|w| w == b": ") {
        Some(i) => (&line[..i], &line[i + 2..]),
        // A prefix alone on a line (`Dana Reyes:`) also names the speaker.
        None => (line.strip_suffix(':')?, ""),
    };
    let name = name.trim();
    looks_like_name(name).then_some((name, rest.trim_start()))
}

/// Whether `s` can be a speaker's name or label (`Dana Reyes`, `Speaker 1`,
/// `J. O'Neil-Smith`, `Dana (Acme)`).
pub fn looks_like_name(s: &str) -> bool {
    let too_long = if s.is_ascii() {
        s.len() > 40
    } else {
        s.chars().count() > 40
    };
    if too_long || !s.chars().next().is_some_and(char::is_alphabetic) {
        return false;
    }
    let allowed = |c: char| c.is_alphanumeric() || c.is_whitespace() || ".'-_()&@’".contains(c);
    if !s.chars().all(allowed) {
        return false;
    }
    // Lower-cased comparison; ASCII words (nearly all) through a stack buffer
    // and a `match`, which compiles to a length switch.
    let is_in = |list: fn(&[u8]) -> bool, w: &str| {
        let mut buf = [0u8; 16];
        if w.is_ascii() && w.len() <= buf.len() {
            let low = &mut buf[..w.len()];
            low.copy_from_slice(w.as_bytes());
            low.make_ascii_lowercase();
            list(low)
        } else {
            list(w.to_lowercase().as_bytes())
        }
    };
    let mut words = 0;
    let mut sentence_word = false;
    for w in s.split_whitespace() {
        words += 1;
        if words > 5 || (words == 1 && is_in(is_not_name, w)) {
            return false;
        }
        // Every sentence word is at most 5 bytes long.
        sentence_word = sentence_word || (w.len() <= 5 && is_in(is_sentence_word, w));
    }
    // One-word labels (`A`, `Q`, `Interviewer`) are common; function words only
    // give a sentence away among several words.
    words == 1 || (words > 1 && !sentence_word)
}

/// The text of a cue with its voice, per the WebVTT cue-text tokenizer: tags
/// are dropped (their text kept), character references decoded, and `<v>` spans
/// tracked on an element stack as the tree builder does, so a `</v>` inside
/// `<b>` does not close the voice.
pub fn voice_text(raw: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    // Open elements: tag name and, for `v`, its annotation.
    let mut stack: Vec<(String, String)> = Vec::new();
    let mut tz = Tokenizer {
        chars: raw.chars().collect(),
        pos: 0,
    };
    while let Some(tok) = tz.next_token() {
        match tok {
            Token::Text(t) => {
                let voice = stack
                    .iter()
                    .rev()
                    .find(|(n, _)| n == "v")
                    .map(|(_, a)| a.clone());
                match out.last_mut() {
                    Some(last) if last.voice == voice => last.text.push_str(&t),
                    _ => out.push(Span { voice, text: t }),
                }
            }
            Token::Start(name, annotation) => {
                let known = matches!(name.as_str(), "c" | "i" | "b" | "u" | "ruby" | "v" | "lang");
                let rt = name == "rt" && stack.last().is_some_and(|(n, _)| n == "ruby");
                if known || rt {
                    stack.push((name, annotation));
                }
            }
            Token::End(name) => {
                let top = stack.last().map(|(n, _)| n.as_str());
                if top == Some(name.as_str()) {
                    stack.pop();
                } else if name == "ruby" && top == Some("rt") {
                    stack.pop();
                    stack.pop();
                }
            }
        }
    }
    out
}

enum Token {
    Text(String),
    /// Tag name (classes dropped) and its whitespace-collapsed annotation.
    Start(String, String),
    End(String),
}

struct Tokenizer {
    chars: Vec<char>,
    pos: usize,
}

/// WebVTT whitespace inside tags: tab, line feed, form feed, space.
fn is_tag_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0c' | ' ')
}

impl Tokenizer {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next_token(&mut self) -> Option<Token> {
        let c = self.peek()?;
        if c == '<' {
            self.pos += 1;
            return Some(self.tag());
        }
        let mut text = String::new();
        while let Some(c) = self.peek() {
            match c {
                '<' => break,
                '&' => {
                    self.pos += 1;
                    self.char_ref(&mut text);
                }
                _ => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        Some(Token::Text(text))
    }

    /// After `<`: a start tag, end tag or timestamp tag. Timestamps and empty
    /// tags come back as a start tag with an empty name, which nothing uses.
    fn tag(&mut self) -> Token {
        match self.peek() {
            Some('/') => {
                self.pos += 1;
                let name = self.take_until(|c| c == '>');
                self.skip_one();
                Token::End(name)
            }
            Some(c) if c.is_ascii_digit() => {
                self.take_until(|c| c == '>');
                self.skip_one();
                Token::Start(String::new(), String::new())
            }
            _ => {
                let name = self.take_until(|c| c == '>' || c == '.' || is_tag_space(c));
                // Classes (`.loud`) are skipped up to the annotation or `>`.
                self.take_until(|c| c == '>' || is_tag_space(c));
                let mut annotation = String::new();
                if self.peek().is_some_and(is_tag_space) {
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        match c {
                            '>' => break,
                            '&' => self.char_ref(&mut annotation),
                            _ => annotation.push(c),
                        }
                    }
                } else {
                    self.skip_one();
                }
                let annotation = annotation
                    .split(is_tag_space)
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                Token::Start(name, annotation)
            }
        }
    }

    /// Steps over the `>` that ends a tag, if the text has not ended first.
    fn skip_one(&mut self) {
        if self.peek().is_some() {
            self.pos += 1;
        }
    }

    fn take_until(&mut self, stop: impl Fn(char) -> bool) -> String {
        let start = self.pos;
        while self.peek().is_some_and(|c| !stop(c)) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    /// After `&`: decodes a numeric or known named reference into `out`, or
    /// leaves the `&` as text, as HTML does for unknown names.
    fn char_ref(&mut self, out: &mut String) {
        if self.peek() == Some('#') {
            if let Some(c) = self.numeric_ref() {
                out.push(c);
                return;
            }
        } else {
            let rest: String = self.chars[self.pos..].iter().take(12).collect();
            // Longest name first, so `&notin;` wins over `&not`.
            let best = NAMED
                .iter()
                .filter(|(name, _)| rest.starts_with(name))
                .max_by_key(|(name, _)| name.len());
            if let Some((name, c)) = best {
                self.pos += name.chars().count();
                out.push(*c);
                return;
            }
        }
        out.push('&');
    }

    /// `#32;`, `#x20;` (the `;` optional). `None` leaves the input untouched.
    fn numeric_ref(&mut self) -> Option<char> {
        let mut p = self.pos + 1;
        let hex = matches!(self.chars.get(p), Some('x' | 'X'));
        if hex {
            p += 1;
        }
        let start = p;
        while self
            .chars
            .get(p)
            .is_some_and(|c| c.is_digit(if hex { 16 } else { 10 }))
        {
            p += 1;
        }
        if p == start {
            return None;
        }
        let digits: String = self.chars[start..p].iter().collect();
        let code = u32::from_str_radix(&digits, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        if self.chars.get(p) == Some(&';') {
            p += 1;
        }
        self.pos = p;
        Some(match code {
            0 => '\u{fffd}',
            _ => char::from_u32(code).unwrap_or('\u{fffd}'),
        })
    }
}

/// The named references seen in caption files. Names without `;` are the
/// HTML legacy forms that decode even without it. The full HTML table (2,231
/// names) is not worth carrying for call transcripts.
const NAMED: &[(&str, char)] = &[
    ("amp;", '&'),
    ("amp", '&'),
    ("AMP;", '&'),
    ("AMP", '&'),
    ("lt;", '<'),
    ("lt", '<'),
    ("LT;", '<'),
    ("gt;", '>'),
    ("gt", '>'),
    ("GT;", '>'),
    ("quot;", '"'),
    ("quot", '"'),
    ("apos;", '\''),
    ("nbsp;", '\u{a0}'),
    ("nbsp", '\u{a0}'),
    ("lrm;", '\u{200e}'),
    ("rlm;", '\u{200f}'),
    ("copy;", '©'),
    ("copy", '©'),
    ("reg;", '®'),
    ("reg", '®'),
    ("not;", '¬'),
    ("not", '¬'),
    ("notin;", '∉'),
    ("hellip;", '…'),
    ("mdash;", '—'),
    ("ndash;", '–'),
    ("lsquo;", '‘'),
    ("rsquo;", '’'),
    ("ldquo;", '“'),
    ("rdquo;", '”'),
    ("euro;", '€'),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The remembered names give what `split_speaker_prefix` gives, line for
    /// line, and `single_span` what `speaker_spans` gives.
    #[test]
    fn names_memo_agrees() {
        let lines = [
            "Dana Reyes: Hello there.",
            "Tom: Hi: how are you?",
            "Dana Reyes: Fine",
            "Dana Reyes:  two spaces",
            "Dana Reyesx: not the same name",
            "Dana Reyes:no space",
            "Dana Reyes:",
            "Tom:",
            "so here is the thing: it works",
            "Dana Reyes: ",
            "Note: the price is 5:30",
            "",
        ];
        let mut names = Names::default();
        for line in lines.iter().chain(lines.iter()) {
            assert_eq!(names.split(line), split_speaker_prefix(line), "{line:?}");
            let (voice, text) = single_span(line, &mut names).expect("plain one-line cue");
            let got: Vec<Span> = if text.trim().is_empty() {
                Vec::new()
            } else {
                vec![Span {
                    voice: voice.map(str::to_string),
                    text: text.to_string(),
                }]
            };
            assert_eq!(got, speaker_spans(line), "{line:?}");
        }
        assert!(single_span("a\nb", &mut names).is_none());
        assert!(single_span("<v Tom>hi", &mut names).is_none());
    }

    fn spans(raw: &str) -> Vec<(Option<&str>, String)> {
        // Leak-free view for comparisons.
        speaker_spans(raw)
            .into_iter()
            .map(|s| {
                let v: Option<&str> = s.voice.map(|v| &*Box::leak(v.into_boxed_str()));
                (v, crate::ingest::clean_text(&s.text))
            })
            .collect()
    }

    #[test]
    fn speakers() {
        type Case = (
            &'static str,
            &'static [(Option<&'static str>, &'static str)],
        );
        let cases: &[Case] = &[
            ("<v Dana Reyes>Hello</v>", &[(Some("Dana Reyes"), "Hello")]),
            ("<v Dana Reyes>Hello", &[(Some("Dana Reyes"), "Hello")]),
            (
                "<v.loud Dana>Hi <b>there</b>",
                &[(Some("Dana"), "Hi there")],
            ),
            ("<v  Dana \t Reyes >x", &[(Some("Dana Reyes"), "x")]),
            (
                "<v A>hi</v>\n<v B>yo</v>",
                &[(Some("A"), "hi"), (Some("B"), "yo")],
            ),
            ("<v A>hi\n<v B>yo", &[(Some("A"), "hi"), (Some("B"), "yo")]),
            ("lead <v A>x</v> tail", &[(Some("A"), "lead x tail")]),
            ("<v>no name", &[(None, "no name")]),
            (
                "Dana Reyes: Hello there",
                &[(Some("Dana Reyes"), "Hello there")],
            ),
            (
                "Dana: hi\nSam: yo",
                &[(Some("Dana"), "hi"), (Some("Sam"), "yo")],
            ),
            ("Dana: hi\nmore", &[(Some("Dana"), "hi more")]),
            (
                "Note: the price is 5:30",
                &[(None, "Note: the price is 5:30")],
            ),
            (
                "the price is 5:30 today",
                &[(None, "the price is 5:30 today")],
            ),
            (
                "so here is the thing: we",
                &[(None, "so here is the thing: we")],
            ),
            ("1234: hi", &[(None, "1234: hi")]),
            ("Speaker 1: hi", &[(Some("Speaker 1"), "hi")]),
            ("Well, anyway: go", &[(None, "Well, anyway: go")]),
            (
                "&lrm;Dana&rlm;: hi &amp; bye",
                &[(Some("Dana"), "hi & bye")],
            ),
            ("<c>a</c><i>b</i><00:00:01.000>c", &[(None, "abc")]),
            ("<v A></v>", &[]),
        ];
        for (raw, want) in cases {
            let want: Vec<(Option<&str>, String)> =
                want.iter().map(|(v, t)| (*v, t.to_string())).collect();
            assert_eq!(spans(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn entities() {
        let cases = [
            ("&amp;", "&"),
            ("&amp", "&"),
            ("&lt;&gt;", "<>"),
            ("&nbsp;", "\u{a0}"),
            ("&#32;&#x20;", "  "),
            ("&1;", "&1;"),
            ("&&", "&&"),
            ("&notit;", "¬it;"),
            ("&bogus;", "&bogus;"),
        ];
        for (raw, want) in cases {
            let got: String = voice_text(raw).into_iter().map(|s| s.text).collect();
            assert_eq!(got, want, "{raw:?}");
        }
    }
}
