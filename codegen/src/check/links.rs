//! `:SteamWorks:` links: the named method or callback struct exists, the URL anchor and the
//! Lua name agree with it.

use super::span_or;
use crate::diag::Diagnostic;
use crate::ir::{Function, Module, SteamLink};
use crate::model::ModuleKind;
use crate::sdk::Sdk;

/// Module names whose interface the title alone may not give.
const KNOWN_MODULES: &[(&str, &str)] = &[
    ("sockets", "ISteamNetworkingSockets"),
    ("networkingUtils", "ISteamNetworkingUtils"),
];

pub fn check_module(module: &Module, sdk: &Sdk, diags: &mut Vec<Diagnostic>) {
    let interfaces = module_interfaces(module, sdk);
    let linked = module
        .functions
        .iter()
        .chain(&module.methods)
        .filter(|f| f.steamworks.is_some());
    if !ModuleKind::of(module).is_core() && interfaces.is_empty() && linked.count() > 0 {
        diags.push(Diagnostic::error(
            module.span.clone(),
            format!(
                "module `{}` (title `{}`) is not a SteamWorks interface, so its :SteamWorks: \
                 links cannot be checked",
                module.name, module.title
            ),
        ));
    }
    for f in module.functions.iter().chain(&module.methods) {
        let Some(link) = &f.steamworks else { continue };
        check_anchor(f, link, diags);
        if !ModuleKind::of(module).is_core() && !interfaces.is_empty() {
            check_method(f, link, &interfaces, sdk, diags);
        }
    }
    for f in &module.callbacks {
        let Some(link) = &f.steamworks else { continue };
        check_anchor(f, link, diags);
        if sdk.callback(&link.name).is_none() {
            diags.push(Diagnostic::error(
                span_or(&link.span, &f.span),
                format!("`{}` is not a SteamWorks callback struct", link.name),
            ));
        }
    }
}

/// The SDK interfaces a module's functions may wrap: its title, and the known interface
/// for its name.
pub(super) fn module_interfaces<'a>(module: &'a Module, sdk: &Sdk) -> Vec<&'a str> {
    let mut out = Vec::new();
    if sdk.interface(&module.title).is_some() {
        out.push(module.title.as_str());
    }
    for (name, iface) in KNOWN_MODULES {
        if *name == module.name && !out.contains(iface) && sdk.interface(iface).is_some() {
            out.push(iface);
        }
    }
    out
}

fn check_method(
    f: &Function,
    link: &SteamLink,
    interfaces: &[&str],
    sdk: &Sdk,
    diags: &mut Vec<Diagnostic>,
) {
    let span = span_or(&link.span, &f.span);
    let wanted = interfaces.join(" or ");
    if !interfaces.iter().any(|i| sdk.has_method(i, &link.name)) {
        let elsewhere = sdk.interfaces_with_method(&link.name);
        let diag = if let Some(other) = elsewhere.first() {
            // Wrapping a sibling interface's method is plausible (utils from sockets), so
            // this is worth a look but not fatal.
            Diagnostic::warning(
                span.clone(),
                format!("`{}` is a method of {other}, not of {wanted}", link.name),
            )
        } else if sdk.callback(&link.name).is_some() {
            Diagnostic::error(
                span.clone(),
                format!(
                    "`{}` is a callback struct, not a method of {wanted}; document it under \
                     Callbacks Reference",
                    link.name
                ),
            )
        } else {
            Diagnostic::error(
                span.clone(),
                format!("`{}` is not a method of {wanted}", link.name),
            )
        };
        diags.push(diag);
    }
    let expected = lower_camel(&link.name);
    // A method is named for its class (`ListenSocket:close` wraps `CloseListenSocket`).
    if f.class.is_none() && f.name != expected {
        diags.push(Diagnostic::warning(
            span_or(&f.span, &link.span),
            format!(
                "Lua name `{}` does not match SteamWorks method `{}` (expected `{expected}`)",
                f.name, link.name
            ),
        ));
    }
}

fn check_anchor(f: &Function, link: &SteamLink, diags: &mut Vec<Diagnostic>) {
    let anchor = link.url.rsplit_once('#').map(|(_, a)| a);
    if anchor == Some(link.name.as_str()) {
        return;
    }
    let msg = match anchor {
        Some(a) => format!(
            "SteamWorks URL anchor `#{a}` does not match `{}`",
            link.name
        ),
        None => format!(
            "SteamWorks URL `{}` has no `#{}` anchor",
            link.url, link.name
        ),
    };
    diags.push(Diagnostic::warning(span_or(&link.span, &f.span), msg));
}

/// `CreateListenSocketIP` -> `createListenSocketIP`.
pub fn lower_camel(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
