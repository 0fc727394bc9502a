//! The process environment: variables and the XDG directories.

use std::path::PathBuf;

use dsauth::from_env::{ProcessEnvironment, Variables};

/// The variable `name`, when it is set and not empty.
pub fn var(name: &str) -> Option<String> {
    ProcessEnvironment.var(name)
}

/// `$<own>`, else `$<xdg>/dsauth`, else `$HOME/<fallback>/dsauth`
/// (relative paths are ignored, as the XDG specification asks).
pub fn dir(own: &str, xdg: &str, fallback: &str) -> Option<PathBuf> {
    let absolute = |name: &str| var(name).map(PathBuf::from).filter(|p| p.is_absolute());
    absolute(own)
        .or_else(|| absolute(xdg).map(|p| p.join("dsauth")))
        .or_else(|| absolute("HOME").map(|p| p.join(fallback).join("dsauth")))
}

/// The configuration directory: `config.toml` and the cache's seal key.
pub fn config_dir() -> Option<PathBuf> {
    dir("DSAUTH_CONFIG_DIR", "XDG_CONFIG_HOME", ".config")
}
