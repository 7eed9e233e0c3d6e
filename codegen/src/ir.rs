//! The spec: what the RST function reference means, as plain data.
//!
//! The parser's result and the checks' input; none of these types knows about RST, mlua or
//! Sphinx. The emitters do not read it: after the checks it is resolved into
//! [`crate::model::Model`]. The JSON printed by `luasteam-codegen spec` is exactly the serde
//! form of [`Spec`].

use serde::{Deserialize, Serialize};

/// A position in a source file, 1-based line and column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub file: String,
    pub line: usize,
    pub col: usize,
}

/// Everything parsed from one or more RST files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Spec {
    pub modules: Vec<Module>,
}

/// One RST file: one Steam interface (or the core functions).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Module {
    /// Lua table the functions live in, below `Steam` ("sockets"); "core" for `Steam.*` itself.
    pub name: String,
    /// The document title ("ISteamNetworkingSockets").
    pub title: String,
    /// Paragraphs between the title and the first section.
    pub intro: Vec<Block>,
    pub functions: Vec<Function>,
    pub callbacks: Vec<Function>,
    /// Methods of userdata classes documented in this file (`.. function:: ListenSocket:close()`),
    /// in order; each has [`Function::class`] set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<Function>,
    /// Keys accepted in an `options` table (the "Options Reference" section), in order.
    pub options: Vec<Field>,
    /// Values set on the module table (`.. data:: backend`), with `:type:` and description.
    pub data: Vec<Field>,
    /// Other sections, kept verbatim-ish so the reference pages can show them.
    pub sections: Vec<Section>,
    pub span: Span,
}

/// A free-form section of a module page (neither functions, callbacks nor options).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A documented function or callback.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Function {
    /// Name inside its module table ("createListenSocketIP").
    pub name: String,
    /// Name as written in the directive ("sockets.createListenSocketIP", "ListenSocket:close").
    pub qualified: String,
    /// For a method (`ListenSocket:close()`): the userdata class it is called on. The receiver
    /// is not one of [`Function::params`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    pub params: Vec<Param>,
    /// One entry per returned value, in order; empty means "returns nothing".
    pub returns: Vec<Return>,
    /// `:fails:` text: the function returns `nil, message` on a backend/network failure.
    pub fails: Option<String>,
    pub steamworks: Option<SteamLink>,
    /// Backends this function is available on; empty means all.
    pub backends: Vec<String>,
    /// `:before-init:`: the function works before `Steam.init()` (and after `shutdown`);
    /// every other function raises "not initialised" there, a check the glue makes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub before_init: bool,
    pub description: Vec<Block>,
    /// Literal blocks of the `**Example**::` that follow the directive.
    pub examples: Vec<String>,
    pub span: Span,
}

/// Lua type names after normalisation: nil, boolean, integer, number, string, table,
/// function, userdata, any; or a class name such as ListenSocket.
pub type LuaType = String;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Param {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: LuaType,
    pub optional: bool,
    pub description: String,
    /// The value an omitted optional parameter takes, from "Defaults to ``X``" in its text:
    /// `1000`, `false`, `"Reliable"` (strings keep their quotes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Documented fields of a table parameter (callback data).
    pub fields: Vec<Field>,
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Return {
    #[serde(rename = "type")]
    pub ty: LuaType,
    /// The value may be nil.
    pub optional: bool,
    pub description: String,
    /// Enumerated string values (``OK | InvalidParam``), if the text lists them.
    pub values: Vec<String>,
    /// The SDK enum the values come from, when the generator can tell ("EResult").
    pub enum_name: Option<String>,
    /// For a returned table with documented fields: the name its field bullets are written
    /// under (`info` in `* **info.state** (`string`) text`); empty otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Documented fields of a returned table, as for callback data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    pub span: Span,
}

/// A documented table field: `* **data.state** (`string`) text`, or an option key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Field name without the table prefix ("state").
    pub name: String,
    #[serde(rename = "type")]
    pub ty: LuaType,
    pub optional: bool,
    pub description: String,
    /// "Possible values for **data.state** are:" lists.
    pub values: Vec<String>,
    pub enum_name: Option<String>,
    pub span: Span,
}

/// `:SteamWorks: `Name <url>`_`
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SteamLink {
    pub name: String,
    pub url: String,
    pub span: Span,
}

/// Descriptive text, kept as RST source lines grouped by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Paragraph { text: String },
    Bullets { items: Vec<String> },
    Literal { text: String },
    Admonition { name: String, blocks: Vec<Block> },
}
