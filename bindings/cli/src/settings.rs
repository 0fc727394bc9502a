//! What a run talks to: the environment, the trusted CA and the account,
//! each from its flag, else its environment variable (both through clap),
//! else the profile, else the default; and the polling guard's mode.

use dsauth::{ClientOptions, Environment, PollingGuard};

use crate::cli::{Global, PollingGuardMode};
use crate::exit::Failure;
use crate::profile::{self, Profile};

pub struct Settings {
    pub profile: Profile,
    pub environment: Environment,
    pub options: ClientOptions,
    /// Whether clients keep their state in the cache (`--no-cache` clears it).
    pub cache: bool,
}

pub fn resolve(global: &Global) -> Result<Settings, Failure> {
    let profile = profile::load(global.profile.as_deref())?;
    let environment = match global.environment.as_ref().or(profile.environment.as_ref()) {
        None => Environment::demo(),
        Some(name) if name == "demo" => Environment::demo(),
        Some(name) if name == "production" => Environment::production(),
        Some(url) => Environment::custom(url)?,
    };
    let mut options = ClientOptions::default();
    if let Some(path) = global.ca_file.as_ref().or(profile.ca_file.as_ref()) {
        let pem = std::fs::read(path)
            .map_err(|e| Failure::Configuration(format!("CA file {}: {e}", path.display())))?;
        options.add_trusted_ca_pem(&pem)?;
    }
    options.account_id = global.account_id.clone().or(profile.account_id.clone());
    options.polling_guard = match global.polling_guard {
        PollingGuardMode::Enforce => PollingGuard::Enforce,
        PollingGuardMode::Warn => PollingGuard::Warn,
        PollingGuardMode::Off => PollingGuard::Off,
    };
    Ok(Settings {
        profile,
        environment,
        options,
        cache: !global.no_cache,
    })
}
