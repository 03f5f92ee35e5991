//! JSON Lines tables, for scripts: one object per row, keys in column order,
//! `null` for empty values.

use std::io::Write;

use anyhow::Result;

use super::Table;

pub fn write(w: &mut impl Write, t: &Table) -> Result<()> {
    for row in &t.rows {
        let obj: serde_json::Map<String, serde_json::Value> = t
            .columns
            .iter()
            .cloned()
            .zip(row.iter().map(|c| c.to_json()))
            .collect();
        serde_json::to_writer(&mut *w, &obj)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}
