//! Whole-file parses of small documents in both layouts the dialect allows.

use super::parse;
use crate::ir::Block;

fn messages(text: &str) -> Vec<String> {
    parse("t.rst", text)
        .1
        .iter()
        .map(|d| d.to_string())
        .collect()
}

const EMITTED: &str = "\
Steam.friends
=============

Intro text.

List of Functions
-----------------

* :func:`friends.getName`

Function Reference
------------------

.. function:: friends.getName(id [, fallback])

    :param int id: The friend.
        Second line of the description.
    :param string? fallback: Used when unknown.
    :returns: (`string`) the name
    :returns: (`boolean?`) whether it was cached
    :fails: when offline
    :backends: steam, gns
    :SteamWorks: `GetFriendPersonaName <https://example.invalid/x#GetFriendPersonaName>`_

    Gets a name.

    **Example**::

        local n = Steam.friends.getName(1)

Options Reference
-----------------

* **Timeout** (`int`) Milliseconds.
* **Mode** (`string?`) How.

Possible values for **Mode** are:

* Fast
* Slow

Constants
---------

.. data:: friends.backend

    :type: string

    The backend in use.
";

#[test]
fn emitter_layout_parses_without_diagnostics() {
    let (m, diags) = parse("t.rst", EMITTED);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        (m.name.as_str(), m.title.as_str()),
        ("friends", "Steam.friends")
    );
    assert_eq!(
        m.intro,
        vec![Block::Paragraph {
            text: "Intro text.".into()
        }]
    );
    let f = &m.functions[0];
    assert_eq!(
        f.params[0].description,
        "The friend. Second line of the description."
    );
    assert!(f.params[1].optional);
    assert_eq!(f.returns.len(), 2);
    assert!(f.returns[1].optional);
    assert_eq!(f.fails.as_deref(), Some("when offline"));
    assert_eq!(f.backends, ["steam", "gns"]);
    assert_eq!(f.examples, ["local n = Steam.friends.getName(1)"]);
    assert_eq!(
        f.description,
        vec![Block::Paragraph {
            text: "Gets a name.".into()
        }]
    );
    assert_eq!(m.options.len(), 2);
    assert_eq!(m.options[1].values, ["Fast", "Slow"]);
    assert_eq!(m.data[0].name, "backend");
    assert_eq!(m.data[0].description, "The backend in use.");
    assert!(m.sections.is_empty(), "{:?}", m.sections);
}

#[test]
fn functions_without_table_prefix_belong_to_core() {
    let (m, diags) = parse("t.rst", "Core\n====\n\nFunction Reference\n------------------\n\n.. function:: init()\n\n    :returns: nothing\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(m.name, "core");
    assert_eq!(m.functions[0].name, "init");
}

#[test]
fn signature_and_params_must_agree() {
    let doc = "Tt\n==\n\nFunction Reference\n------------------\n\n.. function:: s.f(a, b)\n\n    :param int a: x\n    :param int? b: y\n    :returns: nothing\n";
    assert_eq!(
        messages(doc),
        ["t.rst:10:5: error: `b` has an optional type but is not bracketed in the signature"]
    );
}

#[test]
fn required_after_optional_is_an_error() {
    let doc = "Tt\n==\n\nFunction Reference\n------------------\n\n.. function:: s.f()\n\n    :param int? a: x\n    :param int b: y\n    :returns: nothing\n";
    let msgs = messages(doc);
    assert!(
        msgs.contains(
            &"t.rst:10:5: error: required parameter `b` follows optional parameter `a`".to_string()
        ),
        "{msgs:?}"
    );
}

#[test]
fn garbage_never_panics() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let alphabet = b" \t\n\n\n:.*`-=#()[],?abcdefXYZ_|\\<>";
    for round in 0..300 {
        let len = (round * 7) % 400;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                alphabet[(seed % alphabet.len() as u64) as usize]
            })
            .collect();
        let _ = parse("f.rst", &String::from_utf8_lossy(&bytes));
    }
    for cut in 0..EMITTED.len() {
        if EMITTED.is_char_boundary(cut) {
            let _ = parse("f.rst", &EMITTED[..cut]);
        }
    }
    let lines: Vec<&str> = EMITTED.lines().collect();
    for skip in 0..lines.len() {
        let text: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, l)| *l)
            .collect();
        let _ = parse("f.rst", &text.join("\n"));
    }
}

const METHODS: &str = "\
Sockets
=======

List of Functions
-----------------

* :func:`sockets.open`

Function Reference
------------------

.. function:: sockets.open()

    :returns: (`ListenSocket`) a socket

.. function:: ListenSocket:close([linger])

    :param integer? linger: Milliseconds.
    :returns: nothing

    Closes it.

**Example**::

    socket:close()

Callbacks Reference
-------------------

.. function:: ListenSocket:onClosed()

    :returns: nothing
";

#[test]
fn methods_are_recorded_on_their_class_and_need_no_list_entry() {
    let (m, diags) = parse("t.rst", METHODS);
    assert_eq!(m.name, "sockets", "a method does not name the module");
    assert_eq!(m.functions.len(), 1);
    assert_eq!(m.methods.len(), 1);
    let close = &m.methods[0];
    assert_eq!(close.class.as_deref(), Some("ListenSocket"));
    assert_eq!(
        (close.name.as_str(), close.qualified.as_str()),
        ("close", "ListenSocket:close")
    );
    assert_eq!(close.params.len(), 1, "the receiver is not a parameter");
    assert_eq!(close.examples, vec!["socket:close()".to_string()]);
    let msgs: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        msgs,
        vec![
            "t.rst:30:1: error: `ListenSocket:onClosed` is a method; methods belong in the \
              Function Reference, not among callbacks"
                .to_string()
        ],
    );
    assert!(m.callbacks.is_empty());
}

#[test]
fn malformed_method_names_are_errors_at_the_directive() {
    let text = METHODS.replace("ListenSocket:close(", "listenSocket:close(");
    let msgs = messages(&text);
    assert!(
        msgs.iter().any(|m| m.starts_with("t.rst:16:15: error: `listenSocket:close` is not a method name")),
        "{msgs:?}"
    );
}
