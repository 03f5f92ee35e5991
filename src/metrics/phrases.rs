//! Finding playbook phrases in a sentence, on whole words, ignoring case and
//! punctuation: one Aho-Corasick automaton per phrase set, run over the
//! sentence's normalised words (`" let me show you "`), so `price` never
//! matches inside `enterprise`.
//!
//! Every sentence is asked about several sets (next-step phrases, each
//! tracker, pitch cues) and nearly always holds none of them. Sets joined in a
//! [`Shared`] scan are first looked up in one pass over the sentence's words
//! for all of them; a set's own automaton only runs on the rare sentence that
//! pass found it in.

use std::cell::Cell;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::lexicon::fnv;
use super::text::{words, Words, Ws};

/// A sentence's normalised words, `" w1 w2 "`, and what the phrase scans
/// found in them. A call's sentences borrow their words from the call's
/// [`Words`]; a sentence on its own owns them.
pub struct NormText<'a> {
    words: Source<'a>,
    /// Which sets of a [`Shared`] scan occur here: the scan's id and one bit
    /// per set, once that scan has run on this text.
    present: Cell<Option<(u32, u64)>>,
}

enum Source<'a> {
    Owned(Words),
    Borrowed(Ws<'a>),
}

impl NormText<'static> {
    pub fn new(sentence: &str) -> NormText<'static> {
        NormText::from_words(words(sentence))
    }

    /// The same from a sentence's [`words`], when they are already known.
    pub fn from_words(words: Words) -> NormText<'static> {
        NormText {
            words: Source::Owned(words),
            present: Cell::new(None),
        }
    }
}

impl<'a> NormText<'a> {
    /// A sentence's words kept elsewhere (a call's sentences, read once).
    pub fn of(words: Ws<'a>) -> NormText<'a> {
        NormText {
            words: Source::Borrowed(words),
            present: Cell::new(None),
        }
    }

    /// The words joined by single spaces, padded with one space each side.
    pub fn as_str(&self) -> &str {
        self.view().text()
    }

    /// The words, for the detectors.
    pub fn view(&self) -> Ws<'_> {
        match &self.words {
            Source::Owned(w) => w.view(),
            Source::Borrowed(w) => *w,
        }
    }

    /// Index of the word at or after byte `byte` of [`NormText::as_str`].
    pub fn word_at(&self, byte: usize) -> usize {
        self.view().word_at(byte)
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
    /// The padded patterns, kept to build a [`Shared`] scan.
    pats: Vec<String>,
    /// The shared scan this set is in, and its bit there.
    shared: Option<(Arc<Shared>, u32)>,
}

/// One index over the patterns of several sets, telling which sets may occur
/// in a sentence.
///
/// Patterns are whole normalised words and a sentence is its list of
/// normalised words, so a pattern occurs exactly where its words follow one
/// another in the list. The scan looks each word up among the patterns'
/// first words, a probe of a sparse table that nearly always misses, rather
/// than walking an automaton over every byte of the text: the automaton cost
/// ~18 instructions a byte, ~100 a word.
///
/// Words are compared by their hashes only. The answer is a filter: a set
/// it names still runs its own automaton, which decides, so a hash collision
/// costs one scan and never a false match; a set it does not name cannot
/// occur.
pub struct Shared {
    /// Distinguishes scans, so a sentence's cached answer is only read back
    /// by the scan that wrote it.
    id: u32,
    /// Open addressing on the [`fnv`] hash of a first word: the low half of
    /// the hash, as [`Ws::hash`] gives it, and `1 +` an index into `heads`
    /// (`0`: empty). At most an eighth full.
    slots: Vec<(u32, u32)>,
    /// For each first word, its patterns: the hashes of their other words
    /// and the set bits of the patterns that are exactly these words.
    heads: Vec<Vec<(Vec<u32>, u64)>>,
}

impl Shared {
    /// Joins up to 64 sets (the rest keep scanning alone) in one scan, which
    /// they keep; sets without phrases are left out.
    pub fn join(sets: &mut [&mut PhraseSet]) {
        static NEXT_ID: AtomicU32 = AtomicU32::new(0);
        let members: Vec<usize> = (0..sets.len())
            .filter(|&i| !sets[i].pats.is_empty())
            .take(64)
            .collect();
        let mut first: Vec<u32> = Vec::new();
        let mut heads: Vec<Vec<(Vec<u32>, u64)>> = Vec::new();
        for (bit, &i) in members.iter().enumerate() {
            for p in &sets[i].pats {
                let hashes: Vec<u32> = p
                    .split_whitespace()
                    .map(|w| fnv(w.as_bytes()) as u32)
                    .collect();
                let h = match first.iter().position(|&h| h == hashes[0]) {
                    Some(h) => h,
                    None => {
                        first.push(hashes[0]);
                        heads.push(Vec::new());
                        heads.len() - 1
                    }
                };
                let rest = &hashes[1..];
                match heads[h].iter_mut().find(|(r, _)| r == rest) {
                    Some((_, bits)) => *bits |= 1 << bit,
                    None => heads[h].push((rest.to_vec(), 1 << bit)),
                }
            }
        }
        if heads.is_empty() {
            return;
        }
        let mut slots = vec![(0u32, 0u32); (heads.len() * 8).next_power_of_two()];
        let mask = slots.len() - 1;
        for (k, &h) in first.iter().enumerate() {
            let mut i = h as usize & mask;
            while slots[i].1 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (h, k as u32 + 1);
        }
        let shared = Arc::new(Shared {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            slots,
            heads,
        });
        for (bit, &i) in members.iter().enumerate() {
            sets[i].shared = Some((Arc::clone(&shared), bit as u32));
        }
    }

