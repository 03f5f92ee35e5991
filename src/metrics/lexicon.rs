//! Which of the detectors' word lists a word belongs to, looked up once when
//! the word is read. The sentence splitter and the question classifier test
//! every word against several lists (auxiliaries, subjects, wh-words,
//! fillers…); a linear scan of each list per test cost more than reading the
//! words. The lists themselves stay where they are explained (`text.rs`,
//! `questions.rs`, `next_step.rs`); this module only indexes them.

use std::sync::OnceLock;

use super::next_step::{DAY_WORDS, HOUR_WORDS, MONTHS, ORDINALS, WEEKDAYS};
use super::questions::{FILLERS, WONDER};
use super::text::{AUX, LEAD_IN, NO_SPLIT_BEFORE, SUBJECT, WH};

/// Bits of [`flags`]: one per list.
pub const IS_AUX: u16 = 1;
pub const IS_SUBJECT: u16 = 1 << 1;
pub const IS_WH: u16 = 1 << 2;
pub const IS_LEAD_IN: u16 = 1 << 3;
pub const IS_NO_SPLIT_BEFORE: u16 = 1 << 4;
pub const IS_FILLER: u16 = 1 << 5;
/// The first test of a strong question opener can hold at the word: an
/// auxiliary, a what/how/why word, or a request verb (`walk me through`).
pub const MAY_OPEN: u16 = 1 << 6;
/// A word a date test of `next_step::has_date_in` starts from, when it has no
/// digit: a weekday, a month, `tomorrow`, an ordinal, an hour word, `at`
/// (`at two`), `end` (`end of day`).
pub const DATE_CUE: u16 = 1 << 7;

/// The first word of one of the `I was wondering` forms
/// ([`super::questions::WONDER`]): the sentences that can start with one.
pub const WONDER_HEAD: u16 = 1 << 8;

/// The words of [`DATE_CUE`] that are in no list of their own.
const DATE_CUE_WORDS: &[&str] = &["at", "end", "may"];

/// Words that can begin a strong opener besides the auxiliaries.
const OPENERS: &[&str] = &[
    "what", "how", "why", "what's", "how's", "walk", "talk", "tell", "help",
];

/// The lists a lower-cased word (a [`super::text::Word`]'s normal form) is in.
pub fn flags(norm: &str) -> u16 {
    lookup(norm.as_bytes())
}

/// [`flags`] of bytes: the word reader looks up its lower-cased buffer
/// before it is a string.
pub fn lookup(norm: &[u8]) -> u16 {
    lookup_hashed(norm, fnv(norm))
}

/// [`lookup`] given the word's [`fnv`] hash, for a reader that hashed it
/// while lower-casing it.
pub fn lookup_hashed(norm: &[u8], hash: u64) -> u16 {
    let t = table();
    let mask = t.slots.len() - 1;
    let mut i = hash as usize & mask;
    // Linear probing; the table is at most a quarter full, so an absent word
    // meets an empty slot within a probe or two. The bytes are only compared
    // once the hash matches.
    loop {
        match t.slots[i] {
            (_, 0) => return 0,
            (h, k) if h == hash as u32 => {
                let (word, flags) = t.words[k as usize - 1];
                if same_bytes(word.as_bytes(), norm) {
                    return flags;
                }
            }
            _ => {}
        }
        i = (i + 1) & mask;
    }
}

