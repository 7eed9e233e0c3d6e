//! Lua type names and directive signatures.

/// The builtin types of the dialect; anything else must be a class name.
pub const BUILTIN: &[&str] = &[
    "nil", "boolean", "integer", "number", "string", "table", "function", "userdata", "any",
];

/// A type as written, normalised: the type name and whether a trailing `?` made it optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ty {
    pub name: String,
    pub optional: bool,
}

/// Normalises `int`, `bool`, `float`, `double` and `str`; accepts builtins and class names
/// (an identifier starting with a capital letter).
pub fn normalize(raw: &str) -> Result<Ty, String> {
    let raw = raw.trim();
    let (base, optional) = match raw.strip_suffix('?') {
        Some(b) => (b.trim_end(), true),
        None => (raw, false),
    };
    if base.is_empty() {
        return Err("missing type".to_string());
    }
    let name = match base {
        "int" => "integer",
        "bool" => "boolean",
        "float" | "double" => "number",
        "str" => "string",
        other => other,
    };
    if BUILTIN.contains(&name) || is_class_name(name) {
        return Ok(Ty {
            name: name.to_string(),
            optional,
        });
    }
    let hint = if is_identifier(name) {
        format!(
            "unknown type `{name}` (expected one of {} or a class name starting with a capital)",
            BUILTIN.join(", ")
        )
    } else {
        format!("`{base}` is not a type name")
    };
    Err(hint)
}

fn is_class_name(name: &str) -> bool {
    crate::model::is_class(name) && is_identifier(name)
}

pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A parsed `.. function::` argument: `table.name(a [, b])`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub qualified: String,
    /// The part before the dot, if any.
    pub module: Option<String>,
    /// The class of a method (`ListenSocket:close()`), the part before the colon.
    pub class: Option<String>,
    pub name: String,
    /// Parameters listed in the signature with whether they are bracketed; `None` when the
    /// signature has no parentheses at all.
    pub params: Option<Vec<(String, bool)>>,
}

/// Parses `name`, `mod.name`, `mod.name()` or `mod.name(a [, b [, c]])`, and methods
/// `Class:name(a [, b])` (the receiver is not listed).
pub fn parse_signature(text: &str) -> Result<Signature, String> {
    let text = text.trim();
    let (qualified, args) = match text.find('(') {
        Some(open) => {
            let rest = &text[open + 1..];
            let inner = rest
                .strip_suffix(')')
                .ok_or_else(|| format!("signature `{text}` must end with `)`"))?;
            (text[..open].trim(), Some(inner))
        }
        None => (text, None),
    };
    if let Some((class, name)) = qualified.split_once(':') {
        if !is_class_name(class) || !is_identifier(name) {
            return Err(format!(
                "`{qualified}` is not a method name (`Class:name`, the class starting with a capital)"
            ));
        }
        let params = match args {
            Some(a) => Some(parse_params(a)?),
            None => None,
        };
        return Ok(Signature {
            qualified: qualified.to_string(),
            module: None,
            class: Some(class.to_string()),
            name: name.to_string(),
            params,
        });
    }
    let mut parts = qualified.split('.');
    let first = parts.next().unwrap_or("");
    let (module, name) = match (parts.next(), parts.next()) {
        (None, _) => (None, first),
        (Some(n), None) => (Some(first), n),
        (Some(_), Some(_)) => {
            return Err(format!(
                "`{qualified}` has more than one dot; write `table.name`"
            ))
        }
    };
    if !is_identifier(name) || module.is_some_and(|m| !is_identifier(m)) {
        return Err(format!(
            "`{qualified}` is not a function name (`table.name`)"
        ));
    }
    let params = match args {
        Some(a) => Some(parse_params(a)?),
        None => None,
    };
    Ok(Signature {
        qualified: qualified.to_string(),
        module: module.map(str::to_string),
        class: None,
        name: name.to_string(),
        params,
    })
}

