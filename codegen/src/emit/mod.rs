//! Emitters: every generated file, from the spec (and the SDK for enum values).

pub mod enums;
pub mod glue;
pub mod sphinx;
pub mod stubs;

use crate::ir::Spec;
use crate::sdk::Sdk;

/// A generated file: path relative to the repository root, and its full contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub contents: String,
}

impl Output {
    pub fn new(path: impl Into<String>, contents: impl Into<String>) -> Self {
        Output {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// Every output of a full generation, in a stable order.
pub fn all(spec: &Spec, sdk: &Sdk) -> Result<Vec<Output>, String> {
    let mut out = Vec::new();
    out.extend(glue::emit(spec)?);
    out.extend(enums::emit(spec, sdk)?);
    out.extend(sphinx::emit(spec, sdk)?);
    out.extend(stubs::emit(spec, sdk)?);
    Ok(out)
}
