//! Emitters: every generated file, from the resolved [`Model`] (and the SDK for enum values).
//! No emitter reads the parsed spec.

pub mod enums;
pub mod glue;
pub mod sphinx;
pub mod stubs;

use crate::model::Model;
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
pub fn all(model: &Model, sdk: &Sdk) -> Result<Vec<Output>, String> {
    let mut out = Vec::new();
    out.extend(glue::emit(model)?);
    out.extend(enums::emit(model, sdk)?);
    out.extend(sphinx::emit(model, sdk)?);
    out.extend(stubs::emit(model, sdk)?);
    Ok(out)
}
