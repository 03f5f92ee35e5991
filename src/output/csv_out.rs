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

pub fn write_row<W: Write, S: AsRef<str>>(out: &mut W, row: &[Cell<S>]) -> Result<()> {
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
            Cell::Str(Some(s)) => field(out, s.as_ref().as_bytes())?,
            Cell::F64(Some(x)) => match fixed3(*x, &mut [0; 24]) {
                Some(text) => out.write_all(text)?,
                None => write!(out, "{x:.3}")?,
            },
            Cell::U32(Some(x)) => out.write_all(decimal(u64::from(*x), &mut [0; 24]))?,
            // Empty cells and booleans never need quotes.
            other => out.write_all(other.text().as_bytes())?,
        }
    }
    out.write_all(b"\n")?;
    Ok(())
}

/// `x` with three decimals, byte for byte as `format!("{x:.3}")` writes it,
/// which cost ~1,000 instructions a number: the exact binary value times
/// 1,000, rounded half to even, in integer arithmetic. `None` (the caller
/// formats it) for values that are not finite or not below 9e15 in size.
fn fixed3(x: f64, buf: &mut [u8; 24]) -> Option<&[u8]> {
    if !x.is_finite() || x.abs() >= 9.0e15 {
        return None;
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    // x = mant * 2^e
    let (mant, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, exp - 1075)
    };
    let thousandths: u64 = if e >= 0 {
        // An integer below 9e15: times 1,000 stays below 2^64.
        (mant << e) * 1000
    } else {
        let m = u128::from(mant) * 1000;
        let sh = e.unsigned_abs();
        if sh >= 128 {
            // m < 2^63: less than half a thousandth.
            0
        } else {
            let q = m >> sh;
            let r = m - (q << sh);
            let half = 1u128 << (sh - 1);
            let up = r > half || (r == half && q & 1 == 1);
            (q + u128::from(up)) as u64
        }
    };
    // Written from the end: three decimals, the point, the integer part.
    let dec = thousandths % 1000;
    let int = decimal(thousandths / 1000, buf).len();
    let mut at = buf.len() - int;
    buf.copy_within(at.., at - 4);
    at -= 4;
    let end = buf.len();
    buf[end - 4] = b'.';
    buf[end - 3] = b'0' + (dec / 100) as u8;
    buf[end - 2] = b'0' + (dec / 10 % 10) as u8;
    buf[end - 1] = b'0' + (dec % 10) as u8;
    if bits >> 63 == 1 {
        at -= 1;
        buf[at] = b'-';
    }
    Some(&buf[at..])
}

/// `x` in decimal digits, as `format!("{x}")` writes it, at the end of `buf`.
fn decimal(mut x: u64, buf: &mut [u8; 24]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (x % 10) as u8;
        x /= 10;
        if x == 0 {
            break;
        }
    }
    &buf[at..]
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
    fn three_decimals_are_those_of_format() {
        let check = |x: f64| {
            let want = format!("{x:.3}");
            match fixed3(x, &mut [0; 24]) {
                Some(got) => assert_eq!(std::str::from_utf8(got).unwrap(), want, "{x:e}"),
                None => assert!(!x.is_finite() || x.abs() >= 9.0e15, "{x:e}"),
            }
        };
        // Ties of every kind (exact halves of a thousandth), their
        // neighbours one step away, zeros, signs, the edges of the range.
        for k in -20_000i64..20_000 {
            let tie = (2 * k + 1) as f64 / 2000.0;
            for x in [k as f64 / 1000.0, k as f64 / 16.0, k as f64 / 1024.0, tie] {
                // The neighbours one step away from zero and one towards it
                // (`f64::next_up` is newer than the crate's Rust version).
                let (away, towards) = (x.to_bits().wrapping_add(1), x.to_bits().wrapping_sub(1));
                for y in [x, f64::from_bits(away), f64::from_bits(towards), -x] {
                    check(y);
                }
            }
        }
        for x in [
            0.0,
            -0.0,
            0.0005,
            -0.0005,
            0.0625,
            0.1875,
            1234.5675,
            -0.0004,
            f64::MIN_POSITIVE,
            5e-324,
            1e-300,
            4503599627370495.5,
            8.99e15,
            9.0e15,
            1e300,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            check(x);
        }
        for x in [0, 1, 9, 10, 99, 100, 4_294_967_295, u64::MAX] {
            assert_eq!(decimal(x, &mut [0; 24]), x.to_string().as_bytes());
        }
        // Every magnitude: random bit patterns (a fixed xorshift sequence).
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..200_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            check(f64::from_bits(s));
            // And values in the range the tables hold: seconds of a call.
            check((s >> 11) as f64 / (1u64 << 53) as f64 * 20_000.0);
        }
    }

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
