//! Generic tables: CSV (comma, tab or semicolon) and JSON Lines with
//! `start, end, speaker, text`.
//!
//! This is the escape hatch for any tool callscore does not know: export or
//! convert to four columns and it reads. Column names are matched
//! case-insensitively with common aliases, times are seconds (`12.5`) or clock
//! times (`00:00:12.500`). Nothing is dropped quietly: a bad row, or a last row
//! cut short, is an error with its line.

use std::collections::HashMap;

use serde_json::Value;

use super::{timecode, Parsed, UNLABELLED};
use crate::model::Diagnostic;

/// The four fields, each with the names it goes by.
const FIELDS: [(&str, &[&str]); 4] = [
    (
        "start",
        &[
            "start",
            "start_time",
            "begin",
            "start_s",
            "starttime",
            "start_sec",
        ],
    ),
    (
        "end",
        &["end", "end_time", "stop", "end_s", "endtime", "end_sec"],
    ),
    (
        "speaker",
        &["speaker", "speaker_label", "speaker_name", "name"],
    ),
    ("text", &["text", "transcript", "utterance", "content"]),
];

/// Which canonical field a column name stands for.
fn field_of(name: &str) -> Option<usize> {
    let n = name.trim().trim_matches('"').to_ascii_lowercase();
    FIELDS
        .iter()
        .position(|(_, aliases)| aliases.contains(&n.as_str()))
}

