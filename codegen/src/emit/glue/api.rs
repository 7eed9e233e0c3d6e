//! `generated/src/api.rs`: the runtime trait and the `Steam` table registration.

use super::names::{ident, snake_case};
use super::types::{arg_expr, enum_to_name, enum_type, is_class, param_type, value_type};
use super::{lua_signature, summary};
use crate::ir::{Field, Function, Module, Spec};
use crate::model::{self, EntryNames, LuaType, ModuleKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

pub fn emit(spec: &Spec) -> TokenStream {
    let classes = classes(spec);
    let class_items = classes.iter().map(|c| {
        let id = format_ident!("{}", c);
        let doc = format!(" The userdata type behind `{c}` values.");
        quote!(#[doc = #doc] type #id: 'static;)
    });
    let traits = spec.modules.iter().map(module_trait);
    let bounds: Vec<_> = spec.modules.iter().map(trait_name).collect();
    let registrations = spec.modules.iter().map(register_module);
    let args = spec.modules.iter().map(module_args);
    let method_tables = method_classes(spec)
        .into_iter()
        .map(|c| method_table(spec, &c, &bounds));
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
            let steam = lua.create_table()?;
            #(#registrations)*
            Ok(steam)
        }

        #(#method_tables)*
    }
}

/// Classes with documented methods, in order of first appearance.
fn method_classes(spec: &Spec) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in spec.modules.iter().flat_map(|m| &m.methods) {
        if let Some(c) = &f.class {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
    }
    out
}

