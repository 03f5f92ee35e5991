//! CSV tables, for spreadsheets: a header row, empty cells for empty values,
//! seconds with three decimals.

use std::io::Write;

use anyhow::Result;

use super::Table;

pub fn write(w: &mut impl Write, t: &Table) -> Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(&t.columns)?;
    for row in &t.rows {
        out.write_record(row.iter().map(|c| c.to_text()))?;
    }
    out.flush()?;
    Ok(())
}