/// `a == b` for the few bytes of a word, compared in place: the slice
/// comparison calls `memcmp`, whose call costs more than the comparison.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Open addressing over a power-of-two number of slots: for words of a few
/// bytes this is a third of the cost of a `HashMap` lookup. Every word of
/// every call is looked up, so the probed part is kept small (8 bytes a
/// slot, ~16 KB): it stays in the first-level cache beside the word reader's
/// own data.
struct Table {
    /// The low half of a word's [`fnv`] hash and `1 +` its index in
    /// `words`; `(0, 0)` is an empty slot.
    slots: Vec<(u32, u32)>,
    /// Each listed word once, with the bits of its lists.
    words: Vec<(&'static str, u16)>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let heads = wonder_heads();
        let lists: [(&[&str], u16); 14] = [
            (WEEKDAYS, DATE_CUE),
            (MONTHS, DATE_CUE),
            (DAY_WORDS, DATE_CUE),
            (ORDINALS, DATE_CUE),
            (HOUR_WORDS, DATE_CUE),
            (DATE_CUE_WORDS, DATE_CUE),
            (AUX, IS_AUX | MAY_OPEN),
            (SUBJECT, IS_SUBJECT),
            (WH, IS_WH),
            (LEAD_IN, IS_LEAD_IN),
            (NO_SPLIT_BEFORE, IS_NO_SPLIT_BEFORE),
            (FILLERS, IS_FILLER),
            (OPENERS, MAY_OPEN),
            (&heads, WONDER_HEAD),
        ];
        let listed: usize = lists.iter().map(|(l, _)| l.len()).sum();
        let mut t = Table {
            slots: vec![(0, 0); (listed * 4).next_power_of_two()],
            words: Vec::new(),
        };
        let mask = t.slots.len() - 1;
        for (list, bit) in lists {
            for &w in list {
                let hash = fnv(w.as_bytes());
                let mut i = hash as usize & mask;
                loop {
                    match t.slots[i] {
                        (_, 0) => {
                            t.words.push((w, bit));
                            t.slots[i] = (hash as u32, t.words.len() as u32);
                            break;
                        }
                        (_, k) if t.words[k as usize - 1].0 == w => {
                            t.words[k as usize - 1].1 |= bit;
                            break;
                        }
                        _ => i = (i + 1) & mask,
                    }
                }
            }
        }
        t
    })
}

/// The words [`WONDER_HEAD`] marks.
fn wonder_heads() -> Vec<&'static str> {
    WONDER.iter().map(|p| p[0]).collect()
}

/// FNV-1a: words are a few bytes, where SipHash's setup dominates.
pub fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_START, |h, &b| fnv_step(h, b))
}

/// [`fnv`] of no bytes.
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// [`fnv`] one byte further.
pub fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bit_is_exactly_its_lists() {
        // Every listed word has the bits of its lists, and no others.
        let date: Vec<&str> = [
            WEEKDAYS,
            MONTHS,
            DAY_WORDS,
            ORDINALS,
            HOUR_WORDS,
            DATE_CUE_WORDS,
        ]
        .concat();
        let may_open: Vec<&str> = [AUX, OPENERS].concat();
        let heads = wonder_heads();
        let bits: [(&[&str], u16); 9] = [
            (AUX, IS_AUX),
            (SUBJECT, IS_SUBJECT),
            (WH, IS_WH),
            (LEAD_IN, IS_LEAD_IN),
            (NO_SPLIT_BEFORE, IS_NO_SPLIT_BEFORE),
            (FILLERS, IS_FILLER),
            (&may_open, MAY_OPEN),
            (&date, DATE_CUE),
            (&heads, WONDER_HEAD),
        ];
        for &w in bits.iter().flat_map(|(list, _)| list.iter()) {
            for (list, bit) in bits {
                assert_eq!(flags(w) & bit != 0, list.contains(&w), "{w} bit {bit}");
            }
        }
        assert_eq!(flags("what") & (IS_WH | MAY_OPEN), IS_WH | MAY_OPEN);
        assert_eq!(flags("dog"), 0);
        assert_eq!(lookup(b"customer"), 0);
        assert_eq!(lookup(b"do"), IS_AUX | MAY_OPEN);
        assert_eq!(lookup(b"dog"), 0);
        assert_eq!(flags(""), 0);
        // Membership is exact: no prefix, no case folding here.
        assert_eq!(flags("Do") & IS_AUX, 0);
        assert_eq!(flags("doe") & IS_AUX, 0);
    }
}
