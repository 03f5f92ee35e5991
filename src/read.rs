//! One file in, one resolved call out: the per-file step every command shares.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::config::ReadConfig;
use crate::model::{Call, Diagnostic};

/// Why a file produced no call, with the place to look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    /// 1-based line, 0 when the problem is the whole file.
    pub line: u32,
    pub message: String,
}

impl FileError {
    pub fn new(path: &Path, d: Diagnostic) -> FileError {
        FileError {
            path: path.to_path_buf(),
            line: d.line,
            message: d.message,
        }
    }
}

/// `path:line: message`, or `path: message` when no line applies.
impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
        } else {
            write!(f, "{}: {}", self.path.display(), self.message)
        }
    }
}

impl std::error::Error for FileError {}

/// Reads, parses and resolves the roles of one transcript.
pub fn read_call(path: &Path, cfg: &ReadConfig) -> Result<Call, FileError> {
    let bytes = std::fs::read(path)
        .map_err(|e| FileError::new(path, Diagnostic::new(0, format!("cannot read: {e}"))))?;
    let mut call = crate::ingest::parse_bytes(path, &bytes, cfg.forced_format)
        .map_err(|d| FileError::new(path, d))?;
    crate::roles::resolve(&mut call, &cfg.roles);
    Ok(call)
}
