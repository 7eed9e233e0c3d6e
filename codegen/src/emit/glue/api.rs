//! `generated/src/api.rs`: the runtime trait and the `Steam` table registration.

use super::names::{ident, snake_case};
use super::raw;
use super::summary;
use super::types::{arg_expr, constant_type, enum_to_name, param_type, value_type};
use crate::model::{Entry, Field, LuaType, Model, Module, Param};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

pub fn emit(model: &Model) -> TokenStream {
    let classes: BTreeSet<&String> = model.classes.iter().collect();
    let class_items = classes.iter().map(|c| {
        let id = format_ident!("{}", c);
        let doc = format!(" The userdata type behind `{c}` values.");
        quote!(#[doc = #doc] type #id: 'static;)
    });
    let traits = model.modules.iter().map(module_trait);
    let bounds: Vec<_> = model.modules.iter().map(trait_name).collect();
    let registrations = model.modules.iter().map(register_module);
    let args = model.modules.iter().map(module_args);
    let method_tables = model
        .method_classes()
        .into_iter()
        .map(|c| method_table(model, c, &bounds));
    let raw_functions = model.modules.iter().flat_map(|m| {
        m.functions
            .iter()
            .filter(|f| raw::eligible(f))
            .map(move |f| raw_function(m, f))
    });
    quote! {
        use crate::support;
        use mlua::{Lua, MultiValue, Table};
        use std::rc::Rc;

        /// What every module trait shares: the backend's name and the userdata classes.
        pub trait Api: 'static {
            /// The backend's name, as in `Steam.backend`.
            const BACKEND: &'static str;
            #(#class_items)*
            /// Whether `Steam.init()` succeeded (and no `shutdown` followed). The glue raises
            /// "not initialised" for every function not marked `:before-init:` while false.
            fn is_initialised(&self) -> bool;
        }

        #(#traits)*

        /// Every documented parameter, for errors the runtime raises about it
        /// (`args::sockets::close_connection::REASON.error("...")`).
        pub mod args {
            #(#args)*
        }

        /// Builds the `Steam` table: every documented function, value and sub-table.
        pub fn register<A: Api #(+ #bounds)*>(lua: &Lua, api: Rc<A>) -> mlua::Result<Table> {
            support::prepare(lua)?;
            let api_box = support::raw::api_box(lua, Rc::clone(&api))?;
            let steam = lua.create_table()?;
            #(#registrations)*
            Ok(steam)
        }

        #(#method_tables)*

        #(#raw_functions)*
    }
}

/// `methods_listen_socket`: the table of `ListenSocket`'s methods, which the runtime makes the
/// `__index` of its userdata.
fn method_table(model: &Model, class: &str, bounds: &[proc_macro2::Ident]) -> TokenStream {
    let name = format_ident!("methods_{}", snake_case(class));
    let doc = format!(
        " The methods of `{class}` values, keyed by name: the runtime makes this table the \
         `__index` of the `{class}` userdata."
    );
    let items = model.modules.iter().flat_map(|m| {
        m.methods
            .iter()
            .filter(move |f| f.class() == Some(class))
            .map(move |f| register_function(m, f))
    });
    quote! {
        #[doc = #doc]
        pub fn #name<A: Api #(+ #bounds)*>(lua: &Lua, api: Rc<A>) -> mlua::Result<Table> {
            let t = lua.create_table()?;
            #(#items)*
            Ok(t)
        }
    }
}

/// The trait method of a function (`close_listen_socket`) or method (`listen_socket_close`),
/// also the module of its argument constants.
fn method_ident(f: &Entry) -> proc_macro2::Ident {
    ident(&f.names.rust)
}

/// The trait parameter a method's receiver arrives in (`listen_socket`).
fn receiver_ident(f: &Entry) -> Option<proc_macro2::Ident> {
    f.names.receiver.as_deref().map(ident)
}

/// `SocketsApi` for module `sockets`, `CoreApi` for `Steam` itself.
fn trait_name(m: &Module) -> proc_macro2::Ident {
    format_ident!("{}", m.kind.trait_name())
}

/// One trait per module (spec file), so the runtime can implement each in its own file.
/// Arguments arrive checked and converted; the glue converts results back.
fn module_trait(m: &Module) -> TokenStream {
    let name = trait_name(m);
    let doc = format!(
        " The documented functions and values of `{}` (`{}`).",
        m.kind.lua_table(),
        m.title
    );
    let data = m.data.iter().map(|d| data_method(m, d));
    let functions = m.functions.iter().chain(&m.methods).map(trait_method);
    quote! {
        #[doc = #doc]
        pub trait #name: Api {
            #(#data)*
            #(#functions)*
        }
    }
}

