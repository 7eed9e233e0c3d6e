//! The inline grammar of field lists and callback-data bullets.

use super::types::{normalize, Ty};

/// `:name args: text` with byte offsets into the line content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldHead<'a> {
    pub name: &'a str,
    pub args: &'a str,
    pub text: &'a str,
    /// Byte offset of `text` in the content.
    pub text_off: usize,
}

/// Splits a field line; the caller has checked [`super::blocks::is_field`].
pub fn field_head(content: &str) -> Option<FieldHead<'_>> {
    let rest = content.strip_prefix(':')?;
    let end = rest.find(':')?;
    let marker = &rest[..end];
    let (name, args) = match marker.find(' ') {
        Some(sp) => (&marker[..sp], marker[sp + 1..].trim()),
        None => (marker, ""),
    };
    let after = &rest[end + 1..];
    let text = after.trim_start();
    let text_off = content.len() - text.len();
    Some(FieldHead {
        name,
        args,
        text: text.trim_end(),
        text_off,
    })
}

/// `:param TYPE NAME:` arguments: the type (possibly several words, e.g. `table?`) and name.
pub fn param_args(args: &str) -> Result<(Ty, String), String> {
    let words: Vec<&str> = args.split_whitespace().collect();
    match words.as_slice() {
        [] => Err("`:param:` needs a type and a name: `:param TYPE NAME:`".to_string()),
        [name] => Err(format!(
            "parameter `{name}` has no type: write `:param TYPE {name}:`"
        )),
        [ty, name] => {
            if !super::types::is_identifier(name) {
                return Err(format!("`{name}` is not a parameter name"));
            }
            Ok((normalize(ty)?, name.to_string()))
        }
        _ => Err(format!(
            "`:param {args}:` has too many words: write `:param TYPE NAME:`"
        )),
    }
}

/// A parsed `(`TYPE`) text` prefix, as used by returns and bullets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    pub ty: Ty,
    pub text: String,
}

/// `(`TYPE`) text` (backticks optional).
pub fn typed_text(text: &str) -> Result<Typed, String> {
    let rest = text
        .strip_prefix('(')
        .ok_or_else(|| format!("expected `(`TYPE`) text`, found `{text}`"))?;
    let close = rest
        .find(')')
        .ok_or_else(|| format!("missing `)` after the type in `{text}`"))?;
    let ty = rest[..close].trim().trim_matches('`');
    let ty = normalize(ty)?;
    Ok(Typed {
        ty,
        text: super::lines::squash(&rest[close + 1..]),
    })
}

/// Enumerated values written as ``A | B | C`` in a description.
pub fn enum_values(text: &str) -> Vec<String> {
    let mut rest = text;
    while let Some(start) = rest.find("``") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("``") else { break };
        let inner = &after[..end];
        if inner.contains('|') {
            return inner.split('|').map(|v| v.trim().to_string()).collect();
        }
        rest = &after[end + 2..];
    }
    Vec::new()
}

/// `` `Name <url>`_ ``: the link text and target.
pub fn link(text: &str) -> Result<(String, String), String> {
    let bad = || format!("expected `` `Name <url>`_ ``, found `{text}`");
    let inner = text
        .strip_prefix('`')
        .and_then(|t| t.strip_suffix("`_"))
        .ok_or_else(bad)?;
    let open = inner.rfind('<').ok_or_else(bad)?;
    let url = inner[open + 1..].strip_suffix('>').ok_or_else(bad)?.trim();
    let name = inner[..open].trim();
    if name.is_empty() || url.is_empty() || name.contains(char::is_whitespace) {
        return Err(bad());
    }
    Ok((name.to_string(), url.to_string()))
}

/// `a, b` backend names.
pub fn backends(text: &str) -> Result<Vec<String>, String> {
    let names: Vec<String> = text.split(',').map(|b| b.trim().to_string()).collect();
    for n in &names {
        let ok = !n.is_empty()
            && n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            return Err(format!(
                "`{n}` is not a backend name (comma separated lowercase names)"
            ));
        }
    }
    Ok(names)
}

