//! Emitter: mlua glue.

use super::Output;
use crate::ir::Spec;

pub fn emit(spec: &Spec) -> Result<Vec<Output>, String> {
    let _ = spec;
    Ok(Vec::new())
}
