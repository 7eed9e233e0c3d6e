//! Rust types for documented Lua types.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub use crate::model::is_class;

/// The type the runtime receives for a parameter.
pub fn param_type(ty: &str, optional: bool) -> TokenStream {
    let base = match ty {
        "string" => quote!(mlua::LuaString),
        "integer" => quote!(i64),
        "number" => quote!(f64),
        "boolean" => quote!(bool),
        "table" => quote!(mlua::Table),
        "function" => quote!(mlua::Function),
        _ if ty == "userdata" || is_class(ty) => quote!(mlua::AnyUserData),
        _ => quote!(mlua::Value),
    };
    wrap_optional(base, optional && ty != "any")
}

/// The type the runtime returns for a value (also callback data fields and constants).
/// `enumerated` strings are static names from a generated enum map.
pub fn value_type(ty: &str, optional: bool, enumerated: bool) -> TokenStream {
    let base = match ty {
        "string" if enumerated => quote!(&'static str),
        "string" => quote!(String),
        "integer" => quote!(i64),
        "number" => quote!(f64),
        "boolean" => quote!(bool),
        "table" => quote!(mlua::Table),
        "function" => quote!(mlua::Function),
        "nil" => quote!(()),
        _ if ty == "userdata" || is_class(ty) => quote!(mlua::AnyUserData),
        _ => quote!(mlua::Value),
    };
    wrap_optional(base, optional && ty != "any" && ty != "nil")
}

/// The type the runtime returns for a value of an SDK enum with a documented value list.
pub fn enum_type(optional: bool) -> TokenStream {
    wrap_optional(quote!(crate::support::Enum), optional)
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
pub fn arg_expr(
    ty: &str,
    optional: bool,
    position: usize,
    function: &str,
    method: bool,
) -> TokenStream {
    let position = proc_macro2::Literal::usize_unsuffixed(position);
    if is_class(ty) {
        let class = format_ident!("{}", ty);
        match (method, optional) {
            (false, true) => {
                quote!(support::opt_arg_class::<A::#class>(&args, #position, #function, #ty)?)
            }
            (false, false) => {
                quote!(support::arg_class::<A::#class>(&args, #position, #function, #ty)?)
            }
            (true, true) => quote!(
                support::opt_method_arg_class::<A::#class>(&args, #position, #function, #ty)?
            ),
            (true, false) => {
                quote!(support::method_arg_class::<A::#class>(&args, #position, #function, #ty)?)
            }
        }
    } else {
        let t = param_type(ty, optional);
        if method {
            quote!(support::method_arg::<#t>(&args, #position, #function)?)
        } else {
            quote!(support::arg::<#t>(&args, #position, #function)?)
        }
    }
}