/// `**data.NAME** (`TYPE`) text`: the bold name as written plus type and text.
pub fn bold_typed(text: &str) -> Result<(String, Typed), String> {
    let bad = || {
        format!(
            "expected `**NAME** (`TYPE`) text`, found `{}`",
            first_line(text)
        )
    };
    let rest = text.strip_prefix("**").ok_or_else(bad)?;
    let end = rest.find("**").ok_or_else(bad)?;
    let name = rest[..end].trim();
    if name.is_empty() || !name.split('.').all(super::types::is_identifier) {
        return Err(bad());
    }
    let typed = typed_text(rest[end + 2..].trim_start())?;
    Ok((name.to_string(), typed))
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// The bold names of `Possible values for **a** and **b** are:`, or `None` for other text.
pub fn possible_values_targets(text: &str) -> Option<Vec<String>> {
    let text = super::lines::squash(text);
    let rest = text.strip_prefix("Possible values for ")?;
    let rest = rest
        .strip_suffix(" are:")
        .or_else(|| rest.strip_suffix(" is:"))?;
    let mut names = Vec::new();
    let mut parts = rest.split("**");
    // Segments alternate: glue text, bold name, glue text, ...
    let _ = parts.next();
    while let Some(name) = parts.next() {
        names.push(name.trim().to_string());
        let _ = parts.next();
    }
    Some(names)
}

/// The literal of "Defaults to ``X``" (or "defaults to ``X``") in a parameter's text.
pub fn default_value(text: &str) -> Option<String> {
    let at = text.find("efaults to ``")?;
    if at == 0 || !matches!(&text[at - 1..at], "D" | "d") {
        return None;
    }
    let rest = &text[at + "efaults to ``".len()..];
    let end = rest.find("``")?;
    Some(rest[..end].to_string())
}

/// Whether `literal` is a value of the parameter's type, and the parameter may be omitted.
pub fn check_default(ty: &str, optional: bool, literal: &str) -> Result<(), String> {
    if !optional {
        return Err(format!(
            "has a default (``{literal}``) but is not optional (write `{ty}?`)"
        ));
    }
    let quoted = literal.len() >= 2 && literal.starts_with('"') && literal.ends_with('"');
    let ok = match ty {
        "integer" => literal.parse::<i64>().is_ok(),
        "number" => literal.parse::<f64>().is_ok_and(f64::is_finite),
        "boolean" => matches!(literal, "true" | "false"),
        "string" => quoted,
        "any" => quoted || literal.parse::<f64>().is_ok() || matches!(literal, "true" | "false"),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "default ``{literal}`` is not a literal of type `{ty}`"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_head_splits_name_args_and_text() {
        let h = field_head(":param table? options: Some text").unwrap();
        assert_eq!(
            (h.name, h.args, h.text),
            ("param", "table? options", "Some text")
        );
        assert_eq!(h.text_off, ":param table? options: ".len());
        let h = field_head(":returns:").unwrap();
        assert_eq!((h.name, h.args, h.text), ("returns", "", ""));
    }

    #[test]
    fn defaults_are_read_and_type_checked() {
        let d = default_value("Why. Defaults to ``1000`` (generic).").unwrap();
        assert_eq!(d, "1000");
        assert_eq!(
            default_value("loopback; defaults to ``false``: in memory").unwrap(),
            "false"
        );
        assert_eq!(default_value("no default here"), None);
        assert!(check_default("integer", true, "1000").is_ok());
        assert!(check_default("any", true, "\"Reliable\"").is_ok());
        assert!(check_default("string", true, "Global").is_err());
        assert!(check_default("integer", false, "1").is_err());
        assert!(check_default("boolean", true, "1").is_err());
    }

    #[test]
    fn param_args_need_type_and_name() {
        let (ty, name) = param_args("int connection").unwrap();
        assert_eq!(
            (ty.name.as_str(), ty.optional, name.as_str()),
            ("integer", false, "connection")
        );
        assert!(param_args("connection")
            .unwrap_err()
            .contains("has no type"));
        assert!(param_args("strng x").unwrap_err().contains("unknown type"));
        assert!(param_args("a b c").is_err());
    }

    #[test]
    fn typed_text_reads_returns_and_bullets() {
        let t = typed_text("(`string`)  result  with values").unwrap();
        assert_eq!(
            (t.ty.name.as_str(), t.text.as_str()),
            ("string", "result with values")
        );
        assert!(typed_text("(`ListenSocket?`) x").unwrap().ty.optional);
        assert!(typed_text("a socket").is_err());
        assert!(typed_text("(`string` x").is_err());
    }

    #[test]
    fn enum_values_come_from_the_first_literal_with_bars() {
        let v = enum_values("result ``x`` with ``OK | InvalidParam | InvalidState``");
        assert_eq!(v, ["OK", "InvalidParam", "InvalidState"]);
        assert!(enum_values("plain text ``nil``").is_empty());
    }

    #[test]
    fn steamworks_links_need_name_and_url() {
        let (n, u) = link("`CloseConnection <https://x/y#CloseConnection>`_").unwrap();
        assert_eq!(
            (n.as_str(), u.as_str()),
            ("CloseConnection", "https://x/y#CloseConnection")
        );
        assert!(link("CloseConnection").is_err());
        assert!(link("`CloseConnection`_").is_err());
    }

    #[test]
    fn bold_typed_bullets_and_value_targets() {
        let (n, t) = bold_typed("**data.state_old** (`int`)  the previous state").unwrap();
        assert_eq!(
            (n.as_str(), t.ty.name.as_str()),
            ("data.state_old", "integer")
        );
        assert!(bold_typed("data.x (`int`) y").is_err());
        let targets = possible_values_targets("Possible values for **data.a** and **data.b** are:");
        assert_eq!(targets.unwrap(), ["data.a", "data.b"]);
        assert!(possible_values_targets("Posted whenever").is_none());
    }

    #[test]
    fn backends_are_comma_separated_lowercase_names() {
        assert_eq!(backends("steam, gns").unwrap(), ["steam", "gns"]);
        assert!(backends("steam,").is_err());
        assert!(backends("Steam").is_err());
    }
}
