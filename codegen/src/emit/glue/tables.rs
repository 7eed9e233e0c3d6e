//! `generated/src/tables.rs`: one struct per returned table with documented fields.
//!
//! The runtime returns the struct; its `IntoLua` builds the table, so every documented field
//! is set, with the documented type, by construction.

use super::names::{ident, pascal_case, snake_case};
use super::types::value_type;
use super::{lua_signature, summary};
use crate::ir::{Function, Module, Return, Spec};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The struct behind return value `index` of `f`: `SocketsGetConnectionInfo`, with the table's
/// name appended for any but the first return value with fields.
pub fn type_name(m: &Module, f: &Function, index: usize) -> Ident {
    let base = format!("{}{}", pascal_case(&m.name), pascal_case(&f.name));
    let first = f.returns.iter().position(|r| !r.fields.is_empty());
    match (first, f.returns.get(index)) {
        (Some(i), Some(r)) if i != index => format_ident!("{base}{}", pascal_case(&r.name)),
        _ => format_ident!("{base}"),
    }
}

pub fn emit(spec: &Spec) -> TokenStream {
    let mut structs = Vec::new();
    for m in &spec.modules {
        for f in &m.functions {
            for (i, r) in f.returns.iter().enumerate() {
                if !r.fields.is_empty() {
                    structs.push(table_struct(type_name(m, f, i), f, r));
                }
            }
        }
    }
    quote! {
        use mlua::{Lua, Table};

        #(#structs)*
    }
}

fn table_struct(name: Ident, f: &Function, r: &Return) -> TokenStream {
    let fields = r.fields.iter().map(|x| {
        let id = ident(&snake_case(&x.name));
        let ty = value_type(&x.ty, x.optional, !x.values.is_empty());
        let text = x
            .description
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let doc = format!(" `{}.{}`: {text}", r.name, x.name);
        quote!(#[doc = #doc] pub #id: #ty)
    });
    let sets = r.fields.iter().map(|x| {
        let id = ident(&snake_case(&x.name));
        let key = &x.name;
        quote!(t.raw_set(#key, self.#id)?;)
    });
    let count = r.fields.len();
    let mut docs = vec![format!(" The table `{}` returns.", lua_signature(f))];
    if let Some(s) = summary(&f.description) {
        docs.push(String::new());
        docs.push(format!(" {s}"));
    }
    quote! {
        #(#[doc = #docs])*
        #[derive(Debug)]
        pub struct #name {
            #(#fields,)*
        }

        impl #name {
            /// The table the script receives.
            pub fn into_table(self, lua: &Lua) -> mlua::Result<Table> {
                let t = lua.create_table_with_capacity(0, #count)?;
                #(#sets)*
                Ok(t)
            }
        }

        impl mlua::IntoLua for #name {
            fn into_lua(self, lua: &Lua) -> mlua::Result<mlua::Value> {
                self.into_table(lua).map(mlua::Value::Table)
            }
        }
    }
}
