//! Emitter: stubs.

use super::Output;
use crate::ir::Spec;
use crate::sdk::Sdk;

pub fn emit(spec: &Spec, sdk: &Sdk) -> Result<Vec<Output>, String> {
    let _ = (spec, sdk);
    Ok(Vec::new())
}
