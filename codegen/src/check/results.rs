//! Result value lists are complete: a function wrapping an SDK method whose header comment
//! names the `EResult` values it returns lists every one of them.
//!
//! The other value checks only verify that a listed value belongs to the enum; a list that
//! forgets a value the library does return would go unnoticed (and `checked-results` builds
//! would then fail at run time on a documented function). The headers are prose, so a miss is
//! a warning: the spec may leave out a value the runtime rules out, but should say so.

use super::links::module_interfaces;
use super::span_or;
use crate::diag::Diagnostic;
use crate::ir::Module;
use crate::sdk::Sdk;

/// The enum whose values the headers name (`k_EResult*`).
const RESULT_ENUM: &str = "EResult";

pub fn check_module(module: &Module, sdk: &Sdk, diags: &mut Vec<Diagnostic>) {
    let interfaces = module_interfaces(module, sdk);
    let Some(eresult) = sdk.enum_by_name(RESULT_ENUM) else {
        return;
    };
    for f in module.functions.iter().chain(&module.methods) {
        let Some(link) = &f.steamworks else { continue };
        let Some(doc) = interfaces
            .iter()
            .find_map(|i| sdk.documented_results(i, &link.name))
        else {
            continue;
        };
        for r in &f.returns {
            if r.enum_name.as_deref() != Some(RESULT_ENUM) {
                continue;
            }
            let missing: Vec<String> = doc
                .values
                .iter()
                .filter(|v| eresult.contains(v) && !r.values.contains(v))
                .map(|v| format!("`{v}`"))
                .collect();
            if missing.is_empty() {
                continue;
            }
            diags.push(Diagnostic::warning(
                span_or(&r.span, &f.span),
                format!(
                    "the results of `{}` miss {}, which {}:{} documents for {}::{}; list every \
                     value the function can return",
                    f.qualified,
                    missing.join(", "),
                    doc.file,
                    doc.line,
                    doc.interface,
                    doc.method
                ),
            ));
        }
    }
}
