//! Generated structs that become Lua values: callback data, callback arguments and returned
//! tables share one shape (documented members, a table built from them).

use super::names::ident;
use super::summary;
use super::types::{enum_to_name, value_type};
use crate::model::{Entry, Field, LuaType, Param};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// One documented member: a table field or a handler argument.
pub struct Member<'a> {
    key: &'a str,
    rust: &'a str,
    ty: &'a LuaType,
    /// `data.state`: how errors name the member.
    label: String,
    doc: String,
}

impl<'a> Member<'a> {
    /// A table field, documented as `prefix.name` (`data.state`, `info.ping`).
    pub fn of_field(f: &'a Field, prefix: &str) -> Self {
        Member {
            key: &f.name,
            rust: &f.rust,
            ty: &f.ty,
            label: format!("{prefix}.{}", f.name),
            doc: format!(" `{prefix}.{}`: {}", f.name, squash(&f.description)),
        }
    }

    /// A scalar handler argument.
    pub fn of_param(p: &'a Param) -> Self {
        Member {
            key: &p.name,
            rust: &p.rust,
            ty: &p.ty,
            label: p.name.clone(),
            doc: format!(" `{}`: {}", p.name, squash(&p.description)),
        }
    }

    fn ident(&self) -> Ident {
        ident(self.rust)
    }
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `head`, then the first paragraph of the entry's description.
pub fn docs(head: String, f: &Entry) -> Vec<String> {
    let mut docs = vec![head];
    if let Some(s) = summary(&f.description) {
        docs.push(String::new());
        docs.push(format!(" {s}"));
    }
    docs
}

/// `pub struct NAME { members }` with its docs.
pub fn definition(name: &Ident, docs: &[String], members: &[Member]) -> TokenStream {
    let fields = members.iter().map(|m| {
        let id = m.ident();
        let ty = value_type(m.ty);
        let doc = &m.doc;
        quote!(#[doc = #doc] pub #id: #ty)
    });
    quote! {
        #(#[doc = #docs])*
        #[derive(Debug)]
        pub struct #name {
            #(#fields,)*
        }
    }
}

/// `into_table` and `IntoLua`: a table with every member under its documented key.
pub fn table_impl(name: &Ident, members: &[Member]) -> TokenStream {
    let count = members.len();
    let sets = members.iter().map(|m| {
        let id = m.ident();
        let key = &m.key;
        match m.ty.sdk_enum() {
            Some(e) => {
                let what = format!("{name} {}", m.label);
                let values = m.ty.values();
                let name = enum_to_name(quote!(self.#id), e, values, &what, m.ty.is_nilable());
                quote!(t.raw_set(#key, #name)?;)
            }
            None => quote!(t.raw_set(#key, self.#id)?;),
        }
    });
    quote! {
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

/// `into_args`: the members as separate arguments, in documented order.
pub fn args_impl(name: &Ident, members: &[Member]) -> TokenStream {
    let pushes = members.iter().map(|m| {
        let id = m.ident();
        quote!(args.push_back(mlua::IntoLua::into_lua(self.#id, lua)?);)
    });
    quote! {
        impl #name {
            /// The arguments the handler receives, in documented order.
            pub fn into_args(self, lua: &Lua) -> mlua::Result<mlua::MultiValue> {
                let mut args = mlua::MultiValue::new();
                #(#pushes)*
                Ok(args)
            }
        }
    }
}