fn returns_type(f: &Entry) -> TokenStream {
    let types: Vec<TokenStream> = f
        .returns
        .iter()
        .map(|r| match &r.table {
            Some(t) => {
                let t = format_ident!("{}", t.rust);
                if r.ty.is_nilable() {
                    quote!(Option<crate::tables::#t>)
                } else {
                    quote!(crate::tables::#t)
                }
            }
            None => value_type(&r.ty),
        })
        .collect();
    match types.len() {
        0 => quote!(()),
        1 => types[0].clone(),
        _ => quote!((#(#types),*)),
    }
}

fn result_type(f: &Entry) -> TokenStream {
    let ret = returns_type(f);
    if f.fails.is_some() {
        quote!(Result<#ret, String>)
    } else {
        ret
    }
}

fn doc_lines(f: &Entry) -> Vec<String> {
    let mut docs = vec![format!(" `{}`", f.names.lua_signature)];
    if let Some(s) = summary(&f.description) {
        docs.push(String::new());
        docs.push(format!(" {s}"));
    }
    if !f.backends.is_empty() {
        docs.push(format!(
            " Only on the {} backend(s).",
            f.backends.join(", ")
        ));
    }
    docs
}

fn trait_method(f: &Entry) -> TokenStream {
    if raw::eligible(f) {
        return raw::trait_method(f, &doc_lines(f), result_type(f));
    }
    let name = method_ident(f);
    let receiver = receiver_ident(f).map(|id| quote!(#id: mlua::AnyUserData,));
    let params = f.params.iter().map(|p| {
        let pn = ident(&p.rust);
        let pt = param_type(&p.runtime_type());
        quote!(#pn: #pt)
    });
    let ret = result_type(f);
    let docs = doc_lines(f);
    let body = if f.backends.is_empty() {
        quote!(;)
    } else {
        // Backends without the function never reach it: the glue raises first.
        let lua_name = &f.names.label;
        let receiver = receiver_ident(f);
        let params = f.params.iter().map(|p| ident(&p.rust));
        let unused = receiver.into_iter().chain(params);
        quote!({
            let _ = (lua, #(#unused),*);
            Err(support::not_available(#lua_name, Self::BACKEND))
        })
    };
    quote! {
        #(#[doc = #docs])*
        fn #name(&self, lua: &Lua, #receiver #(#params),*) -> mlua::Result<#ret> #body
    }
}

fn data_method(m: &Module, d: &Field) -> TokenStream {
    let name = ident(&d.rust);
    let ty = constant_type(&d.ty);
    let doc = format!(" The value of `Steam.{}{}`.", m.kind.lua_prefix(), d.name);
    quote! {
        #[doc = #doc]
        fn #name(&self, lua: &Lua) -> mlua::Result<#ty>;
    }
}

fn register_module(m: &Module) -> TokenStream {
    let table = format_ident!("t");
    let mut items = Vec::new();
    for d in &m.data {
        let method = ident(&d.rust);
        let key = &d.name;
        let tr = trait_name(m);
        items.push(quote!(#table.raw_set(#key, #tr::#method(&*api, lua)?)?;));
    }
    for f in &m.functions {
        items.push(register_function(m, f));
    }
    match m.kind.key() {
        None => quote! { { let #table = &steam; #(#items)* } },
        Some(key) => quote! {
            {
                let #table = lua.create_table()?;
                #(#items)*
                steam.raw_set(#key, #table)?;
            }
        },
    }
}

fn register_function(m: &Module, f: &Entry) -> TokenStream {
    if raw::eligible(f) {
        let name = raw::fn_ident(f);
        let key = &f.names.lua;
        return quote! {
            t.raw_set(#key, support::raw::function(lua, &api_box, #name::<A>)?)?;
        };
    }
    let method = method_ident(f);
    let tr = trait_name(m);
    // Arguments are named as Lua's own errors name them (`close`); other errors name the
    // entry as documented (`ListenSocket:close`).
    let arg_name = &f.names.lua;
    let is_method = f.class().is_some();
    let receiver = f
        .class()
        .map(|c| arg_expr(&LuaType::Class(c.to_string()), 1, arg_name, true));
    let offset = usize::from(is_method);
    let params = f.params.iter().enumerate().map(|(i, p)| {
        let arg = arg_expr(&p.ty, i + 1 + offset, arg_name, is_method);
        if p.glue_default {
            let module = ident(&m.kind.args_module());
            let function = method_ident(f);
            let constant = default_ident(p);
            quote!(#arg.unwrap_or(args::#module::#function::#constant))
        } else {
            arg
        }
    });
    let args: Vec<TokenStream> = receiver.into_iter().chain(params).collect();
    let (guard, init) = raw::entry_checks(f, false);
    let args_pat = if args.is_empty() {
        format_ident!("_args")
    } else {
        format_ident!("args")
    };
    // Qualified: two modules may document functions of the same name.
    // Arguments are read (and type-checked) first, so a wrong argument is reported as such
    // even before init; then the init check; then the call.
    let locals: Vec<_> = (1..=args.len()).map(|i| format_ident!("a{}", i)).collect();
    let read_args = quote!(#(let #locals = #args;)*);
    let call = quote!(<A as #tr>::#method(&*api, lua, #(#locals),*)?);
    let named = named_results(f);
    let body = match (&f.fails, named) {
        (Some(_), Some(named)) => quote! {
            let result = match #call {
                Ok(result) => Ok(#named),
                Err(message) => Err(message),
            };
            support::fallible(lua, result)
        },
        (Some(_), None) => quote!(let result = #call; support::fallible(lua, result)),
        (None, _) if f.returns.is_empty() => quote!(#call; Ok(MultiValue::new())),
        (None, Some(named)) => quote! {
            let result = #call;
            let result = #named;
            mlua::IntoLuaMulti::into_lua_multi(result, lua)
        },
        (None, None) => {
            quote!(let result = #call; mlua::IntoLuaMulti::into_lua_multi(result, lua))
        }
    };
    quote! {
        {
            let api = Rc::clone(&api);
            let function = support::function(lua, move |lua, #args_pat: MultiValue| {
                #guard
                #read_args
                #init
                #body
            })?;
            t.raw_set(#arg_name, function)?;
        }
    }
}

/// The C function of a raw entry (see [`raw`]), with its arguments read as the mlua glue
/// reads them (defaults applied by the glue).
fn raw_function(m: &Module, f: &Entry) -> TokenStream {
    let module = ident(&m.kind.args_module());
    let function = method_ident(f);
    let args = f
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let default = p.glue_default.then(|| {
                let constant = default_ident(p);
                quote!(args::#module::#function::#constant)
            });
            raw::arg_expr(p, i + 1, default)
        })
        .collect();
    raw::c_function(m, f, &trait_name(m), args, named_results(f))
}

/// `pub mod sockets { pub mod close_connection { pub const REASON: ArgRef = ...; } }`.
fn module_args(m: &Module) -> TokenStream {
    let module = ident(&m.kind.args_module());
    let functions = m
        .functions
        .iter()
        .chain(&m.methods)
        .filter(|f| !f.params.is_empty() || f.class().is_some())
        .map(|f| {
            let function = method_ident(f);
            let lua_name = &f.names.lua;
            let receiver = f.class().map(|class| {
                let doc = format!(
                    " The receiver (`self`, a `{class}`) of `{}`.",
                    f.names.qualified
                );
                quote! {
                    #[doc = #doc]
                    pub const SELF: support::ArgRef = support::ArgRef {
                        function: #lua_name,
                        position: 0,
                        name: "self",
                    };
                }
            });
            let params = f.params.iter().enumerate().map(|(i, p)| {
                let constant = format_ident!("{}", p.arg_const);
                let position = i + 1;
                let name = &p.name;
                let doc = format!(" Argument #{position} (`{}`) of `{}`.", p.name, f.names.lua);
                let default = p.default.as_ref().map(|d| {
                    let constant = default_ident(p);
                    let (ty, value) = default_tokens(&p.ty, d);
                    let doc = format!(" The documented default of `{}`: ``{d}``.", p.name);
                    quote!(#[doc = #doc] pub const #constant: #ty = #value;)
                });
                quote! {
                    #[doc = #doc]
                    pub const #constant: support::ArgRef = support::ArgRef {
                        function: #lua_name,
                        position: #position,
                        name: #name,
                    };
                    #default
                }
            });
            quote!(pub mod #function { use crate::support; #receiver #(#params)* })
        });
    quote!(pub mod #module { #(#functions)* })
}

/// The expression that turns `result` (what the runtime returned) into the values the script
/// gets: SDK enum values become their documented names. `None` when nothing needs converting.
fn named_results(f: &Entry) -> Option<TokenStream> {
    if !f.returns.iter().any(|r| r.ty.sdk_enum().is_some()) {
        return None;
    }
    let convert = |r: &crate::model::Return, value: TokenStream| match r.ty.sdk_enum() {
        Some(e) => {
            let what = format!("{} result {}", f.names.label, r.name);
            enum_to_name(value, e, r.ty.values(), &what, r.ty.is_nilable())
        }
        None => value,
    };
    Some(match f.returns.len() {
        0 => quote!(result),
        1 => convert(&f.returns[0], quote!(result)),
        n => {
            let names: Vec<_> = (0..n).map(|i| format_ident!("r{}", i)).collect();
            let values = f
                .returns
                .iter()
                .zip(&names)
                .map(|(r, id)| convert(r, quote!(#id)));
            quote!({ let (#(#names),*) = result; (#(#values),*) })
        }
    })
}

/// `REASON_DEFAULT` for parameter `reason`.
fn default_ident(p: &Param) -> proc_macro2::Ident {
    format_ident!("{}", p.default_const)
}

/// The Rust type and value of a documented default (checked by the parser to fit the type).
fn default_tokens(ty: &LuaType, literal: &str) -> (TokenStream, TokenStream) {
    if let Some(text) = literal.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        return (quote!(&str), quote!(#text));
    }
    match ty.base() {
        LuaType::Integer => {
            let v: i64 = literal.parse().unwrap_or_default();
            (quote!(i64), quote!(#v))
        }
        LuaType::Boolean => {
            let v = literal == "true";
            (quote!(bool), quote!(#v))
        }
        _ => {
            let v: f64 = literal.parse().unwrap_or_default();
            (quote!(f64), quote!(#v))
        }
    }
}
