//! CSV tables, for spreadsheets: a header row, empty cells for empty values,
//! seconds with three decimals.

use std::io::Write;

use anyhow::Result;

use super::record::Cell;

pub fn write_row<W: Write>(out: &mut csv::Writer<W>, row: &[Cell]) -> Result<()> {
    for c in row {
        out.write_field(c.text().as_bytes())?;
    }
    // An empty record ends the one the fields began.
    out.write_record(None::<&[u8]>)?;
    Ok(())
}
