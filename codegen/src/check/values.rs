//! Value lists (``OK | InvalidParam``, "Possible values for ...") resolve to one SDK enum.

use super::span_or;
use crate::diag::Diagnostic;
use crate::ir::{Field, Module};
use crate::sdk::{Enum, Sdk};

/// Tie-breaks, in order, when several enums contain every listed value (`None` is in many).
pub const PREFERRED_ENUMS: &[&str] = &[
    "EResult",
    "ESteamNetworkingConnectionState",
    "ESteamNetConnectionEnd",
    "ESteamNetworkingConfigValue",
];

pub fn resolve_module(module: &mut Module, sdk: &Sdk, diags: &mut Vec<Diagnostic>) {
    for f in module
        .functions
        .iter_mut()
        .chain(module.callbacks.iter_mut())
        .chain(module.methods.iter_mut())
    {
        for r in &mut f.returns {
            if !r.values.is_empty() {
                r.enum_name = resolve_at(&r.values, sdk, &span_or(&r.span, &f.span), diags);
            }
            for field in &mut r.fields {
                resolve_field(field, sdk, diags);
            }
        }
        for p in &mut f.params {
            for field in &mut p.fields {
                resolve_field(field, sdk, diags);
            }
        }
    }
    for field in &mut module.data {
        resolve_field(field, sdk, diags);
    }
}

fn resolve_field(field: &mut Field, sdk: &Sdk, diags: &mut Vec<Diagnostic>) {
    if !field.values.is_empty() {
        field.enum_name = resolve_at(&field.values, sdk, &field.span, diags);
    }
}

fn resolve_at(
    values: &[String],
    sdk: &Sdk,
    span: &crate::ir::Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    match resolve_enum(values, sdk) {
        Ok(name) => Some(name.to_string()),
        Err(msgs) => {
            diags.extend(msgs.into_iter().map(|m| Diagnostic::error(span.clone(), m)));
            None
        }
    }
}

/// The one SDK enum holding every value, or one message per problem.
pub fn resolve_enum<'a>(values: &[String], sdk: &'a Sdk) -> Result<&'a str, Vec<String>> {
    let holds_all = |e: &&Enum| values.iter().all(|v| e.contains(v));
    let candidates: Vec<&Enum> = sdk.enums().iter().filter(holds_all).collect();
    match candidates.as_slice() {
        [only] => return Ok(&only.name),
        [] => {}
        several => {
            for preferred in PREFERRED_ENUMS {
                if let Some(e) = several.iter().find(|e| e.name == *preferred) {
                    return Ok(&e.name);
                }
            }
            let names: Vec<&str> = several.iter().map(|e| e.name.as_str()).collect();
            return Err(vec![format!(
                "values {} are ambiguous: each of {} has them all",
                quoted(values),
                names.join(", ")
            )]);
        }
    }
    let Some(best) = closest_enum(values, sdk) else {
        return Err(vec![format!(
            "no SteamWorks enum has any of the values {}",
            quoted(values)
        )]);
    };
    Err(values
        .iter()
        .filter(|v| !best.contains(v))
        .map(|v| format!("`{v}` is not a value of {}", best.name))
        .collect())
}

/// The enum containing the most values; preferred enums, then SDK order, break ties.
fn closest_enum<'a>(values: &[String], sdk: &'a Sdk) -> Option<&'a Enum> {
    let rank = |e: &Enum| {
        PREFERRED_ENUMS
            .iter()
            .position(|p| *p == e.name)
            .unwrap_or(usize::MAX)
    };
    let mut best: Option<(&Enum, usize)> = None;
    for e in sdk.enums() {
        let hits = values.iter().filter(|v| e.contains(v)).count();
        let better = match best {
            None => hits > 0,
            Some((b, bh)) => hits > bh || (hits == bh && rank(e) < rank(b)),
        };
        if better {
            best = Some((e, hits));
        }
    }
    best.map(|(e, _)| e)
}

fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
