//! Conversions between C strings embedded in SDK structs and Rust strings.

use std::ffi::{c_char, CString};

/// Reads a NUL-terminated C string out of a fixed-size buffer; invalid UTF-8 is replaced.
pub(super) fn c_chars_to_string(buf: &[c_char]) -> String {
    let bytes: Vec<u8> = buf
        .iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A C string from text that may contain NUL: the SDK would stop there anyway.
pub(super) fn cstring_lossy(s: &str) -> CString {
    let head = s.split('\0').next().unwrap_or_default();
    CString::new(head).unwrap_or_default()
}

/// The longest prefix of `s` that fits in `max_bytes` without cutting a UTF-8 character.
pub(super) fn utf8_prefix(s: &str, max_bytes: usize) -> &str {
    if s.len() <= max_bytes {
        return s;
    }
    let mut end = max_bytes;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_chars_stop_at_nul_and_tolerate_bad_utf8() {
        let buf = [b'h' as c_char, b'i' as c_char, 0, b'x' as c_char];
        assert_eq!(c_chars_to_string(&buf), "hi");
        let bad = [0xffu8 as c_char, 0];
        assert_eq!(c_chars_to_string(&bad), "\u{fffd}");
        assert_eq!(c_chars_to_string(&[b'a' as c_char; 3]), "aaa");
    }

    #[test]
    fn cstring_lossy_cuts_at_interior_nul() {
        assert_eq!(cstring_lossy("bye\0now").as_bytes(), b"bye");
        assert_eq!(cstring_lossy("").as_bytes(), b"");
    }

    #[test]
    fn utf8_prefix_cuts_at_the_last_whole_character() {
        assert_eq!(utf8_prefix("abc", 31), "abc");
        assert_eq!(utf8_prefix("abcdef", 3), "abc");
        // "é" is 2 bytes, "€" 3: 10 x "é" = 20 bytes, then "€€€€" = 12 more.
        let name = format!("{}{}", "é".repeat(10), "€".repeat(4));
        assert_eq!(
            utf8_prefix(&name, 31),
            format!("{}{}", "é".repeat(10), "€".repeat(3))
        );
        assert_eq!(utf8_prefix("€", 2), "");
        assert_eq!(utf8_prefix("", 0), "");
    }
}
