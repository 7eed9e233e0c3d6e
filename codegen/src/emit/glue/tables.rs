//! `generated/src/tables.rs`: one struct per returned table with documented fields.
//!
//! The runtime returns the struct; its `IntoLua` builds the table, so every documented field
//! is set, with the documented type, by construction.

use super::lua_signature;
use super::names::pascal_case;
use super::structs::{self, Member};
use crate::ir::{Function, Module, Return, Spec};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The struct behind return value `index` of `f`: `SocketsGetConnectionInfo`, with the table's
/// name appended for any but the first return value with fields.
pub fn type_name(m: &Module, f: &Function, index: usize) -> Ident {
    let owner = f.class.as_deref().unwrap_or(&m.name);
    let base = format!("{}{}", pascal_case(owner), pascal_case(&f.name));
    let first = f.returns.iter().position(|r| !r.fields.is_empty());
    match (first, f.returns.get(index)) {
        (Some(i), Some(r)) if i != index => format_ident!("{base}{}", pascal_case(&r.name)),
        _ => format_ident!("{base}"),
    }
}

pub fn emit(spec: &Spec) -> TokenStream {
    let mut structs = Vec::new();
    for m in &spec.modules {
        for f in m.functions.iter().chain(&m.methods) {
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
    let members: Vec<Member> = r
        .fields
        .iter()
        .map(|x| Member::of_field(x, &r.name))
        .collect();
    let docs = structs::docs(format!(" The table `{}` returns.", lua_signature(f)), f);
    let def = structs::definition(&name, &docs, &members);
    let imp = structs::table_impl(&name, &members);
    quote!(#def #imp)
}