    /// The bits of the sets that may occur in `t`, scanning once per text.
    fn present(&self, t: &NormText) -> u64 {
        if let Some((id, bits)) = t.present.get() {
            if id == self.id {
                return bits;
            }
        }
        let found = self.bits_in(t.view());
        t.present.set(Some((self.id, found)));
        found
    }

    /// The bits of the sets with a pattern whose word hashes follow one
    /// another among the words `ws`.
    fn bits_in(&self, ws: Ws) -> u64 {
        let mask = self.slots.len() - 1;
        let mut found = 0;
        for i in 0..ws.len() {
            let hash = ws.hash(i);
            let mut s = hash as usize & mask;
            let head = loop {
                match self.slots[s] {
                    (_, 0) => break None,
                    (h, k) if h == hash => break Some(&self.heads[k as usize - 1]),
                    _ => s = (s + 1) & mask,
                }
            };
            let Some(pats) = head else { continue };
            for (rest, bits) in pats {
                if ws.len() - i > rest.len()
                    && rest
                        .iter()
                        .enumerate()
                        .all(|(j, &h)| ws.hash(i + 1 + j) == h)
                {
                    found |= bits;
                }
            }
        }
        found
    }
}

/// A DFA over padded patterns. Every pattern starts with a space, so a
/// start-byte prefilter stops at every word; a DFA without one is faster on
/// sentences.
fn dfa<P: AsRef<[u8]>>(pats: &[P]) -> AhoCorasick {
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .prefilter(false)
        .build(pats)
        .expect("phrases build an automaton")
}

impl PhraseSet {
    /// `phrases` are `(text, group, word_forms)`.
    pub fn new<'a>(phrases: impl IntoIterator<Item = (&'a str, usize, bool)>) -> PhraseSet {
        let mut pats = Vec::new();
        let mut groups = Vec::new();
        for (p, g, forms) in phrases {
            let norm = words(p).to_strings();
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
        let ac = (!pats.is_empty()).then(|| dfa(&pats));
        PhraseSet {
            ac,
            groups,
            pats,
            shared: None,
        }
    }

    /// Can the text hold one of the phrases? `false` when a shared scan says
    /// it does not.
    fn may_occur(&self, t: &NormText) -> bool {
        match &self.shared {
            Some((shared, bit)) => shared.present(t) & (1 << bit) != 0,
            None => true,
        }
    }

    /// Does the text hold any of the phrases?
    pub fn any(&self, t: &NormText) -> bool {
        self.may_occur(t) && self.ac.as_ref().is_some_and(|ac| ac.is_match(t.as_str()))
    }

    /// Every occurrence, overlapping ones included, in order of position.
    pub fn find(&self, t: &NormText) -> Vec<Hit> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        if !self.may_occur(t) {
            return Vec::new();
        }
        // Nearly every sentence holds no phrase of a set: one plain scan
        // (or the shared one, above) says so, cheaper than the overlapping
        // search that must follow every partial match.
        if self.shared.is_none() && !ac.is_match(t.as_str()) {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = ac
            .find_overlapping_iter(t.as_str())
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
    fn word_at_counts_word_starts() {
        for s in ["", "one", "Let me show-you the PRICE, now!", "a b  c"] {
            let t = NormText::new(s);
            // The starts, as the words were laid out.
            let mut starts = Vec::new();
            let mut at = 1;
            for w in t.view().norms() {
                starts.push(at);
                at += w.len() + 1;
            }
            for byte in 0..=t.as_str().len() + 1 {
                let want = starts.iter().filter(|&&s| s < byte).count();
                assert_eq!(t.word_at(byte), want, "{s:?} at {byte}");
            }
        }
    }

    /// Sets whose phrases overlap (`let me show you`, `show you`), and one
    /// without phrases.
    fn make() -> Vec<PhraseSet> {
        vec![
            PhraseSet::new([("price", 0, true), ("let me show you", 1, false)]),
            PhraseSet::new([("show you", 0, false), ("next step", 1, false)]),
            // A phrase of words that are not ASCII: hashed by the general
            // word reader.
            PhraseSet::new([("budget", 0, true), ("café crème", 1, false)]),
            PhraseSet::new(std::iter::empty::<(&str, usize, bool)>()),
        ]
    }

    #[test]
    fn shared_scan_changes_no_answer() {
        let alone = make();
        let (mut a, mut b) = (make(), make());
        Shared::join(&mut a.iter_mut().collect::<Vec<_>>());
        // Only the first two share a second scan: the third scans alone.
        Shared::join(&mut b.iter_mut().take(2).collect::<Vec<_>>());
        let sentences = [
            "Enterprise pricing? Let me show-you the budgets.",
            "Let me show you the next step.",
            "Nothing here.",
            "",
            "The budget, the price, the next step.",
            "Un CAFÉ crème? Café, crème.",
        ];
        for s in sentences {
            // One text read by both scans in turn: each must get its own answer.
            let t = NormText::new(s);
            for _ in 0..2 {
                for sets in [&a, &b] {
                    for (set, want) in sets.iter().zip(&alone) {
                        assert_eq!(set.find(&t), want.find(&NormText::new(s)), "{s:?}");
                        assert_eq!(set.any(&t), want.any(&NormText::new(s)), "{s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_hash_collision_is_filtered_not_matched() {
        // Two words whose hashes share their low half: the shared scan,
        // which compares hashes, lets the sentence through; the set's own
        // automaton still finds nothing.
        let mut seen = std::collections::HashMap::new();
        let (a, b) = (0u32..)
            .find_map(|n| {
                let w = format!("w{n}");
                let h = fnv(w.as_bytes()) as u32;
                seen.insert(h, w.clone()).map(|other| (other, w))
            })
            .unwrap();
        let mut set = PhraseSet::new([(format!("{a} now").as_str(), 0, false)]);
        Shared::join(&mut [&mut set]);
        let t = NormText::new(&format!("{b} now"));
        assert!(set.may_occur(&t), "{a} and {b} collide");
        assert!(set.find(&t).is_empty() && !set.any(&t));
        assert_eq!(set.find(&NormText::new(&format!("{a} now"))).len(), 1);
    }

    #[test]
    fn sentences_of_a_call_answer_as_each_sentence_alone() {
        let alone = make();
        let mut joined = make();
        Shared::join(&mut joined.iter_mut().collect::<Vec<_>>());
        // The sets with phrases share the scan; the empty one has none.
        let shared: Vec<bool> = joined.iter().map(|s| s.shared.is_some()).collect();
        assert_eq!(shared, [true, true, true, false]);
        // Phrases inside sentences, at their edges, and across two ("let
        // me" | "show you the budget"; "next" | "step"), which belong to
        // neither; sentences without words.
        let sentences = [
            "Let me",
            "show you the budget.",
            "",
            "What's the next",
            "step?",
            "...",
            "Prices, then let me show you the next step",
            "budget",
            "un café",
            "crème",
            "un café crème",
        ];
        let mut arena = Words::default();
        let places: Vec<_> = sentences.iter().map(|s| arena.push(s)).collect();
        let texts: Vec<NormText> = places.iter().map(|&p| NormText::of(arena.at(p))).collect();
        let mut groups_found = Vec::new();
        for (s, t) in sentences.iter().zip(&texts) {
            for (k, (set, want)) in joined.iter().zip(&alone).enumerate() {
                let hits = set.find(t);
                assert_eq!(hits, want.find(&NormText::new(s)), "{s:?}");
                assert_eq!(set.any(t), want.any(&NormText::new(s)), "{s:?}");
                groups_found.extend(hits.iter().map(|h| (k, h.group)));
            }
        }
        // Not a comparison of two empty answers: every phrase group of the
        // sets is found somewhere, the one that is not ASCII included.
        groups_found.sort();
        groups_found.dedup();
        assert_eq!(
            groups_found,
            [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]
        );
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
