//! Building turns from word-level output (Deepgram words, Amazon items, Whisper
//! words without segments).
//!
//! Rule, the same for every vendor: consecutive words by the same speaker join
//! one turn while the silence between them is under [`WORD_GAP_MS`]; a change of
//! speaker or a longer pause starts a new turn. Punctuation tokens attach to the
//! word before them.

use super::Parsed;

/// A pause of this many milliseconds or more between two words of the same
/// speaker ends a turn.
pub const WORD_GAP_MS: u64 = 1000;

/// One timed word from a vendor file.
#[derive(Clone, Debug)]
pub struct Word<'a> {
    pub speaker: &'a str,
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: &'a str,
    /// Source line of the word, for evidence and errors.
    pub line: u32,
}

/// Appends turns built from `words` (in time order) to `parsed`.
pub fn push_words<'a>(parsed: &mut Parsed, words: impl IntoIterator<Item = Word<'a>>) {
    let mut cur: Option<(&'a str, u64, u64, String, u32)> = None;
    for w in words {
        let joins = match &cur {
            Some((spk, _, end, _, _)) => {
                *spk == w.speaker && w.start_ms.saturating_sub(*end) < WORD_GAP_MS
            }
            None => false,
        };
        if joins {
            let c = cur.as_mut().expect("checked above");
            c.2 = c.2.max(w.end_ms);
            if !c.3.is_empty() && !is_punct(w.text) {
                c.3.push(' ');
            }
            c.3.push_str(w.text.trim());
        } else {
            if let Some((spk, s, e, text, line)) = cur.take() {
                parsed.push(spk, s, e, &text, line);
            }
            cur = Some((
                w.speaker,
                w.start_ms,
                w.end_ms,
                w.text.trim().to_string(),
                w.line,
            ));
        }
    }
    if let Some((spk, s, e, text, line)) = cur {
        parsed.push(spk, s, e, &text, line);
    }
}

fn is_punct(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| matches!(c, '.' | ',' | '?' | '!' | ';' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(speaker: &str, s: u64, e: u64, text: &'static str) -> Word<'static> {
        let speaker: &'static str = Box::leak(speaker.to_string().into_boxed_str());
        Word {
            speaker,
            start_ms: s,
            end_ms: e,
            text,
            line: 0,
        }
    }

    #[test]
    fn groups_by_speaker_and_gap() {
        let mut p = Parsed::with_text();
        push_words(
            &mut p,
            vec![
                w("A", 0, 300, "hello"),
                w("A", 300, 300, ","),
                w("A", 400, 800, "there"),
                w("B", 900, 1200, "hi"),
                w("B", 2300, 2500, "again"),
            ],
        );
        let t: Vec<_> = p
            .turns
            .iter()
            .map(|t| (t.speaker, t.start_ms, t.end_ms, t.text.as_str()))
            .collect();
        assert_eq!(
            t,
            vec![
                (0, 0, 800, "hello, there"),
                (1, 900, 1200, "hi"),
                (1, 2300, 2500, "again")
            ]
        );
    }
}
