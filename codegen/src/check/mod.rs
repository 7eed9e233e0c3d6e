//! Checks of the spec against the SDK; also fills in which SDK enum each value list uses.
//! Result lists are checked for completeness against the values the SDK headers document.

mod links;
mod options;
mod results;
mod values;

#[cfg(test)]
mod tests;

use crate::diag::Diagnostic;
use crate::ir::{Span, Spec};
use crate::sdk::Sdk;

pub use values::{resolve_enum, PREFERRED_ENUMS};

/// Checks every module; sets `enum_name` on value lists and option keys that resolve.
pub fn check(spec: &mut Spec, sdk: &Sdk) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for module in &mut spec.modules {
        links::check_module(module, sdk, &mut diags);
        values::resolve_module(module, sdk, &mut diags);
        results::check_module(module, sdk, &mut diags);
        options::check_module(module, sdk, &mut diags);
    }
    diags
}

/// `primary` when the parser recorded it, else `fallback` (hand-built specs may omit spans).
fn span_or(primary: &Span, fallback: &Span) -> Span {
    if primary.file.is_empty() {
        fallback.clone()
    } else {
        primary.clone()
    }
}
