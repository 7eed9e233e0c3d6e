//! `generated/src/tables.rs`: one struct per returned table with documented fields.
//!
//! The runtime returns the struct; its `IntoLua` builds the table, so every documented field
//! is set, with the documented type, by construction.

use super::structs::{self, Member};
use crate::model::{Entry, Model, Return};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

pub fn emit(model: &Model) -> TokenStream {
    let structs: Vec<TokenStream> = model
        .returned_tables()
        .into_iter()
        .map(|(f, r, name)| table_struct(format_ident!("{}", name.rust), f, r))
        .collect();
    quote! {
        use mlua::{Lua, Table};

        #(#structs)*
    }
}

fn table_struct(name: Ident, f: &Entry, r: &Return) -> TokenStream {
    let members: Vec<Member> =
        r.ty.fields()
            .iter()
            .map(|x| Member::of_field(x, &r.name))
            .collect();
    let docs = structs::docs(
        format!(" The table `{}` returns.", f.names.lua_signature),
        f,
    );
    let def = structs::definition(&name, &docs, &members);
    let imp = structs::table_impl(&name, &members);
    quote!(#def #imp)
}
