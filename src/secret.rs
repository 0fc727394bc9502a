//! A string that is wiped from memory when dropped and never printed.

use std::fmt;
use zeroize::Zeroizing;

/// Text that must not leak: a password, a token, a rendered header that
/// contains one. Its bytes are overwritten with zeros when it is dropped, and
/// `Debug` prints `Secret([redacted])` instead of the text.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps `text`; the `String` is moved, not copied, so no unwiped copy
    /// is left behind by this call.
    pub fn new(text: String) -> Self {
        Secret(Zeroizing::new(text))
    }

    /// Takes a buffer filled by [`buffer_for_secret`] without copying it.
    pub(crate) fn from_buffer(buffer: Zeroizing<String>) -> Self {
        Secret(buffer)
    }

    /// The secret text. Copy it only into memory you wipe yourself.
    pub fn expose(&self) -> &str {
        self.0.as_str()
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when the text is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The buffer's capacity: tests check that rendering a secret never
    /// outgrew (reallocated) the buffer reserved for it.
    #[cfg(test)]
    pub(crate) fn capacity(&self) -> usize {
        self.0.capacity()
    }
}

impl From<String> for Secret {
    fn from(text: String) -> Self {
        Secret::new(text)
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Self {
        Secret::new(text.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// A `String` whose capacity is reserved up front, so that writing into it
/// never reallocates and leaves an unwiped copy of a secret on the heap.
pub(crate) fn buffer_for_secret(capacity: usize) -> Zeroizing<String> {
    Zeroizing::new(String::with_capacity(capacity))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::from("hunter2");
        assert_eq!(format!("{s:?}"), "Secret([redacted])");
        assert_eq!(s.expose(), "hunter2");
    }
}
