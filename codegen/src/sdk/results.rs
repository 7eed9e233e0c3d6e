//! The `EResult` values Valve's interface headers document for each method.
//!
//! steam_api.json says a method returns `EResult`, never which values. The headers do, in the
//! comment block above the declaration: "Returns k_EResultInvalidParam if the handle is
//! invalid.", or a list under "Returns:" (`/// - k_EResultNoConnection: connection has ended`).
//! Every `k_EResult*` named in the comment block directly above a `virtual EResult Name(`
//! declaration counts: a method returning something else (`SendMessages`, which only points
//! to another method's codes) documents none.

/// The headers beside steam_api.json whose result lists are read (the interfaces luasteam
/// wraps).
pub const RESULT_HEADERS: &[&str] = &["isteamnetworkingsockets.h", "isteamnetworkingutils.h"];

/// The result values one header comment documents for one method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentedResults {
    /// `ISteamNetworkingSockets`
    pub interface: String,
    /// `ConfigureConnectionLanes`
    pub method: String,
    /// Stripped value names (`InvalidState`), in the order the comment names them, once each.
    pub values: Vec<String>,
    /// The header's file name, for messages.
    pub file: String,
    /// 1-based line of the comment that names the first value.
    pub line: usize,
}

const VALUE_PREFIX: &str = "k_EResult";

/// Every `virtual EResult` method of `text`'s classes whose comment names result values.
pub fn documented_results(file: &str, text: &str) -> Vec<DocumentedResults> {
    let mut out = Vec::new();
    let mut class: Option<String> = None;
    // The comment block above the current line: (1-based line, text after `//`).
    let mut comment: Vec<(usize, &str)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(c) = t.strip_prefix("//") {
            comment.push((i + 1, c));
            continue;
        }
        if let Some(name) = class_name(t) {
            class = Some(name.to_string());
        } else if let (Some(method), Some(iface)) = (eresult_method(t), &class) {
            let values = named_values(comment.iter().map(|(_, c)| *c));
            let first = comment.iter().find(|(_, c)| c.contains(VALUE_PREFIX));
            if let (false, Some((line, _))) = (values.is_empty(), first) {
                out.push(DocumentedResults {
                    interface: iface.clone(),
                    method: method.to_string(),
                    values,
                    file: file.to_string(),
                    line: *line,
                });
            }
        } else if t.starts_with("STEAM_") {
            // Annotation macros (`STEAM_FLAT_NAME(...)`) may sit between comment and method.
            continue;
        }
        comment.clear();
    }
    out
}

/// `class ISteamNetworkingSockets` (not a forward declaration).
fn class_name(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("class ")?;
    if line.ends_with(';') {
        return None;
    }
    let name = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()?;
    name.starts_with("ISteam").then_some(name)
}

/// `virtual EResult AcceptConnection( ...`: the method name.
fn eresult_method(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("virtual")?.trim_start();
    let rest = rest.strip_prefix("EResult")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let name = rest.trim_start().split('(').next()?.trim();
    let ok = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    ok.then_some(name)
}

/// The stripped names of every `k_EResult*` in the comment lines, once each, in order.
fn named_values<'a>(comment: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for line in comment {
        let mut rest = line;
        while let Some(at) = rest.find(VALUE_PREFIX) {
            let after = &rest[at + VALUE_PREFIX.len()..];
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let name = &after[..end];
            if !name.is_empty() && !values.iter().any(|v| v == name) {
                values.push(name.to_string());
            }
            rest = &after[end..];
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "\
class ISteamNetworkingSockets;
class ISteamNetworkingSockets
{
public:
\t/// Accepts.
\t///
\t/// Returns k_EResultInvalidParam if the handle is invalid.
\t/// Returns k_EResultInvalidState if the connection is not in the appropriate state.
\tvirtual EResult AcceptConnection( HSteamNetConnection hConn ) = 0;

\t/// Returns:
\t/// - k_EResultNoConnection - bad hConn
\t/// - k_EResultInvalidParam - Invalid number of lanes
\t/// - k_EResultInvalidState - Connection is already dead, etc
\tvirtual EResult ConfigureConnectionLanes( HSteamNetConnection hConn, int nNumLanes,
\t\tconst int *pLanePriorities, const uint16 *pLaneWeights ) = 0;

\t/// the array will hold -k_EResultInvalidState if the connection was in an invalid state.
\tvirtual void SendMessages( int nMessages ) = 0;

\t/// k_EResultOK is returned; not documented for the next one.

\tvirtual EResult Detached( int x ) = 0;
\t/// Names k_EResultFail.
\tSTEAM_FLAT_NAME( X )
\tvirtual EResult Annotated() = 0;
};
class ISteamNetworkingUtils
{
\t/// - k_EResultNoMatch: we don't recognize that FakeIP
\tvirtual EResult GetRealIdentityForFakeIP( const SteamNetworkingIPAddr &fakeIP ) = 0;
};
";

    fn find<'a>(docs: &'a [DocumentedResults], method: &str) -> Option<&'a DocumentedResults> {
        docs.iter().find(|d| d.method == method)
    }

    #[test]
    fn values_named_above_an_eresult_method_are_its_results() {
        let docs = documented_results("h.h", HEADER);
        let accept = find(&docs, "AcceptConnection").expect("AcceptConnection");
        assert_eq!(accept.interface, "ISteamNetworkingSockets");
        assert_eq!(accept.values, ["InvalidParam", "InvalidState"]);
        assert_eq!((accept.file.as_str(), accept.line), ("h.h", 7));
        let lanes = find(&docs, "ConfigureConnectionLanes").expect("lanes");
        assert_eq!(
            lanes.values,
            ["NoConnection", "InvalidParam", "InvalidState"]
        );
        assert_eq!(
            find(&docs, "Annotated").map(|d| d.values.clone()),
            Some(vec!["Fail".into()])
        );
        let utils = find(&docs, "GetRealIdentityForFakeIP").expect("utils");
        assert_eq!(utils.interface, "ISteamNetworkingUtils");
    }

    #[test]
    fn other_returns_and_detached_comments_document_nothing() {
        let docs = documented_results("h.h", HEADER);
        assert!(find(&docs, "SendMessages").is_none());
        assert!(find(&docs, "Detached").is_none());
        assert!(documented_results("h.h", "virtual EResult F() = 0;").is_empty());
    }
}
