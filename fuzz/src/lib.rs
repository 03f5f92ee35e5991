//! What every fuzz target does with an input, whatever the reader.
//!
//! Reading an input must never panic; when the reader accepts it, the call
//! must keep the promises of [`callscore::ingest::invariants`], and the
//! later stages a batch runs on every call (roles, talk and spoken measures)
//! must not panic on it either, since a crash there loses the whole batch as
//! surely as one in the reader.

use std::path::Path;
use std::sync::OnceLock;

use callscore::ingest::{self, decode, detect, invariants};
use callscore::metrics::{spoken, talk, TalkDenominator};
use callscore::model::Format;

/// The built-in playbook, compiled once per process.
fn detectors() -> &'static spoken::Detectors {
    static D: OnceLock<spoken::Detectors> = OnceLock::new();
    D.get_or_init(|| spoken::Detectors::new(&callscore::playbook::Playbook::builtin()))
}

/// Reads `data` as the format called `name` and checks the result.
pub fn run(name: &str, data: &[u8]) {
    let format = Format::from_name(name).expect("a format name");
    let path = Path::new("fuzz-input.txt");
    // Detection runs on every file of a batch before any reader: it must not
    // panic either.
    if let Ok(text) = decode::decode(data) {
        let _ = detect::detect(&text, path);
    }
    match ingest::parse_bytes(path, data, Some(format)) {
        Ok(mut call) => {
            if let Err(broken) = invariants::check(&call, ingest::MAX_CALL_MS) {
                panic!("{name}: {broken}");
            }
            callscore::roles::resolve(&mut call, &Default::default());
            let _ = talk::measure(&call, TalkDenominator::Talk);
            let _ = spoken::measure(&call, detectors());
        }
        Err(d) => assert!(!d.message.is_empty(), "{name}: an error without a message"),
    }
}
