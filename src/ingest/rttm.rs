//! RTTM reader: the speaker timelines diarization tools (pyannote, NIST scoring,
//! the AMI and earnings21 references) write.
//!
//! One record per line, `SPEAKER <file> <chnl> <tbeg> <tdur> <ortho> <stype>
//! <name> <conf> <slat>`, times in seconds, `<NA>` for empty fields, `;;` for
//! comments. Only `SPEAKER` records are speech turns; the file carries no words,
//! so the call has no text and text metrics do not apply to it.

use super::{timecode, Parsed};
use crate::model::Diagnostic;

/// Record types of the NIST RTTM definition.
const TYPES: &[&str] = &[
    "SPEAKER",
    "SEGMENT",
    "LEXEME",
    "NON-LEX",
    "NON-SPEECH",
    "NOSCORE",
    "NO_RT_METADATA",
    "SPKR-INFO",
    "FILLER",
    "EDIT",
    "IP",
    "SU",
    "CB",
    "A/P",
];

/// The first record line starts with an RTTM type and has numeric times.
pub fn sniff(text: &str) -> bool {
    let Some(first) = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with(";;"))
    else {
        return false;
    };
    let f: Vec<&str> = first.split_whitespace().collect();
    f.len() >= 8 && TYPES.contains(&f[0]) && seconds(f[3]).is_some()
}

/// Seconds as written in RTTM (`50.42`); `<NA>` and negatives are not times.
fn seconds(s: &str) -> Option<u64> {
    let v: f64 = s.parse().ok()?;
    timecode::secs_to_ms(v)
}

/// Reads `SPEAKER` records as turns with no text.
pub fn parse(text: &str) -> Result<Parsed, Diagnostic> {
    let mut p = Parsed::default();
    let mut other: Option<(usize, u32)> = None;
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with(";;") {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        if f[0] != "SPEAKER" {
            other.get_or_insert((0, line_no)).0 += 1;
            continue;
        }
        if f.len() < 8 {
            return Err(Diagnostic::new(
                line_no,
                format!(
                    "SPEAKER record has {} fields, expected at least 8 \
                     (SPEAKER file chnl tbeg tdur ortho stype name ...): truncated line?",
                    f.len()
                ),
            ));
        }
        let start = seconds(f[3]).ok_or_else(|| bad_time(line_no, "tbeg", f[3]))?;
        let dur = seconds(f[4]).ok_or_else(|| bad_time(line_no, "tdur", f[4]))?;
        p.push(f[7], start, start + dur, "", line_no);
    }
    if let Some((n, line)) = other {
        p.warn(
            line,
            format!("{n} non-SPEAKER record(s) (e.g. SPKR-INFO, LEXEME) ignored"),
        );
    }
    Ok(p)
}

fn bad_time(line: u32, field: &str, value: &str) -> Diagnostic {
    Diagnostic::new(
        line,
        format!("{field} {value:?} is not a number of seconds"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records() {
        type Want = Result<&'static [(&'static str, u64, u64, u32)], u32>;
        let cases: &[(&str, &str, Want)] = &[
            ("ami", "SPEAKER ES2002a 1 50.42 0.57 <NA> <NA> FEE005 <NA> <NA>\nSPEAKER ES2002a 1 53.56 0.4 <NA> <NA> MEE006 <NA> <NA>\n", Ok(&[("FEE005", 50420, 50990, 1), ("MEE006", 53560, 53960, 2)])),
            ("comments, other types", ";; header\nSPKR-INFO f 1 <NA> <NA> <NA> unknown A <NA> <NA>\n\nSPEAKER f 1 1 2 <NA> <NA> A <NA> <NA>", Ok(&[("A", 1000, 3000, 4)])),
            ("no slat", "SPEAKER f 1 1.5 1 <NA> <NA> B", Ok(&[("B", 1500, 2500, 1)])),
            ("out of order", "SPEAKER f 1 9 1 <NA> <NA> A\nSPEAKER f 1 1 1 <NA> <NA> B", Ok(&[("A", 9000, 10000, 1), ("B", 1000, 2000, 2)])),
            ("truncated last", "SPEAKER f 1 1 1 <NA> <NA> A <NA> <NA>\nSPEAKER f 1 2", Err(2)),
            ("bad time", "SPEAKER f 1 <NA> 1 <NA> <NA> A", Err(1)),
            ("negative dur", "SPEAKER f 1 1 -1 <NA> <NA> A", Err(1)),
            ("empty", ";; nothing\n", Ok(&[])),
        ];
        for (name, text, want) in cases {
            let got = parse(text).map(|p| {
                let labels: Vec<String> = p.speakers.iter().map(|s| s.label.clone()).collect();
                assert!(!p.has_text);
                p.turns
                    .iter()
                    .map(|t| {
                        (
                            labels[t.speaker as usize].clone(),
                            t.start_ms,
                            t.end_ms,
                            t.line,
                        )
                    })
                    .collect::<Vec<_>>()
            });
            match (got, want) {
                (Ok(g), Ok(w)) => {
                    let w: Vec<_> = w
                        .iter()
                        .map(|(s, a, b, l)| (s.to_string(), *a, *b, *l))
                        .collect();
                    assert_eq!(g, w, "{name}");
                }
                (Err(e), Err(line)) => assert_eq!(e.line, *line, "{name}: {e:?}"),
                (g, w) => panic!("{name}: got {g:?}, want {w:?}"),
            }
        }
    }

    #[test]
    fn warns_and_sniffs() {
        let p =
            parse("SPKR-INFO f 1 <NA> <NA> <NA> unknown A <NA> <NA>\nSPEAKER f 1 1 2 <NA> <NA> A")
                .unwrap();
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].line, 1);
        assert!(sniff(";; x\nSPEAKER f 1 1.0 2 <NA> <NA> A <NA> <NA>"));
        assert!(!sniff("SPEAKER: hello there"));
        assert!(!sniff("start,end,speaker,text"));
    }
}
