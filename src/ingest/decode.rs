//! Bytes to text: the checks every format needs before it can be parsed.
//!
//! Exports arrive with a UTF-8 or UTF-16 byte-order mark, Windows line endings, or
//! are not text at all. Each case is settled here once, with a message that says
//! where the problem is and what to do.

use std::borrow::Cow;

use crate::model::Diagnostic;

/// Decodes a transcript file to text with `\n` line endings and no BOM.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, Diagnostic> {
    if bytes.is_empty() {
        return Err(Diagnostic::new(
            0,
            "file is empty: export the transcript again",
        ));
    }
    let text: Cow<'_, str> = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Cow::Borrowed(utf8(rest)?)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        Cow::Owned(utf16(rest, u16::from_le_bytes)?)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        Cow::Owned(utf16(rest, u16::from_be_bytes)?)
    } else {
        if looks_binary(bytes) {
            return Err(Diagnostic::new(
                0,
                "binary file, not a transcript (it holds NUL bytes): \
                 export the transcript as text, VTT, SRT, CSV or JSON",
            ));
        }
        Cow::Borrowed(utf8(bytes)?)
    };
    if text.trim().is_empty() {
        return Err(Diagnostic::new(
            0,
            "file holds only whitespace: export the transcript again",
        ));
    }
    Ok(if text.contains('\r') {
        Cow::Owned(normalize_newlines(&text))
    } else {
        text
    })
}

/// NUL bytes in the first 8 KiB mean binary, as git and ripgrep decide.
fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some()
}

fn utf8(bytes: &[u8]) -> Result<&str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count();
        Diagnostic::new(
            line as u32,
            format!(
                "not valid UTF-8 (byte offset {at}): re-export the transcript as UTF-8 \
                 or convert it, e.g. `iconv -f WINDOWS-1252 -t UTF-8`"
            ),
        )
    })
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> Result<String, Diagnostic> {
    if bytes.len() % 2 != 0 {
        return Err(Diagnostic::new(
            0,
            "UTF-16 file with an odd number of bytes: it is truncated",
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| word([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| Diagnostic::new(0, "invalid UTF-16: re-export the transcript as UTF-8"))
}

/// `\r\n` and lone `\r` become `\n`.
fn normalize_newlines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFWEBVTT\r\n\r\nx").unwrap(),
            "WEBVTT\n\nx"
        );
        assert_eq!(decode(b"a\rb").unwrap(), "a\nb");
    }

    #[test]
    fn utf16() {
        let mut b = vec![0xFF, 0xFE];
        for u in "WEBVTT\r\n".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&b).unwrap(), "WEBVTT\n");
    }

    #[test]
    fn rejects() {
        assert!(decode(b"").unwrap_err().message.contains("empty"));
        assert!(decode(b" \n\t\n")
            .unwrap_err()
            .message
            .contains("whitespace"));
        assert!(decode(b"\x7fELF\0\0\x01")
            .unwrap_err()
            .message
            .contains("binary"));
        let e = decode(b"ok\nline two \xff here").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("UTF-8"));
    }
}
