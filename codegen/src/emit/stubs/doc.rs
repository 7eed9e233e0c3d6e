//! RST description text as the Markdown LuaLS shows in hovers.

use crate::model::Block;

/// Inline RST markup as Markdown: ``code``, :role:`target`, `Name <url>`_, `title`.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("``") {
            if let Some(end) = after.find("``") {
                out.push_str(&format!("`{}`", &after[..end]));
                rest = &after[end + 2..];
                continue;
            }
        }
        if let Some((target, after)) = role(rest) {
            out.push_str(&format!("`{target}`"));
            rest = after;
            continue;
        }
        if let Some(after) = rest.strip_prefix('`') {
            if let Some(end) = after.find('`') {
                let inner = &after[..end];
                let tail = &after[end + 1..];
                let link = tail.starts_with('_').then(|| link(inner)).flatten();
                match link {
                    Some((name, url)) => {
                        out.push_str(&format!("[{name}]({url})"));
                        rest = tail.trim_start_matches('_');
                    }
                    None => {
                        out.push_str(&format!("`{inner}`"));
                        rest = tail;
                    }
                }
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `:func:`target`` at the start of `text`: the target and what follows.
fn role(text: &str) -> Option<(&str, &str)> {
    let body = text.strip_prefix(':')?;
    let name_len = body.find(':')?;
    let name = &body[..name_len];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let after = body[name_len + 1..].strip_prefix('`')?;
    let end = after.find('`')?;
    Some((&after[..end], &after[end + 1..]))
}

/// `Name <url>` inside a hyperlink reference.
fn link(inner: &str) -> Option<(&str, &str)> {
    let open = inner.rfind(" <")?;
    let url = inner[open + 2..].strip_suffix('>')?;
    Some((inner[..open].trim(), url))
}

/// One line of text from a possibly wrapped RST field body.
pub fn one_line(text: &str) -> String {
    inline(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Description blocks as comment lines (without the `---` prefix); blank lines between blocks.
pub fn blocks(blocks: &[Block]) -> Vec<String> {
    let mut lines = Vec::new();
    for b in blocks {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        block(b, &mut lines);
    }
    lines
}

fn block(b: &Block, lines: &mut Vec<String>) {
    match b {
        Block::Paragraph { text } => {
            // RST's `text::` introduces a literal block and shows as `text:`.
            let text = text.trim_end();
            lines.push(one_line(
                text.strip_suffix(':')
                    .filter(|t| t.ends_with(':'))
                    .unwrap_or(text),
            ))
        }
        Block::Bullets { items } => {
            lines.extend(items.iter().map(|i| format!("* {}", one_line(i))))
        }
        Block::Literal { text } => code(text, "", lines),
        Block::Admonition {
            name,
            blocks: inner,
        } => {
            let mut title = name.clone();
            if let Some(first) = title.get(..1) {
                title = format!("{}{}", first.to_uppercase(), &name[1..]);
            }
            lines.push(format!("**{title}:**"));
            lines.extend(blocks(inner));
        }
    }
}

/// A fenced code block.
pub fn code(text: &str, lang: &str, lines: &mut Vec<String>) {
    lines.push(format!("```{lang}"));
    lines.extend(
        text.trim_matches('\n')
            .lines()
            .map(|l| l.trim_end().to_string()),
    );
    lines.push("```".to_string());
}

/// Comment lines with LuaLS's `---` prefix.
pub fn comment(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| {
            if l.is_empty() {
                "---\n".to_string()
            } else {
                format!("--- {l}\n")
            }
        })
        .collect()
}
