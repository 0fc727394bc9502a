//! `dsauth_result`: what every fallible function returns.
//!
//! Its values are the rows of the core's error table (`error_kinds!`) plus
//! the few that exist only in the C ABI, declared below. cbindgen cannot
//! expand the macro, so tests/header.rs writes the enum out for it from
//! [`DOC`] and [`ROWS`].

use std::ffi::{c_char, c_uint, CStr};

use super::{guard, static_cstr};
use crate::error::kind::error_kinds;
use crate::ErrorKind;

/// One value of `dsauth_result` as the header declares it.
#[doc(hidden)]
pub struct Row {
    /// The C name without `DSAUTH_RESULT_`, in lower case.
    pub name: &'static str,
    pub value: u32,
    /// The doc comment, one line per line, each with its leading space.
    pub doc: &'static str,
}

/// `text` + NUL as a C string, at compile time.
const fn nul_terminated(text: &'static str) -> &'static CStr {
    match CStr::from_bytes_with_nul(text.as_bytes()) {
        Ok(text) => text,
        Err(_) => panic!("a result text contains NUL"),
    }
}

/// Defines `dsauth_result` from its C-only rows and the core's kinds.
macro_rules! define_results {
    (
        {
            $(#[doc = $enum_doc:literal])*
            dsauth_result {
                $( $(#[doc = $c_doc:literal])* $C:ident = $c_value:literal, $c_name:literal, $c_text:literal; )*
            }
        }
        { $( $(#[doc = $doc:literal])* $Kind:ident = $code:literal, $name:literal, $text:literal; )* }
    ) => {
        $(#[doc = $enum_doc])*
        #[repr(u32)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum dsauth_result {
            $( $(#[doc = $c_doc])* $C = $c_value, )*
            $( $(#[doc = $doc])* $Kind = $code, )*
        }

        /// The doc comment of `dsauth_result`, one line per line.
        #[doc(hidden)]
        pub const DOC: &str = concat!($($enum_doc, "\n"),*);

        /// Every value of `dsauth_result`, the C-only ones first.
        #[doc(hidden)]
        pub const ROWS: &[Row] = &[
            $( Row { name: $c_name, value: $c_value, doc: concat!($($c_doc, "\n"),*) }, )*
            $( Row { name: $name, value: $code, doc: concat!($($doc, "\n"),*) }, )*
        ];

        impl dsauth_result {
            /// The result for a core error kind (the same value).
            pub(crate) fn from_kind(kind: ErrorKind) -> Self {
                match kind {
                    $( ErrorKind::$Kind => Self::$Kind, )*
                }
            }

            /// The result with value `value`, if there is one.
            pub(crate) fn from_u32(value: u32) -> Option<Self> {
                match value {
                    $( $c_value => Some(Self::$C), )*
                    $( $code => Some(Self::$Kind), )*
                    _ => None,
                }
            }

            /// Static text describing the result (a core kind's
            /// description).
            fn text(self) -> &'static CStr {
                match self {
                    $( Self::$C => const { nul_terminated(concat!($c_text, "\0")) }, )*
                    $( Self::$Kind => const { nul_terminated(concat!($text, "\0")) }, )*
                }
            }
        }
    };
}

error_kinds!(define_results! {
    /// The outcome of a call. `DSAUTH_RESULT_OK` (0) is success; every other
    /// value is a failure. Values are explicit, grouped by kind (1–99 the call
    /// itself, 100s credentials, 200s URLs, 300s transport, 400s DocuSign's
    /// answers, 500s OAuth, 600s the caller's own: cancellation, settings)
    /// and never change; new ones are only appended.
    /// The values from 4 up equal the Rust core's `ErrorKind::code()`.
    ///
    /// Functions that receive a result from C take it as `unsigned int` and
    /// accept values outside this list (see `dsauth_result_str`).
    dsauth_result {
        /// Success.
        Ok = 0, "ok", "success";
        /// A required pointer argument was NULL.
        NullArgument = 1, "null_argument", "a required pointer argument was NULL";
        /// A string argument is not valid UTF-8.
        InvalidUtf8 = 2, "invalid_utf8", "a string argument is not valid UTF-8";
        /// The caller's buffer is too small; the needed length was returned.
        InsufficientSize = 3, "insufficient_size", "the buffer is too small";
        /// dsauth panicked: a bug in dsauth. The outcome is unknown (a request
        /// may have been sent).
        Panic = 5, "panic", "dsauth panicked (a bug in dsauth)";
    }
});

/// A short static description of `result` (any value; an unknown one gives
/// "unknown result").
///
/// Ownership: the returned text is static, NUL-terminated and never freed.
/// Threads: any thread.
/// Returns: never NULL.
#[no_mangle]
pub extern "C" fn dsauth_result_str(result: c_uint) -> *const c_char {
    guard(|| {
        static_cstr(dsauth_result::from_u32(result).map_or(c"unknown result", dsauth_result::text))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_kinds_keep_their_values_and_c_only_values_are_fixed() {
        for &kind in ErrorKind::ALL {
            let r = dsauth_result::from_kind(kind);
            assert_eq!(r as u32, kind.code(), "{kind:?}");
            assert_eq!(dsauth_result::from_u32(kind.code()), Some(r));
        }
        let mut c_only = Vec::new();
        for value in 0..=u16::MAX as u32 {
            let Some(r) = dsauth_result::from_u32(value) else {
                continue;
            };
            assert_eq!(r as u32, value);
            if !ErrorKind::ALL.iter().any(|k| k.code() == value) {
                c_only.push(value);
            }
        }
        assert_eq!(c_only, [0, 1, 2, 3, 5]);
        assert_eq!(ROWS.len(), ErrorKind::ALL.len() + c_only.len());
    }

    #[test]
    fn texts() {
        let text = |v: u32| {
            unsafe { CStr::from_ptr(dsauth_result_str(v)) }
                .to_str()
                .unwrap()
        };
        assert_eq!(text(0), "success");
        assert_eq!(text(7), "unknown result");
        assert_eq!(text(u32::MAX), "unknown result");
        for &kind in ErrorKind::ALL {
            assert_eq!(text(kind.code()), kind.description(), "{kind:?}");
        }
    }
}
