//! JSON Lines tables, for scripts: one object per row, keys in column order,
//! `null` for empty values.

use std::io::Write;

use anyhow::Result;

use super::record::Cell;

pub fn write_row<S: AsRef<str>>(
    w: &mut impl Write,
    columns: &[String],
    row: &[Cell<S>],
) -> Result<()> {
    let obj: serde_json::Map<String, serde_json::Value> = columns
        .iter()
        .cloned()
        .zip(row.iter().map(|c| c.to_json()))
        .collect();
    serde_json::to_writer(&mut *w, &obj)?;
    w.write_all(b"\n")?;
    Ok(())
}
