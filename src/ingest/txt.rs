//! Otter.ai and Zoom .txt readers.

use super::Parsed;
use crate::model::Diagnostic;

pub fn sniff_otter(_text: &str) -> bool {
    false
}
pub fn sniff_zoom(_text: &str) -> bool {
    false
}
pub fn parse_otter(_text: &str) -> Result<Parsed, Diagnostic> {
    Err(Diagnostic::new(0, "reader not written yet"))
}
pub fn parse_zoom(_text: &str) -> Result<Parsed, Diagnostic> {
    Err(Diagnostic::new(0, "reader not written yet"))
}
