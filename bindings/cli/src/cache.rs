//! The cache of the `dsauth` command: a file [`SharedState`] under the XDG
//! cache directory, so that repeated runs reuse one OAuth token and one
//! userinfo answer, and share the rate budget and the polling guard.
//!
//! Tokens are sealed with AES-256-GCM under `DSAUTH_SEAL_KEY` (64 hex
//! digits) or else under a random key this module creates once in the XDG
//! config directory (mode 0600): a copy of the cache directory alone (a
//! backup, a shared home cache) then holds no usable token. The cache is a
//! saving, never a reason to fail: when it cannot be used the run goes on
//! with per-process state after a warning. Only a malformed
//! `DSAUTH_SEAL_KEY`, which the user set on purpose, is an error.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use dsauth::shared_state::{FileOptions, SealKey, SEAL_KEY_LEN};
use dsauth::{Error, SharedState};
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use crate::env::{config_dir, dir, var};

/// The state for this run: the file cache, or this process's memory when
/// `enabled` is false, `DSAUTH_NO_CACHE` is set (not `0`), or there is no
/// home directory to keep it in.
pub fn shared_state(enabled: bool) -> Result<SharedState, Error> {
    let off = !enabled || var("DSAUTH_NO_CACHE").is_some_and(|v| v != "0");
    let Some(dir) = dir("DSAUTH_CACHE_DIR", "XDG_CACHE_HOME", ".cache").filter(|_| !off) else {
        return Ok(SharedState::memory());
    };
    let key = match var("DSAUTH_SEAL_KEY") {
        Some(hex) => from_hex(&hex)?,
        None => match stored_key() {
            Ok(key) => key,
            Err(reason) => return Ok(without_cache(&reason)),
        },
    };
    let options = FileOptions {
        seal_key: Some(key),
        allow_plaintext_tokens: false,
    };
    Ok(SharedState::file(&dir, options).unwrap_or_else(|e| without_cache(&e.to_string())))
}

fn without_cache(reason: &str) -> SharedState {
    eprintln!("dsauth: warning: running without the cache: {reason}");
    SharedState::memory()
}

/// 64 hex digits as a seal key; the error never repeats the value.
fn from_hex(text: &str) -> Result<SealKey, Error> {
    let text = text.trim();
    let invalid = || {
        Error::InvalidArgument {
        name: "DSAUTH_SEAL_KEY",
        reason: format!(
            "must be {} hex digits ({SEAL_KEY_LEN} bytes), e.g. from `openssl rand -hex {SEAL_KEY_LEN}`",
            2 * SEAL_KEY_LEN
        ),
    }
    };
    if text.len() != 2 * SEAL_KEY_LEN || !text.is_ascii() {
        return Err(invalid());
    }
    let bytes = (0..SEAL_KEY_LEN)
        .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16))
        .collect::<Result<Vec<u8>, _>>()
        .map(Zeroizing::new)
        .map_err(|_| invalid())?;
    SealKey::new(&bytes)
}

/// The key in `seal-key` of the config directory, created on first use.
fn stored_key() -> Result<SealKey, String> {
    let dir = config_dir().ok_or("no config directory for the seal key (set DSAUTH_SEAL_KEY)")?;
    let path = dir.join("seal-key");
    if !path.exists() {
        create_key(&dir, &path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    }
    let meta = fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(format!(
            "{} may be read by other users (chmod 600 it)",
            path.display()
        ));
    }
    let text =
        Zeroizing::new(fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?);
    from_hex(&text).map_err(|_| format!("{} does not hold a seal key", path.display()))
}

/// Writes a random key to `path`, whole or not at all: into a private
/// temporary file first, then linked into place (a run that loses the race
/// to another one keeps the other's key).
fn create_key(dir: &Path, path: &Path) -> std::io::Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let mut key = Zeroizing::new([0u8; SEAL_KEY_LEN]);
    SystemRandom::new()
        .fill(&mut key[..])
        .map_err(|_| std::io::Error::other("no system randomness"))?;
    let hex: Zeroizing<String> = Zeroizing::new(key.iter().map(|b| format!("{b:02x}")).collect());
    let temporary = dir.join(format!(".seal-key.{}", std::process::id()));
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temporary)
        .and_then(|mut file| {
            writeln!(file, "{}", hex.as_str())?;
            file.sync_all()
        })
        .and_then(|()| match fs::hard_link(&temporary, path) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            other => other,
        });
    let _ = fs::remove_file(&temporary);
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_keys() {
        assert!(from_hex(&"ab".repeat(32)).is_ok());
        assert!(from_hex(&format!(" {}\n", "AB".repeat(32))).is_ok());
        for bad in [
            "",
            "ab",
            &"ab".repeat(33),
            &"zz".repeat(32),
            &"é".repeat(32),
        ] {
            let err = from_hex(bad).err().unwrap().to_string();
            assert!(err.contains("DSAUTH_SEAL_KEY"), "{err}");
            assert!(bad.is_empty() || !err.contains(bad), "{err}");
        }
    }
}
