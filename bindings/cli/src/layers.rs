//! What a run reads its settings from, for the core's
//! [`dsauth::from_env`] (which knows the variables and their rules): the
//! flags and the environment, over the profile (never secrets) and
//! `--password-stdin`; never secrets from argv.

use std::path::{Path, PathBuf};

use dsauth::from_env::{self, Variables};
use zeroize::Zeroizing;

use crate::cli::Global;
use crate::env::var;
use crate::exit::Failure;
use crate::profile::{self, Profile};

pub struct Layers {
    profile: Profile,
    /// `--env`, else `DSAUTH_BASE_URL` (clap reads both).
    environment: Option<String>,
    /// `--ca-file`, else `DSAUTH_CA_FILE`.
    ca_file: Option<PathBuf>,
    /// `--account-id`, else `DSAUTH_ACCOUNT_ID`.
    account_id: Option<String>,
    /// The legacy password comes from standard input, not the variables.
    password_stdin: bool,
}

impl Layers {
    pub fn new(global: &Global) -> Result<Self, Failure> {
        Ok(Layers {
            profile: profile::load(global.profile.as_deref())?,
            environment: global.environment.clone(),
            ca_file: global.ca_file.clone(),
            account_id: global.account_id.clone(),
            password_stdin: global.password_stdin,
        })
    }
}

impl Variables for Layers {
    fn var(&self, name: &str) -> Option<String> {
        match name {
            from_env::BASE_URL => self.environment.clone(),
            from_env::CA_FILE => self.ca_file.as_deref().map(path_text),
            from_env::ACCOUNT_ID => self.account_id.clone(),
            from_env::PASSWORD | from_env::PASSWORD_FILE if self.password_stdin => None,
            _ => var(name),
        }
    }

    fn fallback_name(&self, name: &str) -> Option<String> {
        let key = match name {
            from_env::PASSWORD => return Some("--password-stdin".into()),
            from_env::INTEGRATOR_KEY => "integration_key",
            from_env::USER_ID => "user_id",
            from_env::REDIRECT_URI => "redirect_uri",
            from_env::PRIVATE_KEY_FILE => "key_file",
            _ => return None,
        };
        Some(match self.profile.origin.as_str() {
            "" => format!("{key} in the profile"),
            origin => format!("{key} in {origin}"),
        })
    }

    fn fallback(&self, name: &str) -> dsauth::error::Result<Option<Zeroizing<String>>> {
        let profile = &self.profile;
        let value = match name {
            from_env::PASSWORD if self.password_stdin => {
                return from_env::read_secret(std::io::stdin(), "--password-stdin").map(Some)
            }
            from_env::BASE_URL => profile.environment.clone(),
            from_env::CA_FILE => profile.ca_file.as_deref().map(path_text),
            from_env::ACCOUNT_ID => profile.account_id.clone(),
            from_env::INTEGRATOR_KEY => profile.integration_key.clone(),
            from_env::USER_ID => profile.user_id.clone(),
            from_env::REDIRECT_URI => profile.redirect_uri.clone(),
            from_env::PRIVATE_KEY_FILE => profile.key_file.as_deref().map(path_text),
            _ => None,
        };
        Ok(value.map(Zeroizing::new))
    }
}

/// A path as the core takes it (a path that is not UTF-8 then names a
/// file that cannot be read, and says so).
fn path_text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
