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

/// Splits a file into lines (LF or CRLF), expanding tabs and trimming trailing whitespace.
pub fn split(text: &str) -> Vec<Line> {
    text.lines()
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
