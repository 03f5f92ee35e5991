//! What every successfully read call guarantees, checked in one place.
//!
//! The metrics rely on these without re-checking them (a turn's speaker
//! indexes `Call::speakers`, turns are in time order), so a reader that broke
//! one would make a later stage panic or measure nonsense. [`super::finish`]
//! establishes them; the fuzz targets (`fuzz/`) and the mutation pass
//! (`tests/fuzz_pass.rs`) call [`check`] on every call a parser returns, so a
//! reader that slips past `finish` is caught as a crash, not a wrong number.

use crate::model::Call;

/// `Ok` when `call` keeps every promise of a parsed call; else the first
/// broken one, naming the turn.
pub fn check(call: &Call, max_call_ms: u64) -> Result<(), String> {
    if call.turns.is_empty() {
        return Err("a call with no turns was returned".into());
    }
    for (i, t) in call.turns.iter().enumerate() {
        if t.end_ms < t.start_ms {
            return Err(format!(
                "turn {i} ends ({}) before it starts ({})",
                t.end_ms, t.start_ms
            ));
        }
        if t.end_ms > max_call_ms {
            return Err(format!(
                "turn {i} ends at {} ms, past the {max_call_ms} ms cap",
                t.end_ms
            ));
        }
        if t.speaker as usize >= call.speakers.len() {
            return Err(format!(
                "turn {i} names speaker {} of {}",
                t.speaker,
                call.speakers.len()
            ));
        }
        if i > 0 && call.turns[i - 1].start_ms > t.start_ms {
            return Err(format!("turn {i} starts before turn {}", i - 1));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Metadata, Speaker, Turn};

    /// A turn as `(speaker, start ms, end ms)`.
    type T = (u32, u64, u64);

    fn call(turns: &[T]) -> Call {
        Call {
            id: "c".into(),
            source: "c".into(),
            format: Format::Srt,
            meta: Metadata::default(),
            speakers: vec![Speaker::new("A"), Speaker::new("B")],
            turns: turns
                .iter()
                .map(|&(speaker, start_ms, end_ms)| Turn {
                    speaker,
                    start_ms,
                    end_ms,
                    text: String::new(),
                    line: 1,
                })
                .collect(),
            has_text: true,
            warnings: vec![],
            rep_unresolved: None,
        }
    }

    #[test]
    fn each_broken_promise_is_named() {
        assert_eq!(check(&call(&[(0, 1, 2), (1, 1, 5)]), 10), Ok(()));
        let cases: &[(&[T], &str)] = &[
            (&[], "no turns"),
            (&[(0, 5, 4)], "ends (4) before it starts (5)"),
            (&[(0, 5, 11)], "past the 10 ms cap"),
            (&[(2, 1, 2)], "speaker 2 of 2"),
            (&[(0, 3, 4), (1, 2, 4)], "turn 1 starts before turn 0"),
        ];
        for (turns, want) in cases {
            let got = check(&call(turns), 10).unwrap_err();
            assert!(got.contains(want), "{turns:?}: {got}");
        }
    }
}
