//! A bounded mutation pass over the readers that runs in plain `cargo test`,
//! on stable, in a few seconds: the fuzz targets in `fuzz/` go much further
//! but need nightly and hours, so this keeps the same promises checked on
//! every change.
//!
//! Each case takes a real transcript from `tests/data/same-call/` (one call
//! in every format), damages it the ways files get damaged (flipped bytes,
//! cut short, pieces of another file spliced in, lines repeated or lost, a
//! token the readers branch on dropped in), and reads it as every format
//! and with detection. Reading must not panic; an accepted call must keep
//! the promises of `ingest::invariants`; a refusal must point at a line
//! inside the file.

use std::path::Path;
use std::sync::OnceLock;

use callscore::ingest::{self, decode, invariants};
use callscore::metrics::{spoken, talk, TalkDenominator};
use callscore::model::Format;
use proptest::prelude::*;
use proptest::sample::Index;

/// Strings the readers branch on, spliced in to reach their edge cases.
const TOKENS: &[&str] = &[
    " --> ",
    "WEBVTT\n\n",
    "99:99:99.999",
    "-1",
    "1e308",
    "NaN",
    "18446744073709551616",
    "\"",
    "\n\n",
    "\r",
    "{",
    "]",
    "<v ",
    ": ",
    ",",
    "\t",
    "\u{feff}",
    "é",
    "\0",
];

#[derive(Clone, Debug)]
enum Mutation {
    /// Flip one bit of one byte.
    Flip(Index, u8),
    /// Cut the file short.
    Truncate(Index),
    /// Insert a run of bytes from another seed.
    Splice(Index, Index, Index, usize),
    /// Repeat the line at a position.
    DupLine(Index),
    /// Remove the line at a position.
    DelLine(Index),
    /// Insert one of [`TOKENS`].
    Token(Index, Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), any::<Index>(), any::<Index>(), 1usize..200)
            .prop_map(|(a, s, f, n)| Mutation::Splice(a, s, f, n)),
        any::<Index>().prop_map(Mutation::DupLine),
        any::<Index>().prop_map(Mutation::DelLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, t)| Mutation::Token(a, t)),
    ]
}

fn seeds() -> &'static [(String, Vec<u8>)] {
    static SEEDS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/same-call");
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&p).unwrap())
            })
            .collect();
        v.sort();
        v
    })
}

fn detectors() -> &'static spoken::Detectors {
    static D: OnceLock<spoken::Detectors> = OnceLock::new();
    D.get_or_init(|| spoken::Detectors::new(&callscore::playbook::Playbook::builtin()))
}

/// Start and end of the line around byte `at`.
fn line_at(b: &[u8], at: usize) -> (usize, usize) {
    let start = b[..at]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1);
    let end = b[at..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |i| at + i + 1);
    (start, end)
}

fn apply(mut b: Vec<u8>, m: &Mutation) -> Vec<u8> {
    let len = b.len();
    let pos = |i: &Index| if len == 0 { 0 } else { i.index(len + 1) };
    match m {
        Mutation::Flip(i, bit) if len > 0 => b[i.index(len)] ^= 1 << bit,
        Mutation::Flip(..) => {}
        Mutation::Truncate(i) => b.truncate(pos(i)),
        Mutation::Splice(at, seed, from, n) => {
            let other = &seeds()[seed.index(seeds().len())].1;
            let s = from.index(other.len());
            let piece = other[s..(s + n).min(other.len())].to_vec();
            let at = pos(at);
            b.splice(at..at, piece);
        }
        Mutation::DupLine(i) if len > 0 => {
            let (s, e) = line_at(&b, i.index(len));
            let line = b[s..e].to_vec();
            b.splice(e..e, line);
        }
        Mutation::DelLine(i) if len > 0 => {
            let (s, e) = line_at(&b, i.index(len));
            b.drain(s..e);
        }
        Mutation::DupLine(_) | Mutation::DelLine(_) => {}
        Mutation::Token(at, t) => {
            let at = pos(at);
            let tok = TOKENS[t.index(TOKENS.len())].as_bytes();
            b.splice(at..at, tok.iter().copied());
        }
    }
    b
}

/// Reads `bytes` as `forced` (or detected) and checks every promise.
fn read_and_check(bytes: &[u8], forced: Option<Format>, measure: bool) -> Result<(), String> {
    let path = Path::new("mutated.txt");
    let what = forced.map_or("detected".to_string(), |f| f.to_string());
    match ingest::parse_bytes(path, bytes, forced) {
        Ok(mut call) => {
            invariants::check(&call, ingest::MAX_CALL_MS).map_err(|e| format!("{what}: {e}"))?;
            if measure {
                callscore::roles::resolve(&mut call, &Default::default());
                talk::measure(&call, TalkDenominator::Talk);
                spoken::measure(&call, detectors());
            }
        }
        Err(d) => {
            // Lines as the readers count them: after decoding, when it worked.
            let lines = match decode::decode(bytes) {
                Ok(text) => text.split('\n').count(),
                Err(_) => bytes.split(|&c| c == b'\n').count(),
            };
            if d.message.is_empty() || d.line as usize > lines {
                return Err(format!(
                    "{what}: error at line {} of a {lines}-line file: {:?}",
                    d.line, d.message
                ));
            }
        }
    }
    Ok(())
}

/// 96 cases take about 2 s in a debug build; `PROPTEST_CASES=5000` runs a
/// longer pass by hand.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(96)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn damaged_transcripts_never_panic_and_never_break_a_promise(
        seed in any::<Index>(),
        muts in proptest::collection::vec(mutation(), 1..5),
    ) {
        let (name, original) = &seeds()[seed.index(seeds().len())];
        let bytes = muts.iter().fold(original.clone(), apply);
        let r = read_and_check(&bytes, None, true);
        prop_assert!(r.is_ok(), "{name}: {}", r.unwrap_err());
        for f in Format::ALL {
            let r = read_and_check(&bytes, Some(f), false);
            prop_assert!(r.is_ok(), "{name}: {}", r.unwrap_err());
        }
    }
}

/// The pass above is only worth something if the seeds are read whole: each
/// must parse as what it is.
#[test]
fn every_seed_reads_cleanly() {
    for (name, bytes) in seeds() {
        if name.starts_with(|c: char| c.is_ascii_digit()) {
            read_and_check(bytes, None, true).unwrap();
            assert!(
                ingest::parse_bytes(Path::new(name), bytes, None).is_ok(),
                "{name}"
            );
        }
    }
}