/// The delimiter that splits the header line into the most fields.
fn delimiter(header: &str) -> u8 {
    [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| header.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

fn header_line(text: &str) -> &str {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

/// A header naming a start and an end column, and speaker or text.
pub fn sniff_csv(text: &str) -> bool {
    let header = header_line(text);
    let d = delimiter(header) as char;
    let found: Vec<usize> = header.split(d).filter_map(field_of).collect();
    found.contains(&0) && found.contains(&1) && (found.contains(&2) || found.contains(&3))
}

/// Every non-blank line is an object, the first with a start key.
pub fn sniff_jsonl(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    match serde_json::from_str::<Value>(first) {
        Ok(Value::Object(m)) => m.keys().any(|k| field_of(k) == Some(0)),
        _ => false,
    }
}

/// Reads a delimited table with a header row.
pub fn parse_csv(text: &str) -> Result<Parsed, Diagnostic> {
    let delim = delimiter(header_line(text));
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = rdr.headers().map_err(|e| csv_error(&e))?.clone();
    let names: Vec<&str> = headers.iter().collect();
    let columns = locate(&names)?;
    let mut p = Parsed::with_text();
    let mut unlabelled = Unlabelled::default();
    let mut last_start = 0;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_error(&e))?;
        let line = rec.position().map_or(0, |p| p.line() as u32);
        last_start = rec.position().map_or(0, |p| p.byte() as usize);
        let get = |f: usize| rec.get(columns[f]).unwrap_or("");
        let start = time(get(0), "start", line)?;
        let end = time(get(1), "end", line)?;
        let speaker = unlabelled.label(get(2), line);
        p.push(speaker, start, end, get(3), line);
    }
    if text[last_start.min(text.len())..].matches('"').count() % 2 == 1 {
        let line = p.turns.last().map_or(1, |t| t.line);
        return Err(Diagnostic::new(
            line,
            "unterminated quoted field in the last row: the file is truncated",
        ));
    }
    unlabelled.warn(&mut p);
    Ok(p)
}

/// Reads one JSON object per line.
pub fn parse_jsonl(text: &str) -> Result<Parsed, Diagnostic> {
    let mut p = Parsed::with_text();
    let mut unlabelled = Unlabelled::default();
    for (i, raw) in text.lines().enumerate() {
        let line = i as u32 + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let obj = match serde_json::from_str::<Value>(raw) {
            Ok(Value::Object(m)) => m,
            Ok(_) => return Err(Diagnostic::new(line, "expected a JSON object on this line")),
            Err(e) => {
                let hint = if e.is_eof() { " (truncated line)" } else { "" };
                return Err(Diagnostic::new(line, format!("invalid JSON{hint}: {e}")));
            }
        };
        let mut by_field: HashMap<usize, &Value> = HashMap::new();
        for (k, v) in &obj {
            if let Some(f) = field_of(k) {
                by_field.entry(f).or_insert(v);
            }
        }
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        for f in [0, 1, 3] {
            if !by_field.contains_key(&f) {
                return Err(missing(line, "keys", &keys, &[FIELDS[f].0]));
            }
        }
        let start = json_time(by_field[&0], "start", line)?;
        let end = json_time(by_field[&1], "end", line)?;
        let speaker = match by_field.get(&2) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let text = by_field[&3].as_str().unwrap_or("");
        let label = unlabelled.label(&speaker, line).to_string();
        p.push(&label, start, end, text, line);
    }
    unlabelled.warn(&mut p);
    Ok(p)
}

/// Column index of each field, or an error naming what is missing.
fn locate(names: &[&str]) -> Result<[usize; 4], Diagnostic> {
    let mut cols = [usize::MAX; 4];
    for (i, n) in names.iter().enumerate() {
        if let Some(f) = field_of(n) {
            if cols[f] == usize::MAX {
                cols[f] = i;
            }
        }
    }
    let absent: Vec<&str> = (0..4)
        .filter(|&f| cols[f] == usize::MAX)
        .map(|f| FIELDS[f].0)
        .collect();
    if absent.is_empty() {
        Ok(cols)
    } else {
        Err(missing(1, "columns", names, &absent))
    }
}

fn missing(line: u32, what: &str, found: &[&str], absent: &[&str]) -> Diagnostic {
    Diagnostic::new(
        line,
        format!(
            "missing {what} {absent:?}; found {found:?}; expected start, end, speaker, text \
             (aliases: start_time/begin/start_s, end_time/stop, speaker_label/speaker_name/name, \
             transcript/utterance/content)"
        ),
    )
}

fn time(s: &str, field: &str, line: u32) -> Result<u64, Diagnostic> {
    timecode::parse_secs_or_clock(s).ok_or_else(|| {
        Diagnostic::new(
            line,
            format!("{field} {s:?} is not seconds (12.5) or a clock time (00:00:12.500)"),
        )
    })
}

fn json_time(v: &Value, field: &str, line: u32) -> Result<u64, Diagnostic> {
    match v {
        Value::Number(n) => n
            .as_f64()
            .and_then(timecode::secs_to_ms)
            .ok_or_else(|| Diagnostic::new(line, format!("{field} {n} is not a time"))),
        Value::String(s) => time(s, field, line),
        other => Err(Diagnostic::new(
            line,
            format!("{field} is {other}, expected seconds or a clock time"),
        )),
    }
}

fn csv_error(e: &csv::Error) -> Diagnostic {
    let line = e.position().map_or(0, |p| p.line() as u32);
    let msg = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "row has {len} field(s), the header has {expected_len}: a missing delimiter, an \
             unquoted delimiter in the text, or a truncated row"
        ),
        _ => format!("invalid CSV: {e}"),
    };
    Diagnostic::new(line, msg)
}

/// Rows with no speaker, reported once.
#[derive(Default)]
struct Unlabelled {
    count: usize,
    first: u32,
}