/// `a [, b [, c]]`: names in order, each flagged optional when inside brackets.
fn parse_params(text: &str) -> Result<Vec<(String, bool)>, String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut expect_name = true;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            ' ' | '\t' => {}
            '[' => depth += 1,
            ']' => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| format!("unbalanced `]` in parameter list `{text}`"))?;
            }
            ',' if !expect_name => expect_name = true,
            ',' => return Err(format!("missing parameter name before `,` in `{text}`")),
            _ if c.is_ascii_alphabetic() || c == '_' || c == '.' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' || d == '.' {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                if !expect_name {
                    return Err(format!("missing `,` between parameters in `{text}`"));
                }
                out.push((text[i..end].to_string(), depth > 0));
                expect_name = false;
            }
            _ => return Err(format!("unexpected `{c}` in parameter list `{text}`")),
        }
    }
    if depth != 0 {
        return Err(format!("unbalanced `[` in parameter list `{text}`"));
    }
    if expect_name && !out.is_empty() {
        return Err(format!("trailing `,` in parameter list `{text}`"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(name: &str, optional: bool) -> Ty {
        Ty {
            name: name.to_string(),
            optional,
        }
    }

    #[test]
    fn short_type_names_normalise_to_lua_names() {
        assert_eq!(normalize("int"), Ok(ty("integer", false)));
        assert_eq!(normalize("bool"), Ok(ty("boolean", false)));
        assert_eq!(normalize("double"), Ok(ty("number", false)));
        assert_eq!(normalize("float"), Ok(ty("number", false)));
        assert_eq!(normalize("str"), Ok(ty("string", false)));
    }

    #[test]
    fn trailing_question_mark_marks_optional() {
        assert_eq!(normalize("table?"), Ok(ty("table", true)));
        assert_eq!(normalize("int?"), Ok(ty("integer", true)));
    }

    #[test]
    fn capitalised_identifiers_are_class_names() {
        assert_eq!(normalize("ListenSocket"), Ok(ty("ListenSocket", false)));
    }

    #[test]
    fn unknown_lowercase_types_and_garbage_are_rejected() {
        assert!(normalize("strin")
            .unwrap_err()
            .contains("unknown type `strin`"));
        assert!(normalize("").is_err());
        assert!(normalize("?").is_err());
        assert!(normalize("string|nil").is_err());
    }

    #[test]
    fn signature_brackets_mark_optional_params() {
        let s = parse_signature("sockets.f(a [, b [, c]])").unwrap();
        assert_eq!(s.module.as_deref(), Some("sockets"));
        assert_eq!(s.name, "f");
        let p = s.params.unwrap();
        let want = [("a", false), ("b", true), ("c", true)];
        assert_eq!(p, want.map(|(n, o)| (n.to_string(), o)).to_vec());
    }

    #[test]
    fn signature_without_module_or_parens_is_accepted() {
        let s = parse_signature("init").unwrap();
        assert_eq!((s.module, s.name.as_str(), s.params), (None, "init", None));
        assert_eq!(parse_signature("sockets.f()").unwrap().params, Some(vec![]));
    }

    #[test]
    fn method_signatures_name_their_class() {
        let s = parse_signature("ListenSocket:close()").unwrap();
        assert_eq!(s.class.as_deref(), Some("ListenSocket"));
        assert_eq!((s.module, s.name.as_str()), (None, "close"));
        assert_eq!(s.params, Some(vec![]));
        let s = parse_signature("ListenSocket:f(a [, b])").unwrap();
        assert_eq!(s.params.unwrap().len(), 2);
        for bad in [
            "listenSocket:close()",
            "A:b:c()",
            "A.b:c()",
            "A:()",
            "A:1x()",
        ] {
            assert!(parse_signature(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn malformed_signatures_are_errors() {
        for bad in [
            "a.b.c()",
            "f(a [, b)",
            "f(a], b)",
            "f(a b)",
            "f(a,)",
            "f(a",
            "1x()",
            "f(,a)",
        ] {
            assert!(parse_signature(bad).is_err(), "{bad}");
        }
    }
}
