//! `generated/src/callbacks.rs`: one data struct per documented callback, the `Event` enum the
//! runtime queues, and dispatch to the user's handler on the module table.

use super::names::{ident, pascal_case, snake_case};
use super::types::value_type;
use super::{lua_signature, summary};
use crate::ir::{Field, Function, Module, Spec};
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
    if c.scalar {
        return args_struct(c);
    }
    let name = c.type_name();
    let fields = c.fields.iter().map(|f| {
        let id = ident(&snake_case(&f.name));
        let ty = value_type(&f.ty, f.optional, !f.values.is_empty());
        let doc = format!(" `data.{}`: {}", f.name, squash(&f.description));
        quote!(#[doc = #doc] pub #id: #ty)
    });
    let sets = c.fields.iter().map(|f| {
        let id = ident(&snake_case(&f.name));
        let key = &f.name;
        quote!(t.raw_set(#key, self.#id)?;)
    });
    let mut docs = vec![format!(" Data of `{}`.", lua_signature(c.function))];
    if let Some(s) = summary(&c.function.description) {
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
            /// The table the handler receives.
            pub fn into_table(self, lua: &Lua) -> mlua::Result<Table> {
                let t = lua.create_table()?;
                #(#sets)*
                Ok(t)
            }
        }
    }
}

fn dispatch_arm(c: &Callback<'_>) -> TokenStream {
    let t = c.type_name();
    let name = &c.function.name;
    let qualified = &c.function.qualified;
    let table = if c.module.name == "core" {
        quote!(steam.clone())
    } else {
        let key = &c.module.name;
        quote!(steam.raw_get::<Table>(#key)?)
    };
    let args = if c.scalar {
        quote!(data.into_args(lua)?)
    } else {
        quote!(data.into_table(lua)?)
    };
    quote! {
        Event::#t(data) => {
            let module = #table;
            support::call_handler(&module, #qualified, #name, #args)
        }
    }
}

/// The struct of a callback whose handler takes scalar arguments, one field per parameter.
fn args_struct(c: &Callback<'_>) -> TokenStream {
    let name = c.type_name();
    let params = &c.function.params;
    let fields = params.iter().map(|p| {
        let id = ident(&snake_case(&p.name));
        let ty = value_type(&p.ty, p.optional, false);
        let doc = format!(" `{}`: {}", p.name, squash(&p.description));
        quote!(#[doc = #doc] pub #id: #ty)
    });
    let pushes = params.iter().map(|p| {
        let id = ident(&snake_case(&p.name));
        quote!(args.push_back(mlua::IntoLua::into_lua(self.#id, lua)?);)
    });
    let mut docs = vec![format!(" Arguments of `{}`.", lua_signature(c.function))];
    if let Some(s) = summary(&c.function.description) {
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
            /// The arguments the handler receives, in documented order.
            pub fn into_args(self, lua: &Lua) -> mlua::Result<mlua::MultiValue> {
                let mut args = mlua::MultiValue::new();
                #(#pushes)*
                Ok(args)
            }
        }
    }
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
