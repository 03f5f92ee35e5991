//! Shared pieces of the JSON vendor readers: where an object sits in the file,
//! and time fields that vendors write in more than one JSON type.
//!
//! Turns should point back to their line in the source file, but serde does not
//! report positions and the files can be hundreds of MB, so building a tree or a
//! table of every line start is out. Instead [`Located`] records where the first
//! key of an object lies in the input (serde_json hands out keys as slices of the
//! input when they hold no escapes) and [`Lines`] turns those offsets into line
//! numbers with one forward pass over the text.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::timecode;
use crate::model::Diagnostic;

/// A JSON object deserialized as `T`, with the input address of its first key.
#[derive(Debug)]
pub struct Located<T> {
    /// Address of the first key's text in the input, 0 when unknown (an empty
    /// object, or a key with escapes that serde had to copy).
    addr: usize,
    pub value: T,
}

impl<T> Located<T> {
    /// The 1-based line of this object's first key, 0 when unknown.
    pub fn line(&self, lines: &mut Lines<'_>) -> u32 {
        lines.line_at(self.addr)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(LocatedVisitor(PhantomData))
    }
}

struct LocatedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for LocatedVisitor<T> {
    type Value = Located<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Located<T>, A::Error> {
        let first = map.next_key_seed(KeySeed)?;
        let addr = match &first {
            Some(Cow::Borrowed(k)) => k.as_ptr() as usize,
            _ => 0,
        };
        let value = T::deserialize(MapAccessDeserializer::new(Replay { first, map }))?;
        Ok(Located { addr, value })
    }
}

/// Reads a key as a slice of the input when possible.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

/// A map whose first key was already read: hands it out again, then the rest.
struct Replay<'de, A> {
    first: Option<Cow<'de, str>>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(Cow::Borrowed(k)) => seed.deserialize(BorrowedStrDeserializer::new(k)).map(Some),
            Some(Cow::Owned(k)) => seed.deserialize(StringDeserializer::new(k)).map(Some),
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

/// Maps input addresses to line numbers, counting newlines forward from the
/// last answer: readers ask in file order, so the whole file is scanned once.
pub struct Lines<'a> {
    text: &'a str,
    at: usize,
    line: u32,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            at: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, addr: usize) -> u32 {
        let base = self.text.as_ptr() as usize;
        if addr < base || addr > base + self.text.len() {
            return 0;
        }
        let off = addr - base;
        if off < self.at {
            // Asked out of order: start again from the top.
            self.at = 0;
            self.line = 1;
        }
        let newlines = memchr::memchr_iter(b'\n', &self.text.as_bytes()[self.at..off]).count();
        self.line = self.line.saturating_add(newlines as u32);
        self.at = off;
        self.line
    }
}

/// A time in seconds written as a JSON number or as a string of one (Amazon
/// Transcribe writes `"start_time": "12.34"`). Kept as the text's value, unchecked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Secs(pub f64);

impl<'de> Deserialize<'de> for Secs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Secs, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Secs;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number of seconds")
            }
            fn visit_f64<E>(self, v: f64) -> Result<Secs, E> {
                Ok(Secs(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Secs, E> {
                Ok(Secs(v as f64))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Secs, E> {
                Ok(Secs(v as f64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Secs, E> {
                v.trim()
                    .parse()
                    .map(Secs)
                    .map_err(|_| E::custom(format!("{v:?} is not a number of seconds")))
            }
        }
        d.deserialize_any(V)
    }
}

/// Seconds from the file to milliseconds, or an error naming the field when the
/// value is negative or not finite.
pub fn secs_field(v: Secs, field: &str, line: u32) -> Result<u64, Diagnostic> {
    timecode::secs_to_ms(v.0).ok_or_else(|| {
        Diagnostic::new(
            line,
            format!("`{field}` is {}: a time in seconds must be 0 or more", v.0),
        )
    })
}

/// Integer milliseconds from the file, or an error naming the field when the
/// value is negative.
pub fn ms_field(v: i64, field: &str, line: u32) -> Result<u64, Diagnostic> {
    u64::try_from(v).map_err(|_| {
        Diagnostic::new(
            line,
            format!("`{field}` is {v}: a time in milliseconds must be 0 or more"),
        )
    })
}

/// A field every element needs, or an error saying which one is missing.
pub fn required<T>(v: Option<T>, field: &str, what: &str, line: u32) -> Result<T, Diagnostic> {
    v.ok_or_else(|| Diagnostic::new(line, format!("{what} has no `{field}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Seg {
        a: u32,
    }

    #[derive(Debug, Deserialize)]
    struct Loose {
        #[serde(default)]
        a: u32,
        #[serde(default)]
        b: Option<String>,
    }

    #[test]
    fn located_lines() {
        let text = "[\n {\"a\": 1},\n {\n  \"b\": \"x\", \"a\": 2},\n {}\n]";
        let segs: Vec<Located<Loose>> = serde_json::from_str(text).unwrap();
        let mut lines = Lines::new(text);
        let got: Vec<(u32, u32)> = segs
            .iter()
            .filter(|s| s.value.a > 0)
            .map(|s| (s.value.a, s.line(&mut lines)))
            .collect();
        assert_eq!(got, vec![(1, 2), (2, 4)]);
        assert_eq!(segs[1].value.b.as_deref(), Some("x"));
        // Asking backwards still answers.
        assert_eq!(segs[0].line(&mut lines), 2);
    }

    #[test]
    fn located_errors_keep_position() {
        let e = serde_json::from_str::<Vec<Located<Seg>>>("[\n{\"a\": \"x\"}]").unwrap_err();
        assert_eq!(e.line(), 2);
        let e = serde_json::from_str::<Vec<Located<Seg>>>("[\n{\"b\": null}]").unwrap_err();
        assert!(e.to_string().contains("missing field `a`"), "{e}");
        assert_eq!(e.line(), 2);
        assert!(serde_json::from_str::<Vec<Located<Seg>>>("[3]").is_err());
    }

    #[test]
    fn secs_in_any_type() {
        let v: Vec<Secs> = serde_json::from_str(r#"[1.5, 2, "3.25", -1]"#).unwrap();
        assert_eq!(v, vec![Secs(1.5), Secs(2.0), Secs(3.25), Secs(-1.0)]);
        assert!(serde_json::from_str::<Secs>(r#""abc""#).is_err());
        assert_eq!(secs_field(Secs(1.2345), "start", 3).unwrap(), 1235);
        assert!(secs_field(Secs(-1.0), "start", 3)
            .unwrap_err()
            .message
            .contains("0 or more"));
        assert_eq!(ms_field(5, "start", 1).unwrap(), 5);
        assert!(ms_field(-5, "start", 1).is_err());
    }
}
