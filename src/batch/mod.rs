//! The batch run: find transcripts, read them in parallel, account for every file.

pub mod walk;

use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::ReadConfig;
use crate::model::Call;
use crate::read::{read_call, FileError};

/// Reads every file in parallel; results keep the order of `files`.
pub fn read_all(files: &[PathBuf], cfg: &ReadConfig) -> Vec<Result<Call, FileError>> {
    files.par_iter().map(|p| read_call(p, cfg)).collect()
}
