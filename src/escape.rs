//! JSON and XML escaping that always produces 7-bit ASCII, so a rendered
//! header is valid in every HTTP stack whatever the input's script.

use std::fmt::{self, Write};

/// The most bytes one input byte can become: `'` is `&apos;` in XML.
pub const MAX_EXPANSION: usize = 6;

/// Writes `text` as the inside of a JSON string: `"` and `\` are escaped,
/// control characters and everything outside ASCII become `\uXXXX`
/// (surrogate pairs above U+FFFF).
pub fn json_to<W: Write + ?Sized>(out: &mut W, text: &str) -> fmt::Result {
    for c in text.chars() {
        match c {
            '"' => out.write_str("\\\"")?,
            '\\' => out.write_str("\\\\")?,
            ' '..='~' => out.write_char(c)?,
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(out, "\\u{unit:04x}")?;
                }
            }
        }
    }
    Ok(())
}

/// Writes `text` as XML character data or attribute content: the five
/// special characters become entities, everything outside printable ASCII a
/// numeric character reference.
pub fn xml_to<W: Write + ?Sized>(out: &mut W, text: &str) -> fmt::Result {
    for c in text.chars() {
        match c {
            '&' => out.write_str("&amp;")?,
            '<' => out.write_str("&lt;")?,
            '>' => out.write_str("&gt;")?,
            '"' => out.write_str("&quot;")?,
            '\'' => out.write_str("&apos;")?,
            ' '..='~' => out.write_char(c)?,
            _ => write!(out, "&#x{:x};", c as u32)?,
        }
    }
    Ok(())
}

/// Appends `text` to a `String` as [`xml_to`] does.
pub fn xml_into(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = xml_to(out, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> String {
        let mut out = String::new();
        json_to(&mut out, text).unwrap();
        out
    }

    fn xml(text: &str) -> String {
        let mut out = String::new();
        xml_into(&mut out, text);
        out
    }

    #[test]
    fn json_escapes() {
        assert_eq!(json(r#"a"b\c/d"#), r#"a\"b\\c/d"#);
        assert_eq!(json("é"), "\\u00e9");
        assert_eq!(json("😀"), "\\ud83d\\ude00");
        assert_eq!(json("\u{1}"), "\\u0001");
    }

    #[test]
    fn xml_escapes() {
        assert_eq!(xml(r#"<a&b>"'"#), "&lt;a&amp;b&gt;&quot;&apos;");
        assert_eq!(xml("é😀"), "&#xe9;&#x1f600;");
    }

    #[test]
    fn expansion_bound_holds() {
        for c in ['\'', '"', '&', 'é', '€', '😀', '\u{1}', 'a'] {
            let s = c.to_string();
            assert!(json(&s).len() <= s.len() * MAX_EXPANSION, "{c}");
            assert!(xml(&s).len() <= s.len() * MAX_EXPANSION, "{c}");
        }
    }
}
