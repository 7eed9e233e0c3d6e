//! Diagnostics with source positions, printed as `file:line:col: severity: message`, or as
//! `file: severity: message` for a problem with the whole file (line 0, e.g. unreadable).

use crate::ir::Span;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Span,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            span,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            span,
            severity: Severity::Warning,
            message: message.into(),
        }
    }

    /// An error about a whole file rather than a position in it (it could not be read).
    pub fn file_error(file: &str, message: impl Into<String>) -> Self {
        let span = Span {
            file: file.to_string(),
            line: 0,
            col: 0,
        };
        Diagnostic::error(span, message)
    }

    /// True for a diagnostic about the whole file (line 0): see [`Diagnostic::file_error`].
    pub fn is_whole_file(&self) -> bool {
        self.span.line == 0
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        if self.is_whole_file() {
            return write!(f, "{}: {}: {}", self.span.file, sev, self.message);
        }
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.span.file, self.span.line, self.span.col, sev, self.message
        )
    }
}

/// True when any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}
