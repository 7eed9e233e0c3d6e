//! Lua types as the emitters see them: one enum instead of type names as strings.

use crate::ir;

/// A documented Lua type, resolved: the builtins, userdata classes, SDK enum value sets and
/// tables with documented fields; `Optional` wraps a type whose value may be nil.
#[derive(Debug, Clone, PartialEq)]
pub enum LuaType {
    Nil,
    Boolean,
    Integer,
    Number,
    String,
    Table,
    Function,
    Userdata,
    Any,
    /// A userdata class (`ListenSocket`).
    Class(String),
    /// A string from the documented value list of an SDK enum (`EResult`).
    SdkEnum {
        name: String,
        values: Vec<String>,
    },
    /// A table with documented fields (callback data, returned tables).
    TableShape(Vec<ir::Field>),
    Optional(Box<LuaType>),
}

/// Is this type name a userdata class (`ListenSocket`) rather than a builtin Lua type? The one
/// place that decides it: class names start with a capital letter.
pub fn is_class(ty: &str) -> bool {
    ty.starts_with(|c: char| c.is_ascii_uppercase())
}

impl LuaType {
    /// The type a normalised spec type name stands for (`any` for an unknown name: the parser
    /// only lets builtins and class names through).
    pub fn named(ty: &str) -> LuaType {
        match ty {
            "nil" => LuaType::Nil,
            "boolean" => LuaType::Boolean,
            "integer" => LuaType::Integer,
            "number" => LuaType::Number,
            "string" => LuaType::String,
            "table" => LuaType::Table,
            "function" => LuaType::Function,
            "userdata" => LuaType::Userdata,
            _ if is_class(ty) => LuaType::Class(ty.to_string()),
            _ => LuaType::Any,
        }
    }

    /// The type of a documented value: a value list with an SDK enum becomes `SdkEnum`, a table
    /// with fields `TableShape`; `optional` wraps it.
    pub fn resolve(
        ty: &str,
        optional: bool,
        values: &[String],
        enum_name: Option<&str>,
        fields: &[ir::Field],
    ) -> LuaType {
        let base = match (LuaType::named(ty), enum_name) {
            (LuaType::String, Some(e)) if !values.is_empty() => LuaType::SdkEnum {
                name: e.to_string(),
                values: values.to_vec(),
            },
            (LuaType::Table, _) if !fields.is_empty() => LuaType::TableShape(fields.to_vec()),
            (t, _) => t,
        };
        base.optional_if(optional)
    }

    pub fn of_param(p: &ir::Param) -> LuaType {
        LuaType::resolve(&p.ty, p.optional, &[], None, &p.fields)
    }

    pub fn of_return(r: &ir::Return) -> LuaType {
        LuaType::resolve(
            &r.ty,
            r.optional,
            &r.values,
            r.enum_name.as_deref(),
            &r.fields,
        )
    }

    pub fn of_field(f: &ir::Field) -> LuaType {
        LuaType::resolve(&f.ty, f.optional, &f.values, f.enum_name.as_deref(), &[])
    }

    /// `Optional(self)` when `optional`; `nil` and `any` already include nil.
    pub fn optional_if(self, optional: bool) -> LuaType {
        match self {
            LuaType::Nil | LuaType::Any | LuaType::Optional(_) => self,
            t if optional => LuaType::Optional(Box::new(t)),
            t => t,
        }
    }

    /// The type without its `Optional` wrapper.
    pub fn base(&self) -> &LuaType {
        match self {
            LuaType::Optional(t) => t.base(),
            t => t,
        }
    }

    pub fn is_optional(&self) -> bool {
        matches!(self, LuaType::Optional(_))
    }

    /// The class name, for a (possibly optional) userdata class.
    pub fn class(&self) -> Option<&str> {
        match self.base() {
            LuaType::Class(c) => Some(c),
            _ => None,
        }
    }

    /// Whether a value of this type is a userdata (any class, or `userdata`).
    pub fn is_userdata(&self) -> bool {
        matches!(self.base(), LuaType::Userdata | LuaType::Class(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_to_builtins_and_classes() {
        assert_eq!(LuaType::named("integer"), LuaType::Integer);
        assert_eq!(
            LuaType::named("ListenSocket"),
            LuaType::Class("ListenSocket".into())
        );
        assert!(is_class("ListenSocket") && !is_class("string"));
    }

    #[test]
    fn value_lists_with_an_enum_and_tables_with_fields_resolve() {
        let values = vec!["OK".to_string()];
        let t = LuaType::resolve("string", true, &values, Some("EResult"), &[]);
        assert!(t.is_optional());
        assert_eq!(
            t.base(),
            &LuaType::SdkEnum {
                name: "EResult".into(),
                values
            }
        );
        let fields = vec![ir::Field::default()];
        let t = LuaType::resolve("table", false, &[], None, &fields);
        assert!(matches!(t, LuaType::TableShape(ref f) if f.len() == 1));
        assert_eq!(LuaType::named("any").optional_if(true), LuaType::Any);
        assert_eq!(
            LuaType::named("ListenSocket").optional_if(true).class(),
            Some("ListenSocket")
        );
    }
}
