//! CSV tables, for spreadsheets: a header row, empty cells for empty values,
//! seconds with three decimals.

use std::io::Write;

use anyhow::Result;

use super::record::Cell;

pub fn write_row<W: Write>(out: &mut csv::Writer<W>, row: &[Cell]) -> Result<()> {
    out.write_record(row.iter().map(|c| c.to_text()))?;
    Ok(())
}
