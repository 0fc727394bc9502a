//! Named profiles in `config.toml` of the configuration directory: the
//! settings that are not secrets, so that a user with several integrations
//! or environments picks one by name.
//!
//! ```toml
//! [profiles.default]
//! environment = "demo"            # or production; or base_url = "https://…"
//! integration_key = "…"
//! user_id = "…"
//! key_file = "jwt.pem"            # relative paths: from the config directory
//! ```
//!
//! The file is read with the `toml` crate; its keys are checked here, so
//! that a typo or a secret put in the file is an error, not ignored.

use std::path::{Path, PathBuf};

use crate::env::config_dir;
use crate::exit::Failure;

/// Keys a profile may hold. Secrets are never among them.
const KEYS: &[&str] = &[
    "environment",
    "base_url",
    "ca_file",
    "integration_key",
    "user_id",
    "key_file",
    "account_id",
    "redirect_uri",
];

/// The profile used when none is named.
const DEFAULT: &str = "default";

/// One `[profiles.NAME]` table.
#[derive(Debug, Default)]
pub struct Profile {
    /// Where it was read, for messages: `profile NAME in PATH`.
    pub origin: String,
    /// `environment` (demo, production) or `base_url`.
    pub environment: Option<String>,
    pub ca_file: Option<PathBuf>,
    pub integration_key: Option<String>,
    pub user_id: Option<String>,
    pub key_file: Option<PathBuf>,
    pub account_id: Option<String>,
    pub redirect_uri: Option<String>,
}

/// The profile `selected` (by `--profile` or `DSAUTH_PROFILE`), which
/// must exist; else the `default` profile if the file has one; else an
/// empty profile.
pub fn load(selected: Option<&str>) -> Result<Profile, Failure> {
    let path = config_dir().map(|dir| dir.join("config.toml"));
    let text = match &path {
        Some(path) if path.exists() => Some(
            std::fs::read_to_string(path)
                .map_err(|e| configuration(format!("cannot read {}: {e}", path.display())))?,
        ),
        _ => None,
    };
    let (Some(path), Some(text)) = (path, text) else {
        return match selected {
            Some(name) => Err(configuration(format!(
                "profile {name} is selected, but there is no config.toml (looked in \
                 $DSAUTH_CONFIG_DIR, $XDG_CONFIG_HOME/dsauth, ~/.config/dsauth)"
            ))),
            None => Ok(Profile::default()),
        };
    };
    parse(&text, &path, selected)
}

fn parse(text: &str, path: &Path, selected: Option<&str>) -> Result<Profile, Failure> {
    let shown = path.display();
    // The message and the line only: the error's own text quotes the line,
    // which might hold a secret put in the wrong place.
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map_or(0, |s| text[..s.start].matches('\n').count() + 1);
        configuration(format!("{shown}, line {line}: {}", e.message()))
    })?;
    if let Some(key) = table.keys().find(|k| *k != "profiles") {
        return Err(configuration(format!(
            "{shown}: unknown key {key} (profiles are [profiles.NAME] tables)"
        )));
    }
    let name = selected.unwrap_or(DEFAULT);
    let entry = table
        .get("profiles")
        .and_then(|profiles| profiles.get(name));
    let Some(entry) = entry else {
        return match selected {
            Some(_) => Err(configuration(format!("{shown} has no [profiles.{name}]"))),
            None => Ok(Profile::default()),
        };
    };
    let origin = format!("profile {name} in {shown}");
    let entry = entry
        .as_table()
        .ok_or_else(|| configuration(format!("{origin}: not a table")))?;
    let mut profile = Profile {
        origin: origin.clone(),
        ..Profile::default()
    };
    let dir = path.parent().unwrap_or(Path::new("/"));
    for (key, value) in entry {
        let value = value
            .as_str()
            .ok_or_else(|| configuration(format!("{origin}: {key} must be a string")))?
            .to_owned();
        let file = || Some(dir.join(&value));
        match key.as_str() {
            "environment" | "base_url" if profile.environment.is_some() => {
                return Err(configuration(format!(
                    "{origin}: set environment or base_url, not both"
                )))
            }
            "environment" | "base_url" => profile.environment = Some(value),
            "ca_file" => profile.ca_file = file(),
            "integration_key" => profile.integration_key = Some(value),
            "user_id" => profile.user_id = Some(value),
            "key_file" => profile.key_file = file(),
            "account_id" => profile.account_id = Some(value),
            "redirect_uri" => profile.redirect_uri = Some(value),
            other => {
                return Err(configuration(format!(
                    "{origin}: unknown key {other} (known: {}; secrets belong in the \
                     environment, never in this file)",
                    KEYS.join(", ")
                )))
            }
        }
    }
    Ok(profile)
}

fn configuration(text: String) -> Failure {
    Failure::Configuration(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, selected: Option<&str>) -> Result<Profile, String> {
        parse(text, Path::new("/etc/dsauth/config.toml"), selected).map_err(|e| e.to_string())
    }

    #[test]
    fn profiles_are_read_and_checked() {
        let text = r#"
            [profiles.default]
            environment = "production"
            [profiles.stand-in]
            base_url = "https://127.0.0.1:8443"
            key_file = "keys/jwt.pem"
            ca_file = "/tmp/ca.pem"
        "#;
        let default = read(text, None).unwrap();
        assert_eq!(default.environment.as_deref(), Some("production"));
        let named = read(text, Some("stand-in")).unwrap();
        assert_eq!(
            named.key_file.unwrap(),
            Path::new("/etc/dsauth/keys/jwt.pem")
        );
        assert_eq!(named.ca_file.unwrap(), Path::new("/tmp/ca.pem"));
        assert!(read(text, Some("nope"))
            .unwrap_err()
            .contains("[profiles.nope]"));
        assert!(read("", None).unwrap().environment.is_none());

        let secret = read("[profiles.default]\npassword = \"hunter2\"", None).unwrap_err();
        assert!(secret.contains("unknown key password"), "{secret}");
        assert!(!secret.contains("hunter2"), "{secret}");
        let both = "[profiles.default]\nenvironment = \"demo\"\nbase_url = \"https://x\"";
        assert!(read(both, None).unwrap_err().contains("not both"));
        assert!(read("user_id = \"x\"", None)
            .unwrap_err()
            .contains("unknown key user_id"));
        assert!(read("[profiles.default]\nuser_id = 1", None)
            .unwrap_err()
            .contains("must be a string"));
    }
}
