//! `generated/src/tables.rs`: one struct per returned table with documented fields.
//!
//! The runtime returns the struct; its `IntoLua` builds the table, so every documented field
//! is set, with the documented type, by construction.

use super::lua_signature;
use super::structs::{self, Member};
use crate::ir::{Function, Module, Return, Spec};
use crate::model;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The struct behind return value `index` of `f` (`SocketsConnectionInfo`), named by the
/// model's naming pass; `None` when that value is not a table with documented fields.
pub fn type_name(m: &Module, f: &Function, index: usize) -> Option<Ident> {
    model::returned_table(m, f, index).map(|n| format_ident!("{}", n.rust))
}

pub fn emit(spec: &Spec) -> TokenStream {
    let structs: Vec<TokenStream> = model::returned_tables(spec)
        .into_iter()
        .map(|(_, f, r, name)| table_struct(format_ident!("{}", name.rust), f, r))
        .collect();
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
