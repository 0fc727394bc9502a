//! `dsauth_version` and the version macros.

use std::ffi::{c_char, CStr};

use super::{guard, static_cstr};

/// The major version of the header (`DSAUTH_VERSION_MAJOR`).
pub const DSAUTH_VERSION_MAJOR: u32 = 0;
/// The minor version of the header.
pub const DSAUTH_VERSION_MINOR: u32 = 1;
/// The patch version of the header.
pub const DSAUTH_VERSION_PATCH: u32 = 0;
// `#define DSAUTH_VERSION "MAJOR.MINOR.PATCH"` is written into the header by
// tests/header.rs from Cargo.toml: cbindgen cannot export string constants.

const VERSION_C: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(text) => text,
        Err(_) => panic!("the crate version contains a NUL"),
    };

/// The version of the library, "MAJOR.MINOR.PATCH" (as DSAUTH_VERSION in a
/// matching header).
///
/// Ownership: the returned text is static, NUL-terminated and never freed.
/// Threads: any thread.
/// Returns: never NULL.
#[no_mangle]
pub extern "C" fn dsauth_version() -> *const c_char {
    guard(|| static_cstr(VERSION_C))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_matches_cargo_toml() {
        assert_eq!(
            DSAUTH_VERSION_MAJOR.to_string(),
            env!("CARGO_PKG_VERSION_MAJOR")
        );
        assert_eq!(
            DSAUTH_VERSION_MINOR.to_string(),
            env!("CARGO_PKG_VERSION_MINOR")
        );
        assert_eq!(
            DSAUTH_VERSION_PATCH.to_string(),
            env!("CARGO_PKG_VERSION_PATCH")
        );
        let v = unsafe { CStr::from_ptr(dsauth_version()) };
        assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
        assert_eq!(v.to_str().unwrap(), crate::VERSION);
    }
}
