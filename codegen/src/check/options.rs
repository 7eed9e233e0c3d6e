//! Option keys: each is a networking config value whose SDK data type fits its Lua type.

use super::span_or;
use crate::diag::Diagnostic;
use crate::ir::Module;
use crate::sdk::{ConfigType, Sdk, CONFIG_ENUM};

pub fn check_module(module: &mut Module, sdk: &Sdk, diags: &mut Vec<Diagnostic>) {
    let config = sdk.enum_by_name(CONFIG_ENUM);
    for opt in &mut module.options {
        let span = span_or(&opt.span, &module.span);
        if !config.is_some_and(|e| e.contains(&opt.name)) {
            diags.push(Diagnostic::error(
                span,
                format!("option `{}` is not a value of {CONFIG_ENUM}", opt.name),
            ));
            continue;
        }
        opt.enum_name = Some(CONFIG_ENUM.to_string());
        let Some(ty) = sdk.config_type(&opt.name) else {
            diags.push(Diagnostic::error(
                span,
                format!(
                    "the SDK header does not state the data type of option `{}`, so it cannot \
                     be converted",
                    opt.name
                ),
            ));
            continue;
        };
        if let Some(msg) = type_mismatch(&opt.name, &opt.ty, ty) {
            diags.push(Diagnostic::error(span, msg));
        }
    }
}

fn type_mismatch(name: &str, lua: &str, ty: ConfigType) -> Option<String> {
    let allowed = ty.lua_types();
    if allowed.is_empty() {
        return Some(format!(
            "option `{name}` takes a callback pointer and cannot be set from Lua"
        ));
    }
    if allowed.contains(&lua) {
        return None;
    }
    let want = allowed
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    Some(format!(
        "option `{name}` is documented as `{lua}` but the SDK type is {}, which takes {want}",
        ty.name().to_lowercase()
    ))
}
