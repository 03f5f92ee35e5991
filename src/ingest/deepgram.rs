//! Deepgram JSON reader.

use super::Parsed;
use crate::model::Diagnostic;

pub fn parse(_text: &str) -> Result<Parsed, Diagnostic> {
    Err(Diagnostic::new(0, "reader not written yet"))
}
