//! The raw glue: C functions for documented functions whose arguments and results are all
//! plain values (see `support::raw`), and the trait signatures they call.

use super::names::ident;
use crate::model::{Entry, LuaType, Module, Param};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Whether `f` gets raw glue: a function (not a method) with at least one parameter, every
/// parameter a number, boolean, string or `any`, every result a plain value (no table,
/// userdata or `any`). Functions without parameters (`runCallbacks`, `shutdown`) keep the
/// mlua glue: their runtime needs the Lua state.
pub fn eligible(f: &Entry) -> bool {
    let plain_param = |p: &Param| {
        matches!(
            p.ty.base(),
            LuaType::Integer | LuaType::Number | LuaType::Boolean | LuaType::String | LuaType::Any
        )
    };
    let plain_result = |r: &crate::model::Return| {
        r.table.is_none()
            && matches!(
                r.ty.base(),
                LuaType::Integer
                    | LuaType::Number
                    | LuaType::Boolean
                    | LuaType::String
                    | LuaType::Literals(_)
                    | LuaType::SdkEnum { .. }
            )
    };
    f.class().is_none()
        && !f.params.is_empty()
        && f.params.iter().all(plain_param)
        && f.returns.iter().all(plain_result)
}

/// The type the runtime receives for a parameter of a raw function.
pub fn param_type(p: &Param) -> TokenStream {
    let ty = p.runtime_type();
    let base = match ty.base() {
        LuaType::Integer => quote!(i64),
        LuaType::Number => quote!(f64),
        LuaType::Boolean => quote!(bool),
        LuaType::String => quote!(&[u8]),
        _ => return quote!(support::raw::Slot<'_>),
    };
    if ty.is_nilable() {
        quote!(Option<#base>)
    } else {
        base
    }
}

/// The expression that reads argument `position` of a raw function.
pub fn arg_expr(p: &Param, position: usize, default: Option<TokenStream>) -> TokenStream {
    let i = proc_macro2::Literal::i32_unsuffixed(position as i32);
    let optional = p.ty.is_nilable();
    let reader = |name: &str| {
        let m = if optional {
            format_ident!("opt_{}", name)
        } else {
            format_ident!("{}", name)
        };
        quote!(args.#m(#i)?)
    };
    let read = match p.ty.base() {
        LuaType::Integer => reader("integer"),
        LuaType::Number => reader("number"),
        LuaType::Boolean => reader("boolean"),
        LuaType::String => reader("bytes"),
        _ => return quote!(args.slot(#i)),
    };
    match default {
        Some(d) => quote!(#read.unwrap_or(#d)),
        None => read,
    }
}

/// The checks every entry's glue makes before the call: the backend (for an entry only some
/// backends have) and `Steam.init()` (unless `:before-init:`). `raw`: the raw glue's body
/// returns `support::raw::Raise`, so the errors are converted.
pub fn entry_checks(f: &Entry, raw: bool) -> (TokenStream, TokenStream) {
    let label = &f.names.label;
    let convert = if raw { quote!(.into()) } else { quote!() };
    let guard = if f.backends.is_empty() {
        quote!()
    } else {
        let backends = &f.backends;
        quote! {
            if ![#(#backends),*].contains(&A::BACKEND) {
                return Err(support::not_available(#label, A::BACKEND) #convert);
            }
        }
    };
    let init = if f.before_init {
        quote!()
    } else {
        quote! {
            if !api.is_initialised() {
                return Err(support::not_initialised(#label) #convert);
            }
        }
    };
    (guard, init)
}

/// The name of the C function of `f` (`raw_send_message_to_connection`).
pub fn fn_ident(f: &Entry) -> proc_macro2::Ident {
    format_ident!("raw_{}", f.names.rust)
}

/// The C function of a raw entry: reads the arguments, checks the backend and init, calls the
/// runtime and converts its results (`named`: SDK enum values to names).
pub fn c_function(
    m: &Module,
    f: &Entry,
    trait_name: &proc_macro2::Ident,
    args: Vec<TokenStream>,
    named: Option<TokenStream>,
) -> TokenStream {
    let name = fn_ident(f);
    let method = ident(&f.names.rust);
    let lua_name = &f.names.lua;
    let doc = format!(
        " `{}{}` through the Lua C API (see `support::raw`).",
        m.kind.lua_prefix(),
        f.names.lua
    );
    let locals: Vec<_> = (1..=args.len()).map(|i| format_ident!("a{}", i)).collect();
    let (guard, init) = entry_checks(f, true);
    let call = quote!(<A as #trait_name>::#method(api, #(#locals),*)?);
    let body = match (&f.fails, named) {
        (Some(_), Some(named)) => quote! {
            let result = match #call {
                Ok(result) => Ok(#named),
                Err(message) => Err(message),
            };
            Ok(support::raw::Out::fallible(result))
        },
        (Some(_), None) => quote!(Ok(support::raw::Out::fallible(#call))),
        (None, _) if f.returns.is_empty() => quote! {
            #call;
            Ok(support::raw::Out::new())
        },
        (None, Some(named)) => quote! {
            let result = #call;
            Ok(support::raw::Out::of(#named))
        },
        (None, None) => quote!(Ok(support::raw::Out::of(#call))),
    };
    let body_name = format_ident!("body_{}", f.names.rust);
    let body_doc = format!(" The body of [`{name}`]: arguments in, results out.");
    quote! {
        #[doc = #body_doc]
        fn #body_name<A: Api + #trait_name>(
            api: &A,
            args: &support::raw::Args,
        ) -> Result<support::raw::Out, support::raw::Raise> {
            #guard
            #(let #locals = #args;)*
            #init
            #body
        }
        support::raw_entry!(#[doc = #doc] #name, #trait_name, #lua_name, #body_name::<A>);
    }
}

/// The trait method of a raw entry: plain values in, plain values out, no Lua state.
pub fn trait_method(f: &Entry, docs: &[String], ret: TokenStream) -> TokenStream {
    let name = ident(&f.names.rust);
    let params = f.params.iter().map(|p| {
        let pn = ident(&p.rust);
        let pt = param_type(p);
        quote!(#pn: #pt)
    });
    let body = if f.backends.is_empty() {
        quote!(;)
    } else {
        let lua_name = &f.names.label;
        let unused = f.params.iter().map(|p| ident(&p.rust));
        quote!({
            #(let _ = #unused;)*
            Err(support::not_available(#lua_name, Self::BACKEND))
        })
    };
    quote! {
        #(#[doc = #docs])*
        fn #name(&self, #(#params),*) -> mlua::Result<#ret> #body
    }
}
