//! Caps on what one file may cost, so a giant or hostile file fails with a
//! message instead of exhausting memory or time while the rest of the batch
//! waits. Each cap has a flag to raise it; docs/robustness.md says why each
//! default is what it is.

use crate::model::{Diagnostic, Format};

/// The caps one file is read under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes (`--max-file-size`).
    pub max_file_bytes: u64,
    /// Most turns in one call (`--max-turns`).
    pub max_turns: usize,
    /// Longest line of a line-based format, in bytes (`--max-line-length`).
    pub max_line_bytes: u64,
}

/// 256 MiB: the largest real export (a 10-hour call as word-level JSON with
/// confidences) is about 20 MB, and a file is held in memory two to four
/// times over while it is parsed, by each worker thread at once.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 256 << 20;

/// 500,000: a 24-hour call (the time cap) cut into one turn per word at 150
/// words a minute has 216,000 turns; this is twice that.
pub const DEFAULT_MAX_TURNS: usize = 500_000;

/// 1 MiB: the longest real line is one turn's text, and a half-hour
/// monologue is about 30 KB. Past this a "line" is binary data or a whole
/// file without line breaks, which line-based readers would scan as one cue.
pub const DEFAULT_MAX_LINE_BYTES: u64 = 1 << 20;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_turns: DEFAULT_MAX_TURNS,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
        }
    }
}

impl Limits {
    /// The error for a file of `len` bytes when that is over the cap.
    pub fn check_file_size(&self, len: u64) -> Result<(), Diagnostic> {
        if len <= self.max_file_bytes {
            return Ok(());
        }
        Err(Diagnostic::new(
            0,
            format!(
                "{} is over the {} file size cap (--max-file-size)",
                fmt_size(len),
                fmt_size(self.max_file_bytes)
            ),
        ))
    }

    /// The error for the first line longer than the cap, in formats read
    /// line by line. JSON documents are exempt: a whole Whisper or vendor
    /// export is legitimately one line, and the file size cap bounds it.
    pub fn check_lines(&self, format: Format, text: &str) -> Result<(), Diagnostic> {
        if is_json_document(format) || text.len() as u64 <= self.max_line_bytes {
            return Ok(());
        }
        let mut start = 0;
        let mut line = 1u32;
        let bytes = text.as_bytes();
        for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
            let len = (end - start) as u64;
            if len > self.max_line_bytes {
                return Err(Diagnostic::new(
                    line,
                    format!(
                        "this line is {} long, over the {} line length cap (--max-line-length); \
                         a {format} file should have a line break at least every few kilobytes",
                        fmt_size(len),
                        fmt_size(self.max_line_bytes)
                    ),
                ));
            }
            start = end + 1;
            line = line.saturating_add(1);
        }
        Ok(())
    }

    /// The error when a reader produced more turns than the cap, at the line
    /// of the first turn over it (`lines` in reading order).
    pub fn check_turns(&self, mut lines: impl Iterator<Item = u32>) -> Result<(), Diagnostic> {
        let Some(first_over) = lines.nth(self.max_turns) else {
            return Ok(());
        };
        let total = self.max_turns + 1 + lines.count();
        Err(Diagnostic::new(
            first_over,
            format!(
                "{total} turns is over the {} turn cap (--max-turns); is this one call?",
                self.max_turns
            ),
        ))
    }
}

/// Formats whose whole file is one JSON document.
fn is_json_document(format: Format) -> bool {
    !matches!(
        format,
        Format::WebVtt
            | Format::Srt
            | Format::OtterTxt
            | Format::ZoomTxt
            | Format::Csv
            | Format::JsonLines
            | Format::Rttm
    )
}

/// `512 B`, `1.5 KiB`, `256 MiB`, `1.2 GiB`: the size as a person reads it.
pub fn fmt_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut v = bytes as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if v.fract() == 0.0 {
        format!("{v} {}", UNITS[unit])
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// Parses a size flag: bytes, or a number with `K`, `M`, `G` (powers of
/// 1024, `KiB`/`KB`/`k` alike), e.g. `512M`, `1.5GiB`, `2000000`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size; use bytes or e.g. 512M, 2G"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        other => return Err(format!("unknown size unit {other:?}; use K, M or G")),
    };
    let bytes = n * mult as f64;
    if !(1.0..=u64::MAX as f64).contains(&bytes) {
        return Err(format!("{s:?} is out of range; give at least 1 byte"));
    }
    Ok(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_and_print_as_people_write_them() {
        for (s, want) in [
            ("2000000", Ok(2_000_000)),
            ("512M", Ok(512 << 20)),
            ("1.5GiB", Ok(3 << 29)),
            ("64 kb", Ok(64 << 10)),
            ("0", Err("out of range")),
            ("-1", Err("not a size")),
            ("5 parsecs", Err("unknown size unit")),
        ] {
            match (parse_size(s), want) {
                (Ok(g), Ok(w)) => assert_eq!(g, w, "{s}"),
                (Err(g), Err(w)) => assert!(g.contains(w), "{s}: {g}"),
                (g, w) => panic!("{s}: got {g:?}, want {w:?}"),
            }
        }
        for (n, want) in [
            (100, "100 B"),
            (1536, "1.5 KiB"),
            (256 << 20, "256 MiB"),
            (1288490189, "1.2 GiB"),
        ] {
            assert_eq!(fmt_size(n), want);
        }
    }

    #[test]
    fn each_cap_names_itself_its_flag_and_the_line() {
        let l = Limits {
            max_file_bytes: 1 << 20,
            max_turns: 2,
            max_line_bytes: 4,
        };
        assert!(l.check_file_size(1 << 20).is_ok());
        let e = l.check_file_size(3 << 19).unwrap_err();
        assert_eq!(
            e.message,
            "1.5 MiB is over the 1 MiB file size cap (--max-file-size)"
        );

        assert!(l.check_lines(Format::Srt, "abcd\nabcd").is_ok());
        let e = l
            .check_lines(Format::Srt, "abcd\nabcd\nabcde\n")
            .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.starts_with(
            "this line is 5 B long, over the 4 B line length cap (--max-line-length)"
        ));
        assert!(l
            .check_lines(Format::WhisperJson, "{\"segments\": []}")
            .is_ok());

        assert!(l.check_turns([3, 5].into_iter()).is_ok());
        let e = l.check_turns([3, 5, 9, 12].into_iter()).unwrap_err();
        assert_eq!(e.line, 9);
        assert!(e
            .message
            .starts_with("4 turns is over the 2 turn cap (--max-turns)"));
    }
}
