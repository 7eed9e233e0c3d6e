//! `generated/src/callbacks.rs`: one data struct per documented callback, the `Event` enum the
//! runtime queues, and dispatch to the user's handler on the module table.

use super::structs::{self, Member};
use crate::model::{CallbackNames, Entry, Model, Module};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

struct Callback<'a> {
    module: &'a Module,
    entry: &'a Entry,
    names: &'a CallbackNames,
}

fn callbacks(model: &Model) -> Vec<Callback<'_>> {
    model
        .callbacks()
        .into_iter()
        .filter_map(|(module, entry)| {
            entry.callback().map(|names| Callback {
                module,
                entry,
                names,
            })
        })
        .collect()
}

pub fn emit(model: &Model) -> TokenStream {
    let cbs = callbacks(model);
    let structs = cbs.iter().map(data_struct);
    let variants = cbs.iter().map(|c| {
        let v = format_ident!("{}", c.names.variant);
        let t = format_ident!("{}", c.names.rust);
        let doc = format!(" `{}`", c.entry.names.lua_signature);
        quote!(#[doc = #doc] #v(#t))
    });
    let arms = cbs.iter().map(dispatch_arm);
    let empty = cbs.is_empty();
    let dispatch_body = if empty {
        quote!(let _ = (lua, steam); match self {})
    } else {
        quote!(match self { #(#arms)* })
    };
    quote! {
        use crate::support;
        use mlua::{Lua, Table};

        #(#structs)*

        /// A callback event waiting in the runtime's queue.
        #[derive(Debug)]
        pub enum Event {
            #(#variants,)*
        }

        impl Event {
            /// Calls the user's handler with its data table or arguments; `Ok(false)` when none is
            /// assigned.
            /// A handler's error is returned as is, for `runCallbacks` to raise.
            pub fn dispatch(self, lua: &Lua, steam: &Table) -> mlua::Result<bool> {
                #dispatch_body
            }
        }
    }
}

fn data_struct(c: &Callback<'_>) -> TokenStream {
    let name = format_ident!("{}", c.names.rust);
    let signature = &c.entry.names.lua_signature;
    if c.names.scalar {
        let members: Vec<Member> = c.entry.params.iter().map(Member::of_param).collect();
        let docs = structs::docs(format!(" Arguments of `{signature}`."), c.entry);
        let def = structs::definition(&name, &docs, &members);
        let imp = structs::args_impl(&name, &members);
        return quote!(#def #imp);
    }
    let table = c.entry.params.first().map_or("data", |p| p.name.as_str());
    let members: Vec<Member> = c
        .entry
        .data_fields()
        .iter()
        .map(|f| Member::of_field(f, table))
        .collect();
    let docs = structs::docs(format!(" Data of `{signature}`."), c.entry);
    let def = structs::definition(&name, &docs, &members);
    let imp = structs::table_impl(&name, &members);
    quote!(#def #imp)
}

fn dispatch_arm(c: &Callback<'_>) -> TokenStream {
    let v = format_ident!("{}", c.names.variant);
    let name = &c.entry.names.lua;
    let qualified = &c.entry.names.qualified;
    let table = match c.module.kind.key() {
        None => quote!(steam.clone()),
        Some(key) => quote!(steam.raw_get::<Table>(#key)?),
    };
    let args = if c.names.scalar {
        quote!(data.into_args(lua)?)
    } else {
        quote!(data.into_table(lua)?)
    };
    quote! {
        Event::#v(data) => {
            let module = #table;
            support::call_handler(lua, &module, #qualified, #name, #args)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{self, Param};

    fn scalar(name: &str) -> Param {
        Param {
            name: name.into(),
            ty: "string".into(),
            ..Param::default()
        }
    }

    #[test]
    fn scalar_parameters_become_separate_handler_arguments() {
        let cb = ir::Function {
            name: "onDebugOutput".into(),
            qualified: "networkingUtils.onDebugOutput".into(),
            params: vec![scalar("level"), scalar("message")],
            ..ir::Function::default()
        };
        let spec = ir::Spec {
            modules: vec![ir::Module {
                name: "networkingUtils".into(),
                callbacks: vec![cb],
                ..ir::Module::default()
            }],
        };
        let text = super::super::render(emit(&Model::build(&spec))).expect("valid Rust");
        assert!(
            text.contains("pub struct NetworkingUtilsDebugOutputArgs"),
            "{text}"
        );
        assert!(text.contains("pub level: String"), "{text}");
        assert!(text.contains("fn into_args(self, lua: &Lua)"), "{text}");
        assert!(text.contains("data.into_args(lua)?"), "{text}");
        assert!(!text.contains("into_table"), "{text}");
    }
}