/// `methods_listen_socket`: the table of `ListenSocket`'s methods, which the runtime makes the
/// `__index` of its userdata.
fn method_table(spec: &Spec, class: &str, bounds: &[proc_macro2::Ident]) -> TokenStream {
    let name = format_ident!("methods_{}", snake_case(class));
    let doc = format!(
        " The methods of `{class}` values, keyed by name: the runtime makes this table the \
         `__index` of the `{class}` userdata."
    );
    let items = spec.modules.iter().flat_map(|m| {
        m.methods
            .iter()
            .filter(move |f| f.class.as_deref() == Some(class))
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
fn method_ident(f: &Function) -> proc_macro2::Ident {
    ident(&EntryNames::of(f).rust)
}

/// The trait parameter a method's receiver arrives in (`listen_socket`).
fn receiver_ident(f: &Function) -> Option<proc_macro2::Ident> {
    EntryNames::of(f).receiver.map(|r| ident(&r))
}

/// How errors other than bad arguments name an entry: `closeListenSocket`, `ListenSocket:close`.
fn label(f: &Function) -> String {
    EntryNames::of(f).label
}

/// `SocketsApi` for module `sockets`, `CoreApi` for `Steam` itself.
fn trait_name(m: &Module) -> proc_macro2::Ident {
    format_ident!("{}", ModuleKind::of(m).trait_name())
}

/// One trait per module (spec file), so the runtime can implement each in its own file.
/// Arguments arrive checked and converted; the glue converts results back.
fn module_trait(m: &Module) -> TokenStream {
    let name = trait_name(m);
    let doc = format!(
        " The documented functions and values of `{}` (`{}`).",
        lua_table(m),
        m.title
    );
    let data = m.data.iter().map(|d| data_method(m, d));
    let functions = m
        .functions
        .iter()
        .chain(&m.methods)
        .map(|f| trait_method(m, f));
    quote! {
        #[doc = #doc]
        pub trait #name: Api {
            #(#data)*
            #(#functions)*
        }
    }
}

fn lua_table(m: &Module) -> String {
    ModuleKind::of(m).lua_table()
}

fn classes(spec: &Spec) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for m in &spec.modules {
        for f in m.functions.iter().chain(&m.callbacks).chain(&m.methods) {
            out.extend(f.class.iter().cloned());
            let types = f
                .params
                .iter()
                .map(|p| &p.ty)
                .chain(f.returns.iter().map(|r| &r.ty));
            let fields = f.params.iter().flat_map(|p| p.fields.iter().map(|x| &x.ty));
            let returned = f
                .returns
                .iter()
                .flat_map(|r| r.fields.iter().map(|x| &x.ty));
            let fields = fields.chain(returned);
            out.extend(types.chain(fields).filter(|t| is_class(t)).cloned());
        }
    }
    out
}

fn returns_type(m: &Module, f: &Function) -> TokenStream {
    let types: Vec<TokenStream> = f
        .returns
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if r.fields.is_empty() {
                if r.enum_name.is_some() {
                    return enum_type(r.optional);
                }
                return value_type(&LuaType::of_return(r), !r.values.is_empty());
            }
            let Some(t) = super::tables::type_name(m, f, i) else {
                return value_type(&LuaType::of_return(r), false);
            };
            if r.optional {
                quote!(Option<crate::tables::#t>)
            } else {
                quote!(crate::tables::#t)
            }
        })
        .collect();
    match types.len() {
        0 => quote!(()),
        1 => types[0].clone(),
        _ => quote!((#(#types),*)),
    }
}

fn result_type(m: &Module, f: &Function) -> TokenStream {
    let ret = returns_type(m, f);
    if f.fails.is_some() {
        quote!(Result<#ret, String>)
    } else {
        ret
    }
}

fn doc_lines(f: &Function) -> Vec<String> {
    let mut docs = vec![format!(" `{}`", lua_signature(f))];
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

fn trait_method(m: &Module, f: &Function) -> TokenStream {
    let name = method_ident(f);
    let receiver = receiver_ident(f).map(|id| quote!(#id: mlua::AnyUserData,));
    let params = f.params.iter().map(|p| {
        let pn = ident(&super::snake_case(&p.name));
        let pt = param_type(&param_lua_type(p));
        quote!(#pn: #pt)
    });
    let ret = result_type(m, f);
    let docs = doc_lines(f);
    let body = if f.backends.is_empty() {
        quote!(;)
    } else {
        // Backends without the function never reach it: the glue raises first.
        let lua_name = label(f);
        let receiver = receiver_ident(f);
        let params = f.params.iter().map(|p| ident(&super::snake_case(&p.name)));
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
    let name = ident(&snake_case(&d.name));
    // A constant's value list names static strings, never an SDK enum the glue converts.
    let ty = value_type(
        &LuaType::named(&d.ty).optional_if(d.optional),
        !d.values.is_empty(),
    );
    let doc = format!(
        " The value of `Steam.{}{}`.",
        ModuleKind::of(m).lua_prefix(),
        d.name
    );
    quote! {
        #[doc = #doc]
        fn #name(&self, lua: &Lua) -> mlua::Result<#ty>;
    }
}

fn register_module(m: &Module) -> TokenStream {
    let table = format_ident!("t");
    let mut items = Vec::new();
    for d in &m.data {
        let method = ident(&snake_case(&d.name));
        let key = &d.name;
        let tr = trait_name(m);
        items.push(quote!(#table.raw_set(#key, #tr::#method(&*api, lua)?)?;));
    }
    for f in &m.functions {
        items.push(register_function(m, f));
    }
    match ModuleKind::of(m).key() {
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

fn register_function(m: &Module, f: &Function) -> TokenStream {
    let method = method_ident(f);
    let tr = trait_name(m);
    // Arguments are named as Lua's own errors name them (`close`); other errors name the
    // entry as documented (`ListenSocket:close`).
    let arg_name = &f.name;
    let lua_name = label(f);
    let is_method = f.class.is_some();
    let receiver = f
        .class
        .as_deref()
        .map(|c| arg_expr(&LuaType::Class(c.to_string()), 1, arg_name, true));
    let offset = usize::from(is_method);
    let params = f.params.iter().enumerate().map(|(i, p)| {
        let ty = LuaType::named(&p.ty).optional_if(p.optional);
        let arg = arg_expr(&ty, i + 1 + offset, arg_name, is_method);
        if glue_applies_default(p) {
            let module = ident(&ModuleKind::of(m).args_module());
            let function = method_ident(f);
            let constant = default_ident(p);
            quote!(#arg.unwrap_or(args::#module::#function::#constant))
        } else {
            arg
        }
    });
    let args: Vec<TokenStream> = receiver.into_iter().chain(params).collect();
    let guard = if f.backends.is_empty() {
        quote!()
    } else {
        let backends = &f.backends;
        quote! {
            if ![#(#backends),*].contains(&A::BACKEND) {
                return Err(support::not_available(#lua_name, A::BACKEND));
            }
        }
    };
    let init = if f.before_init {
        quote!()
    } else {
        quote! {
            if !api.is_initialised() {
                return Err(support::not_initialised(#lua_name));
            }
        }
    };
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

/// `pub mod sockets { pub mod close_connection { pub const REASON: ArgRef = ...; } }`.
fn module_args(m: &Module) -> TokenStream {
    let module = ident(&ModuleKind::of(m).args_module());
    let functions = m
        .functions
        .iter()
        .chain(&m.methods)
        .filter(|f| !f.params.is_empty() || f.class.is_some())
        .map(|f| {
            let function = method_ident(f);
            let lua_name = &f.name;
            let receiver = f.class.as_ref().map(|class| {
                let doc = format!(" The receiver (`self`, a `{class}`) of `{}`.", f.qualified);
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
                let constant = format_ident!("{}", model::arg_const(&p.name));
                let position = i + 1;
                let name = &p.name;
                let doc = format!(" Argument #{position} (`{}`) of `{}`.", p.name, f.name);
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
fn named_results(f: &Function) -> Option<TokenStream> {
    if !f
        .returns
        .iter()
        .any(|r| r.enum_name.is_some() && r.fields.is_empty())
    {
        return None;
    }
    let convert = |r: &crate::ir::Return, value: TokenStream| match &r.enum_name {
        Some(e) if r.fields.is_empty() => {
            let what = format!("{} result {}", label(f), r.name);
            enum_to_name(value, e, &r.values, &what, r.optional)
        }
        _ => value,
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
fn default_ident(p: &crate::ir::Param) -> proc_macro2::Ident {
    format_ident!("{}", model::default_const(&p.name))
}

/// The Rust type and value of a documented default (checked by the parser to fit the type).
fn default_tokens(ty: &str, literal: &str) -> (TokenStream, TokenStream) {
    if let Some(text) = literal.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        return (quote!(&str), quote!(#text));
    }
    match ty {
        "integer" => {
            let v: i64 = literal.parse().unwrap_or_default();
            (quote!(i64), quote!(#v))
        }
        "boolean" => {
            let v = literal == "true";
            (quote!(bool), quote!(#v))
        }
        _ => {
            let v: f64 = literal.parse().unwrap_or_default();
            (quote!(f64), quote!(#v))
        }
    }
}

/// The type the runtime gets for a parameter: not optional when the glue fills in its default.
fn param_lua_type(p: &crate::ir::Param) -> LuaType {
    LuaType::named(&p.ty).optional_if(p.optional && !glue_applies_default(p))
}

/// Whether the glue itself fills in the default (the runtime then gets a plain value).
pub fn glue_applies_default(p: &crate::ir::Param) -> bool {
    p.default.is_some() && matches!(p.ty.as_str(), "integer" | "number" | "boolean")
}
