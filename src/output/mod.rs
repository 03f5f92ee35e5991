//! Writing result tables. Every table is a list of named columns and rows of
//! typed cells ([`record::Cell`]); one file per output format. Files are
//! written under a temporary name and renamed into place, so an interrupted
//! run never leaves a half-written table that looks complete.

pub mod csv_out;
pub mod jsonl;
pub mod record;
pub mod tables;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use record::Cell;

/// A table to write.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutFormat {
    Csv,
    Jsonl,
    Parquet,
}

impl OutFormat {
    pub fn ext(self) -> &'static str {
        match self {
            OutFormat::Csv => "csv",
            OutFormat::Jsonl => "jsonl",
            OutFormat::Parquet => "parquet",
        }
    }
}

/// Writes `table` as `dir/<name>.<ext>` through a temporary file.
pub fn write(dir: &Path, table: &Table, format: OutFormat) -> Result<PathBuf> {
    let path = dir.join(format!("{}.{}", table.name, format.ext()));
    let tmp = dir.join(format!(".{}.{}.partial", table.name, format.ext()));
    let file =
        std::fs::File::create(&tmp).with_context(|| format!("{}: cannot create", tmp.display()))?;
    let mut w = std::io::BufWriter::new(file);
    match format {
        OutFormat::Csv => csv_out::write(&mut w, table),
        OutFormat::Jsonl => jsonl::write(&mut w, table),
        OutFormat::Parquet => crate::aggregate::write_parquet(table, &mut w),
    }
    .with_context(|| format!("{}: cannot write", tmp.display()))?;
    let file = w
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| format!("{}: cannot write", tmp.display()))?;
    file.sync_all().ok();
    std::fs::rename(&tmp, &path)
        .with_context(|| format!("{}: cannot rename into place", path.display()))?;
    Ok(path)
}
