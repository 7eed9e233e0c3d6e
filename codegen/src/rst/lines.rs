//! Source lines after tab expansion, and the diagnostic sink every stage writes to.

use crate::diag::Diagnostic;
use crate::ir::Span;

/// Docutils expands tabs to the next multiple of 8 columns before measuring indentation.
pub const TAB_WIDTH: usize = 8;

/// One source line with tabs expanded and trailing whitespace removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the file.
    pub no: usize,
    pub text: String,
    /// Leading spaces (columns, after tab expansion); 0 for blank lines.
    pub indent: usize,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    /// The line without its indentation.
    pub fn content(&self) -> &str {
        self.text.get(self.indent..).unwrap_or("")
    }

    /// 1-based column of a byte offset into `text`.
    pub fn col_at(&self, byte: usize) -> usize {
        let end = byte.min(self.text.len());
        let end = (0..=end)
            .rev()
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(0);
        self.text[..end].chars().count() + 1
    }

    /// 1-based column of a byte offset into `content()`.
    pub fn col_in_content(&self, byte: usize) -> usize {
        self.col_at(self.indent + byte)
    }
}

/// Replaces each tab by spaces up to the next multiple of [`TAB_WIDTH`] columns.
pub fn expand_tabs(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut col = 0;
    for c in raw.chars() {
        if c == '\t' {
            let next = (col / TAB_WIDTH + 1) * TAB_WIDTH;
            (col..next).for_each(|_| out.push(' '));
            col = next;
        } else {
            out.push(c);
            col += 1;
        }
    }
    out
}

/// The UTF-8 byte order mark; docutils drops it, and so does [`split`].
const BOM: char = '\u{feff}';

/// Splits a file into lines (LF, CRLF or CR-only endings, as docutils accepts them),
/// expanding tabs and trimming trailing whitespace. A leading byte order mark is dropped, so
/// it shifts no column of line 1.
pub fn split(text: &str) -> Vec<Line> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    raw_lines(text)
        .enumerate()
        .map(|(i, raw)| {
            let expanded = expand_tabs(raw);
            let text = expanded.trim_end().to_string();
            let indent = text.len() - text.trim_start_matches(' ').len();
            // Other leading whitespace (form feeds, NBSP) counts as content, not indentation.
            Line {
                no: i + 1,
                text,
                indent,
            }
        })
        .collect()
}

/// The lines of `text` without their endings: `\r\n`, `\r` and `\n` each end a line, and a
/// final ending starts no empty line (like Python's `splitlines`, which docutils uses).
fn raw_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(end) = rest.find(['\r', '\n']) else {
            return Some(std::mem::take(&mut rest));
        };
        let line = &rest[..end];
        let ending = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + ending..];
        Some(line)
    })
}

/// A file's bytes as text. Invalid UTF-8 is an error at the line and column of the first bad
/// byte (counted as [`Line::col_at`] counts: characters after tab expansion, a leading byte
/// order mark not counted); the text goes on with U+FFFD in its place so the rest of the file
/// is still checked.
pub fn decode(ctx: &mut Ctx, bytes: &[u8]) -> String {
    let err = match std::str::from_utf8(bytes) {
        Ok(text) => return text.to_string(),
        Err(e) => e,
    };
    let valid = &bytes[..err.valid_up_to()];
    let valid = std::str::from_utf8(valid).expect("valid_up_to ends valid UTF-8");
    let valid = valid.strip_prefix(BOM).unwrap_or(valid);
    let line_start = valid.rfind(['\r', '\n']).map_or(0, |i| i + 1);
    let line = raw_lines(&valid[..line_start]).count() + 1;
    let col = expand_tabs(&valid[line_start..]).chars().count() + 1;
    let bad = bytes[err.valid_up_to()];
    let msg = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        "invalid UTF-8: the file starts with a UTF-16 byte order mark; save it as UTF-8".into()
    } else if err.error_len().is_none() {
        format!("invalid UTF-8: the file ends inside a character (byte 0x{bad:02X})")
    } else {
        format!("invalid UTF-8 (byte 0x{bad:02X}); save the file as UTF-8")
    };
    ctx.error(line, col, msg);
    String::from_utf8_lossy(bytes).into_owned()
}

/// The file being parsed and every diagnostic found so far.
#[derive(Debug, Default)]
pub struct Ctx {
    pub file: String,
    pub diags: Vec<Diagnostic>,
}

impl Ctx {
    pub fn new(file: &str) -> Self {
        Ctx {
            file: file.to_string(),
            diags: Vec::new(),
        }
    }

    pub fn span(&self, line: usize, col: usize) -> Span {
        Span {
            file: self.file.clone(),
            line,
            col,
        }
    }

    pub fn error(&mut self, line: usize, col: usize, msg: impl Into<String>) {
        let span = self.span(line, col);
        self.diags.push(Diagnostic::error(span, msg));
    }

    pub fn warning(&mut self, line: usize, col: usize, msg: impl Into<String>) {
        let span = self.span(line, col);
        self.diags.push(Diagnostic::warning(span, msg));
    }
}