impl Unlabelled {
    fn label<'a>(&mut self, speaker: &'a str, line: u32) -> &'a str {
        if !speaker.trim().is_empty() {
            return speaker;
        }
        if self.count == 0 {
            self.first = line;
        }
        self.count += 1;
        UNLABELLED
    }

    fn warn(&self, p: &mut Parsed) {
        if self.count > 0 {
            p.warn(
                self.first,
                format!(
                    "{} row(s) have no speaker; counted as {UNLABELLED}",
                    self.count
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::ingest::testing::{check, Want};

    #[test]
    fn csv() {
        let cases: &[(&str, &str, Want)] = &[
            (
                "comma",
                "start,end,speaker,text\n1.5,3,Dana,hello\n",
                Ok(&[("Dana", 1500, 3000, "hello", 2)]),
            ),
            (
                "aliases any order",
                "Text;Speaker_Name;Begin;Stop\nhi;A;00:00:01.000;00:00:02.500\n",
                Ok(&[("A", 1000, 2500, "hi", 2)]),
            ),
            (
                "tab",
                "start\tend\tspeaker\ttext\n0\t1\tA\tx, y\n",
                Ok(&[("A", 0, 1000, "x, y", 2)]),
            ),
            (
                "quoted newline",
                "start,end,speaker,text\n0,1,A,\"one,\ntwo\"\n2,3,B,z\n",
                Ok(&[("A", 0, 1000, "one, two", 2), ("B", 2000, 3000, "z", 4)]),
            ),
            (
                "missing speaker",
                "start,end,speaker,text\n0,1,,x\n",
                Ok(&[(UNLABELLED, 0, 1000, "x", 2)]),
            ),
            (
                "end before start kept",
                "start,end,speaker,text\n5,1,A,x\n",
                Ok(&[("A", 5000, 1000, "x", 2)]),
            ),
            ("empty body", "start,end,speaker,text\n", Ok(&[])),
            ("missing column", "start,end,who,text\n0,1,A,x\n", Err(1)),
            (
                "bad time",
                "start,end,speaker,text\n0,1,A,x\nsoon,2,B,y\n",
                Err(3),
            ),
            (
                "short row",
                "start,end,speaker,text\n0,1,A,x\n2,3\n",
                Err(3),
            ),
            (
                "truncated quote",
                "start,end,speaker,text\n0,1,A,x\n2,3,B,\"cut",
                Err(3),
            ),
        ];
        for (name, text, want) in cases {
            check(name, parse_csv(text), want);
        }
        let e = parse_csv("start,end,who,text\n").unwrap_err();
        assert!(
            e.message.contains("\"speaker\"") && e.message.contains("\"who\""),
            "{e:?}"
        );
    }

    #[test]
    fn jsonl() {
        let cases: &[(&str, &str, Want)] = &[
            ("basic", "{\"start\":1,\"end\":2.5,\"speaker\":\"A\",\"text\":\"hi\"}\n\n{\"START_TIME\":\"00:00:03\",\"stop\":\"4\",\"name\":\"B\",\"content\":\"yo\"}\n", Ok(&[("A", 1000, 2500, "hi", 1), ("B", 3000, 4000, "yo", 3)])),
            ("null speaker", "{\"start\":1,\"end\":2,\"speaker\":null,\"text\":\"x\"}", Ok(&[(UNLABELLED, 1000, 2000, "x", 1)])),
            ("missing end", "{\"start\":1,\"speaker\":\"A\",\"text\":\"x\"}", Err(1)),
            ("truncated", "{\"start\":1,\"end\":2,\"speaker\":\"A\",\"text\":\"x\"}\n{\"start\":3,\"en", Err(2)),
            ("not object", "[1,2]", Err(1)),
            ("bad time", "{\"start\":-1,\"end\":2,\"speaker\":\"A\",\"text\":\"x\"}", Err(1)),
        ];
        for (name, text, want) in cases {
            check(name, parse_jsonl(text), want);
        }
    }

    #[test]
    fn sniffs() {
        assert!(sniff_csv("Start_Time;End_Time;Speaker;Text\n"));
        assert!(sniff_csv("start\tend\ttext\n"));
        assert!(!sniff_csv("name,email\n"));
        assert!(!sniff_csv("WEBVTT\n"));
        assert!(sniff_jsonl("{\"start\":1}\n{\"start\":2}"));
        assert!(!sniff_jsonl("{\"foo\":1}"));
    }
}
