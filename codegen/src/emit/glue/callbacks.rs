//! `generated/src/callbacks.rs`: one data struct per documented callback, the `Event` enum the
//! runtime queues, and dispatch to the user's handler on the module table.

use super::lua_signature;
use super::names::pascal_case;
use super::structs::{self, Member};
use crate::ir::{Field, Function, Module, Spec};
use crate::model::ModuleKind;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

struct Callback<'a> {
    module: &'a Module,
    function: &'a Function,
    fields: &'a [Field],
    /// The handler takes its parameters as separate scalar arguments
    /// (`onDebugOutput(level, message)`) rather than one data table.
    scalar: bool,
}

impl Callback<'_> {
    fn type_name(&self) -> proc_macro2::Ident {
        format_ident!(
            "{}{}",
            pascal_case(&self.module.name),
            pascal_case(&self.function.name)
        )
    }
}

fn callbacks(spec: &Spec) -> Vec<Callback<'_>> {
    spec.modules
        .iter()
        .flat_map(|m| {
            m.callbacks.iter().map(move |f| {
                let table = f.params.first().filter(|p| !p.fields.is_empty());
                Callback {
                    module: m,
                    function: f,
                    fields: table.map(|p| p.fields.as_slice()).unwrap_or(&[]),
                    scalar: table.is_none() && !f.params.is_empty(),
                }
            })
        })
        .collect()
}

pub fn emit(spec: &Spec) -> TokenStream {
    let cbs = callbacks(spec);
    let structs = cbs.iter().map(data_struct);
    let variants = cbs.iter().map(|c| {
        let t = c.type_name();
        let doc = format!(" `{}`", lua_signature(c.function));
        quote!(#[doc = #doc] #t(#t))
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
    let name = c.type_name();
    let signature = lua_signature(c.function);
    if c.scalar {
        let members: Vec<Member> = c.function.params.iter().map(Member::of_param).collect();
        let docs = structs::docs(format!(" Arguments of `{signature}`."), c.function);
        let def = structs::definition(&name, &docs, &members);
        let imp = structs::args_impl(&name, &members);
        return quote!(#def #imp);
    }
    let members: Vec<Member> = c
        .fields
        .iter()
        .map(|f| Member::of_field(f, "data"))
        .collect();
    let docs = structs::docs(format!(" Data of `{signature}`."), c.function);
    let def = structs::definition(&name, &docs, &members);
    let imp = structs::table_impl(&name, &members);
    quote!(#def #imp)
}

fn dispatch_arm(c: &Callback<'_>) -> TokenStream {
    let t = c.type_name();
    let name = &c.function.name;
    let qualified = &c.function.qualified;
    let table = match ModuleKind::of(c.module).key() {
        None => quote!(steam.clone()),
        Some(key) => quote!(steam.raw_get::<Table>(#key)?),
    };
    let args = if c.scalar {
        quote!(data.into_args(lua)?)
    } else {
        quote!(data.into_table(lua)?)
    };
    quote! {
        Event::#t(data) => {
            let module = #table;
            support::call_handler(lua, &module, #qualified, #name, #args)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Param;

    fn scalar(name: &str) -> Param {
        Param {
            name: name.into(),
            ty: "string".into(),
            ..Param::default()
        }
    }

    #[test]
    fn scalar_parameters_become_separate_handler_arguments() {
        let cb = Function {
            name: "onDebugOutput".into(),
            qualified: "networkingUtils.onDebugOutput".into(),
            params: vec![scalar("level"), scalar("message")],
            ..Function::default()
        };
        let spec = Spec {
            modules: vec![Module {
                name: "networkingUtils".into(),
                callbacks: vec![cb],
                ..Module::default()
            }],
        };
        let text = super::super::render(emit(&spec)).expect("valid Rust");
        assert!(
            text.contains("pub struct NetworkingUtilsOnDebugOutput"),
            "{text}"
        );
        assert!(text.contains("pub level: String"), "{text}");
        assert!(text.contains("fn into_args(self, lua: &Lua)"), "{text}");
        assert!(text.contains("data.into_args(lua)?"), "{text}");
        assert!(!text.contains("into_table"), "{text}");
    }
}