/// The lines after `start` that belong to a construct indented at `indent`: blank lines and
/// lines indented deeper, stopping before trailing blank lines. Returns the end index.
/// The smallest indentation of the non-blank lines of a directive body (0 when empty).
pub fn body_indent(body: &[Line]) -> usize {
    body.iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.indent)
        .min()
        .unwrap_or(0)
}

pub fn indented_end(lines: &[Line], start: usize, indent: usize) -> usize {
    let mut end = start;
    let mut i = start;
    while i < lines.len() {
        let l = &lines[i];
        if l.is_blank() {
            i += 1;
            continue;
        }
        if l.indent <= indent {
            break;
        }
        i += 1;
        end = i;
    }
    end
}

/// Collapses runs of whitespace to single spaces; descriptions are one logical line.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_expand_to_next_multiple_of_eight() {
        assert_eq!(expand_tabs("\tx"), "        x");
        assert_eq!(expand_tabs("ab\tx"), "ab      x");
        assert_eq!(expand_tabs("\t\t* a"), format!("{}* a", " ".repeat(16)));
        assert_eq!(expand_tabs("1234567\tx"), "1234567 x");
        assert_eq!(expand_tabs("12345678\tx"), "12345678        x");
    }

    #[test]
    fn lines_measure_indent_after_tab_expansion_and_trim_trailing_space() {
        let lines = split("a\n\t\t* b  \r\n    \n  c");
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[1].indent, 16);
        assert_eq!(lines[1].content(), "* b");
        assert!(lines[2].is_blank());
        assert_eq!(lines[3].indent, 2);
        assert_eq!(lines[3].no, 4);
    }

    fn texts(text: &str) -> Vec<String> {
        split(text).into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn lf_crlf_and_cr_each_end_a_line_and_a_final_ending_adds_none() {
        let want = ["a", "", "b"];
        assert_eq!(texts("a\n\nb\n"), want);
        assert_eq!(texts("a\r\n\r\nb\r\n"), want);
        assert_eq!(texts("a\r\rb\r"), want);
        assert_eq!(texts("a\r\n\rb"), want);
        assert_eq!(texts("a\n\r\nb"), want);
        assert!(split("").is_empty());
        assert_eq!(texts("\n"), [""]);
        assert_eq!(split("a\rb\rc")[2].no, 3);
    }

    #[test]
    fn a_leading_byte_order_mark_is_dropped_and_shifts_no_column() {
        let lines = split("\u{feff}  x\r\ny");
        assert_eq!(lines[0].text, "  x");
        assert_eq!(lines[0].indent, 2);
        assert_eq!(lines[0].col_in_content(0), 3);
        assert_eq!(lines[1].text, "y");
    }

    fn decoded(bytes: &[u8]) -> (String, Vec<String>) {
        let mut ctx = Ctx::new("t.rst");
        let text = decode(&mut ctx, bytes);
        (text, ctx.diags.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn valid_utf8_decodes_without_diagnostics() {
        assert_eq!(decoded("é\r\n".as_bytes()), ("é\r\n".to_string(), vec![]));
    }

    #[test]
    fn invalid_utf8_is_an_error_at_the_line_and_column_of_the_first_bad_byte() {
        let one = |b: &[u8]| decoded(b).1;
        assert_eq!(
            one(b"ab\xe9c\xff"),
            ["t.rst:1:3: error: invalid UTF-8 (byte 0xE9); save the file as UTF-8"]
        );
        // Columns count characters after tab expansion, like every other diagnostic.
        assert_eq!(
            one(b"x\n\t\xc3\xa9\xff"),
            ["t.rst:2:10: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8"]
        );
        // CRLF and CR-only endings count one line each; a BOM is no column.
        assert_eq!(
            one(b"a\r\nb\rc\r\n\xff")[0],
            "t.rst:4:1: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8"
        );
        assert!(one(b"\xef\xbb\xbf\xff")[0].starts_with("t.rst:1:1: error: invalid UTF-8"));
        assert_eq!(
            one(b"ok\n\xc3"),
            ["t.rst:2:1: error: invalid UTF-8: the file ends inside a character (byte 0xC3)"]
        );
        assert!(one(b"\xff\xfeS\x00")[0].contains("UTF-16 byte order mark"));
        // The text goes on, with U+FFFD for the bad bytes.
        assert_eq!(decoded(b"a\xffb").0, "a\u{fffd}b");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let l = &split("  é:x")[0];
        assert_eq!(l.col_in_content(0), 3);
        assert_eq!(l.col_in_content("é".len()), 4);
        // An offset inside a multi-byte character must not panic.
        assert_eq!(l.col_at(3), 3);
    }

    #[test]
    fn indented_end_excludes_trailing_blank_lines() {
        let lines = split(".. x::\n\n    a\n\n    b\n\n\nnext");
        assert_eq!(indented_end(&lines, 1, 0), 5);
    }
}
