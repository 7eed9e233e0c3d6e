//! Rust types for documented Lua types.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::LuaType;

/// The Rust type of a builtin or class type, without its `Option`.
fn base_type(t: &LuaType) -> TokenStream {
    match t {
        LuaType::Literals(_) => quote!(&'static str),
        LuaType::String => quote!(String),
        LuaType::Integer => quote!(i64),
        LuaType::Number => quote!(f64),
        LuaType::Boolean => quote!(bool),
        LuaType::Table | LuaType::TableShape(_) => quote!(mlua::Table),
        LuaType::Function => quote!(mlua::Function),
        LuaType::Nil => quote!(()),
        LuaType::Userdata | LuaType::Class(_) => quote!(mlua::AnyUserData),
        LuaType::SdkEnum { .. } => quote!(crate::support::Enum),
        LuaType::Any => quote!(mlua::Value),
        LuaType::Optional(inner) => base_type(inner),
    }
}

/// The type the runtime receives for a parameter.
pub fn param_type(t: &LuaType) -> TokenStream {
    let base = match t.base() {
        LuaType::String => quote!(mlua::LuaString),
        LuaType::Nil => quote!(mlua::Value),
        other => base_type(other),
    };
    wrap_optional(base, t.is_nilable())
}

/// The type the runtime returns for a value (also callback data fields): strings from a
/// plain value list are static names; values of an SDK enum are [`crate::support::Enum`]s the
/// glue names.
pub fn value_type(t: &LuaType) -> TokenStream {
    wrap_optional(base_type(t.base()), t.is_nilable())
}

/// The type the runtime returns for a constant: a value list names static strings, never an
/// SDK enum the glue converts.
pub fn constant_type(t: &LuaType) -> TokenStream {
    if t.values().is_empty() {
        value_type(t)
    } else {
        wrap_optional(quote!(&'static str), t.is_nilable())
    }
}

/// The expression that turns `value` (a `support::Enum`, or an `Option` of one) into its
/// documented name, checking it against `values` in builds with `checked-results`.
pub fn enum_to_name(
    value: TokenStream,
    enum_name: &str,
    values: &[String],
    what: &str,
    optional: bool,
) -> TokenStream {
    let map = format_ident!("{}", enum_name);
    let name = quote!(crate::support::enum_name(&crate::enums::#map, &[#(#values),*], v, #what));
    if optional {
        quote!(#value.map(|v| #name).transpose()?)
    } else {
        quote!({ let v = #value; #name? })
    }
}

fn wrap_optional(base: TokenStream, optional: bool) -> TokenStream {
    if optional {
        quote!(Option<#base>)
    } else {
        base
    }
}

/// The expression that fetches and checks argument `position` (1-based; for a `method` the
/// receiver is 1 and errors count as Lua counts a method's arguments) for `function`.
pub fn arg_expr(t: &LuaType, position: usize, function: &str, method: bool) -> TokenStream {
    let position = proc_macro2::Literal::usize_unsuffixed(position);
    if let Some(name) = t.class() {
        let class = format_ident!("{}", name);
        match (method, t.is_nilable()) {
            (false, true) => {
                quote!(support::opt_arg_class::<A::#class>(&args, #position, #function, #name)?)
            }
            (false, false) => {
                quote!(support::arg_class::<A::#class>(&args, #position, #function, #name)?)
            }
            (true, true) => quote!(
                support::opt_method_arg_class::<A::#class>(&args, #position, #function, #name)?
            ),
            (true, false) => quote!(
                support::method_arg_class::<A::#class>(&args, #position, #function, #name)?
            ),
        }
    } else {
        let ty = param_type(t);
        if method {
            quote!(support::method_arg::<#ty>(&args, #position, #function)?)
        } else {
            quote!(support::arg::<#ty>(&args, #position, #function)?)
        }
    }
}
