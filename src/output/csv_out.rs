//! CSV tables, for spreadsheets: a header row, empty cells for empty values,
//! seconds with three decimals.
//!
//! Written here rather than through the `csv` crate's writer, with the same
//! output: a field is quoted only when it holds a comma, a quote or a line
//! break, and its quotes are doubled. Most cells need no quotes, and saying
//! so is one vectorised search per field instead of a look at every byte;
//! numbers are formatted straight into the output.

use std::io::Write;

use anyhow::Result;

use super::record::Cell;

/// The header row.
pub fn write_header<W: Write>(out: &mut W, columns: &[String]) -> std::io::Result<()> {
    for (i, c) in columns.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        field(out, c.as_bytes())?;
    }
    out.write_all(b"\n")
}

pub fn write_row<W: Write>(out: &mut W, row: &[Cell]) -> Result<()> {
    // A record of one empty field would be an empty line, which readers
    // skip: it is written `""`.
    if let [only] = row {
        if only.text().is_empty() {
            out.write_all(b"\"\"\n")?;
            return Ok(());
        }
    }
    for (i, c) in row.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        match c {
            Cell::Str(Some(s)) => field(out, s.as_bytes())?,
            Cell::F64(Some(x)) => write!(out, "{x:.3}")?,
            Cell::U32(Some(x)) => write!(out, "{x}")?,
            // Empty cells and booleans never need quotes.
            other => out.write_all(other.text().as_bytes())?,
        }
    }
    out.write_all(b"\n")?;
    Ok(())
}

/// One field, quoted when it must be.
fn field<W: Write>(out: &mut W, f: &[u8]) -> std::io::Result<()> {
    let plain =
        memchr::memchr3(b',', b'"', b'\n', f).is_none() && memchr::memchr(b'\r', f).is_none();
    if plain {
        return out.write_all(f);
    }
    out.write_all(b"\"")?;
    let mut rest = f;
    while let Some(q) = memchr::memchr(b'"', rest) {
        out.write_all(&rest[..=q])?;
        out.write_all(b"\"")?;
        rest = &rest[q + 1..];
    }
    out.write_all(rest)?;
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_written_as_the_csv_crate_writes_them() {
        let texts = [
            "",
            "plain",
            "a,b",
            "say \"hi\"",
            "\"",
            "line\nbreak",
            "cr\rhere",
            "crlf\r\n",
            " leading and trailing ",
            "#comment",
            "caf\u{e9} \u{2014} ok",
            "tab\there",
            "'quote'",
        ];
        let mut cells: Vec<Cell> = texts
            .iter()
            .map(|t| Cell::Str(Some(t.to_string())))
            .collect();
        cells.extend([
            Cell::Str(None),
            Cell::F64(Some(1234.5675)),
            Cell::F64(Some(-0.0004)),
            Cell::F64(None),
            Cell::U32(Some(42)),
            Cell::U32(None),
            Cell::Bool(Some(true)),
            Cell::Bool(Some(false)),
            Cell::Bool(None),
        ]);
        let columns: Vec<String> = (0..cells.len()).map(|i| format!("c,{i}")).collect();

        let mut ours = Vec::new();
        write_header(&mut ours, &columns).unwrap();
        write_row(&mut ours, &cells).unwrap();
        write_row(&mut ours, &cells[3..5]).unwrap();
        // Records of one field, empty ones included.
        let singles = [
            Cell::Str(Some(String::new())),
            Cell::Str(None),
            Cell::U32(Some(7)),
        ];
        for c in &singles {
            write_row(&mut ours, std::slice::from_ref(c)).unwrap();
        }

        let mut theirs = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        theirs.write_record(&columns).unwrap();
        let singles: Vec<&[Cell]> = singles.iter().map(std::slice::from_ref).collect();
        for row in [&cells[..], &cells[3..5]].into_iter().chain(singles) {
            theirs
                .write_record(row.iter().map(|c| c.text().into_owned()))
                .unwrap();
        }
        let theirs = theirs.into_inner().unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs).unwrap()
        );
    }
}
