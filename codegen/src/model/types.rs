//! Lua types as the emitters see them: one enum instead of type names as strings.

use super::Field;

/// A documented Lua type, resolved: the builtins, userdata classes, string value sets (from an
/// SDK enum, or plain literals) and tables with documented fields; `Optional` wraps a type
/// whose value may be nil, exactly as documented (`any?` stays `Optional(Any)`: which outputs
/// care about the difference is theirs to decide).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum LuaType {
    Nil,
    Boolean,
    Integer,
    Number,
    String,
    Table,
    Function,
    Userdata,
    #[default]
    Any,
    /// A userdata class (`ListenSocket`).
    Class(String),
    /// A string from the documented value list of an SDK enum (`EResult`): the runtime hands
    /// the glue the enum's integer, the glue names it.
    SdkEnum {
        name: String,
        values: Vec<String>,
    },
    /// A string from a documented value list that names no SDK enum: static strings.
    Literals(Vec<String>),
    /// A table with documented fields (callback data, returned tables).
    TableShape(Vec<Field>),
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

    /// The type of a documented value: a string with a value list becomes `SdkEnum` (or
    /// `Literals` when no SDK enum was resolved), a table with fields `TableShape`; `optional`
    /// wraps it.
    pub fn resolve(
        ty: &str,
        optional: bool,
        values: &[String],
        enum_name: Option<&str>,
        fields: Vec<Field>,
    ) -> LuaType {
        let base = match (LuaType::named(ty), enum_name) {
            (LuaType::String, Some(e)) if !values.is_empty() => LuaType::SdkEnum {
                name: e.to_string(),
                values: values.to_vec(),
            },
            (LuaType::String, None) if !values.is_empty() => LuaType::Literals(values.to_vec()),
            (LuaType::Table, _) if !fields.is_empty() => LuaType::TableShape(fields),
            (t, _) => t,
        };
        base.optional_if(optional)
    }

    /// `Optional(self)` when `optional` (and not already optional).
    pub fn optional_if(self, optional: bool) -> LuaType {
        match self {
            LuaType::Optional(_) => self,
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

    /// Documented as possibly nil (`string?`).
    pub fn is_optional(&self) -> bool {
        matches!(self, LuaType::Optional(_))
    }

    /// Whether the value may be nil where `nil` is not already one of its values: optional,
    /// and neither `nil` nor `any`. What becomes an `Option` in Rust.
    pub fn is_nilable(&self) -> bool {
        self.is_optional() && !matches!(self.base(), LuaType::Nil | LuaType::Any)
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

    /// The documented value list (of an SDK enum or plain literals), if any.
    pub fn values(&self) -> &[String] {
        match self.base() {
            LuaType::SdkEnum { values, .. } | LuaType::Literals(values) => values,
            _ => &[],
        }
    }

    /// The SDK enum of a value list.
    pub fn sdk_enum(&self) -> Option<&str> {
        match self.base() {
            LuaType::SdkEnum { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The documented fields of a table.
    pub fn fields(&self) -> &[Field] {
        match self.base() {
            LuaType::TableShape(fields) => fields,
            _ => &[],
        }
    }

    /// The type as the doc dialect writes it, without `?`: value lists are `string`, shaped
    /// tables `table`, classes their name.
    pub fn spec_name(&self) -> &str {
        match self.base() {
            LuaType::Nil => "nil",
            LuaType::Boolean => "boolean",
            LuaType::Integer => "integer",
            LuaType::Number => "number",
            LuaType::String | LuaType::SdkEnum { .. } | LuaType::Literals(_) => "string",
            LuaType::Table | LuaType::TableShape(_) => "table",
            LuaType::Function => "function",
            LuaType::Userdata => "userdata",
            LuaType::Any => "any",
            LuaType::Class(c) => c,
            LuaType::Optional(_) => unreachable_base(),
        }
    }

    /// Every type inside this one, itself first (the fields of a shape, recursively).
    pub fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a LuaType)) {
        visit(self);
        match self {
            LuaType::Optional(t) => t.walk(visit),
            LuaType::TableShape(fields) => fields.iter().for_each(|f| f.ty.walk(visit)),
            _ => {}
        }
    }
}

/// `base()` never returns an `Optional`; this keeps `spec_name` total without a panic.
fn unreachable_base() -> &'static str {
    "any"
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
        let t = LuaType::resolve("string", true, &values, Some("EResult"), Vec::new());
        assert!(t.is_optional() && t.is_nilable());
        assert_eq!(
            t.base(),
            &LuaType::SdkEnum {
                name: "EResult".into(),
                values: values.clone()
            }
        );
        assert_eq!(t.values(), values.as_slice());
        assert_eq!(t.spec_name(), "string");
        let t = LuaType::resolve("string", false, &values, None, Vec::new());
        assert_eq!(t, LuaType::Literals(values));
        let fields = vec![Field::default()];
        let t = LuaType::resolve("table", false, &[], None, fields);
        assert!(matches!(t, LuaType::TableShape(ref f) if f.len() == 1));
        assert_eq!(t.spec_name(), "table");
        let any = LuaType::named("any").optional_if(true);
        assert!(any.is_optional() && !any.is_nilable());
        assert_eq!(
            LuaType::named("ListenSocket").optional_if(true).class(),
            Some("ListenSocket")
        );
    }
}
