//! Amazon Transcribe readers.

use super::Parsed;
use crate::model::Diagnostic;

pub fn parse_transcribe(_text: &str) -> Result<Parsed, Diagnostic> {
    Err(Diagnostic::new(0, "reader not written yet"))
}
pub fn parse_call_analytics(_text: &str) -> Result<Parsed, Diagnostic> {
    Err(Diagnostic::new(0, "reader not written yet"))
}
