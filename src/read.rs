//! One file in, one resolved call out: the per-file step every command shares.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::config::ReadConfig;
use crate::ingest::Limits;
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
    let bytes = read_capped(path, &cfg.limits).map_err(|d| FileError::new(path, d))?;
    let mut call = crate::ingest::parse_bytes_with(path, &bytes, cfg.forced_format, &cfg.limits)
        .map_err(|d| FileError::new(path, d))?;
    crate::roles::resolve(&mut call, &cfg.roles);
    Ok(call)
}

/// The file's bytes, refusing a file over the size cap before reading it:
/// its size is checked first, then at most one byte past the cap is read,
/// so a file that grows meanwhile or a device with no size (`/dev/zero`
/// named on the command line) cannot fill memory either.
fn read_capped(path: &Path, limits: &Limits) -> Result<Vec<u8>, Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::new(0, format!("cannot read: {e}"));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    limits.check_file_size(len)?;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limits.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(Diagnostic::new(
            0,
            format!(
                "more than {} read, over the file size cap (--max-file-size)",
                crate::ingest::limits::fmt_size(limits.max_file_bytes)
            ),
        ));
    }
    Ok(bytes)
}
